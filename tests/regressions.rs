//! Reproducers of bugs found by fuzzing and property testing, replayed by `cargo test`.
//! Each names how it was found; see `fuzz/README.md` for the fuzzing runs.

use newsdesk::text::Analyzer;
use newsdesk::text::normalize::normalize;

/// proptest (`normalisation_is_idempotent`): an invisible character between a letter and a
/// combining mark blocked NFKC composition, folding then dropped it, and a second
/// normalisation composed the pair: "I", ZWJ, U+0301 gave "i" + U+0301, then "í".
#[test]
fn normalisation_is_idempotent_across_a_dropped_joiner() {
    for s in ["I\u{200D}\u{301}", "e\u{200F}\u{301}x", "A\u{2066}\u{30A}", "\u{FEFF}o\u{00AD}\u{308}"] {
        let once = normalize(s);
        assert_eq!(normalize(&once), once, "{s:?}");
    }
    assert_eq!(normalize("I\u{200D}\u{301}"), "\u{ED}");
}

/// Decomposed (NFD) Arabic, as some tools write it: waw or ya followed by a combining hamza
/// above (U+0654) is the same letter as the precomposed ؤ / ئ, which normalisation keeps.
#[test]
fn decomposed_hamza_on_waw_and_ya_reads_like_the_precomposed_letter() {
    assert_eq!(normalize("مسو\u{0654}ول"), normalize("مسؤول"));
    assert_eq!(normalize("ر\u{064A}\u{0654}يس"), normalize("رئيس"));
    let a = Analyzer::default();
    assert_eq!(a.terms("المسو\u{0654}ول"), a.terms("المسؤول"));
}

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

/// NFKC expands the ligature ﷺ into four words. As one token it must stay one term: a space
/// inside a unigram would be read back from the model file as a bigram, and the feature would
/// be trained but never fire.
#[test]
fn a_ligature_that_expands_to_words_is_one_feature_that_fires() {
    use newsdesk::model::{Model, TrainConfig};
    let docs: Vec<(String, &str)> = (0..6)
        .map(|i| (format!("قال النبي \u{FDFA} في الحديث رقم {i} عن الصلاة والصيام"), "religion"))
        .chain((0..6).map(|i| (format!("فاز الفريق في المباراة رقم {i} على ملعب المدينة"), "sport")))
        .collect();
    let pairs: Vec<(&str, &str)> = docs.iter().map(|(t, l)| (t.as_str(), *l)).collect();
    let model = Model::train(&pairs, &TrainConfig::default()).unwrap();
    let features = model.vectorizer().features();
    assert!(features.iter().any(|f| f == "صلياللهعليهوسلم"), "the ligature's term is a feature");
    assert!(features.iter().all(|f| f.matches(' ').count() <= 1), "no unigram or bigram with inner spaces");
    let reloaded = Model::from_bytes(&model.to_bytes().unwrap(), "test").unwrap();
    let doc = reloaded.analyzer().analyze("\u{FDFA}");
    assert!(!reloaded.vectorizer().transform(&doc).is_empty(), "the feature fires after a save and load");
}

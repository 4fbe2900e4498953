//! Property tests of the text pipeline and the model: invariants that must hold for any text.

use newsdesk::model::Model;
use newsdesk::text::normalize::normalize;
use newsdesk::text::{Analyzer, SentenceSplitter, TextConfig, Tokenizer};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Pieces of news-like and hostile text; a text is a run of them.
fn piece() -> impl Strategy<Value = String> {
    let fixed: Vec<&'static str> = vec![
        " ",
        " ",
        " ",
        "\n",
        "\r\n",
        "\n\n",
        "\t",
        "\u{00A0}",
        "\u{2029}",
        ". ",
        "! ",
        "? ",
        "؟ ",
        "…",
        "...",
        "، ",
        "؛",
        ": ",
        ", ",
        "\"",
        "'",
        "«",
        "»",
        "(",
        ")",
        "[",
        "]",
        "“",
        "”",
        "‹",
        "›",
        "-",
        "—",
        "Mr.",
        "U.S.",
        "3.5",
        "1,200",
        "don't",
        "د.",
        "Read more: ",
        "اقرأ أيضا",
        "\u{200D}",
        "\u{200C}",
        "\u{200E}",
        "\u{200F}",
        "\u{202B}",
        "\u{202C}",
        "\u{2066}",
        "\u{2069}",
        "\u{FEFF}",
        "\u{00AD}",
        "\u{0640}",
        "\u{064E}",
        "\u{0651}",
        "\u{0301}",
        "\u{0000}",
        "😀",
        "👨‍👩‍👧",
        "ﻻ",
        "ＵＮ",
        "İ",
        "ß",
        "Σ",
    ];
    prop_oneof![
        4 => "[\u{0621}-\u{063A}\u{0641}-\u{064A}]{1,8}",
        3 => "[a-zA-Z]{1,9}",
        1 => "[\u{0410}-\u{044F}]{1,6}",
        1 => "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}]{1,4}",
        5 => prop::sample::select(fixed).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| Model::embedded().expect("the embedded model loads"))
}

proptest! {
    #[test]
    fn sentence_offsets_slice_the_text_and_lose_nothing(text in text()) {
        let units = SentenceSplitter.split(&text);
        let mut last = 0;
        let mut covered = String::new();
        for u in &units {
            prop_assert!(u.start >= last && u.start < u.end, "ordered, non-empty: {:?}", units);
            let piece = text.get(u.start..u.end);
            prop_assert!(piece.is_some(), "offsets {}..{} are not char boundaries", u.start, u.end);
            let piece = piece.unwrap_or_default();
            prop_assert_eq!(piece, piece.trim(), "a unit starts and ends with a visible character");
            prop_assert_eq!(u.text(&text), piece);
            covered.push_str(&visible(piece));
            last = u.end;
        }
        prop_assert_eq!(covered, visible(&text), "no visible character lost or duplicated");
    }

    #[test]
    fn token_offsets_slice_the_text(text in text()) {
        let mut last = 0;
        for t in Tokenizer.tokens(&text) {
            prop_assert!(t.start >= last && t.start < t.end, "ordered, non-empty, disjoint");
            prop_assert_eq!(text.get(t.start..t.end), Some(t.text));
            last = t.end;
        }
    }

    #[test]
    fn term_offsets_slice_the_text(text in text()) {
        let a = Analyzer::default().analyze(&text);
        for t in &a.terms {
            prop_assert!(text.get(t.start..t.end).is_some());
            prop_assert!((t.sentence as usize) < a.sentences.len());
            prop_assert!(!a.term_text(t).is_empty());
        }
        prop_assert!(a.terms.windows(2).all(|w| w[0].end <= w[1].start), "terms in text order");
    }

    #[test]
    fn normalisation_is_idempotent(text in text()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalisation_is_idempotent_on_any_string(text in "\\PC{0,40}") {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn probabilities_sum_to_one(text in text()) {
        let m = model();
        let p = m.predict_text(&text);
        prop_assert_eq!(p.probabilities.len(), m.labels().len());
        prop_assert!(p.probabilities.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{:?}", p.probabilities);
        let sum: f32 = p.probabilities.iter().sum();
        prop_assert!((sum - 1.0).abs() < 1e-4, "sum {}", sum);
        let best = p.probabilities.iter().copied().fold(f32::MIN, f32::max);
        prop_assert_eq!(p.probabilities[p.label], best, "the label is the most probable one");
    }
}

// ---------------------------------------------------------------------------------------------
// Arabic spelling variants

/// Arabic letters with no variant forms, and the plain forms that have variants (ا ي ه).
const BASE: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ك', 'ل',
    'م', 'ن', 'ه', 'و', 'ي', 'ء',
];

/// One word of plain Arabic, or a number: the plain text and a choice stream to decorate it.
#[derive(Debug, Clone)]
enum Word {
    Arabic(Vec<char>),
    Number(u32),
    Punct(&'static str),
}

fn word() -> impl Strategy<Value = Word> {
    prop_oneof![
        6 => prop::collection::vec(prop::sample::select(BASE), 2..8).prop_map(Word::Arabic),
        1 => (0u32..100_000).prop_map(Word::Number),
        1 => prop::sample::select(vec![".", "،", "؟", "!", ":", "؛", "\n", "\n\n", "«", "»"]).prop_map(Word::Punct),
    ]
}

/// The plain spelling of the words.
fn plain(words: &[Word]) -> String {
    let mut s = String::new();
    for w in words {
        match w {
            Word::Arabic(cs) => s.extend(cs.iter()),
            Word::Number(n) => s += &n.to_string(),
            Word::Punct(p) => s += p,
        }
        s.push(' ');
    }
    s
}

const MARKS: &[char] =
    &['\u{064B}', '\u{064C}', '\u{064D}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}'];

/// The same words with optional diacritics, tatweel, hamza-on-alef variants, final ى and ة,
/// and Arabic-Indic or Persian digits, as chosen by `choices`.
fn decorated(words: &[Word], choices: &[u8]) -> String {
    let mut k = 0usize;
    let mut next = || {
        k += 1;
        choices[k % choices.len()]
    };
    let mut s = String::new();
    for w in words {
        match w {
            Word::Arabic(cs) => {
                for (i, &c) in cs.iter().enumerate() {
                    let last = i + 1 == cs.len();
                    let c = match (c, next() % 6) {
                        ('ا', 1) => 'أ',
                        ('ا', 2) => 'إ',
                        ('ا', 3) => 'آ',
                        ('ا', 4) => 'ٱ',
                        ('ي', 1 | 2) if last => 'ى',
                        ('ه', 1 | 2) if last => 'ة',
                        (c, _) => c,
                    };
                    s.push(c);
                    if next() % 3 == 0 {
                        s.push(MARKS[usize::from(next()) % MARKS.len()]);
                    }
                    if !last && next() % 5 == 0 {
                        s.push_str(&"\u{0640}".repeat(1 + usize::from(next() % 3)));
                    }
                }
            }
            Word::Number(n) => {
                let base = match next() % 3 {
                    0 => '0',
                    1 => '\u{0660}',
                    _ => '\u{06F0}',
                };
                s.extend(
                    n.to_string()
                        .chars()
                        .map(|d| char::from_u32(base as u32 + d.to_digit(10).unwrap_or(0)).unwrap_or(d)),
                );
            }
            Word::Punct(p) => s += p,
        }
        s.push(' ');
    }
    s
}

proptest! {
    #[test]
    fn arabic_spelling_variants_give_identical_terms(
        words in prop::collection::vec(word(), 1..40),
        choices in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let p = plain(&words);
        let d = decorated(&words, &choices);
        for config in [TextConfig::default(), TextConfig { numbers: true, ..TextConfig::default() }] {
            let a = Analyzer::new(config);
            prop_assert_eq!(a.terms(&p), a.terms(&d), "plain {:?} decorated {:?}", p, d);
        }
        prop_assert_eq!(normalize(&d), normalize(&p));
    }
}

/// Examples the property tests found or that pin its edge cases.
#[test]
fn normalisation_examples() {
    assert_eq!(normalize("اَلسَّلَامُ عَلَيْكُمْ"), normalize("السلام عليكم"));
    assert_eq!(normalize("مُـــسْـتَـشْـفَـى"), "مستشفي");
    assert_eq!(normalize("٢٠٢٥ و۱۴۰۲"), "2025 و1402");
}

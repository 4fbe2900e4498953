//! Character normalisation: the step that makes two spellings of one word the same term.
//!
//! What is folded, and why:
//!
//! | input | output | why |
//! |---|---|---|
//! | anything NFKC folds (presentation forms, the lam-alef ligatures ﻻ ﻷ, full-width Latin) | its NFKC form | PDF and web text often carries Arabic presentation forms |
//! | Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef) and Quranic marks | removed | optional in news text; a fatha must not make a new word |
//! | tatweel ـ | removed | typographic stretching only |
//! | أ إ آ ٱ ٲ ٳ | ا | hamza seats on alef are written inconsistently in news text |
//! | ى (alef maqsura) | ي | the two are swapped freely at word ends (Egyptian usage) |
//! | ة (ta marbuta) | ه | often written ه at word ends; Lucene's Arabic normaliser does the same |
//! | Persian ک ی | ك ي | Persian keyboards used for Arabic text |
//! | Arabic-Indic ٠-٩ and Persian ۰-۹ digits | 0-9 | one number, one term |
//! | zero-width joiners, bidi marks, BOM, soft hyphen | removed | invisible; they split or glue words silently |
//! | Latin, Greek, Cyrillic capitals | lower case | English is case-insensitive for topic |
//!
//! Hamza on waw and ya (ؤ ئ) is kept: folding it merges unrelated words.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Is `c` an Arabic diacritic or Quranic annotation mark that normalisation removes?
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

/// Is `c` invisible formatting (zero-width, bidi control, BOM, soft hyphen, tatweel)?
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0640}'             // tatweel
        | '\u{00AD}'           // soft hyphen
        | '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{061C}'           // Arabic letter mark
        | '\u{FEFF}') // BOM / ZWNBSP
}

/// Map one character (already NFKC) to its normalised form; `None` drops it.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_arabic_mark(c) || is_invisible(c) {
        return None;
    }
    Some(match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => '\u{0627}',
        '\u{0649}' => '\u{064A}', // ى -> ي
        '\u{0629}' => '\u{0647}', // ة -> ه
        '\u{06A9}' => '\u{0643}', // Persian keheh -> kaf
        '\u{06CC}' => '\u{064A}', // Persian yeh -> ya
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0600}'..='\u{06FF}' => c, // the rest of the Arabic block has no case
        _ => return Some(lower_one(c)),
    })
}

/// Lower-case a non-ASCII character when it lower-cases to exactly one character
/// (Greek, Cyrillic, accented Latin); otherwise keep it.
#[inline]
fn lower_one(c: char) -> char {
    if !c.is_uppercase() {
        return c;
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Normalise `input` into `out` (cleared first). Reuses `out`'s allocation, so a caller that
/// normalises many tokens allocates once.
pub fn normalize_into(input: &str, out: &mut String) {
    normalize_impl(input, out, false);
}

/// [`normalize_into`] for one token: white space that NFKC brings in is removed too (ﷺ expands
/// to four words, «صلى الله عليه وسلم»), so a token always gives one term without spaces (a
/// space inside a term would read as a bigram in a model file).
pub fn normalize_word_into(input: &str, out: &mut String) {
    normalize_impl(input, out, true);
}

fn normalize_impl(input: &str, out: &mut String, word: bool) {
    out.clear();
    if input.is_ascii() {
        out.extend(input.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    // Arabic letters and marks need no NFKC here: the reordering of marks it would do is undone
    // by the folding below (marks are removed). What it would change is left to the slow path:
    // the combining madda and hamza (U+0653..U+0655), which compose with a preceding letter
    // (و + ٔ -> ؤ), and the compatibility letters U+0675..U+0678, which decompose.
    if fold_arabic_bytes(input, out) {
        return;
    }
    out.clear();
    if is_nfkc_quick(input.chars()) == IsNormalized::Yes {
        out.extend(input.chars().filter_map(fold_char));
    } else {
        out.extend(input.nfkc().filter_map(fold_char));
        if word {
            out.retain(|c| !c.is_whitespace());
        }
        // Dropping an invisible character can bring a letter and a combining mark together that
        // NFKC then composes ("I", ZWJ, U+0301): normalise once more so that the result is a
        // fixed point (found by the property tests).
        if is_nfkc_quick(out.chars()) != IsNormalized::Yes {
            let again: String = out.nfkc().filter_map(fold_char).filter(|c| !word || !c.is_whitespace()).collect();
            *out = again;
        }
    }
}

/// What [`fold_char`] does to one character of the Arabic block, for the byte-level fast path.
#[derive(Clone, Copy)]
enum Fold {
    /// Becomes this character.
    To(char),
    /// Is dropped.
    Drop,
    /// NFKC would change it: take the general path.
    Slow,
}

/// [`Fold`] of each character of the Arabic block U+0600..U+06FF, taken from [`fold_char`].
static ARABIC_BLOCK: std::sync::LazyLock<[Fold; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let cp = 0x0600 + i as u32;
        if matches!(cp, 0x0653..=0x0655 | 0x0675..=0x0678) {
            return Fold::Slow;
        }
        match char::from_u32(cp).and_then(fold_char) {
            None => Fold::Drop,
            Some(c) => Fold::To(c),
        }
    })
});

/// Normalise `input` into `out` a byte at a time when it is made of ASCII and the Arabic block
/// only (nearly every Arabic news word), exactly as the general path would. Returns `false`,
/// with `out` partly written, when it meets anything else.
#[inline]
fn fold_arabic_bytes(input: &str, out: &mut String) -> bool {
    let table = &*ARABIC_BLOCK;
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(char::from(b.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        // U+0600..U+06FF is 0xD8..0xDB followed by one continuation byte (the input is UTF-8).
        if !(0xD8..=0xDB).contains(&b) || i + 1 >= bytes.len() {
            return false;
        }
        let cp = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
        match table[(cp - 0x0600) as usize] {
            Fold::To(c) => out.push(c),
            Fold::Drop => {}
            Fold::Slow => return false,
        }
        i += 2;
    }
    true
}

/// Normalise a string (convenience wrapper over [`normalize_into`]).
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    normalize_into(input, &mut out);
    out
}

/// A pipeline step that normalises text; see the module documentation for what it folds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Normalizer;

impl Normalizer {
    /// Normalise the token `input` into `out` (see [`normalize_word_into`]).
    pub fn apply(&self, input: &str, out: &mut String) {
        normalize_word_into(input, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn folds_arabic_variants() {
        assert_eq!(normalize("أَحْمَد"), "احمد");
        assert_eq!(normalize("إسرائيل"), "اسرائيل");
        assert_eq!(normalize("آمن"), "امن");
        assert_eq!(normalize("مصطفى"), "مصطفي");
        assert_eq!(normalize("مدرسة"), "مدرسه");
        assert_eq!(normalize("العـــلاقات"), "العلاقات");
        assert_eq!(normalize("٢٠٢٥"), "2025");
        assert_eq!(normalize("۱۴۰۲"), "1402");
    }

    #[test]
    fn folds_presentation_forms_and_ligatures() {
        // ﻻ (U+FEFB) is the isolated lam-alef ligature.
        assert_eq!(normalize("\u{FEFB}"), "لا");
        // ﺍﻟﺴﻼﻡ in presentation forms.
        assert_eq!(normalize("\u{FE8D}\u{FEDF}\u{FEB4}\u{FEFC}\u{FEE1}"), "السلام");
    }

    #[test]
    fn lowercases_and_drops_invisibles() {
        assert_eq!(normalize("Sanctions"), "sanctions");
        assert_eq!(normalize("ПУТИН"), "путин");
        assert_eq!(normalize("a\u{200B}b\u{200F}c\u{FEFF}"), "abc");
        assert_eq!(normalize("ＵＮ"), "un");
    }

    #[test]
    fn is_idempotent_when_an_invisible_separates_a_letter_from_its_mark() {
        let once = normalize("I\u{200D}\u{301}");
        assert_eq!(once, "\u{ED}");
        assert_eq!(normalize(&once), once);
    }

    /// The general path, as it was before the byte-level fast path: the reference.
    fn reference(input: &str) -> String {
        if input.is_ascii() {
            return input.to_ascii_lowercase();
        }
        let arabic_only = input
            .chars()
            .all(|c| c.is_ascii() || matches!(c as u32, 0x0600..=0x0652 | 0x0656..=0x0674 | 0x0679..=0x06FF));
        if arabic_only || is_nfkc_quick(input.chars()) == IsNormalized::Yes {
            input.chars().filter_map(fold_char).collect()
        } else {
            let once: String = input.nfkc().filter_map(fold_char).collect();
            if is_nfkc_quick(once.chars()) != IsNormalized::Yes {
                once.nfkc().filter_map(fold_char).collect()
            } else {
                once
            }
        }
    }

    #[test]
    fn fast_path_covers_the_whole_arabic_block() {
        for cp in 0x0600..=0x06FFu32 {
            let c = char::from_u32(cp).unwrap();
            for s in [format!("{c}"), format!("ب{c}ا"), format!("A{c}1")] {
                assert_eq!(normalize(&s), reference(&s), "U+{cp:04X} in {s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_equals_the_general_path(
            s in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::range('\u{0600}', '\u{06FF}'),
                    proptest::char::range('\u{0020}', '\u{007E}'),
                    proptest::char::range('\u{0750}', '\u{077F}'),
                    proptest::char::range('\u{FB50}', '\u{FEFC}'),
                    proptest::sample::select(vec!['\u{200D}', '\u{0301}', '\u{FEFF}', 'É', 'ß']),
                ],
                0..12,
            ).prop_map(|v| v.into_iter().collect::<String>())
        ) {
            proptest::prop_assert_eq!(normalize(&s), reference(&s));
        }
    }

    #[test]
    fn a_token_that_nfkc_expands_to_words_stays_one_term() {
        let mut out = String::new();
        normalize_word_into("\u{FDFA}", &mut out);
        assert!(!out.is_empty() && !out.contains(char::is_whitespace), "{out:?}");
        assert_eq!(out, "صليالله عليه وسلم".replace(' ', ""));
        // Running text keeps its spaces.
        assert!(normalize("\u{FDFA}").contains(' '));
    }

    #[test]
    fn keeps_hamza_on_waw_and_ya() {
        assert_eq!(normalize("مسؤول"), "مسؤول");
        assert_eq!(normalize("رئيس"), "رئيس");
        // Decomposed forms (letter + combining hamza) compose first, as NFKC says.
        assert_eq!(normalize("مسو\u{0654}ول"), "مسؤول");
        assert_eq!(normalize("ري\u{0654}يس"), "رئيس");
        assert_eq!(normalize("ا\u{0654}حمد"), "احمد");
    }
}

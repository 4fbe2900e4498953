//! Stemming: conflating inflected forms of a word to one term.
//!
//! Three choices, stored in the model so inference uses what training used:
//! * [`StemMode::Light`] (default): Arabic light stemming in the manner of Larkey's *light10*
//!   (strip و, the article and its fused prepositions, and the common suffixes) and the Snowball
//!   English (Porter 2) stemmer. Light stemming keeps roots apart that the root-based Snowball
//!   Arabic stemmer merges, and it measured better for topic classification (see README).
//! * [`StemMode::Snowball`]: Snowball for both languages.
//! * [`StemMode::None`]: normalised words as they are.

use rust_stemmers::{Algorithm, Stemmer as Snowball};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Which stemmer the pipeline uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StemMode {
    /// Arabic light stemmer + Snowball English.
    #[default]
    Light,
    /// Snowball Arabic + Snowball English.
    Snowball,
    /// No stemming.
    None,
}

/// The Arabic light stemmer (light10-style). Input must already be normalised
/// (alef forms unified, ة folded to ه).
#[derive(Debug, Clone, Copy, Default)]
pub struct ArabicLightStemmer;

/// Frequent news words whose first letter و belongs to the root: never stripped.
const WAW_ROOTS: &[&str] = &[
    "وزير",
    "وزرا",
    "وزاره",
    "وزارات",
    "وطن",
    "وطني",
    "وطنيه",
    "وفد",
    "وفود",
    "وقف",
    "وضع",
    "وقت",
    "وكاله",
    "وكالات",
    "وسط",
    "ولايه",
    "ولايات",
    "وحده",
    "وحدات",
    "وصول",
    "وجود",
    "واشنطن",
    "وعد",
    "وعود",
    "وثيقه",
    "وثايق",
    "ودي",
    "وديه",
    "واقع",
    "وسايل",
    "وسيط",
    "وساطه",
    "وقود",
    "وباء",
    "ورقه",
];

const AR_PREFIXES: [&str; 7] = ["وال", "بال", "كال", "فال", "لل", "ال", "و"];
// ة is folded to ه by normalisation, so "ية"/"ة" are covered by "يه"/"ه".
const AR_SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// `w` starts with `p` (byte-wise, inlined: these are 2 to 6 bytes and memcmp calls cost more).
#[inline]
fn starts(w: &[u8], p: &[u8]) -> bool {
    w.len() >= p.len() && w.iter().zip(p).all(|(a, b)| a == b)
}

#[inline]
fn ends(w: &[u8], p: &[u8]) -> bool {
    w.len() >= p.len() && w[w.len() - p.len()..].iter().zip(p).all(|(a, b)| a == b)
}

impl ArabicLightStemmer {
    /// Stem one normalised Arabic word.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        let bytes = word.as_bytes();
        // Arabic letters are 2 bytes in UTF-8; a word with anything else takes the general path.
        let all_two_byte =
            bytes.len().is_multiple_of(2) && bytes.chunks_exact(2).all(|c| (0xD8..=0xDB).contains(&c[0]));
        if !all_two_byte {
            return self.stem_general(word);
        }
        let (mut a, mut b) = (0usize, bytes.len()); // current slice bytes[a..b]; letters = (b - a) / 2
        let letters = |a: usize, b: usize| (b - a) / 2;
        for p in AR_PREFIXES {
            let pb = p.as_bytes();
            // (Every listed root starts with و: only such words are looked up.)
            if pb.len() == 2 && starts(&bytes[a..b], pb) && WAW_ROOTS.contains(&&word[a..b]) {
                break;
            }
            if starts(&bytes[a..b], pb) {
                let min = if pb.len() == 2 { 3 } else { 2 };
                if letters(a + pb.len(), b) >= min {
                    a += pb.len();
                    if pb.len() == 2 && starts(&bytes[a..b], "ال".as_bytes()) && letters(a + 4, b) >= 2 {
                        a += 4;
                    }
                    break;
                }
            }
        }
        for sfx in AR_SUFFIXES {
            let sb = sfx.as_bytes();
            if ends(&bytes[a..b], sb) && letters(a, b - sb.len()) >= 2 {
                b -= sb.len();
            }
        }
        &word[a..b]
    }

    /// The same rules for words that mix scripts (any UTF-8).
    fn stem_general<'a>(&self, word: &'a str) -> &'a str {
        let mut w = word;
        let chars = |s: &str| s.chars().count();
        for p in AR_PREFIXES {
            if p == "و" && w.starts_with(p) && WAW_ROOTS.contains(&w) {
                break;
            }
            if let Some(rest) = w.strip_prefix(p) {
                let min = if p == "و" { 3 } else { 2 };
                if chars(rest) >= min {
                    w = rest;
                    if p == "و"
                        && let Some(r2) = w.strip_prefix("ال")
                        && chars(r2) >= 2
                    {
                        w = r2;
                    }
                    break;
                }
            }
        }
        for s in AR_SUFFIXES {
            if let Some(rest) = w.strip_suffix(s)
                && chars(rest) >= 2
            {
                w = rest;
            }
        }
        w
    }
}

/// A stemmer for both languages, chosen by [`StemMode`]; dispatches per token script.
pub struct Stemmer {
    mode: StemMode,
    english: Snowball,
    arabic: Snowball,
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmer").field("mode", &self.mode).finish()
    }
}

impl Stemmer {
    /// Build the stemmer for `mode`.
    pub fn new(mode: StemMode) -> Self {
        Stemmer { mode, english: Snowball::create(Algorithm::English), arabic: Snowball::create(Algorithm::Arabic) }
    }

    /// The mode this stemmer was built with.
    pub fn mode(&self) -> StemMode {
        self.mode
    }

    /// Stem a normalised Arabic word.
    pub fn stem_arabic<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self.mode {
            StemMode::Light => Cow::Borrowed(ArabicLightStemmer.stem(word)),
            StemMode::Snowball => self.arabic.stem(word),
            StemMode::None => Cow::Borrowed(word),
        }
    }

    /// Stem a normalised (lower-case) English word with Snowball. (The [`crate::text::Analyzer`]
    /// remembers each word's stem per thread, so in a pipeline this runs about once per distinct
    /// word and thread.)
    pub fn stem_english<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if self.mode == StemMode::None {
            return Cow::Borrowed(word);
        }
        super::porter2::stem(word).unwrap_or_else(|| self.english.stem(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_stems_arabic() {
        assert!(WAW_ROOTS.iter().all(|r| r.starts_with('و')));
        let s = ArabicLightStemmer;
        assert_eq!(s.stem("والعلاقات"), "علاق");
        assert_eq!(s.stem("العلاقات"), "علاق");
        assert_eq!(s.stem("بالعقوبات"), "عقوب");
        assert_eq!(s.stem("وزير"), "وزير");
        assert_eq!(s.stem("للسلام"), "سلام");
        assert_eq!(s.stem("المفاوضون"), "مفاوض");
        // Too short to strip.
        assert_eq!(s.stem("ان"), "ان");
        assert_eq!(s.stem("وال"), "وال");
        // Mixed-script words take the general path with the same rules.
        assert_eq!(s.stem("والكوفيد19"), "كوفيد19");
    }

    #[test]
    fn fast_path_matches_general_rules() {
        let alphabet: Vec<char> = "والبكفهينتمسةع".chars().collect();
        let mut words = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for w in &words {
                for &c in &alphabet {
                    let mut x = w.clone();
                    x.push(c);
                    next.push(x);
                }
            }
            words.extend(next.iter().filter(|w| w.chars().count() <= 5).cloned());
            words.sort();
            words.dedup();
            if words.len() > 600_000 {
                break;
            }
        }
        let s = ArabicLightStemmer;
        for w in words.iter().filter(|w| w.chars().count() <= 5) {
            let n = crate::text::normalize::normalize(w);
            assert_eq!(s.stem(&n), s.stem_general(&n), "{n}");
        }
    }

    #[test]
    fn english_snowball() {
        let s = Stemmer::new(StemMode::Light);
        assert_eq!(s.stem_english("sanctions"), "sanction");
        assert_eq!(s.stem_english("negotiating"), "negoti");
        let n = Stemmer::new(StemMode::None);
        assert_eq!(n.stem_english("sanctions"), "sanctions");
    }
}

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

impl ArabicLightStemmer {
    /// Stem one normalised Arabic word.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        let mut w = word;
        let chars = |s: &str| s.chars().count();
        // و alone needs at least 3 letters left; the article forms need 2.
        for p in AR_PREFIXES {
            if p == "و" && WAW_ROOTS.contains(&w) {
                break;
            }
            if let Some(rest) = w.strip_prefix(p) {
                let min = if p == "و" { 3 } else { 2 };
                if chars(rest) >= min {
                    w = rest;
                    if p == "و" {
                        // وال is listed before و, so here the article was not fused: try it again.
                        if let Some(r2) = w.strip_prefix("ال") {
                            if chars(r2) >= 2 {
                                w = r2;
                            }
                        }
                    }
                    break;
                }
            }
        }
        for s in AR_SUFFIXES {
            if let Some(rest) = w.strip_suffix(s) {
                if chars(rest) >= 2 {
                    w = rest;
                }
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

    /// Stem a normalised (lower-case) English word.
    pub fn stem_english<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self.mode {
            StemMode::None => Cow::Borrowed(word),
            _ => self.english.stem(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_stems_arabic() {
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

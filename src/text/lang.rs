//! Cheap, deterministic language identification: Arabic, English or other.
//!
//! Counts letters by script over the first 1,500 characters. Arabic script on at least 40 %
//! of letters means Arabic (Arabic news quotes Latin names and acronyms freely). Otherwise, Latin
//! text is English when it has almost no accented letters and at least
//! 12 % of its words are common English function words (any short Latin text counts as English), so French
//! or Spanish is reported as `other` rather than mis-stemmed as English.

use serde::{Deserialize, Serialize};

/// A document's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Arabic.
    Ar,
    /// English.
    En,
    /// Anything else, including text with no letters.
    Other,
}

impl Lang {
    /// The ISO 639-1 code, or "other".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Is `c` a letter of the Arabic script (including presentation forms)?
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06FA..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// Frequent English function words (a `match`, not a list search: this runs on every word).
fn is_en_function(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "of"
            | "and"
            | "to"
            | "in"
            | "a"
            | "is"
            | "was"
            | "for"
            | "on"
            | "that"
            | "with"
            | "said"
            | "by"
            | "as"
            | "at"
            | "from"
            | "it"
            | "he"
            | "she"
            | "his"
            | "her"
            | "be"
            | "has"
            | "have"
            | "had"
            | "are"
            | "were"
            | "will"
            | "an"
            | "this"
            | "which"
            | "not"
            | "but"
            | "they"
            | "their"
            | "its"
            | "who"
    )
}

/// Identify the language of `text`.
pub fn detect(text: &str) -> Lang {
    let mut arabic = 0usize;
    let mut latin = 0usize;
    let mut accented = 0usize;
    let mut words = 0usize;
    let mut english = 0usize;
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut usize, english: &mut usize| {
        if !word.is_empty() {
            *words += 1;
            if is_en_function(word) {
                *english += 1;
            }
            word.clear();
        }
    };
    for c in text.chars().take(1_500) {
        if is_arabic_letter(c) {
            arabic += 1;
            flush(&mut word, &mut words, &mut english);
        } else if c.is_ascii_alphabetic() {
            latin += 1;
            if word.len() < 16 {
                word.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphabetic() {
            if matches!(c as u32, 0x00C0..=0x024F) {
                accented += 1;
            }
            flush(&mut word, &mut words, &mut english);
        } else {
            flush(&mut word, &mut words, &mut english);
        }
    }
    flush(&mut word, &mut words, &mut english);
    let letters = arabic + latin;
    if letters == 0 {
        return Lang::Other;
    }
    if arabic * 10 >= letters * 4 {
        return Lang::Ar;
    }
    // Accented Latin letters (é, ñ, ü) are rare in English and common in its neighbours.
    if latin * 2 > letters && accented * 50 < latin {
        // Headlines and one-liners have few function words: trust the script there.
        if words < 12 || english * 100 >= words * 12 {
            return Lang::En;
        }
    }
    Lang::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects() {
        assert_eq!(detect("أعلن الكرملين أن لقاء انطلق الجمعة في موسكو مع NATO"), Lang::Ar);
        assert_eq!(detect("The minister said on Friday that the talks would resume."), Lang::En);
        assert_eq!(detect("Le ministre a déclaré vendredi que les négociations reprendraient."), Lang::Other);
        assert_eq!(detect("12345 !!! 😀"), Lang::Other);
        assert_eq!(detect(""), Lang::Other);
        assert_eq!(detect("Президент заявил"), Lang::Other);
    }
}

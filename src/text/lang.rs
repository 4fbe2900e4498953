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
pub const fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06FA..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC)
}

/// Frequent English function words, none longer than [`FUNCTION_WORD_MAX`] letters. [`detect`]
/// looks every Latin word up in their packed, sorted copy ([`FUNCTION_WORDS_PACKED`]).
const FUNCTION_WORDS: [&[u8]; 38] = [
    b"the", b"of", b"and", b"to", b"in", b"a", b"is", b"was", b"for", b"on", b"that", b"with", b"said", b"by", b"as",
    b"at", b"from", b"it", b"he", b"she", b"his", b"her", b"be", b"has", b"have", b"had", b"are", b"were", b"will",
    b"an", b"this", b"which", b"not", b"but", b"they", b"their", b"its", b"who",
];

/// The length of the longest of [`FUNCTION_WORDS`].
const FUNCTION_WORD_MAX: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        if FUNCTION_WORDS[i].len() > max {
            max = FUNCTION_WORDS[i].len();
        }
        i += 1;
    }
    max
};

/// A word as one number: its last 8 bytes, the last one lowest (so words of at most 8 bytes,
/// none of them zero, have distinct numbers). Built a byte at a time, as [`LatinWords::push`]
/// does.
const fn pack(word: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < word.len() {
        v = (v << 8) | word[i] as u64;
        i += 1;
    }
    v
}

/// [`FUNCTION_WORDS`] packed, sorted: looked up by binary search.
static FUNCTION_WORDS_PACKED: [u64; FUNCTION_WORDS.len()] = {
    let mut t = [0u64; FUNCTION_WORDS.len()];
    let mut i = 0;
    while i < t.len() {
        t[i] = pack(FUNCTION_WORDS[i]);
        i += 1;
    }
    // Insertion sort (const context).
    let mut i = 1;
    while i < t.len() {
        let mut j = i;
        while j > 0 && t[j - 1] > t[j] {
            let x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
            j -= 1;
        }
        i += 1;
    }
    t
};

/// Is the packed lower-case word ([`pack`]) an English function word?
#[inline]
fn is_en_function_packed(word: u64) -> bool {
    FUNCTION_WORDS_PACKED.binary_search(&word).is_ok()
}

/// For an ASCII byte: its lower-case form if it is a letter, else 0.
static ASCII_LETTER: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// [`is_arabic_letter`] for U+0600 + i, i < 256 (the characters whose UTF-8 lead byte is
/// D8..DB).
static ARABIC_BLOCK_LETTER: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        // U+0600..U+06FF are all characters (no surrogates there).
        t[i] = match char::from_u32(0x0600 + i as u32) {
            Some(c) => is_arabic_letter(c),
            None => false,
        };
        i += 1;
    }
    t
};

/// The Latin words [`detect`] has seen: how many, how many English function words, and the
/// current one (its length, and its letters lower-cased and packed, [`pack`]).
#[derive(Default)]
struct LatinWords {
    words: usize,
    english: usize,
    word: u64,
    len: usize,
}

impl LatinWords {
    /// Add a lower-case letter to the current word.
    #[inline]
    fn push(&mut self, letter: u8) {
        self.word = (self.word << 8) | u64::from(letter);
        self.len += 1;
    }

    /// End the current word, if there is one.
    #[inline]
    fn flush(&mut self) {
        if self.len > 0 {
            self.words += 1;
            self.english += usize::from(self.len <= FUNCTION_WORD_MAX && is_en_function_packed(self.word));
            self.len = 0;
            self.word = 0;
        }
    }
}

/// Identify the language of `text`.
pub fn detect(text: &str) -> Lang {
    let mut arabic = 0usize;
    let mut latin = 0usize;
    let mut accented = 0usize;
    let mut latin_words = LatinWords::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Characters looked at, at most 1,500.
    let mut n = 0;
    while n < 1_500 && i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // A run of ASCII, one character a byte, up to the 1,500th character.
            let end = bytes.len().min(i + (1_500 - n));
            let start = i;
            while i < end && bytes[i] < 0x80 {
                let letter = ASCII_LETTER[usize::from(bytes[i])];
                if letter != 0 {
                    latin += 1;
                    latin_words.push(letter);
                } else {
                    latin_words.flush();
                }
                i += 1;
            }
            n += i - start;
            continue;
        }
        if (0xD8..=0xDB).contains(&b) {
            latin_words.flush();
            // A run of two-byte characters of the Arabic block (U+0600..U+06FF): a table says
            // which are letters, without decoding. (The text is valid UTF-8, so a second byte
            // always follows the lead byte.)
            while n < 1_500 && i + 1 < bytes.len() && (0xD8..=0xDB).contains(&bytes[i]) {
                let lo = ((bytes[i] & 0x03) << 6) | (bytes[i + 1] & 0x3F);
                arabic += usize::from(ARABIC_BLOCK_LETTER[lo as usize]);
                i += 2;
                n += 1;
            }
            // Settled already? Even if every character still to look at were a Latin letter,
            // Arabic would keep its 40 % (6 a >= 4 (l + rest) <=> 10 a >= 4 (a + l + rest)).
            // With no letter at all so far the text may end with none: that is `Other`.
            if arabic > 0 && 6 * arabic >= 4 * (latin + (1_500 - n)) {
                return Lang::Ar;
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        i += c.len_utf8();
        n += 1;
        if is_arabic_letter(c) {
            arabic += 1;
        } else if matches!(c as u32, 0x00C0..=0x024F) && c.is_alphabetic() {
            accented += 1;
        }
        latin_words.flush();
    }
    latin_words.flush();
    let LatinWords { words, english, .. } = latin_words;
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
    use proptest::strategy::Strategy;

    /// The char-by-char version this byte-level one replaced: the reference.
    fn reference(text: &str) -> Lang {
        let (mut arabic, mut latin, mut accented, mut words, mut english) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let mut word = String::new();
        let mut flush = |word: &mut String| {
            if !word.is_empty() {
                words += 1;
                english += usize::from(FUNCTION_WORDS.contains(&word.as_bytes()));
                word.clear();
            }
        };
        for c in text.chars().take(1_500) {
            if is_arabic_letter(c) {
                arabic += 1;
                flush(&mut word);
            } else if c.is_ascii_alphabetic() {
                latin += 1;
                if word.len() < 16 {
                    word.push(c.to_ascii_lowercase());
                }
            } else {
                if c.is_alphabetic() && matches!(c as u32, 0x00C0..=0x024F) {
                    accented += 1;
                }
                flush(&mut word);
            }
        }
        flush(&mut word);
        let letters = arabic + latin;
        if letters == 0 {
            Lang::Other
        } else if arabic * 10 >= letters * 4 {
            Lang::Ar
        } else if latin * 2 > letters && accented * 50 < latin && (words < 12 || english * 100 >= words * 12) {
            Lang::En
        } else {
            Lang::Other
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_level_detect_equals_the_reference(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the ", "The ", "said ", "of ", "talks ", "Geneva ", "é", "ñ", "la ", "وزير ", "في ", "،", "😀",
                    "\n", "1,200 ", "THE", "ab", "Ω", "x", "٣", "ە", "ﻻ ", "ݐ", "ً", "۔", "ؠ", "ۿ", "ۓ", "ٮ", "\u{600}",
                ]),
                0..800,
            ).prop_map(|v| v.concat())
        ) {
            proptest::prop_assert_eq!(detect(&text), reference(&text));
        }
    }

    /// Arabic first and Latin after, on both sides of the 40 % line and of the 1,500 characters
    /// looked at: stopping early once Arabic is settled never changes the answer.
    #[test]
    fn an_early_arabic_answer_is_the_full_one() {
        for arabic_words in (0..400).step_by(7) {
            for latin_words in (0..600).step_by(11) {
                let text = "وزير ".repeat(arabic_words) + &"Geneva ".repeat(latin_words);
                assert_eq!(detect(&text), reference(&text), "{arabic_words} {latin_words}");
            }
        }
        // No letter in the 1,500 characters looked at, the last one from the Arabic block
        // (a digit, a comma): not Arabic, whatever follows.
        for text in
            ["٣".repeat(1_500), " ".repeat(1_499) + "،\nThe sanctions talks resumed in Geneva.", "،".repeat(2_000)]
        {
            assert_eq!(detect(&text), Lang::Other);
            assert_eq!(detect(&text), reference(&text));
        }
    }

    #[test]
    fn the_packed_function_words_are_the_list() {
        assert_eq!(FUNCTION_WORDS.iter().map(|w| w.len()).max(), Some(FUNCTION_WORD_MAX));
        let mut packed: Vec<u64> = FUNCTION_WORDS.iter().map(|w| pack(w)).collect();
        packed.sort_unstable();
        packed.dedup();
        assert_eq!(packed, FUNCTION_WORDS_PACKED, "sorted and distinct");
        for w in ["the", "which", "their", "who", "a"] {
            assert!(is_en_function_packed(pack(w.as_bytes())), "{w}");
        }
        for w in ["th", "thee", "whic", "b", "talks", "aa"] {
            assert!(!is_en_function_packed(pack(w.as_bytes())), "{w}");
        }
    }

    #[test]
    fn the_block_table_is_is_arabic_letter() {
        for (i, &t) in ARABIC_BLOCK_LETTER.iter().enumerate() {
            let c = char::from_u32(0x0600 + i as u32).unwrap();
            assert_eq!(t, is_arabic_letter(c), "{c:?}");
        }
    }

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

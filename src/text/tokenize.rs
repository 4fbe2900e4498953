//! Word tokenisation over the original text, with byte offsets.
//!
//! A token is a maximal run of letters, digits and combining marks (so a fatha or a tatweel
//! inside an Arabic word never splits it). Two joins keep real words whole: a `.` or `,`
//! between digits (`3.5`, `1,200`) and an apostrophe between Latin letters (`don't`,
//! `d'Ivoire`). Everything else (punctuation, spaces, symbols, emoji) separates tokens.

use super::normalize::{is_arabic_mark, is_invisible};
use unicode_normalization::char::is_combining_mark;

/// One token: a slice of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken<'a> {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// `&text[start..end]`.
    pub text: &'a str,
}

/// Fast answers for the Arabic block, which is most of the text we read:
/// `Some(true)` letter or digit, `Some(false)` punctuation, `None` ask the Unicode tables.
#[inline]
fn arabic_block(c: char) -> Option<bool> {
    arabic_block_cp(c as u32)
}

/// ASCII letters and digits, by byte (one load instead of three range tests in the scans).
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// [`arabic_block`] of each character of U+0600..U+06FF, for the byte-level scans.
static ARABIC_BLOCK: [Option<bool>; 256] = {
    let mut t = [None; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = arabic_block_cp(0x0600 + i as u32);
        i += 1;
    }
    t
};

/// The Arabic-block character starting at byte `i` (a lead byte D8..DB and one continuation
/// byte) and its [`arabic_block`] answer.
#[inline]
fn arabic_at(bytes: &[u8], i: usize) -> Option<(char, Option<bool>)> {
    let b = bytes[i];
    if !(0xD8..=0xDB).contains(&b) {
        return None;
    }
    let b2 = *bytes.get(i + 1)?;
    let cp = (u32::from(b & 0x1F) << 6) | u32::from(b2 & 0x3F);
    Some((char::from_u32(cp)?, ARABIC_BLOCK[(cp - 0x0600) as usize]))
}

const fn arabic_block_cp(cp: u32) -> Option<bool> {
    match cp {
        0x0621..=0x063A
        | 0x0641..=0x064A
        | 0x0660..=0x0669
        | 0x066E..=0x066F
        | 0x0671..=0x06D3
        | 0x06D5
        | 0x06EE..=0x06FC => Some(true),
        0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4 => Some(false),
        _ => None,
    }
}

/// Can `c` start a word (a letter or digit, not a mark or joiner)?
#[inline]
fn starts_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if let Some(b) = arabic_block(c) {
        return b;
    }
    if c.is_whitespace() || is_invisible(c) || is_arabic_mark(c) {
        return false;
    }
    c.is_alphanumeric() && !is_combining_mark(c)
}

/// Does `c` belong inside a word?
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if let Some(b) = arabic_block(c) {
        return b;
    }
    if c.is_whitespace() {
        return false;
    }
    // Invisible characters (soft hyphen, word joiner, directional marks) inside a word belong to
    // it: normalisation drops them, and they must not split the word in two.
    c.is_alphanumeric()
        || is_invisible(c)
        || is_arabic_mark(c)
        || c == '\u{0640}'
        || c == '\u{200C}'
        || c == '\u{200D}'
        || is_combining_mark(c)
}

/// Does `c` join two word parts when it stands between them (`3.5`, `don't`)?
#[inline]
fn joins(prev: char, c: char, next: char) -> bool {
    match c {
        '.' | ',' | '٫' | '٬' => prev.is_ascii_digit() && next.is_ascii_digit(),
        '\'' | '\u{2019}' => prev.is_alphabetic() && next.is_ascii_alphabetic() && prev.is_ascii(),
        _ => false,
    }
}

/// The tokenizer step: splits text into [`RawToken`]s.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenizer;

impl Tokenizer {
    /// Iterate over the tokens of `text`, in order.
    pub fn tokens<'a>(&self, text: &'a str) -> Tokens<'a> {
        Tokens { text, pos: 0 }
    }
}

/// Iterator returned by [`Tokenizer::tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = RawToken<'a>;

    fn next(&mut self) -> Option<RawToken<'a>> {
        let bytes = self.text.as_bytes();
        // Skip separators. ASCII fast path, then general chars.
        let mut start = None;
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b < 0x80 {
                if ASCII_WORD[b as usize] {
                    start = Some(self.pos);
                    break;
                }
                self.pos += 1;
                continue;
            }
            match arabic_at(bytes, self.pos) {
                Some((_, Some(true))) => {
                    start = Some(self.pos);
                    break;
                }
                Some((_, Some(false))) => {
                    self.pos += 2;
                    continue;
                }
                _ => {}
            }
            let c = self.text[self.pos..].chars().next()?;
            // Invisible joiners and marks never start a token on their own.
            if starts_word(c) {
                start = Some(self.pos);
                break;
            }
            self.pos += c.len_utf8();
        }
        let start = start?;
        let mut prev = '\0';
        let mut i = start;
        while i < bytes.len() {
            let b = bytes[i];
            // Fast paths: ASCII letters and digits, and Arabic-block letters and digits (a lead
            // byte D8..DB and one continuation byte), which make up nearly every word.
            if ASCII_WORD[b as usize] {
                prev = char::from(b);
                i += 1;
                continue;
            }
            if let Some((c, Some(true))) = arabic_at(bytes, i) {
                prev = c;
                i += 2;
                continue;
            }
            let Some(c) = self.text[i..].chars().next() else { break };
            let next = i + c.len_utf8();
            if is_word_char(c) || joins(prev, c, self.text[next..].chars().next().unwrap_or('\0')) {
                prev = c;
                i = next;
                continue;
            }
            break;
        }
        let end = i;
        // Trailing invisible characters (ZWJ/ZWNJ, tatweel) belong to the token: they are
        // dropped by normalisation. The token ends at the last word character.
        self.pos = end;
        Some(RawToken { start, end, text: &self.text[start..end] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// The char-by-char word scan the byte-level one replaced: the reference.
    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(start) = text[pos..].char_indices().find(|&(_, c)| starts_word(c)).map(|(i, _)| pos + i) {
            let (mut prev, mut end) = ('\0', start);
            let mut it = text[start..].char_indices().peekable();
            while let Some((i, c)) = it.next() {
                let next = it.peek().map_or('\0', |&(_, n)| n);
                if is_word_char(c) || joins(prev, c, next) {
                    prev = c;
                    end = start + i + c.len_utf8();
                    continue;
                }
                break;
            }
            out.push((start, end));
            pos = end;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_level_scan_equals_the_reference(
            s in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "7", ".", ",", "'", "\u{2019}", " ", "ب", "ـ", "\u{064E}", "٣", "٫", "،", "؟", "ۀ", "ە",
                    "\u{200D}", "\u{200C}", "é", "😀", "-", "\u{0301}", "ﻻ", "ڤ",
                ]),
                0..30,
            ).prop_map(|v| v.concat())
        ) {
            let got: Vec<(usize, usize)> = Tokenizer.tokens(&s).map(|t| (t.start, t.end)).collect();
            proptest::prop_assert_eq!(got, reference(&s));
        }
    }

    fn toks(s: &str) -> Vec<&str> {
        Tokenizer.tokens(s).map(|t| t.text).collect()
    }

    #[test]
    fn splits_english() {
        assert_eq!(
            toks("The U.S. envoy, aged 3.5, said: don't!"),
            vec!["The", "U", "S", "envoy", "aged", "3.5", "said", "don't"]
        );
        assert_eq!(toks("1,200 troops"), vec!["1,200", "troops"]);
    }

    #[test]
    fn keeps_arabic_words_whole() {
        assert_eq!(toks("العَلاقـــات، بين: الدولتين؟"), vec!["العَلاقـــات", "بين", "الدولتين"]);
        assert_eq!(toks("عام ٢٠٢٥م"), vec!["عام", "٢٠٢٥م"]);
    }

    #[test]
    fn offsets_slice_the_text() {
        let s = "«مرحبا» said Mr. Smith — ok";
        for t in Tokenizer.tokens(s) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
    }

    #[test]
    fn nothing_from_punctuation_or_emoji() {
        assert!(toks("... !!! 😀😀 — ،؛").is_empty());
        assert!(toks("").is_empty());
        assert_eq!(toks("\u{200D}\u{064E}x"), vec!["x"]);
    }
}

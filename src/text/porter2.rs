//! The Snowball English stemmer (Porter 2), written directly over bytes for plain lower-case
//! ASCII words.
//!
//! It gives exactly what `rust-stemmers`' generated Snowball code gives (the tests compare the
//! two on every word of our corpus, every short string and generated words built from the
//! suffixes each step knows), at about a tenth of the cost: no general string machinery, no
//! per-step allocation, suffix tables scanned by their last byte. A word that is not all `a`–`z`
//! (apostrophes, digits, other scripts, upper case) returns `None` and is left to
//! `rust-stemmers`.
//!
//! The steps follow the published algorithm (`english.sbl`): exceptional forms, the prelude that
//! marks consonant `y` as `Y`, the regions R1 and R2, steps 1a to 5, the second exception list
//! and the postlude.

use std::borrow::Cow;

#[inline]
fn is_v(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

#[inline]
fn is_v_wxy(c: u8) -> bool {
    is_v(c) || matches!(c, b'w' | b'x' | b'Y')
}

#[inline]
fn valid_li(c: u8) -> bool {
    matches!(c, b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't')
}

/// Whole words with a fixed stem (the algorithm's first exception list).
fn exception1(w: &str) -> Option<&'static str> {
    Some(match w {
        "skis" => "ski",
        "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "idly" => "idl",
        "gently" => "gentl",
        "ugly" => "ugli",
        "early" => "earli",
        "only" => "onli",
        "singly" => "singl",
        "sky" => "sky",
        "news" => "news",
        "howe" => "howe",
        "atlas" => "atlas",
        "cosmos" => "cosmos",
        "bias" => "bias",
        "andes" => "andes",
        _ => return None,
    })
}

/// Words left as they are after step 1a (the second exception list).
fn exception2(w: &[u8]) -> bool {
    matches!(w, b"inning" | b"outing" | b"canning" | b"herring" | b"earring" | b"proceed" | b"exceed" | b"succeed")
}

/// Is there a vowel in `w`?
#[inline]
fn has_vowel(w: &[u8]) -> bool {
    w.iter().any(|&c| is_v(c))
}

/// Does `w[..end]` end in a short syllable?
fn shortv(w: &[u8], end: usize) -> bool {
    if end >= 3 && !is_v_wxy(w[end - 1]) && is_v(w[end - 2]) && !is_v(w[end - 3]) {
        return true;
    }
    end == 2 && !is_v(w[1]) && is_v(w[0])
}

/// The position after "a vowel then a non-vowel", searching from `from`; `None` if there is none.
fn after_vowel_consonant(w: &[u8], from: usize) -> Option<usize> {
    let v = from + w.get(from..)?.iter().position(|&c| is_v(c))?;
    let nv = v + 1 + w[v + 1..].iter().position(|&c| !is_v(c))?;
    Some(nv + 1)
}

/// The longest of `table`'s suffixes that `w` ends with, and its action.
#[inline]
fn longest_suffix(w: &[u8], table: &[(&'static [u8], u8)]) -> Option<(usize, u8)> {
    let &last = w.last()?;
    let mut best: Option<(usize, u8)> = None;
    for &(s, action) in table {
        // Every suffix is non-empty; most differ from the word in the last byte.
        if s[s.len() - 1] == last && s.len() > best.map_or(0, |b| b.0) && w.ends_with(s) {
            best = Some((s.len(), action));
        }
    }
    best
}

/// [`longest_suffix`], kept only when the suffix starts in the region from `region` on: its
/// length, its action and where it starts.
#[inline]
fn suffix_in(w: &[u8], table: &[(&'static [u8], u8)], region: usize) -> Option<(usize, u8, usize)> {
    let (len, action) = longest_suffix(w, table)?;
    let bra = w.len() - len;
    (bra >= region).then_some((len, action, bra))
}

/// Replace the last `len` bytes of `w` with `with`.
#[inline]
fn replace_end(w: &mut Vec<u8>, len: usize, with: &[u8]) {
    w.truncate(w.len() - len);
    w.extend_from_slice(with);
}

const STEP1B: &[(&[u8], u8)] = &[(b"ed", 2), (b"eed", 1), (b"ing", 2), (b"edly", 2), (b"eedly", 1), (b"ingly", 2)];

const STEP2: &[(&[u8], u8)] = &[
    (b"anci", 3),
    (b"enci", 2),
    (b"ogi", 13),
    (b"li", 16),
    (b"bli", 12),
    (b"abli", 4),
    (b"alli", 8),
    (b"fulli", 14),
    (b"lessli", 15),
    (b"ousli", 10),
    (b"entli", 5),
    (b"aliti", 8),
    (b"biliti", 12),
    (b"iviti", 11),
    (b"tional", 1),
    (b"ational", 7),
    (b"alism", 8),
    (b"ation", 7),
    (b"ization", 6),
    (b"izer", 6),
    (b"ator", 7),
    (b"iveness", 11),
    (b"fulness", 9),
    (b"ousness", 10),
];

const STEP3: &[(&[u8], u8)] = &[
    (b"icate", 4),
    (b"ative", 6),
    (b"alize", 3),
    (b"iciti", 4),
    (b"ical", 4),
    (b"tional", 1),
    (b"ational", 2),
    (b"ful", 5),
    (b"ness", 5),
];

const STEP4: &[(&[u8], u8)] = &[
    (b"ic", 1),
    (b"ance", 1),
    (b"ence", 1),
    (b"able", 1),
    (b"ible", 1),
    (b"ate", 1),
    (b"ive", 1),
    (b"ize", 1),
    (b"iti", 1),
    (b"al", 1),
    (b"ism", 1),
    (b"ion", 2),
    (b"er", 1),
    (b"ous", 1),
    (b"ant", 1),
    (b"ent", 1),
    (b"ment", 1),
    (b"ement", 1),
];

/// Stem a word of lower-case ASCII letters; `None` for anything else (left to the general
/// Snowball implementation).
pub fn stem(word: &str) -> Option<Cow<'_, str>> {
    let bytes = word.as_bytes();
    if !bytes.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    if let Some(s) = exception1(word) {
        return Some(Cow::Borrowed(s));
    }
    if bytes.len() < 3 {
        return Some(Cow::Borrowed(word));
    }
    let mut w = bytes.to_vec();

    // Prelude: a `y` at the start or after a vowel is a consonant, `Y`.
    let mut y_found = false;
    if w[0] == b'y' {
        w[0] = b'Y';
        y_found = true;
    }
    for i in 1..w.len() {
        if w[i] == b'y' && is_v(w[i - 1]) {
            w[i] = b'Y';
            y_found = true;
        }
    }

    // Regions: R1 after the first vowel-consonant pair (or a listed prefix), R2 after the next.
    let n = w.len();
    let (p1, p2) = {
        let p1 = if w.starts_with(b"gener") || w.starts_with(b"arsen") {
            Some(5)
        } else if w.starts_with(b"commun") {
            Some(6)
        } else {
            after_vowel_consonant(&w, 0)
        };
        match p1 {
            Some(p1) => (p1, after_vowel_consonant(&w, p1).unwrap_or(n)),
            None => (n, n),
        }
    };

    step_1a(&mut w);
    if !exception2(&w) {
        step_1b(&mut w, p1);
        step_1c(&mut w);
        step_2(&mut w, p1);
        step_3(&mut w, p1, p2);
        step_4(&mut w, p2);
        step_5(&mut w, p1, p2);
    }

    if y_found {
        for c in &mut w {
            if *c == b'Y' {
                *c = b'y';
            }
        }
    }
    if w == bytes {
        return Some(Cow::Borrowed(word));
    }
    // Only ASCII letters went in and only ASCII letters were written.
    Some(Cow::Owned(String::from_utf8(w).expect("ASCII")))
}

fn step_1a(w: &mut Vec<u8>) {
    let n = w.len();
    if w.ends_with(b"sses") {
        w.truncate(n - 2);
    } else if w.ends_with(b"ied") || w.ends_with(b"ies") {
        let bra = n - 3;
        replace_end(w, 3, if bra >= 2 { b"i" } else { b"ie" });
    } else if w.ends_with(b"ss") || w.ends_with(b"us") {
    } else if w.ends_with(b"s") && n >= 2 && has_vowel(&w[..n - 2]) {
        w.truncate(n - 1);
    }
}

fn step_1b(w: &mut Vec<u8>, p1: usize) {
    let Some((len, action)) = longest_suffix(w, STEP1B) else { return };
    let bra = w.len() - len;
    if action == 1 {
        if bra >= p1 {
            replace_end(w, len, b"ee");
        }
        return;
    }
    if !has_vowel(&w[..bra]) {
        return;
    }
    w.truncate(bra);
    let n = w.len();
    let last2 = if n >= 2 { &w[n - 2..] } else { &w[..0] };
    match last2 {
        b"at" | b"bl" | b"iz" => w.push(b'e'),
        b"bb" | b"dd" | b"ff" | b"gg" | b"mm" | b"nn" | b"pp" | b"rr" | b"tt" => {
            w.pop();
        }
        _ => {
            if n == p1 && shortv(w, n) {
                w.push(b'e');
            }
        }
    }
}

fn step_1c(w: &mut [u8]) {
    let n = w.len();
    if n >= 3 && matches!(w[n - 1], b'y' | b'Y') && !is_v(w[n - 2]) {
        w[n - 1] = b'i';
    }
}

fn step_2(w: &mut Vec<u8>, p1: usize) {
    let Some((len, action, bra)) = suffix_in(w, STEP2, p1) else { return };
    let with: &[u8] = match action {
        1 => b"tion",
        2 => b"ence",
        3 => b"ance",
        4 => b"able",
        5 => b"ent",
        6 => b"ize",
        7 => b"ate",
        8 => b"al",
        9 | 14 => b"ful",
        10 => b"ous",
        11 => b"ive",
        12 => b"ble",
        13 => {
            if bra == 0 || w[bra - 1] != b'l' {
                return;
            }
            b"og"
        }
        15 => b"less",
        _ => {
            if bra == 0 || !valid_li(w[bra - 1]) {
                return;
            }
            b""
        }
    };
    replace_end(w, len, with);
}

fn step_3(w: &mut Vec<u8>, p1: usize, p2: usize) {
    let Some((len, action, bra)) = suffix_in(w, STEP3, p1) else { return };
    let with: &[u8] = match action {
        1 => b"tion",
        2 => b"ate",
        3 => b"al",
        4 => b"ic",
        5 => b"",
        _ => {
            if bra < p2 {
                return;
            }
            b""
        }
    };
    replace_end(w, len, with);
}

fn step_4(w: &mut Vec<u8>, p2: usize) {
    let Some((_, action, bra)) = suffix_in(w, STEP4, p2) else { return };
    if action == 2 && (bra == 0 || !matches!(w[bra - 1], b's' | b't')) {
        return;
    }
    w.truncate(bra);
}

fn step_5(w: &mut Vec<u8>, p1: usize, p2: usize) {
    let n = w.len();
    if n == 0 {
        return;
    }
    let bra = n - 1;
    match w[n - 1] {
        b'e' if bra >= p2 || (bra >= p1 && !shortv(w, bra)) => w.truncate(bra),
        b'l' if bra >= p2 && bra > 0 && w[bra - 1] == b'l' => w.truncate(bra),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::{Algorithm, Stemmer};

    /// `word` (plain a-z) takes our path and gives Snowball's stem.
    fn check(snowball: &Stemmer, word: &str) {
        let ours = stem(word).unwrap_or_else(|| panic!("{word:?} was left to rust-stemmers"));
        assert_eq!(ours, snowball.stem(word), "stem of {word:?}");
    }

    #[test]
    fn known_stems() {
        for (w, s) in [
            ("sanctions", "sanction"),
            ("negotiating", "negoti"),
            ("generously", "generous"),
            ("communities", "communiti"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cries", "cri"),
            ("says", "say"),
            ("hopping", "hop"),
            ("hoping", "hope"),
            ("innings", "inning"),
            ("skies", "sky"),
            ("by", "by"),
            ("yelling", "yell"),
            ("relational", "relat"),
            ("fully", "fulli"),
        ] {
            assert_eq!(stem(w).as_deref(), Some(s), "{w}");
        }
        assert_eq!(stem("U.S."), None);
        assert_eq!(stem("don't"), None);
        assert_eq!(stem("Café"), None);
    }

    #[test]
    fn same_as_snowball_on_every_short_word() {
        let snowball = Stemmer::create(Algorithm::English);
        let letters: Vec<char> = ('a'..='z').collect();
        let mut word = String::new();
        for &a in &letters {
            for &b in &letters {
                for &c in &letters {
                    word.clear();
                    word.extend([a, b, c]);
                    check(&snowball, &word);
                    check(&snowball, &word[..2]);
                }
            }
        }
    }

    #[test]
    fn same_as_snowball_on_suffix_combinations() {
        // Stems of various shapes followed by one or two of the suffixes the steps know.
        let stems = [
            "b", "y", "ay", "by", "gener", "commun", "arsen", "hop", "hope", "fizz", "agre", "proce", "cr", "tr",
            "sky", "play", "happ", "rel", "condit", "sens", "nation", "form", "electr", "de", "ti", "li", "bl", "l",
            "ow", "ax", "emb", "ch", "val", "hypothes", "ann", "bell", "cont", "vocation", "os", "ideal",
        ];
        let suffixes = [
            "", "s", "es", "ss", "sses", "ies", "ied", "us", "ed", "eed", "edly", "eedly", "ing", "ingly", "y", "ly",
            "li", "ogi", "ogy", "bli", "abli", "alli", "fulli", "lessli", "ousli", "entli", "aliti", "biliti", "iviti",
            "tional", "ational", "alism", "ation", "ization", "izer", "ator", "iveness", "fulness", "ousness", "icate",
            "ative", "alize", "iciti", "ical", "ful", "ness", "ic", "ance", "ence", "able", "ible", "ate", "ive",
            "ize", "iti", "al", "ism", "ion", "sion", "tion", "er", "ous", "ant", "ent", "ment", "ement", "e", "l",
            "ll", "at", "bl", "iz", "bb", "tt", "ying", "yed", "ey", "eys",
        ];
        let snowball = Stemmer::create(Algorithm::English);
        for st in stems {
            for s1 in suffixes {
                for s2 in ["", "s", "ly", "ness", "ed", "ing", "e", "al", "ation"] {
                    check(&snowball, &format!("{st}{s1}{s2}"));
                }
            }
        }
    }

    #[test]
    fn same_as_snowball_on_the_corpus() {
        let snowball = Stemmer::create(Algorithm::English);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
        let mut seen = std::collections::HashSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for w in text.split(|c: char| !c.is_ascii_alphabetic()) {
                let w = w.to_ascii_lowercase();
                if !w.is_empty() && seen.insert(w.clone()) {
                    check(&snowball, &w);
                }
            }
        }
        assert!(seen.len() > 10_000, "{} words", seen.len());
    }
}

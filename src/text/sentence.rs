//! Sentence segmentation with byte offsets into the original text.
//!
//! The text is first cut into paragraphs, then each paragraph into sentences.
//!
//! **Paragraphs.** A line break ends a paragraph, except in hard-wrapped text (text that uses
//! blank lines between paragraphs, or where most lines end without punctuation): there a long
//! line that does not end a sentence continues on the next line. In any text, a line that does
//! not end a sentence continues when the next line starts with a lower-case Latin letter.
//!
//! **Units that are not prose.** A paragraph that starts like a link line ("اقرأ أيضا…",
//! "Read more: …") is one unit marked `boilerplate`. A short single line with no final
//! punctuation that is followed by more text ("إشارات إلى تحسن العلاقات") is one unit marked
//! `heading`.
//!
//! **Sentences.** Inside a paragraph a sentence ends after a run of `. ! ? ؟ … ۔` (with any
//! closing quotes or brackets after it) followed by white space, except:
//! * inside a matched pair of quotes or brackets (`"… (...) …"`, `«…»`): quoted speech that goes
//!   on after its closing quote (`"...", he said`) stays one sentence; a quote that ends with
//!   final punctuation and is followed by a new sentence ends one;
//! * a `.` between digits (`3.5`) or after a single letter (`U.S.`, `J. Smith`, `د. محمد`) or a
//!   known abbreviation (`Mr.`, `Dr.`, `Gen.`, `Jan.`, `e.g.`);
//! * before a lower-case Latin letter (`approx. three`, `"Why?" he asked`);
//! * an ellipsis, unless it ends the paragraph or an upper-case Latin letter follows.
//!
//! The Arabic comma `،` and semicolon `؛` never end a sentence.

use super::normalize::fold_char;

/// A unit of text: a sentence, a heading or a boilerplate line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character (never white space).
    pub start: usize,
    /// Byte offset one past the last character (never white space).
    pub end: usize,
    /// A heading line (short, no final punctuation, followed by more text).
    pub heading: bool,
    /// A link or promotion line ("اقرأ أيضا…", "Read more…").
    pub boilerplate: bool,
}

impl Sentence {
    /// The sentence's text in `source` (the text it was split from).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    /// Is this ordinary prose (not a heading, not boilerplate)?
    pub fn is_prose(&self) -> bool {
        !self.heading && !self.boilerplate
    }
}

/// Link-line openings, normalised (see [`normalize`]).
const BOILERPLATE_PREFIXES: &[&str] = &[
    "اقرا ايضا",
    "اقرا ايضاً",
    "اقرا كذلك",
    "اقرا المزيد",
    "شاهد ايضا",
    "طالع ايضا",
    "مواضيع ذات صله",
    "اخبار ذات صله",
    "تابعونا",
    "read more",
    "read also",
    "also read",
    "see also",
    "related:",
    "related articles",
    "related stories",
    "related coverage",
    "click here",
    "follow us",
    "sign up",
    "subscribe to",
];

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen", "rep", "jr", "sr",
    "inc", "ltd", "co", "corp", "vs", "etc", "eg", "ie", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "approx", "est", "dept", "ft", "mt", "rev", "hon", "adm", "cmdr", "brig", "lieut",
    "ave", "blvd", "univ", "assn", "bros", "min", "max", "cf", "al",
];

/// Abbreviations only before a number: `No. 5`, `Vol. 2` or `Vol. II`, `pp. 10-12`, `Fig. 3`.
const BEFORE_NUMBERS: &[&str] = &["no", "nos", "vol", "pp", "fig"];

const TERMINALS: &[char] = &['.', '!', '?', '؟', '…', '۔'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '}'];

#[inline]
fn is_terminal(c: char) -> bool {
    TERMINALS.contains(&c)
}

/// Is the line `s` (trimmed) closed, i.e. does it end with sentence-final punctuation,
/// possibly followed by closing quotes or brackets?
fn ends_sentence(s: &str) -> bool {
    let trimmed = s.trim_end_matches(|c: char| CLOSERS.contains(&c) || c.is_whitespace());
    trimmed.ends_with(|c: char| is_terminal(c) || c == ':' || c == '؛' || c == ';')
}

/// Is `s` only a dateline ("CAIRO, March 3 (Agency) -", "القاهرة - (وكالات) -"): a few words
/// ending with a dash, the story's first sentence still to come?
pub fn is_dateline_only(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(['-', '–', '—']) && t.split_whitespace().count() <= 8
}

/// Can a word starting with `c` begin a link-line prefix once normalised? `false` only where
/// that is certain (ASCII and plain Arabic letters); anything else is checked in full.
fn may_start_boilerplate(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => matches!(c.to_ascii_lowercase(), 'r' | 'a' | 's' | 'c' | 'f'),
        '0'..='9' => false,
        // Arabic letters without tatweel (which normalisation removes): alef forms, ش ط م ت.
        '\u{0621}'..='\u{063F}' | '\u{0641}'..='\u{064A}' => matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ش' | 'ط' | 'م' | 'ت'),
        _ => true,
    }
}

/// Does the line start like a link / promotion line?
pub fn is_boilerplate_line(line: &str) -> bool {
    let body = line.trim_start_matches(|c: char| !is_alphanumeric(c));
    if !body.chars().next().is_some_and(may_start_boilerplate) {
        return false;
    }
    if !body.chars().take(40).all(|c| c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c)) {
        // Presentation forms and other compatibility characters: fold through NFKC first.
        let n = super::normalize::normalize(&body.chars().take(40).collect::<String>());
        return BOILERPLATE_PREFIXES.iter().any(|p| n.starts_with(p));
    }
    BOILERPLATE_PREFIXES.iter().any(|p| {
        let mut folded = body.chars().filter_map(fold_char);
        p.chars().all(|pc| folded.next() == Some(pc))
    })
}

/// The sentence splitter step.
#[derive(Debug, Clone, Copy, Default)]
pub struct SentenceSplitter;

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    /// A blank line came between this line and the previous non-blank one.
    after_blank: bool,
}

impl SentenceSplitter {
    /// Split `text` into sentences, headings and boilerplate units, in order.
    pub fn split(&self, text: &str) -> Vec<Sentence> {
        let lines = non_blank_lines(text);
        let paragraphs = group_paragraphs(text, &lines);
        let mut out = Vec::new();
        let n = paragraphs.len();
        for (pi, &(start, end)) in paragraphs.iter().enumerate() {
            let para = &text[start..end];
            if is_boilerplate_line(para) {
                out.push(Sentence { start, end, heading: false, boilerplate: true });
                continue;
            }
            if pi + 1 < n && is_heading(para) {
                out.push(Sentence { start, end, heading: true, boilerplate: false });
                continue;
            }
            split_paragraph(text, start, end, &mut out);
        }
        out
    }
}

fn is_heading(para: &str) -> bool {
    if para.contains('\n') || para.len() > 150 || ends_sentence(para) {
        return false;
    }
    let words = para.split_whitespace().count();
    if words == 0 || words > 12 {
        return false;
    }
    // Ending with a comma or a connector means the line was cut, not a heading.
    !para.trim_end().ends_with([',', '،', '-', '–'])
}

/// `text.split_inclusive('\n')`, searching with the `memchr` crate.
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = text.get(pos..).filter(|r| !r.is_empty())?;
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |k| k + 1);
        pos += end;
        Some(&rest[..end])
    })
}

fn non_blank_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pos = 0;
    let mut blank_seen = false;
    let b = text.as_bytes();
    // U+0085, U+2028 and U+2029 also end lines; look for their lead bytes quickly.
    let exotic = memchr::memchr2_iter(0xC2, 0xE2, b)
        .any(|i| matches!(&b[i..], [0xC2, 0x85, ..] | [0xE2, 0x80, 0xA8 | 0xA9, ..]));
    let pieces: Box<dyn Iterator<Item = &str>> = if exotic {
        Box::new(text.split_inclusive(['\n', '\u{2029}', '\u{2028}', '\u{85}']))
    } else {
        Box::new(lines_inclusive(text))
    };
    for raw in pieces {
        let line_start = pos;
        pos += raw.len();
        let trimmed_start = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        if body.is_empty() {
            blank_seen = true;
            continue;
        }
        let start = line_start + trimmed_start;
        lines.push(Line { start, end: start + body.len(), after_blank: blank_seen && !lines.is_empty() });
        blank_seen = false;
    }
    lines
}

fn group_paragraphs(text: &str, lines: &[Line]) -> Vec<(usize, usize)> {
    let uses_blank_lines = lines.iter().any(|l| l.after_blank);
    let unclosed = lines.iter().filter(|l| !ends_sentence(&text[l.start..l.end])).count();
    let hard_wrapped = uses_blank_lines || (lines.len() >= 4 && unclosed * 2 >= lines.len());
    let mut paras: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in lines {
        let s = &text[line.start..line.end];
        let continues = match prev {
            Some(p) if !line.after_blank => {
                let ps = &text[p.start..p.end];
                let next_lower = s.chars().next().is_some_and(|c| c.is_lowercase());
                !ends_sentence(ps)
                    && !is_boilerplate_line(ps)
                    && !is_boilerplate_line(s)
                    && !is_dateline_only(s)
                    && (next_lower || (hard_wrapped && ps.chars().count() >= 30))
            }
            _ => false,
        };
        match paras.last_mut() {
            Some(last) if continues => last.1 = line.end,
            _ => paras.push((line.start, line.end)),
        }
        prev = Some(line);
    }
    paras
}

/// Bytes that start a character that can open or close a quote or bracket span.
static SPAN_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    t[b'(' as usize] = true;
    t[b')' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b'"' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t
};

/// The outermost matched quote and bracket pairs of a paragraph, as disjoint sorted byte
/// ranges (open, close). Linear in the paragraph: every opener is pushed and popped once.
#[derive(Debug, Default)]
struct Spans(Vec<(usize, usize)>);

impl Spans {
    fn new(s: &str) -> Spans {
        const OPENERS: [char; 6] = ['(', '[', '«', '“', '‹', '"'];
        let kind = |c: char| OPENERS.iter().position(|&o| o == c);
        let mut stack: Vec<(usize, usize)> = Vec::new(); // (opener kind, byte offset)
        let mut open = [0usize; 6]; // openers of each kind on the stack
        let mut spans = Vec::new();
        let b = s.as_bytes();
        let mut next = 0;
        while next < b.len() {
            // Only ( ) [ ] " and characters led by C2 (« ») or E2 (“ ” ‹ ›) can open or close a
            // span: other bytes are stepped over without decoding.
            let i = next;
            if !SPAN_BYTES[b[i] as usize] {
                next += 1;
                continue;
            }
            let c = if b[i] < 0x80 { char::from(b[i]) } else { s[i..].chars().next().unwrap_or(' ') };
            next += c.len_utf8();
            let want = match c {
                ')' => Some(0),
                ']' => Some(1),
                '»' => Some(2),
                '”' => Some(3),
                '›' => Some(4),
                '"' if open[5] > 0 => Some(5),
                _ => None,
            };
            if let Some(k) = want {
                // Only search when an opener of this kind is on the stack; everything above it is
                // popped as unmatched, so each opener is scanned at most once.
                if open[k] > 0 {
                    let at = stack.iter().rposition(|&(o, _)| o == k).unwrap_or(0);
                    spans.push((stack[at].1, i));
                    for &(o, _) in &stack[at..] {
                        open[o] -= 1;
                    }
                    stack.truncate(at);
                }
                continue;
            }
            if let Some(k) = kind(c) {
                open[k] += 1;
                stack.push((k, i));
            }
        }
        // Keep the outermost spans (matched pairs nest, so the rest lie inside them).
        spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut outer: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for sp in spans {
            if outer.last().is_none_or(|&(_, e)| sp.0 > e) {
                outer.push(sp);
            }
        }
        Spans(outer)
    }

    /// Is byte `i` strictly inside a span?
    fn inside(&self, i: usize) -> bool {
        let k = self.0.partition_point(|&(a, _)| a < i);
        k > 0 && i < self.0[k - 1].1
    }

    /// Is byte `q` the closing character of an outermost span?
    fn closes(&self, q: usize) -> bool {
        self.opener(q).is_some()
    }

    /// Where the outermost span that byte `q` closes opens.
    fn opener(&self, q: usize) -> Option<usize> {
        self.0.binary_search_by(|&(_, e)| e.cmp(&q)).ok().map(|k| self.0[k].0)
    }
}

/// `char::is_alphabetic` and `char::is_alphanumeric` for the Arabic block (U+0600..U+06FF),
/// computed once: outside ASCII the standard library searches the Unicode tables, and the
/// splitter asks about every letter before a full stop in Arabic text.
static ARABIC_BLOCK_CLASS: std::sync::LazyLock<[(bool, bool); 256]> = std::sync::LazyLock::new(|| {
    let mut t = [(false, false); 256];
    for (i, x) in t.iter_mut().enumerate() {
        let c = char::from_u32(0x0600 + i as u32).unwrap_or(' ');
        *x = (c.is_alphabetic(), c.is_alphanumeric());
    }
    t
});

/// `c.is_alphabetic()`.
#[inline]
fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_alphabetic(),
        cp @ 0x0600..0x0700 => ARABIC_BLOCK_CLASS[(cp - 0x0600) as usize].0,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_alphanumeric(),
        cp @ 0x0600..0x0700 => ARABIC_BLOCK_CLASS[(cp - 0x0600) as usize].1,
        _ => c.is_alphanumeric(),
    }
}

/// Does the full stop at byte `dot` of `s` end an initial (`U.S.`, `J. Smith`, `د. محمد`) or a
/// known abbreviation (`Mr.`, `Gen.`)? Only the letters right before it count, and no
/// abbreviation is longer than eight of them, so the look back stops there.
fn is_abbreviation(s: &str, dot: usize) -> bool {
    let (mut n, mut start) = (0usize, dot);
    for (k, c) in s[..dot].char_indices().rev() {
        if !is_alphabetic(c) {
            break;
        }
        n += 1;
        start = k;
        if n > 8 {
            return false;
        }
    }
    match n {
        0 => false,
        1 => true, // initials
        // "e.g." / "i.e.": the word before the final dot is one letter, handled above.
        _ => {
            let w = &s[start..dot];
            if !w.is_ascii() {
                return false;
            }
            let w = w.to_ascii_lowercase();
            // "No." and its kind stand before a number ("No. 5"); before a word they are words
            // ending a sentence ("he said no. The talks ended").
            if BEFORE_NUMBERS.contains(&w.as_str()) {
                let next = s[dot + 1..].trim_start();
                // Roman numerals count after Vol. / pp. / Fig., not after "no." ("no. I left").
                let word = next.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                let roman = !w.starts_with('n')
                    && !word.is_empty()
                    && word.chars().all(|c| "IVXLCDM".contains(c))
                    && !next[word.len()..].starts_with('\'');
                return next.starts_with(|c: char| c.is_ascii_digit()) || roman;
            }
            ABBREVIATIONS.contains(&w.as_str())
        }
    }
}

/// The terminal punctuation starting at byte `i` of `b`, with its length in bytes.
#[inline]
fn terminal_at(b: &[u8], i: usize) -> Option<(char, usize)> {
    match b[i] {
        b'.' => Some(('.', 1)),
        b'!' => Some(('!', 1)),
        b'?' => Some(('?', 1)),
        0xD8 if b.get(i + 1) == Some(&0x9F) => Some(('؟', 2)),
        0xDB if b.get(i + 1) == Some(&0x94) => Some(('۔', 2)),
        0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6) => Some(('…', 3)),
        _ => None,
    }
}

/// The first terminal starting at or after byte `i` of `b` (a character boundary): its
/// start, the character and its length in bytes. The next `.` `!` `?` is found with `memchr`;
/// before it only the bytes 9F, 94 (second bytes of `؟` and `۔`) and E2 (lead byte of `…`) can
/// belong to a terminal, and they are looked for with `memchr` too.
#[inline]
fn next_terminal(b: &[u8], i: usize) -> Option<(usize, char, usize)> {
    let ascii = memchr::memchr3(b'.', b'!', b'?', &b[i..]).map(|k| i + k);
    let limit = ascii.unwrap_or(b.len());
    let mut j = i;
    while let Some(k) = memchr::memchr3(0x9F, 0x94, 0xE2, &b[j..limit]) {
        let p = j + k;
        // A second byte points back at its lead byte, which lies at or after `i`.
        let at = if matches!(b[p], 0x9F | 0x94) && p > i { p - 1 } else { p };
        if let Some((c, len)) = terminal_at(b, at) {
            return Some((at, c, len));
        }
        j = p + 1;
    }
    ascii.map(|p| (p, char::from(b[p]), 1))
}

/// Arabic domain names written in Arabic script, whose dot joins two Arabic words without
/// ending a sentence (الجزيرة.نت).
const ARABIC_DOMAIN_ENDINGS: [&str; 3] = ["نت", "كوم", "اورج"];

/// Does the terminal run `i..run_end` of `s`, with no space after it, end a sentence? Arabic text
/// often loses the space after a full stop (paragraphs run together when a page is scraped:
/// "كثيف.للدببة"), and then the run has an Arabic letter right after it and, before it, an
/// Arabic letter or a number of three digits or more, maybe with diacritics or a closing quote
/// or bracket between ("أيضاً.وفي", "«هادفيلد».وقال", "2015.وارتفعت"). An initial (د.محمد) and a domain name
/// (الجزيرة.نت) do not end a sentence.
fn joins_arabic_sentences(s: &str, i: usize, run_end: usize, c: char) -> bool {
    let is_mark = |ch: char| matches!(ch as u32, 0x064B..=0x065F | 0x0670);
    let is_digit = |ch: char| ch.is_ascii_digit() || matches!(ch as u32, 0x0660..=0x0669 | 0x06F0..=0x06F9);
    let mut back = s[..i].chars().rev().skip_while(|&ch| is_mark(ch) || CLOSERS.contains(&ch)).peekable();
    let before = match back.peek() {
        Some(&ch) if super::lang::is_arabic_letter(ch) => true,
        // A number of three digits or more (a year, an amount): one or two are more often a
        // list's numbering ("1.الأمن 2.الاقتصاد") or a clause's ("المادة 5.أ").
        Some(&ch) if is_digit(ch) => back.take_while(|&ch| is_digit(ch)).count() >= 3,
        _ => false,
    };
    let after = s[run_end..].chars().next().is_some_and(super::lang::is_arabic_letter);
    if !(before && after) {
        return false;
    }
    if c == '.' && is_abbreviation(s, i) {
        return false;
    }
    let next_word: &str = {
        let rest = &s[run_end..];
        let end =
            rest.char_indices().find(|&(_, ch)| !super::lang::is_arabic_letter(ch)).map_or(rest.len(), |(k, _)| k);
        &rest[..end]
    };
    !(c == '.' && ARABIC_DOMAIN_ENDINGS.contains(&next_word))
}

fn split_paragraph(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    let b = s.as_bytes();
    // Quote and bracket spans only matter where there are quotes or brackets; « “ ‹ start with
    // the lead bytes C2 / E2, which Arabic and plain Latin text rarely contain.
    let quoted = memchr::memchr3(b'"', b'(', b'[', b).is_some() || memchr::memchr2(0xC2, 0xE2, b).is_some();
    let spans = if quoted { Spans::new(s) } else { Spans::default() };
    let mut sent_start = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let Some((at, c, len)) = next_terminal(b, i) else {
            break;
        };
        i = at;
        // The run of terminals, then closing quotes and brackets.
        let mut j = i;
        let mut dots = 0;
        let mut ellipsis = false;
        while j < b.len() {
            match terminal_at(b, j) {
                Some((t, l)) => {
                    dots += usize::from(t == '.');
                    ellipsis |= t == '…';
                    j += l;
                }
                None => break,
            }
        }
        ellipsis |= dots >= 2;
        let mut last_closer = None;
        while let Some(ch) = s[j..].chars().next().filter(|ch| CLOSERS.contains(ch)) {
            last_closer = Some(j);
            j += ch.len_utf8();
        }
        let run_end = j;
        // Inside quotes or brackets, only a run whose closers leave every span can end a sentence.
        if spans.inside(i) && !last_closer.is_some_and(|q| spans.closes(q)) {
            i = run_end.max(i + len);
            continue;
        }
        // ... and a bracket opened in the middle of a sentence does not end it when it closes
        // ("المحادثات (التي بدأت في جنيف. ثم انتقلت إلى مسقط.) ستستمر"): the sentence goes on after
        // it, unless a capital letter says otherwise (`He met Mr. Smith (the envoy.) They
        // talked.`). A quotation does end one: `He said "We won." Then he left.`
        if let Some(open) = last_closer.and_then(|q| spans.opener(q))
            && spans.inside(i)
            && matches!(b[open], b'(' | b'[')
            && !s[sent_start..open].trim().is_empty()
            && !s[run_end..].trim_start().starts_with(char::is_uppercase)
        {
            i = run_end.max(i + len);
            continue;
        }
        let at_end = run_end >= b.len();
        let mut boundary = at_end || s[run_end..].starts_with(char::is_whitespace);
        if boundary && !at_end {
            let next = s[run_end..].chars().find(|ch| !ch.is_whitespace()).unwrap_or(' ');
            if next.is_lowercase() || matches!(next, ',' | '،' | ';' | '؛' | ':') {
                boundary = false;
            }
            if ellipsis && !next.is_uppercase() {
                boundary = false;
            }
            if c == '.' && !ellipsis && dots == 1 && is_abbreviation(s, i) {
                boundary = false;
            }
        }
        if c == '.' && i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            boundary = false;
        }
        if !boundary && !at_end && !ellipsis && joins_arabic_sentences(s, i, run_end, c) {
            boundary = true;
        }
        if boundary {
            push_trimmed(start, s, sent_start, run_end, out);
            sent_start = run_end;
        }
        i = run_end.max(i + len);
    }
    push_trimmed(start, s, sent_start, s.len(), out);
}

fn push_trimmed(base: usize, s: &str, a: usize, b: usize, out: &mut Vec<Sentence>) {
    let piece = &s[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let body = piece.trim();
    if body.is_empty() {
        return;
    }
    let start = base + a + lead;
    out.push(Sentence { start, end: start + body.len(), heading: false, boilerplate: false });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arabic_block_table_is_the_standard_library() {
        for cp in 0x0600..0x0700 {
            let c = char::from_u32(cp).unwrap();
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 8));
    }

    /// The char-by-char `Spans::new` that the byte-stepping one replaced: the reference.
    fn reference_spans(s: &str) -> Vec<(usize, usize)> {
        const OPENERS: [char; 6] = ['(', '[', '«', '“', '‹', '"'];
        let kind = |c: char| OPENERS.iter().position(|&o| o == c);
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut open = [0usize; 6];
        let mut spans = Vec::new();
        for (i, c) in s.char_indices() {
            let want = match c {
                ')' => Some(0),
                ']' => Some(1),
                '»' => Some(2),
                '”' => Some(3),
                '›' => Some(4),
                '"' if open[5] > 0 => Some(5),
                _ => None,
            };
            if let Some(k) = want {
                if open[k] > 0 {
                    let at = stack.iter().rposition(|&(o, _)| o == k).unwrap_or(0);
                    spans.push((stack[at].1, i));
                    for &(o, _) in &stack[at..] {
                        open[o] -= 1;
                    }
                    stack.truncate(at);
                }
                continue;
            }
            if let Some(k) = kind(c) {
                open[k] += 1;
                stack.push((k, i));
            }
        }
        spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut outer: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for sp in spans {
            if outer.last().is_none_or(|&(_, e)| sp.0 > e) {
                outer.push(sp);
            }
        }
        outer
    }

    /// Quotes, brackets, look-alike bytes (Â, â€, ¢) and letters, for the byte-level scanners.
    fn quoted_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        const PIECES: &[&str] = &[
            "(", ")", "[", "]", "\"", "«", "»", "“", "”", "‹", "›", "’", "—", "Â", "â", "¢", "a", "ب", " ", "\n",
            "\r\n", ".", "\u{2028}", "\u{85}", "😀",
        ];
        proptest::collection::vec(proptest::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn spans_are_the_reference(s in quoted_text()) {
            proptest::prop_assert_eq!(Spans::new(&s).0, reference_spans(&s));
        }

        #[test]
        fn lines_inclusive_is_split_inclusive(s in quoted_text()) {
            proptest::prop_assert_eq!(lines_inclusive(&s).collect::<Vec<_>>(), s.split_inclusive('\n').collect::<Vec<_>>());
        }
    }

    fn split(s: &str) -> Vec<&str> {
        SentenceSplitter.split(s).iter().map(|x| x.text(s)).collect()
    }

    proptest::proptest! {
        /// The byte-table scan finds exactly what trying every position would.
        #[test]
        fn next_terminal_is_the_first_terminal(
            s in proptest::collection::vec(
                proptest::sample::select(vec!["a", ".", "!", "?", "؟", "۔", "…", "ب", "ٟ", "ڟ", "ﺔ", "”", " ", "ئ", "ߔ", "é"]),
                0..40,
            )
        ) {
            let s = s.concat();
            let b = s.as_bytes();
            let mut i = 0;
            while i <= b.len() {
                let naive = (i..b.len()).find_map(|j| terminal_at(b, j).map(|(c, l)| (j, c, l)));
                proptest::prop_assert_eq!(next_terminal(b, i), naive);
                i += s[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }

    #[test]
    fn english_basics() {
        assert_eq!(
            split("The U.S. envoy met Mr. Smith at 3.5 p.m. on Friday. Talks ended! Why? Nobody knows."),
            vec!["The U.S. envoy met Mr. Smith at 3.5 p.m. on Friday.", "Talks ended!", "Why?", "Nobody knows."]
        );
        assert_eq!(
            split("It cost $1,200.50 in total. Then it fell."),
            vec!["It cost $1,200.50 in total.", "Then it fell."]
        );
        assert_eq!(split("Gen. J. R. Allen spoke. He left."), vec!["Gen. J. R. Allen spoke.", "He left."]);
    }

    #[test]
    fn quotes_that_continue_or_end() {
        assert_eq!(
            split("\"We will talk. We will win,\" he said. Then he left."),
            vec!["\"We will talk. We will win,\" he said.", "Then he left."]
        );
        assert_eq!(split("\"Why now?\" he asked. Nobody knew."), vec!["\"Why now?\" he asked.", "Nobody knew."]);
        assert_eq!(split("He said: \"It is over.\" Then silence."), vec!["He said: \"It is over.\"", "Then silence."]);
        assert_eq!(split("He waited... and waited. Done."), vec!["He waited... and waited.", "Done."]);
    }

    #[test]
    fn arabic_quotes_parentheses_and_commas() {
        let t = "وقال إن \"العمل مستمر. ومن الطبيعي أن يحمل (...) شيئا\"، بحسب الوكالة. وانتهى اللقاء؟ نعم.";
        assert_eq!(
            split(t),
            vec!["وقال إن \"العمل مستمر. ومن الطبيعي أن يحمل (...) شيئا\"، بحسب الوكالة.", "وانتهى اللقاء؟", "نعم."]
        );
        assert_eq!(
            split("التقى د. محمد الوزير، وبحثا العلاقات. ثم غادر."),
            vec!["التقى د. محمد الوزير، وبحثا العلاقات.", "ثم غادر."]
        );
        assert_eq!(split("«انتهى الأمر.» وغادر الوفد."), vec!["«انتهى الأمر.»", "وغادر الوفد."]);
    }

    #[test]
    fn no_is_an_abbreviation_only_before_a_number() {
        assert_eq!(split("He said no. The talks ended."), vec!["He said no.", "The talks ended."]);
        assert_eq!(
            split("Resolution No. 2231 was cited. It passed."),
            vec!["Resolution No. 2231 was cited.", "It passed."]
        );
        assert_eq!(split("See Fig. 3 and Vol. 2 here. Done."), vec!["See Fig. 3 and Vol. 2 here.", "Done."]);
        assert_eq!(split("See Vol. II of the report. Done."), vec!["See Vol. II of the report.", "Done."]);
        assert_eq!(split("They said no. It failed."), vec!["They said no.", "It failed."]);
        assert_eq!(split("I said no. I left. No. I'm done."), vec!["I said no.", "I left.", "No.", "I'm done."]);
    }

    #[test]
    fn a_bracket_closed_with_a_full_stop_ends_a_sentence_only_if_it_began_one() {
        assert_eq!(
            split("ستستمر المحادثات (التي بدأت في جنيف. ثم انتقلت إلى مسقط.) الأسبوع المقبل. وغادر الوفد."),
            vec!["ستستمر المحادثات (التي بدأت في جنيف. ثم انتقلت إلى مسقط.) الأسبوع المقبل.", "وغادر الوفد."]
        );
        assert_eq!(
            split("The talks ended. (They began in Geneva. They moved to Muscat.) Both sides left."),
            vec!["The talks ended.", "(They began in Geneva. They moved to Muscat.)", "Both sides left."]
        );
        assert_eq!(split("He said \"We won.\" Then he left."), vec!["He said \"We won.\"", "Then he left."]);
        assert_eq!(
            split("He met Mr. Smith (the envoy.) They talked. He paused... (The room was silent.) Then he spoke."),
            vec![
                "He met Mr. Smith (the envoy.)",
                "They talked.",
                "He paused... (The room was silent.)",
                "Then he spoke."
            ]
        );
        assert_eq!(split("It rose (see the table.) and fell."), vec!["It rose (see the table.) and fell."]);
    }

    #[test]
    fn arabic_sentences_run_together_without_a_space() {
        // Scraped Arabic often loses the space after a full stop: the run still ends a sentence.
        assert_eq!(
            split("الغطاء النباتي كثيف.للدببة مأوى هناك. هل يعود؟نعم يعود!وغادر الوفد."),
            vec!["الغطاء النباتي كثيف.", "للدببة مأوى هناك.", "هل يعود؟", "نعم يعود!", "وغادر الوفد."]
        );
        assert_eq!(split("نشرت الجزيرة.نت التقرير. ثم غادر."), vec!["نشرت الجزيرة.نت التقرير.", "ثم غادر."]);
        assert_eq!(split("التقى د.محمد الوزير. ثم غادر."), vec!["التقى د.محمد الوزير.", "ثم غادر."]);
        assert_eq!(split("بلغ المؤشر 10.5 نقطة.وارتفع"), vec!["بلغ المؤشر 10.5 نقطة.", "وارتفع"]);
        assert_eq!(
            split("قال ذلك أيضاً.وفي المساء قال «كريس هادفيلد».وقال في فبراير 2015.وارتفعت الأسعار."),
            vec!["قال ذلك أيضاً.", "وفي المساء قال «كريس هادفيلد».", "وقال في فبراير 2015.", "وارتفعت الأسعار."]
        );
        // A list's numbering and a clause number are not sentence ends.
        assert_eq!(split("النقاط هي: 1.الأمن 2.الاقتصاد 3.التعليم."), vec!["النقاط هي: 1.الأمن 2.الاقتصاد 3.التعليم."]);
        assert_eq!(split("المادة 5.أ من القانون."), vec!["المادة 5.أ من القانون."]);
        // Not between two Arabic letters: Latin text and numbers are left as they were.
        assert_eq!(split("see example.com and U.S.A.today"), vec!["see example.com and U.S.A.today"]);
        assert_eq!(split("قال.. ثم سكت"), vec!["قال.. ثم سكت"]);
    }

    #[test]
    fn headings_and_boilerplate() {
        let t = "عنوان الخبر\nأعلن الوزير اليوم. وأضاف أمرا.\nاقرأ أيضاأوكرانيا وروسيا تقدمان شكاوى\nإشارات إلى تحسن العلاقات\nوذكر المصدر أن اللقاء انتهى.";
        let got = SentenceSplitter.split(t);
        let texts: Vec<_> = got.iter().map(|x| (x.text(t), x.heading, x.boilerplate)).collect();
        assert_eq!(
            texts,
            vec![
                ("عنوان الخبر", true, false),
                ("أعلن الوزير اليوم.", false, false),
                ("وأضاف أمرا.", false, false),
                ("اقرأ أيضاأوكرانيا وروسيا تقدمان شكاوى", false, true),
                ("إشارات إلى تحسن العلاقات", true, false),
                ("وذكر المصدر أن اللقاء انتهى.", false, false),
            ]
        );
    }

    #[test]
    fn last_line_without_punctuation_is_not_a_heading() {
        let got = SentenceSplitter.split("hello world");
        assert_eq!(got.len(), 1);
        assert!(got[0].is_prose());
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let t = "The foreign ministers of both countries met on\nFriday in Geneva to discuss the border. They\nagreed to meet again.\n\nA second paragraph starts here.";
        assert_eq!(
            split(t),
            vec![
                "The foreign ministers of both countries met on\nFriday in Geneva to discuss the border.",
                "They\nagreed to meet again.",
                "A second paragraph starts here."
            ]
        );
    }

    #[test]
    fn windows_line_ends_and_read_more() {
        let t = "Talks resumed.\r\nRead more: Ministers meet\r\nThey ended late.";
        let got = SentenceSplitter.split(t);
        assert_eq!(
            got.iter().map(|x| x.text(t)).collect::<Vec<_>>(),
            vec!["Talks resumed.", "Read more: Ministers meet", "They ended late."]
        );
        assert!(got[1].boilerplate);
    }
}

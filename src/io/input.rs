//! Reading records: JSON Lines, plain-text files, directories and standard input.
//!
//! * `.jsonl` / `.ndjson`: one JSON object per line with `text` (required), and optionally `id`
//!   (string or number), `title`, `label` (string) or `labels` (array of strings), and `k` (a
//!   non-negative integer: this record's summary length in sentences, which overrides
//!   `--sentences` / `--ratio`). Blank lines are not records.
//! * a directory: every file under it, recursively, in sorted order (names starting with `.`
//!   are skipped, and a directory reached twice through symbolic links is read once). A
//!   plain-text file inside a sub-folder gets the name of the folder it is in as its *folder
//!   label* (`DIR/sport/a.txt` and `DIR/2024/sport/b.txt` are `sport`; scikit-learn's
//!   `load_files` convention), used by `train` and `eval`.
//! * a `.json` file: JSON Lines when its first non-blank line is a whole object, else one object
//!   over several lines (one record); a JSON array is an error that names the conversion
//!   (`jq -c '.[]'`); a file that does not start with `{` or `[`, one article.
//! * any other file: one article per file.
//! * `-`: standard input, JSON Lines when its first non-blank character is `{`, else one article.
//!
//! Ids default to `PATH:LINE` for JSON Lines (`-:LINE` for standard input) and `PATH` for files.
//!
//! Reading is lazy: records are produced one at a time, so memory does not grow with the input.
//! Nothing is dropped silently: every line that is not a valid record comes out as an
//! [`InputError`] naming the file and line, and the reader carries on with the next one.
//! Text must be UTF-8: invalid bytes are an error for that record (never guessed at).

use serde::Deserialize;
use serde_json::Value;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes read from the inputs so far, shared with whoever shows progress.
pub type ByteCounter = Arc<AtomicU64>;

/// A reader that adds the bytes it reads to a [`ByteCounter`].
struct Counted<R> {
    inner: R,
    count: ByteCounter,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The total size in bytes of `inputs` (files, and the files under directories), if it can be
/// known before reading: `None` when standard input, a pipe or a device is among them.
pub fn input_size(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for p in inputs {
        if p.as_os_str() == "-" {
            return None;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let _ = walk(p, &mut files);
                total += files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum::<u64>();
            }
            Ok(m) if m.is_file() => total += m.len(),
            // A FIFO (`<(zcat feed.gz)`) or a device: its length says nothing.
            Ok(_) => return None,
            Err(_) => {}
        }
    }
    Some(total)
}

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormat {
    /// By file name (`.jsonl`, `.ndjson`) or, for stdin, by the first character.
    #[default]
    Auto,
    /// JSON Lines.
    Jsonl,
    /// One plain-text article per file.
    Text,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// The record's id.
    pub id: String,
    /// The article text.
    pub text: String,
    /// Its headline, if given.
    pub title: Option<String>,
    /// Labels from the record (`label` or `labels`).
    pub labels: Vec<String>,
    /// The sub-folder name, for a file read from a directory of per-label folders.
    pub folder_label: Option<String>,
    /// Where the record came from: `PATH:LINE` for JSON Lines, `PATH` for a file.
    pub location: String,
    /// This record's summary length in sentences (`k`), if given.
    pub k: Option<usize>,
}

impl Record {
    /// Title and text together, as the classifier and summariser read them.
    pub fn full_text(&self) -> std::borrow::Cow<'_, str> {
        match &self.title {
            Some(t) if !t.trim().is_empty() => format!("{}\n{}", t.trim(), self.text).into(),
            _ => (&self.text).into(),
        }
    }

    /// The gold label for training / evaluation: the first of `labels`, else the folder label.
    pub fn gold_label(&self) -> Option<&str> {
        // The first label that is not blank (labels are trimmed), else a blank one, which
        // training reports as such.
        let label = self.labels.iter().find(|l| !l.is_empty()).or(self.labels.first());
        label.map(String::as_str).or(self.folder_label.as_deref())
    }
}

/// A record (or input) that could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct InputError {
    /// The id the record would have had (`PATH:LINE` or `PATH`).
    pub id: String,
    /// `PATH:LINE` or `PATH`, for messages.
    pub location: String,
    /// What was wrong.
    pub message: String,
    /// The whole input could not be opened (as opposed to one bad record in it).
    pub fatal: bool,
}

impl InputError {
    fn record(id: String, message: impl Into<String>) -> Self {
        InputError { location: id.clone(), id, message: message.into(), fatal: false }
    }
    /// A bad record whose id (from the record itself) differs from its `PATH:LINE` location.
    fn at(id: String, location: &str, message: impl Into<String>) -> Self {
        InputError { id, location: location.to_string(), message: message.into(), fatal: false }
    }
    fn input(path: &str, message: impl Into<String>) -> Self {
        InputError { id: path.to_string(), location: path.to_string(), message: message.into(), fatal: true }
    }
}

/// What one input yields: a record or an error in its place.
pub type Item = Result<Record, InputError>;

#[derive(Deserialize)]
struct RawRecord {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    text: Option<Value>,
    #[serde(default)]
    title: Option<Value>,
    #[serde(default)]
    label: Option<Value>,
    #[serde(default)]
    labels: Option<Value>,
    #[serde(default)]
    k: Option<Value>,
}

/// Parse one JSON Lines record. `default_id` is `PATH:LINE`.
pub fn parse_json_record(line: &[u8], default_id: &str) -> Item {
    let err = |m: String| Err(InputError::record(default_id.to_string(), m));
    // Validated with SIMD (a large share of reading long Arabic lines); the standard library
    // only runs to locate the error.
    let text = match simdutf8::basic::from_utf8(line).or_else(|_| std::str::from_utf8(line)) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return err(format!("not valid UTF-8 (invalid byte at column {}){}", at + 1, encoding_hint(&line[at..])));
        }
    };
    if !text.trim_start().starts_with('{') {
        return err("not a JSON object with a \"text\" field (each line must be one {...} object)".into());
    }
    let raw: RawRecord = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) if e.is_data() => {
            return err(format!("not a JSON object with a \"text\" field ({e})"));
        }
        Err(e) => return err(format!("not valid JSON ({e})")),
    };
    let id = match raw.id {
        None | Some(Value::Null) => default_id.to_string(),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return err(format!("\"id\" must be a string or a number, not {}", kind(&other)));
        }
    };
    let text = match raw.text {
        Some(Value::String(s)) => s,
        None | Some(Value::Null) => return Err(InputError::at(id, default_id, "no \"text\" field")),
        Some(other) => {
            return Err(InputError::at(id, default_id, format!("\"text\" must be a string, not {}", kind(&other))));
        }
    };
    let title = match raw.title {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            return Err(InputError::at(id, default_id, format!("\"title\" must be a string, not {}", kind(&other))));
        }
    };
    let mut labels = Vec::new();
    match raw.label {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => labels.push(trimmed(s)),
        Some(other) => {
            return Err(InputError::at(id, default_id, format!("\"label\" must be a string, not {}", kind(&other))));
        }
    }
    match raw.labels {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for v in a {
                match v {
                    Value::String(s) => {
                        let s = trimmed(s);
                        if !labels.contains(&s) {
                            labels.push(s)
                        }
                    }
                    other => {
                        return Err(InputError::at(
                            id,
                            default_id,
                            format!("\"labels\" must hold strings, not {}", kind(&other)),
                        ));
                    }
                }
            }
        }
        Some(other) => {
            return Err(InputError::at(id, default_id, format!("\"labels\" must be an array, not {}", kind(&other))));
        }
    }
    let k = match raw.k {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().map(|k| k as usize),
        Some(other) => {
            let what = if other.is_number() { "a negative or fractional number" } else { kind(&other) };
            return Err(InputError::at(id, default_id, format!("\"k\" must be a non-negative integer, not {what}")));
        }
    };
    Ok(Record { id, text, title, labels, folder_label: None, location: default_id.to_string(), k })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Decode a whole plain-text article; invalid UTF-8 is an error naming the line.
pub fn decode_text(bytes: Vec<u8>, id: &str) -> Item {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{FEFF}') {
                s.drain(..3);
            }
            Ok(Record { id: id.to_string(), text: s, location: id.to_string(), ..Default::default() })
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            let hint = encoding_hint(&bytes[at..]);
            Err(InputError::record(id.to_string(), format!("not valid UTF-8 (line {line}, byte {}){hint}", at + 1)))
        }
    }
}

/// What to do about bytes that are not UTF-8, from the bytes where decoding failed: Arabic
/// saved in a legacy single-byte code page (Windows-1256, common in older Arabic archives and
/// exports, or ISO-8859-6) is recognised and the command that converts it is named; anything
/// else gets no hint. Text is never converted on a guess.
///
/// Such a code page writes each Arabic letter as one byte of 0x80 and up, so Arabic words are
/// runs of high bytes, nearly all of them the code page's Arabic letters and marks, and the five
/// commonest letters (ا ل م و ي) are a good share of them. Accented letters in European text
/// are single high bytes between ASCII letters, and fail the first test; damaged UTF-8 Arabic
/// runs, but half its high bytes are continuation bytes, outside a code page's letters;
/// Cyrillic in KOI8-R runs and falls in those bytes, but its commonest letters are not ا ل م و ي.
fn encoding_hint(rest: &[u8]) -> &'static str {
    let window = &rest[..rest.len().min(256)];
    let high = window.iter().filter(|&&b| b >= 0x80).count();
    // A high byte with another high byte next to it: inside a word of a code page's Arabic.
    let is_high = |i: usize| window.get(i).is_some_and(|&b| b >= 0x80);
    let in_run = (0..window.len()).filter(|&i| is_high(i) && ((i > 0 && is_high(i - 1)) || is_high(i + 1))).count();
    if high < 4 || in_run * 10 < high * 8 {
        return "";
    }
    let share = |page: &CodePage| {
        let arabic = window.iter().filter(|&&b| (page.arabic)(b)).count();
        let common = window.iter().filter(|&&b| page.common.contains(&b)).count();
        (arabic * 10 >= high * 8 && common * 5 >= high).then_some(common)
    };
    match (share(&WINDOWS_1256), share(&ISO_8859_6)) {
        (Some(w), Some(i)) if i > w => ISO_8859_6.hint,
        (Some(_), _) => WINDOWS_1256.hint,
        (None, Some(_)) => ISO_8859_6.hint,
        (None, None) => "",
    }
}

/// A legacy Arabic code page, as [`encoding_hint`] recognises it.
struct CodePage {
    /// Its Arabic letters, tatweel, punctuation (، ؛ ؟, and « » where it has them) and
    /// diacritics.
    arabic: fn(u8) -> bool,
    /// Its bytes for ا ل م و ي, the commonest Arabic letters.
    common: [u8; 5],
    /// What the error adds.
    hint: &'static str,
}

const WINDOWS_1256: CodePage = CodePage {
    arabic: |b| {
        matches!(
            b,
            0xC1..=0xD6 | 0xD8..=0xDF | 0xE1 | 0xE3..=0xE6 | 0xEC | 0xED | 0xA1 | 0xAB | 0xBA | 0xBB | 0xBF | 0xF0..=0xF3 | 0xF5 | 0xF6 | 0xF8 | 0xFA
        )
    },
    common: [0xC7, 0xE1, 0xE3, 0xE6, 0xED],
    hint: "; it looks like Arabic in the Windows-1256 code page: convert it first with \
           `iconv -f WINDOWS-1256 -t UTF-8 FILE > FILE.utf8`",
};

const ISO_8859_6: CodePage = CodePage {
    arabic: |b| matches!(b, 0xC1..=0xDA | 0xE0..=0xF2 | 0xAC | 0xBB | 0xBF),
    common: [0xC7, 0xE4, 0xE5, 0xE8, 0xEA],
    hint: "; it looks like Arabic in the ISO-8859-6 code page: convert it first with \
           `iconv -f ISO-8859-6 -t UTF-8 FILE > FILE.utf8`",
};

fn is_json_name(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn is_jsonl_name(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("jsonl" | "ndjson"))
}

/// The longest JSON line kept: twice [`MAX_RECORD_BYTES`], since JSON escapes make a line
/// longer than the text it holds. A longer line is skipped to its end and becomes an error
/// record, so that a file without line breaks cannot fill the memory.
pub const MAX_LINE_BYTES: usize = 2 * MAX_RECORD_BYTES;

/// `BufRead::read_until(b'\n')` with the `memchr` crate's vectorised search (the standard
/// library's byte search was 1 % of a `summarize` run on its own), keeping at most `max`
/// bytes of the line in `buf`: it returns the line's whole length (0 at the end of the input),
/// and a length over `max` says that the rest was read and dropped.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => (true, i + 1),
            None => (available.is_empty(), available.len()),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..used.min(room)]);
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

/// A lazily read JSON Lines stream.
struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    name: String,
    line: usize,
    buf: Vec<u8>,
    failed: bool,
    /// [`MAX_LINE_BYTES`] (smaller in tests).
    max_line: usize,
}

impl Iterator for JsonLines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.failed {
            return None;
        }
        loop {
            self.buf.clear();
            self.line += 1;
            match read_line(&mut *self.reader, &mut self.buf, self.max_line) {
                Ok(0) => return None,
                Ok(n) if n > self.max_line => {
                    let loc = format!("{}:{}", self.name, self.line);
                    return Some(Err(InputError::at(
                        loc.clone(),
                        &loc,
                        format!(
                            "the line is {n} bytes; the limit is {} bytes per line (split the record)",
                            self.max_line
                        ),
                    )));
                }
                Ok(_) => {}
                Err(e) => {
                    self.failed = true;
                    let loc = format!("{}:{}", self.name, self.line);
                    return Some(Err(InputError {
                        id: loc.clone(),
                        location: loc,
                        message: format!("read error: {e}"),
                        fatal: true,
                    }));
                }
            }
            let mut line: &[u8] = &self.buf;
            if self.line == 1 && line.starts_with(&[0xEF, 0xBB, 0xBF]) {
                line = &line[3..];
            }
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let id = format!("{}:{}", self.name, self.line);
            return Some(parse_json_record(line, &id));
        }
    }
}

/// One input as given on the command line, expanded lazily.
enum Source {
    Path(PathBuf),
    Stdin,
}

/// The records of all inputs, in order.
pub struct Reader {
    sources: std::vec::IntoIter<Source>,
    format: InputFormat,
    current: Option<Box<dyn Iterator<Item = Item> + Send>>,
    stdin_used: bool,
    read: ByteCounter,
}

impl Reader {
    /// Read `inputs` (paths, or `-` for standard input) as `format`.
    pub fn new(inputs: &[PathBuf], format: InputFormat) -> Reader {
        let sources: Vec<Source> =
            inputs.iter().map(|p| if p.as_os_str() == "-" { Source::Stdin } else { Source::Path(p.clone()) }).collect();
        Reader { sources: sources.into_iter(), format, current: None, stdin_used: false, read: ByteCounter::default() }
    }

    /// A counter of the bytes read from the inputs so far (it keeps counting when the reader
    /// is moved to another thread).
    pub fn bytes_read(&self) -> ByteCounter {
        self.read.clone()
    }

    fn open(&mut self, src: Source) -> Box<dyn Iterator<Item = Item> + Send> {
        match src {
            Source::Stdin => {
                if self.stdin_used {
                    return Box::new(std::iter::once(Err(InputError::input("-", "standard input is named twice"))));
                }
                self.stdin_used = true;
                open_stdin(self.format, self.read.clone())
            }
            Source::Path(p) => open_path(&p, self.format, self.read.clone()),
        }
    }
}

/// The largest article (text and title) a record may hold. Term offsets are 32-bit; far below
/// that, this keeps one record from holding the whole machine.
pub const MAX_RECORD_BYTES: usize = 1 << 30;

/// A label without the white space around it: "business " and "business" are one label (a
/// spreadsheet's trailing space is never meant as a different topic).
fn trimmed(s: String) -> String {
    if s.trim().len() == s.len() { s } else { s.trim().to_string() }
}

/// A record with no word in its text or title (no letter: empty, white space, punctuation,
/// digits, emoji, zero-width marks, diacritics or tatweel alone), or over [`MAX_RECORD_BYTES`],
/// becomes an error record in its place.
fn checked_record(item: Item) -> Item {
    let r = item?;
    // Nothing to classify or summarise: an answer for it would be the model's prior dressed up
    // as a reading. (A title alone is something to read.)
    // A letter, that is: Arabic diacritics and tatweel, which Unicode counts as alphabetic, are
    // not words on their own, and neither are digits (a model reads no numbers by default).
    let letter = |c: char| c.is_alphabetic() && !matches!(c as u32, 0x0640 | 0x064B..=0x065F | 0x0670);
    let has_word = |t: &str| t.chars().any(letter);
    if !has_word(&r.text) && !r.title.as_deref().is_some_and(has_word) {
        let blank = r.text.trim().is_empty() && r.title.as_deref().is_none_or(|t| t.trim().is_empty());
        let what = if blank { "the text is empty" } else { "the text has no words (no letters)" };
        return Err(InputError::at(r.id, &r.location, what));
    }
    let n = r.text.len() + r.title.as_ref().map_or(0, |t| t.len() + 1);
    if n > MAX_RECORD_BYTES {
        return Err(InputError::at(
            r.id,
            &r.location,
            format!("the article is {n} bytes; the limit is {MAX_RECORD_BYTES} bytes per record (split it)"),
        ));
    }
    Ok(r)
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(checked_record(item));
                }
                self.current = None;
            }
            let src = self.sources.next()?;
            self.current = Some(self.open(src));
        }
    }
}

fn open_stdin(format: InputFormat, count: ByteCounter) -> Box<dyn Iterator<Item = Item> + Send> {
    let mut reader = BufReader::with_capacity(1 << 16, Counted { inner: io::stdin(), count });
    let jsonl = match format {
        InputFormat::Jsonl => true,
        InputFormat::Text => false,
        InputFormat::Auto => match first_non_blank(&mut reader) {
            Ok(c) => c == Some(b'{'),
            Err(e) => {
                return Box::new(std::iter::once(Err(InputError::input(
                    "-",
                    format!("cannot read standard input: {e}"),
                ))));
            }
        },
    };
    if jsonl {
        Box::new(JsonLines {
            reader: Box::new(reader),
            name: "-".into(),
            line: 0,
            buf: Vec::new(),
            failed: false,
            max_line: MAX_LINE_BYTES,
        })
    } else {
        let mut bytes = Vec::new();
        Box::new(std::iter::once(match reader.read_to_end(&mut bytes) {
            Ok(_) => decode_text(bytes, "-"),
            Err(e) => Err(InputError::input("-", format!("cannot read standard input: {e}"))),
        }))
    }
}

/// Peek at the first non-blank byte without consuming anything but leading white space.
fn first_non_blank(r: &mut impl BufRead) -> io::Result<Option<u8>> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let bom = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        match buf[bom..].iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return Ok(Some(buf[bom + i])),
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

fn open_path(path: &Path, format: InputFormat, count: ByteCounter) -> Box<dyn Iterator<Item = Item> + Send> {
    let name = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return Box::new(std::iter::once(Err(InputError::input(&name, describe_io(&e)))));
        }
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        if let Err(e) = walk(path, &mut files) {
            return Box::new(std::iter::once(Err(InputError::input(&name, format!("cannot list the directory: {e}")))));
        }
        if files.is_empty() {
            return Box::new(std::iter::once(Err(InputError::input(&name, "the directory contains no files"))));
        }
        files.sort();
        let root = path.to_path_buf();
        return Box::new(files.into_iter().flat_map(move |f| {
            // The label of a file is the folder it is in (`DIR/sport/a.txt` and
            // `DIR/2024/sport/b.txt` are `sport`), trimmed like any label; a file directly in
            // `root` has none.
            let folder = f
                .parent()
                .filter(|p| *p != root)
                .and_then(|p| p.file_name())
                .map(|n| trimmed(n.to_string_lossy().into_owned()));
            open_file(&f, format, count.clone()).map(move |item| {
                item.map(|mut r| {
                    if r.folder_label.is_none() {
                        r.folder_label = folder.clone();
                    }
                    r
                })
            })
        }));
    }
    open_file(path, format, count)
}

fn open_file(path: &Path, format: InputFormat, count: ByteCounter) -> Box<dyn Iterator<Item = Item> + Send> {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => Counted { inner: f, count },
        Err(e) => {
            return Box::new(std::iter::once(Err(InputError::input(&name, describe_io(&e)))));
        }
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let jsonl = match format {
        InputFormat::Jsonl => true,
        InputFormat::Text => false,
        InputFormat::Auto if is_json_name(path) => {
            // A `.json` file that starts with an object holds records: JSON Lines under another
            // name, or one record written over several lines (as an API or a CMS exports it).
            // A JSON array is refused with the command that converts it.
            let first = |b: &[u8]| {
                let b = b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b);
                b.iter().copied().find(|c| !c.is_ascii_whitespace())
            };
            match reader.fill_buf().map(first) {
                Ok(Some(b'[')) => {
                    let msg = format!(
                        "a JSON array, not JSON Lines: give one object per line (for example \
                         `jq -c '.[]' {name} > records.jsonl`)"
                    );
                    return Box::new(std::iter::once(Err(InputError::input(&name, msg))));
                }
                Ok(Some(b'{')) => return json_records(reader, name),
                Ok(_) => false,
                Err(e) => return Box::new(std::iter::once(Err(InputError::input(&name, describe_io(&e))))),
            }
        }
        InputFormat::Auto => is_jsonl_name(path),
    };
    if jsonl {
        Box::new(JsonLines {
            reader: Box::new(reader),
            name,
            line: 0,
            buf: Vec::new(),
            failed: false,
            max_line: MAX_LINE_BYTES,
        })
    } else {
        let mut bytes = Vec::new();
        Box::new(std::iter::once(match reader.read_to_end(&mut bytes) {
            Ok(_) => decode_text(bytes, &name),
            Err(e) => Err(InputError::input(&name, describe_io(&e))),
        }))
    }
}

/// The records of a `.json` file that starts with `{`: JSON Lines when its first non-blank line
/// is a whole object, else one object written over several lines (a record whose id defaults
/// to the file's name), and JSON Lines again when the whole is not one object either.
fn json_records(mut reader: BufReader<Counted<File>>, name: String) -> Box<dyn Iterator<Item = Item> + Send> {
    let lines = |head: Vec<u8>, rest: Box<dyn BufRead + Send>| -> Box<dyn Iterator<Item = Item> + Send> {
        Box::new(JsonLines {
            reader: Box::new(io::Cursor::new(head).chain(rest)),
            name: name.clone(),
            line: 0,
            buf: Vec::new(),
            failed: false,
            max_line: MAX_LINE_BYTES,
        })
    };
    // Read up to the first non-blank line, keeping every byte, to hand them on unchanged; no
    // more than a JSON line may hold (a longer one is JSON Lines' to refuse).
    let mut head = Vec::new();
    let one_per_line = loop {
        let start = head.len();
        let limit = (MAX_LINE_BYTES + 1) as u64;
        match (&mut reader).take(limit).read_until(b'\n', &mut head) {
            Ok(0) => break false,
            Ok(n) if n as u64 >= limit => break true,
            Ok(_) => {
                let line = &head[start..];
                let line = if start == 0 { line.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(line) } else { line };
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                break serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object());
            }
            Err(e) => return Box::new(std::iter::once(Err(InputError::input(&name, describe_io(&e))))),
        }
    };
    if one_per_line {
        return lines(head, Box::new(reader));
    }
    // One object over several lines: read whole (within a record's limit). If it is not one
    // object after all (JSON Lines whose first line is bad), read it as JSON Lines, so that
    // the other records are not lost with the first.
    let mut bytes = head;
    let limit = (MAX_LINE_BYTES - bytes.len().min(MAX_LINE_BYTES)) as u64;
    if let Err(e) = (&mut reader).take(limit).read_to_end(&mut bytes) {
        return Box::new(std::iter::once(Err(InputError::input(&name, describe_io(&e)))));
    }
    if bytes.len() < MAX_LINE_BYTES {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
        if serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.is_object()) {
            return Box::new(std::iter::once(parse_json_record(body, &name)));
        }
    }
    lines(bytes, Box::new(reader))
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot read: {e}"),
    }
}

/// Every file under `dir`, recursively, skipping names that start with a dot (hidden files and
/// folders, and editors' temporary files).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<std::collections::HashSet<PathBuf>> {
    let mut seen = std::collections::HashSet::new();
    if let Ok(real) = std::fs::canonicalize(dir) {
        seen.insert(real);
    }
    walk_from(dir, out, &mut seen)?;
    Ok(seen)
}

/// The folders reading the directory `dir` goes into, `dir` among them, as real paths (symbolic
/// links resolved): where a new file would be read as an input next time.
pub fn folders_read(dir: &Path) -> io::Result<std::collections::HashSet<PathBuf>> {
    walk(dir, &mut Vec::new())
}

/// [`walk`] below `dir`, entering each real directory once: a symbolic link back up the tree
/// (`DIR/loop -> ..`) or to a directory already listed would otherwise repeat its files.
fn walk_from(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut std::collections::HashSet<PathBuf>) -> io::Result<()> {
    // In sorted order, so that of two paths to one folder the first in sorted order is read,
    // whatever order the file system lists them in.
    let mut entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        let p = entry.path();
        if ft.is_dir() || (ft.is_symlink() && p.is_dir()) {
            // A directory that cannot be resolved is listed anyway (and fails there if it must).
            if std::fs::canonicalize(&p).map_or(true, |real| seen.insert(real)) {
                walk_from(&p, out, seen)?;
            }
        } else {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Read};

    /// A reader that hands out its bytes a few at a time, and an `Interrupted` error before
    /// every piece, with a read error at byte `fail_at` if set.
    struct Choppy {
        data: Vec<u8>,
        pos: usize,
        piece: usize,
        interrupt: bool,
        fail_at: Option<usize>,
    }

    impl Read for Choppy {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "again"));
            }
            if self.fail_at.is_some_and(|f| self.pos >= f) {
                return Err(std::io::Error::other("disk gone"));
            }
            let end = (self.pos + self.piece).min(self.data.len()).min(self.pos + out.len());
            let end = self.fail_at.map_or(end, |f| end.min(f.max(self.pos + 1)));
            let n = end - self.pos;
            out[..n].copy_from_slice(&self.data[self.pos..end]);
            self.pos = end;
            Ok(n)
        }
    }

    proptest::proptest! {
        /// `read_line` gives what `read_until(b'\n')` gives, line by line, whatever the pieces
        /// the bytes come in, the buffer size, interruptions, and a read error midway.
        #[test]
        fn read_line_is_read_until(
            data in proptest::collection::vec(proptest::sample::select(b"ab\r\n\n\xd8\xa7".to_vec()), 0..200),
            piece in 1usize..9,
            cap in 1usize..17,
            fail in proptest::option::of(0usize..200),
        ) {
            let make = || BufReader::with_capacity(cap, Choppy { data: data.clone(), pos: 0, piece, interrupt: false, fail_at: fail });
            let (mut a, mut b) = (make(), make());
            loop {
                let (mut la, mut lb) = (Vec::new(), Vec::new());
                let ra = read_line(&mut a, &mut la, usize::MAX);
                let rb = a_read_until(&mut b, &mut lb);
                proptest::prop_assert_eq!(&la, &lb);
                match (ra, rb) {
                    (Ok(x), Ok(y)) => {
                        proptest::prop_assert_eq!(x, y);
                        if x == 0 {
                            break;
                        }
                    }
                    (Err(_), Err(_)) => break,
                    (x, y) => proptest::prop_assert!(false, "{:?} vs {:?}", x.map_err(|e| e.kind()), y.map_err(|e| e.kind())),
                }
            }
        }
    }

    fn a_read_until(r: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        r.read_until(b'\n', buf)
    }

    #[test]
    fn an_overlong_line_is_an_error_record_and_the_next_line_is_read() {
        let data = b"{\"text\": \"short\"}\n{\"text\": \"far too long for the limit\"}\n{\"text\": \"after\"}".to_vec();
        let lines = JsonLines {
            reader: Box::new(BufReader::with_capacity(4, std::io::Cursor::new(data))),
            name: "f.jsonl".into(),
            line: 0,
            buf: Vec::new(),
            failed: false,
            max_line: 24,
        };
        let got: Vec<Item> = lines.collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().text, "short");
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.location, "f.jsonl:2");
        assert!(e.message.starts_with("the line is 39 bytes; the limit is 24"), "{}", e.message);
        assert_eq!(got[2].as_ref().unwrap().text, "after");
    }

    #[test]
    fn parses_records() {
        let r =
            parse_json_record(br#"{"id": 7, "text": "t", "title": "h", "labels": ["a", "b", "a"]}"#, "f:1").unwrap();
        assert_eq!((r.id.as_str(), r.text.as_str(), r.title.as_deref()), ("7", "t", Some("h")));
        assert_eq!(r.labels, vec!["a", "b"]);
        assert_eq!(r.full_text(), "h\nt");
        let r = parse_json_record(br#"{"text": "x", "label": "sport"}"#, "f:2").unwrap();
        assert_eq!((r.id.as_str(), r.gold_label(), r.k), ("f:2", Some("sport"), None));
        assert_eq!(parse_json_record(br#"{"text": "x", "k": 4}"#, "f:3").unwrap().k, Some(4));
        let r =
            parse_json_record(br#"{"text": "x", "label": " sport\t", "labels": ["sport ", "news"]}"#, "f:6").unwrap();
        assert_eq!(r.labels, vec!["sport", "news"], "labels are trimmed, then deduplicated");
        let r = parse_json_record(br#"{"text": "x", "labels": ["  ", "diplomacy"]}"#, "f:7").unwrap();
        assert_eq!(r.gold_label(), Some("diplomacy"), "a blank label does not hide a real one");
        let r = parse_json_record(br#"{"text": "x", "label": " "}"#, "f:8").unwrap();
        assert_eq!(r.gold_label(), Some(""), "a blank label alone is kept, for training to report");
        let e = parse_json_record(br#"{"text": "x", "k": -1}"#, "f:4").unwrap_err();
        assert_eq!(e.message, "\"k\" must be a non-negative integer, not a negative or fractional number");
        let e = parse_json_record(br#"{"text": "x", "k": "3"}"#, "f:5").unwrap_err();
        assert!(e.message.starts_with("\"k\" must be a non-negative integer"), "{}", e.message);
    }

    #[test]
    fn bad_records_are_errors_with_location() {
        let e = parse_json_record(b"{not json", "f.jsonl:3").unwrap_err();
        assert_eq!(e.location, "f.jsonl:3");
        assert!(e.message.starts_with("not valid JSON"), "{}", e.message);
        let e = parse_json_record(br#"{"id": "a1"}"#, "f.jsonl:4").unwrap_err();
        assert_eq!((e.id.as_str(), e.message.as_str()), ("a1", "no \"text\" field"));
        assert_eq!(e.location, "f.jsonl:4", "the location names the line even when the record has an id");
        let e = parse_json_record(br#"{"text": 5}"#, "f:5").unwrap_err();
        assert_eq!(e.message, "\"text\" must be a string, not a number");
        let e = parse_json_record(b"{\"text\": \"\xff\"}", "f:6").unwrap_err();
        assert!(e.message.contains("UTF-8"));
        let e = parse_json_record(b"[1,2]", "f:7").unwrap_err();
        assert!(e.message.contains("JSON object"), "{}", e.message);
    }

    #[test]
    fn the_reader_counts_the_bytes_it_reads() {
        let dir = std::env::temp_dir().join(format!("newsdesk-count-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let lines = "{\"text\": \"a\"}\n{\"text\": \"bb\"}\n";
        std::fs::write(dir.join("a.jsonl"), lines).unwrap();
        std::fs::write(dir.join("sub/b.txt"), "plain article").unwrap();
        let inputs = vec![dir.join("a.jsonl"), dir.join("sub")];
        let total = (lines.len() + "plain article".len()) as u64;
        assert_eq!(input_size(&inputs), Some(total));
        assert_eq!(input_size(&[dir.join("a.jsonl"), PathBuf::from("-")]), None);
        let reader = Reader::new(&inputs, InputFormat::Auto);
        let read = reader.bytes_read();
        assert_eq!(reader.count(), 3);
        assert_eq!(read.load(Ordering::Relaxed), total);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn text_files_decode_strictly() {
        let r = decode_text("\u{FEFF}مرحبا".as_bytes().to_vec(), "a.txt").unwrap();
        assert_eq!(r.text, "مرحبا");
        let e = decode_text(b"ok\nbad \xff".to_vec(), "b.txt").unwrap_err();
        assert_eq!(e.message, "not valid UTF-8 (line 2, byte 8)");
    }

    /// "السلام عليكم، ورحمة الله" in Windows-1256.
    const CP1256: &[u8] = b"\xc7\xe1\xd3\xe1\xc7\xe3 \xda\xe1\xed\xdf\xe3\xa1 \xe6\xd1\xcd\xe3\xc9 \xc7\xe1\xe1\xe5";

    #[test]
    fn arabic_in_windows_1256_gets_the_command_that_converts_it() {
        let e = decode_text([b"title\n".as_slice(), CP1256].concat(), "old.txt").unwrap_err();
        assert!(e.message.starts_with("not valid UTF-8 (line 2, byte 7); it looks like Arabic in the Windows-1256"));
        assert!(e.message.contains("iconv -f WINDOWS-1256 -t UTF-8"), "{}", e.message);
        let line = [br#"{"text": ""#.as_slice(), CP1256, br#""}"#].concat();
        let Err(e) = parse_json_record(&line, "feed.jsonl:3") else { panic!("not UTF-8") };
        assert!(
            e.message.contains("(invalid byte at column 11); it looks like Arabic in the Windows-1256"),
            "{}",
            e.message
        );
    }

    /// News sentences in legacy code pages (encoded with Python's codecs).
    const AR_1256: &[u8] = b"\xda\xe3\xf8\xc7\xe4 (\xd1\xe6\xed\xca\xd1\xd2) - \xde\xc7\xe1 \xe6\xd2\xed\xd1 \xc7\xe1\xce\xc7\xd1\xcc\xed\xc9 \xc5\xe4 14 \xcf\xe6\xe1\xc9 \xe6\xc7\xdd\xde\xca \xda\xe1\xec \xce\xd8\xc9 \xab\xc7\xe1\xd3\xe1\xc7\xe3\xbb \xc7\xe1\xca\xed \xc3\xda\xe1\xe4\xca\xe5\xc7 \xc7\xe1\xc3\xe3\xe3 \xc7\xe1\xe3\xca\xcd\xcf\xc9\xa1 \xe3\xd6\xed\xdd\xc7: \xd3\xca\xc8\xcf\xc3 \xc7\xe1\xe3\xcd\xc7\xcf\xcb\xc7\xca \xdd\xed \xcc\xe4\xed\xdd \xed\xe6\xe3 3 \xc2\xd0\xc7\xd1\xbf";
    const AR_ISO: &[u8] = b"\xe2\xc7\xe4 \xe8\xd2\xea\xd1 \xc7\xe4\xce\xc7\xd1\xcc\xea\xc9\xac \xc7\xe4\xcb\xe4\xc7\xcb\xc7\xc1\xac \xc5\xe6 \xc7\xe4\xe5\xcd\xc7\xcf\xcb\xc7\xca \xd3\xca\xd3\xca\xc3\xe6\xe1 \xe1\xea \xcc\xe6\xea\xe1 \xc7\xe4\xc3\xd3\xc8\xe8\xd9 \xc7\xe4\xe5\xe2\xc8\xe4.";
    const SV_1252: &[u8] = b"Regeringen i Stockholm meddelade p\xe5 m\xe5ndagen att f\xf6rhandlingarna om det nya avtalet forts\xe4tter n\xe4sta vecka, enligt utrikesministern.";
    const ES_1252: &[u8] = b"El ministro de Asuntos Exteriores afirm\xf3 el jueves que las negociaciones continuar\xe1n en Ginebra y que Espa\xf1a apoyar\xe1 la misi\xf3n de observaci\xf3n.";
    const DE_1252: &[u8] = b"Die Au\xdfenminister beider L\xe4nder trafen sich am Dienstag in Genf, um \xfcber die Waffenruhe und weitere Gespr\xe4che zu verhandeln.";
    const RU_KOI8: &[u8] = b"\xed\xc9\xce\xc9\xd3\xd4\xd2 \xc9\xce\xcf\xd3\xd4\xd2\xc1\xce\xce\xd9\xc8 \xc4\xc5\xcc \xda\xc1\xd1\xd7\xc9\xcc \xd7\xcf \xd7\xd4\xcf\xd2\xce\xc9\xcb, \xde\xd4\xcf \xd0\xc5\xd2\xc5\xc7\xcf\xd7\xcf\xd2\xd9 \xcf \xd0\xd2\xc5\xcb\xd2\xc1\xdd\xc5\xce\xc9\xc9 \xcf\xc7\xce\xd1 \xd0\xd2\xcf\xc4\xcf\xcc\xd6\xc1\xd4\xd3\xd1 \xd7 \xf6\xc5\xce\xc5\xd7\xc5 \xce\xc1 \xd3\xcc\xc5\xc4\xd5\xc0\xdd\xc5\xca \xce\xc5\xc4\xc5\xcc\xc5.";

    #[test]
    fn each_legacy_arabic_code_page_is_named_and_nothing_else_is() {
        let hint = |bytes: &[u8]| {
            let m = decode_text(bytes.to_vec(), "f.txt").unwrap_err().message;
            ["Windows-1256", "ISO-8859-6"].into_iter().find(|p| m.contains(p))
        };
        assert_eq!(hint(AR_1256), Some("Windows-1256"));
        assert_eq!(hint(AR_ISO), Some("ISO-8859-6"));
        // Under an English title, or four words long.
        assert_eq!(hint(&[b"Ceasefire talks\n\n".as_slice(), AR_1256].concat()), Some("Windows-1256"));
        assert_eq!(hint(CP1256), Some("Windows-1256"));
        // European text in Windows-1252, and Russian in KOI8-R, whose letters are runs of high
        // bytes too.
        for other in [SV_1252, ES_1252, DE_1252, RU_KOI8] {
            assert_eq!(hint(other), None, "{}", String::from_utf8_lossy(other));
        }
    }

    #[test]
    fn damaged_utf8_arabic_or_latin_gets_no_code_page_hint() {
        let arabic = "السلام عليكم ورحمة الله وبركاته".as_bytes();
        // Cut in the middle of a letter, then more Arabic: the rest is mostly valid UTF-8.
        let cut = [&arabic[..5], &arabic[6..]].concat();
        assert!(!decode_text(cut, "cut.txt").unwrap_err().message.contains("code page"));
        // Latin-1 French.
        let e = decode_text(b"caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise".to_vec(), "fr.txt").unwrap_err();
        assert_eq!(e.message, "not valid UTF-8 (line 1, byte 4)");
        // A single stray byte.
        assert_eq!(decode_text(b"a \xd8".to_vec(), "x.txt").unwrap_err().message, "not valid UTF-8 (line 1, byte 3)");
    }
}

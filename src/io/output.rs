//! Writing results: table, JSON or JSON Lines, to standard output or to a file written
//! atomically (a temporary file in the same directory, renamed into place only when complete,
//! so a failed or interrupted run never leaves a partial file).

use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned, human-readable text.
    #[default]
    Table,
    /// One JSON array (or object, for reports).
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// A file that appears at `path` only when [`AtomicFile::commit`] is called; dropped
/// uncommitted, it is removed.
pub struct AtomicFile {
    tmp: Option<PathBuf>,
    path: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Create the temporary file next to `path`.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let mut n = 0u32;
        loop {
            let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => {
                    return Ok(AtomicFile {
                        tmp: Some(tmp),
                        path: path.to_path_buf(),
                        writer: Some(BufWriter::with_capacity(1 << 16, f)),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> io::Result<()> {
        let w = self.writer.take().expect("writer present until commit");
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        let tmp = self.tmp.take().expect("temporary path present until commit");
        std::fs::rename(&tmp, &self.path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.as_mut().expect("open").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().expect("open").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.writer.take();
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Write `bytes` to `path` atomically (in place when `path` is a device or a pipe).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut sink = Sink::open(Some(path))?;
    sink.write_all(bytes)?;
    sink.finish()
}

/// Where output goes.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A regular file, committed at the end.
    File(AtomicFile),
    /// Something that is not a regular file (`/dev/null`, a FIFO, a terminal): written in place,
    /// since renaming over it would replace the device or pipe with a file.
    Special(BufWriter<File>),
}

/// Is `path` an existing file system object other than a regular file (a device, a FIFO)?
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

impl Sink {
    /// Standard output, or an atomic file when `path` is given (written in place when `path`
    /// is a device or a pipe).
    pub fn open(path: Option<&Path>) -> io::Result<Sink> {
        Ok(match path {
            Some(p) if p.as_os_str() != "-" && is_special(p) => {
                Sink::Special(BufWriter::with_capacity(1 << 16, std::fs::OpenOptions::new().write(true).open(p)?))
            }
            Some(p) if p.as_os_str() != "-" => Sink::File(AtomicFile::create(p)?),
            _ => Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
        })
    }

    /// Finish: flush standard output or the device, or commit the file.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush(),
            Sink::Special(mut w) => w.flush(),
            Sink::File(f) => f.commit(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::Special(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::Special(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// A result that can be shown as a table row as well as JSON.
pub trait TableRow: Serialize {
    /// The header line.
    fn header() -> String;
    /// One line (or a few) for this result.
    fn row(&self) -> String;
}

/// One result rendered in a format, without what depends on its place in the stream (a JSON
/// array's brackets and commas, a table's header and line ends). Rendering is most of the cost
/// of writing a result, and can be done on the worker that made it, in parallel; the writer,
/// which must go in input order on one thread, then only copies bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    format: OutputFormat,
    bytes: Vec<u8>,
}

impl Rendered {
    /// Render `rec` as [`RecordWriter::write`] would in `format`.
    pub fn new<T: TableRow>(format: OutputFormat, rec: &T) -> io::Result<Rendered> {
        let bytes = match format {
            OutputFormat::Jsonl | OutputFormat::Json => serde_json::to_vec(rec)?,
            OutputFormat::Table => rec.row().into_bytes(),
        };
        Ok(Rendered { format, bytes })
    }
}

/// Writes a stream of results in the chosen format, as they come.
pub struct RecordWriter<W: Write> {
    out: W,
    format: OutputFormat,
    count: usize,
    header: String,
}

impl<W: Write> RecordWriter<W> {
    /// Start writing (nothing is written before the first record, except the JSON bracket).
    pub fn new(out: W, format: OutputFormat, header: String) -> Self {
        RecordWriter { out, format, count: 0, header }
    }

    /// Write one result.
    pub fn write<T: TableRow>(&mut self, rec: &T) -> io::Result<()> {
        self.write_rendered(&Rendered::new(self.format, rec)?)
    }

    /// Write one result rendered in this writer's format (see [`Rendered`]).
    pub fn write_rendered(&mut self, rec: &Rendered) -> io::Result<()> {
        debug_assert_eq!(rec.format, self.format, "rendered for another format");
        match self.format {
            OutputFormat::Jsonl => {
                self.out.write_all(&rec.bytes)?;
                self.out.write_all(b"\n")?;
            }
            OutputFormat::Json => {
                self.out.write_all(if self.count == 0 { b"[\n  " } else { b",\n  " })?;
                self.out.write_all(&rec.bytes)?;
            }
            OutputFormat::Table => {
                if self.count == 0 {
                    writeln!(self.out, "{}", self.header)?;
                }
                self.out.write_all(&rec.bytes)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Close the stream; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == OutputFormat::Json {
            self.out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    /// Records written so far.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// Cut `s` to at most `n` characters, adding `…` when cut; newlines become spaces.
pub fn ellipsize(s: &str, n: usize) -> String {
    let flat: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() <= n {
        return flat;
    }
    let mut out: String = flat.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `s` in at most `n` characters for a table's id column: an id is a path or `PATH:LINE`, told
/// apart by its end, so a long one keeps its end and loses its start (`…/articles/ar-talks.txt`).
pub fn ellipsize_start(s: &str, n: usize) -> String {
    let flat: Vec<char> = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.len() <= n {
        return flat.into_iter().collect();
    }
    let keep = n.saturating_sub(1);
    std::iter::once('…').chain(flat[flat.len() - keep..].iter().copied()).take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        {
            let mut f = AtomicFile::create(&p).unwrap();
            f.write_all(b"partial").unwrap();
            // dropped without commit
        }
        assert!(!p.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "temporary file removed");
        write_atomic(&p, b"done").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"done");
    }

    #[test]
    fn devices_are_written_in_place_not_replaced() {
        let null = Path::new("/dev/null");
        if !is_special(null) {
            return; // not a Unix-like system
        }
        write_atomic(null, b"discarded").unwrap();
        let mut sink = Sink::open(Some(null)).unwrap();
        sink.write_all(b"discarded too").unwrap();
        sink.finish().unwrap();
        assert!(is_special(null), "/dev/null must still be a device");
        assert_eq!(std::fs::read(null).unwrap(), b"", "nothing readable was written");
    }

    #[derive(Serialize)]
    struct Row {
        id: String,
        score: f32,
    }

    impl TableRow for Row {
        fn header() -> String {
            "ID  SCORE".into()
        }
        fn row(&self) -> String {
            format!("{}  {:.2}", self.id, self.score)
        }
    }

    /// Results rendered on a worker and written later give the bytes that writing them
    /// directly gives, and the bytes of each format as the old direct writer made them (JSON
    /// from `serde_json`, the array's bracket and commas, the table's header and line ends).
    #[test]
    fn rendered_results_write_like_direct_ones() {
        let rows: Vec<Row> = (0..3).map(|i| Row { id: format!("r\"{i}\u{0627}"), score: i as f32 / 3.0 }).collect();
        let json: Vec<String> = rows.iter().map(|r| serde_json::to_string(r).unwrap()).collect();
        let table: Vec<String> = rows.iter().map(|r| r.row()).collect();
        let expected = |format| match format {
            OutputFormat::Jsonl => json.iter().map(|j| format!("{j}\n")).collect::<String>(),
            OutputFormat::Json => format!("[\n  {}\n]\n", json.join(",\n  ")),
            OutputFormat::Table => format!("{}\n{}\n", Row::header(), table.join("\n")),
        };
        for format in [OutputFormat::Jsonl, OutputFormat::Json, OutputFormat::Table] {
            let mut direct = RecordWriter::new(Vec::new(), format, Row::header());
            let mut later = RecordWriter::new(Vec::new(), format, Row::header());
            for r in &rows {
                direct.write(r).unwrap();
                later.write_rendered(&Rendered::new(format, r).unwrap()).unwrap();
            }
            let (direct, later) = (direct.finish().unwrap(), later.finish().unwrap());
            assert_eq!(String::from_utf8(direct).unwrap(), expected(format), "{format:?}");
            assert_eq!(String::from_utf8(later).unwrap(), expected(format), "{format:?}");
        }
    }

    #[test]
    fn ellipsizes() {
        assert_eq!(ellipsize("abc", 5), "abc");
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("a\nb", 4), "a b");
        assert_eq!(ellipsize_start("abc", 5), "abc");
        assert_eq!(ellipsize_start("dir/abcdef.txt", 8), "…def.txt");
        assert_eq!(ellipsize_start("مجلد/خبر.txt", 6), "…ر.txt");
    }
}

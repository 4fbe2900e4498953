//! Helpers shared by the integration tests: run the real `newsdesk` binary and read its output.
#![allow(dead_code)] // each test binary uses a different subset

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The binary under test.
pub fn newsdesk() -> Command {
    Command::cargo_bin("newsdesk").expect("the newsdesk binary is built for integration tests")
}

/// What one run gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON Lines, one value per line.
    pub fn jsonl(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("output line is not JSON ({e}): {l}")))
            .collect()
    }

    /// Standard output as one JSON document.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("output is not JSON ({e}): {}", self.stdout))
    }

    /// The lines of standard error.
    pub fn err_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// Run `newsdesk ARGS` in `dir` (so relative paths in messages are predictable), with `stdin`.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = newsdesk();
    cmd.current_dir(dir).args(args);
    cmd.write_stdin(stdin.unwrap_or(b"").to_vec());
    let out = cmd.output().expect("newsdesk runs");
    Run {
        code: out.status.code().unwrap_or_else(|| panic!("newsdesk was killed by a signal: {:?}", out.status)),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Run `newsdesk ARGS` in the current directory with empty standard input.
pub fn run(args: &[&str]) -> Run {
    run_in(Path::new("."), args, None)
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// Write `bytes` to `dir/name` (creating parent folders) and return the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// The `id` of an output record.
pub fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap_or_else(|| panic!("record without an id: {v}"))
}

/// The `error` of an output record, if it is an error record.
pub fn error(v: &Value) -> Option<&str> {
    v.get("error").and_then(Value::as_str)
}

/// Is this a well-formed error record (exactly `id` and `error`)?
pub fn is_error_record(v: &Value) -> bool {
    v.as_object().is_some_and(|o| o.len() == 2 && o.contains_key("id") && o.contains_key("error"))
}

/// The files left in `dir` (names only, sorted).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A few sentences of ordinary English news prose (written for these tests).
pub const EN: &str = "The foreign ministers of both countries met in Geneva on Friday to discuss the border. \
They agreed to resume talks next month under the mediation of the envoy. \
Officials said the agreement would be signed after both parliaments approve it.";

/// A few sentences of ordinary Arabic news prose (written for these tests).
pub const AR: &str = "التقى وزيرا خارجية البلدين في جنيف يوم الجمعة لبحث ملف الحدود. \
واتفق الجانبان على استئناف المحادثات الشهر المقبل بوساطة المبعوث الأممي. \
وقال مسؤولون إن الاتفاق سيوقع بعد موافقة البرلمانين عليه.";

//! Exit codes, per-record errors and bad inputs, for every command, through the real binary.
//!
//! The contract (see `newsdesk --help`, EXIT STATUS): 0 when every record was processed, 1 when
//! some records failed (each reported on stderr and as an `{"id", "error"}` record), 2 for usage
//! and fatal errors. Whatever fails, the output has exactly one record per input record.

mod support;

use serde_json::Value;
use support::*;

/// The commands that write one output record per input record.
const STREAMING: [&str; 4] = ["classify", "summarize", "analyze", "inspect"];

/// What one input record should give: `Ok(id)`, or `Err((id, start of the error message))`.
type Expected = Result<&'static str, (&'static str, &'static str)>;

/// A JSON Lines input mixing good records with every kind of bad line. Returns the bytes and,
/// per record (blank lines are not records), what it should give.
fn mixed_jsonl() -> (Vec<u8>, Vec<Expected>) {
    let mut b: Vec<u8> = Vec::new();
    let mut line = |s: &[u8]| {
        b.extend_from_slice(s);
        b.push(b'\n');
    };
    line(format!(r#"{{"id": "en-1", "text": "{EN}"}}"#).as_bytes()); // 1
    line(b"this line is not JSON"); // 2
    line(b"   "); // 3: blank, not a record
    line(br#"{"id": "no-text", "title": "a title only"}"#); // 4
    line(br#"{"text": 42}"#); // 5
    line(b"{\"text\": \"broken \xff\xfe bytes\"}"); // 6
    line(b"[1, 2, 3]"); // 7
    line(format!(r#"{{"id": 7, "title": "عنوان الخبر", "text": "{AR}"}}"#).as_bytes()); // 8
    line(br#"{"text": "x", "labels": "not-an-array"}"#); // 9
    line(br#"{"id": "empty", "text": ""}"#); // 10
    line(br#"{"id": {"nested": 1}, "text": "x"}"#); // 11
    line(br#"{"text": "a"} trailing"#); // 12
    line(br#"{"text": "unterminated"#); // 13
    let expect = vec![
        Ok("en-1"),
        Err(("in.jsonl:2", "in.jsonl:2: not a JSON object")),
        Err(("no-text", "in.jsonl:4: no \"text\" field")),
        Err(("in.jsonl:5", "in.jsonl:5: \"text\" must be a string, not a number")),
        Err(("in.jsonl:6", "in.jsonl:6: not valid UTF-8")),
        Err(("in.jsonl:7", "in.jsonl:7: not a JSON object")),
        Ok("7"),
        Err(("in.jsonl:9", "in.jsonl:9: \"labels\" must be an array, not a string")),
        Err(("empty", "in.jsonl:10: the text is empty")),
        Err(("in.jsonl:11", "in.jsonl:11: \"id\" must be a string or a number, not an object")),
        Err(("in.jsonl:12", "in.jsonl:12: not valid JSON")),
        Err(("in.jsonl:13", "in.jsonl:13: not valid JSON")),
    ];
    (b, expect)
}

fn check_records(out: &[Value], expect: &[Expected]) {
    assert_eq!(out.len(), expect.len(), "one output record per input record: {out:#?}");
    for (got, want) in out.iter().zip(expect) {
        match want {
            Ok(want_id) => {
                assert_eq!(id(got), *want_id);
                assert!(error(got).is_none(), "unexpected error record {got}");
            }
            Err((want_id, msg)) => {
                assert!(is_error_record(got), "expected an {{id, error}} record, got {got}");
                assert_eq!(id(got), *want_id);
                let e = error(got).unwrap_or_default();
                assert!(e.starts_with(msg), "error {e:?} should start with {msg:?}");
            }
        }
    }
}

#[test]
fn help_documents_the_exit_codes() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    for line in [
        "EXIT STATUS",
        "0  every record was processed",
        "1  some records failed; each is reported on stderr and as {\"id\", \"error\"} in the output",
        "2  usage error, or a fatal error (unreadable model, unreadable input, failed write)",
    ] {
        assert!(r.stdout.contains(line), "--help lacks {line:?}:\n{}", r.stdout);
    }
}

#[test]
fn all_good_exits_0_with_nothing_on_stderr() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    write(dir.path(), "b.txt", AR);
    for cmd in STREAMING {
        let r = run_in(dir.path(), &[cmd, "--format", "jsonl", "a.txt", "b.txt"], None);
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{cmd}");
        let out = r.jsonl();
        assert_eq!(out.iter().map(id).collect::<Vec<_>>(), ["a.txt", "b.txt"], "{cmd}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    for args in [
        &["--no-such-flag"][..],
        &["classify"][..],
        &["no-such-command", "a.txt"][..],
        &["summarize", "--ratio", "2", "a.txt"][..],
        &["summarize", "--sentences", "2", "--ratio", "0.5", "a.txt"][..],
        &["--threads", "0", "classify", "a.txt"][..],
        &["summarize", "--focus", "no-such-label", "a.txt"][..],
        &["classify", "--format", "xml", "a.txt"][..],
        &["train", "--ngrams", "3", "a.txt", "--output", "m.model"][..],
    ] {
        let r = run_in(dir.path(), args, None);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(r.stderr.contains("error"), "{args:?}: {}", r.stderr);
    }
    let r = run_in(dir.path(), &["summarize", "--focus", "no-such-label", "a.txt"], None);
    assert!(r.stderr.contains("conflict, diplomacy, other, sanctions"), "{}", r.stderr);
}

#[test]
fn bad_jsonl_lines_become_error_records_for_every_command() {
    let dir = tempdir();
    let (bytes, expect) = mixed_jsonl();
    write(dir.path(), "in.jsonl", &bytes);
    let failures = expect.iter().filter(|e| e.is_err()).count();
    for cmd in STREAMING {
        for format in ["jsonl", "json"] {
            let r = run_in(dir.path(), &[cmd, "--format", format, "in.jsonl"], None);
            assert_eq!(r.code, 1, "{cmd} {format}: {}", r.stderr);
            let out: Vec<Value> = if format == "json" {
                r.json().as_array().cloned().unwrap_or_else(|| panic!("{cmd}: not a JSON array"))
            } else {
                r.jsonl()
            };
            check_records(&out, &expect);
            // stderr: one line per failure, naming file and line, then the count.
            let lines = r.err_lines();
            assert_eq!(lines.len(), failures + 1, "{cmd}: {}", r.stderr);
            for (l, (_, msg)) in lines.iter().zip(expect.iter().filter_map(|e| e.as_ref().err())) {
                assert!(l.starts_with(&format!("newsdesk: {msg}")), "{cmd}: {l:?} vs {msg:?}");
            }
            assert_eq!(
                lines.last().copied(),
                Some(format!("newsdesk: {failures} of {} records failed (reported above)", expect.len()).as_str())
            );
        }
    }
}

#[test]
fn table_output_keeps_one_row_per_record() {
    let dir = tempdir();
    let (bytes, expect) = mixed_jsonl();
    write(dir.path(), "in.jsonl", &bytes);
    let r = run_in(dir.path(), &["classify", "in.jsonl"], None);
    assert_eq!(r.code, 1);
    let rows: Vec<&str> = r.stdout.lines().skip(1).collect(); // after the header
    assert_eq!(rows.len(), expect.len(), "{}", r.stdout);
    assert!(rows[1].starts_with(&format!("{:<28} ERROR: in.jsonl:2: not a JSON object", "in.jsonl:2")), "{}", rows[1]);
}

#[test]
fn quiet_drops_the_summary_but_not_the_errors() {
    let dir = tempdir();
    let (bytes, expect) = mixed_jsonl();
    write(dir.path(), "in.jsonl", &bytes);
    let r = run_in(dir.path(), &["--quiet", "classify", "-f", "jsonl", "in.jsonl"], None);
    assert_eq!(r.code, 1);
    assert_eq!(r.err_lines().len(), expect.iter().filter(|e| e.is_err()).count(), "{}", r.stderr);
    assert!(!r.stderr.contains("records failed"));
}

#[test]
fn missing_input_is_fatal_but_the_other_inputs_are_processed() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    write(dir.path(), "c.txt", AR);
    for cmd in STREAMING {
        let r = run_in(dir.path(), &[cmd, "-f", "jsonl", "a.txt", "missing.txt", "c.txt"], None);
        assert_eq!(r.code, 2, "{cmd}: {}", r.stderr);
        let out = r.jsonl();
        assert_eq!(out.iter().map(id).collect::<Vec<_>>(), ["a.txt", "missing.txt", "c.txt"], "{cmd}");
        assert_eq!(error(&out[1]), Some("missing.txt: no such file or directory"));
        assert!(error(&out[0]).is_none() && error(&out[2]).is_none());
        assert_eq!(
            r.err_lines(),
            ["newsdesk: missing.txt: no such file or directory", "newsdesk: 1 of 3 records failed (reported above)"]
        );
    }
}

#[test]
fn eval_with_a_missing_input_or_an_empty_directory_scores_the_rest_and_exits_2() {
    let dir = tempdir();
    write(dir.path(), "gold.jsonl", format!("{{\"text\": \"{EN}\", \"label\": \"diplomacy\"}}\n"));
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let r = run_in(dir.path(), &["eval", "-f", "json", "missing.jsonl", "gold.jsonl", "empty"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!((r.json()["records"].as_u64(), r.json()["errors"].as_u64()), (Some(1), Some(2)));
    assert_eq!(
        r.err_lines(),
        [
            "newsdesk: missing.jsonl: no such file or directory",
            "newsdesk: empty: the directory contains no files",
            "newsdesk: 2 of 3 records failed (reported above)"
        ]
    );
}

#[test]
fn empty_directory_is_fatal() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    // Hidden files do not count.
    write(dir.path(), "hidden/.keep", "x");
    for input in ["empty", "hidden"] {
        let r = run_in(dir.path(), &["classify", "-f", "jsonl", input], None);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(r.jsonl().len(), 1);
        assert_eq!(error(&r.jsonl()[0]), Some(format!("{input}: the directory contains no files").as_str()));
        assert!(r.stderr.starts_with(&format!("newsdesk: {input}: the directory contains no files\n")));
    }
}

#[test]
fn directory_inputs_report_each_bad_file_and_keep_going() {
    let dir = tempdir();
    write(dir.path(), "in/a.txt", EN);
    write(dir.path(), "in/b.txt", b"first line\nsecond line\nthird \xc3\x28 line\n");
    write(dir.path(), "in/c/d.jsonl", format!("{{\"text\": \"{AR}\"}}\nnot json\n"));
    write(dir.path(), "in/.hidden.txt", "never read");
    write(dir.path(), "in/e.txt", "");
    let r = run_in(dir.path(), &["analyze", "-f", "jsonl", "in"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = r.jsonl();
    let ids: Vec<&str> = out.iter().map(id).collect();
    assert_eq!(ids, ["in/a.txt", "in/b.txt", "in/c/d.jsonl:1", "in/c/d.jsonl:2", "in/e.txt"]);
    assert_eq!(error(&out[1]), Some("in/b.txt: not valid UTF-8 (line 3, byte 30)"));
    assert!(error(&out[3]).is_some_and(|e| e.starts_with("in/c/d.jsonl:2: not a JSON object")));
    assert_eq!(out.iter().filter(|v| error(v).is_some()).count(), 3);
    assert_eq!(error(&out[4]), Some("in/e.txt: the text is empty"), "an empty file has nothing to read");
}

/// A `.json` file holding JSON Lines is read as JSON Lines, and one holding one object written
/// over several lines as that record, not as one article of JSON syntax; a JSON array is refused
/// with the command that converts it.
#[test]
fn json_files_are_json_lines_or_refused() {
    let dir = tempdir();
    write(
        dir.path(),
        "feed.json",
        format!("{{\"id\": \"x\", \"text\": \"{EN}\"}}\n{{\"id\": \"y\", \"text\": \"{AR}\"}}\n"),
    );
    write(dir.path(), "arr.json", format!("[{{\"text\": \"{EN}\"}}]"));
    write(dir.path(), "one.json", format!("{{\n  \"title\": \"Talks\",\n  \"text\": \"{EN}\"\n}}\n"));
    // JSON Lines whose first line is bad: that line is an error, the others are read.
    write(
        dir.path(),
        "bad.json",
        format!("{{\"id\": \"a\", \"text\": \"x\"}} trailing\n{{\"id\": \"b\", \"text\": \"{EN}\"}}\n"),
    );
    let r = run_in(dir.path(), &["classify", "-f", "jsonl", "feed.json", "arr.json", "one.json", "bad.json"], None);
    let out = r.jsonl();
    assert_eq!(
        out.iter().map(id).collect::<Vec<_>>(),
        ["x", "y", "arr.json", "one.json", "bad.json:1", "b"],
        "{}",
        r.stderr
    );
    assert!(
        error(&out[2]).is_some_and(|e| e.contains("a JSON array, not JSON Lines") && e.contains("jq -c")),
        "{out:?}"
    );
    assert!(error(&out[3]).is_none(), "one object over several lines is one record: {out:?}");
    assert!(error(&out[4]).is_some_and(|e| e.starts_with("bad.json:1: not valid JSON")), "{out:?}");
    assert!(error(&out[5]).is_none(), "{out:?}");
}

/// A symbolic link back up the tree (or to a folder already read) does not repeat files.
#[cfg(unix)]
#[test]
fn symbolic_link_loops_read_each_file_once() {
    let dir = tempdir();
    write(dir.path(), "in/a.txt", EN);
    write(dir.path(), "in/sub/b.txt", EN);
    std::os::unix::fs::symlink("..", dir.path().join("in/sub/up")).unwrap();
    std::os::unix::fs::symlink("../sub", dir.path().join("in/sub/same")).unwrap();
    let r = run_in(dir.path(), &["classify", "-f", "jsonl", "in"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.jsonl().iter().map(id).collect::<Vec<_>>(), ["in/a.txt", "in/sub/b.txt"]);
    // Of two paths to one folder, the first in sorted order is the one read, whatever order the
    // file system lists them in.
    for alias in ["m1", "m2", "m3", "A0"] {
        std::os::unix::fs::symlink("sub", dir.path().join("in").join(alias)).unwrap();
    }
    let r = run_in(dir.path(), &["classify", "-f", "jsonl", "in"], None);
    assert_eq!(r.jsonl().iter().map(id).collect::<Vec<_>>(), ["in/A0/b.txt", "in/a.txt"], "{}", r.stderr);
}

#[test]
fn invalid_utf8_in_a_text_file_names_the_line() {
    let dir = tempdir();
    let mut bytes = b"Line one.\r\nLine two.\r\n".to_vec();
    bytes.extend_from_slice(b"Line \x80three.\n");
    write(dir.path(), "bad.txt", &bytes);
    for cmd in STREAMING {
        let r = run_in(dir.path(), &[cmd, "-f", "jsonl", "bad.txt"], None);
        assert_eq!(r.code, 1, "{cmd}");
        assert_eq!(r.jsonl().len(), 1);
        assert_eq!(error(&r.jsonl()[0]), Some("bad.txt: not valid UTF-8 (line 3, byte 28)"));
        assert_eq!(r.err_lines()[0], "newsdesk: bad.txt: not valid UTF-8 (line 3, byte 28)");
    }
}

#[test]
fn standard_input_as_text_and_as_json_lines() {
    let dir = tempdir();
    let r = run_in(dir.path(), &["classify", "-f", "jsonl", "-"], Some(EN.as_bytes()));
    assert_eq!(r.code, 0);
    assert_eq!(r.jsonl().iter().map(id).collect::<Vec<_>>(), ["-"]);
    let input = format!("\n  {{\"text\": \"{EN}\"}}\r\n\nnope\n{{\"text\": \"{AR}\"}}");
    let r = run_in(dir.path(), &["classify", "-f", "jsonl", "-"], Some(input.as_bytes()));
    assert_eq!(r.code, 1);
    let out = r.jsonl();
    assert_eq!(out.iter().map(id).collect::<Vec<_>>(), ["-:2", "-:4", "-:5"]);
    assert!(error(&out[1]).is_some_and(|e| e.starts_with("-:4: not a JSON object")));
    // Invalid UTF-8 on standard input read as text.
    let r = run_in(dir.path(), &["inspect", "-f", "jsonl", "-"], Some(b"ok\n\xff"));
    assert_eq!(r.code, 1);
    assert_eq!(error(&r.jsonl()[0]), Some("-: not valid UTF-8 (line 2, byte 4)"));
    // Standard input named twice.
    let r = run_in(dir.path(), &["classify", "-f", "jsonl", "-", "-"], Some(EN.as_bytes()));
    assert_eq!(r.code, 2);
    assert_eq!(r.jsonl().len(), 2);
    assert_eq!(error(&r.jsonl()[1]), Some("-: standard input is named twice"));
    // Empty standard input is one record with nothing to read: an error, for every command.
    for cmd in STREAMING {
        let r = run_in(dir.path(), &[cmd, "-f", "jsonl", "-"], Some(b" \n"));
        assert_eq!(r.code, 1, "{cmd}");
        assert_eq!(r.jsonl().len(), 1, "{cmd}");
        assert_eq!(error(&r.jsonl()[0]), Some("-: the text is empty"), "{cmd}");
    }
}

#[test]
fn eval_reports_bad_records_and_scores_the_rest() {
    let dir = tempdir();
    let input = format!(
        "{{\"text\": \"{EN}\", \"label\": \"diplomacy\"}}\nnot json\n{{\"text\": \"{AR}\"}}\n\
         {{\"text\": \"{EN}\", \"label\": \"sport\"}}\n"
    );
    write(dir.path(), "gold.jsonl", input);
    let r = run_in(dir.path(), &["eval", "-f", "json", "gold.jsonl"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rep = r.json();
    assert_eq!(rep["records"], 1);
    assert_eq!(rep["errors"], 1);
    assert_eq!(rep["unlabelled"], 1);
    assert_eq!(rep["unknown_labels"]["sport"], 1);
    assert!(r.stderr.contains("newsdesk: gold.jsonl:2: not a JSON object"), "{}", r.stderr);
    assert!(r.stderr.contains("newsdesk: gold.jsonl:3: no label; not scored"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Output files

#[test]
fn output_file_is_complete_and_stdout_empty() {
    let dir = tempdir();
    let (bytes, expect) = mixed_jsonl();
    write(dir.path(), "in.jsonl", &bytes);
    let r = run_in(dir.path(), &["analyze", "-f", "json", "-o", "out.json", "in.jsonl"], None);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    let out: Value = serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).expect("out.json written"))
        .expect("out.json is JSON");
    check_records(out.as_array().expect("array"), &expect);
    assert_eq!(listing(dir.path()), ["in.jsonl", "out.json"], "no temporary file left");
}

#[test]
fn failed_runs_leave_no_output_file() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    write(dir.path(), "bad.model", "{\"format\": \"newsdesk-model\", \"version\": 1");
    write(dir.path(), "old.json", "previous contents");
    for cmd in STREAMING {
        for target in ["new.json", "old.json"] {
            let r = run_in(dir.path(), &[cmd, "--model", "bad.model", "-o", target, "a.txt"], None);
            assert_eq!(r.code, 2, "{cmd}");
            assert!(r.stderr.starts_with("newsdesk: error: bad.model: damaged model file"), "{}", r.stderr);
            assert_eq!(listing(dir.path()), ["a.txt", "bad.model", "old.json"], "{cmd} -o {target}");
            assert_eq!(std::fs::read_to_string(dir.path().join("old.json")).unwrap_or_default(), "previous contents");
        }
    }
    let r = run_in(dir.path(), &["eval", "--model", "bad.model", "-o", "new.json", "a.txt"], None);
    assert_eq!(r.code, 2);
    assert_eq!(listing(dir.path()), ["a.txt", "bad.model", "old.json"]);
}

#[test]
fn output_into_a_missing_folder_is_fatal() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    let r = run_in(dir.path(), &["classify", "-o", "no/such/dir/out.json", "a.txt"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("newsdesk: error: cannot create no/such/dir/out.json:"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

/// A write that fails half-way (here: the file size limit) leaves neither the output file nor a
/// temporary file, and an older file of that name is untouched.
#[cfg(target_os = "linux")]
#[test]
fn a_write_that_fails_half_way_leaves_no_partial_file() {
    let dir = tempdir();
    let record = format!("{{\"text\": \"{EN}\"}}\n");
    write(dir.path(), "in.jsonl", record.repeat(200));
    write(dir.path(), "old.json", "previous contents");
    let bin = assert_cmd::cargo::cargo_bin("newsdesk");
    // ulimit -f counts 512-byte blocks in POSIX sh (1024 in bash): either way far below the output.
    // SIGXFSZ is ignored so that the write fails with EFBIG instead of killing the process.
    let script = format!(
        "ulimit -f 8; trap '' XFSZ; exec '{}' analyze -f jsonl -o \"$1\" in.jsonl",
        bin.display().to_string().replace('\'', r"'\''")
    );
    for target in ["new.json", "old.json"] {
        let out = std::process::Command::new("sh")
            .current_dir(dir.path())
            .args(["-c", &script, "sh", target])
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("newsdesk: error: cannot write output"), "{stderr}");
        assert_eq!(listing(dir.path()), ["in.jsonl", "old.json"], "-o {target}");
        assert_eq!(std::fs::read_to_string(dir.path().join("old.json")).unwrap_or_default(), "previous contents");
    }
}

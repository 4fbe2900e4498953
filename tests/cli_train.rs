//! `train` on bad and unusual training data: it stops with the list of problems (or skips them
//! with `--skip-invalid`), and any set of two or more labels trains, whatever their names.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use support::*;

/// Three short articles per label, each label with its own made-up vocabulary (so training and
/// the check that the model learnt something do not depend on real news).
fn synthetic(labels: &[&str]) -> String {
    let mut out = String::new();
    for (k, label) in labels.iter().enumerate() {
        for d in 0..3 {
            let text = format!(
                "The zq{k}alpha and the zq{k}beta of the day. It was the zq{k}gamma report {d} of the zq{k}delta."
            );
            out += &json!({"text": text, "label": label}).to_string();
            out.push('\n');
        }
    }
    out
}

fn train_report(dir: &Path, input: &str, extra: &[&str]) -> Run {
    let mut args = vec!["train", input, "--output", "m.model", "--format", "json"];
    args.extend_from_slice(extra);
    run_in(dir, &args, None)
}

/// Train on `labels`, then check the model predicts each label for its own vocabulary.
fn trains_and_predicts(labels: &[&str]) {
    let dir = tempdir();
    write(dir.path(), "train.jsonl", synthetic(labels));
    let r = train_report(dir.path(), "train.jsonl", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = r.json();
    assert_eq!(rep["documents"], 3 * labels.len());
    assert_eq!(rep["skipped"], 0);
    // Labels are taken without the white space around them.
    let mut sorted: Vec<&str> = labels.iter().map(|l| l.trim()).collect();
    sorted.sort();
    assert_eq!(rep["labels"], json!(sorted));
    let queries: String = (0..labels.len())
        .map(|k| json!({"id": k.to_string(), "text": format!("zq{k}alpha zq{k}beta zq{k}gamma")}).to_string() + "\n")
        .collect();
    write(dir.path(), "q.jsonl", queries);
    let r = run_in(dir.path(), &["classify", "--model", "m.model", "-f", "jsonl", "q.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.jsonl();
    assert_eq!(out.len(), labels.len());
    for (k, v) in out.iter().enumerate() {
        assert_eq!(v["label"], labels[k].trim(), "query {k}: {v}");
        let sum: f64 = v["scores"].as_object().expect("scores").values().filter_map(Value::as_f64).sum();
        assert!((sum - 1.0).abs() < 1e-4, "probabilities sum to {sum}");
    }
}

#[test]
fn two_labels_train() {
    trains_and_predicts(&["yes", "no"]);
}

#[test]
fn fifty_labels_train() {
    let names: Vec<String> = (0..50).map(|k| format!("topic-{k:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    trains_and_predicts(&refs);
}

#[test]
fn labels_with_spaces_and_arabic_script_train() {
    trains_and_predicts(&["foreign affairs", "سياسة خارجية", "اقتصاد", "Mixed عربي label", "  padded  "]);
}

#[test]
fn folder_labels_train_including_arabic_folder_names() {
    let dir = tempdir();
    for (k, label) in ["رياضة", "economy news"].iter().enumerate() {
        for d in 0..3 {
            write(
                dir.path(),
                &format!("corpus/{label}/{d}.txt"),
                format!("zq{k}alpha zq{k}beta common. zq{k}gamma item {d}."),
            );
        }
    }
    let r = train_report(dir.path(), "corpus", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["labels"], json!(["economy news", "رياضة"]));
    assert_eq!(r.json()["documents_per_label"], json!({"economy news": 3, "رياضة": 3}));
    // A file deeper down takes the label of the folder it is in (an archive by year, then by
    // label), and a folder name loses the white space around it, as any label does.
    write(dir.path(), "corpus/2024/رياضة/9.txt", "zq0alpha zq0beta common. zq0gamma item 9.");
    write(dir.path(), "corpus/2024/economy news /9.txt", "zq1alpha zq1beta common. zq1gamma item 9.");
    let r = train_report(dir.path(), "corpus", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["documents_per_label"], json!({"economy news": 4, "رياضة": 4}));
}

#[test]
fn one_label_is_refused() {
    let dir = tempdir();
    write(dir.path(), "one.jsonl", synthetic(&["only"]));
    let r = train_report(dir.path(), "one.jsonl", &[]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "newsdesk: error: the training records have only one label (\"only\"); a classifier needs at least two\n"
    );
    assert_eq!(listing(dir.path()), ["one.jsonl"], "no model written");
}

#[test]
fn an_empty_training_set_is_refused() {
    let dir = tempdir();
    write(dir.path(), "empty.jsonl", "\n\n");
    let r = train_report(dir.path(), "empty.jsonl", &[]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "newsdesk: error: there are no training records\n");
    assert_eq!(listing(dir.path()), ["empty.jsonl"]);
}

/// How training lists the problems of [`bad_training_set`], refusing or skipping them.
const BAD_TRAINING_PROBLEMS: [&str; 6] = [
    "  t.jsonl:7: no \"text\" field",
    "  t.jsonl:8: no label (give \"label\" in JSON, or put files in per-label folders)",
    "  t.jsonl:9: the text is empty",
    "  t.jsonl:10: the label is empty",
    "  t.jsonl:11: not a JSON object with a \"text\" field (each line must be one {...} object)",
    "  t.jsonl:12: \"label\" must be a string, not a number",
];

fn bad_training_set() -> String {
    let mut s = synthetic(&["a", "b"]); // lines 1-6 are good
    s += "{\"label\": \"a\"}\n"; // 7: no text
    s += "{\"text\": \"zq0alpha words\"}\n"; // 8: no label
    s += "{\"text\": \"  \\n \", \"label\": \"b\"}\n"; // 9: whitespace text
    s += "{\"text\": \"zq1beta\", \"label\": \"   \"}\n"; // 10: blank label
    s += "garbage\n"; // 11
    s += "{\"text\": \"zq1beta\", \"label\": 3}\n"; // 12
    s
}

#[test]
fn bad_training_records_stop_the_run_with_the_list() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", bad_training_set());
    let r = train_report(dir.path(), "t.jsonl", &[]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    let mut want = vec!["newsdesk: error: 6 problem(s) in the training data; nothing was written:"];
    want.extend(BAD_TRAINING_PROBLEMS);
    want.push("Fix them, or pass --skip-invalid to train without those records.");
    assert_eq!(r.err_lines(), want);
    assert_eq!(listing(dir.path()), ["t.jsonl"], "no model written");
}

#[test]
fn skip_invalid_trains_on_the_rest_and_says_how_many() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", bad_training_set());
    let r = train_report(dir.path(), "t.jsonl", &["--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut want = vec!["newsdesk: skipped 6 invalid training record(s):"];
    want.extend(BAD_TRAINING_PROBLEMS);
    assert_eq!(r.err_lines(), want, "{}", r.stderr);
    let rep = r.json();
    assert_eq!((rep["documents"].as_u64(), rep["skipped"].as_u64()), (Some(6), Some(6)));
    assert_eq!(listing(dir.path()), ["m.model", "t.jsonl"]);
}

/// A record with its own id is still located by file and line in the list of problems.
#[test]
fn problems_of_records_with_an_id_name_the_file_and_line() {
    let dir = tempdir();
    let mut s = synthetic(&["a", "b"]);
    s += "{\"id\": \"story-9\", \"text\": \" \", \"label\": \"b\"}\n";
    write(dir.path(), "t.jsonl", s);
    let r = train_report(dir.path(), "t.jsonl", &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\n  t.jsonl:7"), "{}", r.stderr);
}

#[test]
fn many_problems_are_listed_up_to_twenty() {
    let dir = tempdir();
    let mut s = synthetic(&["a", "b"]);
    s += &"{\"text\": \"no label here\"}\n".repeat(25);
    write(dir.path(), "t.jsonl", s);
    let r = train_report(dir.path(), "t.jsonl", &[]);
    assert_eq!(r.code, 2);
    let lines = r.err_lines();
    assert_eq!(lines[0], "newsdesk: error: 25 problem(s) in the training data; nothing was written:");
    assert_eq!(lines.iter().filter(|l| l.contains(": no label")).count(), 20);
    assert!(lines.contains(&"  ... and 5 more"), "{}", r.stderr);
}

#[test]
fn invalid_utf8_and_missing_files_are_training_problems() {
    let dir = tempdir();
    write(dir.path(), "corpus/a/1.txt", "zq0alpha zq0beta.");
    write(dir.path(), "corpus/a/2.txt", b"zq0alpha \xff zq0beta.");
    write(dir.path(), "corpus/b/1.txt", "zq1alpha zq1beta.");
    let r = train_report(dir.path(), "corpus", &["--min-df", "1"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\n  corpus/a/2.txt: not valid UTF-8 (line 1, byte 10)\n"), "{}", r.stderr);
    let r = run_in(dir.path(), &["train", "corpus", "missing.jsonl", "-o", "m.model"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\n  missing.jsonl: no such file or directory\n"), "{}", r.stderr);
    let r = train_report(dir.path(), "corpus", &["--min-df", "1", "--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["documents"], 2);
}

#[test]
fn hostile_training_text_trains() {
    let dir = tempdir();
    let mut s = synthetic(&["a", "b"]);
    for t in ["\u{0000}\u{0000}", "😀😀😀", "٠١٢٣ ...", "\u{202E}\u{200F}\u{200D}", "x\r\ny\r\n", "\u{FEFF}zq0alpha"]
    {
        s += &json!({"text": t, "label": "a"}).to_string();
        s.push('\n');
    }
    write(dir.path(), "t.jsonl", s);
    // The four texts without a letter are refused (lines 7 to 10), the rest train.
    let r = train_report(dir.path(), "t.jsonl", &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for line in [7, 8, 9, 10] {
        assert!(r.stderr.contains(&format!("t.jsonl:{line}: the text has no words")), "{}", r.stderr);
    }
    let r = train_report(dir.path(), "t.jsonl", &["--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["documents"], 8);
}

#[test]
fn a_vocabulary_too_small_for_min_df_is_a_clear_error() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", "{\"text\": \"alpha\", \"label\": \"a\"}\n{\"text\": \"beta\", \"label\": \"b\"}\n");
    let r = train_report(dir.path(), "t.jsonl", &[]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.lines().last(),
        Some("newsdesk: error: no term occurs in at least 2 of the 2 training documents: lower --min-df or add data"),
        "{}",
        r.stderr
    );
    assert_eq!(listing(dir.path()), ["t.jsonl"]);
}

/// `--holdout F` holds out the fraction F of each label's records (rounded), scores the model
/// trained on the rest on them, and keeps that model; a fraction that rounds to no record at all
/// is an error that says so.
#[test]
fn the_hold_out_is_that_fraction_of_each_label() {
    let dir = tempdir();
    let mut lines = String::new();
    for (label, n) in [("a", 10), ("b", 20), ("c", 1)] {
        for d in 0..n {
            let text =
                format!("The zq{label}alpha and the zq{label}beta of the day {d}. It was the zq{label}gamma report.");
            lines += &json!({"text": text, "label": label}).to_string();
            lines.push('\n');
        }
    }
    write(dir.path(), "t.jsonl", lines);
    let r = train_report(dir.path(), "t.jsonl", &["--holdout", "0.2", "--min-df", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = r.json();
    assert_eq!(rep["validation"]["method"], "hold-out 0.2", "{rep}");
    let support: Vec<u64> =
        ["a", "b"].iter().map(|l| rep["validation"]["per_class"][l]["support"].as_u64().unwrap()).collect();
    assert_eq!(support, [2, 4], "{rep}");
    // The label of one record is never held out: it stays in training.
    assert_eq!(rep["documents"], 8 + 16 + 1, "{rep}");
    assert_eq!(rep["documents_per_label"]["c"], 1, "{rep}");
    let r = train_report(dir.path(), "t.jsonl", &["--holdout", "0.01", "--min-df", "1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--holdout 0.01 holds out no record"), "{}", r.stderr);
}

/// Progress goes to stderr only when it is a terminal: run from a pipe, training prints nothing
/// there (with or without `--quiet`, with cross-validation too), and its report is on stdout.
#[test]
fn training_off_a_terminal_writes_nothing_to_stderr() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", synthetic(&["a", "b", "c"]));
    for extra in [&[][..], &["-q"], &["--cv", "3"], &["--holdout", "0.34", "--min-df", "1"]] {
        let r = train_report(dir.path(), "t.jsonl", extra);
        assert_eq!(r.code, 0, "{extra:?}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{extra:?}");
        let rep = r.json();
        assert!(rep["matrix"]["nnz"].as_u64().unwrap() > 0, "{rep}");
        assert_eq!(rep["matrix"]["rows"], rep["documents"], "{rep}");
    }
    let r = run_in(dir.path(), &["-q", "classify", "--model", "m.model", "-f", "jsonl", "t.jsonl"], None);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// `--c auto` chooses C by cross-validation: the report and the model file say which and how
/// every value did, the model carries that C, and a C that is not a positive number or `auto`
/// is refused before anything is read.
#[test]
fn c_auto_reports_its_choice_and_the_model_uses_it() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", synthetic(&["a", "b", "c"]));
    let r = train_report(dir.path(), "t.jsonl", &["--c", "auto", "--min-df", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = r.json();
    let search = &rep["c_search"];
    assert_eq!(search["folds"], 5, "{rep}");
    assert_eq!(search["documents"], 9, "{rep}");
    let tried: Vec<f64> = search["scores"].as_array().unwrap().iter().map(|s| s["c"].as_f64().unwrap()).collect();
    assert_eq!(tried, [0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0]);
    let chosen = search["chosen"].as_f64().unwrap();
    let model: Value = serde_json::from_slice(&std::fs::read(dir.path().join("m.model")).unwrap()).unwrap();
    assert_eq!(model["params"]["c"].as_f64(), Some(chosen));
    assert_eq!(&model["training"]["c_search"], search);
    // The table names the choice too.
    let r = run_in(dir.path(), &["train", "t.jsonl", "--output", "m2.model", "--c", "auto", "--min-df", "1"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("C chosen by 5-fold cross-validation over 9 documents: "), "{}", r.stdout);
    // Without --c auto there is no search in the report or the file.
    let r = train_report(dir.path(), "t.jsonl", &["--c", "2", "--min-df", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.json().get("c_search").is_none());
    let model: Value = serde_json::from_slice(&std::fs::read(dir.path().join("m.model")).unwrap()).unwrap();
    assert_eq!(model["params"]["c"].as_f64(), Some(2.0));
    assert!(model["training"].get("c_search").is_none());
    for bad in ["0", "-1", "fast"] {
        let r = train_report(dir.path(), "t.jsonl", &["--c", bad]);
        assert_eq!(r.code, 2, "--c {bad}: {}", r.stderr);
        assert!(r.stderr.contains("neither a positive number nor `auto`"), "{}", r.stderr);
    }
}

/// `eval --predictions` writes one line per input record, in order: scored records, records
/// without a label or with one the model does not know (marked not scored), and records that
/// could not be read (as error records). None is left out.
#[test]
fn eval_predictions_have_a_line_for_every_record() {
    let dir = tempdir();
    let lines = [
        json!({"id": "1", "text": "The foreign ministers met in Geneva for talks on a treaty.", "label": "diplomacy"})
            .to_string(),
        json!({"id": "2", "text": "Artillery shelled the town overnight."}).to_string(),
        json!({"id": "3", "text": "Banks were fined for breaking the embargo.", "label": "finance"}).to_string(),
        "{not json".to_string(),
        json!({"id": "5", "text": "Troops fought rebels near the border.", "label": "conflict"}).to_string(),
    ];
    write(dir.path(), "e.jsonl", lines.join("\n") + "\n");
    let r = run_in(dir.path(), &["-q", "eval", "e.jsonl", "--predictions", "p.jsonl", "--format", "json"], None);
    assert_eq!(r.code, 1, "one record failed: {}", r.stderr);
    let p = std::fs::read_to_string(dir.path().join("p.jsonl")).unwrap();
    let recs: Vec<Value> = p.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = recs.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "e.jsonl:4", "5"], "{p}");
    let scored: Vec<Option<bool>> = recs.iter().map(|v| v["scored"].as_bool()).collect();
    assert_eq!(scored, [Some(true), Some(false), Some(false), None, Some(true)], "{p}");
    assert_eq!(recs[1]["gold"], Value::Null, "{p}");
    assert_eq!(recs[2]["gold"], "finance", "{p}");
    assert!(recs[3]["error"].as_str().unwrap().contains("e.jsonl:4: not valid JSON"), "{p}");
    assert!(
        recs.iter().filter(|v| v["error"].is_null()).all(|v| v["label"].is_string() && v["confidence"].is_number())
    );
    let rep: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (rep["records"].as_u64(), rep["unlabelled"].as_u64(), rep["errors"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
}

/// `eval` on records none of which can be scored fails with a message that says why, rather
/// than reporting an accuracy of zero.
#[test]
fn eval_with_nothing_to_score_fails_and_says_why() {
    let dir = tempdir();
    let lines = [
        json!({"text": "Shares rose on the stock exchange.", "label": "business"}).to_string(),
        json!({"text": "The striker scored twice."}).to_string(),
    ];
    write(dir.path(), "e.jsonl", lines.join("\n") + "\n");
    let r = run_in(dir.path(), &["-q", "eval", "e.jsonl"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("no record was scored (2 read: 1 without a label, 1 with a label the model does not know"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

/// An output training could not write, or one of its own inputs, is refused before anything is
/// read or trained, and nothing is written.
#[test]
fn an_unwritable_or_input_output_is_refused_before_training() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", synthetic(&["a", "b"]));
    let cases: [(&[&str], &str); 4] = [
        (
            &["train", "t.jsonl", "-o", "nowhere/m.model"],
            "cannot write the model to nowhere/m.model: the folder nowhere does not exist",
        ),
        (&["train", "t.jsonl", "-o", "."], "--output . is a directory"),
        (&["train", "t.jsonl", "-o", "t.jsonl"], "--output t.jsonl is one of the inputs"),
        (&["train", ".", "-o", "m.model"], "--output m.model is inside the input folder ."),
    ];
    for (args, msg) in cases {
        let r = run_in(dir.path(), args, None);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(msg), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}: nothing was trained, no report");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("t.jsonl")).unwrap(), synthetic(&["a", "b"]));
    assert_eq!(listing(dir.path()), ["t.jsonl"]);
}

/// Counts that ask for nothing are refused by the argument parser, and `--format jsonl` gives
/// `train` and `eval` their report on one line (`json` indents it).
#[test]
fn zero_counts_are_refused_and_jsonl_reports_are_one_line() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", synthetic(&["a", "b"]));
    for args in [
        &["classify", "--top", "0", "t.jsonl"][..],
        &["summarize", "-k", "0", "t.jsonl"],
        &["train", "t.jsonl", "-o", "m.model", "--max-features", "0"],
    ] {
        let r = run_in(dir.path(), args, None);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("must be at least 1"), "{args:?}: {}", r.stderr);
    }
    let r = run_in(dir.path(), &["-q", "train", "t.jsonl", "-o", "m.model", "--min-df", "1", "-f", "jsonl"], None);
    assert_eq!((r.code, r.stdout.lines().count()), (0, 1), "{}", r.stdout);
    let r = run_in(dir.path(), &["-q", "eval", "-m", "m.model", "t.jsonl", "-f", "jsonl"], None);
    assert_eq!((r.code, r.stdout.lines().count()), (0, 1), "{}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["records"], 6);
}

/// A label with fewer than three training records trains, with a warning naming it, and
/// labels that differ only by surrounding white space are one label.
#[test]
fn rare_labels_are_named_and_padded_labels_merge() {
    let dir = tempdir();
    let mut s = synthetic(&["a", "b "]);
    s += &json!({"text": "zq9alpha zq9beta once.", "label": "rare"}).to_string();
    s += "\n";
    s += &json!({"text": "zq1alpha zq1beta again.", "label": " b"}).to_string();
    s += "\n";
    write(dir.path(), "t.jsonl", s);
    let r = train_report(dir.path(), "t.jsonl", &["--min-df", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.err_lines(),
        ["newsdesk: warning: label(s) with fewer than 3 training records, too few to learn: \"rare\" (1)"]
    );
    assert_eq!(r.json()["documents_per_label"], json!({"a": 3, "b": 4, "rare": 1}));
}

/// A model whose labels carry white space (trained before labels were trimmed) still scores
/// records whose labels do not, and the other way round.
#[test]
fn eval_compares_labels_without_surrounding_white_space() {
    let dir = tempdir();
    write(dir.path(), "t.jsonl", synthetic(&["a", "b"]));
    let r = train_report(dir.path(), "t.jsonl", &["--min-df", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let model = std::fs::read_to_string(dir.path().join("m.model")).unwrap();
    assert_eq!(model.matches(r#""labels":["a","b"]"#).count(), 1);
    write(dir.path(), "old.model", model.replace(r#""labels":["a","b"]"#, r#""labels":["a","b "]"#));
    let gold = synthetic(&["a", "b"]).replace(r#""label":"a""#, r#""label":" a""#);
    assert_eq!(gold.matches(r#""label":" a""#).count(), 3);
    write(dir.path(), "gold.jsonl", gold);
    let r = run_in(dir.path(), &["-q", "eval", "-m", "old.model", "gold.jsonl", "-f", "json"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!((v["records"].as_u64(), v["accuracy"].as_f64()), (Some(6), Some(1.0)), "{v}");
}

/// A model path that the next reading of an input folder would reach, through a symbolic link
/// too, is refused; one whose name starts with '.' (never read) is not.
#[cfg(unix)]
#[test]
fn an_output_the_inputs_would_read_is_refused() {
    let dir = tempdir();
    for (k, label) in ["a", "b"].iter().enumerate() {
        for d in 0..3 {
            write(dir.path(), &format!("corpus/{label}/{d}.txt"), format!("zq{k}alpha zq{k}beta item {d}."));
        }
    }
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", dir.path().join("corpus/ext")).unwrap();
    let r = run_in(dir.path(), &["-q", "train", "corpus", "-o", "elsewhere/m.model", "--min-df", "1"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--output elsewhere/m.model is inside the input folder corpus"), "{}", r.stderr);
    let r = run_in(dir.path(), &["-q", "train", "corpus", "-o", "corpus/.m.model", "--min-df", "1"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r =
        run_in(dir.path(), &["-q", "train", "corpus", "-o", "corpus/.m.model", "--min-df", "1", "-f", "json"], None);
    assert_eq!(r.json()["documents"], 6, "the hidden model is not read as an article");
}

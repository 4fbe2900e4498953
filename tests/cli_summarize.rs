//! `newsdesk summarize` end to end: each record's own "k" wins over --sentences.

use assert_cmd::Command;

const ARTICLE: &str = "The foreign ministers of the two countries signed a border agreement in Geneva on Monday. \
    The deal ends a dispute over the river valley that lasted three decades. \
    Officials said the agreement would be ratified by both parliaments next month. \
    Aid groups welcomed the deal and asked for the border crossings to open soon.";

fn counts(stdout: &[u8]) -> Vec<(String, usize)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["sentences"].as_array().unwrap().len())
        })
        .collect()
}

/// Run `newsdesk summarize -q -f jsonl EXTRA... -` on `input`; its stdout, after checking the
/// exit code.
fn summarize(extra: &[&str], input: String, code: i32) -> Vec<u8> {
    let mut args = vec!["summarize", "-q", "-f", "jsonl"];
    args.extend_from_slice(extra);
    args.push("-");
    Command::cargo_bin("newsdesk")
        .unwrap()
        .args(&args)
        .write_stdin(input)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone()
}

#[test]
fn record_k_overrides_the_command_line_length() {
    let input = [
        serde_json::json!({"id": "a", "text": ARTICLE, "k": 3}),
        serde_json::json!({"id": "b", "text": ARTICLE}),
        serde_json::json!({"id": "c", "text": ARTICLE, "k": 0}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>();
    let out = summarize(&["--sentences", "1"], input, 0);
    assert_eq!(counts(&out), vec![("a".to_string(), 3), ("b".to_string(), 1), ("c".to_string(), 0)]);
}

#[test]
fn a_bad_k_is_a_record_error_not_a_crash() {
    let out = summarize(&[], serde_json::json!({"id": "x", "text": ARTICLE, "k": "two"}).to_string() + "\n", 1);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["id"], "x");
    assert!(v["error"].as_str().unwrap().contains("\"k\""), "{v}");
}

#[test]
fn a_record_title_is_never_in_the_summary() {
    // 14 words ending in a full stop: prose to the splitter, a headline because it is the title.
    let title = "The foreign ministers of the two countries signed a new border agreement in Geneva.";
    let out =
        summarize(&["-k", "4"], serde_json::json!({"id": "t", "title": title, "text": ARTICLE}).to_string() + "\n", 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let picked = v["sentences"].as_array().unwrap();
    assert_eq!(picked.len(), 4);
    assert!(picked.iter().all(|p| p["text"] != title && p["start"].as_u64().unwrap() > title.len() as u64), "{v}");
}

/// Prose made of stop words alone still gets its lead sentence from the command line too (the
/// command's analyser keeps and marks stop words, so the summariser's fallback sees them).
#[test]
fn prose_of_stop_words_alone_is_summarised_by_the_command() {
    let input = serde_json::json!({"id": "s", "text": "It was not to be for them at all."}).to_string() + "\n";
    assert_eq!(counts(&summarize(&[], input, 0)), vec![("s".to_string(), 1)]);
}

/// `--threads 1` (which works on the calling thread, without a pool) and `--threads 2` give the
/// same records in the same order, errors included, for every streaming command.
#[test]
fn one_thread_and_two_give_the_same_output() {
    let mut lines: Vec<String> = (0..40)
        .map(|i| {
            serde_json::json!({"id": format!("r{i}"), "text": format!("{ARTICLE} Report number {i}.")}).to_string()
        })
        .collect();
    lines.insert(7, "{not json".to_string());
    lines.insert(20, serde_json::json!({"id": "no-text"}).to_string());
    let input = lines.join("\n") + "\n";
    for command in ["classify", "summarize", "analyze"] {
        let run = |threads: &str| {
            Command::cargo_bin("newsdesk")
                .unwrap()
                .args(["--threads", threads, command, "-q", "-f", "jsonl", "-"])
                .write_stdin(input.clone())
                .assert()
                .code(1)
                .get_output()
                .stdout
                .clone()
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(String::from_utf8_lossy(&one), String::from_utf8_lossy(&two), "{command}");
        let ids: Vec<String> = String::from_utf8_lossy(&one)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 42, "{command}: one output record per input line");
        assert_eq!(ids[0], "r0");
        assert_eq!(ids[41], "r39");
    }
}

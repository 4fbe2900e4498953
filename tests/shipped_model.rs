//! The committed model is exactly what `newsdesk train data/corpus --c auto` builds, and it works.

use assert_cmd::Command;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_model_is_reproducible_from_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rebuilt.model");
    Command::cargo_bin("newsdesk")
        .unwrap()
        .current_dir(root())
        .args(["train", "-q", "data/corpus", "--c", "auto", "--output"])
        .arg(&out)
        .assert()
        .success();
    let rebuilt = std::fs::read(&out).unwrap();
    let committed = std::fs::read(root().join("models/default.model")).unwrap();
    assert!(
        rebuilt == committed,
        "models/default.model is stale: run `cargo run --release -- train data/corpus --c auto --output models/default.model` \
         and commit it ({} bytes rebuilt vs {} committed)",
        rebuilt.len(),
        committed.len()
    );
}

#[test]
fn embedded_model_labels_our_examples() {
    let out = Command::cargo_bin("newsdesk")
        .unwrap()
        .current_dir(root())
        .args([
            "classify",
            "--format",
            "jsonl",
            "examples/articles/ar-talks.txt",
            "examples/articles/en-sanctions.txt",
            "examples/articles/feed.jsonl",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let labels: Vec<(String, String)> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["label"].as_str().unwrap().to_string())
        })
        .collect();
    let expect = [
        ("examples/articles/ar-talks.txt", "diplomacy"),
        ("examples/articles/en-sanctions.txt", "sanctions"),
        ("wire-1", "conflict"),
        ("wire-2", "other"),
        ("wire-3", "diplomacy"),
        ("wire-4", "sanctions"),
    ];
    assert_eq!(labels, expect.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>());
}

#[test]
fn binary_alone_works_from_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("newsdesk");
    let copy = dir.path().join("newsdesk");
    std::fs::copy(bin, &copy).unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Rebels shelled the town overnight, killing seven civilians, officials said.",
    )
    .unwrap();
    let out = std::process::Command::new(&copy)
        .current_dir(dir.path())
        .args(["classify", "--format", "jsonl", "a.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["label"], "conflict");
}

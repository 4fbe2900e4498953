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

/// `eval`'s log loss is the mean of −ln(probability of the true label) that `classify` reports
/// for the same records, overall and per language; a wrong gold label costs more than a right one.
#[test]
fn eval_log_loss_is_the_mean_surprise_at_the_true_label() {
    let feed = std::fs::read_to_string(root().join("examples/articles/feed.jsonl")).unwrap();
    // The feed's articles, each with its right label and once more with a wrong one.
    let right = ["conflict", "other", "diplomacy", "sanctions"];
    let mut gold = String::new();
    let mut truth = Vec::new();
    for (k, line) in feed.lines().enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        for (suffix, label) in [("", right[k]), ("-wrong", right[(k + 1) % 4])] {
            v["id"] = format!("{}{suffix}", v["id"].as_str().unwrap()).into();
            v["label"] = label.into();
            gold += &(v.to_string() + "\n");
            truth.push(label);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gold.jsonl"), &gold).unwrap();
    let run = |args: &[&str]| -> Vec<u8> {
        Command::cargo_bin("newsdesk")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let report: serde_json::Value = serde_json::from_slice(&run(&["eval", "-f", "json", "gold.jsonl"])).unwrap();
    let preds: Vec<serde_json::Value> = String::from_utf8(run(&["classify", "-f", "jsonl", "gold.jsonl"]))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let surprise: Vec<(String, f64)> = preds
        .iter()
        .zip(&truth)
        .map(|(p, t)| (p["lang"].as_str().unwrap().to_string(), -p["scores"][*t].as_f64().unwrap().max(1e-12).ln()))
        .collect();
    let mean = |lang: Option<&str>| {
        let xs: Vec<f64> = surprise.iter().filter(|(l, _)| lang.is_none_or(|x| x == l)).map(|(_, s)| *s).collect();
        xs.iter().sum::<f64>() / xs.len() as f64
    };
    let close = |got: &serde_json::Value, want: f64| (got.as_f64().unwrap() - want).abs() < 1e-4 * want.max(1.0);
    assert!(close(&report["log_loss"], mean(None)), "{} vs {}", report["log_loss"], mean(None));
    for lang in ["ar", "en"] {
        let got = &report["by_language"][lang]["log_loss"];
        assert!(close(got, mean(Some(lang))), "{lang}: {got} vs {}", mean(Some(lang)));
    }
    // The right labels are the model's confident answers; the wrong ones are what it ruled out.
    let (rights, wrongs): (Vec<_>, Vec<_>) = surprise.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let worst_right = rights.iter().map(|(_, (_, s))| *s).fold(0.0, f64::max);
    let best_wrong = wrongs.iter().map(|(_, (_, s))| *s).fold(f64::INFINITY, f64::min);
    assert!(worst_right < 0.1 && best_wrong > 2.0, "right ≤ {worst_right}, wrong ≥ {best_wrong}");
}

//! Damaged, foreign and hostile model files: each is a clear error naming the file, exit status
//! 2, nothing on standard output, for every command that reads a model.

mod support;

use std::path::Path;
use support::*;

/// Commands that take `--model`, with the rest of their arguments.
const MODEL_COMMANDS: [&[&str]; 5] = [
    &["classify", "a.txt"],
    &["summarize", "a.txt"],
    &["analyze", "a.txt"],
    &["inspect", "a.txt"],
    &["eval", "a.jsonl"],
];

fn shipped_model() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.model")).expect("the shipped model")
}

/// The shipped model written as format version 1 (IDF and weights as lists of numbers), which
/// must still load: the damaged-file tests edit numbers in it.
fn good_model() -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&shipped_model()).expect("the model is JSON");
    let unpack = |x: &serde_json::Value| -> serde_json::Value {
        let bytes = newsdesk::model::packed::decode(x.as_str().expect("packed floats")).expect("base64");
        bytes
            .chunks_exact(4)
            .map(|c| serde_json::json!(f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]]))))
            .collect()
    };
    v["idf"] = unpack(&v["idf"]);
    v["classifier"]["weights"] = unpack(&v["classifier"]["weights"]);
    v["version"] = serde_json::json!(1);
    serde_json::to_vec(&v).expect("JSON")
}

#[test]
fn a_version_1_model_classifies_exactly_like_the_shipped_version_2() {
    let dir = tempdir();
    write(dir.path(), "v1.model", good_model());
    write(dir.path(), "a.txt", EN);
    let v1 = run_in(dir.path(), &["classify", "--model", "v1.model", "-f", "jsonl", "--explain", "5", "a.txt"], None);
    let v2 = run_in(dir.path(), &["classify", "-f", "jsonl", "--explain", "5", "a.txt"], None);
    assert_eq!((v1.code, v2.code), (0, 0), "{} {}", v1.stderr, v2.stderr);
    assert_eq!(v1.stdout, v2.stdout);
    assert!(String::from_utf8(shipped_model()).unwrap().starts_with(r#"{"format":"newsdesk-model","version":2,"#));
}

#[test]
fn packed_floats_that_are_not_base64_or_not_whole() {
    let s = String::from_utf8(shipped_model()).expect("UTF-8");
    let at = s.find("\"idf\":\"").expect("packed idf") + "\"idf\":\"".len();
    let bad = format!("{}!{}", &s[..at], &s[at + 1..]);
    assert_rejected("b64.model", Some(bad.as_bytes()), "damaged model file (packed floats are not valid base64");
    let short = format!("{}{}", &s[..at], &s[at + 4..]);
    assert_rejected("short.model", Some(short.as_bytes()), "damaged model file (packed floats: ");
}

/// The shipped model with one JSON edit (`from` must occur in it).
fn edited(from: &str, to: &str) -> Vec<u8> {
    let s = String::from_utf8(good_model()).expect("the model is UTF-8");
    assert!(s.contains(from), "the model file has no {from:?}");
    s.replacen(from, to, 1).into_bytes()
}

/// The shipped model with the first number of the array `key` replaced by `to`.
fn first_number(key: &str, to: &str) -> Vec<u8> {
    let s = String::from_utf8(good_model()).expect("the model is UTF-8");
    let open = format!("\"{key}\":[");
    let at = s.find(&open).unwrap_or_else(|| panic!("the model file has no {open}")) + open.len();
    let len = s[at..].find([',', ']']).expect("a number");
    format!("{}{to}{}", &s[..at], &s[at + len..]).into_bytes()
}

/// Deterministic pseudo-random bytes (SplitMix64).
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

/// Run `classify --model NAME` and check the error (every command loads models the same way:
/// [`every_command_rejects_a_bad_model`] checks that once).
fn assert_rejected(name: &str, bytes: Option<&[u8]>, expected: &str) {
    assert_rejected_by(&MODEL_COMMANDS[..1], name, bytes, expected);
}

fn assert_rejected_by(commands: &[&[&str]], name: &str, bytes: Option<&[u8]>, expected: &str) {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    write(dir.path(), "a.jsonl", format!("{{\"text\": \"{EN}\", \"label\": \"diplomacy\"}}\n"));
    if let Some(b) = bytes {
        write(dir.path(), name, b);
    }
    for args in commands {
        let mut full = vec![args[0], "--model", name];
        full.extend_from_slice(&args[1..]);
        let r = run_in(dir.path(), &full, None);
        assert_eq!(r.code, 2, "{full:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{full:?}");
        let want = format!("newsdesk: error: {name}: {expected}");
        assert!(r.stderr.starts_with(&want), "{full:?}:\n got {:?}\nwant {want:?}", r.stderr);
        assert_eq!(r.err_lines().len(), 1, "one line: {}", r.stderr);
    }
}

#[test]
fn every_command_rejects_a_bad_model() {
    let good = good_model();
    assert_rejected_by(&MODEL_COMMANDS, "cut.model", Some(&good[..4096]), "damaged model file (the file is truncated)");
    assert_rejected_by(&MODEL_COMMANDS, "nope.model", None, "No such file or directory");
}

#[test]
fn the_shipped_model_file_loads() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    write(dir.path(), "m.model", good_model());
    let r = run_in(dir.path(), &["classify", "--model", "m.model", "-f", "jsonl", "a.txt"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.jsonl()[0]["label"], "diplomacy");
}

#[test]
fn truncated_models() {
    let good = good_model();
    for cut in [1, 30, 100, 4096, good.len() / 2, good.len() - 3] {
        assert_rejected("cut.model", Some(&good[..cut]), "damaged model file (the file is truncated)");
    }
}

#[test]
fn empty_model() {
    assert_rejected("empty.model", Some(b""), "not a newsdesk model file (the file is empty)");
    assert_rejected("blank.model", Some(b" \n\t\n"), "not a newsdesk model file");
}

#[test]
fn random_bytes() {
    for seed in 0..4 {
        let mut b = noise(4096, seed);
        if b[0] == b'{' {
            b[0] = b'x';
        }
        assert_rejected("noise.model", Some(&b), "not a newsdesk model file (it does not start with a JSON object)");
    }
    // Random bytes after a JSON-looking start.
    let mut b = b"{".to_vec();
    b.extend(noise(4096, 9));
    assert_rejected("noise.model", Some(&b), "not a newsdesk model file (invalid JSON");
}

#[test]
fn json_that_is_not_a_model() {
    assert_rejected(
        "other.json",
        Some(br#"{"name": "some other tool", "labels": ["a", "b"]}"#),
        r#"not a newsdesk model file (a JSON file without the "format": "newsdesk-model" field)"#,
    );
    assert_rejected(
        "array.json",
        Some(b"[1, 2, 3]"),
        "not a newsdesk model file (it does not start with a JSON object)",
    );
    assert_rejected(
        "other-format.json",
        Some(br#"{"format": "spacy-model", "version": 1}"#),
        r#"not a newsdesk model file (its format is "spacy-model")"#,
    );
    assert_rejected("model.jsonl", Some(b"{\"text\": \"an input file\"}\n"), "not a newsdesk model file");
}

#[test]
fn a_model_from_a_future_format_version() {
    assert_rejected(
        "future.model",
        Some(&edited("\"version\":1,", "\"version\":3,")),
        "model format version 3, but this newsdesk reads versions 1 to 2; retrain it with `newsdesk train`",
    );
    // A future version whose layout changed completely still gets the version message.
    assert_rejected(
        "future2.model",
        Some(br#"{"format": "newsdesk-model", "version": 7, "weights": "elsewhere"}"#),
        "model format version 7",
    );
    assert_rejected(
        "noversion.model",
        Some(br#"{"format": "newsdesk-model", "labels": []}"#),
        "damaged model file (no format version)",
    );
}

#[test]
fn a_model_whose_label_list_is_empty_or_too_short() {
    let labels = "\"labels\":[\"conflict\",\"diplomacy\",\"other\",\"sanctions\"]";
    assert_rejected(
        "nolabels.model",
        Some(&edited(labels, "\"labels\":[]")),
        "damaged model file (it has 0 labels; a model needs at least 2)",
    );
    assert_rejected(
        "onelabel.model",
        Some(&edited(labels, "\"labels\":[\"conflict\"]")),
        "damaged model file (it has 1 labels; a model needs at least 2)",
    );
    assert_rejected(
        "twice.model",
        Some(&edited(labels, "\"labels\":[\"conflict\",\"conflict\",\"other\",\"sanctions\"]")),
        "damaged model file (a label is listed twice)",
    );
    assert_rejected(
        "fivelabels.model",
        Some(&edited(labels, "\"labels\":[\"conflict\",\"diplomacy\",\"other\",\"sanctions\",\"sport\"]")),
        "damaged model file (5 labels but 4 classes)",
    );
}

#[test]
fn models_with_damaged_parts() {
    assert_rejected(
        "ngrams.model",
        Some(&edited("\"ngram_max\":2", "\"ngram_max\":9")),
        "damaged model file (unsupported n-gram length 9)",
    );
    assert_rejected("temp.model", Some(&edited("\"temperature\":", "\"temperature\":-")), "damaged model file");
    assert_rejected("stem.model", Some(&edited("\"stem\":\"light\"", "\"stem\":\"porter9\"")), "damaged model file");
    assert_rejected(
        "vocab.model",
        Some(&edited("\"vocabulary\":[", "\"vocabulary\":[\"an extra term\",")),
        "damaged model file (the classifier has",
    );
    assert_rejected("type.model", Some(&edited("\"idf\":[", "\"idf\":[\"x\",")), "damaged model file");
}

/// Numbers beyond f32 read as infinity; a model must not load with them (every probability
/// would be NaN, written as null).
#[test]
fn models_with_numbers_out_of_range() {
    assert_rejected(
        "idf.model",
        Some(&first_number("idf", "1e39")),
        "damaged model file (an IDF weight is inf, not a finite non-negative number)",
    );
    assert_rejected(
        "negidf.model",
        Some(&first_number("idf", "-2")),
        "damaged model file (an IDF weight is -2, not a finite non-negative number)",
    );
    let not_finite = "damaged model file (inconsistent classifier: weights or temperature are not finite numbers)";
    assert_rejected("weight.model", Some(&first_number("weights", "1e39")), not_finite);
    assert_rejected("bias.model", Some(&first_number("bias", "-1e39")), not_finite);
}

#[test]
fn a_model_path_that_is_missing_or_a_directory() {
    let dir = tempdir();
    write(dir.path(), "a.txt", EN);
    std::fs::create_dir(dir.path().join("models")).expect("mkdir");
    for (path, msg) in [
        ("nope.model", "newsdesk: error: nope.model: No such file or directory"),
        ("models", "newsdesk: error: models: Is a directory"),
    ] {
        let r = run_in(dir.path(), &["classify", "--model", path, "a.txt"], None);
        assert_eq!(r.code, 2);
        assert!(r.stderr.starts_with(msg), "{}", r.stderr);
        assert_eq!(r.stdout, "");
    }
}

/// Weights that are finite but so large that a decision value overflows f32.
#[test]
fn a_model_with_huge_weights_is_refused_or_gives_finite_probabilities() {
    let s = String::from_utf8(good_model()).expect("the model is UTF-8");
    let at = s.find("\"weights\":[").expect("weights") + "\"weights\":[".len();
    let end = at + s[at..].find(']').expect("end of weights");
    let n = s[at..end].split(',').count();
    let huge = vec!["3e38"; n].join(",");
    let bytes = format!("{}{huge}{}", &s[..at], &s[end..]);
    let dir = tempdir();
    write(dir.path(), "huge.model", bytes);
    write(dir.path(), "a.txt", EN);
    let r = run_in(dir.path(), &["classify", "--model", "huge.model", "-f", "jsonl", "a.txt"], None);
    if r.code == 2 {
        assert!(r.stderr.starts_with("newsdesk: error: huge.model: damaged model file"), "{}", r.stderr);
    } else {
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v = &r.jsonl()[0];
        assert!(v["scores"].as_object().expect("scores").values().all(|p| p.as_f64().is_some()), "{v}");
    }
}

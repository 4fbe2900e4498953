//! Character n-gram features (`train --char-ngrams`): stored in the model file, used the same way
//! after loading it, and absent (byte for byte) when off.

mod support;

use newsdesk::features::{CharNgrams, CharNorm, FeatureConfig};
use newsdesk::model::{Model, TrainConfig};
use serde_json::json;
use support::*;

/// A small two-language training set, written here (no external data).
const DOCS: [(&str, &str); 8] = [
    ("فرضت الولايات المتحدة عقوبات جديدة على شركات النفط وجمدت أصولها", "sanctions"),
    ("عقوبات أوروبية على المصارف وتجميد الأصول المالية", "sanctions"),
    ("The Treasury imposed sanctions and froze the assets of three banks", "sanctions"),
    ("New sanctions target shipping firms and freeze their assets", "sanctions"),
    ("وصل المبعوث الأممي إلى العاصمة لإجراء مفاوضات مع الأطراف", "diplomacy"),
    ("اتفق الوزيران على استئناف المفاوضات في زيارة رسمية", "diplomacy"),
    ("The envoy arrived for talks with both sides on Monday", "diplomacy"),
    ("Foreign ministers resumed talks during a state visit", "diplomacy"),
];

const QUERIES: [&str; 4] =
    ["العقوبات الجديدة على الأصول", "المبعوث يبدأ المفاوضات", "sanctioned assets frozen", "talks with the envoy"];

fn config(char_ngrams: Option<CharNgrams>) -> TrainConfig {
    TrainConfig {
        features: FeatureConfig { min_df: 1, char_ngrams, ..FeatureConfig::default() },
        ..TrainConfig::default()
    }
}

#[test]
fn char_model_round_trips_and_classifies_the_same_after_loading() {
    for norm in [CharNorm::Blocks, CharNorm::Joint] {
        let chars = CharNgrams::new(2, 4, norm).unwrap();
        let model = Model::train(&DOCS, &config(Some(chars))).unwrap();
        assert_eq!(model.vectorizer().config().char_ngrams, Some(chars));
        assert!(model.vectorizer().features().iter().any(|f| f == "#<عق"), "char grams are features");
        let bytes = model.to_bytes().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let stored = format!(r#""char_ngrams":{{"min":2,"max":4,"norm":"{}"}}"#, json!(norm).as_str().unwrap());
        assert!(text.contains(&stored), "the setting is in the file");

        let dir = tempdir();
        let path = dir.path().join("c.model");
        model.save(&path).unwrap();
        let back = Model::load(&path).unwrap();
        assert_eq!(back.vectorizer().config(), model.vectorizer().config());
        assert_eq!(back.to_bytes().unwrap(), bytes, "save/load is byte-identical");
        for q in QUERIES {
            let (a, b) = (model.predict_text(q), back.predict_text(q));
            assert_eq!(a, b, "{q}");
            // Character grams are made from the terms' texts: the reading for prediction keeps
            // them, and predicts as the full reading does.
            assert!(model.analyze_for_prediction(q).has_texts());
            assert_eq!(a, model.predict(&model.analyze(q)), "{q}");
            assert!(a.row.iter().any(|&(f, _)| model.vectorizer().features()[f as usize].starts_with('#')));
        }
        assert_eq!(Model::train(&DOCS, &config(Some(chars))).unwrap().to_bytes().unwrap(), bytes, "deterministic");
    }
}

#[test]
fn char_option_off_leaves_the_model_file_as_before() {
    let model = Model::train(&DOCS, &config(None)).unwrap();
    let text = String::from_utf8(model.to_bytes().unwrap()).unwrap();
    assert!(!text.contains("char_ngrams"));
    assert!(model.vectorizer().features().iter().all(|f| !f.starts_with('#')));
}

#[test]
fn a_model_file_with_a_bad_char_range_is_refused() {
    let model = Model::train(&DOCS, &config(Some(CharNgrams::new(2, 4, CharNorm::Blocks).unwrap()))).unwrap();
    let text = String::from_utf8(model.to_bytes().unwrap()).unwrap();
    let bad = text.replacen(r#""min":2,"max":4"#, r#""min":5,"max":4"#, 1);
    let err = Model::from_bytes(bad.as_bytes(), "c.model").unwrap_err().to_string();
    assert!(err.contains("damaged model file") && err.contains("5..4"), "{err}");
}

#[test]
fn train_char_ngrams_on_the_command_line() {
    let dir = tempdir();
    let data: String = DOCS.iter().map(|(t, l)| json!({"text": t, "label": l}).to_string() + "\n").collect();
    write(dir.path(), "train.jsonl", data);
    let r = run_in(
        dir.path(),
        &["train", "-q", "train.jsonl", "--min-df", "1", "--char-ngrams", "2..4", "--output", "c.model"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("c.model")).unwrap();
    assert!(text.contains(r#""char_ngrams":{"min":2,"max":4,"norm":"blocks"}"#));
    let r = run_in(
        dir.path(),
        &["classify", "-m", "c.model", "-f", "jsonl", "--explain", "50", "-"],
        Some(QUERIES[0].as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.jsonl()[0];
    assert_eq!(out["label"], "sanctions", "{out}");
    assert!(out["explain"].as_array().unwrap().iter().any(|e| e[0].as_str().unwrap().starts_with('#')), "{out}");

    for (args, msg) in [
        (&["--char-ngrams", "5..2"][..], "1 <= MIN <= MAX"),
        (&["--char-ngrams", "2..9"][..], "1 <= MIN <= MAX"),
        (&["--char-norm", "joint"][..], "--char-ngrams"),
    ] {
        let mut a = vec!["train", "train.jsonl", "--output", "x.model"];
        a.extend_from_slice(args);
        let r = run_in(dir.path(), &a, None);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(msg), "{args:?}: {}", r.stderr);
        assert!(!dir.path().join("x.model").exists());
    }
}

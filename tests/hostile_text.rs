//! Hostile and odd text through every command of the real binary: no panic, one record out per
//! record in, offsets that quote the original text, and the specific reading each case needs.
//!
//! The big inputs are made at run time. In a debug build (plain `cargo test`) they are scaled
//! down, since unoptimised code reads about 3 µs per byte; `cargo test --release` uses the full
//! sizes of the issue (a 50 MB article, a 10 MB line without spaces).

mod support;

use serde_json::Value;
use support::*;

const STREAMING: [&str; 4] = ["classify", "summarize", "analyze", "inspect"];

/// Full size in release builds, `debug` bytes in debug builds.
fn size(release: usize, debug: usize) -> usize {
    if cfg!(debug_assertions) { debug } else { release }
}

/// Check that every `{start, end, text}` in `units` quotes `text` exactly.
fn assert_quotes(text: &str, units: &Value, what: &str) {
    for u in units.as_array().unwrap_or_else(|| panic!("{what}: not an array: {units}")) {
        let (s, e) = (u["start"].as_u64().unwrap_or(u64::MAX) as usize, u["end"].as_u64().unwrap_or(0) as usize);
        assert!(s < e, "{what}: empty unit {u}");
        assert_eq!(text.get(s..e), u["text"].as_str(), "{what}: offsets {s}..{e} do not slice the text");
    }
}

/// Run all four commands on `texts`, each given as a plain file and as a JSON Lines record (one
/// run per command for all of them), check the invariants, and return the `inspect` and
/// `analyze` records of each plain file.
fn through_everything(texts: &[&str]) -> Vec<(Value, Value)> {
    let dir = tempdir();
    let mut args: Vec<String> = Vec::new();
    let mut expected_ids: Vec<String> = Vec::new();
    let mut sources: Vec<&str> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        write(dir.path(), &format!("{i}.txt"), text);
        write(dir.path(), &format!("{i}.jsonl"), serde_json::json!({ "text": text }).to_string() + "\n");
        args.extend([format!("{i}.txt"), format!("{i}.jsonl")]);
        expected_ids.extend([format!("{i}.txt"), format!("{i}.jsonl:1")]);
        // The BOM of a plain file is not part of the article; inside a JSON string it is.
        sources.extend([text.strip_prefix('\u{FEFF}').unwrap_or(text), text]);
    }
    let mut kept = vec![(Value::Null, Value::Null); texts.len()];
    for cmd in STREAMING {
        let mut full = vec![cmd, "--format", "jsonl"];
        full.extend(args.iter().map(String::as_str));
        let r = run_in(dir.path(), &full, None);
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{cmd}");
        let out = r.jsonl();
        assert_eq!(out.iter().map(id).collect::<Vec<_>>(), expected_ids, "{cmd}");
        for (v, t) in out.iter().zip(&sources) {
            if cmd != "inspect" && cmd != "summarize" {
                let sum: f64 = v["scores"].as_object().expect("scores").values().filter_map(Value::as_f64).sum();
                assert!((sum - 1.0).abs() < 1e-4, "{cmd}: probabilities sum to {sum}");
                assert!(v["confidence"].as_f64().is_some_and(|c| c > 0.0 && c <= 1.0), "{cmd}: {v}");
            }
            if cmd != "classify" {
                assert_quotes(t, &v["sentences"], cmd);
            }
        }
        for (i, k) in kept.iter_mut().enumerate() {
            match cmd {
                "inspect" => k.0 = out[2 * i].clone(),
                "analyze" => k.1 = out[2 * i].clone(),
                _ => {}
            }
        }
    }
    kept
}

/// [`through_everything`] for one text.
fn through_everything_one(text: &str) -> (Value, Value) {
    through_everything(&[text]).remove(0)
}

/// The terms `inspect` shows for an article, over all its units.
fn terms(inspected: &Value) -> Vec<String> {
    inspected["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .flat_map(|s| s["tokens"].as_array().expect("tokens").iter().map(|t| t.as_str().unwrap_or("").to_string()))
        .collect()
}

fn unit_texts(inspected: &Value) -> Vec<&str> {
    inspected["sentences"].as_array().expect("sentences").iter().map(|s| s["text"].as_str().unwrap_or("")).collect()
}

#[test]
fn empty_and_whitespace_only_text() {
    // Nothing to read is an error record in the article's place, for every command (a label or
    // an empty summary for it would pass a failed download off as an article).
    let texts = ["", " ", "\n\n\n", "\t \r\n \u{00A0}\u{3000}\u{2029}"];
    let dir = tempdir();
    let mut args: Vec<String> = Vec::new();
    let mut expected: Vec<(String, String)> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        write(dir.path(), &format!("{i}.txt"), text);
        write(dir.path(), &format!("{i}.jsonl"), serde_json::json!({ "text": text }).to_string() + "\n");
        args.extend([format!("{i}.txt"), format!("{i}.jsonl")]);
        expected.push((format!("{i}.txt"), format!("{i}.txt: the text is empty")));
        expected.push((format!("{i}.jsonl:1"), format!("{i}.jsonl:1: the text is empty")));
    }
    for cmd in STREAMING {
        let mut full = vec![cmd, "--format", "jsonl"];
        full.extend(args.iter().map(String::as_str));
        let r = run_in(dir.path(), &full, None);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        let got: Vec<(String, String)> =
            r.jsonl().iter().map(|v| (id(v).to_string(), v["error"].as_str().unwrap_or("").to_string())).collect();
        assert_eq!(got, expected, "{cmd}");
    }
}

#[test]
fn only_punctuation_digits_emoji_or_marks() {
    let texts = [
        "!!! ??? ... ,,, ;;; --- «» () [] \"\" ''",
        "؟؟؟ ،،، ؛؛؛ ... !!!\n???",
        "1234567890 42 3.14 1,200 ٢٠٢٥ ۱۴۰۲",
        "😀😀😀 👍🏽 👨‍👩‍👧 🇸🇾 🏳️‍🌈",
    ];
    // None of these has a letter, a word to read: each is an error record, from every command
    // (digits too: a model reads no numbers by default, so its answer would be its prior).
    let dir = tempdir();
    let more = ["\u{200B}\u{FEFF}", "ـــ ...", "ًٌٍَُِّ", "1️⃣ ² ①"];
    for (i, text) in texts.iter().chain(&more).enumerate() {
        write(dir.path(), &format!("{i}.txt"), text);
        for cmd in STREAMING {
            let r = run_in(dir.path(), &[cmd, "-f", "jsonl", &format!("{i}.txt")], None);
            assert_eq!(r.code, 1, "{cmd} {text:?}");
            let out = r.jsonl();
            assert_eq!(out.len(), 1);
            assert_eq!(
                out[0]["error"].as_str(),
                Some(format!("{i}.txt: the text has no words (no letters)").as_str()),
                "{cmd} {text:?}"
            );
        }
    }
    // One letter is enough: it is read, segmented, and given no summary.
    let (ins, ana) = through_everything_one("1234567890 42 3.14 x");
    assert!(!unit_texts(&ins).is_empty());
    assert_eq!(ana["summary"], "");
}

#[test]
fn nul_bytes_separate_words() {
    let (ins, _) = through_everything_one("Sanctions\u{0}were\u{0}lifted.\u{0}\u{0} The talks resumed.");
    assert_eq!(terms(&ins), ["sanction", "were", "lift", "the", "talk", "resum"]);
}

#[test]
fn bidi_controls_and_zero_width_characters_do_not_change_terms() {
    let plain = "قال الوزير إن المحادثات ستستأنف والعقوبات الجديدة. The envoy agreed on sanctions.";
    let marked = "\u{202B}قال الوزير\u{202C} إن \u{200F}المحادثات\u{200F} ستستأنف وال\u{200D}عقوبات\u{200C} الجديدة\u{2067}. \
                  The \u{202E}envoy\u{202C} agreed\u{200B} \u{2066}on\u{2069} sanc\u{200D}tions\u{200E}.";
    let both = through_everything(&[plain, marked]);
    let (a, b) = (&both[0].0, &both[1].0);
    assert_eq!(terms(a), terms(b));
    assert_eq!(unit_texts(b).len(), 2);
}

/// Invisible characters inside a word (a soft hyphen from a web page's hyphenation, a word
/// joiner, a directional mark) are dropped by normalisation, so they must not split the word.
#[test]
fn invisible_characters_inside_a_word_do_not_split_it() {
    let both = through_everything(&[
        "The negotiations on sanctions resumed in Geneva.",
        "The nego\u{00AD}tiations on sanc\u{2060}tions re\u{200E}sumed in Gen\u{200F}eva.",
    ]);
    assert_eq!(terms(&both[0].0), terms(&both[1].0));
}

#[test]
fn mixed_arabic_latin_cyrillic() {
    let (ins, _) = through_everything_one("Москва и Washington اتفقتا على فرض العقوبات على Газпром. Talks ended.");
    assert_eq!(ins["lang"], "ar");
    assert_eq!(unit_texts(&ins).len(), 2);
    let t = terms(&ins);
    for want in ["москва", "washington", "عقوب", "газпром", "talk"] {
        assert!(t.iter().any(|x| x == want), "{want} missing from {t:?}");
    }
}

#[test]
fn windows_line_ends_read_like_unix_ones() {
    let unix = "Ministers meet in Geneva\nThe talks resumed today.\nThey ended late.\n\nA second paragraph.\n";
    let windows = unix.replace('\n', "\r\n");
    let both = through_everything(&[unix, &windows]);
    let (u, w) = (&both[0].0, &both[1].0);
    assert_eq!(unit_texts(u), unit_texts(w));
    assert_eq!(terms(u), terms(w));
    assert!(unit_texts(w).iter().all(|s| !s.contains('\r')));
    assert_eq!(w["sentences"][0]["heading"], true);
}

#[test]
fn a_byte_order_mark_is_not_text() {
    let with_bom = format!("\u{FEFF}{AR}");
    let both = through_everything(&[AR, &with_bom]);
    assert_eq!(both[0].0["sentences"], both[1].0["sentences"], "same units at the same offsets");
    // BOM at the start of a JSON Lines file.
    let dir = tempdir();
    write(dir.path(), "bom.jsonl", format!("\u{FEFF}{{\"text\": \"{EN}\"}}\n"));
    let r = run_in(dir.path(), &["inspect", "-f", "jsonl", "bom.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.jsonl()[0]["sentences"][0]["start"], 0);
}

#[test]
fn invalid_utf8_is_an_error_naming_file_and_line() {
    let dir = tempdir();
    let mut bytes = AR.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n\n\xd8"); // a cut Arabic letter on line 3
    write(dir.path(), "cut.txt", &bytes);
    write(dir.path(), "ok.txt", AR);
    let r = run_in(dir.path(), &["analyze", "-f", "jsonl", "cut.txt", "ok.txt"], None);
    assert_eq!(r.code, 1);
    let want = format!("cut.txt: not valid UTF-8 (line 3, byte {})", AR.len() + 3);
    assert_eq!(error(&r.jsonl()[0]), Some(want.as_str()));
    assert_eq!(r.jsonl()[1]["id"], "ok.txt");
    assert_eq!(r.err_lines(), [format!("newsdesk: {want}"), "newsdesk: 1 of 2 records failed (reported above)".into()]);
}

#[test]
fn a_very_long_line_without_spaces() {
    let n = size(10_000_000, 500_000);
    let units = ["a", "ب", "x.", "ب،"];
    let texts: Vec<String> = units.iter().map(|u| u.repeat(n / u.len())).collect();
    let dir = tempdir();
    let names: Vec<String> = (0..texts.len()).map(|i| format!("long{i}.txt")).collect();
    for (name, text) in names.iter().zip(&texts) {
        write(dir.path(), name, text);
    }
    for cmd in ["analyze", "inspect"] {
        let mut args = vec![cmd, "-f", "jsonl"];
        args.extend(names.iter().map(String::as_str));
        let r = run_in(dir.path(), &args, None);
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
        let out = r.jsonl();
        assert_eq!(out.len(), texts.len());
        for ((v, text), unit) in out.iter().zip(&texts).zip(units) {
            let s = v["sentences"].as_array().expect("sentences");
            if cmd == "inspect" {
                assert_eq!(s.len(), 1, "{unit:?}: one unit");
                assert_eq!((s[0]["start"].as_u64(), s[0]["end"].as_u64()), (Some(0), Some(text.len() as u64)));
            } else {
                assert!(s.is_empty(), "{unit:?}: one word is no summary");
            }
        }
    }
}

#[test]
fn a_very_large_article() {
    let n = size(50_000_000, 500_000);
    let mut text = String::with_capacity(n + 1000);
    let (mut i, mut paragraph) = (0usize, 0usize);
    while text.len() < n {
        let s = if i % 2 == 0 { EN } else { AR };
        text.push_str(s);
        text.push_str(if i % 7 == 6 { "\n\n" } else { " " });
        paragraph += usize::from(i % 7 == 6);
        i += 1;
    }
    let dir = tempdir();
    write(dir.path(), "big.txt", &text);
    write(dir.path(), "big.jsonl", serde_json::json!({"id": "big", "text": text}).to_string() + "\n");
    let r = run_in(dir.path(), &["analyze", "-f", "jsonl", "big.txt", "big.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.jsonl();
    assert_eq!(out.iter().map(id).collect::<Vec<_>>(), ["big.txt", "big"]);
    for v in &out {
        assert_eq!(v["sentences"].as_array().map(Vec::len), Some(3), "three sentences by default");
        assert_quotes(&text, &v["sentences"], "analyze");
        assert_eq!(v["label"], out[0]["label"]);
    }
    assert!(paragraph > 10);
}

#[test]
fn many_tiny_records() {
    let mut s = String::new();
    let kinds = ["", " ", "x", "!", "٢", "😀", "\u{200F}", "\\u0000", "a\\r\\nb", "\\ufeff"];
    let n = size(20_000, 2_000);
    for i in 0..n {
        s += &format!("{{\"text\": \"{}\"}}\n", kinds[i % kinds.len()]);
    }
    let dir = tempdir();
    write(dir.path(), "many.jsonl", s);
    let r = run_in(dir.path(), &["analyze", "-f", "jsonl", "many.jsonl"], None);
    assert_eq!(r.code, 1, "the empty texts are errors: {}", r.stderr);
    let out = r.jsonl();
    assert_eq!(out.len(), n);
    assert!(out.iter().enumerate().all(|(i, v)| id(v) == format!("many.jsonl:{}", i + 1)), "order kept");
    // Only the texts without a letter fail: all but "x" and "a\r\nb".
    let wordless = |i: usize| !["x", "a\\r\\nb"].contains(&kinds[i % kinds.len()]);
    assert!(out.iter().enumerate().all(|(i, v)| v["error"].is_string() == wordless(i)), "only wordless texts fail");
}

/// Unbalanced brackets and many quoted spans: segmentation must stay linear.
fn brackets(text: &str) {
    // (One word, so that the text is read at all.)
    let text = &format!("x {text}");
    let dir = tempdir();
    write(dir.path(), "b.txt", text);
    let r = run_in(dir.path(), &["inspect", "-f", "jsonl", "b.txt"], None);
    assert_eq!(r.code, 0);
    let v = &r.jsonl()[0];
    assert_quotes(text, &v["sentences"], "inspect");
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let covered: String = unit_texts(v).into_iter().map(visible).collect();
    assert!(covered == visible(text), "segmentation lost or repeated characters");
}

#[test]
fn unmatched_closing_brackets_are_linear() {
    brackets(&("(".repeat(200_000) + &"]".repeat(200_000)));
}

#[test]
fn many_bracketed_spans_with_full_stops_are_linear() {
    brackets(&"(a). ".repeat(200_000));
}

#[test]
fn many_closing_brackets_after_full_stops_are_linear() {
    brackets(&"(a.) ".repeat(200_000));
}

#[test]
fn a_long_summary_is_not_cubic() {
    let text: String =
        (0..5_000).map(|i| format!("Sentence number w{i}a talks about w{i}b and the w{i}c today. ")).collect();
    let dir = tempdir();
    write(dir.path(), "s.txt", &text);
    let r = run_in(dir.path(), &["summarize", "--ratio", "1", "-f", "jsonl", "s.txt"], None);
    assert_eq!(r.code, 0);
    assert_eq!(r.jsonl()[0]["sentences"].as_array().map(Vec::len), Some(5_000));
}

#[test]
fn headlines_and_titles_with_hostile_text() {
    let dir = tempdir();
    let recs = [
        serde_json::json!({"id": "t1", "title": "\u{202E}\u{0000}😀", "text": EN}),
        serde_json::json!({"id": "t2", "title": "   ", "text": AR}),
        serde_json::json!({"id": "t3", "title": "عنوان\r\nمكسور", "text": ""}),
    ];
    let s: String = recs.iter().map(|r| r.to_string() + "\n").collect();
    write(dir.path(), "t.jsonl", s);
    let r = run_in(dir.path(), &["analyze", "-f", "jsonl", "t.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.jsonl();
    assert_eq!(out.iter().map(id).collect::<Vec<_>>(), ["t1", "t2", "t3"]);
    // Summary offsets are relative to "title\ntext" (the title trimmed), or the text alone.
    let t1 = format!("\u{202E}\u{0000}😀\n{EN}");
    assert_quotes(&t1, &out[0]["sentences"], "t1");
    assert_quotes(AR, &out[1]["sentences"], "t2");
}

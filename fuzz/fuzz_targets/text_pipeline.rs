//! The text pipeline on any UTF-8 text: normalisation, tokens, sentences and the analyser must
//! not panic, and their offsets must slice the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::text::normalize::normalize;
use newsdesk::text::{Analyzer, SentenceSplitter, Tokenizer};
use std::sync::OnceLock;

static ANALYZER: OnceLock<Analyzer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    let n = normalize(text);
    assert_eq!(normalize(&n), n, "normalisation is idempotent");

    let mut last = 0;
    for t in Tokenizer.tokens(text) {
        assert!(t.start >= last && t.start < t.end, "tokens are ordered and non-empty");
        assert_eq!(text.get(t.start..t.end), Some(t.text), "token offsets slice the text");
        last = t.end;
    }

    let sentences = SentenceSplitter.split(text);
    let mut last = 0;
    let mut covered = String::new();
    for s in &sentences {
        assert!(s.start >= last && s.start < s.end, "sentences are ordered and non-empty");
        let piece = text.get(s.start..s.end).expect("sentence offsets slice the text");
        assert_eq!(piece, piece.trim(), "sentences carry no surrounding white space");
        covered.extend(piece.chars().filter(|c| !c.is_whitespace()));
        last = s.end;
    }
    let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(covered, all, "no visible character lost or duplicated by segmentation");

    let a = ANALYZER.get_or_init(Analyzer::default).analyze(text);
    assert_eq!(a.sentences, sentences);
    for t in &a.terms {
        assert!(text.get(t.start..t.end).is_some(), "term offsets slice the text");
        assert!((t.sentence as usize) < a.sentences.len());
    }
});

//! The whole `analyze` path with the embedded model: read, classify, summarise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk::model::Model;
use newsdesk::summarize::{Length, Summarizer};
use std::sync::OnceLock;

static MODEL: OnceLock<Model> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let model = MODEL.get_or_init(|| Model::embedded().expect("the embedded model loads"));
    let doc = model.analyzer().analyze(text);
    let p = model.predict(&doc);
    assert_eq!(p.probabilities.len(), model.labels().len());
    let sum: f32 = p.probabilities.iter().sum();
    assert!((sum - 1.0).abs() < 1e-4, "probabilities sum to {sum}");
    assert!(p.probabilities.iter().all(|x| x.is_finite() && *x >= 0.0));
    let _ = model.explain(&p, p.label, 5);
    let k = data.first().map_or(3, |b| usize::from(b % 8));
    let s = Summarizer::default().summarize(text, &doc, Length::Sentences(k), None);
    assert!(s.sentences.len() <= k);
    for pk in &s.sentences {
        assert_eq!(text.get(pk.start..pk.end), Some(pk.text.as_str()), "summary quotes the text");
    }
    assert!(s.sentences.windows(2).all(|w| w[0].index < w[1].index), "summary in article order");
});

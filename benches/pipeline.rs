//! Per-document cost of each step of the pipeline, with the shipped model, on one Arabic and one
//! English news article (original text written for this benchmark, repeated to article length).
//!
//! ```text
//! cargo bench --bench pipeline                 # all steps (about two minutes)
//! cargo bench --bench pipeline -- summarize    # one group
//! ```
//!
//! Groups (throughput in bytes of article text):
//! * `normalize_tokenize`: tokens and their normalised form only (the floor of any reading);
//! * `analyze_text`: the full text pipeline (language, sentences, tokens, normalisation, stop
//!   words, stemming): `Analyzer::analyze`;
//! * `featurize`: TF-IDF row of an analysed document: `Vectorizer::transform`;
//! * `predict`: label probabilities from a TF-IDF row (the linear model alone);
//! * `summarize`: key sentences of an analysed document (3 sentences, focused on its label);
//! * `analyze_record`: everything `newsdesk analyze` does per record, minus input and output:
//!   analyse, classify, summarise;
//! * `load_model`: reading the embedded model (what every `classify`, `eval` and `analyze`
//!   without `--model` pays once, before its first record; throughput in bytes of model file).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::features::Row;
use newsdesk::model::Model;
use newsdesk::summarize::{Focus, Length, Summarizer, Weights};
use newsdesk::text::Tokenizer;
use newsdesk::text::normalize::normalize_word_into;
use rustc_hash::FxHashMap;
use std::hint::black_box;
use std::time::Duration;

const EN_HEADLINE: &str = "Ministers agree ceasefire monitors as new export curbs take effect";
const EN: &str = "GENEVA - Foreign ministers from six countries met on Tuesday for a second round of \
talks aimed at easing tension along the disputed border, officials said. The delegations agreed to \
set up a joint committee to monitor the ceasefire and to reopen two crossings for humanitarian aid \
within a week. \"We have made real progress, but much remains to be done,\" the host country's envoy \
told reporters after the closed-door session. Diplomats said the question of prisoner exchanges was \
left for a further meeting next month. Meanwhile, the finance ministry announced new restrictions on \
exports of dual-use goods, saying the measures would stay in place until the parties honour their \
commitments. Analysts warned that the sanctions could slow trade in the region, where fuel prices \
have already risen sharply this year.";

const AR_HEADLINE: &str = "الوزراء يتفقون على مراقبين لوقف إطلاق النار مع بدء قيود جديدة على الصادرات";
const AR: &str = "جنيف - عقد وزراء خارجية ست دول اجتماعا يوم الثلاثاء في جولة ثانية من المحادثات \
الرامية إلى تخفيف التوتر على طول الحدود المتنازع عليها، بحسب ما أفاد مسؤولون. واتفقت الوفود على تشكيل \
لجنة مشتركة لمراقبة وقف إطلاق النار وإعادة فتح معبرين لإدخال المساعدات الإنسانية خلال أسبوع. وقال \
مبعوث البلد المضيف للصحفيين عقب الجلسة المغلقة: \"لقد حققنا تقدما حقيقيا، لكن ما زال أمامنا الكثير\". \
وأوضح دبلوماسيون أن مسألة تبادل الأسرى أرجئت إلى اجتماع آخر الشهر المقبل. في غضون ذلك، أعلنت وزارة \
المالية فرض قيود جديدة على صادرات السلع ذات الاستخدام المزدوج، مؤكدة أن الإجراءات ستبقى سارية حتى تفي \
الأطراف بالتزاماتها. وحذر محللون من أن العقوبات قد تبطئ حركة التجارة في المنطقة، حيث ارتفعت أسعار \
الوقود بشكل حاد هذا العام.";

/// A headline line and the paragraph four times (an article of about 3 kB in English, 5 kB in
/// Arabic), as `newsdesk` reads a record with a title.
fn article(headline: &str, paragraph: &str) -> String {
    let mut s = format!("{headline}\n");
    for i in 0..4 {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(paragraph);
    }
    s
}

fn docs() -> Vec<(&'static str, String)> {
    vec![("ar", article(AR_HEADLINE, AR)), ("en", article(EN_HEADLINE, EN))]
}

/// What the `summarize` and `analyze` commands build once per run: IDF of the model's single
/// words, and per label the positive classifier weights of single words.
fn summarizer_parts(model: &Model) -> (FxHashMap<String, f32>, f32, Vec<Focus>) {
    let v = model.vectorizer();
    let idf =
        v.features().iter().zip(v.idf()).filter(|(f, _)| !f.contains(' ')).map(|(f, &i)| (f.to_string(), i)).collect();
    let max = v.idf().iter().copied().fold(1.0f32, f32::max);
    let focus = (0..model.labels().len())
        .map(|k| {
            let w = model.classifier().class_weights(k);
            v.features()
                .iter()
                .zip(w)
                .filter(|(f, w)| **w > 0.0 && !f.contains(' '))
                .map(|(f, &w)| (f.to_string(), w))
                .collect()
        })
        .collect();
    (idf, max, focus)
}

fn bench_pipeline(c: &mut Criterion) {
    let model = match Model::embedded() {
        Ok(m) => m,
        Err(e) => panic!("the embedded model does not load: {e}"),
    };
    let (idf, max_idf, focus) = summarizer_parts(&model);
    let summarizer = Summarizer { weights: Weights::default(), idf: Some(&idf), default_idf: max_idf };
    let docs = docs();

    let mut g = c.benchmark_group("normalize_tokenize");
    for (lang, text) in &docs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), text, |b, text| {
            let mut word = String::new();
            b.iter(|| {
                let mut n = 0usize;
                for tok in Tokenizer.tokens(black_box(text)) {
                    normalize_word_into(tok.text, &mut word);
                    n += word.len();
                }
                n
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("analyze_text");
    for (lang, text) in &docs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), text, |b, text| {
            b.iter(|| model.analyzer().analyze(black_box(text)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("featurize");
    for (lang, text) in &docs {
        let doc = model.analyzer().analyze(text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), &doc, |b, doc| {
            b.iter(|| model.vectorizer().transform(black_box(doc)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("predict");
    for (lang, text) in &docs {
        let row = model.vectorizer().transform(&model.analyzer().analyze(text));
        let (idx, vals): (Vec<u32>, Vec<f32>) = row.iter().copied().unzip();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(lang), |b| {
            b.iter(|| model.classifier().probabilities(black_box(Row { indices: &idx, values: &vals })))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("summarize");
    for (lang, text) in &docs {
        let doc = model.analyzer().analyze(text);
        let label = model.predict(&doc).label;
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), &doc, |b, doc| {
            b.iter(|| summarizer.summarize(black_box(text), doc, Length::Sentences(3), focus.get(label)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("analyze_record");
    for (lang, text) in &docs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), text, |b, text| {
            b.iter(|| {
                let doc = model.analyzer().analyze(black_box(text));
                let p = model.predict(&doc);
                let s = summarizer.summarize(text, &doc, Length::Sentences(3), focus.get(p.label));
                (p.label, s.sentences.len())
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("load_model");
    g.throughput(Throughput::Bytes(newsdesk::model::DEFAULT_MODEL.len() as u64));
    g.bench_function("embedded", |b| b.iter(|| Model::embedded().map(|m| m.labels().len())));
    g.finish();
}

criterion_group! {
    name = benches;
    // Short runs: the whole file takes about two minutes on two cores.
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3)).sample_size(30);
    targets = bench_pipeline
}
criterion_main!(benches);

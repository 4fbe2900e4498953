//! The command line: argument parsing, and one function per command that wires the library's
//! stages together. `main.rs` only calls [`main`].

pub mod args;
pub mod records;

use crate::classify::{Report, evaluate, linear::stratified_holdout, log_loss};
use crate::io::{ByteCounter, InputError, OutputFormat, Reader, Record, RecordWriter, Rendered, Sink, TableRow};
use crate::model::{AnalyzedDoc, MatrixShape, Model, Phase, Prediction, TrainConfig, TrainObserver, TrainingSet};
use crate::pipeline::{self, BatchLimits, Stats};
use crate::summarize::{Focus, Length, Summarizer, Weights};
use crate::text::{Analysis, Analyzer, TextConfig};
use args::*;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use records::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

/// A fatal error: printed as `newsdesk: error: ...`, exit status 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

type CmdResult = Result<u8, Fatal>;

/// Parse the command line, run the command, return the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        if n == 0 {
            eprintln!("newsdesk: error: --threads must be at least 1");
            return ExitCode::from(2);
        }
        // On one thread the streaming commands work on the calling thread, with no pool to
        // start (a pool of one worker cost a millisecond of start-up and a hand-over per batch);
        // training, which uses rayon inside, gets a pool of one.
        let streaming = !matches!(cli.command, Command::Train(_));
        if n == 1 && streaming {
            pipeline::run_on_calling_thread(true);
        } else if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n).build_global() {
            eprintln!("newsdesk: error: cannot start {n} threads: {e}");
            return ExitCode::from(2);
        }
    }
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Train(a) => train(a, quiet),
        Command::Classify(a) => classify(a, quiet),
        Command::Summarize(a) => summarize(a, quiet),
        Command::Analyze(a) => analyze(a, quiet),
        Command::Eval(a) => eval(a, quiet),
        Command::Inspect(a) => inspect(a, quiet),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(msg)) => {
            eprintln!("newsdesk: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load_model(args: &ModelArgs) -> Result<Model, Fatal> {
    Ok(match &args.model {
        Some(p) => Model::load(p)?,
        None => Model::embedded()?,
    })
}

/// Progress on stderr, drawn with indicatif, only when stderr is a terminal and `--quiet` is not
/// given (otherwise the bar is hidden and costs nothing). It never writes to stdout. Messages
/// printed while it is drawn go through [`Progress::eprintln`], which clears the bar, prints the
/// line and redraws it, so error lines are never garbled.
struct Progress {
    bar: ProgressBar,
    start: Instant,
    /// Bytes read from the inputs (what the bar's total counts).
    read: ByteCounter,
}

/// "N records[, M failed]  D docs/s  R MB/s" since `start` (the rate counts article text
/// processed; the reader runs up to two batches ahead of the work).
fn rates(s: &Stats, start: Instant) -> String {
    let t = start.elapsed().as_secs_f64().max(1e-9);
    let failed = if s.failed > 0 { format!(", {} failed", s.failed) } else { String::new() };
    format!("{} records{failed}  {:.0} docs/s  {:.1} MB/s", s.items, s.items as f64 / t, s.bytes as f64 / t / 1e6)
}

impl Progress {
    /// Whether progress is drawn at all.
    fn visible(quiet: bool) -> bool {
        !quiet && std::io::stderr().is_terminal()
    }

    fn target(quiet: bool) -> ProgressDrawTarget {
        if Self::visible(quiet) { ProgressDrawTarget::stderr_with_hz(8) } else { ProgressDrawTarget::hidden() }
    }

    /// Progress of reading records: a bar with an ETA over `total` input bytes when the size is
    /// known (files), a spinner with counts otherwise (standard input).
    fn records(quiet: bool, reader: &Reader, total: Option<u64>) -> Self {
        let bar = ProgressBar::with_draw_target(total, Self::target(quiet));
        bar.set_style(match total {
            Some(_) => style("{bar:30.cyan/blue} {percent:>3}% {msg}  eta {eta}"),
            None => style("{spinner} {msg}"),
        });
        if !bar.is_hidden() {
            bar.enable_steady_tick(std::time::Duration::from_millis(250));
        }
        Progress { bar, start: Instant::now(), read: reader.bytes_read() }
    }

    /// After a batch: records done, failures, documents/s and MB/s of input.
    fn update(&self, s: &Stats) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_position(self.read.load(std::sync::atomic::Ordering::Relaxed));
        self.bar.set_message(rates(s, self.start));
    }

    /// Print a line on stderr without garbling the bar.
    fn eprintln(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Report an input error on stderr.
    fn report(&self, e: &InputError) {
        self.eprintln(&format!("newsdesk: {}: {}", e.location, e.message));
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

/// A run that ends early (a fatal error) clears its bar too, so the error is not printed
/// under a stale one.
impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

impl Drop for TrainProgress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> ")
}

/// A reader that closed our output (`newsdesk ... | head`) ends the run quietly, like any Unix
/// filter; any other write error is fatal.
fn stop_on_closed_pipe<T>(e: std::io::Error) -> Result<Option<T>, Fatal> {
    if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(None) } else { Err(Fatal(format!("cannot write output: {e}"))) }
}

/// Run `work` over the inputs and write each result (or error record), in order.
fn stream<T, W>(quiet: bool, input: &InputArgs, output: &OutputArgs, work: W) -> CmdResult
where
    T: TableRow,
    W: Fn(&Record) -> T + Sync,
{
    let reader = Reader::new(&input.inputs, input.input_format);
    let sink = Sink::open(output.output.as_deref()).map_err(|e| {
        Fatal(format!("cannot create {}: {e}", output.output.as_deref().unwrap_or("-".as_ref()).display()))
    })?;
    let mut writer = RecordWriter::new(sink, output.format, T::header());
    let progress = Progress::records(
        quiet,
        &reader,
        Progress::visible(quiet).then(|| crate::io::input_size(&input.inputs)).flatten(),
    );
    // Each result is rendered by the worker that made it (in parallel); this thread only
    // writes the bytes, in input order.
    let format = output.format;
    let stats = pipeline::process(
        reader,
        BatchLimits::default(),
        |r| Rendered::new(format, &work(r)),
        |res| match res {
            Ok(rendered) => writer.write_rendered(&rendered?),
            Err(e) => {
                progress.report(&e);
                writer.write(&ErrorRecord { id: e.id.clone(), error: e.to_string() })
            }
        },
        |s| progress.update(s),
    )
    .map(Some)
    .or_else(stop_on_closed_pipe)?;
    progress.done();
    let Some(stats) = stats else { return Ok(0) };
    let done = writer.finish().and_then(|sink| sink.finish()).map(|_| Some(()));
    if done.or_else(stop_on_closed_pipe)?.is_none() {
        return Ok(0);
    }
    Ok(finish_stats(quiet, &stats))
}

fn finish_stats(quiet: bool, s: &Stats) -> u8 {
    if !quiet && s.failed > 0 {
        eprintln!("newsdesk: {} of {} records failed (reported above)", s.failed, s.items);
    }
    if s.fatal > 0 {
        2
    } else if s.failed > 0 {
        1
    } else {
        0
    }
}

fn classified(
    model: &Model,
    id: &str,
    doc: &Analysis,
    p: &Prediction,
    top: Option<usize>,
    explain: Option<usize>,
) -> Classified {
    let labels = model.labels();
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| p.probabilities[b].total_cmp(&p.probabilities[a]).then(a.cmp(&b)));
    order.truncate(top.unwrap_or(usize::MAX).max(1));
    Classified {
        id: id.to_string(),
        lang: doc.lang.code(),
        label: labels[p.label].clone(),
        confidence: p.probabilities[p.label],
        scores: order.iter().map(|&k| (labels[k].clone(), p.probabilities[k])).collect(),
        explain: explain.map(|n| model.explain(doc, p, p.label, n)),
    }
}

fn classify(a: ClassifyArgs, quiet: bool) -> CmdResult {
    let model = load_model(&a.model)?;
    stream(quiet, &a.input, &a.output, |r| {
        let text = r.full_text();
        let doc = model.analyze_for_prediction(&text);
        let p = model.predict(&doc);
        classified(&model, &r.id, &doc, &p, a.top, a.explain)
    })
}

/// Per label: the positive classifier weights of single-word features.
fn focus_maps(model: &Model) -> Vec<Focus> {
    let feats = model.vectorizer().features();
    (0..model.labels().len())
        .map(|k| {
            let w = model.classifier().class_weights(k);
            feats
                .iter()
                .zip(w)
                .filter(|(f, w)| **w > 0.0 && !f.contains(' ') && !f.starts_with(crate::features::CHAR_PREFIX))
                .map(|(f, &w)| (f.to_string(), w))
                .collect()
        })
        .collect()
}

fn length_of(a: &LengthArgs) -> Result<Length, Fatal> {
    match (a.sentences, a.ratio) {
        (_, Some(r)) if !(r > 0.0 && r <= 1.0) => Err(Fatal(format!("--ratio must be in (0, 1], got {r}"))),
        (_, Some(r)) => Ok(Length::Ratio(r)),
        (Some(k), None) => Ok(Length::Sentences(k)),
        (None, None) => Ok(Length::Sentences(3)),
    }
}

/// A record's text as the summariser sees it: the title (if any) as a heading line, then the body.
/// Offsets of chosen sentences are relative to this text.
fn summary_text(r: &Record) -> std::borrow::Cow<'_, str> {
    r.full_text()
}

/// Where the title ends in [`summary_text`] (which starts with the trimmed title), if there is one.
fn title_end(r: &Record) -> Option<usize> {
    r.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::len)
}

/// A record's own length (`k`) wins over the command line's.
fn record_length(r: &Record, default: Length) -> Length {
    r.k.map_or(default, Length::Sentences)
}

/// The summariser as the commands use it. It needs no corpus statistics: terms weigh by their
/// share of the article (measured: a model's IDF moved ROUGE by under 0.004 on EASC and CNN,
/// and loading a model costs more start-up time than summarising a hundred articles).
fn summarizer() -> Summarizer<'static> {
    Summarizer { weights: Weights::default(), idf: None, default_idf: 1.0 }
}

fn summarize(a: SummarizeArgs, quiet: bool) -> CmdResult {
    let length = length_of(&a.length)?;
    // A model is needed only for --focus (its classifier) or an explicit --model (its text
    // pipeline); otherwise the default pipeline reads the text and no model is loaded.
    let model = if a.focus.is_some() || a.model.model.is_some() { Some(load_model(&a.model)?) } else { None };
    let focus = match (a.focus.as_deref(), &model) {
        (None, _) | (_, None) => None,
        (Some("auto"), Some(_)) => Some(None),
        (Some(l), Some(m)) => match m.label_index(l) {
            Some(k) => Some(Some(k)),
            None => {
                return Err(Fatal(format!("--focus {l:?}: the model's labels are {}", m.labels().join(", "))));
            }
        },
    };
    let maps = match (&model, focus) {
        (Some(m), Some(_)) => focus_maps(m),
        _ => Vec::new(),
    };
    // Stop words are kept and marked (not dropped): the summariser leaves them out of its
    // comparisons, but falls back on them for prose made of nothing else.
    let own = Analyzer::new(TextConfig::default());
    let analyzer = match &model {
        Some(m) => m.analyzer(),
        None => &own,
    };
    let summarizer = summarizer();
    stream(quiet, &a.input, &a.output, |r| {
        let text = summary_text(r);
        let doc = analyzer.analyze(&text);
        let f = match (&model, focus) {
            (Some(m), Some(k)) => maps.get(k.unwrap_or_else(|| m.predict(&doc).label)),
            _ => None,
        };
        let s = summarizer.summarize_titled(&text, &doc, title_end(r), record_length(r, length), f);
        Summarized { id: r.id.clone(), summary: s.summary, sentences: s.sentences }
    })
}

fn analyze(a: AnalyzeArgs, quiet: bool) -> CmdResult {
    let model = load_model(&a.model)?;
    let length = length_of(&a.length)?;
    let maps = if a.focus { focus_maps(&model) } else { Vec::new() };
    let summarizer = summarizer();
    stream(quiet, &a.input, &a.output, |r| {
        let text = summary_text(r);
        let doc = model.analyze(&text);
        let p = model.predict(&doc);
        let s = summarizer.summarize_titled(&text, &doc, title_end(r), record_length(r, length), maps.get(p.label));
        Analyzed {
            class: classified(&model, &r.id, &doc, &p, None, a.explain),
            summary: s.summary,
            sentences: s.sentences,
        }
    })
}

fn inspect(a: InspectArgs, quiet: bool) -> CmdResult {
    let model = load_model(&a.model)?;
    stream(quiet, &a.input, &a.output, |r| {
        let text = r.full_text();
        let doc = model.analyzer().analyze(&text);
        let sentences = doc
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| InspectedSentence {
                start: s.start,
                end: s.end,
                text: s.text(&text).to_string(),
                heading: s.heading,
                boilerplate: s.boilerplate,
                tokens: doc.sentence_terms(i).iter().map(|t| doc.term_text(t).to_string()).collect(),
            })
            .collect();
        Inspected { id: r.id.clone(), lang: doc.lang.code(), sentences }
    })
}

// ---------------------------------------------------------------------------------------------
// eval

#[derive(Serialize)]
struct EvalReport {
    #[serde(flatten)]
    overall: Report,
    by_language: BTreeMap<String, Report>,
    /// With multi-label gold (`labels`): the fraction predicted as any of a record's labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy_any_label: Option<f32>,
    unlabelled: usize,
    unknown_labels: BTreeMap<String, usize>,
    errors: usize,
}

/// One line of `eval --predictions`: every input record gets one, scored or not.
#[derive(Serialize)]
struct PredLine<'a> {
    id: &'a str,
    lang: &'a str,
    /// The record's label (`null` when it has none).
    gold: Option<&'a str>,
    label: &'a str,
    confidence: f32,
    /// Whether the record counts in the report: it has a label the model knows.
    scored: bool,
}

impl TableRow for PredLine<'_> {
    fn header() -> String {
        String::new()
    }
    fn row(&self) -> String {
        format!("{} {} {} {}", self.id, self.lang, self.gold.unwrap_or("-"), self.label)
    }
}

fn eval(a: EvalArgs, quiet: bool) -> CmdResult {
    let model = load_model(&a.model)?;
    let labels = model.labels().to_vec();
    let reader = Reader::new(&a.input.inputs, a.input.input_format);
    let mut truth = Vec::new();
    let mut pred = Vec::new();
    let mut langs: Vec<&'static str> = Vec::new();
    // The probability each scored record's true label was given.
    let mut true_p: Vec<f32> = Vec::new();
    let mut unlabelled = 0;
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut multi_label = false;
    let mut any_correct = 0usize;
    let mut pred_out = match &a.predictions {
        Some(p) => Some(RecordWriter::new(
            Sink::open(Some(p)).map_err(|e| Fatal(format!("cannot create {}: {e}", p.display())))?,
            OutputFormat::Jsonl,
            String::new(),
        )),
        None => None,
    };
    let progress = Progress::records(
        quiet,
        &reader,
        Progress::visible(quiet).then(|| crate::io::input_size(&a.input.inputs)).flatten(),
    );
    let stats = pipeline::process(
        reader,
        BatchLimits::default(),
        |r| {
            // A blank label is no label: the record is unlabelled, not labelled "".
            let gold = r.gold_label().filter(|g| !g.trim().is_empty()).map(str::to_owned);
            let text = r.full_text();
            let doc = model.analyze_for_prediction(&text);
            let p = model.predict(&doc);
            let any = r.labels.iter().any(|l| l.trim() == model.labels()[p.label].trim());
            (r.id.clone(), gold, doc.lang.code(), p.label, p.probabilities, (r.labels.len() > 1, any))
        },
        |res| {
            match res {
                Ok((id, gold, lang, label, probabilities, (multi, any))) => {
                    // Records' labels are trimmed on input; a model trained before labels were
                    // trimmed may still hold "business ", so its labels compare trimmed too.
                    let known = gold.as_ref().and_then(|g| labels.iter().position(|l| l.trim() == g));
                    if let Some(w) = &mut pred_out {
                        w.write(&PredLine {
                            id: &id,
                            lang,
                            gold: gold.as_deref(),
                            label: &labels[label],
                            confidence: probabilities[label],
                            scored: known.is_some(),
                        })?;
                    }
                    match (gold, known) {
                        (None, _) => {
                            unlabelled += 1;
                            progress.eprintln(&format!("newsdesk: {id}: no label; not scored"));
                        }
                        (Some(g), None) => *unknown.entry(g).or_default() += 1,
                        (Some(_), Some(t)) => {
                            truth.push(t);
                            pred.push(label);
                            true_p.push(probabilities[t]);
                            langs.push(lang);
                            multi_label |= multi;
                            any_correct += usize::from(any || t == label);
                        }
                    }
                }
                Err(e) => {
                    if let Some(w) = &mut pred_out {
                        w.write(&ErrorRecord { id: e.id.clone(), error: e.to_string() })?;
                    }
                    progress.report(&e);
                }
            }
            Ok(())
        },
        |s| progress.update(s),
    )
    .map_err(|e| Fatal(format!("cannot write predictions: {e}")))?;
    progress.done();
    if let Some(w) = pred_out {
        w.finish().and_then(|s| s.finish()).map_err(|e| Fatal(format!("cannot write predictions: {e}")))?;
    }
    for (l, n) in &unknown {
        eprintln!(
            "newsdesk: {n} record(s) labelled {l:?}, a label the model does not know ({}); not scored",
            labels.join(", ")
        );
    }
    if truth.is_empty() {
        // Zeros in a report would read as a model that is always wrong.
        return Err(Fatal(format!(
            "no record was scored ({} read: {unlabelled} without a label, {} with a label the model \
             does not know, {} failed); eval needs records labelled with the model's labels ({})",
            stats.items,
            unknown.values().sum::<usize>(),
            stats.failed,
            labels.join(", ")
        )));
    }
    let overall = Report { log_loss: log_loss(&true_p), ..evaluate(&labels, &truth, &pred) };
    let mut by_language = BTreeMap::new();
    let mut lang_set: Vec<&str> = langs.clone();
    lang_set.sort();
    lang_set.dedup();
    for l in lang_set {
        let idx: Vec<usize> = (0..truth.len()).filter(|&i| langs[i] == l).collect();
        let t: Vec<usize> = idx.iter().map(|&i| truth[i]).collect();
        let p: Vec<usize> = idx.iter().map(|&i| pred[i]).collect();
        let tp: Vec<f32> = idx.iter().map(|&i| true_p[i]).collect();
        by_language.insert(l.to_string(), Report { log_loss: log_loss(&tp), ..evaluate(&labels, &t, &p) });
    }
    let accuracy_any_label = (multi_label && !truth.is_empty()).then(|| any_correct as f32 / truth.len() as f32);
    let report = EvalReport {
        overall,
        by_language,
        accuracy_any_label,
        unlabelled,
        unknown_labels: unknown,
        errors: stats.failed,
    };
    let mut sink = Sink::open(a.output.as_deref()).map_err(|e| Fatal(format!("cannot create output: {e}")))?;
    match a.format {
        OutputFormat::Table => write!(sink, "{}", eval_table(&report))?,
        // A report is one object: indented for `json`, on one line for `jsonl`.
        OutputFormat::Json => serde_json::to_writer_pretty(&mut sink, &report).map(|()| writeln!(sink))??,
        OutputFormat::Jsonl => serde_json::to_writer(&mut sink, &report).map(|()| writeln!(sink))??,
    }
    sink.finish()?;
    Ok(finish_stats(quiet, &stats))
}

fn report_table(r: &Report) -> String {
    let mut s = String::new();
    s += &format!(
        "records {}   accuracy {:.4}   macro-F1 {:.4}{}\n\n",
        r.records,
        r.accuracy,
        r.macro_f1,
        log_loss_note(r)
    );
    s += &format!("{:<24} {:>9} {:>9} {:>9} {:>8}\n", "label", "precision", "recall", "f1", "support");
    for (l, c) in &r.per_class {
        s += &format!("{:<24} {:>9.4} {:>9.4} {:>9.4} {:>8}\n", l, c.precision, c.recall, c.f1, c.support);
    }
    s += "\nconfusion (rows: true label, columns: predicted)\n";
    let w = r.confusion.labels.iter().map(|l| l.chars().count()).max().unwrap_or(5).clamp(5, 14);
    s += &format!("{:<w$}", "", w = w + 1);
    for l in &r.confusion.labels {
        s += &format!(" {:>w$}", crate::io::output::ellipsize(l, w), w = w);
    }
    s += "\n";
    for (l, row) in r.confusion.labels.iter().zip(&r.confusion.matrix) {
        s += &format!("{:<w$}", crate::io::output::ellipsize(l, w), w = w + 1);
        for n in row {
            s += &format!(" {:>w$}", n, w = w);
        }
        s += "\n";
    }
    s
}

/// "   log loss L" when the report has one.
fn log_loss_note(r: &Report) -> String {
    r.log_loss.map_or_else(String::new, |l| format!("   log loss {l:.4}"))
}

fn eval_table(r: &EvalReport) -> String {
    let mut s = report_table(&r.overall);
    if let Some(a) = r.accuracy_any_label {
        s += &format!("\naccuracy counting any of a record's labels: {a:.4}\n");
    }
    for (l, rep) in &r.by_language {
        s += &format!(
            "\nlanguage {l}: records {}   accuracy {:.4}   macro-F1 {:.4}{}\n",
            rep.records,
            rep.accuracy,
            rep.macro_f1,
            log_loss_note(rep)
        );
    }
    if r.unlabelled > 0 || !r.unknown_labels.is_empty() || r.errors > 0 {
        s += &format!(
            "\nnot scored: {} without a label, {} with a label the model does not know, {} unreadable\n",
            r.unlabelled,
            r.unknown_labels.values().sum::<usize>(),
            r.errors
        );
    }
    s
}

// ---------------------------------------------------------------------------------------------
// train

#[derive(Serialize)]
struct TrainReport {
    model: String,
    documents: usize,
    skipped: usize,
    labels: Vec<String>,
    documents_per_label: BTreeMap<String, usize>,
    terms_per_label: BTreeMap<String, usize>,
    documents_per_language: BTreeMap<String, usize>,
    vocabulary: usize,
    /// The TF-IDF matrix the model was fitted on.
    matrix: MatrixShape,
    seconds: f64,
    /// How C was chosen, with `--c auto`.
    #[serde(skip_serializing_if = "Option::is_none")]
    c_search: Option<crate::model::CSearchReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation: Option<Validation>,
}

#[derive(Serialize)]
struct Validation {
    method: String,
    #[serde(flatten)]
    report: Report,
}

/// `train`'s progress: one bar (or spinner) per phase, on stderr, only on a terminal and not
/// with `--quiet`; each finished phase leaves a line with its time. The library reports the
/// phases through [`TrainObserver`]; the reading pass is the command's own.
struct TrainProgress {
    bar: ProgressBar,
    /// Bytes read from the inputs, and when reading began.
    read: std::sync::OnceLock<(ByteCounter, Instant)>,
    state: std::sync::Mutex<PhaseState>,
}

/// The phase on show.
struct PhaseState {
    /// The model the phases belong to ("fold 2/5: "), empty for the model kept.
    context: String,
    /// The phase's name; empty before the first phase.
    name: String,
    start: Instant,
}

impl TrainProgress {
    fn new(quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, Progress::target(quiet));
        if !bar.is_hidden() {
            bar.enable_steady_tick(std::time::Duration::from_millis(250));
        }
        let state = PhaseState { context: String::new(), name: String::new(), start: Instant::now() };
        TrainProgress { bar, read: std::sync::OnceLock::new(), state: std::sync::Mutex::new(state) }
    }

    /// The reading pass begins: a bar over the input bytes when their total is known.
    fn reading(&self, reader: &Reader, total: Option<u64>) {
        let _ = self.read.set((reader.bytes_read(), Instant::now()));
        self.phase(Phase::Reading);
        if let Some(n) = total {
            self.bar.set_length(n);
            self.bar.set_style(style("{prefix}{bar:30.cyan/blue} {percent:>3}% {msg}  eta {eta}"));
        }
    }

    /// After a batch of the reading pass: records, failures, documents/s and MB/s.
    fn read(&self, s: &Stats) {
        let Some((counter, start)) = self.read.get() else { return };
        if self.bar.is_hidden() {
            return;
        }
        if self.bar.length().is_some() {
            self.bar.set_position(counter.load(std::sync::atomic::Ordering::Relaxed));
        }
        self.bar.set_message(format!("reading and analysing: {}", rates(s, *start)));
    }

    /// Print a line on stderr without garbling the bar.
    fn eprintln(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Remove the bar (before the command's own output or an error).
    fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl TrainObserver for TrainProgress {
    fn phase(&self, phase: Phase) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !st.name.is_empty() {
            self.bar.println(format!(
                "newsdesk: {}{} ({:.2} s)",
                st.context,
                st.name,
                st.start.elapsed().as_secs_f64()
            ));
        }
        st.name.clear();
        st.start = Instant::now();
        let (name, steps) = match phase {
            Phase::Fold { fold, folds } => {
                st.context = format!("fold {}/{folds}: ", fold + 1);
                return;
            }
            Phase::HoldOut => {
                st.context = "hold-out: ".into();
                return;
            }
            Phase::Final => {
                st.context.clear();
                return;
            }
            Phase::Reading => ("reading and analysing", None),
            Phase::ChoosingC { fits } => ("choosing C by cross-validation (fits)", Some(fits)),
            Phase::Vocabulary => ("vocabulary and document frequencies", None),
            Phase::Matrix { documents } => ("building the matrix (documents)", Some(documents)),
            Phase::Fitting { classes } => ("fitting one-vs-rest (labels)", Some(classes)),
            Phase::Calibrating { classes } => ("calibrating on a held-out half (labels)", Some(classes)),
        };
        st.name = name.to_string();
        self.bar.reset();
        self.bar.set_prefix(st.context.clone());
        self.bar.set_message(name);
        match steps {
            Some(n) => {
                self.bar.set_length(n as u64);
                self.bar.set_style(style("{prefix}{msg} {bar:30.cyan/blue} {pos}/{len}  {elapsed}"));
            }
            None => {
                self.bar.unset_length();
                self.bar.set_style(style("{spinner} {prefix}{msg}  {elapsed}"));
            }
        }
    }

    fn advance(&self, steps: u64) {
        self.bar.inc(steps);
    }
}

/// Training's problems, one indented line each, the first 20 of them.
fn listing(problems: &[String]) -> String {
    let mut lines: Vec<String> = problems.iter().take(20).map(|p| format!("  {p}")).collect();
    if problems.len() > 20 {
        lines.push(format!("  ... and {} more", problems.len() - 20));
    }
    lines.join("\n")
}

/// Refuse, before any reading, an output that training would only fail to write at its end,
/// or would write over one of its own inputs.
fn check_model_output(output: &std::path::Path, inputs: &[std::path::PathBuf]) -> Result<(), Fatal> {
    let shown = output.display();
    if output.is_dir() {
        return Err(Fatal(format!(
            "--output {shown} is a directory; give the model file's path (e.g. {shown}/topics.model)"
        )));
    }
    if let Ok(out) = std::fs::canonicalize(output)
        && inputs.iter().any(|i| std::fs::canonicalize(i).is_ok_and(|i| i == out))
    {
        return Err(Fatal(format!(
            "--output {shown} is one of the inputs: training would overwrite it with the model"
        )));
    }
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    // A model written inside a folder of inputs (also through a symbolic link there) would be
    // read as an article by the next run; a name starting with '.' is never read.
    let hidden = output.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if !hidden
        && let Ok(dir) = std::fs::canonicalize(parent)
        && let Some(input) =
            inputs.iter().find(|i| i.is_dir() && crate::io::folders_read(i).is_ok_and(|folders| folders.contains(&dir)))
    {
        return Err(Fatal(format!(
            "--output {shown} is inside the input folder {}: training again would read the model as an \
             article; write it elsewhere",
            input.display()
        )));
    }
    // The model is written to a temporary file next to it and renamed: make (and drop) one now.
    crate::io::AtomicFile::create(output).map(drop).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound && !parent.is_dir() {
            Fatal(format!("cannot write the model to {shown}: the folder {} does not exist", parent.display()))
        } else {
            Fatal(format!("cannot write the model to {shown}: {e}"))
        }
    })
}

fn train(a: TrainArgs, quiet: bool) -> CmdResult {
    let t0 = Instant::now();
    if !(a.max_df > 0.0 && a.max_df <= 1.0) {
        return Err(Fatal(format!("--max-df must be in (0, 1], got {}", a.max_df)));
    }
    if let Some(h) = a.holdout
        && !(h > 0.0 && h < 1.0)
    {
        return Err(Fatal(format!("--holdout must be between 0 and 1, got {h}")));
    }
    check_model_output(&a.output, &a.input.inputs)?;
    let config = TrainConfig {
        text: TextConfig { stem: a.stem, stopwords: a.drop_stopwords, numbers: a.numbers },
        features: crate::features::FeatureConfig {
            ngram_max: a.ngrams,
            min_df: a.min_df,
            max_df: a.max_df,
            max_features: a.max_features,
            sublinear_tf: true,
            char_ngrams: a
                .char_ngrams
                .map(|(min, max)| crate::features::CharNgrams::new(min, max, a.char_norm))
                .transpose()
                .map_err(|e| Fatal(format!("--char-ngrams: {e}")))?,
        },
        params: crate::classify::LinearParams::new()
            .c(match a.c {
                CSetting::Value(c) => c,
                CSetting::Auto => 1.0,
            })
            .max_iter(a.max_iter)
            .balanced(!a.no_balance)
            .tol(a.tol)
            .calibrate(!a.no_calibrate)
            .seed(a.seed),
        c_search: (a.c == CSetting::Auto).then(crate::classify::CSearch::default),
    };
    // One streamed pass: read, check and analyse the records in parallel batches; keep only
    // what training needs of each (its label and n-gram counts), never the texts.
    let observer = TrainProgress::new(quiet);
    let reader = Reader::new(&a.input.inputs, a.input.input_format);
    observer.reading(&reader, Progress::visible(quiet).then(|| crate::io::input_size(&a.input.inputs)).flatten());
    let mut set = TrainingSet::new(config);
    let doc_reader = set.reader();
    let mut problems: Vec<String> = Vec::new();
    // Once a record is bad and bad records are not skipped, nothing will be trained: the rest is
    // only checked, not analysed.
    let stop_analysing = std::sync::atomic::AtomicBool::new(false);
    pipeline::process(
        reader,
        BatchLimits::default(),
        |r| -> Result<Option<(AnalyzedDoc, String)>, String> {
            let at = if r.id == r.location { r.location.clone() } else { format!("{} (id {})", r.location, r.id) };
            match r.gold_label() {
                None => Err(format!("{at}: no label (give \"label\" in JSON, or put files in per-label folders)")),
                Some(l) if l.trim().is_empty() => Err(format!("{at}: the label is empty")),
                Some(_) if r.text.trim().is_empty() => Err(format!("{at}: the text is empty")),
                Some(_) if stop_analysing.load(std::sync::atomic::Ordering::Relaxed) => Ok(None),
                Some(l) => Ok(Some((doc_reader.analyze(&r.full_text()), l.to_string()))),
            }
        },
        |res| {
            let problem = match res {
                Err(e) => Some(e.to_string()),
                Ok(Err(p)) => Some(p),
                Ok(Ok(Some((doc, label)))) => {
                    set.push(doc, &label);
                    None
                }
                Ok(Ok(None)) => None,
            };
            if let Some(p) = problem {
                problems.push(p);
                if !a.skip_invalid {
                    stop_analysing.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Ok(())
        },
        |s| observer.read(s),
    )
    .map_err(|e| Fatal(format!("cannot read the training data: {e}")))?;
    // Reading is over: hand the reader back, so its analyser goes into the model.
    drop(doc_reader);
    if !problems.is_empty() {
        if !a.skip_invalid {
            observer.clear();
            let msg = format!(
                "{} problem(s) in the training data; nothing was written:\n{}\n\
                 Fix them, or pass --skip-invalid to train without those records.",
                problems.len(),
                listing(&problems)
            );
            return Err(Fatal(msg));
        }
        if !quiet {
            // Which records, as without --skip-invalid: a skip the user cannot trace is a silent drop.
            observer.eprintln(&format!(
                "newsdesk: skipped {} invalid training record(s):\n{}",
                problems.len(),
                listing(&problems)
            ));
        }
    }
    if set.is_empty() {
        observer.clear();
        return Err(Fatal("there are no training records".into()));
    }
    let (distinct, y) = set.labels();
    if !quiet {
        let mut count = vec![0usize; distinct.len()];
        y.iter().for_each(|&c| count[c] += 1);
        let rare: Vec<String> =
            distinct.iter().zip(&count).filter(|&(_, &n)| n < 3).map(|(l, n)| format!("{l:?} ({n})")).collect();
        if !rare.is_empty() && distinct.len() >= 2 {
            observer.eprintln(&format!(
                "newsdesk: warning: label(s) with fewer than 3 training records, too few to learn: {}",
                rare.join(", ")
            ));
        }
    }
    if distinct.len() < 2 {
        observer.clear();
        return Err(Fatal(format!(
            "the training records have only one label ({:?}); a classifier needs at least two",
            distinct.first().map(String::as_str).unwrap_or("")
        )));
    }

    // Validation, then the model to keep.
    let trained = (|| -> Result<(Model, MatrixShape, Option<Validation>), Fatal> {
        if let Some(k) = a.cv {
            let pred = set.cross_validate(k as usize, a.seed, &observer)?;
            let report = evaluate(&distinct, &y, &pred);
            let (model, matrix) = set.fit(&observer)?;
            Ok((model, matrix, Some(Validation { method: format!("{k}-fold cross-validation"), report })))
        } else if let Some(h) = a.holdout {
            let held = stratified_holdout(&y, h, a.seed);
            let te: Vec<usize> = (0..y.len()).filter(|&i| held[i]).collect();
            let tr: Vec<usize> = (0..y.len()).filter(|&i| !held[i]).collect();
            if te.is_empty() {
                return Err(Fatal(format!(
                    "--holdout {h} holds out no record: {h} of each label's records rounds to none; \
                     use a larger fraction or more data"
                )));
            }
            // The model trained on the rest is the one kept.
            let (model, matrix, pred) = set.hold_out(&tr, &te, &observer)?;
            let truth: Vec<usize> = te.iter().map(|&i| y[i]).collect();
            let report = evaluate(&distinct, &truth, &pred);
            Ok((model, matrix, Some(Validation { method: format!("hold-out {h}"), report })))
        } else {
            let (model, matrix) = set.fit(&observer)?;
            Ok((model, matrix, None))
        }
    })();
    observer.phase(Phase::Final);
    observer.clear();
    let (model, matrix, validation) = trained?;
    model.save(&a.output)?;
    let t = model.training();
    let report = TrainReport {
        model: a.output.display().to_string(),
        documents: t.documents,
        skipped: problems.len(),
        labels: model.labels().to_vec(),
        documents_per_label: t.documents_per_label.clone(),
        terms_per_label: t.terms_per_label.clone(),
        documents_per_language: t.documents_per_language.clone(),
        vocabulary: t.vocabulary,
        matrix,
        seconds: t0.elapsed().as_secs_f64(),
        c_search: t.c_search.clone(),
        validation,
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        OutputFormat::Table => {
            let mut s = format!(
                "model {}: {} documents, {} labels, {} terms, {:.2} s\n\n{:<24} {:>9} {:>12}\n",
                report.model,
                report.documents,
                report.labels.len(),
                report.vocabulary,
                report.seconds,
                "label",
                "documents",
                "terms"
            );
            for l in &report.labels {
                s += &format!(
                    "{:<24} {:>9} {:>12}\n",
                    l,
                    report.documents_per_label.get(l).unwrap_or(&0),
                    report.terms_per_label.get(l).unwrap_or(&0)
                );
            }
            let langs: Vec<String> = report.documents_per_language.iter().map(|(l, n)| format!("{l} {n}")).collect();
            s += &format!("languages: {}\n", langs.join(", "));
            if report.skipped > 0 {
                s += &format!("skipped: {} invalid records\n", report.skipped);
            }
            if let Some(cs) = &report.c_search {
                s += &format!(
                    "\nC chosen by {}-fold cross-validation over {} documents: {}\n",
                    cs.folds, cs.documents, cs.chosen
                );
                s += &format!("{:>10} {:>9} {:>9}\n", "C", "macro-F1", "accuracy");
                for v in &cs.scores {
                    let mark = if v.c == cs.chosen { "  <" } else { "" };
                    s += &format!("{:>10} {:>9.4} {:>9.4}{mark}\n", v.c, v.macro_f1, v.accuracy);
                }
            }
            if let Some(v) = &report.validation {
                s += &format!("\n{}\n{}", v.method, report_table(&v.report));
            }
            write!(out, "{s}")?;
        }
        OutputFormat::Json => serde_json::to_writer_pretty(&mut out, &report).map(|()| writeln!(out))??,
        OutputFormat::Jsonl => serde_json::to_writer(&mut out, &report).map(|()| writeln!(out))??,
    }
    Ok(0)
}

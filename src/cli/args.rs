//! Command-line arguments (clap derive). The help text is the manual.

use crate::features::{CharNorm, MAX_CHAR_NGRAM};
use crate::io::{InputFormat, OutputFormat};
use crate::text::StemMode;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const ABOUT: &str = "Topic labels and key-sentence summaries for Arabic and English news";

const LONG_ABOUT: &str = "\
newsdesk reads news articles, Arabic first and English too, labels each one by topic with a
statistical classifier and extracts its key sentences as a summary.

The shipped model knows four topics: diplomacy, conflict, sanctions and other. It is built into
the binary, so `newsdesk classify article.txt` works with no other files. Train your own model,
for any set of labels, with `newsdesk train`.

INPUTS (for every command)
  FILE.jsonl, FILE.ndjson   one JSON object per line: {\"text\": ..., \"id\", \"title\", \"label\"/\"labels\",
                            \"k\" (this article's summary length, over --sentences)}
  FILE.json                 one JSON object (over any number of lines), or JSON Lines
  DIRECTORY                 every file under it, recursively, in sorted order, skipping names
                            that start with '.'; train and eval label DIR/.../LABEL/FILE as LABEL
  any other FILE            one article per file (UTF-8 text)
  -                         standard input: JSON Lines if it starts with '{', else one article
Record ids default to PATH:LINE (JSON Lines) or PATH (files).";

const AFTER_HELP: &str = "\
EXIT STATUS
  0  every record was processed
  1  some records failed; each is reported on stderr and as {\"id\", \"error\"} in the output
  2  usage error, or a fatal error (unreadable model, unreadable input, failed write)

EXAMPLES
  newsdesk analyze article.txt
  newsdesk classify --explain 5 --format jsonl feed.jsonl
  newsdesk summarize --sentences 3 articles/
  newsdesk train data/corpus --output my.model --cv 5
  newsdesk eval --model my.model test.jsonl";

/// newsdesk command line.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,

    /// Worker threads (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress display and no summary lines on stderr (errors are still reported).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a topic model from labelled articles and write it to a file.
    #[command(long_about = "\
Train a topic model from labelled articles and write it to a file.

Labels come from each JSON record's \"label\" (or the first of \"labels\"), or, for plain-text
files under a directory, from the name of the sub-folder they are in (DIR/sport/a.txt is
labelled \"sport\"). Any label names work, two or more of them.

The features are TF-IDF weights of word unigrams and bigrams (sublinear tf, IDF learnt here and
stored in the model), optionally with character n-grams of each word (--char-ngrams), and the
classifier is a one-vs-rest linear SVM with class weights that balance rare labels and a softmax
for probabilities, calibrated on held-out documents (a second fit on half of them scores the
other half).

Bad training records stop the run with a list of the problems, unless --skip-invalid is given.
The same data, settings and --seed give a byte-identical model file.")]
    Train(TrainArgs),
    /// Label articles by topic, with probabilities and the terms that drove each label.
    Classify(ClassifyArgs),
    /// Pick the key sentences of each article, in the article's order.
    #[command(long_about = "\
Pick the key sentences of each article (an extractive summary), in the article's own order.

Sentences are scored by position, similarity to the whole article and to its headline, and
length; near-duplicates are never both chosen; headings, link lines (\"Read more\", \"اقرأ أيضا\"),
fragments and datelines are never chosen. The text of each chosen sentence is quoted from the
original article, with its byte offsets.

A JSON Lines record may set its own length with \"k\" (sentences), which wins over --sentences
and --ratio. Without --model or --focus no model is loaded: the summariser needs none.")]
    Summarize(SummarizeArgs),
    /// Classify and summarise in one pass: the fields of both commands in one record.
    Analyze(AnalyzeArgs),
    /// Score a model on labelled articles: accuracy, macro-F1, per-label report, confusion matrix.
    Eval(EvalArgs),
    /// Show how the text pipeline reads articles: language, sentences and the terms the model sees.
    Inspect(InspectArgs),
}

/// Where records come from.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input files, directories, or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// How to read inputs: by file name (auto), or force JSON Lines or plain text.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, value_name = "FORMAT")]
    pub input_format: InputFormat,
}

/// Where results go.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Which model.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Model file (default: the built-in diplomacy/conflict/sanctions/other model).
    #[arg(long, short, value_name = "MODEL")]
    pub model: Option<PathBuf>,
}

/// `train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,

    /// Where to write the model.
    #[arg(long, short, value_name = "MODEL")]
    pub output: PathBuf,

    /// A term must occur in at least this many training articles.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_df: u32,

    /// A term may occur in at most this fraction of training articles.
    #[arg(long, default_value_t = 0.95, value_name = "FRACTION")]
    pub max_df: f32,

    /// Keep at most this many terms (the most frequent).
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub max_features: Option<usize>,

    /// Longest word n-gram: 1 (words) or 2 (words and word pairs).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2), value_name = "N")]
    pub ngrams: u8,

    /// Also use character n-grams of each term as features, MIN..MAX characters long (e.g.
    /// 2..5, or 3 for 3..3), over the term framed by word-boundary markers (`<term>`, like
    /// scikit-learn's char_wb). Off by default. They are stored in the model, so classify and
    /// eval use them too; in --explain they show as #gram.
    #[arg(long, value_parser = parse_char_range, value_name = "MIN..MAX")]
    pub char_ngrams: Option<(u8, u8)>,

    /// With --char-ngrams: scale word and character features to equal weight in each article's
    /// vector (blocks), or normalise them together (joint: character grams then dominate).
    #[arg(long, value_enum, default_value_t = CharNorm::Blocks, requires = "char_ngrams")]
    pub char_norm: CharNorm,

    /// Stemming: light (Arabic light stemmer + Snowball English), snowball, or none.
    #[arg(long, value_enum, default_value_t = StemMode::Light)]
    pub stem: StemMode,

    /// Drop stop words from the features (kept by default: they help the classifier).
    #[arg(long)]
    pub drop_stopwords: bool,

    /// Keep numbers as terms.
    #[arg(long)]
    pub numbers: bool,

    /// Regularisation: larger C fits the training data more closely. `auto` chooses it by
    /// 5-fold cross-validation on the training articles, from 1/16 to 8 in powers of two (the
    /// best macro-F1; on a tie, the nearest to 1): about 40 extra fits, so training takes several
    /// times as long. Short, noisy texts tend to want a small C, long articles with clean
    /// labels a larger one; the choice and every value's scores go in the report and the model
    /// file. With --cv or --holdout, C is chosen again inside each training part, never on the
    /// documents being scored.
    #[arg(long, default_value = "1", value_parser = parse_c, value_name = "C|auto", allow_negative_numbers = true)]
    pub c: CSetting,

    /// Maximum passes of the solver over the data.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub max_iter: usize,

    /// Solver stopping tolerance (smaller is more exact and slower).
    #[arg(long, default_value_t = 0.1, value_name = "TOL")]
    pub tol: f32,

    /// Do not calibrate probabilities on held-out documents (faster training; probabilities
    /// then come from an uncalibrated softmax).
    #[arg(long)]
    pub no_calibrate: bool,

    /// Do not weight labels inversely to their frequency.
    #[arg(long)]
    pub no_balance: bool,

    /// Also report K-fold cross-validation (the model file is still trained on everything).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(2..=100))]
    pub cv: Option<u32>,

    /// Also report scores on this fraction of the data held out (stratified; the model file is
    /// trained on the rest).
    #[arg(long, value_name = "FRACTION", conflicts_with = "cv")]
    pub holdout: Option<f64>,

    /// Seed for the solver order, folds and hold-out split.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Skip bad training records (listing them on stderr) instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,

    /// Report format: table, json (one indented object) or jsonl (the same object on one line).
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// `classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Model.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Show only the N most probable labels in "scores" (JSON output; the table shows the
    /// chosen label only).
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub top: Option<usize>,

    /// Add the N terms that pushed hardest towards the chosen label ("explain"), as the model
    /// sees them: normalised and stemmed ("sanction" for "sanctions", "بحث" for "يبحثون").
    /// Terms that occur in the article only as stop words are left out.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub explain: Option<usize>,
}

/// Summary length options.
#[derive(Debug, Args)]
pub struct LengthArgs {
    /// Number of sentences to pick (default 3, unless a record gives its own "k").
    #[arg(long, short = 'k', value_name = "K", conflicts_with = "ratio", value_parser = at_least_one)]
    pub sentences: Option<usize>,

    /// Fraction of the article's sentences to pick (0 to 1).
    #[arg(long, value_name = "R")]
    pub ratio: Option<f32>,
}

/// `summarize`.
#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Summary length.
    #[command(flatten)]
    pub length: LengthArgs,
    /// Model.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Prefer sentences carrying the model's evidence for this label ("auto": the predicted one).
    #[arg(long, value_name = "LABEL")]
    pub focus: Option<String>,
}

/// `analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Model.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Summary length.
    #[command(flatten)]
    pub length: LengthArgs,

    /// Add the N terms that pushed hardest towards the chosen label ("explain"), as the model
    /// sees them: normalised and stemmed ("sanction" for "sanctions", "بحث" for "يبحثون").
    /// Terms that occur in the article only as stop words are left out.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub explain: Option<usize>,

    /// Bias the summary towards the predicted label's evidence (so a sanctions story's summary
    /// says what the sanctions are). Off by default: it serves the label, not the story, and
    /// lowers ROUGE against human extracts by about 0.01.
    #[arg(long)]
    pub focus: bool,
}

/// `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Model.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Report format: table, json (one indented object) or jsonl (the same object on one line).
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write the report to this file instead of standard output (written atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write each record's prediction (JSON Lines) to this file: one line per input
    /// record, in input order. "gold" is the record's label (null if none) and "scored" says
    /// whether it counts in the report; a record that could not be read gets {"id", "error"}.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
}

/// `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Model.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `--c`: a value, or chosen by cross-validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CSetting {
    /// This value.
    Value(f32),
    /// Chosen by cross-validation.
    Auto,
}

/// `--c`: `auto` or a positive number.
fn parse_c(s: &str) -> Result<CSetting, String> {
    if s.trim().eq_ignore_ascii_case("auto") {
        return Ok(CSetting::Auto);
    }
    match s.trim().parse::<f32>() {
        Ok(c) if c.is_finite() && c > 0.0 => Ok(CSetting::Value(c)),
        _ => Err(format!("{s:?} is neither a positive number nor `auto`")),
    }
}

/// `--char-ngrams`: `MIN..MAX` (or `MIN..=MAX`) or a single length `N`, each in 1..=8.
fn parse_char_range(s: &str) -> Result<(u8, u8), String> {
    let num = |x: &str| -> Result<u8, String> {
        x.trim().parse::<u8>().map_err(|_| format!("{x:?} is not a length; use MIN..MAX, e.g. 2..5"))
    };
    let (min, max) = match s.split_once("..") {
        Some((a, b)) => (num(a)?, num(b.strip_prefix('=').unwrap_or(b))?),
        None => {
            let n = num(s)?;
            (n, n)
        }
    };
    if min == 0 || min > max || max > MAX_CHAR_NGRAM {
        return Err(format!("need 1 <= MIN <= MAX <= {MAX_CHAR_NGRAM}, got {min}..{max}"));
    }
    Ok((min, max))
}

/// A whole number of at least 1.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("not a whole number: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::{CSetting, parse_c, parse_char_range};

    #[test]
    fn c_parses_a_positive_number_or_auto() {
        assert_eq!(parse_c("0.5"), Ok(CSetting::Value(0.5)));
        assert_eq!(parse_c("auto"), Ok(CSetting::Auto));
        assert_eq!(parse_c("AUTO"), Ok(CSetting::Auto));
        for bad in ["0", "-1", "nan", "inf", "", "big"] {
            assert!(parse_c(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn char_ranges_parse_and_are_checked() {
        assert_eq!(parse_char_range("2..5"), Ok((2, 5)));
        assert_eq!(parse_char_range("2..=4"), Ok((2, 4)));
        assert_eq!(parse_char_range("3"), Ok((3, 3)));
        assert!(parse_char_range("0..3").is_err());
        assert!(parse_char_range("5..2").is_err());
        assert!(parse_char_range("2..9").is_err());
        assert!(parse_char_range("a..b").is_err());
    }
}

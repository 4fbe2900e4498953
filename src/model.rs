//! The model: text settings + TF-IDF vectoriser + linear classifier + label names, and the
//! versioned file that stores them.
//!
//! The file is one JSON document, self-describing and diff-able:
//! `{"format": "newsdesk-model", "version": 2, "text": {...}, "features": {...},
//! "labels": [...], "vocabulary": [...], "idf": "...", "classifier": {...}, "params": {...},
//! "training": {...}}`, where the IDF and the classifier's weights are base64 of their
//! little-endian `f32` bytes (exact, and fast to load); version 1 files, which list them as
//! numbers, still load. It contains nothing that depends on the time or the machine, so the same
//! data, settings and seed give a byte-identical file. Loading reads the file once when it is a
//! model of this version; otherwise it reads just its format name and version to say plainly
//! what is wrong (not a model, another version, truncated, damaged).

use crate::classify::{CSearch, ClassifyError, LinearModel, LinearParams, ValidLinearParams};
use crate::features::{FeatureConfig, FeatureError, Row, Terms, Vectorizer};
use crate::text::{Analysis, Analyzer, TextConfig};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub mod packed;
mod training;

pub use training::{AnalyzedDoc, DocReader, MatrixShape, Phase, Silent, TrainObserver, TrainingSet};

/// The format name written in every model file.
pub const FORMAT: &str = "newsdesk-model";
/// The current format version (written). Files of versions 1 to this one are read; others are
/// refused with a clear message.
pub const VERSION: u32 = 2;

/// The shipped model (diplomacy, conflict, sanctions, other), built from `data/corpus` by
/// `newsdesk train data/corpus --c auto --output models/default.model` (C chosen by the corpus's
/// own cross-validation).
pub static DEFAULT_MODEL: &[u8] = include_bytes!("../models/default.model");

/// Errors loading, saving or training a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Not a newsdesk model at all.
    #[error("{path}: not a newsdesk model file ({detail})")]
    NotAModel {
        /// The file.
        path: String,
        /// What was found instead.
        detail: String,
    },
    /// A model of another format version.
    #[error(
        "{path}: model format version {found}, but this newsdesk reads versions 1 to {VERSION}; retrain it with `newsdesk train`"
    )]
    Version {
        /// The file.
        path: String,
        /// The version found.
        found: u64,
    },
    /// A model file that is damaged.
    #[error("{path}: damaged model file ({detail}); retrain it or restore a good copy")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// Training failed.
    #[error(transparent)]
    Classify(#[from] ClassifyError),
    /// Feature extraction failed.
    #[error(transparent)]
    Features(#[from] FeatureError),
    /// Bad training data.
    #[error("{0}")]
    Data(String),
}

/// What a model was trained on (deterministic facts only: no times, no paths).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TrainingSummary {
    /// Training documents.
    pub documents: usize,
    /// Documents per label.
    pub documents_per_label: BTreeMap<String, usize>,
    /// Term occurrences per label.
    pub terms_per_label: BTreeMap<String, usize>,
    /// Documents per detected language.
    pub documents_per_language: BTreeMap<String, usize>,
    /// Features in the vocabulary.
    pub vocabulary: usize,
    /// How C was chosen, when it was chosen by cross-validation (absent otherwise, so files
    /// trained with a given C are as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c_search: Option<CSearchReport>,
}

/// The outcome of choosing C by cross-validation ([`CSearch`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CSearchReport {
    /// Folds.
    pub folds: usize,
    /// Documents scored: all, unless a fold had to be left out (a training part with a single
    /// label or without a vocabulary).
    #[serde(default)]
    pub documents: usize,
    /// Every value tried, smallest first, with its cross-validated scores.
    pub scores: Vec<CScore>,
    /// The value kept: the best macro-F1; on a tie, the nearest to 1.
    pub chosen: f32,
}

/// One value of C and how it did in cross-validation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CScore {
    /// C.
    pub c: f32,
    /// Macro-F1 over all held-out predictions.
    pub macro_f1: f32,
    /// Accuracy over all held-out predictions.
    pub accuracy: f32,
}

#[derive(Deserialize)]
struct StoredClassifier {
    n_features: usize,
    #[serde(deserialize_with = "packed::deserialize")]
    weights: Vec<f32>,
    bias: Vec<f32>,
    temperature: f32,
}

/// A model file as read (the layout of [`ModelFileRef`]).
#[derive(Deserialize)]
struct ModelFile {
    format: String,
    version: u32,
    text: TextConfig,
    features: FeatureConfig,
    labels: Vec<String>,
    vocabulary: Terms,
    #[serde(deserialize_with = "packed::deserialize")]
    idf: Vec<f32>,
    classifier: StoredClassifier,
    params: ValidLinearParams,
    training: TrainingSummary,
}

/// [`ModelFile`] as written: the same fields, borrowed from the model, so saving a large model
/// does not copy its vocabulary and weights first.
#[derive(Serialize)]
struct ModelFileRef<'a> {
    format: &'a str,
    version: u32,
    text: &'a TextConfig,
    features: &'a FeatureConfig,
    labels: &'a [String],
    vocabulary: &'a Terms,
    #[serde(serialize_with = "packed::serialize")]
    idf: &'a [f32],
    classifier: StoredClassifierRef<'a>,
    params: &'a ValidLinearParams,
    training: &'a TrainingSummary,
}

#[derive(Serialize)]
struct StoredClassifierRef<'a> {
    n_features: usize,
    #[serde(serialize_with = "packed::serialize")]
    weights: &'a [f32],
    bias: &'a [f32],
    temperature: f32,
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Everything training needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrainConfig {
    /// Text pipeline settings.
    pub text: TextConfig,
    /// Feature settings.
    pub features: FeatureConfig,
    /// Classifier settings.
    pub params: LinearParams,
    /// Choose C by cross-validation (overriding `params`' C) instead of using it as set.
    pub c_search: Option<CSearch>,
}

/// A classification of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Index of the chosen label.
    pub label: usize,
    /// Probability of every label, in [`Model::labels`] order.
    pub probabilities: Vec<f32>,
    /// The TF-IDF row's non-zero entries (for explanations).
    pub row: Vec<(u32, f32)>,
}

/// A trained model, ready to classify.
#[derive(Debug)]
pub struct Model {
    analyzer: Analyzer,
    vectorizer: Vectorizer,
    classifier: LinearModel,
    labels: Vec<String>,
    params: ValidLinearParams,
    training: TrainingSummary,
}

impl Model {
    /// The label names, in index order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// The text pipeline this model reads with.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }
    /// The fitted vectoriser.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }
    /// The fitted classifier.
    pub fn classifier(&self) -> &LinearModel {
        &self.classifier
    }
    /// What it was trained on.
    pub fn training(&self) -> &TrainingSummary {
        &self.training
    }
    /// The classifier settings it was trained with.
    pub fn params(&self) -> &ValidLinearParams {
        &self.params
    }

    /// Index of a label name.
    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == name)
    }

    /// Read a document as this model does: [`Model::analyzer`], numbering its words by the
    /// model's vocabulary on the way (see [`crate::text::TermIds`]), which spares
    /// [`Model::predict`] a lookup per word.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyzer.analyze_with(text, &self.vectorizer)
    }

    /// Read a document for [`Model::predict`] alone: [`Model::analyze`] without the terms' texts
    /// ([`Analyzer::analyze_ids`]), unless the model's character n-grams are made from them.
    /// Use [`Model::analyze`] when the same reading is also summarised or shown.
    pub fn analyze_for_prediction(&self, text: &str) -> Analysis {
        if self.vectorizer.needs_term_texts() {
            self.analyze(text)
        } else {
            self.analyzer.analyze_ids(text, &self.vectorizer)
        }
    }

    /// Classify a document read by [`Model::analyze`] (or [`Model::analyzer`]).
    pub fn predict(&self, doc: &Analysis) -> Prediction {
        let row = self.vectorizer.transform(doc);
        let (idx, vals): (Vec<u32>, Vec<f32>) = row.iter().copied().unzip();
        let probabilities = self.classifier.probabilities(Row { indices: &idx, values: &vals });
        let label = crate::classify::linear::argmax(&probabilities);
        Prediction { label, probabilities, row }
    }

    /// Classify raw text.
    pub fn predict_text(&self, text: &str) -> Prediction {
        self.predict(&self.analyze_for_prediction(text))
    }

    /// The `n` terms of a prediction's document `doc` that pushed hardest towards label `k`.
    ///
    /// Stop words are kept as features (they measured better), but a term that occurs in `doc`
    /// only as stop words ("في", "said", "of the") explains nothing to a reader, so it is passed
    /// over here; a bigram with one content word ("sanction on") is kept.
    pub fn explain(&self, doc: &Analysis, p: &Prediction, k: usize, n: usize) -> Vec<(String, f32)> {
        let (idx, vals): (Vec<u32>, Vec<f32>) = p.row.iter().copied().unzip();
        let content = self.vectorizer.content_word_features(doc);
        let features = self.vectorizer.features();
        self.classifier
            .explain(Row { indices: &idx, values: &vals }, k, idx.len())
            .into_iter()
            .filter(|(j, _)| content.contains(j) || self.vectorizer.is_char_feature(*j))
            .take(n)
            .map(|(j, w)| (features[j as usize].to_string(), w))
            .collect()
    }

    /// The model as file bytes (deterministic). Fails if training produced a number JSON
    /// cannot hold (an infinite or NaN weight), rather than writing a file that cannot load.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
        if !finite(self.classifier.weights())
            || !finite(self.classifier.bias())
            || !finite(self.vectorizer.idf())
            || !self.classifier.temperature().is_finite()
        {
            return Err(ModelError::Data(
                "training produced non-finite weights; try a smaller --c or check the data".into(),
            ));
        }
        let file = ModelFileRef {
            format: FORMAT,
            version: VERSION,
            text: self.analyzer.config(),
            features: self.vectorizer.config(),
            labels: &self.labels,
            vocabulary: self.vectorizer.features(),
            idf: self.vectorizer.idf(),
            classifier: StoredClassifierRef {
                n_features: self.classifier.n_features(),
                weights: self.classifier.weights(),
                bias: self.classifier.bias(),
                temperature: self.classifier.temperature(),
            },
            params: &self.params,
            training: &self.training,
        };
        let mut out =
            serde_json::to_vec(&file).map_err(|e| ModelError::Data(format!("cannot encode the model: {e}")))?;
        out.push(b'\n');
        Ok(out)
    }

    /// Write the model file atomically.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        crate::io::write_atomic(path, &self.to_bytes()?)
            .map_err(|source| ModelError::Io { path: path.display().to_string(), source })
    }

    /// Read a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io { path: name.clone(), source })?;
        Self::from_bytes(&bytes, &name)
    }

    /// The model embedded in the binary.
    pub fn embedded() -> Result<Model, ModelError> {
        Self::from_bytes(DEFAULT_MODEL, "<embedded default model>")
    }

    /// Parse model bytes; `name` is used in error messages.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Model, ModelError> {
        let not_model = |detail: &str| ModelError::NotAModel { path: name.to_string(), detail: detail.to_string() };
        let corrupt = |detail: String| ModelError::Corrupt { path: name.to_string(), detail };
        if bytes.is_empty() {
            return Err(not_model("the file is empty"));
        }
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
        if start.map(|i| bytes[i]) != Some(b'{') {
            return Err(not_model("it does not start with a JSON object"));
        }
        let claims_model =
            String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).contains(&format!("\"format\":\"{FORMAT}\""));
        if claims_model && bytes.trim_ascii_end().last() != Some(&b'}') {
            return Err(corrupt("the file is truncated".into()));
        }
        // One pass when the file is a model of this version (the usual case); otherwise the
        // header alone is read, so a model from another version gets the right message even if
        // its layout changed.
        // Checked as UTF-8 once, in bulk, the text is parsed without serde_json checking each
        // of the vocabulary's hundred thousand strings again. Bytes that are not UTF-8 take the
        // byte parser, whose error says where.
        let parsed = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => serde_json::from_str::<ModelFile>(text),
            Err(_) => serde_json::from_slice::<ModelFile>(bytes),
        };
        let file = match parsed {
            Ok(f) if f.format == FORMAT && (1..=VERSION).contains(&f.version) => f,
            full => return Err(Self::diagnose(bytes, name, claims_model, full.err())),
        };
        Self::from_file(file, name)
    }

    /// Why `bytes` is not a model of this version: the error to report. `full` is the error of
    /// reading the whole file, if that failed.
    fn diagnose(bytes: &[u8], name: &str, claims_model: bool, full: Option<serde_json::Error>) -> ModelError {
        let not_model = |detail: &str| ModelError::NotAModel { path: name.to_string(), detail: detail.to_string() };
        let corrupt = |detail: String| ModelError::Corrupt { path: name.to_string(), detail };
        let header: Result<Header, _> = serde_json::from_slice(bytes);
        match header {
            Ok(h) => {
                match h.format.as_ref().and_then(|v| v.as_str()) {
                    Some(FORMAT) => {}
                    Some(other) => return not_model(&format!("its format is {other:?}")),
                    None => {
                        return not_model("a JSON file without the \"format\": \"newsdesk-model\" field");
                    }
                }
                match h.version.as_ref().and_then(|v| v.as_u64()) {
                    Some(v) if (1..=u64::from(VERSION)).contains(&v) => {}
                    Some(v) => {
                        return ModelError::Version { path: name.to_string(), found: v };
                    }
                    None => return corrupt("no format version".into()),
                }
            }
            // A file cut inside a number or a literal (`0.` or `tr`) fails as a syntax error at
            // its very end rather than as an end of file.
            Err(e) if e.is_eof() || (e.is_syntax() && Self::fails_at_end(bytes, &e)) => {
                return corrupt("the file is truncated".into());
            }
            Err(e) if e.is_syntax() => {
                if claims_model {
                    return corrupt(format!("invalid JSON: {e}"));
                }
                return not_model(&format!("invalid JSON: {e}"));
            }
            Err(e) => return not_model(&e.to_string()),
        }
        // The header is right, so reading the whole file is what failed (a full read that
        // succeeded always has a wrong format or version, refused above).
        corrupt(full.map_or_else(|| "unreadable model".to_string(), |e| e.to_string()))
    }

    /// Does the JSON error `e` of `bytes` lie at their end (trailing white space aside), in a
    /// number or a literal that the end cut short? (An extra `}` or a `,}` there is damage of
    /// another kind.)
    fn fails_at_end(bytes: &[u8], e: &serde_json::Error) -> bool {
        let body = bytes.trim_ascii_end();
        if !body.last().is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')) {
            return false;
        }
        let line = 1 + body.iter().filter(|&&b| b == b'\n').count();
        let column = body.len() - body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        e.line() == line && e.column() >= column
    }

    /// Check a parsed model file and build the model.
    fn from_file(file: ModelFile, name: &str) -> Result<Model, ModelError> {
        let corrupt = |detail: String| ModelError::Corrupt { path: name.to_string(), detail };
        if file.labels.len() < 2 {
            return Err(corrupt(format!("it has {} labels; a model needs at least 2", file.labels.len())));
        }
        let mut sorted = file.labels.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != file.labels.len() {
            return Err(corrupt("a label is listed twice".into()));
        }
        if file.classifier.bias.len() != file.labels.len() {
            return Err(corrupt(format!("{} labels but {} classes", file.labels.len(), file.classifier.bias.len())));
        }
        if file.classifier.n_features != file.vocabulary.len() {
            return Err(corrupt(format!(
                "the classifier has {} features but the vocabulary {}",
                file.classifier.n_features,
                file.vocabulary.len()
            )));
        }
        if !(1..=2).contains(&file.features.ngram_max) {
            return Err(corrupt(format!("unsupported n-gram length {}", file.features.ngram_max)));
        }
        // A number too large for f32 (1e39) reads as infinity: it would make every probability NaN.
        if let Some(x) = file.idf.iter().find(|x| !(x.is_finite() && **x >= 0.0)) {
            return Err(corrupt(format!("an IDF weight is {x}, not a finite non-negative number")));
        }
        let vectorizer =
            Vectorizer::from_parts(file.features, file.vocabulary, file.idf).map_err(|e| corrupt(e.to_string()))?;
        let c = file.classifier;
        let classifier = LinearModel::from_parts(c.n_features, c.weights, c.bias, c.temperature)
            .map_err(|e| corrupt(e.to_string()))?;
        Ok(Model {
            analyzer: Analyzer::new(file.text),
            vectorizer,
            classifier,
            labels: file.labels,
            params: file.params,
            training: file.training,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of `docs` at the default settings but `min_df` 1.
    fn trained(docs: &[(&str, &str)]) -> Model {
        let mut cfg = TrainConfig::default();
        cfg.features.min_df = 1;
        Model::train(docs, &cfg).unwrap()
    }

    fn tiny() -> Model {
        trained(&[
            ("sanctions asset freeze embargo", "sanctions"),
            ("new sanctions and an embargo on oil", "sanctions"),
            ("asset freeze and export controls", "sanctions"),
            ("talks summit envoy visit", "diplomacy"),
            ("the envoy held talks at the summit", "diplomacy"),
            ("a state visit and talks", "diplomacy"),
        ])
    }

    #[test]
    fn round_trip_is_byte_identical() {
        let m = tiny();
        let bytes = m.to_bytes().unwrap();
        let back = Model::from_bytes(&bytes, "t").unwrap();
        assert_eq!(back.to_bytes().unwrap(), bytes);
        assert_eq!(tiny().to_bytes().unwrap(), bytes, "training is deterministic");
        let p = back.predict_text("an embargo and sanctions");
        assert_eq!(back.labels()[p.label], "sanctions");
        assert!((p.probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(!back.explain(&back.analyze_for_prediction("an embargo and sanctions"), &p, p.label, 3).is_empty());
    }

    #[test]
    fn explanations_pass_over_terms_made_only_of_stop_words() {
        // "of the" and "said" mark one label here as much as "embargo" does, but explain nothing.
        let m = trained(&[
            ("of the embargo said", "sanctions"),
            ("of the embargo and freeze said", "sanctions"),
            ("said of the asset freeze", "sanctions"),
            ("talks summit envoy", "diplomacy"),
            ("envoy talks visit", "diplomacy"),
            ("summit visit talks", "diplomacy"),
        ]);
        let doc = m.analyze_for_prediction("of the embargo said");
        let p = m.predict(&doc);
        let every = m.classifier.explain(
            Row {
                indices: &p.row.iter().map(|x| x.0).collect::<Vec<_>>(),
                values: &p.row.iter().map(|x| x.1).collect::<Vec<_>>(),
            },
            p.label,
            100,
        );
        let names: Vec<&str> = every.iter().map(|&(j, _)| &m.vectorizer.features()[j as usize]).collect();
        assert!(names.contains(&"said") && names.contains(&"of the"), "the stop words do count: {names:?}");
        let shown: Vec<String> = m.explain(&doc, &p, p.label, 10).into_iter().map(|(t, _)| t).collect();
        assert!(shown.contains(&"embargo".to_string()), "{shown:?}");
        assert!(shown.iter().all(|t| !["said", "of", "the", "of the"].contains(&t.as_str())), "{shown:?}");
        assert!(shown.iter().any(|t| t.contains(' ')), "a bigram with a content word stays: {shown:?}");
        assert_eq!(m.explain(&doc, &p, p.label, 1).len(), 1);
        // What a word is decides, not what it stems to: "willing" stems to "will", which is also
        // the stem of the stop word "will"; read as "willing" it is a content word and is shown.
        let m = trained(&[
            ("willing embargo", "sanctions"),
            ("willing freeze", "sanctions"),
            ("willing asset", "sanctions"),
            ("talks summit", "diplomacy"),
            ("envoy talks", "diplomacy"),
            ("summit visit", "diplomacy"),
        ]);
        let shown = |text: &str| {
            let doc = m.analyze_for_prediction(text);
            let p = m.predict(&doc);
            m.explain(&doc, &p, p.label, 10).into_iter().map(|(t, _)| t).collect::<Vec<_>>()
        };
        assert!(shown("willing and willing").contains(&"will".to_string()));
        assert!(!shown("will and will").contains(&"will".to_string()), "the stop word itself is not");
    }

    #[test]
    fn bad_files_are_named_errors() {
        let err = |b: &[u8]| Model::from_bytes(b, "m.model").unwrap_err().to_string();
        assert!(err(b"").contains("not a newsdesk model file (the file is empty)"));
        assert!(err(b"\x00\x01garbage").contains("not a newsdesk model"));
        assert!(err(br#"{"hello": 1}"#).contains("without the \"format\""));
        assert!(err(br#"{"format":"newsdesk-model","version":99}"#).contains("version 99"));
        let good = tiny().to_bytes().unwrap();
        assert!(err(&good[..good.len() / 2]).contains("truncated"), "{}", err(&good[..good.len() / 2]));
        // Cut anywhere, also when the keys are reordered (as a JSON tool that sorts them would)
        // so that the file no longer starts with its format.
        let sorted = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&good).unwrap()).unwrap();
        assert!(!sorted.starts_with(b"{\"format\""));
        for file in [&good, &sorted] {
            for cut in 1..file.len() - 1 {
                let e = err(&file[..cut]);
                assert!(e.contains("damaged model file (the file is truncated)"), "cut at {cut}: {e}");
            }
        }
        // Damage at the end that is not a cut is not called one.
        for bad in [&br#"{"a":1}}"#[..], br#"{"a":1,}"#, br#"{"format":"newsdesk-model","version":2,"x":[1,2}"#] {
            assert!(!err(bad).contains("truncated"), "{}: {}", String::from_utf8_lossy(bad), err(bad));
        }
        // A byte that is not UTF-8 inside a vocabulary term (the bytes parser's path) is named
        // as damage with its position.
        let at = good.windows(8).position(|w| w == b"sanction").expect("a term");
        let mut not_utf8 = good.clone();
        not_utf8[at + 2] = 0xFF;
        let e = err(&not_utf8);
        assert!(e.contains("damaged model file (invalid unicode code point at line 1 column"), "{e}");
        let s = String::from_utf8(good).unwrap();
        let no_labels = s.replacen("\"labels\":[\"diplomacy\",\"sanctions\"]", "\"labels\":[]", 1);
        assert!(err(no_labels.as_bytes()).contains("0 labels"), "{}", err(no_labels.as_bytes()));
    }

    #[test]
    fn one_label_cannot_train() {
        let r = Model::train(&[("a b", "x"), ("c d", "x")], &TrainConfig::default());
        assert!(matches!(r, Err(ModelError::Classify(ClassifyError::OneClass))));
        assert!(matches!(Model::train(&[], &TrainConfig::default()), Err(ModelError::Classify(ClassifyError::NoData))));
    }
}

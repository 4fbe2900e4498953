//! Training from a stream of documents, in bounded memory, with progress reports.
//!
//! A [`TrainingSet`] takes documents one at a time: [`TrainingSet::analyze`] reads a text (run
//! it in parallel), [`TrainingSet::push`] keeps only what training needs of it: its label,
//! language, term count and its n-gram ids and counts (a [`GramCorpus`], 8 bytes per distinct
//! n-gram of the document, the size of a matrix entry). Texts and analyses are dropped as soon
//! as they are pushed. [`TrainingSet::fit`] then prunes the vocabulary and turns the stored
//! counts into the TF-IDF matrix in place, so the peak memory of training is about the matrix,
//! the n-gram index and the model.
//!
//! The model is the same, byte for byte, as one trained on all the analyses at once: the
//! vocabulary is sorted by term and each row is weighed by the vectoriser's own code.
//!
//! The library shows nothing: a [`TrainObserver`] is told which [`Phase`] training is in and how
//! far it has got, and the caller decides what to show (the command line draws progress bars).

use super::{CScore, CSearchReport, Model, ModelError, TrainConfig, TrainingSummary};
use crate::classify::linear::{argmax, stratified_folds};
use crate::classify::{C_GRID, CSearch, ClassifyError, FitStep, LinearParams, evaluate};
use crate::features::{CsrMatrix, DocGrams, Fitted, GramCorpus, Row, Vectorizer};
use crate::text::{Analysis, Analyzer, Lang};
use linfa::ParamGuard;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A phase of training, as reported to a [`TrainObserver`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading and analysing the documents and counting their n-grams, in one streamed pass
    /// (steps: documents).
    Reading,
    /// Cross-validation fold `fold` (from 0) of `folds` begins: the phases that follow, up to the
    /// next fold or [`Phase::Final`], build that fold's model.
    Fold {
        /// This fold.
        fold: usize,
        /// All folds.
        folds: usize,
    },
    /// Training on the records not held out, and scoring the held-out ones, begins: the model
    /// built is the one kept.
    HoldOut,
    /// The model to keep begins (after any cross-validation).
    Final,
    /// Choosing C by cross-validation (`TrainConfig::c_search`), before the model is built:
    /// each fold's vocabulary and matrix, then every value of C fitted on it (steps: fits).
    ChoosingC {
        /// Fits to run: folds × values of C.
        fits: usize,
    },
    /// Pruning the vocabulary and computing IDF weights.
    Vocabulary,
    /// Building the TF-IDF matrix (steps: documents).
    Matrix {
        /// Rows to build.
        documents: usize,
    },
    /// Fitting one classifier per label (steps: labels).
    Fitting {
        /// Labels.
        classes: usize,
    },
    /// Calibrating the probabilities: one classifier per label fitted on half of the documents,
    /// whose scores of the other half set the temperature (steps: labels).
    Calibrating {
        /// Labels.
        classes: usize,
    },
}

/// Told how training goes. Calls may come from several threads.
pub trait TrainObserver: Sync {
    /// A phase begins.
    fn phase(&self, phase: Phase) {
        let _ = phase;
    }
    /// `steps` more steps of the current phase are done.
    fn advance(&self, steps: u64) {
        let _ = steps;
    }
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl TrainObserver for Silent {}

/// The shape of the TF-IDF matrix a model was fitted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MatrixShape {
    /// Documents.
    pub rows: usize,
    /// Features.
    pub columns: usize,
    /// Stored non-zero entries.
    pub nnz: usize,
    /// Bytes of its arrays: `nnz` × (4 + 4) plus a row pointer per row.
    pub bytes: usize,
}

impl MatrixShape {
    fn of(m: &CsrMatrix) -> Self {
        MatrixShape { rows: m.nrows(), columns: m.ncols(), nnz: m.nnz(), bytes: m.heap_bytes() }
    }
}

/// A document read by [`DocReader::analyze`], ready for [`TrainingSet::push`].
#[derive(Debug)]
pub struct AnalyzedDoc {
    analysis: Analysis,
    grams: DocGrams,
    /// The settings it was read with (a [`TrainingSet`] takes only its own).
    settings: (crate::text::TextConfig, crate::features::FeatureConfig),
}

/// Reads training documents (thread-safe: build one, share it between threads, and push what
/// it reads into a [`TrainingSet`] of the same settings, in input order).
#[derive(Debug)]
pub struct DocReader {
    analyzer: Analyzer,
    features: crate::features::FeatureConfig,
}

impl DocReader {
    /// A reader for `config`.
    pub fn new(config: &TrainConfig) -> Self {
        DocReader { analyzer: Analyzer::new(config.text), features: config.features }
    }

    /// Read one text: its terms and n-gram counts (its sentences are not kept).
    pub fn analyze(&self, text: &str) -> AnalyzedDoc {
        let mut analysis = self.analyzer.analyze(text);
        analysis.sentences = Vec::new();
        let grams = GramCorpus::count(&self.features, &analysis);
        AnalyzedDoc { analysis, grams, settings: (*self.analyzer.config(), self.features) }
    }
}

/// What training keeps of a document besides its n-grams.
#[derive(Debug, Clone, Copy)]
struct DocInfo {
    label: u32,
    lang: Lang,
    terms: u32,
}

/// The documents of a training run, kept compactly (see the module documentation).
#[derive(Debug)]
pub struct TrainingSet {
    config: TrainConfig,
    reader: std::sync::Arc<DocReader>,
    corpus: GramCorpus,
    /// Label names in first-seen order, and their ids.
    label_names: Vec<String>,
    label_ids: BTreeMap<String, u32>,
    docs: Vec<DocInfo>,
}

/// Documents analysed per parallel batch by [`TrainingSet::extend`].
const BATCH: usize = 1024;

impl TrainingSet {
    /// An empty set for `config`.
    pub fn new(config: TrainConfig) -> Self {
        TrainingSet {
            config,
            reader: std::sync::Arc::new(DocReader::new(&config)),
            corpus: GramCorpus::new(config.features),
            label_names: Vec::new(),
            label_ids: BTreeMap::new(),
            docs: Vec::new(),
        }
    }

    /// The reader of this set's settings: read documents with it (on any thread) and
    /// [`TrainingSet::push`] what it returns.
    pub fn reader(&self) -> std::sync::Arc<DocReader> {
        std::sync::Arc::clone(&self.reader)
    }

    /// Add a document with its label.
    ///
    /// # Panics
    /// If `doc` was read by a [`DocReader`] of other settings than this set's: its terms would
    /// not be the ones the model reads at inference.
    pub fn push(&mut self, doc: AnalyzedDoc, label: &str) {
        assert!(
            doc.settings == (self.config.text, self.config.features),
            "TrainingSet::push: the document was read with other settings than the set's"
        );
        let label = match self.label_ids.get(label) {
            Some(&id) => id,
            None => {
                let id = self.label_names.len() as u32;
                self.label_names.push(label.to_string());
                self.label_ids.insert(label.to_string(), id);
                id
            }
        };
        let terms = u32::try_from(doc.analysis.terms.len()).unwrap_or(u32::MAX);
        self.docs.push(DocInfo { label, lang: doc.analysis.lang, terms });
        self.corpus.push(&doc.analysis, doc.grams);
    }

    /// Add `(text, label)` pairs, analysing them in parallel batches; reports [`Phase::Reading`].
    pub fn extend(&mut self, docs: &[(&str, &str)], observer: &dyn TrainObserver) {
        observer.phase(Phase::Reading);
        for batch in docs.chunks(BATCH) {
            let read: Vec<AnalyzedDoc> = batch.par_iter().map(|(t, _)| self.reader.analyze(t)).collect();
            for (d, (_, label)) in read.into_iter().zip(batch) {
                self.push(d, label);
            }
            observer.advance(batch.len() as u64);
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// No documents?
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Stored (document, n-gram) entries so far, before the vocabulary is pruned.
    pub fn stored_entries(&self) -> usize {
        self.corpus.nnz()
    }

    /// The distinct labels, sorted (a model's label order), and each document's index in them.
    pub fn labels(&self) -> (Vec<String>, Vec<usize>) {
        self.labels_of(None)
    }

    /// [`TrainingSet::labels`] of documents `rows` (all with `None`).
    fn labels_of(&self, rows: Option<&[usize]>) -> (Vec<String>, Vec<usize>) {
        let mut present = vec![false; self.label_names.len()];
        self.for_rows(rows, |d| present[d.label as usize] = true);
        let mut names: Vec<(&str, u32)> = self
            .label_names
            .iter()
            .enumerate()
            .filter(|&(id, _)| present[id])
            .map(|(id, n)| (n.as_str(), id as u32))
            .collect();
        names.sort_unstable();
        let mut index = vec![usize::MAX; self.label_names.len()];
        for (k, &(_, id)) in names.iter().enumerate() {
            index[id as usize] = k;
        }
        let mut y = Vec::with_capacity(rows.map_or(self.docs.len(), <[usize]>::len));
        self.for_rows(rows, |d| y.push(index[d.label as usize]));
        (names.into_iter().map(|(n, _)| n.to_string()).collect(), y)
    }

    fn for_rows(&self, rows: Option<&[usize]>, mut f: impl FnMut(&DocInfo)) {
        match rows {
            None => self.docs.iter().for_each(f),
            Some(rows) => rows.iter().for_each(|&i| f(&self.docs[i])),
        }
    }

    /// Check the settings and the labels of documents `rows`, and count what the model will
    /// be trained on.
    fn prepare(&self, rows: Option<&[usize]>, observer: &dyn TrainObserver) -> Result<Prepared, ModelError> {
        let mut params = self.config.params.check()?;
        if rows.map_or(self.docs.len(), <[usize]>::len) == 0 {
            return Err(ClassifyError::NoData.into());
        }
        let (labels, y) = self.labels_of(rows);
        if labels.len() < 2 {
            return Err(ClassifyError::OneClass.into());
        }
        let mut training = TrainingSummary { documents: y.len(), ..Default::default() };
        if let Some(search) = self.config.c_search {
            let report = self.choose_c(rows, search, observer)?;
            params = LinearParams::from(params).c(report.chosen).check()?;
            training.c_search = Some(report);
        }
        let mut k = 0;
        self.for_rows(rows, |d| {
            let name = &labels[y[k]];
            *training.documents_per_label.entry(name.clone()).or_default() += 1;
            *training.terms_per_label.entry(name.clone()).or_default() += d.terms as usize;
            *training.documents_per_language.entry(d.lang.code().to_string()).or_default() += 1;
            k += 1;
        });
        Ok(Prepared { params, labels, y, training })
    }

    /// Fit the classifier on `x` and assemble the model.
    fn finish(
        analyzer: Analyzer,
        p: Prepared,
        vectorizer: Vectorizer,
        x: &CsrMatrix,
        observer: &dyn TrainObserver,
    ) -> Result<Model, ModelError> {
        let classifier = p.params.fit_observed(x, &p.y, &|step| match step {
            FitStep::Fitting { classes } => observer.phase(Phase::Fitting { classes }),
            FitStep::Calibrating { classes } => observer.phase(Phase::Calibrating { classes }),
            FitStep::ClassDone => observer.advance(1),
        })?;
        let training = TrainingSummary { vocabulary: vectorizer.len(), ..p.training };
        Ok(Model { analyzer, vectorizer, classifier, labels: p.labels, params: p.params, training })
    }

    /// Train the model on all documents. The stored counts become the TF-IDF matrix in place;
    /// the set is consumed. Reports [`Phase::Final`], then the phases of fitting.
    pub fn fit(self, observer: &dyn TrainObserver) -> Result<(Model, MatrixShape), ModelError> {
        observer.phase(Phase::Final);
        let p = self.prepare(None, observer)?;
        observer.phase(Phase::Vocabulary);
        let fitted = self.corpus.fit(None)?;
        let TrainingSet { reader, corpus, docs, label_names, label_ids, .. } = self;
        drop((docs, label_names, label_ids));
        observer.phase(Phase::Matrix { documents: corpus.len() });
        let x = corpus.into_matrix(&fitted, &|n| observer.advance(n as u64));
        let shape = MatrixShape::of(&x);
        // The set's analyser goes into the model, unless a caller still holds the reader.
        let analyzer = std::sync::Arc::try_unwrap(reader)
            .map_or_else(|shared| Analyzer::new(*shared.analyzer.config()), |r| r.analyzer);
        let model = Self::finish(analyzer, p, fitted.vectorizer, &x, observer)?;
        Ok((model, shape))
    }

    /// Train on documents `rows` only (a copy of their matrix rows; the set is kept).
    fn fit_rows(
        &self,
        rows: &[usize],
        observer: &dyn TrainObserver,
    ) -> Result<(Model, Fitted, MatrixShape), ModelError> {
        let p = self.prepare(Some(rows), observer)?;
        observer.phase(Phase::Vocabulary);
        let fitted = self.corpus.fit(Some(rows))?;
        observer.phase(Phase::Matrix { documents: rows.len() });
        let x = self.corpus.matrix(&fitted, rows, &|n| observer.advance(n as u64));
        let shape = MatrixShape::of(&x);
        // The model keeps its own copy of the vectoriser; `fitted` is kept for scoring.
        let model = Self::finish(Analyzer::new(self.config.text), p, fitted.vectorizer.clone(), &x, observer)?;
        Ok((model, fitted, shape))
    }

    /// Choose C for a model of documents `rows` (all with `None`) by `search`'s cross-validation
    /// over them alone (so C for a cross-validation fold or a hold-out split is chosen without
    /// its test documents). Each fold builds its vocabulary and matrix once; the values of C are
    /// fitted on it in parallel, without calibration (it never changes a label). A fold whose
    /// training part has a single label, or no term frequent enough for a vocabulary, is left
    /// out (the report counts the documents scored); if every fold is, C cannot be chosen.
    fn choose_c(
        &self,
        rows: Option<&[usize]>,
        search: CSearch,
        observer: &dyn TrainObserver,
    ) -> Result<CSearchReport, ModelError> {
        let all: Vec<usize> = rows.map_or_else(|| (0..self.docs.len()).collect(), <[usize]>::to_vec);
        let (labels, y) = self.labels_of(Some(&all));
        let base = LinearParams::from(self.config.params.check()?).calibrate(false);
        let fold = stratified_folds(&y, search.folds(), base.check_ref()?.seed());
        observer.phase(Phase::ChoosingC { fits: search.folds() * C_GRID.len() });
        // pred[g][i]: the label (an index into `labels`) C_GRID[g] gave all[i]; None if unscored.
        let mut pred: Vec<Vec<Option<usize>>> = vec![vec![None; all.len()]; C_GRID.len()];
        for f in 0..search.folds() {
            let train: Vec<usize> = (0..all.len()).filter(|&i| fold[i] != f).map(|i| all[i]).collect();
            let test: Vec<usize> = (0..all.len()).filter(|&i| fold[i] == f).collect();
            let (fold_labels, fold_y) = self.labels_of(Some(&train));
            if test.is_empty() || fold_labels.len() < 2 {
                observer.advance(C_GRID.len() as u64);
                continue;
            }
            let fitted = match self.corpus.fit(Some(&train)) {
                Ok(f) => f,
                Err(crate::features::FeatureError::EmptyVocabulary { .. }) => {
                    observer.advance(C_GRID.len() as u64);
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let x = self.corpus.matrix(&fitted, &train, &|_| {});
            let test_rows: Vec<(Vec<u32>, Vec<f32>)> =
                test.iter().map(|&i| self.corpus.row(&fitted, all[i]).into_iter().unzip()).collect();
            // The fold's label k is `labels[to_all[k]]`.
            let to_all: Vec<usize> = fold_labels.iter().map(|l| labels.partition_point(|m| m < l)).collect();
            let fits: Vec<Result<Vec<usize>, ClassifyError>> = C_GRID
                .par_iter()
                .map(|&c| {
                    let model = base.c(c).check()?.fit_observed(&x, &fold_y, &|_| {})?;
                    observer.advance(1);
                    Ok(test_rows
                        .iter()
                        .map(|(idx, vals)| to_all[argmax(&model.decision(Row { indices: idx, values: vals }))])
                        .collect())
                })
                .collect();
            for (g, fit) in fits.into_iter().enumerate() {
                for (&i, p) in test.iter().zip(fit?) {
                    pred[g][i] = Some(p);
                }
            }
        }
        let scored: Vec<usize> = (0..all.len()).filter(|&i| pred[0][i].is_some()).collect();
        if scored.is_empty() {
            return Err(ModelError::Data(format!(
                "too few documents to choose C by {}-fold cross-validation: set C instead",
                search.folds()
            )));
        }
        let truth: Vec<usize> = scored.iter().map(|&i| y[i]).collect();
        let scores: Vec<CScore> = C_GRID
            .iter()
            .zip(&pred)
            .map(|(&c, p)| {
                let p: Vec<usize> = scored.iter().filter_map(|&i| p[i]).collect();
                let r = evaluate(&labels, &truth, &p);
                CScore { c, macro_f1: r.macro_f1, accuracy: r.accuracy }
            })
            .collect();
        // The best; on a tie, the one nearest the default C = 1 (without evidence either way,
        // the default stands), the smaller of two equally near.
        let nearness = |c: f32| c.log2().abs();
        let best = scores.iter().fold(scores[0], |b, s| {
            if s.macro_f1 > b.macro_f1 || (s.macro_f1 == b.macro_f1 && nearness(s.c) < nearness(b.c)) { *s } else { b }
        });
        Ok(CSearchReport { folds: search.folds(), documents: scored.len(), scores, chosen: best.c })
    }

    /// The label (an index into `labels`) that `model`, fitted as `fitted`, gives document `i`.
    fn predict_stored(&self, model: &Model, fitted: &Fitted, labels: &[String], i: usize) -> usize {
        let row = self.corpus.row(fitted, i);
        let (idx, vals): (Vec<u32>, Vec<f32>) = row.into_iter().unzip();
        let k = argmax(&model.classifier.probabilities(Row { indices: &idx, values: &vals }));
        labels.partition_point(|l| *l < model.labels[k])
    }

    /// Stratified `folds`-fold cross-validation: each document's predicted label (an index into
    /// [`TrainingSet::labels`]) from the model of the folds it was not in. Each fold's model is
    /// trained from scratch, vocabulary included. Reports [`Phase::Fold`] and its phases.
    pub fn cross_validate(
        &self,
        folds: usize,
        seed: u64,
        observer: &dyn TrainObserver,
    ) -> Result<Vec<usize>, ModelError> {
        let (labels, y) = self.labels();
        let fold = stratified_folds(&y, folds, seed);
        let mut pred = vec![0usize; y.len()];
        for f in 0..folds {
            let train: Vec<usize> = (0..y.len()).filter(|&i| fold[i] != f).collect();
            let test: Vec<usize> = (0..y.len()).filter(|&i| fold[i] == f).collect();
            if test.is_empty() {
                continue;
            }
            observer.phase(Phase::Fold { fold: f, folds });
            let (model, fitted, _) = self.fit_rows(&train, observer)?;
            for &i in &test {
                pred[i] = self.predict_stored(&model, &fitted, &labels, i);
            }
        }
        Ok(pred)
    }

    /// Train on documents `train` and score documents `test`: the model, its matrix's shape and
    /// each test document's predicted label (an index into [`TrainingSet::labels`]). Reports
    /// [`Phase::HoldOut`] and the phases of fitting.
    pub fn hold_out(
        &self,
        train: &[usize],
        test: &[usize],
        observer: &dyn TrainObserver,
    ) -> Result<(Model, MatrixShape, Vec<usize>), ModelError> {
        observer.phase(Phase::HoldOut);
        let (labels, _) = self.labels();
        let (model, fitted, shape) = self.fit_rows(train, observer)?;
        let pred = test.iter().map(|&i| self.predict_stored(&model, &fitted, &labels, i)).collect();
        Ok((model, shape, pred))
    }
}

/// What [`TrainingSet::prepare`] found.
struct Prepared {
    params: crate::classify::ValidLinearParams,
    labels: Vec<String>,
    y: Vec<usize>,
    training: TrainingSummary,
}

impl Model {
    /// Train on `(text, label)` pairs. Labels may be any strings; they are sorted for a stable
    /// order. Errors on no data, one label, or an empty vocabulary.
    pub fn train(docs: &[(&str, &str)], config: &TrainConfig) -> Result<Model, ModelError> {
        Self::train_observed(docs, config, &Silent)
    }

    /// [`Model::train`], telling `observer` how it goes.
    pub fn train_observed(
        docs: &[(&str, &str)],
        config: &TrainConfig,
        observer: &dyn TrainObserver,
    ) -> Result<Model, ModelError> {
        let mut set = TrainingSet::new(*config);
        set.extend(docs, observer);
        set.fit(observer).map(|(m, _)| m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records every phase, and the steps reported in each.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<(Phase, u64)>>);

    impl TrainObserver for Recorder {
        fn phase(&self, phase: Phase) {
            self.0.lock().unwrap().push((phase, 0));
        }
        fn advance(&self, steps: u64) {
            self.0.lock().unwrap().last_mut().expect("a phase before any step").1 += steps;
        }
    }

    /// 8 short articles for each of 3 labels, each label with its own words.
    fn docs() -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for (k, label) in ["sanctions", "diplomacy", "conflict"].iter().enumerate() {
            for d in 0..8 {
                out.push((
                    format!("The zq{k}alpha and zq{k}beta met. Report {d} of the zq{k}gamma and common words."),
                    *label,
                ));
            }
        }
        out
    }

    fn pairs<'a>(d: &'a [(String, &'static str)]) -> Vec<(&'a str, &'a str)> {
        d.iter().map(|(t, l)| (t.as_str(), *l)).collect()
    }

    fn config() -> TrainConfig {
        let mut c = TrainConfig::default();
        c.features.min_df = 1;
        c
    }

    #[test]
    fn the_observer_sees_each_phase_in_order_with_its_steps() {
        let d = docs();
        let rec = Recorder::default();
        Model::train_observed(&pairs(&d), &config(), &rec).unwrap();
        assert_eq!(
            rec.0.into_inner().unwrap(),
            vec![
                (Phase::Reading, 24),
                (Phase::Final, 0),
                (Phase::Vocabulary, 0),
                (Phase::Matrix { documents: 24 }, 24),
                (Phase::Fitting { classes: 3 }, 3),
                (Phase::Calibrating { classes: 3 }, 3),
            ]
        );
    }

    #[test]
    fn cross_validation_reports_each_fold_and_matches_models_trained_on_the_folds() {
        let d = docs();
        let mut set = TrainingSet::new(config());
        set.extend(&pairs(&d), &Silent);
        let rec = Recorder::default();
        let pred = set.cross_validate(2, 7, &rec).unwrap();
        let phases: Vec<Phase> = rec.0.into_inner().unwrap().into_iter().map(|(p, _)| p).collect();
        let fold = |f| {
            vec![
                Phase::Fold { fold: f, folds: 2 },
                Phase::Vocabulary,
                Phase::Matrix { documents: 12 },
                Phase::Fitting { classes: 3 },
                // 12 training documents of 3 labels: enough to calibrate on two halves.
                Phase::Calibrating { classes: 3 },
            ]
        };
        assert_eq!(phases, [fold(0), fold(1)].concat());
        // Each fold's predictions are those of a model trained afresh on the other fold.
        let (labels, y) = set.labels();
        let folds = stratified_folds(&y, 2, 7);
        for f in 0..2 {
            let train: Vec<(&str, &str)> =
                (0..d.len()).filter(|&i| folds[i] != f).map(|i| (d[i].0.as_str(), d[i].1)).collect();
            let m = Model::train(&train, &config()).unwrap();
            for i in (0..d.len()).filter(|&i| folds[i] == f) {
                let p = m.predict_text(&d[i].0);
                assert_eq!(labels[pred[i]], m.labels()[p.label], "document {i}");
            }
        }
    }

    /// 12 articles for each of 3 labels, a quarter of them written with another label's words
    /// (mislabelled, as real training sets are), so the values of C score differently.
    fn noisy_docs() -> Vec<(String, &'static str)> {
        let words = [["zqa1", "zqa2", "zqa3"], ["zqb1", "zqb2", "zqb3"], ["zqc1", "zqc2", "zqc3"]];
        let mut out = Vec::new();
        for (k, label) in ["sanctions", "diplomacy", "conflict"].iter().enumerate() {
            for d in 0..12 {
                let w = if d % 4 == 3 { words[(k + 1 + d % 2) % 3] } else { words[k] };
                let other = words[(k + 2) % 3][d % 3];
                out.push((format!("{} {} common {other} report {d}.", w[d % 3], w[(d + 1) % 3]), *label));
            }
        }
        out
    }

    #[test]
    fn c_is_chosen_by_the_cross_validation_of_each_value() {
        let d = noisy_docs();
        let search = CSearch::new(3).unwrap();
        let cfg = TrainConfig { c_search: Some(search), ..config() };
        let rec = Recorder::default();
        let model = Model::train_observed(&pairs(&d), &cfg, &rec).unwrap();
        let report = model.training().c_search.clone().expect("the search is recorded in the model");
        assert_eq!(report.folds, 3);
        assert_eq!(report.scores.iter().map(|s| s.c).collect::<Vec<_>>(), C_GRID);
        // Each value's scores are those of an ordinary 3-fold cross-validation at that C; also
        // when a label that sorts first has one document, so that the fold holding it trains on
        // fewer labels and numbers them differently.
        let mut lone = d.clone();
        lone.push(("zqa1 zqb1 zqc2 common lone report.".to_string(), "aaa"));
        for docs in [&d, &lone] {
            let mut set = TrainingSet::new(cfg);
            set.extend(&pairs(docs), &Silent);
            let (labels, y) = set.labels();
            let report = set.choose_c(None, search, &Silent).unwrap();
            for s in &report.scores {
                let mut fixed = TrainingSet::new(TrainConfig { params: config().params.c(s.c), ..config() });
                fixed.extend(&pairs(docs), &Silent);
                let r = evaluate(&labels, &y, &fixed.cross_validate(3, 42, &Silent).unwrap());
                assert_eq!((s.macro_f1, s.accuracy), (r.macro_f1, r.accuracy), "{} documents, C = {}", docs.len(), s.c);
            }
        }
        let distinct: std::collections::BTreeSet<u32> = report.scores.iter().map(|s| s.macro_f1.to_bits()).collect();
        assert!(distinct.len() > 1, "the fixture should make the values of C differ: {:?}", report.scores);
        // The best is kept (on a tie, the nearest to C = 1), and the model is the one trained
        // with it.
        let best = report.scores.iter().map(|s| s.macro_f1).fold(f32::MIN, f32::max);
        let tied: Vec<f32> = report.scores.iter().filter(|s| s.macro_f1 == best).map(|s| s.c).collect();
        let nearest = tied.iter().copied().fold(tied[0], |b, c| if c.log2().abs() < b.log2().abs() { c } else { b });
        assert_eq!(report.chosen, nearest);
        assert_eq!(report.documents, 36);
        assert_eq!(model.params().c(), report.chosen);
        let plain =
            Model::train(&pairs(&d), &TrainConfig { params: config().params.c(report.chosen), ..config() }).unwrap();
        assert_eq!(plain.classifier(), model.classifier());
        assert_eq!(plain.training().c_search, None);
        // Progress: one step per fit, before the model's own phases.
        assert_eq!(
            rec.0.into_inner().unwrap(),
            vec![
                (Phase::Reading, 36),
                (Phase::Final, 0),
                (Phase::ChoosingC { fits: 3 * C_GRID.len() }, 3 * C_GRID.len() as u64),
                (Phase::Vocabulary, 0),
                (Phase::Matrix { documents: 36 }, 36),
                (Phase::Fitting { classes: 3 }, 3),
                (Phase::Calibrating { classes: 3 }, 3),
            ]
        );
        // Saved and loaded, the record of the search survives.
        let loaded = Model::from_bytes(&model.to_bytes().unwrap(), "m").unwrap();
        assert_eq!(loaded.training().c_search, Some(report));
    }

    #[test]
    fn c_for_a_hold_out_model_is_chosen_without_the_held_out_documents() {
        let d = noisy_docs();
        let cfg = TrainConfig { c_search: Some(CSearch::new(3).unwrap()), ..config() };
        let mut set = TrainingSet::new(cfg);
        set.extend(&pairs(&d), &Silent);
        let test: Vec<usize> = (0..d.len()).filter(|i| i % 3 == 0).collect();
        let train: Vec<usize> = (0..d.len()).filter(|i| i % 3 != 0).collect();
        let (m, _, _) = set.hold_out(&train, &test, &Silent).unwrap();
        let part: Vec<(&str, &str)> = train.iter().map(|&i| (d[i].0.as_str(), d[i].1)).collect();
        assert_eq!(m.to_bytes().unwrap(), Model::train(&part, &cfg).unwrap().to_bytes().unwrap());
    }

    #[test]
    fn a_fold_without_a_vocabulary_is_left_out_of_the_choice() {
        // With min_df 2, each 2-fold training part here (one article of each label) keeps no
        // term at all: both folds are left out, so C cannot be chosen, and the error says so
        // (not the fold's empty vocabulary, which would read as the whole set's).
        let docs = [("xray xray.", "a"), ("xray xray.", "a"), ("yank yank.", "b"), ("yank yank.", "b")];
        let mut cfg = TrainConfig { c_search: Some(CSearch::new(2).unwrap()), ..TrainConfig::default() };
        let err = Model::train(&docs, &cfg).unwrap_err().to_string();
        assert!(err.contains("too few documents to choose C"), "{err}");
        // With more articles every fold has a vocabulary, and every article is scored.
        let more: Vec<(&str, &str)> = docs.iter().cycle().take(12).copied().collect();
        cfg.c_search = Some(CSearch::new(3).unwrap());
        let m = Model::train(&more, &cfg).unwrap();
        assert_eq!(m.training().c_search.as_ref().unwrap().documents, 12);
    }

    #[test]
    fn too_few_documents_to_choose_c_is_an_error() {
        let cfg = TrainConfig { c_search: Some(CSearch::default()), ..config() };
        let err = Model::train(&[("Talks in Geneva.", "diplomacy"), ("Shelling overnight.", "conflict")], &cfg)
            .unwrap_err()
            .to_string();
        assert!(err.contains("too few documents to choose C"), "{err}");
        assert!(CSearch::new(1).is_err());
    }

    #[test]
    fn a_hold_out_model_is_the_model_of_the_training_part() {
        let d = docs();
        let mut set = TrainingSet::new(config());
        set.extend(&pairs(&d), &Silent);
        let test: Vec<usize> = (0..d.len()).filter(|i| i % 4 == 0).collect();
        let train: Vec<usize> = (0..d.len()).filter(|i| i % 4 != 0).collect();
        let (m, shape, pred) = set.hold_out(&train, &test, &Silent).unwrap();
        let part: Vec<(&str, &str)> = train.iter().map(|&i| (d[i].0.as_str(), d[i].1)).collect();
        let fresh = Model::train(&part, &config()).unwrap();
        assert_eq!(m.to_bytes().unwrap(), fresh.to_bytes().unwrap());
        assert_eq!(shape.rows, train.len());
        let (labels, _) = set.labels();
        for (&i, &p) in test.iter().zip(&pred) {
            assert_eq!(labels[p], fresh.labels()[fresh.predict_text(&d[i].0).label]);
        }
        // The whole set gives the model of all the pairs, however it was streamed in: one
        // `extend`, several `extend`s of uneven batches, or one document at a time.
        let (all, shape) = set.fit(&Silent).unwrap();
        let want = Model::train(&pairs(&d), &config()).unwrap().to_bytes().unwrap();
        assert_eq!(all.to_bytes().unwrap(), want);
        assert_eq!((shape.rows, shape.columns), (24, all.vectorizer().len()));
        assert_eq!(shape.bytes, shape.nnz * 8 + 25 * std::mem::size_of::<usize>());
        let p = pairs(&d);
        let mut batched = TrainingSet::new(config());
        for chunk in [&p[..1], &p[1..8], &p[8..9], &p[9..]] {
            batched.extend(chunk, &Silent);
        }
        assert_eq!(batched.fit(&Silent).unwrap().0.to_bytes().unwrap(), want);
        let mut single = TrainingSet::new(config());
        let reader = DocReader::new(&config());
        for (text, label) in &p {
            single.push(reader.analyze(text), label);
        }
        assert_eq!(single.fit(&Silent).unwrap().0.to_bytes().unwrap(), want);
    }

    #[test]
    #[should_panic(expected = "other settings")]
    fn a_document_read_with_other_settings_is_refused() {
        let mut set = TrainingSet::new(config());
        let other = TrainConfig { text: crate::text::TextConfig { stopwords: true, ..config().text }, ..config() };
        set.push(DocReader::new(&other).analyze("Talks resumed in Geneva."), "diplomacy");
    }
}

//! TF-IDF over word n-grams: the vocabulary, the IDF learnt at training time, and the transform.
//!
//! * terms come from the text pipeline ([`Analysis`]); bigrams never cross a sentence;
//! * a feature must occur in at least `min_df` documents and at most `max_df` of them;
//!   `max_features` keeps the most frequent ones (ties broken by the term, so it is
//!   deterministic);
//! * tf is `1 + ln(count)` (sublinear) or the raw count; idf is the smoothed
//!   `ln((1 + n) / (1 + df)) + 1`; rows are L2-normalised.
//!
//! The IDF is part of the fitted vectoriser and stored in the model: classifying one article or
//! a million gives each the same vector.

mod corpus;

pub use corpus::{DocGrams, Fitted, GramCorpus};

use super::sparse::CsrMatrix;
use crate::text::Analysis;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::Hasher;

/// Feature-extraction settings, stored in the model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Longest word n-gram (1 or 2).
    pub ngram_max: u8,
    /// Minimum number of training documents a feature must occur in.
    pub min_df: u32,
    /// Maximum fraction of training documents a feature may occur in.
    pub max_df: f32,
    /// Keep at most this many features (the most frequent).
    pub max_features: Option<usize>,
    /// tf = 1 + ln(count) instead of count.
    pub sublinear_tf: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig { ngram_max: 2, min_df: 2, max_df: 0.95, max_features: None, sublinear_tf: true }
    }
}

/// A fitted TF-IDF vectoriser.
#[derive(Debug, Clone)]
pub struct Vectorizer {
    config: FeatureConfig,
    features: Vec<String>,
    idf: Vec<f32>,
    /// n-gram hash ([`term_hash`] for a word, [`pair_hash`] of two word hashes for a bigram)
    /// -> column. Lookups hash the term once and compare integers, never strings.
    index: FxHashMap<u64, u32>,
}

/// Errors building a vectoriser from stored parts.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FeatureError {
    /// Feature and IDF lists differ in length.
    #[error("the vocabulary has {features} terms but {idf} IDF weights")]
    Mismatch {
        /// Number of features.
        features: usize,
        /// Number of IDF values.
        idf: usize,
    },
    /// A feature is listed twice.
    #[error("the vocabulary lists {0:?} twice")]
    Duplicate(String),
    /// Nothing survived pruning.
    #[error("no term occurs in at least {min_df} of the {docs} training documents: lower --min-df or add data")]
    EmptyVocabulary {
        /// The min_df in force.
        min_df: u32,
        /// Number of documents.
        docs: usize,
    },
}

impl Vectorizer {
    /// Learn the vocabulary and IDF from training documents; returns the vectoriser and the
    /// documents' TF-IDF matrix.
    pub fn fit(config: FeatureConfig, docs: &[Analysis]) -> Result<(Vectorizer, CsrMatrix), FeatureError> {
        // Each document's distinct n-gram hashes with their counts, hashed once and reused for
        // the document frequencies and for the matrix; no string is built for a pruned gram.
        let counted: Vec<DocGrams> = docs.par_iter().map(|d| GramCorpus::count(&config, d)).collect();
        let mut corpus = GramCorpus::new(config);
        for (d, g) in docs.iter().zip(counted) {
            corpus.push(d, g);
        }
        let fitted = corpus.fit(None)?;
        let matrix = corpus.into_matrix(&fitted, &|_| {});
        Ok((fitted.vectorizer, matrix))
    }

    /// Rebuild a vectoriser from its stored vocabulary and IDF (as read from a model file).
    pub fn from_parts(config: FeatureConfig, features: Vec<String>, idf: Vec<f32>) -> Result<Vectorizer, FeatureError> {
        if features.len() != idf.len() {
            return Err(FeatureError::Mismatch { features: features.len(), idf: idf.len() });
        }
        let mut index: FxHashMap<u64, u32> = FxHashMap::default();
        index.reserve(features.len());
        for (fi, f) in features.iter().enumerate() {
            let h = match f.split_once(' ') {
                None => term_hash(f),
                Some((a, b)) => pair_hash(term_hash(a), term_hash(b)),
            };
            if index.insert(h, fi as u32).is_some() {
                return Err(FeatureError::Duplicate(f.clone()));
            }
        }
        Ok(Vectorizer { config, features, idf, index })
    }

    /// The settings.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// Is the vocabulary empty?
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Feature names (bigrams are two terms joined by a space), in column order.
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// IDF weights, in column order.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// Append the column of every feature occurrence in `doc` to `out` (unsorted, repeated).
    pub fn feature_ids(&self, doc: &Analysis, out: &mut Vec<u32>) {
        for_each_gram_hash(doc, self.config.ngram_max, |h| {
            if let Some(&f) = self.index.get(&h) {
                out.push(f);
            }
        });
    }

    /// The L2-normalised TF-IDF row of one document, sorted by column.
    pub fn transform(&self, doc: &Analysis) -> Vec<(u32, f32)> {
        let mut ids = Vec::with_capacity(doc.terms.len() * 2);
        self.feature_ids(doc, &mut ids);
        self.weigh(&mut ids)
    }

    /// Turn feature occurrences into a normalised TF-IDF row (sorts `ids`).
    pub fn weigh(&self, ids: &mut [u32]) -> Vec<(u32, f32)> {
        ids.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::with_capacity(ids.len());
        for &f in ids.iter() {
            match counts.last_mut() {
                Some((g, c)) if *g == f => *c += 1,
                _ => counts.push((f, 1)),
            }
        }
        self.weigh_counts(counts.into_iter())
    }

    /// (column, count) pairs, columns distinct, into a normalised TF-IDF row sorted by column.
    fn weigh_counts(&self, counts: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, f32)> {
        let mut row: Vec<(u32, f32)> = counts
            .map(|(f, c)| {
                let c = c as f32;
                let tf = if self.config.sublinear_tf { 1.0 + c.ln() } else { c };
                (f, tf * self.idf[f as usize])
            })
            .collect();
        row.sort_unstable_by_key(|&(f, _)| f);
        let norm = row.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, v) in &mut row {
                *v /= norm;
            }
        }
        row
    }
}

#[inline]
fn term_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_u8(0xFF);
    h.finish()
}

#[inline]
fn pair_hash(a: u64, b: u64) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(a);
    h.write_u64(b.rotate_left(17));
    h.write_u8(0xFE);
    h.finish()
}

/// Call `f(hash, first, second)` for every n-gram occurrence of `doc` (bigrams within a sentence).
fn for_each_gram<'d>(doc: &'d Analysis, ngram_max: u8, mut f: impl FnMut(u64, &'d str, Option<&'d str>)) {
    let mut prev: Option<(&str, u64, u32)> = None;
    for t in &doc.terms {
        let s = doc.term_text(t);
        let h = term_hash(s);
        f(h, s, None);
        if ngram_max >= 2
            && let Some((p, ph, ps)) = prev
            && ps == t.sentence
        {
            f(pair_hash(ph, h), p, Some(s));
        }
        prev = Some((s, h, t.sentence));
    }
}

/// Call `f(hash)` for every n-gram occurrence of `doc`.
#[inline]
fn for_each_gram_hash(doc: &Analysis, ngram_max: u8, mut f: impl FnMut(u64)) {
    for_each_gram(doc, ngram_max, |h, _, _| f(h));
}

/// A document's distinct n-gram hashes with their counts, sorted by hash.
fn counted_grams(doc: &Analysis, ngram_max: u8) -> Vec<(u64, u32)> {
    let mut all = Vec::with_capacity(doc.terms.len() * 2);
    for_each_gram_hash(doc, ngram_max, |h| all.push(h));
    all.sort_unstable();
    let mut out: Vec<(u64, u32)> = Vec::with_capacity(all.len());
    for h in all {
        match out.last_mut() {
            Some((g, c)) if *g == h => *c += 1,
            _ => out.push((h, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Analyzer;

    fn docs(texts: &[&str]) -> Vec<Analysis> {
        let a = Analyzer::new(crate::text::TextConfig { stopwords: true, ..Default::default() });
        texts.iter().map(|t| a.analyze(t)).collect()
    }

    #[test]
    fn fit_learns_vocabulary_and_idf() {
        let d = docs(&[
            "Sanctions on oil exports. Talks in Geneva.",
            "New sanctions on oil exports were imposed.",
            "Talks in Geneva ended.",
        ]);
        let cfg = FeatureConfig { min_df: 2, max_df: 1.0, ..Default::default() };
        let (v, m) = Vectorizer::fit(cfg, &d).unwrap();
        let f: Vec<&str> = v.features().iter().map(String::as_str).collect();
        assert_eq!(f, vec!["export", "geneva", "oil", "oil export", "sanction", "sanction oil", "talk", "talk geneva"]);
        assert_eq!(m.nrows(), 3);
        // Every row is unit length.
        for r in m.rows() {
            assert!((r.norm2() - 1.0).abs() < 1e-5);
        }
        // "geneva export" would cross a sentence: not a bigram.
        assert!(!f.contains(&"export talk"));
        // Rebuilt from parts, the transform is identical.
        let v2 = Vectorizer::from_parts(cfg, v.features().to_vec(), v.idf().to_vec()).unwrap();
        assert_eq!(v2.transform(&d[1]), v.transform(&d[1]));
    }

    #[test]
    fn idf_is_fixed_at_training_time() {
        let d = docs(&["oil sanctions", "oil talks", "oil war"]);
        let cfg = FeatureConfig { min_df: 1, max_df: 1.0, ngram_max: 1, ..Default::default() };
        let (v, _) = Vectorizer::fit(cfg, &d).unwrap();
        let one = docs(&["oil sanctions"]);
        let a = v.transform(&one[0]);
        let b = v.transform(&one[0]);
        assert_eq!(a, b);
        // "oil" is in every training doc: idf 1; "sanction" in one: idf ln(4/2)+1.
        let oil = v.features().iter().position(|f| f == "oil").unwrap();
        let sanc = v.features().iter().position(|f| f == "sanction").unwrap();
        assert!((v.idf()[oil] - 1.0).abs() < 1e-6);
        assert!((v.idf()[sanc] - ((4.0f32 / 2.0).ln() + 1.0)).abs() < 1e-6);
    }

    #[test]
    fn empty_vocabulary_is_an_error() {
        let d = docs(&["alpha", "beta"]);
        let err = Vectorizer::fit(FeatureConfig { min_df: 2, ..Default::default() }, &d).unwrap_err();
        assert!(matches!(err, FeatureError::EmptyVocabulary { .. }));
    }

    #[test]
    fn duplicates_and_mismatch_rejected() {
        let c = FeatureConfig::default();
        assert!(Vectorizer::from_parts(c, vec!["a".into(), "a".into()], vec![1.0, 1.0]).is_err());
        assert!(Vectorizer::from_parts(c, vec!["a".into()], vec![]).is_err());
    }
}

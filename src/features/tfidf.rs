//! TF-IDF over word n-grams: the vocabulary, the IDF learnt at training time, and the transform.
//!
//! * terms come from the text pipeline ([`Analysis`]); bigrams never cross a sentence;
//! * optionally ([`FeatureConfig::char_ngrams`], off by default) character n-grams of each term,
//!   with word-boundary markers (`<` and `>`, like scikit-learn's `char_wb`), are features too:
//!   named `#` + the gram (`#<عق`), so they never clash with a word (terms hold no `#`), and
//!   pruned, weighted and normalised like the words (see [`CharNorm`]);
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
use super::terms::Terms;
use crate::text::{Analysis, Term, TermIds, term_hash};
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
    /// Character n-grams of each term as extra features (off by default). Omitted from the
    /// model file when off, so models without it are byte-identical to before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub char_ngrams: Option<CharNgrams>,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            ngram_max: 2,
            min_df: 2,
            max_df: 0.95,
            max_features: None,
            sublinear_tf: true,
            char_ngrams: None,
        }
    }
}

/// The longest character n-gram [`CharNgrams`] accepts.
pub const MAX_CHAR_NGRAM: u8 = 8;

/// The name prefix of a character n-gram feature.
pub const CHAR_PREFIX: char = '#';

/// Character n-grams of every term, `min..=max` characters long, over the term framed by
/// word-boundary markers: with 2..=3, `عقوب` gives `<ع عق قو وب ب> <عق عقو قوب وب>`. A term
/// shorter than `min` (with its markers) gives itself once, framed (scikit-learn's `char_wb`).
/// Build it with [`CharNgrams::new`], which checks the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharNgrams {
    /// Shortest gram, in characters (markers count).
    pub min: u8,
    /// Longest gram, in characters.
    pub max: u8,
    /// How word and character features share a row's unit length.
    pub norm: CharNorm,
}

impl CharNgrams {
    /// Grams of `min..=max` characters; `1 <= min <= max <= MAX_CHAR_NGRAM`.
    pub fn new(min: u8, max: u8, norm: CharNorm) -> Result<CharNgrams, FeatureError> {
        CharNgrams { min, max, norm }.check()
    }

    fn check(self) -> Result<CharNgrams, FeatureError> {
        if self.min == 0 || self.min > self.max || self.max > MAX_CHAR_NGRAM {
            return Err(FeatureError::CharRange { min: self.min, max: self.max });
        }
        Ok(self)
    }
}

/// How a row's word features and character features are normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CharNorm {
    /// One L2 norm over all features (character grams, being many more, outweigh the words).
    Joint,
    /// Each family scaled to norm 1/√2 (the row stays unit length), so words and character
    /// grams weigh the same whatever their counts. A row with only one family gets it at norm 1.
    #[default]
    Blocks,
}

/// A fitted TF-IDF vectoriser.
#[derive(Debug, Clone)]
pub struct Vectorizer {
    config: FeatureConfig,
    features: Terms,
    idf: Vec<f32>,
    /// n-gram hash ([`term_hash`] for a word, [`pair_hash`] of two word hashes for a bigram,
    /// [`char_gram_hash`] for a character gram) -> column. Lookups hash the term once and
    /// compare integers, never strings.
    index: FxHashMap<u64, u32>,
    /// Which columns are character grams (empty when there are none).
    is_char: Vec<bool>,
    /// This vectoriser's [`TermIds::key`]: the analyser remembers each word's column under it.
    key: u32,
}

/// Keys handed to vectorisers, one each (a clone shares its original's: same vocabulary).
static NEXT_KEY: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A fresh [`TermIds::key`], or 0 (remember nothing) once four billion have been handed out.
fn fresh_key() -> u32 {
    use std::sync::atomic::Ordering;
    NEXT_KEY.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |k| (k != 0).then(|| k.wrapping_add(1))).unwrap_or(0)
}

/// A word's column, for the analyser to remember with the word ([`Analyzer::analyze_with`]).
///
/// [`Analyzer::analyze_with`]: crate::text::Analyzer::analyze_with
impl TermIds for Vectorizer {
    fn key(&self) -> u32 {
        self.key
    }

    fn term_id(&self, hash: u64) -> Option<u32> {
        self.index.get(&hash).copied()
    }
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
    /// A character n-gram range out of bounds.
    #[error("character n-grams {min}..{max}: need 1 <= min <= max <= {MAX_CHAR_NGRAM}")]
    CharRange {
        /// Shortest gram.
        min: u8,
        /// Longest gram.
        max: u8,
    },
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
        if let Some(c) = config.char_ngrams {
            c.check()?;
        }
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
    pub fn from_parts(config: FeatureConfig, features: Terms, idf: Vec<f32>) -> Result<Vectorizer, FeatureError> {
        if features.len() != idf.len() {
            return Err(FeatureError::Mismatch { features: features.len(), idf: idf.len() });
        }
        if let Some(c) = config.char_ngrams {
            c.check()?;
        }
        let mut index: FxHashMap<u64, u32> = FxHashMap::default();
        index.reserve(features.len());
        let mut is_char = Vec::new();
        for (fi, f) in features.iter().enumerate() {
            let h = if let Some(g) = f.strip_prefix(CHAR_PREFIX) {
                if is_char.is_empty() {
                    is_char = vec![false; features.len()];
                }
                is_char[fi] = true;
                char_gram_hash(g)
            } else {
                match f.split_once(' ') {
                    None => term_hash(f),
                    Some((a, b)) => pair_hash(term_hash(a), term_hash(b)),
                }
            };
            if index.insert(h, fi as u32).is_some() {
                return Err(FeatureError::Duplicate(f.to_string()));
            }
        }
        Ok(Vectorizer { config, features, idf, index, is_char, key: fresh_key() })
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
    pub fn features(&self) -> &Terms {
        &self.features
    }

    /// IDF weights, in column order.
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// Whether [`Vectorizer::feature_ids`] reads the terms' texts (character n-grams are made
    /// from them), not only their numbers and hashes.
    pub fn needs_term_texts(&self) -> bool {
        self.config.char_ngrams.is_some()
    }

    /// The columns of `doc`'s word n-grams with at least one occurrence in `doc` that is not
    /// made only of stop words. (Decided on the document's own words, not on the feature's
    /// name: "العامة" stems to the term the stop word "عام" stems to, and is no stop word.)
    pub fn content_word_features(&self, doc: &Analysis) -> rustc_hash::FxHashSet<u32> {
        let mut out = rustc_hash::FxHashSet::default();
        for_each_gram(doc, self.config.ngram_max, |h, a, b| {
            if (!a.stop || b.is_some_and(|b| !b.stop))
                && let Some(f) = self.index.get(&h)
            {
                out.insert(*f);
            }
        });
        out
    }

    /// Is column `f` a character n-gram?
    pub fn is_char_feature(&self, f: u32) -> bool {
        self.is_char.get(f as usize).copied().unwrap_or(false)
    }

    /// Append the column of every feature occurrence in `doc` to `out` (unsorted, repeated).
    pub fn feature_ids(&self, doc: &Analysis, out: &mut Vec<u32>) {
        // A document read with this vectoriser's numbering (`Analyzer::analyze_with`) brings its
        // words' columns along: only its bigrams are looked up.
        let numbered = self.key != 0 && doc.ids_key == self.key;
        for_each_gram(doc, self.config.ngram_max, |h, word, second| {
            let column = match second {
                None if numbered => word.id,
                _ => self.index.get(&h).copied(),
            };
            if let Some(f) = column {
                out.push(f);
            }
        });
        if let Some(c) = self.config.char_ngrams {
            self.char_feature_ids(doc, c, out);
        }
    }

    /// The character-gram part of [`Vectorizer::feature_ids`] (only called when it is on). Each
    /// distinct term's grams are looked up once and repeated by the term's count (news repeats
    /// its words: this halves the lookups).
    fn char_feature_ids(&self, doc: &Analysis, c: CharNgrams, out: &mut Vec<u32>) {
        let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
        counts.reserve(doc.terms.len());
        for t in &doc.terms {
            *counts.entry(doc.term_text(t)).or_insert(0) += 1;
        }
        let mut scratch = CharScratch::default();
        let mut ids: Vec<u32> = Vec::new();
        for (term, n) in counts {
            ids.clear();
            scratch.grams(term, c, |h, _| {
                if let Some(&f) = self.index.get(&h) {
                    ids.push(f);
                }
            });
            for _ in 0..n {
                out.extend_from_slice(&ids);
            }
        }
    }

    /// The L2-normalised TF-IDF row of one document, sorted by column.
    pub fn transform(&self, doc: &Analysis) -> Vec<(u32, f32)> {
        let mut ids = Vec::with_capacity(doc.terms.len() * 2);
        self.feature_ids(doc, &mut ids);
        self.weigh(&mut ids)
    }

    /// Turn feature occurrences into a normalised TF-IDF row (sorts `ids`).
    pub fn weigh(&self, ids: &mut [u32]) -> Vec<(u32, f32)> {
        self.weigh_counts(count_sorted(ids).into_iter())
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
        if !self.is_char.is_empty() && self.config.char_ngrams.is_some_and(|c| c.norm == CharNorm::Blocks) {
            self.normalise_blocks(&mut row);
            return row;
        }
        let norm = row.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, v) in &mut row {
                *v /= norm;
            }
        }
        row
    }

    /// [`CharNorm::Blocks`]: scale the word features and the character features each to norm
    /// 1/√2 (or the one present to norm 1), so the row is unit length.
    fn normalise_blocks(&self, row: &mut [(u32, f32)]) {
        let (mut words, mut chars) = (0.0f32, 0.0f32);
        for &(f, v) in row.iter() {
            if self.is_char[f as usize] {
                chars += v * v;
            } else {
                words += v * v;
            }
        }
        let both = words > 0.0 && chars > 0.0;
        let share = if both { std::f32::consts::FRAC_1_SQRT_2 } else { 1.0 };
        let scale = |sum: f32| if sum > 0.0 { share / sum.sqrt() } else { 0.0 };
        let (ws, cs) = (scale(words), scale(chars));
        for (f, v) in row.iter_mut() {
            *v *= if self.is_char[*f as usize] { cs } else { ws };
        }
    }
}

#[inline]
fn pair_hash(a: u64, b: u64) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(a);
    h.write_u64(b.rotate_left(17));
    h.write_u8(0xFE);
    h.finish()
}

/// The hash of a character gram (its text without [`CHAR_PREFIX`]); distinct from
/// [`term_hash`] of the same text.
#[inline]
fn char_gram_hash(gram: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(gram.as_bytes());
    h.write_u8(0xFD);
    h.finish()
}

/// Call `f(hash, gram)` for every character n-gram occurrence of `doc`'s terms (see
/// [`CharNgrams`]); `gram` includes its boundary markers.
fn for_each_char_gram(doc: &Analysis, c: CharNgrams, mut f: impl FnMut(u64, &str)) {
    let mut scratch = CharScratch::default();
    for t in &doc.terms {
        scratch.grams(doc.term_text(t), c, &mut f);
    }
}

/// Buffers reused from term to term by the character-gram walkers.
#[derive(Default)]
struct CharScratch {
    /// `<term>`.
    framed: String,
    /// Byte offset of every character of `framed`, and its length.
    bounds: Vec<usize>,
}

impl CharScratch {
    /// Call `f(hash, gram)` for every character n-gram of one term (see [`CharNgrams`]).
    fn grams(&mut self, term: &str, c: CharNgrams, mut f: impl FnMut(u64, &str)) {
        let (min, max) = (c.min as usize, c.max as usize);
        let (framed, bounds) = (&mut self.framed, &mut self.bounds);
        framed.clear();
        framed.push('<');
        framed.push_str(term);
        framed.push('>');
        bounds.clear();
        bounds.extend(framed.char_indices().map(|(i, _)| i));
        bounds.push(framed.len());
        let chars = bounds.len() - 1;
        if chars < min {
            f(char_gram_hash(framed), framed);
            return;
        }
        for n in min..=max.min(chars) {
            for i in 0..=chars - n {
                let g = &framed[bounds[i]..bounds[i + n]];
                f(char_gram_hash(g), g);
            }
        }
    }
}

/// Call `f(hash, first, second)` for every n-gram occurrence of `doc`: a word's own hash and
/// term with `None`, then a bigram's hash with its two terms (bigrams within a sentence).
fn for_each_gram<'d>(doc: &'d Analysis, ngram_max: u8, mut f: impl FnMut(u64, &'d Term, Option<&'d Term>)) {
    let mut prev: Option<&Term> = None;
    for t in &doc.terms {
        f(t.hash, t, None);
        if ngram_max >= 2
            && let Some(p) = prev
            && p.sentence == t.sentence
        {
            f(pair_hash(p.hash, t.hash), p, Some(t));
        }
        prev = Some(t);
    }
}

/// Call `f(hash)` for every n-gram occurrence of `doc`.
#[inline]
fn for_each_gram_hash(doc: &Analysis, ngram_max: u8, mut f: impl FnMut(u64)) {
    for_each_gram(doc, ngram_max, |h, _, _| f(h));
}

/// A document's distinct n-gram hashes (word n-grams, and character n-grams when `config`
/// asks for them) with their counts, sorted by hash.
fn counted_grams(doc: &Analysis, config: &FeatureConfig) -> Vec<(u64, u32)> {
    let mut all = Vec::with_capacity(doc.terms.len() * 2);
    for_each_gram_hash(doc, config.ngram_max, |h| all.push(h));
    if let Some(c) = config.char_ngrams {
        for_each_char_gram(doc, c, |h, _| all.push(h));
    }
    count_sorted(&mut all)
}

/// Sort `keys` and count each distinct one: `(key, count)` pairs in key order.
fn count_sorted<K: Ord + Copy>(keys: &mut [K]) -> Vec<(K, u32)> {
    keys.sort_unstable();
    let mut out: Vec<(K, u32)> = Vec::with_capacity(keys.len());
    for &k in keys.iter() {
        match out.last_mut() {
            Some((g, c)) if *g == k => *c += 1,
            _ => out.push((k, 1)),
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
        let f: Vec<&str> = v.features().iter().collect();
        assert_eq!(f, vec!["export", "geneva", "oil", "oil export", "sanction", "sanction oil", "talk", "talk geneva"]);
        assert_eq!(m.nrows(), 3);
        // Every row is unit length.
        for r in m.rows() {
            assert!((r.norm2() - 1.0).abs() < 1e-5);
        }
        // "geneva export" would cross a sentence: not a bigram.
        assert!(!f.contains(&"export talk"));
        // Rebuilt from parts, the transform is identical.
        let v2 = Vectorizer::from_parts(cfg, v.features().clone(), v.idf().to_vec()).unwrap();
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

    /// Words numbered by the analyser (`analyze_with`) give the rows that lookups give; with
    /// two vocabularies in turn on one thread (each word's remembered column is per
    /// vocabulary), and with a vocabulary that numbers nothing (key 0).
    #[test]
    fn numbered_words_give_the_same_rows() {
        use crate::text::Analyzer;
        let train_a = ["the oil sanctions were lifted", "oil talks in Geneva", "talks on the war in the north"];
        let train_b = ["war and oil in the north", "sanctions talks", "the war ended with talks"];
        let cfg = FeatureConfig { min_df: 1, max_df: 1.0, ..Default::default() };
        let (va, _) = Vectorizer::fit(cfg, &docs(&train_a)).unwrap();
        let (vb, _) = Vectorizer::fit(cfg, &docs(&train_b)).unwrap();
        assert_ne!(va.key(), vb.key());
        let off = Vectorizer { key: 0, ..va.clone() };
        let a = Analyzer::default();
        let texts = ["Oil sanctions and talks. The war in the north!", "talks talks oil", "nothing known here"];
        for _ in 0..3 {
            for t in texts {
                for v in [&va, &vb, &off, &va] {
                    let numbered = a.analyze_with(t, v);
                    assert_eq!(numbered.ids_key, v.key());
                    if v.key() != 0 {
                        assert!(numbered.terms.iter().all(|x| x.id == v.index.get(&x.hash).copied()));
                    }
                    assert_eq!(v.transform(&numbered), v.transform(&a.analyze(t)), "{t:?}");
                    // Read for its numbers only: the same terms and row, without their texts.
                    let bare = a.analyze_ids(t, v);
                    assert!(numbered.has_texts() && !bare.has_texts());
                    let fields = |d: &Analysis| -> Vec<_> {
                        d.terms.iter().map(|x| (x.start, x.end, x.sentence, x.stop, x.hash, x.id)).collect()
                    };
                    assert_eq!(fields(&bare), fields(&numbered), "{t:?}");
                    assert_eq!(
                        (bare.lang, bare.ids_key, &bare.sentences),
                        (numbered.lang, numbered.ids_key, &numbered.sentences)
                    );
                    assert_eq!(v.transform(&bare), v.transform(&numbered), "{t:?}");
                    // A document numbered for another vocabulary is looked up afresh.
                    let other = if std::ptr::eq(v, &vb) { &va } else { &vb };
                    assert_eq!(v.transform(&a.analyze_with(t, other)), v.transform(&a.analyze(t)));
                }
            }
        }
    }

    /// An analysis read for its numbers only refuses to give texts it does not have, rather than
    /// returning empty ones.
    #[test]
    #[should_panic(expected = "without its terms' texts")]
    fn an_analysis_without_texts_refuses_to_give_them() {
        let (v, _) = Vectorizer::fit(FeatureConfig { min_df: 1, ..Default::default() }, &docs(&["oil talks"])).unwrap();
        let doc = crate::text::Analyzer::default().analyze_ids("oil talks", &v);
        assert_eq!(doc.terms.len(), 2);
        let _ = doc.term_text(&doc.terms[0]);
    }

    #[test]
    fn empty_vocabulary_is_an_error() {
        let d = docs(&["alpha", "beta"]);
        let err = Vectorizer::fit(FeatureConfig { min_df: 2, ..Default::default() }, &d).unwrap_err();
        assert!(matches!(err, FeatureError::EmptyVocabulary { .. }));
    }

    fn chars(min: u8, max: u8, norm: CharNorm) -> FeatureConfig {
        FeatureConfig { char_ngrams: Some(CharNgrams::new(min, max, norm).unwrap()), ..Default::default() }
    }

    fn grams_of(doc: &Analysis, c: CharNgrams) -> Vec<String> {
        let mut out = Vec::new();
        for_each_char_gram(doc, c, |h, g| {
            assert_eq!(h, char_gram_hash(g));
            out.push(g.to_owned());
        });
        out
    }

    #[test]
    fn char_grams_of_an_arabic_word_have_boundary_markers() {
        // "العقوبات" reads as the stem "عقوب" (article and plural suffix stripped).
        let d = docs(&["العقوبات"]);
        assert_eq!(d[0].term_texts().collect::<Vec<_>>(), vec!["عقوب"]);
        let c = CharNgrams::new(2, 3, CharNorm::Blocks).unwrap();
        assert_eq!(grams_of(&d[0], c), vec!["<ع", "عق", "قو", "وب", "ب>", "<عق", "عقو", "قوب", "وب>"]);
        // A term shorter than the shortest gram gives itself once, framed (scikit-learn's char_wb).
        let c = CharNgrams::new(7, 8, CharNorm::Blocks).unwrap();
        assert_eq!(grams_of(&d[0], c), vec!["<عقوب>"]);
        // A range longer than the framed term stops at its length.
        let c = CharNgrams::new(5, 8, CharNorm::Blocks).unwrap();
        assert_eq!(grams_of(&d[0], c), vec!["<عقوب", "عقوب>", "<عقوب>"]);
    }

    #[test]
    fn char_grams_are_features_named_apart_from_words() {
        // Repeated terms: the transform looks each distinct term's grams up once.
        let d = docs(&["عقوبات جديدة على النفط", "فرض عقوبات على النفط وعقوبات على الغاز", "محادثات في جنيف"]);
        let (v, m) = Vectorizer::fit(FeatureConfig { max_df: 1.0, ..chars(2, 4, CharNorm::Blocks) }, &d).unwrap();
        let f: Vec<&str> = v.features().iter().collect();
        for g in ["#<عق", "#عقو", "#وب>", "#<نفط", "عقوب", "نفط"] {
            assert!(f.contains(&g), "{g} missing from {f:?}");
        }
        // Words are exactly what a word-only vectoriser keeps.
        let (w, _) = Vectorizer::fit(FeatureConfig { max_df: 1.0, ..Default::default() }, &d).unwrap();
        let words: Vec<&str> = v.features().iter().filter(|f| !f.starts_with(CHAR_PREFIX)).collect();
        assert_eq!(words, w.features().iter().collect::<Vec<_>>());
        // Rebuilt from parts (as from a model file), the transform is identical, and it is the
        // training matrix's row.
        let back = Vectorizer::from_parts(*v.config(), v.features().clone(), v.idf().to_vec()).unwrap();
        for (i, doc) in d.iter().enumerate() {
            assert_eq!(back.transform(doc), v.transform(doc));
            let r = m.rows().nth(i).unwrap();
            assert_eq!(r.indices.iter().copied().zip(r.values.iter().copied()).collect::<Vec<_>>(), v.transform(doc));
        }
    }

    #[test]
    fn blocks_give_words_and_chars_equal_weight_joint_does_not() {
        let d = docs(&["Sanctions on oil exports.", "New sanctions on oil exports.", "Oil exports fell."]);
        let block_norms = |v: &Vectorizer, row: &[(u32, f32)]| {
            let (mut w, mut c) = (0.0f32, 0.0f32);
            for &(f, x) in row {
                if v.features()[f as usize].starts_with(CHAR_PREFIX) { c += x * x } else { w += x * x }
            }
            (w, c)
        };
        let (b, _) = Vectorizer::fit(FeatureConfig { max_df: 1.0, ..chars(3, 5, CharNorm::Blocks) }, &d).unwrap();
        let (w, c) = block_norms(&b, &b.transform(&d[1]));
        assert!((w - 0.5).abs() < 1e-5 && (c - 0.5).abs() < 1e-5, "{w} {c}");
        let (j, _) = Vectorizer::fit(FeatureConfig { max_df: 1.0, ..chars(3, 5, CharNorm::Joint) }, &d).unwrap();
        let (w, c) = block_norms(&j, &j.transform(&d[1]));
        assert!((w + c - 1.0).abs() < 1e-5);
        assert!(c > w, "joint: the many character grams outweigh the words ({w} {c})");
        // A document with character grams but no known word keeps unit length.
        let lone = docs(&["oilfield"]);
        let r = b.transform(&lone[0]);
        assert!(!r.is_empty());
        assert!((r.iter().map(|(_, x)| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn char_option_off_is_the_old_config_and_file_text() {
        // Off, the stored settings are exactly what they were before the option existed.
        let old = r#"{"ngram_max":2,"min_df":2,"max_df":0.95,"max_features":null,"sublinear_tf":true}"#;
        assert_eq!(serde_json::to_string(&FeatureConfig::default()).unwrap(), old);
        assert_eq!(serde_json::from_str::<FeatureConfig>(old).unwrap(), FeatureConfig::default());
        // On, it round-trips.
        let on = chars(2, 5, CharNorm::Joint);
        let text = serde_json::to_string(&on).unwrap();
        assert!(text.ends_with(r#""char_ngrams":{"min":2,"max":5,"norm":"joint"}}"#), "{text}");
        assert_eq!(serde_json::from_str::<FeatureConfig>(&text).unwrap(), on);
    }

    #[test]
    fn bad_char_ranges_are_refused() {
        for (min, max) in [(0, 3), (4, 2), (2, MAX_CHAR_NGRAM + 1)] {
            assert_eq!(
                CharNgrams::new(min, max, CharNorm::Blocks),
                Err(FeatureError::CharRange { min, max }),
                "{min}..{max}"
            );
            let cfg = FeatureConfig {
                char_ngrams: Some(CharNgrams { min, max, norm: CharNorm::Blocks }),
                ..Default::default()
            };
            assert!(Vectorizer::from_parts(cfg, ["a"].into_iter().collect(), vec![1.0]).is_err());
            assert!(Vectorizer::fit(cfg, &docs(&["oil oil", "oil"])).is_err());
        }
    }

    #[test]
    fn duplicates_and_mismatch_rejected() {
        let c = FeatureConfig::default();
        assert!(Vectorizer::from_parts(c, ["a", "a"].into_iter().collect(), vec![1.0, 1.0]).is_err());
        assert!(Vectorizer::from_parts(c, ["a"].into_iter().collect(), vec![]).is_err());
    }
}

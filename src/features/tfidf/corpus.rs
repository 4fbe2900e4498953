//! A training corpus as compact per-document n-gram counts: what fitting a vectoriser and
//! building its TF-IDF matrix need, without the texts or their analyses.
//!
//! Documents arrive one at a time ([`GramCorpus::push`], after the parallel part,
//! [`GramCorpus::count`], has hashed and counted a document's n-grams). Each distinct n-gram
//! gets a dense id in first-seen order; a document is stored as (id, count) pairs, 4 + 4 bytes
//! each, the size of a CSR matrix entry. An n-gram is named (its string kept) only when it
//! reaches `min_df` documents: a gram seen fewer times can never enter any vocabulary fitted on
//! these documents or a subset of them, so no string is ever built for it.
//!
//! [`GramCorpus::into_matrix`] turns the store into the TF-IDF matrix *in place* (ids become
//! columns, counts become weights, pruned grams are squeezed out), so the peak memory of
//! training is the store plus the n-gram index, not the store plus a second copy.
//!
//! The result is exactly [`Vectorizer::fit`]'s: the vocabulary is sorted by name and the rows
//! are weighed by the same code, so the order documents arrive in only changes the ids.

use super::{CHAR_PREFIX, FeatureConfig, FeatureError, Vectorizer, counted_grams, for_each_char_gram, for_each_gram};
use crate::features::CsrMatrix;
use crate::hint::prefetch;
use crate::text::Analysis;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Marks a gram id with no column in a vocabulary.
const NONE: u32 = u32::MAX;

/// Rows built per parallel chunk when building a matrix (bounds the temporary rows).
const CHUNK: usize = 4096;

/// One document's distinct n-gram hashes and counts (from [`GramCorpus::count`]).
#[derive(Debug, Clone, Default)]
pub struct DocGrams(Vec<(u64, u32)>);

impl DocGrams {
    /// Number of distinct n-grams.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Has the document no n-gram?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A fitted vocabulary for a [`GramCorpus`]: the vectoriser and each gram id's column.
#[derive(Debug)]
pub struct Fitted {
    /// The vectoriser (vocabulary and IDF).
    pub vectorizer: Vectorizer,
    /// Gram id -> column ([`u32::MAX`] for a gram outside the vocabulary).
    column: Vec<u32>,
}

/// n-gram hash -> dense id and document count, for [`GramCorpus::push`]: open addressing with
/// linear probing over 16-byte slots (the whole hash, its id and its document frequency), at most
/// three quarters full. Its own table, not a `HashMap`, so that a gram's slot can be prefetched
/// before it is looked up; the count lives in the slot so that counting a document touches only
/// that prefetched line (a separate per-id array missed the cache once per gram again).
#[derive(Debug, Default)]
struct GramIds {
    slots: Vec<GramSlot>,
    len: usize,
    /// `64 - log2(slots.len())`: the top bits of the mixed hash pick the home slot.
    shift: u32,
}

#[derive(Debug, Clone, Copy)]
struct GramSlot {
    hash: u64,
    /// [`GramIds::EMPTY`] in an empty slot.
    id: u32,
    /// Documents the gram occurs in.
    df: u32,
}

impl GramIds {
    /// The id of an empty slot (never a gram's).
    const EMPTY: u32 = u32::MAX;
    const EMPTY_SLOT: GramSlot = GramSlot { hash: 0, id: Self::EMPTY, df: 0 };

    #[inline]
    fn home(&self, hash: u64) -> usize {
        // Multiplying mixes every bit of the hash into the top ones (the gram hashes are FxHash,
        // whose low bits are weak).
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Start loading the slot `hash` is looked up in (only a hint).
    #[inline]
    fn prefetch(&self, hash: u64) {
        if let Some(slot) = self.slots.get(self.home(hash)) {
            prefetch(slot);
        }
    }

    /// One more document for `hash`: its id (`next`, which must not be [`GramIds::EMPTY`], if
    /// the hash is new) and the documents counted for it now, this one included.
    #[inline]
    fn add_document(&mut self, hash: u64, next: u32) -> (u32, u32) {
        debug_assert_ne!(next, Self::EMPTY);
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let s = &mut self.slots[i];
            if s.id == Self::EMPTY {
                *s = GramSlot { hash, id: next, df: 1 };
                self.len += 1;
                return (next, 1);
            }
            if s.hash == hash {
                s.df += 1;
                return (s.id, s.df);
            }
            i = (i + 1) & mask;
        }
    }

    /// Twice the slots (at least 1,024), every gram placed again with its id and count.
    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Self::EMPTY_SLOT; n]);
        self.shift = 64 - n.trailing_zeros();
        let mask = n - 1;
        for s in old.into_iter().filter(|s| s.id != Self::EMPTY) {
            let mut i = self.home(s.hash);
            while self.slots[i].id != Self::EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// The document frequency of every id (`len` of them).
    fn df_by_id(&self) -> Vec<u32> {
        let mut df = vec![0; self.len];
        for s in self.slots.iter().filter(|s| s.id != Self::EMPTY) {
            df[s.id as usize] = s.df;
        }
        df
    }
}

/// Per-document n-gram counts of a training corpus (see the module documentation).
#[derive(Debug)]
pub struct GramCorpus {
    config: FeatureConfig,
    /// n-gram hash -> id and document frequency.
    ids: GramIds,
    /// Names of the ids that reached `min_df` documents.
    names: FxHashMap<u32, Box<str>>,
    /// Row `i` is `grams[indptr[i]..indptr[i + 1]]` (ids) with `counts` alongside.
    indptr: Vec<usize>,
    grams: Vec<u32>,
    /// Counts as `f32` (exact up to 2^24, and converted back losslessly below it), so that
    /// the same buffer holds the TF-IDF values after [`GramCorpus::into_matrix`].
    counts: Vec<f32>,
}

impl GramCorpus {
    /// An empty corpus for `config`.
    pub fn new(config: FeatureConfig) -> Self {
        GramCorpus {
            config,
            ids: GramIds::default(),
            names: FxHashMap::default(),
            indptr: vec![0],
            grams: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Hash and count one document's n-grams (thread-safe; run it in parallel).
    pub fn count(config: &FeatureConfig, doc: &Analysis) -> DocGrams {
        DocGrams(counted_grams(doc, config))
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.indptr.len() - 1
    }

    /// No documents yet?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stored (document, n-gram) entries, before any pruning.
    pub fn nnz(&self) -> usize {
        self.grams.len()
    }

    /// Distinct n-grams seen.
    pub fn distinct(&self) -> usize {
        self.ids.len
    }

    /// Add a document: `grams` must be [`GramCorpus::count`] of `doc`, which is read again
    /// only to name n-grams reaching `min_df` documents with this one.
    pub fn push(&mut self, doc: &Analysis, grams: DocGrams) {
        let name_at = self.config.min_df.max(1);
        let mut unnamed: FxHashMap<u64, u32> = FxHashMap::default();
        self.grams.reserve(grams.0.len());
        self.counts.reserve(grams.0.len());
        // A large corpus has millions of distinct grams: each lookup misses the cache. Start
        // loading the slot of the gram `AHEAD` places on while this one is looked up, so that
        // the misses overlap instead of following one another.
        const AHEAD: usize = 16;
        for &(h, _) in grams.0.iter().take(AHEAD) {
            self.ids.prefetch(h);
        }
        for (k, &(h, c)) in grams.0.iter().enumerate() {
            if let Some(&(ahead, _)) = grams.0.get(k + AHEAD) {
                self.ids.prefetch(ahead);
            }
            let next = u32::try_from(self.ids.len)
                .ok()
                .filter(|&n| n != GramIds::EMPTY)
                .expect("fewer than 2^32 - 1 distinct n-grams");
            let (id, df) = self.ids.add_document(h, next);
            if df == name_at {
                unnamed.insert(h, id);
            }
            self.grams.push(id);
            self.counts.push(c as f32);
        }
        self.indptr.push(self.grams.len());
        if !unnamed.is_empty() {
            for_each_gram(doc, self.config.ngram_max, |h, a, b| {
                if let Some(id) = unnamed.remove(&h) {
                    let a = doc.term_text(a);
                    self.names.insert(id, b.map_or_else(|| a.into(), |b| format!("{a} {}", doc.term_text(b)).into()));
                }
            });
        }
        if let Some(c) = self.config.char_ngrams
            && !unnamed.is_empty()
        {
            for_each_char_gram(doc, c, |h, g| {
                if let Some(id) = unnamed.remove(&h) {
                    self.names.insert(id, format!("{CHAR_PREFIX}{g}").into());
                }
            });
        }
    }

    /// Fit the vocabulary and IDF on documents `rows` (all of them with `None`), with
    /// [`Vectorizer::fit`]'s rules.
    pub fn fit(&self, rows: Option<&[usize]>) -> Result<Fitted, FeatureError> {
        let (n, df) = match rows {
            None => (self.len(), self.ids.df_by_id()),
            Some(rows) => {
                let mut df = vec![0u32; self.distinct()];
                for &i in rows {
                    for &g in &self.grams[self.indptr[i]..self.indptr[i + 1]] {
                        df[g as usize] += 1;
                    }
                }
                (rows.len(), df)
            }
        };
        let config = self.config;
        if let Some(c) = config.char_ngrams {
            c.check()?;
        }
        let max_docs = (config.max_df.clamp(0.0, 1.0) as f64 * n as f64).floor() as u32;
        let max_docs = max_docs.max(config.min_df).max(1);
        let min_docs = config.min_df.max(1);
        // A gram with `min_docs` documents here has at least as many in the whole corpus, so
        // it was named.
        let mut kept: Vec<(&str, u32, u32)> = df
            .iter()
            .enumerate()
            .filter(|&(_, &d)| d >= min_docs && d <= max_docs)
            .filter_map(|(id, &d)| {
                let name = self.names.get(&(id as u32));
                debug_assert!(name.is_some(), "a gram in {d} documents (min_df {min_docs}) has no name");
                name.map(|s| (&**s, d, id as u32))
            })
            .collect();
        if let Some(cap) = config.max_features
            && kept.len() > cap
        {
            kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            kept.truncate(cap);
        }
        if kept.is_empty() {
            return Err(FeatureError::EmptyVocabulary { min_df: config.min_df, docs: n });
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut column = vec![NONE; self.distinct()];
        for (j, &(_, _, id)) in kept.iter().enumerate() {
            column[id as usize] = j as u32;
        }
        let idf = kept.iter().map(|&(_, d, _)| (((1 + n) as f64 / (1 + d) as f64).ln() + 1.0) as f32).collect();
        let features = kept.into_iter().map(|(s, _, _)| s).collect();
        Ok(Fitted { vectorizer: Vectorizer::from_parts(config, features, idf)?, column })
    }

    /// Document `i`'s TF-IDF row in `fitted`'s vocabulary, sorted by column.
    pub fn row(&self, fitted: &Fitted, i: usize) -> Vec<(u32, f32)> {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        weigh_row(fitted, &self.grams[a..b], &self.counts[a..b])
    }

    /// The TF-IDF matrix of documents `rows`, in that order (a copy; the corpus is kept).
    /// `progress(n)` is called as rows are done.
    pub fn matrix(&self, fitted: &Fitted, rows: &[usize], progress: &(dyn Fn(usize) + Sync)) -> CsrMatrix {
        let mut m = CsrMatrix::new(fitted.vectorizer.len());
        for chunk in rows.chunks(CHUNK) {
            let built: Vec<Vec<(u32, f32)>> = chunk.par_iter().map(|&i| self.row(fitted, i)).collect();
            for r in &built {
                m.push_row(r);
            }
            progress(chunk.len());
        }
        m
    }

    /// The TF-IDF matrix of all documents, built in the corpus's own buffers: the n-gram index
    /// and names are dropped first, then each row's ids become columns and its counts weights,
    /// and the rows are squeezed together. `progress(n)` is called as rows are done.
    pub fn into_matrix(self, fitted: &Fitted, progress: &(dyn Fn(usize) + Sync)) -> CsrMatrix {
        let GramCorpus { indptr, mut grams, mut counts, ids, names, .. } = self;
        drop((ids, names));
        let n = indptr.len() - 1;
        // Weigh every row in place, at the start of its own slice; remember its new length.
        let mut lengths = vec![0usize; n];
        let mut start = 0;
        while start < n {
            let end = (start + CHUNK).min(n);
            let (lo, hi) = (indptr[start], indptr[end]);
            let mut slices = Vec::with_capacity(end - start);
            let (mut g, mut c) = (&mut grams[lo..hi], &mut counts[lo..hi]);
            for i in start..end {
                let len = indptr[i + 1] - indptr[i];
                let (g1, g2) = std::mem::take(&mut g).split_at_mut(len);
                let (c1, c2) = std::mem::take(&mut c).split_at_mut(len);
                slices.push((g1, c1));
                g = g2;
                c = c2;
            }
            slices.par_iter_mut().zip(&mut lengths[start..end]).for_each(|((g, c), len)| {
                let row = weigh_row(fitted, g, c);
                for (k, &(j, v)) in row.iter().enumerate() {
                    g[k] = j;
                    c[k] = v;
                }
                *len = row.len();
            });
            progress(end - start);
            start = end;
        }
        // Squeeze the rows together (each moves left or stays).
        let mut new_indptr = Vec::with_capacity(n + 1);
        new_indptr.push(0);
        let mut at = 0;
        for i in 0..n {
            let (from, len) = (indptr[i], lengths[i]);
            grams.copy_within(from..from + len, at);
            counts.copy_within(from..from + len, at);
            at += len;
            new_indptr.push(at);
        }
        drop(indptr);
        grams.truncate(at);
        grams.shrink_to_fit();
        counts.truncate(at);
        counts.shrink_to_fit();
        CsrMatrix::from_parts(fitted.vectorizer.len(), new_indptr, grams, counts)
    }
}

/// One stored row (ids and counts) as a normalised TF-IDF row in `fitted`'s vocabulary.
fn weigh_row(fitted: &Fitted, grams: &[u32], counts: &[f32]) -> Vec<(u32, f32)> {
    let vec = &fitted.vectorizer;
    vec.weigh_counts(
        grams.iter().zip(counts).map(|(&g, &c)| (fitted.column[g as usize], c as u32)).filter(|&(j, _)| j != NONE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Analyzer;

    /// The gram table gives each hash one id, the first it was offered, and counts the times it
    /// was offered, through growth and through hashes that share a home slot at every table size.
    #[test]
    fn gram_ids_keep_the_first_id_and_the_count_of_each_hash() {
        let mut t = GramIds::default();
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut hashes: Vec<u64> = (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            })
            .collect();
        // Hashes whose mixed values are C, C + 1, C + 2, ...: the same top bits, so the same
        // home slot whatever the size (the multiplier is odd, so it has an inverse mod 2^64).
        let m = 0x9E37_79B9_7F4A_7C15u64;
        let mut inv = m; // Newton's iteration: each step doubles the correct low bits.
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m.wrapping_mul(inv)));
        }
        assert_eq!(m.wrapping_mul(inv), 1);
        let c = 0xABCD_0000_0000_0000u64;
        let same_home: Vec<u64> = (0..300u64).map(|i| c.wrapping_add(i).wrapping_mul(inv)).collect();
        let t0 = GramIds { shift: 64 - 10, ..GramIds::default() };
        assert!(same_home.iter().all(|&h| t0.home(h) == t0.home(same_home[0])));
        hashes.extend_from_slice(&same_home);
        hashes.extend_from_slice(&hashes.clone()[..500]);
        // hash -> (id, times offered)
        let mut expected = std::collections::HashMap::new();
        for &h in &hashes {
            let next = expected.len() as u32;
            let e = expected.entry(h).or_insert((next, 0));
            e.1 += 1;
            assert_eq!(t.add_document(h, next), *e, "{h:#x}");
        }
        assert_eq!(t.len, expected.len());
        assert!(t.len * 4 <= t.slots.len() * 3);
        let df = t.df_by_id();
        for (&h, &(id, n)) in &expected {
            assert_eq!(df[id as usize], n, "{h:#x}'s count after growing");
            assert_eq!(t.add_document(h, u32::MAX - 1), (id, n + 1), "found again after growing");
        }
    }

    fn docs() -> Vec<Analysis> {
        let a = Analyzer::new(crate::text::TextConfig::default());
        [
            "Sanctions on oil exports. Talks in Geneva.",
            "New sanctions on oil exports were imposed.",
            "Talks in Geneva ended.",
            "Oil talks, oil sanctions and oil again.",
            "Geneva hosted the talks on exports.",
        ]
        .iter()
        .map(|t| a.analyze(t))
        .collect()
    }

    fn corpus(config: FeatureConfig, docs: &[Analysis]) -> GramCorpus {
        let mut c = GramCorpus::new(config);
        for d in docs {
            c.push(d, GramCorpus::count(&config, d));
        }
        c
    }

    #[test]
    fn in_place_matrix_equals_the_copy_and_a_subset_fit_equals_a_fresh_one() {
        let d = docs();
        for config in [
            FeatureConfig { min_df: 2, max_df: 0.8, ..Default::default() },
            FeatureConfig { min_df: 1, max_df: 1.0, max_features: Some(5), ..Default::default() },
            FeatureConfig { min_df: 0, ngram_max: 1, sublinear_tf: false, ..Default::default() },
        ] {
            let c = corpus(config, &d);
            assert_eq!(c.len(), 5);
            let f = c.fit(None).unwrap();
            let all: Vec<usize> = (0..5).collect();
            let copy = c.matrix(&f, &all, &|_| {});
            for (i, doc) in d.iter().enumerate() {
                assert_eq!(c.row(&f, i), f.vectorizer.transform(doc), "row {i}");
            }
            let rows = [3, 0, 4];
            let sub = c.fit(Some(&rows)).unwrap();
            let picked: Vec<Analysis> = rows.iter().map(|&i| d[i].clone()).collect();
            let fresh = corpus(config, &picked);
            let fresh_fit = fresh.fit(None).unwrap();
            assert_eq!(sub.vectorizer.features(), fresh_fit.vectorizer.features());
            assert_eq!(sub.vectorizer.idf(), fresh_fit.vectorizer.idf());
            assert_eq!(c.matrix(&sub, &rows, &|_| {}), fresh.into_matrix(&fresh_fit, &|_| {}));
            let done = std::sync::atomic::AtomicUsize::new(0);
            let m = c.into_matrix(&f, &|n| {
                done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            });
            assert_eq!(m, copy);
            assert_eq!(done.into_inner(), 5);
        }
    }

    #[test]
    fn only_grams_reaching_min_df_are_named() {
        let d = docs();
        let config = FeatureConfig { min_df: 3, ..Default::default() };
        let c = corpus(config, &d);
        assert!(c.names.len() < c.distinct());
        let df = c.ids.df_by_id();
        assert!(c.names.keys().all(|&id| df[id as usize] >= 3));
        assert!(matches!(
            corpus(FeatureConfig { min_df: 9, ..Default::default() }, &d).fit(None),
            Err(FeatureError::EmptyVocabulary { min_df: 9, docs: 5 })
        ));
    }
}

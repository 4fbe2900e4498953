//! The text pipeline: from raw article text to sentences and the terms a model sees.
//!
//! Shaped like a search engine's analyser: one small type per step, each usable and tested
//! alone, chained by [`Analyzer`]:
//!
//! 1. [`lang::detect`]: Arabic, English or other, per document;
//! 2. [`SentenceSplitter`]: sentences, headings and boilerplate lines, with byte offsets;
//! 3. [`Tokenizer`]: words with byte offsets into the original text;
//! 4. [`Normalizer`]: NFKC and Arabic/Latin folding (see [`normalize`]);
//! 5. [`StopWords`]: drops function words (Arabic and English lists, normalised alike);
//! 6. [`Stemmer`]: light Arabic stemming or Snowball, by [`StemMode`].
//!
//! Offsets always point into the original, unnormalised text, so a summary can quote it.

pub mod lang;
pub mod normalize;
pub mod porter2;
pub mod sentence;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

pub use lang::Lang;
pub use normalize::Normalizer;
pub use sentence::{Sentence, SentenceSplitter};
pub use stem::{StemMode, Stemmer};
pub use stopwords::StopWords;
pub use tokenize::{RawToken, Tokenizer};

use crate::hint::prefetch;
use serde::{Deserialize, Serialize};

/// Settings of the text pipeline. Stored in every model so inference reads text exactly as
/// training did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextConfig {
    /// Which stemmer.
    pub stem: StemMode,
    /// Drop stop words from the terms. Off by default: function words carry signal for the
    /// classifier (measured: +0.05 macro-F1 on UN event classes, +0.005 on SANAD topics). Stop
    /// words are always *marked* ([`Term::stop`]), and the summariser ignores marked terms.
    pub stopwords: bool,
    /// Keep tokens made only of digits (years, counts).
    pub numbers: bool,
}

impl Default for TextConfig {
    fn default() -> Self {
        TextConfig { stem: StemMode::Light, stopwords: false, numbers: false }
    }
}

/// One term of a document: a normalised, filtered, stemmed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Byte range of the term's text in [`Analysis::term_text`]'s buffer.
    buf: (u32, u32),
    /// Byte offset of the source word in the original text.
    pub start: usize,
    /// Byte offset one past the source word.
    pub end: usize,
    /// Index of the sentence the word is in.
    pub sentence: u32,
    /// The word is a stop word (kept only when the pipeline is set to keep them).
    pub stop: bool,
    /// [`term_hash`] of the term's text, computed once here so features need not hash again.
    pub hash: u64,
    /// The term's number in the [`TermIds`] the document was read with
    /// ([`Analyzer::analyze_with`]; `None` without one, or when it has no number for the term).
    pub id: Option<u32>,
}

/// A numbering of terms (a model's vocabulary). Reading a document with one
/// ([`Analyzer::analyze_with`]) gives each term its number, remembered in the term memo with the
/// term itself, so that a word seen before costs no lookup in the vocabulary.
pub trait TermIds {
    /// A key that tells this numbering apart from every other one in the process (two with
    /// the same key must number every term alike), or `0`: then nothing is remembered.
    fn key(&self) -> u32;
    /// The number of the term whose [`term_hash`] is `hash`.
    fn term_id(&self, hash: u64) -> Option<u32>;
}

/// The hash that features index a term's text by: FxHash of its bytes and an end mark.
#[inline]
pub fn term_hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.write_u8(0xFF);
    h.finish()
}

/// A document read by the [`Analyzer`].
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The document's language.
    pub lang: Lang,
    /// Its sentences, headings and boilerplate units, in order.
    pub sentences: Vec<Sentence>,
    /// Its terms, in order (none from boilerplate units).
    pub terms: Vec<Term>,
    /// [`TermIds::key`] of the numbering in [`Term::id`] (0: none).
    pub ids_key: u32,
    /// The terms' texts are kept ([`Analyzer::analyze_ids`] leaves them out).
    texts: bool,
    buf: String,
}

impl Analysis {
    /// The text of a term.
    ///
    /// # Panics
    /// On an analysis made without texts ([`Analyzer::analyze_ids`]; see
    /// [`Analysis::has_texts`]).
    #[inline]
    pub fn term_text(&self, t: &Term) -> &str {
        assert!(self.texts, "this analysis was read without its terms' texts (Analyzer::analyze_ids)");
        &self.buf[t.buf.0 as usize..t.buf.1 as usize]
    }

    /// Whether [`Analysis::term_text`] can be asked (false after [`Analyzer::analyze_ids`]).
    pub fn has_texts(&self) -> bool {
        self.texts
    }

    /// All terms' texts, in order.
    pub fn term_texts(&self) -> impl Iterator<Item = &str> + '_ {
        self.terms.iter().map(|t| self.term_text(t))
    }

    /// The terms of sentence `i`, as a slice of [`Analysis::terms`].
    pub fn sentence_terms(&self, i: usize) -> &[Term] {
        let lo = self.terms.partition_point(|t| (t.sentence as usize) < i);
        let hi = self.terms.partition_point(|t| (t.sentence as usize) <= i);
        &self.terms[lo..hi]
    }
}

/// The whole pipeline, built once and shared across threads.
#[derive(Debug)]
pub struct Analyzer {
    config: TextConfig,
    splitter: SentenceSplitter,
    tokenizer: Tokenizer,
    normalizer: Normalizer,
    stop_ar: StopWords,
    stop_en: StopWords,
    stemmer: Stemmer,
}

impl Analyzer {
    /// Build the pipeline for `config`.
    pub fn new(config: TextConfig) -> Self {
        let (stop_ar, stop_en) = (StopWords::arabic(), StopWords::english());
        Analyzer {
            config,
            splitter: SentenceSplitter,
            tokenizer: Tokenizer,
            normalizer: Normalizer,
            stop_ar,
            stop_en,
            stemmer: Stemmer::new(config.stem),
        }
    }

    /// The settings.
    pub fn config(&self) -> &TextConfig {
        &self.config
    }

    /// Read a document: language, sentences and terms.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.read(text, None, true)
    }

    /// [`Analyzer::analyze`], and number the terms by `ids` ([`Term::id`]).
    pub fn analyze_with(&self, text: &str, ids: &dyn TermIds) -> Analysis {
        self.read(text, Some(ids), true)
    }

    /// [`Analyzer::analyze_with`] without the terms' texts, for a caller that needs only their
    /// numbers and hashes (classification): the same terms, sentences and offsets, but
    /// [`Analysis::term_text`] cannot be asked. Copying every term's text out of the memo is a
    /// few percent of classifying a document.
    pub fn analyze_ids(&self, text: &str, ids: &dyn TermIds) -> Analysis {
        self.read(text, Some(ids), false)
    }

    fn read(&self, text: &str, ids: Option<&dyn TermIds>, texts: bool) -> Analysis {
        let lang = lang::detect(text);
        let sentences = self.splitter.split(text);
        let mut buf = String::with_capacity(if texts { text.len() / 2 } else { 0 });
        // About one term per five bytes of text (fewer in Arabic): rarely grown. Capped, so that
        // a huge record does not reserve eight bytes per byte up front.
        let mut terms = Vec::with_capacity((text.len() / 5 + 8).min(1 << 16));
        let mut word = String::new();
        TERM_CACHE.with(|cache| {
            // Never re-entered today; if it ever were (work stolen onto this thread mid-document),
            // the nested call reads without the memo instead of failing.
            let mut fresh;
            let mut held = cache.try_borrow_mut();
            let cache = match &mut held {
                Ok(c) => &mut **c,
                Err(_) => {
                    fresh = TermCache::default();
                    &mut fresh
                }
            };
            let mut cache = cache.prepare(self.config, lang == Lang::Other);
            // Tokens go through the memo a chunk at a time (across sentences): the memory each
            // will touch is prefetched for the whole chunk first, so that the cache misses of a
            // large memo overlap instead of following one another (see
            // `PreparedCache::prefetch`).
            let mut chunk: Vec<Pending> = Vec::with_capacity(MEMO_CHUNK);
            let mut resolve = |chunk: &mut Vec<Pending>| {
                cache.prefetch(chunk, texts);
                for p in chunk.iter() {
                    // The memo is keyed by the token as written: normalising is a function of
                    // it too, so a word seen before is not even normalised again.
                    let memo = cache.get(p.text, p.hash, p.found, ids, |raw| {
                        self.normalizer.apply(raw, &mut word);
                        self.filter_and_stem(lang, &word)
                            .map(|(s, stop)| (std::borrow::Cow::Owned(s.into_owned()), stop))
                    });
                    let Some((stem, stop, hash, id)) = memo else {
                        continue;
                    };
                    let b0 = buf.len();
                    if texts {
                        buf.push_str(cache.stem(stem));
                    }
                    terms.push(Term {
                        buf: (b0 as u32, buf.len() as u32),
                        start: p.start,
                        end: p.end,
                        sentence: p.sentence,
                        stop,
                        hash,
                        id,
                    });
                }
                chunk.clear();
            };
            for (si, s) in sentences.iter().enumerate() {
                if s.boilerplate {
                    continue;
                }
                for tok in self.tokenizer.tokens(s.text(text)) {
                    chunk.push(Pending {
                        text: tok.text,
                        start: s.start + tok.start,
                        end: s.start + tok.end,
                        sentence: si as u32,
                        hash: term_hash(tok.text),
                        found: None,
                    });
                    if chunk.len() == MEMO_CHUNK {
                        resolve(&mut chunk);
                    }
                }
            }
            resolve(&mut chunk);
        });
        // Offsets into `buf` are u32: the input layer refuses records over 1 GiB
        // (`io::input::MAX_RECORD_BYTES`), and terms are never longer than their words.
        Analysis { lang, sentences, terms, ids_key: ids.map_or(0, |i| i.key()), texts, buf }
    }

    /// The terms of `text` only (no sentence structure kept), for callers that need just those.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let a = self.analyze(text);
        a.term_texts().map(str::to_owned).collect()
    }

    /// Stop-word filter and stemmer for one normalised word: the term and whether it is a stop
    /// word, or `None` when it is dropped.
    fn filter_and_stem<'w>(&self, lang: Lang, word: &'w str) -> Option<(std::borrow::Cow<'w, str>, bool)> {
        let mut chars = word.chars();
        let first = chars.next()?;
        chars.next()?; // single characters carry no topic
        let arabic = lang::is_arabic_letter(first);
        if !arabic && !first.is_ascii_alphabetic() && (first.is_ascii_digit() || first.is_numeric()) {
            if !self.config.numbers {
                return None;
            }
            return Some((std::borrow::Cow::Borrowed(word), false));
        }
        if arabic {
            let stop = self.stop_ar.contains(word);
            if stop && self.config.stopwords {
                return None;
            }
            let s = self.stemmer.stem_arabic(word);
            return (!s.is_empty()).then_some((s, stop));
        }
        if first.is_ascii_alphabetic() && lang != Lang::Other {
            let stop = self.stop_en.contains(word);
            if stop && self.config.stopwords {
                return None;
            }
            let s = self.stemmer.stem_english(word);
            return (!s.is_empty()).then_some((s, stop));
        }
        Some((std::borrow::Cow::Borrowed(word), false))
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new(TextConfig::default())
    }
}

thread_local! {
    /// Per-thread memo of what normalisation, the filters and the stemmer make of each token.
    static TERM_CACHE: std::cell::RefCell<TermCache> = std::cell::RefCell::new(TermCache::default());
}

/// Memo of normalisation followed by [`Analyzer::filter_and_stem`]: a pure function of the
/// token as written, the pipeline settings and whether the document's language is
/// [`Lang::Other`], so one memo per thread serves every analyser with the same settings. News
/// vocabulary is Zipfian: most words of an article were seen before, and a hit costs one hash
/// probe and one short comparison instead of normalising, a stop-list probe, a stemmer run, an
/// allocation and the feature hash.
#[derive(Default)]
struct TermCache {
    /// The settings the memo holds results for.
    config: Option<TextConfig>,
    /// One memo per "language is other" (English words are stemmed only in a known language).
    tables: [MemoTable; 2],
    /// The remembered words, back to back.
    words: String,
    /// The stems, back to back.
    stems: String,
}

/// Tokens looked up in the memo together (see [`PreparedCache::prefetch`]).
const MEMO_CHUNK: usize = 64;

/// One memo: an open-addressing index (linear probing) over records kept in the order the
/// words were first seen, so that the common words, met early, sit together in memory.
#[derive(Default)]
struct MemoTable {
    /// `0` for a free slot, else the high 32 bits of the word's hash above its record's index
    /// plus one. A power of two long, at most half full.
    slots: Vec<u64>,
    /// The words, in the order they were first seen.
    records: Vec<Memo>,
}

/// What the filters make of one word.
#[derive(Clone, Copy)]
struct Memo {
    /// Hash of the word (not of the stem).
    hash: u64,
    /// The word, in [`TermCache::words`].
    word: Span,
    /// The term, in [`TermCache::stems`], or `None` when the word is dropped.
    term: Option<MemoTerm>,
}

#[derive(Clone, Copy)]
struct MemoTerm {
    stem: Span,
    stop: bool,
    hash: u64,
    /// [`TermIds::key`] of the numbering `id` is from (0: not looked up yet).
    ids_key: u32,
    /// The term's number in that numbering.
    id: Option<u32>,
}

/// A token on its way through the memo.
struct Pending<'t> {
    /// The token.
    text: &'t str,
    /// Byte range in the document.
    start: usize,
    end: usize,
    /// Index of its sentence.
    sentence: u32,
    /// [`term_hash`] of the token.
    hash: u64,
    /// The first record whose slot tag matches, found ahead by [`PreparedCache::prefetch`]
    /// (only a hint: [`PreparedCache::get`] checks it).
    found: Option<u32>,
}

impl MemoTable {
    fn len(&self) -> usize {
        self.records.len()
    }

    fn clear(&mut self) {
        self.records.clear();
        self.slots.fill(0);
    }

    /// Index room for `n` words (slots for twice as many), rebuilt from the records.
    fn resize_for(&mut self, n: usize) {
        let slots = (2 * n.max(8)).next_power_of_two();
        if self.slots.len() != slots {
            self.slots = vec![0; slots];
            for (i, m) in self.records.iter().enumerate() {
                place(&mut self.slots, m.hash, i);
            }
        }
    }

    /// The slot a hash starts its probe at.
    #[inline]
    fn home(&self, hash: u64) -> usize {
        hash as usize & (self.slots.len() - 1)
    }

    /// The record of `word` (whose hash is `hash`), if it is there.
    #[inline]
    fn find(&self, hash: u64, word: &[u8], words: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(hash);
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s >> 32 == hash >> 32 {
                let r = (s as u32).wrapping_sub(1);
                if self.holds(r, hash, word, words) {
                    return Some(r);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether record `r` is `word` (whose hash is `hash`).
    #[inline]
    fn holds(&self, r: u32, hash: u64, word: &[u8], words: &str) -> bool {
        let m = &self.records[r as usize];
        m.hash == hash && same_bytes(&words.as_bytes()[span(m.word)], word)
    }

    /// Add a word known not to be there; returns its record.
    fn insert(&mut self, m: Memo) -> u32 {
        if 2 * (self.records.len() + 1) > self.slots.len() {
            self.resize_for(self.slots.len());
        }
        let r = self.records.len();
        self.records.push(m);
        place(&mut self.slots, m.hash, r);
        r as u32
    }
}

/// Put record `r` (of hash `hash`) in the first free slot of its probe sequence.
fn place(slots: &mut [u64], hash: u64, r: usize) {
    let mask = slots.len() - 1;
    let mut i = hash as usize & mask;
    while slots[i] != 0 {
        i = (i + 1) & mask;
    }
    slots[i] = ((hash >> 32) << 32) | (r as u64 + 1);
}

/// A [`TermCache`] prepared for one document.
struct PreparedCache<'c> {
    table: &'c mut MemoTable,
    words: &'c mut String,
    stems: &'c mut String,
}

impl TermCache {
    /// Words remembered before the memo starts afresh (bounds memory on endless feeds)...
    /// (small in unit tests, so that they run through the refills).
    const CAPACITY: usize = if cfg!(test) { 64 } else { 200_000 };
    /// ... or bytes of words and stems (a feed of long junk tokens).
    const BYTES: usize = 16 << 20;
    /// Words in a memo from which its lookups are prefetched (see [`PreparedCache::prefetch`]):
    /// about 400 kB of slots and records, under the 1 MB of a core's L2 cache here (in unit
    /// tests any memo that is not empty, so that they take the prefetching path).
    const PREFETCH_FROM: usize = if cfg!(test) { 1 } else { 8192 };
    /// Words a fresh memo has room for before it first grows.
    const INITIAL: usize = if cfg!(test) { 16 } else { 8192 };

    fn prepare(&mut self, config: TextConfig, other: bool) -> PreparedCache<'_> {
        let full = self.tables.iter().map(|m| m.len()).sum::<usize>() >= Self::CAPACITY
            || self.words.len() + self.stems.len() >= Self::BYTES;
        if self.config != Some(config) || full {
            self.tables.iter_mut().for_each(|m| m.clear());
            self.words.clear();
            self.stems.clear();
            if full {
                // One huge document can overfill the memo (the limits are checked between
                // documents): give back what it took beyond the limits.
                self.tables.iter_mut().for_each(|m| {
                    if m.slots.len() > 2 * Self::CAPACITY.next_power_of_two() {
                        m.resize_for(Self::CAPACITY);
                    }
                    // (To the capacity the records reach by doubling, so that the next fill,
                    // which may pass CAPACITY within a document, does not double it again.)
                    m.records.shrink_to(Self::CAPACITY.next_power_of_two());
                });
                self.words.shrink_to(Self::BYTES);
                self.stems.shrink_to(Self::BYTES);
            }
            self.config = Some(config);
        }
        // A first document already brings a few thousand distinct words: start at a size that
        // skips the first rounds of growing (each a rehash or copy into fresh memory). The
        // arenas are shared by both tables, so they are sized once.
        if self.words.capacity() == 0 {
            self.words.reserve(Self::INITIAL * 8);
            self.stems.reserve(Self::INITIAL * 6);
        }
        let table = &mut self.tables[usize::from(other)];
        if table.slots.is_empty() {
            table.resize_for(Self::INITIAL);
            table.records.reserve(Self::INITIAL);
        }
        PreparedCache { table, words: &mut self.words, stems: &mut self.stems }
    }
}

impl PreparedCache<'_> {
    /// Start loading, for a chunk of tokens at once, the memory their lookups will read: the
    /// slots, then the records the slots point to, then those records' words and stems. Each
    /// step waits for the one before it, but within a step the loads overlap, where a lookup
    /// after lookup would wait for each miss in turn (a large memo does not fit in the cache).
    /// Notes in each token the record its slot points to. A memo small enough to stay in the
    /// core's cache is left alone: there the extra passes would cost more than they save.
    /// `stems`: the terms' texts will be copied out (not when only their numbers are wanted).
    #[inline]
    fn prefetch(&self, chunk: &mut [Pending<'_>], stems: bool) {
        let t = &*self.table;
        if t.len() < TermCache::PREFETCH_FROM {
            return;
        }
        for p in chunk.iter() {
            prefetch(&t.slots[t.home(p.hash)]);
        }
        for p in chunk.iter_mut() {
            let s = t.slots[t.home(p.hash)];
            if s != 0 && s >> 32 == p.hash >> 32 {
                let r = (s as u32).wrapping_sub(1);
                prefetch(&t.records[r as usize]);
                p.found = Some(r);
            }
        }
        for p in chunk.iter() {
            if let Some(r) = p.found {
                let m = &t.records[r as usize];
                if let Some(b) = self.words.as_bytes().get(m.word.0 as usize) {
                    prefetch(b);
                }
                if stems
                    && let Some(term) = m.term
                    && let Some(b) = self.stems.as_bytes().get(term.stem.0 as usize)
                {
                    prefetch(b);
                }
            }
        }
    }

    /// The term for `word` (where its text is in the memo, see [`PreparedCache::stem`]; its stop
    /// mark, hash and number in `ids`), or `None` when it is dropped; `hash` is [`term_hash`] of
    /// `word`, `hint` a record to try first, and `compute` is called on words not seen before.
    /// The term's text is not touched here: a caller that only wants numbers never reads it.
    #[inline]
    fn get(
        &mut self,
        word: &str,
        hash: u64,
        hint: Option<u32>,
        ids: Option<&dyn TermIds>,
        compute: impl FnOnce(&str) -> Option<(std::borrow::Cow<'_, str>, bool)>,
    ) -> Option<(Span, bool, u64, Option<u32>)> {
        let words = &*self.words;
        let hinted = hint.filter(|&r| self.table.holds(r, hash, word.as_bytes(), words));
        let r = match hinted.or_else(|| self.table.find(hash, word.as_bytes(), words)) {
            Some(r) => r,
            None => {
                let w0 = self.words.len();
                self.words.push_str(word);
                let term = compute(word).map(|(stem, stop)| {
                    let s0 = self.stems.len();
                    self.stems.push_str(&stem);
                    MemoTerm {
                        stem: (s0 as u32, self.stems.len() as u32),
                        stop,
                        hash: term_hash(&stem),
                        ids_key: 0,
                        id: None,
                    }
                });
                self.table.insert(Memo { hash, word: (w0 as u32, self.words.len() as u32), term })
            }
        };
        let t = self.table.records[r as usize].term.as_mut()?;
        let id = match ids {
            Some(ids) if ids.key() != 0 => {
                if t.ids_key != ids.key() {
                    t.id = ids.term_id(t.hash);
                    t.ids_key = ids.key();
                }
                t.id
            }
            Some(ids) => ids.term_id(t.hash),
            None => None,
        };
        Some((t.stem, t.stop, t.hash, id))
    }

    /// The text of a term [`PreparedCache::get`] returned.
    #[inline]
    fn stem(&self, at: Span) -> &str {
        &self.stems[span(at)]
    }
}

/// A byte range (start, end) in one of the memo's arenas.
type Span = (u32, u32);

#[inline]
fn span((a, b): Span) -> std::ops::Range<usize> {
    a as usize..b as usize
}

/// Byte equality for the short strings words are, without a call into `memcmp`: eight bytes
/// at a time, the last (overlapping) chunk included.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().unwrap_or([0; 4]));
    match n {
        0..4 => a == b,
        4..8 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => {
            let mut i = 0;
            while i + 8 <= n {
                if word(a, i) != word(b, i) {
                    return false;
                }
                i += 8;
            }
            i == n || word(a, n - 8) == word(b, n - 8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_tatweel_alef_digits_do_not_change_terms() {
        let a = Analyzer::default();
        let plain = a.terms("أعلنت الحكومة فرض عقوبات جديدة على إيران في عام ٢٠٢٥ بعد المفاوضات");
        let marked = a.terms("أَعْلَنَتِ الحُكُومَةُ فَرْضَ عُقُوبَـــاتٍ جَدِيدَةٍ على ايران في عام 2025 بعد المفـاوضات");
        assert_eq!(plain, marked);
        assert!(plain.contains(&"عقوب".to_string()));
    }

    #[test]
    fn sentence_terms_partition() {
        let a = Analyzer::new(TextConfig { stopwords: true, ..TextConfig::default() });
        let t = "The talks resumed in Geneva. Sanctions were lifted.";
        let an = a.analyze(t);
        assert_eq!(an.lang, Lang::En);
        let s0: Vec<_> = an.sentence_terms(0).iter().map(|x| an.term_text(x)).collect();
        let s1: Vec<_> = an.sentence_terms(1).iter().map(|x| an.term_text(x)).collect();
        assert_eq!(s0, vec!["talk", "resum", "geneva"]);
        assert_eq!(s1, vec!["sanction", "lift"]);
        for term in &an.terms {
            assert!(t[term.start..term.end].to_lowercase().starts_with(&an.term_text(term)[..2]));
        }
    }

    #[test]
    fn stop_words_are_marked_or_dropped() {
        let keep = Analyzer::default().analyze("The talks and the sanctions");
        let marked: Vec<(&str, bool)> = keep.terms.iter().map(|t| (keep.term_text(t), t.stop)).collect();
        assert_eq!(marked, vec![("the", true), ("talk", false), ("and", true), ("the", true), ("sanction", false)]);
        let drop = Analyzer::new(TextConfig { stopwords: true, ..TextConfig::default() })
            .analyze("The talks and the sanctions");
        assert_eq!(drop.term_texts().collect::<Vec<_>>(), vec!["talk", "sanction"]);
    }

    #[test]
    fn boilerplate_has_no_terms() {
        let a = Analyzer::default();
        let an = a.analyze("Talks resumed today.\nRead more: sanctions everywhere\nThey ended.");
        assert!(an.term_texts().all(|t| !t.starts_with("sanction")));
    }

    #[test]
    fn same_bytes_is_byte_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "abcde",
            "abcdf",
            "abcdef",
            "abcdeg",
            "abcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefgi",
            "abcdefghij",
            "abcdefghik",
            "xbcdefghij",
            "abcdefghijklmno",
            "abcdefghijklmnp",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "xbcdefghijklmnop",
            "abcdefghxjklmnop",
            "وزير",
            "وزيز",
            "وزراء",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// The memo's own table, with hashes made to collide: the same home slot, and even the same
    /// tag, for different words; it grows while holding them; a wrong hint is not trusted.
    #[test]
    fn memo_table_finds_each_word_through_collisions_and_growth() {
        let mut cache = TermCache::default();
        let mut p = cache.prepare(TextConfig::default(), false);
        let n = 200; // far past the 16 a test memo starts with: it grows several times
        let word = |i: usize| format!("w{i}");
        // Half the words share one hash (same slot, same tag), the rest share the low bits.
        let hash = |i: usize| if i.is_multiple_of(2) { 0xABCD_0000_0000_0007 } else { ((i as u64) << 32) | 7 };
        for i in 0..n {
            let w = word(i);
            let got =
                p.get(&w, hash(i), None, None, |raw| Some((std::borrow::Cow::Owned(raw.to_uppercase()), i % 3 == 0)));
            assert_eq!(got.map(|(s, stop, _, _)| (p.stem(s).to_string(), stop)), Some((w.to_uppercase(), i % 3 == 0)));
        }
        assert_eq!(p.table.len(), n);
        assert!(p.table.slots.len() >= 2 * n);
        for i in (0..n).rev() {
            let w = word(i);
            // A hint pointing at another record (here always record 0) must not be believed.
            let got = p.get(&w, hash(i), Some(0), None, |_| panic!("{w} is remembered"));
            assert_eq!(got.map(|(s, _, _, _)| p.stem(s).to_string()), Some(w.to_uppercase()));
            let r = p.table.find(hash(i), w.as_bytes(), p.words).expect("found");
            assert_eq!(&p.words[span(p.table.records[r as usize].word)], w);
        }
        assert_eq!(p.table.find(hash(0), b"absent", p.words), None);
        assert_eq!(p.table.find(0x1234, b"w0", p.words), None);
    }

    /// After a document that overfills the memo, the next one finds it cut back to its bounds.
    #[test]
    fn an_overfilled_memo_gives_its_memory_back() {
        let mut cache = TermCache::default();
        let words: Vec<String> = (0..40 * TermCache::CAPACITY).map(|i| format!("w{i}")).collect();
        let mut p = cache.prepare(TextConfig::default(), false);
        for w in &words {
            p.get(w, term_hash(w), None, None, |raw| Some((std::borrow::Cow::Borrowed(raw), false)));
        }
        let big = cache.tables[0].slots.len();
        assert!(big >= 2 * words.len(), "{big}");
        cache.prepare(TextConfig::default(), false);
        let t = &cache.tables[0];
        assert_eq!(t.len(), 0);
        assert!(t.slots.len() <= 2 * TermCache::CAPACITY.next_power_of_two(), "{}", t.slots.len());
        assert!(t.records.capacity() <= TermCache::CAPACITY.next_power_of_two(), "{}", t.records.capacity());
        // And it still works.
        let mut p = cache.prepare(TextConfig::default(), false);
        let got = p.get("again", term_hash("again"), None, None, |raw| Some((std::borrow::Cow::Borrowed(raw), true)));
        assert_eq!(got.map(|(s, stop, _, _)| (p.stem(s).to_string(), stop)), Some(("again".to_string(), true)));
    }

    /// Past its capacity the memo starts afresh between documents, and nothing changes.
    #[test]
    fn the_memo_refills_without_changing_terms() {
        let a = Analyzer::default();
        let text: String = (0..500).map(|i| format!("word{i} وزير{i} Talks{i} ")).collect();
        let first = a.analyze(&text);
        assert!(TERM_CACHE.with(|c| c.borrow().tables.iter().map(|t| t.len()).sum::<usize>()) > TermCache::CAPACITY);
        let second = a.analyze(&text);
        assert!(TERM_CACHE.with(|c| c.borrow().tables.iter().map(|t| t.len()).sum::<usize>()) > TermCache::CAPACITY);
        assert_eq!(first.term_texts().collect::<Vec<_>>(), second.term_texts().collect::<Vec<_>>());
        assert_eq!(first.terms, second.terms);
        // The stems survive the refill: what a fresh thread reads is the same.
        let fresh = std::thread::spawn(move || Analyzer::default().analyze(&text).terms).join().unwrap();
        assert_eq!(fresh, first.terms);
    }

    /// The memo behind `analyze` must never change what it returns: against a pipeline without
    /// it (filters called directly), with settings switching on one thread, each word seen again.
    #[test]
    fn the_term_memo_changes_nothing() {
        let texts = [
            "The talks and the sanctions resumed. The talks, the TALKS, the talks' sanctions 2025.",
            "أعلنت الحكومة فرض عقوبات جديدة على إيران في عام ٢٠٢٥ بعد المفاوضات والعقوبات",
            "Le ministre a déclaré que les négociations reprendraient avec les talks sanctions.",
        ];
        let configs = [
            TextConfig::default(),
            TextConfig { stopwords: true, ..TextConfig::default() },
            TextConfig { stem: StemMode::None, numbers: true, ..TextConfig::default() },
        ];
        for _ in 0..2 {
            for config in configs {
                let a = Analyzer::new(config);
                for t in texts {
                    let got = a.analyze(t);
                    let lang = lang::detect(t);
                    let mut want: Vec<(String, bool)> = Vec::new();
                    let mut word = String::new();
                    for s in a.splitter.split(t).iter().filter(|s| !s.boilerplate) {
                        for tok in a.tokenizer.tokens(s.text(t)) {
                            a.normalizer.apply(tok.text, &mut word);
                            if let Some((stem, stop)) = a.filter_and_stem(lang, &word) {
                                want.push((stem.into_owned(), stop));
                            }
                        }
                    }
                    let have: Vec<(String, bool)> =
                        got.terms.iter().map(|x| (got.term_text(x).to_string(), x.stop)).collect();
                    assert_eq!(have, want, "{config:?} {t:?}");
                    assert!(got.terms.iter().all(|x| x.hash == term_hash(got.term_text(x))));
                }
            }
        }
    }
}

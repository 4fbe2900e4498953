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
    buf: String,
}

impl Analysis {
    /// The text of a term.
    #[inline]
    pub fn term_text(&self, t: &Term) -> &str {
        &self.buf[t.buf.0 as usize..t.buf.1 as usize]
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
        let lang = lang::detect(text);
        let sentences = self.splitter.split(text);
        let mut buf = String::with_capacity(text.len() / 2);
        let mut terms = Vec::with_capacity(text.len() / 8);
        let mut word = String::new();
        for (si, s) in sentences.iter().enumerate() {
            if s.boilerplate {
                continue;
            }
            for tok in self.tokenizer.tokens(s.text(text)) {
                self.normalizer.apply(tok.text, &mut word);
                let Some((stemmed, stop)) = self.filter_and_stem(lang, &word) else {
                    continue;
                };
                let b0 = buf.len();
                buf.push_str(&stemmed);
                terms.push(Term {
                    buf: (b0 as u32, buf.len() as u32),
                    start: s.start + tok.start,
                    end: s.start + tok.end,
                    sentence: si as u32,
                    stop,
                });
            }
        }
        // Offsets into `buf` are u32: an article over 4 GiB of terms is not supported, and the
        // input layer rejects records that large long before this.
        Analysis { lang, sentences, terms, buf }
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
}

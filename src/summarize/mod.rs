//! Extractive summaries: score the sentences the text pipeline found, pick the best K, return
//! them in the article's order, quoting the original text by byte offsets.
//!
//! The score of a candidate sentence combines the signals that work on news:
//! * **position**: the lead carries the story (`1 / (1 + p)^0.5` over prose sentences);
//! * **centrality**: TF-IDF cosine similarity to the article's centroid (what the article is
//!   about as a whole);
//! * **headline overlap**: similarity to the article's first heading, when there is one;
//! * **length**: sentences far shorter or longer than a typical news sentence score less;
//! * **focus** (optional): the classifier's evidence for a label, so a sanctions story's summary
//!   says what the sanctions are.
//!
//! Selection is greedy with maximal marginal relevance: each pick is penalised by its similarity
//! to what was already picked, and a near-duplicate (cosine ≥ 0.7) is never picked. Headings,
//! boilerplate lines, fragments of fewer than 4 words and dateline-only lines are never picked.
//! Everything is deterministic.

use crate::text::{Analysis, Sentence};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// How long a summary should be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// This many sentences (at most).
    Sentences(usize),
    /// This fraction of the article's candidate sentences (at least one).
    Ratio(f32),
}

impl Default for Length {
    fn default() -> Self {
        Length::Sentences(3)
    }
}

/// Weights of the scoring signals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Position (lead bias).
    pub position: f32,
    /// Similarity to the article centroid.
    pub centrality: f32,
    /// Similarity to the headline.
    pub headline: f32,
    /// Length prior.
    pub length: f32,
    /// Classifier evidence for the focus label.
    pub focus: f32,
    /// MMR redundancy penalty.
    pub redundancy: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { position: 1.0, centrality: 0.6, headline: 0.3, length: 0.2, focus: 0.5, redundancy: 0.5 }
    }
}

/// One chosen sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Picked {
    /// Index of the sentence among the article's units (as `inspect` numbers them).
    pub index: usize,
    /// The original text of the sentence.
    pub text: String,
    /// Its score.
    pub score: f32,
    /// Byte offset in the article.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
}

/// A summary.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Summary {
    /// The chosen sentences' original text joined by a space.
    pub summary: String,
    /// The chosen sentences, in article order.
    pub sentences: Vec<Picked>,
}

/// The summariser. `idf` gives term weights (from a model's vocabulary); terms it does not know
/// get `default_idf`.
#[derive(Debug, Clone, Default)]
pub struct Summarizer<'a> {
    /// Signal weights.
    pub weights: Weights,
    /// IDF of known terms.
    pub idf: Option<&'a FxHashMap<String, f32>>,
    /// IDF for unknown terms.
    pub default_idf: f32,
}

/// Per-term weights to favour (term → weight), e.g. a label's classifier weights.
pub type Focus = FxHashMap<String, f32>;

fn is_dateline_only(s: &str) -> bool {
    // "CAIRO, March 3 (Agency) -" or "القاهرة - (وكالات)": ends with a dash, few words.
    let t = s.trim_end();
    (t.ends_with('-') || t.ends_with('–') || t.ends_with('—')) && t.split_whitespace().count() <= 8
}

type SparseVec = Vec<(u32, f32)>;

fn cosine(a: &SparseVec, b: &SparseVec) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn normalise(v: &mut SparseVec) {
    let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| x.1 /= n);
    }
}

impl Summarizer<'_> {
    /// Summarise `text`, which `doc` is the analysis of.
    pub fn summarize(&self, text: &str, doc: &Analysis, length: Length, focus: Option<&Focus>) -> Summary {
        let w = self.weights;
        let default_idf = if self.default_idf > 0.0 { self.default_idf } else { 1.0 };
        // Term ids local to this document.
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut idf_of: Vec<f32> = Vec::new();
        let mut vecs: Vec<SparseVec> = Vec::with_capacity(doc.sentences.len());
        let mut focus_score = vec![0.0f32; doc.sentences.len()];
        for (si, _) in doc.sentences.iter().enumerate() {
            let mut v: FxHashMap<u32, f32> = FxHashMap::default();
            for t in doc.sentence_terms(si).iter().filter(|t| !t.stop) {
                let s = doc.term_text(t);
                let next = ids.len() as u32;
                let id = *ids.entry(s).or_insert_with(|| {
                    idf_of.push(self.idf.and_then(|m| m.get(s)).copied().unwrap_or(default_idf));
                    next
                });
                *v.entry(id).or_insert(0.0) += 1.0;
                if let Some(f) = focus {
                    focus_score[si] += f.get(s).copied().unwrap_or(0.0).max(0.0);
                }
            }
            let mut sv: SparseVec = v.into_iter().map(|(id, c)| (id, (1.0 + c.ln()) * idf_of[id as usize])).collect();
            sv.sort_unstable_by_key(|x| x.0);
            normalise(&mut sv);
            vecs.push(sv);
        }
        // Candidates: prose sentences with enough words.
        let words = |s: &Sentence| s.text(text).split_whitespace().count();
        let candidates: Vec<usize> = doc
            .sentences
            .iter()
            .enumerate()
            .filter(|(i, s)| s.is_prose() && words(s) >= 4 && !vecs[*i].is_empty() && !is_dateline_only(s.text(text)))
            .map(|(i, _)| i)
            .collect();
        let k = match length {
            Length::Sentences(k) => k,
            Length::Ratio(r) => ((candidates.len() as f32 * r.clamp(0.0, 1.0)).round() as usize).max(1),
        }
        .min(candidates.len());
        if k == 0 {
            return Summary::default();
        }
        // Centroid of the prose sentences.
        let mut centroid: FxHashMap<u32, f32> = FxHashMap::default();
        for &i in &candidates {
            for &(id, x) in &vecs[i] {
                *centroid.entry(id).or_insert(0.0) += x;
            }
        }
        let mut centroid: SparseVec = centroid.into_iter().collect();
        centroid.sort_unstable_by_key(|x| x.0);
        normalise(&mut centroid);
        let headline = doc.sentences.iter().position(|s| s.heading).filter(|&h| h < doc.sentences.len() / 2 + 1);
        let focus_max = candidates.iter().map(|&i| focus_score[i]).fold(0.0f32, f32::max);
        let scores: Vec<f32> = candidates
            .iter()
            .enumerate()
            .map(|(p, &i)| {
                let pos = 1.0 / (1.0 + p as f32).sqrt();
                let cent = cosine(&vecs[i], &centroid);
                let head = headline.map_or(0.0, |h| cosine(&vecs[i], &vecs[h]));
                let n = words(&doc.sentences[i]) as f32;
                let len = if n < 8.0 {
                    n / 8.0 - 1.0
                } else if n > 50.0 {
                    (50.0 / n) - 1.0
                } else {
                    0.0
                };
                let foc = if focus_max > 0.0 { focus_score[i] / focus_max } else { 0.0 };
                w.position * pos + w.centrality * cent + w.headline * head + w.length * len + w.focus * foc
            })
            .collect();
        // Greedy MMR.
        let mut chosen: Vec<usize> = Vec::with_capacity(k);
        let mut chosen_score: Vec<f32> = Vec::with_capacity(k);
        while chosen.len() < k {
            let mut best: Option<(usize, f32)> = None;
            for (c, &i) in candidates.iter().enumerate() {
                if chosen.contains(&c) {
                    continue;
                }
                let max_sim = chosen.iter().map(|&d| cosine(&vecs[i], &vecs[candidates[d]])).fold(0.0f32, f32::max);
                if max_sim >= 0.7 {
                    continue;
                }
                let s = scores[c] - w.redundancy * max_sim;
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((c, s));
                }
            }
            let Some((c, s)) = best else { break };
            chosen.push(c);
            chosen_score.push(s);
        }
        let mut picked: Vec<Picked> = chosen
            .iter()
            .zip(&chosen_score)
            .map(|(&c, &score)| {
                let i = candidates[c];
                let s = doc.sentences[i];
                Picked { index: i, text: s.text(text).to_string(), score, start: s.start, end: s.end }
            })
            .collect();
        picked.sort_by_key(|p| p.index);
        let summary = picked.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
        Summary { summary, sentences: picked }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Analyzer;

    fn run(text: &str, k: usize) -> Summary {
        let a = Analyzer::default();
        let doc = a.analyze(text);
        Summarizer::default().summarize(text, &doc, Length::Sentences(k), None)
    }

    #[test]
    fn picks_in_order_and_quotes_exactly() {
        let t = "Ministers agree new border deal\nThe foreign ministers of the two countries signed a border agreement in Geneva on Monday. \
                 The deal ends a dispute that lasted three decades over the river valley. \
                 Read more: Other news today\n\
                 Officials said the agreement would be ratified by both parliaments next month. \
                 The weather in Geneva was sunny and warm for the ceremony at the lakeside hotel.";
        let s = run(t, 2);
        assert_eq!(s.sentences.len(), 2);
        assert!(s.sentences.windows(2).all(|w| w[0].index < w[1].index));
        for p in &s.sentences {
            assert_eq!(&t[p.start..p.end], p.text);
            assert!(!p.text.starts_with("Ministers agree"), "heading never chosen");
            assert!(!p.text.starts_with("Read more"), "boilerplate never chosen");
        }
        assert!(s.sentences[0].text.starts_with("The foreign ministers"));
    }

    #[test]
    fn empty_and_short_articles() {
        assert_eq!(run("", 3), Summary::default());
        let one = run("Only one sentence is here in this article.", 3);
        assert_eq!(one.sentences.len(), 1);
        assert_eq!(run("Too short.", 3).sentences.len(), 0);
    }

    #[test]
    fn near_duplicates_are_not_both_chosen() {
        let t = "The army said rebels attacked the northern town of Kidal overnight. \
                 The army said rebels attacked the northern town of Kidal overnight again. \
                 Aid groups reported that hundreds of families fled towards the border.";
        let s = run(t, 2);
        assert_eq!(s.sentences.len(), 2);
        assert!(s.sentences[1].text.starts_with("Aid groups"));
    }
}

//! Stop-word lists for Arabic and English, normalised exactly like the text they filter.
//!
//! The base lists are NLTK's (through the `stop-words` crate), plus words that carry no topic
//! in wire news (reporting verbs, "said", agency boilerplate). Each entry goes through
//! [`normalize`](super::normalize::normalize), so "إلى" in the list matches "الى" in the text.

use super::normalize::normalize;
use rustc_hash::FxHashSet;

const EXTRA_EN: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "would",
    "could",
    "also",
    "one",
    "two",
    "new",
    "year",
    "years",
    "mr",
    "mrs",
    "ms",
    "per",
    "cent",
    "percent",
    "according",
    "including",
    "last",
    "first",
    "since",
    "still",
    "may",
    "might",
    "us",
    "however",
    "within",
    "without",
    "among",
    "already",
    "yet",
];

const EXTRA_AR: &[&str] = &[
    "قال",
    "وقال",
    "قالت",
    "وقالت",
    "أضاف",
    "وأضاف",
    "أضافت",
    "وأضافت",
    "أكد",
    "وأكد",
    "أكدت",
    "وأكدت",
    "أشار",
    "وأشار",
    "أشارت",
    "وأشارت",
    "أوضح",
    "وأوضح",
    "أوضحت",
    "وأوضحت",
    "ذكر",
    "وذكر",
    "ذكرت",
    "وذكرت",
    "أفاد",
    "وأفاد",
    "أفادت",
    "وأفادت",
    "كان",
    "كانت",
    "وكان",
    "وكانت",
    "يكون",
    "تكون",
    "إلى",
    "على",
    "عن",
    "في",
    "من",
    "مع",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "وفي",
    "ومن",
    "وعلى",
    "أن",
    "إن",
    "بأن",
    "وأن",
    "لا",
    "ما",
    "لم",
    "لن",
    "قد",
    "وقد",
    "كما",
    "حيث",
    "بين",
    "بعد",
    "قبل",
    "خلال",
    "عند",
    "منذ",
    "حتى",
    "أو",
    "ثم",
    "إنه",
    "أنه",
    "بها",
    "به",
    "له",
    "لها",
    "فيه",
    "فيها",
    "عليه",
    "عليها",
    "منه",
    "منها",
    "هو",
    "هي",
    "هم",
    "كل",
    "بعض",
    "غير",
    "أي",
    "أكثر",
    "أيضا",
    "يوم",
    "اليوم",
    "أمس",
    "العام",
    "عام",
];

/// A set of normalised stop words.
#[derive(Debug, Clone, Default)]
pub struct StopWords {
    set: FxHashSet<String>,
}

impl StopWords {
    /// Build from any list of words (each is normalised).
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let set = words.into_iter().map(normalize).filter(|w| !w.is_empty()).collect();
        StopWords { set }
    }

    /// The Arabic list.
    pub fn arabic() -> Self {
        let base = stop_words::lookup("ar").unwrap_or(&[]);
        Self::from_words(base.iter().copied().chain(EXTRA_AR.iter().copied()))
    }

    /// The English list.
    pub fn english() -> Self {
        let base = stop_words::lookup("en").unwrap_or(&[]);
        Self::from_words(base.iter().copied().chain(EXTRA_EN.iter().copied()))
    }

    /// Is the normalised word `w` a stop word?
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.set.contains(w)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Is the list empty?
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_normalised() {
        let ar = StopWords::arabic();
        assert!(ar.len() > 300);
        assert!(ar.contains("الي")); // إلى, normalised (alef and alef maqsura folded)
        assert!(ar.contains("في"));
        assert!(!ar.contains("عقوبات"));
        let en = StopWords::english();
        assert!(en.contains("the") && en.contains("said"));
        assert!(!en.contains("sanctions"));
    }
}

//! Features: the sparse matrix type and TF-IDF over word n-grams (and, optionally, character
//! n-grams of the words).

pub mod sparse;
pub mod terms;
pub mod tfidf;

pub use sparse::{CsrMatrix, Row};
pub use terms::Terms;
pub use tfidf::{
    CHAR_PREFIX, CharNgrams, CharNorm, DocGrams, FeatureConfig, FeatureError, Fitted, GramCorpus, MAX_CHAR_NGRAM,
    Vectorizer,
};

//! Features: the sparse matrix type and TF-IDF over word n-grams.

pub mod sparse;
pub mod tfidf;

pub use sparse::{CsrMatrix, Row};
pub use tfidf::{DocGrams, FeatureConfig, FeatureError, Fitted, GramCorpus, Vectorizer};

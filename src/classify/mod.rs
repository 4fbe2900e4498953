//! Topic classification: the sparse linear estimator (a linfa model) and its metrics.

pub mod hyperparams;
pub mod linear;
pub mod metrics;

pub use hyperparams::{C_GRID, CSearch, LinearParams, ValidLinearParams};
pub use linear::{FitStep, LinearModel};
pub use metrics::{Report, evaluate, log_loss};

/// Errors of the classifier.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    /// A hyper-parameter is out of range.
    #[error("invalid classifier setting: {0}")]
    InvalidParams(String),
    /// No training records.
    #[error("there are no training records")]
    NoData,
    /// Only one label in the training records.
    #[error("the training records have only one label; a classifier needs at least two")]
    OneClass,
    /// Shapes do not agree (a corrupt model).
    #[error("inconsistent classifier: {0}")]
    Shape(String),
    /// An error reported by linfa.
    #[error(transparent)]
    Linfa(#[from] linfa::Error),
}

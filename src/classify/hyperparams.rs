//! Hyper-parameters of the linear classifier, linfa-style: [`LinearParams`] is what a caller
//! sets, [`ValidLinearParams`] what survives [`ParamGuard::check`].

use super::ClassifyError;
use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

/// Validated hyper-parameters of [`LinearModel`](super::LinearModel).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValidLinearParams {
    c: f32,
    max_iter: usize,
    tol: f32,
    balanced: bool,
    calibrate: bool,
    seed: u64,
}

/// Hyper-parameters of the linear classifier, before validation.
///
/// ```
/// use linfa::ParamGuard;
/// use newsdesk::classify::LinearParams;
/// let p = LinearParams::new().c(0.5).seed(7).check().unwrap();
/// assert_eq!(p.c(), 0.5);
/// assert!(LinearParams::new().c(-1.0).check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LinearParams(ValidLinearParams);

impl Default for LinearParams {
    fn default() -> Self {
        LinearParams(ValidLinearParams { c: 1.0, max_iter: 1000, tol: 0.01, balanced: true, calibrate: true, seed: 42 })
    }
}

impl LinearParams {
    /// Defaults: C = 1, at most 1000 passes, tolerance 0.01, balanced class weights,
    /// calibrated probabilities, seed 42.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inverse regularisation strength (larger fits the training data more closely).
    pub fn c(mut self, c: f32) -> Self {
        self.0.c = c;
        self
    }

    /// Maximum passes of coordinate descent over the data.
    pub fn max_iter(mut self, n: usize) -> Self {
        self.0.max_iter = n;
        self
    }

    /// Stopping tolerance on the projected gradient.
    pub fn tol(mut self, tol: f32) -> Self {
        self.0.tol = tol;
        self
    }

    /// Weight each class inversely to its frequency, so a rare label is not ignored.
    pub fn balanced(mut self, yes: bool) -> Self {
        self.0.balanced = yes;
        self
    }

    /// Fit a softmax temperature on held-out scores so probabilities are calibrated.
    pub fn calibrate(mut self, yes: bool) -> Self {
        self.0.calibrate = yes;
        self
    }

    /// Seed of the coordinate order and the calibration split.
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }
}

impl From<ValidLinearParams> for LinearParams {
    /// Validated settings, to change one and check them again.
    fn from(p: ValidLinearParams) -> Self {
        LinearParams(p)
    }
}

/// The values of C that [`CSearch`] tries: powers of two from 1/16 to 8, smallest first.
/// Short, noisy texts (single sentences with fuzzy labels) measured best at the low end, long
/// articles with clean labels at 1 and above.
pub const C_GRID: [f32; 8] = [0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// Choose C by stratified k-fold cross-validation on the training documents instead of
/// setting it (`train --c auto`): every value of [`C_GRID`] is fitted on each fold's training
/// part (vocabulary and IDF included, as a real model would be) and scored on its held-out part;
/// the value with the best pooled macro-F1 is kept (on a tie, the one nearest the default 1,
/// the smaller of two equally near). It costs
/// `folds` × 8 extra fits (without calibration), so it is off by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CSearch {
    folds: usize,
}

impl CSearch {
    /// A search over `folds` folds (at least 2).
    pub fn new(folds: usize) -> Result<Self, ClassifyError> {
        if folds < 2 {
            return Err(ClassifyError::InvalidParams(format!(
                "choosing C needs at least 2 cross-validation folds, got {folds}"
            )));
        }
        Ok(CSearch { folds })
    }

    /// Folds.
    pub fn folds(&self) -> usize {
        self.folds
    }
}

impl Default for CSearch {
    /// Five folds.
    fn default() -> Self {
        CSearch { folds: 5 }
    }
}

impl ValidLinearParams {
    /// C.
    pub fn c(&self) -> f32 {
        self.c
    }
    /// Maximum passes.
    pub fn max_iter(&self) -> usize {
        self.max_iter
    }
    /// Tolerance.
    pub fn tol(&self) -> f32 {
        self.tol
    }
    /// Balanced class weights?
    pub fn balanced(&self) -> bool {
        self.balanced
    }
    /// Calibrate probabilities?
    pub fn calibrate(&self) -> bool {
        self.calibrate
    }
    /// Seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

impl ParamGuard for LinearParams {
    type Checked = ValidLinearParams;
    type Error = ClassifyError;

    fn check_ref(&self) -> Result<&ValidLinearParams, ClassifyError> {
        let p = &self.0;
        if !(p.c.is_finite() && p.c > 0.0) {
            return Err(ClassifyError::InvalidParams(format!("C must be a positive number, got {}", p.c)));
        }
        if !(p.tol.is_finite() && p.tol > 0.0) {
            return Err(ClassifyError::InvalidParams(format!("tolerance must be positive, got {}", p.tol)));
        }
        if p.max_iter == 0 {
            return Err(ClassifyError::InvalidParams("max_iter must be at least 1".into()));
        }
        Ok(p)
    }

    fn check(self) -> Result<ValidLinearParams, ClassifyError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

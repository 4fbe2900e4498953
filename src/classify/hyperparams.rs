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

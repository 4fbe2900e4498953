//! Evaluation: accuracy, macro-F1, per-class precision / recall / F1 / support and the
//! confusion matrix, computed with linfa's [`ConfusionMatrix`](linfa::metrics::ConfusionMatrix).

use linfa::metrics::ConfusionMatrix;
use linfa::prelude::ToConfusionMatrix;
use ndarray::Array1;
use serde::Serialize;
use std::collections::BTreeMap;

/// Scores of one class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassScores {
    /// Of the records predicted as this class, the fraction that were.
    pub precision: f32,
    /// Of the records of this class, the fraction predicted as it.
    pub recall: f32,
    /// Harmonic mean of the two.
    pub f1: f32,
    /// Records of this class.
    pub support: usize,
}

/// The confusion matrix: `matrix[truth][predicted]`, rows and columns in `labels` order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    /// Label names.
    pub labels: Vec<String>,
    /// Counts.
    pub matrix: Vec<Vec<usize>>,
}

/// An evaluation report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Records scored.
    pub records: usize,
    /// Fraction correct.
    pub accuracy: f32,
    /// Unweighted mean of the per-class F1 over the classes that occur (in truth or prediction).
    pub macro_f1: f32,
    /// Per-class scores, by label.
    pub per_class: BTreeMap<String, ClassScores>,
    /// The confusion matrix.
    pub confusion: Confusion,
    /// Mean negative log-probability of the true label ([`log_loss`]), where the probabilities
    /// are known (`eval`; not cross-validation, which keeps labels only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_loss: Option<f32>,
}

/// The smallest probability [`log_loss`] counts: a true label given less costs as much as this
/// (−ln 1e-12 ≈ 27.6), so one record cannot make the mean infinite.
pub const LOG_LOSS_FLOOR: f64 = 1e-12;

/// Log loss: the mean of −ln p over records, where p is the probability the model gave each
/// record's true label (natural logarithm; p floored at [`LOG_LOSS_FLOOR`]). Unlike accuracy it
/// scores every probability, not only which label came first: lower is better, 0 is certain and
/// right, ln k is a uniform guess over k labels. `None` for no records.
pub fn log_loss(true_label_probabilities: &[f32]) -> Option<f32> {
    if true_label_probabilities.is_empty() {
        return None;
    }
    let sum: f64 = true_label_probabilities.iter().map(|&p| -f64::from(p).max(LOG_LOSS_FLOOR).ln()).sum();
    Some((sum / true_label_probabilities.len() as f64) as f32)
}

/// Score predictions against the truth (`truth[i]`, `pred[i]` index `labels`).
pub fn evaluate(labels: &[String], truth: &[usize], pred: &[usize]) -> Report {
    assert_eq!(truth.len(), pred.len(), "one prediction per record");
    let k = labels.len();
    let mut matrix = vec![vec![0usize; k]; k];
    for (&t, &p) in truth.iter().zip(pred) {
        matrix[t][p] += 1;
    }
    // One linfa confusion matrix over the records, the truth as its rows (see `class_scores`),
    // split one-vs-all for the per-class scores: one pass of linfa's hashing over the records,
    // where a binary matrix per class took k more (a tenth of `eval` on short records).
    let linfa_matrix = if truth.is_empty() {
        None
    } else {
        Array1::from(truth.to_vec()).confusion_matrix(Array1::from(pred.to_vec())).ok()
    };
    let accuracy = linfa_matrix.as_ref().map_or(0.0, |cm| cm.accuracy());
    let one_vs_all = linfa_matrix.map(|cm| cm.split_one_vs_all()).unwrap_or_default();
    // Per class: true records (its row) and predictions (its column).
    let support: Vec<usize> = matrix.iter().map(|r| r.iter().sum()).collect();
    let predicted: Vec<usize> = (0..k).map(|c| matrix.iter().map(|r| r[c]).sum()).collect();
    // linfa orders the classes that occur by value, and a pair of them the other way round.
    let mut members: Vec<usize> = (0..k).filter(|&c| support[c] + predicted[c] > 0).collect();
    if members.len() == 2 {
        members.reverse();
    }
    let mut per_class = BTreeMap::new();
    let mut f1_sum = 0.0;
    let mut f1_n = 0;
    // In label order (the order of the F1 sum); a class that does not occur has no scores.
    for c in 0..k {
        let Some(i) = members.iter().position(|&m| m == c) else { continue };
        let scores = class_scores(one_vs_all.get(i), matrix[c][c], predicted[c], support[c], truth.len());
        f1_sum += scores.f1;
        f1_n += 1;
        per_class.insert(labels[c].clone(), scores);
    }
    let macro_f1 = if f1_n == 0 { 0.0 } else { f1_sum / f1_n as f32 };
    Report {
        records: truth.len(),
        accuracy,
        macro_f1,
        per_class,
        confusion: Confusion { labels: labels.to_vec(), matrix },
        log_loss: None,
    }
}

/// One class's scores from its one-vs-all split of linfa's matrix (`tp` true positives of
/// `predicted` predictions, `support` true records, `n` records in all).
fn class_scores(
    binary: Option<&ConfusionMatrix<bool>>,
    tp: usize,
    predicted: usize,
    support: usize,
    n: usize,
) -> ClassScores {
    // With the truth as rows, a split is [[TP, FN], [FP, TN]], and linfa's binary precision,
    // m00 / (m00 + m10), is TP / (TP + FP); its recall, m00 / (m00 + m01), TP / (TP + FN).
    // linfa divides by zero when a class is never predicted or never true; those are 0 here.
    let (precision, recall) = match binary {
        Some(cm) if predicted > 0 && support > 0 && tp > 0 && predicted < n && support < n => {
            (cm.precision(), cm.recall())
        }
        _ => (
            if predicted == 0 { 0.0 } else { tp as f32 / predicted as f32 },
            if support == 0 { 0.0 } else { tp as f32 / support as f32 },
        ),
    };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    ClassScores { precision, recall, f1, support }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_loss_is_the_mean_negative_log_of_the_true_label_probability() {
        assert_eq!(log_loss(&[]), None);
        assert_eq!(log_loss(&[1.0, 1.0]), Some(0.0));
        let l = log_loss(&[0.5, 0.25]).unwrap();
        assert!((f64::from(l) - (2f64.ln() + 4f64.ln()) / 2.0).abs() < 1e-6, "{l}");
        // A true label given probability 0 costs the floor's −ln, not infinity.
        let floor = log_loss(&[0.0]).unwrap();
        assert!((f64::from(floor) + LOG_LOSS_FLOOR.ln()).abs() < 1e-3 && floor.is_finite(), "{floor}");
        assert_eq!(evaluate(&["a".to_string(), "b".to_string()], &[0], &[0]).log_loss, None);
    }

    #[test]
    fn matches_hand_counts() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let truth = [0, 0, 0, 1, 1, 2, 2, 2];
        let pred = [0, 0, 1, 1, 2, 2, 2, 0];
        let r = evaluate(&labels, &truth, &pred);
        assert!((r.accuracy - 5.0 / 8.0).abs() < 1e-6);
        let a = r.per_class["a"];
        assert!((a.precision - 2.0 / 3.0).abs() < 1e-6 && (a.recall - 2.0 / 3.0).abs() < 1e-6);
        let b = r.per_class["b"];
        assert!((b.precision - 0.5).abs() < 1e-6 && (b.recall - 0.5).abs() < 1e-6);
        let c = r.per_class["c"];
        assert!((c.precision - 2.0 / 3.0).abs() < 1e-6 && (c.recall - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(r.confusion.matrix, vec![vec![2, 1, 0], vec![0, 1, 1], vec![1, 0, 2]]);
        let f1 = (2.0 / 3.0 + 0.5 + 2.0 / 3.0) / 3.0;
        assert!((r.macro_f1 - f1).abs() < 1e-6);
    }

    #[test]
    fn precision_and_recall_are_not_swapped() {
        let labels: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        // "a": 4 true records, 3 of them found, and 2 "b" records wrongly called "a".
        let truth = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        let pred = [0, 0, 0, 1, 0, 0, 1, 1, 1, 1];
        let r = evaluate(&labels, &truth, &pred);
        let a = r.per_class["a"];
        assert!((a.precision - 3.0 / 5.0).abs() < 1e-6, "precision {}", a.precision);
        assert!((a.recall - 3.0 / 4.0).abs() < 1e-6, "recall {}", a.recall);
        let b = r.per_class["b"];
        assert!((b.precision - 4.0 / 5.0).abs() < 1e-6 && (b.recall - 4.0 / 6.0).abs() < 1e-6);
    }

    /// Per-class scores through linfa's one-vs-all split agree with counting, whichever classes
    /// occur (linfa keeps only those, in its own order, and a pair of them reversed).
    #[test]
    fn per_class_scores_match_counting_whichever_classes_occur() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for round in 0..400 {
            let k = 1 + round % 6;
            let labels: Vec<String> = (0..k).map(|c| format!("l{c}")).collect();
            // Some rounds draw from only two (or one) of the k classes.
            let pool: Vec<usize> = match round % 3 {
                0 => (0..k).collect(),
                1 => vec![next(k), next(k)],
                _ => vec![k - 1],
            };
            let n = 1 + next(30);
            let truth: Vec<usize> = (0..n).map(|_| pool[next(pool.len())]).collect();
            let pred: Vec<usize> = (0..n).map(|_| pool[next(pool.len())]).collect();
            let r = evaluate(&labels, &truth, &pred);
            for (c, label) in labels.iter().enumerate() {
                let tp = truth.iter().zip(&pred).filter(|&(&t, &p)| t == c && p == c).count();
                let support = truth.iter().filter(|&&t| t == c).count();
                let predicted = pred.iter().filter(|&&p| p == c).count();
                let Some(s) = r.per_class.get(label) else {
                    assert_eq!(support + predicted, 0, "round {round}: l{c} is missing");
                    continue;
                };
                let want_p = if predicted == 0 { 0.0 } else { tp as f32 / predicted as f32 };
                let want_r = if support == 0 { 0.0 } else { tp as f32 / support as f32 };
                assert!(
                    (s.precision - want_p).abs() < 1e-6,
                    "round {round} l{c}: precision {} vs {want_p}",
                    s.precision
                );
                assert!((s.recall - want_r).abs() < 1e-6, "round {round} l{c}: recall {} vs {want_r}", s.recall);
                assert_eq!(s.support, support);
            }
            let correct = truth.iter().zip(&pred).filter(|(t, p)| t == p).count();
            assert!((r.accuracy - correct as f32 / n as f32).abs() < 1e-6);
        }
    }

    #[test]
    fn perfect_and_degenerate() {
        let labels: Vec<String> = ["x", "y"].iter().map(|s| s.to_string()).collect();
        let r = evaluate(&labels, &[0, 1], &[0, 1]);
        assert_eq!((r.accuracy, r.macro_f1), (1.0, 1.0));
        let r = evaluate(&labels, &[0, 0], &[0, 0]);
        assert_eq!(r.per_class.len(), 1);
        assert_eq!(r.macro_f1, 1.0);
        let r = evaluate(&labels, &[], &[]);
        assert_eq!(r.accuracy, 0.0);
    }
}

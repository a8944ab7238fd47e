//! The ROC and precision–recall chart curves from the confusion counts at each distinct
//! threshold, thinned to a bounded number of points.

use serde::{Deserialize, Serialize};

use crate::metrics::{from_order_key, thin_indices};
use crate::num::Num;

/// One point of a ROC curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RocPoint {
    /// False-positive rate FP/N at this threshold.
    pub fpr: Num,
    /// True-positive rate TP/P.
    pub tpr: Num,
    /// Score threshold (predict positive when score ≥ threshold); `+inf` for the (0, 0) start.
    pub threshold: Num,
}

/// One point of a precision–recall curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrPoint {
    /// Recall TP/P.
    pub recall: Num,
    /// Precision TP/(TP + FP).
    pub precision: Num,
    /// Score threshold; `+inf` for sklearn's (recall 0, precision 1) end point.
    pub threshold: Num,
}

pub(super) fn curves(
    steps: &[(u64, u64, u64)],
    np: usize,
    nn: usize,
    max: usize,
) -> (Vec<RocPoint>, Vec<PrPoint>) {
    let (pf, nf) = (np as f64, nn as f64);
    // ROC: prepend (0, 0, +inf); keep points where the count sequence bends.
    let mut pts: Vec<(u64, u64, f64)> = Vec::with_capacity(steps.len() + 1);
    pts.push((0, 0, f64::INFINITY));
    pts.extend(steps.iter().map(|&(k, tp, fp)| (tp, fp, from_order_key(k))));
    let mut kept: Vec<(u64, u64, f64)> = Vec::with_capacity(pts.len());
    for idx in 0..pts.len() {
        let keep = idx == 0 || idx + 1 == pts.len() || {
            let (a, b, c) = (pts[idx - 1], pts[idx], pts[idx + 1]);
            // second differences of tps and fps (sklearn's drop_intermediate criterion)
            (c.0 as i128 - 2 * b.0 as i128 + a.0 as i128) != 0
                || (c.1 as i128 - 2 * b.1 as i128 + a.1 as i128) != 0
        };
        if keep {
            kept.push(pts[idx]);
        }
    }
    let roc = thin_indices(kept.len(), max)
        .into_iter()
        .map(|i| {
            let (tp, fp, t) = kept[i];
            RocPoint {
                fpr: Num(fp as f64 / nf),
                tpr: Num(tp as f64 / pf),
                threshold: Num(t),
            }
        })
        .collect();
    let mut pr_pts: Vec<PrPoint> = Vec::with_capacity(steps.len() + 1);
    pr_pts.push(PrPoint {
        recall: Num(0.0),
        precision: Num(1.0),
        threshold: Num(f64::INFINITY),
    });
    pr_pts.extend(steps.iter().map(|&(k, tp, fp)| PrPoint {
        recall: Num(tp as f64 / pf),
        precision: Num(if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        }),
        threshold: Num(from_order_key(k)),
    }));
    let pr = thin_indices(pr_pts.len(), max)
        .into_iter()
        .map(|i| pr_pts[i])
        .collect();
    (roc, pr)
}

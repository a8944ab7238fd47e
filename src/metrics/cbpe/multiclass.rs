//! CBPE for multiclass classification, one-vs-rest (NannyML 0.13's
//! `problem_type='classification_multiclass'`): each class's probability column is calibrated
//! on its own (isotonic, when [`needs_calibration`] says it helps for that class), the row's
//! calibrated probabilities are normalised to sum to 1, and each metric is the macro average of
//! the binary estimates of the classes — except accuracy, the mean probability of the predicted
//! class.
//!
//! # Formula
//! ```text
//! q_c(i) = iso_c(p_c(i)),  q̂_c(i) = q_c(i) / Σ_k q_k(i)   (1/K when the sum is 0)
//! accuracy     = mean_i q̂_{ŷ(i)}(i)
//! metric       = (1/K) Σ_c estimate(metric, ŷ = c, q̂_c, p_c)     precision, recall,
//!                                                                 specificity, F1, ROC AUC
//! sampling error (reference components per class, binary definitions; F1 without the scale):
//!   accuracy   σ(1[y = ŷ]) / √n
//!   others     sqrt( Σ_c σ_c² / (n · fraction_c) ) / K            (× 1.2 for ROC AUC)
//! realised     accuracy; macro precision, recall, F1 (scikit-learn, 0 for an undefined class);
//!              mean per-class specificity; macro one-vs-rest ROC AUC of the raw probabilities
//! ```
//!
//! # References
//! NannyML 0.13.1, `performance_estimation/confidence_based/cbpe.py`
//! (`_fit_calibrators`, `_calibrate_predicted_probabilities`), `metrics.py`
//! (`MulticlassClassification*`), `sampling_error/multiclass_classification.py`.

use super::*;

/// One file's rows: the class index of the label (`None` = not arrived) and of the prediction,
/// and each class's probability column (`proba[c][i]`).
#[derive(Clone, Copy, Debug)]
pub struct ClassRows<'a> {
    /// Label class of each row.
    pub y: &'a [Option<usize>],
    /// Predicted class of each row.
    pub pred: &'a [Option<usize>],
    /// Probability of each class (one column per class, in class order).
    pub proba: &'a [Vec<f64>],
}

impl ClassRows<'_> {
    /// Rows of `idx` with a prediction and every probability finite: (labels, predictions,
    /// probabilities per class).
    fn usable(&self, idx: &[usize]) -> (Vec<Option<usize>>, Vec<usize>, Vec<Vec<f64>>) {
        let k = self.proba.len();
        let (mut y, mut pred, mut p) = (Vec::new(), Vec::new(), vec![Vec::new(); k]);
        for &i in idx {
            let Some(&Some(d)) = self.pred.get(i) else {
                continue;
            };
            if d >= k
                || !self
                    .proba
                    .iter()
                    .all(|c| c.get(i).is_some_and(|v| v.is_finite()))
            {
                continue;
            }
            y.push(self.y.get(i).copied().flatten().filter(|&c| c < k));
            pred.push(d);
            for (c, col) in self.proba.iter().enumerate() {
                p[c].push(col[i]);
            }
        }
        (y, pred, p)
    }
}

/// NannyML's multiclass F1 component of one class: the variance of 1 (TP) and 0 (FN, FP) over
/// those rows, and their share of all rows.
fn f1_component(y: &[bool], pred: &[bool]) -> Components {
    let tp = y.iter().zip(pred).filter(|&(&t, &d)| t && d).count();
    let other = y.iter().zip(pred).filter(|&(&t, &d)| t != d).count();
    let m = tp + other;
    if m == 0 {
        return Components {
            std: f64::NAN,
            fraction: 0.0,
        };
    }
    let mut v = vec![1.0; tp];
    v.extend(std::iter::repeat_n(0.0, other));
    Components {
        std: pstd(&v),
        fraction: m as f64 / y.len() as f64,
    }
}

/// A multiclass CBPE model fitted on the labelled reference rows.
struct Model {
    k: usize,
    calibrators: Vec<Option<Isotonic>>,
    accuracy_std: f64,
    components: Vec<(CbpeMetric, Vec<Components>)>,
}

impl Model {
    fn fit(y: &[usize], pred: &[usize], proba: &[Vec<f64>], calibration: Calibration) -> Model {
        let k = proba.len();
        let is = |v: &[usize], c: usize| -> Vec<bool> { v.iter().map(|&x| x == c).collect() };
        let calibrators = (0..k)
            .map(|c| {
                let yc = is(y, c);
                let on = match calibration {
                    Calibration::Auto => needs_calibration(&yc, &proba[c]),
                    Calibration::Always => true,
                    Calibration::Never => false,
                };
                if on {
                    Isotonic::fit(&proba[c], &yc)
                } else {
                    None
                }
            })
            .collect();
        let correct: Vec<f64> = y
            .iter()
            .zip(pred)
            .map(|(a, b)| f64::from(u8::from(a == b)))
            .collect();
        let components = CBPE_METRICS
            .iter()
            .filter(|&&m| m != CbpeMetric::Accuracy)
            .map(|&m| {
                let per_class = (0..k)
                    .map(|c| {
                        let (yc, dc) = (is(y, c), is(pred, c));
                        if m == CbpeMetric::F1 {
                            f1_component(&yc, &dc)
                        } else {
                            components(m, &yc, &dc, &proba[c])
                        }
                    })
                    .collect();
                (m, per_class)
            })
            .collect();
        Model {
            k,
            calibrators,
            accuracy_std: pstd(&correct),
            components,
        }
    }

    fn calibrated(&self) -> bool {
        self.calibrators.iter().any(Option::is_some)
    }

    /// Calibrated, normalised probabilities per class.
    fn probabilities(&self, raw: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let n = raw.first().map_or(0, Vec::len);
        let mut q: Vec<Vec<f64>> = raw
            .iter()
            .zip(&self.calibrators)
            .map(|(col, cal)| match cal {
                Some(c) => col.iter().map(|&s| c.calibrate(s)).collect(),
                None => col.clone(),
            })
            .collect();
        for i in 0..n {
            let sum: f64 = q.iter().map(|c| c[i]).sum();
            for c in q.iter_mut() {
                c[i] = if sum != 0.0 {
                    c[i] / sum
                } else {
                    1.0 / self.k as f64
                };
            }
        }
        q
    }

    fn sampling_error(&self, metric: CbpeMetric, n: usize) -> f64 {
        let n = n as f64;
        if metric == CbpeMetric::Accuracy {
            return self.accuracy_std / n.sqrt();
        }
        let Some((_, comps)) = self.components.iter().find(|(m, _)| *m == metric) else {
            return f64::NAN;
        };
        let sum: f64 = comps.iter().map(|c| c.std * c.std / (n * c.fraction)).sum();
        let se = sum.sqrt() / comps.len() as f64;
        if metric == CbpeMetric::RocAuc {
            se * 1.2
        } else {
            se
        }
    }

    fn chunk_all(
        &self,
        pred: &[usize],
        raw: &[Vec<f64>],
        y: &[Option<usize>],
    ) -> Vec<(CbpeMetric, MetricFigures)> {
        let n = pred.len();
        let q = self.probabilities(raw);
        let (mut ly, mut lp, mut lr) = (Vec::new(), Vec::new(), vec![Vec::new(); self.k]);
        for (i, t) in y.iter().enumerate() {
            if let Some(t) = t {
                ly.push(*t);
                lp.push(pred[i]);
                for c in 0..self.k {
                    lr[c].push(raw[c][i]);
                }
            }
        }
        CBPE_METRICS
            .iter()
            .map(|&metric| {
                let est = if n == 0 {
                    f64::NAN
                } else if metric == CbpeMetric::Accuracy {
                    let v: Vec<f64> = (0..n).map(|i| q[pred[i]][i]).collect();
                    pairwise_sum(&v) / n as f64
                } else {
                    let per: Vec<f64> = (0..self.k)
                        .map(|c| {
                            let dc: Vec<bool> = pred.iter().map(|&d| d == c).collect();
                            estimate(metric, &dc, &q[c], &raw[c])
                        })
                        .collect();
                    per.iter().sum::<f64>() / self.k as f64
                };
                let se = self.sampling_error(metric, n);
                (
                    metric,
                    MetricFigures {
                        estimated: Num(est),
                        sampling_error: Num(se),
                        lower_confidence: Num((est - SAMPLING_ERROR_RANGE * se).max(0.0)),
                        upper_confidence: Num((est + SAMPLING_ERROR_RANGE * se).min(1.0)),
                        realized: realized_multiclass(metric, &ly, &lp, &lr, self.k).map(Num),
                    },
                )
            })
            .collect()
    }
}

/// The realised multiclass metric (NannyML's `_realized_performance`): `None` without a
/// labelled row, and — except accuracy — when the labels or the predictions hold one class only
/// (ROC AUC: unless every class is among the labels).
fn realized_multiclass(
    metric: CbpeMetric,
    y: &[usize],
    pred: &[usize],
    raw: &[Vec<f64>],
    k: usize,
) -> Option<f64> {
    if y.is_empty() {
        return None;
    }
    let n = y.len() as f64;
    if metric == CbpeMetric::Accuracy {
        return Some(y.iter().zip(pred).filter(|(a, b)| a == b).count() as f64 / n);
    }
    if metric == CbpeMetric::RocAuc {
        let labels: Vec<String> = (0..k).map(|c| c.to_string()).collect();
        let names: Vec<&str> = labels.iter().map(String::as_str).collect();
        let cols: Vec<&[f64]> = raw.iter().map(Vec::as_slice).collect();
        return crate::metrics::multiclass_roc_auc(y, &cols, &names)
            .ovr_macro
            .ok();
    }
    let distinct = |v: &[usize]| v.iter().collect::<std::collections::BTreeSet<_>>().len();
    if distinct(y) <= 1 || distinct(pred) <= 1 {
        return None;
    }
    let per: Vec<f64> = (0..k)
        .map(|c| {
            let (tp, fp, fnn, tn) = confusion(y, pred, |t| t == c);
            match metric {
                CbpeMetric::Precision => ratio(tp, tp + fp),
                CbpeMetric::Recall => ratio(tp, tp + fnn),
                CbpeMetric::F1 => ratio(tp, tp + 0.5 * (fp + fnn)),
                // numpy: 0/0 is NaN, and so is the mean.
                _ => tn / (tn + fp),
            }
        })
        .collect();
    Some(per.iter().sum::<f64>() / k as f64)
}

/// Multiclass CBPE over chunked reference and production rows (the classes in `classes`
/// order, which the caller sorts as NannyML does).
///
/// # Errors
/// [`MetricError::Empty`] without a labelled reference row; [`MetricError::OneClass`] when the
/// reference labels miss a class (NannyML refuses that too).
pub fn performance_estimate_multiclass(
    reference: ClassRows,
    production: ClassRows,
    reference_chunks: &[ChunkRows],
    production_chunks: &[ChunkRows],
    chunking: &Chunking,
    calibration: Calibration,
    classes: Vec<String>,
) -> Result<PerformanceEstimate, MetricError> {
    let all: Vec<usize> = (0..reference.pred.len()).collect();
    let (ry, rp, rproba) = reference.usable(&all);
    let k = classes.len();
    let (mut y, mut pred, mut proba) = (Vec::new(), Vec::new(), vec![Vec::new(); k]);
    for (i, t) in ry.iter().enumerate() {
        if let Some(t) = t {
            y.push(*t);
            pred.push(rp[i]);
            for c in 0..k {
                proba[c].push(rproba[c][i]);
            }
        }
    }
    if y.is_empty() {
        return Err(MetricError::Empty);
    }
    if let Some(c) = (0..k).find(|c| !y.contains(c)) {
        return Err(MetricError::OneClass {
            metric: "performance estimation",
            present: format!("every class but `{}`", classes[c]),
        });
    }
    let model = Model::fit(&y, &pred, &proba, calibration);
    let figures = |side: &ClassRows, c: &ChunkRows| -> ChunkFigures {
        let (cy, cp, cs) = side.usable(&c.rows);
        let f = model.chunk_all(&cp, &cs, &cy);
        (cy.iter().filter(|t| t.is_some()).count(), cp.len(), f)
    };
    let ref_figs: Vec<_> = reference_chunks
        .iter()
        .map(|c| figures(&reference, c))
        .collect();
    let prod_figs: Vec<_> = production_chunks
        .iter()
        .map(|c| figures(&production, c))
        .collect();
    Ok(assemble(
        Assembly {
            reference_chunks,
            production_chunks,
            chunking,
            calibration,
            calibrated: model.calibrated(),
            labeled_share: labeled_share(production.y),
            classes,
        },
        ref_figs,
        prod_figs,
    ))
}

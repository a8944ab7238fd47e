//! Metric builders on encoded data: binary and multiclass metrics, with the score-based ones.

use super::*;

// ---------------------------------------------------------------------------------------------
// Core metric builders on encoded data
// ---------------------------------------------------------------------------------------------

pub(super) fn per_class(cm: &ConfusionMatrix, labels: &[&str]) -> Vec<ClassScores> {
    let support = cm.support();
    labels
        .iter()
        .enumerate()
        .map(|(c, l)| {
            let m = cm.prf(c);
            ClassScores {
                label: (*l).to_owned(),
                precision: Num(m.precision),
                recall: Num(m.recall),
                f1: Num(m.f1),
                support: support.get(c).copied().unwrap_or(0),
            }
        })
        .collect()
}

pub(super) fn base_metrics(cm: &ConfusionMatrix, labels: &[&str], n_rows: usize) -> ClassMetrics {
    let a = cm.averages();
    ClassMetrics {
        n_labeled: cm.total() as usize,
        n_rows,
        n_missing_prediction: 0,
        n_scored: None,
        accuracy: Num(cm.accuracy()),
        balanced_accuracy: Num(cm.balanced_accuracy()),
        precision: None,
        recall: None,
        f1: None,
        precision_macro: Num(a.precision_macro),
        recall_macro: Num(a.recall_macro),
        f1_macro: Num(a.f1_macro),
        precision_weighted: Num(a.precision_weighted),
        recall_weighted: Num(a.recall_weighted),
        f1_weighted: Num(a.f1_weighted),
        precision_micro: Num(a.precision_micro),
        recall_micro: Num(a.recall_micro),
        f1_micro: Num(a.f1_micro),
        mcc: Num(cm.mcc()),
        specificity: None,
        roc_auc: None,
        roc_auc_ovr_weighted: None,
        roc_auc_ovo_macro: None,
        average_precision: None,
        log_loss: None,
        brier: None,
        ece: None,
        confusion_matrix: cm.rows(),
        per_class: per_class(cm, labels),
        reliability: None,
        roc_curve: None,
        pr_curve: None,
        not_computable: BTreeMap::new(),
    }
}

/// Puts `Ok(v)` into `slot`, or the error's text into `not_computable[key]`.
pub(super) fn set(
    slot: &mut Option<Num>,
    nc: &mut BTreeMap<String, String>,
    key: &str,
    r: Result<f64, MetricError>,
) {
    match r {
        Ok(v) => *slot = Some(Num(v)),
        Err(e) => {
            nc.insert(key.to_owned(), e.to_string());
        }
    }
}

/// Binary classification metrics of clean, row-aligned data.
///
/// `y_true[i]`/`y_pred[i]` are `true` for the positive class. `score`, when given, is the
/// positive-class probability per row (`NaN` = missing: such rows are left out of the score
/// metrics only, and `n_scored` says how many were used). `labels = [negative, positive]` names
/// the `per_class` entries. `curve_points` bounds the ROC/PR chart curves (0 = no curves).
///
/// # Formula
/// ```text
/// accuracy    = (TP + TN) / n          specificity = TN / (TN + FP)
/// precision   = TP / (TP + FP)         recall      = TP / (TP + FN)
/// F1          = 2TP / (2TP + FP + FN)  MCC         = (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
/// ```
/// plus, with a score: ROC AUC and average precision ([`ranking`](mod@super::ranking)), log loss,
/// Brier score, reliability curve and ECE ([`calibration`](mod@super::calibration)).
///
/// # Remarks
/// `n_rows` is set to `y_true.len()`; the report builder overwrites it with the file's row
/// count. Score metrics that cannot be computed (one class present, a score outside [0, 1])
/// are listed in `not_computable`.
///
/// # Errors
/// [`MetricError::Empty`] for no rows, [`MetricError::LengthMismatch`] for misaligned slices.
///
/// # References
/// See the module docs; every value is the matching `sklearn.metrics` function with
/// `pos_label=positive`, `zero_division=0`.
pub fn binary_metrics(
    y_true: &[bool],
    y_pred: &[bool],
    score: Option<&[f64]>,
    labels: [&str; 2],
    curve_points: usize,
) -> Result<ClassMetrics, MetricError> {
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    let cm = ConfusionMatrix::from_binary(y_true, y_pred)?;
    let mut m = base_metrics(&cm, &labels, y_true.len());
    m.precision = Some(Num(cm.precision(1)));
    m.recall = Some(Num(cm.recall(1)));
    m.f1 = Some(Num(cm.f1(1)));
    m.specificity = Some(Num(cm.recall(0)));
    if let Some(score) = score {
        check_len("score", y_true.len(), score.len())?;
        if score.iter().any(|s| s.is_nan()) {
            let (ys, ss): (Vec<bool>, Vec<f64>) = y_true
                .iter()
                .zip(score)
                .filter(|(_, s)| !s.is_nan())
                .map(|(&y, &s)| (y, s))
                .unzip();
            m.n_scored = Some(ys.len());
            add_binary_score_metrics(&mut m, &ys, &ss, curve_points);
        } else {
            m.n_scored = Some(y_true.len());
            add_binary_score_metrics(&mut m, y_true, score, curve_points);
        }
    }
    Ok(m)
}

pub(super) fn add_binary_score_metrics(
    m: &mut ClassMetrics,
    y: &[bool],
    s: &[f64],
    curve_points: usize,
) {
    let nc = &mut m.not_computable;
    if y.is_empty() {
        for key in ["roc_auc", "average_precision", "log_loss", "brier", "ece"] {
            nc.insert(key.to_owned(), "no labelled row has a score".to_owned());
        }
        return;
    }
    match ranking::binary_ranking(y, s, curve_points) {
        Ok(r) => {
            m.roc_auc = Some(Num(r.roc_auc));
            m.average_precision = Some(Num(r.average_precision));
            if curve_points > 0 {
                m.roc_curve = Some(r.roc_curve);
                m.pr_curve = Some(r.pr_curve);
            }
        }
        Err(e) => {
            let present = if y[0] { "positive" } else { "negative" }.to_owned();
            for (key, metric) in [
                ("roc_auc", "ROC AUC"),
                ("average_precision", "average precision"),
            ] {
                let e = match &e {
                    MetricError::OneClass { .. } => MetricError::OneClass {
                        metric,
                        present: present.clone(),
                    },
                    other => other.clone(),
                };
                nc.insert(key.to_owned(), e.to_string());
            }
        }
    }
    set(
        &mut m.log_loss,
        nc,
        "log_loss",
        calibration::log_loss_binary(y, s),
    );
    set(&mut m.brier, nc, "brier", calibration::brier_binary(y, s));
    match calibration::reliability_curve(y, s, calibration::RELIABILITY_BINS, "positive_class") {
        Ok(r) => {
            m.ece = Some(r.ece);
            m.reliability = Some(r);
        }
        Err(e) => {
            nc.insert("ece".to_owned(), e.to_string());
        }
    }
}

/// Multiclass metrics of clean, row-aligned class codes `0..labels.len()`.
///
/// `proba`, when given, holds one probability column per class in label order (`proba[c][i]` =
/// P(class c | row i)); a row with any `NaN` probability is left out of the probability
/// metrics (`n_scored` says how many were used).
///
/// # Formula
/// Confusion-matrix metrics as in [`ConfusionMatrix`]; with probabilities: `roc_auc` (OvR
/// macro), `roc_auc_ovr_weighted`, `roc_auc_ovo_macro` ([`multiclass_roc_auc`](super::ranking::multiclass_roc_auc)),
/// log loss, Brier score (not halved) and the top-label reliability curve/ECE
/// (confidence = max_c P_c, outcome = argmax correct; Guo et al. 2017).
///
/// # Errors
/// [`MetricError::Empty`], [`MetricError::LengthMismatch`], [`MetricError::LabelOutOfRange`].
///
/// # References
/// sklearn `roc_auc_score(multi_class='ovr'|'ovo', labels=labels)`, `log_loss(labels=labels)`,
/// `brier_score_loss(labels=labels)`; Guo, C. et al. (2017), "On calibration of modern neural
/// networks", ICML, <https://proceedings.mlr.press/v70/guo17a.html>.
pub fn multiclass_metrics(
    y_true: &[usize],
    y_pred: &[usize],
    labels: &[&str],
    proba: Option<&[&[f64]]>,
) -> Result<ClassMetrics, MetricError> {
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    let k = labels.len();
    let cm = ConfusionMatrix::from_codes(y_true, y_pred, k)?;
    let mut m = base_metrics(&cm, labels, y_true.len());
    if let Some(proba) = proba {
        if proba.len() != k {
            m.not_computable.insert(
                "roc_auc".to_owned(),
                format!("{} probability columns for {k} classes", proba.len()),
            );
            return Ok(m);
        }
        for col in proba {
            check_len("class probability column", y_true.len(), col.len())?;
        }
        let owned: Vec<Vec<f64>>;
        let ys: Vec<usize>;
        let complete = proba.iter().all(|c| !c.iter().any(|v| v.is_nan()));
        let (y, cols): (&[usize], Vec<&[f64]>) = if complete {
            m.n_scored = Some(y_true.len());
            (y_true, proba.to_vec())
        } else {
            let keep: Vec<usize> = (0..y_true.len())
                .filter(|&i| proba.iter().all(|c| !c[i].is_nan()))
                .collect();
            m.n_scored = Some(keep.len());
            owned = proba
                .iter()
                .map(|c| keep.iter().map(|&i| c[i]).collect())
                .collect();
            ys = keep.iter().map(|&i| y_true[i]).collect();
            (&ys, owned.iter().map(Vec::as_slice).collect())
        };
        add_multiclass_score_metrics(&mut m, y, &cols, labels);
    }
    Ok(m)
}

pub(super) fn add_multiclass_score_metrics(
    m: &mut ClassMetrics,
    y: &[usize],
    cols: &[&[f64]],
    labels: &[&str],
) {
    let nc = &mut m.not_computable;
    if y.is_empty() {
        for key in [
            "roc_auc",
            "roc_auc_ovr_weighted",
            "roc_auc_ovo_macro",
            "log_loss",
            "brier",
            "ece",
        ] {
            nc.insert(
                key.to_owned(),
                "no labelled row has all class probabilities".to_owned(),
            );
        }
        return;
    }
    let auc = ranking::multiclass_roc_auc(y, cols, labels);
    set(&mut m.roc_auc, nc, "roc_auc", auc.ovr_macro);
    set(
        &mut m.roc_auc_ovr_weighted,
        nc,
        "roc_auc_ovr_weighted",
        auc.ovr_weighted,
    );
    set(
        &mut m.roc_auc_ovo_macro,
        nc,
        "roc_auc_ovo_macro",
        auc.ovo_macro,
    );
    set(
        &mut m.log_loss,
        nc,
        "log_loss",
        calibration::log_loss_multiclass(y, cols),
    );
    set(
        &mut m.brier,
        nc,
        "brier",
        calibration::brier_multiclass(y, cols),
    );
    // Top-label reliability: confidence = max probability, outcome = argmax is right.
    let mut conf = Vec::with_capacity(y.len());
    let mut hit = Vec::with_capacity(y.len());
    for (i, &t) in y.iter().enumerate() {
        let (best, p) = argmax(cols.iter().map(|c| c[i]));
        conf.push(p);
        hit.push(best == Some(t));
    }
    match calibration::reliability_curve(&hit, &conf, calibration::RELIABILITY_BINS, "top_label") {
        Ok(r) => {
            m.ece = Some(r.ece);
            m.reliability = Some(r);
        }
        Err(e) => {
            nc.insert("ece".to_owned(), e.to_string());
        }
    }
}

/// Index and value of the first maximum (numpy `argmax`; NaN never wins).
pub(super) fn argmax(values: impl Iterator<Item = f64>) -> (Option<usize>, f64) {
    let mut best = None;
    let mut best_v = f64::NEG_INFINITY;
    for (i, v) in values.enumerate() {
        if best.is_none() || v > best_v {
            if v.is_nan() {
                continue;
            }
            best = Some(i);
            best_v = v;
        }
    }
    (best, best_v)
}

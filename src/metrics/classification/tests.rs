//! Unit tests of the classification metrics against scikit-learn's conventions.
use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn binary_confusion_matrix_metrics_are_the_closed_forms() {
    // TN = 2, FP = 1, FN = 1, TP = 2 (6 rows)
    let y = [false, false, false, true, true, true];
    let p = [false, false, true, false, true, true];
    let m = binary_metrics(&y, &p, None, ["0", "1"], 0).unwrap();
    assert_eq!(m.confusion_matrix, vec![vec![2, 1], vec![1, 2]]);
    assert_eq!(m.accuracy.0, 4.0 / 6.0);
    assert_eq!(m.precision.unwrap().0, 2.0 / 3.0);
    assert_eq!(m.recall.unwrap().0, 2.0 / 3.0);
    assert_eq!(m.f1.unwrap().0, 4.0 / 6.0);
    assert_eq!(m.specificity.unwrap().0, 2.0 / 3.0);
    // MCC = (TP·TN − FP·FN)/sqrt(3·3·3·3) = (4 − 1)/9
    assert!(close(m.mcc.0, 3.0 / 9.0));
    assert!(close(m.balanced_accuracy.0, 2.0 / 3.0));
    assert!(m.roc_auc.is_none() && m.not_computable.is_empty());
}

#[test]
fn linfa_style_fractions() {
    // y = 0 0 1 1 1 1, ŷ = 0 1 1 1 1 0: TN 1, FP 1, FN 1, TP 3
    let y = [false, false, true, true, true, true];
    let p = [false, true, true, true, true, false];
    let m = binary_metrics(&y, &p, None, ["0", "1"], 0).unwrap();
    assert_eq!(m.precision.unwrap().0, 3.0 / 4.0);
    assert_eq!(m.recall.unwrap().0, 3.0 / 4.0);
    assert_eq!(m.accuracy.0, 4.0 / 6.0);
    assert_eq!(m.specificity.unwrap().0, 1.0 / 2.0);
    // macro P = (1/2 + 3/4)/2, weighted P = (2·1/2 + 4·3/4)/6
    assert!(close(m.precision_macro.0, 5.0 / 8.0));
    assert!(close(m.precision_weighted.0, 4.0 / 6.0));
    assert!(close(m.f1_micro.0, 4.0 / 6.0));
}

#[test]
fn zero_division_gives_zero_like_sklearn() {
    // Nothing predicted positive, no positive in the truth.
    let y = [false, false, false];
    let p = [false, false, false];
    let m = binary_metrics(&y, &p, None, ["0", "1"], 0).unwrap();
    assert_eq!(m.precision.unwrap().0, 0.0);
    assert_eq!(m.recall.unwrap().0, 0.0);
    assert_eq!(m.f1.unwrap().0, 0.0);
    assert_eq!(m.specificity.unwrap().0, 1.0);
    // sklearn.metrics.matthews_corrcoef([0,0,0],[0,0,0]) == 0.0
    assert_eq!(m.mcc.0, 0.0);
    // Only class 0 occurs in the truth: balanced accuracy = its recall.
    assert_eq!(m.balanced_accuracy.0, 1.0);
    // precision_score(..., average='macro', labels=[0,1], zero_division=0) == 0.5
    assert_eq!(m.precision_macro.0, 0.5);
    // All negative truth, predictions all positive: specificity 0, precision 0.
    let m = binary_metrics(&[false, false], &[true, true], None, ["0", "1"], 0).unwrap();
    assert_eq!(
        (m.precision.unwrap().0, m.specificity.unwrap().0),
        (0.0, 0.0)
    );
}

#[test]
fn multiclass_matches_sklearn_on_a_small_example() {
    // y = [0,1,2,2], ŷ = [0,1,1,2]; balanced_accuracy_score == 0.8333333333333334
    let m = multiclass_metrics(&[0, 1, 2, 2], &[0, 1, 1, 2], &["a", "b", "c"], None).unwrap();
    assert!(close(m.balanced_accuracy.0, 5.0 / 6.0));
    assert_eq!(m.accuracy.0, 3.0 / 4.0);
    assert_eq!(m.per_class[1].precision.0, 1.0 / 2.0);
    assert_eq!(m.per_class[2].recall.0, 1.0 / 2.0);
    assert_eq!(m.per_class[2].support, 2);
    // matthews_corrcoef([0,1,2,2],[0,1,1,2]) == 0.7: (3·4 − 5)/sqrt((16 − 6)·(16 − 6))
    assert!(close(m.mcc.0, 0.7), "{}", m.mcc.0);
    assert!(m.precision.is_none() && m.specificity.is_none());
}

#[test]
fn metrics_are_invariant_under_row_permutation() {
    let y = [0usize, 1, 2, 2, 1, 0, 0, 2, 1, 1];
    let p = [0usize, 2, 2, 1, 1, 0, 1, 2, 1, 0];
    let perm = [7usize, 2, 9, 0, 4, 1, 8, 3, 6, 5];
    let yp: Vec<usize> = perm.iter().map(|&i| y[i]).collect();
    let pp: Vec<usize> = perm.iter().map(|&i| p[i]).collect();
    let a = multiclass_metrics(&y, &p, &["a", "b", "c"], None).unwrap();
    let b = multiclass_metrics(&yp, &pp, &["a", "b", "c"], None).unwrap();
    assert_eq!(a, b);
}

#[test]
fn report_skips_and_counts_missing_targets_and_predictions() {
    let y = [Some("1"), None, Some("0"), Some("1"), Some("0")];
    let p = [Some("1"), Some("1"), None, Some("0"), Some("0")];
    let s = [0.9, 0.8, 0.7, f64::NAN, 0.1];
    let inp = ClassificationInput {
        y_true: &y,
        y_pred: Some(&p),
        score: Some(&s),
        ..Default::default()
    };
    let r = classification_report(Some(&inp), None, &ClassificationOptions::default()).unwrap();
    assert_eq!(r.task, "binary");
    assert_eq!(r.labels, vec!["0", "1"]);
    assert_eq!(r.positive_label.as_deref(), Some("1"));
    let m = r.reference.unwrap();
    // Row 3 has no prediction but a score 0.7 ≥ 0.5 → predicted positive.
    assert_eq!(m.n_labeled, 4);
    assert_eq!(m.n_rows, 5);
    assert_eq!(m.n_missing_prediction, 0);
    assert_eq!(m.confusion_matrix, vec![vec![1, 1], vec![1, 1]]);
    assert_eq!(m.n_scored, Some(3));
    assert!(r.production.is_none());
}

#[test]
fn one_class_makes_roc_auc_and_ap_not_computable() {
    let y = [Some("1"), Some("1"), Some("1")];
    let s = [0.2, 0.6, 0.9];
    let inp = ClassificationInput {
        y_true: &y,
        score: Some(&s),
        ..Default::default()
    };
    let r = classification_report(Some(&inp), None, &ClassificationOptions::default()).unwrap();
    let m = r.reference.unwrap();
    assert!(m.roc_auc.is_none() && m.average_precision.is_none());
    assert!(
        m.not_computable["roc_auc"].contains("only one class"),
        "{:?}",
        m.not_computable
    );
    assert!(m.not_computable.contains_key("average_precision"));
    assert!(m.log_loss.is_some() && m.brier.is_some());
    assert_eq!(m.confusion_matrix, vec![vec![0, 0], vec![1, 2]]);
    let json = serde_json::to_value(&m).unwrap();
    assert!(json.get("roc_auc").is_none());
    assert!(json.get("precision").is_some());
}

#[test]
fn multiclass_report_predicts_by_argmax_and_serialises_spec_keys() {
    let y = [Some("cat"), Some("dog"), Some("bird"), Some("dog")];
    let pb = [0.1, 0.2, 0.7, 0.3];
    let pc = [0.6, 0.3, 0.2, 0.3];
    let pd = [0.3, 0.5, 0.1, 0.4];
    let cs = [("bird", &pb[..]), ("cat", &pc[..]), ("dog", &pd[..])];
    let inp = ClassificationInput {
        y_true: &y,
        class_scores: &cs,
        ..Default::default()
    };
    let r =
        classification_report(Some(&inp), Some(&inp), &ClassificationOptions::default()).unwrap();
    assert_eq!(r.task, "multiclass");
    assert_eq!(r.labels, vec!["bird", "cat", "dog"]);
    let m = r.production.as_ref().unwrap();
    assert_eq!(m.accuracy.0, 1.0);
    assert_eq!(m.roc_auc.unwrap().0, 1.0);
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "n_labeled",
        "accuracy",
        "balanced_accuracy",
        "precision_macro",
        "f1_weighted",
        "mcc",
        "roc_auc",
        "log_loss",
        "brier",
        "ece",
        "confusion_matrix",
    ] {
        assert!(v["reference"].get(key).is_some(), "missing {key}");
    }
    let c = correctness(&inp, &r, &ClassificationOptions::default()).unwrap();
    assert_eq!(c, vec![Some(true); 4]);
}

#[test]
fn no_labels_is_an_error_and_lengths_are_checked() {
    let y: [Option<&str>; 2] = [None, None];
    let inp = ClassificationInput {
        y_true: &y,
        ..Default::default()
    };
    assert_eq!(
        classification_report(Some(&inp), None, &ClassificationOptions::default()),
        Err(MetricError::NoLabels)
    );
    let p = [Some("a")];
    let y = [Some("a"), Some("b")];
    let inp = ClassificationInput {
        y_true: &y,
        y_pred: Some(&p),
        ..Default::default()
    };
    assert!(matches!(
        classification_report(Some(&inp), None, &ClassificationOptions::default()),
        Err(MetricError::LengthMismatch { .. })
    ));
}

#[test]
fn positive_label_defaults_and_user_choice() {
    let y = [Some("no"), Some("yes"), Some("yes")];
    let inp = ClassificationInput {
        y_true: &y,
        y_pred: Some(&y),
        ..Default::default()
    };
    let r = classification_report(Some(&inp), None, &ClassificationOptions::default()).unwrap();
    assert_eq!(r.positive_label.as_deref(), Some("yes"));
    assert_eq!(r.labels, vec!["no", "yes"]);
    let opts = ClassificationOptions {
        positive_label: Some("no".into()),
        ..Default::default()
    };
    let r = classification_report(Some(&inp), None, &opts).unwrap();
    assert_eq!(r.labels, vec!["yes", "no"]);
    assert_eq!(
        r.reference.unwrap().confusion_matrix,
        vec![vec![2, 0], vec![0, 1]]
    );
}

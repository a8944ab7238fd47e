//! CBPE (confidence-based performance estimation; binary and multiclass one-vs-rest) against NannyML 0.13.1 on the pairs of
//! `tests/reference/cbpe/` (made by `tests/reference/make_cbpe_reference.py`): every chunk's
//! estimate, sampling error, confidence band, thresholds, alert and realised value, with the
//! calibration forced on and off as NannyML's run was (tolerance: `common::ABS_CBPE`).

mod common;

use std::path::PathBuf;

use common::ABS_CBPE;
use driftcard::metrics::cbpe::{
    needs_calibration, performance_estimate, size_chunks, Calibration, Chunking, ScoredRows,
};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/cbpe")
}

/// (y, score, pred) of a reference CSV (`y_true,y_pred_proba,y_pred`).
fn read(name: &str) -> (Vec<Option<bool>>, Vec<f64>, Vec<Option<bool>>) {
    let text = std::fs::read_to_string(dir().join(name)).expect("reference CSV");
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        out.0.push(Some(f[0] == "1"));
        out.1.push(f[1].parse::<f64>().expect("score"));
        out.2.push(Some(f[2] == "1"));
    }
    out
}

static MAX_DIFF: std::sync::Mutex<f64> = std::sync::Mutex::new(0.0);

fn close(actual: f64, expected: &Value, ctx: &str) {
    match expected.as_f64() {
        Some(e) => {
            if let Ok(mut m) = MAX_DIFF.lock() {
                *m = m.max((actual - e).abs());
            }
            assert!(
                (actual - e).abs() <= ABS_CBPE,
                "{ctx}: {actual} vs NannyML {e} (diff {:e})",
                (actual - e).abs()
            )
        }
        None => assert!(actual.is_nan(), "{ctx}: {actual} vs NannyML NaN"),
    }
}

#[test]
fn cbpe_matches_nannyml_chunk_by_chunk() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for case in ["calibrated", "miscalibrated"] {
        let c = &expected["cases"][case];
        let size = c["chunk_size"].as_u64().unwrap() as usize;
        let r = read(&format!("{case}_reference.csv"));
        let p = read(&format!("{case}_production.csv"));
        for (run, calibration) in [
            ("calibrated", Calibration::Always),
            ("uncalibrated", Calibration::Never),
        ] {
            let est = performance_estimate(
                ScoredRows {
                    y: &r.0,
                    pred: &r.2,
                    score: &r.1,
                },
                ScoredRows {
                    y: &p.0,
                    pred: &p.2,
                    score: &p.1,
                },
                &size_chunks(r.1.len(), size),
                &size_chunks(p.1.len(), size),
                &Chunking {
                    by: "size".into(),
                    size: Some(size),
                },
                calibration,
            )
            .unwrap();
            assert_eq!(est.calibrated, run == "calibrated");
            let chunks = c["runs"][run]["chunks"].as_array().unwrap();
            assert_eq!(est.chunks.len(), chunks.len(), "{case}/{run}: chunk count");
            for (ours, theirs) in est.chunks.iter().zip(chunks) {
                let period = match theirs["period"].as_str().unwrap() {
                    "analysis" => "production",
                    other => other,
                };
                assert_eq!(ours.period, period);
                assert_eq!(
                    ours.start,
                    theirs["start_index"].as_u64().unwrap() as usize + 2
                );
                assert_eq!(ours.end, theirs["end_index"].as_u64().unwrap() as usize + 2);
                for (metric, m) in theirs["metrics"].as_object().unwrap() {
                    let ctx = format!("{case}/{run}/{}/{metric}", ours.label);
                    close(
                        ours.estimated[metric].0,
                        &m["value"],
                        &format!("{ctx} estimate"),
                    );
                    close(
                        ours.sampling_error[metric].0,
                        &m["sampling_error"],
                        &format!("{ctx} sampling error"),
                    );
                    close(
                        ours.realized.get(metric).map_or(f64::NAN, |v| v.0),
                        &m["realized"],
                        &format!("{ctx} realized"),
                    );
                    close(
                        ours.lower_threshold[metric].0,
                        &m["lower_threshold"],
                        &format!("{ctx} lower threshold"),
                    );
                    close(
                        ours.upper_threshold[metric].0,
                        &m["upper_threshold"],
                        &format!("{ctx} upper threshold"),
                    );
                    close(
                        ours.lower_confidence[metric].0,
                        &m["lower_confidence_boundary"],
                        &format!("{ctx} lower band"),
                    );
                    close(
                        ours.upper_confidence[metric].0,
                        &m["upper_confidence_boundary"],
                        &format!("{ctx} upper band"),
                    );
                    assert_eq!(
                        Some(ours.alert[metric]),
                        m["alert"].as_bool(),
                        "{ctx} alert"
                    );
                    checked += 1;
                }
            }
        }
        // Our own calibration decision on the same reference, reported beside NannyML's.
        let y: Vec<bool> = r.0.iter().map(|t| t.unwrap_or(false)).collect();
        let ours = needs_calibration(&y, &r.1);
        if case == "miscalibrated" {
            assert!(ours && c["nannyml_needs_calibration"].as_bool().unwrap());
        }
    }
    // 2 cases × 2 runs × 12 chunks × 6 metrics.
    assert_eq!(checked, 288);
    eprintln!(
        "largest difference from NannyML: {:e}",
        MAX_DIFF.lock().map_or(f64::NAN, |m| *m)
    );
}

/// (y, pred, proba per class) of a multiclass reference CSV (`y_true,p_a,p_b,p_c,y_pred`).
#[allow(clippy::type_complexity)]
fn read_multiclass(name: &str) -> (Vec<Option<usize>>, Vec<Option<usize>>, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(dir().join(name)).expect("reference CSV");
    let class = |s: &str| ["a", "b", "c"].iter().position(|c| *c == s);
    let mut out = (Vec::new(), Vec::new(), vec![Vec::new(); 3]);
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        out.0.push(class(f[0]));
        for c in 0..3 {
            out.2[c].push(f[1 + c].parse::<f64>().expect("probability"));
        }
        out.1.push(class(f[4]));
    }
    out
}

#[test]
fn multiclass_cbpe_matches_nannyml_chunk_by_chunk() {
    use driftcard::metrics::cbpe::{performance_estimate_multiclass, ClassRows};
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir().join("multiclass_expected.json")).unwrap(),
    )
    .unwrap();
    let size = expected["chunk_size"].as_u64().unwrap() as usize;
    let r = read_multiclass("multiclass_reference.csv");
    let p = read_multiclass("multiclass_production.csv");
    let mut checked = 0;
    for (run, calibration) in [
        ("calibrated", Calibration::Always),
        ("uncalibrated", Calibration::Never),
    ] {
        let est = performance_estimate_multiclass(
            ClassRows {
                y: &r.0,
                pred: &r.1,
                proba: &r.2,
            },
            ClassRows {
                y: &p.0,
                pred: &p.1,
                proba: &p.2,
            },
            &size_chunks(r.0.len(), size),
            &size_chunks(p.0.len(), size),
            &Chunking {
                by: "size".into(),
                size: Some(size),
            },
            calibration,
            vec!["a".into(), "b".into(), "c".into()],
        )
        .unwrap();
        assert_eq!(est.calibrated, run == "calibrated");
        let chunks = expected["runs"][run].as_array().unwrap();
        assert_eq!(est.chunks.len(), chunks.len());
        for (ours, theirs) in est.chunks.iter().zip(chunks) {
            for (metric, m) in theirs["metrics"].as_object().unwrap() {
                let ctx = format!("multiclass/{run}/{}/{metric}", ours.label);
                close(
                    ours.estimated[metric].0,
                    &m["value"],
                    &format!("{ctx} estimate"),
                );
                close(
                    ours.sampling_error[metric].0,
                    &m["sampling_error"],
                    &format!("{ctx} sampling error"),
                );
                close(
                    ours.realized.get(metric).map_or(f64::NAN, |v| v.0),
                    &m["realized"],
                    &format!("{ctx} realized"),
                );
                for (ours_v, key) in [
                    (&ours.lower_threshold, "lower_threshold"),
                    (&ours.upper_threshold, "upper_threshold"),
                    (&ours.lower_confidence, "lower_confidence"),
                    (&ours.upper_confidence, "upper_confidence"),
                ] {
                    close(ours_v[metric].0, &m[key], &format!("{ctx} {key}"));
                }
                assert_eq!(
                    Some(ours.alert[metric]),
                    m["alert"].as_bool(),
                    "{ctx} alert"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * 12 * 6);
    eprintln!(
        "multiclass CBPE: {checked} chunk × metric figures; largest difference from NannyML so far {:e}",
        MAX_DIFF.lock().map_or(f64::NAN, |m| *m)
    );
}

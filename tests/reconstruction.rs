//! Multivariate drift by PCA reconstruction against NannyML 0.13.1's
//! `DataReconstructionDriftCalculator` on `tests/reference/reconstruction/` (made by
//! `tests/reference/make_reconstruction_reference.py`): a correlation that flips halfway through
//! production, with every marginal unchanged. Through the whole analysis, as a user's files go.

mod common;

use std::path::PathBuf;

use common::REL_RECONSTRUCTION;
use driftcard::data::read_table;
use driftcard::report::{analyze, Config, Inputs};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/reconstruction")
}

fn close(actual: f64, expected: f64, ctx: &str) {
    assert!(
        (actual - expected).abs() <= REL_RECONSTRUCTION * expected.abs().max(1.0),
        "{ctx}: {actual} vs NannyML {expected}"
    );
}

#[test]
fn reconstruction_error_matches_nannyml_chunk_by_chunk() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap())
            .unwrap();
    let read = |name: &str| {
        let bytes = std::fs::read(dir().join(name)).unwrap();
        read_table(name, bytes.as_slice(), &mut |_| {}).unwrap()
    };
    let (r, p) = (read("reference.csv"), read("production.csv"));
    let config = Config::from_json(r#"{"chunks": {"by": "size", "size": 500}}"#).unwrap();
    let report = analyze(&Inputs {
        reference: &r,
        production: &p,
        config: &config,
        generated_at: "2026-01-01T00:00:00Z".into(),
        labels: None,
    })
    .unwrap()
    .report;
    let m = report
        .multivariate_drift
        .expect("multivariate drift")
        .reconstruction;
    assert_eq!(m.features, vec!["a", "b", "c", "d", "cat"]);
    assert_eq!(
        m.components as u64,
        expected["pca_n_components"].as_u64().unwrap()
    );
    let ratios: f64 = expected["pca_explained_variance_ratio"]
        .as_array()
        .unwrap()
        .iter()
        .take(m.components)
        .map(|v| v.as_f64().unwrap())
        .sum();
    close(m.explained_variance.0, ratios, "explained variance");
    let chunks = expected["chunks"].as_array().unwrap();
    assert_eq!(m.chunks.len(), chunks.len());
    for (ours, theirs) in m.chunks.iter().zip(chunks) {
        let ctx = format!("{} {}", ours.period, ours.label);
        let period = match theirs["period"].as_str().unwrap() {
            "analysis" => "production",
            other => other,
        };
        assert_eq!(ours.period, period, "{ctx}");
        close(
            ours.error.0,
            theirs["value"].as_f64().unwrap(),
            &format!("{ctx} error"),
        );
        close(
            ours.sampling_error.0,
            theirs["sampling_error"].as_f64().unwrap(),
            &format!("{ctx} sampling error"),
        );
        match theirs["lower_threshold"].as_f64() {
            Some(v) => close(ours.lower_threshold.expect("lower threshold").0, v, &ctx),
            None => assert!(ours.lower_threshold.is_none(), "{ctx}"),
        }
        close(
            ours.upper_threshold.expect("upper").0,
            theirs["upper_threshold"].as_f64().unwrap(),
            &ctx,
        );
        assert_eq!(Some(ours.alert), theirs["alert"].as_bool(), "{ctx} alert");
    }
    // The flip is in the last three production chunks: the first alert is the fourth.
    assert_eq!(m.first_alert.as_deref(), Some("chunk 4"));
    assert!(!m.sampled);
}

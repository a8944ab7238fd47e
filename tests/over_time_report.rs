//! Drift over time and performance without labels through the whole analysis (issue 12): a
//! shift that begins mid-file is dated to its chunk; CBPE gives the same estimates whether or
//! not production's labels are there, and a production file without its target column is
//! estimated, not reported as schema drift.

use driftcard::data::read_table;
use driftcard::report::{analyze, Config, Inputs};

/// Deterministic uniform numbers in [0, 1).
fn uniform(seed: u64, n: usize) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// `x,cat,target,score` rows: score = P(target = 1) is x itself (well calibrated), and the
/// target is drawn from it; from row `shift_at` on, x moves up by `shift`.
fn csv(seed: u64, n: usize, shift_at: usize, shift: f64, labels: bool) -> String {
    let x = uniform(seed, n);
    let u = uniform(seed + 1, n);
    let mut out = String::from(if labels {
        "x,cat,target,score\n"
    } else {
        "x,cat,score\n"
    });
    for i in 0..n {
        let xi = if i >= shift_at {
            (x[i] + shift).min(0.999)
        } else {
            x[i] * 0.98 + 0.01
        };
        let cat = ["a", "b", "c"][(u[i] * 3.0) as usize % 3];
        let y = u8::from(u[i] < xi);
        if labels {
            out.push_str(&format!("{xi},{cat},{y},{xi}\n"));
        } else {
            out.push_str(&format!("{xi},{cat},{xi}\n"));
        }
    }
    out
}

fn run(reference: &str, production: &str) -> driftcard::report::Report {
    let r = read_table("reference.csv", reference.as_bytes(), &mut |_| {}).unwrap();
    let p = read_table("production.csv", production.as_bytes(), &mut |_| {}).unwrap();
    let config = Config::from_json(r#"{"chunks": {"by": "size", "size": 250}}"#).unwrap();
    analyze(&Inputs {
        reference: &r,
        production: &p,
        config: &config,
        generated_at: "2026-01-01T00:00:00Z".into(),
        labels: None,
    })
    .unwrap()
    .report
}

#[test]
fn a_shift_that_begins_mid_file_is_dated_to_its_chunk() {
    let report = run(
        &csv(1, 2000, usize::MAX, 0.0, true),
        &csv(2, 2000, 1250, 0.35, true),
    );
    let d = report.drift_over_time.expect("drift over time");
    assert_eq!((d.chunk_by.as_str(), d.chunk_size), ("size", Some(250)));
    let x = d
        .columns
        .iter()
        .find(|c| c.column == "x")
        .expect("x is tested");
    // 8 reference and 8 production chunks of 250 rows; rows 1250.. are chunks 6–8.
    assert_eq!(x.chunks.len(), 16);
    assert_eq!(x.first_alert.as_deref(), Some("chunk 6"), "{x:?}");
    let prod: Vec<_> = x
        .chunks
        .iter()
        .filter(|c| c.period == "production")
        .collect();
    assert!(
        prod[..5].iter().all(|c| !c.alert),
        "no alert before the shift: {prod:?}"
    );
    assert!(prod[5..]
        .iter()
        .all(|c| c.alert && c.outside_reference_range));
    // The unshifted categorical column never alerts.
    let cat = d
        .columns
        .iter()
        .find(|c| c.column == "cat")
        .expect("cat is tested");
    assert_eq!(cat.first_alert, None);
    // The reference chunks stay within their own range's upper end.
    let hi = x.upper_threshold.expect("range").0;
    assert!(x
        .chunks
        .iter()
        .filter(|c| c.period == "reference")
        .all(|c| c.score.unwrap().0 <= hi));
}

#[test]
fn cbpe_estimates_do_not_use_production_labels_and_a_missing_target_is_late_labels() {
    let reference = csv(3, 2000, usize::MAX, 0.0, true);
    let with = run(&reference, &csv(4, 2000, 1000, 0.3, true));
    let without = run(&reference, &csv(4, 2000, 1000, 0.3, false));
    let (a, b) = (
        with.performance_estimate.expect("estimate with labels"),
        without
            .performance_estimate
            .expect("estimate without labels"),
    );
    assert_eq!(a.labeled_share.0, 1.0);
    assert_eq!(b.labeled_share.0, 0.0);
    assert_eq!(a.chunks.len(), b.chunks.len());
    for (x, y) in a.chunks.iter().zip(&b.chunks) {
        assert_eq!(x.estimated, y.estimated, "{}", x.label);
        if x.period == "production" {
            assert!(y.realized.is_empty());
            assert_eq!(x.realized.len(), 6, "every metric realised with labels");
        }
    }
    // Calibrated scores: the estimated accuracy tracks the realised one within its band.
    for c in a.chunks.iter().filter(|c| c.period == "production") {
        let (est, real) = (c.estimated["accuracy"].0, c.realized["accuracy"].0);
        let se = c.sampling_error["accuracy"].0;
        assert!(
            (est - real).abs() <= 4.0 * se,
            "{}: {est} vs {real} (σ {se})",
            c.label
        );
    }
    // Without the target column: no schema drift, a warning that labels have not arrived.
    assert!(without.schema_drift.only_in_reference.is_empty());
    assert!(without
        .warnings
        .iter()
        .any(|w| w.message.contains("labels have not arrived")));
    assert!(without
        .checks
        .iter()
        .any(|c| c.id == "performance_estimate"));
}

/// Multiclass CBPE through the whole analysis on NannyML's own synthetic credit-card data
/// (three card types, a probability column per class): the estimate is one-vs-rest over the
/// three classes, and it does not depend on production's labels — the production file without
/// its `y_true` column gives the same estimates, with no realised values.
#[test]
fn multiclass_estimates_do_not_depend_on_production_labels() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real/credit_card");
    let r = std::fs::read_to_string(dir.join("reference.csv")).unwrap();
    let p = std::fs::read_to_string(dir.join("production.csv")).unwrap();
    let header: Vec<&str> = p.lines().next().unwrap().split(',').collect();
    let t = header.iter().position(|h| *h == "y_true").unwrap();
    // NannyML's file has no quoted commas: a plain split is exact.
    let blind: String = p
        .lines()
        .map(|l| {
            let f: Vec<&str> = l
                .split(',')
                .enumerate()
                .filter(|(i, _)| *i != t)
                .map(|(_, f)| f)
                .collect();
            f.join(",") + "\n"
        })
        .collect();
    let full = run(&r, &p)
        .performance_estimate
        .expect("estimate with labels");
    let est = run(&r, &blind)
        .performance_estimate
        .expect("estimate without labels");
    assert_eq!(
        est.classes,
        ["highstreet_card", "prepaid_card", "upmarket_card"]
    );
    assert_eq!(est.chunks.len(), full.chunks.len());
    for (a, b) in est.chunks.iter().zip(&full.chunks) {
        assert_eq!(a.estimated, b.estimated, "{}", a.label);
        if a.period == "production" {
            assert!(a.realized.is_empty());
            assert!(!b.realized.is_empty());
        }
    }
    assert_eq!(est.labeled_share.0, 0.0);
}

//! Proxy metrics through the whole analysis (issue 12 item 4): a `dwell_time` proxy detected by
//! its name, summarised per file and per chunk as computed here independently, correlated with
//! the accuracy per chunk where labels exist, and — when production's labels are late — the
//! proxy's fall joins the retrain reasons because in the reference it tracks the accuracy.

use driftcard::data::{read_table, Role};
use driftcard::report::{analyze, Config, Inputs, Report};
use driftcard::service::{pearson, ProxyKind};

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

/// `x,target,prediction,dwell_time,clicked` rows in 10 chunks of 200: the model's accuracy
/// changes from chunk to chunk (`acc(k)`), users dwell longer on right answers (60 s vs 20 s)
/// and click them more often.
fn csv(seed: u64, acc: impl Fn(usize) -> f64, labels: bool) -> (String, Vec<f64>, Vec<bool>) {
    let n = 2000;
    let u = uniform(seed, 4 * n);
    let mut out = String::from(if labels {
        "x,target,prediction,dwell_time,clicked\n"
    } else {
        "x,prediction,dwell_time,clicked\n"
    });
    let (mut dwell, mut right) = (Vec::new(), Vec::new());
    for i in 0..n {
        let y = u8::from(u[i] < 0.5);
        let ok = u[n + i] < acc(i / 200);
        let pred = if ok { y } else { 1 - y };
        let d = if ok { 60.0 } else { 20.0 } + 10.0 * (u[2 * n + i] - 0.5);
        let click = if u[3 * n + i] < if ok { 0.7 } else { 0.2 } {
            "yes"
        } else {
            "no"
        };
        let x = u[i] + 0.1 * u[2 * n + i];
        dwell.push(d);
        right.push(ok);
        if labels {
            out.push_str(&format!("{x},{y},{pred},{d},{click}\n"));
        } else {
            out.push_str(&format!("{x},{pred},{d},{click}\n"));
        }
    }
    (out, dwell, right)
}

fn run(reference: &str, production: &str) -> Report {
    let r = read_table("reference.csv", reference.as_bytes(), &mut |_| {}).unwrap();
    let p = read_table("production.csv", production.as_bytes(), &mut |_| {}).unwrap();
    let config = Config::from_json(r#"{"chunks": {"by": "size", "size": 200}}"#).unwrap();
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

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

#[test]
fn a_proxy_is_summarised_per_file_and_chunk_and_tracks_the_accuracy() {
    let (r, rd, rr) = csv(1, |k| 0.6 + 0.035 * k as f64, true);
    let (p, pd, _) = csv(2, |k| 0.55 - 0.02 * k as f64, true);
    let rep = run(&r, &p);
    for (name, role) in [("dwell_time", Role::Proxy), ("clicked", Role::Proxy)] {
        let c = rep.columns.iter().find(|c| c.name == name).unwrap();
        assert_eq!(c.role, role, "{name}: {}", c.reason);
    }
    let px = rep.proxies.as_ref().expect("proxies");
    assert_eq!(px.metric.as_deref(), Some("accuracy"));
    assert_eq!((px.chunk_by.as_str(), px.chunk_size), ("size", Some(200)));
    let dwell = px
        .columns
        .iter()
        .find(|c| c.column == "dwell_time")
        .unwrap();
    assert_eq!(dwell.kind, ProxyKind::Mean);
    let rel = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(rel(dwell.reference.value.0, mean(&rd)));
    assert!(rel(dwell.production.value.0, mean(&pd)));
    assert!(dwell.change_p_value.0 < 1e-6, "a large fall");
    // Per chunk: the mean dwell time and the accuracy, computed here.
    assert_eq!(dwell.chunks.len(), 20);
    for k in 0..10 {
        let c = &dwell.chunks[k];
        assert_eq!((c.period.as_str(), c.rows), ("reference", 200));
        assert!(rel(c.value.unwrap().0, mean(&rd[200 * k..200 * (k + 1)])));
        let acc = rr[200 * k..200 * (k + 1)].iter().filter(|&&b| b).count() as f64 / 200.0;
        assert!(rel(c.metric.unwrap().0, acc), "chunk {k}");
    }
    // The correlation over the 20 chunks, from the chunk values.
    let pairs: Vec<(f64, f64)> = dwell
        .chunks
        .iter()
        .map(|c| (c.value.unwrap().0, c.metric.unwrap().0))
        .collect();
    let r = dwell.correlation_with_metric.unwrap().0;
    assert!(rel(r, pearson(&pairs).unwrap()));
    assert!(r > 0.9, "dwell time tracks the accuracy: r = {r}");
    assert_eq!(dwell.correlation_chunks, 20);
    let clicked = px.columns.iter().find(|c| c.column == "clicked").unwrap();
    assert_eq!(clicked.kind, ProxyKind::Rate);
    // Checks: the proxies' change is significant.
    let check = rep
        .checks
        .iter()
        .find(|c| c.id == "proxy:dwell_time")
        .unwrap();
    assert_ne!(format!("{:?}", check.status), "Ok");
    assert!(
        check
            .reason
            .contains("with the accuracy over 20 chunks (by size)"),
        "{}",
        check.reason
    );
    // With labels in production the accuracy speaks for itself: no proxy retrain reason.
    assert!(!rep.retrain.reasons.iter().any(|r| r.starts_with("proxy")));
}

#[test]
fn with_late_labels_a_proxy_that_tracks_the_accuracy_joins_the_retrain_reasons() {
    let (r, _, _) = csv(3, |k| 0.6 + 0.035 * k as f64, true);
    let (p, _, _) = csv(4, |_| 0.5, false);
    let rep = run(&r, &p);
    let px = rep.proxies.as_ref().unwrap();
    assert!(px.columns[0]
        .chunks
        .iter()
        .filter(|c| c.period == "production")
        .all(|c| c.metric.is_none()));
    let reasons: Vec<&String> = rep
        .retrain
        .reasons
        .iter()
        .filter(|r| r.starts_with("proxy"))
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("`dwell_time`")),
        "{:?}",
        rep.retrain.reasons
    );
    assert!(rep.retrain.recommended);
}

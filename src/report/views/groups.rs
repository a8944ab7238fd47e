//! Bias charts per group column: accuracy with the ± 5-point band, selection rate, TPR, FPR and
//! the four-fifths ratio.

use super::*;
use crate::chart::{Band, BarsView, Rule};

/// Bars per group of one metric in both files.
pub(super) fn bias(col: &crate::fairness::BiasColumn, min_group: usize) -> Vec<ChartView> {
    use std::collections::BTreeMap;
    type Get = fn(&crate::fairness::OverallMetrics) -> f64;
    let mut groups: Vec<String> = Vec::new();
    let mut by: BTreeMap<&str, [Option<&crate::fairness::GroupMetrics>; 2]> = BTreeMap::new();
    for (k, side) in [col.reference.as_ref(), col.production.as_ref()]
        .into_iter()
        .enumerate()
    {
        for g in side.map(|s| s.groups.as_slice()).unwrap_or(&[]) {
            if !by.contains_key(g.value.as_str()) {
                groups.push(g.value.clone());
            }
            by.entry(g.value.as_str()).or_default()[k] = Some(g);
        }
    }
    if groups.is_empty() {
        return Vec::new();
    }
    let muted: Vec<bool> = groups
        .iter()
        .map(|g| by[g.as_str()].iter().flatten().all(|m| m.small_sample))
        .collect();
    let notes: Vec<String> = groups
        .iter()
        .map(|g| {
            let [a, b] = by[g.as_str()];
            let n = |m: Option<&crate::fairness::GroupMetrics>| {
                m.map_or("—".to_owned(), |m| m.metrics.counts.n.to_string())
            };
            let small = if by[g.as_str()].iter().flatten().any(|m| m.small_sample) {
                format!(" · fewer than {min_group} rows: not judged")
            } else {
                String::new()
            };
            format!("n reference {} · production {}{small}", n(a), n(b))
        })
        .collect();
    let bars = |title: String, y: &str, get: Get| -> BarsView {
        let val = |k: usize| -> Vec<f64> {
            groups
                .iter()
                .map(|g| by[g.as_str()][k].map_or(0.0, |m| get(&m.metrics).clamp(0.0, 1.0)))
                .collect()
        };
        BarsView {
            column: title,
            categories: groups.clone(),
            ref_share: val(0),
            prod_share: val(1),
            new_in_prod: groups.iter().map(|g| by[g.as_str()][0].is_none()).collect(),
            muted: muted.clone(),
            notes: notes.clone(),
            y_label: Some(y.into()),
            ..Default::default()
        }
    };
    let c = &col.column;
    let mut acc = bars(format!("Accuracy per {c} group"), "accuracy", |m| {
        m.accuracy.0
    });
    if let Some(o) = col.production.as_ref().or(col.reference.as_ref()) {
        let a = o.overall.accuracy.0;
        if a.is_finite() {
            acc.bands.push(Band {
                from: (a - 0.05).max(0.0),
                to: (a + 0.05).min(1.0),
                label: format!("overall {} ± 5 points", crate::format::num(a)),
            });
        }
    }
    let sr = bars(
        format!(
            "Selection rate (predicted {}) per {c} group",
            col.positive_label
        ),
        "selection rate",
        |m| m.selection_rate.0,
    );
    let tpr = bars(format!("True positive rate per {c} group"), "TPR", |m| {
        m.tpr.0
    });
    let fpr = bars(format!("False positive rate per {c} group"), "FPR", |m| {
        m.fpr.0
    });
    // Four-fifths: selection rate over the highest eligible group's.
    let ratio = |k: usize| -> Vec<f64> {
        let max = groups
            .iter()
            .zip(&muted)
            .filter(|(_, m)| !**m)
            .filter_map(|(g, _)| by[g.as_str()][k].map(|m| m.metrics.selection_rate.0))
            .fold(0.0_f64, f64::max);
        groups
            .iter()
            .map(|g| {
                by[g.as_str()][k].map_or(0.0, |m| {
                    if max > 0.0 {
                        (m.metrics.selection_rate.0 / max).clamp(0.0, 1.0)
                    } else {
                        0.0
                    }
                })
            })
            .collect()
    };
    let parity = BarsView {
        column: format!("Selection rate relative to the highest {c} group (four-fifths rule)"),
        categories: groups.clone(),
        ref_share: ratio(0),
        prod_share: ratio(1),
        new_in_prod: groups.iter().map(|g| by[g.as_str()][0].is_none()).collect(),
        bands: vec![Band {
            from: 0.8,
            to: 1.0,
            label: "four-fifths band (≥ 80 %)".into(),
        }],
        rules: vec![Rule {
            value: 0.8,
            label: "80 %".into(),
        }],
        muted,
        notes,
        y_label: Some("ratio to the highest group".into()),
        ..Default::default()
    };
    [acc, sr, tpr, fpr, parity]
        .into_iter()
        .map(ChartView::Bars)
        .collect()
}

//! The alerts of one file's bias table, in plain words: the accuracy gap and the four-fifths rule.

use super::{BiasOptions, BiasSide, GroupMetrics};

/// The alerts of one file's table (see the [module docs](super)), each ending in `in <side_name>`.
///
/// # Formula
/// ```text
/// accuracy gap : |acc_g − acc_overall| > accuracy_gap
/// four-fifths  : SR_g / max_{eligible h} SR_h < selection_rate_ratio   (max > 0)
/// eligible     : n_g ≥ min_group_size
/// ```
///
/// # Remarks
/// Groups flagged `small_sample` raise no alert and are not the four-fifths reference.
///
/// # References
/// U.S. EEOC Uniform Guidelines (1978), 29 CFR §1607.4(D) (the four-fifths rule).
pub fn side_alerts(side: &BiasSide, opts: &BiasOptions, side_name: &str) -> Vec<String> {
    let mut alerts = Vec::new();
    let eligible: Vec<&GroupMetrics> = side.groups.iter().filter(|g| !g.small_sample).collect();
    let overall = side.overall.accuracy.0;
    for g in &eligible {
        let acc = g.metrics.accuracy.0;
        let diff = acc - overall;
        if diff.abs() > opts.accuracy_gap {
            alerts.push(format!(
                "group {}: accuracy {acc:.2} vs overall {overall:.2} ({} points > {}) in {side_name}",
                g.value,
                crate::format::points(diff, true),
                crate::format::plain_points(opts.accuracy_gap),
            ));
        }
    }
    let top = eligible
        .iter()
        .copied()
        .fold(None::<&GroupMetrics>, |best, g| match best {
            Some(b) if b.metrics.selection_rate.0 >= g.metrics.selection_rate.0 => Some(b),
            _ => Some(g),
        });
    if let Some(top) = top {
        let max = top.metrics.selection_rate.0;
        if max > 0.0 {
            for g in &eligible {
                let sr = g.metrics.selection_rate.0;
                let ratio = sr / max;
                if ratio < opts.selection_rate_ratio {
                    alerts.push(format!(
                        "group {}: selection rate {sr:.2} vs {max:.2} for group {} (ratio {ratio:.2} < {}, four-fifths rule) in {side_name}",
                        g.value, top.value, opts.selection_rate_ratio,
                    ));
                }
            }
        }
    }
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fairness::test_util::rows;
    use crate::fairness::{bias_side, BiasInput};

    #[test]
    fn four_fifths_rule_alerts_on_low_selection_ratio() {
        // A: 40 rows, 20 selected (SR .5); B: 40 rows, 12 selected (SR .3) → ratio .6 < .8.
        // Accuracy is equal (all predictions correct) so only the four-fifths alert fires.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 20),
            ("A", "0", "0", 20),
            ("B", "1", "1", 12),
            ("B", "0", "0", 28),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let side =
            bias_side(&input, "1", &BiasOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let alerts = side_alerts(&side, &BiasOptions::default(), "production");
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        assert!(
            alerts[0]
                .starts_with("group B: selection rate 0.30 vs 0.50 for group A (ratio 0.60 < 0.8"),
            "{}",
            alerts[0]
        );
        // Ratio exactly 0.8 is not below 0.8: no alert.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 20),
            ("A", "0", "0", 20),
            ("B", "1", "1", 16),
            ("B", "0", "0", 24),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let side =
            bias_side(&input, "1", &BiasOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(side_alerts(&side, &BiasOptions::default(), "production").is_empty());
    }

    #[test]
    fn accuracy_gap_alert_in_plain_words() {
        // A: 50 rows all correct (acc 1); B: 50 rows, 30 correct (acc .6); overall .8.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 25),
            ("A", "0", "0", 25),
            ("B", "1", "1", 15),
            ("B", "0", "0", 15),
            ("B", "1", "0", 10),
            ("B", "0", "1", 10),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let opts = BiasOptions::default();
        let side = bias_side(&input, "1", &opts).unwrap_or_else(|e| panic!("{e}"));
        let alerts = side_alerts(&side, &opts, "production");
        assert!(
            alerts.contains(
                &"group A: accuracy 1.00 vs overall 0.80 (+20 points > 5) in production".to_owned()
            ),
            "{alerts:?}"
        );
        assert!(
            alerts.contains(
                &"group B: accuracy 0.60 vs overall 0.80 (−20 points > 5) in production".to_owned()
            ),
            "{alerts:?}"
        );
    }

    #[test]
    fn small_groups_are_flagged_and_never_alerted() {
        // S has 10 rows (< 30) and terrible accuracy and no selection: flagged, no alert.
        let (g, y, p) = rows(&[
            ("A", "1", "1", 20),
            ("A", "0", "0", 20),
            ("S", "1", "0", 10),
        ]);
        let input = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &p,
        };
        let opts = BiasOptions::default();
        let side = bias_side(&input, "1", &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            side.groups
                .iter()
                .map(|g| (g.value.as_str(), g.small_sample))
                .collect::<Vec<_>>(),
            [("A", false), ("S", true)]
        );
        assert!(side_alerts(&side, &opts, "reference")
            .iter()
            .all(|a| !a.contains("group S")));
        // The small group still enters the aggregates (fairlearn has no minimum size).
        assert_eq!(side.demographic_parity_ratio.0, 0.0);
        // With the threshold lowered to 5 it is alerted on.
        let opts5 = BiasOptions {
            min_group_size: 5,
            ..BiasOptions::default()
        };
        let side5 = bias_side(&input, "1", &opts5).unwrap_or_else(|e| panic!("{e}"));
        assert!(side_alerts(&side5, &opts5, "reference")
            .iter()
            .any(|a| a.starts_with("group S: accuracy 0.00")));
    }
}

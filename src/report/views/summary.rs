//! The verdict and the summary cards over the report: one builder for the page and the HTML
//! report, so both say the same thing in the same words.

use crate::report::Report;

/// How a card reads: fine, needs attention, or information only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing to act on.
    Ok,
    /// Needs attention.
    Alert,
    /// Neither (a figure to know).
    Info,
}

impl Tone {
    /// `Alert` when `alert`, else `Ok`.
    #[must_use]
    pub fn of(alert: bool) -> Tone {
        if alert {
            Tone::Alert
        } else {
            Tone::Ok
        }
    }

    /// The CSS class (`ok`, `alert`, `info`).
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Alert => "alert",
            Tone::Info => "info",
        }
    }

    /// The mark shown before the title (not by colour alone): ✓, ▲, ●.
    #[must_use]
    pub fn mark(self) -> &'static str {
        match self {
            Tone::Ok => "✓",
            Tone::Alert => "▲",
            Tone::Info => "●",
        }
    }
}

/// One summary card: title, value, one-line reason, tone, and what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryCard {
    /// e.g. "Dataset drift".
    pub title: String,
    /// e.g. "3 of 12".
    pub value: String,
    /// One line under the value.
    pub sub: String,
    /// How it reads.
    pub tone: Tone,
    /// What the card means (a tooltip in the page, a note in the HTML report).
    pub help: &'static str,
}

/// The headline of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// `true` when the dataset drifted.
    pub alert: bool,
    /// "▲ DRIFT" or "✓ NO DATASET DRIFT".
    pub badge: &'static str,
    /// "Dataset drift: 3 of 12 features drifted (threshold 50 %)".
    pub headline: String,
    /// "Largest feature PSI: 0.41 on age (significant)." when there is one.
    pub psi: Option<String>,
}

/// A check's direction as a sign: `above` → `>`, `below` → `<`, `at_least` → `≥`, `at_most` → `≤`.
#[must_use]
pub fn direction_symbol(direction: &str) -> &str {
    match direction {
        "above" => ">",
        "below" => "<",
        "at_least" => "≥",
        "at_most" => "≤",
        d => d,
    }
}

/// The verdict of `r`.
#[must_use]
pub fn verdict(r: &Report) -> Verdict {
    let d = &r.drift;
    Verdict {
        alert: d.dataset_drift,
        badge: if d.dataset_drift {
            "▲ DRIFT"
        } else {
            "✓ NO DATASET DRIFT"
        },
        headline: format!(
            "Dataset drift: {} of {} features drifted (threshold {:.0} %)",
            d.n_drifted,
            d.n_features,
            d.drift_share_threshold.0 * 100.0
        ),
        psi: r.max_feature_psi().map(|(c, v)| {
            format!(
                "Largest feature PSI: {} on {} ({}).",
                crate::format::num(v),
                c,
                crate::report::psi_band(v)
            )
        }),
    }
}

/// The summary cards of `r`, in the page's order: dataset drift, target drift, schema drift,
/// late labels, accuracy or MAE, prediction mean, latency, error rate, outliers, bias, retrain.
#[must_use]
pub fn summary_cards(r: &Report) -> Vec<SummaryCard> {
    let mut cards: Vec<SummaryCard> = Vec::new();
    let d = &r.drift;
    cards.push(SummaryCard {
        title: "Dataset drift".into(),
        value: format!("{} of {}", d.n_drifted, d.n_features),
        sub: format!(
            "feature columns drifted ({:.0} %; threshold {:.0} %)",
            d.share_drifted.0 * 100.0,
            d.drift_share_threshold.0 * 100.0
        ),
        tone: Tone::of(d.dataset_drift),
        help: "Each feature column is tested (Evidently's automatic choice unless overridden); the dataset drifts when the share of drifted features reaches the threshold.",
    });
    let target = r
        .columns
        .iter()
        .find(|c| c.role == crate::data::Role::Target);
    if let Some(tc) = target.and_then(|t| d.columns.iter().find(|c| c.column == t.name)) {
        cards.push(SummaryCard {
            title: format!("Target drift: {}", tc.column),
            value: if tc.drifted { "drifted".into() } else { "stable".into() },
            sub: tc.reason.clone(),
            tone: Tone::of(tc.drifted),
            help: "The distribution of the label itself (prior shift), tested like a feature but not counted in the dataset share.",
        });
    }
    let sd = &r.schema_drift;
    if !sd.is_empty() {
        let n = sd.only_in_reference.len() + sd.only_in_production.len();
        let list = |v: &[String]| {
            let shown: Vec<&str> = v.iter().take(4).map(String::as_str).collect();
            format!(
                "{}{}",
                shown.join(", "),
                if v.len() > 4 { ", …" } else { "" }
            )
        };
        let mut parts = Vec::new();
        if !sd.only_in_reference.is_empty() {
            parts.push(format!(
                "only in reference: {}",
                list(&sd.only_in_reference)
            ));
        }
        if !sd.only_in_production.is_empty() {
            parts.push(format!(
                "only in production: {}",
                list(&sd.only_in_production)
            ));
        }
        cards.push(SummaryCard {
            title: "Schema drift".into(),
            value: format!("{n} {}", if n == 1 { "column" } else { "columns" }),
            sub: parts.join(" · "),
            tone: Tone::Alert,
            help: "Columns present in only one of the two files: not compared, listed here and in the model card.",
        });
    }
    if let Some(l) = &r.labels {
        cards.push(SummaryCard {
            title: "Late labels".into(),
            value: crate::format::share(l.coverage),
            sub: format!(
                "{} of {} production rows labelled from {}{}",
                l.labelled_rows,
                l.production_rows,
                l.file,
                if l.unmatched_ids > 0 {
                    format!(" · {} label ids match no prediction", l.unmatched_ids)
                } else {
                    String::new()
                }
            ),
            tone: if l.coverage < 0.5 { Tone::Alert } else { Tone::Info },
            help: "The third file's labels joined to production by id: model quality is computed on the labelled rows only.",
        });
    }
    if let Some(c) = &r.classification {
        if let (Some(a), Some(b)) = (&c.reference, &c.production) {
            let delta = b.accuracy.0 - a.accuracy.0;
            let bad = b.accuracy.0 < a.accuracy.0 * 0.95;
            cards.push(SummaryCard {
                title: "Accuracy (production)".into(),
                value: format!("{:.3}", b.accuracy.0),
                sub: format!(
                    "{}{:.3} vs reference {:.3} · {} labelled rows",
                    if delta < 0.0 { "↓" } else { "↑" },
                    delta.abs(),
                    a.accuracy.0,
                    b.n_labeled
                ),
                tone: Tone::of(bad),
                help: "Share of labelled production rows predicted correctly; alert when it is more than 5 % (relative) below the reference.",
            });
        }
    }
    if let Some(g) = &r.regression {
        if let (Some(a), Some(b)) = (&g.reference, &g.production) {
            let bad = b.mae.0 > a.mae.0 * 1.05;
            cards.push(SummaryCard {
                title: "MAE (production)".into(),
                value: crate::format::num(b.mae.0),
                sub: format!("reference {} · RMSE {}", crate::format::num(a.mae.0), crate::format::num(b.rmse.0)),
                tone: Tone::of(bad),
                help: "Mean absolute error of the labelled production rows; alert when it grows more than 5 % over the reference.",
            });
        }
    }
    for (col, pd) in &r.prediction_drift {
        cards.push(SummaryCard {
            title: format!("Prediction mean: {col}"),
            value: if pd.drifted { "drifted".into() } else { "stable".into() },
            sub: format!(
                "mean {} → {} (2σ rule, σ = {})",
                crate::format::num(pd.mean_reference.0),
                crate::format::num(pd.mean_production.0),
                crate::format::num(pd.std_reference.0)
            ),
            tone: Tone::of(pd.drifted),
            help: "The seed's rule: the production mean drifts when it is more than two reference standard deviations from the reference mean.",
        });
    }
    if let Some(l) = &r.latency {
        if let Some(met) = l.slo.met {
            cards.push(SummaryCard {
                title: format!("Latency p{}", crate::format::num(l.slo.percentile.0)),
                value: format!("{} ms", crate::format::num(l.slo.value_ms.0)),
                sub: format!(
                    "SLO ≤ {} ms: {} · reference {} ms",
                    crate::format::num(l.slo.target_ms.0),
                    if met { "met" } else { "missed" },
                    crate::format::num(l.reference_ms.p99.0)
                ),
                tone: Tone::of(!met),
                help: "The production latency percentile against the SLO target (Settings → SLO).",
            });
        }
    }
    if let Some(e) = &r.error_rate {
        if e.production.n > 0 {
            cards.push(SummaryCard {
                title: "Error rate".into(),
                value: crate::format::share(e.production.rate.0),
                sub: format!("reference {}", crate::format::share(e.reference.rate.0)),
                tone: Tone::Info,
                help: "Share of requests whose status is an error (HTTP outside 2xx, or error/fail/timeout…), with a Wilson interval in the Service section.",
            });
        }
    }
    if let Some(o) = &r.outliers {
        cards.push(SummaryCard {
            title: "Outliers (Isolation Forest)".into(),
            value: crate::format::share(o.share_production.0),
            sub: format!(
                "expected {} · {}",
                crate::format::share(o.expected_share.0),
                crate::format::p_value(o.p_value.0)
            ),
            tone: Tone::of(o.alert),
            help: "Share of production rows an Isolation Forest fitted on the reference finds unusual, against the share expected from the reference (the threshold is the reference's own score quantile at the contamination setting, 1 % by default); a binomial test says whether the excess is real.",
        });
    }
    if let Some(e) = &r.llm_eval {
        if let Some(v) = e.versions.iter().rev().find(|v| v.evaluated > 0) {
            let rate = v.pass_rate.map_or(f64::NAN, |x| x.0);
            cards.push(SummaryCard {
                title: format!("Eval pass rate: {}", v.version),
                value: crate::format::share(rate),
                sub: match (&v.previous, v.pass_rate_change, v.p_value) {
                    (Some(prev), Some(c), Some(p)) => format!(
                        "{} points vs {prev} · {}{}",
                        crate::format::points(c.0, false),
                        crate::format::p_value(p.0),
                        if v.regression { " · regression" } else { "" }
                    ),
                    _ => format!("{} of {} answers pass", v.passed, v.evaluated),
                },
                tone: Tone::of(v.regression),
                help: "The latest version's share of answers that match the expected ones (the matcher chosen in the LLM evaluation), against the version before it; a regression is a drop of more than 5 points with a two-proportion p < 0.05.",
            });
        }
    }
    if let Some(b) = &r.bias {
        let n: usize = b.columns.iter().map(|c| c.alerts.len()).sum();
        let cols: Vec<&str> = b.columns.iter().map(|c| c.column.as_str()).collect();
        cards.push(SummaryCard {
            title: "Bias alerts".into(),
            value: n.to_string(),
            sub: format!("groups: {}", cols.join(", ")),
            tone: Tone::of(n > 0),
            help: "Groups whose accuracy is more than 5 points from the overall accuracy, or whose selection rate is below four-fifths of the highest group's.",
        });
    }
    cards.push(SummaryCard {
        title: "Retrain".into(),
        value: if r.retrain.recommended { "recommended".into() } else { "not needed".into() },
        sub: if r.retrain.recommended {
            r.retrain.reasons.join("; ")
        } else {
            "no trigger fired".into()
        },
        tone: Tone::of(r.retrain.recommended),
        help: "Triggers: dataset drift, a > 5 % performance drop, or the feedback error rate above its threshold.",
    });
    cards
}

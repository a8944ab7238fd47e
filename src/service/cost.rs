//! Cost per request, totals and the budget alert (SPEC §7).

use serde::{Deserialize, Serialize};

use super::{check_len, ServiceError};
use crate::num::Num;
use crate::stats::{mean, pairwise_sum};

/// Length of the budget month: 30 days, in seconds.
pub const SECONDS_PER_MONTH: f64 = 30.0 * 86_400.0;

/// Cost settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostOptions {
    /// When set, the column holds **tokens** and the cost of a row is
    /// `tokens / 1000 × price_per_1k_tokens`.
    pub price_per_1k_tokens: Option<f64>,
    /// Budget for production (same currency as the cost): compared with the production sum,
    /// or with its 30-day projection when production spans less than 30 days.
    pub budget: Option<f64>,
}

/// Cost of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostSide {
    /// Rows with a finite cost.
    pub n: u64,
    /// Rows with a missing or non-finite cost (left out).
    pub missing: u64,
    /// Total cost.
    pub sum: Num,
    /// Mean cost per request (NaN when `n = 0`).
    pub mean: Num,
}

/// The cost block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostReport {
    /// Cost (or tokens) column.
    pub column: String,
    /// Price per 1k tokens when the column holds tokens.
    pub price_per_1k_tokens: Option<Num>,
    /// Reference.
    pub reference: CostSide,
    /// Production.
    pub production: CostSide,
    /// Days between the first and last production timestamp; `null` without timestamps.
    pub span_days: Option<Num>,
    /// Production sum scaled to a 30-day month; `null` unless production spans more than 0
    /// and less than 30 days.
    pub projected_monthly: Option<Num>,
    /// The budget, when one was given.
    pub budget: Option<Num>,
    /// What was compared with the budget (`projected_monthly`, else the production sum).
    pub compared_to_budget: Option<Num>,
    /// `compared_to_budget > budget`; `null` without a budget.
    pub budget_exceeded: Option<bool>,
    /// The alert in plain words when the budget is exceeded.
    pub alert: Option<String>,
}

fn side(values: &[f64], price_per_1k: Option<f64>) -> CostSide {
    let v: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|&v| match price_per_1k {
            Some(p) => v / 1000.0 * p,
            None => v,
        })
        .collect();
    CostSide {
        n: v.len() as u64,
        missing: (values.len() - v.len()) as u64,
        sum: Num(pairwise_sum(&v)),
        mean: Num(mean(&v)),
    }
}

/// Cost per file and the production budget check.
///
/// # Formula
/// ```text
/// cost_i      = c_i                       or  tokens_i / 1000 · price_per_1k
/// sum         = Σ cost_i,  mean = sum / n                         (finite values only)
/// span        = max(t) − min(t)  over finite production timestamps (unix seconds)
/// projected   = sum · (30 days / span)    if 0 < span < 30 days
/// compared    = projected if defined, else sum
/// exceeded    = compared > budget
/// ```
///
/// # Remarks
/// A "month" is 30 days. A production file covering, say, 3 days of traffic is extrapolated
/// linearly to 30 days before it is held against a monthly budget; files spanning 30 days or
/// more, or whose timestamps are missing or all equal, are compared by their plain sum (no
/// extrapolation from a single instant). Sums use numpy's pairwise summation.
///
/// # Errors
/// [`ServiceError::LengthMismatch`] when the timestamps do not match the production rows;
/// [`ServiceError::InvalidOption`] for a negative or non-finite budget or price.
///
/// # References
/// `numpy.sum` / `numpy.mean` for the totals.
pub fn cost_report(
    column: &str,
    reference: &[f64],
    production: &[f64],
    production_timestamps: Option<&[f64]>,
    opts: &CostOptions,
) -> Result<CostReport, ServiceError> {
    for (name, v) in [
        ("budget", opts.budget),
        ("price per 1k tokens", opts.price_per_1k_tokens),
    ] {
        if let Some(x) = v {
            if !x.is_finite() || x < 0.0 {
                return Err(ServiceError::InvalidOption(format!(
                    "{name} must be a non-negative number, got {x}"
                )));
            }
        }
    }
    if let Some(t) = production_timestamps {
        check_len("production timestamps", production.len(), t.len())?;
    }
    let r = side(reference, opts.price_per_1k_tokens);
    let p = side(production, opts.price_per_1k_tokens);
    let span = production_timestamps.and_then(|t| {
        let (lo, hi) = t
            .iter()
            .filter(|x| x.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        (lo <= hi).then_some(hi - lo)
    });
    let projected = span
        .filter(|&s| s > 0.0 && s < SECONDS_PER_MONTH)
        .map(|s| p.sum.0 * (SECONDS_PER_MONTH / s));
    let compared = opts.budget.map(|_| projected.unwrap_or(p.sum.0));
    let exceeded = match (compared, opts.budget) {
        (Some(c), Some(b)) => Some(c > b),
        _ => None,
    };
    let alert = match (exceeded, compared, opts.budget) {
        (Some(true), Some(c), Some(b)) => Some(match (projected, span) {
            (Some(_), Some(s)) => format!(
                "production cost {:.2} over {:.1} days projects to {c:.2} per 30-day month, above the budget {b:.2}",
                p.sum.0,
                s / 86_400.0
            ),
            _ => format!("production cost {c:.2} is above the budget {b:.2}"),
        }),
        _ => None,
    };
    Ok(CostReport {
        column: column.to_owned(),
        price_per_1k_tokens: opts.price_per_1k_tokens.map(Num),
        reference: r,
        production: p,
        span_days: span.map(|s| Num(s / 86_400.0)),
        projected_monthly: projected.map(Num),
        budget: opts.budget.map(Num),
        compared_to_budget: compared.map(Num),
        budget_exceeded: exceeded,
        alert,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_means_and_missing() {
        let r = cost_report(
            "cost_usd",
            &[1.0, 2.0, f64::NAN],
            &[0.5, f64::INFINITY, 1.5],
            None,
            &CostOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (
                r.reference.n,
                r.reference.missing,
                r.reference.sum.0,
                r.reference.mean.0
            ),
            (2, 1, 3.0, 1.5)
        );
        assert_eq!(
            (r.production.n, r.production.sum.0, r.production.mean.0),
            (2, 2.0, 1.0)
        );
        assert_eq!(r.budget_exceeded, None);
    }

    #[test]
    fn tokens_times_price() {
        let opts = CostOptions {
            price_per_1k_tokens: Some(0.002),
            budget: None,
        };
        let r = cost_report("tokens", &[], &[1000.0, 500.0], None, &opts)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!((r.production.sum.0 - 0.003).abs() < 1e-15);
    }

    #[test]
    fn budget_uses_monthly_projection_for_short_spans() {
        // 3 days of traffic costing 40 → 400 per 30 days, above a budget of 300.
        let ts = [0.0, 86_400.0, 3.0 * 86_400.0];
        let opts = CostOptions {
            price_per_1k_tokens: None,
            budget: Some(300.0),
        };
        let r = cost_report("cost", &[], &[10.0, 10.0, 20.0], Some(&ts), &opts)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.projected_monthly, Some(Num(400.0)));
        assert_eq!(r.budget_exceeded, Some(true));
        assert!(
            r.alert
                .as_deref()
                .is_some_and(|a| a.contains("projects to 400.00")),
            "{:?}",
            r.alert
        );
        // 40 days of traffic: the plain sum (40) is compared, under budget.
        let ts = [0.0, 20.0 * 86_400.0, 40.0 * 86_400.0];
        let r = cost_report("cost", &[], &[10.0, 10.0, 20.0], Some(&ts), &opts)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (r.projected_monthly, r.compared_to_budget, r.budget_exceeded),
            (None, Some(Num(40.0)), Some(false))
        );
        // Errors: bad budget, timestamps not matching rows.
        let bad = CostOptions {
            price_per_1k_tokens: None,
            budget: Some(-1.0),
        };
        assert!(cost_report("cost", &[], &[], None, &bad).is_err());
        assert!(cost_report("cost", &[], &[1.0], Some(&[]), &opts).is_err());
    }
}

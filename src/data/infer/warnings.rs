//! What the values of a column show, said as warnings: invalid cells (the first rows named),
//! the same values written differently in the two files, a probability written as a percentage
//! or with values outside [0, 1], negative latencies or costs, absurd timestamps.

use std::collections::BTreeSet;

use super::super::load::Warning;
use super::super::values::{Encoding, ValueMap};
use super::super::{RawColumn, Table};
use super::roles::Col;
use super::{Kind, Role};

/// The warnings of one column (pushed to `warnings`); returns the invalid cells per file
/// (reference, production) of the reading the column uses.
pub(super) fn values(
    c: &Col,
    kind: Kind,
    role: Role,
    scale: Option<f64>,
    reference: &Table,
    production: &Table,
    warnings: &mut Vec<Warning>,
) -> [usize; 2] {
    let parts: Vec<&RawColumn> = c.r.into_iter().chain(c.p).collect();
    // Invalid cells of the chosen reading, per file.
    let mut inv = [0usize; 2];
    let mut k = 0;
    for (side, col) in [(0usize, c.r), (1, c.p)] {
        if col.is_some() {
            if let Some((n, first)) = c.facts.invalid.get(k) {
                inv[side] = *n;
                if *n > 0 {
                    let file = if side == 0 {
                        &reference.name
                    } else {
                        &production.name
                    };
                    let nm = col.map_or(1, RawColumn::non_missing).max(1);
                    let examples: Vec<String> = first
                        .iter()
                        .take(3)
                        .map(|(row, text)| format!("`{}` in row {row}", text.replace('`', "'")))
                        .collect();
                    warnings.push(Warning {
                            file: file.clone(),
                            row: first.first().map(|f| f.0),
                            column: Some(c.name.to_owned()),
                            message: format!(
                                "{n} {} not {} ({}{}): counted as invalid ({:.1} % of values) and left out of the tests",
                                if *n == 1 { "cell is" } else { "cells are" },
                                c.facts.invalid_what,
                                examples.join(", "),
                                if *n > examples.len() { ", …" } else { "" },
                                *n as f64 * 100.0 / nm as f64
                            ),
                        });
                }
            }
            k += 1;
        }
    }
    // The same values written differently in the two files.
    if let (Some(r), Some(p), Encoding::Boolean | Encoding::Number) = (c.r, c.p, c.facts.encoding) {
        if kind != Kind::Numeric && kind != Kind::Datetime {
            let (a, b) = (ValueMap::spelling_of(r), ValueMap::spelling_of(p));
            let raw_differs = {
                let ra: BTreeSet<&str> = a.split('/').collect();
                let rb: BTreeSet<&str> = b.split('/').collect();
                !ra.is_subset(&rb) && !rb.is_subset(&ra)
            };
            if raw_differs {
                warnings.push(Warning {
                    file: String::new(),
                    row: None,
                    column: Some(c.name.to_owned()),
                    message: format!(
                        "values written `{}` in {} and `{}` in {}: compared as {}",
                        super::super::clip(&a),
                        reference.name,
                        super::super::clip(&b),
                        production.name,
                        if c.facts.encoding == Encoding::Boolean {
                            "true/false values"
                        } else {
                            "numbers"
                        }
                    ),
                });
            }
        }
    }
    if role == Role::Score && scale == Some(0.01) {
        warnings.push(Warning {
            file: String::new(),
            row: None,
            column: Some(c.name.to_owned()),
            message: "a probability written as a percentage (0–100): divided by 100".into(),
        });
    }
    let role_nums = || {
        matches!(
            role,
            Role::Score | Role::ClassScore | Role::Latency | Role::Cost
        )
        .then(|| c.facts.nums(&parts))
        .flatten()
    };
    if let (Role::Score | Role::ClassScore, Some(n)) = (role, role_nums()) {
        let scaled_unit = if scale.is_some() {
            n.in_percent
        } else {
            n.in_unit
        };
        if n.n > scaled_unit {
            warnings.push(Warning {
                    file: String::new(),
                    row: None,
                    column: Some(c.name.to_owned()),
                    message: format!(
                        "{} of {} values lie outside [0, 1] (min {}, max {}): not probabilities, left out of the probability metrics",
                        n.n - scaled_unit,
                        n.n,
                        crate::format::plain(n.min),
                        crate::format::plain(n.max)
                    ),
                });
        }
    }
    if let (Role::Latency | Role::Cost, Some(n)) = (role, role_nums()) {
        if n.non_negative < n.n {
            warnings.push(Warning {
                file: String::new(),
                row: None,
                column: Some(c.name.to_owned()),
                message: format!(
                    "{} negative values (min {}): a {} cannot be negative; check the column",
                    n.n - n.non_negative,
                    crate::format::plain(n.min),
                    if role == Role::Latency {
                        "latency"
                    } else {
                        "cost"
                    }
                ),
            });
        }
    }
    if kind == Kind::Datetime {
        for (col, file) in [(c.r, &reference.name), (c.p, &production.name)] {
            let Some(v) = col.and_then(|c| c.datetimes.as_ref()) else {
                continue;
            };
            let absurd: Vec<f64> = v
                .iter()
                .copied()
                .filter(|x| {
                    x.is_finite()
                        && !(super::super::datetime::PLAUSIBLE_MIN
                            ..=super::super::datetime::PLAUSIBLE_MAX)
                            .contains(x)
                })
                .collect();
            if let Some(&first) = absurd.first() {
                warnings.push(Warning {
                    file: file.clone(),
                    row: None,
                    column: Some(c.name.to_owned()),
                    message: format!(
                        "{} timestamps before 1900 or after 2200 (e.g. {}): check the column",
                        absurd.len(),
                        super::super::datetime::format_datetime(first)
                    ),
                });
            }
        }
    }
    inv
}

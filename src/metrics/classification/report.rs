//! The report builder on raw, row-aligned label / prediction / score columns.

use super::*;

// ---------------------------------------------------------------------------------------------
// The report builder on raw columns
// ---------------------------------------------------------------------------------------------

/// One file's classification columns, row-aligned (every given slice has the same length).
#[derive(Clone, Copy, Debug, Default)]
pub struct ClassificationInput<'a> {
    /// True label per row; `None` = missing (the row is left out and not counted in
    /// `n_labeled`).
    pub y_true: &'a [Option<&'a str>],
    /// Predicted label per row (`None` for a row = missing there).
    pub y_pred: Option<&'a [Option<&'a str>]>,
    /// Binary: probability of the positive label per row, `NaN` = missing.
    pub score: Option<&'a [f64]>,
    /// Per-class probability columns `(label, P(label) per row)`, `NaN` = missing. Multiclass
    /// probability metrics need one column per label; in a binary task the positive label's
    /// column stands in for a missing `score`.
    pub class_scores: &'a [(&'a str, &'a [f64])],
}

/// Settings of [`classification_report`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClassificationOptions {
    /// Positive label (binary). Default: the first of `1`, `1.0`, `true`, `yes` (any case)
    /// among the labels, else the last label in byte order (sklearn's `classes_[1]`).
    pub positive_label: Option<String>,
    /// Score threshold for the predicted label when a row has no prediction (default 0.5:
    /// positive when score ≥ 0.5).
    pub threshold: f64,
    /// Maximum number of points of the ROC and PR chart curves (default 200; 0 = no curves).
    pub curve_points: usize,
}

impl Default for ClassificationOptions {
    fn default() -> Self {
        ClassificationOptions {
            positive_label: None,
            threshold: 0.5,
            curve_points: 200,
        }
    }
}

/// The label set and task derived from both files.
pub(super) struct Task {
    /// Report labels: multiclass sorted; binary negative(s) first, positive last.
    labels: Vec<String>,
    binary: bool,
}

pub(super) fn check_input(inp: &ClassificationInput) -> Result<(), MetricError> {
    let n = inp.y_true.len();
    if let Some(p) = inp.y_pred {
        check_len("y_pred", n, p.len())?;
    }
    if let Some(s) = inp.score {
        check_len("score", n, s.len())?;
    }
    for (_, c) in inp.class_scores {
        check_len("class score column", n, c.len())?;
    }
    Ok(())
}

/// The default positive label (see [`ClassificationOptions::positive_label`]).
pub(super) fn default_positive(labels: &BTreeSet<&str>) -> Option<String> {
    for cand in ["1", "1.0", "true", "yes"] {
        if let Some(l) = labels.iter().find(|l| l.eq_ignore_ascii_case(cand)) {
            return Some((*l).to_owned());
        }
    }
    // A single label that is a conventional negative: its conventional counterpart is the
    // positive (so an all-`0` file still reports `labels = ["0", "1"]`, positive `1`).
    if labels.len() == 1 {
        const PAIRS: [(&str, &str); 8] = [
            ("0", "1"),
            ("0.0", "1.0"),
            ("false", "true"),
            ("False", "True"),
            ("FALSE", "TRUE"),
            ("no", "yes"),
            ("No", "Yes"),
            ("NO", "YES"),
        ];
        if let Some((_, pos)) = PAIRS.iter().find(|(neg, _)| labels.contains(neg)) {
            return Some((*pos).to_owned());
        }
    }
    labels.iter().next_back().map(|l| (*l).to_owned())
}

/// Distinct labels of a column: a short list scanned linearly while there are few (the usual
/// case, ~10× faster than a tree insert per row), a hash set beyond that.
#[derive(Default)]
pub(super) struct DistinctLabels<'a> {
    small: Vec<&'a str>,
    large: Option<HashSet<&'a str>>,
}

impl<'a> DistinctLabels<'a> {
    fn extend(&mut self, labels: impl Iterator<Item = &'a str>) {
        let mut last: Option<&str> = None;
        for l in labels {
            if last == Some(l) {
                continue;
            }
            last = Some(l);
            if let Some(set) = &mut self.large {
                set.insert(l);
            } else if !self.small.contains(&l) {
                self.small.push(l);
                if self.small.len() > 32 {
                    self.large = Some(self.small.drain(..).collect());
                }
            }
        }
    }

    fn into_set(self) -> BTreeSet<&'a str> {
        match self.large {
            Some(set) => set.into_iter().collect(),
            None => self.small.into_iter().collect(),
        }
    }
}

/// Derives labels, task and positive label from both inputs.
pub(super) fn derive_task(
    inputs: &[&ClassificationInput],
    opts: &ClassificationOptions,
) -> Result<(Task, Option<String>), MetricError> {
    let mut seen = DistinctLabels::default();
    for inp in inputs {
        seen.extend(inp.y_true.iter().flatten().copied());
        if let Some(p) = inp.y_pred {
            seen.extend(p.iter().flatten().copied());
        }
    }
    let mut set = seen.into_set();
    let n_class_cols = inputs
        .iter()
        .map(|i| i.class_scores.len())
        .max()
        .unwrap_or(0);
    if n_class_cols > 2 {
        for inp in inputs {
            set.extend(inp.class_scores.iter().map(|(l, _)| *l));
        }
    }
    if set.is_empty() {
        return Err(MetricError::NoLabels);
    }
    if set.len() > 2 {
        let labels: Vec<String> = set.iter().map(|l| (*l).to_owned()).collect();
        return Ok((
            Task {
                labels,
                binary: false,
            },
            opts.positive_label.clone(),
        ));
    }
    let positive = opts
        .positive_label
        .clone()
        .or_else(|| default_positive(&set))
        .unwrap_or_default();
    let mut labels: Vec<String> = set
        .iter()
        .filter(|l| **l != positive)
        .map(|l| (*l).to_owned())
        .collect();
    labels.push(positive.clone());
    Ok((
        Task {
            labels,
            binary: true,
        },
        Some(positive),
    ))
}

/// The per-row prediction rule shared by the metrics and [`correctness`].
pub(super) enum Rule<'a> {
    Binary { positive: &'a str, threshold: f64 },
    Multi { labels: &'a [String] },
}

impl Rule<'_> {
    /// Binary score of a row: `score`, else the positive label's class column.
    fn binary_score(inp: &ClassificationInput, positive: &str, row: usize) -> f64 {
        let s = inp
            .score
            .and_then(|s| s.get(row).copied())
            .unwrap_or(f64::NAN);
        if !s.is_nan() {
            return s;
        }
        inp.class_scores
            .iter()
            .find(|(l, _)| *l == positive)
            .and_then(|(_, c)| c.get(row).copied())
            .unwrap_or(f64::NAN)
    }

    /// Class code of a label (binary: 1 = positive).
    fn code(&self, label: &str) -> Option<usize> {
        match self {
            Rule::Binary { positive, .. } => Some(usize::from(label == *positive)),
            // A linear scan beats a binary search for the usual handful of classes.
            Rule::Multi { labels } if labels.len() <= 16 => labels.iter().position(|l| l == label),
            Rule::Multi { labels } => labels.binary_search_by(|l| l.as_str().cmp(label)).ok(),
        }
    }

    /// Predicted class code of a row: the prediction column, else the score rule (binary) or
    /// the argmax of the class probabilities `cols` (multiclass; `None` unless every label has
    /// a column and the row has no NaN).
    fn predict(
        &self,
        inp: &ClassificationInput,
        row: usize,
        cols: Option<&[&[f64]]>,
    ) -> Option<usize> {
        if let Some(l) = inp.y_pred.and_then(|p| p.get(row).copied().flatten()) {
            return self.code(l);
        }
        match self {
            Rule::Binary {
                positive,
                threshold,
            } => {
                let s = Self::binary_score(inp, positive, row);
                (!s.is_nan()).then_some(usize::from(s >= *threshold))
            }
            Rule::Multi { .. } => {
                // numpy argmax: the first maximum.
                let mut best = None;
                let mut best_v = f64::NEG_INFINITY;
                for (c, col) in cols?.iter().enumerate() {
                    let v = *col.get(row)?;
                    if v.is_nan() {
                        return None;
                    }
                    if best.is_none() || v > best_v {
                        best = Some(c);
                        best_v = v;
                    }
                }
                best
            }
        }
    }
}

/// All class columns in label order, when every label has one.
pub(super) fn complete_columns<'a>(class_cols: &[Option<&'a [f64]>]) -> Option<Vec<&'a [f64]>> {
    if class_cols.is_empty() {
        return None;
    }
    class_cols.iter().copied().collect()
}

/// Class probability columns in label order (`None` where a label has no column).
pub(super) fn class_columns<'a>(
    inp: &ClassificationInput<'a>,
    labels: &[String],
) -> Vec<Option<&'a [f64]>> {
    labels
        .iter()
        .map(|l| {
            inp.class_scores
                .iter()
                .find(|(c, _)| *c == l.as_str())
                .map(|(_, c)| *c)
        })
        .collect()
}

pub(super) fn side_metrics(
    inp: &ClassificationInput,
    rule: &Rule,
    labels: &[String],
    opts: &ClassificationOptions,
) -> Result<Option<ClassMetrics>, MetricError> {
    let n_rows = inp.y_true.len();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let mut missing_pred = 0usize;
    let mut m = match rule {
        Rule::Binary { positive, .. } => {
            let has_score =
                inp.score.is_some() || inp.class_scores.iter().any(|(l, _)| l == positive);
            let mut yb = Vec::with_capacity(n_rows);
            let mut pb = Vec::with_capacity(n_rows);
            let mut score = Vec::with_capacity(if has_score { n_rows } else { 0 });
            for (row, t) in inp.y_true.iter().enumerate() {
                let Some(t) = t else { continue };
                let Some(pc) = rule.predict(inp, row, None) else {
                    missing_pred += 1;
                    continue;
                };
                yb.push(*t == *positive);
                pb.push(pc == 1);
                if has_score {
                    score.push(Rule::binary_score(inp, positive, row));
                }
            }
            if yb.is_empty() {
                return Ok(None);
            }
            let negative = match label_refs.len() {
                2 => label_refs[0].to_owned(),
                _ => format!("(not {positive})"),
            };
            binary_metrics(
                &yb,
                &pb,
                has_score.then_some(score.as_slice()),
                [&negative, positive],
                opts.curve_points,
            )?
        }
        Rule::Multi { .. } => {
            let class_cols = class_columns(inp, labels);
            let full = complete_columns(&class_cols);
            let mut y = Vec::with_capacity(n_rows);
            let mut yhat = Vec::with_capacity(n_rows);
            let mut rows = Vec::with_capacity(n_rows);
            for (row, t) in inp.y_true.iter().enumerate() {
                let Some(t) = t else { continue };
                let (Some(tc), Some(pc)) = (rule.code(t), rule.predict(inp, row, full.as_deref()))
                else {
                    missing_pred += 1;
                    continue;
                };
                y.push(tc);
                yhat.push(pc);
                rows.push(row);
            }
            if y.is_empty() {
                return Ok(None);
            }
            let missing_col = labels
                .iter()
                .zip(&class_cols)
                .find(|(_, c)| c.is_none())
                .map(|(l, _)| l);
            match missing_col {
                _ if inp.class_scores.is_empty() => {
                    multiclass_metrics(&y, &yhat, &label_refs, None)?
                }
                Some(missing) => {
                    let mut m = multiclass_metrics(&y, &yhat, &label_refs, None)?;
                    let reason = MetricError::MissingClassScore(missing.clone()).to_string();
                    for key in [
                        "roc_auc",
                        "roc_auc_ovr_weighted",
                        "roc_auc_ovo_macro",
                        "log_loss",
                        "brier",
                        "ece",
                    ] {
                        m.not_computable.insert(key.to_owned(), reason.clone());
                    }
                    m
                }
                None if rows.len() == n_rows => {
                    // Every row is used: pass the columns as they are (no copy).
                    let refs: Vec<&[f64]> = class_cols.iter().flatten().copied().collect();
                    multiclass_metrics(&y, &yhat, &label_refs, Some(&refs))?
                }
                None => {
                    let cols: Vec<Vec<f64>> = class_cols
                        .iter()
                        .flatten()
                        .map(|c| rows.iter().map(|&r| c[r]).collect())
                        .collect();
                    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
                    multiclass_metrics(&y, &yhat, &label_refs, Some(&refs))?
                }
            }
        }
    };
    m.n_rows = n_rows;
    m.n_missing_prediction = missing_pred;
    Ok(Some(m))
}

/// Builds SPEC §9's `classification` block from both files' columns.
///
/// # Formula
/// Task: **multiclass** when more than two labels occur (in the targets and predictions of both
/// files, plus the labels of class-probability columns when there are more than two such
/// columns), else **binary**. Predicted label per row: the prediction column; where it is
/// missing, binary uses `score ≥ threshold` (score = `score`, else the positive label's class
/// column) and multiclass the argmax of the class probabilities (first maximum, numpy's
/// `argmax`). Then [`binary_metrics`] / [`multiclass_metrics`] per file.
///
/// # Remarks
/// * Rows with a missing target are skipped and counted (`n_rows − n_labeled`); rows with a
///   target but no prediction are skipped and counted in `n_missing_prediction`.
/// * A file without any usable row gets `None` (key omitted).
/// * Binary with a user-chosen positive label that never occurs still works (everything is
///   negative); a negative label that never occurs is named `(not <positive>)` in `per_class`.
///
/// # Errors
/// [`MetricError::NoLabels`] when neither file has any label, [`MetricError::LengthMismatch`]
/// when a file's columns differ in length.
///
/// # References
/// `sklearn.metrics` (see [`binary_metrics`], [`multiclass_metrics`]).
pub fn classification_report(
    reference: Option<&ClassificationInput>,
    production: Option<&ClassificationInput>,
    opts: &ClassificationOptions,
) -> Result<ClassificationReport, MetricError> {
    let inputs: Vec<&ClassificationInput> =
        reference.iter().chain(production.iter()).copied().collect();
    for inp in &inputs {
        check_input(inp)?;
    }
    let (task, positive) = derive_task(&inputs, opts)?;
    let rule = match (task.binary, &positive) {
        (true, Some(p)) => Rule::Binary {
            positive: p,
            threshold: opts.threshold,
        },
        _ => Rule::Multi {
            labels: &task.labels,
        },
    };
    let side = |inp: Option<&ClassificationInput>| -> Result<Option<ClassMetrics>, MetricError> {
        match inp {
            Some(i) => side_metrics(i, &rule, &task.labels, opts),
            None => Ok(None),
        }
    };
    Ok(ClassificationReport {
        task: if task.binary { "binary" } else { "multiclass" }.to_owned(),
        positive_label: positive.clone(),
        labels: task.labels.clone(),
        reference: side(reference)?,
        production: side(production)?,
    })
}

/// The positive label when the task is binary, as [`classification_report`] derives it from
/// both inputs (`None` for a multiclass task) — without computing any metric.
///
/// # Errors
/// As [`classification_report`]'s input checks ([`MetricError::NoLabels`], length mismatches).
pub fn binary_positive_label(
    reference: Option<&ClassificationInput>,
    production: Option<&ClassificationInput>,
    opts: &ClassificationOptions,
) -> Result<Option<String>, MetricError> {
    let inputs: Vec<&ClassificationInput> =
        reference.iter().chain(production.iter()).copied().collect();
    for inp in &inputs {
        check_input(inp)?;
    }
    let (task, positive) = derive_task(&inputs, opts)?;
    Ok(if task.binary { positive } else { None })
}

/// Per row: was the prediction right? `None` when the row has no target or no usable
/// prediction — the 0/1 outcome stream behind rolling accuracy, chunks and change points.
///
/// Uses exactly the label set, positive label and prediction rule of `report` (build the report
/// first with [`classification_report`] and pass the same `opts`).
///
/// # Errors
/// [`MetricError::LengthMismatch`] when the input's columns differ in length.
pub fn correctness(
    input: &ClassificationInput,
    report: &ClassificationReport,
    opts: &ClassificationOptions,
) -> Result<Vec<Option<bool>>, MetricError> {
    check_input(input)?;
    let rule = match (&report.task[..], &report.positive_label) {
        ("binary", Some(p)) => Rule::Binary {
            positive: p,
            threshold: opts.threshold,
        },
        _ => Rule::Multi {
            labels: &report.labels,
        },
    };
    correctness_with(input, &rule, &report.labels)
}

pub(super) fn correctness_with(
    input: &ClassificationInput,
    rule: &Rule,
    labels: &[String],
) -> Result<Vec<Option<bool>>, MetricError> {
    let full = match rule {
        Rule::Multi { .. } => complete_columns(&class_columns(input, labels)),
        Rule::Binary { .. } => None,
    };
    Ok(input
        .y_true
        .iter()
        .enumerate()
        .map(|(row, t)| {
            let tc = rule.code((*t)?)?;
            let pc = rule.predict(input, row, full.as_deref())?;
            Some(tc == pc)
        })
        .collect())
}

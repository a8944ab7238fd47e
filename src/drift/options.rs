//! Per-column drift settings ([`ColumnOptions`], [`Binning`]) and their rules, written once.
//!
//! - [`ColumnOptions::check`] holds every rule the settings alone can break (threshold range,
//!   bin count, `psi_seed` with bins), one [`OptionsError`] variant per rule. The settings
//!   (`Config::validate`) call it for each `drift.columns.<column>` entry; the suites call it
//!   too, so a direct caller of [`crate::drift::numeric_drift`] gets the same answer.
//! - The rules that also need the data — the column's kind, its number of distinct values, the
//!   threshold of an automatically chosen method — are checked by the suites through
//!   `ColumnOptions::numeric_choice` / `categorical_choice` (below), and reported as
//!   [`DriftError::InvalidOption`] in the column's verdict.

use super::method::{auto_method, Method};
use super::DriftError;

/// Binning of numeric columns for the binned methods (PSI, Jensen–Shannon, KL, Hellinger)
/// (SPEC §3.2). The report's histogram chart uses its own display bins, not these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binning {
    /// Cuts at the reference quantiles k/n (deciles by default), duplicates merged, outer bins
    /// open (golden `binned.ref_deciles`).
    #[default]
    RefDeciles,
    /// n equal-width bins over the reference min..max, outer bins open.
    EqualWidth,
    /// Evidently's Sturges bins over the pooled min..max, `np.histogram` counting (golden
    /// `binned.sturges_combined`). The bin count comes from Sturges' rule.
    SturgesCombined,
}

/// Per-column settings (all optional overrides; `Default` = SPEC defaults).
///
/// In JSON (`drift.columns.<name>`) the binning key is `bins` (SPEC §9); `binning` is accepted
/// too. Missing keys take their defaults.
///
/// # Remarks
/// - `binning` and `n_bins` apply to every binned method on numeric columns (`psi`,
///   `jensenshannon`, `kl_div`, `hellinger`). `sturges_combined` chooses its own bin count and
///   ignores `n_bins`. Numeric columns with at most 5 distinct values always use one bin per
///   distinct value (they are tested like categories).
/// - [`ColumnOptions::check`] lists the rules on the settings alone; the suites add the rules
///   that need the data (a method that does not apply to the column, a binning or bin count on
///   a categorical column, the threshold of the automatically chosen method).
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ColumnOptions {
    /// Method deciding the verdict; `None` = [`auto_method`].
    pub method: Option<Method>,
    /// Threshold of that method; `None` = [`Method::default_threshold`].
    pub threshold: Option<f64>,
    /// Binning of numeric columns for the binned methods.
    #[serde(rename = "bins", alias = "binning")]
    pub binning: Binning,
    /// Number of bins for `ref_deciles` / `equal_width` (default 10; ignored by Sturges).
    pub n_bins: Option<usize>,
    /// Compute every applicable method for this column (as `--tests all` does for all columns);
    /// the page's "all tests" button sets it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_tests: bool,
}

/// The bin count of `ref_deciles` / `equal_width` when `n_bins` is not set.
pub const DEFAULT_N_BINS: usize = 10;

/// The allowed `n_bins`.
pub const N_BINS_RANGE: std::ops::RangeInclusive<usize> = 2..=1000;

/// A rule of [`ColumnOptions::check`] that the settings break. Each message names the setting
/// as `drift.columns.<column>.<field>` and the value given (the suites, which check the options
/// without the column's name, write the field alone).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// `threshold` is NaN, infinite or negative.
    #[error("{} must be a finite number ≥ 0, got {threshold}", key(.column, "threshold"))]
    Threshold {
        /// The column; empty when the suites check the options (they are not given the
        /// column's name, and their messages start at the field).
        column: String,
        /// The threshold given.
        threshold: f64,
    },
    /// `threshold` is above 1 for a method whose score is a p-value.
    #[error(
        "{} must be at most 1 for {} (its score is a p-value), got {threshold}",
        key(.column, "threshold"),
        .method.id()
    )]
    PValueThreshold {
        /// The column; empty when the suites check the options (they are not given the
        /// column's name, and their messages start at the field).
        column: String,
        /// The p-value method the threshold is for.
        method: Method,
        /// The threshold given.
        threshold: f64,
    },
    /// `n_bins` is outside [`N_BINS_RANGE`].
    #[error(
        "{} must be in {}..={}, got {n_bins}",
        key(.column, "n_bins"),
        N_BINS_RANGE.start(),
        N_BINS_RANGE.end()
    )]
    NBins {
        /// The column; empty when the suites check the options (they are not given the
        /// column's name, and their messages start at the field).
        column: String,
        /// The bin count given.
        n_bins: usize,
    },
    /// `method` does not apply to the column's kind.
    #[error(
        "{}: `{}` does not apply to {}, a {kind} column (methods for {kind} columns: {})",
        key(.column, "method"),
        .method.id(),
        this(.column),
        methods_for(*.kind == "numeric")
    )]
    MethodKind {
        /// The column.
        column: String,
        /// The method given.
        method: Method,
        /// `"numeric"` or `"categorical"`.
        kind: &'static str,
    },
    /// `method` needs fewer distinct values than the column has.
    #[error(
        "{}: `{}` needs a column with at most {max} distinct values ({} has {found})",
        key(.column, "method"),
        .method.id(),
        this(.column)
    )]
    TooManyValues {
        /// The column.
        column: String,
        /// The method given.
        method: Method,
        /// Most distinct values the method takes.
        max: usize,
        /// Distinct values of the column.
        found: usize,
    },
    /// `bins` or `n_bins` on a categorical column (one bin per category).
    #[error(
        "{}: bins and n_bins apply to numeric columns only ({} is categorical: one bin per category)",
        key(.column, "bins"),
        this(.column)
    )]
    CategoricalBins {
        /// The column.
        column: String,
    },
    /// `bins` or `n_bins` is set with `psi_seed`, which always uses the seed's own bins.
    #[error(
        "{} does not apply to psi_seed: it always uses the seed's 10 equal-width \
         bins over the reference range; for other bins choose psi with bins equal_width / sturges_combined and n_bins",
        key(.column, .field)
    )]
    PsiSeedBins {
        /// The column; empty when the suites check the options (they are not given the
        /// column's name, and their messages start at the field).
        column: String,
        /// `"bins"` or `"n_bins"`.
        field: &'static str,
    },
}

/// The methods that apply to a numeric (`true`) or categorical column, by id.
fn methods_for(numeric: bool) -> String {
    Method::ALL
        .iter()
        .filter(|m| {
            if numeric {
                m.for_numeric()
            } else {
                m.for_categorical()
            }
        })
        .map(|m| m.id())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The setting `field` of `column` as the settings name it, `drift.columns.<column>.<field>`;
/// the field alone for the suites (`column` empty), whose messages appear in the column's row.
fn key(column: &str, field: &str) -> String {
    if column.is_empty() {
        field.to_owned()
    } else {
        format!("drift.columns.{column}.{field}")
    }
}

/// `` `column` ``, or "this column" for the suites (`column` empty).
fn this(column: &str) -> String {
    if column.is_empty() {
        "this column".to_owned()
    } else {
        format!("`{column}`")
    }
}

/// The column name the suites check the options under (see [`key`]).
const UNNAMED: &str = "";

impl From<OptionsError> for DriftError {
    fn from(e: OptionsError) -> Self {
        DriftError::InvalidOption(e.to_string())
    }
}

/// The threshold rule: finite and ≥ 0, and at most 1 for a p-value method (`None`: the method
/// is chosen later, from the data).
fn check_threshold(
    column: &str,
    method: Option<Method>,
    threshold: f64,
) -> Result<(), OptionsError> {
    if !threshold.is_finite() || threshold < 0.0 {
        return Err(OptionsError::Threshold {
            column: column.to_owned(),
            threshold,
        });
    }
    match method {
        Some(method) if method.is_p_value() && threshold > 1.0 => {
            Err(OptionsError::PValueThreshold {
                column: column.to_owned(),
                method,
                threshold,
            })
        }
        _ => Ok(()),
    }
}

impl ColumnOptions {
    /// Checks the rules the settings alone can break, for the settings of `column` (used only
    /// in the messages).
    ///
    /// # Errors
    /// The first rule broken, in this order:
    /// - [`OptionsError::Threshold`]: `threshold` is NaN, ±∞ or negative;
    /// - [`OptionsError::PValueThreshold`]: `threshold` above 1 with a p-value `method`
    ///   ([`Method::is_p_value`]). With no `method` the automatic choice depends on the data,
    ///   so the suites check the threshold against the method they choose;
    /// - [`OptionsError::NBins`]: `n_bins` outside 2..=1000;
    /// - [`OptionsError::PsiSeedBins`]: `psi_seed` with a binning other than the default or
    ///   with `n_bins`.
    ///
    /// # Examples
    /// ```
    /// use driftcard::drift::{ColumnOptions, Method, OptionsError};
    ///
    /// let o = ColumnOptions { method: Some(Method::Ks), threshold: Some(2.0), ..Default::default() };
    /// let e = o.check("age").unwrap_err();
    /// assert!(matches!(e, OptionsError::PValueThreshold { .. }));
    /// assert!(e.to_string().starts_with("drift.columns.age.threshold"));
    /// assert!(ColumnOptions::default().check("age").is_ok());
    /// ```
    pub fn check(&self, column: &str) -> Result<(), OptionsError> {
        if let Some(t) = self.threshold {
            check_threshold(column, self.method, t)?;
        }
        if let Some(n) = self.n_bins {
            if !N_BINS_RANGE.contains(&n) {
                return Err(OptionsError::NBins {
                    column: column.to_owned(),
                    n_bins: n,
                });
            }
        }
        if self.method == Some(Method::PsiSeed) {
            let field = if self.binning != Binning::default() {
                Some("bins")
            } else if self.n_bins.is_some() {
                Some("n_bins")
            } else {
                None
            };
            if let Some(field) = field {
                return Err(OptionsError::PsiSeedBins {
                    column: column.to_owned(),
                    field,
                });
            }
        }
        Ok(())
    }

    /// The rules that need the column: the method fits its kind (a numeric column with at most
    /// 5 distinct values also takes the tests on counts), `z` and `fisher_exact` take at most 2
    /// values, bins apply to numeric columns only. The analysis checks every override with this
    /// before it starts; the suites apply it to the method they use.
    ///
    /// # Errors
    /// [`OptionsError::MethodKind`], [`OptionsError::TooManyValues`],
    /// [`OptionsError::CategoricalBins`].
    pub fn check_column(
        &self,
        column: &str,
        numeric: bool,
        distinct: usize,
    ) -> Result<(), OptionsError> {
        self.check_fit(column, self.method, numeric, distinct)
    }

    /// [`ColumnOptions::check_column`] for `method` (the user's, or the one the suite uses).
    fn check_fit(
        &self,
        column: &str,
        method: Option<Method>,
        numeric: bool,
        distinct: usize,
    ) -> Result<(), OptionsError> {
        if !numeric && (self.binning != Binning::default() || self.n_bins.is_some()) {
            return Err(OptionsError::CategoricalBins {
                column: column.to_owned(),
            });
        }
        let Some(method) = method else {
            return Ok(());
        };
        let fits = if numeric {
            method.for_numeric() || (method.on_counts() && distinct <= 5)
        } else {
            method.for_categorical()
        };
        if !fits {
            return Err(if numeric && method.on_counts() {
                OptionsError::TooManyValues {
                    column: column.to_owned(),
                    method,
                    max: 5,
                    found: distinct,
                }
            } else {
                OptionsError::MethodKind {
                    column: column.to_owned(),
                    method,
                    kind: if numeric { "numeric" } else { "categorical" },
                }
            });
        }
        if method.needs_two_categories() && distinct > 2 {
            return Err(OptionsError::TooManyValues {
                column: column.to_owned(),
                method,
                max: 2,
                found: distinct,
            });
        }
        Ok(())
    }

    /// The bin count of `ref_deciles` / `equal_width`: `n_bins`, default [`DEFAULT_N_BINS`].
    pub fn bin_count(&self) -> usize {
        self.n_bins.unwrap_or(DEFAULT_N_BINS)
    }

    /// The method and threshold deciding the verdict of a numeric column with `n_ref`
    /// reference values and `n_unique` pooled distinct values, after every rule on the options
    /// ([`ColumnOptions::check`] and the ones that need the data).
    ///
    /// # Errors
    /// [`DriftError::InvalidOption`]: [`ColumnOptions::check`] fails; a test on category counts
    /// on a column with more than 5 distinct values; `z` / `fisher_exact` with more than 2; the
    /// threshold above 1 for the automatically chosen p-value method.
    pub(crate) fn numeric_choice(
        &self,
        n_ref: usize,
        n_unique: usize,
    ) -> Result<(Method, f64), DriftError> {
        self.check(UNNAMED)?;
        let method = self
            .method
            .unwrap_or_else(|| auto_method(true, n_ref, n_unique));
        self.check_fit(UNNAMED, Some(method), true, n_unique)?;
        Ok((method, self.threshold_for(method)?))
    }

    /// The method and threshold deciding the verdict of a categorical column with `n_ref`
    /// reference values and `k` categories seen, after every rule on the options.
    ///
    /// # Errors
    /// [`DriftError::InvalidOption`]: [`ColumnOptions::check`] fails; a binning or bin count
    /// (they apply to numeric columns only); a numeric-only method; `z` / `fisher_exact` with
    /// more than 2 categories; the threshold above 1 for the automatically chosen p-value
    /// method.
    pub(crate) fn categorical_choice(
        &self,
        n_ref: usize,
        k: usize,
    ) -> Result<(Method, f64), DriftError> {
        self.check(UNNAMED)?;
        let method = self.method.unwrap_or_else(|| auto_method(false, n_ref, k));
        self.check_fit(UNNAMED, Some(method), false, k)?;
        Ok((method, self.threshold_for(method)?))
    }

    /// The threshold of `method` (the chosen one): `threshold`, default
    /// [`Method::default_threshold`], under the threshold rule.
    fn threshold_for(&self, method: Method) -> Result<f64, OptionsError> {
        let t = self.threshold.unwrap_or(method.default_threshold());
        check_threshold(UNNAMED, Some(method), t)?;
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut ColumnOptions)) -> ColumnOptions {
        let mut o = ColumnOptions::default();
        f(&mut o);
        o
    }

    #[test]
    fn column_options_accept_partial_json_and_the_spec_key_bins() {
        let o: ColumnOptions = serde_json::from_str(r#"{"method":"psi","bins":"equal_width"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.method, Some(Method::Psi));
        assert_eq!(o.binning, Binning::EqualWidth);
        let o: ColumnOptions = serde_json::from_str(r#"{"binning":"sturges_combined","n_bins":5}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.binning, Binning::SturgesCombined);
        assert_eq!(o.n_bins, Some(5));
        let o: ColumnOptions = serde_json::from_str("{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o, ColumnOptions::default());
    }

    #[test]
    fn check_has_one_error_per_rule_naming_the_setting() {
        let err = |o: ColumnOptions| o.check("age").expect_err("invalid");
        for t in [f64::NAN, f64::INFINITY, -0.5] {
            let e = err(with(|o| o.threshold = Some(t)));
            assert!(matches!(e, OptionsError::Threshold { .. }), "{e:?}");
            assert!(
                e.to_string().starts_with("drift.columns.age.threshold "),
                "{e}"
            );
        }
        // A p-value threshold above 1 is rejected here, not only in the suites.
        let e = err(with(|o| {
            o.method = Some(Method::Chisquare);
            o.threshold = Some(1.5);
        }));
        assert_eq!(
            e,
            OptionsError::PValueThreshold {
                column: "age".into(),
                method: Method::Chisquare,
                threshold: 1.5
            }
        );
        assert!(e.to_string().contains("chisquare"), "{e}");
        for n in [0, 1, 1001] {
            let e = err(with(|o| o.n_bins = Some(n)));
            assert_eq!(
                e.to_string(),
                format!("drift.columns.age.n_bins must be in 2..=1000, got {n}")
            );
        }
        let e = err(with(|o| {
            o.method = Some(Method::PsiSeed);
            o.binning = Binning::EqualWidth;
        }));
        assert!(
            e.to_string()
                .starts_with("drift.columns.age.bins does not apply to psi_seed"),
            "{e}"
        );
        let e = err(with(|o| {
            o.method = Some(Method::PsiSeed);
            o.n_bins = Some(20);
        }));
        assert!(
            e.to_string()
                .starts_with("drift.columns.age.n_bins does not apply to psi_seed"),
            "{e}"
        );
    }

    #[test]
    fn check_accepts_the_valid_settings() {
        let ok = |o: ColumnOptions| o.check("c").unwrap_or_else(|e| panic!("{e}"));
        ok(ColumnOptions::default());
        // A distance may exceed 1; a p-value may be 0 or 1; no method: only ≥ 0 is known.
        ok(with(|o| {
            o.method = Some(Method::Wasserstein);
            o.threshold = Some(2.0);
        }));
        ok(with(|o| {
            o.method = Some(Method::Ks);
            o.threshold = Some(1.0);
        }));
        ok(with(|o| o.threshold = Some(2.0)));
        ok(with(|o| o.threshold = Some(0.0)));
        ok(with(|o| o.n_bins = Some(2)));
        ok(with(|o| o.n_bins = Some(1000)));
        // Sturges ignores n_bins (documented), it is not an error.
        ok(with(|o| {
            o.binning = Binning::SturgesCombined;
            o.n_bins = Some(3);
        }));
        ok(with(|o| o.method = Some(Method::PsiSeed)));
    }

    #[test]
    fn the_automatic_method_gets_the_threshold_rule_from_the_data() {
        let o = with(|o| o.threshold = Some(2.0));
        // Few reference values: KS, a p-value test → rejected; many: Wasserstein → accepted.
        // The suites are not given the column's name: the message starts at the field.
        assert_eq!(
            o.numeric_choice(100, 50),
            Err(DriftError::InvalidOption(
                "threshold must be at most 1 for ks (its score is a p-value), got 2".into()
            ))
        );
        assert_eq!(o.numeric_choice(5000, 50), Ok((Method::Wasserstein, 2.0)));
        assert_eq!(
            ColumnOptions::default().categorical_choice(10, 3),
            Ok((Method::Chisquare, 0.05))
        );
    }
}

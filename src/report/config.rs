//! Settings: the page's settings panel and the CLI's `--config` read and write this one shape
//! (SPEC §9 `config`). Every field has a default, so `{}` is a valid config.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::{Kind, Role};
use crate::drift::{Binning, ColumnOptions};

/// Role assignments by column name, in the SPEC §9 shape (`{"target": "y", "group": ["sex"]}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Roles {
    /// Ground truth column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Predicted label/value column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction: Option<String>,
    /// Predicted probability column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// Event time column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Row id column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Sensitive attribute columns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<String>,
    /// Latency column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<String>,
    /// Status / error column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Cost column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    /// Version / arm column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Feedback column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// The LLM input (prompt, question) column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The expected-answer column of an eval suite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The model-output column matched against `expected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Per-class probability columns (multiclass), e.g. `["proba_cat", "proba_dog"]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub class_score: Vec<String>,
    /// Proxy columns (dwell time, thumbs-up rate): tested for drift, not counted as features.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proxy: Vec<String>,
    /// Columns used as features (default: every column with no other role).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub feature: Vec<String>,
    /// Columns left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
}

impl Roles {
    /// The overrides as a column → role map (what [`crate::data::infer_schema`] takes).
    pub fn to_map(&self) -> BTreeMap<String, Role> {
        let mut m = BTreeMap::new();
        let singles = [
            (&self.target, Role::Target),
            (&self.prediction, Role::Prediction),
            (&self.score, Role::Score),
            (&self.timestamp, Role::Timestamp),
            (&self.id, Role::Id),
            (&self.latency, Role::Latency),
            (&self.status, Role::Status),
            (&self.cost, Role::Cost),
            (&self.version, Role::Version),
            (&self.feedback, Role::Feedback),
            (&self.input, Role::Input),
            (&self.expected, Role::Expected),
            (&self.output, Role::Output),
        ];
        for (col, role) in singles {
            if let Some(c) = col {
                m.insert(c.clone(), role);
            }
        }
        for (cols, role) in [
            (&self.group, Role::Group),
            (&self.class_score, Role::ClassScore),
            (&self.proxy, Role::Proxy),
            (&self.feature, Role::Feature),
            (&self.ignore, Role::Ignore),
        ] {
            for c in cols {
                m.insert(c.clone(), role);
            }
        }
        m
    }

    /// Sets `column`'s role (removing it from any other role).
    pub fn set(&mut self, column: &str, role: Role) {
        for slot in [
            &mut self.target,
            &mut self.prediction,
            &mut self.score,
            &mut self.timestamp,
            &mut self.id,
            &mut self.latency,
            &mut self.status,
            &mut self.cost,
            &mut self.version,
            &mut self.feedback,
            &mut self.input,
            &mut self.expected,
            &mut self.output,
        ] {
            if slot.as_deref() == Some(column) {
                *slot = None;
            }
        }
        for list in [
            &mut self.group,
            &mut self.class_score,
            &mut self.proxy,
            &mut self.feature,
            &mut self.ignore,
        ] {
            list.retain(|c| c != column);
        }
        let name = Some(column.to_owned());
        match role {
            Role::Target => self.target = name,
            Role::Prediction => self.prediction = name,
            Role::Score => self.score = name,
            Role::Timestamp => self.timestamp = name,
            Role::Id => self.id = name,
            Role::Latency => self.latency = name,
            Role::Status => self.status = name,
            Role::Cost => self.cost = name,
            Role::Version => self.version = name,
            Role::Feedback => self.feedback = name,
            Role::Input => self.input = name,
            Role::Expected => self.expected = name,
            Role::Output => self.output = name,
            Role::Group => self.group.push(column.to_owned()),
            Role::ClassScore => self.class_score.push(column.to_owned()),
            Role::Proxy => self.proxy.push(column.to_owned()),
            Role::Feature => self.feature.push(column.to_owned()),
            Role::Ignore => self.ignore.push(column.to_owned()),
        }
    }
}

/// Which tests to compute per column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestsMode {
    /// The automatic (or overridden) method plus PSI and KS (SPEC §3.3).
    #[default]
    Auto,
    /// Every applicable method.
    All,
}

/// Drift settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriftSettings {
    /// Dataset drift when the share of drifted features is ≥ this (SPEC §3.4).
    pub share: f64,
    /// A column also drifts when its missing share changes by more than this (SPEC §5).
    pub missing_share_change: f64,
    /// A column also drifts when new categories exceed this share of production rows (SPEC §5).
    pub new_category_share: f64,
    /// A column also drifts when its share of invalid cells (stray tokens such as `n/a` in a
    /// numeric column) changes by more than this.
    pub invalid_share_change: f64,
    /// `auto` or `all`.
    pub tests: TestsMode,
    /// Binning of the binned methods on numeric columns without a per-column override
    /// (`ref_deciles`, `equal_width`, `sturges_combined`; SPEC §3.2).
    pub bins: Binning,
    /// Their number of bins (default 10; Sturges chooses its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_bins: Option<usize>,
    /// Per-column overrides of method, threshold and bins.
    pub columns: BTreeMap<String, ColumnOptions>,
}

impl DriftSettings {
    /// The options a column is tested with: its override, else the defaults with the global
    /// binning (numeric columns only: categorical columns take no binning).
    pub fn column_options(&self, column: &str, numeric: bool) -> ColumnOptions {
        match self.columns.get(column) {
            Some(o) => o.clone(),
            None if numeric => ColumnOptions {
                binning: self.bins,
                n_bins: self.n_bins,
                ..ColumnOptions::default()
            },
            None => ColumnOptions::default(),
        }
    }
}

impl Default for DriftSettings {
    fn default() -> Self {
        DriftSettings {
            share: 0.5,
            missing_share_change: 0.10,
            new_category_share: 0.05,
            invalid_share_change: 0.10,
            tests: TestsMode::Auto,
            bins: Binning::default(),
            n_bins: None,
            columns: BTreeMap::new(),
        }
    }
}

/// How production rows are grouped over time (SPEC §4 "metrics per time chunk").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChunkSetting {
    /// Day when the production data spans ≤ 31 days, week up to 26 weeks, else month; without a
    /// timestamp, 10 equal chunks in file order.
    #[default]
    Auto,
    /// Calendar day (UTC).
    Day,
    /// ISO week (Monday start, UTC).
    Week,
    /// Calendar month.
    Month,
    /// 10 equal chunks in time (or file) order.
    Equal,
}

/// How rows are cut into chunks for the per-chunk estimates (SPEC §9 `chunks.{by,size}`:
/// performance estimation, drift over time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChunkBy {
    /// The time chunks of [`RollingSettings::chunks`] when there is a timestamp, else chunks of
    /// `size` rows (default: a tenth of production, at least 100 rows).
    #[default]
    Auto,
    /// Chunks of `size` rows in file order.
    Size,
    /// Calendar day (UTC).
    Day,
    /// ISO week.
    Week,
    /// Calendar month.
    Month,
}

/// Chunking of the per-chunk estimates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChunkSettings {
    /// How.
    pub by: ChunkBy,
    /// Rows per chunk for `by: size` (and `auto` without a timestamp).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<usize>,
}

/// Performance estimation without labels (CBPE).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EstimateSettings {
    /// Isotonic calibration of the scores: `auto` (when it lowers the held-out calibration
    /// error on the reference, as NannyML decides), `always` or `never`.
    pub calibration: crate::metrics::cbpe::Calibration,
}

/// Rolling accuracy window (SPEC §4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RollingSettings {
    /// Window in labelled rows (default 1000, smaller data: max(50, n/10)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<usize>,
    /// Step in rows (default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// Time chunks for the per-chunk metrics.
    pub chunks: ChunkSetting,
}

/// Latency SLO (SPEC §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SloSettings {
    /// Percentile checked (default 99).
    pub percentile: f64,
    /// Target in milliseconds (default 100).
    pub target_ms: f64,
}

impl Default for SloSettings {
    fn default() -> Self {
        SloSettings {
            percentile: 99.0,
            target_ms: 100.0,
        }
    }
}

/// Feedback settings (SPEC §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedbackSettings {
    /// Retrain flag when the production feedback error rate is above this (seed: 0.1).
    pub threshold: f64,
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        FeedbackSettings {
            threshold: crate::service::DEFAULT_FEEDBACK_THRESHOLD,
        }
    }
}

/// All settings of an analysis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Role overrides.
    pub roles: Roles,
    /// Kind overrides (column → kind).
    pub kinds: BTreeMap<String, Kind>,
    /// Positive class label (default: `1`, `true`, `yes` when present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive_label: Option<String>,
    /// Drift settings.
    pub drift: DriftSettings,
    /// Rolling accuracy settings.
    pub rolling: RollingSettings,
    /// Latency SLO.
    pub slo: SloSettings,
    /// Bias alerts: minimum group size, accuracy gap, selection-rate ratio.
    pub bias: crate::fairness::BiasOptions,
    /// Isolation Forest: seed, trees, sample size, threshold.
    pub outliers: crate::outliers::ForestOptions,
    /// Cost: price per 1k tokens, budget.
    pub cost: crate::service::CostOptions,
    /// Feedback error-rate threshold.
    pub feedback: FeedbackSettings,
    /// Baseline version for A/B comparisons (default: the most frequent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_version: Option<String>,
    /// Chunks of the per-chunk estimates.
    pub chunks: ChunkSettings,
    /// Performance estimation without labels.
    pub estimate: EstimateSettings,
    /// LLM evaluation: matcher, numeric tolerance, regression threshold, failing examples.
    pub llm_eval: crate::service::LlmEvalOptions,
}

impl Config {
    /// Reads a settings JSON (the page's export, the CLI's `--config`), checking every value.
    ///
    /// # Examples
    /// ```
    /// use driftcard::report::Config;
    ///
    /// let c = Config::from_json(r#"{"roles": {"target": "y"}, "drift": {"share": 0.3}}"#)?;
    /// assert_eq!(c.roles.target.as_deref(), Some("y"));
    /// assert!(Config::from_json(r#"{"drift": {"share": 2}}"#).is_err());
    /// # Ok::<(), driftcard::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Config`] for JSON that is not the settings shape or a value out of range.
    pub fn from_json(s: &str) -> crate::Result<Config> {
        let c: Config = serde_json::from_str(s).map_err(|e| crate::Error::Config(e.to_string()))?;
        c.validate()?;
        Ok(c)
    }

    /// Checks every setting once (ripgrep's low → high args, linfa's `ParamGuard`): the page's
    /// settings panel, the CLI's `--config` and the analysis all call this, and after it the
    /// analysis cannot fail on settings. The result is a different type, [`Checked`]: the
    /// analysis only takes that, with the validated outlier parameters typed.
    ///
    /// # Errors
    /// The first rule broken, as a [`ConfigError`] naming its key.
    pub fn check(&self) -> Result<Checked<'_>, ConfigError> {
        let unit = |key: &'static str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(ConfigError::NotAShare { key, value: v })
            }
        };
        unit("drift.share", self.drift.share)?;
        unit(
            "drift.missing_share_change",
            self.drift.missing_share_change,
        )?;
        unit("drift.new_category_share", self.drift.new_category_share)?;
        unit(
            "drift.invalid_share_change",
            self.drift.invalid_share_change,
        )?;
        if let Some(n) = self.drift.n_bins {
            if !crate::drift::N_BINS_RANGE.contains(&n) {
                return Err(ConfigError::Bins {
                    key: "drift.n_bins".into(),
                    value: n,
                });
            }
        }
        for (col, o) in &self.drift.columns {
            o.check(col)?;
        }
        if !(0.0..=100.0).contains(&self.slo.percentile) {
            return Err(ConfigError::Percentile(self.slo.percentile));
        }
        if !(self.slo.target_ms.is_finite() && self.slo.target_ms > 0.0) {
            return Err(ConfigError::NotPositive {
                key: "slo.target_ms",
                value: self.slo.target_ms,
            });
        }
        if self.chunks.size == Some(0) {
            return Err(ConfigError::ChunkSize);
        }
        if self.rolling.window == Some(0) || self.rolling.step == Some(0) {
            return Err(ConfigError::Window);
        }
        unit("feedback.threshold", self.feedback.threshold)?;
        unit("llm_eval.threshold", self.llm_eval.threshold)?;
        unit("llm_eval.alpha", self.llm_eval.alpha)?;
        if !(self.llm_eval.tolerance.is_finite() && self.llm_eval.tolerance >= 0.0) {
            return Err(ConfigError::Negative {
                key: "llm_eval.tolerance",
                value: self.llm_eval.tolerance,
            });
        }
        unit("bias.accuracy_gap", self.bias.accuracy_gap)?;
        unit("bias.selection_rate_ratio", self.bias.selection_rate_ratio)?;
        if let Some(p) = self.cost.price_per_1k_tokens {
            if !(p.is_finite() && p >= 0.0) {
                return Err(ConfigError::Negative {
                    key: "cost.price_per_1k_tokens",
                    value: p,
                });
            }
        }
        if let Some(b) = self.cost.budget {
            if !(b.is_finite() && b >= 0.0) {
                return Err(ConfigError::Negative {
                    key: "cost.budget",
                    value: b,
                });
            }
        }
        if self
            .positive_label
            .as_deref()
            .is_some_and(|l| l.trim().is_empty())
        {
            return Err(ConfigError::EmptyLabel);
        }
        let forest = self.outliers.check().map_err(ConfigError::Outliers)?;
        Ok(Checked {
            config: self,
            forest,
        })
    }

    /// [`Config::check`] as the crate's error.
    ///
    /// # Errors
    /// [`crate::Error::Config`] with the broken rule.
    pub fn validate(&self) -> crate::Result<()> {
        self.check()
            .map(|_| ())
            .map_err(|e| crate::Error::Config(e.to_string()))
    }
}

/// Settings that passed [`Config::check`] (linfa's checked `Params` beside the unchecked
/// `ParamsValidator`): reading them is reading the [`Config`] (it derefs to it), but only
/// [`Config::check`] makes one, so a stage that takes `Checked` cannot see unchecked settings.
#[derive(Clone, Copy, Debug)]
pub struct Checked<'a> {
    config: &'a Config,
    forest: crate::outliers::ForestParams,
}

impl Checked<'_> {
    /// The outlier detector's parameters, checked.
    #[must_use]
    pub fn forest(&self) -> &crate::outliers::ForestParams {
        &self.forest
    }
}

impl std::ops::Deref for Checked<'_> {
    type Target = Config;
    fn deref(&self) -> &Config {
        self.config
    }
}

/// A setting out of its range: one variant per rule, each naming the key.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// `chunks.size` of 0.
    #[error("chunks.size must be at least 1 row")]
    ChunkSize,
    /// A share or a probability outside [0, 1].
    #[error("{key} must be in [0, 1], got {value}")]
    NotAShare {
        /// The setting.
        key: &'static str,
        /// Its value.
        value: f64,
    },
    /// A bin count outside 2..=1000.
    #[error("{key} must be in 2..=1000, got {value}")]
    Bins {
        /// The setting.
        key: String,
        /// Its value.
        value: usize,
    },
    /// A per-column drift override ([`crate::drift::ColumnOptions::check`]).
    #[error(transparent)]
    Column(#[from] crate::drift::OptionsError),
    /// The SLO percentile outside [0, 100].
    #[error("slo.percentile must be in [0, 100], got {0}")]
    Percentile(f64),
    /// A value that must be a finite number > 0.
    #[error("{key} must be a number > 0, got {value}")]
    NotPositive {
        /// The setting.
        key: &'static str,
        /// Its value.
        value: f64,
    },
    /// A value that must be a finite number ≥ 0.
    #[error("{key} must be a number ≥ 0, got {value}")]
    Negative {
        /// The setting.
        key: &'static str,
        /// Its value.
        value: f64,
    },
    /// A rolling window or step of 0.
    #[error("rolling.window and rolling.step must be ≥ 1")]
    Window,
    /// An empty positive label.
    #[error("positive_label must not be empty (leave it out for the default)")]
    EmptyLabel,
    /// The outlier detector's parameters.
    #[error("outliers: {0}")]
    Outliers(crate::outliers::ParamsError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_bins_apply_to_numeric_columns_without_an_override() {
        let c = Config::from_json(
            r#"{"drift": {"bins": "equal_width", "n_bins": 7,
                "columns": {"age": {"method": "psi", "n_bins": 4}}}}"#,
        )
        .expect("valid");
        let income = c.drift.column_options("income", true);
        assert_eq!(
            (income.binning, income.n_bins),
            (Binning::EqualWidth, Some(7))
        );
        assert_eq!(income.method, None);
        // An override wins whole; categorical columns take no binning.
        let age = c.drift.column_options("age", true);
        assert_eq!((age.binning, age.n_bins), (Binning::RefDeciles, Some(4)));
        assert_eq!(
            c.drift.column_options("city", false),
            ColumnOptions::default()
        );
        assert!(Config::from_json(r#"{"drift": {"n_bins": 1}}"#).is_err());
    }

    #[test]
    fn checked_settings_read_as_the_config_and_carry_the_checked_forest() {
        let mut c = Config::default();
        c.drift.share = 0.25;
        c.outliers.trees = 50;
        let checked = c.check().expect("valid");
        assert_eq!(checked.drift.share, 0.25);
        assert_eq!(checked.forest().trees(), 50);
        c.bias.accuracy_gap = 1.5;
        assert_eq!(
            c.check().map(|_| ()),
            Err(ConfigError::NotAShare {
                key: "bias.accuracy_gap",
                value: 1.5
            })
        );
    }

    #[test]
    fn empty_json_is_the_default_config() {
        assert_eq!(Config::from_json("{}").unwrap(), Config::default());
    }

    #[test]
    fn config_round_trips_and_rejects_bad_values() {
        let mut c = Config::default();
        c.roles.set("y", Role::Target);
        c.roles.set("sex", Role::Group);
        c.drift.share = 0.3;
        let s = serde_json::to_string(&c).unwrap();
        assert_eq!(Config::from_json(&s).unwrap(), c);
        assert!(s.contains(r#""target":"y""#));
        assert!(Config::from_json(r#"{"drift": {"share": 2}}"#).is_err());
        for bad in [
            r#"{"bias": {"accuracy_gap": 1.5}}"#,
            r#"{"bias": {"selection_rate_ratio": -0.1}}"#,
            r#"{"cost": {"budget": -5}}"#,
            r#"{"cost": {"price_per_1k_tokens": -1}}"#,
            r#"{"slo": {"target_ms": 0}}"#,
            r#"{"positive_label": " "}"#,
            r#"{"outliers": {"contamination": 0.9}}"#,
        ] {
            let e = Config::from_json(bad).unwrap_err().to_string();
            let key = bad.split('"').nth(3).unwrap();
            assert!(e.contains(key), "{bad}: {e}");
        }
        assert!(Config::from_json(r#"{"nonsense": 1}"#).is_err());
    }
}

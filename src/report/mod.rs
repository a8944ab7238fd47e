//! The report: settings in, one serialisable [`Report`] out (SPEC §9), plus the view-models the
//! page draws ([`Analysis::charts`]) and the model card ([`model_card::render_markdown`]).
//!
//! The page, the CLI and every export are rendered from the same [`Report`], so they cannot disagree.

mod analyze;
mod bias;
mod columns;
pub mod config;
mod context;
mod drift_time;
pub use drift_time::{ColumnOverTime, DriftChunk, DriftOverTime};
mod estimate;
mod multivariate;
pub use multivariate::{MultivariateDrift, ReconstructionChunk, ReconstructionReport};
mod export;
pub mod html;
pub mod model_card;
mod model_quality;
mod outliers;
mod over_time;
mod proxies;
pub use proxies::{Proxies, ProxyChunk, ProxyColumn, ProxyDrift};
mod service;
mod verdict;
pub mod views;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::num::{nums, Num};
pub use crate::quality::{
    ColumnSummary, PerFile, QualityColumn, QualityJson, ALMOST_CONSTANT, MAX_LISTED_CATEGORIES,
};
pub use analyze::{analyze, analyze_main, analyze_side, finish_with, Side};
pub use config::{Config, ConfigError, Roles, TestsMode};
pub use context::Inputs;
pub use export::{ExportOptions, PiiExport};
pub use verdict::domain_sentence as verdict_domain_sentence;

use crate::chart::ChartView;
use crate::data::{Kind, Role, Warning};
use crate::drift::Method;

/// Version of the JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// Name, rows and columns of one input file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputInfo {
    /// File name.
    pub name: String,
    /// Data rows used.
    pub rows: usize,
    /// Columns in the file.
    pub columns: usize,
}

/// Both inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputsInfo {
    /// The reference file.
    pub reference: InputInfo,
    /// The production file.
    pub production: InputInfo,
}

/// A column and what it was used as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Role.
    pub role: Role,
    /// Why the role was chosen (detected from the name and values, or set by the user).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Personal data its values look like (`email`, `phone`, `ip_address`, `payment_card`,
    /// `national_id`, `person_name`): the exports mask or hash its values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pii: Option<crate::data::pii::PiiKind>,
}

/// A column left out of the drift tests, and why (SPEC §3.4: "listed with the reason").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExcludedColumn {
    /// Column name.
    pub column: String,
    /// Kind.
    pub kind: Kind,
    /// Role.
    pub role: Role,
    /// Why it is not tested, in plain words.
    pub reason: String,
}

/// Columns present in only one of the two files (schema drift).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemaDrift {
    /// Columns of the reference missing from production.
    pub only_in_reference: Vec<String>,
    /// Columns of production missing from the reference.
    pub only_in_production: Vec<String>,
}

impl SchemaDrift {
    /// `true` when both files have the same columns.
    pub fn is_empty(&self) -> bool {
        self.only_in_reference.is_empty() && self.only_in_production.is_empty()
    }
}

/// One test's result in the JSON (`drift.columns[].tests.<id>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestJson {
    /// Test statistic.
    pub statistic: Num,
    /// p-value, for hypothesis tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_value: Option<Num>,
    /// What is compared with the threshold.
    pub score: Num,
    /// Threshold.
    pub threshold: Num,
    /// Whether this test says the column drifted.
    pub drifted: bool,
    /// Bin edges / cuts of binned methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bins: Option<Vec<Num>>,
    /// e.g. "exact p-value".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Verdict status of a column or a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within thresholds.
    Ok,
    /// Crossed a threshold.
    Drifted,
    /// Could not be computed (e.g. no values on one side); says why in `reason`.
    NotComputable,
    /// Not analysed (text column, or only in one file).
    Skipped,
}

/// Drift of one column (SPEC §9 `drift.columns[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnDriftJson {
    /// Column name.
    pub column: String,
    /// Kind.
    pub kind: Kind,
    /// Role (features count toward the dataset share; target/prediction/score/group do not).
    pub role: Role,
    /// Non-missing finite reference values tested.
    pub n_ref: usize,
    /// Non-missing finite production values tested.
    pub n_prod: usize,
    /// Missing share in reference.
    pub missing_share_ref: Num,
    /// Missing share in production.
    pub missing_share_prod: Num,
    /// Share of reference cells that are not values of the column's kind (stray tokens).
    #[serde(default)]
    pub invalid_share_ref: Num,
    /// Share of production cells that are invalid.
    #[serde(default)]
    pub invalid_share_prod: Num,
    /// Method deciding the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// Its score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Num>,
    /// Its threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Num>,
    /// Whether the column counts as drifted (test, missing-share or new-category rule).
    pub drifted: bool,
    /// `ok`, `drifted`, `not_computable` or `skipped`.
    pub status: Status,
    /// Plain-language reason.
    pub reason: String,
    /// Share of production rows whose category is new (categorical columns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_category_share: Option<Num>,
    /// Every computed test, keyed by method id.
    pub tests: BTreeMap<String, TestJson>,
    /// Methods requested (`--tests all`) that could not be computed here, with the reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_computable: BTreeMap<String, String>,
}

/// Dataset drift (SPEC §3.4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftJson {
    /// Drifted features / analysed features.
    pub share_drifted: Num,
    /// Threshold on the share.
    pub drift_share_threshold: Num,
    /// share ≥ threshold.
    pub dataset_drift: bool,
    /// Drifted feature columns.
    pub n_drifted: usize,
    /// Analysed feature columns.
    pub n_features: usize,
    /// Every tested column, whatever its role (only features count toward the share).
    pub columns: Vec<ColumnDriftJson>,
    /// Every column left out of the tests, with the reason.
    #[serde(default)]
    pub excluded: Vec<ExcludedColumn>,
}

/// The seed's prediction drift rule (SPEC §3.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredictionDriftJson {
    /// Mean in reference.
    pub mean_reference: Num,
    /// Mean in production.
    pub mean_production: Num,
    /// Reference std, ddof 1.
    pub std_reference: Num,
    /// |Δmean| > 2·std.
    pub drifted: bool,
}

/// Status of a check (SPEC §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// Within its threshold.
    Ok,
    /// Worth a look (e.g. close to the threshold, or a small-sample result).
    Warning,
    /// Crossed its threshold.
    Alert,
}

/// One dataset-level check in the common vocabulary of SPEC §8.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// Stable id: `dataset_drift`, `performance`, `latency_slo`, `error_rate`, `feedback`,
    /// `bias:<column>`, `outliers`, `prediction_drift:<column>`, `cost`.
    pub id: String,
    /// What it checks, in words.
    pub name: String,
    /// The measured value.
    pub score: Num,
    /// The threshold it is compared with.
    pub threshold: Num,
    /// How: `above` (alert when score > threshold), `at_least` (≥), `below` (<).
    pub direction: String,
    /// ok / warning / alert.
    pub status: CheckStatus,
    /// One line in plain words.
    pub reason: String,
}

/// The retrain recommendation (SPEC §8).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RetrainJson {
    /// Whether any trigger fired.
    pub recommended: bool,
    /// Each trigger that fired, in plain words.
    pub reasons: Vec<String>,
}

/// Accuracy over the last 7 days of production timestamps (the model card's line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentAccuracy {
    /// Labelled rows in the window.
    pub n_labeled: usize,
    /// Accuracy in the window.
    pub accuracy: Num,
    /// First day of the window (ISO date).
    pub from: String,
    /// Last day (the latest production timestamp).
    pub to: String,
}

/// Bias section: one entry per group column (SPEC §6).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BiasJson {
    /// Per group column.
    pub columns: Vec<crate::fairness::BiasColumn>,
}

/// The whole report (SPEC §9). Absent data → `None` (key omitted), never an invented value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always 1.
    pub schema_version: u32,
    /// When the analysis ran (ISO 8601, UTC).
    pub generated_at: String,
    /// driftcard version.
    pub driftcard_version: String,
    /// Effective settings.
    pub config: Config,
    /// Input files.
    pub inputs: InputsInfo,
    /// Columns with kinds and roles.
    pub columns: Vec<ColumnInfo>,
    /// Columns present in only one file.
    #[serde(default, skip_serializing_if = "SchemaDrift::is_empty")]
    pub schema_drift: SchemaDrift,
    /// The late labels joined to production (`--labels`, the page's third file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<crate::data::join::LabelJoin>,
    /// Drift.
    pub drift: DriftJson,
    /// The seed's 2σ rule on prediction and score columns.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prediction_drift: BTreeMap<String, PredictionDriftJson>,
    /// Data quality.
    pub quality: QualityJson,
    /// Classification quality (SPEC §4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<crate::metrics::ClassificationReport>,
    /// Regression quality (SPEC §4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regression: Option<crate::metrics::RegressionReport>,
    /// Accuracy over the last 7 days of production.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy_last_7d: Option<RecentAccuracy>,
    /// The seed's rolling accuracy (or MAE for regression) on production.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling: Option<crate::metrics::RollingReport>,
    /// Metric per time chunk of production, with the reference as the baseline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<crate::metrics::Chunk>,
    /// Production metric vs reference: the > 5 % relative drop alert.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performance: Option<crate::metrics::PerformanceDrop>,
    /// ADWIN, DDM and Page-Hinkley on the production error stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_points: Option<crate::metrics::ChangePoints>,
    /// Every tested column's drift score per chunk of both files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_over_time: Option<drift_time::DriftOverTime>,
    /// Multivariate drift: the PCA reconstruction error per chunk of both files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multivariate_drift: Option<MultivariateDrift>,
    /// Performance estimated without labels (CBPE), per chunk of both files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance_estimate: Option<crate::metrics::cbpe::PerformanceEstimate>,
    /// Bias per group column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bias: Option<BiasJson>,
    /// Latency percentiles, buckets and SLO.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<crate::service::LatencyReport>,
    /// Error rate from the status column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_rate: Option<crate::service::ErrorRateReport>,
    /// Cost and budget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<crate::service::CostReport>,
    /// Per-version outcomes and A/B tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<crate::service::VersionReport>,
    /// Feedback error rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<crate::service::FeedbackReport>,
    /// Proxy metrics: per file, per chunk, their drift and their correlation with the metric.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxies: Option<Proxies>,
    /// LLM evaluation: pass rate per version, regressions, failing examples, version table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub llm_eval: Option<crate::service::LlmEval>,
    /// Isolation Forest outliers and the row inspector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outliers: Option<crate::outliers::OutlierReport>,
    /// Every dataset-level check with score, threshold, direction, status and reason (SPEC §8).
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Retrain recommendation.
    pub retrain: RetrainJson,
    /// Latest production timestamp (ISO), for "Last update".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_timestamp: Option<String>,
    /// Warnings about the inputs (file, row, column, message).
    pub warnings: Vec<Warning>,
}

impl Report {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The largest PSI over the tested feature columns, with its column (columns left out — a
    /// constant, a per-file label — are not in `drift.columns`).
    pub fn max_feature_psi(&self) -> Option<(&str, f64)> {
        self.drift
            .columns
            .iter()
            .filter(|c| c.role == Role::Feature && matches!(c.status, Status::Ok | Status::Drifted))
            .filter_map(|c| c.tests.get("psi").map(|t| (c.column.as_str(), t.score.0)))
            .filter(|(_, v)| v.is_finite())
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// PSI band (SPEC §3.1): < 0.1 stable, 0.1–0.2 moderate, ≥ 0.2 significant.
pub fn psi_band(psi: f64) -> &'static str {
    if psi < 0.1 {
        "stable"
    } else if psi < 0.2 {
        "moderate"
    } else {
        "significant"
    }
}

/// Everything the page needs: the report plus the chart view-models of each drift column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The report (also the JSON export).
    pub report: Report,
    /// Chart per column name (histogram or share bars).
    pub charts: BTreeMap<String, ChartView>,
    /// ECDF of both files per numeric column, with the KS distance marked.
    #[serde(default)]
    pub ecdf: BTreeMap<String, ChartView>,
    /// Charts of the sections after the drift table.
    #[serde(default)]
    pub sections: views::SectionCharts,
}

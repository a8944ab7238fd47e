//! The thresholds of the bias alerts (`bias.*` settings).

use serde::{Deserialize, Serialize};

/// Thresholds of the bias alerts (`bias.*` settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BiasOptions {
    /// Groups with fewer rows get `small_sample: true` and no alert (`bias.min_group_size`,
    /// default 30).
    pub min_group_size: usize,
    /// Alert when a group's accuracy differs from the overall accuracy by more than this
    /// (absolute, default 0.05 = 5 percentage points).
    pub accuracy_gap: f64,
    /// Alert when a group's selection rate divided by the highest selection rate is below this
    /// (default 0.8, the four-fifths rule).
    pub selection_rate_ratio: f64,
}

impl Default for BiasOptions {
    fn default() -> Self {
        BiasOptions {
            min_group_size: 30,
            accuracy_gap: 0.05,
            selection_rate_ratio: 0.8,
        }
    }
}

//! One group column over both files: the two tables (a file without labels gives none) and
//! their alerts, as `bias.columns[]` in the JSON.

use serde::{Deserialize, Serialize};

use super::{bias_side, side_alerts, BiasInput, BiasOptions, BiasSide, FairnessError};

/// One group column, both files, and the alerts (`bias.columns[]` in the JSON, SPEC §9).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BiasColumn {
    /// Group column name (`"gender & region"` for an intersection).
    pub column: String,
    /// The label counted as positive.
    pub positive_label: String,
    /// Reference table; `null` when the reference has no labelled row.
    pub reference: Option<BiasSide>,
    /// Production table; `null` when production has no labelled row (e.g. labels not in yet).
    pub production: Option<BiasSide>,
    /// Alerts in plain words, reference first.
    pub alerts: Vec<String>,
}

/// One group column over both files, with alerts (`bias.columns[]`, SPEC §6 and §9).
///
/// # Formula
/// [`bias_side`] on each file, then [`side_alerts`] on each (reference first).
///
/// # Remarks
/// A file without a labelled row gives `null` for that side (not an error): production labels
/// often arrive late.
///
/// # Errors
/// [`FairnessError::LengthMismatch`] when a file's three slices differ in length.
///
/// # References
/// See the [module docs](super) (fairlearn, EEOC four-fifths rule).
pub fn bias_column(
    column: &str,
    positive_label: &str,
    reference: &BiasInput<'_>,
    production: &BiasInput<'_>,
    opts: &BiasOptions,
) -> Result<BiasColumn, FairnessError> {
    let side = |input: &BiasInput<'_>| match bias_side(input, positive_label, opts) {
        Ok(s) => Ok(Some(s)),
        Err(FairnessError::NoLabelledRows) => Ok(None),
        Err(e) => Err(e),
    };
    let reference = side(reference)?;
    let production = side(production)?;
    let mut alerts = Vec::new();
    if let Some(s) = &reference {
        alerts.extend(side_alerts(s, opts, "reference"));
    }
    if let Some(s) = &production {
        alerts.extend(side_alerts(s, opts, "production"));
    }
    Ok(BiasColumn {
        column: column.to_owned(),
        positive_label: positive_label.to_owned(),
        reference,
        production,
        alerts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_null_sides() {
        let g = [Some("A")];
        let y: [Option<&str>; 0] = [];
        let bad = BiasInput {
            groups: &g,
            y_true: &y,
            y_pred: &y,
        };
        assert!(matches!(
            bias_side(&bad, "1", &BiasOptions::default()),
            Err(FairnessError::LengthMismatch { .. })
        ));
        let none = [None];
        let unlabelled = BiasInput {
            groups: &g,
            y_true: &none,
            y_pred: &none,
        };
        assert_eq!(
            bias_side(&unlabelled, "1", &BiasOptions::default()),
            Err(FairnessError::NoLabelledRows)
        );
        let y1 = [Some("1")];
        let ok = BiasInput {
            groups: &g,
            y_true: &y1,
            y_pred: &y1,
        };
        let col = bias_column("g", "1", &ok, &unlabelled, &BiasOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(col.reference.is_some() && col.production.is_none());
    }
}

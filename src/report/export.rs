//! What the exports (JSON, HTML) may carry beyond aggregates: the user's switches, off by
//! default (SPEC: exports contain aggregates, never raw rows, except the row inspector's
//! explicit top-N, which the user switches on).

use super::Report;

/// The user's export switches; [`Default`] is the private choice (everything off).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Include the outlier inspector's top rows (row numbers, scores, z-scores).
    pub top_rows: bool,
}

impl Report {
    /// The JSON export under `o`: [`Report::to_json`] without what `o` leaves out (the
    /// outlier inspector's `top` rows are an empty list unless switched on).
    #[must_use]
    pub fn to_export_json(&self, o: &ExportOptions) -> String {
        match &self.outliers {
            Some(out) if !o.top_rows && !out.top.is_empty() => {
                let mut r = self.clone();
                if let Some(x) = &mut r.outliers {
                    x.top.clear();
                }
                r.to_json()
            }
            _ => self.to_json(),
        }
    }
}

//! The drift table's order and status labels: pure, so native tests cover what the page shows.

use crate::drift::Method;
use crate::report::{ColumnDriftJson, Status};

/// How the drift table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Drifted first, then file order.
    Status,
    /// Column name.
    Column,
    /// Kind.
    Kind,
    /// Method id.
    Method,
    /// Score.
    Score,
    /// Missing share in reference.
    MissingRef,
    /// Missing share in production.
    MissingProd,
}

/// The CSS class and the label of a column's drift status.
pub fn status_label(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Ok => ("ok", "✓ ok"),
        Status::Drifted => ("drifted", "▲ drifted"),
        Status::NotComputable => ("na", "– not computable"),
        Status::Skipped => ("skipped", "· skipped"),
    }
}

/// Sorts the drift table's rows by `key` (stable: ties keep file order), descending when `desc`.
pub fn sort_rows(rows: &mut [ColumnDriftJson], key: SortKey, desc: bool) {
    let rank = |s: Status| match s {
        Status::Drifted => 0,
        Status::Ok => 1,
        Status::NotComputable => 2,
        Status::Skipped => 3,
    };
    rows.sort_by(|a, b| {
        let o = match key {
            SortKey::Status => rank(a.status).cmp(&rank(b.status)),
            SortKey::Column => a.column.to_lowercase().cmp(&b.column.to_lowercase()),
            SortKey::Kind => a.kind.cmp(&b.kind),
            SortKey::Method => a.method.map(Method::id).cmp(&b.method.map(Method::id)),
            SortKey::Score => a
                .score
                .map(|s| s.0)
                .unwrap_or(f64::NAN)
                .total_cmp(&b.score.map(|s| s.0).unwrap_or(f64::NAN)),
            SortKey::MissingRef => a.missing_share_ref.0.total_cmp(&b.missing_share_ref.0),
            SortKey::MissingProd => a.missing_share_prod.0.total_cmp(&b.missing_share_prod.0),
        };
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Kind, Role};
    use crate::num::Num;

    fn row(column: &str, status: Status, score: Option<f64>) -> ColumnDriftJson {
        ColumnDriftJson {
            column: column.into(),
            kind: Kind::Numeric,
            role: Role::Feature,
            n_ref: 1,
            n_prod: 1,
            missing_share_ref: Num(0.0),
            missing_share_prod: Num(0.0),
            invalid_share_ref: Num(0.0),
            invalid_share_prod: Num(0.0),
            method: None,
            score: score.map(Num),
            threshold: None,
            drifted: status == Status::Drifted,
            status,
            reason: String::new(),
            new_category_share: None,
            tests: Default::default(),
            not_computable: Default::default(),
        }
    }

    #[test]
    fn drifted_rows_come_first_and_ties_keep_file_order() {
        let mut rows = vec![
            row("a", Status::Ok, Some(0.5)),
            row("b", Status::Drifted, Some(0.01)),
            row("c", Status::NotComputable, None),
            row("d", Status::Drifted, Some(0.02)),
        ];
        sort_rows(&mut rows, SortKey::Status, false);
        let names: Vec<&str> = rows.iter().map(|r| r.column.as_str()).collect();
        assert_eq!(names, ["b", "d", "a", "c"]);
        // A missing score sorts as NaN: after every number ascending, before them descending.
        sort_rows(&mut rows, SortKey::Score, true);
        let names: Vec<&str> = rows.iter().map(|r| r.column.as_str()).collect();
        assert_eq!(names, ["c", "a", "d", "b"]);
        assert_eq!(status_label(Status::Drifted), ("drifted", "▲ drifted"));
    }
}

//! Every numeric column's finite values, sorted once per file: the data-quality summaries, the
//! drift tests, the charts and the percentiles all read them (sorting dominates a report's cost).

use std::collections::BTreeMap;

use super::{Kind, Role, Schema, Table};

/// Every numeric column's finite values, sorted once per file and shared by the summaries,
/// the drift tests, the charts and the percentiles (sorting dominates the cost of a report).
#[derive(Debug, Default)]
pub struct Presorted {
    /// Reference: column → its sorted finite values.
    pub reference: BTreeMap<String, Vec<f64>>,
    /// Production.
    pub production: BTreeMap<String, Vec<f64>>,
}

impl Presorted {
    /// The sorted finite values of `column` in the reference (`false`) or production (`true`).
    pub fn side(&self, production: bool, column: &str) -> Option<&[f64]> {
        let m = if production {
            &self.production
        } else {
            &self.reference
        };
        m.get(column).map(Vec::as_slice)
    }

    /// Sorts the finite values of every numeric column (and every latency, score and cost
    /// column) of both files, the two files on two threads natively.
    pub fn build(schema: &Schema, r: &Table, p: &Table) -> Presorted {
        let names: Vec<&str> = schema
            .columns
            .iter()
            .filter(|c| {
                c.kind == Kind::Numeric
                    || matches!(c.role, Role::Latency | Role::Score | Role::Cost)
            })
            .map(|c| c.name.as_str())
            .collect();
        let sort_all = |t: &Table| -> BTreeMap<String, Vec<f64>> {
            names
                .iter()
                .filter_map(|n| {
                    t.column(n)
                        .and_then(|c| c.numbers.as_deref())
                        .map(|v| ((*n).to_owned(), crate::stats::sorted_finite(v)))
                })
                .collect()
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (reference, production) = std::thread::scope(|s| {
                let h = s.spawn(|| sort_all(r));
                let prod = sort_all(p);
                (h.join().unwrap_or_else(|_| sort_all(r)), prod)
            });
            Presorted {
                reference,
                production,
            }
        }
        #[cfg(target_arch = "wasm32")]
        {
            Presorted {
                reference: sort_all(r),
                production: sort_all(p),
            }
        }
    }
}

//! Stage 8 of the analysis, *outliers* (SPEC §5): the seeded Isolation Forest fitted on the
//! reference feature rows, its threshold calibrated on the reference, production's excess
//! tested. Independent of the other stages: natively it runs on its own thread.

use std::collections::HashMap;

use super::context::Context;
use crate::data::{Kind, Role, MISSING_CODE};
use crate::outliers;

/// SPEC §5 outliers: the seeded Isolation Forest on the feature columns (numeric as they are,
/// categorical frequency-encoded with production codes mapped into the reference dictionary).
/// Pure, so it can run on its own thread; `Ok(None)` when there is no feature.
pub fn stage(ctx: &Context) -> Result<Option<outliers::OutlierReport>, String> {
    let (schema, r, p) = (&ctx.schema, ctx.r, ctx.p);
    let mut laps = crate::timing::Laps::start();
    // Outliers (SPEC §5): numeric features as they are, categorical ones frequency-encoded with
    // production codes mapped into the reference dictionary.
    let mut remapped: Vec<(String, Vec<u32>, Vec<u32>)> = Vec::new();
    let mut numeric = Vec::new();
    for c in schema.columns.iter().filter(|c| c.role == Role::Feature) {
        let (Some(rc), Some(pc)) = (r.column(&c.name), p.column(&c.name)) else {
            continue;
        };
        match c.kind {
            Kind::Numeric => {
                if let (Some(a), Some(b)) = (&rc.numbers, &pc.numbers) {
                    numeric.push((c.name.clone(), a, b));
                }
            }
            Kind::Categorical | Kind::Boolean => {
                if let (Some(dr), Some(dp)) = (&rc.dict, &pc.dict) {
                    let index: HashMap<&str, u32> = dr
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (v.as_str(), i as u32))
                        .collect();
                    let unseen = dr.values.len() as u32;
                    let map: Vec<u32> = dp
                        .values
                        .iter()
                        .map(|v| index.get(v.as_str()).copied().unwrap_or(unseen))
                        .collect();
                    let prod = dp
                        .codes
                        .iter()
                        .map(|&k| {
                            if k == MISSING_CODE {
                                MISSING_CODE
                            } else {
                                map.get(k as usize).copied().unwrap_or(unseen)
                            }
                        })
                        .collect();
                    remapped.push((c.name.clone(), dr.codes.clone(), prod));
                }
            }
            _ => {}
        }
    }
    if !numeric.is_empty() || !remapped.is_empty() {
        let features = outliers::Features {
            numeric: numeric
                .iter()
                .map(|(n, a, b)| outliers::NumericFeature {
                    name: n,
                    reference: a,
                    production: b,
                })
                .collect(),
            categorical: remapped
                .iter()
                .map(|(n, a, b)| outliers::CategoricalFeature {
                    name: n,
                    reference: a,
                    production: b,
                })
                .collect(),
        };
        laps.lap("outliers: features");
        // (outlier_report times its own phases: matrices, fit, score.)
        return outliers::outlier_report(&features, ctx.cfg.forest())
            .map(Some)
            .map_err(|e| format!("outliers not computable: {e}"));
    }
    Ok(None)
}

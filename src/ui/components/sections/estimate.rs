//! Performance without labels: CBPE estimates per chunk beside the realised values, the
//! reference chunks' range, and where the realised accuracy left the estimate's band.

use super::*;
use crate::metrics::cbpe::EstimateChunk;

/// `v` of `key` in a per-metric map, as text.
fn at(m: &std::collections::BTreeMap<String, Num>, key: &str) -> String {
    n(m.get(key).copied())
}

/// Production chunks whose realised accuracy fell below the estimate's ±3-sampling-error band:
/// the scores no longer mean what they meant on the reference (concept drift).
fn below_band(chunks: &[EstimateChunk]) -> Vec<String> {
    chunks
        .iter()
        .filter(|c| c.period == "production")
        .filter(|c| {
            c.realized
                .get("accuracy")
                .zip(c.lower_confidence.get("accuracy"))
                .is_some_and(|(r, lo)| r.0 < lo.0)
        })
        .map(|c| c.label.clone())
        .collect()
}

/// Estimated performance per chunk (CBPE).
#[component]
pub fn Estimate(done: Arc<Done>) -> impl IntoView {
    let Some(e) = done.analysis.report.performance_estimate.clone() else {
        return ().into_any();
    };
    let how = format!(
        "Estimated from the model's scores alone, before labels arrive (confidence-based performance estimation, CBPE, as NannyML 0.13){}: {}. Chunks by {}{}; labels for {} of production rows. The band is the reference chunks' realised range (mean ± 3σ); an estimate outside it alerts.",
        if e.classes.is_empty() {
            String::new()
        } else {
            format!(
                "; {} classes ({}), one-vs-rest: each class's probabilities calibrated on their own and normalised per row, metrics macro-averaged",
                e.classes.len(),
                e.classes.join(", ")
            )
        },
        if e.calibrated {
            "the scores were calibrated by isotonic regression on the reference, which lowered its held-out calibration error"
        } else {
            "the scores were used as probabilities as they are (calibration did not lower the reference's held-out calibration error)"
        },
        e.chunk_by,
        e.chunk_size.map(|s| format!(" of {s} rows")).unwrap_or_default(),
        crate::format::percent(e.labeled_share.0, 0),
    );
    let alert = match e.first_alert.get("accuracy") {
        Some(c) => format!("▲ The estimated accuracy left the reference range in {c}."),
        None => {
            "✓ The estimated accuracy stayed within the reference range in every production chunk."
                .into()
        }
    };
    let alerting = e.first_alert.contains_key("accuracy");
    let concept = below_band(&e.chunks);
    let concept = (!concept.is_empty()).then(|| format!(
        "The realised accuracy fell below the estimate's band in {}: the scores no longer predict the outcome as they did on the reference (concept drift), which an estimate from scores cannot see; trust the labels there.",
        concept.join(", ")
    ));
    let omitted = (e.reference_chunks_omitted > 0).then(|| format!(
        "The {} earliest reference chunks are not listed; their realised values still set the range.",
        e.reference_chunks_omitted
    ));
    let charts = chart_grid(
        done.analysis.sections.estimate.clone(),
        &[
            "Lines: the estimate per chunk (hover for its band); points: the realised accuracy where labels exist; grey: the reference range.",
            "ROC AUC estimated from the calibrated scores ranked by the raw scores.",
        ],
    );
    let rows = e
        .chunks
        .iter()
        .map(|c| {
            let flags: Vec<&str> = c
                .alert
                .iter()
                .filter(|(_, &a)| a)
                .map(|(k, _)| k.as_str())
                .collect();
            let flag = if flags.is_empty() {
                "✓".to_owned()
            } else {
                format!("▲ {}", flags.join(", "))
            };
            let band = format!(
                "{}–{}",
                at(&c.lower_confidence, "accuracy"),
                at(&c.upper_confidence, "accuracy")
            );
            view! {
                <tr class=if c.period == "reference" { "muted" } else { "" }>
                    <th scope="row">{c.label.clone()}</th>
                    <td>{c.period.clone()}</td>
                    <td class="num">{c.rows}</td>
                    <td class="num">{c.n_labeled}</td>
                    <td class="num" title=band>{at(&c.estimated, "accuracy")}</td>
                    <td class="num">{at(&c.realized, "accuracy")}</td>
                    <td class="num">{at(&c.estimated, "roc_auc")}</td>
                    <td class="num">{at(&c.realized, "roc_auc")}</td>
                    <td class="num">{at(&c.estimated, "f1")}</td>
                    <td class="num">{at(&c.estimated, "precision")}</td>
                    <td class="num">{at(&c.estimated, "recall")}</td>
                    <td class="num">{at(&c.estimated, "specificity")}</td>
                    <td>{flag}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="estimate">
            <h2>"Performance without labels"</h2>
            <p class="muted">{how}</p>
            <p class=if alerting { "s-alert" } else { "s-ok" }>{alert}</p>
            {concept.map(|t| view! { <p class="s-warning">{t}</p> })}
            {charts}
            <div class="table-scroll"><table class="chunks-table estimate-table">
                <caption class="muted">"Estimated (est.) and realised (real.) metrics per chunk; hover an estimated accuracy for its ±3-sampling-error band."{omitted}</caption>
                <thead><tr><th scope="col">"chunk"</th><th scope="col">"period"</th><th scope="col" class="num">"rows"</th><th scope="col" class="num">"labelled"</th><th scope="col" class="num">"accuracy est."</th><th scope="col" class="num">"real."</th><th scope="col" class="num">"ROC AUC est."</th><th scope="col" class="num">"real."</th><th scope="col" class="num">"F1 est."</th><th scope="col" class="num">"precision est."</th><th scope="col" class="num">"recall est."</th><th scope="col" class="num">"specificity est."</th><th scope="col">"alerts"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </section>
    }
    .into_any()
}

//! Multivariate drift: the PCA reconstruction error per chunk against the reference's range.

use super::*;

/// The joint distribution over time.
#[component]
pub fn Multivariate(done: Arc<Done>) -> impl IntoView {
    let Some(m) = done
        .analysis
        .report
        .multivariate_drift
        .as_ref()
        .map(|m| m.reconstruction.clone())
    else {
        return ().into_any();
    };
    let how = format!(
        "A model of the reference's joint structure — its {} main principal components ({} of the variance) over {} features, as NannyML's data reconstruction — rebuilds each row; when production's rows rebuild worse, the relations between columns moved, even if no single column did. Chunks by {}{}.{}",
        m.components,
        crate::format::percent(m.explained_variance.0, 0),
        m.features.len(),
        m.chunk_by,
        m.chunk_size.map(|s| format!(" of {s} rows")).unwrap_or_default(),
        if m.sampled {
            " Fitted on 100 000 evenly spaced reference rows; each chunk's error over 20 000 rows."
        } else {
            ""
        }
    );
    let no_range = m.chunks.iter().all(|c| c.upper_threshold.is_none());
    let verdict = match &m.first_alert {
        Some(c) => format!("▲ The reconstruction error left the reference range in {c}."),
        None if no_range => format!(
            "The reference has {} chunks, too few for a range (at least {}): the errors are shown, not judged.",
            m.chunks.iter().filter(|c| c.period == "reference").count(),
            crate::metrics::cbpe::MIN_REFERENCE_CHUNKS
        ),
        None => "✓ The reconstruction error stayed within the reference range in every production chunk.".into(),
    };
    let alerting = m.first_alert.is_some();
    let chart = crate::report::views::reconstruction(&m);
    let domain = done
        .analysis
        .report
        .multivariate_drift
        .as_ref()
        .and_then(|m| m.domain_classifier.clone())
        .map(|d| {
            let line = crate::report::verdict_domain_sentence(&d).replace('`', "");
            let line = line.replacen("a classifier", "A classifier", 1);
            let rows = d
                .top_features
                .iter()
                .map(|f| {
                    view! {
                        <tr>
                            <td>{f.column.clone()}</td>
                            <td class="num">{crate::format::share(f.importance.0)}</td>
                            <td class="bar-cell"><meter min="0" max="1" value=f.importance.0.to_string()></meter></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3>"Reference vs production classifier"</h3>
                <p class=if d.alert { "s-alert" } else { "s-ok" } id="domain-verdict">
                    {if d.alert { "▲ " } else { "✓ " }}{line}"."
                </p>
                <table class="data domain-table" id="domain-features">
                    <thead><tr><th scope="col">"Feature"</th><th scope="col" class="num">"Share of the split gain"</th><th scope="col"></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        });
    view! {
        <section class="card" id="multivariate">
            <h2>"Multivariate drift"</h2>
            <p class="muted">{how}</p>
            <p class=if alerting { "s-alert" } else { "s-ok" }>{verdict}</p>
            <div class="chart-grid"><div>
                <ChartCanvas view=chart caption="Mean reconstruction error per chunk; grey: the reference chunks' range (mean ± 3σ); hover for the sampling error." />
            </div></div>
            {domain}
        </section>
    }
    .into_any()
}

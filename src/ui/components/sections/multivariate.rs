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
    let verdict = match &m.first_alert {
        Some(c) => format!("▲ The reconstruction error left the reference range in {c}."),
        None => "✓ The reconstruction error stayed within the reference range in every production chunk.".into(),
    };
    let alerting = m.first_alert.is_some();
    let chart = crate::report::views::reconstruction(&m);
    view! {
        <section class="card" id="multivariate">
            <h2>"Multivariate drift"</h2>
            <p class="muted">{how}</p>
            <p class=if alerting { "s-alert" } else { "s-ok" }>{verdict}</p>
            <div class="chart-grid"><div>
                <ChartCanvas view=chart caption="Mean reconstruction error per chunk; grey: the reference chunks' range (mean ± 3σ); hover for the sampling error." />
            </div></div>
        </section>
    }
    .into_any()
}

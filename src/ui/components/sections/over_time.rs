//! Over time: rolling metric, chunk charts (click to find the row) and the chunk table.

use super::*;

/// Rolling metric, chunks and change points.
#[component]
pub fn OverTime(done: Arc<Done>) -> impl IntoView {
    let r = &done.analysis.report;
    if r.rolling.is_none() && r.chunks.is_empty() {
        return ().into_any();
    }
    let chunks = r.chunks.clone();
    let picked = RwSignal::new(None::<usize>);
    let rolling = r.rolling.as_ref().map(|ro| {
        let mut t = format!(
            "Rolling {} over windows of {} labelled predictions, moved {} at a time (the seed's definition), in time order.",
            if ro.metric == crate::metrics::RollingMetric::Accuracy { "accuracy" } else { "mean absolute error" },
            ro.window,
            ro.step
        );
        if let Some(note) = &ro.note {
            t.push(' ');
            t.push_str(note);
        }
        t
    });
    let cp = r.change_points.as_ref().map(|c| match c.first {
        Some(i) => format!(
            "First change in the production error rate at labelled prediction #{i} ({}); ADWIN found {}, DDM {}, Page-Hinkley {} change points.",
            c.first_detector.clone().unwrap_or_default(),
            c.adwin.len(),
            c.ddm.len(),
            c.page_hinkley.len()
        ),
        None => "No change point detected in the production error rate (ADWIN δ = 0.002, DDM, Page-Hinkley δ = 0.005, λ = 50).".into(),
    });
    let charts = done.analysis.sections.over_time.clone();
    let items = charts
        .into_iter()
        .map(|v| {
            let per_chunk = v.column().contains("per chunk");
            let cap = if v.column().starts_with("Rolling") {
                "The grey band is the reference value ± 5 % (the drop alert); dashed lines mark detected change points."
            } else if v.column().starts_with("Label coverage") {
                "Share of each chunk's rows whose target is known; recent chunks are often incomplete when labels arrive late."
            } else if v.column().starts_with("Mean of") {
                "Mean model output per chunk against the reference mean (dashed)."
            } else {
                "Click a bar to highlight its row in the table below."
            };
            let pick = per_chunk.then(|| Callback::new(move |i: usize| picked.set(Some(i))));
            match pick {
                Some(cb) => view! { <div><ChartCanvas view=v caption=cap on_pick=cb /></div> }.into_any(),
                None => view! { <div><ChartCanvas view=v caption=cap /></div> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <section class="card" id="over-time">
            <h2>"Over time"</h2>
            <p class="muted">{rolling}</p>
            <p>{cp}</p>
            <div class="chart-grid">{items}</div>
            <table class="chunks-table">
                <caption class="muted">"Metric per chunk of production (day, ISO week or month of the timestamp column, or 10 equal row chunks), compared with the reference."</caption>
                <thead><tr><th scope="col">"chunk"</th><th scope="col" class="num" title="production rows in the chunk">"rows"</th><th scope="col" class="num" title="rows whose target is known">"labelled"</th><th scope="col" class="num" title="accuracy (classification) or mean absolute error (regression) over the labelled rows">"accuracy / MAE"</th><th scope="col" class="num" title="mean of the score (else the numeric prediction) over all the chunk's rows">"prediction mean"</th><th scope="col" title="relative change against the reference value; ▲ when worse by more than 5 %">"vs reference"</th></tr></thead>
                <tbody>{chunks.into_iter().enumerate().map(|(i, c)| {
                    let v = c.accuracy.or(c.mae);
                    let flag = match c.alert { Some(true) => "▲ drop > 5 %", Some(false) => "✓ within 5 %", None => "" };
                    let change = c.relative_change.map(|d| format!(" ({:+.1} %)", d.0 * 100.0)).unwrap_or_default();
                    view! { <tr class:picked=move || picked.get() == Some(i)><th scope="row">{c.label.clone()}</th><td class="num">{c.rows}</td><td class="num">{c.n_labeled}</td><td class="num">{n(v)}</td><td class="num">{n(c.prediction_mean)}</td><td>{format!("{flag}{change}")}</td></tr> }
                }).collect_view()}</tbody>
            </table>
        </section>
    }
    .into_any()
}

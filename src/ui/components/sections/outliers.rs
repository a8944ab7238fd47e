//! Outliers: score histogram with the threshold and the expandable row inspector.

use super::*;

/// Score histogram and the row inspector.
#[component]
pub fn Outliers(done: Arc<Done>) -> impl IntoView {
    let Some(o) = done.analysis.report.outliers.clone() else {
        return ().into_any();
    };
    let chart = done.analysis.sections.outliers.clone();
    let sampled = (o.reference_scored_rows < o.rows_reference).then(|| {
        format!(
            " The reference share is estimated on {} evenly spaced rows of {}.",
            o.reference_scored_rows, o.rows_reference
        )
    });
    view! {
        <section class="card" id="outliers">
            <h2>"Outliers"<span class="muted">{format!(" · Isolation Forest, {} trees of {} rows, seed {}", o.trees, o.samples_per_tree, o.seed)}</span></h2>
            <p class=if o.alert { "verdict-line alert" } else { "verdict-line" }>{format!("{}.", crate::report::model_card::outlier_sentence(&o))}</p>
            <p>{format!("{} of {} production rows score below the threshold {} ({}); {:.1} % of the reference does.", o.outliers_production, o.rows_production, crate::format::num(o.threshold.0), if o.threshold_source == "calibrated" { format!("the reference's own {} % quantile", crate::format::num(o.expected_share.0 * 100.0)) } else { "fixed in the settings".to_owned() }, o.share_reference.0 * 100.0)}{sampled}</p>
            <p class="muted">{format!("The forest is fitted on the reference ({} features: {}); a lower decision score means easier to isolate, i.e. more unusual. Categorical features enter as their reference frequency.", o.features.len(), o.features.join(", "))}</p>
            {chart.map(|v| view! { <ChartCanvas view=v caption="Decision scores of both files; rows left of the dashed threshold count as outliers." /> })}
            <h3>"Most unusual production rows"</h3>
            <p class="muted">"Row numbers are as a spreadsheet shows them (header = row 1). Open a row for every feature's z-score against the reference (value − reference mean) / reference std."</p>
            <div class="inspector">
                {o.top.iter().map(|t| {
                    let z: Vec<String> = t.z.0.iter().take(3).map(|(k, v)| format!("{k} {:+.1}", v.0)).collect();
                    let all = t.z.0.clone();
                    view! {
                        <details class="inspector-row">
                            <summary><span class="num">{format!("row {}", t.row)}</span><span class="num">{format!("score {}", crate::format::num(t.score.0))}</span><span>{z.join(" · ")}</span></summary>
                            <table class="zscores">
                                <thead><tr><th scope="col">"feature"</th><th scope="col" class="num">"z"</th><th scope="col">""</th></tr></thead>
                                <tbody>{all.into_iter().map(|(k, v)| {
                                    let w = (v.0.abs() / 5.0).min(1.0) * 100.0;
                                    view! { <tr><th scope="row">{k}</th><td class="num">{format!("{:+.2}", v.0)}</td><td><span class="zbar" style:width=format!("{w:.0}%")></span></td></tr> }
                                }).collect_view()}</tbody>
                            </table>
                        </details>
                    }
                }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

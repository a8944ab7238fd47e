//! The settings panel: thresholds, drift share, rolling window, chunks, SLO, positive label,
//! outliers, bias. Export/import as the JSON the CLI's `--config` reads; remembered in
//! `localStorage` (thresholds only — never data, roles or column names). "Apply" re-runs the
//! analysis in the worker without re-parsing.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::drift::Binning;
use crate::report::config::ChunkSetting;
use crate::report::{Config, TestsMode};
use crate::ui::dom;
use crate::ui::state::{Actions, AppState};

/// `localStorage` key.
const STORAGE_KEY: &str = "driftcard.settings.v1";

/// The settings worth remembering across files: everything but roles, kinds and per-column
/// overrides (those name the user's columns).
pub fn portable(cfg: &Config) -> Config {
    let mut c = cfg.clone();
    c.roles = Default::default();
    c.kinds.clear();
    c.drift.columns.clear();
    c.positive_label = None;
    c.baseline_version = None;
    c
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Settings remembered from an earlier visit (invalid or absent → defaults).
pub fn load_remembered() -> Config {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|t| Config::from_json(&t).ok())
        .unwrap_or_default()
}

fn remember(cfg: &Config) {
    if let (Some(s), Ok(t)) = (storage(), serde_json::to_string(&portable(cfg))) {
        let _ = s.set_item(STORAGE_KEY, &t);
    }
}

/// Applies an edit to the settings if the result is valid, else shows why and keeps them.
fn apply_checked(st: AppState, edit: impl FnOnce(&mut Config)) {
    let mut c = st.config.get_untracked();
    edit(&mut c);
    match c.validate() {
        Ok(()) => {
            st.error.set(None);
            st.config.set(c);
        }
        Err(e) => st.error.set(Some(e.to_string())),
    }
}

/// One numeric field bound to a part of the config.
#[component]
fn NumberField(
    /// Label.
    label: &'static str,
    /// Help shown on hover and below.
    help: &'static str,
    /// `id` of the input (tests use it).
    id: &'static str,
    /// Step of the input.
    step: &'static str,
    /// Reads the value.
    get: fn(&Config) -> f64,
    /// Writes the value (after validation by the caller's range).
    set: fn(&mut Config, f64),
) -> impl IntoView {
    let st = expect_context::<AppState>();
    let value = move || {
        let v = st.config.with(get);
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
            apply_checked(st, |c| set(c, v));
        }
    };
    view! {
        <label class="field" title=help>
            <span class="field-label">{label}</span>
            <input id=id type="number" step=step prop:value=value on:change=on_change />
            <span class="field-help muted">{help}</span>
        </label>
    }
}

/// A number that may be left empty (`None`).
#[component]
fn OptionalField(
    label: &'static str,
    id: &'static str,
    help: &'static str,
    get: fn(&Config) -> Option<f64>,
    set: fn(&mut Config, Option<f64>),
) -> impl IntoView {
    let st = expect_context::<AppState>();
    let value = move || {
        st.config
            .with(get)
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let t = text.trim();
        let v = if t.is_empty() {
            None
        } else {
            match t.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    st.error
                        .set(Some(format!("{label}: `{t}` is not a number ≥ 0")));
                    return;
                }
            }
        };
        apply_checked(st, |c| set(c, v));
    };
    view! {
        <label class="field" title=help>
            <span class="field-label">{label}</span>
            <input id=id type="number" step="any" min="0" placeholder="none" prop:value=value on:change=on_change />
            <span class="field-help muted">{help}</span>
        </label>
    }
}

/// The per-column test overrides, each removable.
#[component]
fn Overrides() -> impl IntoView {
    let st = expect_context::<AppState>();
    move || {
        let cols = st.config.with(|c| c.drift.columns.clone());
        (!cols.is_empty()).then(|| {
            view! {
                <div class="overrides">
                    <h3>"Per-column tests"</h3>
                    <ul>{cols.into_iter().map(|(name, o)| {
                        let mut parts = Vec::new();
                        if let Some(m) = o.method { parts.push(m.name().to_owned()); }
                        if let Some(t) = o.threshold { parts.push(format!("threshold {t}")); }
                        if o.binning != Binning::default() { parts.push(format!("{:?} bins", o.binning).to_lowercase()); }
                        if let Some(n) = o.n_bins { parts.push(format!("{n} bins")); }
                        if o.all_tests { parts.push("all tests".into()); }
                        let n2 = name.clone();
                        view! { <li><strong>{name.clone()}</strong>{format!(": {}", parts.join(", "))}" "
                            <button class="link" on:click=move |_| st.config.update(|c| { c.drift.columns.remove(&n2); })>"remove"</button></li> }
                    }).collect_view()}</ul>
                    <p class="muted">"Set them from a column's detail panel. Applied on the next run; exported with the settings."</p>
                </div>
            }
        })
    }
}

/// The panel.
#[component]
pub fn Settings() -> impl IntoView {
    let st = expect_context::<AppState>();
    let actions = expect_context::<Actions>();
    Effect::new(move |_| st.config.with(remember));
    let export = move |_| {
        let text = serde_json::to_string_pretty(&st.config.get_untracked()).unwrap_or_default();
        let _ = dom::download("driftcard-settings.json", "application/json", &text);
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            match text.map(|t| Config::from_json(&t)) {
                Some(Ok(c)) => {
                    st.error.set(None);
                    st.config.set(c);
                    if st.schema.get_untracked().is_some() {
                        actions.analyze(st);
                    }
                }
                Some(Err(e)) => st
                    .error
                    .set(Some(format!("{}: {e}", crate::text::visible(&file.name())))),
                None => st.error.set(Some(format!(
                    "{}: could not be read",
                    crate::text::visible(&file.name())
                ))),
            }
        });
    };
    let tests_all = move || st.config.with(|c| c.drift.tests == TestsMode::All);
    let chunks = move || {
        st.config.with(|c| match c.rolling.chunks {
            ChunkSetting::Auto => "auto",
            ChunkSetting::Day => "day",
            ChunkSetting::Week => "week",
            ChunkSetting::Month => "month",
            ChunkSetting::Equal => "equal",
        })
    };
    let set_chunks = move |ev: leptos::ev::Event| {
        let v = match event_target_value(&ev).as_str() {
            "day" => ChunkSetting::Day,
            "week" => ChunkSetting::Week,
            "month" => ChunkSetting::Month,
            "equal" => ChunkSetting::Equal,
            _ => ChunkSetting::Auto,
        };
        st.config.update(|c| c.rolling.chunks = v);
    };
    let bins = move || {
        st.config.with(|c| match c.drift.bins {
            Binning::RefDeciles => "ref_deciles",
            Binning::EqualWidth => "equal_width",
            Binning::SturgesCombined => "sturges_combined",
        })
    };
    let set_bins = move |ev: leptos::ev::Event| {
        let b = match event_target_value(&ev).as_str() {
            "equal_width" => Binning::EqualWidth,
            "sturges_combined" => Binning::SturgesCombined,
            _ => Binning::RefDeciles,
        };
        st.config.update(|c| c.drift.bins = b);
    };
    let positive = move || {
        st.config
            .with(|c| c.positive_label.clone().unwrap_or_default())
    };
    let outlier_threshold = move || {
        st.config.with(|c| {
            c.outliers
                .threshold
                .map(|t| t.to_string())
                .unwrap_or_default()
        })
    };
    view! {
        <details class="card settings" id="settings">
            <summary><h2>"Settings"</h2><span class="muted">" thresholds, SLO, windows — remembered in this browser, exportable for the CLI's --config"</span></summary>
            <div class="fields">
                <NumberField label="Dataset drift at share ≥" id="set-drift-share" step="0.05"
                    help="share of feature columns that must drift (0–1; default 0.5)"
                    get=|c| c.drift.share set=|c, v| c.drift.share = v />
                <NumberField label="Missing share change >" id="set-missing-change" step="0.01"
                    help="a column drifts when its missing share moves more than this (default 0.10)"
                    get=|c| c.drift.missing_share_change set=|c, v| c.drift.missing_share_change = v />
                <NumberField label="New categories >" id="set-new-categories" step="0.01"
                    help="a column drifts when new categories exceed this share of production rows (default 0.05)"
                    get=|c| c.drift.new_category_share set=|c, v| c.drift.new_category_share = v />
                <NumberField label="SLO percentile" id="set-slo-percentile" step="1"
                    help="latency percentile checked (default 99)"
                    get=|c| c.slo.percentile set=|c, v| c.slo.percentile = v />
                <NumberField label="SLO target (ms)" id="set-slo-target" step="10"
                    help="the percentile must stay below this (default 100 ms)"
                    get=|c| c.slo.target_ms set=|c, v| c.slo.target_ms = v />
                <NumberField label="Rolling window (rows)" id="set-rolling-window" step="50"
                    help="the seed's rolling accuracy window (default 1000; smaller data: max(50, n/10))"
                    get=|c| c.rolling.window.unwrap_or(1000) as f64 set=|c, v| c.rolling.window = Some(v.max(1.0) as usize) />
                <NumberField label="Rolling step (rows)" id="set-rolling-step" step="10"
                    help="distance between window starts (default 100)"
                    get=|c| c.rolling.step.unwrap_or(100) as f64 set=|c, v| c.rolling.step = Some(v.max(1.0) as usize) />
                <NumberField label="Expected outliers" id="set-outlier-contamination" step="0.005"
                    help="share of the reference expected to be outliers (default 0.01): the threshold is the reference's own score quantile at this share"
                    get=|c| c.outliers.contamination set=|c, v| c.outliers.contamination = v />
                <label class="field" title="a fixed decision threshold instead of the calibrated one (empty: calibrated on the reference)">
                    <span class="field-label">"Outlier threshold (fixed)"</span>
                    <input id="set-outlier-threshold" type="text" inputmode="decimal" placeholder="calibrated" prop:value=outlier_threshold
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let v = v.trim();
                            if v.is_empty() {
                                apply_checked(st, |c| c.outliers.threshold = None);
                            } else if let Ok(t) = v.parse::<f64>() {
                                apply_checked(st, |c| c.outliers.threshold = Some(t));
                            }
                        } />
                    <span class="field-help muted">"empty: the reference's own quantile"</span>
                </label>
                <NumberField label="Eval regression drop >" id="set-llm-threshold" step="0.01"
                    help="an LLM version regresses when its pass rate is more than this below the version before it, with p < 0.05 (default 0.05)"
                    get=|c| c.llm_eval.threshold set=|c, v| c.llm_eval.threshold = v />
                <NumberField label="Numeric match tolerance" id="set-llm-tolerance" step="any"
                    help="absolute tolerance of the numeric eval matcher (default 0.000001)"
                    get=|c| c.llm_eval.tolerance set=|c, v| c.llm_eval.tolerance = v />
                <NumberField label="Minimum group size" id="set-min-group" step="1"
                    help="smaller groups get a small-sample warning and no bias alert (default 30)"
                    get=|c| c.bias.min_group_size as f64 set=|c, v| c.bias.min_group_size = v.max(0.0) as usize />
                <label class="field" title="the label that counts as positive (default 1, true or yes)">
                    <span class="field-label">"Positive label"</span>
                    <input id="set-positive" type="text" placeholder="auto" prop:value=positive
                        on:change=move |ev| { let v = event_target_value(&ev); st.config.update(|c| c.positive_label = (!v.trim().is_empty()).then(|| v.trim().to_owned())); } />
                    <span class="field-help muted">"binary tasks"</span>
                </label>
                <label class="field" title="how production rows are grouped over time">
                    <span class="field-label">"Time chunks"</span>
                    <select id="set-chunks" prop:value=chunks on:change=set_chunks>
                        <option value="auto">"auto"</option>
                        <option value="day">"day"</option>
                        <option value="week">"week"</option>
                        <option value="month">"month"</option>
                        <option value="equal">"10 equal chunks"</option>
                    </select>
                    <span class="field-help muted">"auto: day up to a month, then week, then month"</span>
                </label>
                <label class="field" title="binning of PSI, Jensen–Shannon, KL and Hellinger on numeric columns without their own override (SPEC §3.2)">
                    <span class="field-label">"Bins (binned methods)"</span>
                    <select id="set-bins" prop:value=bins on:change=set_bins>
                        <option value="ref_deciles">"reference quantiles"</option>
                        <option value="equal_width">"equal width"</option>
                        <option value="sturges_combined">"Sturges (Evidently)"</option>
                    </select>
                    <span class="field-help muted">"per column: a column's detail panel"</span>
                </label>
                <OptionalField label="Number of bins" id="set-n-bins" help="2–1000; empty = 10 (Sturges picks its own)"
                    get=|c| c.drift.n_bins.map(|n| n as f64) set=|c, v| c.drift.n_bins = v.map(|x| x.round() as usize) />
                <OptionalField label="Price per 1k tokens" id="set-price" help="when the cost column holds tokens: cost = tokens / 1000 × price"
                    get=|c| c.cost.price_per_1k_tokens set=|c, v| c.cost.price_per_1k_tokens = v />
                <OptionalField label="Budget" id="set-budget" help="production cost budget (30-day projection when production is shorter)"
                    get=|c| c.cost.budget set=|c, v| c.cost.budget = v />
                <label class="field checkbox" title="compute every applicable test for every column (slower)">
                    <input id="set-tests-all" type="checkbox" prop:checked=tests_all
                        on:change=move |ev| { let on = event_target_checked(&ev); st.config.update(|c| c.drift.tests = if on { TestsMode::All } else { TestsMode::Auto }); } />
                    <span class="field-label">"Compute all tests"</span>
                </label>
            </div>
            <Overrides />
            <div class="toolbar">
                <button id="apply-settings" class="primary" on:click=move |_| actions.analyze(st)
                    disabled=move || st.schema.with(Option::is_none)>"Apply and re-run"</button>
                <button id="export-settings" class="secondary" on:click=export>"Export settings"</button>
                <label class="button secondary">"Import settings"
                    <input id="import-settings" type="file" accept=".json,application/json" on:change=import />
                </label>
                <button id="reset-settings" class="secondary" on:click=move |_| {
                    st.config.update(|c| { let keep = (c.roles.clone(), c.kinds.clone(), c.drift.columns.clone()); *c = Config::default(); c.roles = keep.0; c.kinds = keep.1; c.drift.columns = keep.2; });
                }>"Defaults"</button>
            </div>
        </details>
    }
}

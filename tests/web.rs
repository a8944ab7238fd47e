//! wasm-bindgen tests, run in headless Chromium (`cargo test --target wasm32-unknown-unknown --test web`):
//! the core gives the golden values *in wasm* too, and a chart really paints a browser canvas.
#![cfg(target_arch = "wasm32")]

use driftcard::chart::{self, BarsView, ChartView, HistogramView, Theme};
use driftcard::data::read_table;
use driftcard::report::{analyze, Config, Inputs};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const REF: &str = include_str!("golden/pair01_binary_mixed/reference.csv");
const PROD: &str = include_str!("golden/pair01_binary_mixed/production.csv");
const EXPECTED: &str = include_str!("golden/pair01_binary_mixed/expected.json");

#[wasm_bindgen_test]
fn drift_statistics_match_scipy_in_wasm() {
    let r = read_table("reference.csv", REF.as_bytes(), &mut |_| {}).unwrap();
    let p = read_table("production.csv", PROD.as_bytes(), &mut |_| {}).unwrap();
    let cfg = Config::default();
    let a = analyze(&Inputs {
        reference: &r,
        production: &p,
        config: &cfg,
        generated_at: "2026-01-01T00:00:00Z".into(),
        labels: None,
    })
    .unwrap();
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    let mut checked = 0;
    for name in ["age", "income", "score_t", "balance"] {
        let col = a
            .report
            .drift
            .columns
            .iter()
            .find(|c| c.column == name)
            .unwrap();
        let ks = &col.tests["ks"];
        let g = &expected["columns"][name]["drift"]["ks_2samp"]["auto"];
        common::assert_closed(ks.statistic.0, g["statistic"].as_f64().unwrap(), name);
        common::assert_p(ks.p_value.unwrap().0, g["pvalue"].as_f64().unwrap(), name);
        let psi = expected["columns"][name]["drift"]["binned"]["ref_deciles"]["psi"]
            .as_f64()
            .unwrap();
        common::assert_closed(col.tests["psi"].statistic.0, psi, name);
        checked += 1;
    }
    assert_eq!(checked, 4);
}

fn canvas(w: u32, h: u32) -> web_sys::HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: web_sys::HtmlCanvasElement = doc.create_element("canvas").unwrap().unchecked_into();
    c.set_width(w);
    c.set_height(h);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

fn distinct_colours(c: &web_sys::HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(c.width()), f64::from(c.height()))
        .unwrap()
        .data();
    let mut seen = std::collections::BTreeSet::new();
    for px in data.chunks(4).step_by(7) {
        seen.insert((px[0], px[1], px[2]));
    }
    seen.len()
}

#[wasm_bindgen_test]
fn charts_paint_a_real_canvas_and_map_pixels_back_to_bins() {
    let views = [
        ChartView::Histogram(HistogramView {
            column: "age".into(),
            edges: vec![18.0, 28.0, 40.0, 52.0, 69.0],
            ref_share: vec![0.2, 0.3, 0.3, 0.2],
            prod_share: vec![0.1, 0.3, 0.3, 0.3],
            open_left: true,
            open_right: true,
            ..Default::default()
        }),
        ChartView::Bars(BarsView {
            column: "color".into(),
            categories: vec!["blue".into(), "purple".into(), "red".into()],
            ref_share: vec![0.5, 0.0, 0.5],
            prod_share: vec![0.4, 0.2, 0.4],
            new_in_prod: vec![false, true, false],
            ..Default::default()
        }),
        // The ECDF with its KS marker, built by the core from two samples (steps, circles and
        // the marker's text go through the canvas backend).
        driftcard::report::views::ecdf(
            "age",
            &[20.0, 25.0, 31.0, 44.0, 52.0],
            &[27.0, 33.0, 45.0, 58.0, 61.0, 70.0],
            20.0,
            70.0,
        )
        .unwrap(),
    ];
    for view in views {
        let c = canvas(800, 400);
        let backend = plotters_canvas::CanvasBackend::with_canvas_object(c.clone()).unwrap();
        let map = chart::draw(&backend.into_drawing_area(), &view, &Theme::light(), 2.0).unwrap();
        assert!(distinct_colours(&c) > 4, "canvas looks blank");
        let (x, y) = map.center(1).unwrap();
        assert_eq!(map.hit(x, y).unwrap().index, 1);
    }
}

//! Property tests of the charts and their view-models (proptest): whatever numbers a view holds —
//! NaN, infinities, huge or tiny magnitudes, a single point, empty series — drawing returns a
//! chart or an error and hit-testing returns a tooltip or nothing, **never a panic** (a panic in
//! wasm kills the page). And the ECDF's marked distance is always the KS statistic.
#![cfg(not(target_arch = "wasm32"))]

use driftcard::chart::{
    draw, render_svg, AxisFormat, Band, BarsView, ChartView, HistogramView, Marker, Rule, Series,
    SeriesStyle, Swatch, Theme, XyView,
};
use driftcard::drift::ks::{ks_two_sample, KsMode};
use driftcard::report::views;
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use proptest::prelude::*;

/// Any f64, weighted towards the awkward ones.
fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1e6..1e6f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => prop::num::f64::NORMAL,
        1 => Just(1e-300),
    ]
}

fn style() -> impl Strategy<Value = SeriesStyle> {
    prop_oneof![
        Just(SeriesStyle::Line),
        Just(SeriesStyle::Step),
        Just(SeriesStyle::Dashed),
        Just(SeriesStyle::Points),
        Just(SeriesStyle::Bars),
    ]
}

fn swatch() -> impl Strategy<Value = Swatch> {
    prop_oneof![
        Just(Swatch::Reference),
        Just(Swatch::Production),
        Just(Swatch::Accent),
        Just(Swatch::Muted),
    ]
}

fn series() -> impl Strategy<Value = Series> {
    (
        "[a-z ]{0,12}",
        swatch(),
        style(),
        prop::collection::vec((wild(), wild()), 0..40),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, swatch, style, pts, notes, hover)| Series {
            name,
            swatch,
            style,
            notes: if notes {
                (0..pts.len()).map(|i| format!("n = {i}")).collect()
            } else {
                Vec::new()
            },
            points: pts.into_iter().map(|(x, y)| [x, y]).collect(),
            hover,
        })
}

fn xy_view() -> impl Strategy<Value = XyView> {
    (
        prop::collection::vec(series(), 0..4),
        prop::option::of((wild(), wild())),
        prop::option::of((wild(), wild())),
        prop::collection::vec("[A-Z0-9-]{0,10}", 0..12),
        prop::collection::vec((wild(), wild()), 0..3),
        prop::collection::vec(wild(), 0..3),
        prop::option::of((wild(), wild(), wild())),
        any::<bool>(),
    )
        .prop_map(|(series, xr, yr, cats, bands, rules, marker, pct)| XyView {
            title: "a chart".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            x_format: AxisFormat::Number,
            y_format: if pct {
                AxisFormat::Percent
            } else {
                AxisFormat::Number
            },
            x_range: xr.map(|(a, b)| [a, b]),
            y_range: yr.map(|(a, b)| [a, b]),
            x_categories: cats,
            series,
            bands: bands
                .into_iter()
                .map(|(from, to)| Band {
                    from,
                    to,
                    label: "band".into(),
                })
                .collect(),
            x_rules: rules
                .iter()
                .map(|&value| Rule {
                    value,
                    label: "x rule".into(),
                })
                .collect(),
            y_rules: rules
                .iter()
                .map(|&value| Rule {
                    value,
                    label: "y rule".into(),
                })
                .collect(),
            marker: marker.map(|(x, y0, y1)| Marker {
                x,
                y0,
                y1,
                label: "D".into(),
            }),
        })
}

/// Draws at a few sizes and scales, then hit-tests a grid of pixels and every keyboard stop.
fn exercise(view: &ChartView) -> Result<(), TestCaseError> {
    for (w, h, scale) in [(640u32, 320u32, 1.0), (300, 200, 2.0), (90, 60, 1.0)] {
        let mut out = String::new();
        let map = {
            let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
            draw(&root, view, &Theme::dark(), scale)
        };
        if let Ok(map) = map {
            for i in 0..=16 {
                for j in 0..=8 {
                    let _ = map.hit(
                        f64::from(w) * i as f64 / 16.0,
                        f64::from(h) * j as f64 / 8.0,
                    );
                }
            }
            for i in 0..map.len().min(200) + 2 {
                if let Some((x, y)) = map.center(i) {
                    prop_assert!(x.is_finite() && y.is_finite());
                    let _ = map.hit(x, y);
                }
            }
        }
    }
    if let Ok(svg) = render_svg(view, 640, 320, &Theme::light()) {
        prop_assert!(svg.trim_end().ends_with("</svg>"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn xy_charts_never_panic(view in xy_view()) {
        exercise(&ChartView::Xy(view))?;
    }

    #[test]
    fn histograms_never_panic(
        edges in prop::collection::vec(wild(), 0..12),
        r in prop::collection::vec(wild(), 0..12),
        p in prop::collection::vec(wild(), 0..12),
        open in any::<(bool, bool)>(),
        rules in prop::collection::vec(wild(), 0..3),
    ) {
        let view = HistogramView {
            column: "h".into(),
            edges,
            ref_share: r,
            prod_share: p,
            open_left: open.0,
            open_right: open.1,
            rules: rules.into_iter().map(|value| Rule { value, label: "t".into() }).collect(),
            y_label: None,
            ref_rows: 1000,
            prod_rows: 0,
        };
        exercise(&ChartView::Histogram(view))?;
    }

    #[test]
    fn bars_never_panic(
        cats in prop::collection::vec("[a-z<>&\" ]{0,8}", 0..40),
        r in prop::collection::vec(0.0..1.0f64, 0..40),
        p in prop::collection::vec(wild(), 0..40),
        bands in prop::collection::vec((wild(), wild()), 0..2),
        slot in prop::option::of(wild()),
        muted in prop::collection::vec(any::<bool>(), 0..40),
    ) {
        let k = cats.len();
        let view = BarsView {
            column: "b".into(),
            new_in_prod: (0..k).map(|i| i % 3 == 0).collect(),
            ref_share: r.into_iter().chain(std::iter::repeat(0.1)).take(k).collect(),
            prod_share: p.into_iter().map(|v| v.abs().min(1.0)).chain(std::iter::repeat(0.2)).take(k).collect(),
            categories: cats,
            bands: bands.into_iter().map(|(from, to)| Band { from, to, label: "b".into() }).collect(),
            slot_rule: slot.map(|value| Rule { value, label: "SLO".into() }),
            muted,
            ..Default::default()
        };
        exercise(&ChartView::Bars(view))?;
    }

    #[test]
    fn ecdf_marks_exactly_the_ks_statistic(
        a in prop::collection::vec(-1e3..1e3f64, 1..300),
        b in prop::collection::vec(-1e3..1e3f64, 1..300),
        round in any::<bool>(),
    ) {
        // Rounded values create ties, where the ECDFs' steps coincide.
        let prep = |v: Vec<f64>| {
            let mut v: Vec<f64> = v.into_iter().map(|x| if round { x.round() } else { x }).collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let (a, b) = (prep(a), prep(b));
        let ks = ks_two_sample(&a, &b, KsMode::Asymp).expect("non-empty");
        let (lo, hi) = (a[0].min(b[0]), a[a.len() - 1].max(b[b.len() - 1]));
        let Some(ChartView::Xy(v)) = views::ecdf("c", &a, &b, lo, hi) else {
            return Err(TestCaseError::fail("no ECDF view"));
        };
        let m = v.marker.clone().expect("marker");
        prop_assert_eq!((m.y0 - m.y1).abs(), ks.statistic);
        prop_assert_eq!(m.x, ks.location);
        exercise(&ChartView::Xy(v))?;
    }
}

//! A plotters chart on a canvas, crisp on high-DPI screens (backing store = CSS size × DPR), with
//! a hover tooltip from the chart's [`HitMap`] (pixel → bin).

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::chart::{self, ChartView, HitMap, Hover, Theme};
use crate::ui::dom;

/// CSS height of a chart.
const HEIGHT_CSS: f64 = 320.0;

fn paint(canvas: &web_sys::HtmlCanvasElement, view: &ChartView) -> Result<(HitMap, f64), String> {
    let dpr = dom::device_pixel_ratio();
    let css_w = f64::from(canvas.client_width()).max(280.0);
    canvas.set_width((css_w * dpr).round() as u32);
    canvas.set_height((HEIGHT_CSS * dpr).round() as u32);
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    let root = backend.into_drawing_area();
    let theme = if dom::prefers_dark() {
        Theme::dark()
    } else {
        Theme::light()
    };
    let map = chart::draw(&root, view, &theme, dpr)?;
    Ok((map, dpr))
}

/// One chart with its tooltip.
#[component]
pub fn ChartCanvas(
    /// What to draw (a view-model from the core).
    view: ChartView,
) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let map: StoredValue<Option<(HitMap, f64)>, LocalStorage> = StoredValue::new_local(None);
    let hover = RwSignal::new(None::<(Hover, f64)>);
    let error = RwSignal::new(None::<String>);
    let title = format!(
        "Distribution of {} in reference and production",
        view.column()
    );
    let view_for_draw = view.clone();
    Effect::new(move |_| {
        if let Some(canvas) = canvas_ref.get() {
            match paint(&canvas, &view_for_draw) {
                Ok(m) => map.set_value(Some(m)),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let redraw = view.clone();
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            if let Ok(m) = paint(&canvas, &redraw) {
                map.set_value(Some(m));
            }
        }
    });
    on_cleanup(move || on_resize.remove());
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let rect = canvas.get_bounding_client_rect();
        let (cx, cy) = (
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        );
        let found = map.with_value(|m| {
            m.as_ref().and_then(|(m, _)| {
                // CSS pixels → backing-store pixels.
                let sx = f64::from(canvas.width()) / rect.width().max(1.0);
                let sy = f64::from(canvas.height()) / rect.height().max(1.0);
                m.hit(cx * sx, cy * sy).map(|h| (h, sx))
            })
        });
        hover.set(found);
    };
    let tooltip = move || {
        hover.get().map(|(h, sx)| {
            let left = format!("{}px", (h.x / sx).round());
            let top = format!("{}px", (h.y / sx - 8.0).max(0.0).round());
            view! {
                <div class="chart-tooltip" role="tooltip" style:left=left style:top=top>
                    <div class="tt-label">{h.label.clone()}</div>
                    <div><span class="swatch ref"></span>{format!("reference {:.1} %", h.ref_share * 100.0)}</div>
                    <div><span class="swatch prod"></span>{format!("production {:.1} %", h.prod_share * 100.0)}</div>
                </div>
            }
        })
    };
    view! {
        <div class="chart-box">
            <canvas node_ref=canvas_ref class="chart" role="img" aria-label=title
                on:mousemove=on_move on:mouseleave=move |_| hover.set(None)></canvas>
            {tooltip}
            {move || error.get().map(|e| view! { <p class="error-message">{format!("chart could not be drawn: {e}")}</p> })}
        </div>
    }
}

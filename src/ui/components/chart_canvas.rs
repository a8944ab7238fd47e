//! A plotters chart on a canvas, crisp on high-DPI screens (backing store = CSS size × DPR), with
//! a hover tooltip from the chart's [`HitMap`] (pixel → data), keyboard stepping (focus the
//! chart, ← → move the tooltip, Escape hides it), an optional click-to-drill-down callback, and
//! PNG downloads (2×, as shown) and SVG downloads (the SVG of the HTML report).

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

use crate::chart::{self, ChartView, HitMap, Hover, Swatch, Theme};
use crate::ui::dom;

/// CSS height of a chart.
const HEIGHT_CSS: f64 = 320.0;

fn theme() -> Theme {
    if dom::prefers_dark() {
        Theme::dark()
    } else {
        Theme::light()
    }
}

/// What painting a chart gives: its hit map and the device pixel ratio, or why it failed.
type Painted = Result<(HitMap, f64), String>;

/// A chart waiting to be painted.
struct Job {
    canvas: web_sys::HtmlCanvasElement,
    view: ChartView,
    done: Box<dyn FnOnce(Painted)>,
}

thread_local! {
    static QUEUE: std::cell::RefCell<Vec<Job>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Queues a paint for the next animation frame. All charts queued before it are painted together:
/// their CSS widths are read first (one layout), then each is drawn — reading a width between two
/// paints would force a layout per chart (measured: ~2 ms each on a 20-chart report).
fn schedule(job: Job) {
    let first = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.push(job);
        q.len() == 1
    });
    if first {
        request_animation_frame(|| {
            let jobs = QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()));
            let widths: Vec<f64> = jobs
                .iter()
                .map(|j| f64::from(j.canvas.client_width()))
                .collect();
            for (job, w) in jobs.into_iter().zip(widths) {
                let r = paint(&job.canvas, &job.view, w);
                (job.done)(r);
            }
        });
    }
}

fn paint(canvas: &web_sys::HtmlCanvasElement, view: &ChartView, css_width: f64) -> Painted {
    let dpr = dom::device_pixel_ratio();
    let css_w = css_width.max(280.0);
    canvas.set_width((css_w * dpr).round() as u32);
    canvas.set_height((HEIGHT_CSS * dpr).round() as u32);
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    let root = backend.into_drawing_area();
    let map = chart::draw(&root, view, &theme(), dpr)?;
    Ok((map, dpr))
}

/// The chart drawn on an off-screen canvas at 2× its CSS size, as a PNG `data:` URL.
fn png_2x(view: &ChartView, css_width: f64) -> Result<String, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a canvas")?;
    let css_w = css_width.max(280.0);
    canvas.set_width((css_w * 2.0).round() as u32);
    canvas.set_height((HEIGHT_CSS * 2.0).round() as u32);
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    chart::draw(&backend.into_drawing_area(), view, &theme(), 2.0)?;
    canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))
}

fn swatch_class(s: Swatch) -> &'static str {
    match s {
        Swatch::Reference => "swatch ref",
        Swatch::Production => "swatch prod",
        Swatch::Accent => "swatch accent",
        Swatch::Muted => "swatch muted-swatch",
    }
}

/// One chart with its tooltip and downloads.
#[component]
pub fn ChartCanvas(
    /// What to draw (a view-model from the core).
    view: ChartView,
    /// Called with the hovered bin / bar / category index on click or Enter (drill-down).
    #[prop(optional)]
    on_pick: Option<Callback<usize>>,
    /// Text under the chart saying what it shows (read by screen readers too).
    #[prop(optional, into)]
    caption: Option<String>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let map: StoredValue<Option<(HitMap, f64)>, LocalStorage> = StoredValue::new_local(None);
    let hover = RwSignal::new(None::<(Hover, f64)>);
    let key_index = StoredValue::new(0usize);
    let error = RwSignal::new(None::<String>);
    let title = view.column().to_owned();
    let stem = view.file_stem();
    let queue_paint = {
        let view = view.clone();
        move |canvas: web_sys::HtmlCanvasElement| {
            let marked = canvas.clone();
            schedule(Job {
                canvas,
                view: view.clone(),
                done: Box::new(move |r| {
                    // `data-painted` lets tests and timings wait until every chart is on screen.
                    match r {
                        Ok(m) => {
                            map.set_value(Some(m));
                            error.set(None);
                            let _ = marked.set_attribute("data-painted", "ok");
                        }
                        Err(e) => {
                            error.set(Some(e));
                            let _ = marked.set_attribute("data-painted", "error");
                        }
                    }
                }),
            });
        }
    };
    let first_paint = queue_paint.clone();
    Effect::new(move |_| {
        if let Some(canvas) = canvas_ref.get() {
            first_paint(canvas);
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            queue_paint(canvas);
        }
    });
    on_cleanup(move || on_resize.remove());
    // CSS pixels → backing-store pixels.
    let scale = move |canvas: &web_sys::HtmlCanvasElement| {
        let rect = canvas.get_bounding_client_rect();
        let sx = f64::from(canvas.width()) / rect.width().max(1.0);
        let sy = f64::from(canvas.height()) / rect.height().max(1.0);
        (rect, sx, sy)
    };
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let (rect, sx, sy) = scale(&canvas);
        let (cx, cy) = (
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        );
        let found = map.with_value(|m| {
            m.as_ref()
                .and_then(|(m, _)| m.hit(cx * sx, cy * sy).map(|h| (h, sx)))
        });
        hover.set(found);
    };
    let pick = move || {
        if let (Some(cb), Some((h, _))) = (on_pick, hover.get_untracked()) {
            cb.run(h.index);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let (_, sx, _) = scale(&canvas);
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            "Home" => -100_000,
            "End" => 100_000,
            "Enter" => {
                pick();
                return;
            }
            "Escape" => {
                hover.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let found = map.with_value(|m| {
            let (m, _) = m.as_ref()?;
            let n = m.len();
            if n == 0 {
                return None;
            }
            let cur = if hover.get_untracked().is_some() {
                key_index.get_value() as isize + step
            } else if step > 0 {
                0
            } else {
                n as isize - 1
            };
            let i = cur.clamp(0, n as isize - 1) as usize;
            key_index.set_value(i);
            let (x, y) = m.center(i)?;
            m.hit(x, y).map(|h| (h, sx))
        });
        hover.set(found);
    };
    let tooltip = move || {
        hover.get().map(|(h, sx)| {
            let left = format!("{}px", (h.x / sx).round());
            let top = format!("{}px", (h.y / sx - 8.0).max(0.0).round());
            // Keep the tooltip inside the chart: anchored left of the point near the right edge,
            // right of it near the left edge, centred elsewhere.
            let css_w = canvas_ref
                .get_untracked()
                .map_or(0.0, |c| f64::from(c.client_width()));
            let x = h.x / sx;
            let shift = if css_w > 0.0 && x > css_w * 0.7 {
                "translate(-100%, -100%)"
            } else if css_w > 0.0 && x < css_w * 0.3 {
                "translate(0, -100%)"
            } else {
                "translate(-50%, -100%)"
            };
            view! {
                <div class="chart-tooltip" role="tooltip" style:left=left style:top=top style:transform=shift>
                    <div class="tt-label">{h.label.clone()}</div>
                    {h.lines.iter().map(|l| view! {
                        <div><span class=swatch_class(l.swatch)></span>{l.text.clone()}</div>
                    }).collect_view()}
                </div>
            }
        })
    };
    let (png_stem, svg_stem) = (stem.clone(), stem);
    let (view_for_svg, view_for_png) = (view.clone(), view.clone());
    // PNG: the chart as shown (width and theme), always at 2× for print and slides.
    let download_png = move |_| {
        let w = canvas_ref
            .get_untracked()
            .map_or(640.0, |c| f64::from(c.client_width()));
        match png_2x(&view_for_png, w) {
            Ok(url) => {
                let _ = dom::download_url(&format!("{png_stem}.png"), &url);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    // SVG: the very SVG of this chart in the HTML report (its size, the light theme).
    let download_svg = move |_| {
        let svg = crate::report::html::chart_svg(&view_for_svg);
        if svg.is_empty() {
            error.set(Some("the chart could not be drawn as SVG".into()));
        } else {
            let _ = dom::download(&format!("{svg_stem}.svg"), "image/svg+xml", &svg);
        }
    };
    let label = format!("{title}. Focus and use the arrow keys to read values.");
    view! {
        <figure class="chart-box">
            <canvas node_ref=canvas_ref class="chart" role="img" tabindex="0" aria-label=label
                class:pickable=on_pick.is_some()
                on:mousemove=on_move on:mouseleave=move |_| hover.set(None)
                on:click=move |_| pick() on:keydown=on_key on:blur=move |_| hover.set(None)></canvas>
            {tooltip}
            <figcaption class="chart-foot">
                <span class="muted">{caption}</span>
                <span class="chart-downloads">
                    <button class="link" title="download this chart as PNG" on:click=download_png>"PNG"</button>
                    <button class="link" title="download this chart as SVG" on:click=download_svg>"SVG"</button>
                </span>
            </figcaption>
            {move || error.get().map(|e| view! { <p class="error-message">{format!("chart could not be drawn: {e}")}</p> })}
        </figure>
    }
}

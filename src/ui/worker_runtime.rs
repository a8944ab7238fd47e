//! Inside the Web Worker: receives [`Request`]s, keeps the parsed tables, runs the core, posts
//! [`Response`]s. Reading files and moving tables between workers is in
//! [`super::worker_io`].

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

use super::worker_io::{get_file, load_file, now_ms, post, post_with_table, receive_table, scope};
use crate::data::join::{attach_labels, detach_labels, LabelJoin};
use crate::data::{infer_schema, Table};
use crate::protocol::{FileInfo, LabelsInfo, Request, Response, Stage};
use crate::report::{
    analyze, analyze_main, analyze_side, finish_with, Analysis, Config, Inputs, Side,
};

/// What a worker holds: the tables of the current run (reference, production as read without
/// late labels, labels), and a split analysis waiting for its [`Side`].
#[derive(Default)]
struct Held {
    run_id: u32,
    tables: [Option<Table>; 3],
    pending: Option<Pending>,
    side: Option<(u32, Side)>,
}

/// The main stages of a split analysis, done, waiting for the other worker's [`Side`].
struct Pending {
    run_id: u32,
    analysis: Analysis,
    t0: f64,
}

/// The three tables of a run, borrowed.
struct Loaded<'a> {
    reference: &'a Table,
    production: &'a mut Table,
    labels: Option<&'a Table>,
}

impl Held {
    /// Forgets everything of an older run.
    fn enter(&mut self, run_id: u32) {
        if self.run_id != run_id {
            *self = Held {
                run_id,
                ..Held::default()
            };
        }
    }
    fn loaded(&mut self) -> Option<Loaded<'_>> {
        let [r, p, l] = &mut self.tables;
        let (r, p) = (r.as_mut()?, p.as_mut()?);
        // Both workers hold both tables and name a file without a header alike (idempotent).
        crate::data::header::pair_headers(r, p);
        Some(Loaded {
            reference: r,
            production: p,
            labels: l.as_ref(),
        })
    }
}

thread_local! {
    static HELD: RefCell<Held> = RefCell::new(Held::default());
    /// The run and stage the timing laps belong to.
    static CURRENT: std::cell::Cell<(u32, Stage)> = const { std::cell::Cell::new((0, Stage::Analyzing)) };
}

fn clock() -> f64 {
    js_sys::Date::now()
}

/// Each phase that ends (the core's analysis stages, the worker's own parse and transfer steps)
/// goes to the page as a progress step, and to the console for profiling.
fn on_lap(name: &str, ms: f64) {
    let (run_id, stage) = CURRENT.with(|c| c.get());
    web_sys::console::debug_1(&JsValue::from_str(&format!(
        "driftcard timing: {name}: {ms:.0} ms"
    )));
    post(&Response::Progress {
        run_id,
        stage,
        done: 0,
        total: 0,
        step: Some(crate::protocol::Step {
            name: name.to_owned(),
            ms,
            worker: 0,
        }),
    });
}

fn handle(data: JsValue) {
    let msg = Reflect::get(&data, &JsValue::from_str("msg")).unwrap_or(JsValue::UNDEFINED);
    let req: Request = match serde_wasm_bindgen::from_value(msg) {
        Ok(r) => r,
        Err(e) => {
            post(&Response::Failed {
                run_id: 0,
                message: format!("bad request to the worker: {e}"),
            });
            return;
        }
    };
    HELD.with(|h| {
        let mut held = h.borrow_mut();
        if let Some(resp) = respond(&mut held, req, &data) {
            post(&resp);
        }
    });
}

/// Does what `req` asks; the answer to post, if any (`Parsed` posts its own, with the bytes).
fn respond(held: &mut Held, req: Request, data: &JsValue) -> Option<Response> {
    let stage = match &req {
        Request::Parse { part, .. } | Request::Put { part, .. } => part.stage(),
        Request::Load { .. } | Request::Infer { .. } => Stage::Files,
        _ => Stage::Analyzing,
    };
    let run_id = match &req {
        Request::Load { run_id }
        | Request::Analyze { run_id, .. }
        | Request::Parse { run_id, .. }
        | Request::Put { run_id, .. }
        | Request::Infer { run_id }
        | Request::Side { run_id, .. }
        | Request::PutSide { run_id, .. } => *run_id,
    };
    CURRENT.with(|c| c.set((run_id, stage)));
    let mut laps = crate::timing::Laps::start();
    match req {
        Request::Load { run_id } => {
            let t0 = now_ms();
            *held = Held {
                run_id,
                ..Held::default()
            };
            let result = (|| -> Result<Response, String> {
                let rf = get_file(data, "reference")?;
                let pf = get_file(data, "production")?;
                let lf = get_file(data, "labels").ok();
                // Progress is per file (the page sums the files).
                held.tables[0] = Some(load_file(run_id, &rf, Stage::Reference)?.0);
                held.tables[1] = Some(load_file(run_id, &pf, Stage::Production)?.0);
                if let Some(f) = &lf {
                    held.tables[2] = Some(load_file(run_id, f, Stage::Labels)?.0);
                }
                infer(held, run_id, t0)
            })();
            Some(result.unwrap_or_else(|message| {
                held.tables = Default::default();
                Response::Failed { run_id, message }
            }))
        }
        Request::Parse { run_id, part } => {
            held.enter(run_id);
            let result = get_file(data, "file").and_then(|f| load_file(run_id, &f, part.stage()));
            match result {
                Ok((t, read_ms)) => {
                    // The browser's file reads and the parse interleave: their sums are shown.
                    laps.lap_split(
                        &format!("read {}", t.name),
                        read_ms,
                        &format!("parse {}", t.name),
                    );
                    let sent = post_with_table(&Response::Parsed { run_id, part }, &t);
                    laps.lap(&format!("send {}", t.name));
                    held.tables[part.index()] = Some(t);
                    sent.err()
                        .map(|message| Response::Failed { run_id, message })
                }
                Err(message) => Some(Response::Failed { run_id, message }),
            }
        }
        Request::Put { run_id, part } => {
            held.enter(run_id);
            let table = Reflect::get(data, &JsValue::from_str("table"))
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::ArrayBuffer>().ok())
                .ok_or_else(|| "no table was sent to the worker".to_owned())
                .and_then(|ab| receive_table(&ab));
            match table {
                Ok(t) => {
                    laps.lap(&format!("receive {}", t.name));
                    held.tables[part.index()] = Some(t);
                    None
                }
                Err(message) => Some(Response::Failed { run_id, message }),
            }
        }
        Request::Infer { run_id } => {
            held.enter(run_id);
            let t0 = now_ms();
            let resp = infer(held, run_id, t0);
            laps.lap("roles and kinds");
            Some(resp.unwrap_or_else(|message| Response::Failed { run_id, message }))
        }
        Request::Analyze {
            run_id,
            config,
            split,
        } => {
            let t0 = now_ms();
            post(&Response::Progress {
                run_id,
                stage: Stage::Analyzing,
                done: 0,
                total: 1,
                step: None,
            });
            let Some(loaded) = held.loaded() else {
                return Some(Response::Failed {
                    run_id,
                    message: "load the two files first".into(),
                });
            };
            // The card, the JSON and the HTML are made by the page when the user asks, with the
            // export options chosen then (PII masking, top rows).
            let result = with_labels(loaded, &config, |inputs| {
                if split {
                    analyze_main(inputs)
                } else {
                    analyze(inputs)
                }
            });
            match result {
                Ok(analysis) if split => {
                    held.pending = Some(Pending {
                        run_id,
                        analysis,
                        t0,
                    });
                    complete(held)
                }
                Ok(analysis) => Some(Response::Done {
                    run_id,
                    analysis: Box::new(analysis),
                    elapsed_ms: now_ms() - t0,
                }),
                Err(message) => Some(Response::Failed { run_id, message }),
            }
        }
        Request::Side { run_id, config } => {
            let side = match held.loaded() {
                Some(loaded) => with_labels(loaded, &config, analyze_side),
                None => Err("load the two files first".into()),
            };
            // An error here is the main worker's error too (the same checks of the same inputs):
            // it reports it; this answer only lets it finish.
            let side = side.unwrap_or_else(|e| Side {
                outliers: Err(e),
                duplicates: Default::default(),
                estimate: None,
                domain: None,
            });
            let side = serde_json::to_string(&side).unwrap_or_default();
            Some(Response::SideDone { run_id, side })
        }
        Request::PutSide { run_id, side } => {
            let side: Side = match serde_json::from_str(&side) {
                Ok(s) => s,
                Err(e) => {
                    return Some(Response::Failed {
                        run_id,
                        message: format!("the outlier worker's answer is unreadable: {e}"),
                    })
                }
            };
            held.side = Some((run_id, side));
            complete(held)
        }
    }
}

/// A split analysis whose main stages and side stages have both arrived, finished.
fn complete(held: &mut Held) -> Option<Response> {
    let ready = matches!((&held.pending, &held.side), (Some(p), Some((id, _))) if p.run_id == *id);
    if !ready {
        return None;
    }
    let (pending, (_, side)) = (held.pending.take()?, held.side.take()?);
    Some(Response::Done {
        run_id: pending.run_id,
        analysis: Box::new(finish_with(pending.analysis, side)),
        elapsed_ms: now_ms() - pending.t0,
    })
}

/// The schema of the tables held (production with its late labels joined on the detected id,
/// for the roles table; the analysis joins again with the id the user confirms).
fn infer(held: &mut Held, run_id: u32, t0: f64) -> Result<Response, String> {
    let loaded = held.loaded().ok_or("a file is missing")?;
    let (reference, production) = (loaded.reference, loaded.production);
    let no_overrides = BTreeMap::new();
    let (schema, labels_info) = match loaded.labels {
        Some(l) => match attach_labels(
            reference,
            production,
            l,
            None,
            None,
            &BTreeMap::new(),
            &no_overrides,
        ) {
            Ok((join, restore)) => {
                let s = infer_schema(reference, production, &BTreeMap::new(), &no_overrides);
                detach_labels(production, restore);
                (
                    s,
                    Some(Box::new(LabelsInfo {
                        file: FileInfo::of(l),
                        join: Some(join),
                        error: None,
                    })),
                )
            }
            Err(e) => (
                infer_schema(reference, production, &BTreeMap::new(), &no_overrides),
                Some(Box::new(LabelsInfo {
                    file: FileInfo::of(l),
                    join: None,
                    error: Some(e.to_string()),
                })),
            ),
        },
        None => (
            infer_schema(reference, production, &BTreeMap::new(), &no_overrides),
            None,
        ),
    };
    Ok(Response::Loaded {
        run_id,
        reference: FileInfo::of(reference),
        production: FileInfo::of(production),
        schema,
        labels: labels_info,
        elapsed_ms: now_ms() - t0,
    })
}

/// Runs `f` on the inputs with the late labels joined (with the id and target the settings
/// name, else the detected ones), then puts production back as it was read.
fn with_labels<T>(
    loaded: Loaded<'_>,
    config: &Config,
    f: impl FnOnce(&Inputs) -> crate::Result<T>,
) -> Result<T, String> {
    let generated_at = {
        let iso: String = js_sys::Date::new_0().to_iso_string().into();
        iso.get(..19).map(|s| format!("{s}Z")).unwrap_or(iso)
    };
    let mut join: Option<(LabelJoin, crate::data::join::Restore)> = None;
    if let Some(l) = loaded.labels {
        join = Some(
            attach_labels(
                loaded.reference,
                loaded.production,
                l,
                config.roles.id.as_deref(),
                config.roles.target.as_deref(),
                &config.kinds,
                &config.roles.to_map(),
            )
            .map_err(|e| e.to_string())?,
        );
    }
    let result = f(&Inputs {
        reference: loaded.reference,
        production: loaded.production,
        config,
        generated_at,
        labels: join.as_ref().map(|(j, _)| j.clone()),
    })
    .map_err(|e| e.to_string());
    if let Some((_, restore)) = join {
        detach_labels(loaded.production, restore);
    }
    result
}

/// Starts the worker: installs the panic hook and the message handler, then posts `Ready`.
pub fn run() {
    crate::timing::set_clock(clock, on_lap);
    std::panic::set_hook(Box::new(|info| {
        post(&Response::Failed {
            run_id: u32::MAX,
            message: format!("internal error (please report): {info}"),
        });
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| handle(ev.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Response::Ready);
}

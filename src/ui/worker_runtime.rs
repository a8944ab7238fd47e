//! Inside the Web Worker: receives [`Request`]s, keeps the parsed tables, runs the core, posts
//! [`Response`]s. Files are read in 1 MiB slices with `FileReaderSync` (workers may block), so a
//! large file is never one giant string and progress is posted as bytes are read.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::data::join::{attach_labels, detach_labels, LabelJoin};
use crate::data::{infer_schema, read_table, Table};
use crate::protocol::{FileInfo, LabelsInfo, Request, Response, Stage};
use crate::report::{analyze, Config, Inputs};

/// Bytes per slice read from a `File`.
const CHUNK: f64 = 1024.0 * 1024.0;

/// The loaded files: reference, production (as read, without late labels) and the labels file.
struct Loaded {
    reference: Table,
    production: Table,
    labels: Option<Table>,
}

thread_local! {
    static TABLES: RefCell<Option<Loaded>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(r: &Response) {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    match serde::Serialize::serialize(r, &ser) {
        Ok(v) => {
            let _ = scope().post_message(&v);
        }
        Err(e) => {
            let _ = scope().post_message(&JsValue::from_str(&format!("serialisation failed: {e}")));
        }
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `std::io::Read` over a browser `File`, one slice at a time.
struct FileRead {
    file: File,
    pos: f64,
    size: f64,
    reader: FileReaderSync,
    buf: Vec<u8>,
    at: usize,
}

impl Read for FileRead {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.buf.len() {
            if self.pos >= self.size {
                return Ok(0);
            }
            let end = (self.pos + CHUNK).min(self.size);
            let blob = self
                .file
                .slice_with_f64_and_f64(self.pos, end)
                .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
            let ab = self
                .reader
                .read_as_array_buffer(&blob)
                .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
            self.buf = Uint8Array::new(&ab).to_vec();
            self.at = 0;
            self.pos = end;
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn load_file(
    run_id: u32,
    file: &File,
    stage: Stage,
    offset: u64,
    total: u64,
) -> Result<Table, String> {
    let reader = FileReaderSync::new().map_err(|e| format!("{e:?}"))?;
    let src = FileRead {
        file: file.clone(),
        pos: 0.0,
        size: file.size(),
        reader,
        buf: Vec::new(),
        at: 0,
    };
    let mut last = 0u64;
    let mut progress = |done: u64| {
        if done >= last + (256 << 10) || done == total {
            last = done;
            post(&Response::Progress {
                run_id,
                stage,
                done: offset + done,
                total,
            });
        }
    };
    read_table(&file.name(), src, &mut progress).map_err(|e| e.to_string())
}

fn get_file(data: &JsValue, key: &str) -> Result<File, String> {
    Reflect::get(data, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.dyn_into::<File>().ok())
        .ok_or_else(|| format!("no {key} file was sent to the worker"))
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
    match req {
        Request::Load { run_id } => {
            let t0 = now_ms();
            let result = (|| -> Result<Response, String> {
                let rf = get_file(&data, "reference")?;
                let pf = get_file(&data, "production")?;
                let lf = get_file(&data, "labels").ok();
                let total = (rf.size() + pf.size() + lf.as_ref().map_or(0.0, |f| f.size())) as u64;
                TABLES.with(|t| *t.borrow_mut() = None);
                let reference = load_file(run_id, &rf, Stage::Reference, 0, total)?;
                let mut production =
                    load_file(run_id, &pf, Stage::Production, rf.size() as u64, total)?;
                let labels = match &lf {
                    Some(f) => Some(load_file(
                        run_id,
                        f,
                        Stage::Production,
                        (rf.size() + pf.size()) as u64,
                        total,
                    )?),
                    None => None,
                };
                // The roles table shows production with its late labels (joined on the detected
                // id); the analysis joins again with the id the user confirms.
                let no_overrides = std::collections::BTreeMap::new();
                let (schema, labels_info) = match &labels {
                    Some(l) => match attach_labels(
                        &reference,
                        &mut production,
                        l,
                        None,
                        None,
                        &BTreeMap::new(),
                        &no_overrides,
                    ) {
                        Ok((join, restore)) => {
                            let s = infer_schema(
                                &reference,
                                &production,
                                &BTreeMap::new(),
                                &no_overrides,
                            );
                            detach_labels(&mut production, restore);
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
                            infer_schema(&reference, &production, &BTreeMap::new(), &no_overrides),
                            Some(Box::new(LabelsInfo {
                                file: FileInfo::of(l),
                                join: None,
                                error: Some(e.to_string()),
                            })),
                        ),
                    },
                    None => (
                        infer_schema(&reference, &production, &BTreeMap::new(), &no_overrides),
                        None,
                    ),
                };
                let resp = Response::Loaded {
                    run_id,
                    reference: FileInfo::of(&reference),
                    production: FileInfo::of(&production),
                    schema,
                    labels: labels_info,
                    elapsed_ms: now_ms() - t0,
                };
                TABLES.with(|t| {
                    *t.borrow_mut() = Some(Loaded {
                        reference,
                        production,
                        labels,
                    })
                });
                Ok(resp)
            })();
            post(&result.unwrap_or_else(|message| Response::Failed { run_id, message }));
        }
        Request::Analyze { run_id, config } => {
            let t0 = now_ms();
            post(&Response::Progress {
                run_id,
                stage: Stage::Analyzing,
                done: 0,
                total: 1,
            });
            let generated_at = {
                let iso: String = js_sys::Date::new_0().to_iso_string().into();
                iso.get(..19).map(|s| format!("{s}Z")).unwrap_or(iso)
            };
            let resp = TABLES.with(|t| {
                let mut guard = t.borrow_mut();
                let Some(loaded) = guard.as_mut() else {
                    return Response::Failed {
                        run_id,
                        message: "load the two files first".into(),
                    };
                };
                match run_analysis(loaded, &config, generated_at) {
                    // The card, the JSON and the HTML are made by the page when the user asks,
                    // with the export options chosen then (PII masking, top rows).
                    Ok(analysis) => Response::Done {
                        run_id,
                        analysis: Box::new(analysis),
                        elapsed_ms: now_ms() - t0,
                    },
                    Err(message) => Response::Failed { run_id, message },
                }
            });
            post(&resp);
        }
    }
}

/// Joins the late labels (with the id and target the settings name, else the detected ones),
/// analyses, and puts production back as it was read.
fn run_analysis(
    loaded: &mut Loaded,
    config: &Config,
    generated_at: String,
) -> Result<crate::report::Analysis, String> {
    let mut join: Option<(LabelJoin, crate::data::join::Restore)> = None;
    if let Some(l) = &loaded.labels {
        join = Some(
            attach_labels(
                &loaded.reference,
                &mut loaded.production,
                l,
                config.roles.id.as_deref(),
                config.roles.target.as_deref(),
                &config.kinds,
                &config.roles.to_map(),
            )
            .map_err(|e| e.to_string())?,
        );
    }
    let result = analyze(&Inputs {
        reference: &loaded.reference,
        production: &loaded.production,
        config,
        generated_at,
        labels: join.as_ref().map(|(j, _)| j.clone()),
    })
    .map_err(|e| e.to_string());
    if let Some((_, restore)) = join {
        detach_labels(&mut loaded.production, restore);
    }
    result
}

/// Starts the worker: installs the panic hook and the message handler, then posts `Ready`.
pub fn run() {
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

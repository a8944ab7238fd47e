//! The page's side of the worker: spawns it, queues messages until it says `Ready` (messages
//! posted earlier are dropped by the browser), tags every request with a run id and ignores
//! responses of stale runs. Cancel = terminate the worker and start a fresh one.
//!
//! The worker starts from a `blob:` URL that the page makes, never from a file URL: a dedicated
//! worker from a file gets its Content-Security-Policy only from that file's HTTP headers (a host
//! that sends none leaves the worker, which holds the data, free to connect anywhere), while a
//! `blob:` worker inherits the page's policy, the `<meta>` tag included (CSP 3, "policy container").
//! The worker's scripts are named relative to the document, so the page works under any path.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, File, MessageEvent, Url, Worker};

use crate::protocol::{Part, Request, Response};

/// Trunk's build of the `worker` bin (`--target no-modules`, never hashed), next to index.html.
pub const WORKER_JS: &str = "worker.js";
/// The worker's wasm, next to index.html.
pub const WORKER_WASM: &str = "worker_bg.wasm";
/// A global the single-file build (scripts/single.py) sets to the `blob:` URL of a worker that
/// carries its own wasm; when absent the page makes the worker from [`WORKER_JS`].
pub const WORKER_URL_GLOBAL: &str = "driftcardWorkerUrl";

thread_local! {
    static WORKER_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The `blob:` URL the worker starts from (made once per page; never revoked, so that a cancel
/// can start a fresh worker from it).
fn worker_url() -> Result<String, JsValue> {
    if let Some(url) = WORKER_URL.with(|u| u.borrow().clone()) {
        return Ok(url);
    }
    let window = web_sys::window().ok_or("no window")?;
    let url = match Reflect::get(&window, &WORKER_URL_GLOBAL.into())?.as_string() {
        Some(url) => url,
        None => {
            let document = window.document().ok_or("no document")?;
            let base = match document.base_uri()? {
                Some(b) => b,
                None => window.location().href()?,
            };
            // Absolute URLs: inside a `blob:` worker a relative URL has no base.
            let quoted = |name: &str| -> Result<String, JsValue> {
                let href = Url::new_with_base(name, &base)?.href();
                JSON::stringify(&JsValue::from_str(&href))?
                    .as_string()
                    .ok_or_else(|| JsValue::from_str("unquotable URL"))
            };
            let source = format!(
                "importScripts({});wasm_bindgen({{module_or_path:{}}});",
                quoted(WORKER_JS)?,
                quoted(WORKER_WASM)?
            );
            let opts = BlobPropertyBag::new();
            opts.set_type("text/javascript");
            let blob = Blob::new_with_str_sequence_and_options(&Array::of1(&source.into()), &opts)?;
            Url::create_object_url_with_blob(&blob)?
        }
    };
    WORKER_URL.with(|u| *u.borrow_mut() = Some(url.clone()));
    Ok(url)
}

/// How many workers the page runs: two when the machine has two cores or more (one parses each
/// file; then one runs the main stages and the other the outliers and duplicate rows), else one.
/// More than two would only help the parse of a third (labels) file and the analysis stages
/// that the main worker runs one after another; see BENCHMARKS.md.
pub fn worker_count() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
    if cores >= 2.0 {
        2
    } else {
        1
    }
}

/// One worker and what the page keeps for it.
struct Slot {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<JsValue>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::ErrorEvent)>>,
}

/// A load over two workers: which files there are and which are parsed.
#[derive(Default)]
struct Loading {
    run_id: u32,
    need: [bool; 3],
    parsed: [bool; 3],
}

struct Inner {
    slots: Vec<Slot>,
    run_id: u32,
    loading: Option<Loading>,
    on_response: Rc<dyn Fn(Response)>,
}

/// Handle to the workers (cheap to clone; not `Send`: keep it in a local `StoredValue`).
#[derive(Clone)]
pub struct Bridge(Rc<RefCell<Inner>>);

impl Bridge {
    /// Spawns the workers; `on_response` gets every current-run response and `Ready`.
    pub fn new(on_response: impl Fn(Response) + 'static) -> Bridge {
        let n = worker_count();
        let b = Bridge(Rc::new(RefCell::new(Inner {
            slots: (0..n)
                .map(|_| Slot {
                    worker: None,
                    ready: false,
                    queue: Vec::new(),
                    _on_message: None,
                    _on_error: None,
                })
                .collect(),
            run_id: 0,
            loading: None,
            on_response: Rc::new(on_response),
        })));
        for k in 0..n {
            b.spawn(k);
        }
        b
    }

    fn spawn(&self, k: usize) {
        let worker = match worker_url().and_then(|url| Worker::new(&url)) {
            Ok(w) => w,
            Err(e) => {
                let cb = self.0.borrow().on_response.clone();
                cb(Response::Failed {
                    run_id: u32::MAX,
                    message: format!("could not start the worker: {e:?}"),
                });
                return;
            }
        };
        let me = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(inner) = me.upgrade() else { return };
            let data = ev.data();
            // A table's bytes travel beside the message; take them off before reading it.
            let table = Reflect::get(&data, &"table".into())
                .ok()
                .filter(|v| !v.is_undefined());
            if table.is_some() {
                let _ = Reflect::delete_property(data.unchecked_ref::<Object>(), &"table".into());
            }
            let resp: Response = match serde_wasm_bindgen::from_value(data) {
                Ok(r) => r,
                Err(e) => Response::Failed {
                    run_id: u32::MAX,
                    message: format!("unreadable message from the worker: {e}"),
                },
            };
            Bridge(inner).receive(k, resp, table);
        });
        let me2 = Rc::downgrade(&self.0);
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                let Some(inner) = me2.upgrade() else { return };
                let cb = inner.borrow().on_response.clone();
                cb(Response::Failed {
                    run_id: u32::MAX,
                    message: format!("the worker stopped: {}", ev.message()),
                });
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut i = self.0.borrow_mut();
        let slot = &mut i.slots[k];
        slot.worker = Some(worker);
        slot.ready = false;
        slot._on_message = Some(on_message);
        slot._on_error = Some(on_error);
    }

    /// A message from worker `k`: the two-worker plumbing (forwarding tables and the side
    /// result, summing progress) stays here; the rest goes to the page.
    fn receive(&self, k: usize, resp: Response, table: Option<JsValue>) {
        let (cb, current) = {
            let mut i = self.0.borrow_mut();
            if matches!(resp, Response::Ready) {
                let slot = &mut i.slots[k];
                slot.ready = true;
                let queued: Vec<JsValue> = std::mem::take(&mut slot.queue);
                if let Some(w) = &slot.worker {
                    for m in queued {
                        post(w, &m);
                    }
                }
                return;
            }
            (i.on_response.clone(), i.run_id)
        };
        let run = match &resp {
            Response::Ready => return,
            Response::Progress { run_id, .. }
            | Response::Loaded { run_id, .. }
            | Response::Parsed { run_id, .. }
            | Response::SideDone { run_id, .. }
            | Response::Done { run_id, .. }
            | Response::Failed { run_id, .. } => *run_id,
        };
        if run != current && run != 0 && run != u32::MAX {
            return; // a stale run
        }
        match resp {
            Response::Progress {
                run_id,
                stage,
                done,
                total,
                step: Some(mut step),
            } => {
                step.worker = k;
                cb(Response::Progress {
                    run_id,
                    stage,
                    done,
                    total,
                    step: Some(step),
                });
            }
            Response::Parsed { run_id, part } => {
                let other = 1 - k.min(1);
                let env = Self::envelope(&Request::Put { run_id, part });
                if let Some(t) = &table {
                    let _ = Reflect::set(&env, &"table".into(), t);
                }
                self.send(other, env);
                let all = {
                    let mut i = self.0.borrow_mut();
                    match i.loading.as_mut() {
                        Some(l) if l.run_id == run_id => {
                            l.parsed[part.index()] = true;
                            l.need.iter().zip(&l.parsed).all(|(n, p)| !n || *p)
                        }
                        _ => false,
                    }
                };
                if all {
                    self.0.borrow_mut().loading = None;
                    self.send(0, Self::envelope(&Request::Infer { run_id }));
                }
            }
            Response::SideDone { run_id, side } => {
                self.send(0, Self::envelope(&Request::PutSide { run_id, side }));
            }
            Response::Failed { .. } => {
                self.0.borrow_mut().loading = None;
                cb(resp);
            }
            done @ Response::Done { .. } => {
                // The report's JSON was parsed in this task; drawing it waits for the next, so
                // that neither blocks the page for long on a wide report.
                leptos::prelude::set_timeout(move || cb(done), std::time::Duration::ZERO);
            }
            other => cb(other),
        }
    }

    fn send(&self, k: usize, msg: JsValue) {
        let mut i = self.0.borrow_mut();
        let Some(slot) = i.slots.get_mut(k) else {
            return;
        };
        if slot.ready {
            if let Some(w) = &slot.worker {
                post(w, &msg);
            }
        } else {
            slot.queue.push(msg);
        }
    }

    fn workers(&self) -> usize {
        self.0.borrow().slots.len()
    }

    fn next_run(&self) -> u32 {
        let mut i = self.0.borrow_mut();
        i.run_id = i.run_id.wrapping_add(1).max(1);
        i.run_id
    }

    fn envelope(req: &Request) -> JsValue {
        let obj = Object::new();
        let ser = serde_wasm_bindgen::Serializer::json_compatible();
        let msg = serde::Serialize::serialize(req, &ser).unwrap_or(JsValue::NULL);
        let _ = Reflect::set(&obj, &"msg".into(), &msg);
        obj.into()
    }

    /// Parses the two files and the optional labels file (in the workers: one file each when
    /// there are two). Returns the run id.
    pub fn load(&self, reference: &File, production: &File, labels: Option<&File>) -> u32 {
        let run_id = self.next_run();
        if self.workers() < 2 {
            let env = Self::envelope(&Request::Load { run_id });
            let _ = Reflect::set(&env, &"reference".into(), reference);
            let _ = Reflect::set(&env, &"production".into(), production);
            if let Some(l) = labels {
                let _ = Reflect::set(&env, &"labels".into(), l);
            }
            self.send(0, env);
            return run_id;
        }
        self.0.borrow_mut().loading = Some(Loading {
            run_id,
            need: [true, true, labels.is_some()],
            parsed: [false; 3],
        });
        let parse = |k: usize, part: Part, f: &File| {
            let env = Self::envelope(&Request::Parse { run_id, part });
            let _ = Reflect::set(&env, &"file".into(), f);
            self.send(k, env);
        };
        parse(0, Part::Reference, reference);
        parse(1, Part::Production, production);
        if let Some(l) = labels {
            parse(0, Part::Labels, l);
        }
        run_id
    }

    /// Analyses the loaded files with `config` (the outliers and duplicate rows in the second
    /// worker when there is one). Returns the run id.
    pub fn analyze(&self, config: &crate::report::Config) -> u32 {
        let run_id = self.next_run();
        let split = self.workers() >= 2;
        if split {
            self.send(
                1,
                Self::envelope(&Request::Side {
                    run_id,
                    config: Box::new(config.clone()),
                }),
            );
        }
        self.send(
            0,
            Self::envelope(&Request::Analyze {
                run_id,
                config: Box::new(config.clone()),
                split,
            }),
        );
        run_id
    }

    /// Stops whatever the workers are doing (terminates them) and starts fresh ones.
    pub fn cancel(&self) {
        let n = {
            let mut i = self.0.borrow_mut();
            for slot in &mut i.slots {
                if let Some(w) = slot.worker.take() {
                    w.terminate();
                }
                slot.queue.clear();
            }
            i.loading = None;
            i.run_id = i.run_id.wrapping_add(1);
            i.slots.len()
        };
        for k in 0..n {
            self.spawn(k);
        }
    }
}

/// Posts `msg` to `w`, transferring a table's bytes (`"table"`) rather than copying them.
fn post(w: &Worker, msg: &JsValue) {
    match Reflect::get(msg, &"table".into()) {
        Ok(t) if t.is_instance_of::<js_sys::ArrayBuffer>() => {
            let _ = w.post_message_with_transfer(msg, &Array::of1(&t));
        }
        _ => {
            let _ = w.post_message(msg);
        }
    }
}

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

use crate::protocol::{Request, Response};

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

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<JsValue>,
    run_id: u32,
    on_response: Rc<dyn Fn(Response)>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::ErrorEvent)>>,
}

/// Handle to the worker (cheap to clone; not `Send`: keep it in a local `StoredValue`).
#[derive(Clone)]
pub struct Bridge(Rc<RefCell<Inner>>);

impl Bridge {
    /// Spawns the worker; `on_response` gets every current-run response and `Ready`.
    pub fn new(on_response: impl Fn(Response) + 'static) -> Bridge {
        let b = Bridge(Rc::new(RefCell::new(Inner {
            worker: None,
            ready: false,
            queue: Vec::new(),
            run_id: 0,
            on_response: Rc::new(on_response),
            _on_message: None,
            _on_error: None,
        })));
        b.spawn();
        b
    }

    fn spawn(&self) {
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
            let resp: Response = match serde_wasm_bindgen::from_value(ev.data()) {
                Ok(r) => r,
                Err(e) => Response::Failed {
                    run_id: u32::MAX,
                    message: format!("unreadable message from the worker: {e}"),
                },
            };
            let (cb, current) = {
                let mut i = inner.borrow_mut();
                if matches!(resp, Response::Ready) {
                    i.ready = true;
                    let queued: Vec<JsValue> = std::mem::take(&mut i.queue);
                    if let Some(w) = &i.worker {
                        for m in queued {
                            let _ = w.post_message(&m);
                        }
                    }
                }
                (i.on_response.clone(), i.run_id)
            };
            let stale = match &resp {
                Response::Ready => false,
                Response::Progress { run_id, .. }
                | Response::Loaded { run_id, .. }
                | Response::Done { run_id, .. }
                | Response::Failed { run_id, .. } => {
                    *run_id != current && *run_id != 0 && *run_id != u32::MAX
                }
            };
            if !stale {
                cb(resp);
            }
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
        i.worker = Some(worker);
        i.ready = false;
        i._on_message = Some(on_message);
        i._on_error = Some(on_error);
    }

    fn send(&self, msg: JsValue) {
        let mut i = self.0.borrow_mut();
        if i.ready {
            if let Some(w) = &i.worker {
                let _ = w.post_message(&msg);
            }
        } else {
            i.queue.push(msg);
        }
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

    /// Parses the two files and the optional labels file (in the worker). Returns the run id.
    pub fn load(&self, reference: &File, production: &File, labels: Option<&File>) -> u32 {
        let run_id = self.next_run();
        let env = Self::envelope(&Request::Load { run_id });
        let _ = Reflect::set(&env, &"reference".into(), reference);
        let _ = Reflect::set(&env, &"production".into(), production);
        if let Some(l) = labels {
            let _ = Reflect::set(&env, &"labels".into(), l);
        }
        self.send(env);
        run_id
    }

    /// Analyses the loaded files with `config`. Returns the run id.
    pub fn analyze(&self, config: &crate::report::Config) -> u32 {
        let run_id = self.next_run();
        self.send(Self::envelope(&Request::Analyze {
            run_id,
            config: Box::new(config.clone()),
        }));
        run_id
    }

    /// Stops whatever the worker is doing (terminates it) and starts a fresh one.
    pub fn cancel(&self) {
        {
            let mut i = self.0.borrow_mut();
            if let Some(w) = i.worker.take() {
                w.terminate();
            }
            i.queue.clear();
            i.run_id = i.run_id.wrapping_add(1);
        }
        self.spawn();
    }
}

//! The worker's input and output: reading a browser `File` in slices into the parser, posting
//! responses, and handing parsed tables to and from the other worker as `ArrayBuffer`s laid out by
//! [`wire::layout`] (each array copied once between this worker's memory and the buffer).

use std::io::Read;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync};

use crate::data::{read_table_sized, wire, Table};
use crate::protocol::{Response, Stage};

/// Bytes per slice read from a `File`: each read is a round trip to the browser process, so
/// slices are large, yet a file is never held whole. (64 MiB slices were no better beyond the
/// noise: 0.30–0.37 s of reads against 0.36–0.44 s on a 186 MB file, but 1.5–4.9 s against
/// 1.7 s on an 890 MB one.)
const CHUNK: f64 = 16.0 * 1024.0 * 1024.0;

/// Least time between two progress messages, ms (each one re-renders the page's progress bar).
const PROGRESS_EVERY_MS: f64 = 100.0;

pub(super) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(super) fn post(r: &Response) {
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

/// Posts `r` with the table `t` beside it under `"table"`: an `ArrayBuffer` laid out by
/// [`wire::layout`], each array copied once from this worker's memory, the buffer transferred
/// (not copied) to the page.
///
/// # Errors
/// A plain message when the browser cannot allocate the buffer (a table of several GB).
pub(super) fn post_with_table(r: &Response, t: &Table) -> Result<(), String> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let v = serde::Serialize::serialize(r, &ser).map_err(|e| e.to_string())?;
    let l = wire::layout(t);
    let too_big = || {
        format!(
            "{} is too large to hand to the second worker ({} as parsed): \
             the browser could not allocate the buffer",
            t.name,
            crate::format::bytes(l.len as u64)
        )
    };
    let len = u32::try_from(l.len).map_err(|_| too_big())?;
    let ab: js_sys::ArrayBuffer = CheckedArrayBuffer::new(f64::from(len))
        .map_err(|_| too_big())?
        .unchecked_into();
    Uint8Array::new_with_byte_offset_and_length(&ab, 0, l.head.len() as u32).copy_from(&l.head);
    for (at, s) in &l.sections {
        match s {
            wire::Section::F64(v) => js_sys::Float64Array::new_with_byte_offset_and_length(
                &ab,
                *at as u32,
                v.len() as u32,
            )
            .copy_from(v),
            wire::Section::U32(v) => js_sys::Uint32Array::new_with_byte_offset_and_length(
                &ab,
                *at as u32,
                v.len() as u32,
            )
            .copy_from(v),
        }
    }
    let _ = Reflect::set(&v, &JsValue::from_str("table"), &ab);
    let _ = scope().post_message_with_transfer(&v, &js_sys::Array::of1(&ab));
    Ok(())
}

#[wasm_bindgen]
extern "C" {
    /// `new ArrayBuffer(n)` with its `RangeError` (out of memory) returned, not thrown through
    /// the wasm stack (which would leave the worker's state borrowed).
    #[wasm_bindgen(js_name = ArrayBuffer)]
    type CheckedArrayBuffer;
    #[wasm_bindgen(constructor, js_class = "ArrayBuffer", catch)]
    fn new(len: f64) -> Result<CheckedArrayBuffer, JsValue>;
}

/// Reads a table another worker laid out by [`wire::layout`], each array copied once from the
/// buffer into this worker's memory.
pub(super) fn receive_table(ab: &js_sys::ArrayBuffer) -> Result<Table, String> {
    struct Js<'a>(&'a js_sys::ArrayBuffer);
    impl wire::Source for Js<'_> {
        fn f64s(&mut self, offset: usize, n: usize) -> Vec<f64> {
            let mut v = vec![0.0; n];
            js_sys::Float64Array::new_with_byte_offset_and_length(self.0, offset as u32, n as u32)
                .copy_to(&mut v);
            v
        }
        fn u32s(&mut self, offset: usize, n: usize) -> Vec<u32> {
            let mut v = vec![0; n];
            js_sys::Uint32Array::new_with_byte_offset_and_length(self.0, offset as u32, n as u32)
                .copy_to(&mut v);
            v
        }
    }
    let total = ab.byte_length() as usize;
    let first = Uint8Array::new_with_byte_offset_and_length(ab, 0, total.min(8) as u32).to_vec();
    let head_len = wire::head_len(&first)?;
    if head_len > total {
        return Err("a table passed between workers is damaged (short header)".into());
    }
    let head = Uint8Array::new_with_byte_offset_and_length(ab, 0, head_len as u32).to_vec();
    wire::decode_with(&head, total, &mut Js(ab))
}

pub(super) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `std::io::Read` over a browser `File`, one slice at a time.
struct FileRead {
    file: File,
    pos: f64,
    size: f64,
    reader: FileReaderSync,
    /// The current slice, and its length.
    view: Option<Uint8Array>,
    len: usize,
    at: usize,
    /// Milliseconds spent in the browser's reads (slicing, reading, copying into wasm memory).
    read_ms: f64,
}

impl Read for FileRead {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let t0 = now_ms();
        if self.at >= self.len {
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
            let view = Uint8Array::new(&ab);
            self.len = view.length() as usize;
            self.view = Some(view);
            self.at = 0;
            self.pos = end;
        }
        let n = out.len().min(self.len - self.at);
        if let Some(view) = &self.view {
            // Straight from the slice into the reader's buffer (one copy into wasm memory).
            view.subarray(self.at as u32, (self.at + n) as u32)
                .copy_to(&mut out[..n]);
        }
        self.at += n;
        self.read_ms += now_ms() - t0;
        Ok(n)
    }
}

/// Reads and parses one file; also returns the milliseconds spent waiting for the browser's file
/// reads (the rest is the parse). Progress (bytes of this file read, of its size) is posted as it
/// goes.
pub(super) fn load_file(run_id: u32, file: &File, stage: Stage) -> Result<(Table, f64), String> {
    let total = file.size() as u64;
    let reader = FileReaderSync::new().map_err(|e| format!("{e:?}"))?;
    let mut src = FileRead {
        file: file.clone(),
        pos: 0.0,
        size: file.size(),
        reader,
        view: None,
        len: 0,
        at: 0,
        read_ms: 0.0,
    };
    let mut last = now_ms();
    let mut progress = |done: u64| {
        let now = now_ms();
        if now >= last + PROGRESS_EVERY_MS || done == total {
            last = now;
            post(&Response::Progress {
                run_id,
                stage,
                done,
                total,
                step: None,
            });
        }
    };
    let table = read_table_sized(&file.name(), &mut src, Some(total), &mut progress)
        .map_err(|e| e.to_string())?;
    Ok((table, src.read_ms))
}

pub(super) fn get_file(data: &JsValue, key: &str) -> Result<File, String> {
    Reflect::get(data, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.dyn_into::<File>().ok())
        .ok_or_else(|| format!("no {key} file was sent to the worker"))
}

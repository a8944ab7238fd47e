//! Messages between the page and the Web Worker (serde; sent with `serde-wasm-bindgen`).
//!
//! The page posts `{ "msg": Request, ... }` with the `File`s or a table's bytes beside `msg` (see
//! each request); the worker answers with [`Response`]s, a table's bytes beside them under
//! `"table"`. Every request carries a `run_id`; the page drops responses of a stale run. The parsed
//! tables stay in the worker, so [`Request::Analyze`] with new settings re-runs without re-parsing.
//!
//! With two workers (the page's default when the machine has two cores or more), the page runs:
//! `Parse` of the reference (and labels) in worker 0 and of production in worker 1 at once, each
//! `Parsed` table forwarded to the other worker with `Put` (a transferred `ArrayBuffer` made by
//! [`crate::data::wire`], never JSON), then `Infer` in worker 0; Analyze runs the main stages in
//! worker 0 (`split`) while worker 1 runs `Side` (outliers and duplicate rows), whose result
//! reaches worker 0 through the page as `PutSide`. With one worker, `Load` and `Analyze` do it all.

use serde::{Deserialize, Serialize};

use crate::data::{Schema, Warning};
use crate::report::{Analysis, Config};

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Parse the two attached files and infer the schema.
    Load {
        /// Run id.
        run_id: u32,
    },
    /// Analyse the loaded files with these settings.
    Analyze {
        /// Run id.
        run_id: u32,
        /// Settings.
        config: Box<Config>,
        /// Leave the [`crate::report::Side`] stages to another worker and answer only once it
        /// arrives with [`Request::PutSide`].
        #[serde(default)]
        split: bool,
    },
    /// Parse the attached `"file"` as `part` and keep it; answers [`Response::Parsed`] with the
    /// table's bytes.
    Parse {
        /// Run id.
        run_id: u32,
        /// Which file it is.
        part: Part,
    },
    /// Keep the attached `"table"` bytes (a table another worker parsed) as `part`.
    Put {
        /// Run id.
        run_id: u32,
        /// Which file it is.
        part: Part,
    },
    /// Infer the schema of the tables held; answers [`Response::Loaded`].
    Infer {
        /// Run id.
        run_id: u32,
    },
    /// Compute the [`crate::report::Side`] stages; answers [`Response::SideDone`].
    Side {
        /// Run id.
        run_id: u32,
        /// Settings.
        config: Box<Config>,
    },
    /// The [`crate::report::Side`] result for a split [`Request::Analyze`], as JSON text.
    PutSide {
        /// Run id.
        run_id: u32,
        /// [`crate::report::Side`] as JSON.
        side: String,
    },
}

/// One of the input files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The reference file.
    Reference,
    /// The production file.
    Production,
    /// The late-labels file.
    Labels,
}

impl Part {
    /// Index 0, 1, 2.
    pub fn index(self) -> usize {
        self as usize
    }
    /// The progress stage of reading it.
    pub fn stage(self) -> Stage {
        match self {
            Part::Reference => Stage::Reference,
            Part::Production => Stage::Production,
            Part::Labels => Stage::Labels,
        }
    }
}

/// Which step a progress message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and parsing the reference file.
    Reference,
    /// Reading and parsing the production file.
    Production,
    /// Reading and parsing the late-labels file.
    Labels,
    /// Reading and parsing the files at once (one worker each).
    Files,
    /// Computing the report.
    Analyzing,
}

/// A phase of the work that just ended, and how long it took in the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// What ended (`sort`, `quality + drift`, `parse production.csv`, …).
    pub name: String,
    /// Milliseconds.
    pub ms: f64,
    /// Which worker (0 = the main one; set by the page as the step arrives).
    #[serde(default)]
    pub worker: usize,
}

/// Facts about one loaded file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileInfo {
    /// File name.
    pub name: String,
    /// Data rows.
    pub rows: usize,
    /// Columns.
    pub columns: usize,
    /// Bytes.
    pub bytes: u64,
    /// Sniffed delimiter as text (`,` `;` `\t` `|`, or `spaces` for a space-separated file).
    pub delimiter: String,
    /// Non-fatal problems.
    pub warnings: Vec<Warning>,
}

/// The late-labels file as loaded: its facts and what joining it to production did (or why it
/// could not be joined yet: the user may still pick the id column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelsInfo {
    /// File facts.
    pub file: FileInfo,
    /// The join, when it worked with the detected id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<crate::data::join::LabelJoin>,
    /// Why it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    /// The worker's wasm is loaded; messages can be sent.
    Ready,
    /// Progress of a run.
    Progress {
        /// Run id.
        run_id: u32,
        /// Step.
        stage: Stage,
        /// Bytes read so far (both files).
        done: u64,
        /// Bytes in all.
        total: u64,
        /// A phase that just ended (a file read, an analysis stage), with its time.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step: Option<Step>,
    },
    /// Both files parsed; kinds and roles inferred.
    Loaded {
        /// Run id.
        run_id: u32,
        /// Reference file.
        reference: FileInfo,
        /// Production file.
        production: FileInfo,
        /// Inferred schema (the user edits it before analysing), with the late labels joined
        /// when a labels file was given.
        schema: Schema,
        /// The late-labels file, when one was given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        labels: Option<Box<LabelsInfo>>,
        /// Parse time in ms.
        elapsed_ms: f64,
    },
    /// A file parsed by [`Request::Parse`]; its bytes are beside this message under `"table"`.
    Parsed {
        /// Run id.
        run_id: u32,
        /// Which file.
        part: Part,
    },
    /// The [`crate::report::Side`] result of [`Request::Side`], as JSON text.
    SideDone {
        /// Run id.
        run_id: u32,
        /// [`crate::report::Side`] as JSON.
        side: String,
    },
    /// The analysis.
    Done {
        /// Run id.
        run_id: u32,
        /// Report and charts. Sent as one JSON string: a single structured-clone copy and one
        /// `serde_json` parse in the page, several times faster than walking a JS object graph
        /// field by field for a large report.
        #[serde(with = "as_json_text")]
        analysis: Box<Analysis>,
        /// Analysis time in ms.
        elapsed_ms: f64,
    },
    /// A run failed; the message names the file/row where it applies.
    Failed {
        /// Run id.
        run_id: u32,
        /// Plain-language message.
        message: String,
    },
}

/// (De)serialises a value as a JSON string inside the message.
mod as_json_text {
    use serde::de::Error as _;
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &super::Analysis, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(v).map_err(S::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<super::Analysis>, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(D::Error::custom)
    }
}

impl FileInfo {
    /// Facts of a parsed table.
    pub fn of(t: &crate::data::Table) -> FileInfo {
        FileInfo {
            name: t.name.clone(),
            rows: t.rows,
            columns: t.columns.len(),
            bytes: t.bytes,
            delimiter: match t.delimiter {
                b'\t' => "\\t".to_owned(),
                b' ' => "spaces".to_owned(),
                d => (d as char).to_string(),
            },
            warnings: t.warnings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_through_json() {
        let r = Request::Analyze {
            run_id: 7,
            config: Box::default(),
            split: false,
        };
        let s = serde_json::to_string(&r).unwrap();
        assert!(s.contains(r#""type":"analyze""#));
        assert_eq!(serde_json::from_str::<Request>(&s).unwrap(), r);
        let f = Response::Failed {
            run_id: 1,
            message: "x.csv is empty".into(),
        };
        assert_eq!(
            serde_json::from_str::<Response>(&serde_json::to_string(&f).unwrap()).unwrap(),
            f
        );
    }
}

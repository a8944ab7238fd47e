//! The native command line (SPEC §10): `driftcard report …`. The binary (`src/bin/driftcard.rs`)
//! only calls [`main_with_args`]; everything here is testable in-process.
//!
//! Exit codes: 0 ok, 1 the `--fail-on` condition fired, 2 bad input or usage.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::data::{read_table_sized, Role, Table};
use crate::report::{analyze, model_card, Config, Inputs, TestsMode};

/// Usage text.
pub const USAGE: &str = "driftcard report --reference ref.csv --production prod.csv \\
    [--target COL] [--prediction COL] [--score COL] [--timestamp COL] [--id COL] \\
    [--group COL]... [--latency COL] [--config config.json] [--tests auto|all] \\
    [--labels labels.csv] [--json out.json] [--card card.md] [--html report.html] \\
    [--fail-on drift|retrain] [--top-rows] [--pii mask|hash|raw] [--pii-salt SALT] \\
    [--generated-at TIME]

Computes drift, data quality, accuracy and latency of a production CSV against a reference CSV.
--labels: late ground truth (prediction id + target, optionally a label time), joined to
production on --id (or the detected id column).
--html: the self-contained HTML report (the page's «Download HTML report» writes the same bytes
for the same analysis). --top-rows: include example rows in the JSON and HTML exports: the outlier
inspector's top rows (row numbers, z-scores) and the failing LLM eval examples (personal values
masked); they are left out by default.
--pii: how values of columns that look like personal data (e-mail, phone, IP address, payment
card, national id, person name; flagged in the JSON's columns[].pii) are written in the JSON,
HTML and card: mask (default: j***@e***.com, **** **** **** 1111), hash (h: + 10 hex digits of
SHA-256(salt + value), needs --pii-salt: the same value hashes the same in both files and across
runs with the same salt), raw (the values themselves: the exports then contain personal data).
--generated-at: the analysis time written in the exports (default: now), for reproducible files.
Exit codes: 0 ok, 1 the --fail-on condition fired, 2 bad input or usage.";

/// What `--fail-on` checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Dataset drift.
    Drift,
    /// The retrain recommendation.
    Retrain,
}

/// Parsed `report` arguments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    /// Reference CSV.
    pub reference: PathBuf,
    /// Production CSV.
    pub production: PathBuf,
    /// Late labels CSV (prediction id + target), joined to production.
    pub labels: Option<PathBuf>,
    /// Settings (roles from flags merged in).
    pub config: Config,
    /// JSON output path.
    pub json: Option<PathBuf>,
    /// Model card output path.
    pub card: Option<PathBuf>,
    /// HTML report output path.
    pub html: Option<PathBuf>,
    /// Exit 1 condition.
    pub fail_on: Option<FailOn>,
    /// Include the outlier inspector's top rows in the JSON and HTML exports.
    pub top_rows: bool,
    /// How values of PII columns are written in the exports (masked by default).
    pub pii: crate::report::PiiExport,
    /// The analysis time written in the exports (`None`: now).
    pub generated_at: Option<String>,
}

/// A usage or input error, with its exit code.
#[derive(Debug)]
pub struct CliError {
    /// Process exit code.
    pub code: i32,
    /// Message for stderr.
    pub message: String,
}

fn usage(msg: impl Into<String>) -> CliError {
    CliError {
        code: 2,
        message: format!("{}\n\nusage: {USAGE}", msg.into()),
    }
}

/// Parses `report` arguments (without the program name and the `report` word). Paths are taken
/// as the OS gives them (they need not be UTF-8); flags and column names must be text.
pub fn parse_args(args: &[OsString]) -> Result<Args, CliError> {
    let mut a = Args::default();
    let mut reference = None;
    let mut production = None;
    let mut config_path: Option<PathBuf> = None;
    let mut roles: Vec<(String, Role)> = Vec::new();
    let mut tests = None;
    let mut pii_mode: Option<String> = None;
    let mut pii_salt: Option<String> = None;
    let mut it = args.iter();
    while let Some(flag_os) = it.next() {
        let flag = flag_os
            .to_str()
            .ok_or_else(|| usage(format!("unknown argument {}", flag_os.to_string_lossy())))?;
        let mut path = |name: &str| -> Result<PathBuf, CliError> {
            it.next()
                .map(PathBuf::from)
                .ok_or_else(|| usage(format!("{name} needs a value")))
        };
        let text = |p: PathBuf, name: &str| -> Result<String, CliError> {
            p.into_os_string().into_string().map_err(|v| {
                usage(format!(
                    "{name} needs text, got {} (not valid UTF-8)",
                    v.to_string_lossy()
                ))
            })
        };
        match flag {
            "--reference" => reference = Some(path(flag)?),
            "--production" => production = Some(path(flag)?),
            "--labels" => a.labels = Some(path(flag)?),
            "--target" => roles.push((text(path(flag)?, flag)?, Role::Target)),
            "--prediction" => roles.push((text(path(flag)?, flag)?, Role::Prediction)),
            "--score" => roles.push((text(path(flag)?, flag)?, Role::Score)),
            "--timestamp" => roles.push((text(path(flag)?, flag)?, Role::Timestamp)),
            "--id" => roles.push((text(path(flag)?, flag)?, Role::Id)),
            "--group" => roles.push((text(path(flag)?, flag)?, Role::Group)),
            "--latency" => roles.push((text(path(flag)?, flag)?, Role::Latency)),
            "--config" => config_path = Some(path(flag)?),
            "--tests" => {
                tests = Some(match text(path(flag)?, flag)?.as_str() {
                    "auto" => TestsMode::Auto,
                    "all" => TestsMode::All,
                    other => return Err(usage(format!("--tests takes auto or all, not {other}"))),
                })
            }
            "--json" => a.json = Some(path(flag)?),
            "--card" => a.card = Some(path(flag)?),
            "--html" => a.html = Some(path(flag)?),
            "--top-rows" => a.top_rows = true,
            "--pii" => pii_mode = Some(text(path(flag)?, flag)?),
            "--pii-salt" => pii_salt = Some(text(path(flag)?, flag)?),
            "--generated-at" => a.generated_at = Some(text(path(flag)?, flag)?),
            "--fail-on" => {
                a.fail_on = Some(match text(path(flag)?, flag)?.as_str() {
                    "drift" => FailOn::Drift,
                    "retrain" => FailOn::Retrain,
                    other => {
                        return Err(usage(format!(
                            "--fail-on takes drift or retrain, not {other}"
                        )))
                    }
                })
            }
            "-h" | "--help" => {
                return Err(CliError {
                    code: 0,
                    message: USAGE.to_owned(),
                })
            }
            other => return Err(usage(format!("unknown argument {other}"))),
        }
    }
    a.pii = match (pii_mode.as_deref().unwrap_or("mask"), pii_salt) {
        ("mask", None) => crate::report::PiiExport::Mask,
        ("raw", None) => crate::report::PiiExport::Raw,
        ("hash", Some(salt)) if !salt.is_empty() => crate::report::PiiExport::Hash { salt },
        ("hash", _) => {
            return Err(usage(
                "--pii hash needs --pii-salt SALT (a secret of your choice: without one a hash of an e-mail address is easy to guess)",
            ))
        }
        ("mask" | "raw", Some(_)) => return Err(usage("--pii-salt goes with --pii hash")),
        (other, _) => return Err(usage(format!("--pii takes mask, hash or raw, not {other}"))),
    };
    a.reference = reference.ok_or_else(|| usage("--reference is required"))?;
    a.production = production.ok_or_else(|| usage("--production is required"))?;
    if let Some(path) = config_path {
        let text = std::fs::read_to_string(&path).map_err(|e| CliError {
            code: 2,
            message: format!("{}: {e}", path.display()),
        })?;
        a.config = Config::from_json(&text).map_err(|e| CliError {
            code: 2,
            message: format!("{}: {e}", path.display()),
        })?;
    }
    for (col, role) in roles {
        a.config.roles.set(&col, role);
    }
    if let Some(t) = tests {
        a.config.drift.tests = t;
    }
    Ok(a)
}

fn load(path: &Path) -> Result<Table, CliError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let file = std::fs::File::open(path).map_err(|e| CliError {
        code: 2,
        message: format!("{}: {e}", path.display()),
    })?;
    let size = file.metadata().ok().map(|m| m.len());
    read_table_sized(
        &name,
        std::io::BufReader::with_capacity(1 << 20, file),
        size,
        &mut |_| {},
    )
    .map_err(|e| CliError {
        code: 2,
        message: e.to_string(),
    })
}

/// Now as ISO 8601 UTC.
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    format!("{}Z", crate::data::datetime::format_datetime(secs))
}

/// Writes an output file; any failure (a full disk, a missing folder) is exit 2 naming it.
fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    let fail = |e: std::io::Error| CliError {
        code: 2,
        message: format!("could not write {}: {e}", path.display()),
    };
    let mut f = std::fs::File::create(path).map_err(fail)?;
    f.write_all(text.as_bytes()).map_err(fail)?;
    f.sync_all()
        .or_else(|e| {
            // Special files (`/dev/stdout`, pipes) cannot be synced; that is not a failed write.
            if e.kind() == std::io::ErrorKind::InvalidInput || e.raw_os_error() == Some(22) {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(fail)?;
    f.flush().map_err(fail)
}

/// Runs `report`; returns the exit code. Output goes to the given writers.
pub fn run_report(args: &Args, out: &mut dyn Write) -> Result<i32, CliError> {
    let timing = std::env::var_os("DRIFTCARD_TIMING").is_some();
    let t0 = std::time::Instant::now();
    // The two files are parsed on two threads (the page's worker reads them one after the other).
    let (reference, production) = std::thread::scope(|s| {
        let h = s.spawn(|| load(&args.reference));
        let p = load(&args.production);
        (
            h.join().unwrap_or_else(|_| {
                Err(CliError {
                    code: 2,
                    message: "reading the reference file failed".into(),
                })
            }),
            p,
        )
    });
    let (mut reference, mut production) = (reference?, production?);
    crate::data::header::pair_headers(&mut reference, &mut production);
    let labels = match &args.labels {
        Some(path) => {
            let labels = load(path)?;
            let cfg = &args.config;
            let (join, _restore) = crate::data::join::attach_labels(
                &reference,
                &mut production,
                &labels,
                cfg.roles.id.as_deref(),
                cfg.roles.target.as_deref(),
                &cfg.kinds,
                &cfg.roles.to_map(),
            )
            .map_err(|e| CliError {
                code: 2,
                message: e.to_string(),
            })?;
            Some(join)
        }
        None => None,
    };
    let t1 = std::time::Instant::now();
    let analysis = analyze(&Inputs {
        reference: &reference,
        production: &production,
        config: &args.config,
        generated_at: args.generated_at.clone().unwrap_or_else(now_iso),
        labels,
    })
    .map_err(|e| CliError {
        code: 2,
        message: e.to_string(),
    })?;
    if timing {
        eprintln!(
            "timing: parse {:.3} s, analyze {:.3} s",
            (t1 - t0).as_secs_f64(),
            t1.elapsed().as_secs_f64()
        );
    }
    let report = &analysis.report;
    let export = crate::report::ExportOptions {
        top_rows: args.top_rows,
        pii: args.pii.clone(),
    };
    let card = model_card::render_markdown(report, &export);
    if let Some(p) = &args.json {
        write_file(p, &report.to_export_json(&export))?;
    }
    if let Some(p) = &args.card {
        write_file(p, &card)?;
    }
    if let Some(p) = &args.html {
        write_file(p, &crate::report::html::render_html(&analysis, &export))?;
    }
    if args.json.is_none() && args.card.is_none() && args.html.is_none() {
        out.write_all(card.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| CliError {
                code: 2,
                message: format!("could not write the model card to standard output: {e}"),
            })?;
    }
    let fired = match args.fail_on {
        Some(FailOn::Drift) => report.drift.dataset_drift,
        Some(FailOn::Retrain) => report.retrain.recommended,
        None => false,
    };
    Ok(if fired { 1 } else { 0 })
}

/// Entry point: `args` without the program name (as the OS gives them). Returns the exit code.
pub fn main_with_args(args: &[OsString], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(|a| a.to_str()) {
        Some(Some("report")) => parse_args(&args[1..]).and_then(|a| run_report(&a, out)),
        None => Err(CliError {
            code: 2,
            message: USAGE.to_owned(),
        }),
        Some(Some("-h" | "--help")) => Err(CliError {
            code: 0,
            message: USAGE.to_owned(),
        }),
        Some(Some("--version" | "-V")) => {
            let _ = writeln!(out, "driftcard {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Some(Some(other)) => Err(usage(format!("unknown command {other}"))),
        Some(None) => Err(usage(format!(
            "unknown command {}",
            args[0].to_string_lossy()
        ))),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(
                err,
                "{}",
                if e.code == 0 {
                    e.message
                } else {
                    format!("driftcard: {}", e.message)
                }
            );
            e.code
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_flags_into_config_roles() {
        let a = parse_args(&s(&[
            "--reference",
            "r.csv",
            "--production",
            "p.csv",
            "--target",
            "y",
            "--group",
            "sex",
            "--group",
            "race",
            "--tests",
            "all",
            "--fail-on",
            "drift",
        ]))
        .unwrap();
        assert_eq!(a.config.roles.target.as_deref(), Some("y"));
        assert_eq!(a.config.roles.group, vec!["sex", "race"]);
        assert_eq!(a.config.drift.tests, TestsMode::All);
        assert_eq!(a.fail_on, Some(FailOn::Drift));
    }

    #[test]
    fn usage_errors_exit_2() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        assert_eq!(
            main_with_args(&s(&["report", "--production", "p.csv"]), &mut out, &mut err),
            2
        );
        assert!(String::from_utf8_lossy(&err).contains("--reference is required"));
        assert_eq!(main_with_args(&s(&["frobnicate"]), &mut out, &mut err), 2);
    }
}

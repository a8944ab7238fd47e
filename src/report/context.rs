//! Stage 1 of the analysis, *load → kinds/roles*: the inputs checked against each other and
//! against the settings, the schema inferred once, the values' comparison maps and the sorted
//! numbers built once. Every later stage reads this [`Context`] and nothing else.

use super::config::Checked;
use super::Config;
use crate::data::join::LabelJoin;
use crate::data::sorted::Presorted;
use crate::data::{datetime, infer_schema, ColumnSchema, Kind, RawColumn, Role, Schema, Table};
use crate::data::{ValueMaps, Warning};
use crate::metrics;

/// For the no-common-column error: which file had no header row, when one had none.
fn headerless_note(r: &Table, p: &Table) -> String {
    [r, p]
        .iter()
        .filter(|t| t.headerless)
        .map(|t| {
            format!(
                "; {} has no header row (its first line is data, so its {} columns are named by position)",
                t.name,
                t.columns.len()
            )
        })
        .collect()
}

/// What `analyze` needs.
pub struct Inputs<'a> {
    /// Parsed reference file.
    pub reference: &'a Table,
    /// Parsed production file (with late labels already attached by
    /// [`crate::data::join::attach_labels`] when there are any).
    pub production: &'a Table,
    /// Settings (validated by [`Config::validate`]).
    pub config: &'a Config,
    /// The analysis time, ISO 8601 (the caller's clock).
    pub generated_at: String,
    /// What the late-labels join did, when labels were attached.
    pub labels: Option<LabelJoin>,
}

/// Everything the stages share: the two files, the settings, the schema, how values compare,
/// and every numeric column's sorted values.
pub struct Context<'a> {
    /// The reference file.
    pub r: &'a Table,
    /// The production file.
    pub p: &'a Table,
    /// The settings, checked (the outlier detector's parameters typed in `cfg.forest()`).
    pub cfg: Checked<'a>,
    /// Kinds and roles of every column.
    pub schema: Schema,
    /// How each column's values (and the target with the prediction) are compared.
    pub maps: ValueMaps,
    /// Every numeric column's finite values, sorted.
    pub sorted: Presorted,
    /// The analysis time.
    pub generated_at: String,
    /// The late-labels join, when there was one.
    pub labels: Option<LabelJoin>,
}

impl<'a> Context<'a> {
    /// Checks the inputs and builds the context.
    ///
    /// # Errors
    /// [`crate::Error::Config`] for invalid settings, settings naming a column that does not
    /// exist, a per-column method that does not fit the column's kind;
    /// [`crate::Error::Input`] when the files share no column.
    pub fn new(inputs: &Inputs<'a>, laps: &mut crate::timing::Laps) -> crate::Result<Context<'a>> {
        Context::build(inputs, laps, true)
    }

    /// The context without the sorted numbers (empty [`Context::sorted`]): enough for the
    /// stages that never read them (the outliers, the duplicate rows), which the page runs in a
    /// second worker.
    ///
    /// # Errors
    /// As [`Context::new`].
    pub fn unsorted(inputs: &Inputs<'a>) -> crate::Result<Context<'a>> {
        Context::build(inputs, &mut crate::timing::Laps::start(), false)
    }

    fn build(
        inputs: &Inputs<'a>,
        laps: &mut crate::timing::Laps,
        sort: bool,
    ) -> crate::Result<Context<'a>> {
        let cfg = inputs
            .config
            .check()
            .map_err(|e| crate::Error::Config(e.to_string()))?;
        let (r, p) = (inputs.reference, inputs.production);
        if !r.columns.iter().any(|c| p.column(&c.name).is_some()) {
            return Err(crate::Error::Input(format!(
                "{} and {} have no column in common: check that both files have the same header ({} has {}; {} has {})",
                r.name,
                p.name,
                r.name,
                column_list(r, r),
                p.name,
                column_list(p, p)
            ) + &headerless_note(r, p)));
        }
        check_named_columns(&cfg, r, p)?;
        let schema = infer_schema(r, p, &cfg.kinds, &cfg.roles.to_map());
        check_methods(&cfg, &schema)?;
        laps.lap("schema");
        let maps = ValueMaps::build(&schema, r, p);
        laps.lap("value maps");
        let sorted = if sort {
            let s = Presorted::build(&schema, r, p);
            laps.lap("sort");
            s
        } else {
            Presorted::default()
        };
        Ok(Context {
            r,
            p,
            cfg,
            schema,
            maps,
            sorted,
            generated_at: inputs.generated_at.clone(),
            labels: inputs.labels.clone(),
        })
    }

    /// The reference (`false`) or production (`true`) file.
    pub fn table(&self, production: bool) -> &'a Table {
        if production {
            self.p
        } else {
            self.r
        }
    }

    /// The column with `role` in one file, with its name.
    pub fn column(&self, role: Role, production: bool) -> Option<(&'a RawColumn, &str)> {
        let c = self.schema.with_role(role)?;
        self.table(production)
            .column(&c.name)
            .map(|rc| (rc, c.name.as_str()))
    }

    /// The schema entry with `role`.
    pub fn role(&self, role: Role) -> Option<&ColumnSchema> {
        self.schema.with_role(role)
    }

    /// Production's timestamps (epoch seconds, `NaN` = missing), when there is a timestamp.
    pub fn timestamps(&self) -> Option<&'a [f64]> {
        let (c, _) = self.column(Role::Timestamp, true)?;
        c.datetimes.as_deref().or(c.numbers.as_deref())
    }

    /// How production is cut into time chunks (SPEC §4): the setting, or by the span of the
    /// timestamps (day up to a month, week up to half a year, else month); 10 equal chunks in
    /// file order without a timestamp.
    pub fn chunk_by(&self) -> metrics::ChunkBy {
        use super::config::ChunkSetting;
        let span = self.timestamps().map(|v| {
            let (lo, hi) = finite_range(v);
            (hi - lo) / 86_400.0
        });
        match (self.cfg.rolling.chunks, span) {
            (_, None) | (ChunkSetting::Equal, _) => metrics::ChunkBy::Equal(10),
            (ChunkSetting::Day, _) => metrics::ChunkBy::Day,
            (ChunkSetting::Week, _) => metrics::ChunkBy::Week,
            (ChunkSetting::Month, _) => metrics::ChunkBy::Month,
            (ChunkSetting::Auto, Some(d)) if d <= 31.0 => metrics::ChunkBy::Day,
            (ChunkSetting::Auto, Some(d)) if d <= 182.0 => metrics::ChunkBy::Week,
            (ChunkSetting::Auto, Some(_)) => metrics::ChunkBy::Month,
        }
    }

    /// Day labels (`YYYY-MM-DD`) of each production row, or month labels when the data spans
    /// more than two months; `None` without a timestamp.
    pub fn day_labels(&self) -> Option<Vec<Option<String>>> {
        let v = self.timestamps()?;
        let (lo, hi) = finite_range(v);
        let monthly = hi - lo > 62.0 * 86_400.0;
        Some(
            v.iter()
                .map(|&x| {
                    x.is_finite().then(|| {
                        let d = datetime::format_date(x);
                        if monthly {
                            d[..7].to_owned()
                        } else {
                            d
                        }
                    })
                })
                .collect(),
        )
    }

    /// A score column's values in one file as probabilities: scaled (a percentage ÷ 100) and
    /// with values outside [0, 1] left out (`NaN`; the schema's warnings say how many).
    pub fn probabilities(&self, cs: &ColumnSchema, production: bool) -> Option<Vec<f64>> {
        let v = self.table(production).column(&cs.name)?.numbers.as_ref()?;
        let scale = cs.scale.unwrap_or(1.0);
        Some(
            v.iter()
                .map(|&x| {
                    let y = x * scale;
                    if (0.0..=1.0).contains(&y) {
                        y
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
        )
    }

    /// A warning about a column, from the analysis rather than from a file.
    pub fn note(column: &str, message: String) -> Warning {
        Warning {
            file: String::new(),
            row: None,
            column: Some(column.to_owned()),
            message,
        }
    }
}

/// The smallest and largest finite values (±∞ when there are none).
fn finite_range(v: &[f64]) -> (f64, f64) {
    v.iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

/// Columns of the two files, for messages: the first few names.
fn column_list(r: &Table, p: &Table) -> String {
    let mut names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    for c in &p.columns {
        if !names.contains(&c.name.as_str()) {
            names.push(&c.name);
        }
    }
    let n = names.len();
    let shown: Vec<String> = names
        .iter()
        .take(12)
        .map(|s| format!("`{}`", crate::data::clip(s)))
        .collect();
    format!(
        "{}{}",
        shown.join(", "),
        if n > 12 {
            format!(" and {} more", n - 12)
        } else {
            String::new()
        }
    )
}

/// Every column a setting names must exist: a typo must not silently do nothing.
fn check_named_columns(cfg: &Config, r: &Table, p: &Table) -> crate::Result<()> {
    let exists = |c: &str| r.column(c).is_some() || p.column(c).is_some();
    let mut named: Vec<(String, String)> = Vec::new();
    for (c, role) in cfg.roles.to_map() {
        named.push((format!("roles.{}", role.id()), c));
    }
    for c in cfg.kinds.keys() {
        named.push((format!("kinds.{c}"), c.clone()));
    }
    for c in cfg.drift.columns.keys() {
        named.push((format!("drift.columns.{c}"), c.clone()));
    }
    for (key, c) in named {
        if !exists(&c) {
            return Err(crate::Error::Config(format!(
                "{key} names the column `{}`, which is in neither {} nor {} (columns: {})",
                crate::data::clip(&c),
                r.name,
                p.name,
                column_list(r, p)
            )));
        }
    }
    Ok(())
}

/// A per-column override must fit its column (checked once the kinds are known):
/// [`crate::drift::ColumnOptions::check_column`], and no override on a column that is not tested.
fn check_methods(cfg: &Config, schema: &Schema) -> crate::Result<()> {
    for (col, o) in &cfg.drift.columns {
        let Some(c) = schema.column(col) else {
            continue;
        };
        let numeric = match c.kind {
            Kind::Numeric => true,
            Kind::Categorical | Kind::Boolean => false,
            Kind::Text | Kind::Datetime => {
                if o.method.is_some() {
                    return Err(crate::Error::Config(format!(
                        "drift.columns.{}.method: `{}` is a {} column, not tested for drift",
                        crate::data::clip(col),
                        crate::data::clip(col),
                        c.kind.id()
                    )));
                }
                continue;
            }
        };
        o.check_column(col, numeric, c.distinct)
            .map_err(|e| crate::Error::Config(e.to_string()))?;
    }
    Ok(())
}

//! Bad input never panics: random small CSV pairs built from nasty cells (stray tokens, numbers in
//! every style, dates right and wrong, booleans in every spelling, Unicode spaces, huge and empty
//! cells, quotes) and nasty headers (duplicates, empty, role-like names) go through the whole core
//! — parsing, kinds and roles, the late-labels join, the analysis, the model card — and come out
//! as a report or an error, never a panic (a panic in the browser's worker kills the page).

use std::collections::BTreeMap;

use driftcard::data::{join, read_table};
use driftcard::report::{analyze, model_card, Config, Inputs};
use proptest::prelude::*;

const CELLS: &[&str] = &[
    "",
    "NA",
    "?",
    "n/a",
    "#VALUE!",
    "0",
    "1",
    "0.0",
    "1.0",
    "-3.5",
    "1e308",
    "-1e308",
    "inf",
    "-inf",
    "1,234.5",
    "1.234,5",
    "12 %",
    "$5",
    "\u{a0}7",
    "true",
    "False",
    "yes",
    "NO",
    "2024-01-01",
    "2024-02-30",
    "2024-03-01T10:00:00.5Z",
    "1704067200000",
    "9999-12-31",
    "cat",
    "dog",
    "\"quoted, comma\"",
    "\"multi\nline\"",
    "é",
    "\u{202e}rtl",
    "a very long cell a very long cell a very long cell a very long cell a very long cell",
];

const HEADERS: &[&str] = &[
    "x",
    "x",
    "",
    "target",
    "y_pred",
    "y_pred_prob",
    "p_cat",
    "p_1",
    "timestamp",
    "request_id",
    "latency_ms",
    "status",
    "cost_usd",
    "model_version",
    "thumbs_up",
    "gender",
    "price",
    "price_hat",
    "period",
    "label",
];

fn csv(header: &[usize], rows: &[Vec<usize>], delim: char) -> String {
    let mut s = String::new();
    let names: Vec<&str> = header.iter().map(|&h| HEADERS[h % HEADERS.len()]).collect();
    s.push_str(&names.join(&delim.to_string()));
    s.push('\n');
    for r in rows {
        // Quoted as a CSV writer would when a cell holds the delimiter.
        let cells: Vec<String> = r
            .iter()
            .map(|&c| CELLS[c % CELLS.len()])
            .map(|c| {
                if c.contains(delim) && !c.starts_with('"') {
                    format!("\"{c}\"")
                } else {
                    c.to_owned()
                }
            })
            .collect();
        s.push_str(&cells.join(&delim.to_string()));
        s.push('\n');
    }
    s
}

fn table_strategy() -> impl Strategy<Value = (Vec<usize>, Vec<Vec<usize>>)> {
    (1usize..7).prop_flat_map(|w| {
        (
            prop::collection::vec(0usize..HEADERS.len(), w),
            prop::collection::vec(prop::collection::vec(0usize..CELLS.len(), w), 1..40),
        )
    })
}

proptest! {
    // 300 cases in `make test` (a few seconds); `PROPTEST_CASES=20000` for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_pair_of_nasty_files_gives_a_report_or_an_error(
        (h, r) in table_strategy(),
        (h2, r2) in table_strategy(),
        same_header in prop::bool::weighted(0.85),
        labels in prop::option::of(table_strategy()),
        delim in prop::sample::select(vec![',', ';', '\t', ' ']),
        drop_header in 0u8..4,
        gzip_production in prop::bool::weighted(0.2),
    ) {
        // Mostly the same header (else the files share no column and the analysis stops early),
        // with production's rows reshaped to it.
        let (h2, r2) = if same_header {
            let w = h.len();
            let rows = r2.iter().map(|row| (0..w).map(|i| row.get(i).copied().unwrap_or(i)).collect()).collect();
            (h.clone(), rows)
        } else {
            (h2, r2)
        };
        let (mut a, mut b) = (csv(&h, &r, delim), csv(&h2, &r2, ','));
        // Files without a header row: production's (1), the reference's (2) or both (3).
        let headless = |s: &mut String| *s = s.split_once('\n').map(|x| x.1.to_owned()).unwrap_or_default();
        if drop_header & 1 == 1 {
            headless(&mut b);
        }
        if drop_header & 2 == 2 {
            headless(&mut a);
        }
        let b = if gzip_production {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(b.as_bytes()).unwrap();
            e.finish().unwrap()
        } else {
            b.into_bytes()
        };
        let reference = read_table("reference.csv", a.as_bytes(), &mut |_| {});
        let production = read_table("production.csv", b.as_slice(), &mut |_| {});
        let (mut reference, mut production) = match (reference, production) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                if std::env::var_os("ROBUSTNESS_TRACE").is_some() {
                    eprintln!("case: read error {:?}", a.err().or(b.err()));
                }
                return Ok(());
            }
        };
        driftcard::data::header::pair_headers(&mut reference, &mut production);
        let config = Config::default();
        let mut join_report = None;
        if let Some((lh, lr)) = labels {
            let l = csv(&lh, &lr, ',');
            if let Ok(lt) = read_table("labels.csv", l.as_bytes(), &mut |_| {}) {
                if let Ok((j, _)) = join::attach_labels(
                    &reference,
                    &mut production,
                    &lt,
                    None,
                    None,
                    &BTreeMap::new(),
                    &BTreeMap::new(),
                ) {
                    join_report = Some(j);
                }
            }
        }
        let res = analyze(&Inputs {
            reference: &reference,
            production: &production,
            config: &config,
            generated_at: "2026-01-01T00:00:00Z".into(),
            labels: join_report,
        });
        if std::env::var_os("ROBUSTNESS_TRACE").is_some() {
            eprintln!("case: {}", match &res { Ok(_) => "report".to_owned(), Err(e) => format!("error: {e}") });
        }
        if let Ok(a) = res {
            let card = model_card::render_markdown(&a.report, &Default::default());
            prop_assert!(card.starts_with("## Monitoring (live)"));
            let json = a.report.to_json();
            prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        }
    }
}

//! The page splits the work over two workers: each parses one file and sends its table to the
//! other as bytes (`data::wire`), then one runs the main stages and the other the outliers and
//! duplicate rows (`report::analyze_side`), whose result crosses as JSON. This checks that the
//! split report is the one-piece report, byte for byte, on the demo and every golden pair.

use std::path::Path;

use driftcard::data::{read_table, wire, Table};
use driftcard::report::{analyze, analyze_main, analyze_side, finish_with, Config, Inputs, Side};

fn load(path: &Path) -> Table {
    let f = std::fs::File::open(path).unwrap();
    read_table(
        path.file_name().unwrap().to_str().unwrap(),
        std::io::BufReader::new(f),
        &mut |_| {},
    )
    .unwrap()
}

fn check(dir: &Path) {
    let r = load(&dir.join("reference.csv"));
    let p = load(&dir.join("production.csv"));
    // As between workers: the tables as bytes, the side result as JSON text.
    let r2 = wire::decode(&wire::encode(&r)).unwrap();
    let p2 = wire::decode(&wire::encode(&p)).unwrap();
    let config = Config::default();
    let inputs = |r, p| Inputs {
        reference: r,
        production: p,
        config: &config,
        generated_at: "2026-12-07T00:00:00Z".into(),
        labels: None,
    };
    let whole = analyze(&inputs(&r, &p)).unwrap();
    let side = analyze_side(&inputs(&r2, &p2)).unwrap();
    let side: Side = serde_json::from_str(&serde_json::to_string(&side).unwrap()).unwrap();
    let split = finish_with(analyze_main(&inputs(&r, &p2)).unwrap(), side);
    let a = serde_json::to_string(&whole).unwrap();
    let b = serde_json::to_string(&split).unwrap();
    assert!(a == b, "{}: the split analysis differs", dir.display());
    assert!(
        whole.report.outliers.is_some(),
        "{}: no outliers",
        dir.display()
    );
}

#[test]
fn the_demo_split_over_two_workers_is_the_same_report() {
    check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo"));
}

#[test]
fn every_golden_pair_split_over_two_workers_is_the_same_report() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut n = 0;
    for e in std::fs::read_dir(&golden).unwrap() {
        let dir = e.unwrap().path();
        if dir.join("reference.csv").exists() {
            check(&dir);
            n += 1;
        }
    }
    assert_eq!(n, 6);
}

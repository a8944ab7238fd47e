//! Issue 10, item 4: "PII columns never reach an export by default". A pair of CSVs with e-mail,
//! phone, IP, card (written with spaces, and as plain numbers), SSN and name columns beside
//! look-alikes that are not personal data (prices, zip codes, dates, versions) goes through the
//! CLI with `--json --card --html`: the columns are flagged in `columns[].pii`, no raw value of a
//! flagged column appears in any of the three files, the masks do, the salted hash is the same
//! for the same value in both files and changes with the salt, and the other columns are untouched.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use driftcard::data::pii;
use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_driftcard")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("driftcard-pii-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A 16-digit number starting with `prefix` made Luhn-valid by its last digit.
fn card(prefix: u64) -> String {
    let body = format!("{prefix:015}");
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|s| pii::luhn(s))
        .unwrap()
}

const FIRST: [&str; 8] = [
    "Alice", "Bruno", "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hiroshi",
];
const LAST: [&str; 6] = [
    "Okonkwo",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Abernathy",
    "Quispe",
];

/// One file: `prod` shifts the values (new e-mails, names and IPs appear in production).
fn csv(prod: bool) -> (String, Vec<(String, Vec<String>)>) {
    let cols = [
        "email",
        "phone",
        "client_ip",
        "card",
        "cc_plain",
        "ssn",
        "customer_name",
        "price",
        "zip",
        "day",
        "model_version",
        "release",
        "color",
        "label",
        "y_pred",
    ];
    let mut s = cols.join(",") + "\n";
    let mut raw: Vec<(String, BTreeSet<String>)> = [
        "email",
        "phone",
        "client_ip",
        "card",
        "cc_plain",
        "ssn",
        "customer_name",
    ]
    .iter()
    .map(|c| ((*c).to_owned(), BTreeSet::new()))
    .collect();
    let shift = if prod { 3 } else { 0 };
    for i in 0..400usize {
        let k = i % 12 + shift;
        let email = format!(
            "{}.{}{k}@mailhost{}.example.org",
            FIRST[k % 8].to_lowercase(),
            LAST[k % 6].to_lowercase(),
            k % 3
        );
        let phone = format!("+1 (555) {:03}-{:04}", 100 + k, 1000 + 37 * k);
        let ip = format!("172.16.{}.{}", k % 5, 20 + k);
        let c = card(411_111_111_110_000 + k as u64);
        let c_spaced = format!("{} {} {} {}", &c[..4], &c[4..8], &c[8..12], &c[12..]);
        let plain = card(523_456_789_000_000 + i as u64 + if prod { 5000 } else { 0 });
        let ssn = format!("{:03}-{:02}-{:04}", 120 + k, 10 + k, 4000 + k);
        let name = format!("{} {}", FIRST[k % 8], LAST[(k + 1) % 6]);
        let price = format!("{}.{:02}", 10 + (i * 7) % 90, i % 100);
        let zip = format!("{:05}", 2139 + (k * 1013) % 90000);
        let day = format!("2024-0{}-{:02}", 1 + i % 9, 1 + i % 28);
        let label = (i % 3 == 0) as u8;
        let pred = ((i + usize::from(prod)) % 3 == 0) as u8;
        s.push_str(&format!(
            "{email},{phone},{ip},{c_spaced},{plain},{ssn},{name},{price},{zip},{day},1.2.3.{},2.{}.0,{},{label},{pred}\n",
            k % 4,
            k % 3,
            ["red", "green", "blue"][i % 3]
        ));
        for (col, v) in raw.iter_mut() {
            v.insert(match col.as_str() {
                "email" => email.clone(),
                "phone" => phone.clone(),
                "client_ip" => ip.clone(),
                "card" => c_spaced.clone(),
                "cc_plain" => plain.clone(),
                "ssn" => ssn.clone(),
                _ => name.clone(),
            });
        }
    }
    (
        s,
        raw.into_iter()
            .map(|(c, v)| (c, v.into_iter().collect()))
            .collect(),
    )
}

struct Out {
    json: String,
    card: String,
    html: String,
}

fn run(name: &str, extra: &[&str]) -> (Out, Vec<(String, Vec<String>)>) {
    let d = dir(name);
    let (r, mut raw) = csv(false);
    let (p, raw_p) = csv(true);
    for ((_, a), (_, b)) in raw.iter_mut().zip(raw_p) {
        a.extend(b);
        a.sort();
        a.dedup();
    }
    std::fs::write(d.join("reference.csv"), r).unwrap();
    std::fs::write(d.join("production.csv"), p).unwrap();
    let out = Command::new(bin())
        .args(["report", "--reference"])
        .arg(d.join("reference.csv"))
        .arg("--production")
        .arg(d.join("production.csv"))
        .args([
            "--group",
            "customer_name",
            "--target",
            "label",
            "--prediction",
            "y_pred",
        ])
        .arg("--json")
        .arg(d.join("r.json"))
        .arg("--card")
        .arg(d.join("card.md"))
        .arg("--html")
        .arg(d.join("r.html"))
        .args(["--generated-at", "2026-01-01T00:00:00Z"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    let o = Out {
        json: read("r.json"),
        card: read("card.md"),
        html: read("r.html"),
    };
    if std::env::var_os("PII_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&d);
    }
    (o, raw)
}

fn pii_of(json: &Value) -> Vec<(String, Option<String>)> {
    json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["pii"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// Markdown and HTML escapes undone, so a raw value cannot hide behind them.
fn unescape(s: &str) -> String {
    s.replace('\\', "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every form a raw value could take in an export: as written, HTML-escaped, JSON-escaped.
fn forms(v: &str) -> Vec<String> {
    let html = v
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;");
    let json = serde_json::to_string(v).unwrap();
    vec![v.to_owned(), html, json[1..json.len() - 1].to_owned()]
}

#[test]
fn pii_columns_never_reach_an_export_by_default() {
    let (o, raw) = run("mask", &[]);
    let json: Value = serde_json::from_str(&o.json).unwrap();
    let flags = pii_of(&json);
    let flag = |c: &str| flags.iter().find(|f| f.0 == c).unwrap().1.clone();
    assert_eq!(flag("email").as_deref(), Some("email"));
    assert_eq!(flag("phone").as_deref(), Some("phone"));
    assert_eq!(flag("client_ip").as_deref(), Some("ip_address"));
    assert_eq!(flag("card").as_deref(), Some("payment_card"));
    assert_eq!(flag("cc_plain").as_deref(), Some("payment_card"));
    assert_eq!(flag("ssn").as_deref(), Some("national_id"));
    assert_eq!(flag("customer_name").as_deref(), Some("person_name"));
    for c in [
        "price",
        "zip",
        "day",
        "model_version",
        "release",
        "color",
        "label",
        "y_pred",
    ] {
        assert_eq!(flag(c), None, "{c} is not personal data");
    }
    let email = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "email")
        .unwrap();
    assert!(
        email["reason"]
            .as_str()
            .unwrap()
            .contains("e-mail addresses"),
        "{email}"
    );

    for (col, values) in &raw {
        for v in values {
            for f in forms(v) {
                for (what, text) in [
                    ("JSON", &o.json),
                    ("card", &o.card),
                    ("card", &unescape(&o.card)),
                    ("HTML", &o.html),
                    ("HTML", &unescape(&o.html)),
                ] {
                    assert!(!text.contains(&f), "{what} contains `{f}` of {col}");
                }
            }
        }
    }
    // The masks are there: top categories, new categories, bias groups.
    let q = |c: &str| {
        json["quality"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["column"] == c)
            .unwrap()
            .clone()
    };
    let top0 = |c: &str| q(c)["reference"]["top"][0][0].as_str().unwrap().to_owned();
    assert!(
        top0("email").ends_with("***.org") && top0("email").contains("***@m"),
        "{}",
        top0("email")
    );
    assert!(
        top0("card").starts_with("**** **** **** "),
        "{}",
        top0("card")
    );
    assert!(
        top0("customer_name").contains("*** "),
        "{}",
        top0("customer_name")
    );
    assert!(q("email")["new_categories"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
    assert!(o.html.contains("***@m***.org"));
    // The card escapes Markdown (`\*`): read without the backslashes.
    assert!(unescape(&o.card).contains("***@m***.org"), "{}", o.card);
    let bias = &json["bias"]["columns"][0];
    assert_eq!(bias["column"], "customer_name");
    assert!(bias["production"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["value"].as_str().unwrap().contains("***")));
    // A plain-number card column loses its value statistics in the exports.
    assert!(q("cc_plain")["reference"].get("min").is_none());
    // Non-PII columns are untouched.
    let color = q("color");
    let colors: Vec<&str> = color["reference"]["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[0].as_str().unwrap())
        .collect();
    assert_eq!(colors.len(), 3);
    assert!(colors.contains(&"red"));
    let mv = q("model_version");
    assert!(
        mv["reference"]["top"][0][0]
            .as_str()
            .is_some_and(|v| v.starts_with("1.2.3.")),
        "{mv}"
    );
    assert!(q("price")["reference"].get("min").is_some());
}

#[test]
fn salted_hashes_match_across_files_and_change_with_the_salt() {
    let (a, raw) = run("hash1", &["--pii", "hash", "--pii-salt", "s1"]);
    let (b, _) = run("hash2", &["--pii", "hash", "--pii-salt", "s2"]);
    let json: Value = serde_json::from_str(&a.json).unwrap();
    for (col, values) in &raw {
        for v in values {
            for (what, text) in [
                ("JSON", &a.json),
                ("card", &unescape(&a.card)),
                ("HTML", &unescape(&a.html)),
            ] {
                assert!(!text.contains(v.as_str()), "{what} contains `{v}` of {col}");
            }
        }
    }
    // The most frequent e-mail is in both files' top lists: the same hash on both sides.
    let q = json["quality"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["column"] == "email")
        .unwrap();
    let tops = |side: &str| -> BTreeSet<String> {
        q[side]["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[0].as_str().unwrap().to_owned())
            .collect()
    };
    let (r, p) = (tops("reference"), tops("production"));
    assert!(
        r.iter().all(|h| h.starts_with("h:") && h.len() == 12),
        "{r:?}"
    );
    assert!(
        !r.is_disjoint(&p),
        "a value in both files hashes the same: {r:?} {p:?}"
    );
    let some = raw
        .iter()
        .find(|(c, _)| c == "email")
        .unwrap()
        .1
        .iter()
        .find(|v| a.json.contains(&pii::hash("s1", v)))
        .expect("a known hash");
    assert!(a.html.contains(&pii::hash("s1", some)));
    assert!(!b.json.contains(&pii::hash("s1", some)));
    assert!(b.json.contains(&pii::hash("s2", some)));
}

#[test]
fn raw_values_only_when_asked_and_hash_needs_a_salt() {
    let (o, raw) = run("raw", &["--pii", "raw"]);
    let emails = &raw.iter().find(|(c, _)| c == "email").unwrap().1;
    assert!(emails.iter().any(|v| o.json.contains(v.as_str())));
    let out = Command::new(bin())
        .args([
            "report",
            "--reference",
            "a.csv",
            "--production",
            "b.csv",
            "--pii",
            "hash",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--pii-salt"));
}

/// A free-text column is not a PII column (most of its values are ordinary sentences), yet some
/// of its values quote an address or a phone number. The drift reason lists production's new
/// categories and the quality block their top values: the exports mask what is inside them.
#[test]
fn personal_values_inside_free_text_categories_are_masked_in_every_export() {
    let d = dir("free-text");
    let topics = ["billing", "login", "refund", "delivery", "other"];
    let mut r = String::from("x,note\n");
    let mut p = String::from("x,note\n");
    for i in 0..400 {
        r.push_str(&format!("{},question about {}\n", i % 7, topics[i % 5]));
        let note = if i % 4 == 0 {
            format!(
                "please write to user{}@example.org or call +1 555 010 {:04}",
                i % 9,
                i % 9
            )
        } else {
            format!("question about {}", topics[i % 5])
        };
        p.push_str(&format!("{},{note}\n", i % 7));
    }
    let (rp, pp) = (d.join("reference.csv"), d.join("production.csv"));
    std::fs::write(&rp, r).unwrap();
    std::fs::write(&pp, &p).unwrap();
    let out = |extra: &[&str]| -> String {
        let (j, c, h) = (d.join("r.json"), d.join("c.md"), d.join("r.html"));
        let o = Command::new(bin())
            .args(["report", "--reference"])
            .arg(&rp)
            .arg("--production")
            .arg(&pp)
            .arg("--json")
            .arg(&j)
            .arg("--card")
            .arg(&c)
            .arg("--html")
            .arg(&h)
            .args(extra)
            .output()
            .unwrap();
        assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
        [j, c, h]
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let masked = out(&[]);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("r.json")).unwrap()).unwrap();
    let note = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "note")
        .unwrap();
    assert!(note["pii"].is_null(), "not a PII column: {note}");
    assert!(masked.contains("u***@e***.org"), "the masks are there");
    for k in 0..9 {
        assert!(
            !masked.contains(&format!("user{k}@example.org")),
            "user{k}@ leaked"
        );
        assert!(
            !masked.contains(&format!("555 010 {k:04}")),
            "phone {k} leaked"
        );
    }
    // The user's explicit choice: raw values.
    let raw = out(&["--pii", "raw"]);
    assert!(raw.contains("user0@example.org"));
}

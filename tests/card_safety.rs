//! The model card is safe to paste into a wiki: rendered by a real CommonMark + GFM renderer
//! (comrak, with tables, autolinks, strikethrough and raw HTML allowed), no link, image or tag
//! comes from the data, no table is broken, and hidden characters are shown as `U+XXXX` in
//! every export.
//!
//! The files are hostile on purpose: header names, categories and file names carry
//! `<script>`, `[x](javascript:alert(1))`, images, bare URLs, e-mail addresses, `|`, backticks
//! and the right-to-left override U+202E. The CLI is run on them as a user would.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Hostile texts, each used as a header and as a category.
const EVIL: &[&str] = &[
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "https://evil.example/path",
    "www.evil.example",
    "user@evil.example",
    "a|b",
    "`",
    "tick`name",
    "cod\u{202e}exe.txt",
    "<img src=x onerror=alert(1)>",
    "~~strike~~ **bold** _em_ {{mono}} !image.png!",
];

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A reference and a production file where every hostile text is a column that drifts (a
/// numeric shift), a category that is new in production, and a constant column (listed under
/// "Columns not tested").
fn write_pair(
    dir: &Path,
    ref_name: &str,
    prod_name: &str,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let n = 300;
    let mut header: Vec<String> = vec!["id".into(), "segment".into()];
    for (i, e) in EVIL.iter().enumerate() {
        header.push(quote(&format!("{e} {i}")));
    }
    header.push(quote(&format!("{} const", EVIL[0])));
    header.push("target".into());
    header.push("prediction".into());
    let mut reference = header.join(",") + "\n";
    let mut production = reference.clone();
    for r in 0..n {
        for (side, out) in [(0, &mut reference), (1, &mut production)] {
            let mut row = vec![r.to_string()];
            let seg = if side == 0 {
                ["alpha", "beta"][r % 2].to_string()
            } else {
                EVIL[r % EVIL.len()].to_string()
            };
            row.push(quote(&seg));
            for i in 0..EVIL.len() {
                let x = ((r * 37 + i * 11) % 97) as f64 / 10.0 + side as f64 * 30.0;
                row.push(format!("{x}"));
            }
            row.push(quote(if side == 0 { "same" } else { "other" }));
            let y = (r * 7 % 3 == 0) as u8;
            let p = if side == 0 { y } else { (r % 2) as u8 };
            row.push(y.to_string());
            row.push(p.to_string());
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    let (rp, pp) = (dir.join(ref_name), dir.join(prod_name));
    std::fs::write(&rp, reference).unwrap();
    std::fs::write(&pp, production).unwrap();
    (rp, pp)
}

/// Every tag name in rendered HTML.
fn tags(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let mut j = i + 1;
            if j < b.len() && b[j] == b'/' {
                j += 1;
            }
            let start = j;
            while j < b.len() && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            out.insert(html[start..j].to_ascii_lowercase());
        }
        i += 1;
    }
    out
}

fn gfm(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.strikethrough = true;
    o.render.r#unsafe = true;
    comrak::markdown_to_html(md, &o)
}

#[test]
fn the_card_of_hostile_files_renders_with_no_link_image_or_tag_from_the_data() {
    let dir = std::env::temp_dir().join(format!("driftcard-card-safety-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (rp, pp) = write_pair(
        &dir,
        "ref`[x](javascript:alert(1)).csv",
        "prod\u{202e}vsc.csv",
    );
    let card = dir.join("card.md");
    let json = dir.join("report.json");
    let html_out = dir.join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_driftcard"))
        .arg("report")
        .arg("--reference")
        .arg(&rp)
        .arg("--production")
        .arg(&pp)
        .arg("--card")
        .arg(&card)
        .arg("--json")
        .arg(&json)
        .arg("--html")
        .arg(&html_out)
        .arg("--top-rows")
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(&card).unwrap();
    let report = std::fs::read_to_string(&json).unwrap();
    let html_report = std::fs::read_to_string(&html_out).unwrap();
    std::fs::remove_dir_all(&dir).ok();

    // The data did reach the card: every hostile column drifted and is in the table, the new
    // categories and the constant column are listed, and so are both file names.
    assert!(md.contains("### Drifted features"), "{md}");
    assert!(md.contains("new categories"), "{md}");
    assert!(md.contains("### Columns not tested"), "{md}");
    assert!(md.contains("U+202E"), "{md}");

    let html = gfm(&md);
    let allowed: BTreeSet<String> = [
        "h2", "h3", "p", "ul", "li", "strong", "code", "table", "thead", "tbody", "tr", "th", "td",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let found = tags(&html);
    let extra: Vec<_> = found.difference(&allowed).collect();
    assert!(extra.is_empty(), "tags from the data: {extra:?}\n{html}");
    for bad in ["<a ", "<img", "<script", "<del", "<em"] {
        assert!(!html.contains(bad), "{bad} in\n{html}");
    }
    // Hidden characters never reach an export.
    assert!(!md.contains('\u{202e}'));
    assert!(!report.contains('\u{202e}') && !report.contains("\\u202e"));
    assert!(report.contains("U+202E"));

    // The HTML report escapes the same texts: no tag, link or image came from the data.
    let lower = html_report.to_ascii_lowercase();
    for a in lower.split("<a ").skip(1) {
        assert!(
            a.starts_with("href=\"#"),
            "a link out of the file: {}",
            &a[..a.len().min(60)]
        );
    }
    for bad in ["<script", "<img", "javascript:alert"] {
        // `javascript:alert` may appear as text, never inside an attribute.
        if bad == "javascript:alert" {
            assert!(!lower.contains("href=\"javascript"), "{bad}");
        } else {
            assert!(!lower.contains(bad), "{bad} in the HTML report");
        }
    }
    assert!(html_report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html_report.contains('\u{202e}') && html_report.contains("U+202E"));

    // Every row of the drifted-features table has its 7 cells: no `|` from the data split one.
    let table = html
        .split("<table>")
        .nth(1)
        .expect("a table")
        .split("</table>")
        .next()
        .unwrap();
    let rows: Vec<&str> = table.split("<tr>").skip(1).collect();
    assert!(rows.len() > EVIL.len(), "{} rows", rows.len());
    for r in &rows {
        let cells = r.matches("<td").count() + r.matches("<th").count();
        assert_eq!(cells, 7, "{r}");
    }
    // Each hostile header is shown literally (as text) in a cell.
    for (i, e) in EVIL.iter().enumerate() {
        let shown = e
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\u{202e}', "U+202E");
        let shown = format!("{shown} {i}");
        // GFM renders the text of `://` defanged as `[:]//`, `www.` as `www[.]`.
        let shown = shown
            .replace("://", "[:]//")
            .replace("www.", "www[.]")
            .replace("@evil.example", "@evil[.]example");
        assert!(
            html.contains(&shown),
            "{shown} not shown literally in\n{html}"
        );
    }
}

#[test]
fn the_renderer_in_this_test_does_make_links_and_tags_from_unescaped_text() {
    // The check above can fail: the same texts, unescaped, do produce links, images and tags.
    let raw = EVIL.join("\n\n");
    let found = tags(&gfm(&raw));
    for t in ["a", "img", "script", "del", "strong", "em"] {
        assert!(found.contains(t), "{t} missing from {found:?}");
    }
}

//! Files without a header row (SPEC §2): a first line that is data, not names.
//!
//! Tools write CSVs without a header (`df.to_csv(header=False)`, `np.savetxt`, scikit-learn's
//! bundled `iris.csv` without its first line), and a user drops them as they are. Read naively, the
//! first data row becomes the column names: the two files then share only the names that happen to
//! be equal numbers, and the report silently tests one column (`1.4`) of five. Instead:
//!
//! - [`first_line_is_data`] decides, from the first line alone, that it is data: every field is a
//!   number, and at least one is not a plain run of digits (`5.1`, `-3`, `1e5`) or two are equal.
//!   Headers made of integers (`0,1,2` from pandas, years `2019,2020`) stay names.
//! - The loader then names the columns `column_1` … `column_N` by position, reads the first line as
//!   the first data row (row 1) and says so in a warning ([`Table::headerless`] is set).
//! - [`pair_headers`]: when only one file of the pair had no header and both have the same number
//!   of columns, that file takes the other's names by position, and its warning says so. When both
//!   have none, `column_1` … already match by position.
//!
//! Layer 2 (data).

use super::{NumberStyle, Table, Warning};

/// `true` when the first line of a file is data rather than a header: some (trimmed) field is a
/// finite number written other than as a plain run of ASCII digits (`5.1`, `-3`, `1e5`, `12 %`,
/// `3,5` in a decimal-comma file), which no header names a column, or every field is a plain
/// integer and two are equal (a header names each column once). Text fields beside the numbers
/// (`5.1,3.5,Iris-setosa`) do not make it a header.
pub fn first_line_is_data(fields: &[String], style: NumberStyle) -> bool {
    let trimmed: Vec<&str> = fields
        .iter()
        .map(|f| super::parse::trim_cell(f).0)
        .collect();
    let number = |f: &str| is_number(f, style);
    let plain = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    if trimmed.iter().any(|f| number(f) && !plain(f)) {
        return true;
    }
    if trimmed.is_empty() || !trimmed.iter().all(|f| plain(f)) {
        return false;
    }
    let mut seen = trimmed;
    seen.sort_unstable();
    seen.windows(2).any(|w| w[0] == w[1])
}

/// `true` when every field of the first line is a number and the same line comes again later
/// in `body` (the head of the file): a header names columns, and a row of numbers that recurs is
/// data (lifelines' `gehan.dat` starts `2 6 1`, and so do its next two rows).
pub fn first_line_recurs(body: &[u8], fields: &[String], style: NumberStyle) -> bool {
    let number = |f: &String| is_number(super::parse::trim_cell(f).0, style);
    if fields.is_empty() || !fields.iter().all(number) {
        return false;
    }
    let mut lines = body
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let Some(first) = lines.next().filter(|l| !l.is_empty()) else {
        return false;
    };
    lines.any(|l| l == first)
}

/// The warning of a file whose header has one name fewer than its rows have fields: the first
/// column, unnamed, is read as `column_1` (row names; the row-number rule may then make it the
/// row id).
pub fn row_names_warning(file: &str, names: usize) -> Warning {
    Warning {
        file: file.to_owned(),
        row: Some(1),
        column: None,
        message: format!(
            "the header names {names} columns but every row has {}: the first column has no name (row names, as R's write.table writes them, or an unnamed index) and is read as `column_1`",
            names + 1
        ),
    }
}

/// Comment lines at the top of a file, before its header (Google Analytics exports, a tool's
/// "# exported on …" preamble, `np.savetxt(header=…)`, which writes the names as `# a,b,c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comments {
    /// How many lines start with `#`.
    pub lines: usize,
    /// Bytes of the comment lines and of the blank lines among and after them.
    pub len: usize,
    /// Where the last comment line's text starts (after its `#`s and spaces).
    pub last_text: usize,
}

/// The lines at the start of `body` that begin with `#` (blank lines among and after them
/// included), when there are any and a line that is not one follows them in `body`. A `#`
/// followed by a delimiter (`#,Name,Type 1`: a column named `#`) starts a header, not a comment.
pub fn leading_comments(body: &[u8]) -> Option<Comments> {
    let (mut pos, mut lines, mut last_text) = (0usize, 0usize, 0usize);
    loop {
        let rest = body.get(pos..)?;
        let end = pos + rest.iter().position(|&b| b == b'\n')? + 1;
        let line = body.get(pos..end)?;
        if line.iter().all(u8::is_ascii_whitespace) {
            if lines == 0 {
                return None;
            }
        } else if line.first() == Some(&b'#')
            && !matches!(line.get(1), Some(b',' | b';' | b'\t' | b'|'))
        {
            lines += 1;
            let skip = line
                .iter()
                .position(|&b| b != b'#' && b != b' ')
                .unwrap_or(line.len());
            last_text = pos + skip;
        } else {
            return (lines > 0).then_some(Comments {
                lines,
                len: pos,
                last_text,
            });
        }
        pos = end;
    }
}

/// The warning of a file that starts with comment lines; `names` when the last one holds the
/// column names.
pub fn comments_warning(file: &str, lines: usize, names: bool) -> Warning {
    let what = match lines {
        1 => "the first line starts".to_owned(),
        n => format!("the first {n} lines start"),
    };
    Warning {
        file: file.to_owned(),
        row: None,
        column: None,
        message: if names {
            format!("{what} with `#`: comments, not data; the last one names the columns (as `np.savetxt` writes a header)")
        } else {
            format!("{what} with `#`: comments before the header, not read as data")
        },
    }
}

/// `true` for a (trimmed) field that is a finite number with at least one digit in `style`.
fn is_number(f: &str, style: NumberStyle) -> bool {
    f.bytes().any(|b| b.is_ascii_digit()) && style.parse(f).is_some_and(|(v, _)| v.is_finite())
}

/// The names of a file without a header: `column_1` … `column_n`.
pub fn positional_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("column_{i}")).collect()
}

/// The warning of a file read without a header row with `n` columns (it quotes no cell: the
/// first line is data, and exports carry no row).
pub fn headerless_warning(file: &str, n: usize) -> Warning {
    let names = match n {
        1 => "`column_1`".to_owned(),
        2 => "`column_1` and `column_2`".to_owned(),
        _ => format!("`column_1` … `column_{n}`"),
    };
    Warning {
        file: file.to_owned(),
        row: Some(1),
        column: None,
        message: format!(
            "no header row: the first line holds numbers like a data row, not column names, so it is read as row 1 and the columns are named {names} by position"
        ),
    }
}

/// When exactly one of the two files had no header row and both have the same number of columns,
/// the one without takes the other's column names by position (its warning says so). Otherwise
/// nothing changes. Idempotent.
pub fn pair_headers(reference: &mut Table, production: &mut Table) {
    let (from, to) = match (reference.headerless, production.headerless) {
        (false, true) => (&*reference, production),
        (true, false) => (&*production, reference),
        _ => return,
    };
    if from.columns.len() != to.columns.len()
        || to
            .columns
            .iter()
            .zip(&from.columns)
            .all(|(a, b)| a.name == b.name)
    {
        return;
    }
    for (c, named) in to.columns.iter_mut().zip(&from.columns) {
        c.name.clone_from(&named.name);
    }
    let source = from.name.clone();
    // Column-named warnings (invalid cells, …) follow the new names.
    let names: Vec<String> = to.columns.iter().map(|c| c.name.clone()).collect();
    for w in &mut to.warnings {
        if let Some(i) = w
            .column
            .as_deref()
            .and_then(|c| c.strip_prefix("column_"))
            .and_then(|k| k.parse::<usize>().ok())
            .and_then(|k| k.checked_sub(1))
        {
            if let Some(n) = names.get(i) {
                w.column = Some(n.clone());
            }
        }
        if w.row == Some(1) && w.message.starts_with("no header row") {
            w.message = format!(
                "no header row: the first line holds numbers like a data row, not column names, so it is read as row 1 and the {} columns take the names of {} by position",
                names.len(),
                super::clip(&source)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_table;

    fn fields(s: &str) -> Vec<String> {
        s.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn a_first_line_of_numbers_that_recurs_is_data() {
        let style = NumberStyle::default();
        let body = b"2 6 1\r\n2 6 1\r\n2 7 1\r\n";
        assert!(first_line_recurs(body, &fields("2,6,1"), style));
        // Not when it does not recur, or when a field is a name.
        assert!(!first_line_recurs(
            b"2 6 1\n2 7 1\n",
            &fields("2,6,1"),
            style
        ));
        assert!(!first_line_recurs(b"a,1\na,1\n", &fields("a,1"), style));
        let t = read_table("g.dat", &b"2 6 1\n2 6 1\n2 7 0\n"[..], &mut |_| {}).unwrap();
        assert!(t.headerless);
        assert_eq!(t.rows, 3);
    }

    #[test]
    fn numbers_with_decimals_signs_or_repeats_are_data_and_names_are_not() {
        let style = NumberStyle::default();
        for data in [
            "5.1,3.5,1.4,0.2,0",
            "5.1,3.5,1.4,0.2,Iris-setosa",
            "-3,4",
            "1e5,2",
            "0.5",
            "1,1,0",
            " 2.5 , 3",
            "12 %,3",
            "2024-01-05T10:00:00,0.93,1",
        ] {
            assert!(first_line_is_data(&fields(data), style), "{data}");
        }
        for header in [
            "a,b",
            "0,1,2",
            "2019,2020,2021",
            "",
            "inf,b",
            "7",
            "id",
            "x,,y",
            "v1,v2",
        ] {
            assert!(!first_line_is_data(&fields(header), style), "{header}");
        }
        // Decimal commas in a `;` file.
        let comma = NumberStyle {
            decimal_comma: true,
        };
        let f: Vec<String> = "5,1;3,5".split(';').map(str::to_owned).collect();
        assert!(first_line_is_data(&f, comma));
    }

    #[test]
    fn a_file_without_header_keeps_its_first_row_and_says_so() {
        let t = read_table(
            "iris.csv",
            "5.1,3.5,setosa\n4.9,x,setosa\n".as_bytes(),
            &mut |_| {},
        )
        .unwrap();
        assert!(t.headerless);
        assert_eq!(t.rows, 2);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["column_1", "column_2", "column_3"]);
        assert_eq!(
            t.column("column_1").unwrap().numbers.as_ref().unwrap()[..],
            [5.1, 4.9]
        );
        let w = &t.warnings[0];
        assert_eq!(w.row, Some(1));
        assert!(w.message.starts_with("no header row"), "{}", w.message);
        assert!(
            w.message.contains("`column_1` … `column_3`"),
            "{}",
            w.message
        );
        // Rows keep the numbers a spreadsheet shows: `x` is on line 2, which is row 2 here.
        let col = t.column("column_2").unwrap();
        assert_eq!(col.number_invalid.count, 1);
        assert_eq!(col.number_invalid.first[0].0, 2);
        // A file with a header is unchanged.
        let t = read_table("h.csv", "a,b\n1.5,2\n".as_bytes(), &mut |_| {}).unwrap();
        assert!(!t.headerless);
        assert_eq!(t.rows, 1);
    }

    #[test]
    fn one_file_without_header_takes_the_others_names_by_position() {
        let read = |n: &str, s: &str| read_table(n, s.as_bytes(), &mut |_| {}).unwrap();
        let mut r = read("reference.csv", "sepal,petal,kind\n5.1,1.4,a\n4.9,1.3,b\n");
        let mut p = read("production.csv", "6.3,x,a\n5.8,5.1,b\n");
        pair_headers(&mut r, &mut p);
        let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["sepal", "petal", "kind"]);
        assert!(p.warnings.iter().any(|w| w
            .message
            .contains("take the names of reference.csv by position")));
        // The invalid cell's warning follows its column's new name.
        assert!(p.warnings.iter().all(|w| w
            .column
            .as_deref()
            .is_none_or(|c| !c.starts_with("column_"))));
        let before = (names.join(","), p.warnings.clone());
        let names = names.join(",");
        pair_headers(&mut r, &mut p);
        let again: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!((again.join(","), p.warnings.clone()), before);
        assert_eq!(names, "sepal,petal,kind");
        // Different widths: nothing is guessed.
        let mut q = read("production.csv", "6.3,1.5\n5.8,5.1\n");
        pair_headers(&mut r, &mut q);
        assert_eq!(q.columns[0].name, "column_1");
        // Both without a header: positional names already match.
        let mut a = read("a.csv", "1.5,2\n");
        let mut b = read("b.csv", "2.5,3\n");
        pair_headers(&mut a, &mut b);
        assert_eq!(a.columns[1].name, b.columns[1].name);
    }
}

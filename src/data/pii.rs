//! Personal data in a column (issue 10: "PII kept out"): which columns hold e-mail addresses,
//! phone numbers, IP addresses, payment-card numbers, national-id-like codes or person names,
//! and how one of their values is masked or hashed before it leaves the page in an export.
//!
//! Detection reads the header ([`super::names::tokens`]) and up to [`SAMPLE`] distinct
//! non-missing values as written (a column read as numbers is checked through its text, so a
//! phone or card column written as plain digits is found when its header names it). A kind is
//! detected when at least [`SHARE`] of the sampled values match its pattern, or
//! [`SHARE_NAMED`] when the header names that kind. Person names and generic letter+digit
//! document numbers are only considered when the header says so; a column whose header says
//! version/release/build is never an IP address or a phone number (`1.2.3.4`).
//!
//! Pure: no I/O, no report types (layer 2).

use sha2::{Digest, Sha256};

/// Distinct values looked at per column.
pub const SAMPLE: usize = 300;
/// Share of sampled values that must match a kind's pattern.
pub const SHARE: f64 = 0.8;
/// The share when the header names the kind (`email`, `phone`, `ssn`, …).
pub const SHARE_NAMED: f64 = 0.5;

/// What personal data a column holds.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// `local@domain.tld`.
    Email,
    /// 7–15 digits with `+ ( ) - .` and spaces.
    Phone,
    /// IPv4 or IPv6.
    IpAddress,
    /// 13–19 digits passing the Luhn check.
    PaymentCard,
    /// US SSN, IBAN, UK NINO, or a document number under a header that names one.
    NationalId,
    /// One to four capitalised words under a header that says name.
    PersonName,
}

impl PiiKind {
    /// Every kind, in the order they are tried (the most specific patterns first).
    pub const ALL: [PiiKind; 6] = [
        PiiKind::Email,
        PiiKind::PaymentCard,
        PiiKind::IpAddress,
        PiiKind::NationalId,
        PiiKind::Phone,
        PiiKind::PersonName,
    ];

    /// The id used in the JSON (`columns[].pii`).
    pub fn id(self) -> &'static str {
        match self {
            PiiKind::Email => "email",
            PiiKind::Phone => "phone",
            PiiKind::IpAddress => "ip_address",
            PiiKind::PaymentCard => "payment_card",
            PiiKind::NationalId => "national_id",
            PiiKind::PersonName => "person_name",
        }
    }

    /// In words, for people.
    pub fn label(self) -> &'static str {
        match self {
            PiiKind::Email => "e-mail",
            PiiKind::Phone => "phone number",
            PiiKind::IpAddress => "IP address",
            PiiKind::PaymentCard => "payment card",
            PiiKind::NationalId => "national id",
            PiiKind::PersonName => "person name",
        }
    }

    /// Its values, in words ("values look like e-mail addresses").
    pub fn plural(self) -> &'static str {
        match self {
            PiiKind::Email => "e-mail addresses",
            PiiKind::Phone => "phone numbers",
            PiiKind::IpAddress => "IP addresses",
            PiiKind::PaymentCard => "payment-card numbers",
            PiiKind::NationalId => "national id numbers",
            PiiKind::PersonName => "person names",
        }
    }

    fn matches(self, v: &str, named: bool) -> bool {
        match self {
            PiiKind::Email => is_email(v),
            PiiKind::Phone => is_phone(v, named),
            PiiKind::IpAddress => is_ipv4(v) || is_ipv6(v),
            PiiKind::PaymentCard => is_card(v),
            PiiKind::NationalId => is_national_id(v, named),
            PiiKind::PersonName => named && is_person_name(v),
        }
    }
}

/// The kind a header names, if any.
pub fn named_kind(header: &str) -> Option<PiiKind> {
    let t = super::names::tokens(header);
    let joined: String = t.concat();
    let has = |w: &str| t.iter().any(|x| x == w);
    if has("email") || has("mail") || joined.contains("email") {
        return Some(PiiKind::Email);
    }
    if [
        "phone",
        "tel",
        "telephone",
        "mobile",
        "cell",
        "fax",
        "msisdn",
    ]
    .iter()
    .any(|w| has(w))
        || joined.contains("phone")
    {
        return Some(PiiKind::Phone);
    }
    if has("ip") || has("ipv4") || has("ipv6") || joined.contains("ipaddr") {
        return Some(PiiKind::IpAddress);
    }
    if ["card", "cc", "pan", "ccn", "creditcard"]
        .iter()
        .any(|w| has(w))
        || joined.contains("cardnumber")
    {
        return Some(PiiKind::PaymentCard);
    }
    if [
        "ssn",
        "nino",
        "nin",
        "passport",
        "iban",
        "tin",
        "sin",
        "nationalid",
        "taxid",
    ]
    .iter()
    .any(|w| has(w))
        || joined.contains("nationalid")
        || joined.contains("taxid")
        || joined.contains("socialsecurity")
        || joined.contains("passport")
    {
        return Some(PiiKind::NationalId);
    }
    if names_a_person(&t) {
        return Some(PiiKind::PersonName);
    }
    None
}

/// `name`, `first_name`, `customer_name`, `surname`, … but not `product_name` or `file_name`.
fn names_a_person(t: &[String]) -> bool {
    const WHOLE: [&str; 7] = [
        "surname",
        "forename",
        "firstname",
        "lastname",
        "fullname",
        "givenname",
        "familyname",
    ];
    const WITH_NAME: [&str; 17] = [
        "first",
        "last",
        "full",
        "given",
        "family",
        "middle",
        "maiden",
        "customer",
        "user",
        "person",
        "client",
        "patient",
        "employee",
        "contact",
        "owner",
        "holder",
        "passenger",
    ];
    if t.iter().any(|x| WHOLE.contains(&x.as_str())) {
        return true;
    }
    let has_name = t.iter().any(|x| x == "name" || x == "names");
    let others: Vec<&String> = t.iter().filter(|x| *x != "name" && *x != "names").collect();
    if has_name {
        return others.iter().all(|x| WITH_NAME.contains(&x.as_str()));
    }
    // `customer`, `client`, `patient` alone: names when the values look like names.
    t.len() == 1 && ["customer", "client", "patient", "passenger"].contains(&t[0].as_str())
}

/// `true` when the header says version/release/build: its dotted numbers are versions.
fn names_a_version(header: &str) -> bool {
    super::names::tokens(header).iter().any(|x| {
        matches!(
            x.as_str(),
            "version" | "ver" | "release" | "build" | "semver" | "v"
        )
    })
}

/// The kind of personal data in a column, with the share of the sampled values that match it:
/// `values` are its distinct values as written (missing tokens are skipped; at most [`SAMPLE`]
/// non-missing ones are read).
pub fn detect<'a>(
    header: &str,
    values: impl IntoIterator<Item = &'a str>,
) -> Option<(PiiKind, f64)> {
    let sample: Vec<&str> = values
        .into_iter()
        .map(str::trim)
        .filter(|v| !super::is_missing(v))
        .take(SAMPLE)
        .collect();
    if sample.is_empty() {
        return None;
    }
    let named = named_kind(header);
    let version = names_a_version(header);
    for kind in PiiKind::ALL {
        if version && matches!(kind, PiiKind::IpAddress | PiiKind::Phone) {
            continue;
        }
        let is_named = named == Some(kind);
        let hits = sample.iter().filter(|v| kind.matches(v, is_named)).count();
        let share = hits as f64 / sample.len() as f64;
        let need = if is_named { SHARE_NAMED } else { SHARE };
        if hits > 0 && share >= need {
            return Some((kind, share));
        }
    }
    None
}

/// Detection over a column of one or both files: the dictionary's values as written, or (a
/// numeric column with too many values for a dictionary) its integral numbers.
pub fn detect_column(header: &str, parts: &[&super::RawColumn]) -> Option<(PiiKind, f64)> {
    let mut seen = std::collections::HashSet::new();
    let mut owned: Vec<String> = Vec::new();
    for c in parts {
        if let Some(d) = &c.dict {
            for v in &d.values {
                if owned.len() >= SAMPLE {
                    break;
                }
                let v = v.trim();
                if !super::is_missing(v) && seen.insert(v.to_owned()) {
                    owned.push(v.to_owned());
                }
            }
        } else if let Some(xs) = &c.numbers {
            // Plain numbers only say phone / card / id under a header that names one.
            named_kind(header)?;
            for &x in xs {
                if owned.len() >= SAMPLE {
                    break;
                }
                if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e19 {
                    let v = format!("{x:.0}");
                    if seen.insert(v.clone()) {
                        owned.push(v);
                    }
                }
            }
        }
    }
    detect(header, owned.iter().map(String::as_str))
}

// ---- patterns -------------------------------------------------------------------------------

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    if local.is_empty()
        || domain.contains('@')
        || !local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(char::is_alphabetic))
}

fn digits(v: &str) -> String {
    v.chars().filter(char::is_ascii_digit).collect()
}

/// Digit groups split at the separators.
fn groups(v: &str, seps: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut n = 0usize;
    for c in v.chars() {
        if c.is_ascii_digit() {
            n += 1;
        } else if seps.contains(c) {
            if n > 0 {
                out.push(n);
            }
            n = 0;
        } else {
            return None;
        }
    }
    if n > 0 {
        out.push(n);
    }
    Some(out)
}

fn is_phone(v: &str, named: bool) -> bool {
    let plus = v.starts_with('+');
    let body = if plus { &v[1..] } else { v };
    if !body
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '(')
    {
        return false;
    }
    let Some(g) = groups(body, " -.()") else {
        return false;
    };
    let n: usize = g.iter().sum();
    if !(7..=15).contains(&n) {
        return false;
    }
    // Dates (2024-01-15, 15.01.2024, 20240115 under no phone header) are not phones.
    if g.len() == 3
        && ((g[0] == 4 && g[1] <= 2 && g[2] <= 2) || (g[0] <= 2 && g[1] <= 2 && g[2] == 4))
    {
        return false;
    }
    if named {
        return true;
    }
    // Without a phone header: a `+`, brackets, or at least three digit groups (not a plain
    // number, a decimal or a ZIP+4 code).
    plus || body.contains('(') || g.len() >= 3
}

fn is_ipv4(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|x| x <= 255)
        })
}

fn is_ipv6(v: &str) -> bool {
    if !v.contains(':') || v.matches("::").count() > 1 {
        return false;
    }
    let compressed = v.contains("::");
    let parts: Vec<&str> = v.split(':').collect();
    let groups: Vec<&&str> = parts.iter().filter(|p| !p.is_empty()).collect();
    let ok = groups
        .iter()
        .all(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_hexdigit()));
    ok && if compressed {
        groups.len() <= 7
    } else {
        groups.len() == 8
    }
}

/// The Luhn check of a digit string.
pub fn luhn(d: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in d.chars().rev().enumerate() {
        let Some(mut x) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            x *= 2;
            if x > 9 {
                x -= 9;
            }
        }
        sum += x;
    }
    sum % 10 == 0
}

fn is_card(v: &str) -> bool {
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return false;
    }
    let d = digits(v);
    (13..=19).contains(&d.len()) && !d.starts_with('0') && luhn(&d)
}

fn is_ssn(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 11
        && b[3] == b'-'
        && b[6] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 3 || i == 6 || c.is_ascii_digit())
}

fn is_iban(v: &str) -> bool {
    let s: String = v.chars().filter(|c| *c != ' ').collect();
    let b = s.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[0].is_ascii_uppercase()
        || !b[1].is_ascii_uppercase()
        || !b[2].is_ascii_digit()
        || !b[3].is_ascii_digit()
        || !b
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    // ISO 13616 check digits: the rearranged number mod 97 is 1.
    let mut rem = 0u32;
    for &c in b[4..].iter().chain(&b[..4]) {
        let x = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if x >= 10 {
            (rem * 100 + x) % 97
        } else {
            (rem * 10 + x) % 97
        };
    }
    rem == 1
}

fn is_nino(v: &str) -> bool {
    let s: String = v.chars().filter(|c| *c != ' ').collect();
    let b = s.as_bytes();
    b.len() == 9
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&b[8])
}

fn is_national_id(v: &str, named: bool) -> bool {
    if is_ssn(v) || is_iban(v) || is_nino(v) {
        return true;
    }
    // Under a header naming an id document: 6–20 letters and digits (dashes, spaces) with at
    // least one digit (`AB1234567`, `123456789`).
    named && {
        let core: String = v.chars().filter(|c| *c != '-' && *c != ' ').collect();
        (6..=20).contains(&core.len())
            && core.chars().all(|c| c.is_ascii_alphanumeric())
            && core.chars().any(|c| c.is_ascii_digit())
    }
}

fn is_person_name(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| matches!(c, ',' | '.' | '(' | ')' | '"'));
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '.')
        })
}

// ---- masking --------------------------------------------------------------------------------

/// The masked form of a value of a column holding `kind`: e-mail `j***@e***.com`, card
/// `**** **** **** 1111`, name `J*** D***`, anything else its first and last character around
/// `***`. Never contains the value itself (a value of one or two characters becomes `***`).
pub fn mask(kind: PiiKind, v: &str) -> String {
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    match kind {
        PiiKind::Email => {
            if let Some((local, domain)) = v.split_once('@') {
                let tld = domain.rsplit_once('.').map_or("", |(_, t)| t);
                return format!("{}***@{}***.{tld}", first(local), first(domain));
            }
        }
        PiiKind::PaymentCard => {
            let d = digits(v);
            if d.len() >= 12 {
                return format!("**** **** **** {}", &d[d.len() - 4..]);
            }
        }
        PiiKind::PersonName => {
            let words: Vec<String> = v
                .split_whitespace()
                .map(|w| {
                    format!(
                        "{}***",
                        first(w.trim_start_matches(|c: char| !c.is_alphanumeric()))
                    )
                })
                .collect();
            if !words.is_empty() {
                return words.join(" ");
            }
        }
        _ => {}
    }
    let cs: Vec<char> = v.chars().collect();
    if cs.len() <= 2 {
        return "***".into();
    }
    format!("{}***{}", cs[0], cs[cs.len() - 1])
}

/// Free text (an LLM's input or answer) with every personal value found in it masked as
/// [`mask`] does: e-mail addresses, IP addresses, SSN / IBAN / NINO codes, and runs of digit
/// groups that read as a phone or payment-card number. Any other run of 9 or more digits (an
/// account or policy number) becomes `***`. Returns the text and the number of values masked.
///
/// # Remarks
/// Person names inside free text cannot be told from other capitalised words and are left as
/// they are; the exports say so. Whitespace is kept as written. A text of one word is a value,
/// not a sentence: there a dotted quad may be a version (`10.1.2.30`) and a long number a label,
/// so only the unambiguous kinds (e-mail, card, phone, id codes) are masked; whole columns of
/// IP addresses are found by [`detect_column`].
pub fn redact_text(text: &str) -> (String, usize) {
    let is_digitish = |t: &str| {
        t.chars().any(|c| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c))
    };
    // Split into words and the whitespace between them, keeping both.
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let sp = c.is_whitespace();
        if in_space.is_some_and(|s| s != sp) {
            parts.push(&text[start..i]);
            start = i;
        }
        in_space = Some(sp);
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    let word = |p: &str| !p.starts_with(char::is_whitespace);
    let sentence = parts.iter().filter(|p| word(p)).count() > 1;
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        if !word(p) {
            out.push_str(p);
            i += 1;
            continue;
        }
        // A run of digit groups separated by single spaces: "+1 (555) 123 4567".
        let core = p.trim_end_matches(|c: char| ",;:!?\"'`".contains(c));
        if is_digitish(core) {
            let mut j = i;
            let mut end = i;
            while j + 2 < parts.len()
                && is_digitish(parts[j + 2].trim_end_matches(|c: char| ",;:!?.\"'".contains(c)))
                && parts[j + 1] == " "
            {
                j += 2;
                end = j;
            }
            let last = parts[end];
            let last_core = last.trim_end_matches(|c: char| ",;:!?.\"'".contains(c));
            let run: String = parts[i..end].concat() + last_core;
            let tail = &last[last_core.len()..];
            let run_trim = run.trim_end_matches('.');
            if is_card(run_trim) {
                out.push_str(&mask(PiiKind::PaymentCard, run_trim));
                out.push_str(&run[run_trim.len()..]);
                out.push_str(tail);
                n += 1;
                i = end + 1;
                continue;
            }
            if is_phone(run_trim, false) || (sentence && digits(run_trim).len() >= 9) {
                out.push_str(&mask(PiiKind::Phone, run_trim));
                out.push_str(&run[run_trim.len()..]);
                out.push_str(tail);
                n += 1;
                i = end + 1;
                continue;
            }
        }
        let lead = p.len()
            - p.trim_start_matches(|c: char| "([<\"'`«“‘".contains(c))
                .len();
        let body = &p[lead..];
        let core = body.trim_end_matches(|c: char| ",;:!?.)]>\"'`»”’".contains(c));
        let kind = [PiiKind::Email, PiiKind::IpAddress, PiiKind::NationalId]
            .into_iter()
            .filter(|&k| sentence || k != PiiKind::IpAddress)
            .find(|k| k.matches(core, false));
        if let Some(k) = kind {
            out.push_str(&p[..lead]);
            out.push_str(&mask(k, core));
            out.push_str(&body[core.len()..]);
            n += 1;
        } else {
            out.push_str(p);
        }
        i += 1;
    }
    (out, n)
}

/// `h:` and the first 10 hex digits of SHA-256(salt ‖ value): the same value gives the same
/// hash in every file and export made with the same salt.
pub fn hash(salt: &str, v: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(v.as_bytes());
    let d = h.finalize();
    let mut s = String::from("h:");
    for b in d.iter().take(5) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_personal_values_inside_free_text() {
        let (t, n) = redact_text(
            "Mail jane.doe@example.com or call +1 (555) 123-4567, card 4111 1111 1111 1111.",
        );
        assert_eq!(n, 3, "{t}");
        assert!(
            !t.contains("jane.doe") && !t.contains("555") && !t.contains("4111 1111"),
            "{t}"
        );
        assert!(t.contains("**** **** **** 1111."), "{t}");
        assert!(t.starts_with("Mail j***@e***.com or call "), "{t}");
        // Ordinary numbers, dates and words stay.
        let s = "The answer is 42, not 3.14; see 2024-01-15 and version 1.2.";
        assert_eq!(redact_text(s), (s.to_owned(), 0));
        let (t, n) = redact_text("policy 123456789012 from 10.0.0.12");
        assert_eq!(n, 2, "{t}");
        assert!(
            !t.contains("123456789012") && !t.contains("10.0.0.12"),
            "{t}"
        );
        assert_eq!(redact_text("  a\tb  "), ("  a\tb  ".to_owned(), 0));
        // One word is a value: a version or a long label stays; an address does not.
        assert_eq!(redact_text("10.1.2.30"), ("10.1.2.30".to_owned(), 0));
        assert_eq!(redact_text("123456789012"), ("123456789012".to_owned(), 0));
        assert_eq!(redact_text("ann@example.com").1, 1);
        assert_eq!(
            redact_text("new categories (`ann@example.com`, «bo@x.org»)").0,
            "new categories (`a***@e***.com`, «b***@x***.org»)"
        );
    }

    fn kind(header: &str, values: &[&str]) -> Option<PiiKind> {
        detect(header, values.iter().copied()).map(|(k, _)| k)
    }

    #[test]
    fn emails() {
        let v = ["john.doe@example.com", "a@b.co", "x+tag@mail.example.org"];
        assert_eq!(kind("contact", &v), Some(PiiKind::Email));
        assert_eq!(kind("x", &["not an email", "a@b", "@example.com"]), None);
        assert_eq!(
            mask(PiiKind::Email, "john.doe@example.com"),
            "j***@e***.com"
        );
    }

    #[test]
    fn phones_and_their_look_alikes() {
        let v = [
            "+1 555-123-4567",
            "(555) 987-6543",
            "555.123.4567",
            "+44 20 7946 0958",
        ];
        assert_eq!(kind("contact", &v), Some(PiiKind::Phone));
        // Plain digits are phones only under a phone header.
        assert_eq!(kind("x", &["5551234567", "5559876543"]), None);
        assert_eq!(
            kind("phone", &["5551234567", "5559876543"]),
            Some(PiiKind::Phone)
        );
        assert_eq!(kind("mobile_nr", &["5551234567"]), Some(PiiKind::Phone));
        // Prices, zip codes, ZIP+4, dates, times, decimals, negative numbers.
        assert_eq!(kind("price", &["12.50", "1,234.99", "1999.00"]), None);
        assert_eq!(kind("zip", &["12345", "90210", "02139"]), None);
        assert_eq!(kind("zip4", &["12345-6789", "90210-1234"]), None);
        assert_eq!(
            kind("day", &["2024-01-15", "2023-12-31", "15.01.2024"]),
            None
        );
        assert_eq!(kind("t", &["12:30:00", "08:15:59"]), None);
        assert_eq!(kind("x", &["1234567.89", "-1234567", "7654321"]), None);
        assert_eq!(mask(PiiKind::Phone, "+1 555-123-4567"), "+***7");
    }

    #[test]
    fn ip_addresses_but_not_versions() {
        let v = ["192.168.1.10", "10.0.0.1", "2001:db8::8a2e:370:7334", "::1"];
        assert_eq!(kind("client", &v), Some(PiiKind::IpAddress));
        assert_eq!(kind("src_ip", &["8.8.8.8"]), Some(PiiKind::IpAddress));
        assert_eq!(kind("x", &["256.1.1.1", "1.2.3", "12:30:00"]), None);
        // Versions: a header saying version is never an IP; 3-part versions never match.
        assert_eq!(kind("model_version", &["1.2.3.4", "1.2.3.5"]), None);
        assert_eq!(kind("release", &["1.2.3", "2.0.1"]), None);
        assert_eq!(kind("x", &["1.2.3", "2.0.10"]), None);
    }

    #[test]
    fn cards_pass_luhn() {
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
        assert_eq!(
            kind("x", &["4111 1111 1111 1111"]),
            Some(PiiKind::PaymentCard)
        );
        assert_eq!(kind("x", &["4111 1111 1111 1112"]), None);
        assert_eq!(
            kind(
                "payment",
                &[
                    "4111-1111-1111-1111",
                    "5500 0000 0000 0004",
                    "340000000000009"
                ]
            ),
            Some(PiiKind::PaymentCard)
        );
        assert_eq!(
            mask(PiiKind::PaymentCard, "4111 1111 1111 1111"),
            "**** **** **** 1111"
        );
    }

    #[test]
    fn national_ids() {
        assert_eq!(
            kind("x", &["123-45-6789", "987-65-4321"]),
            Some(PiiKind::NationalId)
        );
        assert_eq!(
            kind("x", &["GB82 WEST 1234 5698 7654 32"]),
            Some(PiiKind::NationalId)
        );
        assert_eq!(kind("x", &["GB82 WEST 1234 5698 7654 33"]), None);
        assert_eq!(
            kind("x", &["AB123456C", "QQ 12 34 56 A"]),
            Some(PiiKind::NationalId)
        );
        // Letter+digit codes are ids only under a document header.
        assert_eq!(kind("sku", &["AB1234567", "XY7654321"]), None);
        assert_eq!(
            kind("passport_no", &["AB1234567", "XY7654321"]),
            Some(PiiKind::NationalId)
        );
        assert_eq!(kind("ssn", &["123456789"]), Some(PiiKind::NationalId));
        assert_eq!(mask(PiiKind::NationalId, "123-45-6789"), "1***9");
    }

    #[test]
    fn names_only_under_a_name_header() {
        let v = [
            "John Smith",
            "Mary Ann Jones",
            "Li Wu",
            "Braund, Mr. Owen Harris",
        ];
        assert_eq!(kind("Name", &v), Some(PiiKind::PersonName));
        assert_eq!(kind("customer_name", &v), Some(PiiKind::PersonName));
        assert_eq!(kind("city", &v), None);
        assert_eq!(kind("product_name", &["Widget Pro", "Gadget"]), None);
        assert_eq!(kind("name", &["widget-1", "gadget 2"]), None);
        assert_eq!(mask(PiiKind::PersonName, "John Doe"), "J*** D***");
    }

    #[test]
    fn ordinary_columns_are_not_pii() {
        assert_eq!(kind("color", &["red", "blue", "green"]), None);
        assert_eq!(kind("age", &["31", "45", "22"]), None);
        assert_eq!(kind("Sex", &["male", "female"]), None);
        assert_eq!(kind("Ticket", &["A/5 21171", "PC 17599", "113803"]), None);
        assert_eq!(kind("x", &[]), None);
        assert_eq!(kind("x", &["NA", "", "null"]), None);
    }

    #[test]
    fn hashes_are_salted_and_stable() {
        let a = hash("s1", "john@example.com");
        assert_eq!(a, hash("s1", "john@example.com"));
        assert_ne!(a, hash("s2", "john@example.com"));
        assert!(a.starts_with("h:") && a.len() == 12);
        // SHA-256("abc") = ba7816bf8f…
        assert_eq!(hash("", "abc"), "h:ba7816bf8f");
        assert_eq!(hash("a", "bc"), "h:ba7816bf8f");
    }

    #[test]
    fn masks_never_contain_the_value() {
        for (k, v) in [
            (PiiKind::Phone, "12"),
            (PiiKind::NationalId, "AB"),
            (PiiKind::PersonName, "Al"),
            (PiiKind::Email, "ab@cd.io"),
        ] {
            assert!(!mask(k, v).contains(v), "{k:?} {v}");
        }
    }
}

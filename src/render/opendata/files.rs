//! The open data files: each filled dataset as CSV, JSON and `.xlsx` ([`super::xlsx`]), and the
//! manifest with the SHA-256 of every file.
//!
//! The files are a pure function of the tables: records in the model's (sorted) order, keys in
//! the columns' order, no timestamps, so rebuilds are byte-identical.
//!
//! CSV: UTF-8 without BOM, comma-separated, RFC 4180 quoting, CRLF line ends, one header row;
//! lists inside a cell are joined with `; `; empty cell = no value; a text cell starting with
//! `=`, `+`, `-`, `@`, tab or CR starts with `'` ([`spreadsheet_text`], against CSV injection),
//! while numbers we write ourselves (amounts, counts, also negative ones) stay numbers. JSON: an object
//! `{"dataset", "title", "count", "fields", "records"}`, records with every field (`null` = no
//! value).
//!
//! Both are written by hand into a `String`, which cannot fail: the CSV with the `csv` crate's
//! rules (quote a cell holding `,`, `"`, CR or LF; double the quotes inside; a record made of one
//! empty cell is `""`), the JSON so keys keep the columns' order whatever serde_json's map type
//! is. Nothing here returns an error, so none is ignored.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::table::{Dataset, Field, FileEntry, Filled};
use super::xlsx::to_xlsx;

/// The site path of the open data page and files.
pub(crate) const ROOT: &str = "/du-lieu/";

/// Everything the open data stage makes: the files to write and the page's data.
#[derive(Debug, Default)]
pub(crate) struct OpenData {
    /// Datasets with their files' hashes.
    pub(crate) datasets: Vec<Dataset>,
    /// (output path, bytes), the manifest last.
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

/// Writes each dataset as CSV, JSON and `.xlsx`, then the manifest (`du-lieu/manifest.json`);
/// `absolute` turns a site path into the address the manifest lists. Without `with_bytes`, the
/// same paths with empty files (for `check`).
pub(crate) fn write(
    tables: Vec<Filled>,
    absolute: impl Fn(&str) -> String,
    with_bytes: bool,
) -> OpenData {
    let root = ROOT.trim_start_matches('/');
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut datasets = Vec::new();
    for table in tables {
        let (mut d, rows) = table.into_parts();
        let made = if with_bytes {
            [to_csv(&d.fields, &rows), to_json(&d, &rows), to_xlsx(d.name, &d.fields, &rows)]
        } else {
            Default::default()
        };
        for (format, bytes) in ["csv", "json", "xlsx"].into_iter().zip(made) {
            let path = format!("{root}{}.{format}", d.name);
            d.files.push(FileEntry {
                url: format!("/{path}"),
                path: path.clone(),
                format,
                sha256: sha256_hex(&bytes),
                bytes: bytes.len(),
            });
            files.push((path, bytes));
        }
        datasets.push(d);
    }
    files.push((format!("{root}manifest.json"), manifest(&datasets, absolute).into_bytes()));
    OpenData { datasets, files }
}

/// A cell as CSV text: `null` empty, lists joined with `; `; text a spreadsheet would run as a
/// formula made inert by [`spreadsheet_text`] (numbers and booleans are ours and stay as they
/// are: `-2000000` is a number to Excel, not a formula).
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) | Value::Array(_) | Value::Object(_) => spreadsheet_text(&plain(v)),
    }
}

/// A value's text before neutralising: lists joined with `; `.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join("; "),
        _ => v.to_string(),
    }
}

/// Text as it may go into a cell of a file a spreadsheet opens (CSV injection, OWASP's advice):
/// text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
/// Excel, LibreOffice and Google Sheets show it as text instead of running it
/// (`=HYPERLINK(...)`). Every CSV writer goes through here; JSON keeps the text exact.
pub(crate) fn spreadsheet_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// Appends one CSV record (fields quoted only where needed) and its CRLF.
fn csv_record<'s>(out: &mut String, cells: impl IntoIterator<Item = &'s str>) {
    let start = out.len();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    if out.len() == start {
        // A lone empty cell, quoted so the line is not read as no record.
        out.push_str("\"\"");
    }
    out.push_str("\r\n");
}

fn to_csv(fields: &[Field], rows: &[Vec<Value>]) -> Vec<u8> {
    let mut out = String::new();
    csv_record(&mut out, fields.iter().map(|f| f.name));
    for r in rows {
        let cells: Vec<String> = r.iter().map(cell).collect();
        csv_record(&mut out, cells.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// A JSON string literal (`Value`'s `Display` writes JSON and cannot fail on a string).
fn json_str(s: &str) -> String {
    Value::from(s).to_string()
}

fn to_json(d: &Dataset, rows: &[Vec<Value>]) -> Vec<u8> {
    let mut o = String::from("{\n");
    o.push_str(&format!("  \"dataset\": {},\n", json_str(d.name)));
    o.push_str(&format!("  \"title\": {},\n", json_str(d.title)));
    o.push_str(&format!("  \"count\": {},\n", rows.len()));
    o.push_str("  \"fields\": [");
    let names: Vec<String> = d.fields.iter().map(|f| json_str(f.name)).collect();
    o.push_str(&names.join(", "));
    o.push_str("],\n  \"records\": [");
    for (i, r) in rows.iter().enumerate() {
        o.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        for (k, (name, v)) in names.iter().zip(r).enumerate() {
            if k > 0 {
                o.push_str(", ");
            }
            o.push_str(name);
            o.push_str(": ");
            o.push_str(&v.to_string());
        }
        o.push('}');
    }
    o.push_str(if rows.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
    o.into_bytes()
}

/// The manifest: every file (sorted by path) with its hash and size, then every dataset's
/// description and fields.
fn manifest(datasets: &[Dataset], absolute: impl Fn(&str) -> String) -> String {
    let mut m = String::from("{\n  \"files\": [");
    let mut entries: Vec<&FileEntry> = datasets.iter().flat_map(|d| &d.files).collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    for (i, e) in entries.iter().enumerate() {
        m.push_str(if i == 0 { "\n    " } else { ",\n    " });
        m.push_str(&format!(
            "{{\"path\": {}, \"url\": {}, \"sha256\": {}, \"bytes\": {}}}",
            json_str(&e.path),
            json_str(&absolute(&e.url)),
            json_str(&e.sha256),
            e.bytes
        ));
    }
    m.push_str("\n  ],\n  \"datasets\": [");
    for (i, d) in datasets.iter().enumerate() {
        m.push_str(if i == 0 { "\n    " } else { ",\n    " });
        m.push_str(&format!(
            "{{\"name\": {}, \"title\": {}, \"description\": {}, \"count\": {}, \"fields\": [",
            json_str(d.name),
            json_str(d.title),
            json_str(d.description),
            d.count
        ));
        let fields: Vec<String> = d
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{{\"name\": {}, \"type\": {}, \"description\": {}}}",
                    json_str(f.name),
                    json_str(f.kind.as_str()),
                    json_str(f.description)
                )
            })
            .collect();
        m.push_str(&fields.join(", "));
        m.push_str("]}");
    }
    m.push_str("\n  ]\n}\n");
    m
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::super::table::{Kind, Table};
    use super::*;

    #[test]
    fn csv_quotes_and_joins_lists() {
        let table = Table::new("t", "", "", [()])
            .col("a", Kind::String, "", |_| Value::String("x, \"y\"".into()))
            .col("b", Kind::List, "", |_| {
                Value::Array(vec![Value::String("1".into()), Value::String("2".into())])
            })
            .fill();
        assert_eq!(
            {
                let (d, rows) = table.into_parts();
                to_csv(&d.fields, &rows)
            },
            b"a,b\r\n\"x, \"\"y\"\"\",1; 2\r\n"
        );
    }

    #[test]
    fn csv_quotes_a_lone_empty_cell_and_line_breaks() {
        let table = Table::new("t", "", "", ["", "a\nb", "x\ry"])
            .col("a", Kind::String, "", |s| Value::String(s.to_string()))
            .fill();
        assert_eq!(
            {
                let (d, rows) = table.into_parts();
                to_csv(&d.fields, &rows)
            },
            b"a\r\n\"\"\r\n\"a\nb\"\r\n\"x\ry\"\r\n"
        );
    }

    /// Issue 16, class 2: text a spreadsheet would run is made inert in CSV, exact in JSON;
    /// numbers (negative too) stay numbers.
    #[test]
    fn formulas_are_neutralised_in_csv_only() {
        let texts =
            ["=HYPERLINK(\"http://x\";\"y\")", "+84 912", "-x", "@SUM(A1)", "\tx", "\rx", "a=b"];
        let table = Table::new("t", "", "", texts)
            .col("a", Kind::String, "", |s| Value::String(s.to_string()))
            .col("n", Kind::Integer, "", |_| Value::from(-2_000_000))
            .col("l", Kind::List, "", |s| Value::Array(vec![Value::String(s.to_string())]))
            .fill();
        let (d, rows) = table.into_parts();
        let csv = String::from_utf8(to_csv(&d.fields, &rows)).unwrap();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[1],
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\",-2000000,\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""
        );
        assert_eq!(lines[2], "'+84 912,-2000000,'+84 912");
        assert_eq!(lines[3], "'-x,-2000000,'-x");
        assert_eq!(lines[4], "'@SUM(A1),-2000000,'@SUM(A1)");
        assert_eq!(lines[5], "'\tx,-2000000,'\tx");
        assert!(csv.contains("\"'\rx\",-2000000"), "{csv}");
        assert_eq!(lines.iter().filter(|l| l.starts_with("a=b,")).count(), 1);
        let json = String::from_utf8(to_json(&d, &rows)).unwrap();
        assert!(json.contains("\"a\": \"=HYPERLINK(\\\"http://x\\\";\\\"y\\\")\""), "{json}");
        assert!(!json.contains("'="), "{json}");
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

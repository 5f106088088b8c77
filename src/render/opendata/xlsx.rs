//! Each dataset as an Excel workbook (`.xlsx`), for a reporter who double-clicks the file: a
//! CSV opens as mojibake in Excel without a BOM, and in one column where the list separator is
//! `;` (Vietnamese regional settings); a workbook has neither problem.
//!
//! Written with `rust_xlsxwriter` (MIT or Apache-2.0, the Rust port of the Python XlsxWriter, by
//! the same author): the file format is large and a hand-written writer would be easy to get
//! subtly wrong. Cells are typed from the dataset's columns: numbers as numbers (`#,##0`, which
//! Excel shows with the reader's own grouping, `1.234.567` in Vietnam), full dates as dates shown
//! `dd/mm/yyyy` (a year or a month alone stays text, as written), booleans as booleans, lists as
//! text joined with `; `, everything else as text. Text is only ever written as a string cell,
//! never as a formula, so `=HYPERLINK(...)` in a donor's name is shown and never run. The header
//! row is bold and frozen. The creation date is fixed, so rebuilds are byte-identical. A text
//! longer than Excel's cell limit (32 767 characters) is cut there with `…`; CSV and JSON carry it
//! whole.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};
use serde_json::Value;

use super::table::{Field, Kind};

/// Deflate level of the workbook's zip. The default (6) spends most of a large workbook's
/// writing in the compressor; level 3 makes files about 8 % larger for far fewer instructions
/// (`benches/README.md`, update history: the `changes` workbook of a 1 000-record site).
const ZIP_LEVEL: u8 = 3;

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// The workbook of one dataset: one sheet named after it, header row frozen.
pub(crate) fn to_xlsx(name: &str, fields: &[Field], rows: &[Vec<Value>]) -> Vec<u8> {
    // Only a bug of ours can make this fail (a sheet name or row beyond Excel's limits): the
    // datasets' names are short ASCII and a sheet holds 1 048 575 rows.
    let mut bytes = write(name, fields, rows).unwrap_or_default();
    made_on_unix(&mut bytes);
    bytes
}

/// Marks every entry of the workbook's zip as made on Unix. The zip writer under
/// `rust_xlsxwriter` records the system it runs on in each central directory entry ("version
/// made by"), so the same site built on Windows gave other bytes (and other checksums in the
/// manifest); nothing else in the file depends on the system. The zip's end record gives where
/// the central directory starts and how many entries it has; each entry is 46 bytes plus its
/// name, extra field and comment (APPNOTE.TXT 4.3.12 and 4.3.16). Anything unexpected is left
/// as it is.
fn made_on_unix(zip: &mut [u8]) {
    const UNIX: u8 = 3;
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let u32_at =
        |b: &[u8], i: usize| b.get(i..i + 4).map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]));
    // The end record: the last `PK\x05\x06` (a workbook has no zip comment).
    let Some(end) = zip.len().checked_sub(22).filter(|&e| zip[e..].starts_with(b"PK\x05\x06"))
    else {
        return;
    };
    let (Some(count), Some(start)) = (u16_at(zip, end + 10), u32_at(zip, end + 16)) else {
        return;
    };
    let mut at = start as usize;
    for _ in 0..count {
        if !zip.get(at..).is_some_and(|b| b.starts_with(b"PK\x01\x02")) {
            return;
        }
        let lens = (u16_at(zip, at + 28), u16_at(zip, at + 30), u16_at(zip, at + 32));
        let (Some(name), Some(extra), Some(comment)) = lens else { return };
        zip[at + 5] = UNIX;
        at += 46 + name as usize + extra as usize + comment as usize;
    }
}

fn write(name: &str, fields: &[Field], rows: &[Vec<Value>]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2021, 1, 1)?),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color("D9E2F3")
        .set_border_bottom(FormatBorder::Thin);
    let integer = Format::new().set_num_format("#,##0");
    let number = Format::new().set_num_format("#,##0.##");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, f) in fields.iter().enumerate() {
        let col = u16::try_from(c).map_err(|_| XlsxError::ParameterError("columns".into()))?;
        ws.write_string_with_format(0, col, f.name, &header)?;
        let width = match f.kind {
            Kind::Date => 12.0,
            Kind::Integer | Kind::Number | Kind::Boolean => 14.0,
            _ => 24.0,
        };
        ws.set_column_width(col, f64::max(width, f.name.len() as f64 + 2.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, (v, f)) in row.iter().zip(fields).enumerate() {
            let c = c as u16;
            match v {
                Value::Null => {}
                Value::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or_default();
                    let fmt = if n.is_f64() && f.kind == Kind::Number { &number } else { &integer };
                    ws.write_number_with_format(r, c, x, fmt)?;
                }
                Value::String(s) if f.kind == Kind::Date => match full_date(s) {
                    Some(d) => {
                        ws.write_datetime_with_format(r, c, &d, &date)?;
                    }
                    None => {
                        ws.write_string(r, c, s)?;
                    }
                },
                _ => {
                    ws.write_string(r, c, cut(&text(v)))?;
                }
            }
        }
    }
    wb.save_to_buffer()
}

/// An ISO date `2022-09-16` as an Excel date; a year or a month alone is not one.
fn full_date(s: &str) -> Option<ExcelDateTime> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// A value as cell text: lists joined with `; `.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join("; "),
        _ => v.to_string(),
    }
}

/// At most Excel's cell limit of characters.
fn cut(s: &str) -> String {
    match s.char_indices().nth(CELL_LIMIT - 1) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::super::table::Table;
    use super::*;

    /// Reads the workbook back with a spreadsheet reader: typed cells, text never a formula.
    #[test]
    fn cells_are_typed_and_text_is_never_a_formula() {
        let rows = [("=HYPERLINK(\"http://x\";\"y\")", "2024-11-01", 1_234_567, true, "2022")];
        let (d, rows) = Table::new("fund-receipts", "", "", rows)
            .col("donor", Kind::String, "", |r| Value::String(r.0.into()))
            .col("date", Kind::Date, "", |r| Value::String(r.1.into()))
            .col("amount", Kind::Integer, "", |r| Value::from(r.2))
            .col("anonymous", Kind::Boolean, "", |r| Value::Bool(r.3))
            .col("year", Kind::Date, "", |r| Value::String(r.4.into()))
            .col("share", Kind::Number, "", |_| Value::from(-1.5))
            .col("tags", Kind::List, "", |_| Value::from(vec!["a", "b"]))
            .col("none", Kind::String, "", |_| Value::Null)
            .fill()
            .into_parts();
        let bytes = to_xlsx(d.name, &d.fields, &rows);
        assert_eq!(bytes, to_xlsx(d.name, &d.fields, &rows), "not byte-identical");
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("fund-receipts").unwrap();
        assert_eq!(sheet.get((0, 0)), Some(&Data::String("donor".into())));
        assert_eq!(sheet.get((1, 0)), Some(&Data::String("=HYPERLINK(\"http://x\";\"y\")".into())));
        match sheet.get((1, 1)) {
            Some(Data::DateTime(dt)) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                assert_eq!((y, m, d), (2024, 11, 1));
            }
            other => panic!("date cell: {other:?}"),
        }
        assert_eq!(sheet.get((1, 2)), Some(&Data::Float(1_234_567.0)));
        assert_eq!(sheet.get((1, 3)), Some(&Data::Bool(true)));
        assert_eq!(sheet.get((1, 4)), Some(&Data::String("2022".into())));
        assert_eq!(sheet.get((1, 5)), Some(&Data::Float(-1.5)));
        assert_eq!(sheet.get((1, 6)), Some(&Data::String("a; b".into())));
        assert!(matches!(sheet.get((1, 7)), None | Some(Data::Empty)));
        let formulas = book.worksheet_formula("fund-receipts").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula was written");
    }

    #[test]
    fn every_entry_is_marked_as_made_on_unix_whatever_the_system() {
        let (d, rows) = Table::new("x", "", "", [1])
            .col("a", Kind::Integer, "", |r| Value::from(*r))
            .fill()
            .into_parts();
        let bytes = to_xlsx(d.name, &d.fields, &rows);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert!(zip.len() > 3);
        for i in 0..zip.len() {
            let f = zip.by_index(i).unwrap();
            assert!(f.unix_mode().is_some(), "{:?}", f.name());
        }
        // Marking it made elsewhere first, as a Windows build's zip writer does, changes nothing
        // once marked again.
        let mut dos = bytes.clone();
        let end = dos.len() - 22;
        let start = u32::from_le_bytes(dos[end + 16..end + 20].try_into().unwrap()) as usize;
        dos[start + 5] = 0;
        assert_ne!(dos, bytes);
        made_on_unix(&mut dos);
        assert_eq!(dos, bytes);
    }

    #[test]
    fn long_text_is_cut_at_the_cell_limit() {
        let long = "a".repeat(40_000);
        assert_eq!(cut(&long).chars().count(), CELL_LIMIT);
        assert_eq!(cut("ngắn"), "ngắn");
    }
}

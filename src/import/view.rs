//! An import run as plain data for a page: each field's value, origin and doubts, and the source's
//! lines and cells with the anchors the fields point to.
//!
//! The terminal report ([`super::report`]) prints the same facts as text; the preview's import
//! page (`serve`) shows them beside the source, so it needs them as values it can put in HTML.

use std::path::Path;

use super::draft::{ImportKind, Value};
use super::emit::inline;
use super::formats::{self, Origin};
use super::run::ImportOutcome;
use crate::diag::{Diagnostic, Text};

/// Most lines shown of a text source.
const MAX_LINES: usize = 3000;
/// Most rows shown of each table of a source.
const MAX_TABLE_ROWS: usize = 300;

/// A field (or an item of a list field) as shown.
#[derive(Clone, Debug)]
pub(crate) struct FieldView {
    /// Front-matter key (empty for list items).
    pub(crate) key: &'static str,
    /// The value as written in the file, on one line.
    pub(crate) value: String,
    /// Where it was read (`dòng 5`, `ô Sổ quỹ!G4`, `suy ra`).
    pub(crate) origin: Text,
    /// The anchor of the origin in [`SourceView`] (`None` when inferred).
    pub(crate) anchor: Option<String>,
    /// Why it must be checked.
    pub(crate) unsure: Option<Text>,
    /// A list's items.
    pub(crate) items: Vec<FieldView>,
}

/// What one imported file would become.
#[derive(Clone, Debug)]
pub(crate) struct FileView {
    /// What it was recognised as.
    pub(crate) kind: ImportKind,
    /// The file to write, relative to the site root, with `/`.
    pub(crate) target: String,
    /// Notices about the reading (a converted encoding).
    pub(crate) notices: Vec<Text>,
    /// The fields, in the order they are written.
    pub(crate) fields: Vec<FieldView>,
    /// What could not be read or is doubted, beside single fields.
    pub(crate) notes: Vec<Text>,
    /// Other files written beside it (a ledger's CSV files).
    pub(crate) extra: Vec<String>,
    /// The whole text of the file to write.
    pub(crate) text: String,
}

/// A cell or line of the source as shown.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    /// Its anchor (what [`FieldView::anchor`] points to).
    pub(crate) anchor: String,
    /// `dòng 5`, `ô Sổ quỹ!G4`.
    pub(crate) label: Text,
    /// The text read.
    pub(crate) text: String,
}

/// A table of the source as shown.
#[derive(Clone, Debug)]
pub(crate) struct TableView {
    /// Sheet name (or `bảng N`).
    pub(crate) name: String,
    /// Rows, each its cells.
    pub(crate) rows: Vec<Vec<Piece>>,
    /// Rows not shown.
    pub(crate) more: usize,
}

/// The source file as shown beside the fields.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceView {
    /// Text lines (a text file's lines, a Word file's paragraphs).
    pub(crate) lines: Vec<Piece>,
    /// Lines not shown.
    pub(crate) more_lines: usize,
    /// Tables (sheets, CSV, Word tables).
    pub(crate) tables: Vec<TableView>,
}

/// The anchor of an origin, an HTML id (`l12`, `p3`, `c-So-quy-G4`).
pub(crate) fn anchor(o: &Origin) -> Option<String> {
    match o {
        Origin::Line(n) => Some(format!("l{n}")),
        Origin::Para(n) => Some(format!("p{n}")),
        Origin::Cell { sheet, row, col } => {
            let sheet: String =
                sheet.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
            Some(format!("c-{sheet}-{}", formats::cell_name(*row, *col)))
        }
        Origin::CsvCell { row, col } => Some(format!("csv-{}", formats::cell_name(*row, *col))),
        // The page shows one file: a place in another file of the run has no anchor in it.
        Origin::InFile(..) | Origin::Inferred => None,
    }
}

fn value_view(key: &'static str, v: &Value, origin: &Origin, unsure: &Option<Text>) -> FieldView {
    let items = match v {
        Value::List(items) => {
            items.iter().map(|i| value_view("", &i.value, &i.origin, &i.unsure)).collect()
        }
        _ => Vec::new(),
    };
    let value = match v {
        Value::List(items) => items.len().to_string(),
        v => inline(v),
    };
    FieldView {
        key,
        value,
        origin: origin.show(),
        anchor: anchor(origin),
        unsure: unsure.clone(),
        items,
    }
}

/// Every file of a run that was read, as data.
pub(crate) fn files(o: &ImportOutcome) -> Vec<FileView> {
    o.files
        .iter()
        .filter_map(|f| {
            let d = f.draft.as_ref()?;
            Some(FileView {
                kind: d.kind,
                target: d.target.to_string_lossy().replace('\\', "/"),
                notices: f.notices.clone(),
                fields: d
                    .fields
                    .iter()
                    .map(|f| value_view(f.key, &f.value, &f.origin, &f.unsure))
                    .collect(),
                notes: d.notes.clone(),
                extra: d
                    .extra
                    .iter()
                    .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
                    .collect(),
                text: super::emit::file_text(d),
            })
        })
        .collect()
}

/// The cell at row `r`, column `c` (from 0) of the table named `sheet`.
fn at(sheet: &str, r: usize, c: usize) -> Origin {
    let (row, col) = (u32::try_from(r).unwrap_or(u32::MAX), u32::try_from(c).unwrap_or(u32::MAX));
    Origin::Cell { sheet: sheet.to_string(), row, col }
}

/// The lines and cells of `path` (named `shown` in messages), as the import reads them.
pub(crate) fn source(path: &Path, shown: &Path) -> Result<SourceView, Box<Diagnostic>> {
    let s = formats::read_source(path, shown)?;
    let piece = |text: &str, origin: &Origin| {
        Some(Piece { anchor: anchor(origin)?, label: origin.show(), text: text.to_string() })
    };
    let lines: Vec<Piece> =
        s.lines.iter().take(MAX_LINES).filter_map(|l| piece(&l.text, &l.origin)).collect();
    let tables = s
        .tables
        .iter()
        .map(|t| TableView {
            name: t.name.clone(),
            rows: t
                .rows
                .iter()
                .take(MAX_TABLE_ROWS)
                .enumerate()
                .map(|(r, row)| {
                    let cells = row.iter().enumerate();
                    cells
                        .filter_map(|(c, cell)| match &cell.origin {
                            o @ (Origin::Cell { .. } | Origin::CsvCell { .. }) => {
                                piece(&cell.text, o)
                            }
                            _ => piece(&cell.text, &at(&t.name, r, c)),
                        })
                        .collect()
                })
                .collect(),
            more: t.rows.len().saturating_sub(MAX_TABLE_ROWS),
        })
        .collect();
    Ok(SourceView { more_lines: s.lines.len().saturating_sub(MAX_LINES), lines, tables })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_html_ids() {
        assert_eq!(anchor(&Origin::Line(12)).as_deref(), Some("l12"));
        assert_eq!(anchor(&Origin::Para(3)).as_deref(), Some("p3"));
        let cell = Origin::Cell { sheet: "Sổ quỹ 1".into(), row: 3, col: 6 };
        assert_eq!(anchor(&cell).as_deref(), Some("c-S--qu--1-G4"));
        assert_eq!(anchor(&Origin::Inferred), None);
    }
}

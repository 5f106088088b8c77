//! One table per dataset: its columns (name, type, description, how a cell is read from a row)
//! declared once, and the value helpers every dataset's accessors use.
//!
//! A [`Table`] is a row source plus a list of [`Column`]s. [`Table::fill`] reads every cell
//! through the columns and returns a [`Filled`] dataset: its schema ([`Dataset`], the field list
//! the open data page and the manifest show) and its rows, one cell per column in column order.
//! The CSV header, the JSON keys and the schema are all taken from the same columns, so they
//! cannot disagree with each other or with the cells.

use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::model::DateView;

/// The type of a field, as the open data page and the manifest name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `date`: ISO 8601, may be `2022` or `2022-09`.
    Date,
    /// `list`: `; ` in CSV, an array in JSON.
    List,
    /// `array`: encoded like [`Kind::List`]; the name the `awardForms` table has always shown.
    Array,
}

impl Kind {
    /// The name shown on the page and in the manifest (`string`, `integer`, ...).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::List => "list",
            Kind::Array => "array",
        }
    }
}

/// One field of a dataset, as the schema shows it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Field {
    /// Name (CSV header, JSON key).
    pub(crate) name: &'static str,
    /// Type.
    pub(crate) kind: Kind,
    /// What it means, in Vietnamese.
    pub(crate) description: &'static str,
}

/// A file in the manifest.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FileEntry {
    /// Path relative to the output root (`du-lieu/awards.csv`).
    pub(crate) path: String,
    /// Site path (`/du-lieu/awards.csv`).
    pub(crate) url: String,
    /// Format: `csv`, `json` or `xlsx`.
    pub(crate) format: &'static str,
    /// Lower-case hexadecimal SHA-256 of the bytes.
    pub(crate) sha256: String,
    /// Size in bytes.
    pub(crate) bytes: usize,
}

/// A dataset's description (what the open data page and the manifest show).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Dataset {
    /// File stem (`awards`).
    pub(crate) name: &'static str,
    /// Vietnamese title.
    pub(crate) title: &'static str,
    /// What one record is.
    pub(crate) description: &'static str,
    /// Fields in order.
    pub(crate) fields: Vec<Field>,
    /// Number of records.
    pub(crate) count: usize,
    /// `du-lieu/awards.csv`, with its hash and size.
    pub(crate) files: Vec<FileEntry>,
}

/// A column: its field and how its cell is read from a row of type `R`.
struct Column<'a, R> {
    field: Field,
    get: Box<dyn Fn(&R) -> Value + 'a>,
}

/// A dataset being declared: its rows and its columns, in order.
pub(crate) struct Table<'a, R> {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    rows: Vec<R>,
    columns: Vec<Column<'a, R>>,
}

impl<'a, R> Table<'a, R> {
    /// A dataset with no column yet: file stem, Vietnamese title, what one row is, and the rows.
    pub(crate) fn new(
        name: &'static str,
        title: &'static str,
        description: &'static str,
        rows: impl IntoIterator<Item = R>,
    ) -> Self {
        Table { name, title, description, rows: rows.into_iter().collect(), columns: Vec::new() }
    }

    /// Adds a column: name (CSV header, JSON key), type, description, and its cell for a row.
    pub(crate) fn col(
        mut self,
        name: &'static str,
        kind: Kind,
        description: &'static str,
        get: impl Fn(&R) -> Value + 'a,
    ) -> Self {
        self.columns.push(Column { field: Field { name, kind, description }, get: Box::new(get) });
        self
    }

    /// Reads every cell: the schema and one cell per column for each row.
    pub(crate) fn fill(self) -> Filled {
        let rows: Vec<Vec<Value>> =
            self.rows.iter().map(|r| self.columns.iter().map(|c| (c.get)(r)).collect()).collect();
        let dataset = Dataset {
            name: self.name,
            title: self.title,
            description: self.description,
            fields: self.columns.into_iter().map(|c| c.field).collect(),
            count: rows.len(),
            files: Vec::new(),
        };
        Filled { dataset, rows }
    }
}

/// A dataset with its cells read. Only [`Table::fill`] makes one, so every row has exactly one
/// cell per field, in the fields' order.
pub(crate) struct Filled {
    dataset: Dataset,
    rows: Vec<Vec<Value>>,
}

impl Filled {
    /// The schema (`files` still empty) and the rows, each with one cell per field.
    pub(crate) fn into_parts(self) -> (Dataset, Vec<Vec<Value>>) {
        (self.dataset, self.rows)
    }
}

/// A text, `null` when empty.
pub(crate) fn text(v: &str) -> Value {
    if v.is_empty() { Value::Null } else { Value::String(v.to_string()) }
}

/// An optional text, `null` when absent (an empty text stays an empty string).
pub(crate) fn opt(v: Option<&str>) -> Value {
    v.map(|x| Value::String(x.to_string())).unwrap_or(Value::Null)
}

/// A number, `null` when absent (or not finite).
pub(crate) fn num(v: Option<f64>) -> Value {
    v.and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null)
}

/// A percentage rounded to two decimals, `null` when not finite.
pub(crate) fn pct(x: f64) -> Value {
    num(Some((x * 100.0).round() / 100.0))
}

/// A list of texts.
pub(crate) fn list(v: impl IntoIterator<Item = String>) -> Value {
    Value::Array(v.into_iter().map(Value::String).collect())
}

/// A date as ISO 8601 (`2022-09-16`, `2022-09` or `2022`), `null` when absent.
pub(crate) fn date(d: &Option<DateView>) -> Value {
    opt(d.as_ref().map(|x| x.iso.as_str()))
}

/// The absolute address of a site path.
pub(crate) fn url(config: &Config, site_path: &str) -> Value {
    Value::String(config.absolute(site_path))
}

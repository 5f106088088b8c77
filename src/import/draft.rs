//! What an imported file becomes before it is written: its fields, each with where it was read and
//! what is unsure about it, and the file to write.

use std::path::PathBuf;

use super::formats::Origin;
use crate::diag::Text;

/// What a file holds, when the command line says (`--kind`); otherwise it is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A plan or any other administrative document (`content/van-ban/`).
    Plan,
    /// An award decision with its recipient list (`content/khen-thuong/`).
    Decision,
    /// A fund ledger (`content/quy/`).
    Ledger,
}

/// What to import and where.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The files to import.
    pub files: Vec<PathBuf>,
    /// What the files are (recognised when `None`).
    pub kind: Option<ImportKind>,
    /// Read and report, write nothing.
    pub dry_run: bool,
    /// Ledgers: leave rows that cannot be read out (each listed in the report) instead of
    /// refusing the file.
    pub skip_bad_rows: bool,
}

/// A value of a field, written as YAML.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// Text (quoted).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number with a decimal point, `1.5` (unquoted).
    Decimal(String),
    /// `true` or `false`.
    Bool(bool),
    /// A date, `2022-09-16`, `2023-02` or `2022` (unquoted: the site reads all three).
    Date(String),
    /// A flow mapping, `{ number: …, date: … }`.
    Map(Vec<(&'static str, Value)>),
    /// A block list, one item a line, each with its origin and doubts.
    List(Vec<Item>),
}

/// An item of a block list.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    pub(crate) value: Value,
    pub(crate) origin: Origin,
    pub(crate) unsure: Option<Text>,
}

impl Item {
    pub(crate) fn sure(value: Value, origin: Origin) -> Item {
        Item { value, origin, unsure: None }
    }
}

/// A field read from a file: the key, the value, where it was read and what is unsure about it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Field {
    pub(crate) key: &'static str,
    pub(crate) value: Value,
    pub(crate) origin: Origin,
    pub(crate) unsure: Option<Text>,
}

impl Field {
    pub(crate) fn new(key: &'static str, value: Value, origin: Origin) -> Field {
        Field { key, value, origin, unsure: None }
    }

    pub(crate) fn unsure(mut self, why: Text) -> Field {
        self.unsure = Some(why);
        self
    }
}

/// What one imported file becomes: a content file (and for ledgers, CSV files beside it).
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    /// What it was recognised as.
    pub(crate) kind: ImportKind,
    /// The file to write, relative to the site root (`content/van-ban/263-kh-ubnd-2022.md`).
    pub(crate) target: PathBuf,
    /// Front matter (or the YAML file's keys), in order.
    pub(crate) fields: Vec<Field>,
    /// Markdown body (`None` for a YAML file).
    pub(crate) body: Option<String>,
    /// Other files to write beside it (relative path, text).
    pub(crate) extra: Vec<(PathBuf, String)>,
    /// What the reader could not read or doubts, beside single fields.
    pub(crate) notes: Vec<Text>,
}

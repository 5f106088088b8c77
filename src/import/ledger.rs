//! Recognising a fund ledger in a spreadsheet: the period YAML and the receipts and
//! disbursements CSV the site reads.

use std::path::Path;

use super::draft::Draft;
use super::formats::Source;
use crate::diag::{Diagnostic, Pos};
use crate::t;

/// Whether the source looks like a ledger.
pub(crate) fn looks_like_ledger(_s: &Source) -> bool {
    false
}

/// The draft of a ledger.
pub(crate) fn draft(_s: &Source, file: &Path) -> Result<Draft, Vec<Diagnostic>> {
    Err(vec![Diagnostic::error(
        "import-ledger",
        file,
        Pos::default(),
        t!("chưa nhập được sổ quỹ", "ledgers cannot be imported yet"),
    )])
}

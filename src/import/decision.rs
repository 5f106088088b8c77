//! Recognising an award decision and its list of recipients (a table in Word or Excel, or a
//! numbered list in the text).

use std::path::Path;

use super::draft::Draft;
use super::formats::Source;
use crate::diag::{Diagnostic, Pos};
use crate::t;

/// Whether the source looks like a decision: its type line says QUYẾT ĐỊNH.
pub(crate) fn looks_like_decision(s: &Source) -> bool {
    s.lines.iter().take(40).any(|l| super::plan::type_of_line(&l.text).is_some_and(|t| t.0 == "QĐ"))
}

/// The draft of a decision.
pub(crate) fn draft(_s: &Source, file: &Path) -> Result<Draft, Box<Diagnostic>> {
    Err(Box::new(Diagnostic::error(
        "import-decision",
        file,
        Pos::default(),
        t!("chưa nhập được quyết định khen thưởng", "award decisions cannot be imported yet"),
    )))
}

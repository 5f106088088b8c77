//! A link to a record, as templates show it.

use serde::Serialize;

/// A link to a record, as templates show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Link {
    /// Text.
    pub(crate) title: String,
    /// Site path (`/van-ban/…/`).
    pub(crate) url: String,
    /// Secondary text (number, date).
    pub(crate) note: Option<String>,
}

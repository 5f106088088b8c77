//! Open data: every dataset (documents, exemplars, award decisions, awards with their recipients,
//! targets, award forms, the fund's ledgers) as CSV, JSON and `.xlsx` at stable paths under `/du-lieu/`,
//! a manifest with the SHA-256 of each file, and the field descriptions the `/du-lieu/` page
//! shows; also the recipients index. In: the model ([`Site`]). Out: [`OpenData`] (the files and
//! the page's datasets) and the recipients index pages.
//!
//! Each dataset is one [`table::Table`]: a row source and its columns, each declared once with
//! its name, type, description and how its cell is read from a row. The CSV header, the JSON
//! keys, the manifest and the page's field list all come from those columns, so they cannot
//! disagree.
//!
//! - [`table`]: the column and table types, and the value helpers every dataset uses.
//! - [`records`]: the record datasets (`documents` … `awardForms`).
//! - [`fund`]: the fund's datasets (`fund-periods` … `fund-months`).
//! - [`changes`]: the `changes` dataset, from the update history.
//! - [`files`]: CSV, JSON and the manifest.
//! - [`xlsx`]: the `.xlsx` workbooks (typed cells, for Excel).
//! - [`recipients`]: the recipients index and its facet pages.

mod changes;
mod files;
mod fund;
mod recipients;
mod records;
mod table;
mod xlsx;

use crate::model::Site;
use crate::model::history::SiteHistory;

pub(crate) use files::{OpenData, ROOT};
pub(crate) use recipients::{RECIPIENTS_ROOT, recipient_pages, recipients};

/// Builds every open data file and the manifest (`du-lieu/manifest.json`); the `changes`
/// dataset when the update history is on. Without `bytes` (`check`, which throws the files
/// away) the datasets and the files' paths are the same, but the files are empty and unhashed.
pub(crate) fn build(site: &Site, history: Option<&SiteHistory>, bytes: bool) -> OpenData {
    let mut tables = records::datasets(site);
    tables.extend(fund::datasets(site));
    if history.is_some() {
        tables.push(changes::dataset(site, history));
    }
    files::write(tables, |u| site.config.absolute(u), bytes)
}

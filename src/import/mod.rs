//! Import: the documents a webmaster receives (a plan as Word or text, a list of people to commend
//! as a table, the fund's ledger as a spreadsheet) to content files the site reads, with a report
//! of where each value was read.
//!
//! In go file paths and a site folder; out come content files written beside the existing ones
//! (never over one) and, per file, every field read with the line or cell it came from. Each
//! module has one job:
//!
//! - [`formats`]: bytes of `.txt`, `.csv`, `.docx`, `.xlsx`, `.xls`, `.ods` to lines and tables.
//! - [`body`]: broken lines to headings, list items and paragraphs, and those to Markdown.
//! - [`plan`]: a plan or other document: header, title, signer, recipients.
//! - [`cites`]: the documents a text cites (bases), and numbers proposed from other documents.
//! - [`plan_rules`]: a plan's quotas, leader share and deadlines.
//! - [`plan_targets`]: a plan's targets (chỉ tiêu) and the award forms it names.
//! - [`document`]: a document's facts put together as its front matter, missing numbers proposed.
//! - [`draft`]: what a file becomes: fields with their origins and doubts, the file to write.
//! - [`emit`]: fields to YAML front matter, unsure values marked for checking.
//! - [`report`]: what was read from where, for the terminal.
//! - [`view`]: the same as data for a page (the preview's import page), with the source's lines
//!   and cells.
//! - [`decision`]: an award decision and its list of recipients.
//! - [`ledger`]: a fund ledger to the period YAML and its receipts and disbursements CSV; its
//!   header found by [`ledger_cols`], its rows by [`ledger_rows`], its cells by [`ledger_cells`].
//!
//! The recognisers are ours (no library reads Vietnamese administrative documents); the formats
//! are read by libraries. Nothing is written when any file of the run has an error, and an
//! existing file is never replaced.

pub(crate) mod body;
mod cites;
mod decision;
mod document;
mod draft;
mod emit;
pub(crate) mod formats;
mod ledger;
mod ledger_cells;
mod ledger_cols;
mod ledger_rows;
mod plan;
mod plan_rules;
mod plan_targets;
pub(crate) mod report;
mod run;
pub(crate) mod view;

pub use draft::{ImportKind, ImportOptions};
pub use run::{ImportOutcome, import};

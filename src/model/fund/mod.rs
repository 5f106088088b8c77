//! The "Vì người nghèo" fund ledger: periods, receipts and disbursements from YAML and CSV,
//! checked to the đồng.
//!
//! Goes in: the period files (`quy-vi-nguoi-ngheo/*.yaml`) and the CSV ledgers they name.
//! Comes out: `Period`s with their rows, totals and category totals (`types`), and the
//! problems found. `read` reads a period (rows from `rows`), `checks` checks its sums, dates,
//! receipt numbers and the chain of periods; `link` links disbursements to decisions.

mod checks;
mod link;
mod read;
mod rows;
mod types;

pub(crate) use link::link_decisions;
pub(crate) use read::read_fund;
pub(crate) use types::*;

//! Integration tests: build real fixture sites with the `minhbach` binary and assert on the output.
//!
//! One crate, one module per feature (as ripgrep and mdBook do). Fixture sites live in
//! `tests/fixtures/`; each test copies one into a temporary folder, changes what it needs,
//! runs the binary and reads what it wrote.

mod util;

mod architecture;
mod cli;
mod errors;
mod example_site;
mod fund;
mod fuzz_replay;
mod history;
mod hostile;
mod import;
mod incremental;
mod migrate;
mod opendata;
mod output;
mod photos;
mod rules;
mod search;
mod serve;
mod serve_import;
mod transparency;
mod windows;

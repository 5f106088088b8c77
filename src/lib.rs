//! minhbach turns a folder of Markdown, YAML and CSV about a public emulation campaign into a
//! static website: plans, exemplars, award decisions and the "Vì người nghèo" fund.
//!
//! The stages, in the order data flows through them (each a folder whose `mod.rs` says what goes
//! in and what comes out; a stage uses only the stages above it in this list):
//!
//! 1. [`read`]: bytes to text (encodings, BOM, NFC), the YAML tree with positions, field readers.
//! 2. [`config`]: `site.yaml` and the vocabularies it sets (award forms, organisations, fund).
//! 3. [`load`]: walk the site folder, classify and read every content file.
//! 4. [`model`]: typed records, cross-references, the plans' rules, the fund, privacy.
//! 5. [`render`]: Markdown, templates, and every output file (pages, listings, feeds, search,
//!    open data, assets).
//! 6. [`write`]: put the files in a temporary folder and swap it in atomically.
//!
//! [`pipeline`] runs them one named step after another; [`import`] turns the documents a
//! webmaster receives (Word, Excel, text) into content files and checks the site with them;
//! [`serve`] (the preview server) and [`cli`] (the command line) sit on top. Below every stage: [`diag`] (messages for webmasters,
//! in Vietnamese or English) and [`vi`] (Vietnamese text rules).

pub mod diag;
pub(crate) mod vi;

pub(crate) mod read;

pub(crate) mod config;

pub(crate) mod load;

pub(crate) mod model;

pub(crate) mod render;

pub(crate) mod write;

pub mod pipeline;

pub mod import;

pub(crate) mod serve;

pub mod cli;

#[doc(hidden)]
pub mod fuzzing;

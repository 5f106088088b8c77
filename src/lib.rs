//! minhbach turns a folder of Markdown, YAML and CSV about a public emulation campaign into a
//! static website: plans, exemplars, award decisions and the "Vì người nghèo" fund.
//!
//! The pipeline reads in order: [`load`] (walk the site folder, read files safely, split front
//! matter) → [`model`] (typed records, cross-references, checks) → [`render`] (Markdown and Tera
//! templates) → [`write`] (an atomic swap of the output folder). [`pipeline::build`] runs them;
//! [`cli`] is the command line. Vietnamese text rules live in [`vi`]; messages for webmasters
//! are [`diag::Diagnostic`]s.

pub mod cli;
pub mod config;
pub mod diag;
pub mod fund_opendata;
#[doc(hidden)]
pub mod fuzzing;
pub mod jsmin;
pub mod load;
pub mod model;
pub mod opendata;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod vi;
pub mod write;
pub mod yaml;

//! Read stage: from a file's bytes to values with positions.
//!
//! In: a path. Out: NFC text ([`text`]), a YAML tree that remembers the line and column of every
//! value ([`yaml`]), and typed fields read from it with every problem reported where it is
//! ([`fields`]). Nothing here knows what a plan or an exemplar is; the later stages (config,
//! load, model) read their files through it.

pub mod fields;
pub mod text;
pub mod url;
pub mod yaml;

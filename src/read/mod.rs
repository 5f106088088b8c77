//! Read stage: from a file's bytes to values with positions.
//!
//! In: a path. Out: NFC text ([`text`]), a YAML tree that remembers the line and column of every
//! value ([`yaml`]), and typed fields read from it with every problem reported where it is
//! ([`fields`]), and whether a name given by hand can be an output file on Windows ([`names`]). Nothing here knows what a plan or an exemplar is; the later stages (config,
//! load, model) read their files through it.

pub(crate) mod fields;
pub(crate) mod names;
pub(crate) mod text;
pub(crate) mod url;
pub(crate) mod yaml;

//! Read stage: from a file's bytes to values with positions.
//!
//! In: a path. Out: NFC text ([`text`]), a YAML tree that remembers the line and column of every
//! value ([`yaml`]; TOML front matter is read into the same tree by [`toml_tree`]), typed fields
//! read from it with every problem reported where it is ([`fields`]), and whether a name given
//! by hand can be an output file on Windows ([`names`]). Nothing here knows what a plan or an
//! exemplar is; the later stages (config, load, model) read their files through it.

pub(crate) mod fields;
pub(crate) mod names;
pub(crate) mod text;
pub(crate) mod toml_tree;
pub(crate) mod url;
pub(crate) mod yaml;

use std::path::Path;

use crate::diag::Diagnostic;

/// The tree of a split file's front matter, YAML or TOML.
pub(crate) fn front_matter(split: &text::Split, rel: &Path) -> Result<yaml::Node, Box<Diagnostic>> {
    match split.syntax {
        text::FrontSyntax::Yaml => yaml::parse(&split.front, split.front_line, rel),
        text::FrontSyntax::Toml => toml_tree::parse(&split.front, split.front_line, rel),
    }
}

//! Output files: what every render step hands to the sink (path and bytes), who made each (one
//! producer per path), the sink itself and why a render stops.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Pos};
use crate::t;

/// One file of the output.
#[derive(Debug)]
pub(crate) struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub(crate) path: String,
    /// Contents.
    pub(crate) data: FileData,
}

/// Where an output file's bytes come from.
#[derive(Debug)]
pub(crate) enum FileData {
    /// Generated.
    Bytes(Vec<u8>),
    /// Generated, shared with the render cache.
    Shared(Arc<[u8]>),
    /// Copied from a file.
    Copy(PathBuf),
    /// Built into the binary.
    Static(&'static str),
}

/// Where rendered files go (the write stage's staging folder, memory, or nowhere for `check`);
/// `E` is the sink's own error, handed back unchanged in [`RenderFailure::Io`].
pub(crate) type Sink<'a, E> = &'a (dyn Fn(&OutFile) -> Result<(), E> + Sync);

/// Why rendering stopped.
#[derive(Debug)]
pub(crate) enum RenderFailure<E> {
    /// Problems in templates or static files, for the webmaster.
    Content(Vec<Diagnostic>),
    /// The sink could not store a file.
    Io(E),
    /// The run's cancel flag was set.
    Cancelled,
}

/// Who makes an output file, for the message when two make the same one.
#[derive(Clone, Debug)]
pub(crate) enum Origin {
    /// A content file's page (file relative to the site, position of its front matter).
    Content { file: String, pos: Pos },
    /// An `aliases:` entry of a content file.
    Alias { file: String, pos: Pos, alias: String },
    /// A copied static file (its path relative to the site, or the theme's built-in name).
    Static(String),
    /// A page or file minhbach generates (the template or what it is: `search.html`, `sitemap`).
    Generated(String),
}

impl Origin {
    /// How a message names it: (Vietnamese, English).
    fn describe(&self) -> (String, String) {
        match self {
            Origin::Content { file, pos } => (at(file, *pos), at(file, *pos)),
            Origin::Alias { file, pos, alias } => (
                format!("`aliases: {alias}` của {}", at(file, *pos)),
                format!("the `aliases: {alias}` entry of {}", at(file, *pos)),
            ),
            Origin::Static(file) => (format!("tệp tĩnh {file}"), format!("the static file {file}")),
            Origin::Generated(what) => (
                format!("trang do minhbach tạo ({what})"),
                format!("a page minhbach generates ({what})"),
            ),
        }
    }

    /// The file a webmaster can change, when there is one.
    fn file(&self) -> Option<(&str, Pos)> {
        match self {
            Origin::Content { file, pos } | Origin::Alias { file, pos, .. } => Some((file, *pos)),
            Origin::Static(file) => Some((file, Pos::default())),
            Origin::Generated(_) => None,
        }
    }
}

fn at(file: &str, pos: Pos) -> String {
    if pos.line == 0 { file.to_string() } else { format!("{file}:{}", pos.line) }
}

/// Every output path and its one producer. A second producer of a path, or of a path that
/// differs only in letter case (one file on Windows and macOS), is an error naming both: nothing
/// is silently replaced or dropped. One hash map lookup per file.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    by_key: rustc_hash::FxHashMap<String, (String, Origin)>,
}

impl Claims {
    /// Records that `origin` makes `path`; the error when another already does.
    pub(crate) fn claim(&mut self, path: &str, origin: Origin) -> Result<(), Box<Diagnostic>> {
        let key = path.to_lowercase();
        let Some((first_path, first)) = self.by_key.get(&key) else {
            self.by_key.insert(key, (path.to_string(), origin));
            return Ok(());
        };
        let ((a_vi, a_en), (b_vi, b_en)) = (first.describe(), origin.describe());
        let case_vi = if first_path != path {
            format!(
                " (`{first_path}` và `{path}` chỉ khác chữ hoa, chữ thường: trên Windows và macOS là một tệp)"
            )
        } else {
            String::new()
        };
        let case_en = if first_path != path {
            format!(
                " (`{first_path}` and `{path}` differ only in letter case: one file on Windows and macOS)"
            )
        } else {
            String::new()
        };
        let (file, pos) = origin.file().or(first.file()).unwrap_or((path, Pos::default()));
        Err(Box::new(
            Diagnostic::error(
                "duplicate-output",
                Path::new(file),
                pos,
                t!(
                    "hai nguồn cùng tạo tệp `{path}`: {a_vi} và {b_vi}{case_vi}",
                    "two sources make the same output file `{path}`: {a_en} and {b_en}{case_en}"
                ),
            )
            .with_hint(t!(
                "mỗi tệp của trang chỉ có một nguồn: đổi `slug:` hoặc `aliases:` của tệp nội dung, hoặc đổi tên tệp tĩnh",
                "each output file has one source: change the content file's `slug:` or `aliases:`, or rename the static file"
            )),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_producer_is_named_with_the_first() {
        let mut c = Claims::default();
        assert!(c.claim("tim-kiem/index.html", Origin::Generated("search.html".into())).is_ok());
        let d = c
            .claim(
                "tim-kiem/index.html",
                Origin::Alias {
                    file: "content/a.md".into(),
                    pos: Pos::new(3, 1),
                    alias: "/tim-kiem/".into(),
                },
            )
            .unwrap_err();
        assert_eq!(d.location(), "content/a.md:3:1");
        assert!(d.message.en.contains("search.html"), "{}", d.message.en);
        assert!(d.message.en.contains("`aliases: /tim-kiem/` entry of content/a.md:3"));
    }

    #[test]
    fn paths_differing_only_in_case_collide() {
        let mut c = Claims::default();
        assert!(c.claim("Logo.png", Origin::Static("static/Logo.png".into())).is_ok());
        let d = c.claim("logo.png", Origin::Static("content/logo.png".into())).unwrap_err();
        assert!(d.message.en.contains("differ only in letter case"), "{}", d.message.en);
        assert!(c.claim("logo2.png", Origin::Static("static/logo2.png".into())).is_ok());
    }
}

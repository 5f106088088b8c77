//! One content file: what it is from where it sits ([`SourceKind`]), and reading it into a [`Source`] (text, front matter, body).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::read::front_matter;
use crate::read::text::{read_text, split_front_matter};
use crate::read::yaml::{self, Node};
use crate::t;

/// What a content file is, from where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum SourceKind {
    /// A Markdown page.
    Page,
    /// A section's `_index.md` (also the home page's `content/_index.md`).
    Section,
    /// A document or plan (`van-ban/*.md`).
    Document,
    /// An exemplar (`guong-dien-hinh/*.md`).
    Exemplar,
    /// An award decision (`khen-thuong/*.md` or `.yaml`).
    Decision,
    /// A fund period (`quy/*.yaml`).
    FundPeriod,
    /// Fund rows in CSV (`quy/*.csv`), read through a period file.
    FundCsv,
    /// A campaign (`phong-trao/*.md`).
    Campaign,
    /// A targets data file: actuals per year (`chi-tieu/*.yaml`).
    Targets,
    /// Any other file: copied next to the pages (images, PDFs).
    Asset,
}

/// One file of the content folder, read and split.
#[derive(Clone, Debug)]
pub(crate) struct Source {
    /// What it is.
    pub kind: SourceKind,
    /// Path relative to the site root (for messages), with `/` separators.
    pub rel: PathBuf,
    /// Path relative to `content/`.
    pub content_rel: PathBuf,
    /// Absolute path.
    pub abs: PathBuf,
    /// Front matter (or the whole YAML file), when it parsed.
    pub front: Option<Node>,
    /// Markdown body (empty for YAML files).
    pub body: Arc<str>,
    /// Line of the body's first line in the file.
    pub body_line: u32,
    /// Raw text for CSV files.
    pub text: Option<String>,
}

/// The kind of a file from the folder it sits in (`site.yaml` names the folders).
fn classify(content_rel: &Path, config: &Config) -> SourceKind {
    let ext = content_rel.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = content_rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let top = content_rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    let depth = content_rel.components().count();
    let f = &config.folders;
    if name == "_index.md" {
        return SourceKind::Section;
    }
    let is_md = ext == "md" || ext == "markdown";
    let is_yaml = ext == "yaml" || ext == "yml";
    if depth >= 2 {
        if top == f.documents && is_md {
            return SourceKind::Document;
        }
        if top == f.exemplars && is_md {
            return SourceKind::Exemplar;
        }
        if top == f.decisions && (is_md || is_yaml) {
            return SourceKind::Decision;
        }
        if top == f.campaigns && is_md {
            return SourceKind::Campaign;
        }
        if top == f.fund && is_yaml {
            return SourceKind::FundPeriod;
        }
        if top == f.fund && ext == "csv" {
            return SourceKind::FundCsv;
        }
        if top == f.targets && is_yaml {
            return SourceKind::Targets;
        }
    }
    if is_md { SourceKind::Page } else { SourceKind::Asset }
}

/// Reads one file of `content/`: classified, decoded, its front matter parsed. Assets are not
/// read (they are copied as they are).
pub(super) fn read_source(
    abs: &Path,
    content_rel: &Path,
    config: &Config,
) -> Result<Source, Vec<Diagnostic>> {
    let rel = Path::new("content").join(content_rel);
    let kind = classify(content_rel, config);
    let src = unread(kind, rel.clone(), content_rel.to_path_buf(), abs.to_path_buf());
    if kind == SourceKind::Asset {
        return Ok(src);
    }
    let text = read_text(abs, &rel).map_err(|d| vec![*d])?;
    parse_text(src, text)
}

/// A source classified but not read yet (an asset stays so).
fn unread(kind: SourceKind, rel: PathBuf, content_rel: PathBuf, abs: PathBuf) -> Source {
    Source {
        kind,
        rel,
        content_rel,
        abs,
        front: None,
        body: Arc::from(""),
        body_line: 1,
        text: None,
    }
}

/// A content file from its text at some commit of the site's history (`rel`: `content/…`), read
/// exactly as [`read_source`] reads the file on disk.
pub(crate) fn source_from_text(
    rel: &Path,
    text: &str,
    config: &Config,
) -> Result<Source, Vec<Diagnostic>> {
    let content_rel = rel.strip_prefix("content").unwrap_or(rel).to_path_buf();
    let kind = classify(&content_rel, config);
    let src = unread(kind, rel.to_path_buf(), content_rel, rel.to_path_buf());
    if kind == SourceKind::Asset {
        return Ok(src);
    }
    parse_text(src, text.to_string())
}

/// Splits and parses the text of a classified file.
fn parse_text(mut src: Source, text: String) -> Result<Source, Vec<Diagnostic>> {
    let (kind, rel, content_rel) = (src.kind, src.rel.clone(), src.content_rel.clone());
    if text.trim().is_empty() && !matches!(kind, SourceKind::Section | SourceKind::FundCsv) {
        return Err(vec![
            Diagnostic::error(
                "empty-file",
                &rel,
                Pos::new(1, 0),
                t!("tệp rỗng (không có nội dung)", "the file is empty"),
            )
            .with_hint(t!(
                "điền nội dung (xem `minhbach new`), hoặc xóa tệp nếu tạo nhầm",
                "fill it in (see `minhbach new`), or delete it if it was created by mistake"
            )),
        ]);
    }
    let is_yaml_file =
        matches!(content_rel.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    match kind {
        SourceKind::FundCsv => {
            src.text = Some(text);
            Ok(src)
        }
        _ if is_yaml_file => {
            src.front = Some(yaml::parse(&text, 1, &rel).map_err(|d| vec![*d])?);
            Ok(src)
        }
        _ => {
            let split = split_front_matter(&text, &rel).map_err(|d| vec![*d])?;
            src.front = Some(front_matter(&split, &rel).map_err(|d| vec![*d])?);
            src.body = Arc::from(split.body);
            src.body_line = split.body_line;
            Ok(src)
        }
    }
}

//! One import run: read every file, recognise what it is, put the drafts together (documents of
//! the run may give each other missing numbers), refuse to overwrite, write all or nothing, then
//! check the site with the new files.

use std::path::{Path, PathBuf};

use super::document::{self, Facts, Known, SiteFacts};
use super::draft::{Draft, ImportKind, ImportOptions};
use super::formats::{self, Source};
use super::{decision, emit, ledger};
use crate::diag::{Diagnostic, Pos, Text};
use crate::pipeline::{self, BuildOptions, BuildReport, SystemError};
use crate::read::yaml::{self, Node};
use crate::t;

/// What one file became.
#[derive(Debug)]
pub struct FileOutcome {
    /// The imported file, as given.
    pub file: PathBuf,
    /// What was recognised and would be written (`None` when the file could not be read).
    pub(crate) draft: Option<Draft>,
    /// Notices about the reading (a converted encoding).
    pub(crate) notices: Vec<Text>,
    /// A recipient list in its own file: the decision it was read into, and its rows' count.
    pub(crate) list_of: Option<(PathBuf, usize)>,
}

/// What an import run did.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    /// One per file, in the order given.
    pub files: Vec<FileOutcome>,
    /// Problems that stop the run (nothing is written when there is one).
    pub diagnostics: Vec<Diagnostic>,
    /// Files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// The site's check after writing.
    pub check: Option<Result<BuildReport, SystemError>>,
}

/// Imports the files of `opts` into the site.
pub fn import(opts: &ImportOptions) -> ImportOutcome {
    let mut out = ImportOutcome::default();
    if !opts.root.join("site.yaml").is_file() {
        let root = opts.root.display();
        out.diagnostics.push(
            Diagnostic::error(
                "import-no-site",
                &opts.root,
                Pos::default(),
                t!(
                    "{root} không phải thư mục trang (không có site.yaml)",
                    "{root} is not a site folder (no site.yaml)"
                ),
            )
            .with_hint(t!(
                "chạy lệnh trong thư mục trang, hoặc chỉ rõ bằng --root THƯ_MỤC",
                "run it in the site folder, or give it with --root DIR"
            )),
        );
        return out;
    }
    let mut sources: Vec<(PathBuf, Option<Source>)> = Vec::new();
    for file in &opts.files {
        match formats::read_source(file, file) {
            Ok(s) => sources.push((file.clone(), Some(s))),
            Err(d) => {
                out.diagnostics.push(*d);
                sources.push((file.clone(), None));
            }
        }
    }
    let mut site = site_facts(&opts.root);
    let kinds: Vec<Option<ImportKind>> = sources
        .iter()
        .map(|(_, s)| s.as_ref().map(|s| opts.kind.unwrap_or_else(|| recognise(s))))
        .collect();
    let owners = list_owners(&sources, &kinds, &mut out.diagnostics);
    let facts: Vec<Option<Facts>> = sources
        .iter()
        .zip(&kinds)
        .zip(&owners)
        .map(|(((f, s), k), owner)| match (s, k, owner) {
            (Some(s), Some(ImportKind::Plan | ImportKind::Decision), None) => {
                Some(document::facts(s, &file_name(f)))
            }
            _ => None,
        })
        .collect();
    for f in facts.iter().flatten() {
        site.known.extend(document::known_of(f));
    }
    for (i, ((file, src), kind)) in sources.iter().zip(&kinds).enumerate() {
        let lists: Vec<(String, &Source)> = (i + 1..sources.len())
            .filter(|&j| owners[j] == Some(i))
            .filter_map(|j| Some((file_name(&sources[j].0), sources[j].1.as_ref()?)))
            .collect();
        let draft = match (src.as_ref(), kind, &facts[i], owners[i]) {
            (_, _, _, Some(_)) => None,
            (_, Some(ImportKind::Plan), Some(f), _) => Some(document::draft(f, &site)),
            (Some(s), Some(ImportKind::Decision), _, _) => {
                match decision::draft(s, file, &site, &lists) {
                    Ok(d) => Some(d),
                    Err(d) => {
                        out.diagnostics.push(*d);
                        None
                    }
                }
            }
            (Some(s), Some(ImportKind::Ledger), _, _) => {
                match ledger::draft(s, file, &opts.root, opts.skip_bad_rows) {
                    Ok(d) => Some(d),
                    Err(ds) => {
                        out.diagnostics.extend(ds);
                        None
                    }
                }
            }
            _ => None,
        };
        let notices = src.as_ref().map(|s| s.notices.clone()).unwrap_or_default();
        let list_of = owners[i].map(|o| {
            let rows = src.as_ref().map_or(0, decision::list_len);
            (sources[o].0.clone(), rows)
        });
        out.files.push(FileOutcome { file: file.clone(), draft, notices, list_of });
    }
    refuse_overwrites(&opts.root, &mut out);
    if !out.diagnostics.is_empty() || opts.dry_run {
        return out;
    }
    write_all(&opts.root, &mut out);
    if out.diagnostics.is_empty() && !out.written.is_empty() {
        let check =
            BuildOptions { root: opts.root.clone(), check_only: true, ..BuildOptions::default() };
        out.check = Some(pipeline::build(&check));
    }
    out
}

/// For each file that is a recipient list on its own, the decision it goes with: the nearest
/// decision before it on the command line (`import quyet-dinh.docx danh-sach.xlsx`). A list with
/// no decision before it is an error saying how to give it.
fn list_owners(
    sources: &[(PathBuf, Option<Source>)],
    kinds: &[Option<ImportKind>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let mut owners: Vec<Option<usize>> = vec![None; sources.len()];
    for (i, (file, src)) in sources.iter().enumerate() {
        let is_list = matches!(kinds[i], Some(ImportKind::Plan | ImportKind::Decision))
            && src.as_ref().is_some_and(decision::looks_like_list);
        if !is_list {
            continue;
        }
        let owner =
            (0..i).rev().find(|&j| kinds[j] == Some(ImportKind::Decision) && owners[j].is_none());
        match owner {
            Some(j) => owners[i] = Some(j),
            None => {
                let shown = file_name(file);
                diagnostics.push(
                    Diagnostic::error(
                        "import-list-alone",
                        file,
                        Pos::default(),
                        t!(
                            "{shown} là một danh sách khen thưởng, nhưng không có quyết định nào đứng trước nó trong lệnh",
                            "{shown} is a list of recipients, but no decision comes before it in the command"
                        ),
                    )
                    .with_hint(t!(
                        "cho tệp quyết định trước, rồi đến tệp danh sách của nó: `minhbach import quyet-dinh.docx {shown}`",
                        "give the decision's file first, then its list: `minhbach import quyet-dinh.docx {shown}`"
                    )),
                );
            }
        }
    }
    owners
}

/// What a file holds when `--kind` does not say: a ledger's table, a decision (its type line, or
/// a table of people), else a document.
fn recognise(s: &Source) -> ImportKind {
    if ledger::looks_like_ledger(s) {
        return ImportKind::Ledger;
    }
    if decision::looks_like_decision(s) {
        return ImportKind::Decision;
    }
    ImportKind::Plan
}

/// Every file to write, relative to the root.
fn targets(out: &ImportOutcome) -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    for f in &out.files {
        if let Some(d) = &f.draft {
            all.push((d.target.clone(), emit::file_text(d)));
            all.extend(d.extra.iter().cloned());
        }
    }
    all
}

/// An existing file, or two drafts with one name, stop the run.
fn refuse_overwrites(root: &Path, out: &mut ImportOutcome) {
    let all = targets(out);
    for (i, (rel, _)) in all.iter().enumerate() {
        let twice = all[..i].iter().any(|(r, _)| r == rel);
        if root.join(rel).exists() || twice {
            let shown = rel.display();
            out.diagnostics.push(
                Diagnostic::error(
                    "import-exists",
                    rel,
                    Pos::default(),
                    t!("{shown} đã có: lệnh nhập không ghi đè", "{shown} already exists: import never overwrites"),
                )
                .with_hint(t!(
                    "nếu muốn thay, xóa hoặc đổi tên tệp cũ rồi nhập lại; để xem trước mà không ghi, dùng --dry-run",
                    "to replace it, delete or rename the old file and import again; to preview without writing, use --dry-run"
                )),
            );
        }
    }
}

/// Writes every draft, each file created new; when one fails, those already written are removed.
fn write_all(root: &Path, out: &mut ImportOutcome) {
    use std::io::Write;
    for (rel, text) in targets(out) {
        let abs = root.join(&rel);
        let result = abs
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|_| std::fs::OpenOptions::new().write(true).create_new(true).open(&abs))
            .and_then(|mut f| f.write_all(text.as_bytes()));
        match result {
            Ok(()) => out.written.push(rel),
            Err(e) => {
                out.diagnostics.push(*crate::read::text::io_diag(&rel, &e));
                for w in out.written.drain(..) {
                    let _ = std::fs::remove_file(root.join(w));
                }
                return;
            }
        }
    }
}

/// What the site already has: documents cited by its documents (and the documents themselves),
/// and its campaigns.
fn site_facts(root: &Path) -> SiteFacts {
    let mut facts = SiteFacts::default();
    for (dir, is_doc) in [("content/van-ban", true), ("content/phong-trao", false)] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "md") {
                continue;
            }
            let rel = Path::new(dir).join(e.file_name());
            let Some(front) = front_matter(&p, &rel) else { continue };
            if is_doc {
                site_known(&front, &rel, &mut facts.known);
            } else {
                let stem =
                    p.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
                facts.campaigns.push(front.get("id").and_then(Node::as_text).unwrap_or(stem));
            }
        }
    }
    facts
}

fn front_matter(abs: &Path, rel: &Path) -> Option<Node> {
    let text = crate::read::text::read_text(abs, rel).ok()?;
    let split = crate::read::text::split_front_matter(&text, rel).ok()?;
    crate::read::front_matter(&split, rel).ok()
}

fn site_known(front: &Node, rel: &Path, known: &mut Vec<Known>) {
    let cited_in = rel.display().to_string().replace('\\', "/");
    let entry = |n: &Node| -> Option<Known> {
        Some(Known {
            number: n.get("number")?.as_text()?,
            date: n
                .get("date")
                .and_then(Node::as_text)
                .and_then(|d| crate::vi::PartialDate::parse(&d).ok()),
            title: n.get("title").and_then(Node::as_text),
            cited_in: cited_in.clone(),
        })
    };
    if let Some(k) = entry(front) {
        known.push(k);
    }
    if let Some(yaml::Value::Seq(items)) = front.get("bases").map(|b| &b.value) {
        known.extend(items.iter().filter_map(entry));
    }
}

/// The name of an imported file as the written files mention it (no folders of this machine).
fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

//! Update history of every record: each commit that changed a record's file, told in the record's
//! own terms (recipients added or removed, which field changed from what to what, targets and
//! quotas, the body text), with personal data of the past kept out.
//!
//! Goes in: the versions of each file read from git by the load stage
//! ([`crate::load::history`]) and the records of this build. Each version is read with the same
//! readers as the file on disk, then the typed records of two versions are compared field by
//! field through their serialised form, so a new field of a record kind shows in its history
//! without code here. Lists of rows are compared by each row's identity (`id`, else its name,
//! label or number), so a recipient removed from the middle of an annex is one removal, not a
//! change of every row after it.
//!
//! Privacy holds for the past: a value the privacy guard ([`super::privacy`]) would refuse today
//! is never put in a change; the change says a value was removed for privacy instead. Commit
//! messages are checked the same way, and authors' e-mail addresses are never read.
//!
//! [`fields`] compares two versions of a record.
//!
//! Only files changed at least twice (or changed since the last commit, in the preview) are read
//! again: a record published once and never changed needs no reading to say so. What the reading
//! of such a record gave is kept for the next build (`.minhbach-cache/history-records.json`),
//! keyed by its versions (commit, path and content id of each) and, for the whole file, by the
//! site's settings and this program's version: a rebuild with no new commit reads no old version,
//! and a new commit makes only the records it touched be read again.

mod fields;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub(crate) use fields::FieldChange;
use fields::{body_summary, diff_maps, line_diff, sentence};

use super::gather::{Record, read_record};
use super::privacy::Guard;
use super::records::kind_root;
use super::site::{ModelOptions, Site};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::history::{History, Version, read_records_cache, write_records_cache};
use crate::load::{SourceKind, source_from_text};
use crate::t;

/// One commit that changed a record (or, in the preview, the changes not committed yet).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Change {
    /// Full commit id (empty for changes not committed yet).
    pub(crate) commit: String,
    /// The first 7 characters of the id.
    pub(crate) short: String,
    /// `16/9/2022` (Vietnam time).
    pub(crate) date: String,
    /// RFC 3339 time, for `<time>` and feeds.
    pub(crate) iso: String,
    /// The commit message's first line (hidden when it holds personal data).
    pub(crate) message: String,
    /// The author's name, only with `history: { authors: true }`.
    pub(crate) author: Option<String>,
    /// The record's first publication.
    pub(crate) first: bool,
    /// Not committed yet ("chưa công bố", preview only).
    pub(crate) unpublished: bool,
    /// The fields that changed.
    pub(crate) fields: Vec<FieldChange>,
    /// The body text's change in a few words (`thêm 2 dòng, bỏ 1 dòng`).
    pub(crate) body: Option<String>,
    /// Lines of the body removed (`-`) and added (`+`), privacy-checked, for the full view.
    pub(crate) body_lines: Vec<(char, String)>,
    /// The record's address before this change, when its id (and so its address) changed.
    pub(crate) old_url: Option<String>,
    /// The file's path before this change, when the file was moved or renamed.
    pub(crate) moved_from: Option<String>,
    /// This version could not be read with today's readers (it had an error when it was
    /// committed, or an older format): what it changed is told by the next readable version.
    pub(crate) unreadable: bool,
}

impl Change {
    /// A change with `message` and nothing else.
    fn blank(message: String) -> Change {
        Change {
            commit: String::new(),
            short: String::new(),
            date: String::new(),
            iso: String::new(),
            message,
            author: None,
            first: false,
            unpublished: false,
            fields: Vec::new(),
            body: None,
            body_lines: Vec::new(),
            old_url: None,
            moved_from: None,
            unreadable: false,
        }
    }

    /// Nothing the record publishes changed.
    fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.body.is_none()
            && self.old_url.is_none()
            && self.moved_from.is_none()
            && !self.unreadable
    }
}

/// The history of one record.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct RecordHistory {
    /// Site path of the record.
    pub(crate) url: String,
    /// Title.
    pub(crate) title: String,
    /// Kind (`Quyết định khen thưởng`).
    pub(crate) kind: &'static str,
    /// Source file (`content/…`).
    pub(crate) source: String,
    /// Changes, newest first.
    pub(crate) changes: Vec<Change>,
}

/// A record's old address: (old path, record path, source file).
pub(crate) type OldUrl = (String, String, String);

/// The history of the whole site.
#[derive(Clone, Debug, Default)]
pub(crate) struct SiteHistory {
    /// Each record's history, by site path.
    pub(crate) records: HashMap<String, Arc<RecordHistory>>,
    /// Old addresses of records whose id changed: (old path, record path, source file).
    pub(crate) old_urls: Vec<OldUrl>,
}

impl SiteHistory {
    /// Every change of the site, newest first: (record, change).
    pub(crate) fn recent(&self) -> Vec<(&RecordHistory, &Change)> {
        let mut v: Vec<(&RecordHistory, &Change)> = self
            .records
            .values()
            .flat_map(|r| r.changes.iter().map(move |c| (r.as_ref(), c)))
            .collect();
        v.sort_by(|a, b| {
            (b.1.unpublished, &b.1.iso, &a.0.url).cmp(&(a.1.unpublished, &a.1.iso, &b.0.url))
        });
        v
    }
}

/// A record of this build with a page: (source file, url, title, kind label, kind).
struct Target<'a> {
    source: &'a str,
    url: &'a str,
    title: &'a str,
    kind: &'static str,
}

/// The kind label of a fund period.
const FUND_KIND: &str = "Quỹ Vì người nghèo";

/// The records whose history is shown.
fn targets(site: &Site) -> Vec<Target<'_>> {
    fn of<'a>(m: &'a super::records::Meta, kind: &'static str) -> Target<'a> {
        Target { source: &m.source, url: &m.url, title: &m.title, kind }
    }
    let mut v = Vec::new();
    v.extend(site.campaigns.iter().map(|r| of(&r.meta, "Phong trào")));
    v.extend(site.documents.iter().map(|r| of(&r.meta, "Văn bản")));
    v.extend(site.exemplars.iter().map(|r| of(&r.meta, "Gương điển hình")));
    v.extend(site.decisions.iter().map(|r| of(&r.meta, "Quyết định khen thưởng")));
    for p in &site.fund {
        v.push(Target { source: &p.source, url: &p.url, title: &p.id, kind: FUND_KIND });
    }
    v
}

/// The history of every record of `site`. `preview`: show what is not committed yet, with
/// `dirty` the files changed since the last commit.
pub(crate) fn build_history(
    config: &Config,
    site: &Site,
    history: &History,
    preview: Option<&HashSet<String>>,
    root: &Path,
    opts: ModelOptions,
) -> SiteHistory {
    let empty = HashSet::new();
    let (preview, dirty) = (preview.is_some(), preview.unwrap_or(&empty));
    let guard = Guard::new(config);
    let fund_csvs = fund_csvs(config, history);
    let commits = commit_facts(&guard, config, history);
    let ctx = Ctx { config, guard: &guard, history, root, opts, fund_csvs, commits };
    let settings = settings_key(config, opts);
    let cached = read_records_cache::<Computed>(root)
        .filter(|c| c.settings == settings)
        .map(|c| c.records)
        .unwrap_or_default();
    let hits = AtomicUsize::new(0);
    let records: Vec<(Arc<RecordHistory>, Option<OldUrl>, Option<String>)> = targets(site)
        .par_iter()
        .filter_map(|t| {
            let own = history.files.get(t.source);
            // A file never committed has a history only in the preview: "not yet published".
            if own.is_none() && !preview {
                return None;
            }
            let versions = match own {
                Some(o) if t.kind == FUND_KIND => ctx.period_versions(o),
                Some(o) => o.clone(),
                None => Vec::new(),
            };
            // A fund period is read with the fund's CSV ledgers: an edit of one may change it.
            let ledgers_only = t.kind == FUND_KIND
                && !dirty.contains(t.source)
                && ctx.fund_csvs.iter().any(|(p, _)| dirty.contains(*p));
            let dirty = own.is_none() || dirty.contains(t.source) || ledgers_only;
            // Only what needs reading is worth keeping.
            let key = (!dirty && versions.len() > 1).then(|| ctx.record_key(t, &versions));
            let mut changes =
                match key.as_ref().and_then(|k| cached.get(t.source).filter(|c| c.0 == *k)) {
                    Some((_, changes)) => {
                        hits.fetch_add(1, Ordering::Relaxed);
                        changes.clone()
                    }
                    None => ctx.changes(t, &versions, dirty),
                };
            // A ledger edit that changed nothing of this period is not its change.
            if ledgers_only && changes.first().is_some_and(|c| c.unpublished && c.is_empty()) {
                changes.remove(0);
            }
            let old = changes.iter().find_map(|c| c.old_url.clone());
            let alias = old.map(|o| (o, t.url.to_string(), t.source.to_string()));
            let rh = RecordHistory {
                url: t.url.to_string(),
                title: t.title.to_string(),
                kind: t.kind,
                source: t.source.to_string(),
                changes,
            };
            Some((Arc::new(rh), alias, key))
        })
        .collect();
    let mut out = SiteHistory::default();
    let mut computed = Computed { settings, records: HashMap::new() };
    for (rh, alias, key) in records {
        if let Some(k) = key {
            computed.records.insert(rh.source.clone(), (k, rh.changes.clone()));
        }
        out.old_urls.extend(alias);
        out.records.insert(rh.url.clone(), rh);
    }
    out.old_urls.sort();
    let hits = hits.into_inner();
    if hits != computed.records.len() || hits != cached.len() {
        write_records_cache(root, &computed);
    }
    if std::env::var_os("MINHBACH_TIMINGS").is_some() {
        eprintln!(
            "[timings]   history: {} records compared ({hits} from the cache), {} versions read from git",
            computed.records.len(),
            history.texts_read()
        );
    }
    out
}

/// The changes worked out for records with more than one version, by an earlier build.
#[derive(Serialize, Deserialize, Default)]
struct Computed {
    /// [`settings_key`] of the build that worked them out.
    settings: String,
    /// By source file: the key of its versions ([`Ctx::versions_key`]) and its changes.
    records: HashMap<String, (String, Vec<Change>)>,
}

/// What, besides a record's versions, decides its changes: the site's settings as loaded
/// (readers, privacy guard, authors shown; as the render cache keys them, by their `Debug`
/// form, so a setting from any file counts and `site.yaml` is not read again), the model's
/// options and this program's version (its readers).
fn settings_key(config: &Config, opts: ModelOptions) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(format!("{opts:?}|{config:?}").as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Warnings for records whose address changed (their id or slug did) without the old address
/// among their `aliases`: links to the old address, in the news or in a reporter's notes, would
/// break.
pub(crate) fn suggest_aliases(site: &Site, h: &SiteHistory, diags: &mut Vec<Diagnostic>) {
    let metas: HashMap<&str, &super::records::Meta> =
        site.metas().into_iter().map(|m| (m.url.as_str(), m)).collect();
    for (old, now, source) in &h.old_urls {
        let Some(m) = metas.get(now.as_str()) else { continue };
        if m.aliases.iter().any(|a| a == old) || old == now {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                "old-address",
                Path::new(source),
                m.pos,
                t!(
                    "địa chỉ của bản ghi đã đổi từ {old} thành {now} (lịch sử git); liên kết cũ sẽ hỏng",
                    "the record's address changed from {old} to {now} (git history); old links will break"
                ),
            )
            .with_hint(t!(
                "thêm `aliases: [\"{old}\"]` vào bản ghi để địa chỉ cũ chuyển tới trang mới",
                "add `aliases: [\"{old}\"]` to the record so the old address redirects to the new page"
            )),
        );
    }
}

/// What every record's history needs.
struct Ctx<'a> {
    config: &'a Config,
    guard: &'a Guard,
    history: &'a History,
    root: &'a Path,
    opts: ModelOptions,
    /// The fund's CSV files (`content/quy/…csv`) with their versions.
    fund_csvs: Vec<(&'a str, &'a [Version])>,
    /// Each commit as a change with nothing changed yet (dates and privacy-checked message
    /// worked out once per commit, not once per record).
    commits: Vec<Change>,
}

/// A version read: its record's fields (serialised) and its body.
struct Read {
    fields: Map<String, Value>,
    body: String,
    url: Option<String>,
}

impl Ctx<'_> {
    /// The versions of a record as a cache key: each one's commit, path and content id.
    fn versions_key(&self, versions: &[Version]) -> String {
        let mut key = String::new();
        for v in versions {
            let commit = self.history.commits.get(v.commit).map_or("", |c| c.id.as_str());
            key.push_str(commit);
            key.push(' ');
            key.push_str(&v.path);
            key.push(' ');
            key.push_str(v.blob.as_deref().unwrap_or("-"));
            key.push('\n');
        }
        key
    }

    /// The cache key of a record's reading: its versions, and for a fund period the versions of
    /// the fund's CSV ledgers it reads with each of them.
    fn record_key(&self, t: &Target<'_>, versions: &[Version]) -> String {
        let mut key = self.versions_key(versions);
        if t.kind == FUND_KIND {
            for (path, vs) in &self.fund_csvs {
                key.push_str(path);
                key.push('\n');
                key.push_str(&self.versions_key(vs));
            }
        }
        key
    }

    /// The changes of one record, newest first.
    fn changes(&self, t: &Target<'_>, versions: &[Version], dirty: bool) -> Vec<Change> {
        let mut out = Vec::new();
        // Oldest first: each version is compared with the one before it.
        let chrono: Vec<&Version> = versions.iter().rev().collect();
        let needs_reading = chrono.len() > 1 || dirty;
        let mut prev: Option<Read> = None;
        for (i, v) in chrono.iter().enumerate() {
            let Some(commit) = self.commits.get(v.commit) else { continue };
            let first = i == 0;
            let mut ch = Change { first, ..commit.clone() };
            if i > 0 && chrono[i - 1].path != v.path {
                ch.moved_from = Some(chrono[i - 1].path.clone());
            }
            if needs_reading {
                let text = self.history.text(v);
                let now = text.as_deref().and_then(|tx| self.read(&v.path, tx, Some(v.commit)));
                if let (Some(a), Some(b)) = (&prev, &now) {
                    self.compare(a, b, &mut ch);
                }
                // A version that is there but cannot be read is said, never skipped silently.
                ch.unreadable = text.is_some() && now.is_none();
                if now.is_some() {
                    prev = now;
                }
                // A commit that changed the file but nothing the record publishes (spacing,
                // comments, another period's ledger) is not a change of the record.
                if !first && ch.is_empty() {
                    continue;
                }
            }
            out.push(ch);
        }
        if dirty {
            let mut ch = Change::blank("Chưa công bố".into());
            ch.unpublished = true;
            ch.first = chrono.is_empty();
            if let Some(a) = &prev
                && let Some(now) = self.read_disk(t)
            {
                self.compare(a, &now, &mut ch);
            }
            out.push(ch);
        }
        out.reverse();
        out
    }

    /// The record as it is on disk now (the preview's "not yet published").
    fn read_disk(&self, t: &Target<'_>) -> Option<Read> {
        let abs = self.root.join(t.source);
        let text = crate::read::text::read_text(&abs, Path::new(t.source)).ok()?;
        self.read(t.source, &text, None)
    }

    /// One version read with the readers of the current build (`commit`: the index of the
    /// commit it is from, `None` for the file on disk).
    fn read(&self, path: &str, text: &str, commit: Option<usize>) -> Option<Read> {
        let src = source_from_text(Path::new(path), text, self.config).ok()?;
        let body = src.body.to_string();
        if src.kind == SourceKind::FundPeriod {
            return self.read_period(&src, commit);
        }
        let (rec, _) = read_record(&src, self.config, self.opts);
        let f = &self.config.folders;
        let (value, root) = match rec? {
            Record::Campaign(r) => (serde_json::to_value(&r).ok()?, &f.campaigns),
            Record::Document(r) => (serde_json::to_value(&r).ok()?, &f.documents),
            Record::Exemplar(r) => (serde_json::to_value(&r).ok()?, &f.exemplars),
            Record::Decision(r) => (serde_json::to_value(&r).ok()?, &f.decisions),
            _ => return None,
        };
        let fields = value.as_object()?.clone();
        let url =
            fields.get("slug").and_then(Value::as_str).map(|s| format!("{}{s}/", kind_root(root)));
        Some(Read { fields, body, url })
    }
}

impl Ctx<'_> {
    /// A fund period as the build reads it: its YAML with the CSV ledgers of the same commit.
    fn read_period(&self, src: &crate::load::Source, commit: Option<usize>) -> Option<Read> {
        let mut csv_sources = Vec::new();
        for (path, versions) in &self.fund_csvs {
            let text = match commit {
                Some(c) => {
                    versions.iter().find(|v| v.commit >= c).and_then(|v| self.history.text(v))
                }
                None => crate::read::text::read_text(&self.root.join(path), Path::new(path))
                    .ok()
                    .map(Arc::from),
            };
            if let Some(t) = text
                && let Ok(s) = source_from_text(Path::new(path), &t, self.config)
            {
                csv_sources.push(s);
            }
        }
        let csvs: HashMap<std::path::PathBuf, &crate::load::Source> =
            csv_sources.iter().map(|s| (s.content_rel.clone(), s)).collect();
        let root = super::site::fund_root(self.config);
        let periods =
            super::fund::read_fund(&[src], &csvs, &root, &self.config.fund, &mut Vec::new());
        let p = periods.into_iter().next()?;
        let fields = serde_json::to_value(&p).ok()?.as_object()?.clone();
        Some(Read { fields, body: String::new(), url: None })
    }

    /// The versions of a fund period: a commit that changed its YAML or any CSV of the fund.
    fn period_versions(&self, own: &[Version]) -> Vec<Version> {
        let Some(oldest) = own.last().map(|v| v.commit) else { return Vec::new() };
        let mut commits: Vec<usize> = own.iter().map(|v| v.commit).collect();
        for (_, vs) in &self.fund_csvs {
            commits.extend(vs.iter().map(|v| v.commit).filter(|c| *c <= oldest));
        }
        commits.sort_unstable();
        commits.dedup();
        commits
            .into_iter()
            .filter_map(|c| {
                let v = own.iter().find(|v| v.commit >= c)?;
                Some(Version { commit: c, path: v.path.clone(), blob: v.blob.clone() })
            })
            .collect()
    }

    /// Fills `ch` with what changed from `a` to `b`.
    fn compare(&self, a: &Read, b: &Read, ch: &mut Change) {
        let mut fields = Vec::new();
        diff_maps(&a.fields, &b.fields, "", &mut fields);
        for f in &mut fields {
            let leaks =
                |v: &Option<String>| v.as_deref().is_some_and(|s| !self.guard.scan(s).is_empty());
            if leaks(&f.old) {
                f.hidden = true;
                f.old = None;
            }
            if leaks(&f.new) {
                f.hidden = true;
                f.new = None;
            }
            f.text = sentence(f);
        }
        ch.fields = fields;
        if a.body != b.body {
            let (removed, added) = line_diff(&a.body, &b.body);
            ch.body = Some(body_summary(added.len(), removed.len()));
            let mut lines: Vec<(char, String)> = Vec::new();
            for (sign, l) in removed.iter().map(|l| ('-', l)).chain(added.iter().map(|l| ('+', l)))
            {
                let shown = if self.guard.scan(l).is_empty() {
                    l.to_string()
                } else {
                    "(dòng có dữ liệu cá nhân nên không công bố)".to_string()
                };
                lines.push((sign, shown));
            }
            ch.body_lines = lines;
        }
        if let (Some(old), Some(new)) = (&a.url, &b.url)
            && old != new
        {
            ch.old_url = Some(old.clone());
        }
    }
}

/// Each commit of `h` as a change with the commit's facts and nothing changed yet.
fn commit_facts(guard: &Guard, config: &Config, h: &History) -> Vec<Change> {
    h.commits
        .par_iter()
        .map(|c| {
            let (date, iso) = commit_dates(c.time);
            let message = if guard.scan(&c.summary).is_empty() {
                c.summary.clone()
            } else {
                "(lời ghi có dữ liệu cá nhân nên không công bố)".into()
            };
            Change {
                commit: c.id.clone(),
                short: c.id.chars().take(7).collect(),
                date,
                iso,
                author: config.history_authors.then(|| c.author.clone()),
                ..Change::blank(message)
            }
        })
        .collect()
}

/// The fund's CSV files and their versions.
fn fund_csvs<'a>(config: &Config, h: &'a History) -> Vec<(&'a str, &'a [Version])> {
    let prefix = format!("content/{}/", config.folders.fund);
    let mut v: Vec<(&str, &[Version])> = h
        .files
        .iter()
        .filter(|(p, _)| p.starts_with(&prefix) && p.ends_with(".csv"))
        .map(|(p, vs)| (p.as_str(), vs.as_slice()))
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

/// A commit time as a Vietnamese date (`16/9/2022`, in Vietnam time) and as RFC 3339.
fn commit_dates(seconds: i64) -> (String, String) {
    let offset = jiff::tz::Offset::constant(7);
    match jiff::Timestamp::from_second(seconds) {
        Ok(ts) => {
            let dt = offset.to_datetime(ts);
            let date = format!("{}/{}/{}", dt.day(), dt.month(), dt.year());
            let iso = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
                dt.year(),
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second()
            );
            (date, iso)
        }
        Err(_) => (String::new(), "1970-01-01T00:00:00+07:00".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_time_in_vietnam() {
        // 2022-09-15T20:00:00Z is 16/9/2022 03:00 in Vietnam.
        let (d, iso) = commit_dates(1_663_272_000);
        assert_eq!(d, "16/9/2022");
        assert_eq!(iso, "2022-09-16T03:00:00+07:00");
    }
}

//! Page step for the update history: the "Thay đổi gần đây" page, its Atom feed, and each
//! record's full history page (`<record>/lich-su/`, every change with the lines of text added and
//! removed). The "Lịch sử cập nhật" section of a record's own page is its template's, from the
//! `history` value `Run::history_of` gives.

use serde::Serialize;

use super::context::Run;
use super::jobs;
use super::output::RenderFailure;
use super::values::value;
use crate::model::history::{Change, RecordHistory};

/// Site path of the recent changes page.
pub(crate) const CHANGES_ROOT: &str = "/thay-doi/";

/// How many changes the recent changes page lists, and how many its feed carries.
const RECENT_PAGE: usize = 200;
const RECENT_FEED: usize = 50;

/// Site path of a record's full history page.
pub(crate) fn full_view_url(record_url: &str) -> String {
    format!("{record_url}lich-su/")
}

/// The record a recent change is of.
#[derive(Serialize)]
struct RecordRef<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
}

/// One line of the recent changes page or feed.
#[derive(Serialize)]
struct Recent<'a> {
    record: RecordRef<'a>,
    change: &'a Change,
    /// What changed, in one sentence.
    text: String,
}

/// What is said of a version that cannot be read (templates say the same).
const UNREADABLE: &str =
    "Phiên bản này có lỗi nên không so sánh được; thay đổi của nó được tính vào lần cập nhật sau";

/// What a change did, in one sentence (`Thêm Người được khen: Lê Văn C; …`).
fn describe(c: &Change) -> String {
    let mut parts: Vec<String> = Vec::new();
    if c.first {
        parts.push("Công bố lần đầu".into());
    }
    parts.extend(c.fields.iter().map(|f| f.text.clone()));
    if let Some(b) = &c.body {
        parts.push(format!("Nội dung: {b}"));
    }
    if let Some(u) = &c.old_url {
        parts.push(format!("Địa chỉ cũ: {u}"));
    }
    if let Some(p) = &c.moved_from {
        parts.push(format!("Tệp chuyển từ {p}"));
    }
    if c.unreadable {
        parts.push(UNREADABLE.into());
    }
    if parts.is_empty() {
        parts.push("Sửa tệp (không đổi dữ liệu được công bố)".into());
    }
    parts.join("; ")
}

/// The recent changes page, its feed, and each record's full history page.
pub(crate) fn history<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let Some(h) = r.opts.history.clone() else { return Ok(()) };
    let recent: Vec<Recent<'_>> = h
        .recent()
        .into_iter()
        .take(RECENT_PAGE)
        .map(|(rh, change)| Recent {
            record: RecordRef { url: &rh.url, title: &rh.title, kind: rh.kind },
            change,
            text: describe(change),
        })
        .collect();
    let mut list = Vec::new();
    if r.wanted(CHANGES_ROOT) {
        list.push(jobs::job(
            r,
            CHANGES_ROOT,
            "changes.html",
            "changes",
            None,
            vec![("changes", value(&recent))],
        ));
    }
    if r.config.feeds {
        list.push(feed(r, &recent));
    }
    let mut records: Vec<&RecordHistory> =
        h.records.values().map(|x| x.as_ref()).filter(|x| has_details(x)).collect();
    records.sort_by(|a, b| a.url.cmp(&b.url));
    for rh in records {
        let url = full_view_url(&rh.url);
        if r.wanted(&url) {
            list.push(jobs::job(r, &url, "history.html", "history", Some(value(rh)), vec![]));
        }
    }
    jobs::render(r, list);
    Ok(())
}

/// Whether a record has more to show than its first publication (its full history page is made
/// only then).
pub(crate) fn has_details(rh: &RecordHistory) -> bool {
    rh.changes.iter().any(|c| !c.first || c.unpublished)
}

/// The Atom feed of recent changes.
fn feed<'a, E>(r: &Run<'_, E>, recent: &[Recent<'a>]) -> jobs::Job<'static> {
    #[derive(Serialize)]
    struct Entry {
        title: String,
        url: String,
        updated: String,
        summary: String,
    }
    let config = r.config;
    let entries: Vec<Entry> = recent
        .iter()
        .filter(|x| !x.change.unpublished)
        .take(RECENT_FEED)
        .map(|x| Entry {
            title: format!("{}: {}", x.record.title, x.change.message),
            url: config.absolute(&format!("{}#thay-doi-{}", x.record.url, x.change.short)),
            updated: x.change.iso.clone(),
            summary: format!("{} ({}, {})", x.text, x.change.date, x.change.short),
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated.clone()).max().unwrap_or_default();
    let feed_url = format!("{CHANGES_ROOT}atom.xml");
    jobs::job(
        r,
        &feed_url,
        "atom.xml",
        "feed",
        None,
        vec![
            ("feed_title", value(&format!("Thay đổi gần đây – {}", config.title))),
            ("feed_url", value(&config.absolute(&feed_url))),
            ("feed_home", value(&config.absolute(CHANGES_ROOT))),
            ("updated", value(&updated)),
            ("entries", value(&entries)),
        ],
    )
}

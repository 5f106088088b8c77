//! The `changes` dataset: one row per changed field of every record, with the commit id so that
//! anyone can check it against the site's git repository. Values the privacy guard refuses are
//! never in it (the model left them out; `hidden` says one was).

use super::table::{Filled, Kind, Table, opt, text, url};
use crate::model::Site;
use crate::model::history::{Change, FieldChange, RecordHistory, SiteHistory};

/// One row: a record, one of its changes, and one field of it (none for a change without field
/// changes, such as a first publication or a body edit).
type Row<'a> = (&'a RecordHistory, &'a Change, Option<&'a FieldChange>);

/// The dataset (empty when the history is off).
pub(crate) fn dataset(site: &Site, history: Option<&SiteHistory>) -> Filled {
    let cfg = &site.config;
    let mut rows: Vec<Row<'_>> = Vec::new();
    if let Some(h) = history {
        for (rec, c) in h.recent() {
            if c.unpublished {
                continue;
            }
            if c.fields.is_empty() || c.first || c.body.is_some() || c.unreadable {
                rows.push((rec, c, None));
            }
            rows.extend(c.fields.iter().map(|f| (rec, c, Some(f))));
        }
    }
    let op = |r: &Row<'_>| -> &'static str {
        match r.2 {
            Some(f) => f.op,
            None if r.1.first => "published",
            None if r.1.unreadable => "unreadable",
            None if r.1.body.is_some() => "body",
            None => "edited",
        }
    };
    Table::new(
        "changes",
        "Thay đổi của các bản ghi",
        "Mỗi dòng là một trường của một bản ghi đã thay đổi trong một lần cập nhật (commit).",
        rows,
    )
    .col("commit", Kind::String, "Mã đầy đủ của lần cập nhật (commit) trong kho git của trang.", |r| {
        text(&r.1.commit)
    })
    .col("date", Kind::String, "Thời điểm cập nhật (ISO 8601, giờ Việt Nam).", |r| text(&r.1.iso))
    .col("message", Kind::String, "Lời ghi của lần cập nhật (dòng đầu).", |r| text(&r.1.message))
    .col("recordUrl", Kind::String, "Địa chỉ trang của bản ghi.", |r| url(cfg, &r.0.url))
    .col("recordTitle", Kind::String, "Tiêu đề bản ghi.", |r| text(&r.0.title))
    .col("recordKind", Kind::String, "Loại bản ghi.", |r| text(r.0.kind))
    .col(
        "change",
        Kind::String,
        "published (công bố lần đầu), added (thêm), removed (bỏ), changed (sửa), body (sửa nội dung), unreadable (phiên bản có lỗi, không so sánh được), edited.",
        move |r| text(op(r)),
    )
    .col("item", Kind::String, "Dòng liên quan (người được khen, khoản thu...), trống nếu là bản ghi.", |r| {
        opt(r.2.map(|f| f.item.as_str()).filter(|s| !s.is_empty()))
    })
    .col("field", Kind::String, "Tên trường đã thay đổi.", |r| opt(r.2.map(|f| f.field.as_str())))
    .col("oldValue", Kind::String, "Giá trị cũ (trống nếu thêm mới hoặc bị ẩn).", |r| {
        opt(r.2.and_then(|f| f.old.as_deref()))
    })
    .col("newValue", Kind::String, "Giá trị mới (trống nếu bị bỏ hoặc bị ẩn).", |r| {
        opt(r.2.and_then(|f| f.new.as_deref()))
    })
    .col(
        "hiddenForPrivacy",
        Kind::Boolean,
        "true khi một giá trị là dữ liệu cá nhân nên không công bố.",
        |r| serde_json::Value::Bool(r.2.is_some_and(|f| f.hidden)),
    )
    .col("summary", Kind::String, "Thay đổi trong một câu.", |r| match r.2 {
        Some(f) => text(&f.text),
        None => opt(r.1.body.as_deref()),
    })
    .fill()
}

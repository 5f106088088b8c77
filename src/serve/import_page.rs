//! The preview's import page, `/__minhbach/nhap/`: a document imported from the browser.
//!
//! In goes a form post with a file (`.docx`, `.xlsx`, `.xls`, `.ods`, `.csv`, `.txt`) and its
//! kind; out come pages: first what `minhbach import --dry-run` reads, each field with its origin
//! (a link to the line or cell, shown beside it) and its doubts; then, when the webmaster presses
//! "Ghi vào content/", the files written (by the same import, which never overwrites), links to
//! their pages once the preview has rebuilt, and the findings of the check after writing. The
//! pages are plain HTML forms, no script, styled by the site's own stylesheet. Who may use them
//! is decided before anything here runs ([`super::guard`]); only the form token is checked here,
//! as it is in the body.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::guard::{Refusal, Req, safe_file_name};
use super::state::Shared;
use super::upload::{self, MAX_UPLOAD, Upload};
use crate::diag::{Diagnostic, Lang, Severity, Text};
use crate::import::view::{self, FieldView, FileView, SourceView};
use crate::import::{ImportKind, ImportOptions, ImportOutcome};
use crate::t;

/// Where the page lives (outside any site path: the build never writes `__minhbach`).
pub(crate) const PAGE: &str = "/__minhbach/nhap/";

/// Where the write form posts.
const WRITE: &str = "/__minhbach/nhap/ghi";

/// How long the result page waits for the preview to rebuild with the new files.
const REBUILD_WAIT: Duration = Duration::from_secs(60);

/// A page to send: status line and HTML.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: &'static str,
    pub(crate) html: String,
}

/// The path is the import page's (or one of its forms').
pub(crate) fn is_import_path(path: &str) -> bool {
    path == "/__minhbach/nhap" || path.starts_with(PAGE)
}

/// HTML-escapes text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = ".mb-import{max-width:80rem;margin:0 auto;padding:1rem}\
.mb-import form p{margin:.75rem 0}.mb-import label{display:block;font-weight:600}\
.mb-import input[type=file],.mb-import select{font:inherit;padding:.5rem;max-width:100%}\
.mb-import button{font:inherit;padding:.5rem 1rem;cursor:pointer}\
.mb-cols{display:grid;gap:1.5rem}@media(min-width:60rem){.mb-cols{grid-template-columns:1fr 1fr}}\
.mb-src{max-height:80vh;overflow:auto;border:1px solid #767676;padding:.5rem}\
.mb-src ol{list-style:none;padding:0;margin:0}.mb-src li{white-space:pre-wrap}\
.mb-src :target{outline:3px solid #005a9c;background:#fff3bf}.mb-src:focus{outline:3px solid #005a9c}\
.mb-label{display:inline-block;min-width:5.5rem;color:#4a4a4a;font-size:.85em}\
.mb-import table{border-collapse:collapse}.mb-import th,.mb-import td{border:1px solid #bbb;padding:.25rem .5rem;vertical-align:top;text-align:left}\
.mb-doubt{background:#fff3bf;color:#1a1a1a;margin:.25rem 0}\
.mb-alert{border-left:4px solid #a3120f;background:#fff4f4;color:#1a1a1a;padding:.5rem 1rem}\
.mb-ok{border-left:4px solid #1b6e20;background:#f0f8f0;color:#1a1a1a;padding:.5rem 1rem}\
.mb-import pre{white-space:pre-wrap;overflow-wrap:anywhere}";

/// A whole page.
fn page(shared: &Shared, title: &Text, main: &str) -> String {
    let lang = shared.lang;
    let code = if lang == Lang::Vi { "vi" } else { "en" };
    let css = format!("{}style.css", shared.base());
    let title = esc(title.get(lang));
    let back = t!("Về trang xem trước", "Back to the preview");
    let back = esc(back.get(lang));
    let base = esc(&shared.base());
    format!(
        "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"robots\" content=\"noindex\"><title>{title} · minhbach</title>\
<link rel=\"stylesheet\" href=\"{css}\"><style>{STYLE}</style></head>\
<body><main id=\"main\" class=\"mb-import\"><h1>{title}</h1>\n{main}\n\
<p><a href=\"{base}\">{back}</a></p></main></body></html>\n",
        css = esc(&css)
    )
}

/// A refusal as a page: what was wrong (`role="alert"`) and a link back to the form.
pub(crate) fn refused(shared: &Shared, r: &Refusal) -> Reply {
    let lang = shared.lang;
    let again = t!("Mở lại trang nhập", "Open the import page again");
    let main = format!(
        "<div class=\"mb-alert\" role=\"alert\"><p>{}</p></div><p><a href=\"{PAGE}\">{}</a></p>",
        esc(r.text.get(lang)),
        esc(again.get(lang))
    );
    let title = t!("Không nhận yêu cầu", "Request refused");
    Reply { status: r.status, html: page(shared, &title, &main) }
}

/// The upload form.
fn form(shared: &Shared) -> String {
    let lang = shared.lang;
    let token = esc(shared.import.guard.token());
    let mb = MAX_UPLOAD / (1024 * 1024);
    let s = |t: Text| esc(t.get(lang));
    format!(
        "<p>{intro}</p>\n<form method=\"post\" action=\"{PAGE}\" enctype=\"multipart/form-data\">\
<input type=\"hidden\" name=\"token\" value=\"{token}\">\
<p><label for=\"mb-file\">{file}</label>\
<input id=\"mb-file\" name=\"file\" type=\"file\" required aria-describedby=\"mb-file-help\" \
accept=\".docx,.xlsx,.xls,.ods,.csv,.txt\"></p><p id=\"mb-file-help\">{help}</p>\
<p><label for=\"mb-kind\">{kind}</label><select id=\"mb-kind\" name=\"kind\">\
<option value=\"\">{auto}</option><option value=\"plan\">{plan}</option>\
<option value=\"decision\">{decision}</option><option value=\"ledger\">{ledger}</option>\
</select></p><p><button type=\"submit\">{go}</button></p></form>",
        intro = s(t!(
            "Chọn tệp văn bản nhận được (kế hoạch, quyết định khen thưởng, sổ quỹ). Trang này chỉ đọc và cho xem từng trường đọc được cùng chỗ đọc ra; chưa ghi gì cho đến khi bạn bấm “Ghi vào content/”.",
            "Pick a document you received (a plan, an award decision, a fund ledger). This page only reads it and shows each field with where it was read; nothing is written until you press “Ghi vào content/”."
        )),
        file = s(t!("Tệp cần nhập", "File to import")),
        help = s(t!(
            "Chọn hoặc kéo thả tệp vào ô: .docx, .xlsx, .xls, .ods, .csv, .txt; tối đa {mb} MB.",
            "Pick or drop a file: .docx, .xlsx, .xls, .ods, .csv, .txt; at most {mb} MB."
        )),
        kind = s(t!("Loại văn bản", "Kind")),
        auto = s(t!("Tự nhận biết", "Recognise it")),
        plan = s(t!("Kế hoạch hoặc văn bản khác", "Plan or other document")),
        decision = s(t!("Quyết định khen thưởng", "Award decision")),
        ledger = s(t!("Sổ thu chi quỹ", "Fund ledger")),
        go = s(t!("Đọc và xem trước", "Read and preview")),
    )
}

/// `GET /__minhbach/nhap/`: the form.
pub(crate) fn get(shared: &Shared, _req: &Req) -> Reply {
    let title = t!("Nhập văn bản vào trang", "Import a document");
    Reply { status: "200 OK", html: page(shared, &title, &form(shared)) }
}

/// `POST`: the form's token checked, then a preview (`/__minhbach/nhap/`) or a write
/// (`/__minhbach/nhap/ghi`).
pub(crate) fn post(shared: &Shared, req: &Req, body: Vec<u8>) -> Reply {
    let form = match upload::parse(req.header("content-type").unwrap_or(""), body) {
        Ok(f) => f,
        Err(e) => {
            let e = crate::diag::printable(&e);
            let text =
                t!("biểu mẫu gửi lên không đọc được: {e}", "the form could not be read: {e}");
            return refused(shared, &Refusal { status: "400 Bad Request", text });
        }
    };
    if let Err(r) = shared.import.guard.check_token(form.get("token")) {
        return refused(shared, &r);
    }
    if req.path == WRITE {
        return write(shared, form.get("upload").unwrap_or(""));
    }
    let Some((client_name, bytes)) = form.file.as_ref().filter(|(n, _)| !n.is_empty()) else {
        let text = t!("chưa chọn tệp nào", "no file was chosen");
        return refused(shared, &Refusal { status: "400 Bad Request", text });
    };
    let name = match safe_file_name(client_name) {
        Ok(n) => n,
        Err(r) => return refused(shared, &r),
    };
    let kind = match form.get("kind").unwrap_or("") {
        "plan" => Some(ImportKind::Plan),
        "decision" => Some(ImportKind::Decision),
        "ledger" => Some(ImportKind::Ledger),
        _ => None,
    };
    let up = match Upload::save(&name, kind, bytes) {
        Ok(u) => shared.import.uploads.keep(u),
        Err(e) => {
            let text = t!("không lưu được tệp tạm: {e}", "could not keep the upload: {e}");
            return refused(shared, &Refusal { status: "500 Internal Server Error", text });
        }
    };
    preview(shared, &up)
}

/// Runs the import of an upload; messages name the file by its name, not its temporary path.
fn run(shared: &Shared, up: &Upload, dry_run: bool) -> ImportOutcome {
    let path = up.path();
    let opts = ImportOptions {
        root: shared.import.root.clone(),
        files: vec![path.clone()],
        kind: up.kind,
        dry_run,
        skip_bad_rows: false,
    };
    let mut out = crate::import::import(&opts);
    for d in &mut out.diagnostics {
        if d.file == path {
            d.file = PathBuf::from(&up.name);
        }
    }
    out
}

/// Problems as a list; errors in an alert.
fn diagnostics(lang: Lang, ds: &[Diagnostic]) -> String {
    let mut out = String::new();
    let errors = ds.iter().any(|d| d.severity == Severity::Error);
    let _ = write!(
        out,
        "<div class=\"{}\"{}><ul>",
        if errors { "mb-alert" } else { "mb-doubt" },
        if errors { " role=\"alert\"" } else { "" }
    );
    for d in ds {
        let label = d.severity.label(lang);
        let _ = write!(
            out,
            "<li><code>{}</code> {label}: {}",
            esc(&d.location()),
            esc(d.message.get(lang))
        );
        if let Some(h) = &d.hint {
            let _ = write!(out, "<br><em>{}</em>", esc(h.get(lang)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></div>");
    out
}

fn kind_label(k: ImportKind) -> Text {
    match k {
        ImportKind::Plan => t!("văn bản, kế hoạch", "document, plan"),
        ImportKind::Decision => t!("quyết định khen thưởng", "award decision"),
        ImportKind::Ledger => t!("sổ quỹ", "fund ledger"),
    }
}

/// Where a field was read, linked to the source beside it.
fn origin(lang: Lang, f: &FieldView) -> String {
    match &f.anchor {
        Some(a) => format!("<a href=\"#{}\">{}</a>", esc(a), esc(f.origin.get(lang))),
        None => esc(f.origin.get(lang)),
    }
}

fn doubt(lang: Lang, why: &Option<Text>) -> String {
    let label = t!("Kiểm tra lại", "Check");
    why.as_ref()
        .map(|w| {
            format!(
                "<p class=\"mb-doubt\"><strong>{}:</strong> {}</p>",
                esc(label.get(lang)),
                esc(w.get(lang))
            )
        })
        .unwrap_or_default()
}

/// The fields of one file as a table: key, value (a list's items below it), origin.
fn fields_table(lang: Lang, f: &FileView) -> String {
    let s = |t: Text| esc(t.get(lang));
    let mut out = format!(
        "<table><caption>{} <code>{}</code> ({})</caption><thead><tr><th scope=\"col\">{}</th>\
<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        s(t!("Sẽ ghi", "Will write")),
        esc(&f.target),
        s(kind_label(f.kind)),
        s(t!("Trường", "Field")),
        s(t!("Giá trị", "Value")),
        s(t!("Đọc từ", "Read from")),
    );
    for field in &f.fields {
        let mut value = esc(&field.value);
        if !field.items.is_empty() {
            value.push_str("<ul>");
            for i in &field.items {
                let _ = write!(
                    value,
                    "<li>{} ({}){}</li>",
                    esc(&i.value),
                    origin(lang, i),
                    doubt(lang, &i.unsure)
                );
            }
            value.push_str("</ul>");
        }
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{value}{}</td><td>{}</td></tr>",
            esc(field.key),
            doubt(lang, &field.unsure),
            origin(lang, field)
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// The source's lines and tables, each line or cell with the id the fields link to.
fn source_html(lang: Lang, src: &SourceView) -> String {
    let mut out = String::new();
    if !src.lines.is_empty() {
        out.push_str("<ol>");
        for l in &src.lines {
            let _ = write!(
                out,
                "<li id=\"{}\"><span class=\"mb-label\">{}</span> {}</li>",
                esc(&l.anchor),
                esc(l.label.get(lang)),
                esc(&l.text)
            );
        }
        out.push_str("</ol>");
    }
    if src.more_lines > 0 {
        let n = src.more_lines;
        let _ = write!(
            out,
            "<p>{}</p>",
            esc(t!("… và {n} dòng nữa", "… and {n} more lines").get(lang))
        );
    }
    for t in &src.tables {
        let _ = write!(out, "<table><caption>{}</caption><tbody>", esc(&t.name));
        for row in &t.rows {
            out.push_str("<tr>");
            for c in row {
                let _ = write!(
                    out,
                    "<td id=\"{}\" title=\"{}\">{}</td>",
                    esc(&c.anchor),
                    esc(c.label.get(lang)),
                    esc(&c.text)
                );
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
        if t.more > 0 {
            let n = t.more;
            let _ = write!(
                out,
                "<p>{}</p>",
                esc(t!("… và {n} dòng nữa", "… and {n} more rows").get(lang))
            );
        }
    }
    out
}

/// The dry run of an upload: fields beside the source, and the write button when nothing stops it.
fn preview(shared: &Shared, up: &Upload) -> Reply {
    let lang = shared.lang;
    let s = |t: Text| esc(t.get(lang));
    let out = run(shared, up, true);
    let files = view::files(&out);
    let mut main = String::new();
    if !out.diagnostics.is_empty() {
        main.push_str(&diagnostics(lang, &out.diagnostics));
    }
    main.push_str("<div class=\"mb-cols\"><section aria-labelledby=\"mb-read\">");
    let _ = write!(main, "<h2 id=\"mb-read\">{}</h2>", s(t!("Đã đọc được", "What was read")));
    for f in &files {
        for n in &f.notices {
            let _ = write!(main, "<p class=\"mb-doubt\">{}</p>", esc(n.get(lang)));
        }
        main.push_str(&fields_table(lang, f));
        if !f.notes.is_empty() {
            main.push_str("<ul>");
            for n in &f.notes {
                let _ = write!(main, "<li class=\"mb-doubt\">{}</li>", esc(n.get(lang)));
            }
            main.push_str("</ul>");
        }
        for x in &f.extra {
            let _ = write!(main, "<p>{} <code>{}</code></p>", s(t!("Và", "And")), esc(x));
        }
        let _ = write!(
            main,
            "<details><summary>{}</summary><pre>{}</pre></details>",
            s(t!("Tệp sẽ ghi", "The file to write")),
            esc(&f.text)
        );
    }
    let src = view::source(&up.path(), Path::new(&up.name));
    main.push_str("</section><section aria-labelledby=\"mb-src\">");
    let _ = write!(
        main,
        "<h2 id=\"mb-src\">{} <code>{}</code></h2><div class=\"mb-src\" tabindex=\"0\" role=\"region\" aria-labelledby=\"mb-src\">{}</div></section></div>",
        s(t!("Nội dung tệp", "The file")),
        esc(&up.name),
        src.map(|v| source_html(lang, &v)).unwrap_or_default()
    );
    if out.diagnostics.is_empty() && !files.is_empty() {
        let _ = write!(
            main,
            "<form method=\"post\" action=\"{WRITE}\" enctype=\"multipart/form-data\">\
<input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"upload\" value=\"{}\">\
<p>{}</p><p><button type=\"submit\">{}</button></p></form>",
            esc(shared.import.guard.token()),
            esc(&up.id),
            s(t!(
                "Các giá trị có “Kiểm tra lại” được ghi kèm chú thích # kiểm tra lại để bạn xác nhận. Không tệp nào bị ghi đè.",
                "Values marked “Check” are written with a # kiểm tra lại comment for you to confirm. No file is overwritten."
            )),
            s(t!("Ghi vào content/", "Write into content/"))
        );
    } else {
        let _ = write!(
            main,
            "<p>{}</p>",
            s(t!(
                "Chưa ghi gì. Sửa tệp rồi tải lên lại.",
                "Nothing written. Fix the file and upload it again."
            ))
        );
    }
    let _ = write!(
        main,
        "<p><a href=\"{PAGE}\">{}</a></p>",
        s(t!("Nhập tệp khác", "Import another file"))
    );
    let title = t!("Xem trước khi nhập: {}", "Preview of the import: {}", up.name);
    Reply { status: "200 OK", html: page(shared, &title, &main) }
}

/// Waits until the preview has rebuilt after `generation` (or [`REBUILD_WAIT`] passed).
fn wait_for_rebuild(shared: &Shared, generation: u64) {
    let start = Instant::now();
    while start.elapsed() < REBUILD_WAIT {
        if shared.generation.load(Ordering::SeqCst) > generation
            && !shared.building.load(Ordering::SeqCst)
        {
            return;
        }
        let (lock, cv) = &shared.changed;
        if let Ok(g) = lock.lock() {
            let _ = cv.wait_timeout(g, Duration::from_millis(100));
        }
    }
}

/// The pages of the last good build.
fn pages(shared: &Shared) -> BTreeSet<String> {
    let files = shared.files.lock();
    files
        .map(|f| f.keys().filter(|k| k.ends_with("index.html")).cloned().collect())
        .unwrap_or_default()
}

/// The preview's addresses of the pages a written content file made: pages of its section
/// (`content/van-ban/x.md` → `/van-ban/<slug>/`, `content/quy/2024.yaml` →
/// `/quy-vi-nguoi-ngheo/2024/`) that the rebuild added. The slug comes from the file's facts (its
/// `id`, number or title), not its name, so new pages are looked for rather than names guessed.
fn pages_of(shared: &Shared, written: &Path, new: &BTreeSet<String>) -> Vec<String> {
    let Some(dir) = written.strip_prefix("content").ok().and_then(Path::parent) else {
        return Vec::new();
    };
    let dir = dir.to_string_lossy().replace('\\', "/");
    let section = if dir == "quy" { "quy-vi-nguoi-ngheo".to_string() } else { dir };
    let base = shared.base();
    new.iter()
        .filter(|k| k.starts_with(&format!("{section}/")) && k.matches('/').count() == 2)
        .map(|k| format!("{base}{}", k.trim_end_matches("index.html")))
        .collect()
}

/// `POST /__minhbach/nhap/ghi`: writes the upload's files, waits for the rebuild, shows them with
/// the check's findings.
fn write(shared: &Shared, id: &str) -> Reply {
    let lang = shared.lang;
    let s = |t: Text| esc(t.get(lang));
    let Some(up) = shared.import.uploads.find(id) else {
        let text = t!(
            "không còn tệp tải lên này (máy chủ đã khởi động lại, hoặc đã ghi): tải tệp lên lại",
            "this upload is gone (the server restarted, or it was written): upload the file again"
        );
        return refused(shared, &Refusal { status: "404 Not Found", text });
    };
    let generation = shared.generation.load(Ordering::SeqCst);
    let before = pages(shared);
    let out = run(shared, &up, false);
    let mut main = String::new();
    if out.written.is_empty() {
        main.push_str(&diagnostics(lang, &out.diagnostics));
        let _ = write!(main, "<p>{}</p>", s(t!("Không ghi tệp nào.", "No file was written.")));
        let _ = write!(
            main,
            "<p><a href=\"{PAGE}\">{}</a></p>",
            s(t!("Nhập tệp khác", "Import another file"))
        );
        let title = t!("Chưa ghi: {}", "Not written: {}", up.name);
        return Reply { status: "409 Conflict", html: page(shared, &title, &main) };
    }
    shared.import.uploads.remove(id);
    wait_for_rebuild(shared, generation);
    let new: BTreeSet<String> = pages(shared).difference(&before).cloned().collect();
    let _ = write!(
        main,
        "<div class=\"mb-ok\" role=\"status\"><p>{}</p><ul>",
        s(t!("Đã ghi:", "Written:"))
    );
    for w in &out.written {
        let shown = w.to_string_lossy().replace('\\', "/");
        let urls = pages_of(shared, w, &new);
        let link = if shown.ends_with(".csv") {
            String::new()
        } else if urls.is_empty() {
            let none =
                t!("trang chưa dựng được (xem phần kiểm tra)", "no page built yet (see the check)");
            format!(" · {}", s(none))
        } else {
            let see = s(t!("xem trang", "see the page"));
            urls.iter().map(|u| format!(" · <a href=\"{}\">{see} {}</a>", esc(u), esc(u))).collect()
        };
        let _ = write!(main, "<li><code>{}</code>{link}</li>", esc(&shown));
    }
    main.push_str("</ul></div>");
    main.push_str(&check_html(lang, &out));
    let _ = write!(
        main,
        "<p><a href=\"{PAGE}\">{}</a></p>",
        s(t!("Nhập tệp khác", "Import another file"))
    );
    let title = t!("Đã nhập: {}", "Imported: {}", up.name);
    Reply { status: "200 OK", html: page(shared, &title, &main) }
}

/// The findings of the check after writing, as `minhbach check` gives them.
fn check_html(lang: Lang, out: &ImportOutcome) -> String {
    let mut html = format!(
        "<h2>{}</h2>",
        esc(t!("Kiểm tra trang sau khi nhập", "Check of the site after the import").get(lang))
    );
    match &out.check {
        Some(Ok(r)) => {
            let (errors, warnings) = (r.errors(), r.warnings());
            let summary =
                t!("{errors} lỗi, {warnings} cảnh báo", "{errors} errors, {warnings} warnings");
            let _ = write!(html, "<p>{}</p>", esc(summary.get(lang)));
            if !r.diagnostics.is_empty() {
                html.push_str(&diagnostics(lang, &r.diagnostics));
            }
        }
        Some(Err(e)) => {
            let _ = write!(
                html,
                "<div class=\"mb-alert\" role=\"alert\"><p>{}</p></div>",
                esc(e.message().get(lang))
            );
        }
        None => {}
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_paths_are_recognised() {
        assert_eq!(
            esc("<a href=\"x\">B&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;B&amp;&#39;&lt;/a&gt;"
        );
        assert!(is_import_path("/__minhbach/nhap"));
        assert!(is_import_path("/__minhbach/nhap/ghi"));
        assert!(!is_import_path("/__minhbach/nhapx"));
        assert!(!is_import_path("/van-ban/nhap/"));
    }
}

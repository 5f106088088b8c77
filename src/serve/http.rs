//! HTTP for the preview: reads a request, answers it from the build in memory, streams live-reload events.
//!
//! The request head is parsed by `httparse` (the parser under hyper, well kept and fuzzed); the
//! loop around it stays ours because it is small and the preview needs things a general server
//! crate makes awkward: a server-sent-events stream held open per tab and flushed at every
//! rebuild (tiny_http, for one, buffers a body of unknown length in 8 KiB chunks and would need
//! its protocol-upgrade escape hatch for that), and answers only from the map the build produced,
//! never from disk. Every connection is closed after one answer (`Connection: close`): pages are
//! few and local, and it keeps the loop simple.
//!
//! Paths are checked before they are looked up: `..`, encoded dots or slashes, backslashes and
//! control characters are refused with 400, so no request can name a file outside the output.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::guard::{Refusal, Req};
use super::import_page::{self, Reply};
use super::state::Shared;
use super::upload::MAX_BODY;
use crate::diag::Lang;

/// The content type of an output file, with charset for text.
pub(crate) fn mime(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// Decodes a request path; `None` when it could leave the site (`..`, encoded dots or slashes,
/// backslashes, NUL or other control characters) or is not valid UTF-8.
pub(crate) fn clean_request_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let mut bytes = Vec::with_capacity(path.len());
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            let v = u8::from_str_radix(hex, 16).ok()?;
            // An encoded slash or backslash would hide a segment boundary.
            if v == b'/' || v == b'\\' {
                return None;
            }
            bytes.push(v);
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(bytes).ok()?;
    if decoded.contains('\\') || decoded.chars().any(char::is_control) {
        return None;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(decoded)
}

const LIVE_JS: &str = r#"(function(){
var L=__MINHBACH_TEXTS__;
var box=null;
function show(errs){
  if(!box){box=document.createElement('div');box.id='minhbach-overlay';box.setAttribute('role','alert');
    box.style.cssText='position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;background:#fff4f4;color:#1a1a1a;border-top:4px solid #a3120f;padding:1rem;font:15px/1.5 system-ui,sans-serif;z-index:2147483647;box-shadow:0 -4px 16px rgba(0,0,0,.2)';
    document.body.appendChild(box);}
  var h='<strong>minhbach: '+errs.length+' '+esc(L.errors)+'</strong> ('+esc(L.kept)+')<ul style="margin:.5rem 0;padding-left:1.2rem">';
  errs.forEach(function(e){h+='<li><code>'+esc(e.location)+'</code>: '+esc(e.message)+(e.hint?'<br><em>'+esc(e.hint)+'</em>':'')+'</li>';});
  box.innerHTML=h+'</ul>';
}
function hide(){if(box){box.remove();box=null;}}
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
var seen=null;
var es=new EventSource('/__minhbach/events?path='+encodeURI(location.pathname));
es.addEventListener('state',function(ev){var s=JSON.parse(ev.data);
  if(seen!==null&&s.generation!==seen&&s.errors.length===0){location.reload();return;}
  seen=s.generation; if(s.errors.length){show(s.errors);}else{hide();}});
})();"#;

/// Longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// Most headers read from a request.
const MAX_HEADERS: usize = 100;

/// What came in on a connection.
enum Incoming {
    /// The client closed the connection before sending anything.
    Closed,
    /// Not an HTTP/1.x request head (or too large).
    Bad,
    /// A request: its method, raw target, headers (names in lower case) and the bytes read after
    /// the head (the start of a body).
    Request { method: String, target: String, headers: Vec<(String, String)>, rest: Vec<u8> },
}

/// Reads the request head from `stream` and parses it with `httparse`. A body is read only for
/// the import page ([`read_body`]); every other request is a GET or HEAD, and the connection is
/// closed after one answer.
fn read_head(stream: &mut TcpStream) -> std::io::Result<Incoming> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(if buf.is_empty() { Incoming::Closed } else { Incoming::Bad });
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(len)) => {
                let headers = req
                    .headers
                    .iter()
                    .map(|h| {
                        (h.name.to_ascii_lowercase(), String::from_utf8_lossy(h.value).into_owned())
                    })
                    .collect();
                return Ok(Incoming::Request {
                    method: req.method.unwrap_or("").to_string(),
                    target: req.path.unwrap_or("").to_string(),
                    headers,
                    rest: buf[len..].to_vec(),
                });
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            _ => return Ok(Incoming::Bad),
        }
    }
}

/// Reads a request body of its declared `Content-Length`, at most `max` bytes; `rest` is what
/// came with the head. A body without a length, or a longer one, is refused before it is read.
fn read_body(
    stream: &mut TcpStream,
    req: &Req,
    mut rest: Vec<u8>,
    max: u64,
) -> Result<Vec<u8>, Refusal> {
    let length = req.header("content-length").and_then(|l| l.parse::<u64>().ok());
    let chunked = req.header("transfer-encoding").is_some();
    let Some(length) = length.filter(|_| !chunked) else {
        return Err(Refusal {
            status: "411 Length Required",
            text: crate::t!("thiếu độ dài nội dung (Content-Length)", "no Content-Length"),
        });
    };
    if length > max {
        let mb = max / (1024 * 1024);
        return Err(Refusal {
            status: "413 Content Too Large",
            text: crate::t!(
                "tệp quá lớn: trang nhập nhận tệp đến {mb} MB; chia bảng thành nhiều tệp nhỏ hơn (ví dụ mỗi năm một tệp)",
                "file too large: the import page takes files up to {mb} MB; split the table into smaller files (e.g. one per year)"
            ),
        });
    }
    let short = || Refusal {
        status: "400 Bad Request",
        text: crate::t!("nội dung gửi lên bị cắt ngang", "the request body was cut short"),
    };
    rest.truncate(length as usize);
    let mut rest_of = stream.take(length - rest.len() as u64);
    rest_of.read_to_end(&mut rest).map_err(|_| short())?;
    if rest.len() as u64 != length {
        return Err(short());
    }
    Ok(rest)
}

/// Writes one whole answer and flushes it.
fn respond(
    stream: &mut TcpStream,
    status: &str,
    ctype: &str,
    body: &[u8],
    head_only: bool,
    extra: &str,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// A plain-text answer in the server's language.
fn plain(
    stream: &mut TcpStream,
    status: &str,
    text: &str,
    head_only: bool,
    extra: &str,
) -> std::io::Result<()> {
    respond(stream, status, "text/plain; charset=utf-8", text.as_bytes(), head_only, extra)
}

/// Answers one connection.
pub(crate) fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let lang = shared.lang;
    let (method, target) = match read_head(&mut stream)? {
        Incoming::Closed => return Ok(()),
        Incoming::Bad => {
            let text = crate::t!("yêu cầu không hợp lệ\n", "bad request\n");
            return plain(&mut stream, "400 Bad Request", text.get(lang), false, "");
        }
        Incoming::Request { method, target, headers, rest } => {
            if let Some(path) = clean_request_path(&target)
                && import_page::is_import_path(&path)
            {
                let peer = stream.peer_addr().ok().map(|a| a.ip());
                let req = Req { method, path, headers, peer };
                return import_route(stream, shared, &req, rest);
            }
            (method, target)
        }
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        let text = crate::t!("chỉ nhận GET và HEAD\n", "GET and HEAD only\n");
        let allow = "Allow: GET, HEAD\r\n";
        return plain(&mut stream, "405 Method Not Allowed", text.get(lang), false, allow);
    }
    let Some(path) = clean_request_path(&target) else {
        let text = crate::t!("đường dẫn không hợp lệ\n", "invalid path\n");
        return plain(&mut stream, "400 Bad Request", text.get(lang), head_only, "");
    };
    match path.as_str() {
        "/__minhbach/live.js" => {
            let js = live_js(lang);
            respond(&mut stream, "200 OK", mime(".js"), js.as_bytes(), head_only, "")
        }
        "/__minhbach/status" => {
            let body = shared.state_json();
            respond(&mut stream, "200 OK", mime(".json"), body.as_bytes(), head_only, "")
        }
        "/__minhbach/events" => {
            // `?path=` names the page the tab shows; it is rendered first after an edit.
            let page = target
                .split_once('?')
                .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("path=")))
                .and_then(clean_request_path)
                .and_then(|p| shared.output_key(&p));
            if let (Some(k), Ok(mut m)) = (&page, shared.open_pages.lock()) {
                *m.entry(k.clone()).or_insert(0) += 1;
            }
            let _guard = OpenPage { shared, key: page };
            events(stream, shared)
        }
        _ => serve_file(&mut stream, shared, &path, head_only),
    }
}

/// Answers a request for the import page: refused unless [`super::guard`] admits it; a `POST`'s
/// body read up to [`MAX_BODY`].
fn import_route(
    mut stream: TcpStream,
    shared: &Shared,
    req: &Req,
    rest: Vec<u8>,
) -> std::io::Result<()> {
    let head_only = req.method == "HEAD";
    let reply = match shared.import.guard.admit(req) {
        Err(refusal) => import_page::refused(shared, &refusal),
        Ok(()) if req.method == "POST" => {
            match read_body(&mut stream, req, rest, MAX_BODY) {
                Ok(body) => import_page::post(shared, req, body),
                Err(refusal) => {
                    let reply = import_page::refused(shared, &refusal);
                    write_reply(&mut stream, &reply, false)?;
                    // Read what the browser is still sending (bounded), so that it sees the
                    // answer rather than a reset connection.
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                    let _ =
                        std::io::copy(&mut (&mut stream).take(2 * MAX_BODY), &mut std::io::sink());
                    return Ok(());
                }
            }
        }
        Ok(()) if req.method == "GET" || head_only => import_page::get(shared, req),
        Ok(()) => {
            let text = crate::t!(
                "trang nhập chỉ nhận GET và POST\n",
                "the import page takes GET and POST only\n"
            );
            let allow = "Allow: GET, HEAD, POST\r\n";
            return plain(
                &mut stream,
                "405 Method Not Allowed",
                text.get(shared.lang),
                false,
                allow,
            );
        }
    };
    write_reply(&mut stream, &reply, head_only)
}

/// Writes a page of the import page with the headers that keep it in its own tab: no framing by
/// another page, no scripts, forms posting only to itself. The referrer policy is `same-origin`,
/// not `no-referrer`: under `no-referrer` Chromium sends `Origin: null` with the page's own forms.
fn write_reply(stream: &mut TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let extra = "Content-Security-Policy: default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n";
    let ctype = "text/html; charset=utf-8";
    respond(stream, reply.status, ctype, reply.html.as_bytes(), head_only, extra)
}

/// Answers a site path from the last good build: the file, a redirect to the site's base or to
/// a folder's slash, or the site's 404 page.
fn serve_file(
    stream: &mut TcpStream,
    shared: &Shared,
    path: &str,
    head_only: bool,
) -> std::io::Result<()> {
    let base = shared.base();
    let with_slash = format!("{path}/");
    let Some(rel) = path.strip_prefix(base.as_str()).or_else(|| (with_slash == base).then_some(""))
    else {
        if path == "/" {
            let to = format!("Location: {base}\r\n");
            return plain(stream, "302 Found", "", head_only, &to);
        }
        return not_found(stream, shared, head_only);
    };
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let (body, folder) = {
        let files = shared.files.lock().map_err(|_| std::io::Error::other("lock"))?;
        (files.get(&key).cloned(), files.contains_key(&format!("{rel}/index.html")))
    };
    if let Some(body) = body {
        let ctype = mime(&key);
        if ctype.starts_with("text/html") {
            return respond(stream, "200 OK", ctype, &inject(&body), head_only, "");
        }
        return respond(stream, "200 OK", ctype, &body, head_only, "");
    }
    if folder {
        let to = format!("Location: {path}/\r\n");
        return plain(stream, "301 Moved Permanently", "", head_only, &to);
    }
    not_found(stream, shared, head_only)
}

fn not_found(stream: &mut TcpStream, shared: &Shared, head_only: bool) -> std::io::Result<()> {
    let page = shared.files.lock().ok().and_then(|f| f.get("404.html").cloned());
    match page {
        Some(p) => {
            respond(stream, "404 Not Found", "text/html; charset=utf-8", &inject(&p), head_only, "")
        }
        None => plain(stream, "404 Not Found", "404\n", head_only, ""),
    }
}

/// The live-reload script with the overlay's texts in `lang`.
fn live_js(lang: Lang) -> String {
    let errors = crate::t!("lỗi", "errors");
    let kept = crate::t!(
        "trang đang hiển thị bản dựng tốt gần nhất",
        "the page shows the last good build"
    );
    let texts = serde_json::json!({ "errors": errors.get(lang), "kept": kept.get(lang) });
    LIVE_JS.replace("__MINHBACH_TEXTS__", &texts.to_string())
}

/// Unregisters an open page when its event stream ends.
struct OpenPage<'a> {
    shared: &'a Shared,
    key: Option<String>,
}

impl Drop for OpenPage<'_> {
    fn drop(&mut self) {
        if let (Some(k), Ok(mut m)) = (&self.key, self.shared.open_pages.lock())
            && let Some(n) = m.get_mut(k)
        {
            *n -= 1;
            if *n == 0 {
                m.remove(k);
            }
        }
    }
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = b"<script src=\"/__minhbach/live.js\"></script>";
    let pos =
        html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[pos..]);
    out
}

/// Server-sent events: the state now, then after every rebuild.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    let mut seen = u64::MAX;
    loop {
        let g = shared.generation.load(Ordering::SeqCst);
        if g != seen {
            seen = g;
            let msg = format!("event: state\ndata: {}\n\n", shared.state_json());
            stream.write_all(msg.as_bytes())?;
            stream.flush()?;
        }
        let (lock, cv) = &shared.changed;
        let guard = lock.lock().map_err(|_| std::io::Error::other("lock"))?;
        let (_g, timeout) = cv
            .wait_timeout(guard, Duration::from_secs(15))
            .map_err(|_| std::io::Error::other("lock"))?;
        if timeout.timed_out() {
            // Keep the connection alive through proxies; fails when the page is gone.
            stream.write_all(b": ping\n\n")?;
            stream.flush()?;
        }
    }
}

/// Opens `url` in the default browser, by the `opener` crate: `$BROWSER` when set, else on
/// Windows the shell's program for `http` links (`ShellExecuteW`, as a double-click would), on
/// macOS `open`, elsewhere `xdg-open` (opener carries a copy for systems without one). It returns
/// once the browser is started, without waiting for it; the error says what could not be started.
pub(crate) fn open_browser(url: &str) -> Result<(), String> {
    opener::open_browser(url).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../site.yaml",
            "/a/../../x",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2Fsite.yaml",
            "/..%5csite.yaml",
            "/a\\b",
            "/a%00b",
            "x",
            "/%zz",
        ] {
            assert_eq!(clean_request_path(bad), None, "{bad}");
        }
        assert_eq!(clean_request_path("/van-ban/?q=1").as_deref(), Some("/van-ban/"));
        assert_eq!(clean_request_path("/t%C3%ACm").as_deref(), Some("/tìm"));
    }

    #[test]
    fn mime_types_carry_utf8() {
        assert_eq!(mime("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime("style.css"), "text/css; charset=utf-8");
        assert_eq!(mime("van-ban/atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(mime("x.bin"), "application/octet-stream");
    }

    #[test]
    fn live_script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__minhbach/live.js\"></script></body></html>"
        );
    }
}

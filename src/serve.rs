//! Preview server: builds the site into memory, serves it on loopback, rebuilds on change and reloads open pages.
//!
//! The site is served from memory, never from disk, so no request can read a file outside the
//! output: a path is looked up in the map the build produced, after refusing `..`, encoded dots,
//! backslashes and control characters. Open pages hold a server-sent-events connection; after a
//! rebuild they reload, and while the content has errors they show an overlay with file, line,
//! message and fix, over the last good version of the page.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::diag::{Lang, Severity};
use crate::pipeline::{self, BuildOptions, BuildReport, MemoryOutput, SystemError, Target};

/// What `minhbach serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub bind: IpAddr,
    /// Port (0 = any free port).
    pub port: u16,
    /// Open the site in a browser once it is built.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Print only problems.
    pub quiet: bool,
    /// Message language.
    pub lang: Lang,
}

/// The state shared between the watcher and the request handlers.
struct Shared {
    /// The last good build.
    files: MemoryOutput,
    /// Problems of the latest build (empty when it succeeded).
    errors: Mutex<Vec<ErrorView>>,
    /// Increases at every build; open pages wait on it.
    generation: AtomicU64,
    changed: (Mutex<u64>, Condvar),
    /// The path prefix the site lives under (`/` or `/thi-dua/`).
    base_path: Mutex<String>,
}

#[derive(Clone, Debug)]
struct ErrorView {
    location: String,
    message: String,
    hint: String,
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

impl Shared {
    fn state_json(&self) -> String {
        let errors = self.errors.lock().map(|e| e.clone()).unwrap_or_default();
        let items: Vec<String> = errors
            .iter()
            .map(|e| {
                format!(
                    "{{\"location\":{},\"message\":{},\"hint\":{}}}",
                    json_escape(&e.location),
                    json_escape(&e.message),
                    json_escape(&e.hint)
                )
            })
            .collect();
        format!(
            "{{\"generation\":{},\"errors\":[{}]}}",
            self.generation.load(Ordering::SeqCst),
            items.join(",")
        )
    }

    fn bump(&self) {
        let g = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (lock, cv) = &self.changed;
        if let Ok(mut v) = lock.lock() {
            *v = g;
        }
        cv.notify_all();
    }
}

/// Runs the server until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), SystemError> {
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| SystemError(format!("{}:{}: {e}", opts.bind, opts.port)))?;
    let addr = listener.local_addr().map_err(|e| SystemError(e.to_string()))?;
    let vi = opts.lang == Lang::Vi;
    if !opts.bind.is_loopback() {
        eprintln!(
            "{}",
            if vi {
                format!(
                    "cảnh báo: máy chủ xem trước đang mở cho mạng ({}), không chỉ máy này. Đây là công cụ xem trước, không dùng để phục vụ công chúng.",
                    opts.bind
                )
            } else {
                format!(
                    "warning: the preview server listens on the network ({}), not only this machine. It is a preview tool, not for public serving.",
                    opts.bind
                )
            }
        );
    }
    let shared = Arc::new(Shared {
        files: Mutex::new(BTreeMap::new()),
        errors: Mutex::new(Vec::new()),
        generation: AtomicU64::new(0),
        changed: (Mutex::new(0), Condvar::new()),
        base_path: Mutex::new("/".into()),
    });
    let host =
        if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let origin = format!("http://{host}:{}", addr.port());

    rebuild(&opts, &shared, &origin);
    let url = format!("{origin}{}", shared.base_path.lock().map(|b| b.clone()).unwrap_or_default());
    println!(
        "{}",
        if vi {
            format!("Đang phục vụ tại {url} (Ctrl+C để dừng)")
        } else {
            format!("Serving at {url} (Ctrl+C to stop)")
        }
    );
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }

    // Watcher: polls the site's sources; cheap, portable, and no dependency.
    {
        let shared = Arc::clone(&shared);
        let opts = opts.clone();
        let origin = origin.clone();
        std::thread::spawn(move || {
            let mut last = snapshot(&opts.root);
            loop {
                std::thread::sleep(Duration::from_millis(150));
                let now = snapshot(&opts.root);
                if now != last {
                    // Let an editor finish writing (save = truncate + write).
                    std::thread::sleep(Duration::from_millis(50));
                    last = snapshot(&opts.root);
                    rebuild(&opts, &shared, &origin);
                }
            }
        });
    }

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
    Ok(())
}

/// Modification times and sizes of everything a build reads.
fn snapshot(root: &Path) -> Vec<(PathBuf, SystemTime, u64)> {
    let mut v = Vec::new();
    for top in ["content", "themes", "templates", "static", "site.yaml"] {
        let p = root.join(top);
        if !p.exists() {
            continue;
        }
        for e in walkdir::WalkDir::new(&p).follow_links(true).into_iter().flatten() {
            if let Ok(m) = e.metadata()
                && m.is_file()
            {
                v.push((
                    e.path().to_path_buf(),
                    m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                    m.len(),
                ));
            }
        }
    }
    v.sort();
    v
}

fn rebuild(opts: &ServeOptions, shared: &Shared, origin: &str) {
    let started = Instant::now();
    // Read base_url's path from site.yaml so sub-path sites are served where they will live.
    let mut ignored = Vec::new();
    let base_path = crate::config::Config::load(&opts.root, &mut ignored)
        .map(|c| c.base_path)
        .unwrap_or_else(|| "/".into());
    let bopts = BuildOptions {
        root: opts.root.clone(),
        base_url: Some(format!("{origin}{base_path}")),
        drafts: opts.drafts,
        ..BuildOptions::default()
    };
    let fresh: MemoryOutput = Mutex::new(BTreeMap::new());
    let report = pipeline::build_into(&bopts, Target::Memory(&fresh));
    match report {
        Ok(r) => {
            print_report(&r, opts, started);
            let errors: Vec<ErrorView> = r
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| ErrorView {
                    location: d.location(),
                    message: d.message.get(opts.lang).to_string(),
                    hint: d.hint.as_ref().map(|h| h.get(opts.lang).to_string()).unwrap_or_default(),
                })
                .collect();
            if errors.is_empty() {
                if let (Ok(mut f), Ok(new)) = (shared.files.lock(), fresh.into_inner()) {
                    *f = new;
                }
                if let Ok(mut b) = shared.base_path.lock() {
                    *b = base_path;
                }
            }
            if let Ok(mut e) = shared.errors.lock() {
                *e = errors;
            }
        }
        Err(e) => {
            eprintln!("minhbach: {e}");
            if let Ok(mut errs) = shared.errors.lock() {
                *errs = vec![ErrorView {
                    location: opts.root.display().to_string(),
                    message: e.to_string(),
                    hint: String::new(),
                }];
            }
        }
    }
    shared.bump();
}

fn print_report(r: &BuildReport, opts: &ServeOptions, started: Instant) {
    for d in &r.diagnostics {
        eprintln!("{}", d.render(opts.lang));
    }
    let ms = started.elapsed().as_millis();
    let (errors, warnings) = (r.errors(), r.warnings());
    if errors > 0 {
        if opts.lang == Lang::Vi {
            eprintln!(
                "minhbach: {errors} lỗi, {warnings} cảnh báo; vẫn phục vụ bản dựng tốt gần nhất ({ms} ms)"
            );
        } else {
            eprintln!(
                "minhbach: {errors} errors, {warnings} warnings; still serving the last good build ({ms} ms)"
            );
        }
    } else if !opts.quiet {
        if opts.lang == Lang::Vi {
            println!(
                "minhbach: đã dựng {} trang, {} bản ghi; {warnings} cảnh báo ({ms} ms)",
                r.pages, r.records
            );
        } else {
            println!(
                "minhbach: built {} pages, {} records; {warnings} warnings ({ms} ms)",
                r.pages, r.records
            );
        }
    }
}

fn open_browser(url: &str) {
    let cmd: &[&str] = if cfg!(target_os = "windows") {
        &["cmd", "/C", "start", ""]
    } else if cfg!(target_os = "macos") {
        &["open"]
    } else {
        &["xdg-open"]
    };
    let _ = std::process::Command::new(cmd[0])
        .args(&cmd[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// The content type of an output file, with charset for text.
pub fn mime(path: &str) -> &'static str {
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
pub fn clean_request_path(raw: &str) -> Option<String> {
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
var box=null;
function show(errs){
  if(!box){box=document.createElement('div');box.id='minhbach-overlay';box.setAttribute('role','alert');
    box.style.cssText='position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;background:#fff4f4;color:#1a1a1a;border-top:4px solid #a3120f;padding:1rem;font:15px/1.5 system-ui,sans-serif;z-index:2147483647;box-shadow:0 -4px 16px rgba(0,0,0,.2)';
    document.body.appendChild(box);}
  var h='<strong>minhbach: '+errs.length+' lỗi / errors</strong> (trang đang hiển thị bản dựng tốt gần nhất)<ul style="margin:.5rem 0;padding-left:1.2rem">';
  errs.forEach(function(e){h+='<li><code>'+esc(e.location)+'</code>: '+esc(e.message)+(e.hint?'<br><em>'+esc(e.hint)+'</em>':'')+'</li>';});
  box.innerHTML=h+'</ul>';
}
function hide(){if(box){box.remove();box=null;}}
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
var seen=null;
var es=new EventSource('/__minhbach/events');
es.addEventListener('state',function(ev){var s=JSON.parse(ev.data);
  if(seen!==null&&s.generation!==seen&&s.errors.length===0){location.reload();return;}
  seen=s.generation; if(s.errors.length){show(s.errors);}else{hide();}});
})();"#;

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

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.by_ref().take(8192).read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    // Drain headers.
    let mut headers: HashMap<String, String> = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.by_ref().take(8192).read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
        if headers.len() > 100 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET only\n",
            false,
            "Allow: GET, HEAD\r\n",
        );
    }
    let Some(path) = clean_request_path(target) else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain; charset=utf-8",
            "Đường dẫn không hợp lệ / invalid path\n".as_bytes(),
            head_only,
            "",
        );
    };
    match path.as_str() {
        "/__minhbach/live.js" => {
            return respond(
                &mut stream,
                "200 OK",
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                head_only,
                "",
            );
        }
        "/__minhbach/status" => {
            let body = shared.state_json();
            return respond(
                &mut stream,
                "200 OK",
                "application/json; charset=utf-8",
                body.as_bytes(),
                head_only,
                "",
            );
        }
        "/__minhbach/events" => return events(stream, shared),
        _ => {}
    }
    let base = shared.base_path.lock().map(|b| b.clone()).unwrap_or_else(|_| "/".into());
    let Some(rel) =
        path.strip_prefix(base.as_str()).or_else(|| (path.clone() + "/" == base).then_some(""))
    else {
        if path == "/" {
            return respond(
                &mut stream,
                "302 Found",
                "text/plain; charset=utf-8",
                b"",
                head_only,
                &format!("Location: {base}\r\n"),
            );
        }
        return not_found(&mut stream, shared, head_only);
    };
    let files = shared.files.lock().map_err(|_| std::io::Error::other("lock"))?;
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(body) = files.get(&key) {
        let ctype = mime(&key);
        if ctype.starts_with("text/html") {
            let html = inject(body);
            drop(files);
            return respond(&mut stream, "200 OK", ctype, &html, head_only, "");
        }
        let body = body.clone();
        drop(files);
        return respond(&mut stream, "200 OK", ctype, &body, head_only, "");
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        drop(files);
        return respond(
            &mut stream,
            "301 Moved Permanently",
            "text/plain; charset=utf-8",
            b"",
            head_only,
            &format!("Location: {path}/\r\n"),
        );
    }
    drop(files);
    not_found(&mut stream, shared, head_only)
}

fn not_found(stream: &mut TcpStream, shared: &Shared, head_only: bool) -> std::io::Result<()> {
    let page = shared.files.lock().ok().and_then(|f| f.get("404.html").cloned());
    match page {
        Some(p) => {
            respond(stream, "404 Not Found", "text/html; charset=utf-8", &inject(&p), head_only, "")
        }
        None => {
            respond(stream, "404 Not Found", "text/plain; charset=utf-8", b"404\n", head_only, "")
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

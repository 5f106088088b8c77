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
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::diag::{Lang, Severity};
use crate::pipeline::{self, BuildOptions, BuildReport, Caches, MemoryOutput, SystemError, Target};

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
    /// Output files shown in open browser tabs (with the number of tabs): after an edit they are
    /// rendered first, and the tabs reload before the rest of the site is rebuilt.
    open_pages: Mutex<HashMap<String, usize>>,
    /// A rebuild is running.
    building: std::sync::atomic::AtomicBool,
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
            "{{\"generation\":{},\"building\":{},\"errors\":[{}]}}",
            self.generation.load(Ordering::SeqCst),
            self.building.load(Ordering::SeqCst),
            items.join(",")
        )
    }

    /// The output file a site path is served from (`/thi-dua/van-ban/` -> `van-ban/index.html`).
    fn output_key(&self, path: &str) -> Option<String> {
        let base = self.base_path.lock().map(|b| b.clone()).unwrap_or_else(|_| "/".into());
        let rel = path.strip_prefix(base.as_str())?;
        Some(if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        })
    }

    fn open_keys(&self) -> std::collections::HashSet<String> {
        self.open_pages.lock().map(|m| m.keys().cloned().collect()).unwrap_or_default()
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
pub fn serve(mut opts: ServeOptions) -> Result<(), SystemError> {
    // Absolute, so the watcher's paths and the build's paths compare equal.
    if let Ok(c) = opts.root.canonicalize() {
        opts.root = c;
    }
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| SystemError::Listen(format!("{}:{}", opts.bind, opts.port), e))?;
    let addr = listener.local_addr().map_err(SystemError::Io)?;
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
        open_pages: Mutex::new(HashMap::new()),
        building: std::sync::atomic::AtomicBool::new(true),
    });
    let host =
        if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let origin = format!("http://{host}:{}", addr.port());

    let watcher = Watch::start(&opts.root);
    let mut caches = Caches::default();
    rebuild(&opts, &shared, &origin, &mut caches);
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

    // Watcher: the system's file notifications (inotify, FSEvents, ReadDirectoryChangesW), or
    // polling where they are not available.
    {
        let shared = Arc::clone(&shared);
        let opts = opts.clone();
        let origin = origin.clone();
        std::thread::spawn(move || watch(&opts, &shared, &origin, caches, watcher));
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

/// What a build reads, under the site folder.
const WATCHED: [&str; 5] = ["content", "themes", "templates", "static", "site.yaml"];

/// The system's file notifications, or a snapshot to poll against. Started before the first
/// build, so that a file saved while the site is being built is not missed.
struct Watch {
    root: PathBuf,
    rx: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    /// `None`: notifications are not available here; poll.
    watcher: Option<notify::RecommendedWatcher>,
    /// The top-level folders watched so far (a folder created later is added then).
    watched: Vec<&'static str>,
    /// What the polling fallback compares against.
    last: Vec<(PathBuf, SystemTime, u64)>,
    /// Set by the watcher when a file changes: a whole rebuild under way gives up, so that
    /// the next save is shown at once instead of after the rebuild.
    pending: Arc<AtomicBool>,
}

impl Watch {
    fn start(root: &Path) -> Watch {
        use notify::{RecursiveMode, Watcher};
        let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let pending = Arc::new(AtomicBool::new(false));
        let mut w = Watch {
            root,
            rx,
            watcher: None,
            watched: Vec::new(),
            last: Vec::new(),
            pending: Arc::clone(&pending),
        };
        let watched_root = w.root.clone();
        let handler = move |ev: notify::Result<notify::Event>| {
            // Reads (ours included), editors' swap or backup files and files no build reads
            // change nothing (the loop below skips them too, so a rebuild cancelled for them
            // would not be started again).
            if !matches!(&ev, Ok(e) if matches!(e.kind, notify::EventKind::Access(_))
                || !e.paths.iter().any(|p| triggers_build(&watched_root, p)))
            {
                pending.store(true, Ordering::SeqCst);
            }
            let _ = tx.send(ev);
        };
        // The root itself (not recursively) sees site.yaml and new top-level folders.
        w.watcher = notify::recommended_watcher(handler)
            .and_then(|mut n| n.watch(&w.root, RecursiveMode::NonRecursive).map(|()| n))
            .ok();
        if !w.add_folders() {
            w.watcher = None;
        }
        if w.watcher.is_none() {
            w.last = snapshot(&w.root);
        }
        w
    }

    /// Watches the folders a build reads that exist and are not watched yet; false when the
    /// system refused (too many watches).
    fn add_folders(&mut self) -> bool {
        use notify::{RecursiveMode, Watcher};
        let Some(n) = &mut self.watcher else { return true };
        for top in WATCHED.iter().take(4) {
            let p = self.root.join(top);
            if !self.watched.contains(top) && p.is_dir() {
                if n.watch(&p, RecursiveMode::Recursive).is_err() {
                    return false;
                }
                self.watched.push(top);
            }
        }
        true
    }
}

/// Quiet time after a change before rebuilding, so that the events of one save (truncate +
/// write, or write + rename) make one rebuild. A write that comes later triggers another
/// rebuild, so a short window never leaves a half-written file built.
const DEBOUNCE_MS: u64 = 20;

/// Rebuilds whenever something the build reads changes, until the process ends.
fn watch(opts: &ServeOptions, shared: &Shared, origin: &str, mut caches: Caches, mut w: Watch) {
    use notify::EventKind;
    let root = w.root.clone();
    if w.watcher.is_none() {
        // No notifications (too many watches, a network drive): poll.
        loop {
            let now = snapshot(&root);
            if now != w.last {
                std::thread::sleep(Duration::from_millis(50));
                w.last = snapshot(&root);
                caches.sources.note_changes([], true);
                rebuild(opts, shared, origin, &mut caches);
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }
    loop {
        let Ok(first) = w.rx.recv() else { return };
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut structural = false;
        let mut take = |ev: notify::Result<notify::Event>| match ev {
            Ok(ev) => {
                let kind = ev.kind;
                if matches!(kind, EventKind::Access(_)) {
                    return;
                }
                let ps: Vec<PathBuf> =
                    ev.paths.into_iter().filter(|p| triggers_build(&root, p)).collect();
                if ps.is_empty() {
                    return;
                }
                if !matches!(
                    kind,
                    EventKind::Modify(notify::event::ModifyKind::Data(_))
                        | EventKind::Modify(notify::event::ModifyKind::Any)
                ) {
                    structural = true;
                }
                paths.extend(ps);
            }
            // The watcher lost track (queue overflow): look at everything.
            Err(_) => {
                structural = true;
                paths.push(root.join("content"));
            }
        };
        take(first);
        // Let an editor finish writing (save = truncate + write, or write + rename).
        while let Ok(ev) = w.rx.recv_timeout(Duration::from_millis(DEBOUNCE_MS)) {
            take(ev);
        }
        // Every event so far is in `paths`; one that comes during the rebuild sets it again.
        w.pending.store(false, Ordering::SeqCst);
        if paths.is_empty() {
            continue;
        }
        if structural && !w.add_folders() {
            // Out of watches: from now on, poll.
            w.watcher = None;
            w.last = snapshot(&root);
            caches.sources.note_changes([], true);
            rebuild(opts, shared, origin, &mut caches);
            return watch(opts, shared, origin, caches, w);
        }
        caches.sources.note_changes(paths, structural);
        rebuild_or_give_up(opts, shared, origin, &mut caches, Some(&w.pending));
    }
}

/// Whether a change to `p` can change the site: it lies in a folder a build reads (or is
/// `site.yaml`) and is not an editor's swap, lock or backup file.
fn triggers_build(root: &Path, p: &Path) -> bool {
    let read = p
        .strip_prefix(root)
        .ok()
        .and_then(|r| r.components().next())
        .is_some_and(|c| WATCHED.iter().any(|w| c.as_os_str() == *w));
    read && !p.file_name().and_then(|n| n.to_str()).is_some_and(crate::load::is_ignored)
}

/// Modification times and sizes of everything a build reads.
fn snapshot(root: &Path) -> Vec<(PathBuf, SystemTime, u64)> {
    let mut v = Vec::new();
    for top in WATCHED {
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

/// Rebuilds after a change: first only the pages open in a browser (they reload at once), then
/// the whole site in memory. The first build, and any build while content has errors, is whole.
fn rebuild(opts: &ServeOptions, shared: &Shared, origin: &str, caches: &mut Caches) {
    rebuild_or_give_up(opts, shared, origin, caches, None);
}

/// [`rebuild`]; the whole rebuild gives up when `cancel` is set (a newer save is waiting: the
/// caller rebuilds again at once, open pages first).
fn rebuild_or_give_up(
    opts: &ServeOptions,
    shared: &Shared,
    origin: &str,
    caches: &mut Caches,
    cancel: Option<&Arc<AtomicBool>>,
) {
    let started = Instant::now();
    shared.building.store(true, Ordering::SeqCst);
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
    let same_base = shared.base_path.lock().map(|b| *b == base_path).unwrap_or(false);
    let had_errors = shared.errors.lock().map(|e| !e.is_empty()).unwrap_or(true);
    let open = shared.open_keys();
    let mut reloaded = false;
    if same_base && !had_errors && !open.is_empty() && shared.generation.load(Ordering::SeqCst) > 0
    {
        let fresh: MemoryOutput = Mutex::new(BTreeMap::new());
        let report = pipeline::build_incremental(
            &bopts,
            Target::Memory(&fresh),
            Some(caches),
            Some(Arc::new(open)),
        );
        match report {
            Ok(r) if r.errors() == 0 => {
                if let (Ok(mut f), Ok(new)) = (shared.files.lock(), fresh.into_inner()) {
                    f.extend(new);
                }
                shared.bump();
                reloaded = true;
                if !opts.quiet {
                    let ms = started.elapsed().as_millis();
                    if opts.lang == Lang::Vi {
                        println!(
                            "minhbach: đã tải lại trang đang mở ({ms} ms); đang dựng lại toàn bộ…"
                        );
                    } else {
                        println!(
                            "minhbach: reloaded the open pages ({ms} ms); rebuilding the rest…"
                        );
                    }
                }
            }
            // Errors (or a system error): the whole build below reports them.
            _ => {}
        }
    }
    let fresh: MemoryOutput = Mutex::new(BTreeMap::new());
    let bopts = BuildOptions { cancel: cancel.cloned(), ..bopts };
    let report = pipeline::build_incremental(&bopts, Target::Memory(&fresh), Some(caches), None);
    if matches!(&report, Ok(r) if r.cancelled) {
        // The pages open were reloaded above; the next rebuild does the rest.
        shared.building.store(false, Ordering::SeqCst);
        return;
    }
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
    shared.building.store(false, Ordering::SeqCst);
    if !reloaded {
        shared.bump();
    }
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
var es=new EventSource('/__minhbach/events?path='+encodeURI(location.pathname));
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
            return events(stream, shared);
        }
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

//! `minhbach serve`: a real server on a free port, driven over HTTP while the site is edited.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Site;

/// A running `minhbach serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub(crate) addr: String,
}

impl Server {
    pub(crate) fn start(site: &Site) -> Server {
        Server::start_with(site, &[], &[], Stdio::null())
    }

    /// Starts with more arguments and environment variables; `stderr` is where its messages go.
    pub(crate) fn start_with(
        site: &Site,
        args: &[&str],
        env: &[(&str, &Path)],
        stderr: Stdio,
    ) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(["serve", "--port", "0", "--root", site.root().to_str().unwrap()])
            .args(args)
            .envs(env.iter().copied())
            .env_remove("MINHBACH_LANG")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start minhbach serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://") {
                    let rest = &line[i + "http://".len()..];
                    let addr = rest.split('/').next().unwrap_or("").to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(120)).expect("serve prints its address");
        Server { child, addr }
    }

    /// `(status code, headers, body)` of a GET of a raw request target.
    pub(crate) fn get(&self, target: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr)
            .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let code = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (code, head.to_string(), body.to_string())
    }

    /// The status JSON.
    fn status(&self) -> String {
        self.get("/__minhbach/status").2
    }

    /// The build generation from the status JSON.
    pub(crate) fn generation(&self) -> u64 {
        let s = self.status();
        s.split("\"generation\":")
            .nth(1)
            .and_then(|r| r.split([',', '}']).next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Waits until a build newer than `after` has finished and `ok` holds for the status.
    pub(crate) fn wait_for(&self, after: u64, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.status();
            if self.generation() > after && s.contains("\"building\":false") && ok(&s) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "no rebuild seen; status: {s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_rebuilds_on_edit_reports_errors_and_recovers() {
    let site = Site::fixture("mini");
    let server = Server::start(&site);
    let (code, head, body) = server.get("/tin-tuc/tin-1/");
    assert_eq!(code, 200, "{head}");
    assert!(body.contains("Nội dung tin 1."), "{body}");
    // Live reload is injected into pages, never written to a build.
    assert!(body.contains("/__minhbach/live.js"));
    assert!(head.contains("Cache-Control: no-store"));
    assert!(!site.exists("index.html"), "serve writes nothing to public/");

    // An edit shows up.
    let g = server.generation();
    site.write(
        "content/tin-tuc/tin-1.md",
        "---\ntitle: Tin số 1 về người nghèo\ndate: 2023-01-15\n---\nNội dung đã sửa.\n",
    );
    server.wait_for(g, |s| s.contains("\"errors\":[]"));
    let (_, _, body) = server.get("/tin-tuc/tin-1/");
    assert!(body.contains("Nội dung đã sửa."), "{body}");

    // A broken file: the status names file and line, the last good page is still served.
    let g = server.generation();
    site.write(
        "content/tin-tuc/tin-1.md",
        "---\ntitle: Tin số 1\ndate: 2023-01-15\ntitel: Tin 1\n---\nNội dung hỏng.\n",
    );
    let status = server.wait_for(g, |s| !s.contains("\"errors\":[]"));
    assert!(status.contains("tin-tuc/tin-1.md:4"), "{status}");
    assert!(status.contains("titel"), "{status}");
    let (code, _, body) = server.get("/tin-tuc/tin-1/");
    assert_eq!(code, 200);
    assert!(body.contains("Nội dung đã sửa."), "last good build kept: {body}");

    // Fixed: the errors clear and the page follows.
    let g = server.generation();
    site.write(
        "content/tin-tuc/tin-1.md",
        "---\ntitle: Tin số 1\ndate: 2023-01-15\n---\nNội dung lành lại.\n",
    );
    server.wait_for(g, |s| s.contains("\"errors\":[]"));
    let (_, _, body) = server.get("/tin-tuc/tin-1/");
    assert!(body.contains("Nội dung lành lại."), "{body}");

    // A new file appears, a removed one goes.
    let g = server.generation();
    site.write("content/tin-tuc/tin-4.md", "---\ntitle: Tin bốn\ndate: 2023-02-01\n---\nMới.\n");
    site.remove("content/tin-tuc/tin-2.md");
    server.wait_for(g, |s| s.contains("\"errors\":[]"));
    let start = Instant::now();
    while server.get("/tin-tuc/tin-4/").0 != 200 || server.get("/tin-tuc/tin-2/").0 != 404 {
        assert!(start.elapsed() < Duration::from_secs(60), "added/removed file not seen");
        std::thread::sleep(Duration::from_millis(100));
    }

    // An editor's swap and backup files and a file outside what a build reads rebuild nothing;
    // a real edit after them is seen as usual.
    std::thread::sleep(Duration::from_millis(500));
    let g = server.generation();
    site.write("content/tin-tuc/.tin-1.md.swp", "swap");
    site.write("content/tin-tuc/tin-1.md~", "backup");
    site.write("ghi-chu.txt", "not part of the site");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.generation(), g, "no rebuild for files no build reads");
    site.write("content/tin-tuc/tin-3.md", "---\ntitle: Tin ba\ndate: 2023-01-20\n---\nBa.\n");
    server.wait_for(g, |s| s.contains("\"errors\":[]"));
    assert!(server.get("/tin-tuc/tin-3/").2.contains("Ba."));
}

#[test]
fn refuses_traversal_and_serves_not_found_page() {
    let site = Site::fixture("mini");
    site.write("secret.txt", "do not serve");
    let server = Server::start(&site);
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/tin-tuc/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/tin-tuc/%00",
    ] {
        let (code, _, body) = server.get(bad);
        assert_eq!(code, 400, "{bad} gave {code}");
        assert!(!body.contains("do not serve"));
    }
    let (code, _, body) = server.get("/khong-co-trang-nay/");
    assert_eq!(code, 404);
    assert!(body.contains("lang=\"vi\"") || body.contains("lang=vi"), "site's 404 page: {body}");
    // A folder without its slash is redirected to it.
    let (code, head, _) = server.get("/tin-tuc");
    assert_eq!(code, 301, "{head}");
    assert!(head.contains("Location: /tin-tuc/"), "{head}");
    // Only GET and HEAD.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    write!(s, "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut r = String::new();
    s.read_to_string(&mut r).unwrap();
    assert!(r.starts_with("HTTP/1.1 405"), "{r}");
}

#[test]
fn serves_a_sub_path_site_where_it_will_live() {
    let site = Site::fixture("mini");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        yaml.replace(
            "base_url: https://thidua.example.gov.vn/",
            "base_url: https://example.gov.vn/thi-dua/",
        ),
    );
    let server = Server::start(&site);
    let (code, head, _) = server.get("/");
    assert_eq!(code, 302, "{head}");
    assert!(head.contains("Location: /thi-dua/"), "{head}");
    let (code, _, body) = server.get("/thi-dua/tin-tuc/tin-1/");
    assert_eq!(code, 200);
    // Links point at the preview server under the same sub-path.
    assert!(body.contains(&format!("http://{}/thi-dua/", server.addr)), "{body}");
    assert_eq!(server.get("/tin-tuc/tin-1/").0, 404);
}

#[test]
fn an_open_page_is_told_to_reload_once_it_shows_the_edit() {
    let site = Site::fixture("mini");
    let server = Server::start(&site);
    // What live.js does in a tab showing /tin-tuc/tin-1/.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(s, "GET /__minhbach/events?path=/tin-tuc/tin-1/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut events = BufReader::new(s);
    let start = Instant::now();
    let mut next_state = || loop {
        // Keep-alive pings reset the read timeout: bound the wait ourselves.
        assert!(start.elapsed() < Duration::from_secs(120), "no state event");
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "event stream ended");
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().to_string();
        }
    };
    let first = next_state();
    assert!(first.contains("\"errors\":[]"), "{first}");
    site.write(
        "content/tin-tuc/tin-1.md",
        "---\ntitle: Tin số 1\ndate: 2023-01-15\n---\nBản sửa cho tab đang mở.\n",
    );
    let second = next_state();
    assert_ne!(first, second);
    // When the tab is told to reload, the page it reloads already has the edit.
    let (_, _, body) = server.get("/tin-tuc/tin-1/");
    assert!(body.contains("Bản sửa cho tab đang mở."), "{body}");
}

/// Writes an executable shell script that stands in for a browser: it writes the address it is
/// given to `seen` (whole, by renaming, so a reader never sees half of it).
#[cfg(unix)]
fn fake_browser(dir: &Path, seen: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("browser.sh");
    let seen = seen.display();
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{seen}.tmp' && mv '{seen}.tmp' '{seen}'\n"),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// `serve --open` starts the browser (`$BROWSER`, as on a Linux desktop: here a script that
/// writes down its address) at the address it serves, and that address is the home page. Before
/// issue 20 a hand-written `xdg-open`/`cmd /C start` ignored `$BROWSER` and nothing tested it.
#[cfg(unix)]
#[test]
fn open_starts_the_browser_at_the_served_address() {
    let site = Site::fixture("mini");
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("seen");
    let browser = fake_browser(dir.path(), &seen);
    let server =
        Server::start_with(&site, &["--open"], &[("BROWSER", browser.as_path())], Stdio::null());
    let start = Instant::now();
    while !seen.exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "the browser was never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(url, format!("http://{}/", server.addr), "the browser got another address");
    let (code, _, body) = server.get("/");
    assert_eq!(code, 200);
    assert!(body.contains("<html lang=vi"), "{body}");
}

/// Without a browser to start, `serve --open` says so, names the address to open by hand, and
/// serves all the same.
#[cfg(unix)]
#[test]
fn open_without_a_browser_says_so_and_serves() {
    let site = Site::fixture("mini");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-browser");
    let log = dir.path().join("stderr.txt");
    let stderr = std::fs::File::create(&log).unwrap();
    let server = Server::start_with(
        &site,
        &["--open", "--lang", "en"],
        &[("BROWSER", missing.as_path())],
        Stdio::from(stderr),
    );
    let (code, _, _) = server.get("/");
    assert_eq!(code, 200, "serves without a browser");
    let start = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap();
        if text.contains("could not open a browser") {
            break text;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no message about the browser: {text}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(text.contains(&format!("open http://{}/ yourself", server.addr)), "{text}");
}

//! Preview server: builds the site into memory, serves it on loopback, rebuilds on change and reloads open pages.
//!
//! In goes a site folder; out comes a local web server over the build in memory (nothing is
//! written to `public/`). The site is served from memory, never from disk, so no request can read
//! a file outside the output: a path is looked up in the map the build produced, after refusing
//! `..`, encoded dots, backslashes and control characters. Open pages hold a server-sent-events
//! connection; after a rebuild they reload, and while the content has errors they show an
//! overlay with file, line, message and fix, over the last good version of the page.
//!
//! - [`state`]: what the threads share (options, last good build, errors, open pages).
//! - [`http`]: requests and answers, MIME types, path checks, live-reload events.
//! - [`rebuild`]: open pages first, then the whole site; cancellation; the printed report.
//! - [`watch`]: file notifications (or polling), which files trigger a build, the rebuild loop.
//! - [`import_page`]: `/__minhbach/nhap/`, importing a document from the browser: the form, the
//!   fields read beside the source, writing into `content/` and the check after it; who may use
//!   it is decided by [`guard`], uploads are parsed and kept by [`upload`].

mod guard;
mod http;
mod import_page;
mod rebuild;
mod state;
mod upload;
mod watch;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

pub(crate) use state::ServeOptions;

use crate::pipeline::{Caches, SystemError};

/// Runs the server until the process is stopped.
pub(crate) fn serve(mut opts: ServeOptions) -> Result<(), SystemError> {
    // Absolute, so the watcher's paths and the build's paths compare equal.
    if let Ok(c) = opts.root.canonicalize() {
        opts.root = c;
    }
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| SystemError::Listen(format!("{}:{}", opts.bind, opts.port), e))?;
    let addr = listener.local_addr().map_err(SystemError::Io)?;
    if !opts.bind.is_loopback() {
        let bind = opts.bind;
        let text = crate::t!(
            "cảnh báo: máy chủ xem trước đang mở cho mạng ({bind}), không chỉ máy này. Đây là công cụ xem trước, không dùng để phục vụ công chúng.",
            "warning: the preview server listens on the network ({bind}), not only this machine. It is a preview tool, not for public serving.",
        );
        eprintln!("{}", text.get(opts.lang));
    }
    let import = state::ImportSetup {
        root: opts.root.clone(),
        guard: guard::Guard::new(addr),
        uploads: upload::Uploads::default(),
    };
    let shared = Arc::new(state::Shared::new(opts.lang, import));
    let host =
        if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let origin = format!("http://{host}:{}", addr.port());

    let watcher = watch::Watch::start(&opts.root);
    let mut caches = Caches::default();
    rebuild::rebuild(&opts, &shared, &origin, &mut caches);
    let url = format!("{origin}{}", shared.base());
    let text =
        crate::t!("Đang phục vụ tại {url} (Ctrl+C để dừng)", "Serving at {url} (Ctrl+C to stop)");
    println!("{}", text.get(opts.lang));
    let _ = std::io::stdout().flush();
    if opts.open
        && let Err(e) = http::open_browser(&url)
    {
        let text = crate::t!(
            "không mở được trình duyệt ({e}): hãy tự mở {url}",
            "could not open a browser ({e}): open {url} yourself"
        );
        eprintln!("{}", text.get(opts.lang));
    }

    {
        let shared = Arc::clone(&shared);
        let opts = opts.clone();
        let origin = origin.clone();
        std::thread::spawn(move || watch::watch(&opts, &shared, &origin, caches, watcher));
    }

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = http::handle(stream, &shared);
        });
    }
    Ok(())
}

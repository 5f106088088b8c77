//! What the preview's threads share: the options, the last good build, its problems and the open pages.
//!
//! The watcher's thread writes it after every rebuild (`rebuild.rs`); the request threads
//! (`http.rs`) read it. It sits below both so that neither imports the other.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

use super::guard::Guard;
use super::upload::Uploads;
use crate::diag::Lang;
use crate::pipeline::MemoryOutput;

/// What `minhbach serve` was asked to do.
#[derive(Clone, Debug)]
pub(crate) struct ServeOptions {
    /// Site folder.
    pub(crate) root: PathBuf,
    /// Address to bind (loopback by default).
    pub(crate) bind: IpAddr,
    /// Port (0 = any free port).
    pub(crate) port: u16,
    /// Open the site in a browser once it is built.
    pub(crate) open: bool,
    /// Include drafts.
    pub(crate) drafts: bool,
    /// Print only problems.
    pub(crate) quiet: bool,
    /// Message language.
    pub(crate) lang: Lang,
    /// Leave out the update history (`--no-history`).
    pub(crate) no_history: bool,
}

/// What the import page needs: the site folder, who may use it, the uploads waiting.
#[derive(Debug)]
pub(crate) struct ImportSetup {
    /// The site folder files are imported into.
    pub(crate) root: PathBuf,
    /// The loopback, `Host`, `Origin` and token checks.
    pub(crate) guard: Guard,
    /// Uploaded files shown, not written yet.
    pub(crate) uploads: Uploads,
}

/// A content error as the browser overlay shows it.
#[derive(Clone, Debug)]
pub(crate) struct ErrorView {
    pub(crate) location: String,
    pub(crate) message: String,
    pub(crate) hint: String,
}

/// The state shared between the watcher and the request handlers.
pub(crate) struct Shared {
    /// The last good build.
    pub(crate) files: MemoryOutput,
    /// Problems of the latest build (empty when it succeeded).
    pub(crate) errors: Mutex<Vec<ErrorView>>,
    /// Increases at every build; open pages wait on it.
    pub(crate) generation: AtomicU64,
    pub(crate) changed: (Mutex<u64>, Condvar),
    /// The path prefix the site lives under (`/` or `/thi-dua/`).
    pub(crate) base_path: Mutex<String>,
    /// Output files shown in open browser tabs (with the number of tabs): after an edit they are
    /// rendered first, and the tabs reload before the rest of the site is rebuilt.
    pub(crate) open_pages: Mutex<HashMap<String, usize>>,
    /// A rebuild is running.
    pub(crate) building: AtomicBool,
    /// Language of the texts the server itself shows (error pages, the overlay).
    pub(crate) lang: Lang,
    /// The import page (`/__minhbach/nhap/`).
    pub(crate) import: ImportSetup,
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

impl Shared {
    /// Nothing built yet; the first build is under way.
    pub(crate) fn new(lang: Lang, import: ImportSetup) -> Shared {
        Shared {
            files: Mutex::new(BTreeMap::new()),
            errors: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
            changed: (Mutex::new(0), Condvar::new()),
            base_path: Mutex::new("/".into()),
            open_pages: Mutex::new(HashMap::new()),
            building: AtomicBool::new(true),
            lang,
            import,
        }
    }

    /// The status as JSON: generation, whether a build runs, and the errors.
    pub(crate) fn state_json(&self) -> String {
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

    /// The path prefix the site is served under.
    pub(crate) fn base(&self) -> String {
        self.base_path.lock().map(|b| b.clone()).unwrap_or_else(|_| "/".into())
    }

    /// The output file a site path is served from (`/thi-dua/van-ban/` -> `van-ban/index.html`).
    pub(crate) fn output_key(&self, path: &str) -> Option<String> {
        let base = self.base();
        let rel = path.strip_prefix(base.as_str())?;
        Some(if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        })
    }

    /// The output files shown in open tabs.
    pub(crate) fn open_keys(&self) -> HashSet<String> {
        self.open_pages.lock().map(|m| m.keys().cloned().collect()).unwrap_or_default()
    }

    /// A new generation: open pages hear of it.
    pub(crate) fn bump(&self) {
        let g = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (lock, cv) = &self.changed;
        if let Ok(mut v) = lock.lock() {
            *v = g;
        }
        cv.notify_all();
    }
}

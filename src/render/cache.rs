//! The render cache: pages of earlier runs (kept by `minhbach serve`), by output path, with the fingerprint of what made them.

use std::sync::{Arc, Mutex};

use tera::Value;

/// Pages rendered by earlier runs, by output path, with the fingerprint of what made them (the
/// theme's templates, the site settings and every value the template received). A page is
/// rendered again only when its fingerprint changes, so after an edit only the pages whose
/// values depend on the edited file are rendered.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<Pages>,
    /// Pages (rendered, taken from the cache) by the last run.
    last: Mutex<(usize, usize)>,
}

/// Cached pages by output path.
pub(crate) type Pages = rustc_hash::FxHashMap<String, CachedPage>;

impl RenderCache {
    /// How many pages the last run rendered and how many it took from the cache (tests read it).
    pub fn last_run(&self) -> (usize, usize) {
        self.last.lock().map(|l| *l).unwrap_or_default()
    }

    /// Takes the pages out for a run (they are read in place while it renders).
    pub(crate) fn take(&self) -> Pages {
        match self.entries.lock() {
            Ok(mut e) => std::mem::take(&mut *e),
            Err(_) => Default::default(),
        }
    }

    /// Puts the pages back after a run that rendered `rendered` pages and reused `reused`.
    pub(crate) fn put_back(&self, pages: Pages, rendered: usize, reused: usize) {
        if let Ok(mut l) = self.last.lock() {
            *l = (rendered, reused);
        }
        if let Ok(mut e) = self.entries.lock() {
            *e = pages;
        }
    }
}

/// A page's fingerprint and bytes.
pub(crate) type CachedPage = (u128, Arc<[u8]>);

/// A 128-bit fingerprint made of two SipHash states fed the same bytes.
#[derive(Clone)]
pub(crate) struct Fingerprint(std::hash::DefaultHasher, std::hash::DefaultHasher);

impl Fingerprint {
    pub(crate) fn new() -> Fingerprint {
        use std::hash::Hasher;
        let mut second = std::hash::DefaultHasher::new();
        second.write_u64(0x6d69_6e68_6261_6368);
        Fingerprint(std::hash::DefaultHasher::new(), second)
    }
    pub(crate) fn text(&mut self, s: &str) {
        use std::io::Write;
        let _ = self.write_all(s.as_bytes());
        let _ = self.write_all(&[0xff]);
    }
    pub(crate) fn value(&mut self, v: &Value) {
        use std::io::Write;
        let _ = serde_json::to_writer(&mut *self, v);
        let _ = self.write_all(&[0xff]);
    }
    pub(crate) fn finish(&self) -> u128 {
        use std::hash::Hasher;
        (u128::from(self.0.finish()) << 64) | u128::from(self.1.finish())
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        use std::hash::Hasher;
        self.0.write(b);
        self.1.write(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

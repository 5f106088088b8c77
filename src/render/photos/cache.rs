//! The photo cache, `<site>/.minhbach-cache/images/`: the files made from each original, kept
//! between runs so that a build whose photos did not change decodes and encodes nothing.
//!
//! An entry is a folder named by the SHA-256 of the original's bytes and of the settings
//! ([`super::encode::SETTINGS`]), holding the made files and `facts.json`. A second, cheaper
//! key (path, size, modification time and settings) points to it from `stat/`, so an unchanged
//! photo is not even read again. Entries are written to a temporary folder and renamed into
//! place: two builds at once, or a build killed half-way, never leave a half entry. The cache is
//! only a shortcut: when it cannot be written the build goes on without it, and deleting the
//! folder is always safe.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::encode::{Facts, Made, SETTINGS};

/// Folder of the cache, relative to the site folder.
pub(crate) const CACHE_DIR: &str = ".minhbach-cache/images";

/// One made file as the cache lists it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Listed {
    /// Name suffix (`360w.jpg`).
    pub(crate) suffix: String,
    /// Width.
    pub(crate) width: u32,
    /// Height.
    pub(crate) height: u32,
}

/// `facts.json` of an entry.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// What the checks learnt.
    pub(crate) facts: Facts,
    /// The made files, in the order they were made.
    pub(crate) files: Vec<Listed>,
}

/// The cache of one site.
pub(crate) struct ImageCache {
    dir: PathBuf,
}

/// Temporary names unique within this process.
static SEQ: AtomicU64 = AtomicU64::new(0);

fn hex(d: &[u8]) -> String {
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

impl ImageCache {
    /// The cache of the site in `root`.
    pub(crate) fn new(root: &Path) -> ImageCache {
        ImageCache { dir: root.join(CACHE_DIR) }
    }

    /// The cheap key of `abs` (made with its share preview when `share`): its path, size and
    /// modification time (`None` when it cannot be read).
    pub(crate) fn stat_key(abs: &Path, share: bool) -> Option<String> {
        let m = fs::metadata(abs).ok()?;
        let mtime = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        let mut h = Sha256::new();
        h.update(SETTINGS);
        h.update(variant(share));
        h.update(abs.to_string_lossy().as_bytes());
        h.update(m.len().to_le_bytes());
        h.update(mtime.as_nanos().to_le_bytes());
        Some(hex(&h.finalize()))
    }

    /// The content key of an original's bytes (made with its share preview when `share`).
    pub(crate) fn content_key(bytes: &[u8], share: bool) -> String {
        let mut h = Sha256::new();
        h.update(SETTINGS);
        h.update(variant(share));
        h.update(bytes);
        hex(&h.finalize())
    }

    /// The entry the cheap key points to, with its folder and content key.
    pub(crate) fn by_stat(&self, stat: &str) -> Option<(Entry, PathBuf, String)> {
        let key = fs::read_to_string(self.dir.join("stat").join(stat)).ok()?;
        let key = key.trim().to_string();
        self.by_content(&key).map(|(e, d)| (e, d, key))
    }

    /// Removes what a whole build did not use: entries whose content key is not in `used`,
    /// cheap keys not in `stats` (each edit of a photo leaves one), and temporary folders of
    /// killed builds older than an hour (best effort; a younger one may be another build's
    /// entry being written). Without this the folder would keep every version of every photo
    /// ever built. Returns the number of entries removed.
    pub(crate) fn prune(&self, used: &HashSet<&str>, stats: &HashSet<String>) -> usize {
        let Ok(dir) = fs::read_dir(&self.dir) else { return 0 };
        let mut removed = 0;
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == "stat" {
                continue;
            }
            let stale = if name.contains(".tmp") {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|a| a.as_secs() > 3600))
            } else {
                is_key(&name) && !used.contains(name.as_str())
            };
            if stale && fs::remove_dir_all(e.path()).is_ok() {
                removed += 1;
            }
        }
        if let Ok(dir) = fs::read_dir(self.dir.join("stat")) {
            for e in dir.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let young_tmp = name.contains(".tmp")
                    && e.metadata()
                        .and_then(|m| m.modified())
                        .is_ok_and(|t| t.elapsed().is_ok_and(|a| a.as_secs() <= 3600));
                if !young_tmp && !stats.contains(&name) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        removed
    }

    /// The entry of a content key, with its folder.
    pub(crate) fn by_content(&self, key: &str) -> Option<(Entry, PathBuf)> {
        let dir = self.dir.join(key);
        let entry = serde_json::from_slice(&fs::read(dir.join("facts.json")).ok()?).ok()?;
        Some((entry, dir))
    }

    /// Points the cheap key to the content key (best effort).
    pub(crate) fn link(&self, stat: &str, key: &str) {
        let dir = self.dir.join("stat");
        let _ = fs::create_dir_all(&dir);
        let tmp = dir.join(format!("{stat}.tmp{}-{}", std::process::id(), next()));
        if fs::write(&tmp, key).is_ok() && fs::rename(&tmp, dir.join(stat)).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Stores the files made from an original (best effort: the build does not depend on it).
    pub(crate) fn store(&self, key: &str, facts: Facts, made: &[Made]) {
        let tmp = self.dir.join(format!("{key}.tmp{}-{}", std::process::id(), next()));
        let write = || -> std::io::Result<()> {
            fs::create_dir_all(&tmp)?;
            for m in made {
                fs::write(tmp.join(&m.suffix), &m.bytes)?;
            }
            let files = made
                .iter()
                .map(|m| Listed { suffix: m.suffix.clone(), width: m.width, height: m.height })
                .collect();
            let json =
                serde_json::to_vec(&Entry { facts, files }).map_err(std::io::Error::other)?;
            fs::write(tmp.join("facts.json"), json)?;
            fs::rename(&tmp, self.dir.join(key))
        };
        if write().is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
    }
}

/// Whether `name` is a key this cache makes (32 hexadecimal digits): other files someone put in
/// the folder are left alone.
fn is_key(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What the share preview adds to the settings: an original made with it and one made without
/// are two entries (a body image's entry has no preview; a page's `photo` has one).
fn variant(share: bool) -> &'static str {
    if share { " share" } else { " no-share" }
}

fn next() -> u64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_the_cheap_key_follows_edits() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path());
        let made =
            vec![Made { suffix: "360w.jpg".into(), width: 360, height: 240, bytes: vec![1] }];
        let facts = Facts { width: 900, height: 600, gps: true, ..Facts::default() };
        let key = ImageCache::content_key(b"photo", true);
        assert_ne!(key, ImageCache::content_key(b"photo", false), "with and without a preview");
        assert!(cache.by_content(&key).is_none());
        cache.store(&key, facts, &made);
        let (entry, folder) = cache.by_content(&key).unwrap();
        assert_eq!(entry.facts, facts);
        assert_eq!(fs::read(folder.join("360w.jpg")).unwrap(), vec![1]);
        let photo = dir.path().join("a.jpg");
        fs::write(&photo, b"photo").unwrap();
        let stat = ImageCache::stat_key(&photo, true).unwrap();
        cache.link(&stat, &key);
        assert!(cache.by_stat(&stat).is_some());
        fs::write(&photo, b"another photo").unwrap();
        assert_ne!(ImageCache::stat_key(&photo, true).unwrap(), stat);
    }

    #[test]
    fn pruning_keeps_only_what_the_build_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path());
        let made = vec![Made { suffix: "360w.jpg".into(), width: 1, height: 1, bytes: vec![1] }];
        let (a, b) = (ImageCache::content_key(b"a", false), ImageCache::content_key(b"b", false));
        cache.store(&a, Facts::default(), &made);
        cache.store(&b, Facts::default(), &made);
        cache.link("stat-a", &a);
        cache.link("stat-b", &b);
        fs::create_dir_all(dir.path().join(CACHE_DIR).join("notes")).unwrap();
        let removed = cache.prune(&HashSet::from([a.as_str()]), &HashSet::from(["stat-a".into()]));
        assert_eq!(removed, 1);
        assert!(cache.by_content(&a).is_some());
        assert!(cache.by_content(&b).is_none());
        assert!(cache.by_stat("stat-a").is_some());
        assert!(!dir.path().join(CACHE_DIR).join("stat/stat-b").exists());
        assert!(dir.path().join(CACHE_DIR).join("notes").exists(), "not ours: left alone");
    }
}

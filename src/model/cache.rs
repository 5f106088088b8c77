//! Per-file results of the model stage kept between builds by the preview server.
//!
//! A loaded file is an `Arc<Source>` that the load cache hands out again, the same allocation,
//! while the file is unchanged. A result computed from a source is therefore still valid when
//! the source is the same `Arc` (`Arc::ptr_eq`); the cache holds a clone of the `Arc`, so the
//! allocation cannot be reused for another file while the entry lives.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::load::Source;

/// Results computed from single sources, valid while the source is unchanged and the settings
/// they depend on (`K`) are equal.
#[derive(Debug)]
pub(crate) struct PerSource<K, V> {
    key: Option<K>,
    entries: FxHashMap<PathBuf, (Arc<Source>, V)>,
}

impl<K, V> Default for PerSource<K, V> {
    fn default() -> Self {
        PerSource { key: None, entries: FxHashMap::default() }
    }
}

impl<K: PartialEq, V: Clone + Send + Sync> PerSource<K, V> {
    /// `f` of every source, in order, taken from the cache for the sources it saw unchanged
    /// under the same `key`. Only the new results are stored; entries of files that are gone are
    /// dropped once they would make up half of the cache.
    pub(crate) fn map<'s>(
        &mut self,
        key: K,
        sources: impl IntoParallelIterator<Item = &'s Arc<Source>>,
        f: impl Fn(&Source) -> V + Sync + Send,
    ) -> Vec<V> {
        if self.key.as_ref() != Some(&key) {
            self.entries.clear();
            self.key = Some(key);
        }
        let entries = &self.entries;
        let results: Vec<(V, Option<&'s Arc<Source>>)> = sources
            .into_par_iter()
            .map(|s| match entries.get(&s.abs) {
                Some((old, v)) if Arc::ptr_eq(old, s) => (v.clone(), None),
                _ => (f(s), Some(s)),
            })
            .collect();
        let seen = results.len();
        let mut out = Vec::with_capacity(seen);
        for (v, fresh) in results {
            if let Some(s) = fresh {
                self.entries.insert(s.abs.clone(), (Arc::clone(s), v.clone()));
            }
            out.push(v);
        }
        if self.entries.len() > 2 * seen + 64 {
            self.prune();
        }
        out
    }

    /// Drops the entries whose source is no longer held by anyone but this cache (the file is
    /// gone or was read again).
    fn prune(&mut self) {
        let live: HashSet<PathBuf> = self
            .entries
            .iter()
            .filter(|(_, (s, _))| Arc::strong_count(s) > 1)
            .map(|(p, _)| p.clone())
            .collect();
        self.entries.retain(|p, _| live.contains(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceKind;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn src(name: &str, body: &str) -> Arc<Source> {
        Arc::new(Source {
            kind: SourceKind::Page,
            rel: PathBuf::from(name),
            content_rel: PathBuf::from(name),
            abs: PathBuf::from(name),
            front: None,
            body: body.into(),
            body_line: 1,
            text: None,
        })
    }

    #[test]
    fn recomputes_only_changed_sources_and_on_a_new_key() {
        let calls = AtomicUsize::new(0);
        let f = |s: &Source| {
            calls.fetch_add(1, Ordering::SeqCst);
            s.body.len()
        };
        let mut cache: PerSource<u8, usize> = PerSource::default();
        let a = src("a.md", "abc");
        let b = src("b.md", "de");
        assert_eq!(cache.map(1, &vec![a.clone(), b.clone()], f), vec![3, 2]);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        // Same Arcs: nothing recomputed.
        assert_eq!(cache.map(1, &vec![a.clone(), b.clone()], f), vec![3, 2]);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        // b re-read (a new Arc, even with the same path): only b.
        let b2 = src("b.md", "defg");
        assert_eq!(cache.map(1, &vec![a.clone(), b2.clone()], f), vec![3, 4]);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // Another key (settings changed): everything.
        assert_eq!(cache.map(2, &vec![a.clone(), b2.clone()], f), vec![3, 4]);
        assert_eq!(calls.load(Ordering::SeqCst), 5);
    }

    #[test]
    fn forgets_files_that_are_gone() {
        let mut cache: PerSource<(), usize> = PerSource::default();
        let many: Vec<Arc<Source>> = (0..100).map(|i| src(&format!("{i}.md"), "x")).collect();
        cache.map((), &many, |s| s.body.len());
        assert_eq!(cache.entries.len(), 100);
        drop(many);
        let one = vec![src("keep.md", "y")];
        cache.map((), &one, |s| s.body.len());
        assert_eq!(cache.entries.len(), 1);
    }
}

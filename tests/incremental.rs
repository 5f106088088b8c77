//! Incremental builds (what `minhbach serve` does after a save) give exactly the files a clean
//! build gives: the caches of files, records, privacy scans and Markdown never serve stale data.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use minhbach::pipeline::{BuildOptions, Caches, MemoryOutput, Target, build_incremental};

use crate::util::copy_dir;

type Output = BTreeMap<String, Arc<[u8]>>;

/// A copy of the example site (site.yaml, content, themes, static) in a temporary folder.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    for folder in ["themes", "static"] {
        if repo.join(folder).is_dir() {
            copy_dir(&repo.join(folder), &dir.path().join(folder));
        }
    }
    dir
}

fn opts(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..BuildOptions::default()
    }
}

fn build(root: &Path, caches: Option<&mut Caches>, only: Option<&[&str]>) -> Output {
    let out: MemoryOutput = Mutex::new(BTreeMap::new());
    let only = only.map(|o| Arc::new(o.iter().map(|s| s.to_string()).collect::<HashSet<_>>()));
    let r = build_incremental(&opts(root), Target::Memory(&out), caches, only).unwrap();
    assert_eq!(r.errors(), 0, "{:?}", r.diagnostics);
    out.into_inner().unwrap()
}

/// The first file differing between two outputs, for a readable failure.
fn first_difference(a: &Output, b: &Output) -> Option<String> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter().find(|k| a.get(*k) != b.get(*k)).cloned()
}

fn edit(root: &Path, rel: &str, f: impl Fn(&str) -> String) -> std::path::PathBuf {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(&text);
    assert_ne!(new, text, "the edit of {rel} changes the file");
    std::fs::write(&p, new).unwrap();
    p
}

#[test]
fn incremental_builds_equal_clean_builds() {
    let site = example_copy();
    let root = site.path();
    let mut caches = Caches::default();
    let first = build(root, Some(&mut caches), None);
    assert!(first.len() > 50, "the example site has many files");
    assert_eq!(first_difference(&first, &build(root, None, None)), None);

    // Three saves at once, as a watcher reports them: an exemplar's name (its place in every
    // listing and in the search index changes), a page's body (new Markdown), and a page's
    // front matter only (same body: the Markdown cache must still see the new description).
    let exemplar = "content/guong-dien-hinh/cong-ty-minh-phat-duc-lieu.md";
    let mut changed = vec![edit(root, exemplar, |t| {
        let line = t.lines().find(|l| l.starts_with("name:")).expect("exemplar has a name");
        t.replacen(line, "name: Công ty Ánh Dương Dược liệu", 1)
    })];
    let news_dir = root.join("content/tin-tuc");
    let mut news: Vec<_> = std::fs::read_dir(&news_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    news.sort();
    assert!(news.len() >= 2, "the example site has news pages");
    let body_rel = news[0].strip_prefix(root).unwrap().to_str().unwrap().to_string();
    changed.push(edit(root, &body_rel, |t| format!("{t}\nMột đoạn mới về **hộ cận nghèo**.\n")));
    let front_rel = news[1].strip_prefix(root).unwrap().to_str().unwrap().to_string();
    changed.push(edit(root, &front_rel, |t| t.replacen("title:", "draft: false\ntitle:", 1)));
    caches.sources.note_changes(changed, false);

    // The quick pass for the open exemplar page gives that page as a clean build does.
    let clean = build(root, None, None);
    let open = first
        .keys()
        .find(|k| k.starts_with("guong-dien-hinh/") && k.contains("minh-phat"))
        .expect("the exemplar's page")
        .clone();
    let quick = build(root, Some(&mut caches), Some(&[open.as_str()]));
    assert_eq!(quick.len(), 1, "{:?}", quick.keys().collect::<Vec<_>>());
    assert_eq!(quick.get(&open), clean.get(&open), "{open}");
    assert!(String::from_utf8_lossy(&quick[&open]).contains("Ánh Dương"));

    // The whole rebuild that follows equals the clean build, file for file.
    let whole = build(root, Some(&mut caches), None);
    assert_eq!(first_difference(&whole, &clean), None);
    // ... and rendered only the pages whose values changed (the edited pages, the listings and
    // pages that show them), taking the rest from the render cache.
    let (rendered, reused) = caches.render.last_run();
    assert!(rendered > 0 && reused > 2 * rendered, "rendered {rendered}, reused {reused}");
    // Nothing changed: nothing is rendered.
    caches.sources.note_changes([], false);
    let again = build(root, Some(&mut caches), None);
    assert_eq!(first_difference(&again, &clean), None);
    assert_eq!(caches.render.last_run().0, 0);

    // A file removed (a structural change: the folder is walked again).
    let gone = root.join(&front_rel);
    std::fs::remove_file(&gone).unwrap();
    caches.sources.note_changes([gone], true);
    let whole = build(root, Some(&mut caches), None);
    assert_eq!(first_difference(&whole, &build(root, None, None)), None);

    // site.yaml changed (all caches keyed on it start over).
    let yaml = root.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}\n# một chú thích\n")).unwrap();
    caches.sources.note_changes([yaml], false);
    let whole = build(root, Some(&mut caches), None);
    assert_eq!(first_difference(&whole, &build(root, None, None)), None);
}

#[test]
fn a_cancelled_build_writes_nothing() {
    let site = example_copy();
    let out = site.path().join("public");
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let o = BuildOptions { cancel: Some(cancel), output: Some(out.clone()), ..opts(site.path()) };
    let r = build_incremental(&o, Target::Disk, None, None).unwrap();
    assert!(r.cancelled);
    assert!(!r.wrote);
    assert!(!out.exists(), "a cancelled build leaves no output folder");
    // The same build without the flag writes the site.
    let o = BuildOptions { cancel: None, ..o };
    let r = build_incremental(&o, Target::Disk, None, None).unwrap();
    assert!(!r.cancelled && r.wrote && out.join("index.html").is_file());
}

//! Photos: every photo a page shows (the `photo: { src, alt }` of an exemplar, a page or news
//! item, or a campaign, and every image of a Markdown body, `![alt](anh.jpg)`, on any kind of
//! page) in, light files for phones out, with nothing left of where it was taken or by which
//! device.
//!
//! Runs after the model and before Markdown and the page steps, because both need each photo's
//! sizes: for every original it makes the widths of [`encode::WIDTHS`] (never wider than the
//! original) as JPEG and WebP, and a 1 200 x 630 share preview of the photos pages share (a
//! record's `photo`, never a body image: no file is made that no page links), all upright and
//! without metadata ([`encode`]); it fills the record's `photo.image` and each body image's
//! `picture` ([`crate::model::common::Picture`]) for the templates and the Markdown renderer,
//! and returns the files for the sink, like every other output. The original itself is not
//! published (it is listed in `Site::photo_originals` for the static-files step to leave out):
//! pages only show the files made from it. Originals are processed in parallel (rayon) and the
//! results kept in the site's cache folder ([`cache`]), so a rebuild whose photos did not change
//! decodes nothing; a whole build then removes the cache entries it did not use.
//!
//! The preview's quick pass (the pages open in a browser) takes photos from the cache only: a
//! photo not processed yet is shown from its original (stripped of metadata, [`strip`]) and
//! without sizes until the whole rebuild, which follows at once, has made its files.

pub(crate) mod cache;
pub(crate) mod encode;
mod messages;
pub(crate) mod strip;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::cache::ImageCache;
use self::encode::{Facts, Refusal};
use self::messages::{At, missing, notices, refused};
use super::links::out_path;
use super::output::{FileData, OutFile};
use crate::diag::{Diagnostic, Pos};
use crate::model::Site;
use crate::model::common::{Picture, PictureFile};
use crate::t;

/// Photos processed at once (memory: each decode may take up to 256 MB, a 12-megapixel photo
/// about 100 MB with its copies).
const PARALLEL: usize = 4;

/// Where a photo is shown.
#[derive(Clone, Copy)]
enum Shown {
    /// The `photo` of the exemplar with this index.
    Exemplar(usize),
    /// The `photo` of the page (news item) with this index.
    Page(usize),
    /// The `photo` of the campaign with this index.
    Campaign(usize),
    /// An image of a body: the record (its index in [`Site::bodies`]) and the image's index.
    Body(usize, usize),
}

/// One photo shown by a record: which record, where its `src` is written, and the original.
struct Use {
    /// Where it is shown.
    shown: Shown,
    /// The record's file and the position of `src:` or of the body's `![`.
    file: PathBuf,
    pos: Pos,
    /// `src` as written.
    src: String,
    /// The original on disk and its output path (`anh/x.jpg`), when found.
    found: Option<(PathBuf, String)>,
}

impl Use {
    /// Whether the page uses it as its share preview (a record's `photo`; a body image is not).
    fn share(&self) -> bool {
        !matches!(self.shown, Shown::Body(..))
    }
}

/// What became of one original.
enum Outcome {
    /// Its files (bytes just made, or files in the cache), facts and cache key.
    Made(Facts, Vec<(encode::Made, Option<PathBuf>)>, String),
    /// Not in the cache, in the preview's quick pass: shown from the original.
    Later,
    /// Cannot be published.
    Refused(Refusal),
}

/// Makes the files of every photo the site shows, fills each record's `photo.image` and each
/// body image's `picture`, and reports problems in `diags`. `only`: the preview's quick pass
/// (the output paths of the pages to make), which uses the cache alone.
pub(crate) fn photos(
    site: &mut Site,
    root: &Path,
    only: Option<&HashSet<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<OutFile> {
    let uses = uses(site, root, only);
    // Each original once, with its output path and whether a page shares it (then, and only
    // then, its share preview is made).
    let originals: Vec<Original> = {
        let mut seen: BTreeMap<PathBuf, (String, bool)> = BTreeMap::new();
        for u in &uses {
            if let Some((abs, out)) = &u.found {
                seen.entry(abs.clone()).or_insert_with(|| (out.clone(), false)).1 |= u.share();
            }
        }
        seen.into_iter().map(|(abs, (out, share))| Original { abs, out, share }).collect()
    };
    let cache = ImageCache::new(root);
    let quick = only.is_some();
    let outcomes = process(&cache, &originals, quick);
    if !quick && outcomes.values().all(|o| !matches!(o, Outcome::Later)) {
        let used = outcomes.values().filter_map(|o| match o {
            Outcome::Made(_, _, key) => Some(key.as_str()),
            _ => None,
        });
        let stats = originals.iter().filter_map(|o| ImageCache::stat_key(&o.abs, o.share));
        cache.prune(&used.collect(), &stats.collect());
    }
    let mut files = Vec::new();
    for Original { abs, out, .. } in &originals {
        match &outcomes[abs] {
            Outcome::Made(_, made, _) => {
                for (m, cached) in made {
                    let data = match cached {
                        Some(p) => FileData::Copy(p.clone()),
                        None => FileData::Bytes(m.bytes.clone()),
                    };
                    files.push(OutFile { path: made_path(out, &m.suffix), data });
                }
                site.photo_originals.insert(out.clone());
            }
            Outcome::Later => {
                if let Some(data) = std::fs::read(abs).ok().and_then(|b| stripped(&b)) {
                    files.push(OutFile { path: out.clone(), data: FileData::Bytes(data) });
                }
            }
            Outcome::Refused(_) => {}
        }
    }
    fill(site, uses, &outcomes, diags);
    files
}

/// One original to process.
struct Original {
    /// On disk.
    abs: PathBuf,
    /// Its output path (`anh/x.jpg`).
    out: String,
    /// A page uses it as its share preview: make the 1 200 x 630 file too.
    share: bool,
}

/// Processes every original (at most [`PARALLEL`] at once).
fn process(cache: &ImageCache, originals: &[Original], quick: bool) -> BTreeMap<PathBuf, Outcome> {
    let work = || -> BTreeMap<PathBuf, Outcome> {
        originals.par_iter().map(|o| (o.abs.clone(), outcome(cache, o, quick))).collect()
    };
    // At most PARALLEL photos are decoded at once, whatever the number of cores: each may take
    // up to the decoder's memory limit.
    let threads = rayon::current_num_threads().min(PARALLEL);
    if originals.len() < 2 || threads == rayon::current_num_threads() {
        work()
    } else {
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        }
    }
}

/// Gives each use its picture (or its problem).
fn fill(
    site: &mut Site,
    uses: Vec<Use>,
    outcomes: &BTreeMap<PathBuf, Outcome>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut pictures: Vec<(Shown, Picture)> = Vec::new();
    for u in uses {
        let at = At { file: &u.file, pos: u.pos, src: &u.src };
        let Some((abs, out)) = &u.found else {
            if !is_external(&u.src) && is_photo(&u.src) {
                diags.push(missing(&at));
            }
            continue;
        };
        match &outcomes[abs] {
            Outcome::Made(facts, made, _) => {
                diags.extend(notices(&at, facts));
                pictures.push((u.shown, picture(out, made)));
            }
            Outcome::Later => {}
            Outcome::Refused(r) => diags.push(refused(&at, r)),
        }
    }
    let mut bodies: Vec<(usize, usize, Picture)> = Vec::new();
    for (shown, mut pic) in pictures {
        let photo = match shown {
            Shown::Exemplar(i) => site.exemplars[i].photo.as_mut(),
            Shown::Page(i) => site.pages[i].photo.as_mut(),
            Shown::Campaign(i) => site.campaigns[i].photo.as_mut(),
            Shown::Body(m, i) => {
                // A body image is never a share preview, even when its original is one for
                // another page.
                pic.share = None;
                bodies.push((m, i, pic));
                continue;
            }
        };
        if let Some(p) = photo {
            p.image = Some(pic);
        }
    }
    if !bodies.is_empty() {
        let mut metas = site.bodies_mut();
        for (m, i, pic) in bodies {
            if let Some(im) = metas[m].body_images.get_mut(i) {
                im.picture = Some(pic);
            }
        }
    }
}

/// The photos of the records to render (all of them, or those of `only`'s pages): the `photo`
/// of exemplars, pages and campaigns, then the images of every body.
fn uses(site: &Site, root: &Path, only: Option<&HashSet<String>>) -> Vec<Use> {
    let skip = |url: &str| only.is_some_and(|o| !o.contains(&out_path(url)));
    // Output path → original, built once (a lookup per image, not a search of every asset).
    let assets: HashMap<String, &Path> = site
        .assets
        .iter()
        .map(|a| (a.out_rel.to_string_lossy().replace('\\', "/"), a.abs.as_path()))
        .collect();
    let locate = |source: &str, src: &str| {
        if is_external(src) || !is_photo(src) { None } else { find(&assets, root, source, src) }
    };
    let photos = site
        .exemplars
        .iter()
        .enumerate()
        .map(|(i, e)| (Shown::Exemplar(i), &e.meta, e.photo.as_ref()))
        .chain(
            site.pages.iter().enumerate().map(|(i, p)| (Shown::Page(i), &p.meta, p.photo.as_ref())),
        )
        .chain(
            site.campaigns
                .iter()
                .enumerate()
                .map(|(i, c)| (Shown::Campaign(i), &c.meta, c.photo.as_ref())),
        );
    let mut v = Vec::new();
    for (shown, meta, photo) in photos {
        let Some(p) = photo else { continue };
        if skip(&meta.url) {
            continue;
        }
        v.push(Use {
            shown,
            file: PathBuf::from(&meta.source),
            pos: p.src_pos,
            src: p.src.clone(),
            found: locate(&meta.source, &p.src),
        });
    }
    for (m, meta) in site.bodies().into_iter().enumerate() {
        if meta.body_images.is_empty() || skip(&meta.url) {
            continue;
        }
        for (i, im) in meta.body_images.iter().enumerate() {
            v.push(Use {
                shown: Shown::Body(m, i),
                file: PathBuf::from(&meta.source),
                pos: im.pos,
                src: im.src.clone(),
                found: locate(&meta.source, &im.src),
            });
        }
    }
    v
}

/// Whether `src` is on another site (left as it is).
fn is_external(src: &str) -> bool {
    src.contains("://") || src.starts_with("//") || src.starts_with("data:")
}

/// Whether `src` names a JPEG, PNG or WebP file (other images, such as SVG drawings, are
/// published as they are).
fn is_photo(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or(src).to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| path.ends_with(e))
}

/// The original of `src` (a site path, or a path relative to the record's folder in
/// `content/`): a file beside the content (`assets`: content files by output path), or in
/// `static/`. Returns it and its output path.
fn find(
    assets: &HashMap<String, &Path>,
    root: &Path,
    source: &str,
    src: &str,
) -> Option<(PathBuf, String)> {
    let src = src.split(['?', '#']).next().unwrap_or(src);
    let rel = match src.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => {
            let dir = Path::new(source).parent().unwrap_or(Path::new(""));
            let dir = dir.strip_prefix("content").unwrap_or(dir);
            let d = dir.to_string_lossy().replace('\\', "/");
            if d.is_empty() { src.to_string() } else { format!("{d}/{src}") }
        }
    };
    // `../anh/a.jpg` from `content/tin-tuc/`: folded, but never above the site's root.
    let mut parts: Vec<&str> = Vec::new();
    for p in rel.split('/') {
        match p {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let rel = parts.join("/");
    if let Some(a) = assets.get(&rel) {
        return Some((a.to_path_buf(), rel));
    }
    let p = root.join("static").join(&rel);
    p.is_file().then_some((p, rel))
}

/// What becomes of an original: taken from the cache, or made (and cached). An original made
/// with its share preview and one made without are two cache entries.
fn outcome(cache: &ImageCache, o: &Original, quick: bool) -> Outcome {
    let (abs, share) = (o.abs.as_path(), o.share);
    let stat = ImageCache::stat_key(abs, share);
    if let Some((entry, dir, key)) = stat.as_deref().and_then(|s| cache.by_stat(s)) {
        return from_cache(entry, &dir, key);
    }
    if quick {
        return Outcome::Later;
    }
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => return Outcome::Refused(Refusal::Unreadable(e.to_string())),
    };
    let key = ImageCache::content_key(&bytes, share);
    if let Some((entry, dir)) = cache.by_content(&key) {
        if let Some(s) = &stat {
            cache.link(s, &key);
        }
        return from_cache(entry, &dir, key);
    }
    match encode::process(&bytes, share) {
        Ok((facts, made)) => {
            cache.store(&key, facts, &made);
            if let Some(s) = &stat {
                cache.link(s, &key);
            }
            Outcome::Made(facts, made.into_iter().map(|m| (m, None)).collect(), key)
        }
        Err(r) => Outcome::Refused(r),
    }
}

/// An outcome from a cache entry (files copied from the cache folder).
fn from_cache(entry: cache::Entry, dir: &Path, key: String) -> Outcome {
    let made = entry
        .files
        .into_iter()
        .map(|l| {
            let path = dir.join(&l.suffix);
            let m =
                encode::Made { suffix: l.suffix, width: l.width, height: l.height, bytes: vec![] };
            (m, Some(path))
        })
        .collect();
    Outcome::Made(entry.facts, made, key)
}

/// Output path of a made file: `anh/x.jpg` + `360w.jpg` → `anh/x-360w.jpg`.
fn made_path(out: &str, suffix: &str) -> String {
    let stem = match out.rfind('.') {
        Some(i) if !out[i..].contains('/') => &out[..i],
        _ => out,
    };
    format!("{stem}-{suffix}")
}

/// The record's view of the made files.
fn picture(out: &str, made: &[(encode::Made, Option<PathBuf>)]) -> Picture {
    let mut pic = Picture::default();
    let mut by_width: BTreeMap<u32, PictureFile> = BTreeMap::new();
    for (m, _) in made {
        let url = format!("/{}", made_path(out, &m.suffix));
        if m.suffix.ends_with("w.jpg") || m.suffix.ends_with("w.webp") {
            let f = by_width.entry(m.width).or_insert_with(|| PictureFile {
                width: m.width,
                height: m.height,
                ..PictureFile::default()
            });
            if m.suffix.ends_with(".webp") {
                f.webp = url;
            } else {
                f.jpeg = url;
            }
        } else {
            pic.share = Some(PictureFile {
                width: m.width,
                height: m.height,
                jpeg: url,
                webp: String::new(),
            });
        }
    }
    pic.files = by_width.into_values().collect();
    if let Some(last) = pic.files.last() {
        (pic.width, pic.height, pic.src) = (last.width, last.height, last.jpeg.clone());
    }
    pic
}

/// A stripped copy of an image file: JPEG and PNG without metadata blocks; `None` for a file
/// that cannot be stripped.
pub(crate) fn stripped(b: &[u8]) -> Option<Vec<u8>> {
    if strip::is_png(b) {
        return strip::strip_png(b);
    }
    let orientation = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(b))
        .ok()
        .and_then(|e| e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0))
        .and_then(|o| u16::try_from(o).ok())
        .unwrap_or(1);
    strip::strip_jpeg(b, orientation)
}

/// What to publish for the file `abs` copied from `static/` or `content/` (`shown` is its path
/// for messages): `Ok(None)` to copy it as it is (not a photo format), `Ok(Some(bytes))` a
/// JPEG or PNG without its metadata blocks, or an error for a file that would publish metadata
/// we cannot remove (HEIC, TIFF, a WebP with EXIF or XMP, a JPEG or PNG whose blocks are
/// broken).
pub(crate) fn clean_copy(abs: &Path, shown: &Path) -> Result<Option<Vec<u8>>, Box<Diagnostic>> {
    let ext = abs.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let kind = match ext.as_str() {
        "jpg" | "jpeg" | "jpe" | "png" | "webp" => ext.as_str(),
        "heic" | "heif" | "tif" | "tiff" | "dng" => return Err(messages::uncleanable(shown, &ext)),
        _ => return Ok(None),
    };
    let bytes = std::fs::read(abs).map_err(|e| {
        Box::new(Diagnostic::error(
            "read",
            shown,
            Pos::default(),
            t!("không đọc được tệp: {e}", "cannot read the file: {e}"),
        ))
    })?;
    if kind == "webp" {
        return if strip::has_metadata(&bytes) {
            Err(messages::uncleanable(shown, kind))
        } else {
            Ok(None)
        };
    }
    stripped(&bytes).map(Some).ok_or_else(|| messages::uncleanable(shown, kind))
}

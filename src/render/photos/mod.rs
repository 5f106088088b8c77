//! Photos: every photo a record shows (`photo: { src, alt }`) in, light files for phones out,
//! with nothing left of where it was taken or by which device.
//!
//! Runs after Markdown and before the page steps, because pages need each photo's sizes: for
//! every original it makes the widths of [`encode::WIDTHS`] (never wider than the original) as
//! JPEG and WebP, and a 1 200 x 630 share preview, all upright and without metadata
//! ([`encode`]); it fills the record's `photo.image` ([`crate::model::common::Picture`]) for
//! the templates, and returns the files for the sink, like every other output. Originals are
//! processed in parallel (rayon) and the results kept in the site's cache folder ([`cache`]),
//! so a rebuild whose photos did not change decodes nothing.
//!
//! The preview's quick pass (the pages open in a browser) takes photos from the cache only: a
//! photo not processed yet is shown from its original (stripped of metadata, [`strip`]) and
//! without sizes until the whole rebuild, which follows at once, has made its files.

pub(crate) mod cache;
pub(crate) mod encode;
pub(crate) mod strip;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::cache::ImageCache;
use self::encode::{Facts, Refusal};
use super::links::out_path;
use super::output::{FileData, OutFile};
use crate::diag::{Diagnostic, Pos};
use crate::model::Site;
use crate::model::common::{Picture, PictureFile};
use crate::t;

/// Photos processed at once (memory: each decode may take up to 256 MB, a 12-megapixel photo
/// about 100 MB with its copies).
const PARALLEL: usize = 4;

/// One photo shown by a record: which record, where its `src` is written, and the original.
struct Use {
    /// Index of the exemplar.
    exemplar: usize,
    /// The record's file and the position of `src:`.
    file: PathBuf,
    pos: Pos,
    /// `src` as written.
    src: String,
    /// The original on disk and its output path (`anh/x.jpg`), when found.
    found: Option<(PathBuf, String)>,
}

/// What became of one original.
enum Outcome {
    /// Its files (bytes just made, or files in the cache) and facts.
    Made(Facts, Vec<(encode::Made, Option<PathBuf>)>),
    /// Not in the cache, in the preview's quick pass: shown from the original.
    Later,
    /// Cannot be published.
    Refused(Refusal),
}

/// Makes the files of every photo the site shows, fills each record's `photo.image` and
/// reports problems in `diags`. `only`: the preview's quick pass (the output paths of the
/// pages to make), which uses the cache alone.
pub(crate) fn photos(
    site: &mut Site,
    root: &Path,
    only: Option<&HashSet<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<OutFile> {
    let uses = uses(site, root, only);
    let originals: Vec<(PathBuf, String)> = {
        let mut seen = BTreeMap::new();
        for u in &uses {
            if let Some((abs, out)) = &u.found {
                seen.entry(abs.clone()).or_insert_with(|| out.clone());
            }
        }
        seen.into_iter().collect()
    };
    let cache = ImageCache::new(root);
    let quick = only.is_some();
    let work = || -> BTreeMap<PathBuf, Outcome> {
        originals.par_iter().map(|(abs, _)| (abs.clone(), outcome(&cache, abs, quick))).collect()
    };
    // At most PARALLEL photos are decoded at once, whatever the number of cores: each may take
    // up to the decoder's memory limit.
    let threads = rayon::current_num_threads().min(PARALLEL);
    let outcomes = if originals.len() < 2 || threads == rayon::current_num_threads() {
        work()
    } else {
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        }
    };
    let mut files = Vec::new();
    for (abs, out) in &originals {
        match &outcomes[abs] {
            Outcome::Made(_, made) => {
                for (m, cached) in made {
                    let data = match cached {
                        Some(p) => FileData::Copy(p.clone()),
                        None => FileData::Bytes(m.bytes.clone()),
                    };
                    files.push(OutFile { path: made_path(out, &m.suffix), data });
                }
            }
            Outcome::Later => {
                if let Some(data) = std::fs::read(abs).ok().and_then(|b| stripped(&b)) {
                    files.push(OutFile { path: out.clone(), data: FileData::Bytes(data) });
                }
            }
            Outcome::Refused(_) => {}
        }
    }
    for u in uses {
        let Some((abs, out)) = &u.found else {
            if !is_external(&u.src) && is_photo(&u.src) {
                diags.push(missing(&u));
            }
            continue;
        };
        match &outcomes[abs] {
            Outcome::Made(facts, made) => {
                diags.extend(notices(&u, facts));
                let picture = picture(out, made);
                if let Some(p) = site.exemplars[u.exemplar].photo.as_mut() {
                    p.image = Some(picture);
                }
            }
            Outcome::Later => {}
            Outcome::Refused(r) => diags.push(refused(&u, r)),
        }
    }
    files
}

/// The photos of the records to render (all of them, or those of `only`'s pages).
fn uses(site: &Site, root: &Path, only: Option<&HashSet<String>>) -> Vec<Use> {
    let mut v = Vec::new();
    for (i, e) in site.exemplars.iter().enumerate() {
        let Some(p) = &e.photo else { continue };
        if only.is_some_and(|o| !o.contains(&out_path(&e.meta.url))) {
            continue;
        }
        let found = if is_external(&p.src) || !is_photo(&p.src) {
            None
        } else {
            find(site, root, &e.meta.source, &p.src)
        };
        v.push(Use {
            exemplar: i,
            file: PathBuf::from(&e.meta.source),
            pos: p.src_pos,
            src: p.src.clone(),
            found,
        });
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
/// `content/`): a file beside the content, or in `static/`. Returns it and its output path.
fn find(site: &Site, root: &Path, source: &str, src: &str) -> Option<(PathBuf, String)> {
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
    if rel.split('/').any(|p| p == ".." || p == ".") {
        return None;
    }
    if let Some(a) =
        site.assets.iter().find(|a| a.out_rel.to_string_lossy().replace('\\', "/") == rel)
    {
        return Some((a.abs.clone(), rel));
    }
    let p = root.join("static").join(&rel);
    p.is_file().then_some((p, rel))
}

/// What becomes of the original `abs`: taken from the cache, or made (and cached).
fn outcome(cache: &ImageCache, abs: &Path, quick: bool) -> Outcome {
    let stat = ImageCache::stat_key(abs);
    if let Some((entry, dir)) = stat.as_deref().and_then(|s| cache.by_stat(s)) {
        return from_cache(entry, &dir);
    }
    if quick {
        return Outcome::Later;
    }
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => return Outcome::Refused(Refusal::Unreadable(e.to_string())),
    };
    let key = ImageCache::content_key(&bytes);
    if let Some((entry, dir)) = cache.by_content(&key) {
        if let Some(s) = &stat {
            cache.link(s, &key);
        }
        return from_cache(entry, &dir);
    }
    match encode::process(&bytes) {
        Ok((facts, made)) => {
            cache.store(&key, facts, &made);
            if let Some(s) = &stat {
                cache.link(s, &key);
            }
            Outcome::Made(facts, made.into_iter().map(|m| (m, None)).collect())
        }
        Err(r) => Outcome::Refused(r),
    }
}

/// An outcome from a cache entry (files copied from the cache folder).
fn from_cache(entry: cache::Entry, dir: &Path) -> Outcome {
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
    Outcome::Made(entry.facts, made)
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

/// The warnings about an original that was published.
fn notices(u: &Use, f: &Facts) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let src = &u.src;
    if f.gps || f.device {
        let what = match (f.gps, f.device) {
            (true, true) => {
                t!("vị trí chụp (GPS) và số máy", "the position (GPS) and device serial")
            }
            (true, false) => t!("vị trí chụp (GPS)", "the position (GPS)"),
            _ => t!("số máy hoặc tên chủ máy", "the device serial or owner name"),
        };
        let (vi, en) = (what.vi, what.en);
        v.push(
            Diagnostic::warning(
                "photo-location",
                &u.file,
                u.pos,
                t!(
                    "ảnh gốc `{src}` ghi {vi}: các ảnh xuất bản đã bỏ hết, nhưng tệp gốc trong thư mục site vẫn còn",
                    "the original `{src}` records {en}: the published images carry none of it, but the original in the site folder still does"
                ),
            )
            .with_hint(t!(
                "tắt \"lưu vị trí\" trong ứng dụng máy ảnh của điện thoại; đừng gửi tệp gốc cho người khác",
                "turn off \"save location\" in the phone's camera app; do not pass the original on"
            )),
        );
    }
    let largest = encode::WIDTHS[encode::WIDTHS.len() - 1];
    if f.width < largest {
        let w = f.width;
        v.push(
            Diagnostic::warning(
                "photo-small",
                &u.file,
                u.pos,
                t!(
                    "ảnh `{src}` rộng {w} điểm ảnh, nhỏ hơn cỡ lớn nhất {largest}: không phóng to, màn hình lớn sẽ thấy ảnh nhỏ hơn",
                    "`{src}` is {w} pixels wide, less than the largest width {largest}: it is not enlarged, so wide screens show it smaller"
                ),
            )
            .with_hint(t!(
                "dùng ảnh gốc rộng ít nhất {largest} điểm ảnh (ảnh chụp thẳng từ điện thoại là đủ)",
                "use an original at least {largest} pixels wide (a phone's photo as taken is enough)"
            )),
        );
    }
    if f.deep {
        v.push(
            Diagnostic::warning(
                "photo-16-bit",
                &u.file,
                u.pos,
                t!(
                    "ảnh `{src}` có 16 bit mỗi kênh màu: đã chuyển sang 8 bit (trình duyệt chỉ hiện 8 bit)",
                    "`{src}` has 16 bits per channel: made 8 bits (browsers show 8)"
                ),
            )
            .with_hint(t!(
                "xuất ảnh lại với 8 bit mỗi kênh (tệp nhẹ hơn một nửa)",
                "export the image again with 8 bits per channel (half the file size)"
            )),
        );
    }
    v
}

/// The error for a photo file that is not there.
fn missing(u: &Use) -> Diagnostic {
    let src = &u.src;
    Diagnostic::error(
        "photo-missing",
        &u.file,
        u.pos,
        t!("không tìm thấy tệp ảnh `{src}`", "the image file `{src}` does not exist"),
    )
    .with_hint(t!(
        "đặt ảnh vào `static{src}` (hoặc cạnh tệp .md nếu `src` không bắt đầu bằng /), hoặc sửa `src` cho đúng tên tệp (kể cả chữ hoa, chữ thường)",
        "put the image at `static{src}` (or beside the .md file when `src` does not start with /), or correct `src` to the file's name (case matters)"
    ))
}

/// The error for an original that cannot be published.
fn refused(u: &Use, r: &Refusal) -> Diagnostic {
    let src = &u.src;
    let (code, message, hint) = match r {
        Refusal::Unreadable(why) => (
            "photo-unreadable",
            t!(
                "không đọc được ảnh `{src}` (tệp hỏng, bị cắt cụt hoặc không phải JPEG, PNG, WebP): {why}",
                "cannot read the image `{src}` (broken, cut short, or not a JPEG, PNG or WebP): {why}"
            ),
            t!(
                "chép lại ảnh từ điện thoại hoặc máy ảnh, hoặc mở nó bằng trình xem ảnh rồi lưu thành JPEG",
                "copy the photo again from the phone or camera, or open it in an image viewer and save it as JPEG"
            ),
        ),
        Refusal::TooLarge(w, h) => {
            let max = encode::MAX_SIDE;
            let size = if *w > 0 { format!(" ({w} x {h})") } else { String::new() };
            (
                "photo-too-large",
                t!(
                    "ảnh `{src}` khai kích thước quá lớn{size}: quá {max} điểm ảnh một chiều hoặc quá 80 triệu điểm ảnh",
                    "`{src}` claims too many pixels{size}: more than {max} on a side or 80 megapixels"
                ),
                t!(
                    "thu nhỏ ảnh xuống dưới 4 000 điểm ảnh mỗi chiều rồi lưu lại (tệp có thể là ảnh hỏng hoặc cố ý gây hại)",
                    "scale the image below 4 000 pixels on each side and save it again (the file may be broken or hostile)"
                ),
            )
        }
        Refusal::Cmyk => (
            "photo-cmyk",
            t!(
                "ảnh `{src}` dùng hệ màu CMYK (bản in): trình duyệt hiện sai màu",
                "`{src}` uses CMYK colours (made for print): browsers show wrong colours"
            ),
            t!(
                "mở ảnh trong trình sửa ảnh, đổi sang hệ màu RGB (sRGB) rồi lưu thành JPEG",
                "open the image in an editor, convert it to RGB (sRGB) and save it as JPEG"
            ),
        ),
    };
    Diagnostic::error(code, &u.file, u.pos, message).with_hint(hint)
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
        "heic" | "heif" | "tif" | "tiff" | "dng" => return Err(uncleanable(shown, &ext)),
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
        return if strip::has_metadata(&bytes) { Err(uncleanable(shown, kind)) } else { Ok(None) };
    }
    stripped(&bytes).map(Some).ok_or_else(|| uncleanable(shown, kind))
}

/// The error for an image file whose metadata cannot be removed.
fn uncleanable(shown: &Path, ext: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        "image-metadata",
        shown,
        Pos::default(),
        t!(
            "không bỏ được siêu dữ liệu (vị trí chụp, số máy) khỏi tệp .{ext} này, nên không xuất bản nó",
            "cannot remove the metadata (position, device serial) from this .{ext} file, so it is not published"
        ),
    )
    .with_hint(t!(
        "mở ảnh bằng trình xem ảnh và lưu lại thành JPEG hoặc PNG (tệp hỏng thì chép lại từ máy gốc)",
        "open the image in a viewer and save it as JPEG or PNG (copy a broken file again from its source)"
    )))
}

//! A record's `photo:` as written (read here for every kind that has one), and a photo as the
//! pages show it: the files made from one original (widths, formats, share preview) and their
//! sizes. The model leaves the files empty; the render stage's `photos` step fills them once the
//! original has been read, so templates only read them.

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::read::fields::MapReader;
use crate::t;

/// The responsive files made from one photo, for `<picture>`, `og:image` and JSON-LD.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Picture {
    /// Width of the largest file, upright (EXIF orientation applied), in pixels.
    pub(crate) width: u32,
    /// Height of the largest file, upright, in pixels.
    pub(crate) height: u32,
    /// The JPEG of the largest width, for `<img src>` (a site path).
    pub(crate) src: String,
    /// Every width, smallest first.
    pub(crate) files: Vec<PictureFile>,
    /// The share preview (1 200 x 630, cropped to the centre), for OpenGraph and JSON-LD.
    pub(crate) share: Option<PictureFile>,
}

/// One file of a [`Picture`]: a JPEG and, beside it, a WebP of the same size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct PictureFile {
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// The JPEG (site path).
    pub(crate) jpeg: String,
    /// The WebP of the same pixels (site path); empty for the share preview, which stays JPEG
    /// for the apps that read `og:image`.
    pub(crate) webp: String,
}

/// A record's `photo: { src, alt, credit, consent }`: the picture shown at the top of its page
/// and used as its share preview (exemplars, pages and news, campaigns).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Photo {
    /// Image path.
    pub(crate) src: String,
    /// Text alternative.
    pub(crate) alt: String,
    /// Who made it (`Ảnh: Hội Nông dân xã Phước Hà`), shown under the photo.
    pub(crate) credit: Option<String>,
    /// The person shown agreed to publication (required for a person's or a household's photo
    /// on an exemplar; recorded, not required, elsewhere).
    pub(crate) consent: bool,
    /// The files made from it (filled by the render stage's `photos` step; `None` for a
    /// photo on another site, or in the preview until the photo is processed).
    pub(crate) image: Option<Picture>,
    /// Position of `src:`, for messages about the image file.
    #[serde(skip)]
    pub(crate) src_pos: Pos,
}

/// Reads the record's `photo:` mapping (`None` when absent or unreadable; every problem is
/// reported at its line).
pub(crate) fn read_photo(r: &mut MapReader<'_, '_>) -> Option<Photo> {
    if let Some(n) = r.node("photo")
        && n.as_text().is_some()
    {
        let file = r.file();
        r.report(
            Diagnostic::error(
                "wrong-type",
                file,
                n.pos,
                t!(
                    "`photo` cần đường dẫn ảnh và lời mô tả, không chỉ một dòng chữ",
                    "`photo` needs the image's path and a text alternative, not a single text"
                ),
            )
            .with_hint(t!(
                "viết `photo: {{ src: /anh/ten-anh.jpg, alt: Điều ảnh cho thấy }}`",
                "write `photo: {{ src: /anh/name.jpg, alt: What the picture shows }}`"
            )),
        );
        return None;
    }
    let n = r.map("photo")?;
    let file = r.file();
    let mut pr = MapReader::new(n, file, "photo", r.diags())?;
    let src_pos = n.get("src").map_or(n.pos, |s| s.pos);
    let src = pr.req_text("src", "/anh/ten-anh.jpg").and(pr.url("src"));
    let alt = pr.req_text("alt", "Ông Nguyễn Văn A bên vườn cà phê");
    let credit = pr.text("credit").filter(|c| !c.is_empty());
    let consent = pr.bool("consent").unwrap_or(false);
    pr.finish();
    Some(Photo { src: src?, alt: alt.unwrap_or_default(), credit, consent, image: None, src_pos })
}

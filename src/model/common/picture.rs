//! A photo as the pages show it: the files made from one original (widths, formats, share
//! preview) and their sizes. The model leaves it empty; the render stage's `photos` step fills
//! it once the original has been read, so templates only read it.

use serde::Serialize;

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

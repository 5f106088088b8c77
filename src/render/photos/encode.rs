//! One original photo in, its published files out: decoded within memory limits, turned upright,
//! resized to each width and to the share preview, encoded as JPEG and WebP without metadata.
//!
//! Crates, not our code: `image` decodes JPEG and PNG (its `Limits` refuse a file that claims
//! more pixels than we allow before anything is allocated, and its decoders give the EXIF
//! orientation), `fast_image_resize` resizes (SIMD Lanczos, several times faster than
//! `image`'s own resize on a 12-megapixel photo), `image`'s JPEG encoder and libwebp (through
//! the `webp` crate, built from its C source; `image` only writes lossless WebP, which is
//! larger than the JPEG for photos) encode, and `kamadak-exif` reads the original's EXIF to tell
//! the webmaster it records where it was taken. None of the encoders writes EXIF, XMP or IPTC.

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};

use super::strip;

/// Widths made of every photo (CSS pixels of a phone to a wide screen at twice its density);
/// an original narrower than the largest is not enlarged.
pub(crate) const WIDTHS: [u32; 3] = [360, 720, 1200];

/// Size of the share preview (what OpenGraph readers ask for).
pub(crate) const SHARE: (u32, u32) = (1200, 630);

/// Largest width or height accepted (a 100-megapixel camera's photo fits).
pub(crate) const MAX_SIDE: u32 = 12_000;

/// Most memory one decode may take (about 80 megapixels of RGB).
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// JPEG quality (0-100).
const JPEG_QUALITY: u8 = 80;

/// WebP quality (0-100).
const WEBP_QUALITY: f32 = 75.0;

/// Everything that decides the bytes of the output, for the cache key.
pub(crate) const SETTINGS: &str = "v1 widths=360,720,1200 share=1200x630 jpeg=80 webp=75 lanczos3";

/// What the checks learnt about an original.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Facts {
    /// Upright width of the original.
    pub(crate) width: u32,
    /// Upright height of the original.
    pub(crate) height: u32,
    /// Its EXIF records a position (GPS latitude or longitude).
    pub(crate) gps: bool,
    /// Its EXIF records a camera serial number or owner name.
    pub(crate) device: bool,
    /// 16 bits per channel (made 8 bits).
    pub(crate) deep: bool,
}

/// Why an original cannot be published.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not an image we can read, or broken, or cut short; the decoder's words.
    Unreadable(String),
    /// Claims more pixels than [`MAX_SIDE`] or the memory limit allow.
    TooLarge(u32, u32),
    /// A CMYK (print) JPEG.
    Cmyk,
}

/// One file made: its name suffix (`360w.jpg`, `1200x630.jpg`), size and bytes.
#[derive(Clone, Debug)]
pub(crate) struct Made {
    /// `<width>w.jpg`, `<width>w.webp` or `<w>x<h>.jpg` (the share preview).
    pub(crate) suffix: String,
    /// Width.
    pub(crate) width: u32,
    /// Height.
    pub(crate) height: u32,
    /// Encoded bytes.
    pub(crate) bytes: Vec<u8>,
}

/// Reads the facts of `bytes` and makes every published file from it: each width, and the share
/// preview when `share` (a page uses the photo as its `og:image`).
pub(crate) fn process(bytes: &[u8], share: bool) -> Result<(Facts, Vec<Made>), Refusal> {
    let (img, facts) = decode(bytes)?;
    let mut made = Vec::new();
    let mut resizer = Resizer::new();
    for w in widths(facts.width) {
        let h = scaled_height(facts.width, facts.height, w);
        let px = resize(&mut resizer, &img, w, h, false)?;
        made.push(Made { suffix: format!("{w}w.jpg"), width: w, height: h, bytes: jpeg(&px)? });
        made.push(Made { suffix: format!("{w}w.webp"), width: w, height: h, bytes: webp(&px)? });
    }
    if !share {
        return Ok((facts, made));
    }
    let (sw, sh) = share_size(facts.width, facts.height);
    let px = resize(&mut resizer, &img, sw, sh, true)?;
    made.push(Made { suffix: format!("{sw}x{sh}.jpg"), width: sw, height: sh, bytes: jpeg(&px)? });
    Ok((facts, made))
}

/// The widths made of an original `width` pixels wide: those of [`WIDTHS`] below it, and the
/// original width itself when it is narrower than the largest.
pub(crate) fn widths(width: u32) -> Vec<u32> {
    let mut v: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        v.push(width);
    }
    v
}

/// Height of a `w`-wide copy of a `width` x `height` image (rounded, at least 1).
fn scaled_height(width: u32, height: u32, w: u32) -> u32 {
    ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

/// The share preview's size: [`SHARE`], or smaller with the same shape when the original is
/// smaller (never enlarged).
fn share_size(width: u32, height: u32) -> (u32, u32) {
    let f = (f64::from(width) / f64::from(SHARE.0)).min(f64::from(height) / f64::from(SHARE.1));
    if f >= 1.0 {
        return SHARE;
    }
    let w = (f64::from(SHARE.0) * f).floor().max(1.0) as u32;
    (w, (f64::from(SHARE.1) * f).floor().max(1.0) as u32)
}

/// Decodes `bytes` within the limits, upright, as 8-bit RGB (transparent pixels on white).
fn decode(bytes: &[u8]) -> Result<(RgbImage, Facts), Refusal> {
    let structure = strip::structure(bytes);
    if structure.is_some_and(|s| s.components == 4) {
        return Err(Refusal::Cmyk);
    }
    let mut facts = Facts::default();
    if let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        let has = |t| exif.get_field(t, exif::In::PRIMARY).is_some();
        facts.gps = has(exif::Tag::GPSLatitude) || has(exif::Tag::GPSLongitude);
        facts.device = has(exif::Tag::BodySerialNumber)
            || has(exif::Tag::CameraOwnerName)
            || has(exif::Tag::LensSerialNumber);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refusal::Unreadable(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) * 4 > MAX_ALLOC {
        return Err(Refusal::TooLarge(w, h));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    facts.deep = decoder.color_type().bytes_per_pixel() > decoder.color_type().channel_count();
    let mut img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    if structure.is_some_and(|s| !s.complete) {
        return Err(Refusal::Unreadable("the file ends before the image does".into()));
    }
    img.apply_orientation(orientation);
    facts.width = img.width();
    facts.height = img.height();
    let rgb = if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        let mut out = RgbImage::new(rgba.width(), rgba.height());
        for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
            let a = u16::from(p[3]);
            for c in 0..3 {
                o[c] = ((u16::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
            }
        }
        out
    } else {
        img.into_rgb8()
    };
    Ok((rgb, facts))
}

/// The refusal for a decoder's error (limits are [`Refusal::TooLarge`]).
fn refusal(e: image::ImageError) -> Refusal {
    match e {
        image::ImageError::Limits(_) => Refusal::TooLarge(0, 0),
        e => Refusal::Unreadable(e.to_string()),
    }
}

/// `img` resized to `w` x `h` (cropped around the centre to that shape when `crop`).
fn resize(
    resizer: &mut Resizer,
    img: &RgbImage,
    w: u32,
    h: u32,
    crop: bool,
) -> Result<RgbImage, Refusal> {
    let mut dst = RgbImage::new(w, h);
    let mut opts = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if crop {
        opts = opts.fit_into_destination(Some((0.5, 0.5)));
    }
    resizer.resize(img, &mut dst, &opts).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    Ok(dst)
}

/// Baseline JPEG of `img` (the encoder writes a JFIF header and nothing else).
fn jpeg(img: &RgbImage) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(img)
        .map_err(|e| Refusal::Unreadable(e.to_string()))?;
    Ok(out)
}

/// Lossy WebP of `img` (libwebp's simple encoder: a `VP8 ` chunk, no metadata chunk).
fn webp(img: &RgbImage) -> Result<Vec<u8>, Refusal> {
    webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height())
        .encode_simple(false, WEBP_QUALITY)
        .map(|m| m.to_vec())
        .map_err(|e| Refusal::Unreadable(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(widths(4000), vec![360, 720, 1200]);
        assert_eq!(widths(1200), vec![360, 720, 1200]);
        assert_eq!(widths(800), vec![360, 720, 800]);
        assert_eq!(widths(300), vec![300]);
        assert_eq!(share_size(4000, 3000), (1200, 630));
        assert_eq!(share_size(600, 630), (600, 315));
        assert_eq!(scaled_height(4000, 3000, 360), 270);
    }

    #[test]
    fn a_bomb_is_refused_before_memory_is_taken() {
        // A valid PNG header claiming 100 000 x 100 000 pixels, with no pixel data.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        let crc = png_crc(&png[12..]);
        png.extend_from_slice(&crc.to_be_bytes());
        assert!(matches!(process(&png, true), Err(Refusal::TooLarge(..))));
    }

    fn png_crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn outputs_carry_no_metadata_and_keep_their_sizes() {
        let mut img = RgbImage::new(900, 600);
        for (x, y, p) in img.enumerate_pixels_mut() {
            *p = image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]);
        }
        let mut src = Vec::new();
        image::codecs::png::PngEncoder::new(&mut src)
            .write_image(img.as_raw(), 900, 600, image::ExtendedColorType::Rgb8)
            .unwrap();
        let (facts, made) = process(&src, true).unwrap();
        assert_eq!((facts.width, facts.height, facts.gps), (900, 600, false));
        let names: Vec<_> = made.iter().map(|m| m.suffix.as_str()).collect();
        assert_eq!(
            names,
            [
                "360w.jpg",
                "360w.webp",
                "720w.jpg",
                "720w.webp",
                "900w.jpg",
                "900w.webp",
                "900x472.jpg"
            ]
        );
        for m in &made {
            assert!(!strip::has_metadata(&m.bytes), "{}", m.suffix);
            let d = image::load_from_memory(&m.bytes).unwrap();
            assert_eq!((d.width(), d.height()), (m.width, m.height), "{}", m.suffix);
        }
        // A body image is not shared: no preview is made of it.
        let (_, made) = process(&src, false).unwrap();
        assert_eq!(made.len(), 6);
        assert!(made.iter().all(|m| m.suffix.ends_with("w.jpg") || m.suffix.ends_with("w.webp")));
    }

    use image::ImageEncoder as _;
}

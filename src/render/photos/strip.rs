//! Metadata out of images that are copied, not re-encoded: JPEG segments and PNG chunks that
//! can carry where a photo was taken, the camera's serial number or its owner's name are
//! dropped, byte for byte, without decoding the pixels.
//!
//! Why our own code: no well-kept crate removes metadata from a JPEG or PNG without decoding
//! and re-encoding it (which would lose quality and take the time of a full decode). Both
//! formats are plain lists of length-prefixed blocks, so removing blocks is a loop of a few
//! lines each (JPEG: ITU T.81 annex B; PNG: RFC 2083 section 3); the pixels are never touched.
//! Re-encoded photos need none of this: our encoders write no metadata at all.

/// What a JPEG or PNG holds besides its pixels, as far as the checks need it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Structure {
    /// The image data ends properly (JPEG: an end-of-image marker after the scan; PNG: `IEND`).
    pub(crate) complete: bool,
    /// Colour components of a JPEG frame (4: CMYK or YCCK).
    pub(crate) components: u8,
}

/// JPEG markers of the segments kept in a stripped copy: APP0 (JFIF), APP2 (the ICC colour
/// profile, needed to show colours right) and APP14 (Adobe, says how to read the colours).
/// APP1 (EXIF, XMP), APP13 (IPTC), the other APPn and comments (COM) are dropped.
const KEPT_APP: [u8; 3] = [0xE0, 0xE2, 0xEE];

/// PNG chunks dropped from a stripped copy: EXIF, the text chunks (XMP and free text, which
/// cameras and editors use for authors, places and software) and the time of the last edit.
const DROPPED_PNG: [&[u8; 4]; 5] = [b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"];

/// Whether `b` starts like a JPEG file.
pub(crate) fn is_jpeg(b: &[u8]) -> bool {
    b.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// Whether `b` starts like a PNG file.
pub(crate) fn is_png(b: &[u8]) -> bool {
    b.starts_with(b"\x89PNG\r\n\x1a\n")
}

/// A JPEG segment: its marker, and where it starts (at its `0xFF`) and ends.
type Segment = (u8, usize, usize);

/// A JPEG's segments before its first scan: `(marker, start, end)` of each (the marker's
/// `0xFF` at `start`), and where the scan's data begins. `None` when the file is not a JPEG or
/// a segment runs past its end.
fn jpeg_segments(b: &[u8]) -> Option<(Vec<Segment>, usize)> {
    if !is_jpeg(b) {
        return None;
    }
    let mut segs = Vec::new();
    let mut i = 2;
    loop {
        // Fill bytes (0xFF repeated) may come before a marker.
        while b.get(i) == Some(&0xFF) && b.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if b.get(i) != Some(&0xFF) {
            return None;
        }
        let marker = *b.get(i + 1)?;
        let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
        let end = i + 2 + len;
        if len < 2 || end > b.len() {
            return None;
        }
        segs.push((marker, i, end));
        if marker == 0xDA {
            return Some((segs, end));
        }
        i = end;
    }
}

/// What the checks need to know of a JPEG or PNG file (`None` for other files, or when the
/// blocks before the pixels are broken).
pub(crate) fn structure(b: &[u8]) -> Option<Structure> {
    if is_png(b) {
        let chunks = png_chunks(b)?;
        let complete = chunks.iter().any(|&(ty, _, _)| ty == *b"IEND");
        return Some(Structure { complete, components: 3 });
    }
    let (segs, scan) = jpeg_segments(b)?;
    // Start-of-frame markers: C0-CF except C4 (Huffman tables), C8 (reserved) and CC
    // (arithmetic coding conditions). Byte 9 of the segment is the number of components.
    let components = segs
        .iter()
        .find(|&&(m, _, _)| (0xC0..=0xCF).contains(&m) && ![0xC4, 0xC8, 0xCC].contains(&m))
        .and_then(|&(_, s, _)| b.get(s + 9).copied())
        .unwrap_or(0);
    // The entropy-coded data never holds 0xFF 0xD9 (a 0xFF in it is followed by 0x00 or a
    // restart marker), so the end-of-image marker after the scan means the file is whole.
    let complete = b[scan..].windows(2).any(|w| w == [0xFF, 0xD9]);
    Some(Structure { complete, components })
}

/// A copy of the JPEG `b` without EXIF, XMP, IPTC, comments or any other application segment
/// but those of [`KEPT_APP`]. When the photo was turned by an EXIF orientation, a minimal
/// EXIF block holding only that orientation is put back, so that it still shows upright.
/// `None` when the file is not a JPEG whose segments can be read.
pub(crate) fn strip_jpeg(b: &[u8], orientation: u16) -> Option<Vec<u8>> {
    let (segs, scan) = jpeg_segments(b)?;
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    if (2..=8).contains(&orientation) {
        out.extend_from_slice(&orientation_app1(orientation));
    }
    for (marker, start, end) in segs {
        let app = (0xE0..=0xEF).contains(&marker) || marker == 0xFE;
        if !app || KEPT_APP.contains(&marker) {
            out.extend_from_slice(&b[start..end]);
        }
    }
    out.extend_from_slice(&b[scan..]);
    Some(out)
}

/// An APP1 segment whose EXIF holds one field: Orientation (tag 0x0112) = `o`. Big-endian
/// TIFF: header (8 bytes), one directory of one 12-byte entry, no next directory.
fn orientation_app1(o: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2A\x00\x00\x00\x08");
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
    tiff.extend_from_slice(&o.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let len = (2 + 6 + tiff.len()) as u16;
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(b"Exif\x00\x00");
    seg.extend_from_slice(&tiff);
    seg
}

/// A PNG's chunks: `(type, start, end)` of each, length, type, data and CRC included.
fn png_chunks(b: &[u8]) -> Option<Vec<([u8; 4], usize, usize)>> {
    let mut chunks = Vec::new();
    let mut i = 8;
    while i < b.len() {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let ty: [u8; 4] = b.get(i + 4..i + 8)?.try_into().ok()?;
        let end = i.checked_add(12)?.checked_add(len)?;
        if end > b.len() {
            return None;
        }
        chunks.push((ty, i, end));
        if &ty == b"IEND" {
            break;
        }
        i = end;
    }
    Some(chunks)
}

/// A copy of the PNG `b` without the chunks of [`DROPPED_PNG`]; `None` when its chunks cannot
/// be read.
pub(crate) fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    let chunks = png_chunks(b)?;
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..8]);
    for (ty, start, end) in chunks {
        if !DROPPED_PNG.contains(&&ty) {
            out.extend_from_slice(&b[start..end]);
        }
    }
    Some(out)
}

/// Whether `b` holds an EXIF, XMP or IPTC block anywhere (the markers a JPEG, PNG or WebP file
/// would carry them under). Used by the tests and by the checks of copied WebP files.
pub(crate) fn has_metadata(b: &[u8]) -> bool {
    let has = |pat: &[u8]| b.windows(pat.len()).any(|w| w == pat);
    has(b"Exif\x00\x00")
        || has(b"http://ns.adobe.com/xap/")
        || has(b"Photoshop 3.0")
        || has(b"eXIf")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(marker: u8, data: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(data);
        v
    }

    fn jpeg(parts: &[Vec<u8>]) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        for p in parts {
            v.extend_from_slice(p);
        }
        v.extend_from_slice(&[1, 2, 3, 0xFF, 0x00, 4, 0xFF, 0xD9]);
        v
    }

    #[test]
    fn jpeg_loses_exif_xmp_iptc_and_comments_and_keeps_the_rest() {
        let sof = seg(0xC0, &[8, 0, 10, 0, 20, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        let b = jpeg(&[
            seg(0xE0, b"JFIF\x00\x01\x02"),
            seg(0xE1, b"Exif\x00\x00MM\x00\x2agps"),
            seg(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x/>"),
            seg(0xED, b"Photoshop 3.0\x00iptc"),
            seg(0xFE, b"owner: Nguyen Van A"),
            seg(0xE2, b"ICC_PROFILE\x00\x01\x01abc"),
            seg(0xDB, &[0; 65]),
            sof.clone(),
            seg(0xDA, &[1, 1, 0, 0, 63, 0]),
        ]);
        assert!(has_metadata(&b));
        let s = strip_jpeg(&b, 1).unwrap();
        assert!(!has_metadata(&s));
        assert!(!s.windows(5).any(|w| w == b"owner"));
        assert!(s.windows(11).any(|w| w == b"ICC_PROFILE"));
        assert!(s.windows(sof.len()).any(|w| w == sof.as_slice()));
        assert!(s.ends_with(&[1, 2, 3, 0xFF, 0x00, 4, 0xFF, 0xD9]));
        assert_eq!(structure(&s), Some(Structure { complete: true, components: 3 }));
        // Turned photos keep their orientation, and only it.
        let t = strip_jpeg(&b, 6).unwrap();
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&t)).unwrap();
        assert_eq!(exif.fields().count(), 1);
        let o = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY).unwrap();
        assert_eq!(o.value.get_uint(0), Some(6));
    }

    #[test]
    fn structure_sees_cmyk_and_truncation() {
        let sof = seg(0xC2, &[8, 0, 10, 0, 20, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        let b = jpeg(&[sof, seg(0xDA, &[1, 1, 0, 0, 63, 0])]);
        assert_eq!(structure(&b).unwrap().components, 4);
        let cut = &b[..b.len() - 3];
        assert!(!structure(cut).unwrap().complete);
        assert_eq!(structure(b"not an image"), None);
        // A segment claiming more bytes than the file has.
        assert_eq!(structure(&[0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 1]), None);
    }

    #[test]
    fn png_loses_text_and_exif_chunks() {
        fn chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
            let mut v = (data.len() as u32).to_be_bytes().to_vec();
            v.extend_from_slice(ty);
            v.extend_from_slice(data);
            v.extend_from_slice(&[0; 4]);
            v
        }
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        for c in [
            chunk(b"IHDR", &[0; 13]),
            chunk(b"eXIf", b"MM\x00\x2a"),
            chunk(b"iTXt", b"XML:com.adobe.xmp"),
            chunk(b"tEXt", b"Author\x00Tran Thi B"),
            chunk(b"IDAT", &[1, 2, 3]),
            chunk(b"IEND", &[]),
        ] {
            b.extend_from_slice(&c);
        }
        let s = strip_png(&b).unwrap();
        assert!(!s.windows(4).any(|w| w == b"eXIf" || w == b"iTXt" || w == b"tEXt"));
        assert!(s.windows(4).any(|w| w == b"IDAT"));
        assert!(structure(&s).unwrap().complete);
        assert!(!structure(&s[..s.len() - 12]).unwrap().complete);
    }
}

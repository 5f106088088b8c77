//! Text of a webmaster's file: bytes to NFC text with LF line ends, and Markdown front matter split from the body.
//!
//! Every file minhbach reads (`site.yaml`, content, templates) goes through [`read_text`]:
//! a size limit, no binary, UTF-8 with a guess of the legacy Vietnamese encoding when it is not
//! (TCVN3, VNI, Windows-1258: old office files still use them), BOM removed, CRLF to LF, NFC.

use std::path::Path;

use crate::diag::{Diagnostic, Pos};
use crate::t;
use crate::vi;
/// Largest content file read, in bytes. Larger files are refused with a message.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Reads a text file the way every content file is read: size limit, no binary, UTF-8 (with a
/// guess of the legacy encoding when not), BOM removed, CRLF to LF, NFC.
pub(crate) fn read_text(abs: &Path, rel: &Path) -> Result<String, Box<Diagnostic>> {
    let meta = std::fs::metadata(abs).map_err(|e| io_diag(rel, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        let mb = meta.len() / (1024 * 1024);
        let max = MAX_FILE_BYTES / (1024 * 1024);
        return Err(Box::new(
            Diagnostic::error(
                "file-too-large",
                rel,
                Pos::default(),
                t!("tệp quá lớn ({mb} MB, tối đa {max} MB)", "file too large ({mb} MB, at most {max} MB)"),
            )
            .with_hint(t!(
                "chia dữ liệu thành nhiều tệp (ví dụ mỗi tháng một tệp CSV), hoặc chuyển tệp này vào static/",
                "split the data into several files (e.g. one CSV per month), or move this file to static/"
            )),
        ));
    }
    let bytes = std::fs::read(abs).map_err(|e| io_diag(rel, &e))?;
    decode(&bytes, rel)
}

/// `Some("UTF-16 LE")` or `Some("UTF-16 BE")` when `bytes` are UTF-16 text: a byte-order mark,
/// or (without one) a NUL in every other byte of the first 512, as ASCII letters in UTF-16 are.
fn utf16_order(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") && !bytes.starts_with(b"\xFF\xFE\x00\x00") {
        return Some("UTF-16 LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 BE");
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut low, mut high) = (0, 0);
    for p in head.chunks_exact(2) {
        match (p[0] == 0, p[1] == 0) {
            (false, true) => low += 1,
            (true, false) => high += 1,
            _ => {}
        }
    }
    // Vietnamese text has non-ASCII letters (no NUL byte), so ask for most, not all, pairs.
    if low * 10 >= pairs * 6 {
        Some("UTF-16 LE")
    } else if high * 10 >= pairs * 6 {
        Some("UTF-16 BE")
    } else {
        None
    }
}

/// Decodes file bytes to NFC text with LF line ends; see [`read_text`].
pub(crate) fn decode(bytes: &[u8], rel: &Path) -> Result<String, Box<Diagnostic>> {
    if let Some(order) = utf16_order(bytes) {
        return Err(Box::new(
            Diagnostic::error(
                "utf16",
                rel,
                Pos::default(),
                t!(
                    "tệp được lưu bằng bảng mã UTF-16 ({order}; Notepad gọi là \"Unicode\"), không phải UTF-8",
                    "the file is saved as UTF-16 ({order}; Notepad calls it \"Unicode\"), not UTF-8"
                ),
            )
            .with_hint(t!(
                "mở tệp và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… > Encoding: UTF-8; Excel: CSV UTF-8)",
                "open the file and save it again as UTF-8 (Notepad: Save as… > Encoding: UTF-8; Excel: CSV UTF-8)"
            )),
        ));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..nul].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        return Err(Box::new(
            Diagnostic::error(
                "binary-file",
                rel,
                Pos::new(line, 0),
                t!("đây không phải tệp văn bản (có byte NUL)", "this is not a text file (it contains NUL bytes)"),
            )
            .with_hint(t!(
                "tệp Word/Excel/PDF không đọc được trực tiếp: lưu thành .md, .yaml hoặc .csv (UTF-8), hoặc đặt vào static/ để tải về",
                "Word/Excel/PDF files cannot be read directly: save as .md, .yaml or .csv (UTF-8), or put it in static/ as a download"
            )),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let enc = vi::detect_legacy_encoding(bytes);
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let name = enc.name();
            let (msg, hint) = if enc == vi::LegacyEncoding::Unknown {
                (
                    t!("tệp không phải UTF-8", "the file is not UTF-8"),
                    t!(
                        "mở tệp và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… > Encoding: UTF-8; Excel: CSV UTF-8)",
                        "open the file and save it again as UTF-8 (Notepad: Save as… > Encoding: UTF-8; Excel: CSV UTF-8)"
                    ),
                )
            } else {
                (
                    t!(
                        "tệp không phải UTF-8; có vẻ là bảng mã cũ {name}",
                        "the file is not UTF-8; it looks like the legacy encoding {name}"
                    ),
                    t!(
                        "chuyển mã sang Unicode dựng sẵn (UTF-8), ví dụ bằng công cụ chuyển mã của Unikey (nguồn: {name}, đích: Unicode), rồi lưu lại",
                        "convert it to Unicode (UTF-8, precomposed), e.g. with Unikey's converter (source: {name}, target: Unicode), then save"
                    ),
                )
            };
            return Err(Box::new(
                Diagnostic::error("not-utf8", rel, Pos::new(line, 0), msg).with_hint(hint),
            ));
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let text = if vi::is_nfc(&text) { text } else { vi::nfc(&text) };
    if let Some(enc) = vi::looks_like_legacy_font_text(&text) {
        let name = enc.name();
        return Err(Box::new(
            Diagnostic::error(
                "legacy-font-text",
                rel,
                Pos::default(),
                t!(
                    "chữ trong tệp được gõ bằng phông cũ {name} (ví dụ \"Uû ban nh©n d©n\")",
                    "the text was typed in a legacy {name} font (e.g. \"Uû ban nh©n d©n\")"
                ),
            )
            .with_hint(t!(
                "chuyển mã sang Unicode bằng công cụ chuyển mã của Unikey (nguồn: {name}), rồi lưu lại",
                "convert to Unicode with Unikey's converter (source: {name}), then save"
            )),
        ));
    }
    if vi::looks_like_mojibake(&text) {
        return Err(Box::new(
            Diagnostic::error(
                "mojibake",
                rel,
                Pos::default(),
                t!(
                    "chữ bị lỗi phông (ví dụ \"Viá»‡t\" thay cho \"Việt\"): tệp UTF-8 đã bị mở sai bảng mã rồi lưu lại",
                    "garbled text (e.g. \"Viá»‡t\" for \"Việt\"): a UTF-8 file was opened with the wrong encoding and saved"
                ),
            )
            .with_hint(t!(
                "lấy lại bản gốc, hoặc mở tệp bằng bảng mã Windows-1252 rồi lưu lại dưới dạng UTF-8",
                "restore the original, or open the file as Windows-1252 and save it again as UTF-8"
            )),
        ));
    }
    Ok(text)
}

/// The message for a file that cannot be read.
pub(crate) fn io_diag(rel: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        "io",
        rel,
        Pos::default(),
        t!("không đọc được tệp: {e}", "cannot read the file: {e}"),
    ))
}

/// The syntax of a file's front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FrontSyntax {
    /// Between two `---` lines (or none at all).
    Yaml,
    /// Between two `+++` lines: Hugo's and Zola's default.
    Toml,
}

/// A Markdown file cut in two: its front matter and its body.
#[derive(Debug)]
pub(crate) struct Split {
    /// The front matter's text, without its fences (empty when the file has none).
    pub(crate) front: String,
    /// Line of the front matter's first line in the file.
    pub(crate) front_line: u32,
    /// The body.
    pub(crate) body: String,
    /// Line of the body's first line in the file.
    pub(crate) body_line: u32,
    /// YAML or TOML.
    pub(crate) syntax: FrontSyntax,
}

/// Splits front matter from a Markdown body: YAML between `---` lines (a closing `...` is
/// accepted too) or TOML between `+++` lines. A file with no front matter has an empty one.
pub(crate) fn split_front_matter(text: &str, rel: &Path) -> Result<Split, Box<Diagnostic>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("").trim_end();
    let syntax = match first {
        "---" => FrontSyntax::Yaml,
        "+++" => FrontSyntax::Toml,
        _ => {
            let body = text.to_string();
            return Ok(Split {
                front: String::new(),
                front_line: 1,
                body,
                body_line: 1,
                syntax: FrontSyntax::Yaml,
            });
        }
    };
    let mut front = String::new();
    let mut line_no = 1u32;
    for line in lines.by_ref() {
        line_no += 1;
        let l = line.trim_end();
        let closes = match syntax {
            FrontSyntax::Yaml => l == "---" || l == "...",
            FrontSyntax::Toml => l == "+++",
        };
        if closes {
            let consumed: usize =
                text.split_inclusive('\n').take(line_no as usize).map(str::len).sum();
            let body = text[consumed.min(text.len())..].to_string();
            return Ok(Split { front, front_line: 2, body, body_line: line_no + 1, syntax });
        }
        front.push_str(line);
    }
    Err(Box::new(
        Diagnostic::error(
            "unclosed-front-matter",
            rel,
            Pos::new(1, 1),
            t!(
                "phần đầu (front matter) mở bằng {first} nhưng không có dòng {first} đóng lại",
                "front matter opens with {first} but is never closed by a {first} line"
            ),
        )
        .with_hint(t!(
            "thêm một dòng chỉ gồm {first} sau khóa cuối cùng, trước phần nội dung",
            "add a line holding only {first} after the last key, before the text"
        )),
    ))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split_front_matter("---\ntitle: A\n---\nHello\n", Path::new("a.md")).unwrap();
        assert_eq!(
            (s.front.as_str(), s.front_line, s.body.as_str(), s.body_line, s.syntax),
            ("title: A\n", 2, "Hello\n", 4, FrontSyntax::Yaml)
        );
        let s = split_front_matter("Just text\n", Path::new("a.md")).unwrap();
        assert_eq!((s.front.as_str(), s.body.as_str()), ("", "Just text\n"));
        let s =
            split_front_matter("+++\ntitle = \"A\"\n+++\n\nHello\n", Path::new("a.md")).unwrap();
        assert_eq!(
            (s.front.as_str(), s.body.as_str(), s.body_line, s.syntax),
            ("title = \"A\"\n", "\nHello\n", 4, FrontSyntax::Toml)
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter("---\ntitle: A\nHello\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.code, "unclosed-front-matter");
        let e = split_front_matter("+++\ntitle = \"A\"\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.code, "unclosed-front-matter");
        assert!(e.message.en.contains("+++"), "{}", e.message.en);
    }

    #[test]
    fn decode_handles_bom_crlf_nfd_and_binary() {
        let t = decode("\u{FEFF}a\r\nNgu\u{031B}o\u{031B}\u{0300}i\r\n".as_bytes(), Path::new("a"))
            .unwrap();
        assert_eq!(t, "a\nNgười\n");
        assert_eq!(decode(b"a\0b", Path::new("a")).unwrap_err().code, "binary-file");
        assert_eq!(decode(b"Vi\xeat", Path::new("a")).unwrap_err().code, "not-utf8");
    }

    /// Issue 16: a UTF-16 file (Notepad's "Unicode") was called binary, "NUL bytes".
    #[test]
    fn utf16_is_named_with_and_without_a_byte_order_mark() {
        let le = |s: &str, bom: bool| {
            let mut b: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b
        };
        let be: Vec<u8> = "tiêu đề: Kế hoạch".encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, order) in [
            (le("---\ntitle: Kế hoạch\n---\n", true), "UTF-16 LE"),
            (le("---\ntitle: Kế hoạch thực hiện\n---\n", false), "UTF-16 LE"),
            (be, "UTF-16 BE"),
        ] {
            let e = decode(&bytes, Path::new("a.md")).unwrap_err();
            assert_eq!(e.code, "utf16");
            assert!(e.message.en.contains(order), "{}", e.message.en);
            assert!(e.hint.unwrap().en.contains("UTF-8"));
        }
    }
}

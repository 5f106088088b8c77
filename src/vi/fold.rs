//! Diacritic-insensitive folding and URL slugs: `Người Nghèo` → `nguoi ngheo`, `Quyết định số 163/QĐ-UBND` → `quyet-dinh-so-163-qd-ubnd`.
//!
//! Slugs are ours rather than a slug crate's because they are part of every published URL:
//! the rule (fold, ASCII `[a-z0-9]`, runs of anything else to one `-`, cut at 80 bytes on a
//! dash, a `-` after a Windows device name such as `con`) must stay stable across versions, and `đ` must become `d` (generic transliteration
//! crates differ on it and change their tables between releases).

use unicode_normalization::char::decompose_canonical;

use super::normalize::precomposed;
/// Folds `s` for diacritic-insensitive search and slugs.
///
/// NFD, then drops the combining marks U+0300–U+036F, maps `đ`→`d` and `Đ`→`D` (they have
/// no decomposition), then lowercases: `"Người Nghèo"` → `"nguoi ngheo"`,
/// `"ĐIỂN HÌNH"` → `"dien hinh"`. NFC and NFD input give the same result. ASCII input takes
/// a fast path.
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some((base, _)) = precomposed(c) {
            out.push(char::from(base.to_ascii_lowercase()));
        } else {
            decompose_canonical(c, |d| push_folded(&mut out, d));
        }
    }
    out
}

fn push_folded(out: &mut String, d: char) {
    match d {
        '\u{300}'..='\u{36F}' => {}
        'đ' | 'Đ' => out.push('d'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            for l in c.to_lowercase() {
                if !('\u{300}'..='\u{36F}').contains(&l) {
                    out.push(l);
                }
            }
        }
    }
}

/// Maximum slug length in bytes.
pub(crate) const SLUG_MAX: usize = 80;

/// Turns a title into a URL slug: `lowercase(fold(s))`, every run of characters other
/// than `[a-z0-9]` becomes one `-`, leading and trailing `-` are trimmed.
///
/// Slugs longer than 80 bytes are cut at the last `-` that keeps at least half of the
/// allowed length, otherwise hard at 80 bytes. `"263/KH-UBND 2022"` →
/// `"263-kh-ubnd-2022"`, `"Quyết định số 163/QĐ-UBND"` → `"quyet-dinh-so-163-qd-ubnd"`;
/// an empty or all-punctuation input gives `""`.
pub(crate) fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len().min(SLUG_MAX + 16));
    let mut pending_dash = false;
    for b in folded.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(char::from(b));
        } else {
            pending_dash = true;
        }
    }
    if out.len() > SLUG_MAX {
        // `out` is pure ASCII, so every byte index is a char boundary.
        let bytes = out.as_bytes();
        let cut = if bytes.get(SLUG_MAX) == Some(&b'-') {
            SLUG_MAX
        } else {
            match bytes.get(..SLUG_MAX).and_then(|head| head.iter().rposition(|&b| b == b'-')) {
                Some(i) if i >= SLUG_MAX / 2 => i,
                _ => SLUG_MAX,
            }
        };
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    if is_windows_device_name(&out) {
        // `con` ("child", a common Vietnamese word) is a device on Windows: no file or folder
        // may be called so. A trailing `-` keeps the word and cannot be another title's slug
        // (slugs never end in `-` otherwise), so the URL is stable and unique: `con-`.
        out.push('-');
    }
    out
}

/// Whether Windows reserves `name` for a device, so that no file or folder can have it:
/// `con`, `prn`, `aux`, `nul`, `com0`–`com9`, `lpt0`–`lpt9` (and `com¹`… `lpt³`), in any case,
/// also with an extension (`con.html`, `Nul.tar.gz`) or trailing spaces before it.
pub(crate) fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let lower = stem.to_ascii_lowercase();
    match lower.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let Some(rest) = lower.strip_prefix("com").or_else(|| lower.strip_prefix("lpt")) else {
                return false;
            };
            let mut chars = rest.chars();
            matches!((chars.next(), chars.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vi::normalize::nfd;

    // ----- fold -------------------------------------------------------------

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Người Nghèo"), "nguoi ngheo");
        assert_eq!(fold("ĐIỂN HÌNH"), "dien hinh");
        assert_eq!(fold("đ Đ"), "d d");
        assert_eq!(fold("Quỹ “Vì người nghèo”"), "quy “vi nguoi ngheo”");
        assert_eq!(fold("Ưu tiên ƠN Ăn Ấm"), "uu tien on an am");
        assert_eq!(fold("ABC-123"), "abc-123");
        assert_eq!(fold(""), "");
        assert_eq!(fold("ÇA Ελλάδα"), "ca ελλαδα");
    }

    #[test]
    fn fold_gives_the_same_result_for_nfd_input() {
        for s in [
            "Người Nghèo",
            "ĐIỂN HÌNH",
            "Thủ tướng Chính phủ",
            "Ủy ban nhân dân tỉnh Bình Phước",
            "bệnh",
        ] {
            assert_eq!(fold(&nfd(s)), fold(s), "{s}");
        }
        // đ has no decomposition: in NFD text it is still U+0111 and must still fold.
        assert_eq!(fold("\u{111}e\u{302}\u{300}n"), "den");
        assert_eq!(fold("\u{110}O\u{302}\u{323}C"), "doc");
    }

    // ----- slugify ------------------------------------------------------------

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("263/KH-UBND 2022"), "263-kh-ubnd-2022");
        assert_eq!(slugify("Quyết định số 163/QĐ-UBND"), "quyet-dinh-so-163-qd-ubnd");
        assert_eq!(
            slugify("Tháng cao điểm “Vì người nghèo” năm 2022"),
            "thang-cao-diem-vi-nguoi-ngheo-nam-2022"
        );
        assert_eq!(slugify("--Hà  Nội--"), "ha-noi");
        assert_eq!(slugify(&nfd("Đồng Xoài")), "dong-xoai");
        assert_eq!(slugify("日本 Bình"), "binh");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify(" – … /// "), "");
    }

    #[test]
    fn slugs_are_never_windows_device_names() {
        // Issue 20: a tag `Con` made a folder `con/` that Windows cannot create.
        assert_eq!(slugify("Con"), "con-");
        assert_eq!(slugify("NUL"), "nul-");
        assert_eq!(slugify("Aux"), "aux-");
        assert_eq!(slugify("COM1"), "com1-");
        assert_eq!(slugify("lpt9"), "lpt9-");
        // idempotent, so a `slug: con-` given by hand is accepted as it is
        assert_eq!(slugify("con-"), "con-");
        // only whole slugs are devices
        assert_eq!(slugify("Con đường"), "con-duong");
        assert_eq!(slugify("COM 1"), "com-1");
        assert_eq!(slugify("com10"), "com10");
        assert_eq!(slugify("Còn"), "con-");
    }

    #[test]
    fn windows_device_names_in_any_case_and_with_extensions() {
        for name in ["con", "CON", "Con.html", "nul.tar.gz", "aux", "PRN.txt", "com1", "COM9.md"] {
            assert!(is_windows_device_name(name), "{name}");
        }
        for name in ["lpt0", "lpt1", "lpt³", "com¹", "con .txt", "nul "] {
            assert!(is_windows_device_name(name), "{name}");
        }
        for name in ["cons", "con-", "con-duong", "com10", "lpt", "com", "xcon", "nul-", "a.con"] {
            assert!(!is_windows_device_name(name), "{name}");
        }
    }

    #[test]
    fn slugify_caps_at_80_bytes_on_a_dash() {
        let title = "Kế hoạch tổ chức thực hiện phong trào thi đua Vì người nghèo Không để ai bị bỏ lại \
                     phía sau giai đoạn 2021 2025 trên địa bàn tỉnh";
        assert_eq!(
            slugify(title),
            "ke-hoach-to-chuc-thuc-hien-phong-trao-thi-dua-vi-nguoi-ngheo-khong-de-ai-bi-bo"
        );
        // exactly 80 bytes followed by a dash: kept whole
        let eighty = format!("{} tail", "a".repeat(80));
        assert_eq!(slugify(&eighty), "a".repeat(80));
        // no usable dash: hard cut
        assert_eq!(slugify(&"x".repeat(200)), "x".repeat(80));
        assert_eq!(slugify(&format!("ab {}", "c".repeat(100))), format!("ab-{}", "c".repeat(77)));
    }
}

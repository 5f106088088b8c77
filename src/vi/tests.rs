//! Property tests over every rule in `vi`: arbitrary strings never panic and keep each rule's invariants (NFC output, fold-stable tone moves, slug shape, key order = comparison order).

use std::cmp::Ordering::Equal;

use super::collate::{SortKey, cmp_names, cmp_vi, name_sort_key, sort_key};
use super::dates::PartialDate;
use super::fold::{SLUG_MAX, fold, is_windows_device_name, slugify};
use super::legacy::{detect_legacy_encoding, looks_like_legacy_font_text, looks_like_mojibake};
use super::normalize::{is_nfc, nfc, nfd};
use super::numbers::{format_decimal, format_percent, parse_vn_int};
use super::tones::tone_normalize;
// ----- robustness -------------------------------------------------------------

/// Small deterministic generator (xorshift) for the property tests below.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[rustfmt::skip]
const PIECES: &[char] = &[
    'a', 'A', 'o', 'O', 'u', 'y', 'e', 'i', 'q', 'n', 'g', 'h', 'đ', 'Đ', 'ư', 'ơ', 'ệ', 'Ủ',
    'ạ', '\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{306}', '\u{309}', '\u{31B}',
    '\u{323}', '\u{327}', '\u{344}', ' ', '\t', '-', '/', '.', ',', '0', '5', '9', '©', 'û',
    'Ã', '¡', '»', 'º', '€', 'ñ', '日', '😀', 'ß', 'İ', 'Å', '…', '“', '\u{0}', '\u{a0}',
    '\u{ac00}',
];

#[test]
fn arbitrary_input_never_panics_and_keeps_invariants() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut samples = Vec::new();
    for _ in 0..3000 {
        let len = rng.below(14);
        let s: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        samples.push(s);
    }
    for s in &samples {
        let n = nfc(s);
        assert!(is_nfc(&n));
        assert_eq!(fold(s), fold(&n));
        let slug = slugify(s);
        assert!(slug.len() <= SLUG_MAX);
        assert!(
            slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{slug}"
        );
        let word = slug.strip_suffix('-').filter(|w| is_windows_device_name(w)).unwrap_or(&slug);
        assert!(!word.starts_with('-') && !word.ends_with('-') && !slug.contains("--"), "{slug}");
        assert!(!is_windows_device_name(&slug), "{slug}");
        assert_eq!(slugify(&slug), slug, "idempotent: {s:?}");
        let t = tone_normalize(s);
        assert!(is_nfc(&t));
        assert_eq!(fold(&t), fold(s), "tone moves keep the letters: {s:?}");
        assert_eq!(tone_normalize(&t), t, "idempotent: {s:?}");
        if !s.contains('\u{ac00}') {
            assert_eq!(cmp_vi(s, &nfd(s)), Equal, "{s:?}");
        }
        let _ = name_sort_key(s);
        let _ = parse_vn_int(s);
        let _ = PartialDate::parse(s);
        let _ = looks_like_mojibake(s);
        let _ = looks_like_legacy_font_text(s);
        let _ = detect_legacy_encoding(s.as_bytes());
        let bytes: Vec<u8> = s.bytes().map(|b| b ^ 0x80).collect();
        let _ = detect_legacy_encoding(&bytes);
    }
    for w in samples.windows(2) {
        // Also with a shared prefix, which cmp_vi skips up to a cluster boundary.
        for prefix in ["", "ba", "Nguyễn Văn ", "e\u{302}"] {
            let (a, b) = (format!("{prefix}{}", w[0]), format!("{prefix}{}", w[1]));
            assert_eq!(cmp_vi(&a, &b), sort_key(&a).cmp(&sort_key(&b)), "{a:?} {b:?}");
            assert_eq!(cmp_names(&a, &b), name_sort_key(&a).cmp(&name_sort_key(&b)), "{a:?} {b:?}");
        }
    }
    // Sorting with cmp_vi is consistent with sorting by key.
    let mut by_cmp = samples.clone();
    by_cmp.sort_by(|a, b| cmp_vi(a, b));
    let mut by_key = samples.clone();
    by_key.sort_by_cached_key(|s| sort_key(s));
    let keys_cmp: Vec<SortKey> = by_cmp.iter().map(|s| sort_key(s)).collect();
    let keys_key: Vec<SortKey> = by_key.iter().map(|s| sort_key(s)).collect();
    assert_eq!(keys_cmp, keys_key);
    for f in [f64::MIN_POSITIVE, -1e-300, 5e-324, 1e300, -0.5, 0.5, 123.456] {
        for frac in [0, 1, 2, 5, 20, 400] {
            let out = format_decimal(f, frac);
            assert!(!out.is_empty());
            let _ = format_percent(f);
        }
    }
}

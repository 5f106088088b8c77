//! Vietnamese text rules: in go strings (or bytes of unknown encoding), out come their normal form, search and slug forms, sort keys, number and date formats, and legacy-encoding guesses.
//!
//! Everything here is total: no function panics, whatever the input (user text, file
//! names, bytes of unknown encoding). The rules follow `DOMAIN.md` §4.1–4.9 and §2.5. One
//! file per concern, each deriving its letters and marks from `letters`:
//!
//! * `letters`: **the one table** of tone marks (in dictionary order), quality marks and the
//!   alphabet order; everything below derives from it.
//! * `normalize` ([`nfc`], [`is_nfc`]): text is stored in NFC; NFD arrives from macOS file
//!   names and "Unicode tổ hợp" input methods. Also the base letter and marks of a character.
//! * `fold` ([`fold`], [`slugify`]): `fold` strips every diacritic and maps `đ`→`d`; slugs are
//!   `lowercase(fold(s))` with runs of other characters turned into `-`.
//! * `tones` (`tone_normalize`): unifies old/new tone placement only (`hoà` = `hòa`). No
//!   build step calls it (search writes the tone as a digit, which makes placement moot);
//!   it is compiled for the tests, which use it to check that claim.
//! * `collate` ([`sort_key`], [`cmp_vi`], [`name_sort_key`]): CLDR `vi` order
//!   (letters primary, tones secondary, case tertiary); names sort by Tên, then chữ đệm, then
//!   Họ.
//! * `numbers` ([`format_int`], [`format_vnd`], [`format_vnd_compact`], [`format_decimal`],
//!   [`format_percent`], [`pad2`], [`parse_vn_int`]): CLDR `vi`, grouping `.` and decimal `,`.
//! * `dates` ([`PartialDate`], `DateError`, [`days_in_month`], [`today_in_vietnam`]): full
//!   and partial dates (the blank `ngày … tháng …` slots of drafts), the official date line of
//!   NĐ 30/2020 and inline references; calendar arithmetic by `jiff`.
//! * `legacy` ([`detect_legacy_encoding`], [`decode_legacy`], [`looks_like_legacy_font_text`],
//!   [`legacy_font_to_unicode`], [`looks_like_mojibake`]): TCVN3 (ABC), VNI-Windows,
//!   Windows-1258 (guessed and converted to Unicode), and UTF-8 read as CP1252.

mod collate;
mod dates;
mod fold;
mod legacy;
mod letters;
mod normalize;
mod numbers;
#[cfg(test)]
mod tones;

#[cfg(test)]
mod tests;

// `pub`, not `pub(crate)`, while records and readers in other stages still have `pub`
// fields of these types (`private_interfaces`).
pub(crate) use collate::SortKey;
pub(crate) use dates::PartialDate;

pub(crate) use collate::{cmp_vi, name_sort_key, sort_key};
pub(crate) use dates::days_in_month;
#[allow(unused_imports, reason = "for cli's `today()`, which is to call it")]
pub(crate) use dates::today_in_vietnam;
pub(crate) use fold::{fold, is_windows_device_name, slugify};
pub(crate) use legacy::{
    LegacyEncoding, decode_legacy, detect_legacy_encoding, legacy_font_to_unicode,
    looks_like_legacy_font_text, looks_like_mojibake,
};
pub(crate) use letters::tone_rank;
pub(crate) use normalize::{is_nfc, nfc, split_tone};
pub(crate) use numbers::{
    format_decimal, format_int, format_percent, format_vnd, format_vnd_compact, pad2, parse_vn_int,
};
#[cfg(test)]
pub(crate) use tones::tone_normalize;

//! Search index: built from the model in the same build, written as small JavaScript files that
//! load with `<script>` (so the `--offline` copy searches from `file://` too).
//!
//! What is searchable: pages, campaigns, documents, award decisions, exemplars, every award
//! recipient (linking to the recipient's row on the decision page), the named donors of the
//! fund (linking to the fund period page) and the tag and category pages.
//!
//! # Keys
//!
//! Text is cut into tokens (runs of letters, digits and marks, [`tokens`]). Each token has two
//! forms, computed the same way by `themes/default/static/search.js`:
//!
//! * the **surface** form ([`surface`]): lowercase, tone mark taken off the letter and written as
//!   a digit at the end (so tone placement does not matter: `hòa` = `hoà` = `hoa` + `2`), and the
//!   i/y variants unified (`tỷ` = `tỉ`, `quý` = `quí`). Equal surfaces are the "exact
//!   diacritics" matches that rank first.
//! * the **key** ([`key`]): [`vi::fold`] of the surface letters (no marks, `đ` → `d`). The index
//!   is keyed by it, so `dien hinh` finds `điển hình`.
//!
//! Besides single keys, the index holds **pairs** (`"nguoi ngheo"`, two keys next to each other in
//! the text, for the adjacency boost) and **symbols** (a document number as written, folded:
//! `"666/qd-ttg"`). The space of a pair sorts before every letter, digit, `/`, `-` and `.`, so in
//! key order a word's pairs come right after the word, and the keys that start with a prefix
//! (words and their pairs) stay contiguous.
//!
//! A word's **group** is its line and the lines of its pairs. Shards are cut between groups only,
//! never inside one: an exact word, with the pairs that start with it, is always in one shard
//! (a very frequent word may get a shard of its own, larger than [`SHARD_BYTES`]).
//!
//! # Files
//!
//! * `search/meta.js`: the shard table (first key of each shard), facet labels and the facet
//!   values of every entry (run-length encoded: entries are numbered in facet order), the
//!   number of entries per record chunk.
//! * `search/s/<n>.js`: shard `n`, a contiguous range of sorted keys with their postings (whole
//!   groups). A query loads only the shards of its words: one per word, as a word's pairs with
//!   the next word are in its group. A shard also carries the records (`[id, title, link, date,
//!   snippet]`) of the entries whose home is one of its words: an entry's rarest title word that
//!   does not carry [`HOMED_PER_KEY`] records yet. A result whose title holds a query word
//!   often needs no record file then.
//! * `search/r/<n>.js`: records (title, link, date, snippet text) of entries `n*C .. (n+1)*C`
//!   (all entries, also those a shard carries), loaded for the results shown whose records no
//!   loaded shard carried.
//!
//! Every file calls `(window.__mbSearch=window.__mbSearch||[]).push([...])`. Output is
//! deterministic: everything is sorted.
//!
//! # Postings
//!
//! For each key (and each surface form of a single key) three sets of entry numbers, by the best
//! field the key appears in: title or name (class 3), other fields such as number, place, position
//! (class 2), body text (class 1). A set is written as delta varints (base 64, digits `0`–`31` end
//! a number, `32`–`63` continue it) or, when shorter, as `!` and a bitmap (6 entries per
//! character, lowest first).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

use crate::model::Site;
use crate::vi;

/// Site path of the search page.
pub const PAGE_URL: &str = "/tim-kiem/";

/// Base-64 alphabet of postings (safe inside a JavaScript string).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Target size of a shard file, in bytes (a shard holds whole groups, so it may be larger).
pub const SHARD_BYTES: usize = 16 * 1024;

/// Entries per record chunk (about 14 KB of records). Results of distinct scores mostly fall one
/// per chunk: on the bench's queries, 64 per chunk saved 0 to 2 requests but cost 30 % more bytes.
pub const RECORD_CHUNK: usize = 32;

/// Longest stored snippet text, in characters.
const SNIPPET_CHARS: usize = 240;

/// Kinds of entries, in ranking order of ties (lower first), with their Vietnamese labels.
pub const KINDS: &[(&str, &str)] = &[
    ("campaign", "Phong trào"),
    ("document", "Văn bản"),
    ("decision", "Quyết định khen thưởng"),
    ("exemplar", "Gương điển hình"),
    ("recipient", "Người, tập thể được khen thưởng"),
    ("donor", "Nhà hảo tâm"),
    ("topic", "Chủ đề (thẻ, chuyên mục)"),
    ("page", "Bài viết, trang"),
];

/// Field class: title or name.
pub const TITLE: u8 = 3;
/// Field class: other structured fields (number, place, position, unit, issuer).
pub const FIELD: u8 = 2;
/// Field class: body text.
pub const BODY: u8 = 1;

const fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{300}' => Some('1'), // huyền
        '\u{309}' => Some('2'), // hỏi
        '\u{303}' => Some('3'), // ngã
        '\u{301}' => Some('4'), // sắc
        '\u{323}' => Some('5'), // nặng
        _ => None,
    }
}

fn is_consonant(c: char) -> bool {
    matches!(
        c,
        'b' | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x'
    )
}

/// Splits a token into (toneless lowercase NFC letters with i/y unified, tone digits).
fn split_tone(token: &str) -> (String, String) {
    let lower = token.to_lowercase();
    let mut digits = String::new();
    let letters: String = lower
        .nfd()
        .filter(|&c| match tone_digit(c) {
            Some(d) => {
                digits.push(d);
                false
            }
            None => true,
        })
        .nfc()
        .collect();
    (unify_iy(letters), digits)
}

/// `ty` → `ti` (a final `y` after a consonant), `qui` → `quy`: the spelling variants of
/// `tỷ`/`tỉ`, `kỹ`/`kĩ`, `lý`/`lí`, `quý`/`quí`.
fn unify_iy(mut w: String) -> String {
    if w.ends_with("qui") {
        w.pop();
        w.push('y');
        return w;
    }
    let mut it = w.chars().rev();
    if it.next() == Some('y') && it.next().is_some_and(is_consonant) {
        w.pop();
        w.push('i');
    }
    w
}

/// The surface form of a token: lowercase letters with the tone written as a trailing digit,
/// i/y variants unified. `Hoà` and `hòa` give `hoa1`, `tỷ` and `tỉ` give `ti2`.
pub fn surface(token: &str) -> String {
    let (mut letters, digits) = split_tone(token);
    letters.push_str(&digits);
    letters
}

/// The index key of a token: [`vi::fold`] of its surface letters (`Điển` → `dien`, `tỷ` → `ti`).
pub fn key(token: &str) -> String {
    vi::fold(&split_tone(token).0)
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || vi_mark(c)
}

fn vi_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Tokens of `text` (runs of letters, digits and combining marks), each with whether it is
/// joined to the previous token (only spaces, `/`, `-` or a digit separator between them), for
/// the adjacency pairs.
pub fn tokens(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap_ok = false;
    let mut prev_end = 0;
    for (i, c) in text.char_indices() {
        if is_token_char(c) {
            if start.is_none() {
                start = Some(i);
                let gap = &text[prev_end..i];
                let digit_sep = (gap == "." || gap == ",")
                    && out.last().is_some_and(|t| t.0.ends_with(|c: char| c.is_ascii_digit()))
                    && c.is_ascii_digit();
                gap_ok = !out.is_empty()
                    && (digit_sep
                        || gap.chars().all(|g| {
                            g.is_whitespace() || matches!(g, '/' | '-' | '–' | '_' | '\'' | '’')
                        }));
            }
        } else if let Some(s) = start.take() {
            out.push((&text[s..i], gap_ok));
            prev_end = i;
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], gap_ok));
    }
    out
}

/// The key of a document symbol as written: folded, without spaces (`666/QĐ-TTg` →
/// `666/qd-ttg`).
pub fn symbol_key(written: &str) -> String {
    vi::fold(&vi::nfc(written))
        .chars()
        .filter(|&c| c.is_alphanumeric() || matches!(c, '/' | '-' | '.'))
        .collect()
}

/// One searchable entry.
#[derive(Debug, Default, Clone)]
pub struct Entry {
    /// Kind (one of [`KINDS`]).
    pub kind: &'static str,
    /// Title shown in the results.
    pub title: String,
    /// Site path of the link (`/khen-thuong/x/#id`).
    pub url: String,
    /// Year, for the facet.
    pub year: Option<i32>,
    /// Province or place, for the facet.
    pub locality: String,
    /// Award form label, for the facet.
    pub form: String,
    /// Date shown.
    pub date: String,
    /// Text for the snippet.
    pub snippet: String,
    /// Texts to index, with their class.
    pub fields: Vec<(u8, String)>,
    /// Document symbols (numbers) of the entry.
    pub symbols: Vec<String>,
    sort_date: String,
}

fn kind_rank(kind: &str) -> usize {
    KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(KINDS.len())
}

/// Plain text of rendered HTML (tags dropped, common entities decoded).
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn short(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= SNIPPET_CHARS {
        return s;
    }
    let cut: String = s.chars().take(SNIPPET_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

fn province(l: &crate::model::common::Locality) -> String {
    let p = l.province.clone().unwrap_or_default();
    strip_admin(&p)
}

fn strip_admin(p: &str) -> String {
    let p = p.trim();
    for pre in ["tỉnh ", "Tỉnh ", "thành phố ", "Thành phố ", "TP. ", "TP "] {
        if let Some(rest) = p.strip_prefix(pre) {
            return rest.trim().to_string();
        }
    }
    p.to_string()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Every searchable entry of the site, in index order (kind, newest year, form, place, newest
/// date, title, link).
pub fn entries(site: &Site) -> Vec<Entry> {
    let mut v: Vec<Entry> = Vec::new();
    let date_of =
        |m: &crate::model::Meta| m.date.as_ref().map(|d| d.short.clone()).unwrap_or_default();
    let iso_of =
        |m: &crate::model::Meta| m.date.as_ref().map(|d| d.iso.clone()).unwrap_or_default();
    let year_of = |m: &crate::model::Meta| m.date.as_ref().map(|d| d.year).filter(|y| *y > 0);
    let body = |m: &crate::model::Meta| html_text(&m.content);
    let snippet = |m: &crate::model::Meta| {
        short(&m.description.clone().unwrap_or_else(|| html_text(&m.content)))
    };

    v.par_extend(site.pages.par_iter().map(|p| {
        let m = &p.meta;
        Entry {
            kind: "page",
            title: m.title.clone(),
            url: m.url.clone(),
            year: year_of(m),
            date: date_of(m),
            sort_date: iso_of(m),
            snippet: snippet(m),
            fields: vec![
                (TITLE, m.title.clone()),
                (FIELD, m.tags.join(" · ")),
                (FIELD, m.categories.join(" · ")),
                (BODY, opt(&m.description)),
                (BODY, body(m)),
            ],
            ..Entry::default()
        }
    }));
    for c in &site.campaigns {
        let m = &c.meta;
        v.push(Entry {
            kind: "campaign",
            title: m.title.clone(),
            url: m.url.clone(),
            year: c.from,
            date: match (c.from, c.to) {
                (Some(a), Some(b)) => format!("{a} - {b}"),
                _ => date_of(m),
            },
            sort_date: iso_of(m),
            snippet: snippet(m),
            fields: vec![
                (TITLE, m.title.clone()),
                (TITLE, c.short_title.clone()),
                (TITLE, c.names.join(" · ")),
                (FIELD, opt(&c.launched_by)),
                (BODY, opt(&m.description)),
                (BODY, body(m)),
            ],
            symbols: c.launched_by.iter().cloned().collect(),
            ..Entry::default()
        });
    }
    v.par_extend(site.documents.par_iter().map(|d| {
        let m = &d.meta;
        let number = d.number.as_ref().map(|n| n.written.clone()).unwrap_or_default();
        let title =
            if number.is_empty() { m.title.clone() } else { format!("{number}: {}", m.title) };
        Entry {
            kind: "document",
            title,
            url: m.url.clone(),
            year: year_of(m),
            locality: strip_admin(&opt(&d.place)),
            date: date_of(m),
            sort_date: iso_of(m),
            snippet: short(&format!(
                "{} {}. {}",
                d.type_name,
                d.issuer,
                m.description.clone().unwrap_or_default()
            )),
            fields: vec![
                (TITLE, m.title.clone()),
                (TITLE, number.clone()),
                (FIELD, d.type_name.clone()),
                (FIELD, d.issuer.clone()),
                (FIELD, opt(&d.issuer_short)),
                (FIELD, opt(&d.place)),
                (FIELD, d.signer.as_ref().map(|s| opt(&s.name)).unwrap_or_default()),
                (BODY, opt(&m.description)),
                (BODY, body(m)),
            ],
            symbols: vec![number],
            ..Entry::default()
        }
    }));
    v.par_extend(site.exemplars.par_iter().map(|e| {
        let m = &e.meta;
        let form = e
            .awards
            .first()
            .and_then(|a| {
                site.decisions.iter().find(|d| d.meta.url == a.url.split('#').next().unwrap_or(""))
            })
            .map(|d| d.form_label.clone())
            .unwrap_or_default();
        let place = e.locality.display.clone();
        let snip = match &m.description {
            Some(d) => d.clone(),
            None if !e.achievements.is_empty() => e.achievements.join("; "),
            None => html_text(&m.content),
        };
        Entry {
            kind: "exemplar",
            title: e.name.clone(),
            url: m.url.clone(),
            year: year_of(m),
            locality: province(&e.locality),
            form,
            date: if place.is_empty() { date_of(m) } else { place.clone() },
            sort_date: iso_of(m),
            snippet: short(
                &[opt(&e.position), opt(&e.unit), snip]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(". "),
            ),
            fields: vec![
                (TITLE, e.name.clone()),
                (FIELD, opt(&e.position)),
                (FIELD, opt(&e.unit)),
                (FIELD, place),
                (FIELD, e.kind_label.to_string()),
                (BODY, e.achievements.join(". ")),
                (BODY, opt(&m.description)),
                (BODY, body(m)),
            ],
            ..Entry::default()
        }
    }));
    for d in &site.decisions {
        let m = &d.meta;
        let number = d.number.as_ref().map(|n| n.written.clone()).unwrap_or_default();
        v.push(Entry {
            kind: "decision",
            title: if number.is_empty() {
                m.title.clone()
            } else {
                format!("{number}: {}", m.title)
            },
            url: m.url.clone(),
            year: year_of(m),
            locality: strip_admin(&opt(&d.place)),
            form: d.form_label.clone(),
            date: date_of(m),
            sort_date: iso_of(m),
            snippet: short(&format!(
                "{}. {} người, tập thể được khen thưởng.",
                d.issuer,
                d.recipients.len()
            )),
            fields: vec![
                (TITLE, m.title.clone()),
                (TITLE, number.clone()),
                (FIELD, d.issuer.clone()),
                (FIELD, d.form_label.clone()),
                (FIELD, opt(&d.place)),
                (BODY, opt(&m.description)),
                (BODY, body(m)),
            ],
            symbols: vec![number.clone()],
        });
        for r in &d.recipients {
            let place = r.locality.display.clone();
            let loc = match province(&r.locality) {
                p if p.is_empty() => strip_admin(&opt(&d.place)),
                p => p,
            };
            v.push(Entry {
                kind: "recipient",
                title: r.name.clone(),
                url: format!("{}#{}", m.url, r.id),
                year: year_of(m),
                locality: loc,
                form: d.form_label.clone(),
                date: [place.clone(), date_of(m)]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" · "),
                sort_date: iso_of(m),
                snippet: short(
                    &[
                        opt(&r.position),
                        opt(&r.unit),
                        format!(
                            "{} theo {}",
                            d.form_label,
                            if number.is_empty() { &m.title } else { &number }
                        ),
                        opt(&r.achievement),
                    ]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(". "),
                ),
                fields: vec![
                    (TITLE, r.name.clone()),
                    (FIELD, opt(&r.position)),
                    (FIELD, opt(&r.unit)),
                    (FIELD, place),
                    (FIELD, number.clone()),
                    (FIELD, d.form_label.clone()),
                    (BODY, opt(&r.achievement)),
                ],
                symbols: vec![number.clone()],
            });
        }
    }
    let donor_urls = crate::render::fund::donor_urls(site);
    for p in &site.fund {
        // One entry per named donor and period.
        let mut donors: BTreeMap<String, Vec<&crate::model::fund::Receipt>> = BTreeMap::new();
        for r in &p.receipts {
            if let Some(d) = r.donor.as_ref().filter(|_| !r.anonymous) {
                donors.entry(d.clone()).or_default().push(r);
            }
        }
        for (name, rs) in donors {
            let total: i64 = rs.iter().map(|r| r.amount).sum();
            let first = rs.first();
            let purposes: Vec<String> = rs.iter().filter_map(|r| r.purpose.clone()).collect();
            let date = first.and_then(|r| r.date.as_ref());
            v.push(Entry {
                kind: "donor",
                title: name.clone(),
                url: donor_urls.get(&name).cloned().unwrap_or_else(|| p.url.clone()),
                year: date.map(|d| d.year).filter(|y| *y > 0),
                date: date.map(|d| d.short.clone()).unwrap_or_default(),
                sort_date: date.map(|d| d.iso.clone()).unwrap_or_default(),
                snippet: short(&format!(
                    "{}: ủng hộ {} ({} lần). {}",
                    p.fund,
                    vi::format_vnd(total),
                    rs.len(),
                    purposes.join("; ")
                )),
                fields: vec![
                    (TITLE, name),
                    (FIELD, first.map(|r| r.donor_kind.clone()).unwrap_or_default()),
                    (FIELD, p.fund.clone()),
                    (BODY, purposes.join(". ")),
                ],
                ..Entry::default()
            });
        }
    }
    // Tag and category pages: a reader typing a topic ("chuyen doi so") finds the page that
    // lists everything on it.
    for (_, label, terms) in site.taxonomies() {
        for t in terms {
            let latest: Vec<&str> = t.pages.iter().take(3).map(|l| l.title.as_str()).collect();
            v.push(Entry {
                kind: "topic",
                title: t.name.clone(),
                url: t.url.clone(),
                snippet: short(&format!(
                    "{label} · {} bài: {}",
                    vi::format_int(i64::try_from(t.pages.len()).unwrap_or(i64::MAX)),
                    latest.join("; ")
                )),
                fields: vec![(TITLE, t.name.clone()), (FIELD, label.to_string())],
                ..Entry::default()
            });
        }
    }
    v.retain(|e| !e.url.is_empty());
    v.par_sort_by(|a, b| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then_with(|| b.year.cmp(&a.year))
            .then_with(|| a.form.cmp(&b.form))
            .then_with(|| a.locality.cmp(&b.locality))
            .then_with(|| b.sort_date.cmp(&a.sort_date))
            .then_with(|| a.url.cmp(&b.url))
            .then_with(|| a.title.cmp(&b.title))
    });
    v
}

/// Postings of one key (or one surface form): sorted entry numbers per class, body first.
#[derive(Default, Debug, Clone)]
struct Postings([Vec<u32>; 3]);

impl Postings {
    fn encode(&self, n: usize) -> String {
        let parts: Vec<String> = self.0.iter().map(|ids| encode_set(ids, n)).collect();
        // Trailing empty classes are left out: `B|F|T` → `B` when only in the body.
        let mut k = parts.len();
        while k > 1 && parts.get(k - 1).is_some_and(String::is_empty) {
            k -= 1;
        }
        parts.get(..k).unwrap_or(&[]).join("|")
    }
}

fn push_varint(out: &mut String, mut v: u32) {
    let mut digits = [0u8; 8];
    let mut k = 0;
    loop {
        if let Some(d) = digits.get_mut(k) {
            *d = (v & 31) as u8;
        }
        k += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..k).rev() {
        let d = digits.get(i).copied().unwrap_or(0);
        let c = if i == 0 { d } else { d + 32 };
        out.push(char::from(B64[usize::from(c)]));
    }
}

/// Encodes sorted entry numbers as delta varints, or as `!` + bitmap when that is shorter.
pub fn encode_set(ids: &[u32], n: usize) -> String {
    let mut deltas = String::new();
    let mut prev: i64 = -1;
    for &id in ids {
        push_varint(&mut deltas, u32::try_from(i64::from(id) - prev - 1).unwrap_or(0));
        prev = i64::from(id);
    }
    let last = ids.last().map_or(0, |&l| l as usize + 1);
    let bitmap_len = 1 + last.div_ceil(6);
    if ids.is_empty() || deltas.len() <= bitmap_len || n == 0 {
        return deltas;
    }
    let mut bits = vec![0u8; last.div_ceil(6)];
    for &id in ids {
        if let Some(b) = bits.get_mut(id as usize / 6) {
            *b |= 1 << (id % 6);
        }
    }
    let mut s = String::with_capacity(bitmap_len);
    s.push('!');
    s.extend(bits.iter().map(|&b| char::from(B64[usize::from(b)])));
    s
}

/// Index of one key: postings of the key (all surfaces together for single words) and, for
/// single words, per surface form.
#[derive(Default)]
struct KeyData {
    all: Postings,
    surfaces: BTreeMap<String, Postings>,
}

/// Adds `id` with `class` (keeps the best class).
fn add(p: &mut Postings, id: u32, class: u8) {
    let c = usize::from(class.clamp(1, 3) - 1);
    // Entries arrive in order, so only the last element can be `id`.
    for (i, list) in p.0.iter_mut().enumerate() {
        if list.last() == Some(&id) {
            if i >= c {
                return;
            }
            list.pop();
        }
    }
    if let Some(l) = p.0.get_mut(c) {
        l.push(id);
    }
}

/// Terms of one entry: (key, surface or "" for pairs and symbols, class).
fn entry_terms(e: &Entry) -> Vec<(String, String, u8)> {
    let mut out: Vec<(String, String, u8)> = Vec::new();
    for (class, text) in &e.fields {
        let text = vi::nfc(text);
        let mut prev_key: Option<String> = None;
        for (tok, joined) in tokens(&text) {
            let (letters, digits) = split_tone(tok);
            let k = vi::fold(&letters);
            let mut s = letters;
            s.push_str(&digits);
            if joined && let Some(p) = &prev_key {
                out.push((format!("{p} {k}"), String::new(), *class));
            }
            out.push((k.clone(), s, *class));
            prev_key = Some(k);
        }
    }
    for sym in &e.symbols {
        if !sym.is_empty() {
            out.push((symbol_key(sym), String::new(), TITLE));
        }
    }
    // Best class per (key, surface).
    out.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)).then_with(|| b.2.cmp(&a.2))
    });
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

/// Cuts sorted keys (with the byte lengths of their lines) into shards of about `limit` bytes:
/// index ranges that start at a group (a key without a space) and hold whole groups, a word with
/// its pairs. A group larger than `limit` is a shard of its own. Always at least one shard.
fn shard_ranges(keys: &[&str], lens: &[usize], limit: usize) -> Vec<std::ops::Range<usize>> {
    // Groups: [start, end) of a word line and the pair lines after it.
    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let len = lens.get(i).copied().unwrap_or(0) + 1;
        match groups.last_mut() {
            Some(g) if k.contains(' ') => {
                g.1 = i + 1;
                g.2 += len;
            }
            _ => groups.push((i, i + 1, len)),
        }
    }
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut cur: Option<(usize, usize, usize)> = None;
    for (a, b, len) in groups {
        cur = match cur {
            Some((s, e, l)) if l + len > limit => {
                out.push(s..e);
                Some((a, b, len))
            }
            Some((s, _, l)) => Some((s, b, l + len)),
            None => Some((a, b, len)),
        };
    }
    if let Some((s, e, _)) = cur {
        out.push(s..e);
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// Most records one key carries (about 10 KB): a frequent name word would otherwise carry
/// hundreds and weigh on every query with that word.
pub const HOMED_PER_KEY: usize = 24;

/// For each key (by index in `keys`), the entries whose record it carries. An entry's home is the
/// word of its title (a key without space or `/` whose best class is the title) with the fewest
/// entries (the first in key order on a tie) that does not carry [`HOMED_PER_KEY`] records
/// yet; entries are placed in index order, so the ones ranked first among equals go first. An
/// entry whose title words are all full has no home (its record is in its record file only).
fn record_homes(keys: &[(String, KeyData)], n: usize) -> Vec<Vec<u32>> {
    let mut title_words: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (ki, (k, kd)) in keys.iter().enumerate() {
        if k.contains(' ') || k.contains('/') {
            continue;
        }
        let df: usize = kd.all.0.iter().map(Vec::len).sum();
        for &id in kd.all.0.get(usize::from(TITLE - 1)).map_or(&[][..], Vec::as_slice) {
            if let Some(w) = title_words.get_mut(id as usize) {
                w.push((df, ki));
            }
        }
    }
    let mut homed: Vec<Vec<u32>> = vec![Vec::new(); keys.len()];
    for (id, mut words) in title_words.into_iter().enumerate() {
        words.sort_unstable();
        let free = words
            .iter()
            .map(|&(_, ki)| ki)
            .find(|&ki| homed.get(ki).is_some_and(|h| h.len() < HOMED_PER_KEY));
        if let Some(h) = free.and_then(|ki| homed.get_mut(ki)) {
            h.push(u32::try_from(id).unwrap_or(u32::MAX));
        }
    }
    homed
}

/// The built index: output files (path under the site root, contents).
#[derive(Default)]
pub struct Built {
    /// Files to write.
    pub files: Vec<(String, String)>,
    /// Number of entries.
    pub entries: usize,
}

fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

fn js_call(args: &Value) -> String {
    format!("(window.__mbSearch=window.__mbSearch||[]).push({args});\n")
}

/// Builds the index files of `site`.
pub fn build(site: &Site) -> Built {
    build_unless(site, &|| false).unwrap_or_default()
}

/// [`build`], giving up (`None`) as soon as `stop` says so: it is checked between blocks of
/// entries and between stages (the preview server stops a whole rebuild when a file is saved).
pub fn build_unless(site: &Site, stop: &(dyn Fn() -> bool + Sync)) -> Option<Built> {
    let start = std::time::Instant::now();
    let built = build_files(site, stop)?;
    if std::env::var_os("MINHBACH_TIMINGS").is_some() {
        let bytes: usize = built.files.iter().map(|f| f.1.len()).sum();
        eprintln!(
            "[timings] search index: {} ms, {} entries, {} files, {bytes} bytes",
            start.elapsed().as_millis(),
            built.entries,
            built.files.len()
        );
    }
    Some(built)
}

fn build_files(site: &Site, stop: &(dyn Fn() -> bool + Sync)) -> Option<Built> {
    let entries = entries(site);
    let n = entries.len();
    let mut index: rustc_hash::FxHashMap<String, KeyData> = Default::default();
    // Terms are cut in parallel, a block of entries at a time (bounded memory), and added in
    // entry order.
    const BLOCK: usize = 256;
    for (b, block) in entries.chunks(BLOCK).enumerate() {
        if stop() {
            return None;
        }
        let terms: Vec<Vec<(String, String, u8)>> = block.par_iter().map(entry_terms).collect();
        for (j, ts) in terms.into_iter().enumerate() {
            if j % 64 == 63 && stop() {
                return None;
            }
            let id = u32::try_from(b * BLOCK + j).unwrap_or(u32::MAX);
            for (k, s, class) in ts {
                let kd = index.entry(k).or_default();
                add(&mut kd.all, id, class);
                if !s.is_empty() {
                    add(kd.surfaces.entry(s).or_default(), id, class);
                }
            }
        }
    }
    let mut keys: Vec<(String, KeyData)> = index.into_iter().collect();
    keys.par_sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    if stop() {
        return None;
    }
    // Encode: `key:postings` and for words with several surface forms (or one that differs
    // from the key) `;surface=postings` after it.
    let lines: Vec<String> = keys
        .par_iter()
        .map(|(k, kd)| {
            let mut line = format!("{k}:{}", kd.all.encode(n));
            let single_same = kd.surfaces.len() == 1 && kd.surfaces.contains_key(k);
            if !single_same {
                if kd.surfaces.len() == 1 {
                    // One surface form: its postings equal the key's.
                    if let Some(s) = kd.surfaces.keys().next() {
                        line.push(';');
                        line.push_str(s);
                        line.push('=');
                    }
                } else {
                    for (s, p) in &kd.surfaces {
                        line.push(';');
                        line.push_str(s);
                        line.push('=');
                        line.push_str(&p.encode(n));
                    }
                }
            }
            line
        })
        .collect();
    // The home of each entry's record: its rarest title word (fewest entries; the first in key
    // order on a tie). The shard of that word carries the record too, so results whose title
    // holds a query's rarest word come with the query's shards, without a record file.
    let homed = record_homes(&keys, n);
    let recs: Vec<Value> =
        entries.par_iter().map(|e| json!([e.title, e.url, e.date, e.snippet])).collect();
    // Cut into shards of about SHARD_BYTES, between groups only (homed records counted).
    let key_strs: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    let lens: Vec<usize> = lines
        .iter()
        .zip(&homed)
        .map(|(l, ids)| {
            l.len()
                + ids
                    .iter()
                    .map(|&id| recs.get(id as usize).map_or(0, |r| r.to_string().len() + 8))
                    .sum::<usize>()
        })
        .collect();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    for (i, r) in shard_ranges(&key_strs, &lens, SHARD_BYTES).into_iter().enumerate() {
        firsts.push(key_strs.get(r.start).map(|k| (*k).to_string()).unwrap_or_default());
        let mut home_recs: Vec<Value> = Vec::new();
        for ids in homed.get(r.clone()).unwrap_or(&[]) {
            for &id in ids {
                if let Some(Value::Array(rec)) = recs.get(id as usize) {
                    let mut with_id = vec![json!(id)];
                    with_id.extend(rec.iter().cloned());
                    home_recs.push(Value::Array(with_id));
                }
            }
        }
        home_recs.sort_by_key(|v| v.get(0).and_then(Value::as_u64));
        let body = lines.get(r).unwrap_or(&[]).join("~");
        files.push((format!("search/s/{i}.js"), js_call(&json!(["s", i, body, home_recs]))));
    }
    let shards = files.len();

    // Facet tables and the run-length encoded facet values.
    let mut years: Vec<i32> = entries.iter().filter_map(|e| e.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut locs: Vec<String> =
        entries.iter().map(|e| e.locality.clone()).filter(|s| !s.is_empty()).collect();
    locs.sort_by(|a, b| vi::cmp_vi(a, b));
    locs.dedup();
    let mut forms: Vec<String> =
        entries.iter().map(|e| e.form.clone()).filter(|s| !s.is_empty()).collect();
    forms.sort_by(|a, b| vi::cmp_vi(a, b));
    forms.dedup();
    let pos = |v: &[String], s: &str| {
        if s.is_empty() { 0 } else { v.iter().position(|x| x == s).map_or(0, |i| i + 1) }
    };
    let mut runs: Vec<usize> = Vec::new();
    let mut last: Option<[usize; 4]> = None;
    let mut count = 0;
    for e in &entries {
        let t = [
            kind_rank(e.kind),
            e.year.and_then(|y| years.iter().position(|&x| x == y)).map_or(0, |i| i + 1),
            pos(&locs, &e.locality),
            pos(&forms, &e.form),
        ];
        if last == Some(t) {
            count += 1;
        } else {
            if let Some(l) = last {
                runs.push(count);
                runs.extend(l);
            }
            last = Some(t);
            count = 1;
        }
    }
    if let Some(l) = last {
        runs.push(count);
        runs.extend(l);
    }

    // Records, every entry (also those a shard carries).
    let chunks: Vec<(String, String)> = recs
        .par_chunks(RECORD_CHUNK)
        .enumerate()
        .map(|(i, chunk)| (format!("search/r/{i}.js"), js_call(&json!(["r", i, chunk]))))
        .collect();
    let meta = json!({
        "v": 1,
        "n": n,
        "shards": firsts,
        "chunk": RECORD_CHUNK,
        "kinds": KINDS.iter().map(|(k, l)| json!([k, l])).collect::<Vec<_>>(),
        "years": years,
        "locs": locs,
        "forms": forms,
        "runs": runs,
    });
    files.push(("search/meta.js".into(), js_call(&json!(["m", meta]))));
    debug_assert_eq!(shards + 1, files.len());
    files.extend(chunks);
    Some(Built { files, entries: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_diacritics_and_d() {
        assert_eq!(key("Điển"), "dien");
        assert_eq!(key("NGƯỜI"), "nguoi");
        assert_eq!(key("nghèo"), "ngheo");
        assert_eq!(key("QĐ"), "qd");
    }

    #[test]
    fn surfaces_ignore_tone_placement_and_i_y() {
        assert_eq!(surface("hòa"), surface("hoà"));
        assert_eq!(surface("Thủy"), surface("thuỷ"));
        assert_eq!(surface("tỷ"), surface("tỉ"));
        assert_eq!(surface("quý"), surface("quí"));
        assert_eq!(key("tỷ"), key("tỉ"));
        assert_ne!(surface("hòa"), surface("hoa"));
        assert_ne!(surface("hay"), surface("hai"));
        assert_eq!(surface(&vi::tone_normalize("hoà")), surface("hoà"));
        assert_eq!(surface("Người"), "ngươi1");
    }

    #[test]
    fn tokens_and_adjacency() {
        let t = tokens("Người nghèo, dân tộc 263/KH-UBND; 2,5%");
        let words: Vec<&str> = t.iter().map(|x| x.0).collect();
        assert_eq!(words, ["Người", "nghèo", "dân", "tộc", "263", "KH", "UBND", "2", "5"]);
        let joined: Vec<bool> = t.iter().map(|x| x.1).collect();
        assert_eq!(joined, [false, true, false, true, true, true, true, false, true]);
    }

    #[test]
    fn symbols_fold() {
        assert_eq!(symbol_key("666/QĐ-TTg"), "666/qd-ttg");
        assert_eq!(symbol_key("263/KH-UBND"), "263/kh-ubnd");
    }

    #[test]
    fn sets_encode_as_deltas_or_bitmaps() {
        assert_eq!(encode_set(&[0, 10, 50], 100), "AJhH");
        assert_eq!(encode_set(&[0, 1, 2], 100), "!H");
        assert_eq!(encode_set(&[40], 100), "hI"); // 40 = 1*32 + 8
        let dense: Vec<u32> = (0..600).collect();
        let e = encode_set(&dense, 600);
        assert!(e.starts_with('!') && e.len() == 101, "{e}");
    }

    #[test]
    fn shards_hold_whole_groups() {
        // "nguoi" with its pairs is one group; a pair line never opens a shard.
        let keys = ["ngheo", "ngheo nan", "nguoi", "nguoi dan", "nguoi ngheo", "nguyen", "nha"];
        let lens = [10, 10, 10, 10, 10, 10, 10];
        let r = shard_ranges(&keys, &lens, 25);
        assert_eq!(r, [0..2, 2..5, 5..7]);
        for range in &r {
            assert!(!keys[range.start].contains(' '));
        }
        // A group larger than the limit is a shard of its own.
        assert_eq!(shard_ranges(&keys, &lens, 5), [0..2, 2..5, 5..6, 6..7]);
        // Everything fits: one shard. Nothing: one empty shard.
        assert_eq!(shard_ranges(&keys, &lens, 1000), vec![(0..7)]);
        assert_eq!(shard_ranges(&[], &[], 10), vec![(0..0)]);
        // The space of a pair sorts before the letters, so pairs follow their word.
        let mut sorted = vec!["nguoia", "nguoi ngheo", "nguoi", "nguoi/x"];
        sorted.sort_by(|a, b| utf16_cmp(a, b));
        assert_eq!(sorted, ["nguoi", "nguoi ngheo", "nguoi/x", "nguoia"]);
    }

    #[test]
    fn records_go_home_to_the_rarest_title_word_with_room() {
        let kd = |t: Vec<u32>, b: Vec<u32>| KeyData {
            all: Postings([b, Vec::new(), t]),
            surfaces: BTreeMap::new(),
        };
        let keys = vec![
            ("a".to_string(), kd(vec![0, 1, 2], vec![])),
            ("a b".to_string(), kd(vec![0], vec![])), // a pair is never a home
            ("b".to_string(), kd(vec![0], vec![5, 6])),
            ("c".to_string(), kd(vec![1], vec![])),
            ("d".to_string(), kd(vec![], vec![2])), // only in the body of 2
        ];
        let h = record_homes(&keys, 7);
        // 0: a and b have 3 entries each, a comes first; 1: c is rarer; 2: a (d is body only).
        assert_eq!(h, vec![vec![0, 2], vec![], vec![], vec![1], vec![]]);
        // A key carries at most HOMED_PER_KEY records, the first entries first.
        let many: Vec<u32> = (0..40).collect();
        let h = record_homes(&[("x".to_string(), kd(many, vec![]))], 40);
        let first: Vec<u32> = (0..u32::try_from(HOMED_PER_KEY).unwrap()).collect();
        assert_eq!(h, vec![first]);
    }

    #[test]
    fn html_text_drops_tags() {
        assert_eq!(
            html_text("<p>A &amp; <b>B</b></p>").split_whitespace().collect::<Vec<_>>(),
            ["A", "&", "B"]
        );
    }
}

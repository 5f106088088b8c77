//! Search entries: which records of the site become search entries, with the fields each
//! indexes (and their class), its facets and the record shown in the results.
//!
//! What is searchable: pages, campaigns, documents, award decisions, exemplars, every award
//! recipient (linking to the recipient's row on the decision page), the named donors of the
//! fund (linking to the fund period page) and the tag and category pages. One function per kind
//! of record makes its entries; [`entries`] gathers and sorts them.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::keys::{BODY, FIELD, TITLE};
use crate::model::common::Locality;
use crate::model::fund::{Period, Receipt};
use crate::model::records::Recipient;
use crate::model::{Campaign, Decision, Document, Exemplar, Meta, Page, Site};
use crate::render::markdown;
use crate::vi;

/// Longest stored snippet text, in characters.
const SNIPPET_CHARS: usize = 240;

/// Kinds of entries, in ranking order of ties (lower first), with their Vietnamese labels.
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("campaign", "Phong trào"),
    ("document", "Văn bản"),
    ("decision", "Quyết định khen thưởng"),
    ("exemplar", "Gương điển hình"),
    ("recipient", "Người, tập thể được khen thưởng"),
    ("donor", "Nhà hảo tâm"),
    ("topic", "Chủ đề (thẻ, chuyên mục)"),
    ("page", "Bài viết, trang"),
];

/// Rank of a kind in [`KINDS`] (an unknown kind after all).
pub(crate) fn kind_rank(kind: &str) -> usize {
    KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(KINDS.len())
}

/// One searchable entry.
#[derive(Debug, Default, Clone)]
pub(crate) struct Entry {
    /// Kind (one of [`KINDS`]).
    pub(crate) kind: &'static str,
    /// Title shown in the results.
    pub(crate) title: String,
    /// Site path of the link (`/khen-thuong/x/#id`).
    pub(crate) url: String,
    /// Year, for the facet.
    pub(crate) year: Option<i32>,
    /// Province or place, for the facet.
    pub(crate) locality: String,
    /// Award form label, for the facet.
    pub(crate) form: String,
    /// Date shown.
    pub(crate) date: String,
    /// Text for the snippet.
    pub(crate) snippet: String,
    /// Texts to index, with their class.
    pub(crate) fields: Vec<(u8, String)>,
    /// Document symbols (numbers) of the entry.
    pub(crate) symbols: Vec<String>,
    sort_date: String,
}

/// Every searchable entry of the site, in index order (kind, newest year, form, place, newest
/// date, title, link).
pub(crate) fn entries(site: &Site) -> Vec<Entry> {
    let mut v: Vec<Entry> = Vec::new();
    v.par_extend(site.pages.par_iter().map(page_entry));
    v.extend(site.campaigns.iter().map(campaign_entry));
    v.par_extend(site.documents.par_iter().map(document_entry));
    v.par_extend(site.exemplars.par_iter().map(|e| exemplar_entry(site, e)));
    for d in &site.decisions {
        decision_entries(d, &mut v);
    }
    donor_entries(site, &mut v);
    topic_entries(site, &mut v);
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

fn page_entry(p: &Page) -> Entry {
    let m = &p.meta;
    let text = body(m);
    Entry {
        kind: "page",
        title: m.title.clone(),
        url: m.url.clone(),
        year: year_of(m),
        date: date_of(m),
        sort_date: iso_of(m),
        snippet: snippet(m, &text),
        fields: vec![
            (TITLE, m.title.clone()),
            (FIELD, m.tags.join(" · ")),
            (FIELD, m.categories.join(" · ")),
            (BODY, opt(&m.description)),
            (BODY, text),
        ],
        ..Entry::default()
    }
}

fn campaign_entry(c: &Campaign) -> Entry {
    let m = &c.meta;
    let text = body(m);
    Entry {
        kind: "campaign",
        title: m.title.clone(),
        url: m.url.clone(),
        year: c.from,
        date: match (c.from, c.to) {
            (Some(a), Some(b)) => format!("{a} - {b}"),
            _ => date_of(m),
        },
        sort_date: iso_of(m),
        snippet: snippet(m, &text),
        fields: vec![
            (TITLE, m.title.clone()),
            (TITLE, c.short_title.clone()),
            (TITLE, c.names.join(" · ")),
            (FIELD, opt(&c.launched_by)),
            (BODY, opt(&m.description)),
            (BODY, text),
        ],
        symbols: c.launched_by.iter().cloned().collect(),
        ..Entry::default()
    }
}

fn document_entry(d: &Document) -> Entry {
    let m = &d.meta;
    let number = d.number.as_ref().map(|n| n.written.clone()).unwrap_or_default();
    let title = format!("{}: {}", d.reference(), m.title);
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
}

fn exemplar_entry(site: &Site, e: &Exemplar) -> Entry {
    let m = &e.meta;
    // The form of the first award, from its decision.
    let form = e
        .awards
        .first()
        .and_then(|a| {
            site.decisions.iter().find(|d| d.meta.url == a.url.split('#').next().unwrap_or(""))
        })
        .map(|d| d.form_label.clone())
        .unwrap_or_default();
    let place = e.locality.display.clone();
    let text = body(m);
    let snip = match &m.description {
        Some(d) => d.clone(),
        None if !e.achievements.is_empty() => e.achievements.join("; "),
        None => text.clone(),
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
        snippet: short(&join_nonempty(&[opt(&e.position), opt(&e.unit), snip], ". ")),
        fields: vec![
            (TITLE, e.name.clone()),
            (FIELD, opt(&e.position)),
            (FIELD, opt(&e.unit)),
            (FIELD, place),
            (FIELD, e.kind_label.to_string()),
            (BODY, e.achievements.join(". ")),
            (BODY, opt(&m.description)),
            (BODY, text),
        ],
        ..Entry::default()
    }
}

/// The decision's entry, then one per recipient.
fn decision_entries(d: &Decision, v: &mut Vec<Entry>) {
    let m = &d.meta;
    let number = d.number_written().unwrap_or_default().to_string();
    v.push(Entry {
        kind: "decision",
        title: format!("{}: {}", d.reference(), m.title),
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
    v.extend(d.recipients.iter().map(|r| recipient_entry(d, &number, r)));
}

/// A recipient of decision `d` (whose number as written is `number`, maybe empty), linking to
/// its row on the decision page.
fn recipient_entry(d: &Decision, number: &str, r: &Recipient) -> Entry {
    let m = &d.meta;
    let place = r.locality.display.clone();
    let loc = match province(&r.locality) {
        p if p.is_empty() => strip_admin(&opt(&d.place)),
        p => p,
    };
    let basis = format!(
        "{} theo {}",
        d.form_label,
        if number.is_empty() { m.title.as_str() } else { number }
    );
    Entry {
        kind: "recipient",
        title: r.name.clone(),
        url: format!("{}#{}", m.url, r.id),
        year: year_of(m),
        locality: loc,
        form: d.form_label.clone(),
        date: join_nonempty(&[place.clone(), date_of(m)], " · "),
        sort_date: iso_of(m),
        snippet: short(&join_nonempty(
            &[opt(&r.position), opt(&r.unit), basis, opt(&r.achievement)],
            ". ",
        )),
        fields: vec![
            (TITLE, r.name.clone()),
            (FIELD, opt(&r.position)),
            (FIELD, opt(&r.unit)),
            (FIELD, place),
            (FIELD, number.to_string()),
            (FIELD, d.form_label.clone()),
            (BODY, opt(&r.achievement)),
        ],
        symbols: vec![number.to_string()],
    }
}

/// One entry per named donor and fund period, linking to the donor's row.
fn donor_entries(site: &Site, v: &mut Vec<Entry>) {
    let donor_urls = crate::render::fund::donor_urls(site);
    for p in &site.fund {
        let mut donors: BTreeMap<String, Vec<&Receipt>> = BTreeMap::new();
        for r in &p.receipts {
            if let Some(d) = r.donor.as_ref().filter(|_| !r.anonymous) {
                donors.entry(d.clone()).or_default().push(r);
            }
        }
        for (name, rs) in donors {
            let url = donor_urls.get(&name).cloned().unwrap_or_else(|| p.url.clone());
            v.push(donor_entry(p, name, url, &rs));
        }
    }
}

/// The entry of donor `name` in fund period `p`, with its receipts `rs` (at least one).
fn donor_entry(p: &Period, name: String, url: String, rs: &[&Receipt]) -> Entry {
    let total: i64 = rs.iter().map(|r| r.amount).sum();
    let first = rs.first();
    let purposes: Vec<String> = rs.iter().filter_map(|r| r.purpose.clone()).collect();
    let date = first.and_then(|r| r.date.as_ref());
    Entry {
        kind: "donor",
        title: name.clone(),
        url,
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
    }
}

/// Tag and category pages: a reader typing a topic ("chuyen doi so") finds the page that lists
/// everything on it.
fn topic_entries(site: &Site, v: &mut Vec<Entry>) {
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
}

/// The short date shown (empty without a date).
fn date_of(m: &Meta) -> String {
    m.date.as_ref().map(|d| d.short.clone()).unwrap_or_default()
}

/// The ISO date, for sorting (empty without a date).
fn iso_of(m: &Meta) -> String {
    m.date.as_ref().map(|d| d.iso.clone()).unwrap_or_default()
}

/// The year, for the facet (none without a date or with year 0).
fn year_of(m: &Meta) -> Option<i32> {
    m.date.as_ref().map(|d| d.year).filter(|y| *y > 0)
}

/// The body as plain text.
fn body(m: &Meta) -> String {
    html_text(&m.content)
}

/// The snippet: the description, else the body (`text`, from [`body`]), shortened.
fn snippet(m: &Meta, text: &str) -> String {
    short(m.description.as_deref().unwrap_or(text))
}

/// The non-empty parts joined by `sep`.
fn join_nonempty(parts: &[String], sep: &str) -> String {
    parts.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(sep)
}

/// Plain text of rendered HTML (tags dropped, common entities decoded). Each `<` becomes a
/// space (so words on either side of a tag stay apart), and a tag runs to the next `>`.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let tag = rest.get(i..).unwrap_or_default();
        let end = tag.find('>').map_or(tag.len(), |j| j + 1);
        let tag_text = tag.get(..end).unwrap_or_default();
        out.extend(tag_text.matches('<').map(|_| ' '));
        rest = tag.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    decode_entities(out)
}

/// The common entities of `text` decoded (`&lt;`, `&gt;`, `&quot;`, `&#39;`, `&#x27;`, `&nbsp;`,
/// `&amp;`), in one pass: `&amp;lt;` is `&lt;`, as text.
fn decode_entities(text: String) -> String {
    const ENTITIES: [(&str, char); 7] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    if !text.contains('&') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let tail = rest.get(i..).unwrap_or_default();
        let (c, len) = ENTITIES
            .iter()
            .find(|(e, _)| tail.starts_with(e))
            .map_or(('&', 1), |(e, c)| (*c, e.len()));
        out.push(c);
        rest = tail.get(len..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Whitespace collapsed, cut at a word boundary to at most [`SNIPPET_CHARS`] characters and `…`.
fn short(s: &str) -> String {
    markdown::shorten(s, SNIPPET_CHARS)
}

/// The province of a locality, without its administrative prefix.
fn province(l: &Locality) -> String {
    let p = l.province.clone().unwrap_or_default();
    strip_admin(&p)
}

/// `p` without a leading `tỉnh`, `thành phố` or `TP.`.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `html_text` as first written: character by character, then one `replace` per entity.
    fn html_text_by_chars(html: &str) -> String {
        let mut out = String::new();
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

    /// `short` as first written: the whole text joined, then cut.
    fn short_whole(s: &str) -> String {
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

    #[test]
    fn plain_text_and_snippets_are_the_same_as_first_written() {
        let html = [
            "<p>A &amp; <b>B</b></p>",
            "a<b<c>d>e > f",
            "&amp;lt; &amp;amp; &lt;p&gt; &quot;x&quot; &#39;y&#x27; a&nbsp;b & &am; &",
            "<p>Người nghèo</p><p",
            "<<>>",
            "",
            "plain text",
        ];
        for h in html {
            assert_eq!(html_text(h), html_text_by_chars(h), "{h}");
        }
        let word = "nghèo ";
        for n in [0, 1, 39, 40, 41, 45, 200] {
            for text in [word.repeat(n), format!("  {}\n\t x", "đ".repeat(n * 6)), "ab ".repeat(n)]
            {
                assert_eq!(short(&text), short_whole(&text), "{n}");
            }
        }
        assert!(short(&word.repeat(100)).ends_with('…'));
    }

    #[test]
    fn html_text_drops_tags() {
        assert_eq!(
            html_text("<p>A &amp; <b>B</b></p>").split_whitespace().collect::<Vec<_>>(),
            ["A", "&", "B"]
        );
    }
}

//! Campaigns (phong trào thi đua): period, status, key figures, photo, and the links the model
//! fills.

use serde::Serialize;

use super::meta::{Meta, check_id, check_slug, meta, stem};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::{Link, Photo, Target, read_photo};
use crate::read::fields::{MapReader, YEAR_MAX, YEAR_MIN};
use crate::vi;

/// A key figure shown on the home and campaign pages.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct KeyFigure {
    /// What it is.
    pub(crate) label: String,
    /// The number.
    pub(crate) value: f64,
    /// Unit.
    pub(crate) unit: String,
    /// Formatted number and unit.
    pub(crate) display: String,
    /// Context (year, source).
    pub(crate) note: Option<String>,
}

/// A campaign (phong trào thi đua) and its period.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Campaign {
    /// Common fields.
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// Stable id.
    pub(crate) id: String,
    /// Short name.
    pub(crate) short_title: String,
    /// First year.
    pub(crate) from: Option<i32>,
    /// Last year.
    pub(crate) to: Option<i32>,
    /// `ended`, `active` or `planned`.
    pub(crate) status: String,
    /// Number of the document that launched it.
    pub(crate) launched_by: Option<String>,
    /// Resolved link to it.
    pub(crate) launched_by_link: Option<Link>,
    /// Previous campaign id.
    pub(crate) predecessor: Option<String>,
    /// Next campaign id.
    pub(crate) successor: Option<String>,
    /// Resolved links.
    pub(crate) predecessor_link: Option<Link>,
    /// Resolved links.
    pub(crate) successor_link: Option<Link>,
    /// Other spellings.
    pub(crate) names: Vec<String>,
    /// Key figures.
    pub(crate) key_figures: Vec<KeyFigure>,
    /// The photo shown at the top of the page and used as its share preview.
    pub(crate) photo: Option<Photo>,
    /// Documents of this campaign (filled by the model).
    pub(crate) documents: Vec<Link>,
    /// Award decisions of this campaign.
    pub(crate) decisions: Vec<Link>,
    /// Exemplars of this campaign.
    pub(crate) exemplars: Vec<Link>,
    /// Targets of its documents that have reported actuals (filled by `model::progress`).
    pub(crate) targets: Vec<CampaignTarget>,
    /// Position of keys for messages.
    #[serde(skip)]
    pub(crate) ref_pos: Pos,
}

/// A target with progress, as a campaign page lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct CampaignTarget {
    /// The document setting it.
    pub(crate) document: Link,
    /// The target, with its progress.
    pub(crate) target: Target,
}

/// Reads a campaign.
pub(crate) fn read_campaign(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Campaign> {
    let front = src.front.as_ref()?;
    let mut r = MapReader::new(front, &src.rel, "phong trào / campaign", diags)?;
    let title = r.req_text(
        "title",
        "Phong trào thi đua \"Vì người nghèo - Không để ai bị bỏ lại phía sau\"",
    );
    let (mut m, slug) = meta(&mut r, src, title);
    let id_node = r.node("id");
    let id = r.text("id").unwrap_or_else(|| vi::slugify(&stem(src)));
    let short_title = r.text("short_title").unwrap_or_else(|| m.title.clone());
    let (mut from, mut to) = (None, None);
    if let Some(p) = r.map("period") {
        let file = r.file();
        if let Some(mut pr) = MapReader::new(p, file, "period", r.diags()) {
            from = pr.int_in("from", YEAR_MIN, YEAR_MAX).map(|v| v as i32);
            to = pr.int_in("to", YEAR_MIN, YEAR_MAX).map(|v| v as i32);
            pr.finish();
        }
    }
    let status =
        r.choice("status", &["ended", "active", "planned"]).unwrap_or("active").to_string();
    let launched_by = r.text("launched_by");
    let predecessor = r.text("predecessor");
    let successor = r.text("successor");
    let names = r.text_list("names");
    let mut key_figures = Vec::new();
    for n in r.list("key_figures") {
        let file = r.file();
        let Some(mut kr) = MapReader::new(n, file, "key_figures", r.diags()) else { continue };
        let label = kr.req_text("label", "Hộ nghèo giảm mỗi năm");
        let value = kr.req_number("value", "14627");
        let unit = kr.text("unit").unwrap_or_default();
        let note = kr.text("note");
        kr.finish();
        if let (Some(label), Some(value)) = (label, value) {
            let num = if value.fract() == 0.0 {
                vi::format_int(value as i64)
            } else {
                vi::format_decimal(value, 2)
            };
            let sep = if unit.is_empty() || unit == "%" { "" } else { " " };
            key_figures.push(KeyFigure {
                label,
                value,
                display: format!("{num}{sep}{unit}"),
                unit,
                note,
            });
        }
    }
    let photo = read_photo(&mut r);
    r.finish();
    let checked = check_id(
        id_node.and_then(|n| n.as_text().map(|s| (s, n.pos))),
        vi::slugify(&id),
        &src.rel,
        diags,
    );
    m.slug = check_slug(slug, checked.clone(), &src.rel, diags);
    Some(Campaign {
        meta: m,
        id: checked,
        short_title,
        from,
        to,
        status,
        launched_by,
        launched_by_link: None,
        predecessor,
        successor,
        predecessor_link: None,
        successor_link: None,
        names,
        key_figures,
        photo,
        documents: Vec::new(),
        decisions: Vec::new(),
        exemplars: Vec::new(),
        targets: Vec::new(),
        ref_pos: front.pos,
    })
}

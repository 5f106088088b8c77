//! Exemplars (gương điển hình tiên tiến): who, where, achievements, photo and ethnicity with
//! consent, and the awards the model finds for them.

use serde::Serialize;

use super::meta::{DateView, Meta, check_id, check_slug, meta};
use crate::config::award_forms::{KIND_CHOICES, RecipientKind};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::{Link, Locality, Photo, read_photo};
use crate::read::fields::MapReader;
use crate::t;
use crate::vi;

/// An award received, as listed on an exemplar's page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AwardEntry {
    /// Award form name.
    pub(crate) form: String,
    /// Round label.
    pub(crate) round: String,
    /// Decision number; empty when the decision has none.
    pub(crate) number: String,
    /// The decision as people name it (`Quyết định của …, ngày 16/9/2022 (không số)`).
    pub(crate) name: String,
    /// Decision date.
    pub(crate) date: Option<DateView>,
    /// Link to the row on the decision page.
    pub(crate) url: String,
}

/// An exemplar (gương điển hình tiên tiến).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Exemplar {
    /// Common fields (title = headline, default the name).
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// Stable recipient id.
    pub(crate) id: String,
    /// Name as published.
    pub(crate) name: String,
    /// Collation key of the sort name (made when the file is read, so that a rebuild from
    /// cached records does not make it again).
    #[serde(skip)]
    pub(crate) sort_key: crate::vi::SortKey,
    /// Kind.
    pub(crate) kind: RecipientKind,
    /// Kind label.
    pub(crate) kind_label: &'static str,
    /// Position.
    pub(crate) position: Option<String>,
    /// Unit.
    pub(crate) unit: Option<String>,
    /// Place.
    pub(crate) locality: Locality,
    /// Campaign id.
    pub(crate) campaign: Option<String>,
    /// Resolved campaign.
    pub(crate) campaign_link: Option<Link>,
    /// Achievements.
    pub(crate) achievements: Vec<String>,
    /// Photo.
    pub(crate) photo: Option<Photo>,
    /// Ethnicity, only with consent.
    pub(crate) ethnicity: Option<String>,
    /// Awards found in decisions (filled by the model).
    pub(crate) awards: Vec<AwardEntry>,
    /// Position of `campaign:`.
    #[serde(skip)]
    pub(crate) campaign_pos: Pos,
}

/// Reads an exemplar.
pub(crate) fn read_exemplar(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Exemplar> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "gương điển hình / exemplar", diags)?;
    let name = r.req_text("name", "Nguyễn Văn A");
    let title = r.text("title").or_else(|| name.clone());
    let (mut m, slug) = meta(&mut r, src, title);
    let id_node = r.node("id");
    let sort_name = r.text("sort_name");
    let kind_node = r.node("kind");
    let kind = r.choice("kind", KIND_CHOICES).map(RecipientKind::from_choice);
    if kind_node.is_none() {
        r.report(
            Diagnostic::error(
                "missing-key",
                file,
                front.pos_of("kind"),
                t!("thiếu `kind` (loại điển hình)", "`kind` is missing"),
            )
            .with_hint(t!(
                "thêm `kind: individual` (hoặc collective, household, enterprise, cooperative)",
                "add `kind: individual` (or collective, household, enterprise, cooperative)"
            )),
        );
    }
    let position = r.text("position");
    let unit = r.text("unit");
    let locality = Locality::read(&mut r, "locality");
    let campaign = r.text("campaign");
    let achievements = r.text_list("achievements");
    let photo = read_photo(&mut r);
    let ethnicity_node = r.node("ethnicity");
    let ethnicity = r.text("ethnicity");
    let ethnicity_consent = r.bool("ethnicity_consent").unwrap_or(false);
    r.finish();
    let name = name?;
    let kind = kind.unwrap_or(RecipientKind::Individual);
    if let (Some(_), false, Some(n)) = (&ethnicity, ethnicity_consent, ethnicity_node) {
        diags.push(
            Diagnostic::error(
                "privacy-ethnicity",
                file,
                n.pos,
                t!("dân tộc của một người là dữ liệu nhạy cảm: chỉ công bố khi có đồng ý", "a named person's ethnicity is sensitive data: publish it only with consent"),
            )
            .with_hint(t!("thêm `ethnicity_consent: true` khi đã có đồng ý bằng văn bản, hoặc xóa `ethnicity`", "add `ethnicity_consent: true` once written consent exists, or delete `ethnicity`")),
        );
    }
    if let Some(p) = &photo
        && !p.consent
        && kind.is_person()
    {
        let pos = front.get("photo").map(|n| n.pos).unwrap_or(front.pos);
        diags.push(
            Diagnostic::error(
                "privacy-photo",
                file,
                pos,
                t!("ảnh của một người cần có sự đồng ý", "a photo of a person needs consent"),
            )
            .with_hint(t!(
                "thêm `consent: true` trong `photo:` khi đã có đồng ý, hoặc bỏ ảnh",
                "add `consent: true` under `photo:` once consent exists, or remove the photo"
            )),
        );
    }
    let default_id =
        vi::slugify(&format!("{} {}", name, locality.commune.as_deref().unwrap_or("")));
    let id =
        check_id(id_node.and_then(|n| n.as_text().map(|s| (s, n.pos))), default_id, file, diags);
    m.slug = check_slug(slug, id.clone(), file, diags);
    let sort_key = match (&sort_name, kind.is_person()) {
        (Some(s), _) => vi::sort_key(s),
        (None, true) => vi::name_sort_key(&name),
        (None, false) => vi::sort_key(&name),
    };
    Some(Exemplar {
        meta: m,
        id,
        name,
        sort_key,
        kind,
        kind_label: kind.label(),
        position,
        unit,
        locality,
        campaign,
        campaign_link: None,
        achievements,
        photo: photo.filter(|p| p.consent || !kind.is_person()),
        ethnicity: ethnicity.filter(|_| ethnicity_consent),
        awards: Vec::new(),
        campaign_pos: front.get("campaign").map(|n| n.pos).unwrap_or(front.pos),
    })
}

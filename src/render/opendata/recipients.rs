//! The recipients index: everyone an award decision names, grouped by stable id with every
//! award, and the index pages by facet (award form, year, province, kind).

use serde::Serialize;

use crate::model::Site;

/// One award in a recipient's history.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecipientAward {
    /// Award form code.
    pub(crate) form: String,
    /// Award form name.
    pub(crate) form_label: String,
    /// Rank of the form (1 = highest), for ordering facets.
    pub(crate) rank: u8,
    /// Year of the decision.
    pub(crate) year: Option<i32>,
    /// Round label.
    pub(crate) round: Option<String>,
    /// Decision number; empty when the decision has none.
    pub(crate) number: String,
    /// The decision as people name it (`Quyết định của …, ngày 16/9/2022 (không số)`).
    pub(crate) name: String,
    /// Decision date (`16/9/2022`).
    pub(crate) date: Option<String>,
    /// The row on the decision page.
    pub(crate) url: String,
}

/// A recipient (by stable id) with every award the site records.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecipientEntry {
    /// Stable id.
    pub(crate) id: String,
    /// Name (as in the latest decision).
    pub(crate) name: String,
    /// Kind key.
    pub(crate) kind: &'static str,
    /// Kind label.
    pub(crate) kind_label: &'static str,
    /// Place.
    pub(crate) locality: String,
    /// Province as written (facet).
    pub(crate) province: String,
    /// Exemplar page, if any.
    pub(crate) exemplar_url: Option<String>,
    /// Awards, oldest first.
    pub(crate) awards: Vec<RecipientAward>,
}

/// Every recipient of every decision, grouped by id and sorted the Vietnamese way (people by
/// given name, others by name).
pub(crate) fn recipients(site: &Site) -> Vec<RecipientEntry> {
    use std::collections::HashMap;
    let mut idx: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<RecipientEntry> = Vec::new();
    // Oldest decision first so the awards are in date order and the latest name wins.
    let mut decisions: Vec<&crate::model::Decision> = site.decisions.iter().collect();
    decisions.sort_by(|a, b| a.meta.sort_date.cmp(&b.meta.sort_date).then_with(|| a.id.cmp(&b.id)));
    for d in decisions {
        for r in &d.recipients {
            let i = *idx.entry(r.id.as_str()).or_insert_with(|| {
                out.push(RecipientEntry {
                    id: r.id.clone(),
                    name: String::new(),
                    kind: r.kind.key(),
                    kind_label: r.kind.label(),
                    locality: String::new(),
                    province: String::new(),
                    exemplar_url: None,
                    awards: Vec::new(),
                });
                out.len() - 1
            });
            let e = &mut out[i];
            e.name = r.name.clone();
            e.kind = r.kind.key();
            e.kind_label = r.kind.label();
            e.locality = r.locality.display.clone();
            e.province = r.locality.province.clone().unwrap_or_default();
            if r.exemplar_url.is_some() {
                e.exemplar_url = r.exemplar_url.clone();
            }
            e.awards.push(RecipientAward {
                form: d.form.clone(),
                form_label: d.form_label.clone(),
                rank: site.config.award_forms.get(&d.form).map(|f| f.rank).unwrap_or(99),
                year: d.meta.sort_date.map(|x| x.year),
                round: d.round.as_ref().map(|x| x.label.clone()),
                number: d.number_written().map(str::to_string).unwrap_or_default(),
                name: d.name.clone(),
                date: d.meta.date.as_ref().map(|x| x.short.clone()),
                url: format!("{}#{}", d.meta.url, r.id),
            });
        }
    }
    let mut keyed: Vec<(crate::vi::SortKey, RecipientEntry)> = out
        .into_iter()
        .map(|e| {
            let k = if e.kind == "individual" {
                crate::vi::name_sort_key(&e.name)
            } else {
                crate::vi::sort_key(&e.name)
            };
            (k, e)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// A facet value of the recipients index.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FacetValue {
    /// Label.
    pub(crate) label: String,
    /// Page.
    pub(crate) url: String,
    /// Recipients with it.
    pub(crate) count: usize,
}

/// A facet (award form, year, province, kind) of the recipients index.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Facet {
    /// `Hình thức`, `Năm`, `Địa bàn`, `Loại`.
    pub(crate) title: &'static str,
    /// Values in display order.
    pub(crate) values: Vec<FacetValue>,
}

/// A page of the recipients index: (url, title, indexes into the recipient list).
pub(crate) type IndexPage = (String, String, Vec<usize>);

/// Values of a recipient under a facet: (sort key, label, URL segment).
type Values = Vec<(String, String, String)>;

/// Gets the values of a facet from a recipient.
type FacetFn<'a> = &'a dyn Fn(&RecipientEntry) -> Values;

/// The site path of the recipients index.
pub(crate) const RECIPIENTS_ROOT: &str = "/nguoi-duoc-khen/";

/// The recipients index pages: (url, title, recipient indexes), the whole list first, then one
/// page per facet value; and the facets for navigation.
pub(crate) fn recipient_pages(list: &[RecipientEntry]) -> (Vec<IndexPage>, Vec<Facet>) {
    use std::collections::BTreeMap;
    let root = RECIPIENTS_ROOT;
    let mut pages = vec![(
        root.to_string(),
        "Người, tập thể được khen thưởng".to_string(),
        (0..list.len()).collect(),
    )];
    let mut facets = Vec::new();
    let forms = |e: &RecipientEntry| -> Values {
        e.awards
            .iter()
            .map(|a| {
                let rank = a.rank;
                (format!("{rank:03}{}", a.form), a.form_label.clone(), crate::vi::slugify(&a.form))
            })
            .collect()
    };
    let years = |e: &RecipientEntry| -> Values {
        e.awards
            .iter()
            .filter_map(|a| a.year)
            .map(|y| (format!("{y}"), format!("Năm {y}"), y.to_string()))
            .collect()
    };
    let provinces = |e: &RecipientEntry| -> Values {
        let p = if e.province.is_empty() {
            "Không ghi tỉnh".to_string()
        } else {
            e.province.clone()
        };
        vec![(crate::vi::fold(&p), p.clone(), crate::vi::slugify(&p))]
    };
    let kinds = |e: &RecipientEntry| -> Values {
        vec![(e.kind.to_string(), e.kind_label.to_string(), crate::vi::slugify(e.kind_label))]
    };
    let specs: [(&'static str, &str, FacetFn<'_>); 4] = [
        ("Hình thức", "hinh-thuc", &forms),
        ("Năm", "nam", &years),
        ("Địa bàn", "dia-ban", &provinces),
        ("Loại", "loai", &kinds),
    ];
    for (title, seg, get) in specs {
        let mut groups: BTreeMap<String, (String, String, Vec<usize>)> = BTreeMap::new();
        for (i, e) in list.iter().enumerate() {
            let mut vals = get(e);
            vals.sort();
            vals.dedup();
            for (key, label, slug) in vals {
                groups.entry(key).or_insert_with(|| (label, slug, Vec::new())).2.push(i);
            }
        }
        let mut values = Vec::new();
        for (_, (label, slug, members)) in groups {
            let url = format!("{root}{seg}/{slug}/");
            values.push(FacetValue {
                label: label.clone(),
                url: url.clone(),
                count: members.len(),
            });
            pages.push((url, format!("{title}: {label}"), members));
        }
        if title == "Địa bàn" {
            values.sort_by(|a, b| crate::vi::cmp_vi(&a.label, &b.label));
        }
        facets.push(Facet { title, values });
    }
    (pages, facets)
}

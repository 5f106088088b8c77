//! One typed record per content file, then every record, the fund's periods and the assets
//! gathered into a `Site` (drafts left out unless asked for).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::load::{Source, SourceKind};
use crate::model::fund;
use crate::model::records::*;
use crate::model::site::{Asset, ModelOptions, Site, fund_root};
use crate::t;

/// The record of one file, of any kind.
#[derive(Clone)]
pub(crate) enum Record {
    Page(Box<Page>),
    Section(Box<Section>),
    Campaign(Box<Campaign>),
    Document(Box<Document>),
    Exemplar(Box<Exemplar>),
    Decision(Box<Decision>),
}

/// A file read as a record, with the problems found reading it.
pub(crate) type Parsed = (Option<Record>, Vec<Diagnostic>);

/// Files that hold one record each (the fund, targets and assets are read otherwise).
pub(crate) fn is_record(s: &Source) -> bool {
    !matches!(
        s.kind,
        SourceKind::FundPeriod | SourceKind::FundCsv | SourceKind::Asset | SourceKind::Targets
    )
}

/// The typed record of one file.
pub(crate) fn read_record(s: &Source, config: &Config, opts: ModelOptions) -> Parsed {
    let mut ds = Vec::new();
    let rec = match s.kind {
        SourceKind::Page => read_page(s, &mut ds).map(|r| Record::Page(Box::new(r))),
        SourceKind::Section => read_section(s, &mut ds).map(|r| Record::Section(Box::new(r))),
        SourceKind::Campaign => read_campaign(s, &mut ds).map(|r| Record::Campaign(Box::new(r))),
        SourceKind::Document => read_document(s, opts.strict, &config.award_forms, &mut ds)
            .map(|r| Record::Document(Box::new(r))),
        SourceKind::Exemplar => read_exemplar(s, &mut ds).map(|r| Record::Exemplar(Box::new(r))),
        SourceKind::Decision => read_decision(s, opts.strict, &config.award_forms, &mut ds)
            .map(|r| Record::Decision(Box::new(r))),
        _ => None,
    };
    (rec, ds)
}

/// A site with the records read (drafts kept only with `opts.drafts`) and nothing else yet;
/// the problems found reading them go to `diags`.
pub(crate) fn records(
    config: &Config,
    parsed: Vec<Parsed>,
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let mut site = Site {
        config: config.clone(),
        home: None,
        pages: Vec::new(),
        sections: Vec::new(),
        campaigns: Vec::new(),
        documents: Vec::new(),
        exemplars: Vec::new(),
        decisions: Vec::new(),
        fund: Vec::new(),
        tags: Vec::new(),
        categories: Vec::new(),
        assets: Vec::new(),
        photo_originals: std::collections::BTreeSet::new(),
    };
    // Room for every record up front: records are large, and growing a vector moves them.
    let count =
        |f: fn(&Record) -> bool| parsed.iter().filter(|(r, _)| r.as_ref().is_some_and(f)).count();
    site.pages.reserve_exact(count(|r| matches!(r, Record::Page(_))));
    site.exemplars.reserve_exact(count(|r| matches!(r, Record::Exemplar(_))));
    site.documents.reserve_exact(count(|r| matches!(r, Record::Document(_))));
    site.decisions.reserve_exact(count(|r| matches!(r, Record::Decision(_))));
    for (rec, ds) in parsed {
        diags.extend(ds);
        let keep = |draft: bool| opts.drafts || !draft;
        match rec {
            Some(Record::Page(p)) if keep(p.meta.draft) => site.pages.push(*p),
            Some(Record::Section(s)) if keep(s.meta.draft) => {
                if s.meta.url == "/" {
                    site.home = Some(*s);
                } else {
                    site.sections.push(*s);
                }
            }
            Some(Record::Campaign(c)) if keep(c.meta.draft) => site.campaigns.push(*c),
            Some(Record::Document(d)) if keep(d.meta.draft) => site.documents.push(*d),
            Some(Record::Exemplar(e)) if keep(e.meta.draft) => site.exemplars.push(*e),
            Some(Record::Decision(d)) if keep(d.meta.draft) => site.decisions.push(*d),
            _ => {}
        }
    }
    custom_key_notes(&site, diags);
    site
}

/// One note per custom key of the plain pages (Hugo and Zola sites carry their own keys at the
/// top of the front matter): how many pages have it and that templates see it in `extra`.
fn custom_key_notes(site: &Site, diags: &mut Vec<Diagnostic>) {
    let pages = site.pages.iter().map(|p| (&p.meta, &p.custom_keys));
    let sections = site.sections.iter().chain(&site.home).map(|s| (&s.meta, &s.custom_keys));
    let mut keys: std::collections::BTreeMap<&str, (usize, &str, Pos)> = Default::default();
    for (meta, custom) in pages.chain(sections) {
        for (name, pos) in custom {
            let e = keys.entry(name).or_insert((0, &meta.source, *pos));
            e.0 += 1;
        }
    }
    for (name, (n, file, pos)) in keys {
        diags.push(Diagnostic::note(
            "custom-key",
            std::path::Path::new(file),
            pos,
            t!(
                "khóa riêng `{name}` ({n} trang) được đọc vào `extra`: mẫu dùng page.extra.{name}",
                "custom key `{name}` ({n} pages) is read into `extra`: templates use page.extra.{name}"
            ),
        ));
    }
}

/// The fund's periods, read from the period files and the CSV ledgers they name.
pub(crate) fn fund_periods(
    config: &Config,
    sources: &[impl Borrow<Source>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<fund::Period> {
    let periods: Vec<&Source> =
        sources.iter().map(|s| s.borrow()).filter(|s| s.kind == SourceKind::FundPeriod).collect();
    let csvs: HashMap<PathBuf, &Source> = sources
        .iter()
        .map(|s| s.borrow())
        .filter(|s| s.kind == SourceKind::FundCsv)
        .map(|s| (s.content_rel.clone(), s))
        .collect();
    fund::read_fund(&periods, &csvs, &fund_root(config), &config.fund, diags)
}

/// The files copied as they are (an image next to its page).
pub(crate) fn assets(sources: &[impl Borrow<Source>]) -> Vec<Asset> {
    sources
        .iter()
        .map(|s| s.borrow())
        .filter(|s| s.kind == SourceKind::Asset)
        .map(|s| {
            let rel = folder_path(&s.content_rel);
            let name = s.content_rel.file_name().map(|n| n.to_os_string()).unwrap_or_default();
            Asset {
                abs: s.abs.clone(),
                out_rel: PathBuf::from(rel.trim_start_matches('/')).join(name),
            }
        })
        .collect()
}

/// The targets data files (`chi-tieu/*.yaml`).
pub(crate) fn target_files(sources: &[impl Borrow<Source>]) -> Vec<&Source> {
    sources.iter().map(|s| s.borrow()).filter(|s| s.kind == SourceKind::Targets).collect()
}

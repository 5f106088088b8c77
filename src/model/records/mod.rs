//! Typed records read from front matter, one module per kind. Goes in: a loaded source (its
//! front matter tree and body); comes out: a `Page`, `Section`, `Campaign`, `Document`,
//! `Exemplar` or `Decision`, with the problems found reading it. What every kind shares (the
//! common fields, dates, slugs, site paths) is in `meta`.

mod campaign;
mod decision;
mod document;
mod exemplar;
mod meta;
mod page;

pub(crate) use campaign::{Campaign, CampaignTarget, read_campaign};
pub(crate) use decision::{Decision, Finding, Recipient, read_decision};
pub(crate) use document::{Document, PlanFinding, TreeItem, document_slug, read_document};
pub(crate) use exemplar::{AwardEntry, Exemplar, read_exemplar};
pub(crate) use meta::{DateView, Meta, folder_path, kind_root};
pub(crate) use page::{Page, Section, read_page, read_section};

//! The model's product: the whole site as typed records (`Site`), with the options of the stage
//! and the site paths of the taxonomy and fund pages.

use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;
use crate::model::common::Link;
use crate::model::fund;
use crate::model::records::{Campaign, Decision, Document, Exemplar, Meta, Page, Section};

/// Options of the model stage.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ModelOptions {
    /// Keep drafts.
    pub(crate) drafts: bool,
    /// Warnings about document formalities become errors.
    pub(crate) strict: bool,
    /// Leave the taxonomies (`tags`, `categories`) empty: for a partial render that makes no
    /// tag or category page (they are used nowhere else).
    pub(crate) skip_terms: bool,
}

/// A taxonomy term and the pages carrying it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Term {
    /// Name as written.
    pub(crate) name: String,
    /// URL segment.
    pub(crate) slug: String,
    /// Page.
    pub(crate) url: String,
    /// Pages with it.
    pub(crate) pages: Vec<Link>,
}

/// A copied file from `content/` (an image next to its page).
#[derive(Clone, Debug)]
pub(crate) struct Asset {
    /// Absolute source.
    pub(crate) abs: PathBuf,
    /// Output path relative to the output root.
    pub(crate) out_rel: PathBuf,
}

/// The whole site as typed records.
#[derive(Clone, Debug)]
pub(crate) struct Site {
    /// Configuration.
    pub(crate) config: Config,
    /// The home page's `_index.md`, if any.
    pub(crate) home: Option<Section>,
    /// Pages.
    pub(crate) pages: Vec<Page>,
    /// Sections other than the home.
    pub(crate) sections: Vec<Section>,
    /// Campaigns, newest first.
    pub(crate) campaigns: Vec<Campaign>,
    /// Documents, newest first.
    pub(crate) documents: Vec<Document>,
    /// Exemplars, by Vietnamese name order.
    pub(crate) exemplars: Vec<Exemplar>,
    /// Award decisions, newest first.
    pub(crate) decisions: Vec<Decision>,
    /// Fund periods, oldest first.
    pub(crate) fund: Vec<fund::Period>,
    /// Tags.
    pub(crate) tags: Vec<Term>,
    /// Categories.
    pub(crate) categories: Vec<Term>,
    /// Files to copy.
    pub(crate) assets: Vec<Asset>,
    /// Output paths (`anh/x.jpg`) of the originals that the render stage's `photos` step made
    /// into resized files: they are not published themselves (filled by that step).
    pub(crate) photo_originals: std::collections::BTreeSet<String>,
}

/// Site path of the tag pages (`/the/<slug>/`).
pub(crate) const TAG_ROOT: &str = "/the/";
/// Site path of the category pages (`/chuyen-muc/<slug>/`).
pub(crate) const CATEGORY_ROOT: &str = "/chuyen-muc/";

impl Site {
    /// The two taxonomies: (site path of their pages, Vietnamese name, terms).
    pub(crate) fn taxonomies(&self) -> [(&'static str, &'static str, &[Term]); 2] {
        [(TAG_ROOT, "Thẻ", &self.tags), (CATEGORY_ROOT, "Chuyên mục", &self.categories)]
    }

    /// Number of records of every kind.
    pub(crate) fn record_count(&self) -> usize {
        self.pages.len()
            + self.campaigns.len()
            + self.documents.len()
            + self.exemplars.len()
            + self.decisions.len()
            + self.fund.iter().map(|p| p.receipts.len() + p.disbursements.len()).sum::<usize>()
    }
}

impl Site {
    /// The common fields of every record except the fund's rows.
    pub(crate) fn metas(&self) -> Vec<&Meta> {
        let mut v: Vec<&Meta> = Vec::new();
        v.extend(self.pages.iter().map(|p| &p.meta));
        v.extend(self.sections.iter().map(|p| &p.meta));
        v.extend(self.campaigns.iter().map(|p| &p.meta));
        v.extend(self.documents.iter().map(|p| &p.meta));
        v.extend(self.exemplars.iter().map(|p| &p.meta));
        v.extend(self.decisions.iter().map(|p| &p.meta));
        v
    }

    /// Every record that has a Markdown body, the home page last: [`Site::metas`] and the home.
    pub(crate) fn bodies(&self) -> Vec<&Meta> {
        let mut v = self.metas();
        v.extend(self.home.iter().map(|h| &h.meta));
        v
    }

    /// [`Site::bodies`], to change (the same records in the same order).
    pub(crate) fn bodies_mut(&mut self) -> Vec<&mut Meta> {
        let mut v: Vec<&mut Meta> = Vec::new();
        v.extend(self.pages.iter_mut().map(|p| &mut p.meta));
        v.extend(self.sections.iter_mut().map(|p| &mut p.meta));
        v.extend(self.campaigns.iter_mut().map(|p| &mut p.meta));
        v.extend(self.documents.iter_mut().map(|p| &mut p.meta));
        v.extend(self.exemplars.iter_mut().map(|p| &mut p.meta));
        v.extend(self.decisions.iter_mut().map(|p| &mut p.meta));
        v.extend(self.home.iter_mut().map(|h| &mut h.meta));
        v
    }
}

/// The fund's site path root (`/quy-vi-nguoi-ngheo/`).
pub(crate) fn fund_root(_config: &Config) -> String {
    "/quy-vi-nguoi-ngheo/".to_string()
}

//! Render stage: the model and the theme in, every output file out (handed to a sink as soon as it is made).
//!
//! Rendering is a pure function of the model. [`bodies`] first turns every Markdown body into
//! HTML and [`photos`] makes the files of every photo (filling the records' `photo.image`); then `pipeline` runs the render steps one after another, each a function of a
//! [`context::Run`] (the shared state of one run: model, theme, options, sink, render cache,
//! cancel flag). Page steps make pages from templates ([`jobs`] renders them in parallel,
//! through the render cache); after them [`context::Run::end_pages`] stops on errors, and a
//! whole build goes on with the site-wide steps (search index, open data files, redirects,
//! sitemap, static files).
//!
//! Page steps: [`pages`] (home, records, 404), [`listings`] (kinds, sections, recipients),
//! [`fund`], [`taxonomies`], [`feeds`], [`data`] (search and open data pages), [`history`]
//! (recent changes, its feed, each record's full history). Site-wide steps:
//! [`data`] (search index, open data files), [`redirects`], [`sitemap`], [`assets`].
//! Below them: [`output`] (files and the sink), [`links`], [`paginate`], [`values`], [`cache`],
//! [`markdown`], [`minify`], [`templates`], [`jsmin`].

pub(crate) mod assets;
pub(crate) mod bodies;
mod cache;
pub(crate) mod context;
pub(crate) mod data;
pub(crate) mod feeds;
pub(crate) mod fund;
pub(crate) mod history;
mod jobs;
mod jsmin;
mod links;
pub(crate) mod listings;
pub(crate) mod markdown;
pub(crate) mod minify;
pub(crate) mod opendata;
pub(crate) mod output;
pub(crate) mod pages;
mod paginate;
pub(crate) mod photos;
pub(crate) mod redirects;
pub(crate) mod search;
pub(crate) mod sitemap;
pub(crate) mod taxonomies;
pub(crate) mod templates;
mod values;

pub(crate) use bodies::MarkdownCache;
pub(crate) use cache::RenderCache;
pub(crate) use output::{FileData, OutFile};

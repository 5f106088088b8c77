//! What the model stage of a long-running process (`minhbach serve`) keeps between builds.

use crate::config::AwardForms;
use crate::model::cache::PerSource;
use crate::model::gather::Parsed;
use crate::model::privacy::PrivacyCache;

/// What the model stage of a long-running process (`minhbach serve`) keeps between builds:
/// the typed records and the privacy findings of the files that did not change.
#[derive(Default)]
pub struct ModelCache {
    /// Records read from unchanged files, valid under the same settings (strictness, forms).
    pub(crate) records: PerSource<(bool, AwardForms), Parsed>,
    /// Privacy findings of unchanged files.
    pub(crate) privacy: PrivacyCache,
}

impl std::fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelCache").finish_non_exhaustive()
    }
}

//! Places (`locality:`): hamlet, commune, district, province, and the line shown.

use serde::Serialize;

use crate::read::fields::MapReader;

/// A place down to thôn/ấp.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Locality {
    /// Thôn, ấp, khu phố.
    pub(crate) hamlet: Option<String>,
    /// Xã, phường.
    pub(crate) commune: Option<String>,
    /// Huyện (historical after 1/7/2025).
    pub(crate) district: Option<String>,
    /// Tỉnh.
    pub(crate) province: Option<String>,
    /// All parts joined (`ấp 3, xã Tân Tiến, tỉnh Bình Phước`), followed by
    /// `(nay thuộc tỉnh Đồng Nai)` when `organizations` lists the province with a successor.
    pub(crate) display: String,
    /// The province today, after a reorganisation (filled by `model::orgs`).
    pub(crate) province_now: Option<String>,
}

impl Locality {
    /// Reads `locality:` (a mapping, or one line of text kept as the commune).
    pub(crate) fn read(r: &mut MapReader<'_, '_>, key: &'static str) -> Locality {
        let Some(n) = r.node(key) else { return Locality::default() };
        if let Some(s) = n.as_text() {
            return Locality { commune: Some(s.clone()), display: s, ..Locality::default() };
        }
        let file = r.file();
        let Some(mut lr) = MapReader::new(n, file, "locality", r.diags()) else {
            return Locality::default();
        };
        let mut l = Locality {
            hamlet: lr.text("hamlet"),
            commune: lr.text("commune"),
            district: lr.text("district"),
            province: lr.text("province"),
            display: String::new(),
            province_now: None,
        };
        lr.finish();
        l.display = [&l.hamlet, &l.commune, &l.district, &l.province]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        l
    }
}

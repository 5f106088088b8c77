//! The order records are listed in: documents and decisions newest first, campaigns by period,
//! exemplars by Vietnamese name order, pages and sections by path.

use rayon::prelude::*;

use crate::model::site::Site;
use crate::vi;

pub(crate) fn newest_first(
    a: Option<vi::PartialDate>,
    b: Option<vi::PartialDate>,
) -> std::cmp::Ordering {
    b.cmp(&a)
}

pub(crate) fn sort(site: &mut Site) {
    site.documents.sort_by(|a, b| {
        newest_first(a.meta.sort_date, b.meta.sort_date).then_with(|| a.id.cmp(&b.id))
    });
    site.decisions.sort_by(|a, b| {
        newest_first(a.meta.sort_date, b.meta.sort_date).then_with(|| a.id.cmp(&b.id))
    });
    site.campaigns.sort_by(|a, b| b.from.cmp(&a.from).then_with(|| a.id.cmp(&b.id)));
    sort_by_index(&mut site.exemplars, |(_, a), (_, b)| {
        a.sort_key.cmp(&b.sort_key).then_with(|| a.id.cmp(&b.id))
    });
    for e in &mut site.exemplars {
        e.awards
            .sort_by(|a, b| a.date.as_ref().map(|d| &d.iso).cmp(&b.date.as_ref().map(|d| &d.iso)));
    }
    sort_by_index(&mut site.pages, |(_, a), (_, b)| a.meta.url.cmp(&b.meta.url));
    site.sections.sort_by(|a, b| a.meta.url.cmp(&b.meta.url));
}

/// Sorts `v` (stable) by comparing (position, element) pairs, then moves each element once:
/// records are large, and a comparison sort would move them many times.
fn sort_by_index<T: Send + Sync>(
    v: &mut Vec<T>,
    cmp: impl Fn((usize, &T), (usize, &T)) -> std::cmp::Ordering + Sync,
) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.par_sort_by(|&a, &b| cmp((a, &v[a]), (b, &v[b])));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

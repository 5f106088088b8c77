//! Pagination of listings: the pages of a listing (`/x/`, `/x/trang/2/`, …) and their navigation.

use serde::Serialize;
use tera::Value;

use super::links::page_url;

/// A paginated listing page.
#[derive(Serialize)]
pub(crate) struct Paginator {
    pub(crate) current: usize,
    total: usize,
    total_items: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
    items: Vec<Value>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    /// Pages were skipped before this one ("…").
    gap: bool,
}

/// The pages of a listing at `base` (`base`, `base/trang/2/`, …) holding `items`, `per` to a
/// page (always at least one page, empty for an empty listing). `items` may be empty while
/// `total_items` counts rows the template gets otherwise (the fund ledgers).
pub(crate) fn paginate(
    base: &str,
    items: Vec<Value>,
    total_items: usize,
    per: usize,
) -> impl Iterator<Item = (String, Paginator)> + '_ {
    let total = total_items.div_ceil(per).max(1);
    let mut chunks = items.into_iter();
    (1..=total).map(move |n| {
        let page_items: Vec<Value> = chunks.by_ref().take(per).collect();
        let pg = Paginator {
            current: n,
            total,
            total_items,
            prev: (n > 1).then(|| page_url(base, n - 1)),
            next: (n < total).then(|| page_url(base, n + 1)),
            pages: window(n, total, base),
            items: page_items,
        };
        (page_url(base, n), pg)
    })
}

/// Links to the first, last and nearby pages only, so a listing of 500 pages does not carry 500
/// links on each of its pages.
fn window(current: usize, total: usize, base: &str) -> Vec<PageLink> {
    let mut out: Vec<PageLink> = Vec::new();
    let mut last = 0;
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(current) <= 2 {
            out.push(PageLink { number: k, url: page_url(base, k), gap: last + 1 != k });
            last = k;
        }
    }
    out
}

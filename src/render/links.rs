//! Output paths and links: a URL's output file, listing page URLs, the offline copy's relative links, XML escaping.

/// The output file of a site path: `/van-ban/a/` -> `van-ban/a/index.html`; `.html` and `.xml`
/// paths as they are.
pub(crate) fn out_path(url: &str) -> String {
    let u = url.trim_start_matches('/');
    if u.ends_with(".html") || u.ends_with(".xml") {
        u.to_string()
    } else {
        format!("{u}index.html")
    }
}

/// The site path of page `n` of the listing at `base` (`base` itself for the first).
pub(crate) fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}trang/{n}/") }
}

/// A link from the output file `from_out` to the site path `to_url`, relative (offline copy).
pub(crate) fn relative_target(from_out: &str, to_url: &str) -> String {
    let depth = from_out.matches('/').count();
    let mut s = "../".repeat(depth);
    s.push_str(&out_path(to_url));
    s
}

/// Rewrites site links in `html` (written for `base_path`) to relative links ending in
/// `index.html`, for a copy opened from disk.
pub(crate) fn relativize(html: &str, out: &str, base_path: &str) -> String {
    let depth = out.matches('/').count();
    let up = "../".repeat(depth);
    let mut result = String::with_capacity(html.len() + 1024);
    let attrs = ["href=\"", "src=\"", "action=\""];
    // The next place of each attribute, searched again only once `pos` has passed it: each
    // attribute is searched for once over the whole page (linear, however many links; finding
    // all three afresh after every link was quadratic when one of them never occurs).
    let mut next: [Option<usize>; 3] = attrs.map(|a| html.find(a));
    let mut pos = 0;
    loop {
        for (k, a) in attrs.iter().enumerate() {
            if next[k].is_some_and(|i| i < pos) {
                next[k] = html[pos..].find(a).map(|i| i + pos);
            }
        }
        let found = (0..3).filter_map(|k| next[k].map(|i| (i, attrs[k].len()))).min();
        let Some((i, alen)) = found else {
            result.push_str(&html[pos..]);
            break;
        };
        let start = i + alen;
        result.push_str(&html[pos..start]);
        let rest = &html[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let val = &rest[..end];
        if val.starts_with(base_path) && !val.starts_with("//") {
            let inner = &val[base_path.len()..];
            let (path, frag) = match inner.find(['#', '?']) {
                Some(k) => (&inner[..k], &inner[k..]),
                None => (inner, ""),
            };
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            result.push_str(&up);
            result.push_str(&file);
            result.push_str(frag);
        } else {
            result.push_str(val);
        }
        pos = start + end;
    }
    result
}

/// Unique HTML ids for one page: the first `base` is `base`, the next `base-2`, `base-3`…,
/// never one already given (a heading "Mục 2" after two "Mục"). Linear in the number of ids:
/// each base remembers its next number (looking for a free one from 2 every time made 5 000
/// identical headings take 55 s).
#[derive(Default)]
pub(crate) struct UniqueIds {
    used: rustc_hash::FxHashSet<String>,
    next: rustc_hash::FxHashMap<String, usize>,
}

impl UniqueIds {
    /// A new id from `base`, not given before on this page.
    pub(crate) fn unique(&mut self, base: String) -> String {
        let mut candidate = base.clone();
        if self.used.contains(&candidate) {
            let n = self.next.entry(base.clone()).or_insert(2);
            loop {
                candidate = format!("{base}-{n}");
                *n += 1;
                if !self.used.contains(&candidate) {
                    break;
                }
            }
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Escapes text for XML.
pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_links_are_relative_and_end_in_index_html() {
        let h = "<a href=\"/van-ban/x/\">x</a><a href=\"/#top\">t</a><link href=\"/style.css\"><a href=\"https://a.vn/\">e</a>";
        let r = relativize(h, "van-ban/x/index.html", "/");
        assert_eq!(
            r,
            "<a href=\"../../van-ban/x/index.html\">x</a><a href=\"../../index.html#top\">t</a><link href=\"../../style.css\"><a href=\"https://a.vn/\">e</a>"
        );
        let r = relativize("<a href=\"/thi-dua/van-ban/\">", "index.html", "/thi-dua/");
        assert_eq!(r, "<a href=\"van-ban/index.html\">");
    }

    #[test]
    fn ids_are_unique_even_against_numbered_ones() {
        let mut ids = UniqueIds::default();
        let got: Vec<String> = ["muc", "muc", "muc-2", "muc", "muc-3"]
            .iter()
            .map(|b| ids.unique(b.to_string()))
            .collect();
        assert_eq!(got, ["muc", "muc-2", "muc-2-2", "muc-3", "muc-3-2"]);
    }

    /// Issue 16, class 5: 20 000 links in a page without any `action=` (which made every link
    /// search the rest of the page again) are all rewritten.
    #[test]
    fn many_links_are_all_relativized() {
        let h = "<a href=\"/a/\">a</a><img src=\"/b.png\">".repeat(20_000);
        let r = relativize(&h, "x/index.html", "/");
        assert_eq!(r.matches("href=\"../a/index.html\"").count(), 20_000);
        assert_eq!(r.matches("src=\"../b.png\"").count(), 20_000);
    }

    #[test]
    fn output_paths() {
        assert_eq!(out_path("/"), "index.html");
        assert_eq!(out_path("/van-ban/a/"), "van-ban/a/index.html");
        assert_eq!(out_path("/404.html"), "404.html");
        assert_eq!(out_path("/van-ban/atom.xml"), "van-ban/atom.xml");
        assert_eq!(page_url("/van-ban/", 3), "/van-ban/trang/3/");
    }
}

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
/// `index.html`, for a copy opened from disk: `href`, `src`, `action`, and each address of a
/// `srcset` (a photo's widths).
pub(crate) fn relativize(html: &str, out: &str, base_path: &str) -> String {
    let depth = out.matches('/').count();
    let up = "../".repeat(depth);
    let mut result = String::with_capacity(html.len() + 1024);
    let attrs = ["href=\"", "src=\"", "action=\"", "srcset=\""];
    // The next place of each attribute, searched again only once `pos` has passed it: each
    // attribute is searched for once over the whole page (linear, however many links; finding
    // all of them afresh after every link was quadratic when one of them never occurs).
    let mut next: [Option<usize>; 4] = attrs.map(|a| html.find(a));
    let mut pos = 0;
    loop {
        for (k, a) in attrs.iter().enumerate() {
            if next[k].is_some_and(|i| i < pos) {
                next[k] = html[pos..].find(a).map(|i| i + pos);
            }
        }
        let found = (0..4).filter_map(|k| next[k].map(|i| (i, k))).min();
        let Some((i, k)) = found else {
            result.push_str(&html[pos..]);
            break;
        };
        let start = i + attrs[k].len();
        result.push_str(&html[pos..start]);
        let rest = &html[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let val = &rest[..end];
        if k == 3 {
            for (n, candidate) in val.split(',').enumerate() {
                let candidate = candidate.trim();
                let (url, descriptor) = candidate.split_once(' ').unwrap_or((candidate, ""));
                if n > 0 {
                    result.push_str(", ");
                }
                relative_one(&mut result, url, base_path, &up);
                if !descriptor.is_empty() {
                    result.push(' ');
                    result.push_str(descriptor.trim());
                }
            }
        } else {
            relative_one(&mut result, val, base_path, &up);
        }
        pos = start + end;
    }
    result
}

/// Writes `val` relative (`up` leads to the output root) when it is a site link, else as it is.
fn relative_one(result: &mut String, val: &str, base_path: &str, up: &str) {
    if val.starts_with(base_path) && !val.starts_with("//") {
        let inner = &val[base_path.len()..];
        let (path, frag) = match inner.find(['#', '?']) {
            Some(k) => (&inner[..k], &inner[k..]),
            None => (inner, ""),
        };
        result.push_str(up);
        if path.is_empty() || path.ends_with('/') {
            result.push_str(path);
            result.push_str("index.html");
        } else {
            result.push_str(path);
        }
        result.push_str(frag);
    } else {
        result.push_str(val);
    }
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
        // A photo's widths: every address of `srcset` (issue 18: they stayed absolute and the
        // offline copy showed no photo).
        let r = relativize(
            "<source srcset=\"/anh/a-360w.webp 360w, /anh/a-720w.webp 720w\"><img src=\"/anh/a-720w.jpg\">",
            "tin-tuc/x/index.html",
            "/",
        );
        assert_eq!(
            r,
            "<source srcset=\"../../anh/a-360w.webp 360w, ../../anh/a-720w.webp 720w\"><img src=\"../../anh/a-720w.jpg\">"
        );
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

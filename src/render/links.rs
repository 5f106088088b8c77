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
    let mut rest = html;
    let attrs = ["href=\"", "src=\"", "action=\""];
    loop {
        let next = attrs.iter().filter_map(|a| rest.find(a).map(|i| (i, a.len()))).min();
        let Some((i, alen)) = next else {
            result.push_str(rest);
            break;
        };
        let start = i + alen;
        result.push_str(&rest[..start]);
        rest = &rest[start..];
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
        rest = &rest[end..];
    }
    result
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
    fn output_paths() {
        assert_eq!(out_path("/"), "index.html");
        assert_eq!(out_path("/van-ban/a/"), "van-ban/a/index.html");
        assert_eq!(out_path("/404.html"), "404.html");
        assert_eq!(out_path("/van-ban/atom.xml"), "van-ban/atom.xml");
        assert_eq!(page_url("/van-ban/", 3), "/van-ban/trang/3/");
    }
}

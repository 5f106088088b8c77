//! Page step for taxonomies: each taxonomy's list of terms (tags, categories) and every term's page.

use super::context::Run;
use super::jobs;
use super::output::RenderFailure;
use super::values::value;

/// The page of each taxonomy that has terms, and the page of each term.
pub(crate) fn taxonomies<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let mut list = Vec::new();
    for (root_url, title, terms) in r.site.taxonomies() {
        if terms.is_empty() || !r.wanted_under(root_url) {
            continue;
        }
        list.push(jobs::job(
            r,
            root_url,
            "taxonomy.html",
            "taxonomy",
            None,
            vec![("terms", value(terms)), ("taxonomy_title", value(title))],
        ));
        for t in terms {
            list.push(jobs::job(
                r,
                &t.url,
                "term.html",
                "term",
                None,
                vec![
                    ("term", value(t)),
                    ("taxonomy_title", value(title)),
                    ("taxonomy_url", value(root_url)),
                ],
            ));
        }
    }
    jobs::render(r, list);
    Ok(())
}

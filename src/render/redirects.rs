//! Site-wide step for redirects: a small page at each alias of a record, pointing to the record.

use super::context::Run;
use super::links::{out_path, relative_target, xml_escape};
use super::output::{FileData, Origin, OutFile, RenderFailure};
use super::values::all_metas;

/// A redirect page at every alias.
pub(crate) fn redirects<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let offline = r.opts.offline;
    let mut files = Vec::new();
    for m in all_metas(r.site) {
        for a in &m.aliases {
            let out = out_path(a);
            let target =
                if offline { relative_target(&out, &m.url) } else { r.config.link(&m.url) };
            let html = redirect_page(&target, &m.title);
            let origin = Origin::Alias { file: m.source.clone(), pos: m.pos, alias: a.clone() };
            files.push((OutFile { path: out, data: FileData::Bytes(html.into_bytes()) }, origin));
        }
    }
    r.emit_all(files)
}

fn redirect_page(target: &str, title: &str) -> String {
    let t = xml_escape(target);
    let title = xml_escape(title);
    format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Đã chuyển: {title}</title>\
<link rel=\"canonical\" href=\"{t}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head>\
<body><p>Trang này đã chuyển tới <a href=\"{t}\">{title}</a>.</p></body></html>\n"
    )
}

//! Organisations with validity dates and successors, as `site.yaml` lists them (`organizations`).
//!
//! Read here, with the chain checks that need only `site.yaml` (a successor names another
//! entry, chains end); the model applies them to documents (`model::orgs`).

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::read::fields::MapReader;
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

/// An organisation that issues documents or awards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Org {
    /// Stable id (default: slug of the name).
    pub id: String,
    /// Full name as written on documents.
    pub name: String,
    /// Short name (`UBND tỉnh Bình Phước`).
    pub short: Option<String>,
    /// Other spellings found on documents.
    pub aliases: Vec<String>,
    /// First day (ISO, may be partial).
    pub valid_from: Option<String>,
    /// Last day (ISO, may be partial).
    pub valid_to: Option<String>,
    /// Id of the body that took over.
    pub successor: Option<String>,
    /// Free note (the act that reorganised it).
    pub note: Option<String>,
    /// Parsed `valid_from`.
    #[serde(skip)]
    pub from: Option<PartialDate>,
    /// Parsed `valid_to`.
    #[serde(skip)]
    pub to: Option<PartialDate>,
    /// Where it is in `site.yaml`.
    #[serde(skip)]
    pub pos: Pos,
}

/// Reads `organizations:` of `site.yaml`. Successors must name another entry; chains must end.
pub(crate) fn read(list: &[Node], file: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Org> {
    let mut out: Vec<Org> = Vec::new();
    let mut succ_pos: Vec<Pos> = Vec::new();
    for n in list {
        let Some(mut r) = MapReader::new(n, file, "organizations", diags) else { continue };
        let name = r.req_text("name", "Ủy ban nhân dân tỉnh Bình Phước");
        let id = r.id("id");
        let short = r.text("short");
        let aliases = r.text_list("aliases");
        let from = r.date("valid_from");
        let to = r.date("valid_to");
        let succ_node = r.node("successor");
        let successor = r.text("successor");
        let note = r.text("note");
        r.finish();
        let Some(name) = name else { continue };
        if let (Some(a), Some(b)) = (from, to)
            && b.surely_before(a)
        {
            let (x, y) = (a.short_vi(), b.short_vi());
            diags.push(Diagnostic::error(
                "bad-organization",
                file,
                n.get("valid_to").map(|x| x.pos).unwrap_or(n.pos),
                t!(
                    "`valid_to` ({y}) sớm hơn `valid_from` ({x}) của {name}",
                    "`valid_to` ({y}) is before `valid_from` ({x}) of {name}"
                ),
            ));
        }
        out.push(Org {
            id: id.map(|s| vi::slugify(&s)).unwrap_or_else(|| vi::slugify(&name)),
            name,
            short,
            aliases,
            valid_from: from.map(|d| d.iso()),
            valid_to: to.map(|d| d.iso()),
            successor: successor.map(|s| vi::slugify(&s)),
            note,
            from,
            to,
            pos: n.pos,
        });
        succ_pos.push(succ_node.map(|x| x.pos).unwrap_or(n.pos));
    }
    let ids: HashMap<String, usize> =
        out.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
    let mut bad: Vec<usize> = Vec::new();
    for (i, o) in out.iter().enumerate() {
        if ids.get(o.id.as_str()) != Some(&i) {
            let id = &o.id;
            diags.push(Diagnostic::error(
                "bad-organization",
                file,
                o.pos,
                t!("mã tổ chức `{id}` bị trùng", "organisation id `{id}` repeats"),
            ));
        }
        let Some(s) = &o.successor else { continue };
        if !ids.contains_key(s.as_str()) || s == &o.id {
            let list = out.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ");
            diags.push(
                Diagnostic::error(
                    "bad-organization",
                    file,
                    succ_pos[i],
                    t!(
                        "`successor: {s}` không phải mã của một tổ chức khác trong `organizations`",
                        "`successor: {s}` is not the id of another entry of `organizations`"
                    ),
                )
                .with_hint(t!(
                    "thêm tổ chức kế nhiệm vào danh sách, hoặc dùng một mã có sẵn: {list}",
                    "add the successor to the list, or use an existing id: {list}"
                )),
            );
            bad.push(i);
        }
    }
    for i in bad {
        out[i].successor = None;
    }
    // A chain must end: cut the first link that closes a loop.
    for i in 0..out.len() {
        let mut seen = vec![i];
        let mut cur = i;
        while let Some(s) = out[cur].successor.clone() {
            let Some(&j) = ids.get(s.as_str()) else { break };
            if seen.contains(&j) {
                let name = out[cur].name.clone();
                diags.push(Diagnostic::error(
                    "bad-organization",
                    file,
                    succ_pos[cur],
                    t!(
                        "chuỗi tổ chức kế nhiệm của {name} quay vòng",
                        "the successor chain of {name} loops"
                    ),
                ));
                out[cur].successor = None;
                break;
            }
            seen.push(j);
            cur = j;
        }
    }
    out
}

//! The implementation chain of documents as a tree on each of their pages: `implements`
//! upwards to the root, then every document carrying it out.

use std::collections::{HashMap, HashSet};

use crate::model::common::Link;
use crate::model::records::{Document, TreeItem};
use crate::model::site::Site;

/// Fills each document's implementation tree (`implements` upwards to the root, then every
/// document carrying it out), so the chain QĐ 666/QĐ-TTg → 263/KH-UBND → a department plan
/// reads as a tree on each of its pages.
pub(crate) fn implementation_trees(site: &mut Site) {
    let n = site.documents.len();
    let by_url: HashMap<&str, usize> =
        site.documents.iter().enumerate().map(|(i, d)| (d.meta.url.as_str(), i)).collect();
    let parent: Vec<Option<usize>> = site
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.implements_link
                .as_ref()
                .and_then(|l| by_url.get(l.url.as_str()).copied())
                .filter(|&p| p != i)
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    for c in &mut children {
        c.sort_by(|&a, &b| {
            let (x, y) = (&site.documents[a], &site.documents[b]);
            x.meta.sort_date.cmp(&y.meta.sort_date).then_with(|| x.id.cmp(&y.id))
        });
    }
    let root_of = |mut i: usize| {
        let mut steps = 0;
        while let Some(p) = parent[i] {
            i = p;
            steps += 1;
            if steps > n {
                break; // a cycle: stop anywhere
            }
        }
        i
    };
    let link = |d: &Document| Link {
        title: d.meta.title.clone(),
        url: d.meta.url.clone(),
        note: Some(
            [
                Some(d.reference())
                    .filter(|_| d.number.as_ref().is_none_or(|n| n.number.is_none())),
                Some(d.type_name.clone())
                    .filter(|_| d.number.as_ref().is_some_and(|n| n.number.is_some())),
                d.number.as_ref().filter(|n| n.number.is_some()).map(|x| x.display()),
                d.meta.date.as_ref().map(|x| x.short.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        ),
    };
    // One depth-first walk per tree, shared by every member.
    let mut trees: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    let mut out: Vec<Vec<TreeItem>> = vec![Vec::new(); n];
    for i in 0..n {
        if parent[i].is_none() && children[i].is_empty() {
            continue;
        }
        let root = root_of(i);
        let walk = trees.entry(root).or_insert_with(|| {
            let mut v = Vec::new();
            let mut stack = vec![(root, 0usize)];
            let mut visited = HashSet::new();
            while let Some((x, depth)) = stack.pop() {
                if !visited.insert(x) {
                    continue;
                }
                v.push((x, depth));
                for &c in children[x].iter().rev() {
                    stack.push((c, depth + 1));
                }
            }
            v
        });
        let items: Vec<TreeItem> = walk
            .iter()
            .enumerate()
            .map(|(k, &(x, depth))| {
                let next = walk.get(k + 1).map(|&(_, d)| d).unwrap_or(0);
                TreeItem {
                    link: link(&site.documents[x]),
                    depth,
                    current: x == i,
                    nest: next > depth,
                    close: vec![0; depth.saturating_sub(next)],
                }
            })
            .collect();
        out[i] = items;
    }
    for (d, t) in site.documents.iter_mut().zip(out) {
        d.tree = t;
    }
}

//! A fund period read from its YAML file and the CSV ledgers it names: the period header,
//! the receipts and disbursements row by row, the totals; then the checks of `checks`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::checks;
use super::rows::{
    DISBURSEMENT_FIELDS, RECEIPT_FIELDS, Row, amount_cell, bad_choice, code_of, csv_rows,
    date_cell, origin, truthy, yaml_rows,
};
use super::types::*;
use crate::config::FundConfig;
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::records::DateView;
use crate::read::fields::MapReader;
use crate::read::yaml::{Node, node_to_json};
use crate::t;
use crate::vi::{self, PartialDate};

/// A ledger row, where it starts and the file it is in.
type Located = (Row, Pos, PathBuf);

/// What a period file says besides its rows.
struct Header<'a> {
    front: &'a Node,
    fund: String,
    level: String,
    id: Option<String>,
    from: Option<PartialDate>,
    to: Option<PartialDate>,
    opening: Option<i64>,
    closing: Option<i64>,
    opening_pos: Pos,
    closing_pos: Pos,
    receipt_nodes: &'a [Node],
    disbursement_nodes: &'a [Node],
    receipts_csv: Vec<String>,
    disbursements_csv: Vec<String>,
    stated_receipts: Option<i64>,
    stated_disbursements: Option<i64>,
    stated_categories: Option<&'a Node>,
    note: Option<String>,
    source_doc: Option<PeriodSource>,
    extra: serde_json::Value,
    official: Option<Official>,
}

/// Reads every fund period and the CSV ledgers they name; checks each period's sums and the
/// chain of periods. Periods come out sorted by fund, then start.
pub(crate) fn read_fund(
    periods: &[&Source],
    csvs: &HashMap<PathBuf, &Source>,
    fund_root: &str,
    cfg: &FundConfig,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Period> {
    let mut out = Vec::new();
    // Receipt numbers per fund: (fund, number) -> first `file:line`.
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    let mut used_csv: Vec<PathBuf> = Vec::new();
    for src in periods {
        let Some(h) = read_header(src, diags) else { continue };
        let (rec_rows, dis_rows) = ledger_rows(src, &h, csvs, &mut used_csv, diags);
        let mut receipts = receipts(&rec_rows, cfg, diags);
        let mut disbursements = disbursements(&dis_rows, diags);
        checks::check_rows(&h.fund, (h.from, h.to), &receipts, &disbursements, &mut seen, diags);
        receipts.sort_by(|a, b| {
            a.sort_date.cmp(&b.sort_date).then_with(|| a.receipt_no.cmp(&b.receipt_no))
        });
        disbursements.sort_by(|a, b| {
            a.sort_date.cmp(&b.sort_date).then_with(|| a.category.cmp(&b.category))
        });
        out.push(period(src, h, receipts, disbursements, fund_root, diags));
    }
    checks::check_unused_csvs(csvs, &used_csv, diags);
    out.sort_by(|a, b| (a.fund.as_str(), a.bounds.0).cmp(&(b.fund.as_str(), b.bounds.0)));
    checks::check_chain(&out, diags);
    out
}

/// `source: { number, url }`: the report the period publishes.
fn read_source(r: &mut MapReader<'_, '_>) -> Option<PeriodSource> {
    let file = r.file();
    let n = r.map("source")?;
    let mut sr = MapReader::new(n, file, "source", r.diags())?;
    let s = PeriodSource { number: sr.text("number"), url: sr.url("url") };
    sr.finish();
    Some(s)
}

/// `official: { by, reason }`, both required.
fn read_official(r: &mut MapReader<'_, '_>) -> Option<Official> {
    let file = r.file();
    let n = r.map("official")?;
    let mut or = MapReader::new(n, file, "official", r.diags())?;
    let by = or.req_text("by", "Báo cáo quyết toán số 05/BC-QVNN ngày 10/1/2025");
    let reason = or.req_text("reason", "công bố đúng số liệu trong báo cáo đã ký");
    or.finish();
    Some(Official { by: by?, reason: reason? })
}

/// The period file's keys other than its rows; `None` when it is not a mapping.
fn read_header<'a>(src: &'a Source, diags: &mut Vec<Diagnostic>) -> Option<Header<'a>> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "quỹ / fund period", diags)?;
    let fund = r.req_text("fund", "Quỹ \"Vì người nghèo\" tỉnh").unwrap_or_default();
    let level_node = r.node("level");
    let level = level_node.and_then(Node::as_text);
    let (mut id, mut from, mut to) = (None, None, None);
    if let Some(p) = r.map("period") {
        if let Some(mut pr) = MapReader::new(p, file, "period", r.diags()) {
            id = pr.id("id");
            from = pr.date("from");
            to = pr.date("to");
            pr.finish();
        }
    } else {
        r.report(
            Diagnostic::error(
                "missing-key",
                file,
                front.pos_of("period"),
                t!("thiếu `period` (kỳ báo cáo)", "`period` is missing"),
            )
            .with_hint(t!(
                "thêm `period: {{ id: 2024, from: 2024-01-01, to: 2024-12-31 }}`",
                "add `period: {{ id: 2024, from: 2024-01-01, to: 2024-12-31 }}`"
            )),
        );
    }
    let opening_pos = front.pos_of("opening");
    let closing_pos = front.pos_of("closing");
    // A blank balance is a missing one, never a zero.
    r.require("opening", "1000000");
    r.require("closing", "1034567");
    let opening = r.amount("opening");
    let closing = r.amount("closing");
    let receipt_nodes = r.list("receipts");
    let disbursement_nodes = r.list("disbursements");
    let receipts_csv = r.text_list("receipts_csv");
    let disbursements_csv = r.text_list("disbursements_csv");
    let stated_receipts = r.amount("total_receipts");
    let stated_disbursements = r.amount("total_disbursements");
    let stated_categories = r.map("category_totals");
    let note = r.text("note");
    let source_doc = read_source(&mut r);
    let extra = r.node("extra").map(node_to_json).unwrap_or_default();
    let official = read_official(&mut r);
    r.finish();
    let level = match level {
        Some(l) => match code_of(&l, LEVELS) {
            Some((_, label)) => label.to_string(),
            None => {
                let pos = level_node.map(|n| n.pos).unwrap_or_default();
                diags.push(bad_choice(file, pos, "level", &l, LEVELS));
                l
            }
        },
        None => String::new(),
    };
    Some(Header {
        front,
        fund,
        level,
        id,
        from,
        to,
        opening,
        closing,
        opening_pos,
        closing_pos,
        receipt_nodes,
        disbursement_nodes,
        receipts_csv,
        disbursements_csv,
        stated_receipts,
        stated_disbursements,
        stated_categories,
        note,
        source_doc,
        extra,
        official,
    })
}

/// The receipt and disbursement rows of a period: its YAML lists, then the CSV files it names
/// (each found next to the period file and recorded in `used_csv`).
fn ledger_rows(
    src: &Source,
    h: &Header<'_>,
    csvs: &HashMap<PathBuf, &Source>,
    used_csv: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Located>, Vec<Located>) {
    let file = &src.rel;
    let located = |rows: Vec<(Row, Pos)>| -> Vec<Located> {
        rows.into_iter().map(|(r, p)| (r, p, file.clone())).collect()
    };
    let mut rec_rows =
        located(yaml_rows(h.receipt_nodes, RECEIPT_FIELDS, file, "receipt", false, diags));
    let mut dis_rows = located(yaml_rows(
        h.disbursement_nodes,
        DISBURSEMENT_FIELDS,
        file,
        "disbursement",
        true,
        diags,
    ));
    for (names, fields, rows, refuse) in [
        (&h.receipts_csv, RECEIPT_FIELDS, &mut rec_rows, false),
        (&h.disbursements_csv, DISBURSEMENT_FIELDS, &mut dis_rows, true),
    ] {
        for name in names {
            let rel = src.content_rel.parent().unwrap_or(Path::new("")).join(name);
            match csvs.get(&rel) {
                Some(csv_src) => {
                    used_csv.push(rel.clone());
                    let text = csv_src.text.as_deref().unwrap_or("");
                    for (row, pos) in csv_rows(text, fields, &csv_src.rel, refuse, diags) {
                        rows.push((row, pos, csv_src.rel.clone()));
                    }
                }
                None => diags.push(
                    Diagnostic::error(
                        "missing-file",
                        file,
                        h.front.pos,
                        t!("không tìm thấy tệp CSV `{name}`", "CSV file `{name}` not found"),
                    )
                    .with_hint(t!(
                        "đặt tệp cạnh tệp này, trong cùng thư mục",
                        "put the file next to this one, in the same folder"
                    )),
                ),
            }
        }
    }
    (rec_rows, dis_rows)
}

/// A code cell read through its table (`None` when absent); an unknown code is reported and
/// kept as written.
fn label_cell(
    row: &Row,
    key: &str,
    table: &[(&'static str, &'static str)],
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match row.get(key) {
        Some((s, p)) => match code_of(s, table) {
            Some((_, l)) => l.to_string(),
            None => {
                diags.push(bad_choice(file, *p, key, s, table));
                s.clone()
            }
        },
        None => String::new(),
    }
}

/// The text of an optional cell.
fn cell(row: &Row, key: &str) -> Option<String> {
    row.get(key).map(|(s, _)| s.clone())
}

/// A row's source document (`source: { number, url }`, or the CSV columns `source_number`,
/// `source_url`), when it names one.
fn row_source(row: &Row) -> Option<PeriodSource> {
    let s = PeriodSource { number: cell(row, "source_number"), url: cell(row, "source_url") };
    (s.number.is_some() || s.url.is_some()).then_some(s)
}

/// The receipts of a period, in row order; a row without a date or an amount is left out.
fn receipts(rows: &[Located], cfg: &FundConfig, diags: &mut Vec<Diagnostic>) -> Vec<Receipt> {
    rows.iter().filter_map(|(row, pos, f)| receipt(row, *pos, f, cfg, diags)).collect()
}

fn receipt(
    row: &Row,
    pos: Pos,
    f: &Path,
    cfg: &FundConfig,
    diags: &mut Vec<Diagnostic>,
) -> Option<Receipt> {
    let date = date_cell(row, f, pos, diags);
    let amount = amount_cell(row, f, pos, diags);
    let anonymous = row.get("anonymous").and_then(|(s, _)| truthy(s)).unwrap_or(false);
    let donor = row.get("donor").map(|(s, _)| s.clone()).filter(|_| !anonymous);
    if donor.is_none() && !anonymous {
        diags.push(row.missing("donor", ("tên nhà hảo tâm", "donor's name"), f, pos).with_hint(
            t!(
                "ghi tên, hoặc `anonymous: true` nếu nhà hảo tâm xin giấu tên",
                "give the name, or `anonymous: true` when the donor asked to stay anonymous"
            ),
        ));
    }
    let donor_kind = label_cell(row, "donor_kind", DONOR_KINDS, f, diags);
    let channel = label_cell(row, "channel", CHANNELS, f, diags);
    let peak_month = match row.get("peak_month") {
        Some((s, p)) => truthy(s).unwrap_or_else(|| {
            diags.push(Diagnostic::error(
                "bad-value",
                f,
                *p,
                t!("`peak_month` phải là có/không (`{s}`)", "`peak_month` must be yes/no (`{s}`)"),
            ));
            false
        }),
        None => false,
    };
    let (date, amount) = (date?, amount?);
    if peak_month && !cfg.in_peak(&date) {
        let (ds, w) = (date.short_vi(), cfg.window_vi());
        diags.push(
            Diagnostic::error(
                "peak-outside-window",
                f,
                row.get("peak_month").map(|(_, p)| *p).unwrap_or(pos),
                t!(
                    "khoản thu ngày {ds} được ghi là Tháng cao điểm nhưng nằm ngoài thời gian cao điểm {w}",
                    "receipt of {ds} is tagged for the Tháng cao điểm but falls outside its window {w}"
                ),
            )
            .with_hint(t!(
                "bỏ đánh dấu `peak_month`, hoặc sửa ngày; thời gian cao điểm đặt ở `fund.peak_from`/`fund.peak_to` trong site.yaml",
                "drop the `peak_month` tag or fix the date; the window is `fund.peak_from`/`fund.peak_to` in site.yaml"
            )),
        );
    }
    let donor_label = match (&donor, anonymous) {
        (Some(d), false) => d.clone(),
        _ => ANONYMOUS_LABEL.to_string(),
    };
    let in_kind = channel == "Hiện vật (giá trị ước tính)";
    Some(Receipt {
        date: Some(date.into()),
        sort_date: Some(date),
        donor,
        anonymous,
        donor_label,
        in_kind,
        donor_kind,
        channel,
        amount,
        receipt_no: row.get("receipt_no").map(|(s, _)| s.clone()),
        purpose: row.get("purpose").map(|(s, _)| s.clone()),
        peak_month,
        note: cell(row, "note"),
        source_doc: row_source(row),
        origin: origin(f, pos),
    })
}

/// The disbursements of a period, in row order; a row without a date, an amount or a known
/// category is left out.
fn disbursements(rows: &[Located], diags: &mut Vec<Diagnostic>) -> Vec<Disbursement> {
    rows.iter().filter_map(|(row, pos, f)| disbursement(row, *pos, f, diags)).collect()
}

fn disbursement(
    row: &Row,
    pos: Pos,
    f: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Disbursement> {
    let date = date_cell(row, f, pos, diags);
    let amount = amount_cell(row, f, pos, diags);
    let cat = match row.get("category") {
        Some((s, p)) => match code_of(s, CATEGORIES) {
            Some(c) => Some(c),
            None => {
                diags.push(bad_choice(f, *p, "category", s, CATEGORIES));
                None
            }
        },
        None => {
            diags.push(row.missing("category", ("hạng mục", "category"), f, pos).with_hint(t!(
                "ghi mã hạng mục, ví dụ `category: hoc-bong`",
                "write the category's code, e.g. `category: hoc-bong`"
            )));
            None
        }
    };
    let count = match row.get("count") {
        Some((s, p)) => match s.trim().parse::<i64>() {
            Ok(c) if c >= 0 => Some(c),
            _ => {
                diags.push(Diagnostic::error(
                    "bad-value",
                    f,
                    *p,
                    t!(
                        "`count` phải là số nguyên không âm (`{s}`)",
                        "`count` must be a whole number (`{s}`)"
                    ),
                ));
                None
            }
        },
        None => None,
    };
    let (date, amount, (code, label)) = (date?, amount?, cat?);
    Some(Disbursement {
        date: Some(date.into()),
        sort_date: Some(date),
        category: code.into(),
        category_label: label.into(),
        count,
        amount,
        locality: row.get("locality").map(|(s, _)| s.clone()),
        decision: row.get("decision").map(|(s, _)| s.clone()),
        decision_url: None,
        note: cell(row, "note"),
        source_doc: row_source(row),
        origin: origin(f, pos),
    })
}

/// Disbursements summed by category, largest first, each with the amount `category_totals`
/// states for it (`stated`: by code); a stated category without rows is listed with 0.
fn by_category(
    disbursements: &[Disbursement],
    total: i64,
    stated: &[(&'static str, i64)],
) -> Vec<CategoryTotal> {
    let mut cats: BTreeMap<&str, (i64, i64, Option<i64>)> = BTreeMap::new();
    for d in disbursements {
        let e = cats.entry(d.category_label.as_str()).or_default();
        e.0 += d.amount;
        e.1 += d.count.unwrap_or(0);
    }
    for (code, amount) in stated {
        if let Some((_, label)) = CATEGORIES.iter().find(|(c, _)| c == code) {
            cats.entry(label).or_default().2 = Some(*amount);
        }
    }
    let mut by_category: Vec<CategoryTotal> = cats
        .into_iter()
        .map(|(label, (amount, count, stated))| CategoryTotal {
            label: label.to_string(),
            amount,
            count,
            share: if total > 0 { amount as f64 * 100.0 / total as f64 } else { 0.0 },
            stated,
        })
        .collect();
    by_category.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.label.cmp(&b.label)));
    by_category
}

/// The period with its totals, after checking them against what the file states and the
/// balance.
fn period(
    src: &Source,
    h: Header<'_>,
    receipts: Vec<Receipt>,
    disbursements: Vec<Disbursement>,
    fund_root: &str,
    diags: &mut Vec<Diagnostic>,
) -> Period {
    let file = &src.rel;
    let id = h.id.clone().unwrap_or_else(|| {
        src.content_rel.file_stem().and_then(|s| s.to_str()).unwrap_or("ky").to_string()
    });
    let id = vi::slugify(&id);
    let total_receipts: i64 = receipts.iter().map(|r| r.amount).sum();
    let total_disbursements: i64 = disbursements.iter().map(|d| d.amount).sum();
    let peak_receipts = receipts.iter().filter(|r| r.peak_month).map(|r| r.amount).sum();
    let (mut official_findings, stated_cats) = checks::check_stated_totals(
        file,
        h.front,
        (h.stated_receipts, h.stated_disbursements, h.stated_categories),
        (total_receipts, total_disbursements),
        &disbursements,
        h.official.as_ref(),
        diags,
    );
    let by_category = by_category(&disbursements, total_disbursements, &stated_cats);
    official_findings.extend(checks::check_balance(
        file,
        h.closing_pos,
        (h.opening, h.closing),
        (total_receipts, total_disbursements),
        h.official.as_ref(),
        diags,
    ));
    let computed_closing = h.opening.unwrap_or(0) + total_receipts - total_disbursements;
    Period {
        url: format!("/{}/{}/", fund_root.trim_matches('/'), id),
        id,
        fund: h.fund,
        level: h.level,
        from: h.from.map(DateView::from),
        to: h.to.map(DateView::from),
        bounds: (h.from, h.to),
        opening: h.opening.unwrap_or(0),
        closing: h.closing.unwrap_or(0),
        receipts,
        disbursements,
        total_receipts,
        total_disbursements,
        peak_receipts,
        by_category,
        source: src.rel.to_string_lossy().replace('\\', "/"),
        note: h.note,
        source_doc: h.source_doc,
        extra: h.extra,
        stated_receipts: h.stated_receipts,
        stated_disbursements: h.stated_disbursements,
        official_findings,
        closing_difference: h.closing.unwrap_or(0) - computed_closing,
        computed_closing,
        official: h.official,
        closing_pos: h.closing_pos,
        opening_pos: h.opening_pos,
    }
}

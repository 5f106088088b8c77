//! The fund's checks to the đồng: stated totals against the rows, the balance, receipt numbers
//! and dates inside their period, the chain of periods, CSV files no period uses.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::rows::{bad_choice, code_of};
use super::types::{CATEGORIES, Disbursement, Official, OfficialFinding, Period, Receipt};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::read::fields::amount_of;
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

/// What a period states besides its balances: `total_receipts`, `total_disbursements` and
/// `category_totals` (the node, checked here).
pub(super) type Stated<'a> = (Option<i64>, Option<i64>, Option<&'a Node>);

/// A stated figure and what the rows give, and where the figure is written.
struct Compared<'a> {
    key: &'a str,
    figure_vi: String,
    figure_en: String,
    stated: i64,
    computed: i64,
    pos: Pos,
}

/// Totals written in the period file (as on the paper report) against the rows' sums:
/// `total_receipts`, `total_disbursements`, and `category_totals` (each category, and their sum).
/// A difference is an error, unless the period declares its figures `official`: then it is a
/// warning naming the declaration and an [`OfficialFinding`] the page and open data publish.
/// Returns those findings and the stated category amounts by code.
pub(super) fn check_stated_totals(
    file: &Path,
    front: &Node,
    (st_rec, st_dis, st_cats): Stated<'_>,
    (total_receipts, total_disbursements): (i64, i64),
    disbursements: &[Disbursement],
    official: Option<&Official>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<OfficialFinding>, Vec<(&'static str, i64)>) {
    let pos_of = |k: &str| front.get(k).map(|n| n.pos).unwrap_or(front.pos);
    let mut compared = Vec::new();
    for (key, stated, computed, what_vi, what_en) in [
        ("total_receipts", st_rec, total_receipts, "tổng thu", "total receipts"),
        ("total_disbursements", st_dis, total_disbursements, "tổng chi", "total disbursements"),
    ] {
        if let Some(stated) = stated {
            compared.push(Compared {
                key,
                figure_vi: what_vi.into(),
                figure_en: what_en.into(),
                stated,
                computed,
                pos: pos_of(key),
            });
        }
    }
    let mut stated_cats = Vec::new();
    if let Some(cats) = st_cats {
        stated_cats = category_totals(file, cats, diags);
        for &(code, label, st, pos) in &stated_cats {
            let computed =
                disbursements.iter().filter(|d| d.category == code).map(|d| d.amount).sum();
            compared.push(Compared {
                key: "category_totals",
                figure_vi: format!("hạng mục \"{label}\""),
                figure_en: format!("category \"{label}\""),
                stated: st,
                computed,
                pos,
            });
        }
    }
    let mut findings = Vec::new();
    for c in &compared {
        if c.stated == c.computed {
            continue;
        }
        match official {
            Some(off) => {
                diags.push(official_warning(file, c, off));
                findings.push(OfficialFinding {
                    figure: c.figure_vi.clone(),
                    stated: c.stated,
                    computed: c.computed,
                    difference: c.stated - c.computed,
                });
            }
            None => diags.push(mismatch(file, c)),
        }
    }
    if let Some(cats) = st_cats
        && cats.entries().is_some()
    {
        let total = st_dis.unwrap_or(total_disbursements);
        let sum: i64 = stated_cats.iter().map(|c| c.2).sum();
        if sum != total {
            let codes: Vec<&str> = stated_cats.iter().map(|c| c.0).collect();
            match official {
                Some(off) => {
                    let c = Compared {
                        key: "category_totals",
                        figure_vi: "tổng các hạng mục chi".into(),
                        figure_en: "the category totals' sum".into(),
                        stated: sum,
                        computed: total,
                        pos: cats.pos,
                    };
                    diags.push(official_warning(file, &c, off));
                    findings.push(OfficialFinding {
                        figure: c.figure_vi,
                        stated: sum,
                        computed: total,
                        difference: sum - total,
                    });
                }
                None => diags.push(category_sum_mismatch(
                    file,
                    cats.pos,
                    sum,
                    total,
                    &codes,
                    disbursements,
                )),
            }
        }
    }
    (findings, stated_cats.into_iter().map(|(code, _, st, _)| (code, st)).collect())
}

/// A stated figure that differs from the rows, without an `official:` declaration.
fn mismatch(file: &Path, c: &Compared<'_>) -> Diagnostic {
    let (a, b, key) = (vi::format_vnd(c.stated), vi::format_vnd(c.computed), c.key);
    let (what_vi, what_en) = (&c.figure_vi, &c.figure_en);
    if key == "category_totals" {
        return Diagnostic::error(
            "category-total-mismatch",
            file,
            c.pos,
            t!(
                "{what_vi} ghi {a} nhưng các khoản chi của hạng mục cộng được {b}",
                "{what_en} says {a} but its disbursements add up to {b}"
            ),
        )
        .with_hint(t!(
            "đối chiếu hạng mục (`category`) của từng khoản chi; nếu báo cáo đã ký ghi đúng như vậy, khai báo `official: {{ by, reason }}`",
            "check the `category` of each disbursement; if the signed report says so, declare `official: {{ by, reason }}`"
        ));
    }
    Diagnostic::error(
        "total-mismatch",
        file,
        c.pos,
        t!(
            "{what_vi} ghi {a} nhưng cộng các dòng được {b}",
            "{what_en} says {a} but the rows add up to {b}"
        ),
    )
    .with_hint(t!(
        "tìm dòng thiếu hoặc nhập sai trước khi sửa `{key}`; nếu báo cáo đã ký ghi đúng như vậy, khai báo `official: {{ by, reason }}`",
        "look for a missing or mistyped row before changing `{key}`; if the signed report says so, declare `official: {{ by, reason }}`"
    ))
}

/// A stated figure published as signed under `official:` though the rows give another.
fn official_warning(file: &Path, c: &Compared<'_>, off: &Official) -> Diagnostic {
    let (a, b, by) = (vi::format_vnd(c.stated), vi::format_vnd(c.computed), &off.by);
    let d = vi::format_vnd((c.stated - c.computed).abs());
    let (what_vi, what_en) = (&c.figure_vi, &c.figure_en);
    Diagnostic::warning(
        "official-figure",
        file,
        c.pos,
        t!(
            "{what_vi} {a} được công bố đúng như `official: {by}` dù các dòng cho {b} (lệch {d}): trang và dữ liệu mở công bố cả hai số và khoản lệch",
            "{what_en} {a} is published as stated by `official: {by}` though the rows give {b} (off by {d}): the page and open data publish both figures and the difference"
        ),
    )
    .with_hint(t!(
        "đúng nếu báo cáo đã ký ghi như vậy; nếu là lỗi gõ, sửa `{}` hoặc các dòng thu chi và xóa `official`",
        "right if the signed report says so; if it is a typo, fix `{}` or the rows and delete `official`",
        c.key,
    ))
}

/// `category_totals` read: (code, label, stated amount, where), unknown categories and bad
/// amounts reported.
fn category_totals(
    file: &Path,
    cats: &Node,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(&'static str, &'static str, i64, Pos)> {
    let Some(entries) = cats.entries() else {
        diags.push(Diagnostic::error(
            "wrong-type",
            file,
            cats.pos,
            t!(
                "`category_totals` phải là bảng hạng mục: số tiền",
                "`category_totals` must map categories to amounts"
            ),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some((code, label)) = code_of(&k.name, CATEGORIES) else {
            diags.push(bad_choice(file, k.pos, "category_totals", &k.name, CATEGORIES));
            continue;
        };
        match amount_of(v) {
            Ok(a) => out.push((code, label, a, v.pos)),
            Err(e) => diags.push(e.into_diag(&k.name, v, file)),
        }
    }
    out
}

/// The stated categories do not add up to the total disbursements (`total`: as stated, else
/// as summed); the hint names the categories that have rows but no stated amount.
fn category_sum_mismatch(
    file: &Path,
    pos: Pos,
    sum: i64,
    total: i64,
    stated_codes: &[&str],
    disbursements: &[Disbursement],
) -> Diagnostic {
    let missing: Vec<&str> = CATEGORIES
        .iter()
        .filter(|(c, _)| {
            !stated_codes.contains(c) && disbursements.iter().any(|d| d.category == *c)
        })
        .map(|(c, _)| *c)
        .collect();
    let (a, b, m) = (vi::format_vnd(sum), vi::format_vnd(total), missing.join(", "));
    Diagnostic::error(
        "category-sum-mismatch",
        file,
        pos,
        t!(
            "cộng các hạng mục được {a}, khác tổng chi {b}",
            "the category totals add up to {a}, not the total disbursements {b}"
        ),
    )
    .with_hint(if missing.is_empty() {
        t!("kiểm tra lại số tiền từng hạng mục", "check each category's amount")
    } else {
        t!("thiếu hạng mục: {m}", "categories missing: {m}")
    })
}

pub(super) fn split_origin(o: &str) -> (PathBuf, u32) {
    match o.rsplit_once(':') {
        Some((f, l)) => (PathBuf::from(f), l.parse().unwrap_or(0)),
        None => (PathBuf::from(o), 0),
    }
}

pub(super) fn check_in_period(
    d: Option<PartialDate>,
    (from, to): (Option<PartialDate>, Option<PartialDate>),
    origin: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(d) = d else { return };
    let before = from.is_some_and(|f| d < f);
    let after = to.is_some_and(|t| d > t);
    if before || after {
        let (f, l) = split_origin(origin);
        let ds = d.short_vi();
        let range = format!(
            "{} – {}",
            from.map(|x| x.short_vi()).unwrap_or_default(),
            to.map(|x| x.short_vi()).unwrap_or_default()
        );
        diags.push(
            Diagnostic::error(
                "date-outside-period",
                &f,
                Pos::new(l, 0),
                t!("ngày {ds} nằm ngoài kỳ {range}", "date {ds} is outside the period {range}"),
            )
            .with_hint(t!(
                "chuyển dòng này sang tệp của kỳ đúng, hoặc sửa ngày",
                "move the row to the right period's file, or fix the date"
            )),
        );
    }
}

/// Opening + receipts − disbursements must equal the closing balance; under `official:` a
/// difference is a warning and the finding returned.
pub(super) fn check_balance(
    file: &Path,
    closing_pos: Pos,
    (opening, closing): (Option<i64>, Option<i64>),
    (total_receipts, total_disbursements): (i64, i64),
    official: Option<&Official>,
    diags: &mut Vec<Diagnostic>,
) -> Option<OfficialFinding> {
    let (Some(o), Some(c)) = (opening, closing) else { return None };
    let expected = o + total_receipts - total_disbursements;
    if expected == c {
        return None;
    }
    let diff = c - expected;
    let (fo, fr, fd, fe, fc, fdiff) = (
        vi::format_vnd(o),
        vi::format_vnd(total_receipts),
        vi::format_vnd(total_disbursements),
        vi::format_vnd(expected),
        vi::format_vnd(c),
        vi::format_vnd(diff.abs()),
    );
    if let Some(off) = official {
        let by = &off.by;
        diags.push(
            Diagnostic::warning(
                "official-figure",
                file,
                closing_pos,
                t!(
                    "số dư cuối kỳ {fc} được công bố đúng như `official: {by}` dù thu chi tính ra {fe} (đầu kỳ {fo} + thu {fr} − chi {fd}; lệch {fdiff}): trang và dữ liệu mở công bố cả hai số và khoản lệch",
                    "the closing balance {fc} is published as stated by `official: {by}` though the rows give {fe} (opening {fo} + receipts {fr} − disbursements {fd}; off by {fdiff}): the page and open data publish both figures and the difference"
                ),
            )
            .with_hint(t!(
                "đúng nếu báo cáo đã ký ghi như vậy; nếu là lỗi gõ, sửa `closing` hoặc các dòng thu chi và xóa `official`",
                "right if the signed report says so; if it is a typo, fix `closing` or the rows and delete `official`"
            )),
        );
        return Some(OfficialFinding {
            figure: "số dư cuối kỳ".into(),
            stated: c,
            computed: expected,
            difference: diff,
        });
    }
    diags.push(
        Diagnostic::error(
            "unbalanced",
            file,
            closing_pos,
            t!(
                "sổ quỹ không cân: đầu kỳ {fo} + thu {fr} − chi {fd} = {fe}, nhưng số dư cuối kỳ ghi {fc} (lệch {fdiff})",
                "the ledger does not balance: opening {fo} + receipts {fr} − disbursements {fd} = {fe}, but the closing balance says {fc} (off by {fdiff})"
            ),
        )
        .with_hint(t!(
            "kiểm tra các khoản thu, chi còn thiếu hoặc nhập sai; chỉ sửa `closing` khi chắc chắn số liệu thu chi đã đúng",
            "look for missing or mistyped rows; change `closing` only once the rows are right"
        )),
    );
    None
}

/// Receipts dated inside the period, each receipt number once per fund (`seen`: (fund,
/// number) -> first `file:line`, across the fund's periods); disbursements inside the period.
pub(super) fn check_rows(
    fund: &str,
    bounds: (Option<PartialDate>, Option<PartialDate>),
    receipts: &[Receipt],
    disbursements: &[Disbursement],
    seen: &mut HashMap<(String, String), String>,
    diags: &mut Vec<Diagnostic>,
) {
    for rc in receipts {
        check_in_period(rc.sort_date, bounds, &rc.origin, diags);
        if let Some(no) = &rc.receipt_no
            && let Some(first) = seen.get(&(fund.to_string(), no.clone())).cloned()
        {
            let (f, l) = split_origin(&rc.origin);
            diags.push(
                Diagnostic::error(
                    "duplicate-receipt",
                    &f,
                    Pos::new(l, 0),
                    t!(
                        "số phiếu thu `{no}` trùng với {first}",
                        "receipt number `{no}` repeats {first}"
                    ),
                )
                .with_hint(t!(
                    "mỗi phiếu thu có một số riêng: kiểm tra dòng nhập hai lần",
                    "each receipt has its own number: look for a row entered twice"
                )),
            );
        }
        if let Some(no) = &rc.receipt_no {
            seen.entry((fund.to_string(), no.clone())).or_insert_with(|| rc.origin.clone());
        }
    }
    for d in disbursements {
        check_in_period(d.sort_date, bounds, &d.origin, diags);
    }
}

/// CSV files in the fund's folders that no period lists.
pub(super) fn check_unused_csvs(
    csvs: &HashMap<PathBuf, &Source>,
    used_csv: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) {
    for (rel, src) in csvs {
        if !used_csv.contains(rel) {
            diags.push(
                Diagnostic::warning(
                    "unused-csv",
                    &src.rel,
                    Pos::default(),
                    t!(
                        "tệp CSV này không được kỳ quỹ nào dùng",
                        "no fund period uses this CSV file"
                    ),
                )
                .with_hint(t!(
                    "thêm tên tệp vào `receipts_csv:` hoặc `disbursements_csv:` của kỳ tương ứng",
                    "list it under `receipts_csv:` or `disbursements_csv:` of its period"
                )),
            );
        }
    }
}

/// Periods chain: each opens with the previous closing (per fund). `periods` are sorted by
/// fund, then start.
pub(super) fn check_chain(periods: &[Period], diags: &mut Vec<Diagnostic>) {
    for w in periods.windows(2) {
        let (prev, next) = (&w[0], &w[1]);
        if prev.fund == next.fund && prev.closing != next.opening {
            let (pc, no, pid) =
                (vi::format_vnd(prev.closing), vi::format_vnd(next.opening), prev.id.clone());
            diags.push(
                Diagnostic::error(
                    "opening-mismatch",
                    Path::new(&next.source),
                    next.opening_pos,
                    t!(
                        "số dư đầu kỳ {no} khác số dư cuối kỳ trước ({pid}: {pc})",
                        "opening balance {no} differs from the previous closing ({pid}: {pc})"
                    ),
                )
                .with_hint(t!(
                    "số dư đầu kỳ phải bằng số dư cuối kỳ liền trước",
                    "the opening balance must equal the previous period's closing"
                )),
            );
        }
    }
}

//! Fund pages: overview, one page per period with build-time SVG charts, ledgers paginated in several orders, named donors.
//!
//! Ledger rows are made once as HTML (each row appears in several orders) and handed to the
//! templates as `rows_html`, so 200 000 rows render in well under a second per order.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::context::Run;
use super::jobs;
use super::links::{UniqueIds, page_url, xml_escape as esc};
use super::output::RenderFailure;
use super::paginate::paginate;
use super::values::value;
use crate::config::Config;
use crate::model::fund::{CategoryTotal, Disbursement, Period, PeriodSource, Receipt};
use crate::model::{Site, fund_root};
use crate::vi;

/// A fund page to render: site path, template, `kind`, `page` and extra variables.
struct FundPage {
    url: String,
    template: &'static str,
    kind: &'static str,
    page: Option<Value>,
    extra: Vec<(&'static str, Value)>,
}

/// A link in a list of orders or ledgers.
#[derive(Serialize, Clone)]
struct OrderLink {
    title: String,
    url: String,
    current: bool,
}

/// One month's sums.
#[derive(Serialize, Clone)]
struct Month {
    /// `10/2024`.
    label: String,
    receipts: i64,
    disbursements: i64,
}

/// A locality's sums.
#[derive(Serialize, Clone)]
struct Locality {
    label: String,
    amount: i64,
    count: i64,
    share: f64,
}

/// A named donor with every gift, across periods.
#[derive(Serialize, Clone)]
struct Donor {
    name: String,
    anchor: String,
    kind: String,
    total: i64,
    gifts: usize,
    periods: Vec<(String, String, i64)>,
}

/// The Tháng cao điểm result of one period.
#[derive(Serialize, Clone)]
struct Peak {
    period: String,
    url: String,
    amount: i64,
    receipts: usize,
    share: f64,
}

/// A fund at a glance.
#[derive(Serialize, Clone)]
struct FundSummary {
    name: String,
    level: String,
    balance: i64,
    balance_date: Option<String>,
    year: i32,
    year_receipts: i64,
    year_disbursements: i64,
    peaks: Vec<Peak>,
}

/// The site path of the donors' pages.
pub(crate) fn donors_root(config: &Config) -> String {
    format!("{}nha-hao-tam/", fund_root(config))
}

/// A period without its rows (what overview and period pages need).
fn summary(p: &Period) -> Period {
    Period {
        id: p.id.clone(),
        fund: p.fund.clone(),
        level: p.level.clone(),
        from: p.from.clone(),
        to: p.to.clone(),
        bounds: p.bounds,
        opening: p.opening,
        closing: p.closing,
        receipts: Vec::new(),
        disbursements: Vec::new(),
        total_receipts: p.total_receipts,
        total_disbursements: p.total_disbursements,
        peak_receipts: p.peak_receipts,
        by_category: p.by_category.clone(),
        url: p.url.clone(),
        source: p.source.clone(),
        note: p.note.clone(),
        source_doc: p.source_doc.clone(),
        extra: p.extra.clone(),
        official: p.official.clone(),
        stated_receipts: p.stated_receipts,
        stated_disbursements: p.stated_disbursements,
        official_findings: p.official_findings.clone(),
        computed_closing: p.computed_closing,
        closing_difference: p.closing_difference,
        closing_pos: p.closing_pos,
        opening_pos: p.opening_pos,
    }
}

/// Named donors in Vietnamese order, with anchors unique across the list.
fn donors(site: &Site) -> Vec<Donor> {
    let mut by_name: BTreeMap<&str, Donor> = BTreeMap::new();
    for p in &site.fund {
        for r in p.receipts.iter().filter(|r| !r.anonymous) {
            let Some(name) = r.donor.as_deref() else { continue };
            let d = by_name.entry(name).or_insert_with(|| Donor {
                name: name.to_string(),
                anchor: String::new(),
                kind: r.donor_kind.clone(),
                total: 0,
                gifts: 0,
                periods: Vec::new(),
            });
            d.total += r.amount;
            d.gifts += 1;
            match d.periods.last_mut() {
                Some(last) if last.1 == p.url => last.2 += r.amount,
                _ => d.periods.push((p.id.clone(), p.url.clone(), r.amount)),
            }
        }
    }
    let mut list: Vec<Donor> = by_name.into_values().collect();
    list.par_sort_by_cached_key(|d| vi::sort_key(&d.name));
    let mut ids = UniqueIds::default();
    for d in &mut list {
        d.anchor = ids.unique(format!("nht-{}", vi::slugify(&d.name)));
    }
    list
}

/// Site path (with anchor) of every named donor on the donors' pages.
pub(crate) fn donor_urls(site: &Site) -> HashMap<String, String> {
    let per = site.config.fund.ledger_page;
    let root = donors_root(&site.config);
    donors(site)
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d.name, format!("{}#{}", page_url(&root, i / per + 1), d.anchor)))
        .collect()
}

fn months(p: &Period) -> Vec<Month> {
    let mut m = p.monthly_totals();
    // Every month of the period, so gaps show as empty bars.
    if let (Some(f), Some(t)) = p.bounds
        && let (Some(fm), Some(tm)) = (f.month, t.month)
        && (t.year - f.year) < 10
    {
        let (mut y, mut mo) = (f.year, fm);
        while (y, mo) <= (t.year, tm) {
            m.entry((y, mo)).or_default();
            (y, mo) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
        }
    }
    m.into_iter()
        .map(|((y, mo), (r, d))| Month {
            label: format!("{mo}/{y}"),
            receipts: r,
            disbursements: d,
        })
        .collect()
}

fn localities(p: &Period) -> Vec<Locality> {
    let mut m: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for d in &p.disbursements {
        let e = m.entry(d.locality.as_deref().unwrap_or("Không ghi địa bàn")).or_default();
        e.0 += d.amount;
        e.1 += d.count.unwrap_or(0);
    }
    let total = p.total_disbursements.max(1) as f64;
    let mut v: Vec<Locality> = m
        .into_iter()
        .map(|(l, (a, c))| Locality {
            label: l.to_string(),
            amount: a,
            count: c,
            share: a as f64 * 100.0 / total,
        })
        .collect();
    v.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| vi::cmp_vi(&a.label, &b.label)));
    v
}

/// Bar colours when no stylesheet applies (the theme's `.chart-in` / `.chart-out` win).
const IN: &str = "#0b4f8a";
const OUT: &str = "#a3120f";

/// Bar chart of receipts and disbursements by month, as inline SVG with a title and a
/// description (the same figures are in the table next to it).
fn month_chart(id: &str, title: &str, months: &[Month]) -> String {
    let max = months.iter().map(|m| m.receipts.max(m.disbursements)).max().unwrap_or(0).max(1);
    let n = months.len().max(1);
    let (w, h, top, bottom, left) = (720.0_f64, 260.0_f64, 24.0, 40.0, 8.0);
    let slot = (w - left * 2.0) / n as f64;
    let bar = (slot * 0.38).max(1.0);
    let plot = h - top - bottom;
    let total_r: i64 = months.iter().map(|m| m.receipts).sum();
    let total_d: i64 = months.iter().map(|m| m.disbursements).sum();
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(&format!(
            "Biểu đồ cột theo tháng, từ {} đến {}: tổng thu {}, tổng chi {}; tháng cao nhất {}. Số liệu từng tháng ở bảng bên cạnh.",
            months.first().map(|m| m.label.as_str()).unwrap_or(""),
            months.last().map(|m| m.label.as_str()).unwrap_or(""),
            vi::format_vnd(total_r),
            vi::format_vnd(total_d),
            vi::format_vnd_compact(max)
        ))
    );
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"currentColor\" stroke-width=\"1\"/>",
        y = top + plot,
        x2 = w - left
    ));
    s.push_str(&format!(
        "<text x=\"{left}\" y=\"14\" font-size=\"12\" fill=\"currentColor\">Cao nhất: {}</text>",
        esc(&vi::format_vnd_compact(max))
    ));
    for (i, m) in months.iter().enumerate() {
        let x0 = left + slot * i as f64 + slot * 0.1;
        for (k, (v, class, fill)) in
            [(m.receipts, "chart-in", IN), (m.disbursements, "chart-out", OUT)]
                .into_iter()
                .enumerate()
        {
            let bh = (v as f64 / max as f64 * plot).max(if v > 0 { 1.0 } else { 0.0 });
            s.push_str(&format!(
                "<rect class=\"{class}\" fill=\"{fill}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\"/>",
                x0 + k as f64 * bar,
                top + plot - bh
            ));
        }
        if n <= 24 || i % (n / 12 + 1) == 0 {
            let label = m.label.split('/').next().unwrap_or("");
            s.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"currentColor\">T{label}</text>",
                x0 + bar,
                h - bottom + 16.0
            ));
        }
    }
    s.push_str(&format!(
        "<rect class=\"chart-in\" fill=\"{IN}\" x=\"{left}\" y=\"{ly}\" width=\"12\" height=\"12\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"12\" fill=\"currentColor\">Thu</text><rect class=\"chart-out\" fill=\"{OUT}\" x=\"{:.0}\" y=\"{ly}\" width=\"12\" height=\"12\"/><text x=\"{:.0}\" y=\"{:.0}\" font-size=\"12\" fill=\"currentColor\">Chi</text></svg>",
        left + 16.0,
        h - 4.0,
        left + 70.0,
        left + 86.0,
        h - 4.0,
        ly = h - 15.0
    ));
    s
}

/// Horizontal bars of each category's share of the disbursements, as inline SVG.
fn category_chart(id: &str, title: &str, cats: &[CategoryTotal]) -> String {
    let row = 28.0_f64;
    let h = row * cats.len().max(1) as f64 + 8.0;
    let w = 720.0_f64;
    let label_w = 250.0;
    let desc = cats
        .iter()
        .map(|c| format!("{} {}", c.label, vi::format_percent(round2(c.share))))
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(&format!("Tỷ lệ từng hạng mục trong tổng chi: {desc}."))
    );
    for (i, c) in cats.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let bw = (c.share / 100.0 * (w - label_w - 90.0)).max(1.0);
        s.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"currentColor\">{}</text><rect class=\"chart-out\" fill=\"{OUT}\" x=\"{label_w}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"18\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"currentColor\">{}</text>",
            label_w - 8.0,
            y + 14.0,
            esc(&c.label),
            y,
            label_w + bw + 6.0,
            y + 14.0,
            esc(&vi::format_percent(round2(c.share)))
        ));
    }
    s.push_str("</svg>");
    s
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A row's note and source document, under the row's main cell (empty when it has neither):
/// `Ghi chú: … · Nguồn: <a>05/BC-QVNN</a>`.
fn row_note(note: Option<&str>, source: Option<&PeriodSource>, config: &Config) -> String {
    let mut parts = Vec::new();
    if let Some(n) = note {
        parts.push(format!("Ghi chú: {}", esc(n)));
    }
    if let Some(s) = source {
        let shown = s.number.as_deref().or(s.url.as_deref()).unwrap_or("");
        parts.push(match &s.url {
            Some(u) => format!("Nguồn: <a href=\"{}\">{}</a>", esc(&config.link(u)), esc(shown)),
            None => format!("Nguồn: {}", esc(shown)),
        });
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("<br><span class=\"meta\">{}</span>", parts.join(" · "))
}

fn receipt_row(r: &Receipt, config: &Config, donor_urls: &HashMap<String, String>) -> String {
    let date = r.date.as_ref().map(|d| d.short.as_str()).unwrap_or("");
    let iso = r.date.as_ref().map(|d| d.iso.as_str()).unwrap_or("");
    let donor = match (r.anonymous, r.donor.as_ref().and_then(|d| donor_urls.get(d))) {
        (false, Some(u)) => {
            format!("<a href=\"{}\">{}</a>", esc(&config.link(u)), esc(&r.donor_label))
        }
        _ => esc(&r.donor_label),
    };
    let badge = if r.peak_month { " <span class=\"badge\">cao điểm</span>" } else { "" };
    let channel = if r.in_kind {
        format!("{} <span class=\"meta\">(ước tính)</span>", esc(&r.channel))
    } else {
        esc(&r.channel)
    };
    let note = row_note(r.note.as_deref(), r.source_doc.as_ref(), config);
    format!(
        "<tr><td><time datetime=\"{iso}\">{date}</time></td><td>{}</td><td>{donor}{badge}{note}</td><td>{}</td><td>{channel}</td><td class=\"num\">{}</td></tr>\n",
        esc(r.receipt_no.as_deref().unwrap_or("")),
        esc(&r.donor_kind),
        vi::format_vnd(r.amount)
    )
}

fn disbursement_row(d: &Disbursement, config: &Config) -> String {
    let date = d.date.as_ref().map(|d| d.short.as_str()).unwrap_or("");
    let iso = d.date.as_ref().map(|d| d.iso.as_str()).unwrap_or("");
    let decision = match (&d.decision, &d.decision_url) {
        (Some(n), Some(u)) => format!("<a href=\"{}\">{}</a>", esc(&config.link(u)), esc(n)),
        (Some(n), None) => esc(n),
        _ => String::new(),
    };
    let note = row_note(d.note.as_deref(), d.source_doc.as_ref(), config);
    format!(
        "<tr><td><time datetime=\"{iso}\">{date}</time></td><td>{}{note}</td><td class=\"num\">{}</td><td>{}</td><td>{decision}</td><td class=\"num\">{}</td></tr>\n",
        esc(&d.category_label),
        d.count.map(vi::format_int).unwrap_or_default(),
        esc(d.locality.as_deref().unwrap_or("")),
        vi::format_vnd(d.amount)
    )
}

/// Pages of one ledger in one order.
#[allow(clippy::too_many_arguments)]
fn ledger_pages(
    out: &mut Vec<FundPage>,
    period: &Value,
    title: &str,
    what: &'static str,
    base: &str,
    orders: &[OrderLink],
    rows: &[&str],
    per: usize,
) {
    for (url, pg) in paginate(base, Vec::new(), rows.len(), per) {
        let n = pg.current;
        let chunk = rows.get((n - 1) * per..(n * per).min(rows.len())).unwrap_or(&[]);
        let orders: Vec<OrderLink> =
            orders.iter().map(|o| OrderLink { current: o.url == base, ..o.clone() }).collect();
        out.push(FundPage {
            url,
            template: "fund_ledger.html",
            kind: "fund-ledger",
            page: Some(period.clone()),
            extra: vec![
                ("ledger_title", value(title)),
                ("ledger", value(what)),
                ("ledger_url", value(base)),
                ("orders", value(&orders)),
                ("rows_html", value(&chunk.concat())),
                ("paginator", value(&pg)),
            ],
        });
    }
}

/// Page step for the fund: its overview, donors, periods and ledgers.
pub(crate) fn fund<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    if r.site.fund.is_empty() || !r.wanted_under(&fund_root(r.config)) {
        return Ok(());
    }
    let list = pages(r.site)
        .into_iter()
        .map(|mut fp| {
            if fp.template == "fund_period.html" {
                fp.extra.push(("history", r.history_of(&fp.url)));
            }
            jobs::job(r, &fp.url, fp.template, fp.kind, fp.page, fp.extra)
        })
        .collect();
    jobs::render(r, list);
    Ok(())
}

/// Every fund page of the site.
fn pages(site: &Site) -> Vec<FundPage> {
    let config = &site.config;
    let per = config.fund.ledger_page;
    let droot = donors_root(config);
    let donor_list = donors(site);
    let donor_urls: HashMap<String, String> = donor_list
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), format!("{}#{}", page_url(&droot, i / per + 1), d.anchor)))
        .collect();
    let mut out = vec![overview(site, donor_list.len())];
    donor_pages(&mut out, site, &donor_list);
    for p in &site.fund {
        period_pages(&mut out, site, p, &donor_urls);
    }
    out
}

/// Each fund at a glance: balance now, the latest year's sums, the Tháng cao điểm results.
fn fund_summaries(site: &Site) -> Vec<FundSummary> {
    let mut funds: Vec<FundSummary> = Vec::new();
    for p in &site.fund {
        if funds.last().is_none_or(|f| f.name != p.fund) {
            funds.push(FundSummary {
                name: p.fund.clone(),
                level: p.level.clone(),
                balance: 0,
                balance_date: None,
                year: 0,
                year_receipts: 0,
                year_disbursements: 0,
                peaks: Vec::new(),
            });
        }
        let Some(f) = funds.last_mut() else { continue };
        // Periods are sorted by fund, then start: the last one holds the balance now.
        f.balance = p.closing;
        f.balance_date = p.to.as_ref().map(|d| d.short.clone());
        let year = p.bounds.1.or(p.bounds.0).map(|d| d.year).unwrap_or(0);
        f.year = f.year.max(year);
        let peak_rows = p.receipts.iter().filter(|r| r.peak_month).count();
        if peak_rows > 0 {
            f.peaks.push(Peak {
                period: p.id.clone(),
                url: p.url.clone(),
                amount: p.peak_receipts,
                receipts: peak_rows,
                share: if p.total_receipts > 0 {
                    p.peak_receipts as f64 * 100.0 / p.total_receipts as f64
                } else {
                    0.0
                },
            });
        }
    }
    for f in &mut funds {
        for p in site.fund.iter().filter(|p| p.fund == f.name) {
            f.year_receipts += p
                .receipts
                .iter()
                .filter(|r| r.sort_date.is_some_and(|d| d.year == f.year))
                .map(|r| r.amount)
                .sum::<i64>();
            f.year_disbursements += p
                .disbursements
                .iter()
                .filter(|r| r.sort_date.is_some_and(|d| d.year == f.year))
                .map(|r| r.amount)
                .sum::<i64>();
        }
    }
    funds
}

/// The fund's overview page.
fn overview(site: &Site, donors_count: usize) -> FundPage {
    let config = &site.config;
    let summaries: Vec<Period> = site.fund.iter().map(summary).collect();
    let funds = fund_summaries(site);
    let latest_months = site.fund.last().map(months).unwrap_or_default();
    let latest_title =
        site.fund.last().map(|p| format!("Thu và chi theo tháng, kỳ {}", p.id)).unwrap_or_default();
    FundPage {
        url: fund_root(config),
        template: "fund.html",
        kind: "fund",
        page: site
            .sections
            .iter()
            .find(|s| s.meta.url == format!("/{}/", config.folders.fund))
            .map(value),
        extra: vec![
            ("periods", value(&summaries)),
            ("funds", value(&funds)),
            ("peak_window", value(&config.fund.window_vi())),
            ("donors_url", value(&donors_root(config))),
            ("donors_count", value(&donors_count)),
            ("months", value(&latest_months)),
            ("months_title", value(&latest_title)),
            ("chart_months", value(&month_chart("bd-tong-quan", &latest_title, &latest_months))),
        ],
    }
}

/// The pages of named donors.
fn donor_pages(out: &mut Vec<FundPage>, site: &Site, donor_list: &[Donor]) {
    let config = &site.config;
    let (per, root, droot) = (config.fund.ledger_page, fund_root(config), donors_root(config));
    let donor_values: Vec<Value> = donor_list.iter().map(value).collect();
    for (url, pg) in paginate(&droot, donor_values, donor_list.len(), per) {
        out.push(FundPage {
            url: url.clone(),
            template: "fund_donors.html",
            kind: "fund-donors",
            // For the share previews (`partials/head_meta.html`).
            page: Some(value(&serde_json::json!({
                "url": url,
                "title": "Nhà hảo tâm ủng hộ Quỹ “Vì người nghèo”",
                "description": "Các nhà hảo tâm đã ủng hộ Quỹ “Vì người nghèo”, tổng số tiền và các kỳ.",
            }))),
            extra: vec![("paginator", value(&pg)), ("fund_url", value(&root))],
        });
    }
}

/// The orders of a period's receipts and of its disbursements.
fn orders(p: &Period) -> (Vec<OrderLink>, Vec<OrderLink>) {
    let rbase = format!("{}thu/", p.url);
    let dbase = format!("{}chi/", p.url);
    let r_orders = vec![
        OrderLink { title: "Theo ngày".into(), url: rbase.clone(), current: false },
        OrderLink {
            title: "Theo số tiền".into(), url: format!("{rbase}so-tien/"), current: false
        },
        OrderLink {
            title: "Theo nhà hảo tâm".into(),
            url: format!("{rbase}nha-hao-tam/"),
            current: false,
        },
    ];
    let d_orders = vec![
        OrderLink { title: "Theo ngày".into(), url: dbase.clone(), current: false },
        OrderLink {
            title: "Theo số tiền".into(), url: format!("{dbase}so-tien/"), current: false
        },
        OrderLink {
            title: "Theo hạng mục".into(),
            url: format!("{dbase}hang-muc/"),
            current: false,
        },
        OrderLink {
            title: "Theo địa bàn".into(), url: format!("{dbase}dia-ban/"), current: false
        },
    ];
    (r_orders, d_orders)
}

/// A period's page and its ledgers, receipts and disbursements, each in several orders.
fn period_pages(
    out: &mut Vec<FundPage>,
    site: &Site,
    p: &Period,
    donor_urls: &HashMap<String, String>,
) {
    let config = &site.config;
    let (per, droot) = (config.fund.ledger_page, donors_root(config));
    let sv = value(&summary(p));
    let ms = months(p);
    let locs = localities(p);
    let (r_orders, d_orders) = orders(p);
    let peak_count = p.receipts.iter().filter(|r| r.peak_month).count();
    let peak_donors = {
        let mut v: Vec<&str> = p
            .receipts
            .iter()
            .filter(|r| r.peak_month)
            .map(|r| r.donor.as_deref().unwrap_or(""))
            .collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let cat_title = format!("Tỷ lệ các hạng mục chi, kỳ {}", p.id);
    let month_title = format!("Thu và chi theo tháng, kỳ {}", p.id);
    out.push(FundPage {
        url: p.url.clone(),
        template: "fund_period.html",
        kind: "fund-period",
        page: Some(sv.clone()),
        extra: vec![
            ("months", value(&ms)),
            ("months_title", value(&month_title)),
            ("chart_months", value(&month_chart("bd-thang", &month_title, &ms))),
            ("categories_title", value(&cat_title)),
            ("chart_categories", value(&category_chart("bd-hang-muc", &cat_title, &p.by_category))),
            ("localities", value(&locs)),
            ("receipt_orders", value(&r_orders)),
            ("disbursement_orders", value(&d_orders)),
            ("receipts_count", value(&p.receipts.len())),
            ("disbursements_count", value(&p.disbursements.len())),
            ("peak_count", value(&peak_count)),
            ("peak_donors", value(&peak_donors)),
            ("peak_window", value(&config.fund.window_vi())),
            ("donors_url", value(&droot)),
        ],
    });

    // Rows as HTML once; each order is a permutation of them.
    let rrows: Vec<String> =
        p.receipts.par_iter().map(|r| receipt_row(r, config, donor_urls)).collect();
    let drows: Vec<String> =
        p.disbursements.par_iter().map(|d| disbursement_row(d, config)).collect();
    let by_date: Vec<&str> = rrows.iter().map(String::as_str).collect();
    let mut idx: Vec<usize> = (0..p.receipts.len()).collect();
    idx.sort_by(|&a, &b| p.receipts[b].amount.cmp(&p.receipts[a].amount).then(a.cmp(&b)));
    let by_amount: Vec<&str> = idx.iter().map(|&i| rrows[i].as_str()).collect();
    let keys: Vec<vi::SortKey> =
        p.receipts.par_iter().map(|r| vi::sort_key(&r.donor_label)).collect();
    idx.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    let by_donor: Vec<&str> = idx.iter().map(|&i| rrows[i].as_str()).collect();
    for (o, rows) in r_orders.iter().zip([by_date, by_amount, by_donor]) {
        let title = format!("Các khoản thu kỳ {} – {}", p.id, o.title.to_lowercase());
        ledger_pages(out, &sv, &title, "receipts", &o.url, &r_orders, &rows, per);
    }
    let d = &p.disbursements;
    let by_date: Vec<&str> = drows.iter().map(String::as_str).collect();
    let mut idx: Vec<usize> = (0..d.len()).collect();
    idx.sort_by(|&a, &b| d[b].amount.cmp(&d[a].amount).then(a.cmp(&b)));
    let by_amount: Vec<&str> = idx.iter().map(|&i| drows[i].as_str()).collect();
    idx.sort_by(|&a, &b| vi::cmp_vi(&d[a].category_label, &d[b].category_label).then(a.cmp(&b)));
    let by_cat: Vec<&str> = idx.iter().map(|&i| drows[i].as_str()).collect();
    let lkeys: Vec<vi::SortKey> =
        d.par_iter().map(|x| vi::sort_key(x.locality.as_deref().unwrap_or(""))).collect();
    idx.sort_by(|&a, &b| lkeys[a].cmp(&lkeys[b]).then(a.cmp(&b)));
    let by_loc: Vec<&str> = idx.iter().map(|&i| drows[i].as_str()).collect();
    for (o, rows) in d_orders.iter().zip([by_date, by_amount, by_cat, by_loc]) {
        let title = format!("Các khoản chi kỳ {} – {}", p.id, o.title.to_lowercase());
        ledger_pages(out, &sv, &title, "disbursements", &o.url, &d_orders, &rows, per);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_labelled_images() {
        let m = vec![
            Month { label: "10/2024".into(), receipts: 5_000_000, disbursements: 0 },
            Month { label: "11/2024".into(), receipts: 1_000_000, disbursements: 2_000_000 },
        ];
        let s = month_chart("x", "Thu & chi", &m);
        assert!(s.starts_with("<svg class=\"chart\" role=\"img\" aria-labelledby=\"x-t x-d\""));
        assert!(s.contains("<title id=\"x-t\">Thu &amp; chi</title>"));
        assert!(s.contains("tổng thu 6.000.000 đồng, tổng chi 2.000.000 đồng"));
        let c = vec![CategoryTotal {
            label: "Học bổng".into(),
            amount: 1,
            share: 1.344,
            count: 1,
            stated: None,
        }];
        let s = category_chart("y", "Tỷ lệ", &c);
        assert!(s.contains("Học bổng 1,34%"), "{s}");
    }
}

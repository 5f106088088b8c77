//! Open data of the "Vì người nghèo" fund: ledger rows and aggregates as [`Table`]s
//! (`fund-periods`, `fund-receipts`, `fund-disbursements`, `fund-categories`, `fund-months`).
//!
//! Anonymous donors have `donor` = "Nhà hảo tâm ẩn danh" and `anonymous` = true: no name is
//! ever written. Beneficiaries are never named: disbursements carry counts and localities only.

use serde_json::Value;

use super::table::{Filled, Kind, Table, date, opt, pct, text, url};
use crate::config::Config;
use crate::model::Site;
use crate::model::fund::PeriodSource;
use crate::read::url::is_external;

/// The fund's datasets, empty when the site has no fund.
pub(crate) fn datasets(site: &Site) -> Vec<Filled> {
    if site.fund.is_empty() {
        return Vec::new();
    }
    vec![periods(site), receipts(site), disbursements(site), categories(site), months(site)]
}

fn periods(site: &Site) -> Filled {
    let cfg = &site.config;
    Table::new(
        "fund-periods",
        "Quỹ “Vì người nghèo”: các kỳ",
        "Mỗi dòng là một kỳ báo cáo của một quỹ, với số dư và tổng thu chi.",
        &site.fund,
    )
    .col("period", Kind::String, "Mã kỳ báo cáo (phần cuối địa chỉ trang của kỳ).", |p| text(&p.id))
    .col("url", Kind::String, "Địa chỉ trang của kỳ.", |p| url(cfg, &p.url))
    .col("fund", Kind::String, "Tên quỹ.", |p| text(&p.fund))
    .col("level", Kind::String, "Cấp của quỹ (tỉnh, huyện, xã).", |p| text(&p.level))
    .col("from", Kind::Date, "Ngày đầu kỳ.", |p| date(&p.from))
    .col("to", Kind::Date, "Ngày cuối kỳ.", |p| date(&p.to))
    .col("opening", Kind::Integer, "Số dư đầu kỳ, đồng.", |p| Value::from(p.opening))
    .col("receipts", Kind::Integer, "Tổng thu trong kỳ, cộng từ các khoản thu, đồng.", |p| {
        Value::from(p.total_receipts)
    })
    .col("disbursements", Kind::Integer, "Tổng chi trong kỳ, cộng từ các khoản chi, đồng.", |p| {
        Value::from(p.total_disbursements)
    })
    .col(
        "closing",
        Kind::Integer,
        "Số dư cuối kỳ như công bố, đồng (= opening + receipts − disbursements, trừ khi kỳ khai báo `official`: khi đó xem computedClosing).",
        |p| Value::from(p.closing),
    )
    .col(
        "computedClosing",
        Kind::Integer,
        "Số dư cuối kỳ tính từ các khoản thu chi (opening + receipts − disbursements), đồng.",
        |p| Value::from(p.computed_closing),
    )
    .col(
        "officialBy",
        Kind::String,
        "Văn bản đã ký mà các số liệu của kỳ (số dư cuối kỳ, tổng thu, tổng chi, từng hạng mục) được công bố theo, khi khác số tính ra (`official`); rỗng nếu không có.",
        |p| text(p.official.as_ref().map(|o| o.by.as_str()).unwrap_or("")),
    )
    .col(
        "peakReceipts",
        Kind::Integer,
        "Số tiền thu trong Tháng cao điểm “Vì người nghèo”, đồng.",
        |p| Value::from(p.peak_receipts),
    )
    .col("receiptCount", Kind::Integer, "Số khoản thu.", |p| Value::from(p.receipts.len()))
    .col("disbursementCount", Kind::Integer, "Số khoản chi.", |p| {
        Value::from(p.disbursements.len())
    })
    .col(
        "statedReceipts",
        Kind::Integer,
        "Tổng thu như báo cáo của kỳ ghi (`total_receipts`), đồng; rỗng nếu không ghi. Chỉ khác receipts khi kỳ khai báo `official`.",
        |p| p.stated_receipts.map(Value::from).unwrap_or(Value::Null),
    )
    .col(
        "statedDisbursements",
        Kind::Integer,
        "Tổng chi như báo cáo của kỳ ghi (`total_disbursements`), đồng; rỗng nếu không ghi. Chỉ khác disbursements khi kỳ khai báo `official`.",
        |p| p.stated_disbursements.map(Value::from).unwrap_or(Value::Null),
    )
    .fill()
}

/// The descriptions of a row's `note` and `source` columns.
const NOTE: &str = "Ghi chú của người quản trị về khoản này.";
const SOURCE_NUMBER: &str = "Số văn bản, chứng từ mà khoản này lấy từ đó (`source.number`).";
const SOURCE_URL: &str = "Địa chỉ văn bản, chứng từ đó (`source.url`).";

fn source_number(s: &Option<PeriodSource>) -> Value {
    opt(s.as_ref().and_then(|s| s.number.as_deref()))
}

fn source_url(cfg: &Config, s: &Option<PeriodSource>) -> Value {
    match s.as_ref().and_then(|s| s.url.as_deref()) {
        Some(u) if is_external(u) => text(u),
        Some(u) => url(cfg, u),
        None => Value::Null,
    }
}

fn receipts(site: &Site) -> Filled {
    let cfg = &site.config;
    Table::new(
        "fund-receipts",
        "Quỹ “Vì người nghèo”: các khoản thu",
        "Mỗi dòng là một khoản thu, theo kỳ rồi theo ngày.",
        site.fund.iter().flat_map(|p| p.receipts.iter().map(move |r| (p, r))),
    )
    .col("period", Kind::String, "Mã kỳ báo cáo.", |(p, _)| text(&p.id))
    .col("date", Kind::Date, "Ngày thu.", |(_, r)| date(&r.date))
    .col("receiptNo", Kind::String, "Số phiếu thu.", |(_, r)| opt(r.receipt_no.as_deref()))
    .col(
        "donor",
        Kind::String,
        "Tên nhà hảo tâm; “Nhà hảo tâm ẩn danh” khi người ủng hộ xin giấu tên.",
        |(_, r)| text(&r.donor_label),
    )
    .col("anonymous", Kind::Boolean, "Nhà hảo tâm xin giấu tên.", |(_, r)| {
        Value::Bool(r.anonymous)
    })
    .col(
        "donorKind",
        Kind::String,
        "Loại nhà hảo tâm (cá nhân, doanh nghiệp, cơ quan, tổ chức).",
        |(_, r)| text(&r.donor_kind),
    )
    .col(
        "channel",
        Kind::String,
        "Hình thức nộp (tiền mặt, chuyển khoản, Kho bạc, Ngân hàng Chính sách xã hội, hiện vật).",
        |(_, r)| text(&r.channel),
    )
    .col(
        "inKind",
        Kind::Boolean,
        "Ủng hộ bằng hiện vật: amount là giá trị ước tính.",
        |(_, r)| Value::Bool(r.in_kind),
    )
    .col("amount", Kind::Integer, "Số tiền, đồng.", |(_, r)| Value::from(r.amount))
    .col("purpose", Kind::String, "Nội dung, mục đích ủng hộ.", |(_, r)| {
        opt(r.purpose.as_deref())
    })
    .col(
        "peakMonth",
        Kind::Boolean,
        "Ủng hộ trong Tháng cao điểm “Vì người nghèo”.",
        |(_, r)| Value::Bool(r.peak_month),
    )
    .col("note", Kind::String, NOTE, |(_, r)| opt(r.note.as_deref()))
    .col("sourceNumber", Kind::String, SOURCE_NUMBER, |(_, r)| source_number(&r.source_doc))
    .col("sourceUrl", Kind::String, SOURCE_URL, |(_, r)| source_url(cfg, &r.source_doc))
    .fill()
}

fn disbursements(site: &Site) -> Filled {
    let cfg = &site.config;
    Table::new(
        "fund-disbursements",
        "Quỹ “Vì người nghèo”: các khoản chi",
        "Mỗi dòng là một khoản chi, theo kỳ rồi theo ngày; chỉ có số lượng và địa bàn, không có tên người nhận.",
        site.fund.iter().flat_map(|p| p.disbursements.iter().map(move |d| (p, d))),
    )
    .col("period", Kind::String, "Mã kỳ báo cáo.", |(p, _)| text(&p.id))
    .col("date", Kind::Date, "Ngày chi.", |(_, d)| date(&d.date))
    .col("category", Kind::String, "Mã hạng mục chi.", |(_, d)| text(&d.category))
    .col("categoryName", Kind::String, "Tên hạng mục chi.", |(_, d)| text(&d.category_label))
    .col(
        "count",
        Kind::Integer,
        "Số người, hộ hoặc căn nhà được hỗ trợ (không công bố tên).",
        |(_, d)| d.count.map(Value::from).unwrap_or(Value::Null),
    )
    .col("amount", Kind::Integer, "Số tiền, đồng.", |(_, d)| Value::from(d.amount))
    .col("locality", Kind::String, "Địa bàn.", |(_, d)| opt(d.locality.as_deref()))
    .col("decision", Kind::String, "Số quyết định phê duyệt khoản chi.", |(_, d)| {
        opt(d.decision.as_deref())
    })
    .col("decisionUrl", Kind::String, "Trang của quyết định, nếu có trên cổng.", |(_, d)| {
        d.decision_url.as_deref().map(|u| url(cfg, u)).unwrap_or(Value::Null)
    })
    .col("note", Kind::String, NOTE, |(_, d)| opt(d.note.as_deref()))
    .col("sourceNumber", Kind::String, SOURCE_NUMBER, |(_, d)| source_number(&d.source_doc))
    .col("sourceUrl", Kind::String, SOURCE_URL, |(_, d)| source_url(cfg, &d.source_doc))
    .fill()
}

fn categories(site: &Site) -> Filled {
    Table::new(
        "fund-categories",
        "Quỹ “Vì người nghèo”: chi theo hạng mục",
        "Mỗi dòng là tổng chi của một hạng mục trong một kỳ.",
        site.fund.iter().flat_map(|p| p.by_category.iter().map(move |c| (p, c))),
    )
    .col("period", Kind::String, "Mã kỳ báo cáo.", |(p, _)| text(&p.id))
    .col("category", Kind::String, "Tên hạng mục chi.", |(_, c)| text(&c.label))
    .col("amount", Kind::Integer, "Tổng chi của hạng mục trong kỳ, cộng từ các khoản chi, đồng.", |(_, c)| {
        Value::from(c.amount)
    })
    .col(
        "share",
        Kind::Number,
        "Tỷ lệ trong tổng chi của kỳ, phần trăm (hai chữ số thập phân).",
        |(_, c)| pct(c.share),
    )
    .col(
        "count",
        Kind::Integer,
        "Tổng số người, hộ, căn nhà được hỗ trợ.",
        |(_, c)| Value::from(c.count),
    )
    .col(
        "statedAmount",
        Kind::Integer,
        "Tổng chi của hạng mục như báo cáo của kỳ ghi (`category_totals`), đồng; rỗng nếu không ghi. Chỉ khác amount khi kỳ khai báo `official`.",
        |(_, c)| c.stated.map(Value::from).unwrap_or(Value::Null),
    )
    .fill()
}

fn months(site: &Site) -> Filled {
    Table::new(
        "fund-months",
        "Quỹ “Vì người nghèo”: thu chi theo tháng",
        "Mỗi dòng là tổng thu và tổng chi của một tháng trong một kỳ.",
        site.fund.iter().flat_map(|p| p.monthly_totals().into_iter().map(move |m| (p, m))),
    )
    .col("period", Kind::String, "Mã kỳ báo cáo.", |(p, _)| text(&p.id))
    .col("month", Kind::String, "Tháng, dạng 2024-10.", |(_, ((y, mo), _))| {
        text(&format!("{y}-{mo:02}"))
    })
    .col("receipts", Kind::Integer, "Tổng thu trong tháng, đồng.", |(_, (_, (a, _)))| {
        Value::from(*a)
    })
    .col("disbursements", Kind::Integer, "Tổng chi trong tháng, đồng.", |(_, (_, (_, b)))| {
        Value::from(*b)
    })
    .fill()
}

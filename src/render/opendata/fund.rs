//! Open data of the "Vì người nghèo" fund: ledger rows and aggregates as datasets for [`crate::render::opendata`].
//!
//! Anonymous donors have `donor` = "Nhà hảo tâm ẩn danh" and `anonymous` = true: no name is
//! ever written. Beneficiaries are never named: disbursements carry counts and localities only.

use serde_json::Value;

use super::{Dataset, Field, dataset, s as o, st as s};
use crate::model::Site;

fn f(name: &'static str, kind: &'static str, description: &'static str) -> Field {
    Field { name, kind, description }
}

fn i(v: i64) -> Value {
    Value::from(v)
}

fn pct(x: f64) -> Value {
    serde_json::Number::from_f64((x * 100.0).round() / 100.0)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// The fund's datasets (`fund-periods`, `fund-receipts`, `fund-disbursements`,
/// `fund-categories`, `fund-months`), empty when the site has no fund.
pub fn datasets(site: &Site) -> Vec<(Dataset, Vec<Vec<Value>>)> {
    if site.fund.is_empty() {
        return Vec::new();
    }
    let abs = |u: &str| Value::String(site.config.absolute(u));
    let date = |d: &Option<crate::model::DateView>| {
        d.as_ref().map(|x| Value::String(x.iso.clone())).unwrap_or(Value::Null)
    };
    let mut out = Vec::new();

    let fields = vec![
        f("period", "string", "Mã kỳ báo cáo (phần cuối địa chỉ trang của kỳ)."),
        f("url", "string", "Địa chỉ trang của kỳ."),
        f("fund", "string", "Tên quỹ."),
        f("level", "string", "Cấp của quỹ (tỉnh, huyện, xã)."),
        f("from", "date", "Ngày đầu kỳ."),
        f("to", "date", "Ngày cuối kỳ."),
        f("opening", "integer", "Số dư đầu kỳ, đồng."),
        f("receipts", "integer", "Tổng thu trong kỳ, đồng."),
        f("disbursements", "integer", "Tổng chi trong kỳ, đồng."),
        f("closing", "integer", "Số dư cuối kỳ, đồng (= opening + receipts − disbursements)."),
        f("peakReceipts", "integer", "Số tiền thu trong Tháng cao điểm “Vì người nghèo”, đồng."),
        f("receiptCount", "integer", "Số khoản thu."),
        f("disbursementCount", "integer", "Số khoản chi."),
    ];
    let rows = site
        .fund
        .iter()
        .map(|p| {
            vec![
                s(&p.id),
                abs(&p.url),
                s(&p.fund),
                s(&p.level),
                date(&p.from),
                date(&p.to),
                i(p.opening),
                i(p.total_receipts),
                i(p.total_disbursements),
                i(p.closing),
                i(p.peak_receipts),
                Value::from(p.receipts.len()),
                Value::from(p.disbursements.len()),
            ]
        })
        .collect();
    out.push(dataset(
        "fund-periods",
        "Quỹ “Vì người nghèo”: các kỳ",
        "Mỗi dòng là một kỳ báo cáo của một quỹ, với số dư và tổng thu chi.",
        fields,
        rows,
    ));

    let fields = vec![
        f("period", "string", "Mã kỳ báo cáo."),
        f("date", "date", "Ngày thu."),
        f("receiptNo", "string", "Số phiếu thu."),
        f(
            "donor",
            "string",
            "Tên nhà hảo tâm; “Nhà hảo tâm ẩn danh” khi người ủng hộ xin giấu tên.",
        ),
        f("anonymous", "boolean", "Nhà hảo tâm xin giấu tên."),
        f("donorKind", "string", "Loại nhà hảo tâm (cá nhân, doanh nghiệp, cơ quan, tổ chức)."),
        f(
            "channel",
            "string",
            "Hình thức nộp (tiền mặt, chuyển khoản, Kho bạc, Ngân hàng Chính sách xã hội, hiện vật).",
        ),
        f("inKind", "boolean", "Ủng hộ bằng hiện vật: amount là giá trị ước tính."),
        f("amount", "integer", "Số tiền, đồng."),
        f("purpose", "string", "Nội dung, mục đích ủng hộ."),
        f("peakMonth", "boolean", "Ủng hộ trong Tháng cao điểm “Vì người nghèo”."),
    ];
    let mut rows = Vec::new();
    for p in &site.fund {
        for r in &p.receipts {
            rows.push(vec![
                s(&p.id),
                date(&r.date),
                o(&r.receipt_no),
                s(&r.donor_label),
                Value::Bool(r.anonymous),
                s(&r.donor_kind),
                s(&r.channel),
                Value::Bool(r.in_kind),
                i(r.amount),
                o(&r.purpose),
                Value::Bool(r.peak_month),
            ]);
        }
    }
    out.push(dataset(
        "fund-receipts",
        "Quỹ “Vì người nghèo”: các khoản thu",
        "Mỗi dòng là một khoản thu, theo kỳ rồi theo ngày.",
        fields,
        rows,
    ));

    let fields = vec![
        f("period", "string", "Mã kỳ báo cáo."),
        f("date", "date", "Ngày chi."),
        f("category", "string", "Mã hạng mục chi."),
        f("categoryName", "string", "Tên hạng mục chi."),
        f("count", "integer", "Số người, hộ hoặc căn nhà được hỗ trợ (không công bố tên)."),
        f("amount", "integer", "Số tiền, đồng."),
        f("locality", "string", "Địa bàn."),
        f("decision", "string", "Số quyết định phê duyệt khoản chi."),
        f("decisionUrl", "string", "Trang của quyết định, nếu có trên cổng."),
    ];
    let mut rows = Vec::new();
    for p in &site.fund {
        for d in &p.disbursements {
            rows.push(vec![
                s(&p.id),
                date(&d.date),
                s(&d.category),
                s(&d.category_label),
                d.count.map(i).unwrap_or(Value::Null),
                i(d.amount),
                o(&d.locality),
                o(&d.decision),
                d.decision_url.as_deref().map(abs).unwrap_or(Value::Null),
            ]);
        }
    }
    out.push(dataset(
        "fund-disbursements",
        "Quỹ “Vì người nghèo”: các khoản chi",
        "Mỗi dòng là một khoản chi, theo kỳ rồi theo ngày; chỉ có số lượng và địa bàn, không có tên người nhận.",
        fields,
        rows,
    ));

    let fields = vec![
        f("period", "string", "Mã kỳ báo cáo."),
        f("category", "string", "Tên hạng mục chi."),
        f("amount", "integer", "Tổng chi của hạng mục trong kỳ, đồng."),
        f("share", "number", "Tỷ lệ trong tổng chi của kỳ, phần trăm (hai chữ số thập phân)."),
        f("count", "integer", "Tổng số người, hộ, căn nhà được hỗ trợ."),
    ];
    let mut rows = Vec::new();
    for p in &site.fund {
        for c in &p.by_category {
            rows.push(vec![s(&p.id), s(&c.label), i(c.amount), pct(c.share), i(c.count)]);
        }
    }
    out.push(dataset(
        "fund-categories",
        "Quỹ “Vì người nghèo”: chi theo hạng mục",
        "Mỗi dòng là tổng chi của một hạng mục trong một kỳ.",
        fields,
        rows,
    ));

    let fields = vec![
        f("period", "string", "Mã kỳ báo cáo."),
        f("month", "string", "Tháng, dạng 2024-10."),
        f("receipts", "integer", "Tổng thu trong tháng, đồng."),
        f("disbursements", "integer", "Tổng chi trong tháng, đồng."),
    ];
    let mut rows = Vec::new();
    for p in &site.fund {
        for ((y, mo), (a, b)) in p.monthly_totals() {
            rows.push(vec![s(&p.id), s(&format!("{y}-{mo:02}")), i(a), i(b)]);
        }
    }
    out.push(dataset(
        "fund-months",
        "Quỹ “Vì người nghèo”: thu chi theo tháng",
        "Mỗi dòng là tổng thu và tổng chi của một tháng trong một kỳ.",
        fields,
        rows,
    ));
    out
}

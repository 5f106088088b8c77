//! The site's record datasets (`documents`, `decisions`, `awards`, `exemplars`, `targets`,
//! `awardForms`), each one [`Table`]: its rows and its columns declared once.
//!
//! Field names follow 360Giving where they fit (`id`, `title`, `awardDate`, `recipient…`).

use std::collections::HashMap;

use serde_json::Value;

use super::table::{Filled, Kind, Table, date, list, num, opt, text, url};
use crate::model::Site;

/// The record datasets of a site, in a fixed order.
pub(crate) fn datasets(site: &Site) -> Vec<Filled> {
    // Documents are named by their id in other datasets; links hold their page URL.
    let url_id: HashMap<&str, &str> =
        site.documents.iter().map(|d| (d.meta.url.as_str(), d.id.as_str())).collect();
    vec![
        documents(site, &url_id),
        decisions(site, &url_id),
        awards(site),
        exemplars(site),
        targets(site),
        award_forms(site),
    ]
}

fn documents(site: &Site, url_id: &HashMap<&str, &str>) -> Filled {
    let cfg = &site.config;
    Table::new(
        "documents",
        "Văn bản",
        "Mỗi dòng là một văn bản: kế hoạch, quyết định, hướng dẫn, ...",
        &site.documents,
    )
    .col("id", Kind::String, "Mã cố định của văn bản (phần cuối địa chỉ trang).", |d| text(&d.id))
    .col("url", Kind::String, "Địa chỉ trang của văn bản.", |d| url(cfg, &d.meta.url))
    .col(
        "number",
        Kind::String,
        "Số và ký hiệu như ghi trên văn bản; trống khi bản công bố để trống số.",
        |d| opt(d.number_written()),
    )
    .col(
        "type",
        Kind::String,
        "Mã loại văn bản theo Nghị định 30/2020 (phân biệt HD và HĐ).",
        |d| opt(d.type_code.as_deref()),
    )
    .col(
        "typeName",
        Kind::String,
        "Tên loại văn bản (Kế hoạch, Quyết định, ...).",
        |d| text(&d.type_name),
    )
    .col("title", Kind::String, "Trích yếu.", |d| text(&d.meta.title))
    .col("issuer", Kind::String, "Cơ quan ban hành, như lúc ban hành.", |d| text(&d.issuer))
    .col(
        "issuerNow",
        Kind::String,
        "Tên hiện nay của cơ quan sau sắp xếp năm 2025, nếu có.",
        |d| opt(d.issuer_now.as_deref()),
    )
    .col("date", Kind::Date, "Ngày ban hành (có thể chỉ có năm hoặc tháng).", |d| {
        date(&d.meta.date)
    })
    .col("place", Kind::String, "Địa danh.", |d| opt(d.place.as_deref()))
    .col(
        "implements",
        Kind::String,
        "Mã văn bản cấp trên mà văn bản này thực hiện.",
        |d| {
            // The linked document's id when the site has it, else the reference as written.
            d.implements_link
                .as_ref()
                .and_then(|l| url_id.get(l.url.as_str()))
                .map(|x| Value::String(x.to_string()))
                .unwrap_or_else(|| opt(d.implements.as_deref()))
        },
    )
    .col("bases", Kind::List, "Số, ký hiệu các văn bản làm căn cứ.", |d| {
        list(d.bases.iter().map(|b| b.number.clone()))
    })
    .col("campaign", Kind::String, "Mã phong trào.", |d| opt(d.campaign.as_deref()))
    .col("periodFrom", Kind::Integer, "Năm đầu giai đoạn.", |d| {
        d.period.map(|p| Value::from(p.0)).unwrap_or(Value::Null)
    })
    .col("periodTo", Kind::Integer, "Năm cuối giai đoạn.", |d| {
        d.period.map(|p| Value::from(p.1)).unwrap_or(Value::Null)
    })
    .col(
        "decisionCount",
        Kind::Integer,
        "Số quyết định khen thưởng theo văn bản này.",
        |d| Value::from(d.decisions.len()),
    )
    .col(
        "decisionsMeetingRules",
        Kind::Integer,
        "Số quyết định trong đó đúng mọi quy định của văn bản.",
        |d| d.rule_totals.map(|t| Value::from(t.1)).unwrap_or(Value::Null),
    )
    .col(
        "name",
        Kind::String,
        "Tên gọi của văn bản: “Kế hoạch 263/KH-UBND”, hoặc khi không số “Kế hoạch của …, tháng … (không số)”.",
        |d| text(&d.name),
    )
    .fill()
}

fn decisions(site: &Site, url_id: &HashMap<&str, &str>) -> Filled {
    let cfg = &site.config;
    Table::new(
        "decisions",
        "Quyết định khen thưởng",
        "Mỗi dòng là một quyết định khen thưởng.",
        &site.decisions,
    )
    .col("id", Kind::String, "Mã cố định của quyết định.", |d| text(&d.id))
    .col("url", Kind::String, "Địa chỉ trang của quyết định.", |d| {
        url(cfg, &d.meta.url)
    })
    .col("number", Kind::String, "Số và ký hiệu; trống khi bản công bố để trống số.", |d| {
        opt(d.number_written())
    })
    .col("title", Kind::String, "Trích yếu.", |d| text(&d.meta.title))
    .col(
        "awardingOrganization",
        Kind::String,
        "Cơ quan ban hành quyết định, như lúc ban hành.",
        |d| text(&d.issuer),
    )
    .col("awardDate", Kind::Date, "Ngày ký quyết định.", |d| date(&d.meta.date))
    .col("form", Kind::String, "Mã hình thức khen thưởng (BKTINH, BKTTG, ...).", |d| {
        text(&d.form)
    })
    .col("formLabel", Kind::String, "Tên hình thức khen thưởng.", |d| text(&d.form_label))
    .col(
        "round",
        Kind::String,
        "Mã đợt (so-ket-2023, tong-ket-2025, hang-nam-2024, dot-xuat).",
        |d| opt(d.round.as_ref().map(|r| r.id.as_str())),
    )
    .col("campaign", Kind::String, "Mã phong trào.", |d| opt(d.campaign.as_deref()))
    .col(
        "plan",
        Kind::String,
        "Mã kế hoạch có quy định áp dụng cho quyết định.",
        |d| opt(d.plan_link.as_ref().and_then(|l| url_id.get(l.url.as_str())).copied()),
    )
    .col("recipientCount", Kind::Integer, "Số người, tập thể được khen.", |d| {
        Value::from(d.recipients.len())
    })
    .col(
        "meetsPlanRules",
        Kind::Boolean,
        "Đúng mọi quy định của kế hoạch (trống khi không có quy định nào áp dụng).",
        |d| d.findings_ok.map(Value::Bool).unwrap_or(Value::Null),
    )
    .col(
        "findings",
        Kind::String,
        "Kết quả đối chiếu với kế hoạch, như ghi trên trang.",
        |d| opt(d.findings_summary.as_deref()),
    )
    .col(
        "name",
        Kind::String,
        "Tên gọi của quyết định: “Quyết định 2105/QĐ-UBND”, hoặc khi không số “Quyết định của …, ngày … (không số)”.",
        |d| text(&d.name),
    )
    .fill()
}

/// One row per recipient of a decision.
fn awards(site: &Site) -> Filled {
    let cfg = &site.config;
    Table::new(
        "awards",
        "Người, tập thể được khen",
        "Mỗi dòng là một người, tập thể trong danh sách của một quyết định khen thưởng.",
        site.decisions.iter().flat_map(|d| d.recipients.iter().map(move |r| (d, r))),
    )
    .col(
        "id",
        Kind::String,
        "Mã của lần khen: mã quyết định, dấu #, mã người nhận.",
        |(d, r)| Value::String(format!("{}#{}", d.id, r.id)),
    )
    .col(
        "url",
        Kind::String,
        "Địa chỉ dòng của người nhận trong trang quyết định.",
        |(d, r)| url(cfg, &format!("{}#{}", d.meta.url, r.id)),
    )
    .col("title", Kind::String, "Tên hình thức khen thưởng.", |(d, _)| text(&d.form_label))
    .col("awardDate", Kind::Date, "Ngày ký quyết định.", |(d, _)| date(&d.meta.date))
    .col("decision", Kind::String, "Mã quyết định.", |(d, _)| text(&d.id))
    .col(
        "decisionNumber",
        Kind::String,
        "Số và ký hiệu của quyết định; trống khi bản công bố để trống số.",
        |(d, _)| opt(d.number_written()),
    )
    .col("awardingOrganization", Kind::String, "Cơ quan ban hành quyết định.", |(d, _)| {
        text(&d.issuer)
    })
    .col("form", Kind::String, "Mã hình thức khen thưởng.", |(d, _)| text(&d.form))
    .col("round", Kind::String, "Mã đợt khen thưởng.", |(d, _)| {
        opt(d.round.as_ref().map(|x| x.id.as_str()))
    })
    .col(
        "stt",
        Kind::Integer,
        "Số thứ tự trong phụ lục của quyết định.",
        |(_, r)| Value::from(r.stt),
    )
    .col(
        "recipientId",
        Kind::String,
        "Mã cố định của người, tập thể được khen (giống nhau ở mọi quyết định).",
        |(_, r)| text(&r.id),
    )
    .col("recipientName", Kind::String, "Tên người, tập thể được khen.", |(_, r)| {
        text(&r.name)
    })
    .col(
        "recipientKind",
        Kind::String,
        "individual, collective, household, enterprise hoặc cooperative.",
        |(_, r)| text(r.kind.key()),
    )
    .col("recipientPosition", Kind::String, "Chức vụ.", |(_, r)| opt(r.position.as_deref()))
    .col("recipientUnit", Kind::String, "Đơn vị.", |(_, r)| opt(r.unit.as_deref()))
    .col("recipientHamlet", Kind::String, "Thôn, ấp.", |(_, r)| {
        opt(r.locality.hamlet.as_deref())
    })
    .col("recipientCommune", Kind::String, "Xã, phường.", |(_, r)| {
        opt(r.locality.commune.as_deref())
    })
    .col("recipientDistrict", Kind::String, "Huyện (trước ngày 01/7/2025).", |(_, r)| {
        opt(r.locality.district.as_deref())
    })
    .col("recipientProvince", Kind::String, "Tỉnh, như lúc ký quyết định.", |(_, r)| {
        opt(r.locality.province.as_deref())
    })
    .col(
        "leader",
        Kind::Boolean,
        "Giữ chức vụ từ phó trưởng phòng trở lên.",
        |(_, r)| Value::Bool(r.leader),
    )
    .col("achievement", Kind::String, "Thành tích.", |(_, r)| opt(r.achievement.as_deref()))
    .col(
        "exemplar",
        Kind::String,
        "Mã gương điển hình, nếu có trang riêng.",
        |(_, r)| opt(r.exemplar.as_deref()),
    )
    .fill()
}

fn exemplars(site: &Site) -> Filled {
    let cfg = &site.config;
    Table::new(
        "exemplars",
        "Gương điển hình",
        "Mỗi dòng là một gương điển hình tiên tiến.",
        &site.exemplars,
    )
    .col("id", Kind::String, "Mã cố định (giống `recipientId` trong awards).", |e| {
        text(&e.id)
    })
    .col("url", Kind::String, "Địa chỉ trang.", |e| url(cfg, &e.meta.url))
    .col("name", Kind::String, "Tên.", |e| text(&e.name))
    .col(
        "kind",
        Kind::String,
        "individual, collective, household, enterprise hoặc cooperative.",
        |e| text(e.kind.key()),
    )
    .col("position", Kind::String, "Chức vụ.", |e| opt(e.position.as_deref()))
    .col("unit", Kind::String, "Đơn vị.", |e| opt(e.unit.as_deref()))
    .col("hamlet", Kind::String, "Thôn, ấp.", |e| opt(e.locality.hamlet.as_deref()))
    .col("commune", Kind::String, "Xã, phường.", |e| opt(e.locality.commune.as_deref()))
    .col("district", Kind::String, "Huyện.", |e| opt(e.locality.district.as_deref()))
    .col("province", Kind::String, "Tỉnh.", |e| opt(e.locality.province.as_deref()))
    .col("campaign", Kind::String, "Mã phong trào.", |e| opt(e.campaign.as_deref()))
    .col("achievements", Kind::List, "Thành tích.", |e| list(e.achievements.iter().cloned()))
    .col(
        "awardCount",
        Kind::Integer,
        "Số lần được khen trong các quyết định trên trang.",
        |e| Value::from(e.awards.len()),
    )
    .fill()
}

/// One row per target of a document, with its latest comparable year.
fn targets(site: &Site) -> Filled {
    let rows = site.documents.iter().flat_map(|d| {
        d.targets.iter().enumerate().map(move |(i, t)| {
            let latest =
                t.progress.as_ref().and_then(|p| p.rows.iter().rfind(|r| !r.status.is_empty()));
            (d, i + 1, t, latest)
        })
    });
    Table::new("targets", "Chỉ tiêu", "Mỗi dòng là một chỉ tiêu của một kế hoạch.", rows)
        .col("id", Kind::String, "Mã chỉ tiêu: mã văn bản, dấu #, số thứ tự.", |(d, n, _, _)| {
            Value::String(format!("{}#{n}", d.id))
        })
        .col("document", Kind::String, "Mã văn bản đặt chỉ tiêu.", |(d, ..)| text(&d.id))
        .col("documentNumber", Kind::String, "Số và ký hiệu của văn bản.", |(d, ..)| {
            opt(d.number_written())
        })
        .col("label", Kind::String, "Nội dung chỉ tiêu.", |(_, _, t, _)| text(&t.label))
        .col("value", Kind::Number, "Mức (một giá trị).", |(_, _, t, _)| num(t.value))
        .col("min", Kind::Number, "Mức thấp nhất của khoảng.", |(_, _, t, _)| num(t.min))
        .col("max", Kind::Number, "Mức cao nhất của khoảng.", |(_, _, t, _)| num(t.max))
        .col("unit", Kind::String, "Đơn vị (hộ, %, mô hình, ...).", |(_, _, t, _)| text(&t.unit))
        .col("per", Kind::String, "Tính theo (năm, huyện, ...).", |(_, _, t, _)| {
            opt(t.per.as_deref())
        })
        .col("by", Kind::String, "Thời hạn.", |(_, _, t, _)| opt(t.by.as_deref()))
        .col(
            "direction",
            Kind::String,
            "increase, decrease hoặc maintain (giảm: như tỷ lệ hộ nghèo).",
            |(_, _, t, _)| opt(t.direction.as_deref()),
        )
        .col("display", Kind::String, "Mức như ghi trên trang (2.000–2.500 hộ/năm).", |(_, _, t, _)| {
            text(&t.display)
        })
        .col(
            "targetId",
            Kind::String,
            "Mã của chỉ tiêu trong văn bản (`id`), dùng trong tệp số liệu chi-tieu/.",
            |(_, _, t, _)| text(&t.id),
        )
        .col(
            "actuals",
            Kind::String,
            "Số liệu từng năm như đã báo cáo: năm=giá trị, cách nhau bởi `; ` (chỉ tiêu giảm: mức của chỉ số cuối năm).",
            |(_, _, t, _)| {
                t.progress
                    .as_ref()
                    .map(|p| {
                        let years: Vec<String> =
                            p.rows.iter().map(|r| format!("{}={}", r.year, r.value)).collect();
                        text(&years.join("; "))
                    })
                    .unwrap_or(Value::Null)
            },
        )
        .col("latestYear", Kind::Number, "Năm gần nhất so sánh được với chỉ tiêu.", |(.., l)| {
            l.map(|r| Value::from(r.year)).unwrap_or(Value::Null)
        })
        .col(
            "latestAmount",
            Kind::Number,
            "Giá trị so với chỉ tiêu năm đó (chỉ tiêu giảm hằng năm: mức giảm so với năm trước).",
            |(.., l)| num(l.and_then(|r| r.amount)),
        )
        .col(
            "status",
            Kind::String,
            "Tình trạng năm gần nhất: dat (đạt), chua-dat (chưa đạt), vuot (vượt); trống khi chưa có số liệu.",
            |(.., l)| l.map(|r| text(r.status)).unwrap_or(Value::Null),
        )
        .col("yearsMet", Kind::Number, "Số năm đạt hoặc vượt chỉ tiêu.", |(_, _, t, _)| {
            t.progress.as_ref().map(|p| Value::from(p.years_met.0)).unwrap_or(Value::Null)
        })
        .col("yearsCompared", Kind::Number, "Số năm so sánh được.", |(_, _, t, _)| {
            t.progress.as_ref().map(|p| Value::from(p.years_met.1)).unwrap_or(Value::Null)
        })
        .fill()
}

/// The ranked vocabulary of award forms the checks use.
fn award_forms(site: &Site) -> Filled {
    Table::new(
        "awardForms",
        "Hình thức khen thưởng",
        "Mỗi dòng là một hình thức khen thưởng, theo thứ bậc từ cao xuống thấp, với loại người nhận được tặng.",
        &site.config.award_forms.forms,
    )
    .col(
        "id",
        Kind::String,
        "Mã hình thức khen thưởng (BKTINH, GKXA, ...), dùng trong các tệp khen-thuong/.",
        |f| text(&f.code),
    )
    .col("label", Kind::String, "Tên hình thức khen thưởng.", |f| text(&f.label))
    .col("rank", Kind::Number, "Thứ bậc, 1 là cao nhất.", |f| Value::from(f.rank))
    .col("authority", Kind::String, "Người có thẩm quyền quyết định.", |f| text(&f.authority))
    .col(
        "allowedKinds",
        Kind::Array,
        "Loại người nhận được tặng: individual, collective, household, enterprise, cooperative.",
        |f| list(f.allowed.iter().map(|k| k.key().to_string())),
    )
    .col(
        "custom",
        Kind::Boolean,
        "Trang thêm hoặc sửa trong site.yaml (award_forms), không có sẵn trong minhbach.",
        |f| Value::Bool(f.custom),
    )
    .fill()
}

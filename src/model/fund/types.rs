//! The fund's ledger as typed values: periods, receipts, disbursements, category totals, and
//! the code tables (donor kinds, channels, categories, levels).

use serde::Serialize;

use crate::diag::Pos;
use crate::model::records::DateView;
use crate::vi::PartialDate;

/// Donor kinds (code, label).
pub(crate) const DONOR_KINDS: &[(&str, &str)] = &[
    ("ca-nhan", "Cá nhân"),
    ("doanh-nghiep", "Doanh nghiệp"),
    ("co-quan", "Cơ quan"),
    ("to-chuc", "Tổ chức"),
];
/// Channels (code, label).
pub(crate) const CHANNELS: &[(&str, &str)] = &[
    ("tien-mat", "Tiền mặt"),
    ("chuyen-khoan", "Chuyển khoản"),
    ("kho-bac", "Kho bạc Nhà nước"),
    ("nhcsxh", "Ngân hàng Chính sách xã hội"),
    ("hien-vat", "Hiện vật (giá trị ước tính)"),
];
/// Disbursement categories (code, label).
pub(crate) const CATEGORIES: &[(&str, &str)] = &[
    ("nha-dai-doan-ket-xay-moi", "Xây mới nhà Đại đoàn kết"),
    ("nha-dai-doan-ket-sua-chua", "Sửa chữa nhà Đại đoàn kết"),
    ("sinh-ke", "Hỗ trợ sinh kế"),
    ("hoc-bong", "Học bổng"),
    ("kham-chua-benh", "Khám chữa bệnh"),
    ("qua-tet", "Quà Tết"),
    ("tro-cap-dot-xuat", "Trợ cấp đột xuất"),
    ("mai-tang", "Hỗ trợ mai táng"),
    ("khac", "Khác"),
];
/// Fund levels (code, label).
pub(crate) const LEVELS: &[(&str, &str)] =
    &[("tw", "Trung ương"), ("tinh", "Cấp tỉnh"), ("huyen", "Cấp huyện"), ("xa", "Cấp xã")];

/// How an anonymous donor is shown everywhere (pages, search, open data).
pub(crate) const ANONYMOUS_LABEL: &str = "Nhà hảo tâm ẩn danh";

/// Keys (folded) that would name a beneficiary: refused, since the fund publishes counts only.
pub(crate) const BENEFICIARY_KEYS: &[&str] = &[
    "beneficiary",
    "beneficiaries",
    "recipient",
    "name",
    "ten",
    "ho-ten",
    "ho-va-ten",
    "nguoi-nhan",
    "ten-nguoi-nhan",
    "nguoi-duoc-ho-tro",
    "ho-duoc-ho-tro",
    "doi-tuong-nhan",
    "chu-ho",
    "ten-chu-ho",
    "ten-ho",
    "danh-sach",
];

/// A receipt (khoản thu).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Receipt {
    /// Date.
    pub(crate) date: Option<DateView>,
    /// Parsed date.
    #[serde(skip)]
    pub(crate) sort_date: Option<PartialDate>,
    /// Donor name; `None` when anonymous.
    pub(crate) donor: Option<String>,
    /// Donor asked not to be named.
    pub(crate) anonymous: bool,
    /// What pages show: the name, or [`ANONYMOUS_LABEL`].
    pub(crate) donor_label: String,
    /// Given in kind (hiện vật): `amount` is the estimated value.
    pub(crate) in_kind: bool,
    /// Donor kind label.
    pub(crate) donor_kind: String,
    /// Channel label.
    pub(crate) channel: String,
    /// Amount in đồng.
    pub(crate) amount: i64,
    /// Receipt number.
    pub(crate) receipt_no: Option<String>,
    /// Purpose.
    pub(crate) purpose: Option<String>,
    /// Given during the Tháng cao điểm.
    pub(crate) peak_month: bool,
    /// What the webmaster adds (`note:`).
    pub(crate) note: Option<String>,
    /// The document the row comes from (`source:` {`number`, `url`}).
    pub(crate) source_doc: Option<PeriodSource>,
    /// `file:line` of the row.
    pub(crate) origin: String,
}

/// A disbursement (khoản chi). Beneficiaries are never named: counts by place and category only.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Disbursement {
    /// Date.
    pub(crate) date: Option<DateView>,
    /// Parsed date.
    #[serde(skip)]
    pub(crate) sort_date: Option<PartialDate>,
    /// Category code.
    pub(crate) category: String,
    /// Category label.
    pub(crate) category_label: String,
    /// Number of beneficiaries (households, people, houses).
    pub(crate) count: Option<i64>,
    /// Amount in đồng.
    pub(crate) amount: i64,
    /// Place.
    pub(crate) locality: Option<String>,
    /// Decision that approved it.
    pub(crate) decision: Option<String>,
    /// The decision's page, when the site has it.
    pub(crate) decision_url: Option<String>,
    /// What the webmaster adds (`note:`).
    pub(crate) note: Option<String>,
    /// The document the row comes from (`source:` {`number`, `url`}).
    pub(crate) source_doc: Option<PeriodSource>,
    /// `file:line` of the row.
    pub(crate) origin: String,
}

/// A total per category.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CategoryTotal {
    /// Label.
    pub(crate) label: String,
    /// Sum in đồng.
    pub(crate) amount: i64,
    /// Share of the total, in percent.
    pub(crate) share: f64,
    /// Beneficiaries.
    pub(crate) count: i64,
    /// The amount `category_totals` states, when it states one.
    pub(crate) stated: Option<i64>,
}

/// A figure a period states that differs from what its rows give, published as signed under
/// an `official:` declaration: the page shows both and the difference as a public finding.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct OfficialFinding {
    /// What the figure is, as a sentence names it (`tổng thu`, `số dư cuối kỳ`).
    pub(crate) figure: String,
    /// As stated in the period file (and the signed report).
    pub(crate) stated: i64,
    /// As computed from the rows.
    pub(crate) computed: i64,
    /// Stated − computed.
    pub(crate) difference: i64,
}

/// One accounting period of one fund.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Period {
    /// Id (`2024`), also the URL segment.
    pub(crate) id: String,
    /// Fund name.
    pub(crate) fund: String,
    /// Level label.
    pub(crate) level: String,
    /// First day.
    pub(crate) from: Option<DateView>,
    /// Last day.
    pub(crate) to: Option<DateView>,
    /// Parsed bounds.
    #[serde(skip)]
    pub(crate) bounds: (Option<PartialDate>, Option<PartialDate>),
    /// Opening balance.
    pub(crate) opening: i64,
    /// Closing balance as stated.
    pub(crate) closing: i64,
    /// Receipts, by date.
    pub(crate) receipts: Vec<Receipt>,
    /// Disbursements, by date.
    pub(crate) disbursements: Vec<Disbursement>,
    /// Sum of receipts.
    pub(crate) total_receipts: i64,
    /// Sum of disbursements.
    pub(crate) total_disbursements: i64,
    /// Receipts during the Tháng cao điểm.
    pub(crate) peak_receipts: i64,
    /// Totals per category.
    pub(crate) by_category: Vec<CategoryTotal>,
    /// Page.
    pub(crate) url: String,
    /// Source file.
    pub(crate) source: String,
    /// What the webmaster adds (`note:`).
    pub(crate) note: Option<String>,
    /// The report this period publishes (`source:` {`number`, `url`}).
    pub(crate) source_doc: Option<PeriodSource>,
    /// Free data (`extra:`).
    pub(crate) extra: serde_json::Value,
    /// The declaration that the stated figures are the official ones, as signed (`official:`).
    pub(crate) official: Option<Official>,
    /// `total_receipts` as the file states it, when it does.
    pub(crate) stated_receipts: Option<i64>,
    /// `total_disbursements` as the file states it, when it does.
    pub(crate) stated_disbursements: Option<i64>,
    /// Every stated figure that differs from the rows (totals, categories, their sum, the
    /// closing balance): only under an `official:` declaration, else such a difference is an
    /// error and nothing is published.
    pub(crate) official_findings: Vec<OfficialFinding>,
    /// Opening + receipts − disbursements, as computed from the rows.
    pub(crate) computed_closing: i64,
    /// Stated closing − computed closing: non-zero only under an `official:` declaration,
    /// and then published as a finding.
    pub(crate) closing_difference: i64,
    /// Where `closing:` is.
    #[serde(skip)]
    pub(crate) closing_pos: Pos,
    /// Where `opening:` is.
    #[serde(skip)]
    pub(crate) opening_pos: Pos,
}

/// The document a fund period publishes, or a receipt or disbursement comes from (`source:`).
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct PeriodSource {
    /// Its number (`05/BC-QVNN`).
    pub(crate) number: Option<String>,
    /// Where to read it.
    pub(crate) url: Option<String>,
}

/// `official: { by, reason }`: the stated figures (closing balance, total receipts and
/// disbursements, category totals) are published as signed, even when the rows do not add up
/// to them; each difference is then a public finding and a warning.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Official {
    /// The signed document that states the figures.
    pub(crate) by: String,
    /// Why they are published as they are.
    pub(crate) reason: String,
}

impl Period {
    /// Receipts and disbursements summed by (year, month) of their dates, in date order; a
    /// row dated with a year only counts under month 0.
    pub(crate) fn monthly_totals(&self) -> std::collections::BTreeMap<(i32, u8), (i64, i64)> {
        let mut m: std::collections::BTreeMap<(i32, u8), (i64, i64)> = Default::default();
        for r in &self.receipts {
            if let Some(d) = r.sort_date {
                m.entry((d.year, d.month.unwrap_or(0))).or_default().0 += r.amount;
            }
        }
        for r in &self.disbursements {
            if let Some(d) = r.sort_date {
                m.entry((d.year, d.month.unwrap_or(0))).or_default().1 += r.amount;
            }
        }
        m
    }
}

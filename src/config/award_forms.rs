//! The ranked vocabulary of award forms (DOMAIN §1.4) and the kinds of recipient each may go to: built in, extended or changed by `site.yaml` (`award_forms`).
//!
//! It lives in the config stage because `site.yaml` sets it; the model reads every recipient's
//! form through it ([`read_form`]).

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::read::fields::MapReader;
use crate::read::yaml::Node;
use crate::t;

/// Kinds of recipient and exemplar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RecipientKind {
    /// Cá nhân.
    Individual,
    /// Tập thể.
    Collective,
    /// Hộ gia đình.
    Household,
    /// Doanh nghiệp.
    Enterprise,
    /// Hợp tác xã.
    Cooperative,
}

/// The accepted spellings of recipient kinds.
pub(crate) const KIND_CHOICES: &[&str] =
    &["individual", "collective", "household", "enterprise", "cooperative"];

impl RecipientKind {
    /// From one of [`KIND_CHOICES`].
    pub(crate) fn from_choice(s: &str) -> RecipientKind {
        match s {
            "collective" => RecipientKind::Collective,
            "household" => RecipientKind::Household,
            "enterprise" => RecipientKind::Enterprise,
            "cooperative" => RecipientKind::Cooperative,
            _ => RecipientKind::Individual,
        }
    }

    /// Vietnamese label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            RecipientKind::Individual => "Cá nhân",
            RecipientKind::Collective => "Tập thể",
            RecipientKind::Household => "Hộ gia đình",
            RecipientKind::Enterprise => "Doanh nghiệp",
            RecipientKind::Cooperative => "Hợp tác xã",
        }
    }

    /// The key used in URLs and data (`individual`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            RecipientKind::Individual => "individual",
            RecipientKind::Collective => "collective",
            RecipientKind::Household => "household",
            RecipientKind::Enterprise => "enterprise",
            RecipientKind::Cooperative => "cooperative",
        }
    }

    /// Whether this kind is a person (named people get privacy rules).
    pub(crate) fn is_person(self) -> bool {
        matches!(self, RecipientKind::Individual | RecipientKind::Household)
    }
}

/// An award form of the ranked vocabulary (DOMAIN §1.4), built in or added in `site.yaml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AwardForm {
    /// Code used in content files.
    pub code: String,
    /// Full Vietnamese name.
    pub label: String,
    /// Rank, 1 = highest.
    pub rank: u8,
    /// Who decides it.
    pub authority: String,
    /// Recipient kinds it may go to.
    pub allowed: Vec<RecipientKind>,
    /// Whether `site.yaml` added or changed it.
    pub custom: bool,
}

const ALL: &[RecipientKind] = &[
    RecipientKind::Individual,
    RecipientKind::Collective,
    RecipientKind::Household,
    RecipientKind::Enterprise,
    RecipientKind::Cooperative,
];
const NO_HOUSEHOLD: &[RecipientKind] = &[
    RecipientKind::Individual,
    RecipientKind::Collective,
    RecipientKind::Enterprise,
    RecipientKind::Cooperative,
];

/// The built-in award forms this kind of campaign uses, highest first: (code, label, rank,
/// authority, allowed kinds). Huân chương go to individuals and collectives, never to households.
pub(crate) const AWARD_FORMS: &[(&str, &str, u8, &str, &[RecipientKind])] = &[
    ("HCLD1", "Huân chương Lao động hạng Nhất", 1, "Chủ tịch nước", NO_HOUSEHOLD),
    ("HCLD2", "Huân chương Lao động hạng Nhì", 2, "Chủ tịch nước", NO_HOUSEHOLD),
    ("HCLD3", "Huân chương Lao động hạng Ba", 3, "Chủ tịch nước", NO_HOUSEHOLD),
    ("HCLD", "Huân chương Lao động", 3, "Chủ tịch nước", NO_HOUSEHOLD),
    ("BKTTG", "Bằng khen của Thủ tướng Chính phủ", 4, "Thủ tướng Chính phủ", ALL),
    ("BKTINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 5, "Chủ tịch UBND tỉnh", ALL),
    (
        "GKSO",
        "Giấy khen của Thủ trưởng sở, ban, ngành, Mặt trận, đoàn thể tỉnh",
        6,
        "Thủ trưởng sở, ban, ngành",
        ALL,
    ),
    ("GKHUYEN", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", 7, "Chủ tịch UBND huyện", ALL),
    ("GKXA", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", 8, "Chủ tịch UBND xã", ALL),
    (
        "GKDV",
        "Giấy khen của Thủ trưởng cơ quan, đơn vị, doanh nghiệp",
        8,
        "Thủ trưởng cơ quan, đơn vị",
        ALL,
    ),
];

/// The ranked vocabulary of award forms of a site: the built-in ones plus those `site.yaml`
/// adds or changes (`award_forms`), highest rank first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AwardForms {
    /// Every form, by rank then code.
    pub forms: Vec<AwardForm>,
}

impl Default for AwardForms {
    fn default() -> AwardForms {
        AwardForms::builtin()
    }
}

impl AwardForms {
    /// The built-in vocabulary ([`AWARD_FORMS`]).
    pub(crate) fn builtin() -> AwardForms {
        AwardForms {
            forms: AWARD_FORMS
                .iter()
                .map(|(code, label, rank, authority, allowed)| AwardForm {
                    code: (*code).into(),
                    label: (*label).into(),
                    rank: *rank,
                    authority: (*authority).into(),
                    allowed: allowed.to_vec(),
                    custom: false,
                })
                .collect(),
        }
    }

    /// Looks a form up by its code (exact, case-sensitive).
    pub(crate) fn get(&self, code: &str) -> Option<&AwardForm> {
        self.forms.iter().find(|f| f.code == code)
    }

    /// The label of a code, or the code itself when unknown.
    pub(crate) fn label<'s>(&'s self, code: &'s str) -> &'s str {
        self.get(code).map(|f| f.label.as_str()).unwrap_or(code)
    }

    /// Every code, highest rank first.
    pub(crate) fn codes(&self) -> impl Iterator<Item = &str> {
        self.forms.iter().map(|f| f.code.as_str())
    }

    /// Adds or replaces a form and keeps the rank order.
    pub(crate) fn insert(&mut self, form: AwardForm) {
        match self.forms.iter_mut().find(|f| f.code == form.code) {
            Some(f) => *f = form,
            None => self.forms.push(form),
        }
        // Stable: forms of equal rank keep their order, a new one comes after them.
        self.forms.sort_by_key(|f| f.rank);
    }

    /// Reads `award_forms:` of `site.yaml`: each item adds a form (`code`, `label`, `rank`,
    /// `allowed`, optional `authority`) or changes a built-in one (any of `label`, `rank`,
    /// `allowed`, `authority`).
    pub(crate) fn read(list: &[Node], file: &Path, diags: &mut Vec<Diagnostic>) -> AwardForms {
        let mut out = AwardForms::builtin();
        for n in list {
            let Some(mut r) = MapReader::new(n, file, "award_forms", diags) else { continue };
            let code_node = r.node("code");
            let code = r.req_text("code", "KNC");
            let label = r.text("label");
            let rank_node = r.node("rank");
            let rank = r.int("rank");
            let authority = r.text("authority");
            let allowed_node = r.node("allowed");
            let allowed_raw = r.text_list("allowed");
            r.finish();
            let Some(code) = code.map(|c| c.trim().to_string()) else { continue };
            let cpos = code_node.map(|x| x.pos).unwrap_or(n.pos);
            if code.is_empty()
                || !code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                diags.push(
                    Diagnostic::error(
                        "bad-award-form",
                        file,
                        cpos,
                        t!(
                            "mã hình thức khen thưởng `{code}` chỉ được gồm chữ in hoa A-Z và chữ số",
                            "award form code `{code}` may contain only A-Z and digits"
                        ),
                    )
                    .with_hint(t!("ví dụ `code: KNC`", "for example `code: KNC`")),
                );
                continue;
            }
            let allowed_pos = allowed_node.map(|x| x.pos).unwrap_or(n.pos);
            let allowed = read_allowed(&allowed_raw, allowed_pos, file, diags);
            let rank = rank.and_then(|x| {
                check_rank(x, rank_node.map(|x| x.pos).unwrap_or(n.pos), file, diags)
            });
            let form = match out.get(&code).cloned() {
                Some(old) => AwardForm {
                    label: label.unwrap_or(old.label),
                    rank: rank.unwrap_or(old.rank),
                    authority: authority.unwrap_or(old.authority),
                    allowed: if allowed_node.is_some() { allowed } else { old.allowed },
                    custom: true,
                    code,
                },
                None => {
                    let mut missing = Vec::new();
                    if label.is_none() {
                        missing.push("label");
                    }
                    if rank_node.is_none() {
                        missing.push("rank");
                    }
                    if allowed_node.is_none() {
                        missing.push("allowed");
                    }
                    if !missing.is_empty() {
                        let m = missing.join(", ");
                        diags.push(
                            Diagnostic::error(
                                "bad-award-form",
                                file,
                                n.pos,
                                t!(
                                    "hình thức khen thưởng mới `{code}` thiếu {m}",
                                    "new award form `{code}` has no {m}"
                                ),
                            )
                            .with_hint(t!(
                                "ví dụ `{{ code: {code}, label: Kỷ niệm chương ..., rank: 6, allowed: [individual] }}`",
                                "for example `{{ code: {code}, label: Kỷ niệm chương ..., rank: 6, allowed: [individual] }}`"
                            )),
                        );
                        continue;
                    }
                    AwardForm {
                        label: label.unwrap_or_default(),
                        rank: rank.unwrap_or(99),
                        authority: authority.unwrap_or_default(),
                        allowed,
                        custom: true,
                        code,
                    }
                }
            };
            out.insert(form);
        }
        out
    }
}

/// The recipient kinds of `allowed:`, each unknown one reported at `pos`.
fn read_allowed(
    raw: &[String],
    pos: Pos,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RecipientKind> {
    let mut allowed = Vec::new();
    for k in raw {
        if KIND_CHOICES.contains(&k.as_str()) {
            let kind = RecipientKind::from_choice(k);
            if !allowed.contains(&kind) {
                allowed.push(kind);
            }
        } else {
            let list = KIND_CHOICES.join(", ");
            diags.push(
                Diagnostic::error(
                    "bad-award-form",
                    file,
                    pos,
                    t!(
                        "loại người nhận `{k}` không có trong danh mục",
                        "recipient kind `{k}` is not known"
                    ),
                )
                .with_hint(t!("dùng: {list}", "use: {list}")),
            );
        }
    }
    allowed
}

/// A `rank:` from 1 (highest) to 99; anything else is reported at `pos`.
fn check_rank(x: i64, pos: Pos, file: &Path, diags: &mut Vec<Diagnostic>) -> Option<u8> {
    if (1..=99).contains(&x) {
        return Some(x as u8);
    }
    diags.push(Diagnostic::error(
        "bad-award-form",
        file,
        pos,
        t!("`rank: {x}` phải từ 1 (cao nhất) đến 99", "`rank: {x}` must be from 1 (highest) to 99"),
    ));
    None
}

/// Reads an award form code, reporting unknown ones with a suggestion.
pub(crate) fn read_form<'f>(
    forms: &'f AwardForms,
    code: &str,
    node: &Node,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'f AwardForm> {
    let code = code.trim();
    if let Some(f) = forms.get(code) {
        return Some(f);
    }
    let list = forms.codes().collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::error(
        "unknown-award-form",
        file,
        node.pos,
        t!(
            "hình thức khen thưởng `{code}` không có trong danh mục",
            "award form `{code}` is not in the vocabulary"
        ),
    );
    d = match crate::diag::suggest(code, forms.codes()) {
        Some(s) => d.with_hint(t!(
            "có phải ý bạn là `{s}`? Các mã: {list}; thêm mã mới trong `award_forms` của site.yaml",
            "did you mean `{s}`? Codes: {list}; add new codes under `award_forms` in site.yaml"
        )),
        None => d.with_hint(t!(
            "dùng một mã: {list}; hoặc thêm mã mới trong `award_forms` của site.yaml",
            "use one of: {list}; or add a new code under `award_forms` in site.yaml"
        )),
    };
    diags.push(d);
    None
}

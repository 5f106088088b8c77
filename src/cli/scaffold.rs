//! Scaffolding: `minhbach init` (a new site that builds) and `minhbach new` (a content file with the right keys).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Text;
use crate::{t, vi};

/// Why `init` or `new` refused or failed.
#[derive(Debug)]
pub(crate) enum ScaffoldError {
    /// `init` was given a folder that has files in it.
    NotEmpty(PathBuf),
    /// The title has nothing to make a slug from.
    EmptyTitle,
    /// `new` does not know this kind.
    UnknownKind(String),
    /// The file to create exists (relative to the site root).
    Exists(String),
    /// Reading or writing failed.
    Io(io::Error),
}

impl From<io::Error> for ScaffoldError {
    fn from(e: io::Error) -> ScaffoldError {
        ScaffoldError::Io(e)
    }
}

impl ScaffoldError {
    /// The message, in both languages.
    pub(crate) fn text(&self) -> Text {
        match self {
            ScaffoldError::NotEmpty(dir) => {
                let d = dir.display();
                t!(
                    "{d} đã có dữ liệu: chọn thư mục trống",
                    "{d} is not empty: choose an empty folder"
                )
            }
            ScaffoldError::EmptyTitle => t!("tiêu đề trống", "empty title"),
            ScaffoldError::UnknownKind(kind) => {
                let known = NEW_KINDS.join(", ");
                t!("loại `{kind}` không có: {known}", "unknown kind `{kind}`: {known}")
            }
            ScaffoldError::Exists(rel) => t!("{rel} đã có", "{rel} already exists"),
            ScaffoldError::Io(e) => t!("{e}", "{e}"),
        }
    }
}

const SITE_YAML: &str = r#"# Cấu hình trang: xem README, mục "site.yaml".
title: "Thi đua “Vì người nghèo”"
base_url: https://thidua.example.gov.vn/
language: vi
description: Kế hoạch, gương điển hình, khen thưởng và Quỹ “Vì người nghèo” của tỉnh.
organization:
  name: Ban Thi đua - Khen thưởng tỉnh
  email: bantdkt@example.gov.vn
theme: default
illustrative: true
paginate: 20
"#;

const FILES: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "---\ntitle: Trang chủ\ndescription: Công khai kế hoạch, khen thưởng và Quỹ “Vì người nghèo”.\n---\nTrang thông tin về phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau”.\n",
    ),
    (
        "content/phong-trao/vi-nguoi-ngheo-2021-2025.md",
        "---\ntitle: Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025\nshort_title: Vì người nghèo 2021 - 2025\nperiod: { from: 2021, to: 2025 }\nstatus: ended\nlaunched_by: 666/QĐ-TTg\n---\nGiới thiệu ngắn về phong trào.\n",
    ),
    (
        "content/van-ban/666-qd-ttg-2022.md",
        "---\nnumber: 666/QĐ-TTg\nissuer: Thủ tướng Chính phủ\nplace: Hà Nội\ndate: 2022-06-02\ntitle: Ban hành Kế hoạch tổ chức thực hiện Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025\ncampaign: vi-nguoi-ngheo-2021-2025\n---\nTóm tắt nội dung quyết định.\n",
    ),
    (
        "content/van-ban/ke-hoach-mau.md",
        "---\nnumber: 12/KH-UBND\nissuer: Ủy ban nhân dân tỉnh\nplace: Tỉnh\ndate: 2022-09-16\ntitle: Tổ chức thực hiện phong trào thi đua “Vì người nghèo” trên địa bàn tỉnh\nsigner: { authority: KT., superior: CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Nguyễn Văn B }\nbases:\n  - { number: 666/QĐ-TTg, date: 2022-06-02, issuer: Thủ tướng Chính phủ }\ncampaign: vi-nguoi-ngheo-2021-2025\nperiod: { from: 2021, to: 2025 }\ntargets:\n  - { label: Giảm số hộ nghèo, min: 2000, max: 2500, unit: hộ, per: năm, direction: decrease }\naward_forms: [BKTTG, BKTINH]\nquotas:\n  - { round: so-ket-2023, form: BKTINH, collective: 5, individual: 10 }\nleader_share_max: 40\nmilestones:\n  - { date: 2023, label: Sơ kết giữa kỳ }\n---\n## Mục đích\n\nNội dung kế hoạch.\n",
    ),
    (
        "content/guong-dien-hinh/nguyen-van-a.md",
        "---\nid: nguyen-van-a\nname: Nguyễn Văn A\nkind: individual\nposition: Trưởng ấp\nlocality: { hamlet: ấp 1, commune: xã Tân Tiến, province: tỉnh Bình Phước }\ncampaign: vi-nguoi-ngheo-2021-2025\nachievements:\n  - Vận động 12 hộ thoát nghèo\n---\nCâu chuyện của gương điển hình.\n",
    ),
    (
        "content/khen-thuong/qd-mau.md",
        "---\nnumber: 100/QĐ-UBND\nissuer: Ủy ban nhân dân tỉnh\ndate: 2023-11-20\ntitle: Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\nform: BKTINH\nround: so-ket-2023\ncampaign: vi-nguoi-ngheo-2021-2025\nplan: 12/KH-UBND\nrecipients:\n  - { kind: collective, name: Ủy ban nhân dân xã Tân Tiến, locality: { commune: xã Tân Tiến }, achievement: Hoàn thành vượt chỉ tiêu giảm nghèo }\n  - { id: nguyen-van-a, kind: individual, name: Nguyễn Văn A, position: Trưởng ấp, leader: false, exemplar: nguyen-van-a, achievement: Vận động hộ nghèo thoát nghèo }\n---\n",
    ),
    (
        "content/quy/2024.yaml",
        "fund: Quỹ “Vì người nghèo” tỉnh\nlevel: tinh\nperiod: { id: 2024, from: 2024-01-01, to: 2024-12-31 }\nopening: 100000000\nreceipts:\n  - { date: 2024-10-20, donor: Công ty TNHH Mẫu, donor_kind: doanh-nghiep, channel: chuyen-khoan, amount: 50000000, receipt_no: PT-001, peak_month: true }\ndisbursements:\n  - { date: 2024-11-05, category: nha-dai-doan-ket-xay-moi, count: 1, amount: 60000000, locality: xã Tân Tiến }\nclosing: 90000000\n",
    ),
    (
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\ndescription: Về trang thông tin này.\n---\nTrang do Ban Thi đua - Khen thưởng tỉnh quản lý.\n",
    ),
    (
        "content/tuyen-bo-tro-nang.md",
        "---\ntitle: Tuyên bố về khả năng tiếp cận\n---\nTrang hướng tới chuẩn WCAG 2.1 mức AA. Nếu gặp khó khăn khi sử dụng, vui lòng gửi thư cho chúng tôi.\n",
    ),
    ("content/tin-tuc/_index.md", "---\ntitle: Tin tức\n---\n"),
    (
        "content/tin-tuc/phat-dong.md",
        "---\ntitle: Phát động phong trào thi đua\ndate: 2022-09-20\ntags: [phát động]\ncategories: [Tin hoạt động]\n---\nNội dung tin.\n",
    ),
    ("templates/.gitkeep", ""),
    ("static/.gitkeep", ""),
    (".gitignore", "/public\n/.minhbach-cache\n"),
];

/// Creates a new site in `dir` (which must not exist or be empty). Returns the files written.
pub(crate) fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    let mut put = |rel: &str, text: &str| -> io::Result<()> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&p, text)?;
        written.push(p);
        Ok(())
    };
    put("site.yaml", SITE_YAML)?;
    for (rel, text) in FILES {
        put(rel, text)?;
    }
    Ok(written)
}

/// Kinds `minhbach new` creates.
pub(crate) const NEW_KINDS: &[&str] =
    &["page", "news", "document", "plan", "exemplar", "decision", "campaign"];

/// Creates a content file for `kind` titled `title` under `root`. Returns its path.
pub(crate) fn new_content(
    root: &Path,
    kind: &str,
    title: &str,
    date: &str,
) -> Result<PathBuf, ScaffoldError> {
    let title = vi::nfc(title.trim());
    let slug = vi::slugify(&title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let t = q(&title);
    let (rel, text) = match kind {
        "page" => {
            (format!("content/{slug}.md"), format!("---\ntitle: {t}\ndescription: \"\"\n---\n\n"))
        }
        "news" => (
            format!("content/tin-tuc/{slug}.md"),
            format!(
                "---\ntitle: {t}\ndate: {date}\ndescription: \"\"\ntags: []\ncategories: []\n---\n\n"
            ),
        ),
        "document" | "plan" => (
            format!("content/van-ban/{slug}.md"),
            format!(
                "---\n# số và ký hiệu như ghi trên văn bản; để trống số nếu bản công bố để trống: \"/KH-UBND\"\nnumber: \"\"\nissuer: \"\"\nplace: \"\"\ndate: {date}\ntitle: {t}\nsigner: {{ authority: KT., superior: CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: \"\" }}\nrecipients: []\nbases: []\ncampaign: vi-nguoi-ngheo-2021-2025\nperiod: {{ from: 2021, to: 2025 }}\ntargets: []\naward_forms: []\nquotas: []\nmilestones: []\n---\n\n"
            ),
        ),
        "exemplar" => (
            format!("content/guong-dien-hinh/{slug}.md"),
            format!(
                "---\nid: {slug}\nname: {t}\nkind: individual\nposition: \"\"\nunit: \"\"\nlocality: {{ hamlet: \"\", commune: \"\", province: \"\" }}\ncampaign: vi-nguoi-ngheo-2021-2025\nachievements: []\ndate: {date}\n---\n\n"
            ),
        ),
        "decision" => (
            format!("content/khen-thuong/{slug}.md"),
            format!(
                "---\nnumber: \"\"\nissuer: \"\"\ndate: {date}\ntitle: {t}\nform: BKTINH\nround: so-ket-2023\ncampaign: vi-nguoi-ngheo-2021-2025\nplan: \"\"\nrecipients:\n  - {{ kind: individual, name: \"\", position: \"\", unit: \"\", leader: false, achievement: \"\" }}\n---\n\n"
            ),
        ),
        "campaign" => (
            format!("content/phong-trao/{slug}.md"),
            format!(
                "---\nid: {slug}\ntitle: {t}\nperiod: {{ from: 2026, to: 2030 }}\nstatus: planned\n---\n\n"
            ),
        ),
        other => {
            return Err(ScaffoldError::UnknownKind(other.to_string()));
        }
    };
    // Joined name by name, so that Windows prints `.\content\tin-tuc\x.md`, not a mix of \ and /.
    let path = rel.split('/').fold(root.to_path_buf(), |p, name| p.join(name));
    if path.exists() {
        return Err(ScaffoldError::Exists(rel));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&path, text)?;
    Ok(path)
}

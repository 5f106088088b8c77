#!/usr/bin/env python3
"""Generate a deterministic fund benchmark site: N ledger rows (default 200 000).

Usage:
    gen_fund.py OUT_DIR [--rows 200000] [--years 5] [--seed 1]

Writes (see benches/README.md, "Fund benchmark"):
    OUT_DIR/site.yaml                      minhbach site settings
    OUT_DIR/content/quy/YYYY.yaml          one period per year, opening and closing balanced
    OUT_DIR/content/quy/YYYY-thu.csv       receipts as Excel exports them (BOM, `;`)
    OUT_DIR/content/quy/YYYY-chi.csv       disbursements (no BOM, `,`)

Three rows in four are receipts. Donors come from a pool of 5 000 names (some give many times),
one receipt in twenty is anonymous, receipts between 17/10 and 18/11 are tagged for the Tháng
cao điểm. Standard library only; the same arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random

KINDS = ["ca-nhan", "doanh-nghiep", "co-quan", "to-chuc"]
CHANNELS = ["tien-mat", "chuyen-khoan", "kho-bac", "nhcsxh", "hien-vat"]
CATEGORIES = [
    "nha-dai-doan-ket-xay-moi", "nha-dai-doan-ket-sua-chua", "sinh-ke", "hoc-bong",
    "kham-chua-benh", "qua-tet", "tro-cap-dot-xuat", "mai-tang", "khac",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Liên", "Long",
         "Mai", "Nam", "Phúc", "Phước", "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Yến"]
FIRMS = ["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]
TRADES = ["Cao su", "Điều", "Hồ tiêu", "Vật liệu xây dựng", "Nông sản", "Vận tải", "Gỗ", "Điện mặt trời"]
DISTRICTS = ["Bù Gia Mập", "Bù Đăng", "Bù Đốp", "Lộc Ninh", "Phú Riềng", "Đồng Phú", "Hớn Quản",
             "Chơn Thành", "Hoa Lư", "Đồng Xoài", "Bình Long", "Phước Long"]


def donors(rng: random.Random, n: int) -> list[tuple[str, str]]:
    out, seen = [], set()
    while len(out) < n:
        k = rng.choice(KINDS)
        if k == "ca-nhan":
            name = f"{rng.choice(['Ông', 'Bà'])} {rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        elif k == "doanh-nghiep":
            name = f"{rng.choice(FIRMS)} {rng.choice(TRADES)} {rng.choice(GIVEN)} {rng.randint(1, 999)}"
        elif k == "co-quan":
            name = f"Cán bộ, công chức phòng {rng.randint(1, 400)} huyện {rng.choice(DISTRICTS)}"
        else:
            name = f"Hội {rng.choice(TRADES)} xã {rng.choice(GIVEN)} {rng.randint(1, 300)}"
        if name not in seen:
            seen.add(name)
            out.append((name, k))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    qdir = os.path.join(a.out, "content", "quy")
    os.makedirs(qdir, exist_ok=True)
    with open(os.path.join(a.out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "Quỹ “Vì người nghèo” (benchmark)"\nbase_url: https://quy.example.gov.vn/\n'
                "language: vi\norganization: { name: Ban Vận động quỹ tỉnh }\nillustrative: true\n"
                "feeds: false\n")
    pool = donors(rng, 5000)
    per_year = a.rows // a.years
    balance = 2_000_000_000
    for y in range(2025 - a.years, 2025):
        n_rec = per_year * 3 // 4
        n_dis = per_year - n_rec
        start = dt.date(y, 1, 1)
        days = [start + dt.timedelta(days=rng.randrange(365)) for _ in range(n_rec)]
        days.sort()
        total_r = 0
        with open(os.path.join(qdir, f"{y}-thu.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("\ufeffngày;nhà hảo tâm;ẩn danh;loại;hình thức;số tiền;số phiếu;nội dung;cao điểm\r\n")
            for i, d in enumerate(days):
                name, kind = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1) if rng.random() < 0.3 else rng.randrange(len(pool))]
                anon = rng.random() < 0.05
                amount = rng.choice([100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000]) * rng.randint(1, 20)
                total_r += amount
                peak = (d.month, d.day) >= (10, 17) and (d.month, d.day) <= (11, 18)
                f.write(f"{d.day:02}/{d.month:02}/{y};{'' if anon else name};{'x' if anon else ''};{kind};"
                        f"{rng.choice(CHANNELS)};{amount};PT-{y}-{i + 1:06};Ủng hộ quỹ năm {y};{'có' if peak else 'không'}\r\n")
        # Disbursements: spend about what came in, never below zero at the end.
        budget = total_r + balance // 2
        amounts = [rng.randint(1, 60) * 500_000 for _ in range(n_dis)]
        scale = budget / max(1, sum(amounts))
        amounts = [max(100_000, int(x * scale) // 1000 * 1000) for x in amounts]
        ddays = sorted(start + dt.timedelta(days=rng.randrange(365)) for _ in range(n_dis))
        with open(os.path.join(qdir, f"{y}-chi.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("date,category,count,amount,locality,decision\n")
            for i, (d, amount) in enumerate(zip(ddays, amounts)):
                f.write(f"{d.isoformat()},{rng.choice(CATEGORIES)},{rng.randint(1, 40)},{amount},"
                        f"huyện {rng.choice(DISTRICTS)},{i % 300 + 1}/QĐ-BVĐ\n")
        closing = balance + total_r - sum(amounts)
        with open(os.path.join(qdir, f"{y}.yaml"), "w", encoding="utf-8") as f:
            f.write(f"fund: Quỹ “Vì người nghèo” tỉnh (benchmark)\nlevel: tinh\n"
                    f"period: {{ id: {y}, from: {y}-01-01, to: {y}-12-31 }}\n"
                    f"opening: {balance}\nreceipts_csv: [{y}-thu.csv]\ndisbursements_csv: [{y}-chi.csv]\n"
                    f"closing: {closing}\n")
        balance = closing
    print(f"gen_fund.py: {a.rows} rows in {a.years} periods under {a.out}")


if __name__ == "__main__":
    main()

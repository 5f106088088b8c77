#!/usr/bin/env python3
"""Generate a deterministic benchmark site for minhbach, with a Hugo twin.

Usage:
    gen_site.py OUT_DIR [--pages 10000] [--exemplars 10000] [--seed 1] [--custom-keys]

Writes (see benches/README.md):
    OUT_DIR/site.yaml                                   minhbach site settings
    OUT_DIR/content/_index.md                           home intro
    OUT_DIR/content/tin-tuc/_index.md                   news section
    OUT_DIR/content/tin-tuc/bai-NNNNN.md                Hugo-style pages
    OUT_DIR/content/guong-dien-hinh/NNNNN.md            exemplars (minhbach schema)
    OUT_DIR/content/phong-trao/vi-nguoi-ngheo-2021-2025.md   the campaign they refer to
    OUT_DIR/hugo/                                       the same content for Hugo:
        hugo.yaml, layouts/ (a small but real layout set), content/ (a copy)

Standard library only. The same arguments always give byte-identical files.
All text is NFC-normalised.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import unicodedata

CAMPAIGN_ID = "vi-nguoi-ngheo-2021-2025"
CAMPAIGN_TITLE = 'Phong trào thi đua "Vì người nghèo - Không để ai bị bỏ lại phía sau"'

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lâm", "Trương", "Mai",
]
MIDDLE_MALE = ["Văn", "Hữu", "Minh", "Đức", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Trọng", "Văn"]
MIDDLE_FEMALE = ["Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thanh", "Thị Hồng", "Thị Mỹ", "Thị"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Minh", "Nam",
    "Phúc", "Quyết", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Vinh", "Lợi", "Đạt",
    "Hiếu", "Nghĩa", "Toàn", "Thành", "Lộc",
]
GIVEN_FEMALE = [
    "Hương", "Lan", "Mai", "Nga", "Hoa", "Yến", "Trang", "Thảo", "Hằng", "Liên",
    "Nhung", "Phượng", "Xuân", "Hạnh", "Tuyết", "Loan", "Dung", "Oanh",
]

# province -> district -> communes
GEO = {
    "Bình Phước": {
        "huyện Bù Đốp": ["xã Tân Tiến", "xã Thiện Hưng", "xã Hưng Phước", "xã Phước Thiện", "xã Tân Thành", "xã Thanh Hòa"],
        "huyện Lộc Ninh": ["xã Lộc Hiệp", "xã Lộc Thịnh", "xã Lộc Tấn", "xã Lộc An", "xã Lộc Thành"],
        "huyện Bù Gia Mập": ["xã Phú Nghĩa", "xã Đắk Ơ", "xã Bù Gia Mập", "xã Đa Kia"],
        "huyện Hớn Quản": ["xã Tân Hiệp", "xã An Khương", "xã Thanh An", "xã Phước An"],
    },
    "Đắk Nông": {
        "huyện Tuy Đức": ["xã Quảng Tân", "xã Đắk Buk So", "xã Quảng Trực"],
        "huyện Đắk Glong": ["xã Quảng Khê", "xã Đắk Som", "xã Đắk R'Măng"],
    },
    "Hà Giang": {
        "huyện Đồng Văn": ["xã Lũng Cú", "xã Sà Phìn", "xã Phố Bảng"],
        "huyện Mèo Vạc": ["xã Pả Vi", "xã Xín Cái", "xã Sơn Vĩ"],
    },
    "Sóc Trăng": {
        "huyện Trần Đề": ["xã Lịch Hội Thượng", "xã Đại Ân 2", "xã Trung Bình"],
        "huyện Châu Thành": ["xã Phú Tâm", "xã Thuận Hòa", "xã Hồ Đắc Kiện"],
    },
    "Kon Tum": {
        "huyện Kon Plông": ["xã Hiếu", "xã Măng Cành", "xã Đắk Long"],
        "huyện Tu Mơ Rông": ["xã Đắk Hà", "xã Tê Xăng", "xã Ngọk Yêu"],
    },
    "Điện Biên": {
        "huyện Mường Nhé": ["xã Chung Chải", "xã Leng Su Sìn", "xã Sín Thầu"],
        "huyện Tủa Chùa": ["xã Huổi Só", "xã Sín Chải"],
    },
}
HAMLET_PREFIX = ["ấp", "thôn", "bản", "buôn", "sóc", "tổ dân phố"]
HAMLET_NAMES = ["1", "2", "3", "4", "5", "6", "Tân Hòa", "Thanh Bình", "Cây Da", "Nà Lừa",
                "Bù Tam", "Sóc Lớn", "Đồng Tâm", "Hưng Thịnh", "Bù Dinh", "Ba Tầng"]

SUBJECTS = [
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Nông dân huyện", "Hội Liên hiệp Phụ nữ xã",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Ban Chỉ đạo các chương trình mục tiêu quốc gia",
    "Ngân hàng Chính sách xã hội", "Hội Cựu chiến binh", "chính quyền địa phương",
    "các hộ gia đình trong ấp", "bà con đồng bào dân tộc thiểu số", "các nhà hảo tâm",
    "nhiều doanh nghiệp trên địa bàn", "cán bộ, đảng viên", "Ban Vận động Quỹ \"Vì người nghèo\"",
    "Ban Công tác Mặt trận ở khu dân cư", "các tổ chức chính trị - xã hội", "người có uy tín trong cộng đồng",
    "Phòng Lao động - Thương binh và Xã hội", "Hội Chữ thập đỏ", "các chi hội nông dân",
]
VERBS = [
    "đã hỗ trợ", "tích cực vận động", "phối hợp triển khai", "trao tặng", "xây dựng mới",
    "sửa chữa", "tổ chức tập huấn về", "giải ngân", "hướng dẫn bà con", "rà soát",
    "kịp thời thăm hỏi và tặng", "ủng hộ", "chuyển giao", "nhân rộng", "đầu tư",
    "huy động nguồn lực để thực hiện", "đồng hành cùng người nghèo trong", "ra quân thực hiện",
]
OBJECTS = [
    "nhà Đại đoàn kết", "con giống", "cây giống và phân bón", "học bổng cho học sinh nghèo vượt khó",
    "thẻ bảo hiểm y tế", "quà Tết cho hộ nghèo", "mô hình sinh kế", "kỹ thuật chăn nuôi bò sinh sản",
    "vốn vay ưu đãi", "công trình nước sạch", "đường giao thông nông thôn", "xe đạp cho học sinh",
    "bò giống", "mô hình trồng điều ghép", "lớp dạy nghề ngắn hạn", "máy móc nông nghiệp",
    "gạo cứu đói giáp hạt", "sách vở và đồ dùng học tập", "mái ấm tình thương", "chuồng trại chăn nuôi",
    "tiêu chí tiếp cận dịch vụ xã hội cơ bản", "đất sản xuất cho đồng bào", "công cụ lao động",
]
COMPLEMENTS = [
    "nhằm giúp người dân vươn lên thoát nghèo bền vững",
    "góp phần thực hiện thắng lợi Phong trào thi đua \"Vì người nghèo - Không để ai bị bỏ lại phía sau\"",
    "trên địa bàn tỉnh", "trong giai đoạn 2021-2025", "cho các hộ nghèo, hộ cận nghèo",
    "theo chuẩn nghèo đa chiều", "tại các xã đặc biệt khó khăn", "ở vùng đồng bào dân tộc thiểu số",
    "với sự đồng thuận cao của nhân dân", "trước mùa mưa bão", "nhân dịp Tết Nguyên đán",
    "theo đúng quy định", "một cách công khai, minh bạch", "đúng đối tượng, đúng tiêu chuẩn",
    "với tinh thần \"lá lành đùm lá rách\"", "trong Tháng cao điểm \"Vì người nghèo\"",
    "để không ai bị bỏ lại phía sau", "theo Chương trình mục tiêu quốc gia giảm nghèo bền vững",
]
CONNECTORS = [
    "Bên cạnh đó,", "Ngoài ra,", "Đặc biệt,", "Qua đó,", "Nhờ vậy,", "Trong năm qua,",
    "Theo báo cáo,", "Đến nay,", "Cùng với đó,", "Từ đầu năm đến nay,", "Tuy nhiên,",
    "Thời gian tới,", "Có thể nói,", "Song song với đó,",
]
RESULT_SENTENCES = [
    "toàn {district} đã giảm {n} hộ nghèo, đạt {p}% kế hoạch năm",
    "tỷ lệ hộ nghèo đa chiều giảm xuống còn {f}%",
    "đã có {n} hộ đăng ký thoát nghèo và được công nhận",
    "Quỹ \"Vì người nghèo\" đã tiếp nhận hơn {m} triệu đồng từ các tập thể, cá nhân",
    "{n} căn nhà Đại đoàn kết đã được bàn giao cho các hộ khó khăn về nhà ở",
    "hơn {n} lượt hộ nghèo được vay vốn với tổng dư nợ {m} triệu đồng",
    "{n} học sinh thuộc hộ nghèo được nhận học bổng, mỗi suất {k} triệu đồng",
    "{q}% người thuộc hộ nghèo, hộ cận nghèo được cấp thẻ bảo hiểm y tế",
]
QUOTES = [
    "Có căn nhà mới, gia đình tôi yên tâm làm ăn, con cái được đi học đầy đủ",
    "Cán bộ đến tận nhà hướng dẫn cách chăm sóc bò, nhờ vậy đàn bò nhà tôi tăng lên",
    "Thoát nghèo là nhờ mình cố gắng, nhưng không có sự giúp đỡ của bà con thì khó lắm",
    "Chúng tôi xác định giảm nghèo phải bắt đầu từ thay đổi nếp nghĩ, cách làm của người dân",
    "Mỗi đồng ủng hộ đều được công khai, người dân ai cũng có thể kiểm tra",
]
HEADINGS = [
    "Kết quả nổi bật", "Những cách làm hay", "Khó khăn, vướng mắc", "Phương hướng thời gian tới",
    "Về công tác tuyên truyền", "Huy động nguồn lực xã hội", "Hỗ trợ sinh kế cho hộ nghèo",
    "Chăm lo nhà ở cho người nghèo", "Gương điển hình tiên tiến", "Vai trò của người có uy tín",
    "Công khai, minh bạch Quỹ \"Vì người nghèo\"", "Bài học kinh nghiệm",
]
LIST_LEADS = [
    "Hỗ trợ sinh kế", "Nhà ở", "Giáo dục", "Y tế", "Việc làm", "Nước sạch", "Tín dụng chính sách",
    "Thông tin", "Dạy nghề", "Chuyển đổi cây trồng",
]
TITLE_TEMPLATES = [
    "{district} hỗ trợ người nghèo xây nhà Đại đoàn kết",
    "Gương điển hình: {hon} {name} giúp đồng bào dân tộc thiểu số thoát nghèo",
    "{hon} {name}: điển hình trong phong trào \"Vì người nghèo\" ở {province}",
    "{province}: trao {n} căn nhà Đại đoàn kết cho hộ nghèo",
    "Đồng bào dân tộc thiểu số {commune} vươn lên thoát nghèo",
    "Tuyên dương {n} điển hình tiên tiến trong phong trào \"Vì người nghèo\"",
    "Người nghèo {district} được tiếp cận vốn vay ưu đãi",
    "Sơ kết giữa kỳ phong trào thi đua \"Vì người nghèo\" tại {province}",
    "{commune}: mô hình nuôi bò sinh sản giúp người nghèo có thu nhập ổn định",
    "{hon} {name}, người \"giữ lửa\" phong trào giảm nghèo ở {commune}",
    "Chung tay vì người nghèo, không để ai bị bỏ lại phía sau ở {district}",
    "Tháng cao điểm \"Vì người nghèo\": {province} tiếp nhận hơn {n} tỷ đồng",
]
TAGS = [
    "người nghèo", "giảm nghèo bền vững", "nhà Đại đoàn kết", "điển hình tiên tiến",
    "đồng bào dân tộc thiểu số", "Quỹ Vì người nghèo", "sinh kế", "tín dụng chính sách",
    "bảo hiểm y tế", "học bổng", "nông thôn mới", "Mặt trận Tổ quốc", "thi đua khen thưởng",
    "hộ cận nghèo", "chuẩn nghèo đa chiều", "Tết vì người nghèo", "an sinh xã hội", "dạy nghề",
    "nước sạch", "chuyển đổi số",
] + list(GEO)
CATEGORIES = ["Tin tức", "Gương điển hình", "Giảm nghèo", "Thi đua - Khen thưởng", "Địa phương", "Chính sách"]

POSITIONS = [
    "Trưởng ấp", "Bí thư Chi bộ ấp", "Chủ tịch Hội Nông dân xã", "Chủ tịch Ủy ban MTTQ Việt Nam xã",
    "Nông dân", "Giáo viên", "Trưởng thôn", "Chi hội trưởng Chi hội Phụ nữ", "Già làng",
    "Công chức Văn hóa - Xã hội xã", "Đoàn viên thanh niên", "Cựu chiến binh",
]
ACHIEVEMENTS = [
    "Hỗ trợ {n} hộ nghèo xây nhà Đại đoàn kết",
    "Vận động quyên góp {m} triệu đồng cho Quỹ \"Vì người nghèo\"",
    "Thoát nghèo năm {y} nhờ mô hình chăn nuôi bò sinh sản",
    "Hiến {n}00 m² đất làm đường giao thông nông thôn",
    "Tạo việc làm ổn định cho {n} lao động thuộc hộ nghèo",
    "Hướng dẫn {n} hộ đồng bào dân tộc thiểu số trồng điều ghép",
    "Trao {n} suất học bổng cho học sinh nghèo vượt khó",
    "Vận động {n} hộ đăng ký thoát nghèo",
    "Cho hộ nghèo mượn {n} con bò giống không tính lãi",
    "Tổ chức {n} lớp tập huấn kỹ thuật sản xuất",
]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def slugify(s: str) -> str:
    s = nfc(s).lower().replace("đ", "d")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


_PLAIN_OK = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^\"#\n]*")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def yq(s) -> str:
    """A YAML scalar: plain when unambiguous, else double-quoted (JSON is valid YAML)."""
    if isinstance(s, bool):
        return "true" if s else "false"
    if isinstance(s, int):
        return str(s)
    s = nfc(str(s))
    if (_PLAIN_OK.fullmatch(s) and ": " not in s and not s.endswith((":", " "))
            and s.lower() not in _RESERVED):
        return s
    return json.dumps(s, ensure_ascii=False)


def ylist(items) -> str:
    return "[" + ", ".join(yq(i) for i in items) + "]"


def person(rng: random.Random) -> tuple[str, bool]:
    female = rng.random() < 0.45
    if female:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    else:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return name, female


def place(rng: random.Random) -> tuple[str, str, str, str]:
    province = rng.choice(list(GEO))
    district = rng.choice(list(GEO[province]))
    commune = rng.choice(GEO[province][district])
    hamlet = f"{rng.choice(HAMLET_PREFIX)} {rng.choice(HAMLET_NAMES)}"
    return hamlet, commune, district, province


def fill(rng: random.Random, template: str, ctx: dict) -> str:
    vals = dict(ctx)
    vals.setdefault("n", rng.randint(2, 60))
    vals.setdefault("m", rng.randint(15, 950))
    vals.setdefault("p", rng.randint(80, 125))
    vals.setdefault("q", rng.randint(95, 100))
    vals.setdefault("k", rng.choice([1, 2, 3, 5]))
    vals.setdefault("f", f"{rng.randint(1, 9)},{rng.randint(0, 99):02d}")
    vals.setdefault("y", rng.randint(2021, 2025))
    return template.format(**vals)


def sentence(rng: random.Random, ctx: dict) -> str:
    r = rng.random()
    if r < 0.55:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(COMPLEMENTS)}"
    elif r < 0.93:
        s = fill(rng, rng.choice(RESULT_SENTENCES), ctx)
    else:
        return f"\"{rng.choice(QUOTES)}\", {ctx['hon']} {ctx['name']} chia sẻ."
    if rng.random() < 0.4:
        s = f"{rng.choice(CONNECTORS)} {s}"
    return s[0].upper() + s[1:] + "."


def paragraph(rng: random.Random, ctx: dict, nsent: int) -> str:
    sents = [sentence(rng, ctx) for _ in range(nsent)]
    # some emphasis
    if rng.random() < 0.5:
        i = rng.randrange(len(sents))
        words = sents[i].rstrip(".").split(" ")
        if len(words) > 6:
            a = rng.randrange(0, len(words) - 4)
            words[a] = "**" + words[a]
            words[a + 2] = words[a + 2] + "**"
            sents[i] = " ".join(words) + "."
    return " ".join(sents)


def words(text: str) -> int:
    return len(text.split())


def news_body(rng: random.Random, idx: int, npages: int, ctx: dict, with_table: bool) -> str:
    target = rng.randint(300, 740)
    blocks: list[str] = []
    count = 0
    heads = rng.sample(HEADINGS, k=len(HEADINGS))
    h = 0
    blocks.append(paragraph(rng, ctx, rng.randint(3, 5)))
    count += words(blocks[-1])
    table_done = not with_table
    while count < target:
        r = rng.random() if target - count > 120 else 1.0  # near the end: short paragraphs only
        if r < 0.18 and h < len(heads) and not blocks[-1].startswith("#"):
            level = "##" if rng.random() < 0.75 else "###"
            blocks.append(f"{level} {heads[h]}")
            h += 1
        elif r < 0.32:
            items = []
            for lead in rng.sample(LIST_LEADS, k=rng.randint(3, 5)):
                items.append(f"- **{lead}**: {sentence(rng, ctx)}")
            if rng.random() < 0.3:
                items = [f"{i + 1}. {it[2:]}" for i, it in enumerate(items)]
            blocks.append("\n".join(items))
        elif r < 0.42:
            other = rng.randrange(1, npages + 1)
            if other == idx:
                other = idx % npages + 1
            link = f"/tin-tuc/bai-{other:05d}/"
            if rng.random() < 0.3:
                link = f"/phong-trao/{CAMPAIGN_ID}/"
                label = "phong trào thi đua \"Vì người nghèo\""
            else:
                label = rng.choice(["bài liên quan", "xem thêm", "kết quả giảm nghèo", "gương điển hình"])
            blocks.append(f"{sentence(rng, ctx)} Xem [{label}]({link}) để biết thêm chi tiết.")
        elif r < 0.47 and not table_done:
            rows = ["| Địa phương | Hộ nghèo đầu năm | Hộ thoát nghèo | Tỷ lệ đạt (%) |",
                    "|---|---:|---:|---:|"]
            prov = ctx["province_key"]
            for dist in GEO[prov]:
                start = rng.randint(120, 1800)
                out = rng.randint(20, start // 3)
                rows.append(f"| {dist} | {start} | {out} | {rng.randint(80, 130)} |")
            blocks.append("\n".join(rows))
            table_done = True
        elif r < 0.52:
            blocks.append(f"> {rng.choice(QUOTES)}.")
        else:
            blocks.append(paragraph(rng, ctx, max(1, min(rng.randint(2, 6), (target - count) // 20))))
        count += words(blocks[-1])
    if blocks[-1].startswith("#"):
        blocks.append(paragraph(rng, ctx, rng.randint(2, 4)))
    if not table_done:
        blocks.insert(len(blocks) // 2, "| Chỉ tiêu | Kế hoạch | Thực hiện |\n|---|---:|---:|\n"
                      f"| Giảm hộ nghèo (hộ) | {rng.randint(100, 900)} | {rng.randint(100, 900)} |\n"
                      f"| Nhà Đại đoàn kết (căn) | {rng.randint(5, 90)} | {rng.randint(5, 90)} |")
    return "\n\n".join(blocks) + "\n"


def story_body(rng: random.Random, ctx: dict) -> str:
    target = rng.randint(100, 260)
    blocks: list[str] = []
    count = 0
    while count < target:
        blocks.append(paragraph(rng, ctx, max(1, min(rng.randint(2, 4), (target - count) // 20))))
        count += words(blocks[-1])
    return "\n\n".join(blocks) + "\n"


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randrange((end - start).days + 1))).isoformat()


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(nfc(text))


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------

def gen_news(rng: random.Random, out: str, npages: int, custom_keys: bool = False) -> None:
    d = os.path.join(out, "content", "tin-tuc")
    write(os.path.join(d, "_index.md"),
          "---\ntitle: Tin tức\ndescription: Tin tức về phong trào thi đua \"Vì người nghèo\" "
          "và công tác giảm nghèo bền vững.\n---\n\n"
          "Tin tức, sự kiện về công tác giảm nghèo, chăm lo cho **người nghèo** và "
          "**đồng bào dân tộc thiểu số**.\n")
    for i in range(1, npages + 1):
        hamlet, commune, district, province = place(rng)
        name, female = person(rng)
        ctx = {"name": name, "hon": "bà" if female else "ông", "commune": commune,
               "district": district, "province": f"tỉnh {province}", "province_key": province}
        tctx = dict(ctx, province=province)
        title = fill(rng, rng.choice(TITLE_TEMPLATES), tctx)
        title = title[0].upper() + title[1:]
        date = rand_date(rng, dt.date(2021, 1, 1), dt.date(2025, 12, 31))
        desc = sentence(rng, ctx)
        tags = rng.sample(TAGS[:-len(GEO)], k=rng.randint(2, 4)) + [province]
        cats = rng.sample(CATEGORIES, k=rng.randint(1, 2))
        fm = (
            "---\n"
            f"title: {yq(title)}\n"
            f"date: {date}\n"
            f"description: {yq(desc)}\n"
            f"tags: {ylist(tags)}\n"
            f"categories: {ylist(cats)}\n"
            "draft: false\n"
            + (f"locality: {yq(commune)}\namount: {rng.randint(1, 500) * 100000}\n" if custom_keys else "")
            + "---\n\n"
        )
        body = news_body(rng, i, npages, ctx, with_table=(i % 10 == 0))
        write(os.path.join(d, f"bai-{i:05d}.md"), fm + body)


def gen_exemplars(rng: random.Random, out: str, n: int) -> None:
    d = os.path.join(out, "content", "guong-dien-hinh")
    kinds = ["individual"] * 12 + ["household"] * 3 + ["collective"] * 3 + ["enterprise", "cooperative"]
    for i in range(1, n + 1):
        hamlet, commune, district, province = place(rng)
        kind = rng.choice(kinds)
        pname, female = person(rng)
        commune_bare = commune.removeprefix("xã ")
        position = None
        if kind == "individual":
            name = pname
            position = rng.choice(POSITIONS)
            unit = f"Ủy ban MTTQ Việt Nam {commune}"
        elif kind == "household":
            name = f"Hộ {'bà' if female else 'ông'} {pname}"
            position = "Chủ hộ"
            unit = f"{hamlet.capitalize()}, {commune}"
        elif kind == "collective":
            name = rng.choice([
                f"Chi hội Phụ nữ {hamlet}", f"Ban Công tác Mặt trận {hamlet}",
                f"Hội Nông dân {commune}", f"Đoàn Thanh niên {commune}",
                f"Ủy ban nhân dân {commune}",
            ])
            unit = f"{district[0].upper()}{district[1:]}, tỉnh {province}"
        elif kind == "enterprise":
            name = f"Công ty TNHH {pname.split()[-1]} {commune_bare}"
            unit = f"Hiệp hội Doanh nghiệp tỉnh {province}"
        else:
            name = f"Hợp tác xã Nông nghiệp {commune_bare}"
            unit = f"Liên minh Hợp tác xã tỉnh {province}"
        ident = f"{slugify(name)}-{i:05d}"
        ctx = {"name": pname, "hon": "bà" if female else "ông", "commune": commune, "district": district,
               "province": f"tỉnh {province}", "province_key": province}
        ach = [fill(rng, a, ctx) for a in rng.sample(ACHIEVEMENTS, k=rng.randint(2, 4))]
        lines = [
            "---",
            f"id: {ident}",
            f"name: {yq(name)}",
            f"kind: {kind}",
        ]
        if position:
            lines.append(f"position: {yq(position)}")
        lines += [
            f"unit: {yq(unit)}",
            "locality:",
            f"  hamlet: {yq(hamlet)}",
            f"  commune: {yq(commune)}",
            f"  district: {yq(district)}",
            f"  province: {yq('tỉnh ' + province)}",
            f"campaign: {CAMPAIGN_ID}",
            "achievements:",
        ]
        lines += [f"  - {yq(a)}" for a in ach]
        lines += [f"date: {rand_date(rng, dt.date(2021, 6, 1), dt.date(2025, 12, 31))}", "---", "", ""]
        write(os.path.join(d, f"{i:05d}.md"), "\n".join(lines) + story_body(rng, ctx))


def gen_campaign(out: str) -> None:
    write(os.path.join(out, "content", "phong-trao", f"{CAMPAIGN_ID}.md"),
          "---\n"
          f"id: {CAMPAIGN_ID}\n"
          f"title: {yq(CAMPAIGN_TITLE)}\n"
          "period:\n  from: 2021\n  to: 2025\n"
          "status: ended\n"
          "---\n\n"
          "Phong trào thi đua \"Vì người nghèo - Không để ai bị bỏ lại phía sau\" giai đoạn "
          "2021-2025 do Thủ tướng Chính phủ phát động nhằm huy động cả hệ thống chính trị và "
          "toàn xã hội chung tay giảm nghèo bền vững.\n")


def gen_site_yaml(out: str) -> None:
    write(os.path.join(out, "site.yaml"),
          "title: Thi đua \"Vì người nghèo\" (dữ liệu minh họa)\n"
          "base_url: http://localhost/\n"
          "language: vi\n"
          "paginate: 20\n")
    write(os.path.join(out, "content", "_index.md"),
          "---\ntitle: Trang chủ\n---\n\n"
          "Trang thông tin về phong trào thi đua **\"Vì người nghèo - Không để ai bị bỏ lại phía sau\"**.\n")


# --------------------------------------------------------------------------
# Hugo twin
# --------------------------------------------------------------------------

HUGO_YAML = """\
baseURL: http://localhost/
title: Thi đua "Vì người nghèo" (dữ liệu minh họa)
locale: vi
defaultContentLanguage: vi
disableKinds: []
taxonomies:
  tag: tags
  category: categories
pagination:
  pagerSize: 20
menus:
  main:
    - name: Tin tức
      pageRef: /tin-tuc
      weight: 10
    - name: Gương điển hình
      pageRef: /guong-dien-hinh
      weight: 20
    - name: Phong trào
      pageRef: /phong-trao
      weight: 30
    - name: Thẻ
      pageRef: /tags
      weight: 40
"""

# Layouts for Hugo's template system of v0.146+ (layouts/{baseof,home,page,section,taxonomy,term}.html).
LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title | default .Params.name }} | {{ site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:0 1rem;line-height:1.6}nav a{margin-right:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}</style>
</head>
<body>
<header>
<p class="banner">Dữ liệu minh họa</p>
<a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ partial "menu.html" . }}
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>&copy; {{ now.Year }} {{ site.Title }}</p></footer>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<h2>Tin mới</h2>
<ul class="pages">
{{ range first 10 (where site.RegularPages "Section" "tin-tuc").ByDate.Reverse }}
{{ partial "item.html" . }}
{{ end }}
</ul>
<h2>Chuyên mục</h2>
<ul>
{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPages }})</li>{{ end }}
</ul>
{{ end }}
""",
    "section.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="pages">
{{ range .Paginator.Pages }}
{{ partial "item.html" . }}
{{ end }}
</ul>
{{ partial "pager.html" . }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="pages">
{{ range .Paginator.Pages }}
{{ partial "item.html" . }}
{{ end }}
</ul>
{{ partial "pager.html" . }}
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title | default .Params.name }}</h1>
{{ with .Date }}<p class="date"><time datetime="{{ .Format "2006-01-02" }}">{{ .Format "02/01/2006" }}</time></p>{{ end }}
{{ with .Params.kind }}
<dl class="exemplar">
<dt>Loại</dt><dd>{{ . }}</dd>
{{ with $.Params.position }}<dt>Chức vụ</dt><dd>{{ . }}</dd>{{ end }}
{{ with $.Params.unit }}<dt>Đơn vị</dt><dd>{{ . }}</dd>{{ end }}
{{ with $.Params.locality }}<dt>Địa phương</dt><dd>{{ delimit (slice .hamlet .commune .district .province) ", " }}</dd>{{ end }}
</dl>
{{ with $.Params.achievements }}<h2>Thành tích</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with $.Params.campaign }}{{ with site.GetPage (printf "/phong-trao/%s" .) }}<p>Phong trào: <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
{{ end }}
{{ .Content }}
{{ with .GetTerms "tags" }}<p class="tags">Thẻ: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ with .GetTerms "categories" }}<p class="categories">Chuyên mục: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
</article>
{{ end }}
""",
    "_partials/menu.html": """\
<nav>
{{ range site.Menus.main }}<a href="{{ .URL }}"{{ if $.IsMenuCurrent "main" . }} aria-current="page"{{ end }}>{{ .Name }}</a>{{ end }}
</nav>
""",
    "_partials/item.html": """\
<li><a href="{{ .RelPermalink }}">{{ .Title | default .Params.name }}</a>
{{ with .Date }}<time datetime="{{ .Format "2006-01-02" }}">{{ .Format "02/01/2006" }}</time>{{ end }}
{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
""",
    "_partials/pager.html": """\
{{ $p := .Paginator }}
{{ if gt $p.TotalPages 1 }}
<nav class="pagination">
{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">« Trước</a>{{ end }}
<span>Trang {{ $p.PageNumber }}/{{ $p.TotalPages }}</span>
{{ with $p.Next }}<a rel="next" href="{{ .URL }}">Sau »</a>{{ end }}
</nav>
{{ end }}
""",
}


def gen_hugo(out: str) -> None:
    h = os.path.join(out, "hugo")
    write(os.path.join(h, "hugo.yaml"), HUGO_YAML)
    for rel, text in LAYOUTS.items():
        write(os.path.join(h, "layouts", rel), text)
    # Hugo needs a section page for /guong-dien-hinh/ and /phong-trao/ titles; minhbach
    # makes those itself. These live only in the Hugo copy.
    dst = os.path.join(h, "content")
    shutil.copytree(os.path.join(out, "content"), dst)
    write(os.path.join(dst, "guong-dien-hinh", "_index.md"), "---\ntitle: Gương điển hình\n---\n")
    write(os.path.join(dst, "phong-trao", "_index.md"), "---\ntitle: Phong trào thi đua\n---\n")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--exemplars", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="replace OUT_DIR if it is not empty")
    ap.add_argument("--custom-keys", action="store_true",
                    help="pages also carry custom top-level keys (locality, amount), as Hugo sites do")
    a = ap.parse_args(argv)
    if a.pages < 1 or a.exemplars < 0:
        ap.error("--pages must be >= 1 and --exemplars >= 0")
    out = a.out_dir
    if os.path.isdir(out) and os.listdir(out):
        if not a.force:
            ap.error(f"{out} is not empty (use --force to replace it)")
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    # Separate streams so that changing --exemplars does not change the pages.
    gen_site_yaml(out)
    gen_campaign(out)
    gen_news(random.Random(f"pages-{a.seed}"), out, a.pages, a.custom_keys)
    gen_exemplars(random.Random(f"exemplars-{a.seed}"), out, a.exemplars)
    gen_hugo(out)
    print(f"gen_site: {a.pages} pages + {a.exemplars} exemplars (seed {a.seed}) in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

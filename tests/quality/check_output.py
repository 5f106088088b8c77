#!/usr/bin/env python3
"""Checks of a built minhbach site that read its files (no network), for tests/quality/.

    check_output.py links DIR BASE_URL   every link of the output resolves (pages, fragments,
                                         assets, feeds, sitemap, robots.txt, CSS url(), site URLs
                                         in open data files, page paths in search shards)
    check_output.py meta DIR BASE_URL    Atom feeds parse with feedparser; OpenGraph and JSON-LD
                                         of every record page read with extruct

    check_output.py photos DIR BASE_URL  every page with a <picture>: each file of its srcset
                                         exists, has the width it is listed with and no EXIF/XMP/
                                         IPTC block; <img> width/height are those of its file;
                                         og:image has the size og:image:width/height say and is
                                         twitter:image; the page transfers <= 100 KB on a 390 x
                                         844 phone (3x); and every share preview (-WxH.jpg) of the
                                         output is some page's og:image

Prints one line per problem and a closing line 'N passed, M failed'; exits 1 on any problem.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit


class Page(HTMLParser):
    """Collects the links and the fragment targets (id, a name) of one HTML file."""

    LINK_ATTRS = {"href", "src", "action", "poster", "data", "cite"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (tag, attr, value)
        self.ids = set()
        self.base = None
        self.meta = []  # (property/name, content)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and a.get("href"):
            self.base = a["href"]
        for k, v in attrs:
            if v is None:
                continue
            if k == "id" or (tag == "a" and k == "name"):
                self.ids.add(v)
            elif k in self.LINK_ATTRS:
                self.links.append((tag, k, v))
            elif k in ("srcset", "imagesrcset"):
                for part in v.split(","):
                    if part.strip():
                        self.links.append((tag, k, part.strip().split()[0]))
        if tag == "meta" and a.get("content"):
            key = a.get("property") or a.get("name")
            if key and (key.startswith("og:") or key.startswith("twitter:")):
                self.meta.append((key, a["content"]))
                if key in ("og:image", "og:url", "twitter:image"):
                    self.links.append((tag, key, a["content"]))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            m = re.search(r"url=(.+)$", a.get("content") or "", re.I)
            if m:
                self.links.append((tag, "refresh", m.group(1).strip("'\" ")))

    handle_startendtag = handle_starttag


def parse_html(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


class Site:
    """The output folder `root` published at `base` (http(s)://host/sub/path/)."""

    def __init__(self, root, base):
        self.root = root
        self.base = base if base.endswith("/") else base + "/"
        b = urlsplit(self.base)
        self.origin = f"{b.scheme}://{b.netloc}"
        self.base_path = b.path
        self.pages = {}

    def url_of(self, rel):
        """Public URL of an output file (`a/index.html` → base + `a/`)."""
        rel = rel.replace(os.sep, "/")
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base + rel

    def file_of(self, url):
        """The output file an internal URL names, or None when it is outside the site."""
        s = urlsplit(url)
        if f"{s.scheme}://{s.netloc}" != self.origin or not s.path.startswith(self.base_path):
            return None
        rel = unquote(s.path[len(self.base_path):])
        path = os.path.normpath(os.path.join(self.root, rel))
        if not (path + os.sep).startswith(os.path.normpath(self.root) + os.sep) and path != os.path.normpath(self.root):
            return ""  # escapes the output folder: broken
        if os.path.isdir(path):
            # A folder URL must end in '/' (a server would redirect, offline copies would break).
            return os.path.join(path, "index.html") if s.path.endswith("/") or rel == "" else ""
        return path

    def page(self, path):
        if path not in self.pages:
            self.pages[path] = parse_html(path)
        return self.pages[path]

    def files(self):
        for d, _, names in os.walk(self.root):
            for n in sorted(names):
                yield os.path.relpath(os.path.join(d, n), self.root).replace(os.sep, "/")


def check_links(site):
    """Every internal link of every HTML, XML, CSS and text file resolves; fragments exist."""
    problems, checked, external = [], 0, set()

    def check(src, url_from, link):
        nonlocal checked
        link = link.strip()
        if not link or link.startswith(("mailto:", "tel:", "data:", "javascript:")):
            return
        url = urljoin(url_from, link)
        s = urlsplit(url)
        if s.scheme not in ("http", "https"):
            problems.append(f"{src}: unsupported link {link!r}")
            return
        target = site.file_of(url)
        if target is None:
            if s.netloc == urlsplit(site.base).netloc:
                problems.append(f"{src}: {link!r} is on the site's host but outside its base path {site.base_path}")
            else:
                external.add(url)
            return
        checked += 1
        if not target or not os.path.isfile(target):
            problems.append(f"{src}: broken link {link!r} (no {os.path.relpath(target, site.root) if target else 'file'})")
            return
        if s.fragment and target.endswith(".html"):
            frag = unquote(s.fragment)
            if frag not in site.page(target).ids and frag != "top":
                problems.append(f"{src}: {link!r}: no id {frag!r} in {os.path.relpath(target, site.root)}")

    n_files = 0
    for rel in site.files():
        path = os.path.join(site.root, rel)
        here = site.url_of(rel)
        n_files += 1
        if rel.endswith(".html"):
            p = site.page(path)
            base = urljoin(here, p.base) if p.base else here
            for tag, attr, v in p.links:
                # rel=canonical, og:url, alternate feeds and sitemaps are checked like any link.
                check(f"{rel} <{tag} {attr}>", base, v)
        elif rel.endswith(".xml"):
            try:
                tree = ET.parse(path)
            except ET.ParseError as e:
                problems.append(f"{rel}: not well-formed XML: {e}")
                continue
            for el in tree.iter():
                tag = el.tag.split("}")[-1]
                if tag == "link" and el.get("href"):
                    check(f"{rel} <link>", here, el.get("href"))
                elif tag in ("loc", "icon", "logo") and el.text:
                    check(f"{rel} <{tag}>", here, el.text)
                elif tag == "content" and el.get("type") == "html" and el.text:
                    p = Page()
                    p.feed(el.text)
                    xml_base = el.get("{http://www.w3.org/XML/1998/namespace}base") or here
                    for t, a, v in p.links:
                        check(f"{rel} <content> <{t} {a}>", xml_base, v)
        elif rel.endswith(".css"):
            with open(path, encoding="utf-8") as f:
                for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)", f.read()):
                    check(f"{rel} url()", here, m.group(1))
        elif rel.endswith((".json", ".csv", ".js")):
            # Open data and search index files: absolute URLs into the site (open data), and
            # base-relative page paths such as "/van-ban/x/#id" (search result shards).
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for m in re.finditer(re.escape(site.base) + r"[^\s\"',<>]*", text):
                check(f"{rel} (URL)", here, m.group(0))
            if rel.endswith(".js"):
                for m in re.finditer(r'"(/(?:[^"\s/]+/)*(?:#[^"\s]*)?)"', text):
                    check(f"{rel} (page path)", site.base, m.group(1).lstrip("/") or "./")
        elif rel == "robots.txt":
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.lower().startswith("sitemap:"):
                        check(f"{rel} Sitemap", here, line.split(":", 1)[1].strip())
    # Every page is reachable from the sitemap or a link (no orphan is required; just count).
    print(f"links: {n_files} files, {checked} internal links checked, {len(external)} external links not fetched")
    return problems


# Record pages: one campaign, document, exemplar, award decision, fund period or news item each
# (the folders of the example site; paginated listings excluded).
RECORD = re.compile(r"^(phong-trao|van-ban|guong-dien-hinh|khen-thuong|quy-vi-nguoi-ngheo|tin-tuc)/(?!trang/)[^/]+/index\.html$")


def check_meta(site):
    """Feeds parse; record pages carry OpenGraph and JSON-LD with title, description, URL, image."""
    import extruct
    import feedparser

    problems, feeds, records = [], 0, 0
    for rel in site.files():
        path = os.path.join(site.root, rel)
        if rel.endswith("atom.xml"):
            feeds += 1
            d = feedparser.parse(path)
            if d.bozo:
                problems.append(f"{rel}: feedparser: {d.bozo_exception}")
            if d.version != "atom10":
                problems.append(f"{rel}: not Atom 1.0 ({d.version!r})")
            if not d.feed.get("title") or not d.feed.get("id") or not d.feed.get("updated"):
                problems.append(f"{rel}: feed without title, id or updated")
            if not d.entries:
                problems.append(f"{rel}: no entries")
            for e in d.entries:
                for key in ("title", "id", "link", "updated"):
                    if not e.get(key):
                        problems.append(f"{rel}: entry {e.get('id') or e.get('title')!r} without {key}")
                if e.get("link") and site.file_of(e["link"]) in (None, ""):
                    problems.append(f"{rel}: entry link {e['link']!r} outside the site")
        if not rel.endswith(".html") or rel == "404.html":
            continue
        with open(path, encoding="utf-8") as f:
            html = f.read()
        if re.search(r"http-equiv=[\"']?refresh", html, re.I):
            continue  # alias redirect
        url = site.url_of(rel)
        data = extruct.extract(html, base_url=url, syntaxes=["opengraph", "json-ld"], uniform=True)
        og = data["opengraph"][0] if data["opengraph"] else {}
        if og.get("@type") and not og.get("og:type"):
            og["og:type"] = og["@type"]  # extruct's uniform form moves og:type to @type
        ld = data["json-ld"]
        record = bool(RECORD.match(rel))
        records += record
        # A page with share-preview tags has them all, and og:url is its own address.
        if record or og:
            for key in ("og:title", "og:description", "og:url", "og:type"):
                if not og.get(key):
                    problems.append(f"{rel}: no {key}")
            if og.get("og:url") and og["og:url"] != url:
                problems.append(f"{rel}: og:url {og['og:url']!r} is not the page's URL {url!r}")
        if og.get("og:image"):
            t = site.file_of(urljoin(url, og["og:image"]))
            if not t or not os.path.isfile(t):
                problems.append(f"{rel}: og:image {og['og:image']!r} does not exist")
        if record and not ld:
            problems.append(f"{rel}: record page without JSON-LD")
        for item in ld:
            if item.get("@context") not in ("https://schema.org", "http://schema.org", "https://schema.org/"):
                problems.append(f"{rel}: JSON-LD @context {item.get('@context')!r}")
            if not item.get("@type"):
                problems.append(f"{rel}: JSON-LD without @type")
            for k, v in item.items():
                if v in ("", [], {}, None):
                    problems.append(f"{rel}: JSON-LD {item.get('@type')} has an empty {k!r}")
            if not record:
                continue
            if not (item.get("name") or item.get("headline")):
                problems.append(f"{rel}: JSON-LD {item.get('@type')} without name/headline")
            if not item.get("description"):
                problems.append(f"{rel}: JSON-LD {item.get('@type')} without description")
            if item.get("url") != url:
                problems.append(f"{rel}: JSON-LD url {item.get('url')!r} is not the page's URL {url!r}")
            if og.get("og:image") and not item.get("image"):
                problems.append(f"{rel}: page has og:image but JSON-LD has no image")
    print(f"meta: {feeds} feeds, {records} record pages")
    if feeds == 0:
        problems.append("no atom.xml in the output")
    if records == 0:
        problems.append("no record page (og:type article) in the output")
    return problems


def image_size(b):
    """(width, height) of a JPEG, PNG or WebP file's bytes, read from its header; None if unknown."""
    if b[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(b[16:20], "big"), int.from_bytes(b[20:24], "big")
    if b[:4] == b"RIFF" and b[8:12] == b"WEBP":
        kind = b[12:16]
        if kind == b"VP8 " and b[23:26] == b"\x9d\x01\x2a":
            return int.from_bytes(b[26:28], "little") & 0x3FFF, int.from_bytes(b[28:30], "little") & 0x3FFF
        if kind == b"VP8L":
            v = int.from_bytes(b[21:25], "little")
            return (v & 0x3FFF) + 1, ((v >> 14) & 0x3FFF) + 1
        if kind == b"VP8X":
            return int.from_bytes(b[24:27], "little") + 1, int.from_bytes(b[27:30], "little") + 1
        return None
    if b[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(b) and b[i] == 0xFF:
            m, n = b[i + 1], int.from_bytes(b[i + 2:i + 4], "big")
            if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(b[i + 7:i + 9], "big"), int.from_bytes(b[i + 5:i + 7], "big")
            i += 2 + n
    return None


def has_metadata(b):
    """Whether image bytes carry an EXIF, XMP or IPTC block."""
    return any(m in b for m in (b"Exif\x00\x00", b"http://ns.adobe.com/xap/", b"Photoshop 3.0", b"eXIf")) or (
        b[:4] == b"RIFF" and (b"EXIF" in b[12:] or b"XMP " in b[12:]))


def slot_width(sizes, vw, rem=16.0):
    """CSS pixels an image takes by its `sizes` on a viewport `vw` wide (max-width conditions;
    lengths in px, rem, vw and calc(A - B) of those)."""
    def length(x):
        x = x.strip()
        m = re.fullmatch(r"calc\((.+?)\s-\s(.+)\)", x)
        if m:
            return length(m.group(1)) - length(m.group(2))
        m = re.fullmatch(r"([\d.]+)(px|rem|em|vw)", x)
        if not m:
            return vw
        n, unit = float(m.group(1)), m.group(2)
        return n * {"px": 1, "rem": rem, "em": rem, "vw": vw / 100}[unit]
    for part in (sizes or "100vw").split(","):
        part = part.strip()
        m = re.match(r"\(max-width:\s*([\d.]+(?:px|rem|em))\)\s*(.+)", part)
        if m:
            if vw <= length(m.group(1)):
                return length(m.group(2))
            continue
        return length(part)
    return vw


class Pictures(HTMLParser):
    """The <picture> sources and images, the stylesheets and the OpenGraph tags of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_picture = False
        self.sources, self.imgs, self.css, self.og = [], [], [], {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "picture":
            self.in_picture = True
        elif tag == "source" and self.in_picture:
            self.sources.append(a)
        elif tag == "img" and self.in_picture:
            self.imgs.append(a)
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.css.append(a.get("href"))
        elif tag == "meta" and a.get("property", "").startswith("og:image"):
            self.og[a["property"]] = a.get("content")
        elif tag == "meta" and a.get("name") == "twitter:image":
            self.og["twitter:image"] = a.get("content")

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = False


BUDGET = 100 * 1024
PHONE = (390, 3)  # CSS width, device pixel ratio


def check_photos(site):
    """Pages with photos: files as listed, no metadata, sizes right, the phone budget kept."""
    import gzip

    problems, pages, largest = [], 0, (0, "")
    shared = set()  # the files some page names as its og:image or twitter:image

    def read(rel, url):
        t = site.file_of(urljoin(site.url_of(rel), url))
        if not t or not os.path.isfile(t):
            problems.append(f"{rel}: {url!r} does not exist")
            return None
        with open(t, "rb") as f:
            return f.read()

    for rel in site.files():
        if not rel.endswith(".html"):
            continue
        with open(os.path.join(site.root, rel), "rb") as f:
            raw = f.read()
        if b"og:image" not in raw and b"<picture" not in raw:
            continue
        p = Pictures()
        p.feed(raw.decode("utf-8"))
        for key in ("og:image", "twitter:image"):
            t = p.og.get(key) and site.file_of(urljoin(site.url_of(rel), p.og[key]))
            if t:
                shared.add(os.path.normpath(t))
        if p.og.get("twitter:image") and p.og.get("twitter:image") != p.og.get("og:image"):
            problems.append(f"{rel}: twitter:image {p.og['twitter:image']!r} is not og:image {p.og.get('og:image')!r}")
        if b"<picture" not in raw:
            continue
        pages += 1
        transfer = len(gzip.compress(raw))
        for href in p.css:
            b = read(rel, href)
            transfer += len(gzip.compress(b)) if b else 0
        for img in p.imgs:
            if not img.get("alt"):
                problems.append(f"{rel}: <img> in <picture> without alt")
            b = read(rel, img.get("src", ""))
            size = image_size(b) if b else None
            if size and (str(size[0]), str(size[1])) != (img.get("width"), img.get("height")):
                problems.append(f"{rel}: <img> says {img.get('width')}x{img.get('height')}, {img.get('src')} is {size[0]}x{size[1]}")
        for el in p.sources + p.imgs:
            candidates = []
            for c in (el.get("srcset") or "").split(","):
                url, _, w = c.strip().partition(" ")
                b = read(rel, url)
                if b is None:
                    continue
                size = image_size(b)
                if not size or f"{size[0]}w" != w.strip():
                    problems.append(f"{rel}: {url} is listed as {w.strip()} but is {size and size[0]} px wide")
                if has_metadata(b):
                    problems.append(f"{rel}: {url} carries EXIF, XMP or IPTC")
                candidates.append((size[0] if size else 0, len(b)))
            if el in p.sources and candidates:
                # What a phone picks: the narrowest file at least as wide as the slot, else the widest.
                need = slot_width(el.get("sizes"), PHONE[0]) * PHONE[1]
                fit = sorted(c for c in candidates if c[0] >= need) or sorted(candidates)[-1:]
                transfer += fit[0][1]
        if p.og.get("og:image"):
            b = read(rel, p.og["og:image"])
            size = image_size(b) if b else None
            if size and (str(size[0]), str(size[1])) != (p.og.get("og:image:width"), p.og.get("og:image:height")):
                problems.append(f"{rel}: og:image is {size[0]}x{size[1]}, the page says {p.og.get('og:image:width')}x{p.og.get('og:image:height')}")
            if b and has_metadata(b):
                problems.append(f"{rel}: og:image carries EXIF, XMP or IPTC")
        if transfer > BUDGET:
            problems.append(f"{rel}: {transfer // 1024} KB on a {PHONE[0]} px phone, more than {BUDGET // 1024} KB")
        largest = max(largest, (transfer, rel))
    # Share previews (`<photo>-<w>x<h>.jpg`) are made only for a page that shares the photo.
    previews = [rel for rel in site.files() if re.search(r"-\d+x\d+\.jpg$", rel)]
    for rel in previews:
        if os.path.normpath(os.path.join(site.root, rel)) not in shared:
            problems.append(f"{rel}: a share preview no page links (og:image, twitter:image)")
    print(f"photos: {pages} pages with a photo, the heaviest {largest[1]} at {largest[0] // 1024} KB on a {PHONE[0]} px phone ({PHONE[1]}x); {len(previews)} share previews, each linked")
    if pages == 0:
        problems.append("no page with a <picture> in the output")
    return problems


def main(argv):
    if len(argv) != 4 or argv[1] not in ("links", "meta", "photos"):
        print(__doc__, file=sys.stderr)
        return 2
    site = Site(argv[2], argv[3])
    problems = {"links": check_links, "meta": check_meta, "photos": check_photos}[argv[1]](site)
    for p in problems:
        print(p)
    print(f"{argv[1]}: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

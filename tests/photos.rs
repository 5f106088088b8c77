//! Photos: resized, upright, in WebP and JPEG, with no metadata; the page's sizes match the
//! files; every broken or hostile original reported at its `src:` line (or its body line);
//! copies stripped; originals shown as photos not published; the cache pruned.

use crate::util::Site;
use image::{GenericImageView, Rgb, RgbImage};

/// An exemplar page of the `mini` fixture showing `src`.
fn with_photo(site: &Site, src: &str) {
    site.write(
        "content/guong-dien-hinh/a.md",
        format!(
            "---\nid: tran-van-binh\nname: Trần Văn Bình\nkind: individual\nlocality: {{ commune: xã Tân Tiến }}\nphoto:\n  src: {src}\n  alt: Ông Bình trước vườn điều\n  consent: true\n---\nCâu chuyện của ông Bình.\n"
        ),
    );
}

/// A TIFF (EXIF) block as phones write it: orientation 6 (turn right to show), a camera serial
/// number in the EXIF directory and a GPS position.
fn exif_block() -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, ty: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&ty.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    // IFD0 at 8: orientation, EXIF directory at 50, GPS directory at 80.
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut t, 0x8769, 4, 1, 50u32.to_be_bytes());
    entry(&mut t, 0x8825, 4, 1, 80u32.to_be_bytes());
    t.extend_from_slice(&[0; 4]);
    // EXIF directory at 50: BodySerialNumber, its text at 68.
    t.extend_from_slice(&1u16.to_be_bytes());
    entry(&mut t, 0xA431, 2, 12, 68u32.to_be_bytes());
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(b"SN123456789\x00");
    // GPS directory at 80: latitude N 11° 32' 0", its rationals at 110.
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, [b'N', 0, 0, 0]);
    entry(&mut t, 0x0002, 5, 3, 110u32.to_be_bytes());
    t.extend_from_slice(&[0; 4]);
    for (n, d) in [(11u32, 1u32), (32, 1), (0, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    assert_eq!(t.len(), 134);
    t
}

/// A JPEG stored 1 600 x 1 000 whose left fifth is red and the rest blue, with the EXIF block
/// of [`exif_block`]: shown upright it is 1 000 x 1 600, red across the top fifth.
fn phone_photo() -> Vec<u8> {
    let img = RgbImage::from_fn(1600, 1000, |x, _| {
        if x < 320 { Rgb([220, 20, 20]) } else { Rgb([20, 20, 220]) }
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90).encode_image(&img).unwrap();
    let tiff = exif_block();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A JPEG whose frame header (SOF0) declares four components, as a CMYK file's does: a small
/// RGB JPEG with a fourth component added to its frame header (the image encoder writes no
/// CMYK).
fn cmyk_jpeg() -> Vec<u8> {
    let mut rgb = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut rgb).encode_image(&RgbImage::new(16, 16)).unwrap();
    let sof = rgb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    let len = usize::from(u16::from_be_bytes([rgb[sof + 2], rgb[sof + 3]]));
    let mut out = rgb[..sof + 2].to_vec();
    out.extend_from_slice(&((len + 3) as u16).to_be_bytes());
    out.extend_from_slice(&rgb[sof + 4..sof + 9]);
    out.push(4);
    out.extend_from_slice(&rgb[sof + 10..sof + 2 + len]);
    out.extend_from_slice(&[4, 0x11, 1]);
    out.extend_from_slice(&rgb[sof + 2 + len..]);
    out
}

/// Whether `b` carries an EXIF, XMP or IPTC block, by its markers and by an EXIF parser.
fn has_metadata(b: &[u8]) -> bool {
    let has = |pat: &[u8]| b.windows(pat.len()).any(|w| w == pat);
    let app1 = b.windows(2).take(64 * 1024).any(|w| w == [0xFF, 0xE1]) && has(b"Exif");
    app1 || has(b"http://ns.adobe.com/xap/")
        || has(b"Photoshop 3.0")
        || has(b"SN123456789")
        || exif::Reader::new().read_from_container(&mut std::io::Cursor::new(b)).is_ok()
}

fn red(p: image::Rgba<u8>) -> bool {
    p[0] > 150 && p[2] < 100
}

fn blue(p: image::Rgba<u8>) -> bool {
    p[2] > 150 && p[0] < 100
}

/// The CRC-32 of a PNG chunk's type and data.
fn png_crc(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

/// The attributes of every `<name …>` tag of `html` (quoted or not, as the minifier leaves
/// them).
fn tags(html: &str, name: &str) -> Vec<std::collections::HashMap<String, String>> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    for part in html.split(&open).skip(1) {
        let mut rest = &part[..part.find('>').unwrap_or(part.len())];
        let mut attrs = std::collections::HashMap::new();
        while let Some(eq) = rest.find('=') {
            let key = rest[..eq].trim().to_string();
            let after = &rest[eq + 1..];
            let (value, next) = if let Some(q) = after.strip_prefix('"') {
                let end = q.find('"').unwrap();
                (&q[..end], &q[end + 1..])
            } else {
                let end = after.find(' ').unwrap_or(after.len());
                (&after[..end], &after[end..])
            };
            attrs.insert(key, value.to_string());
            rest = next;
        }
        out.push(attrs);
    }
    out
}

/// The `content` of the `<meta property=…>` tag.
fn meta(html: &str, property: &str) -> String {
    tags(html, "meta")
        .into_iter()
        .find(|a| a.get("property").map(String::as_str) == Some(property))
        .and_then(|mut a| a.remove("content"))
        .unwrap_or_else(|| panic!("no {property}"))
}

/// The `sizes` of the photo's `<img>`.
fn img_sizes(html: &str) -> String {
    photo_img(html)["sizes"].clone()
}

/// The attributes of the photo's `<img>`.
fn photo_img(html: &str) -> std::collections::HashMap<String, String> {
    let picture = &html[html.find("<picture>").expect("a <picture>")..];
    tags(&picture[..picture.find("</picture>").unwrap()], "img").remove(0)
}

#[test]
fn phone_photo_is_published_upright_light_and_without_metadata() {
    let site = Site::fixture("mini");
    let original = phone_photo();
    assert!(has_metadata(&original));
    site.write("static/anh/binh.jpg", &original);
    with_photo(&site, "/anh/binh.jpg");
    let r = site.build(&[]).ok();
    // The webmaster is told the phone records the position.
    assert!(r.stderr.contains("photo-location"), "{}", r.stderr);
    assert!(r.stderr.contains("content/guong-dien-hinh/a.md:7:8"), "{}", r.stderr);
    let out = site.root().join("public/anh");
    let mut made = 0;
    for (w, h) in [(360, 576), (720, 1152), (1000, 1600)] {
        for ext in ["jpg", "webp"] {
            let bytes = std::fs::read(out.join(format!("binh-{w}w.{ext}"))).unwrap();
            assert!(!has_metadata(&bytes), "binh-{w}w.{ext} carries metadata");
            let img = image::load_from_memory(&bytes).unwrap();
            assert_eq!(img.dimensions(), (w, h), "binh-{w}w.{ext}");
            // Upright: red across the top fifth, blue below, on both sides.
            for x in [5, w / 2, w - 5] {
                assert!(red(img.get_pixel(x, h / 10)), "binh-{w}w.{ext} at {x}");
                assert!(blue(img.get_pixel(x, h / 2)), "binh-{w}w.{ext} at {x}");
            }
            made += 1;
        }
    }
    assert_eq!(made, 6);
    // The share preview has the shape of 1 200 x 630, not enlarged: 1 000 x 525.
    let share = std::fs::read(out.join("binh-1000x525.jpg")).unwrap();
    assert!(!has_metadata(&share));
    assert_eq!(image::load_from_memory(&share).unwrap().dimensions(), (1000, 525));
    // The original itself is not published: pages show only the files made from it.
    assert!(!out.join("binh.jpg").exists(), "the original is left out");

    let page = site.read("guong-dien-hinh/tran-van-binh/index.html");
    assert!(page.contains("<picture>"), "{page}");
    let source = &tags(&page, "source")[0];
    assert_eq!(source["type"], "image/webp");
    assert_eq!(
        source["srcset"],
        "/anh/binh-360w.webp 360w, /anh/binh-720w.webp 720w, /anh/binh-1000w.webp 1000w"
    );
    assert_eq!(source["sizes"], img_sizes(&page));
    let img = photo_img(&page);
    assert_eq!(img["src"], "/anh/binh-1000w.jpg");
    assert_eq!((img["width"].as_str(), img["height"].as_str()), ("1000", "1600"));
    assert_eq!(
        img["srcset"],
        "/anh/binh-360w.jpg 360w, /anh/binh-720w.jpg 720w, /anh/binh-1000w.jpg 1000w"
    );
    assert_eq!(img["fetchpriority"], "high");
    assert_eq!(img["alt"], "Ông Bình trước vườn điều");
    assert!(!img.contains_key("loading"), "the first-screen photo is not lazy");
    assert!(meta(&page, "og:image").ends_with("/anh/binh-1000x525.jpg"));
    assert_eq!(meta(&page, "og:image:width"), "1000");
    assert_eq!(meta(&page, "og:image:height"), "525");
    assert!(
        page.contains(r#""image":{"@type":"ImageObject","height":525,"url":"https://"#),
        "{page}"
    );
}

#[test]
fn a_rebuild_takes_photos_from_the_cache() {
    let site = Site::fixture("mini");
    site.write("static/anh/binh.jpg", phone_photo());
    with_photo(&site, "/anh/binh.jpg");
    site.build(&[]).ok();
    let first = std::fs::read(site.root().join("public/anh/binh-720w.webp")).unwrap();
    let cache = site.root().join(".minhbach-cache/images");
    let entries: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().collect();
    assert!(entries.iter().any(|e| e.path().join("facts.json").is_file()));
    // Spoil the cached file: a rebuild that reads the cache publishes it.
    let entry = entries.iter().find(|e| e.path().join("720w.webp").is_file()).unwrap().path();
    std::fs::write(entry.join("720w.webp"), b"from the cache").unwrap();
    let r = site.build(&[]).ok();
    assert!(r.stderr.contains("photo-location"), "notices are given again: {}", r.stderr);
    assert_eq!(
        std::fs::read(site.root().join("public/anh/binh-720w.webp")).unwrap(),
        b"from the cache"
    );
    // Without the cache the file is made again, the same.
    std::fs::remove_dir_all(&cache).unwrap();
    site.build(&[]).ok();
    assert_eq!(std::fs::read(site.root().join("public/anh/binh-720w.webp")).unwrap(), first);
}

/// A build that fails with `code` at the photo's `src:` line.
fn refused(site: &Site, code: &str) -> String {
    let r = site.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("[{code}]")), "{code}: {}", r.stderr);
    assert!(r.stderr.contains("content/guong-dien-hinh/a.md:7:8"), "{}", r.stderr);
    assert!(!site.exists("index.html"), "nothing is written");
    r.stderr
}

#[test]
fn broken_and_hostile_photos_are_reported_at_their_line() {
    let site = Site::fixture("mini");
    with_photo(&site, "/anh/khong-co.jpg");
    refused(&site, "photo-missing");

    // Cut short.
    let photo = phone_photo();
    site.write("static/anh/binh.jpg", &photo[..photo.len() / 2]);
    with_photo(&site, "/anh/binh.jpg");
    refused(&site, "photo-unreadable");

    // Not an image at all.
    site.write("static/anh/binh.jpg", "<html>not a photo</html>");
    refused(&site, "photo-unreadable");

    // A tiny PNG claiming 100 000 x 100 000 pixels.
    let mut bomb = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 2, 0, 0, 0]);
    let crc = png_crc(&bomb[12..]);
    bomb.extend_from_slice(&crc.to_be_bytes());
    site.write("static/anh/bom.png", &bomb);
    with_photo(&site, "/anh/bom.png");
    refused(&site, "photo-too-large");

    // A JPEG whose frame declares four colour components (CMYK, as print software writes).
    site.write("static/anh/in.jpg", cmyk_jpeg());
    with_photo(&site, "/anh/in.jpg");
    let e = refused(&site, "photo-cmyk");
    assert!(e.contains("RGB"), "{e}");
}

#[test]
fn small_and_16_bit_photos_are_published_with_a_notice() {
    let site = Site::fixture("mini");
    let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(500, 300, |x, _| {
        image::Rgb([(x * 100) as u16, 30_000, 60_000])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb16(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    site.write("static/anh/nho.png", &png);
    with_photo(&site, "/anh/nho.png");
    let r = site.build(&[]).ok();
    assert!(r.stderr.contains("[photo-small]"), "{}", r.stderr);
    assert!(r.stderr.contains("[photo-16-bit]"), "{}", r.stderr);
    // Not enlarged: the widest file is the original's width.
    assert!(site.exists("anh/nho-360w.webp"));
    assert!(site.exists("anh/nho-500w.jpg"));
    assert!(!site.exists("anh/nho-720w.jpg"));
    let page = site.read("guong-dien-hinh/tran-van-binh/index.html");
    let img = photo_img(&page);
    assert_eq!((img["width"].as_str(), img["height"].as_str()), ("500", "300"));
    // --strict makes the notices errors.
    assert_eq!(site.build(&["--strict"]).code, 1);
}

#[test]
fn copied_images_lose_their_metadata_or_are_refused() {
    let site = Site::fixture("mini");
    site.write("static/tai-lieu/anh-goc.jpg", phone_photo());
    site.write("content/tin-tuc/hinh.jpg", phone_photo());
    site.build(&[]).ok();
    for f in ["tai-lieu/anh-goc.jpg", "tin-tuc/hinh.jpg"] {
        let b = std::fs::read(site.root().join("public").join(f)).unwrap();
        assert!(!b.windows(11).any(|w| w == b"SN123456789"), "{f}");
        let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&b)).unwrap();
        assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_none(), "{f}");
        assert_eq!(image::load_from_memory(&b).unwrap().dimensions(), (1600, 1000), "{f}");
    }
    site.write("static/anh/iphone.heic", b"\x00\x00\x00\x18ftypheic");
    let r = site.build(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("static/anh/iphone.heic"), "{}", r.stderr);
    assert!(r.stderr.contains("[image-metadata]"), "{}", r.stderr);
}

/// The `<img>` of every `<picture>` of `html`, in order.
fn pictures(html: &str) -> Vec<std::collections::HashMap<String, String>> {
    html.split("<picture>")
        .skip(1)
        .map(|p| tags(&p[..p.find("</picture>").unwrap()], "img").remove(0))
        .collect()
}

/// Issue 18: images in Markdown bodies get the photo treatment on every kind of page, beside
/// the content file or from `static/`, and their originals are not published.
#[test]
fn body_images_are_made_light_on_every_kind_of_page() {
    let site = Site::fixture("mini");
    site.write("content/tin-tuc/hinh.jpg", phone_photo());
    site.write("static/anh/binh.jpg", phone_photo());
    site.write(
        "content/tin-tuc/co-anh.md",
        "---\ntitle: Trao bò giống\ndate: 2024-03-05\n---\nĐoạn mở đầu.\n\n![Bà con nhận *bò giống*](hinh.jpg)\n\nĐoạn giữa.\n\n![Ông Bình trước vườn điều](/anh/binh.jpg \"Ảnh minh họa\")\n",
    );
    let campaign = std::fs::read_to_string(site.root().join("content/phong-trao/vnn.md")).unwrap();
    site.write(
        "content/phong-trao/vnn.md",
        format!("{campaign}\n![Lễ phát động](../tin-tuc/hinh.jpg)\n"),
    );
    let r = site.build(&[]).ok();
    // Each original's location is announced at the line of its image.
    assert!(r.stderr.contains("content/tin-tuc/co-anh.md:7:1: "), "{}", r.stderr);
    assert!(r.stderr.contains("content/tin-tuc/co-anh.md:11:1: "), "{}", r.stderr);

    let page = site.read("tin-tuc/co-anh/index.html");
    let imgs = pictures(&page);
    assert_eq!(imgs.len(), 2, "{page}");
    assert_eq!(imgs[0]["src"], "/tin-tuc/hinh-1000w.jpg");
    assert_eq!(
        imgs[0]["srcset"],
        "/tin-tuc/hinh-360w.jpg 360w, /tin-tuc/hinh-720w.jpg 720w, /tin-tuc/hinh-1000w.jpg 1000w"
    );
    assert_eq!((imgs[0]["width"].as_str(), imgs[0]["height"].as_str()), ("1000", "1600"));
    assert_eq!(imgs[0]["alt"], "Bà con nhận bò giống");
    assert!(!imgs[0].contains_key("loading"), "the first image of the page loads at once");
    assert_eq!(imgs[1]["src"], "/anh/binh-1000w.jpg");
    assert_eq!(imgs[1]["loading"], "lazy");
    assert_eq!(imgs[1]["title"], "Ảnh minh họa");
    let source = &tags(&page, "source")[0];
    assert_eq!(source["type"], "image/webp");
    assert!(source["srcset"].starts_with("/tin-tuc/hinh-360w.webp 360w, "), "{page}");
    assert_eq!(source["sizes"], imgs[0]["sizes"]);
    // The files say what the page says, carry no metadata and are upright.
    for (file, w, h) in [("tin-tuc/hinh-360w.webp", 360, 576), ("anh/binh-1000w.jpg", 1000, 1600)] {
        let bytes = std::fs::read(site.root().join("public").join(file)).unwrap();
        assert!(!has_metadata(&bytes), "{file}");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.dimensions(), (w, h), "{file}");
        assert!(red(img.get_pixel(w / 2, h / 10)) && blue(img.get_pixel(w / 2, h / 2)), "{file}");
    }
    // A campaign's body, with a path relative to its own folder.
    let campaign = site.read("phong-trao/vnn-2021-2025/index.html");
    assert_eq!(pictures(&campaign)[0]["src"], "/tin-tuc/hinh-1000w.jpg", "{campaign}");
    // No original is published.
    assert!(!site.exists("tin-tuc/hinh.jpg"));
    assert!(!site.exists("anh/binh.jpg"));
}

/// Issue 18: a body image's problems are reported at the line and column of its `![`.
#[test]
fn body_image_problems_are_reported_at_their_line() {
    let site = Site::fixture("mini");
    let page = |img: &str| format!("---\ntitle: Tin có ảnh\n---\nMột đoạn.\n\n> {img}\n");
    let fails = |code: &str| {
        let r = site.build(&[]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("content/tin-tuc/anh.md:6:3: lỗi[{code}]")),
            "{}",
            r.stderr
        );
        assert!(!site.exists("index.html"), "nothing is written");
        r.stderr
    };
    site.write("content/tin-tuc/anh.md", page("![Lễ trao quà](khong-co.jpg)"));
    fails("photo-missing");
    site.write("static/anh/a.jpg", phone_photo());
    site.write("content/tin-tuc/anh.md", page("![](/anh/a.jpg)"));
    let e = fails("image-alt");
    assert!(e.contains("![") && e.contains("/anh/a.jpg"), "{e}");
    let photo = phone_photo();
    site.write("static/anh/a.jpg", &photo[..photo.len() / 2]);
    site.write("content/tin-tuc/anh.md", page("![Lễ trao quà](/anh/a.jpg)"));
    fails("photo-unreadable");
    site.write("static/anh/a.jpg", cmyk_jpeg());
    fails("photo-cmyk");
    // A drawing and an image on another site are published as written.
    site.write("static/anh/so-do.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write(
        "content/tin-tuc/anh.md",
        page("![Sơ đồ](/anh/so-do.svg) ![Ảnh vệ tinh](https://example.org/a.jpg)"),
    );
    site.remove("static/anh/a.jpg");
    site.build(&[]).ok();
    let html = site.read("tin-tuc/anh/index.html");
    assert!(
        html.contains("src=\"/anh/so-do.svg\"") || html.contains("src=/anh/so-do.svg"),
        "{html}"
    );
    assert!(html.contains("https://example.org/a.jpg"), "{html}");
    assert!(site.exists("anh/so-do.svg"));
}

/// Issue 18: the cache keeps what the last whole build used, not every photo ever built.
#[test]
fn the_cache_forgets_photos_no_longer_shown() {
    let site = Site::fixture("mini");
    let cache = site.root().join(".minhbach-cache/images");
    let entries = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "stat")
            .collect();
        v.sort();
        v
    };
    let stats = || std::fs::read_dir(cache.join("stat")).unwrap().count();
    site.write("static/anh/binh.jpg", phone_photo());
    with_photo(&site, "/anh/binh.jpg");
    let mut small = Vec::new();
    image::DynamicImage::ImageRgb8(RgbImage::from_pixel(400, 300, Rgb([0, 120, 0])))
        .write_to(&mut std::io::Cursor::new(&mut small), image::ImageFormat::Png)
        .unwrap();
    site.write("content/tin-tuc/vuon.png", &small);
    site.write("content/tin-tuc/co-anh.md", "---\ntitle: Vườn\n---\n![Vườn rau](vuon.png)\n");
    site.build(&[]).ok();
    let both = entries();
    assert_eq!(both.len(), 2, "{both:?}");
    assert_eq!(stats(), 2);
    // The news page stops showing its image: its entry goes, the exemplar's stays.
    site.write("content/tin-tuc/co-anh.md", "---\ntitle: Vườn\n---\nKhông còn ảnh.\n");
    site.build(&[]).ok();
    let one = entries();
    assert_eq!(one.len(), 1, "{one:?}");
    assert!(both.contains(&one[0]));
    assert_eq!(stats(), 1);
    // The unused image is now an ordinary file: published, stripped.
    assert!(site.exists("tin-tuc/vuon.png"));
    // An edited photo leaves no old version behind.
    let mut edited = phone_photo();
    edited.extend_from_slice(b"\xff\xd9");
    site.write("static/anh/binh.jpg", &edited);
    site.build(&[]).ok();
    let after = entries();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after, one);
    assert_eq!(stats(), 1);
}

/// The share previews of the output (`<name>-<w>x<h>.jpg`, site paths) and those no page links
/// (no `og:image` or `twitter:image` of any page names them).
fn share_files(site: &Site) -> (Vec<String>, Vec<String>) {
    let files: Vec<String> = site
        .files("public")
        .into_iter()
        .map(|p| format!("/{}", p.to_string_lossy().replace('\\', "/")))
        .collect();
    let is_share = |f: &str| {
        let Some(stem) = f.strip_suffix(".jpg") else { return false };
        let tail = stem.rsplit('-').next().unwrap_or("");
        let mut parts = tail.split('x');
        let mut number =
            || parts.next().is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        number() && number() && parts.next().is_none()
    };
    let shares: Vec<String> = files.iter().filter(|f| is_share(f)).cloned().collect();
    let mut linked = std::collections::HashSet::new();
    for f in files.iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(&f[1..]);
        for a in tags(&html, "meta") {
            let name = a.get("property").or_else(|| a.get("name")).map(String::as_str);
            if matches!(name, Some("og:image" | "twitter:image")) {
                // `https://host/anh/a-1200x630.jpg` → `/anh/a-1200x630.jpg`
                let url = a["content"].as_str();
                let path = url
                    .split_once("://")
                    .map_or(url, |(_, r)| &r[r.find('/').unwrap_or(r.len())..]);
                linked.insert(path.to_string());
            }
        }
    }
    let unlinked = shares.iter().filter(|s| !linked.contains(*s)).cloned().collect();
    (shares, unlinked)
}

/// A PNG of `w` x `h` in one colour.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(RgbImage::from_pixel(w, h, Rgb([0, 120, 0])))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Issue 18: a news item and a campaign show their `photo:` at the top of the page, with its
/// credit, and share it (`og:image`, `twitter:image`, JSON-LD); the images of a body are shown
/// but never shared, so no share preview is made that no page links.
#[test]
fn news_and_campaign_photos_are_shown_and_shared() {
    let site = Site::fixture("mini");
    site.write("static/anh/binh.jpg", phone_photo());
    with_photo(&site, "/anh/binh.jpg");
    site.write("content/tin-tuc/hinh.jpg", phone_photo());
    site.write("content/tin-tuc/vuon.png", png(1400, 900));
    site.write(
        "content/tin-tuc/trao-bo.md",
        "---\ntitle: Trao bò giống\ndate: 2024-03-05\nphoto:\n  src: hinh.jpg\n  alt: Bà con nhận bò giống\n  credit: \"Ảnh: Hội Nông dân xã Phước Hà\"\n---\nĐoạn mở đầu.\n\n![Vườn rau của tổ hợp tác](vuon.png)\n\n![Ông Bình trước vườn điều](/anh/binh.jpg)\n",
    );
    let campaign = std::fs::read_to_string(site.root().join("content/phong-trao/vnn.md")).unwrap();
    site.write(
        "content/phong-trao/vnn.md",
        campaign.replacen(
            "status: ended\n",
            "status: ended\nphoto: { src: ../tin-tuc/hinh.jpg, alt: Lễ phát động phong trào }\n",
            1,
        ),
    );
    // No `consent` on a news item's or a campaign's photo: it shows an event.
    let r = site.build(&[]).ok();
    assert!(r.stderr.contains("content/tin-tuc/trao-bo.md:5:8: "), "{}", r.stderr);

    let page = site.read("tin-tuc/trao-bo/index.html");
    let imgs = pictures(&page);
    assert_eq!(imgs.len(), 3, "{page}");
    assert_eq!(imgs[0]["src"], "/tin-tuc/hinh-1000w.jpg");
    assert_eq!((imgs[0]["width"].as_str(), imgs[0]["height"].as_str()), ("1000", "1600"));
    assert_eq!(imgs[0]["alt"], "Bà con nhận bò giống");
    assert_eq!(imgs[0]["fetchpriority"], "high");
    assert!(!imgs[0].contains_key("loading"), "the photo is on the first screen");
    // Below the photo, the body's first image is no longer on the first screen.
    assert_eq!(imgs[1]["src"], "/tin-tuc/vuon-1200w.jpg");
    assert_eq!(imgs[1]["loading"], "lazy");
    assert!(page.contains("<figcaption>Ảnh: Hội Nông dân xã Phước Hà</figcaption>"), "{page}");
    assert!(meta(&page, "og:image").ends_with("/tin-tuc/hinh-1000x525.jpg"), "{page}");
    assert_eq!(meta(&page, "og:image:width"), "1000");
    assert_eq!(meta(&page, "og:image:alt"), "Bà con nhận bò giống");
    let twitter = tags(&page, "meta")
        .into_iter()
        .find(|a| a.get("name").map(String::as_str) == Some("twitter:image"))
        .expect("twitter:image");
    assert_eq!(twitter["content"], meta(&page, "og:image"));
    assert!(
        page.contains(r#""image":{"@type":"ImageObject","height":525,"url":"https://"#),
        "{page}"
    );

    let campaign = site.read("phong-trao/vnn-2021-2025/index.html");
    assert_eq!(pictures(&campaign)[0]["src"], "/tin-tuc/hinh-1000w.jpg", "{campaign}");
    assert!(meta(&campaign, "og:image").ends_with("/tin-tuc/hinh-1000x525.jpg"), "{campaign}");
    assert!(campaign.contains(r#""image":{"@type":"ImageObject""#), "{campaign}");

    // Share previews: the exemplar's and the news item's (also the campaign's), each linked; none
    // of the body image that no page shares.
    let (shares, unlinked) = share_files(&site);
    assert_eq!(shares, ["/anh/binh-1000x525.jpg", "/tin-tuc/hinh-1000x525.jpg"]);
    assert!(unlinked.is_empty(), "share previews no page links: {unlinked:?}");
    assert!(site.exists("tin-tuc/vuon-1200w.webp") && !site.exists("tin-tuc/vuon-1200x630.jpg"));

    // The body image becomes the page's photo: its preview is made then (a cache entry of its
    // own), and the one of the photo it replaces goes.
    site.write(
        "content/tin-tuc/trao-bo.md",
        "---\ntitle: Trao bò giống\nphoto: { src: vuon.png, alt: Vườn rau của tổ hợp tác }\n---\nĐoạn mở đầu.\n",
    );
    site.write("content/phong-trao/vnn.md", campaign_source());
    site.build(&[]).ok();
    let (shares, unlinked) = share_files(&site);
    assert_eq!(shares, ["/anh/binh-1000x525.jpg", "/tin-tuc/vuon-1200x630.jpg"]);
    assert!(unlinked.is_empty(), "{unlinked:?}");
    assert!(!site.exists("tin-tuc/hinh-1000w.jpg"), "no longer shown: an ordinary copy");
}

/// The fixture's campaign file as it is.
fn campaign_source() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/mini/content/phong-trao/vnn.md"),
    )
    .unwrap()
}

/// Issue 18: a page's or a campaign's `photo:` is checked as an exemplar's is, at its line.
#[test]
fn news_and_campaign_photo_problems_are_reported_at_their_line() {
    let site = Site::fixture("mini");
    site.write("static/anh/a.jpg", phone_photo());
    let news = |photo: &str| format!("---\ntitle: Tin có ảnh\n{photo}\n---\nMột đoạn.\n");
    let fails = |file: &str, at: &str, code: &str| {
        let r = site.build(&[]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        // `at` is the line, or the line and column.
        let here = format!("{file}:{at}:");
        assert!(
            r.stderr.lines().any(|l| l.starts_with(&here) && l.contains(&format!("lỗi[{code}]"))),
            "{code}: {}",
            r.stderr
        );
        assert!(!site.exists("index.html"), "nothing is written");
        r.stderr
    };
    site.write("content/tin-tuc/anh.md", news("photo: /anh/a.jpg"));
    let e = fails("content/tin-tuc/anh.md", "3:8", "wrong-type");
    assert!(e.contains("photo: { src: /anh/ten-anh.jpg, alt:"), "{e}");
    site.write("content/tin-tuc/anh.md", news("photo: { src: /anh/a.jpg }"));
    fails("content/tin-tuc/anh.md", "3", "missing-key");
    site.write(
        "content/tin-tuc/anh.md",
        news("photo:\n  src: /anh/khong-co.jpg\n  alt: Lễ trao quà"),
    );
    fails("content/tin-tuc/anh.md", "4:8", "photo-missing");
    site.remove("content/tin-tuc/anh.md");
    let campaign = campaign_source();
    site.write(
        "content/phong-trao/vnn.md",
        campaign.replacen(
            "status: ended\n",
            "status: ended\nphoto: { src: /anh/a.jpg, alt: Lễ phát động, credits: Ban Thi đua }\n",
            1,
        ),
    );
    let e = fails("content/phong-trao/vnn.md", "7", "unknown-key");
    assert!(e.contains("`credit`"), "{e}");
}

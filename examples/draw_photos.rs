//! Draws the illustrations of the example site, and the photos of the photo benchmark. No real
//! person or place is in them and nothing is downloaded: fields, hills, a house and trees drawn
//! from a seed.
//!
//! ```sh
//! cargo run --release --example draw_photos -- example        # static/anh/*.jpg and content/tin-tuc/*.jpg of the example site
//! cargo run --release --example draw_photos -- bench DIR 200  # 200 photos of 4 000 x 3 000 in DIR
//! ```
//!
//! `static/anh/vuon-dieu.jpg` is written the way a phone writes a photo held upright: pixels
//! stored on their side with EXIF orientation 6, and a GPS position (an invented one) and a
//! camera serial number, so that the example site shows the `photo-location` notice and the
//! published files show that none of it is kept.

use std::path::Path;

use image::{Rgb, RgbImage};

/// A small deterministic random sequence (xorshift), so the drawings are the same every run.
struct Seq(u64);

impl Seq {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }

    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() as f32 / u32::MAX as f32)
    }
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    let t = t.clamp(0.0, 1.0);
    Rgb([0, 1, 2].map(|i| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8))
}

/// A countryside scene of `w` x `h` drawn from `seed`.
fn scene(w: u32, h: u32, seed: u64) -> RgbImage {
    let mut s = Seq(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (wf, hf) = (w as f32, h as f32);
    let horizon = hf * s.range(0.38, 0.5);
    let (sun_x, sun_y, sun_r) = (wf * s.range(0.15, 0.85), hf * s.range(0.1, 0.25), hf * 0.06);
    let hills: Vec<(f32, f32, f32)> =
        (0..3).map(|_| (s.range(1.5, 4.0), s.range(0.0, 6.3), s.range(0.03, 0.08))).collect();
    let green = [[86, 140, 60], [120, 170, 70], [70, 120, 50]][(seed % 3) as usize];
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        let hill: f32 = hills
            .iter()
            .map(|(f, p, a)| (xf / wf * f * std::f32::consts::TAU / 2.0 + p).sin() * a * hf)
            .sum::<f32>();
        let d = ((xf - sun_x).powi(2) + (yf - sun_y).powi(2)).sqrt();
        if yf < horizon + hill {
            if d < sun_r {
                return Rgb([255, 214, 90]);
            }
            mix([120, 180, 235], [225, 238, 246], yf / horizon)
        } else {
            // Rows of a field, in perspective.
            let depth = (yf - horizon) / (hf - horizon);
            let row = ((xf - wf / 2.0) / (0.2 + depth) / (wf / 40.0)).sin();
            let base = mix(green, [40, 90, 30], depth * 0.6);
            mix(base.0, [150, 120, 70], if row > 0.85 { 0.35 } else { 0.0 })
        }
    });
    // A house with a red roof and trees beside it.
    let (hx, hy, hw) = (wf * s.range(0.2, 0.6), horizon + hf * 0.08, wf * 0.18);
    for y in 0..h {
        for x in 0..w {
            let (xf, yf) = (x as f32, y as f32);
            let in_wall = xf > hx && xf < hx + hw && yf > hy && yf < hy + hw * 0.5;
            let roof_top = hy - hw * 0.3;
            let in_roof = yf > roof_top
                && yf <= hy
                && (xf - (hx + hw / 2.0)).abs() < (yf - roof_top) / (hw * 0.3) * hw * 0.6;
            let in_door = xf > hx + hw * 0.42 && xf < hx + hw * 0.58 && yf > hy + hw * 0.22;
            let tree = (0..3).any(|i| {
                let tx = hx + hw * (1.3 + 0.35 * i as f32);
                let ty = hy + hw * 0.05 - (i as f32) * hw * 0.05;
                ((xf - tx).powi(2) + (yf - ty).powi(2)).sqrt() < hw * 0.2
                    || ((xf - tx).abs() < hw * 0.03 && yf > ty && yf < hy + hw * 0.5)
            });
            let p = img.get_pixel_mut(x, y);
            if in_door && in_wall {
                *p = Rgb([110, 70, 40]);
            } else if in_wall {
                *p = Rgb([238, 226, 196]);
            } else if in_roof {
                *p = mix([190, 60, 40], [150, 40, 30], (yf - roof_top) / (hw * 0.3));
            } else if tree {
                *p = Rgb([40, 100, 45]);
            }
        }
    }
    // A little grain, as a camera has.
    for p in img.pixels_mut() {
        let n = (s.next() % 9) as i16 - 4;
        *p = Rgb(p.0.map(|c| (i16::from(c) + n).clamp(0, 255) as u8));
    }
    img
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .expect("encode");
    out
}

/// EXIF as a phone writes it: orientation 6, a camera serial number and a GPS position
/// (invented: 11° 32' N, 106° 54' E).
fn phone_exif() -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, ty: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&ty.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut t, 0x8769, 4, 1, 50u32.to_be_bytes());
    entry(&mut t, 0x8825, 4, 1, 80u32.to_be_bytes());
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(&1u16.to_be_bytes());
    entry(&mut t, 0xA431, 2, 12, 68u32.to_be_bytes());
    t.extend_from_slice(&[0; 4]);
    t.extend_from_slice(b"MB00000001\x00\x00");
    t.extend_from_slice(&4u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, [b'N', 0, 0, 0]);
    entry(&mut t, 0x0002, 5, 3, 134u32.to_be_bytes());
    entry(&mut t, 0x0003, 2, 2, [b'E', 0, 0, 0]);
    entry(&mut t, 0x0004, 5, 3, 158u32.to_be_bytes());
    t.extend_from_slice(&[0; 4]);
    for (n, d) in [(11u32, 1u32), (32, 1), (0, 1), (106, 1), (54, 1), (0, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + t.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&t);
    app1
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("folder")).expect("create folder");
    std::fs::write(path, bytes).expect("write");
    println!("{} ({} KB)", path.display(), bytes.len() / 1024);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("example") => {
            let dir = Path::new("static/anh");
            // A large one (resized down to every width).
            write(&dir.join("ruong-lua.jpg"), &jpeg(&scene(2400, 1600, 1), 78));
            write(&dir.join("htx-ham-can.jpg"), &jpeg(&scene(1600, 1067, 2), 80));
            // Held upright, stored on its side, with a position and a serial, as phones do.
            let upright = scene(1200, 1600, 3);
            let stored = image::imageops::rotate270(&upright);
            let plain = jpeg(&stored, 80);
            let mut phone = plain[..2].to_vec();
            phone.extend_from_slice(&phone_exif());
            phone.extend_from_slice(&plain[2..]);
            write(&dir.join("vuon-dieu.jpg"), &phone);
            // A news item's illustration, beside its Markdown file (a body image).
            write(Path::new("content/tin-tuc/canh-dong.jpg"), &jpeg(&scene(1800, 1200, 4), 80));
            // The `photo:` of a news item (beside it) and of a campaign (in static/anh/).
            write(Path::new("content/tin-tuc/cao-diem.jpg"), &jpeg(&scene(1800, 1200, 5), 80));
            write(&dir.join("phat-dong.jpg"), &jpeg(&scene(2000, 1300, 6), 80));
        }
        Some("bench") => {
            let dir = Path::new(args.get(1).map_or("bench-photos", String::as_str)).to_path_buf();
            let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
            use rayon::prelude::*;
            (0..n).into_par_iter().for_each(|i| {
                write(&dir.join(format!("anh-{i:03}.jpg")), &jpeg(&scene(4000, 3000, i + 10), 85));
            });
        }
        _ => {
            eprintln!("usage: draw_photos example | bench DIR [N]");
            std::process::exit(2);
        }
    }
}

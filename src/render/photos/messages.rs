//! The messages of the photo step: what is wrong with an original (missing, unreadable, too
//! large, CMYK) and what a webmaster should know about one that was published (its location
//! data, its size, its depth), each at the line that names the image.

use std::path::Path;

use super::encode::{self, Facts, Refusal};
use crate::diag::{Diagnostic, Pos};
use crate::t;

/// Where an image is named: the record's file, the position of `src:` or of the body's `![`, and
/// the address as written.
pub(super) struct At<'a> {
    pub(super) file: &'a Path,
    pub(super) pos: Pos,
    pub(super) src: &'a str,
}

/// The warnings about an original that was published.
pub(super) fn notices(u: &At<'_>, f: &Facts) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let src = u.src;
    if f.gps || f.device {
        let what = match (f.gps, f.device) {
            (true, true) => {
                t!("vị trí chụp (GPS) và số máy", "the position (GPS) and device serial")
            }
            (true, false) => t!("vị trí chụp (GPS)", "the position (GPS)"),
            _ => t!("số máy hoặc tên chủ máy", "the device serial or owner name"),
        };
        let (vi, en) = (what.vi, what.en);
        v.push(
            Diagnostic::warning(
                "photo-location",
                u.file,
                u.pos,
                t!(
                    "ảnh gốc `{src}` ghi {vi}: các ảnh xuất bản đã bỏ hết, nhưng tệp gốc trong thư mục site vẫn còn",
                    "the original `{src}` records {en}: the published images carry none of it, but the original in the site folder still does"
                ),
            )
            .with_hint(t!(
                "tắt \"lưu vị trí\" trong ứng dụng máy ảnh của điện thoại; đừng gửi tệp gốc cho người khác",
                "turn off \"save location\" in the phone's camera app; do not pass the original on"
            )),
        );
    }
    let largest = encode::WIDTHS[encode::WIDTHS.len() - 1];
    if f.width < largest {
        let w = f.width;
        v.push(
            Diagnostic::warning(
                "photo-small",
                u.file,
                u.pos,
                t!(
                    "ảnh `{src}` rộng {w} điểm ảnh, nhỏ hơn cỡ lớn nhất {largest}: không phóng to, màn hình lớn sẽ thấy ảnh nhỏ hơn",
                    "`{src}` is {w} pixels wide, less than the largest width {largest}: it is not enlarged, so wide screens show it smaller"
                ),
            )
            .with_hint(t!(
                "dùng ảnh gốc rộng ít nhất {largest} điểm ảnh (ảnh chụp thẳng từ điện thoại là đủ)",
                "use an original at least {largest} pixels wide (a phone's photo as taken is enough)"
            )),
        );
    }
    if f.deep {
        v.push(
            Diagnostic::warning(
                "photo-16-bit",
                u.file,
                u.pos,
                t!(
                    "ảnh `{src}` có 16 bit mỗi kênh màu: đã chuyển sang 8 bit (trình duyệt chỉ hiện 8 bit)",
                    "`{src}` has 16 bits per channel: made 8 bits (browsers show 8)"
                ),
            )
            .with_hint(t!(
                "xuất ảnh lại với 8 bit mỗi kênh (tệp nhẹ hơn một nửa)",
                "export the image again with 8 bits per channel (half the file size)"
            )),
        );
    }
    v
}

/// The error for a photo file that is not there.
pub(super) fn missing(u: &At<'_>) -> Diagnostic {
    let src = u.src;
    Diagnostic::error(
        "photo-missing",
        u.file,
        u.pos,
        t!("không tìm thấy tệp ảnh `{src}`", "the image file `{src}` does not exist"),
    )
    .with_hint(t!(
        "đặt ảnh vào `static{src}` (hoặc cạnh tệp .md nếu `src` không bắt đầu bằng /), hoặc sửa `src` cho đúng tên tệp (kể cả chữ hoa, chữ thường)",
        "put the image at `static{src}` (or beside the .md file when `src` does not start with /), or correct `src` to the file's name (case matters)"
    ))
}

/// The error for an original that cannot be published.
pub(super) fn refused(u: &At<'_>, r: &Refusal) -> Diagnostic {
    let src = u.src;
    let (code, message, hint) = match r {
        Refusal::Unreadable(why) => (
            "photo-unreadable",
            t!(
                "không đọc được ảnh `{src}` (tệp hỏng, bị cắt cụt hoặc không phải JPEG, PNG, WebP): {why}",
                "cannot read the image `{src}` (broken, cut short, or not a JPEG, PNG or WebP): {why}"
            ),
            t!(
                "chép lại ảnh từ điện thoại hoặc máy ảnh, hoặc mở nó bằng trình xem ảnh rồi lưu thành JPEG",
                "copy the photo again from the phone or camera, or open it in an image viewer and save it as JPEG"
            ),
        ),
        Refusal::TooLarge(w, h) => {
            let max = encode::MAX_SIDE;
            let size = if *w > 0 { format!(" ({w} x {h})") } else { String::new() };
            (
                "photo-too-large",
                t!(
                    "ảnh `{src}` khai kích thước quá lớn{size}: quá {max} điểm ảnh một chiều hoặc quá 80 triệu điểm ảnh",
                    "`{src}` claims too many pixels{size}: more than {max} on a side or 80 megapixels"
                ),
                t!(
                    "thu nhỏ ảnh xuống dưới 4 000 điểm ảnh mỗi chiều rồi lưu lại (tệp có thể là ảnh hỏng hoặc cố ý gây hại)",
                    "scale the image below 4 000 pixels on each side and save it again (the file may be broken or hostile)"
                ),
            )
        }
        Refusal::Cmyk => (
            "photo-cmyk",
            t!(
                "ảnh `{src}` dùng hệ màu CMYK (bản in): trình duyệt hiện sai màu",
                "`{src}` uses CMYK colours (made for print): browsers show wrong colours"
            ),
            t!(
                "mở ảnh trong trình sửa ảnh, đổi sang hệ màu RGB (sRGB) rồi lưu thành JPEG",
                "open the image in an editor, convert it to RGB (sRGB) and save it as JPEG"
            ),
        ),
    };
    Diagnostic::error(code, u.file, u.pos, message).with_hint(hint)
}

/// The error for an image file whose metadata cannot be removed.
pub(super) fn uncleanable(shown: &Path, ext: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        "image-metadata",
        shown,
        Pos::default(),
        t!(
            "không bỏ được siêu dữ liệu (vị trí chụp, số máy) khỏi tệp .{ext} này, nên không xuất bản nó",
            "cannot remove the metadata (position, device serial) from this .{ext} file, so it is not published"
        ),
    )
    .with_hint(t!(
        "mở ảnh bằng trình xem ảnh và lưu lại thành JPEG hoặc PNG (tệp hỏng thì chép lại từ máy gốc)",
        "open the image in a viewer and save it as JPEG or PNG (copy a broken file again from its source)"
    )))
}

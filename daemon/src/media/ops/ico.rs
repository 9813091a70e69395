//! Windows icons (`.ico`, favicons): the picture centred on a transparent
//! square and stored at the usual icon sizes up to 256 px, each a PNG
//! inside, so that Windows and browsers pick the size they show.

use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::{DynamicImage, ExtendedColorType, RgbaImage};

use super::image::{fit_within, resize};
use super::FileFacts;
use crate::media::MediaError;

/// The sizes an icon holds, pixels square (none larger than the picture).
pub(crate) const SIZES: &[u32] = &[16, 24, 32, 48, 64, 128, 256];

/// The side of the largest picture in an icon of a `w` x `h` picture.
pub(crate) fn largest(w: u32, h: u32) -> u32 {
    let side = w.max(h).max(1);
    SIZES
        .iter()
        .copied()
        .filter(|&s| s <= side)
        .max()
        .unwrap_or(side)
}

/// The sizes an icon of a `w` x `h` picture holds, smallest first.
fn sizes(w: u32, h: u32) -> Vec<u32> {
    let top = largest(w, h);
    SIZES
        .iter()
        .copied()
        .filter(|&s| s < top)
        .chain([top])
        .collect()
}

/// ImageMagick's arguments doing the same: fitted within 256 px, centred
/// on a transparent square, written at the same sizes.
pub(crate) fn magick(input: &FileFacts) -> Vec<String> {
    let (w, h) = input
        .width
        .zip(input.height)
        .map_or((256, 256), |(w, h)| fit_within(w, h, 256, 256));
    let side = w.max(h);
    let sizes: Vec<String> = sizes(side, side).iter().rev().map(u32::to_string).collect();
    [
        "-resize",
        "256x256>",
        "-background",
        "none",
        "-gravity",
        "center",
        "-extent",
        &format!("{side}x{side}"),
        "-define",
        &format!("icon:auto-resize={}", sizes.join(",")),
    ]
    .map(String::from)
    .to_vec()
}

/// Encodes `img` as an icon.
pub(crate) fn encode(img: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let bad = |e: image::ImageError| MediaError::InvalidRequest(format!("writing the icon: {e}"));
    // The picture within 256 px, centred on a transparent square.
    let (w, h) = fit_within(img.width(), img.height(), 256, 256);
    let fitted = resize(img, w, h)?.to_rgba8();
    let side = w.max(h);
    let mut square = RgbaImage::new(side, side);
    image::imageops::overlay(
        &mut square,
        &fitted,
        i64::from((side - w) / 2),
        i64::from((side - h) / 2),
    );
    let square = DynamicImage::ImageRgba8(square);
    let mut frames = Vec::new();
    for s in sizes(side, side) {
        let pic = resize(&square, s, s)?.to_rgba8();
        frames.push(IcoFrame::as_png(pic.as_raw(), s, s, ExtendedColorType::Rgba8).map_err(bad)?);
    }
    let mut out = Vec::new();
    IcoEncoder::new(&mut out)
        .encode_images(&frames)
        .map_err(bad)?;
    Ok(out)
}

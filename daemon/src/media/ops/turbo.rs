//! JPEG through libjpeg-turbo's TurboJPEG API: SIMD decoding that does only
//! the work a step [`Needs`] (scaled in the DCT, luma without the colour
//! planes, a region cut out losslessly before decoding) and SIMD encoding.

use ::image::metadata::Orientation;
use ::image::{DynamicImage, GrayImage, RgbImage};
use turbojpeg::{Decompressor, Image, PixelFormat, Subsamp, Transform, TransformCrop};

use super::crop::Rect;
use super::needs::Needs;
use super::OpLimits;
use crate::media::MediaError;

/// A decoded picture, and which of the step's needs the decoder met.
pub(crate) struct Decoded {
    pub img: DynamicImage,
    pub cut: bool,
    pub turned: bool,
}

fn bad(e: turbojpeg::Error) -> MediaError {
    MediaError::BadImage(format!("JPEG: {e}"))
}

/// The size of a `w` x `h` JPEG decoded at `num`/8 (TurboJPEG's rounding).
fn scaled(w: u32, h: u32, num: u32) -> (u32, u32) {
    ((w * num).div_ceil(8), (h * num).div_ceil(8))
}

/// The smallest power-of-two reduction (1/8, 1/4, 1/2) still at least
/// `at_least`, in eighths (8: full size). Only these run the fast IDCTs.
pub(crate) fn shrink_eighths(w: u32, h: u32, at_least: Option<(u32, u32)>) -> u32 {
    let Some((tw, th)) = at_least else { return 8 };
    [1, 2, 4]
        .into_iter()
        .find(|&num| {
            let (sw, sh) = scaled(w, h, num);
            sw >= tw && sh >= th
        })
        .unwrap_or(8)
}

/// Decodes `jpeg` (stored orientation) within `limits`, doing only what
/// `needs` asks. `needs` is in stored coordinates.
pub(crate) fn decode(jpeg: &[u8], needs: &Needs, limits: &OpLimits) -> Result<Decoded, MediaError> {
    let mut d = Decompressor::new().map_err(bad)?;
    let header = d.read_header(jpeg).map_err(bad)?;
    let (w, h) = (header.width as u32, header.height as u32);
    limits.check_size(w, h)?;
    let luma = needs.luma || header.colorspace == turbojpeg::Colorspace::Gray;
    if let Some(r) = needs.region {
        if let Some(img) = decode_region(jpeg, header.subsamp, r, luma, limits)? {
            return Ok(Decoded {
                img,
                cut: true,
                turned: false,
            });
        }
    }
    let num = shrink_eighths(w, h, needs.at_least);
    let img = decode_at(&mut d, jpeg, scaled(w, h, num), luma, limits)?;
    Ok(Decoded {
        img,
        cut: false,
        turned: false,
    })
}

/// The stored width and height of a JPEG, from its header.
pub(crate) fn size(jpeg: &[u8]) -> Result<(u32, u32), MediaError> {
    let header = turbojpeg::read_header(jpeg).map_err(bad)?;
    Ok((header.width as u32, header.height as u32))
}

fn decode_at(
    d: &mut Decompressor,
    jpeg: &[u8],
    (w, h): (u32, u32),
    luma: bool,
    limits: &OpLimits,
) -> Result<DynamicImage, MediaError> {
    let format = if luma {
        PixelFormat::GRAY
    } else {
        PixelFormat::RGB
    };
    let pitch = w as usize * format.size();
    let len = pitch * h as usize;
    if len as u64 > limits.max_image_alloc_bytes {
        return Err(MediaError::BadImage(
            "the picture is larger than allowed".into(),
        ));
    }
    let mut pixels = vec![0u8; len];
    let image = Image {
        pixels: pixels.as_mut_slice(),
        width: w as usize,
        pitch,
        height: h as usize,
        format,
    };
    d.decompress(jpeg, image).map_err(bad)?;
    let short = || MediaError::BadImage("JPEG: short picture".into());
    Ok(if luma {
        DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, pixels).ok_or_else(short)?)
    } else {
        DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, pixels).ok_or_else(short)?)
    })
}

/// Cuts `r` out without decoding the rest: a lossless crop on whole blocks
/// (one block of margin, so chroma upsampling at the cut sees the same
/// neighbours), decoded, then trimmed to `r`. `None` when `r` does not fit.
fn decode_region(
    jpeg: &[u8],
    subsamp: Subsamp,
    r: Rect,
    luma: bool,
    limits: &OpLimits,
) -> Result<Option<DynamicImage>, MediaError> {
    let mut d = Decompressor::new().map_err(bad)?;
    let header = d.read_header(jpeg).map_err(bad)?;
    let (w, h) = (header.width as u32, header.height as u32);
    if r.width == 0 || r.height == 0 || r.x + r.width > w || r.y + r.height > h {
        return Ok(None);
    }
    let (mw, mh) = (subsamp.mcu_width() as u32, subsamp.mcu_height() as u32);
    let x0 = (r.x.saturating_sub(mw) / mw) * mw;
    let y0 = (r.y.saturating_sub(mh) / mh) * mh;
    let x1 = (r.x + r.width + mw).min(w);
    let y1 = (r.y + r.height + mh).min(h);
    let transform = Transform {
        crop: Some(TransformCrop {
            x: x0 as usize,
            y: y0 as usize,
            width: Some((x1 - x0) as usize),
            height: Some((y1 - y0) as usize),
        }),
        copy_none: true,
        ..Transform::default()
    };
    let cut = turbojpeg::transform(&transform, jpeg).map_err(bad)?;
    let img = decode_at(&mut d, &cut, (x1 - x0, y1 - y0), luma, limits)?;
    Ok(Some(img.crop_imm(r.x - x0, r.y - y0, r.width, r.height)))
}

/// `img` (RGB or gray, no alpha) as a JPEG at `quality`: gray pictures as
/// one-channel JPEGs, colour ones without chroma subsampling from quality
/// 90 up (as libvips), 4:2:0 below.
pub(crate) fn encode(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let mut c = turbojpeg::Compressor::new().map_err(bad)?;
    c.set_quality(i32::from(quality.clamp(1, 100)));
    let (w, h) = (img.width() as usize, img.height() as usize);
    let out = match img {
        DynamicImage::ImageLuma8(g) => {
            c.set_subsamp(Subsamp::Gray);
            c.compress_to_vec(Image {
                pixels: g.as_raw().as_slice(),
                width: w,
                pitch: w,
                height: h,
                format: PixelFormat::GRAY,
            })
        }
        img => {
            c.set_subsamp(if quality >= 90 {
                Subsamp::None
            } else {
                Subsamp::Sub2x2
            });
            let rgb;
            let raw = match img {
                DynamicImage::ImageRgb8(i) => i.as_raw(),
                other => {
                    rgb = other.to_rgb8();
                    rgb.as_raw()
                }
            };
            c.compress_to_vec(Image {
                pixels: raw.as_slice(),
                width: w,
                pitch: w * 3,
                height: h,
                format: PixelFormat::RGB,
            })
        }
    };
    out.map_err(bad)
}

/// The ICC colour profile of a JPEG: its APP2 `ICC_PROFILE` segments,
/// joined in their sequence order.
pub(crate) fn icc_profile(jpeg: &[u8]) -> Option<Vec<u8>> {
    let mut parts: Vec<(u8, &[u8])> = Vec::new();
    for (marker, body) in segments(jpeg) {
        if marker == 0xE2 && body.len() > 14 && body.starts_with(b"ICC_PROFILE\0") {
            parts.push((body[12], &body[14..]));
        }
    }
    if parts.is_empty() {
        return None;
    }
    parts.sort_by_key(|(seq, _)| *seq);
    Some(
        parts
            .into_iter()
            .flat_map(|(_, p)| p.iter().copied())
            .collect(),
    )
}

/// `jpeg` with `icc` as APP2 segments after its SOI and JFIF header.
pub(crate) fn with_icc(jpeg: Vec<u8>, icc: &[u8]) -> Vec<u8> {
    const CHUNK: usize = 65_519;
    let chunks: Vec<&[u8]> = icc.chunks(CHUNK).collect();
    if chunks.is_empty() || chunks.len() > 255 || jpeg.get(..2) != Some(&[0xFF, 0xD8]) {
        return jpeg;
    }
    let mut at = 2;
    if jpeg.get(at..at + 2) == Some(&[0xFF, 0xE0]) {
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at = (at + 2 + len).min(jpeg.len());
    }
    let mut out = Vec::with_capacity(jpeg.len() + icc.len() + 18 * chunks.len());
    out.extend_from_slice(&jpeg[..at]);
    for (i, part) in chunks.iter().enumerate() {
        out.extend_from_slice(&[0xFF, 0xE2]);
        out.extend_from_slice(&((part.len() + 16) as u16).to_be_bytes());
        out.extend_from_slice(b"ICC_PROFILE\0");
        out.extend_from_slice(&[i as u8 + 1, chunks.len() as u8]);
        out.extend_from_slice(part);
    }
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// The marker segments before the first scan, as (marker, body).
fn segments(jpeg: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = 2;
    let ok = jpeg.get(..2) == Some(&[0xFF, 0xD8]);
    std::iter::from_fn(move || {
        if !ok || at + 4 > jpeg.len() || jpeg[at] != 0xFF || jpeg[at + 1] == 0xDA {
            return None;
        }
        let marker = jpeg[at + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let body = jpeg.get(at + 4..at + 2 + len.max(2))?;
        at += 2 + len.max(2);
        Some((marker, body))
    })
}

/// The EXIF orientation of a JPEG, read from its APP1 segment (1 when
/// there is none or it cannot be read).
pub(crate) fn orientation(jpeg: &[u8]) -> Orientation {
    exif_orientation(jpeg)
        .and_then(Orientation::from_exif)
        .unwrap_or(Orientation::NoTransforms)
}

fn exif_orientation(jpeg: &[u8]) -> Option<u8> {
    let (_, body) =
        segments(jpeg).find(|(marker, body)| *marker == 0xE1 && body.starts_with(b"Exif\0\0"))?;
    tiff_orientation(&body[6..])
}

fn tiff_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = usize::from(u16_at(ifd)?);
    (0..count.min(512))
        .find_map(|i| {
            let entry = ifd + 2 + i * 12;
            (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8))?
        })?
        .try_into()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_keeps_at_least_the_target() {
        assert_eq!(shrink_eighths(4000, 3000, Some((800, 600))), 2);
        assert_eq!(shrink_eighths(4000, 3000, Some((200, 150))), 1);
        assert_eq!(shrink_eighths(4000, 3000, Some((2001, 1501))), 8);
        assert_eq!(shrink_eighths(4000, 3000, None), 8);
        assert_eq!(scaled(4001, 3001, 1), (501, 376));
    }

    fn jpeg_with_exif(orientation: u16, big_endian: bool) -> Vec<u8> {
        let mut tiff = Vec::new();
        let w16 = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let w32 = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        tiff.extend_from_slice(if big_endian { b"MM" } else { b"II" });
        tiff.extend_from_slice(&w16(42));
        tiff.extend_from_slice(&w32(8));
        tiff.extend_from_slice(&w16(1));
        tiff.extend_from_slice(&w16(0x0112));
        tiff.extend_from_slice(&w16(3));
        tiff.extend_from_slice(&w32(1));
        tiff.extend_from_slice(&w16(orientation));
        tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xE1];
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&[0xFF, 0xDA, 0, 2]);
        out
    }

    #[test]
    fn reads_exif_orientation_in_both_byte_orders() {
        assert_eq!(orientation(&jpeg_with_exif(6, true)), Orientation::Rotate90);
        assert_eq!(
            orientation(&jpeg_with_exif(3, false)),
            Orientation::Rotate180
        );
        assert_eq!(orientation(&[0xFF, 0xD8]), Orientation::NoTransforms);
        assert_eq!(orientation(b"not a jpeg"), Orientation::NoTransforms);
        let mut cut = jpeg_with_exif(8, false);
        cut.truncate(20);
        assert_eq!(orientation(&cut), Orientation::NoTransforms);
    }

    #[test]
    fn round_trips_gray_and_colour_and_cuts_regions() {
        let rgb = RgbImage::from_fn(300, 200, |x, y| {
            ::image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let jpeg = encode(&DynamicImage::ImageRgb8(rgb), 95).unwrap();
        let limits = OpLimits::default();
        let full = decode(&jpeg, &Needs::default(), &limits).unwrap();
        assert_eq!((full.img.width(), full.img.height()), (300, 200));
        let gray = decode(
            &jpeg,
            &Needs {
                luma: true,
                at_least: Some((70, 40)),
                ..Needs::default()
            },
            &limits,
        )
        .unwrap();
        assert!(matches!(gray.img, DynamicImage::ImageLuma8(_)));
        assert_eq!((gray.img.width(), gray.img.height()), (75, 50));
        let r = Rect {
            x: 37,
            y: 21,
            width: 101,
            height: 77,
        };
        let cut = decode(
            &jpeg,
            &Needs {
                region: Some(r),
                ..Needs::default()
            },
            &limits,
        )
        .unwrap();
        assert!(cut.cut);
        let whole = full.img.crop_imm(r.x, r.y, r.width, r.height).to_rgb8();
        let part = cut.img.to_rgb8();
        assert_eq!(part.dimensions(), (101, 77));
        let diff = whole
            .as_raw()
            .iter()
            .zip(part.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        assert!(diff <= 2, "cut-out differs from the full decode by {diff}");
    }
}

//! Compressing a PDF with `lopdf`: embedded pictures re-encoded as JPEG
//! (downsampled above the level's resolution), streams left uncompressed
//! deflated, unused objects dropped, objects packed into object streams.
//! Page contents and fonts are never touched: text stays text.

use std::collections::HashSet;
use std::path::Path;

use image::imageops::FilterType;
use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Document, Object, ObjectId, SaveOptions, Stream};
use serde::{Deserialize, Serialize};

use super::limits::MAX_STREAM_BYTES;
use super::{jpeg, pdf, placement, DocError};
use crate::media::ops::{Deadline, OpLimits};
use crate::media::MediaError;

/// How hard to compress, as Ghostscript's `-dPDFSETTINGS` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompressLevel {
    /// 72 dpi pictures, low JPEG quality: for screens.
    Screen,
    /// 150 dpi, medium quality: for e-mail and e-readers.
    #[default]
    Ebook,
    /// 300 dpi, high quality: for printing.
    Print,
}

impl CompressLevel {
    /// Pictures above this resolution are downsampled to it.
    pub(crate) fn dpi(self) -> f64 {
        match self {
            CompressLevel::Screen => 72.0,
            CompressLevel::Ebook => 150.0,
            CompressLevel::Print => 300.0,
        }
    }

    pub(crate) fn jpeg_quality(self) -> u8 {
        match self {
            CompressLevel::Screen => 40,
            CompressLevel::Ebook => 70,
            CompressLevel::Print => 85,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            CompressLevel::Screen => "screen",
            CompressLevel::Ebook => "ebook",
            CompressLevel::Print => "print",
        }
    }

    /// Ghostscript's name of the same level.
    pub fn gs_setting(self) -> &'static str {
        match self {
            CompressLevel::Screen => "/screen",
            CompressLevel::Ebook => "/ebook",
            CompressLevel::Print => "/printer",
        }
    }
}

/// Resolution and quality of one attempt.
#[derive(Debug, Clone, Copy)]
struct Setting {
    dpi: f64,
    quality: u8,
}

/// Settings tried, in order, to get under a size: the level asked for,
/// then smaller ones.
fn ladder(level: CompressLevel) -> Vec<Setting> {
    let of = |l: CompressLevel| Setting {
        dpi: l.dpi(),
        quality: l.jpeg_quality(),
    };
    let mut steps: Vec<Setting> = [
        CompressLevel::Print,
        CompressLevel::Ebook,
        CompressLevel::Screen,
    ]
    .into_iter()
    .filter(|l| l.dpi() <= level.dpi())
    .map(of)
    .collect();
    steps.push(Setting {
        dpi: 60.0,
        quality: 30,
    });
    steps.push(Setting {
        dpi: 45.0,
        quality: 20,
    });
    steps
}

/// Compresses the PDF at `input` into `output` at `level`; with a target,
/// goes down the levels until it is under `target_mb`. A result larger
/// than the input is not kept: the input's bytes are written instead.
pub(crate) fn compress_pdf(
    input: &Path,
    output: &Path,
    level: CompressLevel,
    target_mb: Option<f64>,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), MediaError> {
    let original = pdf::read(input)?;
    let steps = match target_mb {
        Some(_) => ladder(level),
        None => vec![Setting {
            dpi: level.dpi(),
            quality: level.jpeg_quality(),
        }],
    };
    let mut best = original.clone();
    for (i, step) in steps.iter().enumerate() {
        if !progress(i as u64, steps.len() as u64) {
            return Err(MediaError::Canceled);
        }
        let bytes = one_pass(&original, *step, limits, deadline)?;
        if bytes.len() < best.len() {
            best = bytes;
        }
        if target_mb.is_none_or(|t| (best.len() as f64) <= t * 1_000_000.0) {
            break;
        }
    }
    if let Some(target) = target_mb {
        let mb = best.len() as f64 / 1_000_000.0;
        if mb > target {
            return Err(DocError::TargetUnreachable {
                best_mb: mb,
                target_mb: target,
            }
            .into());
        }
    }
    std::fs::write(output, &best).map_err(MediaError::io(output))
}

fn one_pass(
    original: &[u8],
    step: Setting,
    limits: &OpLimits,
    deadline: Deadline,
) -> Result<Vec<u8>, MediaError> {
    let mut doc = pdf::load_bytes(original)?;
    let page = largest_page_inches(&doc);
    let drawn = placement::drawn_sizes(&doc);
    let masks = soft_masks(&doc);
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        deadline.check()?;
        if masks.contains(&id) {
            continue;
        }
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        // Drawn size in inches; a picture not found in any page's content
        // is taken to fill the largest page.
        let inches = match drawn.get(&id) {
            Some(&(w, h)) if w > 0.5 && h > 0.5 => (w / 72.0, h / 72.0),
            _ => page,
        };
        if let Some(new) = recompressed_image(stream, step, inches, limits)? {
            *stream = new;
        }
    }
    doc.compress();
    doc.prune_objects();
    let mut out = Vec::new();
    let options = SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(9)
        .build();
    doc.save_with_options(&mut out, options)
        .map_err(|e| DocError::BadPdf(format!("writing it back failed: {e}")))?;
    Ok(out)
}

/// The widest and tallest page, in inches.
fn largest_page_inches(doc: &Document) -> (f64, f64) {
    let mut w: f64 = 0.0;
    let mut h: f64 = 0.0;
    for id in doc.get_pages().values() {
        if let Some([x0, y0, x1, y1]) = media_box(doc, *id) {
            w = w.max((x1 - x0).abs());
            h = h.max((y1 - y0).abs());
        }
    }
    if w == 0.0 || h == 0.0 {
        (8.5, 11.0)
    } else {
        (w / 72.0, h / 72.0)
    }
}

/// A page's media box, inherited from its ancestors if need be.
pub(super) fn media_box(doc: &Document, page: ObjectId) -> Option<[f64; 4]> {
    let mut id = page;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(b) = dict.get(b"MediaBox") {
            let (_, b) = doc.dereference(b).ok()?;
            let nums: Vec<f64> = b
                .as_array()
                .ok()?
                .iter()
                .filter_map(|o| o.as_float().ok().map(f64::from))
                .collect();
            return nums.try_into().ok();
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// Streams used as soft masks (kept lossless).
fn soft_masks(doc: &Document) -> HashSet<ObjectId> {
    doc.objects
        .values()
        .filter_map(|o| match o {
            Object::Stream(s) => s.dict.get(b"SMask").ok()?.as_reference().ok(),
            _ => None,
        })
        .collect()
}

/// The picture in `stream` as a smaller JPEG stream, if it is an 8-bit
/// gray or RGB picture we can decode and the JPEG is smaller.
fn recompressed_image(
    stream: &Stream,
    step: Setting,
    (in_w, in_h): (f64, f64),
    limits: &OpLimits,
) -> Result<Option<Stream>, MediaError> {
    let Some(img) = decodable_image(stream, limits) else {
        return Ok(None);
    };
    let (w, h) = (img.width(), img.height());
    // The lower of the two resolutions, as Ghostscript judges it.
    let dpi = (f64::from(w) / in_w).min(f64::from(h) / in_h);
    let img = if dpi > step.dpi * 1.2 {
        let scale = step.dpi / dpi;
        let nw = ((f64::from(w) * scale).round() as u32).max(1);
        let nh = ((f64::from(h) * scale).round() as u32).max(1);
        img.resize_exact(nw, nh, FilterType::Triangle)
    } else {
        img
    };
    let gray = matches!(img, DynamicImage::ImageLuma8(_));
    let jpeg = jpeg::encode(&img, step.quality)?;
    if jpeg.len() >= stream.content.len() {
        return Ok(None);
    }
    let mut dict = stream.dict.clone();
    dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
    dict.remove(b"DecodeParms");
    dict.set("Width", i64::from(img.width()));
    dict.set("Height", i64::from(img.height()));
    dict.set("BitsPerComponent", 8);
    if !matches!(dict.get(b"ColorSpace"), Ok(Object::Array(_))) {
        let space: &[u8] = if gray { b"DeviceGray" } else { b"DeviceRGB" };
        dict.set("ColorSpace", Object::Name(space.to_vec()));
    }
    let mut new = Stream::new(dict, jpeg);
    new.allows_compression = false;
    Ok(Some(new))
}

/// The picture of an image stream we know how to re-encode: 8 bits per
/// component, one or three components, no decode array or mask flag, in
/// JPEG or deflate.
fn decodable_image(stream: &Stream, limits: &OpLimits) -> Option<DynamicImage> {
    let d = &stream.dict;
    if d.get(b"Subtype").and_then(Object::as_name).ok()? != b"Image" {
        return None;
    }
    if d.get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false)
        || d.has(b"Decode")
        || d.get(b"BitsPerComponent").and_then(Object::as_i64).ok()? != 8
    {
        return None;
    }
    let space_ok = match d.get(b"ColorSpace") {
        Ok(Object::Name(n)) => n == b"DeviceRGB" || n == b"DeviceGray",
        Ok(Object::Array(a)) => a.first().and_then(|o| o.as_name().ok()) == Some(b"ICCBased"),
        _ => false,
    };
    if !space_ok {
        return None;
    }
    let w = u32::try_from(d.get(b"Width").and_then(Object::as_i64).ok()?).ok()?;
    let h = u32::try_from(d.get(b"Height").and_then(Object::as_i64).ok()?).ok()?;
    if w == 0 || h == 0 || w > limits.max_width || h > limits.max_height {
        return None;
    }
    let filters = stream.filters().ok()?;
    match filters.as_slice() {
        [f] if *f == b"DCTDecode" => {
            let mut reader = image::ImageReader::with_format(
                std::io::Cursor::new(&stream.content),
                image::ImageFormat::Jpeg,
            );
            let mut l = image::Limits::default();
            l.max_alloc = Some(limits.max_image_alloc_bytes);
            reader.limits(l);
            let img = reader.decode().ok()?;
            matches!(
                img,
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_)
            )
            .then_some(img)
        }
        [f] if *f == b"FlateDecode" => {
            let raw = stream
                .decompressed_content_with_limit(MAX_STREAM_BYTES)
                .ok()?;
            let pixels = (w as usize) * (h as usize);
            if raw.len() == pixels * 3 {
                RgbImage::from_raw(w, h, raw).map(DynamicImage::ImageRgb8)
            } else if raw.len() == pixels {
                GrayImage::from_raw(w, h, raw).map(DynamicImage::ImageLuma8)
            } else {
                None
            }
        }
        _ => None,
    }
}

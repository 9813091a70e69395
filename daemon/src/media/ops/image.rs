//! Still images: decoded with the `image` crate within [`OpLimits`]
//! (dimensions and allocation), resized with `fast_image_resize`, written in
//! the output format. Each operation also prints its `magick` command.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use fast_image_resize as fr;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::avif::AVIF_BRANDS;
use super::command::{file_arg, shell_quote};
use super::jpeg_stream::Sink as JpegSink;
use super::needs::Source;
use super::op::AnyOp;
use super::png_rows::Sink;
use super::{turbo, Deadline, FileFacts, Format, MediaKind, OpError, OpLimits};
use crate::media::MediaError;

/// JPEG quality when none is asked for.
pub(crate) const DEFAULT_JPEG_QUALITY: u8 = 90;

fn from_image_format(f: ImageFormat) -> Option<Format> {
    Some(match f {
        ImageFormat::Png => Format::Png,
        ImageFormat::Jpeg => Format::Jpeg,
        ImageFormat::WebP => Format::Webp,
        ImageFormat::Bmp => Format::Bmp,
        ImageFormat::Tiff => Format::Tiff,
        ImageFormat::Ico => Format::Ico,
        ImageFormat::Gif => Format::Gif,
        _ => return None,
    })
}

fn limits_for(limits: &OpLimits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_width);
    l.max_image_height = Some(limits.max_height);
    l.max_alloc = Some(limits.max_image_alloc_bytes);
    l
}

fn bad(e: impl std::fmt::Display) -> MediaError {
    MediaError::BadImage(e.to_string())
}

fn image_error(e: image::ImageError) -> MediaError {
    match e {
        image::ImageError::Limits(l) => {
            MediaError::BadImage(format!("the picture is larger than allowed ({l})"))
        }
        image::ImageError::IoError(e) => MediaError::BadImage(e.to_string()),
        e => MediaError::BadImage(e.to_string()),
    }
}

/// The image format of `path` by its signature, if it is a still we read.
/// What a file's signature says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Still {
    Raster(ImageFormat),
    Heic,
    /// Read by FFmpeg ([`super::avif`]).
    Avif,
}

/// HEIF brands (ISO/IEC 23008-12) libheif reads.
const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
];

/// The still format of `path` by its signature, if it is one we read.
fn sniff(path: &Path) -> Result<Option<Still>, MediaError> {
    let mut head = [0u8; SIGNATURE_BYTES];
    let mut f = File::open(path).map_err(MediaError::io(path))?;
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]).map_err(MediaError::io(path))? {
            0 => break,
            k => n += k,
        }
    }
    if n == 0 {
        return Err(MediaError::Empty);
    }
    Ok(signature(&head[..n]))
}

/// How many leading bytes tell a still's format.
pub(crate) const SIGNATURE_BYTES: usize = 64;

/// The still format a file's first bytes name, if it is one we read.
fn signature(head: &[u8]) -> Option<Still> {
    if head.len() >= 12 && &head[4..8] == b"ftyp" && HEIF_BRANDS.iter().any(|b| &head[8..12] == *b)
    {
        return Some(Still::Heic);
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" && AVIF_BRANDS.iter().any(|b| &head[8..12] == *b)
    {
        return Some(Still::Avif);
    }
    image::guess_format(head)
        .ok()
        .filter(|f| {
            matches!(
                f,
                ImageFormat::Png
                    | ImageFormat::Jpeg
                    | ImageFormat::WebP
                    | ImageFormat::Bmp
                    | ImageFormat::Tiff
                    | ImageFormat::Ico
                    | ImageFormat::Gif
            )
        })
        .map(Still::Raster)
}

/// Whether a file starting with `head` is a still picture the
/// still-picture worker reads (not a GIF, which may move, nor an AVIF,
/// which FFmpeg reads), by its signature alone.
pub(crate) fn is_still_signature(head: &[u8]) -> bool {
    !matches!(
        signature(head),
        None | Some(Still::Raster(ImageFormat::Gif)) | Some(Still::Avif)
    )
}

/// A HEIC file read into libheif (files are read whole: stills only, and
/// within the allocation limit).
fn heic_context(path: &Path, limits: &OpLimits) -> Result<libheif_rs::HeifContext, MediaError> {
    let len = std::fs::metadata(path).map_err(MediaError::io(path))?.len();
    if len > limits.max_image_alloc_bytes {
        return Err(MediaError::BadImage(
            "the file is larger than allowed".into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(MediaError::io(path))?;
    libheif_rs::HeifContext::read_from_bytes(&bytes)
        .map_err(|e| MediaError::BadImage(format!("HEIC: {e}")))
}

fn heic_size(path: &Path, limits: &OpLimits) -> Result<(u32, u32), MediaError> {
    let ctx = heic_context(path, limits)?;
    let h = ctx
        .primary_image_handle()
        .map_err(|e| MediaError::BadImage(format!("HEIC: {e}")))?;
    Ok((h.width(), h.height()))
}

/// Decodes the primary picture of a HEIC file (libheif applies its
/// rotation and mirroring).
fn heic_decode(path: &Path, limits: &OpLimits) -> Result<DynamicImage, MediaError> {
    use libheif_rs::{ColorSpace, RgbChroma};
    let ctx = heic_context(path, limits)?;
    let handle = ctx
        .primary_image_handle()
        .map_err(|e| MediaError::BadImage(format!("HEIC: {e}")))?;
    let (w, h) = (handle.width(), handle.height());
    let alpha = handle.has_alpha_channel();
    let channels = if alpha { 4 } else { 3 };
    if u64::from(w) * u64::from(h) * channels > limits.max_image_alloc_bytes {
        return Err(MediaError::BadImage(
            "the picture is larger than allowed".into(),
        ));
    }
    let chroma = if alpha {
        RgbChroma::Rgba
    } else {
        RgbChroma::Rgb
    };
    let img = handle
        .decode(ColorSpace::Rgb(chroma), None)
        .map_err(|e| MediaError::BadImage(format!("HEIC: {e}")))?;
    let planes = img.planes();
    let plane = planes
        .interleaved
        .ok_or_else(|| MediaError::BadImage("HEIC: no picture data".into()))?;
    let (pw, ph) = (plane.width, plane.height);
    let row = pw as usize * channels as usize;
    let mut buf = Vec::with_capacity(row * ph as usize);
    for y in 0..ph as usize {
        let start = y * plane.stride;
        let line = plane
            .data
            .get(start..start + row)
            .ok_or_else(|| MediaError::BadImage("HEIC: short picture data".into()))?;
        buf.extend_from_slice(line);
    }
    let short = || MediaError::BadImage("HEIC: short picture data".into());
    Ok(if alpha {
        DynamicImage::ImageRgba8(image::RgbaImage::from_raw(pw, ph, buf).ok_or_else(short)?)
    } else {
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(pw, ph, buf).ok_or_else(short)?)
    })
}

fn reader(
    path: &Path,
    limits: &OpLimits,
) -> Result<ImageReader<std::io::BufReader<File>>, MediaError> {
    let mut r = ImageReader::open(path)
        .map_err(MediaError::io(path))?
        .with_guessed_format()
        .map_err(MediaError::io(path))?;
    r.limits(limits_for(limits));
    Ok(r)
}

/// Facts of a still (GIFs are left to FFmpeg: they may move); an animated
/// WebP is one too, with its length and frame rate.
pub(crate) fn probe_still(
    path: &Path,
    name: &str,
    limits: &OpLimits,
) -> Result<Option<FileFacts>, MediaError> {
    let format = match sniff(path)? {
        None | Some(Still::Raster(ImageFormat::Gif)) => return Ok(None),
        Some(Still::Heic) => Format::Heic,
        Some(Still::Avif) => Format::Avif,
        Some(Still::Raster(f)) => from_image_format(f).unwrap_or(Format::Other),
    };
    let (mut w, mut h) = dimensions(path, limits)?;
    if format == Format::Jpeg && turns_sideways(jpeg_orientation(path)?) {
        (w, h) = (h, w);
    }
    // An animated WebP: its length and frame rate (still steps read its
    // first frame).
    let anim = if format == Format::Webp {
        super::webp_anim::animation_of(path).map_err(MediaError::io(path))?
    } else {
        None
    };
    Ok(Some(FileFacts {
        name: name.to_string(),
        kind: MediaKind::Image,
        format,
        width: Some(w),
        height: Some(h),
        duration_secs: anim.map(|a| a.secs()),
        fps: anim.and_then(|a| a.fps()),
        has_audio: false,
        bytes: std::fs::metadata(path).ok().map(|m| m.len()),
        video_codec: None,
        audio_codec: None,
        sample_rate: None,
        channels: None,
        document: None,
    }))
}

/// Width and height from the header, within the limits.
pub(crate) fn dimensions(path: &Path, limits: &OpLimits) -> Result<(u32, u32), MediaError> {
    let (w, h) = match sniff(path)? {
        None => {
            return Err(MediaError::BadImage(
                "not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF file".into(),
            ))
        }
        Some(Still::Heic) => heic_size(path, limits)?,
        Some(Still::Avif) => (super::avif::codec()?.size)(path, limits)?,
        Some(Still::Raster(_)) => reader(path, limits)?
            .into_dimensions()
            .map_err(image_error)?,
    };
    limits.check_size(w, h)?;
    Ok((w, h))
}

/// Decodes a still (a GIF's first frame) within the limits.
pub(crate) fn decode(
    path: &Path,
    _name: &str,
    limits: &OpLimits,
) -> Result<DynamicImage, MediaError> {
    dimensions(path, limits)?;
    match sniff(path)? {
        Some(Still::Heic) => return heic_decode(path, limits),
        Some(Still::Avif) => return (super::avif::codec()?.decode)(path, limits),
        _ => {}
    }
    reader(path, limits)?.decode().map_err(image_error)
}

/// Decodes a still and applies its EXIF orientation.
pub(crate) fn decode_oriented(path: &Path, limits: &OpLimits) -> Result<DynamicImage, MediaError> {
    dimensions(path, limits)?;
    match sniff(path)? {
        Some(Still::Heic) => return heic_decode(path, limits),
        Some(Still::Avif) => return (super::avif::codec()?.decode)(path, limits),
        _ => {}
    }
    let mut decoder = reader(path, limits)?.into_decoder().map_err(image_error)?;
    let orientation = decoder.orientation().map_err(image_error)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Decodes the source of a still step upright (EXIF orientation applied),
/// doing only the work the step needs where the format allows (JPEG, most
/// PNGs), and says what was decoded.
fn decode_for(
    op: &dyn AnyOp,
    input: &Path,
    still: Option<Still>,
    limits: &OpLimits,
) -> Result<(DynamicImage, Source), MediaError> {
    let fast = match still {
        Some(Still::Raster(ImageFormat::Jpeg)) => decode_jpeg(op, input, limits)?,
        Some(Still::Raster(ImageFormat::Png)) => decode_png(op, input, limits)?,
        _ => None,
    };
    if let Some(done) = fast {
        return Ok(done);
    }
    let img = decode_oriented(input, limits)?;
    let source = Source {
        width: img.width(),
        height: img.height(),
        cut: false,
        turned: false,
    };
    Ok((img, source))
}

/// A JPEG through libjpeg-turbo, a band of rows at a time or else whole
/// through TurboJPEG; `None` when neither reads the file and the `image`
/// crate's more lenient decoder should try.
fn decode_jpeg(
    op: &dyn AnyOp,
    input: &Path,
    limits: &OpLimits,
) -> Result<Option<(DynamicImage, Source)>, MediaError> {
    let orientation = jpeg_orientation(input)?;
    let turned = turns_sideways(orientation);
    // Needs are in the upright picture's terms: sizes swap when it is
    // turned; a region is cut after turning.
    let needs_for = |w: u32, h: u32| {
        let (ow, oh) = if turned { (h, w) } else { (w, h) };
        let mut needs = op.needs(ow, oh);
        if orientation != Orientation::NoTransforms {
            needs.region = None;
            needs.at_least = needs
                .at_least
                .map(|(a, b)| if turned { (b, a) } else { (a, b) });
        }
        needs
    };
    let decoded = match super::jpeg_stream::decode(input, &needs_for, limits)? {
        Some(done) => done,
        None => match decode_jpeg_whole(input, &needs_for, limits)? {
            Some(done) => done,
            None => return Ok(None),
        },
    };
    let (d, (w, h)) = decoded;
    let mut img = d.img;
    img.apply_orientation(orientation);
    let (ow, oh) = if turned { (h, w) } else { (w, h) };
    let source = Source {
        width: ow,
        height: oh,
        cut: d.cut,
        turned: d.turned,
    };
    Ok(Some((img, source)))
}

/// A JPEG read into memory and decoded by TurboJPEG.
fn decode_jpeg_whole(
    input: &Path,
    needs_for: &dyn Fn(u32, u32) -> super::needs::Needs,
    limits: &OpLimits,
) -> Result<Option<super::jpeg_stream::WithSize>, MediaError> {
    let len = std::fs::metadata(input)
        .map_err(MediaError::io(input))?
        .len();
    if len > limits.max_image_alloc_bytes {
        return Err(MediaError::BadImage(
            "the file is larger than allowed".into(),
        ));
    }
    let jpeg = std::fs::read(input).map_err(MediaError::io(input))?;
    let Ok((w, h)) = turbo::size(&jpeg) else {
        return Ok(None);
    };
    limits.check_size(w, h)?;
    match turbo::decode(&jpeg, &needs_for(w, h), limits) {
        Ok(d) => Ok(Some((d, (w, h)))),
        Err(e @ MediaError::TooLarge { .. }) => Err(e),
        Err(e) => {
            tracing::debug!("libjpeg-turbo could not read {}: {e}", input.display());
            Ok(None)
        }
    }
}

/// JPEG to JPEG for a turn or a cut-out, made on the YUV planes (see
/// `turbo_planes`); `None` where that path does not apply.
fn jpeg_in_planes(
    op: &dyn AnyOp,
    input: &Path,
    facts: &FileFacts,
    quality: u8,
    limits: &OpLimits,
) -> Result<Option<Vec<u8>>, MediaError> {
    let wanted = op.needs(facts.width.unwrap_or(0), facts.height.unwrap_or(0));
    if wanted.turn == 0 && wanted.region.is_none() {
        return Ok(None);
    }
    let len = std::fs::metadata(input)
        .map_err(MediaError::io(input))?
        .len();
    if len > limits.max_image_alloc_bytes {
        return Ok(None);
    }
    let jpeg = std::fs::read(input).map_err(MediaError::io(input))?;
    let Ok((w, h)) = turbo::size(&jpeg) else {
        return Ok(None);
    };
    if turbo::orientation(&jpeg) != Orientation::NoTransforms {
        return Ok(None);
    }
    let needs = op.needs(w, h);
    let geometric = needs.turn != 0 || needs.region.is_some();
    if !needs.complete || !geometric || needs.luma || needs.at_least.is_some() {
        return Ok(None);
    }
    super::turbo_planes::edit(&jpeg, &needs, quality, limits)
}

/// A JPEG step streamed from file to file (see `jpeg_stream`); `false`
/// where that path does not apply.
fn stream_jpeg(
    op: &dyn AnyOp,
    input: &Path,
    facts: &FileFacts,
    output: &Path,
    icc: Option<&[u8]>,
    limits: &OpLimits,
) -> Result<bool, MediaError> {
    let enc = op.encoding();
    let sink = match (op.output_format(facts), enc.quality) {
        (Format::Jpeg, q) => JpegSink::Jpeg(output, q.unwrap_or(DEFAULT_JPEG_QUALITY)),
        (Format::Png, _) => JpegSink::Png(output),
        (Format::Webp, Some(q)) => JpegSink::Webp(output, q),
        _ => return Ok(false),
    };
    // Streamed rows are stored rows: only an upright picture goes this way.
    if jpeg_orientation(input)? != Orientation::NoTransforms {
        return Ok(false);
    }
    let needs = op.needs(facts.width.unwrap_or(0), facts.height.unwrap_or(0));
    super::jpeg_stream::stream(input, &needs, sink, icc, limits)
}

/// A PNG read a row at a time (`None`: one this path leaves to the
/// `image` crate, e.g. interlaced).
fn decode_png(
    op: &dyn AnyOp,
    input: &Path,
    limits: &OpLimits,
) -> Result<Option<(DynamicImage, Source)>, MediaError> {
    let (w, h) = dimensions(input, limits)?;
    let Some(decoded) = super::png_rows::decode(input, &op.needs(w, h), limits)? else {
        return Ok(None);
    };
    let source = Source {
        width: w,
        height: h,
        cut: decoded.cut,
        turned: decoded.turned,
    };
    Ok(Some((decoded.img, source)))
}

/// A JPEG's EXIF orientation, from the start of the file (where APP1
/// sits).
fn jpeg_orientation(path: &Path) -> Result<Orientation, MediaError> {
    let mut head = Vec::new();
    File::open(path)
        .map_err(MediaError::io(path))?
        .take(256 << 10)
        .read_to_end(&mut head)
        .map_err(MediaError::io(path))?;
    Ok(turbo::orientation(&head))
}

/// Whether an EXIF orientation turns the picture a quarter turn.
fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The size of a `w` x `h` picture fitted inside `mw` x `mh`, never
/// enlarged.
pub(crate) fn fit_within(w: u32, h: u32, mw: u32, mh: u32) -> (u32, u32) {
    if w <= mw && h <= mh {
        return (w, h);
    }
    let s = (f64::from(mw) / f64::from(w)).min(f64::from(mh) / f64::from(h));
    (
        ((f64::from(w) * s).round() as u32).max(1),
        ((f64::from(h) * s).round() as u32).max(1),
    )
}

/// Resizes with fast_image_resize (Lanczos3; alpha handled).
pub(crate) fn resize(img: &DynamicImage, w: u32, h: u32) -> Result<DynamicImage, MediaError> {
    if (img.width(), img.height()) == (w, h) {
        return Ok(img.clone());
    }
    let alpha = img.color().has_alpha();
    let (buf, pt) = if alpha {
        (img.to_rgba8().into_raw(), fr::PixelType::U8x4)
    } else {
        (img.to_rgb8().into_raw(), fr::PixelType::U8x3)
    };
    let src = fr::images::Image::from_vec_u8(img.width(), img.height(), buf, pt).map_err(bad)?;
    let mut dst = fr::images::Image::new(w, h, pt);
    let mut resizer = fr::Resizer::new();
    let opts =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    resizer.resize(&src, &mut dst, &opts).map_err(bad)?;
    let raw = dst.into_vec();
    Ok(if alpha {
        DynamicImage::ImageRgba8(
            image::RgbaImage::from_raw(w, h, raw).ok_or_else(|| bad("resize"))?,
        )
    } else {
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, raw).ok_or_else(|| bad("resize"))?)
    })
}

/// Encodes `img` as `format` into memory.
pub(crate) fn encode(
    img: &DynamicImage,
    format: Format,
    quality: Option<u8>,
    optimize: bool,
) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let q = quality.unwrap_or(DEFAULT_JPEG_QUALITY);
            let flat = on_white(img);
            out = if flat.color().has_color() || matches!(*flat, DynamicImage::ImageLuma8(_)) {
                turbo::encode(&flat, q)?
            } else {
                turbo::encode(&DynamicImage::ImageLuma8(flat.to_luma8()), q)?
            };
        }
        Format::Png => {
            let enc = if optimize {
                PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
            } else {
                PngEncoder::new(&mut out)
            };
            img.write_with_encoder(enc).map_err(image_error)?;
        }
        Format::Webp if quality.is_some() => {
            out = super::webp::encode_lossy(img, quality.unwrap_or(80))?;
        }
        Format::Webp => {
            let img = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
            };
            img.write_with_encoder(WebPEncoder::new_lossless(&mut out))
                .map_err(image_error)?;
        }
        Format::Gif => {
            DynamicImage::ImageRgba8(img.to_rgba8())
                .write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Gif)
                .map_err(image_error)?;
        }
        Format::Bmp => {
            let img = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
            };
            img.write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Bmp)
                .map_err(image_error)?;
        }
        Format::Tiff => {
            img.write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Tiff)
                .map_err(image_error)?;
        }
        Format::Ico => out = super::ico::encode(img)?,
        Format::Avif => out = (super::avif::codec()?.encode)(&on_white(img), quality)?,
        f => {
            return Err(MediaError::InvalidRequest(format!(
                "{} is not an image format",
                f.extension()
            )))
        }
    }
    Ok(out)
}

/// A picture with transparency laid on white (JPEG has no alpha, and
/// black is not what people expect behind a logo).
fn on_white(img: &DynamicImage) -> Cow<'_, DynamicImage> {
    if !img.color().has_alpha() {
        return Cow::Borrowed(img);
    }
    let mut rgba = img.to_rgba8();
    for px in rgba.pixels_mut() {
        let a = u32::from(px[3]);
        for c in 0..3 {
            px[c] = ((u32::from(px[c]) * a + 255 * (255 - a)) / 255) as u8;
        }
        px[3] = 255;
    }
    Cow::Owned(DynamicImage::ImageRgb8(
        DynamicImage::ImageRgba8(rgba).to_rgb8(),
    ))
}

/// How a still is written, as the operation asks.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Encoding {
    /// JPEG or WebP quality (else [`DEFAULT_JPEG_QUALITY`]; a WebP with a
    /// quality is lossy).
    pub quality: Option<u8>,
    /// Best PNG compression.
    pub optimize: bool,
    /// Under this many megabytes, in the output format.
    pub target_mb: Option<f64>,
    /// A PNG reduced to this many colours.
    pub palette: Option<u16>,
    /// The palette's colours mixed by dithering.
    pub dither: bool,
}

/// Runs a still operation on `input` into `output` (an existing empty file).
pub(crate) fn run(
    op: &dyn AnyOp,
    input: &Path,
    facts: &FileFacts,
    output: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), MediaError> {
    let mut step = |done: u64| {
        if progress(done, 3) {
            Ok(())
        } else {
            Err(MediaError::Canceled)
        }
    };
    step(0)?;
    let enc = op.encoding();
    let format = op.output_format(facts);
    // (A palette is for PNGs only.)
    let palette = enc.palette.filter(|_| format == Format::Png);
    let plain = enc.target_mb.is_none() && palette.is_none() && !enc.optimize;
    let still = sniff(input)?;
    if plain && still == Some(Still::Raster(ImageFormat::Png)) {
        let needs = facts
            .width
            .zip(facts.height)
            .map(|(w, h)| op.needs(w, h))
            .unwrap_or_default();
        let sink = match (format, enc.quality) {
            (Format::Png, _) => Some(Sink::Png(output)),
            (Format::Webp, Some(q)) => Some(Sink::Webp(output, q)),
            _ => None,
        };
        if let Some(sink) = sink.filter(|_| needs.complete && needs.turn == 0) {
            if super::png_rows::stream(input, &needs, sink, limits)? {
                return step(3);
            }
        }
    }
    // A colour profile goes with the pixels into the formats that carry
    // one; a picture made gray leaves its colour profile behind.
    let gray = op
        .needs(facts.width.unwrap_or(0), facts.height.unwrap_or(0))
        .luma;
    let icc = match format {
        Format::Jpeg | Format::Png if !gray => icc_of(input, still),
        _ => None,
    };
    if plain
        && still == Some(Still::Raster(ImageFormat::Jpeg))
        && stream_jpeg(op, input, facts, output, icc.as_deref(), limits)?
    {
        return step(3);
    }
    if plain && format == Format::Jpeg && still == Some(Still::Raster(ImageFormat::Jpeg)) {
        let quality = enc.quality.unwrap_or(DEFAULT_JPEG_QUALITY);
        if let Some(bytes) = jpeg_in_planes(op, input, facts, quality, limits)? {
            write(output, bytes, format, icc.as_deref())?;
            return step(3);
        }
    }
    let (img, source) = decode_for(op, input, still, limits)?;
    deadline.check()?;
    step(1)?;
    let img = op.still_from(img, source)?;
    deadline.check()?;
    step(2)?;
    let icc = icc.as_deref();
    match (enc.target_mb, palette) {
        (Some(mb), _) => {
            let bytes = super::to_size::still_within(&img, format, mb, deadline)?;
            write(output, bytes, format, icc)?;
        }
        (None, Some(colors)) => {
            let bytes = super::palette::encode(&img, colors, enc.dither)?;
            write(output, bytes, format, icc)?;
        }
        (None, None) if format == Format::Png => write_png(&img, enc.optimize, icc, output)?,
        (None, None) => {
            let bytes = encode(&img, format, enc.quality, enc.optimize)?;
            write(output, bytes, format, icc)?;
        }
    }
    step(3)
}

/// Writes an encoded still; a JPEG gets `icc` (PNGs get theirs when
/// encoded).
fn write(
    output: &Path,
    bytes: Vec<u8>,
    format: Format,
    icc: Option<&[u8]>,
) -> Result<(), MediaError> {
    let bytes = match icc {
        Some(icc) if format == Format::Jpeg => turbo::with_icc(bytes, icc),
        _ => bytes,
    };
    std::fs::write(output, bytes).map_err(MediaError::io(output))
}

/// The ICC colour profile of a JPEG or PNG source, if it has one.
fn icc_of(input: &Path, still: Option<Still>) -> Option<Vec<u8>> {
    match still? {
        Still::Raster(ImageFormat::Jpeg) => {
            let mut head = Vec::new();
            File::open(input)
                .ok()?
                .take(1 << 20)
                .read_to_end(&mut head)
                .ok()?;
            turbo::icc_profile(&head)
        }
        Still::Raster(ImageFormat::Png) => {
            let file = std::io::BufReader::new(File::open(input).ok()?);
            let reader = png::Decoder::new(file).read_info().ok()?;
            reader.info().icc_profile.as_deref().map(<[u8]>::to_vec)
        }
        _ => None,
    }
}

/// A PNG written straight to its file (no second copy in memory).
fn write_png(
    img: &DynamicImage,
    optimize: bool,
    icc: Option<&[u8]>,
    output: &Path,
) -> Result<(), MediaError> {
    if super::png_rows::write(img, optimize, icc, output)? {
        return Ok(());
    }
    let file = File::create(output).map_err(MediaError::io(output))?;
    let mut out = std::io::BufWriter::new(file);
    let enc = if optimize {
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
    } else {
        PngEncoder::new(&mut out)
    };
    img.write_with_encoder(enc).map_err(image_error)?;
    std::io::Write::flush(&mut out).map_err(MediaError::io(output))
}

/// The `magick` command doing `op` on `input` into `output`.
pub(crate) fn command_line(
    op: &dyn AnyOp,
    input: &FileFacts,
    output: &str,
) -> Result<String, OpError> {
    let out_format = op.output_format(input);
    let mut args = op.magick(input, out_format)?;
    if out_format == Format::Jpeg
        && !args
            .iter()
            .any(|a| a == "-quality" || a.starts_with("jpeg:"))
    {
        args.extend(["-quality".into(), DEFAULT_JPEG_QUALITY.to_string()]);
    }
    if out_format == Format::Webp && !args.iter().any(|a| a == "-quality") {
        args.extend(["-define".into(), "webp:lossless=true".into()]);
    }
    let mut words = vec!["magick".to_string()];
    let in_name = if input.kind == MediaKind::Gif {
        format!("{}[0]", input.name)
    } else {
        input.name.clone()
    };
    words.push(file_arg(&in_name));
    // Every still step works on the upright picture; EXIF orientation is
    // a JPEG matter.
    if input.format == Format::Jpeg && !args.iter().any(|a| a == "-auto-orient") {
        words.push("-auto-orient".into());
    }
    words.extend(args.iter().map(|a| shell_quote(a)));
    words.push(file_arg(output));
    Ok(words.join(" "))
}

//! AVIF stills: an AV1 picture in a HEIF box. Written with FFmpeg's
//! `libaom-av1` (still-picture mode) and `avif` muxer, read with its `mov`
//! demuxer and AV1 decoder; the picture goes through YUV 4:2:0 (BT.601,
//! limited range, tagged as such), as most AVIF files do. Transparency is
//! laid on white, as for JPEG: FFmpeg 5.1 writes no alpha plane.
//!
//! The still-picture code reaches these through [`AvifCodec`], which only
//! the programs linking FFmpeg register ([`enable`]): `kilnd-stills` links
//! no FFmpeg, and AVIF files go to the full worker
//! ([`super::stills::runs_on_stills`]).

use std::path::Path;
use std::sync::OnceLock;

use ::image::{DynamicImage, RgbImage};
use ffmpeg::software::scaling;
use ffmpeg::{color, encoder, ffi, format, frame, Dictionary, Rational};
use ffmpeg_next as ffmpeg;

use super::OpLimits;
use crate::media::av::{output, StreamEncoder};
use crate::media::{probe, MediaError};

/// A picture's width and height.
type Size = (u32, u32);

/// AVIF's encoder and decoder, as the still-picture code calls them.
pub(crate) struct AvifCodec {
    pub encode: fn(&DynamicImage, Option<u8>) -> Result<Vec<u8>, MediaError>,
    pub decode: fn(&Path, &OpLimits) -> Result<DynamicImage, MediaError>,
    pub size: fn(&Path, &OpLimits) -> Result<Size, MediaError>,
}

static CODEC: OnceLock<AvifCodec> = OnceLock::new();

/// Makes AVIF readable and writable in this process (it links FFmpeg).
pub fn enable() {
    CODEC.get_or_init(|| AvifCodec {
        encode,
        decode,
        size,
    });
}

/// The AVIF codec, where this process has one.
pub(crate) fn codec() -> Result<&'static AvifCodec, MediaError> {
    #[cfg(test)]
    enable();
    CODEC.get().ok_or_else(|| {
        MediaError::InvalidRequest("AVIF files are read and written by the full worker".into())
    })
}

/// The quality of an AVIF when none is asked (1–100).
pub(crate) const AVIF_QUALITY: u8 = 60;

/// The `ftyp` brands of AVIF files.
pub(crate) const AVIF_BRANDS: &[&[u8; 4]] = &[b"avif", b"avis"];

/// libaom's quantiser (CRF 0–63, 0 best) for a quality of 1–100.
fn crf(quality: u8) -> u32 {
    u32::from(100 - quality.clamp(1, 100)) * 63 / 99
}

/// `img` as an AVIF at `quality` (1–100; [`AVIF_QUALITY`] when `None`).
pub(crate) fn encode(img: &DynamicImage, quality: Option<u8>) -> Result<Vec<u8>, MediaError> {
    crate::media::init();
    let rgb = img.to_rgb8();
    let (w, h) = rgb.dimensions();
    let dir = scratch_dir()?;
    let path = dir.path().join("still.avif");
    let mut octx = output::create(&path, "avif")?;
    let codec = encoder::find_by_name("libaom-av1")
        .ok_or(MediaError::EncoderUnavailable("AV1 (libaom)"))?;
    let (index, mut enc) =
        StreamEncoder::new_video(&mut octx, codec, "setting up the AVIF encoder")?;
    let tb = Rational::new(1, 1);
    enc.set_width(w);
    enc.set_height(h);
    enc.set_format(format::Pixel::YUV420P);
    enc.set_time_base(tb);
    enc.set_colorspace(color::Space::BT470BG);
    enc.set_color_range(color::Range::MPEG);
    enc.set_color_primaries(color::Primaries::BT709);
    enc.set_color_transfer_characteristic(color::TransferCharacteristic::IEC61966_2_1);
    let mut opts = Dictionary::new();
    opts.set("still-picture", "1");
    opts.set("crf", &crf(quality.unwrap_or(AVIF_QUALITY)).to_string());
    opts.set("b", "0");
    opts.set("cpu-used", "6");
    opts.set("row-mt", "1");
    let opened = enc
        .open_as_with(codec, opts)
        .map_err(MediaError::ffmpeg("opening the AVIF encoder"))?;
    let mut stream = StreamEncoder::video(&mut octx, index, opened, tb, None)?;
    octx.write_header()
        .map_err(MediaError::ffmpeg("starting the AVIF file"))?;
    let mut yuv = to_yuv(&rgb)?;
    yuv.set_pts(Some(0));
    stream.send_frame(&yuv)?;
    stream.finish(&mut octx)?;
    octx.write_trailer()
        .map_err(MediaError::ffmpeg("finishing the AVIF file"))?;
    drop(octx);
    std::fs::read(&path).map_err(MediaError::io(&path))
}

/// A directory for the muxer's file: the system's temporary directory, or
/// in a confined worker (which may write only in its working directory)
/// the working directory.
fn scratch_dir() -> Result<tempfile::TempDir, MediaError> {
    let mut named = tempfile::Builder::new();
    named.prefix(".kiln-avif");
    named.tempdir().or_else(|_| {
        let here = std::env::current_dir().map_err(MediaError::io(Path::new(".")))?;
        named.tempdir_in(&here).map_err(MediaError::io(&here))
    })
}

/// An RGB picture as a YUV 4:2:0 frame (BT.601, limited range), each
/// chroma sample the mean of its two-by-two block. (Done here: swscale's
/// RGB input paths tint odd-width pictures.)
fn to_yuv(rgb: &RgbImage) -> Result<frame::Video, MediaError> {
    let (w, h) = rgb.dimensions();
    let mut yuv = frame::Video::new(format::Pixel::YUV420P, w, h);
    let px = |x: u32, y: u32| {
        let p = rgb.get_pixel(x.min(w - 1), y.min(h - 1));
        (f64::from(p[0]), f64::from(p[1]), f64::from(p[2]))
    };
    let clamp = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    let ys = yuv.stride(0);
    let luma = yuv.data_mut(0);
    for y in 0..h {
        for x in 0..w {
            let (r, g, b) = px(x, y);
            luma[y as usize * ys + x as usize] =
                clamp(16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0);
        }
    }
    let (cs, vs) = (yuv.stride(1), yuv.stride(2));
    for cy in 0..h.div_ceil(2) {
        for cx in 0..w.div_ceil(2) {
            let (mut r, mut g, mut b) = (0.0, 0.0, 0.0);
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = px(cx * 2 + dx, cy * 2 + dy);
                r += p.0 / 4.0;
                g += p.1 / 4.0;
                b += p.2 / 4.0;
            }
            let (cx, cy) = (cx as usize, cy as usize);
            yuv.data_mut(1)[cy * cs + cx] =
                clamp(128.0 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0);
            yuv.data_mut(2)[cy * vs + cx] =
                clamp(128.0 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0);
        }
    }
    Ok(yuv)
}

/// The picture size an AVIF declares, within the limits.
pub(crate) fn size(path: &Path, limits: &OpLimits) -> Result<(u32, u32), MediaError> {
    let input = probe::open_input_with(path, &limits.probe_limits(), "mov")?;
    let stream = probe::main_video_stream(&input)
        .ok_or_else(|| MediaError::BadImage("the AVIF file holds no picture".into()))?;
    Ok(probe::declared_size(&stream))
}

/// Decodes an AVIF's picture within the limits, as RGB.
pub(crate) fn decode(path: &Path, limits: &OpLimits) -> Result<DynamicImage, MediaError> {
    let pic = probe::first_picture(path, &limits.probe_limits(), "mov")?;
    let (w, h) = (pic.width(), pic.height());
    let mut sws = scaling::Context::get(
        pic.format(),
        w,
        h,
        format::Pixel::RGB24,
        w,
        h,
        scaling::Flags::BICUBIC | scaling::Flags::ACCURATE_RND | scaling::Flags::FULL_CHR_H_INT,
    )
    .map_err(MediaError::ffmpeg("converting the AVIF picture to RGB"))?;
    // SAFETY: `ctx` is the scaler just made; full-range sources say so,
    // which the scaler otherwise ignores.
    unsafe {
        let full = (*pic.as_ptr()).color_range == ffi::AVColorRange::AVCOL_RANGE_JPEG;
        let ctx = sws.as_mut_ptr();
        let coefs = ffi::sws_getCoefficients(ffi::SWS_CS_ITU601);
        ffi::sws_setColorspaceDetails(ctx, coefs, i32::from(full), coefs, 1, 0, 1 << 16, 1 << 16);
    }
    let mut rgb = frame::Video::empty();
    sws.run(&pic, &mut rgb)
        .map_err(MediaError::ffmpeg("converting the AVIF picture to RGB"))?;
    let stride = rgb.stride(0);
    let row = w as usize * 3;
    let mut buf = Vec::with_capacity(row * h as usize);
    for y in 0..h as usize {
        buf.extend_from_slice(&rgb.data(0)[y * stride..y * stride + row]);
    }
    RgbImage::from_raw(w, h, buf)
        .map(DynamicImage::ImageRgb8)
        .ok_or_else(|| MediaError::BadImage("the AVIF picture is short".into()))
}

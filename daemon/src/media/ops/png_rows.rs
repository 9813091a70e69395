//! PNG stills a row at a time. Decoding honours a step's [`Needs`] while
//! the rows go by (brightness only, a band of rows and columns, a box
//! shrink by a whole factor), so a 24-megapixel PNG is never held whole
//! for a step that keeps a fraction of it; a step whose needs are its whole
//! work streams from file to file (`stream`).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use ::image::{DynamicImage, GrayAlphaImage, GrayImage, RgbImage, RgbaImage};
use png::{BitDepth, ColorType, Transformations};

use super::crop::Rect;
use super::needs::Needs;
use super::turbo::Decoded;
use super::OpLimits;
use crate::media::MediaError;

type Reader = png::Reader<BufReader<File>>;

fn bad(e: png::DecodingError) -> MediaError {
    match e {
        png::DecodingError::LimitsExceeded => {
            MediaError::BadImage("the picture is larger than allowed".into())
        }
        e => MediaError::BadImage(format!("PNG: {e}")),
    }
}

fn bad_out(e: png::EncodingError) -> MediaError {
    MediaError::BadImage(format!("writing PNG: {e}"))
}

/// An 8-bit, non-interlaced reader (palettes and low depths expanded), or
/// `None` for PNGs this path leaves to the `image` crate.
fn open(path: &Path, limits: &OpLimits) -> Result<Option<(Reader, usize)>, MediaError> {
    let file = File::open(path).map_err(MediaError::io(path))?;
    let mut decoder = png::Decoder::new(BufReader::new(file));
    decoder.set_transformations(Transformations::EXPAND);
    decoder.set_limits(png::Limits {
        bytes: usize::try_from(limits.max_image_alloc_bytes).unwrap_or(usize::MAX),
    });
    let reader = decoder.read_info().map_err(bad)?;
    let info = reader.info();
    limits.check_size(info.width, info.height)?;
    // Interlaced rows come in passes; 16-bit pictures keep their depth on
    // the whole-picture path.
    if info.interlaced || info.bit_depth == BitDepth::Sixteen {
        return Ok(None);
    }
    let (color, depth) = reader.output_color_type();
    if depth != BitDepth::Eight {
        return Ok(None);
    }
    let channels = match color {
        ColorType::Grayscale => 1,
        ColorType::GrayscaleAlpha => 2,
        ColorType::Rgb => 3,
        ColorType::Rgba => 4,
        ColorType::Indexed => return Ok(None),
    };
    Ok(Some((reader, channels)))
}

/// The picture's rows as a step needs them: `None` when this path does not
/// read the file (then the whole-picture decoder does).
pub(crate) fn decode(
    path: &Path,
    needs: &Needs,
    limits: &OpLimits,
) -> Result<Option<Decoded>, MediaError> {
    let Some((mut reader, channels)) = open(path, limits)? else {
        return Ok(None);
    };
    let (w, h) = (reader.info().width, reader.info().height);
    if needs.turn != 0 && needs.region.is_none() && needs.at_least.is_none() && !needs.luma {
        let img = turned(&mut reader, channels, needs.turn)?;
        return Ok(Some(Decoded {
            img,
            cut: false,
            turned: true,
        }));
    }
    let band = Band::new(w, h, needs);
    let out_channels = if needs.luma {
        luma_channels(channels)
    } else {
        channels
    };
    let factor = band.factor;
    // Whole blocks only: a partial block at the edge would stretch the
    // picture by up to a pixel when it is resampled to the target.
    let (ow, oh) = (band.rect.width / factor, band.rect.height / factor);
    let mut shrink = Shrink::new(ow as usize, out_channels, factor);
    let mut pixels = Vec::with_capacity(ow as usize * oh as usize * out_channels);
    each_row(&mut reader, &band, needs, channels, |row| {
        if factor == 1 {
            pixels.extend_from_slice(row);
        } else {
            shrink.add(row, &mut pixels);
        }
        Ok(())
    })?;
    let img = picture(ow, oh, out_channels, pixels)?;
    Ok(Some(Decoded {
        img,
        cut: needs.region.is_some(),
        turned: false,
    }))
}

/// The picture turned clockwise by `turn` degrees, each row placed where
/// it lands as it is read (one picture in memory, not two).
fn turned(reader: &mut Reader, channels: usize, turn: u32) -> Result<DynamicImage, MediaError> {
    let (w, h) = (reader.info().width as usize, reader.info().height as usize);
    let (ow, oh) = if turn == 180 { (w, h) } else { (h, w) };
    let mut pixels = vec![0u8; w * h * channels];
    let mut y = 0;
    while let Some(row) = reader.next_row().map_err(bad)? {
        if y >= h {
            break;
        }
        for (x, px) in row.data().chunks_exact(channels).take(w).enumerate() {
            let (dx, dy) = match turn {
                90 => (h - 1 - y, x),
                180 => (w - 1 - x, h - 1 - y),
                _ => (y, w - 1 - x),
            };
            let at = (dy * ow + dx) * channels;
            pixels[at..at + channels].copy_from_slice(px);
        }
        y += 1;
    }
    if y < h {
        return Err(MediaError::BadImage("PNG: short picture data".into()));
    }
    picture(ow as u32, oh as u32, channels, pixels)
}

/// Where [`stream`] writes the rows.
pub(crate) enum Sink<'a> {
    Png(&'a Path),
    /// A lossy WebP at this quality.
    Webp(&'a Path, u8),
}

/// Decodes `path` as `needs` asks and writes the rows straight to `sink`:
/// for steps whose needs are their whole work (grayscale, crop, convert).
/// `false` when this path does not read the file.
pub(crate) fn stream(
    path: &Path,
    needs: &Needs,
    sink: Sink<'_>,
    limits: &OpLimits,
) -> Result<bool, MediaError> {
    let Some((mut reader, channels)) = open(path, limits)? else {
        return Ok(false);
    };
    let (w, h) = (reader.info().width, reader.info().height);
    let needs = Needs {
        at_least: None,
        ..*needs
    };
    let band = Band::new(w, h, &needs);
    let out_channels = if needs.luma {
        luma_channels(channels)
    } else {
        channels
    };
    let size = (band.rect.width, band.rect.height);
    match sink {
        Sink::Png(output) => {
            let icc = match needs.luma {
                true => None,
                false => reader.info().icc_profile.as_deref().map(<[u8]>::to_vec),
            };
            let mut writer = writer(output, size, out_channels, false, icc.as_deref())?;
            let mut rows = writer.stream_writer_with_size(CHUNK).map_err(bad_out)?;
            each_row(&mut reader, &band, &needs, channels, |row| {
                rows.write_all(row).map_err(MediaError::io(output))
            })?;
            rows.finish().map_err(bad_out)?;
        }
        Sink::Webp(output, quality) => {
            let mut enc = super::webp::RowEncoder::new(size, out_channels, quality)?;
            each_row(&mut reader, &band, &needs, channels, |row| {
                enc.push(row);
                Ok(())
            })?;
            std::fs::write(output, enc.finish()?).map_err(MediaError::io(output))?;
        }
    }
    Ok(true)
}

/// Hands `f` each row of `band`, as `needs` asks (brightness only or not).
fn each_row(
    reader: &mut Reader,
    band: &Band,
    needs: &Needs,
    channels: usize,
    mut f: impl FnMut(&[u8]) -> Result<(), MediaError>,
) -> Result<(), MediaError> {
    let mut row_buf = Vec::new();
    let mut y = 0;
    while let Some(row) = reader.next_row().map_err(bad)? {
        if y >= band.rect.y + band.rect.height {
            break;
        }
        if y >= band.rect.y {
            let row = band.columns(row.data(), channels);
            if needs.luma {
                to_luma(row, channels, &mut row_buf);
                f(&row_buf)?;
            } else {
                f(row)?;
            }
        }
        y += 1;
    }
    Ok(())
}

type Writer = png::Writer<BufWriter<File>>;

/// IDAT chunk size when streaming (the png crate's default of 4 KiB makes
/// fdeflate flush, and compress worse and slower, every few rows).
const CHUNK: usize = 1 << 20;

/// A PNG writer on a new file at `output`, at the `image` crate's default
/// settings (fdeflate's fast compression, adaptive filters), or its best
/// compression when `optimize`.
fn writer(
    output: &Path,
    (w, h): (u32, u32),
    channels: usize,
    optimize: bool,
    icc: Option<&[u8]>,
) -> Result<Writer, MediaError> {
    let file = File::create(output).map_err(MediaError::io(output))?;
    let mut info = png::Info::with_size(w, h);
    info.icc_profile = icc.map(|p| std::borrow::Cow::Owned(p.to_vec()));
    let mut enc = png::Encoder::with_info(BufWriter::new(file), info).map_err(bad_out)?;
    enc.set_color(match channels {
        1 => ColorType::Grayscale,
        2 => ColorType::GrayscaleAlpha,
        3 => ColorType::Rgb,
        _ => ColorType::Rgba,
    });
    enc.set_depth(BitDepth::Eight);
    enc.set_compression(if optimize {
        png::Compression::High
    } else {
        png::Compression::Fast
    });
    enc.set_filter(png::Filter::Adaptive);
    enc.write_header().map_err(bad_out)
}

/// Writes an 8-bit picture to a PNG a row at a time (no filtered or
/// compressed copy of the whole picture in memory). `false` for other
/// pixel types.
pub(crate) fn write(
    img: &DynamicImage,
    optimize: bool,
    icc: Option<&[u8]>,
    output: &Path,
) -> Result<bool, MediaError> {
    let (raw, channels): (&[u8], usize) = match img {
        DynamicImage::ImageLuma8(i) => (i.as_raw(), 1),
        DynamicImage::ImageLumaA8(i) => (i.as_raw(), 2),
        DynamicImage::ImageRgb8(i) => (i.as_raw(), 3),
        DynamicImage::ImageRgba8(i) => (i.as_raw(), 4),
        _ => return Ok(false),
    };
    let mut writer = writer(output, (img.width(), img.height()), channels, optimize, icc)?;
    let mut rows = writer.stream_writer_with_size(CHUNK).map_err(bad_out)?;
    for row in raw.chunks(img.width() as usize * channels) {
        rows.write_all(row).map_err(MediaError::io(output))?;
    }
    rows.finish().map_err(bad_out)?;
    Ok(true)
}

/// A PNG written a row at a time from rows decoded elsewhere.
pub(crate) struct RowWriter<'a> {
    rows: png::StreamWriter<'static, BufWriter<File>>,
    output: &'a Path,
}

impl<'a> RowWriter<'a> {
    /// A new `size` PNG of 8-bit `channels` at `output`, at the default
    /// compression.
    pub(crate) fn create(
        output: &'a Path,
        size: (u32, u32),
        channels: usize,
        icc: Option<&[u8]>,
    ) -> Result<RowWriter<'a>, MediaError> {
        let writer = writer(output, size, channels, false, icc)?;
        let rows = writer
            .into_stream_writer_with_size(CHUNK)
            .map_err(bad_out)?;
        Ok(RowWriter { rows, output })
    }

    pub(crate) fn push(&mut self, row: &[u8]) -> Result<(), MediaError> {
        self.rows
            .write_all(row)
            .map_err(MediaError::io(self.output))
    }

    pub(crate) fn finish(self) -> Result<(), MediaError> {
        self.rows.finish().map_err(bad_out)
    }
}

/// The rows and columns a step reads, and the whole factor it may shrink
/// them by while they are read.
struct Band {
    rect: Rect,
    factor: u32,
}

impl Band {
    fn new(w: u32, h: u32, needs: &Needs) -> Band {
        let rect = needs
            .region
            .filter(|r| r.width > 0 && r.height > 0 && r.x + r.width <= w && r.y + r.height <= h)
            .unwrap_or(Rect {
                x: 0,
                y: 0,
                width: w,
                height: h,
            });
        // A box shrink leaves at least the size asked for; what is left to
        // do is the step's own resampling.
        let factor = needs
            .at_least
            .map_or(1, |(tw, th)| {
                (rect.width / tw.max(1)).min(rect.height / th.max(1))
            })
            .max(1);
        Band { rect, factor }
    }

    fn columns<'a>(&self, row: &'a [u8], channels: usize) -> &'a [u8] {
        let x = self.rect.x as usize * channels;
        &row[x..x + self.rect.width as usize * channels]
    }
}

fn luma_channels(channels: usize) -> usize {
    if channels.is_multiple_of(2) {
        2
    } else {
        1
    }
}

/// Brightness as the `image` crate's `grayscale` computes it (Rec. 709
/// weights), alpha kept.
fn to_luma(row: &[u8], channels: usize, out: &mut Vec<u8>) {
    out.clear();
    match channels {
        1 | 2 => out.extend_from_slice(row),
        _ => {
            for px in row.chunks_exact(channels) {
                let l =
                    (2126 * u32::from(px[0]) + 7152 * u32::from(px[1]) + 722 * u32::from(px[2]))
                        / 10000;
                out.push(l as u8);
                if channels == 4 {
                    out.push(px[3]);
                }
            }
        }
    }
}

/// A box filter over `factor` x `factor` blocks, fed a row at a time (rows
/// and columns past the last whole block are left out); with alpha,
/// colours are weighted by it so transparent pixels do not bleed.
struct Shrink {
    width: usize,
    channels: usize,
    factor: u32,
    sums: Vec<u32>,
    counts: Vec<u32>,
    rows: u32,
}

impl Shrink {
    fn new(width: usize, channels: usize, factor: u32) -> Shrink {
        Shrink {
            width,
            channels,
            factor,
            sums: vec![0; width * channels],
            counts: vec![0; width],
            rows: 0,
        }
    }

    fn add(&mut self, row: &[u8], out: &mut Vec<u8>) {
        let (c, f) = (self.channels, self.factor as usize);
        let alpha = c.is_multiple_of(2);
        for (i, px) in row.chunks_exact(c).enumerate() {
            let o = i / f;
            if o >= self.width {
                break;
            }
            let a = if alpha { u32::from(px[c - 1]) } else { 1 };
            let sums = &mut self.sums[o * c..o * c + c];
            for k in 0..c - usize::from(alpha) {
                sums[k] += u32::from(px[k]) * a;
            }
            if alpha {
                sums[c - 1] += a;
            }
            self.counts[o] += 1;
        }
        self.rows += 1;
        if self.rows == self.factor {
            self.emit(out);
        }
    }

    fn emit(&mut self, out: &mut Vec<u8>) {
        if self.rows == 0 {
            return;
        }
        let c = self.channels;
        let alpha = c.is_multiple_of(2);
        for o in 0..self.width {
            let n = self.counts[o].max(1);
            let sums = &self.sums[o * c..o * c + c];
            let weight = if alpha { sums[c - 1] } else { n };
            for sum in &sums[..c - usize::from(alpha)] {
                let v = (sum + weight / 2).checked_div(weight).unwrap_or(0);
                out.push(v.min(255) as u8);
            }
            if alpha {
                out.push(((sums[c - 1] + n / 2) / n).min(255) as u8);
            }
        }
        self.sums.iter_mut().for_each(|s| *s = 0);
        self.counts.iter_mut().for_each(|n| *n = 0);
        self.rows = 0;
    }
}

fn picture(w: u32, h: u32, channels: usize, pixels: Vec<u8>) -> Result<DynamicImage, MediaError> {
    let short = || MediaError::BadImage("PNG: short picture data".into());
    Ok(match channels {
        1 => DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, pixels).ok_or_else(short)?),
        2 => DynamicImage::ImageLumaA8(GrayAlphaImage::from_raw(w, h, pixels).ok_or_else(short)?),
        3 => DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, pixels).ok_or_else(short)?),
        _ => DynamicImage::ImageRgba8(RgbaImage::from_raw(w, h, pixels).ok_or_else(short)?),
    })
}

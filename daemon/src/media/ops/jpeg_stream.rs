//! JPEGs a band of rows at a time (see `jpeg_rows`): steps whose needs are
//! their whole work (grayscale, crop, convert) stream from file to file,
//! and the others get a picture decoded as small as they allow, read from
//! the file as it goes (no copy of the file in memory). A cut-out skips to
//! its first row, decodes only its columns and stops after its last row;
//! grayscale decodes luma alone.

use std::path::Path;

use ::image::{DynamicImage, GrayImage, RgbImage};

use super::crop::Rect;
use super::jpeg_rows::{Decoder, EncodeAs, Encoder, JpegRowsError, Space};
use super::needs::Needs;
use super::png_rows::RowWriter;
use super::turbo::{shrink_eighths, Decoded};
use super::OpLimits;
use crate::media::MediaError;

/// A decoded picture, and the stored picture's width and height.
pub(crate) type WithSize = (Decoded, (u32, u32));

/// Rows decoded per call.
const BAND: u32 = 16;

/// Where [`stream`] writes the rows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sink<'a> {
    /// A JPEG at this quality (the source's chroma subsampling kept from
    /// quality 90 up, 4:2:0 below).
    Jpeg(&'a Path, u8),
    Png(&'a Path),
    /// A lossy WebP at this quality.
    Webp(&'a Path, u8),
}

/// Why a stream stopped.
enum Stop {
    /// The source: the caller decodes it another way.
    Source(JpegRowsError),
    /// The output, or a limit: the step fails.
    Fail(MediaError),
}

impl From<MediaError> for Stop {
    fn from(e: MediaError) -> Stop {
        Stop::Fail(e)
    }
}

fn source(e: JpegRowsError) -> Stop {
    Stop::Source(e)
}

fn output(e: JpegRowsError) -> Stop {
    Stop::Fail(MediaError::BadImage(format!("writing {e}")))
}

/// Writes `input` (an upright JPEG) to `sink` as `needs` asks (luma only,
/// a region, or all of it), with `icc` in outputs that carry one. `false`
/// when this path does not take the file or the step (then the
/// whole-picture path runs, and overwrites anything written).
pub(crate) fn stream(
    input: &Path,
    needs: &Needs,
    sink: Sink<'_>,
    icc: Option<&[u8]>,
    limits: &OpLimits,
) -> Result<bool, MediaError> {
    if !needs.complete || needs.turn != 0 || needs.at_least.is_some() {
        return Ok(false);
    }
    match run(input, needs, sink, icc, limits) {
        Ok(()) => Ok(true),
        Err(Stop::Source(e)) => {
            tracing::debug!("streaming declined {}: {e}", input.display());
            Ok(false)
        }
        Err(Stop::Fail(e)) => Err(e),
    }
}

fn run(
    input: &Path,
    needs: &Needs,
    sink: Sink<'_>,
    icc: Option<&[u8]>,
    limits: &OpLimits,
) -> Result<(), Stop> {
    let mut dec = Decoder::open(input, limits.max_image_alloc_bytes).map_err(source)?;
    let info = dec.info();
    limits.check_size(info.width, info.height)?;
    let (Some(src_space), Some(sampling)) = (info.space, info.sampling) else {
        return Err(decline("not gray or YCbCr"));
    };
    let rect = inside(needs.region, (info.width, info.height))?;
    let gray = needs.luma || src_space == Space::Gray;
    // JPEG to JPEG stays in YCbCr, chroma samples repeated rather than
    // interpolated: re-subsampled on whole samples they come back exact.
    let (space, fancy) = match sink {
        _ if gray => (Space::Gray, true),
        Sink::Jpeg(..) => (Space::YCbCr, false),
        _ => (Space::Rgb, true),
    };
    dec.start(space, 1, fancy).map_err(source)?;
    let mut out = Out::new(sink, (rect.width, rect.height), space, sampling, icc)?;
    read_rows(&mut dec, rect, space.channels(), |row| out.push(row))?;
    out.finish()
}

fn decline(why: &str) -> Stop {
    Stop::Source(JpegRowsError::Libjpeg(why.into()))
}

/// `region` if it lies inside a `w` x `h` picture, else all of it.
fn inside(region: Option<Rect>, (w, h): (u32, u32)) -> Result<Rect, Stop> {
    let r = region.unwrap_or(Rect {
        x: 0,
        y: 0,
        width: w,
        height: h,
    });
    if r.width == 0 || r.height == 0 || r.x + r.width > w || r.y + r.height > h {
        return Err(decline("the region is not inside the picture"));
    }
    Ok(r)
}

/// Hands `f` each row of `rect` (in the started decoder's output), a band
/// decoded at a time: the rows above are skipped, the columns outside not
/// decoded, the rows below never read.
fn read_rows(
    dec: &mut Decoder,
    rect: Rect,
    channels: usize,
    mut f: impl FnMut(&[u8]) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let (cx, _) = dec.crop(rect.x, rect.width).map_err(source)?;
    dec.skip(rect.y).map_err(source)?;
    let stride = dec.row_bytes();
    let mut band = vec![0u8; stride * BAND as usize];
    let from = (rect.x - cx) as usize * channels;
    let row_len = rect.width as usize * channels;
    let mut done = 0;
    while done < rect.height {
        let want = BAND.min(rect.height - done);
        let got = dec.read(&mut band, stride, want).map_err(source)?;
        if got == 0 {
            return Err(decline("short picture"));
        }
        for row in band.chunks_exact(stride).take(got as usize) {
            f(&row[from..from + row_len])?;
        }
        done += got;
    }
    Ok(())
}

/// `input` decoded as `needs_for(width, height)` asks of its stored
/// picture (a smaller size, luma only, a region), and that stored size;
/// `None` when this path does not take the file.
pub(crate) fn decode(
    input: &Path,
    needs_for: &dyn Fn(u32, u32) -> Needs,
    limits: &OpLimits,
) -> Result<Option<WithSize>, MediaError> {
    match decode_rows(input, needs_for, limits) {
        Ok(done) => Ok(Some(done)),
        Err(Stop::Source(e)) => {
            tracing::debug!("row decoding declined {}: {e}", input.display());
            Ok(None)
        }
        Err(Stop::Fail(e)) => Err(e),
    }
}

fn decode_rows(
    input: &Path,
    needs_for: &dyn Fn(u32, u32) -> Needs,
    limits: &OpLimits,
) -> Result<WithSize, Stop> {
    let mut dec = Decoder::open(input, limits.max_image_alloc_bytes).map_err(source)?;
    let info = dec.info();
    let size = (info.width, info.height);
    limits.check_size(info.width, info.height)?;
    let Some(src_space) = info.space else {
        return Err(decline("not gray or YCbCr"));
    };
    let needs = needs_for(info.width, info.height);
    // A region is cut at full size only.
    let region = needs.region.filter(|_| needs.at_least.is_none());
    let eighths = shrink_eighths(info.width, info.height, needs.at_least);
    let denom = if region.is_some() { 1 } else { 8 / eighths };
    let space = if needs.luma || src_space == Space::Gray {
        Space::Gray
    } else {
        Space::Rgb
    };
    let out = dec.start(space, denom, true).map_err(source)?;
    let rect = inside(region, out)?;
    let channels = space.channels();
    let len = rect.width as usize * rect.height as usize * channels;
    if len as u64 > limits.max_image_alloc_bytes {
        return Err(Stop::Fail(MediaError::BadImage(
            "the picture is larger than allowed".into(),
        )));
    }
    let mut pixels = Vec::with_capacity(len);
    read_rows(&mut dec, rect, channels, |row| {
        pixels.extend_from_slice(row);
        Ok(())
    })?;
    let (w, h) = (rect.width, rect.height);
    let short = || decline("short picture");
    let img = if space == Space::Gray {
        DynamicImage::ImageLuma8(GrayImage::from_raw(w, h, pixels).ok_or_else(short)?)
    } else {
        DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, pixels).ok_or_else(short)?)
    };
    let decoded = Decoded {
        img,
        cut: region.is_some(),
        turned: false,
    };
    Ok((decoded, size))
}

/// The open output.
enum Out<'a> {
    Jpeg(Encoder),
    Png(Box<RowWriter<'a>>),
    Webp(&'a Path, super::webp::RowEncoder),
}

impl<'a> Out<'a> {
    fn new(
        sink: Sink<'a>,
        (w, h): (u32, u32),
        space: Space,
        sampling: (u8, u8),
        icc: Option<&[u8]>,
    ) -> Result<Out<'a>, Stop> {
        Ok(match sink {
            Sink::Jpeg(path, quality) => {
                let sampling = if quality >= 90 { sampling } else { (2, 2) };
                let how = EncodeAs {
                    width: w,
                    height: h,
                    space,
                    sampling,
                    quality,
                    icc: icc.filter(|_| space != Space::Gray),
                };
                Out::Jpeg(Encoder::create(path, how).map_err(output)?)
            }
            Sink::Png(path) => {
                let icc = icc.filter(|_| space != Space::Gray);
                Out::Png(Box::new(RowWriter::create(
                    path,
                    (w, h),
                    space.channels(),
                    icc,
                )?))
            }
            Sink::Webp(path, quality) => {
                let enc = super::webp::RowEncoder::new((w, h), space.channels(), quality)?;
                Out::Webp(path, enc)
            }
        })
    }

    fn push(&mut self, row: &[u8]) -> Result<(), Stop> {
        match self {
            Out::Jpeg(e) => e.write(row, row.len(), 1).map_err(output),
            Out::Png(w) => w.push(row).map_err(Stop::Fail),
            Out::Webp(_, e) => {
                e.push(row);
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<(), Stop> {
        match self {
            Out::Jpeg(e) => e.finish().map_err(output),
            Out::Png(w) => w.finish().map_err(Stop::Fail),
            Out::Webp(path, e) => {
                let bytes = e.finish()?;
                std::fs::write(path, bytes).map_err(|e| Stop::Fail(MediaError::io(path)(e)))
            }
        }
    }
}

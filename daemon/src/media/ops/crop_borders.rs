//! `crop_borders`: crops away black bars (letterbox, pillarbox) or a plain
//! black, white or transparent frame around a picture, found by looking at
//! it.
//!
//! A video is looked at on its key frames only (the decoder skips the
//! others), and a row or column is a bar only where it is dark on every one
//! of them, so a dark scene does not pass for a bar. The rectangle found is
//! then cut by an ordinary [`Crop`], so the run and its command line are the
//! crop's.

use std::path::Path;

use ::image::DynamicImage;
use ffmpeg::ffi;
use ffmpeg::software::scaling;
use ffmpeg::{codec, format, frame};
use ffmpeg_next as ffmpeg;
use serde::{Deserialize, Serialize};

use super::crop::{Crop, Rect};
use super::limits::Deadline;
use super::op::{Op, VISUAL};
use super::{FileFacts, Format, MediaKind, OpError, OpLimits};
use crate::media::av::{Demuxer, Medium, Read, Received};
use super::av::OPS_FORMATS;
use crate::media::probe::{
    display_matrix, main_video_stream, open_input_with, open_video_decoder_allowing,
    rotation_degrees,
};
use crate::media::MediaError;

/// Luma (0..255) at or below which a video pixel counts as black: limited
/// range black is 16, and coding noise lifts bars a little.
const DARK: u8 = 40;
/// The share of a line's pixels that may be lighter (noise, a logo's edge)
/// while it still counts as a bar.
const STRAY: f64 = 0.02;
/// Key frames looked at, at most.
const MAX_SAMPLES: usize = 120;
/// What is left must be at least this share of each side, else nothing is
/// cut (an all-black picture has no bars to find).
const MIN_KEPT: f64 = 0.2;

/// Crops away the borders found in the picture.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CropBorders {}

impl Op for CropBorders {
    const NAME: &'static str = "crop_borders";
    const SUMMARY: &'static str =
        "Crop away black bars (letterbox, pillarbox) or a plain black, white or transparent border, found in the picture.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn describe(&self) -> String {
        "Crop away the black bars or border".into()
    }

    fn suffix(&self) -> String {
        "_cropped".into()
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        let r = still_rect(&img);
        Ok(img.crop_imm(r.x, r.y, r.width, r.height))
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-fuzz".into(), "10%".into(), "-trim".into(), "+repage".into()])
    }
}

impl CropBorders {
    /// The crop that takes the bars off the video (or GIF) at `path`.
    pub(crate) fn found_in(
        &self,
        path: &Path,
        limits: &OpLimits,
        deadline: Deadline,
    ) -> Result<Crop, MediaError> {
        let (lines, (w, h), rotation) = dark_lines(path, limits, deadline)?;
        let coded = bounds(&lines, w, h, true);
        let r = rotated(coded, w, h, rotation);
        Ok(Crop {
            rect: Some(r),
            aspect: None,
        })
    }

    /// The shell lines doing the same with the `ffmpeg` command line:
    /// `cropdetect` finds the rectangle, `crop` cuts it (the printed crop
    /// command is `crop_line` with the whole picture kept).
    pub(crate) fn command_line(input: &str, crop_line: &str, (w, h): (u32, u32)) -> String {
        let detect = format!(
            "CROP=$(ffmpeg -hide_banner -skip_frame nokey -i {input} -vf cropdetect=limit={DARK}:round=2:reset=0:skip=0 -f null - 2>&1 | grep -o 'crop=[0-9:]*' | tail -1 | cut -d= -f2)"
        );
        let whole = format!("crop={w}:{h}:0:0");
        format!("{detect}\n{}", crop_line.replace(&whole, "crop=\"$CROP\""))
    }
}

/// Per row and per column of the coded picture: whether it was dark on
/// every key frame; the coded size and the display rotation.
type Lines = (Vec<bool>, Vec<bool>);

fn dark_lines(
    path: &Path,
    limits: &OpLimits,
    deadline: Deadline,
) -> Result<(Lines, (u32, u32), i32), MediaError> {
    let probe_limits = limits.probe_limits();
    let input = open_input_with(path, &probe_limits, OPS_FORMATS)?;
    let (index, mut decoder, rotation) = {
        let stream = main_video_stream(&input).ok_or(MediaError::NoVideoStream)?;
        let decoder =
            open_video_decoder_allowing(&stream, &probe_limits, true, &[codec::Id::GIF])?;
        let rotation = display_matrix(&stream).map_or(0, |m| rotation_degrees(&m));
        (stream.index(), decoder, rotation)
    };
    // SAFETY: setting a field of the opened decoder's context before any
    // packet reaches it; the decoder then skips all but key frames.
    unsafe { (*decoder.as_mut_ptr()).skip_frame = ffi::AVDiscard::AVDISCARD_NONKEY };
    let (w, h) = (decoder.width(), decoder.height());
    limits.check_size(w, h)?;
    let mut demux = Demuxer::new(input).with_video(index, decoder);
    let mut rows = vec![true; h as usize];
    let mut cols = vec![true; w as usize];
    let mut decoded = frame::Video::empty();
    let mut gray = frame::Video::empty();
    let mut scaler: Option<(scaling::Context, (format::Pixel, u32, u32))> = None;
    let mut seen = 0;
    while seen < MAX_SAMPLES {
        deadline.check()?;
        match demux.receive(Medium::Video, &mut decoded) {
            Received::Frame => {
                let src = (decoded.format(), decoded.width(), decoded.height());
                if (src.1, src.2) != (w, h) {
                    continue;
                }
                if scaler.as_ref().map(|s| s.1) != Some(src) {
                    let ctx = scaling::Context::get(
                        src.0,
                        w,
                        h,
                        format::Pixel::GRAY8,
                        w,
                        h,
                        scaling::Flags::POINT,
                    )
                    .map_err(MediaError::ffmpeg("preparing to read the picture"))?;
                    scaler = Some((ctx, src));
                }
                if let Some((ctx, _)) = scaler.as_mut() {
                    ctx.run(&decoded, &mut gray)
                        .map_err(MediaError::ffmpeg("reading the picture"))?;
                    mark_light(&gray, &mut rows, &mut cols);
                    seen += 1;
                }
                continue;
            }
            Received::Again if demux.at_end() => break,
            Received::Again => {}
            Received::End => break,
            Received::Failed(_) => demux.damaged("the video is damaged")?,
        }
        match demux.read()? {
            Read::Refused | Read::Damaged => demux.damaged("the video is damaged")?,
            Read::Sent | Read::Other(_) | Read::End => {}
        }
    }
    if seen == 0 {
        return Err(MediaError::NotDecodable(
            "no picture of the video could be read".into(),
        ));
    }
    Ok(((rows, cols), (w, h), rotation))
}

/// Clears the rows and columns of `gray` that are not dark.
fn mark_light(gray: &frame::Video, rows: &mut [bool], cols: &mut [bool]) {
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    let stride = gray.stride(0);
    let data = gray.data(0);
    let mut light_in_col = vec![0usize; w];
    for (y, row_dark) in rows.iter_mut().enumerate().take(h) {
        let line = &data[y * stride..y * stride + w];
        let mut light = 0;
        for (x, &v) in line.iter().enumerate() {
            if v > DARK {
                light += 1;
                light_in_col[x] += 1;
            }
        }
        if light as f64 > STRAY * w as f64 {
            *row_dark = false;
        }
    }
    for (x, col_dark) in cols.iter_mut().enumerate().take(w) {
        if light_in_col[x] as f64 > STRAY * h as f64 {
            *col_dark = false;
        }
    }
}

/// The rectangle between the bars (even-sized for video); the whole
/// picture when too little would be left.
fn bounds((rows, cols): &Lines, w: u32, h: u32, even: bool) -> Rect {
    let span = |dark: &[bool]| {
        let first = dark.iter().position(|d| !d)?;
        let last = dark.iter().rposition(|d| !d)?;
        Some((first as u32, last as u32 + 1))
    };
    let whole = Rect {
        x: 0,
        y: 0,
        width: w,
        height: h,
    };
    let (Some((x0, x1)), Some((y0, y1))) = (span(cols), span(rows)) else {
        return whole;
    };
    let (cw, ch) = if even {
        ((x1 - x0) & !1, (y1 - y0) & !1)
    } else {
        (x1 - x0, y1 - y0)
    };
    if f64::from(cw) < MIN_KEPT * f64::from(w) || f64::from(ch) < MIN_KEPT * f64::from(h) {
        return whole;
    }
    Rect {
        x: x0,
        y: y0,
        width: cw,
        height: ch,
    }
}

/// `r`, found in the coded `w` x `h` picture, in the picture as shown after
/// turning it `rotation` degrees clockwise.
fn rotated(r: Rect, w: u32, h: u32, rotation: i32) -> Rect {
    match rotation {
        90 => Rect {
            x: h - r.y - r.height,
            y: r.x,
            width: r.height,
            height: r.width,
        },
        180 => Rect {
            x: w - r.x - r.width,
            y: h - r.y - r.height,
            ..r
        },
        270 => Rect {
            x: r.y,
            y: w - r.x - r.width,
            width: r.height,
            height: r.width,
        },
        _ => r,
    }
}

/// A still's border: the rows and columns at the edges of one plain colour,
/// near black or near white, as the corner shows.
fn still_rect(img: &DynamicImage) -> Rect {
    let (w, h) = (img.width(), img.height());
    // A transparent margin: what is see-through is the border.
    if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        if rgba.get_pixel(0, 0).0[3] < 16 {
            let clear = |x: u32, y: u32| rgba.get_pixel(x, y).0[3] < 16;
            return lines_rect(w, h, clear);
        }
    }
    let rgb = img.to_rgb8();
    let corner = rgb.get_pixel(0, 0).0;
    let luma = |p: [u8; 3]| (u32::from(p[0]) * 3 + u32::from(p[1]) * 6 + u32::from(p[2])) / 10;
    let spread = corner.iter().max().unwrap_or(&0) - corner.iter().min().unwrap_or(&0);
    let edge_colour = spread < 24 && (luma(corner) <= u32::from(DARK) || luma(corner) >= 225);
    if !edge_colour {
        return Rect {
            x: 0,
            y: 0,
            width: w,
            height: h,
        };
    }
    lines_rect(w, h, |x, y| {
        rgb.get_pixel(x, y)
            .0
            .iter()
            .zip(corner)
            .all(|(&a, b)| a.abs_diff(b) <= 32)
    })
}

/// The rectangle inside the rows and columns that are border (`edge`) but
/// for a few stray pixels.
fn lines_rect(w: u32, h: u32, edge: impl Fn(u32, u32) -> bool) -> Rect {
    let mut rows = vec![true; h as usize];
    let mut cols = vec![true; w as usize];
    let mut off_in_col = vec![0usize; w as usize];
    for y in 0..h {
        let mut off = 0;
        for x in 0..w {
            if !edge(x, y) {
                off += 1;
                off_in_col[x as usize] += 1;
            }
        }
        rows[y as usize] = off as f64 <= STRAY * f64::from(w);
    }
    for (x, c) in cols.iter_mut().enumerate() {
        *c = off_in_col[x] as f64 <= STRAY * f64::from(h);
    }
    bounds(&(rows, cols), w, h, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_found_between_light_lines() {
        let mut rows = vec![false; 100];
        rows[..10].fill(true);
        rows[90..].fill(true);
        let cols = vec![false; 160];
        let r = bounds(&(rows, cols), 160, 100, true);
        assert_eq!((r.x, r.y, r.width, r.height), (0, 10, 160, 80));
        // All dark: nothing to keep, so nothing is cut.
        let r = bounds(&(vec![true; 100], vec![true; 160]), 160, 100, true);
        assert_eq!((r.width, r.height), (160, 100));
    }

    #[test]
    fn rectangles_turn_with_the_picture() {
        let r = Rect {
            x: 0,
            y: 10,
            width: 160,
            height: 80,
        };
        let t = rotated(r, 160, 100, 90);
        assert_eq!((t.x, t.y, t.width, t.height), (10, 0, 80, 160));
        let t = rotated(r, 160, 100, 270);
        assert_eq!((t.x, t.y, t.width, t.height), (10, 0, 80, 160));
        let t = rotated(r, 160, 100, 180);
        assert_eq!((t.x, t.y, t.width, t.height), (0, 10, 160, 80));
    }
}

//! Intents become operations given what the files are at that point of the
//! pipeline: "convert to mp3" on a video extracts the audio, "make it a
//! video" on a picture makes a slideshow, "cut the last 5 s" needs the
//! length.

use super::grammar::{FrameAt, Intent};
use super::lexicon::FormatWord;
use crate::media::ops::{
    Compress, Concat, Convert, Crop, ExtractAudio, FileFacts, Format, FrameFormat, Frames,
    MediaKind, Operation, OptimizePng, Quality, Rect, Scale, Slideshow, Thumbnail, ToGif, Trim,
    Watermark,
};

pub(super) fn kind_of(files: &[FileFacts]) -> MediaKind {
    files.first().map_or(MediaKind::Video, |f| f.kind)
}

pub(super) fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// The operations `intent` means on `cur` (the files as they are before
/// it); `first_step` when nothing runs before it.
pub(super) fn resolve(
    intent: &Intent,
    cur: &[FileFacts],
    first_step: bool,
) -> Result<Vec<Operation>, String> {
    let duration = cur.first().and_then(|f| f.duration_secs);
    let one = |op: Operation| Ok(vec![op]);
    match intent {
        Intent::Op(op) => one(op.clone()),
        Intent::OnPdf(op) => Ok(super::grammar::documents::on_pdf(op, cur)),
        Intent::ConvertTo { to, quality } => convert_to(to, *quality, cur),
        Intent::AudioOnly(to) => audio_only(*to, cur, first_step),
        Intent::Gif { fps, width } => one(match kind_of(cur) {
            MediaKind::Image => Convert {
                to: Format::Gif,
                quality: None,
            }
            .into(),
            _ => ToGif {
                fps: *fps,
                width: *width,
            }
            .into(),
        }),
        Intent::Frames {
            at,
            every,
            count,
            format,
        } => {
            if kind_of(cur) == MediaKind::Image {
                return Err("that is already a picture; frames come from videos and GIFs".into());
            }
            one(match at {
                Some(at) => frame_op(*at, *format, duration),
                None => Frames {
                    at: None,
                    every: *every,
                    count: *count,
                    format: *format,
                }
                .into(),
            })
        }
        Intent::Thumbnail(max) => Ok(thumbnail(*max, cur)),
        Intent::CutEnd(n) => cut(duration, None, *n),
        Intent::CutBoth(a, b) => cut(duration, Some(*a), *b),
        Intent::Combine => combine(cur),
        Intent::Slideshow { secs } => one(slideshow(cur, *secs)),
        Intent::Watermark {
            text,
            position,
            opacity,
        } => {
            let image = cur.len() == 2 && cur[1].kind == MediaKind::Image;
            if text.is_none() && !image {
                return Err("say the watermark text in quotes (add watermark \"© Ann 2025\"), or send a video and a logo image together".into());
            }
            one(Watermark {
                text: text.clone(),
                position: *position,
                opacity: *opacity,
            }
            .into())
        }
        Intent::CropRect { w, h, at } => one(crop_rect(*w, *h, *at, cur)),
        Intent::CropBorder(n) => crop_border(*n, cur).map(|op| vec![op]),
        Intent::ScaleLongest(n) => one(scale_longest(*n, cur)),
        Intent::Optimize => one(match cur.first().map(|f| f.format) {
            Some(Format::Png) => OptimizePng {}.into(),
            _ => Compress {
                quality: Some(Quality::High),
                target_mb: None,
            }
            .into(),
        }),
        Intent::Need(what) | Intent::Unsupported(what) => Err(what.clone()),
    }
}

/// A target format, by what the file is: audio from a video, a GIF, a
/// frame, a slideshow from a picture.
fn convert_to(
    to: &FormatWord,
    quality: Option<u8>,
    cur: &[FileFacts],
) -> Result<Vec<Operation>, String> {
    let to = match to {
        FormatWord::Writable(f) => *f,
        FormatWord::Unwritable(name) => {
            return Err(format!(
                "kiln reads many formats but cannot write {name}; it writes mp4, webm, mov, mkv, gif, mp3, m4a, wav, flac, ogg, png, jpg, webp, bmp and tiff"
            ))
        }
    };
    let convert = Operation::from(Convert { to, quality });
    let duration = cur.first().and_then(|f| f.duration_secs);
    Ok(match kind_of(cur) {
        MediaKind::Video if to.is_audio() => vec![ExtractAudio { to }.into()],
        MediaKind::Video if to == Format::Gif => vec![ToGif {
            fps: None,
            width: None,
        }
        .into()],
        MediaKind::Video if to.is_still() => match to {
            Format::Png => vec![frame_op(FrameAt::Middle, FrameFormat::Png, duration)],
            Format::Jpeg => vec![frame_op(FrameAt::Middle, FrameFormat::Jpeg, duration)],
            _ => {
                return Err(format!(
                    "a video cannot become a {} picture; ask for a frame as png or jpg (\"take a screenshot at 0:05\")",
                    to.extension()
                ))
            }
        },
        MediaKind::Image if to.is_video_container() => {
            let mut ops = vec![slideshow(cur, None)];
            if to != Format::Mp4 {
                ops.push(convert);
            }
            ops
        }
        MediaKind::Audio if !to.is_audio() => {
            return Err(format!(
                "{} is audio only, so it cannot become {} ({} has pictures)",
                cur.first().map_or("the file", |f| f.name.as_str()),
                to.kind().word(),
                to.extension()
            ))
        }
        _ => vec![convert],
    })
}

/// "audio only (as wav)": an extraction, or a conversion of audio.
fn audio_only(
    to: Option<Format>,
    cur: &[FileFacts],
    first_step: bool,
) -> Result<Vec<Operation>, String> {
    Ok(match (kind_of(cur), to) {
        (MediaKind::Audio, Some(f)) => vec![Convert {
            to: f,
            quality: None,
        }
        .into()],
        // "remove the video and keep the audio": already done.
        (MediaKind::Audio, None) if !first_step => vec![],
        (MediaKind::Audio, None) => return Err("the file is already audio only".into()),
        _ => vec![ExtractAudio {
            to: to.unwrap_or(Format::Mp3),
        }
        .into()],
    })
}

/// A thumbnail; of a video, of its middle frame.
fn thumbnail(max: Option<u32>, cur: &[FileFacts]) -> Vec<Operation> {
    let thumb = Thumbnail {
        max: max.unwrap_or(256),
    }
    .into();
    match kind_of(cur) {
        MediaKind::Video => {
            let duration = cur.first().and_then(|f| f.duration_secs);
            vec![frame_op(FrameAt::Middle, FrameFormat::Png, duration), thumb]
        }
        _ => vec![thumb],
    }
}

/// Everything but `start` seconds at the start and `end_cut` at the end.
fn cut(duration: Option<f64>, start: Option<f64>, end_cut: f64) -> Result<Vec<Operation>, String> {
    match duration {
        Some(d) if d > start.unwrap_or(0.0) + end_cut => Ok(vec![Trim {
            start,
            end: Some(round3(d - end_cut)),
            duration: None,
            last: None,
        }
        .into()]),
        Some(d) => Err(format!("the file is only {d:.1} s long")),
        None => Err("the length of the file is not known".into()),
    }
}

/// "join these": clips one after another; pictures make a slideshow.
fn combine(cur: &[FileFacts]) -> Result<Vec<Operation>, String> {
    if cur.iter().all(|f| f.kind == MediaKind::Image) && !cur.is_empty() {
        Ok(vec![slideshow(cur, None)])
    } else if cur.len() < 2 {
        Err("joining needs at least two clips: name them all in `files`".into())
    } else {
        Ok(vec![Concat {}.into()])
    }
}

/// A `w` x `h` rectangle at `at`, else centred.
fn crop_rect(w: u32, h: u32, at: Option<(u32, u32)>, cur: &[FileFacts]) -> Operation {
    let size = cur.first().and_then(|f| f.width.zip(f.height));
    let (x, y) = match (at, size) {
        (Some(p), _) => p,
        (None, Some((fw, fh))) => (fw.saturating_sub(w) / 2, fh.saturating_sub(h) / 2),
        (None, None) => (0, 0),
    };
    let rect = Rect {
        x,
        y,
        width: w,
        height: h,
    };
    Crop {
        rect: Some(rect),
        aspect: None,
    }
    .into()
}

/// `n` pixels off every side.
fn crop_border(n: u32, cur: &[FileFacts]) -> Result<Operation, String> {
    match cur.first().and_then(|f| f.width.zip(f.height)) {
        Some((fw, fh)) if fw > 2 * n + 1 && fh > 2 * n + 1 => {
            let rect = Rect {
                x: n,
                y: n,
                width: fw - 2 * n,
                height: fh - 2 * n,
            };
            Ok(Crop {
                rect: Some(rect),
                aspect: None,
            }
            .into())
        }
        Some((fw, fh)) => Err(format!("the picture is only {fw}x{fh}")),
        None => Err("the size of the picture is not known".into()),
    }
}

/// The longest side to `n` pixels.
fn scale_longest(n: u32, cur: &[FileFacts]) -> Operation {
    let portrait = cur
        .first()
        .and_then(|f| f.width.zip(f.height))
        .is_some_and(|(w, h)| h > w);
    Scale {
        width: (!portrait).then_some(n),
        height: portrait.then_some(n),
        percent: None,
        resolution: None,
        keep_aspect: true,
    }
    .into()
}

fn frame_op(at: FrameAt, format: FrameFormat, duration: Option<f64>) -> Operation {
    let secs = match at {
        FrameAt::Secs(s) => s,
        FrameAt::Middle => duration.map_or(0.0, |d| (d * 5.0).floor() / 10.0),
        FrameAt::Last => duration.map_or(0.0, |d| ((d - 0.1).max(0.0) * 10.0).floor() / 10.0),
    };
    Frames {
        at: Some(secs),
        every: None,
        count: None,
        format,
    }
    .into()
}

fn even_clamp(v: Option<u32>, default: u32, max: u32) -> u32 {
    let v = v.unwrap_or(default).clamp(16, max);
    v & !1
}

fn slideshow(cur: &[FileFacts], secs: Option<f64>) -> Operation {
    // One picture: a video of its own size; several: 1280x720.
    let (w, h) = match cur {
        [one] => (
            even_clamp(one.width, 1280, 3840),
            even_clamp(one.height, 720, 2160),
        ),
        _ => (1280, 720),
    };
    Slideshow {
        seconds_per_image: secs.unwrap_or(3.0),
        width: w,
        height: h,
        fps: 25,
    }
    .into()
}

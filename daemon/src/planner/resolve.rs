//! Intents become operations given what the files are at that point of the
//! pipeline: "convert to mp3" on a video extracts the audio, "make it a
//! video" on a picture makes a slideshow, "cut the last 5 s" needs the
//! length.

use super::build::Unplannable;
use super::grammar::{FrameAt, Intent};
use super::lexicon::FormatWord;
use crate::media::ops::{
    Aspect, AudioSettings, ChangeFps, Compress, Concat, Convert, Corner, Crop, ExtractAudio,
    FileFacts, Format, FrameFormat, Frames, MediaKind, Operation, OptimizePng, Quality, Rect,
    Remux, Scale, Slideshow, Thumbnail, ToGif, Trim, VideoCodec, Watermark,
};

pub(super) fn kind_of(files: &[FileFacts]) -> MediaKind {
    files.first().map_or(MediaKind::Video, |f| f.kind)
}

pub(super) fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// "there was no sound recorded to it at all": videos with no sound have
/// none to take away.
fn silent_already(op: &Operation, cur: &[FileFacts]) -> bool {
    matches!(op, Operation::RemoveAudio(_))
        && !cur.is_empty()
        && cur
            .iter()
            .all(|f| f.kind == MediaKind::Video && !f.has_audio)
}

/// The operations `intent` means on `cur` (the files as they are before
/// it); `first_step` when nothing runs before it.
pub(super) fn resolve(
    intent: &Intent,
    cur: &[FileFacts],
    first_step: bool,
) -> Result<Vec<Operation>, Unplannable> {
    let duration = cur.first().and_then(|f| f.duration_secs);
    let one = |op: Operation| Ok(vec![op]);
    match intent {
        Intent::Op(Operation::Compress(c)) | Intent::Default(Operation::Compress(c))
            if compressed_own_way(c, cur).is_some() =>
        {
            Ok(compressed_own_way(c, cur).unwrap_or_default())
        }
        // ("the screenshots are too large": a PNG made smaller with no
        // quality or size said keeps every pixel.)
        Intent::Default(Operation::Compress(c))
            if c.target_mb.is_none() && matches!(cur, [f] if f.format == Format::Png) =>
        {
            one(OptimizePng {}.into())
        }
        Intent::Op(op) | Intent::Default(op) if silent_already(op, cur) => Ok(vec![]),
        Intent::Op(op) | Intent::Default(op) => one(op.clone()),
        Intent::OnPdf(op) => Ok(super::grammar::documents::on_pdf(op, cur)),
        Intent::DropPages(pages) => {
            let kept =
                super::grammar::documents::pages_kept(pages, cur).map_err(Unplannable::Cannot)?;
            let op = crate::media::ops::ExtractPages {
                pages: Some(kept),
                split: false,
            }
            .into();
            Ok(super::grammar::documents::on_pdf(&op, cur))
        }
        Intent::ConvertTo { to, quality } => convert_to(to, *quality, cur),
        Intent::AudioOnly(to) => audio_only(*to, cur, first_step),
        Intent::Gif { fps, width, height } => Ok(gif(*fps, *width, *height, cur)),
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
        Intent::Thumbnail(max) => Ok(thumbnail(*max)),
        Intent::CutEnd(n) => cut(duration, None, *n),
        Intent::CutBoth(a, b) => cut(duration, Some(*a), *b),
        Intent::Portion { from, to, keep } => portion(duration, *from, *to, *keep),
        Intent::Middle(n) => {
            let side = duration.map_or(0.0, |d| round3((d - n).max(0.0) / 2.0));
            cut(duration, Some(side), side)
        }
        // "merge them, yes, concatenate them": joined once.
        Intent::Combine if cur.len() < 2 && !first_step => Ok(vec![]),
        Intent::Combine => combine(cur),
        Intent::Slideshow { secs, fps } => one(slideshow(cur, *secs, *fps)),
        Intent::Watermark {
            text,
            position,
            opacity,
        } => one(watermark(text.as_deref(), *position, *opacity, cur)?),
        Intent::CropRect { w, h, at, centred } => one(crop_rect(*w, *h, *at, *centred, cur)),
        Intent::CropBorder(n) => crop_border(*n, cur).map(|op| vec![op]),
        Intent::ScaleLongest(n) => one(scale_longest(*n, cur)),
        Intent::ScaleSide { px, longest } => one(scale_side(*px, *longest, cur)),
        Intent::Optimize => Ok(optimized(cur)),
        Intent::CropEdges(e) => crop_edges(*e, cur).map(|op| vec![op]),
        Intent::AspectRange(a, b) => aspect_range(*a, *b, cur),
        Intent::PrintShape { w, h, print } => print_shape(*w, *h, *print, cur),
        Intent::Exact { w, h } => one(exact_size(*w, *h, cur).into()),
        Intent::Fill { w, h } => one(Scale {
            fill: true,
            ..exact_size(*w, *h, &[])
        }
        .into()),
        Intent::FpsRatio(r) => match cur.first().and_then(|f| f.fps) {
            Some(fps) => one(ChangeFps {
                fps: round3(fps * r),
            }
            .into()),
            None => Err("the frame rate of the file is not known; say one, e.g. \"30 fps\"".into()),
        },
        Intent::Codec { codec, to } => one(codec_op(*codec, *to, cur)),
        Intent::Remux(to) => remux(*to, cur),
        Intent::AudioShape {
            channels,
            bitrate_kbps,
            sample_rate,
            to,
        } => Ok(audio_shape(
            *channels,
            *bitrate_kbps,
            *sample_rate,
            *to,
            cur,
        )),
        Intent::Quality(q) => quality(*q, cur),
        // "make this gif loop forever": a GIF written here loops forever.
        Intent::Loop => match cur.first().map(|f| f.format) {
            // A GIF told to loop: forever, its frames kept; one made here
            // loops forever already.
            Some(Format::Gif) if first_step => one(crate::media::ops::Loop { times: 0 }.into()),
            Some(Format::Gif) => Ok(vec![]),
            _ => Err(Unplannable::ask(
                "say how many times it should play, e.g. \"loop it 3 times\"",
            )),
        },
        Intent::LoopFor(secs) => loop_for(*secs, cur),
        Intent::SpeedTo(secs) => speed_to(*secs, cur),
        Intent::Upright => match kind_of(cur) {
            MediaKind::Image => one(crate::media::ops::AutoOrient {}.into()),
            _ => Err(Unplannable::ask(
                "say which way to turn it: 90° clockwise, 90° counterclockwise or 180°",
            )),
        },
        Intent::Compatible => compatible(cur),
        Intent::AllFrames(format) => all_frames(*format, cur),
        Intent::Border { px, share, color } => one(border(*px, *share, color, cur)),
        Intent::SizeShare(share) => one(size_share(*share, cur)),
        Intent::Need(what) | Intent::Vague { what, .. } => Err(Unplannable::ask(what.clone())),
        Intent::Unsupported(what) => Err(Unplannable::Unsupported(what.clone())),
    }
}

/// The streams copied into `to`; with none said, "a remux only option" of
/// an mkv, a TS or an FLV goes into mp4, the container players take, when
/// its streams fit as they are.
fn remux(to: Option<Format>, cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    let usual = cur.first().is_some_and(|f| {
        matches!(f.format, Format::Mkv | Format::Flv | Format::Mpeg) && Remux::fits(Format::Mp4, f)
    });
    match to {
        Some(to) => Ok(vec![Remux { to }.into()]),
        None if usual => Ok(vec![Remux { to: Format::Mp4 }.into()]),
        None => Err(Unplannable::ask(
            "say which container to put the streams in, e.g. \"remux to mp4\"",
        )),
    }
}

/// "optimize it": a PNG losslessly, a PDF at the printing level (its
/// pictures' quality kept), anything else at a high quality.
fn optimized(cur: &[FileFacts]) -> Vec<Operation> {
    let high = Compress {
        quality: Some(Quality::High),
        target_mb: None,
    };
    if kind_of(cur) == MediaKind::Document {
        return pdf_compressed(&high, cur);
    }
    match cur.first().map(|f| f.format) {
        Some(Format::Png) => vec![OptimizePng {}.into()],
        _ => vec![high.into()],
    }
}

/// A compression the files take their own way: a PDF's own (see
/// [`pdf_compressed`]). (A PNG compressed stays a PNG, with fewer colours
/// and its transparency: the step's own way.)
fn compressed_own_way(c: &Compress, cur: &[FileFacts]) -> Option<Vec<Operation>> {
    (kind_of(cur) == MediaKind::Document).then(|| pdf_compressed(c, cur))
}

/// "minimize the file size" of a PDF: the document's own compression, at
/// the size asked.
fn pdf_compressed(c: &Compress, cur: &[FileFacts]) -> Vec<Operation> {
    use crate::media::ops::CompressLevel;
    let level = match c.quality {
        Some(Quality::Smallest | Quality::Low) => CompressLevel::Screen,
        Some(Quality::High) => CompressLevel::Print,
        _ => CompressLevel::Ebook,
    };
    let op = crate::media::ops::CompressPdf {
        level,
        target_mb: c.target_mb,
    }
    .into();
    super::grammar::documents::on_pdf(&op, cur)
}

/// Every frame of a clip: a count when the length and rate say it (up to
/// 1,000), else one per frame interval.
fn all_frames(format: FrameFormat, cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    if kind_of(cur) == MediaKind::Image {
        return Err("that is already a picture; frames come from videos and GIFs".into());
    }
    let f = cur.first();
    let fps = f.and_then(|f| f.fps).filter(|v| *v > 0.0);
    let duration = f.and_then(|f| f.duration_secs);
    let total = fps.zip(duration).map(|(r, d)| (r * d).round());
    let frames = match (total, fps) {
        (Some(n), _) if (1.0..=1000.0).contains(&n) => Frames {
            at: None,
            every: None,
            count: Some(n as u32),
            format,
        },
        (_, Some(r)) => Frames {
            at: None,
            every: Some(round3((1.0 / r).max(0.04))),
            count: None,
            format,
        },
        _ => {
            return Err(Unplannable::ask(
                "say how often, e.g. \"a frame every second\"",
            ))
        }
    };
    Ok(vec![frames.into()])
}

/// "compress to 50 %": that share of the file's size (a medium quality
/// when the size is not known).
fn size_share(share: f64, cur: &[FileFacts]) -> Operation {
    let bytes = cur.first().and_then(|f| f.bytes);
    Compress {
        quality: bytes.is_none().then_some(Quality::Medium),
        // (Under 10 KB, to the byte: kilobytes rounded away would be none.)
        target_mb: bytes.map(|b| {
            let mb = b as f64 * share / 1e6;
            if mb >= 0.01 {
                round3(mb)
            } else {
                (mb * 1e6).round() / 1e6
            }
        }),
    }
    .into()
}

/// A format everything reads: H.264 in mp4 for a clip, jpg for a photo
/// (png for a picture that may be transparent), mp3 for a sound.
fn compatible(cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    let own = cur.first().map(|f| f.format);
    let to = match kind_of(cur) {
        MediaKind::Video => {
            let mut op = codec_op(VideoCodec::H264, Some(Format::Mp4), cur);
            // (A Dolby or DTS track plays in few browsers and phones: the
            // file is encoded again, its streams not copied as they are.)
            let theatre = cur.iter().any(|f| {
                f.audio_codec
                    .as_deref()
                    .is_some_and(|a| matches!(a, "ac3" | "eac3" | "dts" | "truehd"))
            });
            if let (true, Operation::Convert(c)) = (theatre, &mut op) {
                c.codec = Some(VideoCodec::H264);
            }
            return Ok(vec![op]);
        }
        // "photoshop doesn't support png": a jpg, and the other way round.
        MediaKind::Image => match own {
            Some(Format::Webp | Format::Gif | Format::Jpeg) => Format::Png,
            _ => Format::Jpeg,
        },
        MediaKind::Audio if own != Some(Format::Mp3) => Format::Mp3,
        // ("MP3 can't work on iphone users, any suggestions?": it is the
        // format that plays nearly everywhere already.)
        MediaKind::Audio => {
            let name = cur.first().map_or("The file", |f| f.name.as_str());
            return Err(Unplannable::Already(format!(
                "{name} is an MP3 already, the format nearly every player and device reads; if yours needs another, say which, e.g. \"convert to wav\" or \"convert to m4a\""
            )));
        }
        _ => {
            return Err(Unplannable::ask(
                "say which format it should be, e.g. \"convert to mp4\"",
            ))
        }
    };
    convert_to(&FormatWord::Writable(to), None, cur)
}

/// `[top, bottom, left, right]` pixels off the edges.
fn crop_edges(e: [u32; 4], cur: &[FileFacts]) -> Result<Operation, Unplannable> {
    let [top, bottom, left, right] = e;
    match cur.first().and_then(|f| f.width.zip(f.height)) {
        Some((fw, fh)) if fw > left + right + 1 && fh > top + bottom + 1 => {
            let rect = Rect {
                x: left,
                y: top,
                width: fw - left - right,
                height: fh - top - bottom,
            };
            Ok(Crop {
                rect: Some(rect),
                aspect: None,
            }
            .into())
        }
        Some((fw, fh)) => Err(Unplannable::Cannot(format!(
            "the picture is only {fw}x{fh}"
        ))),
        None => Err("the size of the picture is not known".into()),
    }
}

/// The file cropped to the nearer of two shapes when it is outside them;
/// nothing when it is within.
fn aspect_range(a: Aspect, b: Aspect, cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    let value = |x: Aspect| {
        let (w, h) = x.ratio();
        f64::from(w) / f64::from(h)
    };
    let (lo, hi) = if value(a) <= value(b) { (a, b) } else { (b, a) };
    let Some((w, h)) = cur.first().and_then(|f| f.width.zip(f.height)) else {
        return Err("the size of the picture is not known".into());
    };
    let own = f64::from(w) / f64::from(h.max(1));
    let to = if own < value(lo) {
        lo
    } else if own > value(hi) {
        hi
    } else {
        return Ok(vec![]);
    };
    Ok(vec![Crop {
        rect: None,
        aspect: Some(to),
    }
    .into()])
}

/// A crop to a shape said in small numbers; a print's shape turned the way
/// the picture is ("4x6" of a landscape photo is 3:2), another as said
/// ("9x16" is tall).
fn print_shape(
    w: u32,
    h: u32,
    print: bool,
    cur: &[FileFacts],
) -> Result<Vec<Operation>, Unplannable> {
    let (aw, ah) = if print {
        let Some((pw, ph)) = cur.first().and_then(|f| f.width.zip(f.height)) else {
            return Err("the size of the picture is not known".into());
        };
        let (long, short) = (w.max(h), w.min(h));
        if pw >= ph {
            (long, short)
        } else {
            (short, long)
        }
    } else {
        (w, h)
    };
    let aspect = Aspect::new(aw, ah).ok_or_else(|| Unplannable::from("that shape is too long"))?;
    Ok(vec![Crop {
        rect: None,
        aspect: Some(aspect),
    }
    .into()])
}

/// A codec, in the container named, else the file's own if it holds the
/// codec, else the codec's usual one. H.264 is named only when the file is
/// something else (it is the default of mp4, mov and mkv).
fn codec_op(codec: VideoCodec, to: Option<Format>, cur: &[FileFacts]) -> Operation {
    let own = cur.first().map(|f| f.format).filter(|f| codec.fits(*f));
    let to = to.or(own).unwrap_or(codec.usual_container());
    let was = cur.first().and_then(|f| f.video_codec.clone());
    // (H.264 is the usual codec but in AVI, whose own is MPEG-4 Part 2.)
    let usual = codec == VideoCodec::H264
        && was.as_deref().is_none_or(|c| c == "h264")
        && to != Format::Avi;
    Convert {
        to,
        quality: None,
        codec: (!usual).then_some(codec),
        lossless: false,
    }
    .into()
}

/// Channels, bitrate, sample rate: of the audio taken out of a video when
/// an audio format is named, else of the file's own sound.
fn audio_shape(
    channels: Option<u32>,
    bitrate_kbps: Option<u32>,
    sample_rate: Option<u32>,
    to: Option<Format>,
    cur: &[FileFacts],
) -> Vec<Operation> {
    let settings = AudioSettings {
        channels,
        bitrate_kbps,
        sample_rate,
    };
    // "lower the bitrate to 2 mbps" of a video: the video's rate, as a size
    // over its length.
    let video_rate =
        bitrate_kbps.filter(|&k| k > 512 && channels.is_none() && sample_rate.is_none());
    if let (MediaKind::Video, Some(kbps), None) = (kind_of(cur), video_rate, to) {
        if let Some(secs) = cur.first().and_then(|f| f.duration_secs) {
            let target_mb = round3(f64::from(kbps) * secs / 8000.0);
            return vec![crate::media::ops::Compress {
                quality: None,
                target_mb: Some(target_mb),
            }
            .into()];
        }
    }
    match (kind_of(cur), to) {
        (MediaKind::Video, Some(to)) => vec![ExtractAudio {
            to,
            channels,
            bitrate_kbps,
            sample_rate,
        }
        .into()],
        (MediaKind::Audio, Some(to)) if cur.first().is_some_and(|f| f.format != to) => vec![
            Convert {
                to,
                quality: None,
                codec: None,
                lossless: false,
            }
            .into(),
            settings.into(),
        ],
        _ => vec![settings.into()],
    }
}

/// An encoding quality, in the file's own format: a picture re-encoded, a
/// clip compressed to the nearest level.
fn quality(q: u8, cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    let format = cur.first().map(|f| f.format);
    match (kind_of(cur), format) {
        (MediaKind::Image, Some(f @ (Format::Jpeg | Format::Webp | Format::Avif))) => Ok(vec![Convert {
            to: f,
            quality: Some(q),
            codec: None,
            lossless: false,
        }
        .into()]),
        (MediaKind::Image, _) => Err(Unplannable::ask(
            "a quality applies to jpg, webp and avif: say which, e.g. \"convert to jpg at quality 80\"",
        )),
        _ => Ok(vec![Compress {
            quality: Some(match q {
                85.. => Quality::High,
                70..=84 => Quality::Medium,
                50..=69 => Quality::Low,
                _ => Quality::Smallest,
            }),
            target_mb: None,
        }
        .into()]),
    }
}

/// The width that keeps the file's shape at height `h` (even).
fn width_for(h: u32, cur: &[FileFacts]) -> Option<u32> {
    let (w0, h0) = cur.first().and_then(|f| f.width.zip(f.height))?;
    let w = (f64::from(w0) * f64::from(h) / f64::from(h0.max(1))).round() as u32;
    Some((w + 1) & !1)
}

/// A target format, by what the file is: audio from a video, a GIF, a
/// frame or an animated WebP, a slideshow from a picture.
fn convert_to(
    to: &FormatWord,
    quality: Option<u8>,
    cur: &[FileFacts],
) -> Result<Vec<Operation>, Unplannable> {
    let to = match to {
        FormatWord::Writable(f) => *f,
        FormatWord::Unwritable(name) => {
            return Err(Unplannable::Cannot(format!(
                "kiln reads many formats but cannot write {name}; it writes mp4, webm, mov, mkv, avi, mpg, wmv, 3gp, flv, gif, mp3, m4a, m4b, wav, aiff, flac, ogg, opus, png, jpg, webp, avif, bmp, tiff and ico"
            )))
        }
    };
    let convert = Operation::from(Convert {
        to,
        quality,
        codec: None,
        lossless: false,
    });
    let duration = cur.first().and_then(|f| f.duration_secs);
    Ok(match kind_of(cur) {
        MediaKind::Video if to.is_audio() => vec![ExtractAudio::to(to).into()],
        MediaKind::Video if to == Format::Gif => vec![ToGif {
            fps: None,
            width: None,
        }
        .into()],
        MediaKind::Video if to.is_still() => match to {
            Format::Png => vec![frame_op(FrameAt::Middle, FrameFormat::Png, duration)],
            Format::Jpeg => vec![frame_op(FrameAt::Middle, FrameFormat::Jpeg, duration)],
            // An animated WebP (a sticker).
            Format::Webp => vec![convert],
            _ => {
                return Err(Unplannable::Cannot(format!(
                    "a video cannot become a {} picture; ask for a frame as png or jpg (\"take a screenshot at 0:05\")",
                    to.extension()
                )))
            }
        },
        MediaKind::Image if to.is_video_container() => {
            let mut ops = vec![slideshow(cur, None, None)];
            if to != Format::Mp4 {
                ops.push(convert);
            }
            ops
        }
        // "mp4 files are much more compact than wav": sound in an MP4 is
        // an M4A.
        MediaKind::Audio if to == Format::Mp4 => vec![Convert {
            to: Format::M4a,
            quality,
            codec: None,
            lossless: false,
        }
        .into()],
        MediaKind::Audio if !to.is_audio() && !matches!(to, Format::Webm | Format::Mkv) => {
            return Err(Unplannable::Cannot(format!(
                "{} is audio only, so it cannot become {} ({} has pictures)",
                cur.first().map_or("the file", |f| f.name.as_str()),
                to.kind().word(),
                to.extension()
            )))
        }
        _ => vec![convert],
    })
}

/// A GIF made of `cur`: a picture converted, a clip animated; a GIF said
/// of a GIF with nothing to change is no step ("include GIF metadata to
/// loop").
fn gif(
    fps: Option<u32>,
    width: Option<u32>,
    height: Option<u32>,
    cur: &[FileFacts],
) -> Vec<Operation> {
    let already = cur.iter().all(|f| f.format == Format::Gif);
    match kind_of(cur) {
        MediaKind::Gif if already && fps.is_none() && width.is_none() && height.is_none() => {
            vec![]
        }
        MediaKind::Image => vec![Convert {
            to: Format::Gif,
            quality: None,
            codec: None,
            lossless: false,
        }
        .into()],
        _ => vec![ToGif {
            fps,
            width: width.or_else(|| height.and_then(|h| width_for(h, cur))),
        }
        .into()],
    }
}

/// "audio only (as wav)": an extraction, or a conversion of audio.
fn audio_only(
    to: Option<Format>,
    cur: &[FileFacts],
    first_step: bool,
) -> Result<Vec<Operation>, Unplannable> {
    Ok(match (kind_of(cur), to) {
        (MediaKind::Audio, Some(f)) => vec![Convert {
            to: f,
            quality: None,
            codec: None,
            lossless: false,
        }
        .into()],
        // "remove the video and keep the audio": already done.
        (MediaKind::Audio, None) if !first_step => vec![],
        (MediaKind::Audio, None) => return Err("the file is already audio only".into()),
        _ => vec![ExtractAudio::to(to.unwrap_or(Format::Mp3)).into()],
    })
}

/// A thumbnail; of a video, of its middle frame (the step takes it).
fn thumbnail(max: Option<u32>) -> Vec<Operation> {
    vec![Thumbnail::within(max.unwrap_or(256)).into()]
}

/// Everything but `start` seconds at the start and `end_cut` at the end.
fn cut(
    duration: Option<f64>,
    start: Option<f64>,
    end_cut: f64,
) -> Result<Vec<Operation>, Unplannable> {
    match duration {
        Some(d) if d > start.unwrap_or(0.0) + end_cut => Ok(vec![Trim {
            start,
            end: Some(round3(d - end_cut)),
            duration: None,
            last: None,
        }
        .into()]),
        Some(d) => Err(Unplannable::Cannot(format!(
            "the file is only {d:.1} s long"
        ))),
        None => Err("the length of the file is not known".into()),
    }
}

/// "the first half", "remove the last third": a share of the length, in
/// seconds; a middle share taken away is cut out.
fn portion(
    duration: Option<f64>,
    from: f64,
    to: f64,
    keep: bool,
) -> Result<Vec<Operation>, Unplannable> {
    let Some(d) = duration else {
        return Err("the length of the file is not known".into());
    };
    let (a, b) = (round3(from * d), round3(to * d));
    let at_start = from <= 0.0;
    let at_end = to >= 1.0;
    Ok(vec![match (keep, at_start, at_end) {
        (true, _, _) => Trim {
            start: (!at_start).then_some(a),
            end: (!at_end).then_some(b),
            duration: None,
            last: None,
        }
        .into(),
        (false, true, _) => Trim {
            start: Some(b),
            end: None,
            duration: None,
            last: None,
        }
        .into(),
        (false, _, true) => Trim {
            start: None,
            end: Some(a),
            duration: None,
            last: None,
        }
        .into(),
        (false, false, false) => crate::media::ops::Cut { start: a, end: b }.into(),
    }])
}

/// "join these": clips one after another; pictures make a slideshow.
fn combine(cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    if cur.iter().all(|f| f.kind == MediaKind::Image) && !cur.is_empty() {
        Ok(vec![slideshow(cur, None, None)])
    } else if cur.len() >= 2 && cur.iter().all(|f| f.format == Format::Pdf) {
        // "compile them into a single volume", of PDFs: one PDF.
        Ok(vec![crate::media::ops::MergePdfs {}.into()])
    } else if cur.len() == 2 && cur[0].kind == MediaKind::Video && cur[1].kind == MediaKind::Image {
        // "combine these two", of a video and a logo: the picture laid
        // over the video, as "add the logo" plans it.
        Ok(vec![Watermark {
            text: None,
            position: Corner::BottomRight,
            opacity: 0.7,
        }
        .into()])
    } else if cur.len() < 2 {
        // "merging multiple clips from one video": parts of it, joined;
        // which parts, or which other clips, is not said.
        Err(Unplannable::ask(
            "name all the clips to join in `files`, or say which parts of this one to keep, e.g. \"from 0:05 to 0:20\"",
        ))
    } else {
        Ok(vec![Concat {}.into()])
    }
}

/// A `w` x `h` rectangle at `at`, else centred; or the whole picture
/// cropped to fill `w` x `h` when that is under half its size each way
/// ("crop to 800x800" of a 4032x3024 photo, not a sliver from its middle).
fn crop_rect(
    w: u32,
    h: u32,
    at: Option<(u32, u32)>,
    centred: bool,
    cur: &[FileFacts],
) -> Operation {
    let size = cur.first().and_then(|f| f.width.zip(f.height));
    if let (None, false, Some((fw, fh))) = (at, centred, size) {
        if w.saturating_mul(2) < fw && h.saturating_mul(2) < fh {
            return Scale {
                width: Some(w),
                height: Some(h),
                percent: None,
                resolution: None,
                keep_aspect: true,
                fill: true,
            }
            .into();
        }
    }
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
fn crop_border(n: u32, cur: &[FileFacts]) -> Result<Operation, Unplannable> {
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
        Some((fw, fh)) => Err(Unplannable::Cannot(format!(
            "the picture is only {fw}x{fh}"
        ))),
        None => Err("the size of the picture is not known".into()),
    }
}

/// One side to `n` pixels: the longer one, or the shorter.
fn scale_side(n: u32, longest: bool, cur: &[FileFacts]) -> Operation {
    let portrait = cur
        .first()
        .and_then(|f| f.width.zip(f.height))
        .is_some_and(|(w, h)| h > w);
    // The longer side of a portrait picture is its height.
    let by_height = portrait == longest;
    Scale {
        width: (!by_height).then_some(n),
        height: by_height.then_some(n),
        percent: None,
        resolution: None,
        keep_aspect: true,
        fill: false,
    }
    .into()
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
        fill: false,
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

fn slideshow(cur: &[FileFacts], secs: Option<f64>, fps: Option<u32>) -> Operation {
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
        fps: fps.unwrap_or(25),
        durations: None,
    }
    .into()
}

/// Plays the file over until it lasts `secs`, cut to that length when the
/// last play would run past it.
/// The speed that makes the clip last `secs`.
fn speed_to(secs: f64, cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    let Some(d) = cur
        .first()
        .and_then(|f| f.duration_secs)
        .filter(|d| *d > 0.0 && secs > 0.0)
    else {
        return Err(Unplannable::ask(
            "say how fast, e.g. \"2x\", \"half speed\" or \"0.5x\"",
        ));
    };
    let factor = (d / secs * 1000.0).round() / 1000.0;
    Ok(vec![crate::media::ops::Speed { factor }.into()])
}

fn loop_for(secs: f64, cur: &[FileFacts]) -> Result<Vec<Operation>, Unplannable> {
    let Some(d) = cur
        .first()
        .and_then(|f| f.duration_secs)
        .filter(|d| *d > 0.0)
    else {
        return Err(Unplannable::ask(
            "say how many times it should play, e.g. \"loop it 3 times\"",
        ));
    };
    if secs <= d {
        return Err(Unplannable::new(format!(
            "the file is already {d:.0} s long; looping it makes it longer"
        )));
    }
    let times = (secs / d - 1e-6).ceil().min(1000.0) as u32;
    let mut ops: Vec<Operation> = vec![crate::media::ops::Loop { times }.into()];
    if (f64::from(times) * d - secs).abs() > 0.5 {
        ops.push(
            Trim {
                start: None,
                end: None,
                duration: Some(secs),
                last: None,
            }
            .into(),
        );
    }
    Ok(ops)
}

/// A text or logo watermark: the text said, the file's own name ("add the
/// filename as a watermark", one file), or the logo sent beside the file.
fn watermark(
    text: Option<&str>,
    position: crate::media::ops::Corner,
    opacity: f64,
    cur: &[FileFacts],
) -> Result<Operation, Unplannable> {
    let image = cur.len() == 2 && cur[1].kind == MediaKind::Image;
    let text = match (text, cur) {
        (Some(super::grammar::WATERMARK_FILE_NAME), [one]) => Some(
            std::path::Path::new(&one.name)
                .file_stem()
                .map_or(one.name.clone(), |s| s.to_string_lossy().into_owned()),
        ),
        (Some(super::grammar::WATERMARK_FILE_NAME), _) => {
            return Err(Unplannable::ask("say the watermark text in quotes (add watermark \"© Ann 2025\"): one text is written on every file"));
        }
        (t, _) => t.map(str::to_string),
    };
    if text.is_none() && !image {
        return Err(Unplannable::ask("say the watermark text in quotes (add watermark \"© Ann 2025\"), or send a video or picture and a logo image together"));
    }
    Ok(Watermark {
        text,
        position,
        opacity,
    }
    .into())
}

/// `w` x `h` whole: scaled when the file has that shape (within a pixel),
/// filled (what overflows cropped) when it has another.
pub(super) fn exact_size(w: u32, h: u32, cur: &[FileFacts]) -> Scale {
    let same_shape = cur
        .first()
        .and_then(|f| f.width.zip(f.height))
        .is_none_or(|(fw, fh)| {
            let scaled = f64::from(fh) * f64::from(w) / f64::from(fw.max(1));
            (scaled - f64::from(h)).abs() <= 1.0
        });
    Scale {
        width: Some(w),
        height: Some(h),
        percent: None,
        resolution: None,
        keep_aspect: true,
        fill: !same_shape,
    }
}

/// A border of the pixels said, or of a share of the shorter side of the
/// first picture (20 px when its size is unknown).
fn border(px: Option<u32>, share: f64, color: &str, cur: &[FileFacts]) -> Operation {
    let side = cur
        .first()
        .and_then(|f| f.width.zip(f.height))
        .map(|(w, h)| w.min(h));
    let px =
        px.unwrap_or_else(|| side.map_or(20, |s| ((f64::from(s) * share).round() as u32).max(2)));
    crate::media::ops::Pad {
        aspect: None,
        width: None,
        height: None,
        border: Some(px),
        color: color.to_string(),
    }
    .into()
}

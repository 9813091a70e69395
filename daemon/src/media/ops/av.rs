//! Audio and video operations: an [`AvPlan`] (inputs with their seek
//! options, filter text, encoders, muxer) is derived from an operation and
//! the probed inputs; [`execute`] runs it in-process (demux → decode →
//! libavfilter → encode → mux, packet by packet) and
//! [`super::command::ffmpeg_command`] prints it as an `ffmpeg` command.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use ffmpeg::ffi;
use ffmpeg::format::context::{Input, Output};
use ffmpeg::{codec, encoder, format, frame, ChannelLayout, Dictionary, Packet, Rational, Rescale};
use ffmpeg_next as ffmpeg;

use super::filters::{self, FilterGraph, Pull, SourceParams};
use super::{
    even, fmt_num, invalid, names, Deadline, FileFacts, FlipDirection, Format, FrameFormat,
    MediaKind, OpError, OpLimits, Operation, Quality,
};
use crate::media::probe::{self, ProbeLimits};
use crate::media::{file_url, MediaError};
pub(crate) use exec::execute;

/// Demuxers the operations read: the video containers of [`probe`], plus
/// GIF and audio-only files.
const OPS_FORMATS: &str =
    "mov,matroska,webm,avi,mpegts,mpeg,flv,asf,mxf,gif,mp3,wav,flac,ogg,aac,w64,aiff";
/// Extra video decoders (beyond the renderer's list).
const EXTRA_VIDEO_CODECS: &[codec::Id] = &[codec::Id::GIF];

fn audio_codec_allowed(id: codec::Id) -> bool {
    use codec::Id;
    matches!(
        id,
        Id::AAC
            | Id::MP3
            | Id::MP2
            | Id::OPUS
            | Id::VORBIS
            | Id::FLAC
            | Id::ALAC
            | Id::AC3
            | Id::EAC3
            | Id::PCM_S16LE
            | Id::PCM_S16BE
            | Id::PCM_S24LE
            | Id::PCM_S32LE
            | Id::PCM_F32LE
            | Id::PCM_U8
            | Id::PCM_MULAW
            | Id::PCM_ALAW
    )
}

/// The encoder name that means "copy the packets" (`-c:v copy`).
pub(crate) const COPY: &str = "copy";

/// Packets read per input while looking for the first frame of each stream.
const PRIMER_PACKETS: u32 = 3000;

/// One input of a plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlanInput {
    /// `-ss` (seconds from the start).
    pub start: Option<f64>,
    /// `-t`.
    pub duration: Option<f64>,
    /// `-sseof` (seconds before the end; positive here).
    pub from_end: Option<f64>,
    /// A still picture: `-loop 1 -framerate fps -t secs` when `secs` is set.
    pub still: Option<Still>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Still {
    pub loop_secs: Option<f64>,
    pub fps: u32,
}

impl PlanInput {
    fn plain() -> PlanInput {
        PlanInput {
            start: None,
            duration: None,
            from_end: None,
            still: None,
        }
    }
}

/// Filters: `-vf`/`-af` on input 0, or a `-filter_complex` graph whose
/// inputs are `[N:v]`/`[N:a]` and outputs `[v]`/`[a]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filters {
    Simple {
        vf: Option<String>,
        af: Option<String>,
    },
    Complex(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VideoEnc {
    /// FFmpeg encoder name, e.g. `libx264`.
    pub encoder: &'static str,
    /// `-pix_fmt`.
    pub pix_fmt: &'static str,
    /// Encoder options, `-name value` on the command line (`b` is `-b:v`,
    /// `q` is `-q:v`).
    pub opts: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AudioEnc {
    pub encoder: &'static str,
    /// `-b:a`, in bits per second.
    pub bitrate: Option<u64>,
    /// `-ar`.
    pub sample_rate: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AvPlan {
    pub inputs: Vec<PlanInput>,
    pub filters: Filters,
    pub video: Option<VideoEnc>,
    pub audio: Option<AudioEnc>,
    /// FFmpeg muxer name (the command line lets ffmpeg pick it from the
    /// output name's extension, which always matches).
    pub muxer: &'static str,
    pub muxer_opts: Vec<(&'static str, String)>,
    /// `-frames:v`.
    pub max_frames: Option<u64>,
    /// Whether the output name is a `%03d` pattern (several pictures).
    pub frame_pattern: bool,
    /// The order inputs are fed in (overlay wants its image first).
    pub feed_order: Vec<usize>,
    /// Expected output duration, for progress.
    pub expected_secs: Option<f64>,
    /// Whether the filters hold the whole clip in memory.
    pub buffers_all: bool,
}

/// Maps a probe container name to a [`Format`].
pub(crate) fn container_format(container: &str) -> Format {
    match container {
        "mp4" => Format::Mp4,
        "mov" => Format::Mov,
        "m4a" => Format::M4a,
        "webm" => Format::Webm,
        "matroska" => Format::Mkv,
        "gif" => Format::Gif,
        "mp3" => Format::Mp3,
        "wav" => Format::Wav,
        "flac" => Format::Flac,
        "ogg" => Format::Ogg,
        _ => Format::Other,
    }
}

/// Probes a video, audio-only or GIF file for planning.
pub(crate) fn probe_av(
    path: &Path,
    name: &str,
    limits: &OpLimits,
) -> Result<FileFacts, MediaError> {
    let plimits = limits.probe_limits();
    let input = probe::open_input_with(path, &plimits, OPS_FORMATS)?;
    let container = probe::container_name(&input);
    let video = probe::main_video_stream(&input).map(|s| {
        let (w, h) = probe::declared_size(&s);
        let rotation = probe::display_matrix(&s).map_or(0, |m| probe::rotation_degrees(&m));
        (
            s.index(),
            w,
            h,
            probe::stream_fps(&s),
            rotation,
            s.parameters().id(),
        )
    });
    let audio = probe::main_audio_stream(&input).map(|s| (s.index(), s.parameters().id()));
    if video.is_none() && audio.is_none() {
        return Err(MediaError::NotDecodable("no video or audio stream".into()));
    }
    let duration = match video {
        Some((i, ..)) => probe::container_duration(&input, i),
        None => {
            let d = input.duration();
            (d > 0 && d != ffi::AV_NOPTS_VALUE).then(|| d as f64 / f64::from(ffi::AV_TIME_BASE))
        }
    };
    let duration = duration.ok_or(MediaError::UnknownDuration)?;
    if duration > plimits.max_duration_secs {
        return Err(MediaError::TooLong {
            duration_secs: duration,
            max_secs: plimits.max_duration_secs,
        });
    }
    let mut format = match container.as_str() {
        "mp4" if video.is_none() => Format::M4a,
        c => container_format(c),
    };
    if format == Format::Mkv {
        let webm_video =
            video.is_none_or(|v| matches!(v.5, codec::Id::VP8 | codec::Id::VP9 | codec::Id::AV1));
        let webm_audio = audio.is_none_or(|a| matches!(a.1, codec::Id::OPUS | codec::Id::VORBIS));
        if webm_video && webm_audio && name.to_ascii_lowercase().ends_with(".webm") {
            format = Format::Webm;
        }
    }
    let kind = match (&video, format) {
        (Some(_), Format::Gif) => MediaKind::Gif,
        (Some(_), _) => MediaKind::Video,
        (None, _) => MediaKind::Audio,
    };
    let (width, height, fps) = match video {
        Some((_, w, h, fps, rotation, _)) => {
            plimits.check_size(w, h)?;
            if w == 0 || h == 0 {
                return Err(MediaError::NotDecodable(
                    "the picture size is unknown".into(),
                ));
            }
            // Sizes as displayed: players (and ffmpeg) apply the rotation.
            let (w, h) = if rotation == 90 || rotation == 270 {
                (h, w)
            } else {
                (w, h)
            };
            (Some(w), Some(h), fps)
        }
        None => (None, None, None),
    };
    Ok(FileFacts {
        name: name.to_string(),
        kind,
        format,
        width,
        height,
        duration_secs: Some(duration),
        fps,
        has_audio: audio.is_some(),
    })
}

fn h264(crf: u32) -> VideoEnc {
    VideoEnc {
        encoder: "libx264",
        pix_fmt: "yuv420p",
        opts: vec![("preset", "veryfast".into()), ("crf", crf.to_string())],
    }
}

fn vp9() -> VideoEnc {
    VideoEnc {
        encoder: "libvpx-vp9",
        pix_fmt: "yuv420p",
        opts: vec![
            ("crf", "34".into()),
            ("b", "0".into()),
            ("deadline", "realtime".into()),
            ("cpu-used", "8".into()),
            ("row-mt", "1".into()),
        ],
    }
}

fn gif_enc() -> VideoEnc {
    VideoEnc {
        encoder: "gif",
        pix_fmt: "pal8",
        opts: Vec::new(),
    }
}

fn audio_for(format: Format, quality: Option<Quality>) -> AudioEnc {
    let kbps = |default: u32| Some(u64::from(quality.map_or(default, |q| q.audio_kbps())) * 1000);
    match format {
        Format::Webm | Format::Ogg => AudioEnc {
            encoder: "libopus",
            bitrate: kbps(if format == Format::Ogg { 128 } else { 96 }),
            sample_rate: Some(48_000),
        },
        Format::Mp3 => AudioEnc {
            encoder: "libmp3lame",
            bitrate: kbps(192),
            sample_rate: None,
        },
        Format::Wav => AudioEnc {
            encoder: "pcm_s16le",
            bitrate: None,
            sample_rate: None,
        },
        Format::Flac => AudioEnc {
            encoder: "flac",
            bitrate: None,
            sample_rate: None,
        },
        Format::M4a => AudioEnc {
            encoder: "aac",
            bitrate: kbps(192),
            sample_rate: None,
        },
        _ => AudioEnc {
            encoder: "aac",
            bitrate: kbps(128),
            sample_rate: None,
        },
    }
}

fn muxer_for(format: Format) -> (&'static str, Vec<(&'static str, String)>) {
    match format {
        Format::Mp4 => ("mp4", vec![("movflags", "+faststart".into())]),
        Format::Mov => ("mov", vec![("movflags", "+faststart".into())]),
        Format::Mkv => ("matroska", vec![]),
        Format::Webm => ("webm", vec![]),
        Format::Gif => ("gif", vec![]),
        Format::Mp3 => ("mp3", vec![]),
        Format::M4a => ("ipod", vec![("movflags", "+faststart".into())]),
        Format::Wav => ("wav", vec![]),
        Format::Flac => ("flac", vec![]),
        Format::Ogg => ("ogg", vec![]),
        _ => ("image2", vec![]),
    }
}

/// The palette stage that makes a good GIF out of the chain before it.
fn with_palette(vf: Option<String>, max_colors: Option<u32>) -> String {
    let gen = match max_colors {
        Some(n) => format!("palettegen=max_colors={n}"),
        None => "palettegen".into(),
    };
    let head = vf.map_or(String::new(), |v| format!("{v},"));
    format!("{head}split[s0][s1];[s0]{gen}[p];[s1][p]paletteuse")
}

fn join(parts: Vec<String>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(","))
}

fn dims(f: &FileFacts) -> Result<(u32, u32), OpError> {
    match (f.width, f.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Ok((w, h)),
        _ => Err(OpError::Invalid(format!(
            "the picture size of {} is unknown",
            f.name
        ))),
    }
}

/// Derives the plan of `op` on `inputs` (already checked by `outputs`).
pub(crate) fn plan(op: &Operation, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
    let f = &inputs[0];
    if let Some(gif) = op.as_gif_from_video(f) {
        return plan(&gif, inputs);
    }
    let out_format = op.output_format(f);
    let is_visual_in = matches!(f.kind, MediaKind::Video | MediaKind::Gif);
    let mut video = if out_format.is_video_container() && is_visual_in {
        Some(if out_format == Format::Webm {
            vp9()
        } else {
            h264(23)
        })
    } else if out_format == Format::Gif && is_visual_in {
        Some(gif_enc())
    } else {
        None
    };
    let mut audio = if (out_format.is_video_container() && f.has_audio) || out_format.is_audio() {
        Some(audio_for(out_format, None))
    } else {
        None
    };
    let (muxer, muxer_opts) = muxer_for(out_format);
    let mut input = PlanInput::plain();
    let mut vf: Vec<String> = Vec::new();
    let mut af: Vec<String> = Vec::new();
    let mut max_frames = None;
    let mut frame_pattern = false;
    let mut buffers_all = false;
    let mut size_changed = false;
    let mut gif_colors = None;
    let mut expected = f.duration_secs;

    match op {
        Operation::Convert { .. } => {}
        Operation::Compress {
            quality: q,
            target_mb,
        } => {
            if let Some(q) = q {
                if let Some(v) = video.as_mut() {
                    if v.encoder == "libx264" {
                        *v = h264(q.crf());
                    } else if v.encoder == "libvpx-vp9" {
                        v.opts[0].1 = (q.crf() + 12).to_string();
                    }
                }
                if out_format == Format::Gif {
                    gif_colors = Some(match q {
                        Quality::High => 192,
                        Quality::Medium => 128,
                        Quality::Low => 64,
                        Quality::Smallest => 32,
                    });
                }
                audio = audio.map(|_| audio_for(out_format, Some(*q)));
            }
            if let Some(mb) = target_mb {
                if out_format == Format::Gif {
                    return invalid(
                        "a GIF cannot be compressed to a target size; use a quality level",
                    );
                }
                let secs = f
                    .duration_secs
                    .filter(|d| *d > 0.0)
                    .ok_or_else(|| OpError::Invalid("the duration is unknown".into()))?;
                // 4 % for the container's own bytes.
                let total_bps = mb * 1_000_000.0 * 8.0 * 0.96 / secs;
                match video.as_mut() {
                    Some(v) => {
                        let mut audio_bps = if audio.is_some() { 128_000.0 } else { 0.0 };
                        if audio.is_some() && total_bps - audio_bps < 100_000.0 {
                            audio_bps = 48_000.0;
                        }
                        let video_bps = total_bps - audio_bps;
                        if video_bps < 20_000.0 {
                            return Err(OpError::Invalid(format!(
                                "{mb} MB is too small for {secs:.0} s of video"
                            )));
                        }
                        let vb = (video_bps / 1000.0).floor() as u64;
                        if let Some(a) = audio.as_mut() {
                            a.bitrate = Some(audio_bps as u64);
                        }
                        let enc = if v.encoder == "libvpx-vp9" {
                            "libvpx-vp9"
                        } else {
                            "libx264"
                        };
                        let mut opts = if enc == "libx264" {
                            vec![("preset", "veryfast".to_string())]
                        } else {
                            vec![("deadline", "realtime".into()), ("cpu-used", "8".into())]
                        };
                        opts.push(("b", format!("{vb}k")));
                        opts.push(("maxrate", format!("{vb}k")));
                        opts.push(("bufsize", format!("{}k", vb)));
                        v.opts = opts;
                    }
                    None => {
                        let a = audio
                            .as_mut()
                            .ok_or_else(|| OpError::Invalid("nothing to compress".into()))?;
                        if matches!(a.encoder, "pcm_s16le" | "flac") {
                            return invalid("lossless audio cannot be compressed to a size; convert to mp3 or m4a first");
                        }
                        let kbps = (total_bps / 1000.0).floor() as u64;
                        if kbps < 24 {
                            return Err(OpError::Invalid(format!(
                                "{mb} MB is too small for {secs:.0} s of audio"
                            )));
                        }
                        a.bitrate = Some(kbps.min(320) * 1000);
                    }
                }
            }
        }
        Operation::Scale { .. } => {
            let (w, h) = dims(f)?;
            vf.push(filters::scale_filter(op, w, h)?);
            size_changed = true;
        }
        Operation::Crop { .. } => {
            let (w, h) = dims(f)?;
            let r = filters::crop_rect(op, w, h, true)?;
            vf.push(format!("crop={}:{}:{}:{}", r.width, r.height, r.x, r.y));
            size_changed = true;
        }
        Operation::Rotate { degrees } => vf.push(
            match degrees {
                90 => "transpose=clock",
                270 => "transpose=cclock",
                _ => "hflip,vflip",
            }
            .into(),
        ),
        Operation::Flip { direction } => vf.push(
            match direction {
                FlipDirection::Horizontal => "hflip",
                FlipDirection::Vertical => "vflip",
            }
            .into(),
        ),
        Operation::Trim {
            start,
            end,
            duration,
            last,
        } => {
            if let Some(l) = last {
                input.from_end = Some(*l);
                expected = f.duration_secs.map(|d| d.min(*l));
            } else {
                input.start = start.filter(|s| *s > 0.0);
                let s = start.unwrap_or(0.0);
                input.duration = match (end, duration) {
                    (Some(e), _) => Some(e - s),
                    (_, Some(d)) => Some(*d),
                    _ => None,
                };
                expected = f
                    .duration_secs
                    .map(|d| input.duration.map_or(d - s, |t| t.min(d - s)));
            }
        }
        Operation::Speed { factor } => {
            if is_visual_in {
                let fps = f.fps.unwrap_or(30.0);
                vf.push(format!(
                    "setpts=PTS/{},fps={}",
                    fmt_num(*factor),
                    fmt_num(fps)
                ));
            }
            if audio.is_some() {
                af.push(filters::atempo_chain(*factor));
            }
            expected = f.duration_secs.map(|d| d / factor);
        }
        Operation::Reverse => {
            buffers_all = true;
            if is_visual_in {
                vf.push("reverse".into());
            }
            if audio.is_some() {
                af.push("areverse".into());
            }
        }
        Operation::ChangeFps { fps } => vf.push(format!("fps={}", fmt_num(*fps))),
        Operation::ExtractAudio { .. } => video = None,
        Operation::RemoveAudio => {
            audio = None;
            // The video is copied as it is (no quality lost) where the
            // container stays the same.
            if f.kind == MediaKind::Video
                && out_format.is_video_container()
                && f.format == out_format
            {
                video = Some(VideoEnc {
                    encoder: COPY,
                    pix_fmt: "",
                    opts: Vec::new(),
                });
            }
        }
        Operation::Volume { factor, db } => af.push(match (factor, db) {
            (Some(x), _) => format!("volume={}", fmt_num(*x)),
            (_, Some(d)) => format!("volume={}dB", fmt_num(*d)),
            _ => "volume=1".into(),
        }),
        Operation::Normalize => af.push("loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000".into()),
        Operation::Grayscale => vf.push("hue=s=0".into()),
        Operation::Adjust {
            brightness,
            contrast,
            saturation,
        } => vf.push(format!(
            "eq=brightness={}:contrast={}:saturation={}",
            fmt_num(*brightness),
            fmt_num(*contrast),
            fmt_num(*saturation)
        )),
        Operation::ToGif { fps, width } => {
            let (w, h) = dims(f)?;
            let tw = width.unwrap_or(w.min(480));
            let th = even(((f64::from(h) * f64::from(tw) / f64::from(w)).round() as u32).max(2));
            vf.push(format!(
                "fps={},scale={}:{}:flags=lanczos",
                fps.unwrap_or(10),
                even(tw),
                th
            ));
            size_changed = true;
            buffers_all = true;
        }
        Operation::Frames {
            at,
            every,
            count,
            format: ff,
        } => {
            audio = None;
            video = Some(match ff {
                FrameFormat::Png => VideoEnc {
                    encoder: "png",
                    pix_fmt: "rgb24",
                    opts: vec![],
                },
                FrameFormat::Jpeg => VideoEnc {
                    encoder: "mjpeg",
                    pix_fmt: "yuvj420p",
                    opts: vec![("q", "2".into())],
                },
            });
            match (at, every, count) {
                (Some(t), _, _) => {
                    input.start = Some(*t).filter(|t| *t > 0.0);
                    max_frames = Some(1);
                    expected = Some(0.04);
                }
                (_, Some(e), _) => {
                    vf.push(format!("fps=1/{}", fmt_num(*e)));
                    frame_pattern = true;
                }
                (_, _, Some(c)) => {
                    let d = f
                        .duration_secs
                        .filter(|d| *d > 0.0)
                        .ok_or_else(|| OpError::Invalid("the duration is unknown".into()))?;
                    vf.push(format!(
                        "fps={}/{}",
                        c,
                        fmt_num((d * 1000.0).round() / 1000.0)
                    ));
                    max_frames = Some(u64::from(*c));
                    frame_pattern = true;
                }
                _ => {}
            }
        }
        Operation::Concat => return plan_concat(inputs, out_format),
        Operation::Watermark { .. } => return plan_watermark(op, inputs, out_format),
        Operation::Slideshow { .. } => return plan_slideshow(op, inputs),
        Operation::Thumbnail { .. }
        | Operation::AutoOrient
        | Operation::Blur { .. }
        | Operation::Sharpen { .. }
        | Operation::OptimizePng
        | Operation::StripMetadata => {
            return invalid(format!("{} works on still images only", op.describe()))
        }
    }
    // Video input of odd size: H.264 and VP9 in yuv420p need even sizes.
    if let (Some(v), Some(w), Some(h)) = (&video, f.width, f.height) {
        if v.pix_fmt == "yuv420p" && !size_changed && (w % 2 == 1 || h % 2 == 1) {
            vf.push("scale=trunc(iw/2)*2:trunc(ih/2)*2".into());
        }
    }
    let mut vf = join(vf);
    if out_format == Format::Gif && video.is_some() {
        vf = Some(with_palette(vf, gif_colors));
        // paletteuse waits for the palette of the whole clip.
        buffers_all = true;
    }
    if f.kind == MediaKind::Audio {
        video = None;
    }
    if video.is_none() {
        vf = None;
    }
    let af = if audio.is_some() { join(af) } else { None };
    if video.is_none() && audio.is_none() {
        return invalid("the step leaves nothing to write");
    }
    Ok(AvPlan {
        inputs: vec![input],
        filters: Filters::Simple { vf, af },
        video,
        audio,
        muxer,
        muxer_opts,
        max_frames,
        frame_pattern,
        feed_order: vec![0],
        expected_secs: expected,
        buffers_all,
    })
}

fn plan_concat(inputs: &[FileFacts], out_format: Format) -> Result<AvPlan, OpError> {
    let first = &inputs[0];
    let audio_only = first.kind == MediaKind::Audio;
    let with_audio = audio_only || inputs.iter().all(|i| i.has_audio);
    let n = inputs.len();
    let mut parts = Vec::new();
    let mut pads = String::new();
    let (w, h, fps) = if audio_only {
        (0, 0, 0.0)
    } else {
        let (w, h) = dims(first)?;
        (even(w), even(h), first.fps.unwrap_or(30.0))
    };
    for i in 0..n {
        if !audio_only {
            parts.push(format!(
                "[{i}:v]scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={},format=yuv420p[v{i}]",
                fmt_num(fps)
            ));
            pads.push_str(&format!("[v{i}]"));
        }
        if with_audio {
            parts.push(format!(
                "[{i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a{i}]"
            ));
            pads.push_str(&format!("[a{i}]"));
        }
    }
    let outs = match (audio_only, with_audio) {
        (true, _) => "[a]",
        (false, true) => "[v][a]",
        (false, false) => "[v]",
    };
    parts.push(format!(
        "{pads}concat=n={n}:v={}:a={}{outs}",
        u8::from(!audio_only),
        u8::from(with_audio)
    ));
    let (muxer, muxer_opts) = muxer_for(out_format);
    Ok(AvPlan {
        inputs: vec![PlanInput::plain(); n],
        filters: Filters::Complex(parts.join(";")),
        video: (!audio_only).then(|| {
            if out_format == Format::Webm {
                vp9()
            } else {
                h264(23)
            }
        }),
        audio: with_audio.then(|| audio_for(out_format, None)),
        muxer,
        muxer_opts,
        max_frames: None,
        frame_pattern: false,
        feed_order: (0..n).collect(),
        expected_secs: inputs.iter().map(|i| i.duration_secs).sum(),
        buffers_all: false,
    })
}

fn plan_watermark(
    op: &Operation,
    inputs: &[FileFacts],
    out_format: Format,
) -> Result<AvPlan, OpError> {
    let Operation::Watermark {
        text,
        position,
        opacity,
    } = op
    else {
        return invalid("not a watermark");
    };
    let f = &inputs[0];
    let (w, h) = dims(f)?;
    let margin = (w.min(h) / 30).max(4);
    let fix = if w % 2 == 1 || h % 2 == 1 {
        ",scale=trunc(iw/2)*2:trunc(ih/2)*2"
    } else {
        ""
    };
    let (graph, mut plan_inputs, feed_order) = match text {
        Some(t) => {
            let size = (h / 12).max(10);
            let (x, y) = filters::corner_xy(*position, ("w", "h"), ("tw", "th"), margin);
            let vf = format!(
                "drawtext=text={t}:fontcolor=white@{}:fontsize={size}:borderw={}:bordercolor=black@{}:x={x}:y={y}{fix}",
                fmt_num(*opacity),
                (size / 16).max(1),
                fmt_num(opacity * 0.6)
            );
            (
                Filters::Simple {
                    vf: Some(vf),
                    af: None,
                },
                vec![PlanInput::plain()],
                vec![0],
            )
        }
        None => {
            let img = &inputs[1];
            let (iw, ih) = dims(img)?;
            // The mark is a fifth of the video's width, never enlarged.
            let tw = (w / 5).max(8).min(iw);
            let th = ((u64::from(ih) * u64::from(tw) / u64::from(iw)) as u32).max(1);
            let (x, y) = filters::corner_xy(
                *position,
                ("main_w", "main_h"),
                ("overlay_w", "overlay_h"),
                margin,
            );
            let mut g = format!(
                "[1:v]scale={tw}:{th},format=rgba,colorchannelmixer=aa={}[wm];[0:v][wm]overlay=x={x}:y={y}{fix}[v]",
                fmt_num(*opacity)
            );
            if f.has_audio {
                g.push_str(";[0:a]anull[a]");
            }
            (
                Filters::Complex(g),
                vec![
                    PlanInput::plain(),
                    PlanInput {
                        still: Some(Still {
                            loop_secs: None,
                            fps: 25,
                        }),
                        ..PlanInput::plain()
                    },
                ],
                vec![1, 0],
            )
        }
    };
    if text.is_some() {
        plan_inputs.truncate(1);
    }
    let (muxer, muxer_opts) = muxer_for(out_format);
    let mut filters = graph;
    if let Filters::Simple { af, .. } = &mut filters {
        *af = None;
    }
    Ok(AvPlan {
        inputs: plan_inputs,
        filters,
        video: Some(if out_format == Format::Webm {
            vp9()
        } else {
            h264(23)
        }),
        audio: f.has_audio.then(|| audio_for(out_format, None)),
        muxer,
        muxer_opts,
        max_frames: None,
        frame_pattern: false,
        feed_order,
        expected_secs: f.duration_secs,
        buffers_all: false,
    })
}

fn plan_slideshow(op: &Operation, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
    let Operation::Slideshow {
        seconds_per_image,
        width: w,
        height: h,
        fps,
    } = op
    else {
        return invalid("not a slideshow");
    };
    let n = inputs.len();
    let mut parts = Vec::new();
    let mut pads = String::new();
    for i in 0..n {
        parts.push(format!(
            "[{i}:v]scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v{i}]"
        ));
        pads.push_str(&format!("[v{i}]"));
    }
    parts.push(format!("{pads}concat=n={n}:v=1:a=0[v]"));
    let (muxer, muxer_opts) = muxer_for(Format::Mp4);
    Ok(AvPlan {
        inputs: vec![
            PlanInput {
                still: Some(Still {
                    loop_secs: Some(*seconds_per_image),
                    fps: *fps,
                }),
                ..PlanInput::plain()
            };
            n
        ],
        filters: Filters::Complex(parts.join(";")),
        video: Some(h264(23)),
        audio: None,
        muxer,
        muxer_opts,
        max_frames: None,
        frame_pattern: false,
        feed_order: (0..n).collect(),
        expected_secs: Some(seconds_per_image * n as f64),
        buffers_all: false,
    })
}

// ---------------------------------------------------------------------------
// Execution

mod exec;

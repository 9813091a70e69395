//! Audio and video operations: an [`AvPlan`] (inputs with their seek
//! options, filter text, encoders, muxer) is derived from an operation and
//! the probed inputs; [`execute`] runs it in-process (demux → decode →
//! libavfilter → encode → mux, packet by packet) and
//! [`super::command::ffmpeg_command`] prints it as an `ffmpeg` command.

use std::path::Path;

use ffmpeg::codec;
use ffmpeg::ffi;
use ffmpeg_next as ffmpeg;

use super::{FileFacts, Format, MediaKind, OpLimits};
use crate::media::probe;
use crate::media::MediaError;
pub(crate) use exec::execute;

/// Demuxers the operations read: the video containers of [`probe`], plus
/// GIF and audio-only files.
pub(super) const OPS_FORMATS: &str =
    "mov,matroska,webm,avi,mpegts,mpeg,flv,asf,mxf,gif,mp3,wav,flac,ogg,aac,w64,aiff,amr";
/// Extra video decoders (beyond the renderer's list).
const EXTRA_VIDEO_CODECS: &[codec::Id] = &[codec::Id::GIF];

/// Opens the decoder of an input's audio `stream`, refusing codecs outside
/// the allowed list.
pub(super) fn open_audio_decoder(
    stream: &ffmpeg::Stream,
) -> Result<codec::decoder::Audio, MediaError> {
    let id = stream.parameters().id();
    if !audio_codec_allowed(id) {
        return Err(MediaError::NotDecodable(format!(
            "the {} audio codec is not supported",
            id.name()
        )));
    }
    let ctx = codec::context::Context::from_parameters(stream.parameters())
        .map_err(|e| MediaError::NotDecodable(format!("bad audio parameters ({e})")))?;
    let mut dec = ctx.decoder();
    dec.set_packet_time_base(stream.time_base());
    dec.audio().map_err(|e| {
        MediaError::NotDecodable(format!("the {} decoder cannot be opened ({e})", id.name()))
    })
}

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
            | Id::WMAV1
            | Id::WMAV2
            | Id::PCM_S16LE
            | Id::PCM_S16BE
            | Id::PCM_S24LE
            | Id::PCM_S32LE
            | Id::PCM_F32LE
            | Id::PCM_U8
            | Id::PCM_MULAW
            | Id::PCM_ALAW
            // Phones' voice recordings and voicemails (read, never written).
            | Id::AMR_NB
            | Id::AMR_WB
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
    pub(crate) fn plain() -> PlanInput {
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
    /// `-ac` (else the input's layout).
    pub channels: Option<u32>,
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
    /// Output times (s) where a picture must begin a key frame (where a
    /// split starts a new file).
    pub keyframes_at: Vec<f64>,
}

/// Maps a probe container name to a [`Format`].
pub(crate) fn container_format(container: &str) -> Format {
    match container {
        "mp4" => Format::Mp4,
        "mov" => Format::Mov,
        "m4a" => Format::M4a,
        "webm" => Format::Webm,
        "matroska" => Format::Mkv,
        "avi" => Format::Avi,
        "mpeg" => Format::Mpeg,
        "asf" => Format::Wmv,
        "3gp" => Format::ThreeGp,
        "flv" => Format::Flv,
        "aiff" => Format::Aiff,
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
    let (audio_rate, audio_channels) = probe::main_audio_stream(&input)
        .map(|s| audio_shape(&s))
        .unwrap_or((None, None));
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
        c => match container_format(c) {
            // (A .wma or an .mp2 is sound alone.)
            f if f.is_legacy_video() && video.is_none() => Format::Other,
            f => f,
        },
    };
    if format == Format::Mkv {
        let webm_video =
            video.is_none_or(|v| matches!(v.5, codec::Id::VP8 | codec::Id::VP9 | codec::Id::AV1));
        let webm_audio = audio.is_none_or(|a| matches!(a.1, codec::Id::OPUS | codec::Id::VORBIS));
        if webm_video && webm_audio && name.to_ascii_lowercase().ends_with(".webm") {
            format = Format::Webm;
        }
    }
    // Sound alone, named as audiobooks and Opus files are.
    let lower = name.to_ascii_lowercase();
    if video.is_none() {
        if format == Format::M4a && lower.ends_with(".m4b") {
            format = Format::M4b;
        }
        if format == Format::Ogg
            && audio.is_some_and(|a| a.1 == codec::Id::OPUS)
            && lower.ends_with(".opus")
        {
            format = Format::Opus;
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
        bytes: std::fs::metadata(path).ok().map(|m| m.len()),
        video_codec: video.map(|v| v.5.name().to_string()),
        audio_codec: audio.map(|a| a.1.name().to_string()),
        sample_rate: audio_rate,
        channels: audio_channels,
        document: None,
    })
}

/// The sample rate and channel count an audio stream declares.
fn audio_shape(s: &ffmpeg::format::stream::Stream) -> (Option<u32>, Option<u32>) {
    // SAFETY: the parameters belong to a stream of the open input `s`
    // borrows; they are only read.
    let (rate, channels) = unsafe {
        let p = s.parameters().as_ptr();
        ((*p).sample_rate, (*p).ch_layout.nb_channels)
    };
    (
        u32::try_from(rate).ok().filter(|r| *r > 0),
        u32::try_from(channels).ok().filter(|c| *c > 0),
    )
}

// ---------------------------------------------------------------------------
// Execution

mod exec;

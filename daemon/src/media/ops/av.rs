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

use super::filters::{FilterGraph, Pull, SourceParams};
use super::{names, Deadline, FileFacts, Format, MediaKind, OpLimits};
use crate::media::probe::{self, ProbeLimits};
use crate::media::{file_url, MediaError};

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

// ---------------------------------------------------------------------------
// Execution

/// A decoded frame waiting to enter the graph.
enum Pending {
    Video(frame::Video),
    Audio(frame::Audio),
}

struct AvSource {
    input: Input,
    /// (stream index, decoder, source name, start offset in stream ticks)
    video: Option<(usize, ffmpeg::decoder::Video, String, i64, f64)>,
    audio: Option<(usize, ffmpeg::decoder::Audio, String, i64, f64)>,
    /// Window kept, seconds relative to the (seeked) start.
    window_end: Option<f64>,
    pending: VecDeque<Pending>,
    eof: bool,
    corrupt: u32,
    video_params: Option<SourceParams>,
    audio_params: Option<SourceParams>,
    rotation: i32,
    /// The video stream's frame rate, handed to the filters (as ffmpeg does).
    frame_rate: Option<Rational>,
}

struct StillSource {
    path: PathBuf,
    name: String,
    width: u32,
    height: u32,
    frames: u64,
    fps: u32,
}

enum Src {
    Av(Box<AvSource>),
    Still(StillSource),
}

fn frame_secs(ts: i64, offset: i64, tb: f64) -> f64 {
    (ts - offset) as f64 * tb
}

impl AvSource {
    fn open(
        path: &Path,
        index: usize,
        pin: &PlanInput,
        facts: &FileFacts,
        need_video: bool,
        need_audio: bool,
        limits: &ProbeLimits,
    ) -> Result<AvSource, MediaError> {
        let mut input = probe::open_input_with(path, limits, OPS_FORMATS)?;
        // SAFETY: reading a field of the open format context.
        let start_time = unsafe { (*input.as_ptr()).start_time };
        let start_time = if start_time == ffi::AV_NOPTS_VALUE {
            0
        } else {
            start_time
        };
        let seek = match (pin.start, pin.from_end, facts.duration_secs) {
            (_, Some(n), Some(d)) => (d - n).max(0.0),
            (Some(s), _, _) => s,
            _ => 0.0,
        };
        let mut rotation = 0;
        let mut frame_rate = None;
        let video = if need_video {
            let stream = probe::main_video_stream(&input).ok_or(MediaError::NoVideoStream)?;
            rotation = probe::display_matrix(&stream).map_or(0, |m| probe::rotation_degrees(&m));
            frame_rate = [stream.avg_frame_rate(), stream.rate()]
                .into_iter()
                .find(|r| r.numerator() > 0 && r.denominator() > 0);
            let dec =
                probe::open_video_decoder_allowing(&stream, limits, true, EXTRA_VIDEO_CODECS)?;
            let tb = stream.time_base();
            if tb.numerator() <= 0 || tb.denominator() <= 0 {
                return Err(MediaError::NotDecodable("invalid time base".into()));
            }
            let offset = start_time.rescale(ffmpeg::rescale::TIME_BASE, tb);
            Some((
                stream.index(),
                dec,
                format!("in{index}v"),
                offset,
                f64::from(tb),
            ))
        } else {
            None
        };
        let audio = if need_audio {
            let stream = probe::main_audio_stream(&input)
                .ok_or_else(|| MediaError::NotDecodable("no audio stream".into()))?;
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
            let dec = dec.audio().map_err(|e| {
                MediaError::NotDecodable(format!(
                    "the {} decoder cannot be opened ({e})",
                    id.name()
                ))
            })?;
            let tb = stream.time_base();
            if tb.numerator() <= 0 || tb.denominator() <= 0 {
                return Err(MediaError::NotDecodable("invalid time base".into()));
            }
            let offset = start_time.rescale(ffmpeg::rescale::TIME_BASE, tb);
            Some((
                stream.index(),
                dec,
                format!("in{index}a"),
                offset,
                f64::from(tb),
            ))
        } else {
            None
        };
        if seek > 0.0 {
            let ts = start_time + (seek * f64::from(ffi::AV_TIME_BASE)) as i64;
            // Lands on the key frame at or before `ts`; frames before it are
            // dropped after decoding.
            input
                .seek(ts, ..ts)
                .map_err(|e| MediaError::NotDecodable(format!("cannot seek ({e})")))?;
        }
        let mut src = AvSource {
            input,
            video,
            audio,
            window_end: pin.duration,
            pending: VecDeque::new(),
            eof: false,
            corrupt: 0,
            video_params: None,
            audio_params: None,
            rotation,
            frame_rate,
        };
        // Frame times are made relative to the seek point.
        if let Some(v) = src.video.as_mut() {
            v.3 += (seek / v.4).round() as i64;
        }
        if let Some(a) = src.audio.as_mut() {
            a.3 += (seek / a.4).round() as i64;
        }
        Ok(src)
    }

    fn damaged(&mut self) -> Result<(), MediaError> {
        self.corrupt += 1;
        if self.corrupt > probe::MAX_CORRUPT_PACKETS {
            return Err(MediaError::NotDecodable(
                "too much of the file is damaged".into(),
            ));
        }
        Ok(())
    }

    /// Decodes until at least one frame is pending or the input ends.
    /// Answers false at the end.
    fn fill(&mut self) -> Result<bool, MediaError> {
        loop {
            self.receive_all()?;
            if !self.pending.is_empty() {
                return Ok(true);
            }
            if self.eof {
                return Ok(false);
            }
            let mut packet = Packet::empty();
            match packet.read(&mut self.input) {
                Ok(()) => {
                    let i = packet.stream();
                    if let Some(v) = self.video.as_mut().filter(|v| v.0 == i) {
                        if v.1.send_packet(&packet).is_err() {
                            self.damaged()?;
                        }
                    } else if let Some(a) = self.audio.as_mut().filter(|a| a.0 == i) {
                        if a.1.send_packet(&packet).is_err() {
                            self.damaged()?;
                        }
                    }
                }
                Err(ffmpeg::Error::Eof) => {
                    self.eof = true;
                    if let Some(v) = self.video.as_mut() {
                        let _ = v.1.send_eof();
                    }
                    if let Some(a) = self.audio.as_mut() {
                        let _ = a.1.send_eof();
                    }
                }
                Err(ffmpeg::Error::InvalidData) => self.damaged()?,
                Err(e) => {
                    return Err(MediaError::NotDecodable(format!(
                        "the file cannot be read ({e})"
                    )))
                }
            }
        }
    }

    fn receive_all(&mut self) -> Result<(), MediaError> {
        let end = self.window_end;
        let frame_rate = self.frame_rate;
        if let Some((_, dec, _, offset, tb)) = self.video.as_mut() {
            loop {
                let mut f = frame::Video::empty();
                match dec.receive_frame(&mut f) {
                    Ok(()) => {
                        let Some(ts) = f.timestamp().or(f.pts()) else {
                            continue;
                        };
                        let t = frame_secs(ts, *offset, *tb);
                        // Half a tick of slack for rounding.
                        if t < -0.5 * *tb - 1e-9 || end.is_some_and(|e| t >= e - 1e-6) {
                            continue;
                        }
                        f.set_pts(Some(ts - *offset));
                        if self.video_params.is_none() {
                            self.video_params = Some(SourceParams::Video {
                                width: f.width(),
                                height: f.height(),
                                format: f.format(),
                                time_base: Rational::from(*tb),
                                sample_aspect: f.aspect_ratio(),
                                frame_rate,
                            });
                        }
                        self.pending.push_back(Pending::Video(f));
                    }
                    Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => break,
                    Err(ffmpeg::Error::Eof) => break,
                    Err(_) => {
                        self.corrupt += 1;
                        if self.corrupt > probe::MAX_CORRUPT_PACKETS {
                            return Err(MediaError::NotDecodable(
                                "too much of the video is damaged".into(),
                            ));
                        }
                        if self.eof {
                            break;
                        }
                    }
                }
            }
        }
        if let Some((_, dec, _, offset, tb)) = self.audio.as_mut() {
            loop {
                let mut f = frame::Audio::empty();
                match dec.receive_frame(&mut f) {
                    Ok(()) => {
                        let Some(ts) = f.timestamp().or(f.pts()) else {
                            continue;
                        };
                        let t = frame_secs(ts, *offset, *tb);
                        let len = f.samples() as f64 / f64::from(f.rate().max(1));
                        if t + len <= 1e-6 || end.is_some_and(|e| t >= e - 1e-6) {
                            continue;
                        }
                        f.set_pts(Some(ts - *offset));
                        if self.audio_params.is_none() {
                            self.audio_params = Some(SourceParams::Audio {
                                rate: f.rate(),
                                format: f.format(),
                                layout: layout_string(&f),
                                time_base: Rational::from(*tb),
                            });
                        }
                        self.pending.push_back(Pending::Audio(f));
                    }
                    Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => break,
                    Err(ffmpeg::Error::Eof) => break,
                    Err(_) => {
                        self.corrupt += 1;
                        if self.corrupt > probe::MAX_CORRUPT_PACKETS {
                            return Err(MediaError::NotDecodable(
                                "too much of the audio is damaged".into(),
                            ));
                        }
                        if self.eof {
                            break;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Decodes until every needed stream has shown its first frame, so the
    /// filter inputs can be described.
    fn prime(&mut self) -> Result<(), MediaError> {
        let mut rounds = 0u32;
        while (self.video.is_some() && self.video_params.is_none())
            || (self.audio.is_some() && self.audio_params.is_none())
        {
            let before = self.pending.len();
            let more = {
                // Read one more packet's worth.
                let had = self.pending.len();
                let r = self.fill_one()?;
                r || self.pending.len() > had
            };
            rounds += 1;
            if !more && self.eof && self.pending.len() == before {
                break;
            }
            if rounds > PRIMER_PACKETS {
                break;
            }
        }
        if self.video.is_some() && self.video_params.is_none() {
            return Err(MediaError::NotDecodable(
                "no picture could be decoded".into(),
            ));
        }
        if self.audio.is_some() && self.audio_params.is_none() {
            return Err(MediaError::NotDecodable("no audio could be decoded".into()));
        }
        Ok(())
    }

    /// Reads and decodes one packet; false at the end of the file.
    fn fill_one(&mut self) -> Result<bool, MediaError> {
        if self.eof {
            self.receive_all()?;
            return Ok(false);
        }
        let mut packet = Packet::empty();
        match packet.read(&mut self.input) {
            Ok(()) => {
                let i = packet.stream();
                if let Some(v) = self.video.as_mut().filter(|v| v.0 == i) {
                    if v.1.send_packet(&packet).is_err() {
                        self.damaged()?;
                    }
                } else if let Some(a) = self.audio.as_mut().filter(|a| a.0 == i) {
                    if a.1.send_packet(&packet).is_err() {
                        self.damaged()?;
                    }
                }
            }
            Err(ffmpeg::Error::Eof) => {
                self.eof = true;
                if let Some(v) = self.video.as_mut() {
                    let _ = v.1.send_eof();
                }
                if let Some(a) = self.audio.as_mut() {
                    let _ = a.1.send_eof();
                }
            }
            Err(ffmpeg::Error::InvalidData) => self.damaged()?,
            Err(e) => {
                return Err(MediaError::NotDecodable(format!(
                    "the file cannot be read ({e})"
                )))
            }
        }
        self.receive_all()?;
        Ok(!self.eof)
    }
}

/// The channel layout of a decoded audio frame, as abuffer reads it.
fn layout_string(f: &frame::Audio) -> String {
    // SAFETY: `ch_layout` of a decoded frame is initialised; the buffer is
    // large enough and NUL-terminated by av_channel_layout_describe.
    unsafe {
        let p = f.as_ptr();
        let mut layout = (*p).ch_layout;
        let mut tmp: ffi::AVChannelLayout = std::mem::zeroed();
        if layout.order == ffi::AVChannelOrder::AV_CHANNEL_ORDER_UNSPEC || layout.nb_channels <= 0 {
            let n = layout.nb_channels.max(1);
            ffi::av_channel_layout_default(&mut tmp, n);
            layout = tmp;
        }
        let mut buf = [0 as libc::c_char; 128];
        let r = ffi::av_channel_layout_describe(&layout, buf.as_mut_ptr(), buf.len());
        if r < 0 {
            return "stereo".into();
        }
        std::ffi::CStr::from_ptr(buf.as_ptr())
            .to_string_lossy()
            .into_owned()
    }
}

/// Encoders and the muxer of a running plan.
struct Out {
    octx: Output,
    video: Option<VOut>,
    audio: Option<AOut>,
    frames: u64,
    audio_ms: u64,
}

struct VOut {
    enc: encoder::Video,
    index: usize,
    /// Time base of frames coming out of the graph.
    src_tb: Rational,
    tb: Rational,
    last_pts: Option<i64>,
    qscale: Option<i32>,
}

struct AOut {
    enc: encoder::Audio,
    index: usize,
    src_tb: Rational,
    tb: Rational,
}

fn stream_missing(what: &'static str) -> MediaError {
    MediaError::Ffmpeg {
        context: what,
        source: ffmpeg::Error::StreamNotFound,
    }
}

impl Out {
    fn write_packets_v(&mut self) -> Result<(), MediaError> {
        let Some(v) = self.video.as_mut() else {
            return Ok(());
        };
        let ost_tb = self
            .octx
            .stream(v.index)
            .map(|s| s.time_base())
            .ok_or_else(|| stream_missing("writing video"))?;
        let mut packet = Packet::empty();
        loop {
            match v.enc.receive_packet(&mut packet) {
                Ok(()) => {
                    packet.set_stream(v.index);
                    if packet.duration() <= 0 {
                        packet.set_duration(1);
                    }
                    packet.rescale_ts(v.tb, ost_tb);
                    packet
                        .write_interleaved(&mut self.octx)
                        .map_err(MediaError::ffmpeg("writing video"))?;
                }
                Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => return Ok(()),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(e) => {
                    return Err(MediaError::Ffmpeg {
                        context: "encoding video",
                        source: e,
                    })
                }
            }
        }
    }

    fn write_packets_a(&mut self) -> Result<(), MediaError> {
        let Some(a) = self.audio.as_mut() else {
            return Ok(());
        };
        let ost_tb = self
            .octx
            .stream(a.index)
            .map(|s| s.time_base())
            .ok_or_else(|| stream_missing("writing audio"))?;
        let mut packet = Packet::empty();
        loop {
            match a.enc.receive_packet(&mut packet) {
                Ok(()) => {
                    packet.set_stream(a.index);
                    packet.rescale_ts(a.tb, ost_tb);
                    packet
                        .write_interleaved(&mut self.octx)
                        .map_err(MediaError::ffmpeg("writing audio"))?;
                }
                Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => return Ok(()),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(e) => {
                    return Err(MediaError::Ffmpeg {
                        context: "encoding audio",
                        source: e,
                    })
                }
            }
        }
    }

    /// Encodes a filtered picture; false if it was dropped (same tick).
    fn video_frame(&mut self, f: &mut frame::Video) -> Result<bool, MediaError> {
        let Some(v) = self.video.as_mut() else {
            return Ok(false);
        };
        let Some(pts) = f.pts() else {
            return Ok(false);
        };
        let pts = pts.rescale_with(v.src_tb, v.tb, ffmpeg::Rounding::NearInfinity);
        if v.last_pts.is_some_and(|l| pts <= l) {
            return Ok(false);
        }
        v.last_pts = Some(pts);
        f.set_pts(Some(pts));
        f.set_kind(ffmpeg::picture::Type::None);
        if let Some(q) = v.qscale {
            // SAFETY: a valid frame; mjpeg reads the quality of each frame.
            unsafe { (*f.as_mut_ptr()).quality = q };
        }
        v.enc
            .send_frame(f)
            .map_err(MediaError::ffmpeg("encoding video"))?;
        self.frames += 1;
        self.write_packets_v()?;
        Ok(true)
    }

    fn audio_frame(&mut self, f: &mut frame::Audio) -> Result<(), MediaError> {
        let Some(a) = self.audio.as_mut() else {
            return Ok(());
        };
        if let Some(pts) = f.pts() {
            let pts = pts.rescale_with(a.src_tb, a.tb, ffmpeg::Rounding::NearInfinity);
            f.set_pts(Some(pts));
            let end = pts + f.samples() as i64;
            self.audio_ms = (end as f64 * f64::from(a.tb) * 1000.0).max(0.0) as u64;
        }
        a.enc
            .send_frame(f)
            .map_err(MediaError::ffmpeg("encoding audio"))?;
        self.write_packets_a()
    }

    fn finish(&mut self) -> Result<(), MediaError> {
        if let Some(v) = self.video.as_mut() {
            v.enc
                .send_eof()
                .map_err(MediaError::ffmpeg("flushing the video encoder"))?;
        }
        self.write_packets_v()?;
        if let Some(a) = self.audio.as_mut() {
            a.enc
                .send_eof()
                .map_err(MediaError::ffmpeg("flushing the audio encoder"))?;
        }
        self.write_packets_a()?;
        self.octx
            .write_trailer()
            .map_err(MediaError::ffmpeg("finishing the output file"))
    }
}

/// The graph text that runs in-process: `[N:v]` → `[inNv]`, outputs end in
/// format conversions for the encoders (`-pix_fmt` / the encoder's sample
/// format on the command line).
fn graph_text(
    plan: &AvPlan,
    rotations: &[i32],
    video_pix: Option<&str>,
    audio_fmt: Option<String>,
) -> String {
    let mut text = match &plan.filters {
        Filters::Simple { vf, af } => {
            let mut parts = Vec::new();
            if video_pix.is_some() {
                parts.push(format!("[0:v]{}[v]", vf.as_deref().unwrap_or("null")));
            }
            if audio_fmt.is_some() {
                parts.push(format!("[0:a]{}[a]", af.as_deref().unwrap_or("anull")));
            }
            parts.join(";")
        }
        Filters::Complex(g) => g.clone(),
    };
    let mut pre = Vec::new();
    for i in 0..plan.inputs.len() {
        // ffmpeg applies the display rotation itself (autorotate).
        let rot = match rotations.get(i).copied().unwrap_or(0) {
            90 => Some("transpose=clock"),
            180 => Some("hflip,vflip"),
            270 => Some("transpose=cclock"),
            _ => None,
        };
        match rot {
            Some(r) => {
                text = text.replace(&format!("[{i}:v]"), &format!("[r{i}v]"));
                pre.push(format!("[in{i}v]{r}[r{i}v]"));
            }
            None => text = text.replace(&format!("[{i}:v]"), &format!("[in{i}v]")),
        }
        text = text.replace(&format!("[{i}:a]"), &format!("[in{i}a]"));
    }
    text = text.replace("[v]", "[vpre]").replace("[a]", "[apre]");
    let mut parts = pre;
    parts.push(text);
    if let Some(p) = video_pix {
        parts.push(format!("[vpre]format=pix_fmts={p}[outv]"));
    }
    if let Some(a) = audio_fmt {
        parts.push(format!("[apre]{a}[outa]"));
    }
    parts.join(";")
}

/// Which inputs' video and audio streams the filters read.
fn used_streams(plan: &AvPlan) -> Vec<(bool, bool)> {
    match &plan.filters {
        Filters::Simple { .. } => vec![(plan.video.is_some(), plan.audio.is_some())],
        Filters::Complex(g) => (0..plan.inputs.len())
            .map(|i| {
                (
                    g.contains(&format!("[{i}:v]")),
                    g.contains(&format!("[{i}:a]")),
                )
            })
            .collect(),
    }
}

/// Runs `plan` on `inputs`, writing `name` into `output_dir`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn execute(
    plan: &AvPlan,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    output_dir: &Path,
    name: &str,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    if plan.buffers_all {
        if let Some(d) = facts[0].duration_secs {
            if d > limits.max_buffered_secs {
                return Err(MediaError::InvalidRequest(format!(
                    "this step holds the whole clip in memory: at most {:.0} s, and the clip is {d:.1} s",
                    limits.max_buffered_secs
                )));
            }
        }
    }
    if plan.frame_pattern {
        let tmp = tempdir_in(output_dir)?;
        let result = (|| {
            let target = tmp.join(name);
            execute_to(plan, inputs, facts, &target, limits, deadline, progress)?;
            // (The muxer's own file, named like the pattern, stays empty.)
            let mut produced: Vec<PathBuf> = std::fs::read_dir(&tmp)
                .map_err(MediaError::io(&tmp))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p != &target)
                .collect();
            produced.sort();
            let mut outs = Vec::new();
            for p in produced {
                let file = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let dest = names::reserve(output_dir, &file)?;
                std::fs::rename(&p, &dest).map_err(MediaError::io(&dest))?;
                outs.push(dest);
            }
            Ok(outs)
        })();
        let _ = std::fs::remove_dir_all(&tmp);
        return result;
    }
    let out = names::reserve(output_dir, name)?;
    match execute_to(plan, inputs, facts, &out, limits, deadline, progress) {
        Ok(()) => Ok(vec![out]),
        Err(e) => {
            let _ = std::fs::remove_file(&out);
            Err(e)
        }
    }
}

fn tempdir_in(dir: &Path) -> Result<PathBuf, MediaError> {
    for n in 0..1000u32 {
        let p = dir.join(format!(".kiln-frames-{}-{n}", std::process::id()));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(MediaError::Io { path: p, source: e }),
        }
    }
    Err(MediaError::InvalidRequest(
        "cannot make a temporary folder".into(),
    ))
}

fn still_frame(s: &StillSource, limits: &OpLimits) -> Result<frame::Video, MediaError> {
    let img = super::image::decode(&s.path, &s.name, limits)?.to_rgba8();
    let (w, h) = img.dimensions();
    let mut f = frame::Video::new(format::Pixel::RGBA, w, h);
    let stride = f.stride(0);
    let data = f.data_mut(0);
    for (y, row) in img.as_raw().chunks_exact(w as usize * 4).enumerate() {
        data[y * stride..y * stride + row.len()].copy_from_slice(row);
    }
    Ok(f)
}

#[allow(clippy::too_many_arguments)]
fn execute_to(
    plan: &AvPlan,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    target: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), MediaError> {
    let plimits = ProbeLimits {
        max_duration_secs: f64::INFINITY,
        ..limits.probe_limits()
    };
    if plan.video.as_ref().is_some_and(|v| v.encoder == COPY) {
        return remux_video(plan, &inputs[0], target, &plimits, deadline, progress);
    }
    let used = used_streams(plan);
    // Open every input and learn its streams' parameters.
    let mut srcs = Vec::with_capacity(plan.inputs.len());
    for (i, pin) in plan.inputs.iter().enumerate() {
        let (need_v, need_a) = used.get(i).copied().unwrap_or((false, false));
        let path = inputs
            .get(i)
            .ok_or_else(|| MediaError::InvalidRequest("missing input".into()))?;
        if let Some(still) = pin.still {
            let (w, h) = super::image::dimensions(path, limits)?;
            let frames = still
                .loop_secs
                .map_or(1, |s| (s * f64::from(still.fps)).round().max(1.0) as u64);
            srcs.push(Src::Still(StillSource {
                path: path.clone(),
                name: facts[i].name.clone(),
                width: w,
                height: h,
                frames,
                fps: still.fps,
            }));
        } else {
            let mut s = AvSource::open(path, i, pin, &facts[i], need_v, need_a, &plimits)?;
            s.prime()?;
            srcs.push(Src::Av(Box::new(s)));
        }
        deadline.check()?;
    }
    let mut sources = Vec::new();
    let mut rotations = Vec::new();
    for (i, s) in srcs.iter().enumerate() {
        match s {
            Src::Av(a) => {
                rotations.push(a.rotation);
                if let (Some(v), Some(p)) = (&a.video, &a.video_params) {
                    sources.push((v.2.clone(), p.clone()));
                }
                if let (Some(au), Some(p)) = (&a.audio, &a.audio_params) {
                    sources.push((au.2.clone(), p.clone()));
                }
            }
            Src::Still(st) => {
                rotations.push(0);
                sources.push((
                    format!("in{i}v"),
                    SourceParams::Video {
                        width: st.width,
                        height: st.height,
                        format: format::Pixel::RGBA,
                        time_base: Rational::new(1, st.fps as i32),
                        sample_aspect: Rational::new(1, 1),
                        frame_rate: Some(Rational::new(st.fps as i32, 1)),
                    },
                ));
            }
        }
    }

    // Encoders.
    let vcodec = match &plan.video {
        Some(v) => Some(
            encoder::find_by_name(v.encoder).ok_or(MediaError::EncoderUnavailable(v.encoder))?,
        ),
        None => None,
    };
    let acodec = match &plan.audio {
        Some(a) => Some(
            encoder::find_by_name(a.encoder).ok_or(MediaError::EncoderUnavailable(a.encoder))?,
        ),
        None => None,
    };
    let audio_fmt = match (&plan.audio, acodec) {
        (Some(a), Some(c)) => {
            let first_audio = sources.iter().find_map(|(_, p)| match p {
                SourceParams::Audio { rate, .. } => Some(*rate),
                _ => None,
            });
            let ac = c
                .audio()
                .map_err(MediaError::ffmpeg("finding the audio encoder"))?;
            let fmt = ac
                .formats()
                .and_then(|mut f| f.next())
                .unwrap_or(format::Sample::F32(format::sample::Type::Planar));
            let mut rate = a.sample_rate.or(first_audio).unwrap_or(48_000);
            if let Some(rates) = ac.rates() {
                let rates: Vec<i32> = rates.collect();
                if !rates.is_empty() && !rates.contains(&(rate as i32)) {
                    rate = if rates.contains(&48_000) {
                        48_000
                    } else {
                        rates[0] as u32
                    };
                }
            }
            let first_layout = sources.iter().find_map(|(_, p)| match p {
                SourceParams::Audio { layout, .. } => Some(layout.clone()),
                _ => None,
            });
            let layout = match first_layout.as_deref() {
                Some(l) if a.encoder != "libmp3lame" || l == "mono" => l.to_string(),
                _ => "stereo".to_string(),
            };
            let layouts = format!(":channel_layouts={layout}");
            Some((
                format!(
                    "aformat=sample_fmts={}:sample_rates={rate}{layouts}",
                    fmt.name()
                ),
                fmt,
                rate,
            ))
        }
        _ => None,
    };
    let spec = graph_text(
        plan,
        &rotations,
        plan.video.as_ref().map(|v| v.pix_fmt),
        audio_fmt.as_ref().map(|a| a.0.clone()),
    );
    let mut graph = FilterGraph::new(&sources, &spec, plan.video.is_some(), plan.audio.is_some())?;

    let mut octx = format::output_as(&file_url(target), plan.muxer).map_err(|e| match e {
        ffmpeg::Error::Other { errno } => MediaError::Io {
            path: target.to_path_buf(),
            source: std::io::Error::from_raw_os_error(errno),
        },
        e => MediaError::Ffmpeg {
            context: "creating the output file",
            source: e,
        },
    })?;
    let global_header = octx.format().flags().contains(format::Flags::GLOBAL_HEADER);
    let mut vout = None;
    if let (Some(v), Some(codec)) = (&plan.video, vcodec) {
        let (w, h, pix, tb, fr, sar) = graph.video_out()?;
        let enc_tb = if fr.numerator() > 0 && fr.denominator() > 0 {
            fr.invert()
        } else {
            tb
        };
        let index = octx
            .add_stream(codec)
            .map_err(MediaError::ffmpeg("adding the video stream"))?
            .index();
        let mut enc = codec::context::Context::new_with_codec(codec)
            .encoder()
            .video()
            .map_err(MediaError::ffmpeg("setting up the video encoder"))?;
        enc.set_width(w);
        enc.set_height(h);
        enc.set_format(pix);
        enc.set_time_base(enc_tb);
        if fr.numerator() > 0 && fr.denominator() > 0 {
            enc.set_frame_rate(Some(fr));
        }
        if sar.numerator() > 0 && sar.denominator() > 0 {
            enc.set_aspect_ratio(sar);
        }
        if global_header {
            enc.set_flags(codec::Flags::GLOBAL_HEADER);
        }
        let mut opts = Dictionary::new();
        let mut qscale = None;
        for (k, val) in &v.opts {
            if *k == "q" {
                let q: i32 = val.parse().unwrap_or(2);
                let lambda = q * ffi::FF_QP2LAMBDA;
                qscale = Some(lambda);
                // SAFETY: an allocated, not yet opened codec context.
                unsafe {
                    let p = enc.as_mut_ptr();
                    (*p).flags |= ffi::AV_CODEC_FLAG_QSCALE as i32;
                    (*p).global_quality = lambda;
                }
            } else {
                opts.set(k, val);
            }
        }
        let enc = enc
            .open_as_with(codec, opts)
            .map_err(MediaError::ffmpeg("opening the video encoder"))?;
        let mut ost = octx
            .stream_mut(index)
            .ok_or_else(|| stream_missing("adding the video stream"))?;
        ost.set_parameters(&enc);
        ost.set_time_base(enc_tb);
        if fr.numerator() > 0 {
            ost.set_avg_frame_rate(fr);
            ost.set_rate(fr);
        }
        vout = Some(VOut {
            enc,
            index,
            src_tb: tb,
            tb: enc_tb,
            last_pts: None,
            qscale,
        });
    }
    let mut aout = None;
    if let (Some(a), Some(codec)) = (&plan.audio, acodec) {
        let (rate, fmt, channels, tb) = graph.audio_out()?;
        let index = octx
            .add_stream(codec)
            .map_err(MediaError::ffmpeg("adding the audio stream"))?
            .index();
        let mut enc = codec::context::Context::new_with_codec(codec)
            .encoder()
            .audio()
            .map_err(MediaError::ffmpeg("setting up the audio encoder"))?;
        let enc_tb = Rational::new(1, rate as i32);
        enc.set_rate(rate as i32);
        enc.set_format(fmt);
        enc.set_channel_layout(ChannelLayout::default(channels.max(1) as i32));
        enc.set_time_base(enc_tb);
        if let Some(b) = a.bitrate {
            enc.set_bit_rate(b as usize);
        }
        if global_header {
            enc.set_flags(codec::Flags::GLOBAL_HEADER);
        }
        let enc = enc
            .open_as(codec)
            .map_err(MediaError::ffmpeg("opening the audio encoder"))?;
        let variable = codec
            .capabilities()
            .contains(codec::capabilities::Capabilities::VARIABLE_FRAME_SIZE);
        if enc.frame_size() > 0 && !variable {
            graph.set_audio_frame_size(enc.frame_size())?;
        }
        let mut ost = octx
            .stream_mut(index)
            .ok_or_else(|| stream_missing("adding the audio stream"))?;
        ost.set_parameters(&enc);
        ost.set_time_base(enc_tb);
        aout = Some(AOut {
            enc,
            index,
            src_tb: tb,
            tb: enc_tb,
        });
    }
    let mut mopts = Dictionary::new();
    for (k, v) in &plan.muxer_opts {
        mopts.set(k, v);
    }
    if plan.muxer == "image2" && !plan.frame_pattern {
        mopts.set("update", "1");
    }
    octx.write_header_with(mopts)
        .map_err(MediaError::ffmpeg("writing the output header"))?;
    let mut out = Out {
        octx,
        video: vout,
        audio: aout,
        frames: 0,
        audio_ms: 0,
    };

    let out_fps = out
        .video
        .as_ref()
        .map(|v| 1.0 / f64::from(v.tb))
        .filter(|f| f.is_finite() && *f > 0.0 && *f < 1000.0);
    let total = match (out.video.is_some(), plan.expected_secs) {
        (true, Some(d)) => plan
            .max_frames
            .unwrap_or(((d * out_fps.unwrap_or(25.0)).round() as u64).max(1)),
        (true, None) => plan.max_frames.unwrap_or(1),
        (false, d) => (d.unwrap_or(1.0) * 1000.0).round().max(1.0) as u64,
    };
    let mut report = |out: &Out| -> Result<(), MediaError> {
        let done = if out.video.is_some() {
            out.frames
        } else {
            out.audio_ms
        };
        if !progress(done, total.max(done)) {
            return Err(MediaError::Canceled);
        }
        Ok(())
    };

    let mut vf = frame::Video::empty();
    let mut af = frame::Audio::empty();
    let mut done_early = false;
    // Moves whatever the graph has ready into the encoders.
    let mut drain = |graph: &mut FilterGraph, out: &mut Out| -> Result<bool, MediaError> {
        loop {
            // Filters that hold the clip (reverse, palettes) emit it
            // all at the end: the time limit applies here too.
            deadline.check()?;
            let mut progressed = false;
            if graph.has_video_out {
                match graph.pull("outv", &mut vf)? {
                    Pull::Frame => {
                        if plan.max_frames.is_some_and(|m| out.frames >= m) {
                            return Ok(true);
                        }
                        out.video_frame(&mut vf)?;
                        progressed = true;
                        if plan.max_frames.is_some_and(|m| out.frames >= m) {
                            return Ok(true);
                        }
                    }
                    Pull::Again | Pull::End => {}
                }
            }
            if graph.has_audio_out {
                match graph.pull("outa", &mut af)? {
                    Pull::Frame => {
                        out.audio_frame(&mut af)?;
                        progressed = true;
                    }
                    Pull::Again | Pull::End => {}
                }
            }
            if !progressed {
                return Ok(false);
            }
        }
    };

    'inputs: for &i in &plan.feed_order {
        let src = srcs
            .get_mut(i)
            .ok_or_else(|| MediaError::InvalidRequest("missing input".into()))?;
        match src {
            Src::Still(st) => {
                let mut f = still_frame(st, limits)?;
                let name = format!("in{i}v");
                for k in 0..st.frames {
                    deadline.check()?;
                    f.set_pts(Some(k as i64));
                    graph.push(&name, &f, Some(k as i64 + 1))?;
                    if drain(&mut graph, &mut out)? {
                        done_early = true;
                        break 'inputs;
                    }
                    report(&out)?;
                }
                graph.close(&name)?;
            }
            Src::Av(a) => {
                let vname = a.video.as_ref().map(|v| v.2.clone());
                let aname = a.audio.as_ref().map(|v| v.2.clone());
                let vtb = a.video.as_ref().map_or(1.0, |v| v.4);
                let atb = a.audio.as_ref().map_or(1.0, |v| v.4);
                // One picture's length in stream ticks, when the packet
                // does not say.
                let tick = a
                    .frame_rate
                    .map(|r| (1.0 / (f64::from(r) * vtb)).round().max(1.0) as i64)
                    .unwrap_or(1);
                loop {
                    deadline.check()?;
                    let more = if a.pending.is_empty() {
                        a.fill()?
                    } else {
                        true
                    };
                    if !more {
                        break;
                    }
                    while let Some(p) = a.pending.pop_front() {
                        match p {
                            Pending::Video(f) => {
                                if let Some(n) = &vname {
                                    let d = f.packet().duration;
                                    let end = f.pts().map(|p| p + if d > 0 { d } else { tick });
                                    graph.push(n, &f, end)?;
                                }
                            }
                            Pending::Audio(f) => {
                                if let Some(n) = &aname {
                                    let len = f.samples() as f64 / f64::from(f.rate().max(1)) / atb;
                                    let end = f.pts().map(|p| p + len.round() as i64);
                                    graph.push(n, &f, end)?;
                                }
                            }
                        }
                        if drain(&mut graph, &mut out)? {
                            done_early = true;
                            break 'inputs;
                        }
                    }
                    report(&out)?;
                }
                if let Some(n) = &vname {
                    graph.close(n)?;
                }
                if let Some(n) = &aname {
                    graph.close(n)?;
                }
            }
        }
        if drain(&mut graph, &mut out)? {
            done_early = true;
            break;
        }
    }
    if !done_early {
        drain(&mut graph, &mut out)?;
    }
    if out.video.is_some() && out.frames == 0 {
        return Err(MediaError::NotDecodable(
            "no picture came out (is the time range inside the clip?)".into(),
        ));
    }
    out.finish()?;
    report(&out)?;
    Ok(())
}

fn create_output(target: &Path, muxer: &str) -> Result<Output, MediaError> {
    format::output_as(&file_url(target), muxer).map_err(|e| match e {
        ffmpeg::Error::Other { errno } => MediaError::Io {
            path: target.to_path_buf(),
            source: std::io::Error::from_raw_os_error(errno),
        },
        e => MediaError::Ffmpeg {
            context: "creating the output file",
            source: e,
        },
    })
}

/// Copies the main video stream's packets into a new file of the same
/// container (`-c:v copy -an`), keeping its rotation.
fn remux_video(
    plan: &AvPlan,
    input: &Path,
    target: &Path,
    limits: &ProbeLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), MediaError> {
    let mut ictx = probe::open_input_with(input, limits, OPS_FORMATS)?;
    // SAFETY: reading a field of the open format context.
    let start_time = unsafe { (*ictx.as_ptr()).start_time };
    let start_time = if start_time == ffi::AV_NOPTS_VALUE {
        0
    } else {
        start_time
    };
    let mut octx = create_output(target, plan.muxer)?;
    let (vi, ist_tb, matrix, total) = {
        let ist = probe::main_video_stream(&ictx).ok_or(MediaError::NoVideoStream)?;
        let id = ist.parameters().id();
        // SAFETY: the output format pointer is valid for the muxer's lifetime.
        let supported = unsafe {
            ffi::avformat_query_codec(octx.format().as_ptr(), id.into(), ffi::FF_COMPLIANCE_NORMAL)
        };
        if supported != 1 {
            return Err(MediaError::NotDecodable(format!(
                "the {} video cannot be copied into this container",
                id.name()
            )));
        }
        let mut ost = octx
            .add_stream(encoder::find(codec::Id::None))
            .map_err(MediaError::ffmpeg("adding the video stream"))?;
        ost.set_parameters(ist.parameters());
        ost.set_time_base(ist.time_base());
        // SAFETY: codecpar of a live output stream; the muxer picks its tag.
        unsafe {
            (*ost.parameters().as_mut_ptr()).codec_tag = 0;
        }
        (
            ist.index(),
            ist.time_base(),
            probe::display_matrix(&ist),
            u64::try_from(ist.frames()).unwrap_or(0),
        )
    };
    if let Some(m) = matrix {
        crate::media::encode::set_display_matrix(&mut octx, 0, &m)?;
    }
    let mut mopts = Dictionary::new();
    for (k, v) in &plan.muxer_opts {
        mopts.set(k, v);
    }
    octx.write_header_with(mopts)
        .map_err(MediaError::ffmpeg("writing the output header"))?;
    let ost_tb = octx
        .stream(0)
        .map(|s| s.time_base())
        .ok_or_else(|| stream_missing("writing video"))?;
    let offset = start_time.rescale(ffmpeg::rescale::TIME_BASE, ist_tb);
    let (mut done, mut corrupt) = (0u64, 0u32);
    let mut packet = Packet::empty();
    loop {
        deadline.check()?;
        match packet.read(&mut ictx) {
            Ok(()) => {}
            Err(ffmpeg::Error::Eof) => break,
            Err(ffmpeg::Error::InvalidData) => {
                corrupt += 1;
                if corrupt > probe::MAX_CORRUPT_PACKETS {
                    return Err(MediaError::NotDecodable(
                        "too much of the file is damaged".into(),
                    ));
                }
                continue;
            }
            Err(e) => {
                return Err(MediaError::NotDecodable(format!(
                    "the file cannot be read ({e})"
                )))
            }
        }
        if packet.stream() != vi {
            continue;
        }
        packet.set_pts(packet.pts().map(|t| t - offset));
        packet.set_dts(packet.dts().map(|t| t - offset));
        packet.rescale_ts(ist_tb, ost_tb);
        packet.set_position(-1);
        packet.set_stream(0);
        packet
            .write_interleaved(&mut octx)
            .map_err(MediaError::ffmpeg("writing video"))?;
        done += 1;
        if !progress(done, total.max(done)) {
            return Err(MediaError::Canceled);
        }
    }
    if done == 0 {
        return Err(MediaError::NotDecodable("no video packets".into()));
    }
    octx.write_trailer()
        .map_err(MediaError::ffmpeg("finishing the output file"))
}

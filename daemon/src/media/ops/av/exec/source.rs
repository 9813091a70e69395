//! The inputs of a running plan: files decoded packet by packet (their
//! frames kept within the plan's time window and re-timed to start at
//! zero), and still pictures repeated as video.

use std::collections::VecDeque;
use std::ops::DerefMut;
use std::path::{Path, PathBuf};

use ffmpeg::codec::decoder;
use ffmpeg::format::context::Input;
use ffmpeg::{ffi, format, frame, Rational, Rescale};
use ffmpeg_next as ffmpeg;

use super::super::{
    open_audio_decoder, AvPlan, PlanInput, Still, EXTRA_VIDEO_CODECS, OPS_FORMATS, PRIMER_PACKETS,
};
use super::graph::used_streams;
use crate::media::av::{Demuxer, Medium, Read, Received};
use crate::media::ops::filters::{FilterGraph, SourceParams};
use crate::media::ops::{image, Deadline, FileFacts, OpLimits};
use crate::media::probe::{self, ProbeLimits};
use crate::media::MediaError;

/// One input of a running plan.
pub(super) enum Src {
    Av(Box<AvSource>),
    Still(StillSource),
}

impl Src {
    /// The display rotation the filters undo.
    pub(super) fn rotation(&self) -> i32 {
        match self {
            Src::Av(a) => a.rotation,
            Src::Still(_) => 0,
        }
    }

    /// The filter sources input `i` feeds, with what they are fed.
    pub(super) fn filter_sources(&self, i: usize) -> Vec<(String, SourceParams)> {
        match self {
            Src::Av(a) => [(&a.video, &a.video_params), (&a.audio, &a.audio_params)]
                .into_iter()
                .filter_map(|(lane, params)| Some((lane.as_ref()?.name.clone(), params.clone()?)))
                .collect(),
            Src::Still(st) => vec![(format!("in{i}v"), st.params())],
        }
    }
}

/// Opens every input of `plan` and learns its streams' parameters.
pub(super) fn open_all(
    plan: &AvPlan,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    limits: &OpLimits,
    probe_limits: &ProbeLimits,
    deadline: Deadline,
) -> Result<Vec<Src>, MediaError> {
    let used = used_streams(plan);
    let mut srcs = Vec::with_capacity(plan.inputs.len());
    for (i, pin) in plan.inputs.iter().enumerate() {
        let need = used.get(i).copied().unwrap_or((false, false));
        let path = inputs
            .get(i)
            .ok_or_else(|| MediaError::InvalidRequest("missing input".into()))?;
        let src = match pin.still {
            Some(still) => Src::Still(StillSource::open(path, &facts[i].name, still, limits)?),
            None => {
                let mut s = AvSource::open(path, i, pin, &facts[i], need, probe_limits)?;
                s.prime()?;
                Src::Av(Box::new(s))
            }
        };
        srcs.push(src);
        deadline.check()?;
    }
    Ok(srcs)
}

/// A decoded frame waiting to enter the graph.
enum Pending {
    Video(frame::Video),
    Audio(frame::Audio),
}

/// A decoded stream as the filters see it.
struct Lane {
    /// The filter source it feeds (`in0v`, `in1a`, ...).
    name: String,
    /// Where the kept window starts, in stream ticks (frames are re-timed
    /// to start there).
    offset: i64,
    /// The stream's time base, in seconds.
    tb: f64,
}

impl Lane {
    /// The lane of a stream with time base `tb`, in a file starting at
    /// `start_time` (`AV_TIME_BASE` units) read from `seek` seconds on.
    fn new(name: String, tb: Rational, start_time: i64, seek: f64) -> Result<Lane, MediaError> {
        if tb.numerator() <= 0 || tb.denominator() <= 0 {
            return Err(MediaError::NotDecodable("invalid time base".into()));
        }
        let secs = f64::from(tb);
        let offset = start_time.rescale(ffmpeg::rescale::TIME_BASE, tb);
        Ok(Lane {
            name,
            offset: offset + (seek / secs).round() as i64,
            tb: secs,
        })
    }

    /// A decoded frame's timestamp, and its time in seconds from the
    /// start of the window.
    fn time_of(&self, f: &frame::Frame) -> Option<(i64, f64)> {
        let ts = f.timestamp().or(f.pts())?;
        Some((ts, (ts - self.offset) as f64 * self.tb))
    }
}

/// The video stream of an input, opened.
struct VideoStream {
    index: usize,
    decoder: decoder::Video,
    lane: Lane,
    rotation: i32,
    frame_rate: Option<Rational>,
}

fn open_video(
    input: &Input,
    index: usize,
    start_time: i64,
    seek: f64,
    limits: &ProbeLimits,
) -> Result<VideoStream, MediaError> {
    let stream = probe::main_video_stream(input).ok_or(MediaError::NoVideoStream)?;
    let rotation = probe::display_matrix(&stream).map_or(0, |m| probe::rotation_degrees(&m));
    let frame_rate = [stream.avg_frame_rate(), stream.rate()]
        .into_iter()
        .find(|r| r.numerator() > 0 && r.denominator() > 0);
    let decoder = probe::open_video_decoder_allowing(&stream, limits, true, EXTRA_VIDEO_CODECS)?;
    let lane = Lane::new(format!("in{index}v"), stream.time_base(), start_time, seek)?;
    Ok(VideoStream {
        index: stream.index(),
        decoder,
        lane,
        rotation,
        frame_rate,
    })
}

fn open_audio(
    input: &Input,
    index: usize,
    start_time: i64,
    seek: f64,
) -> Result<(usize, decoder::Audio, Lane), MediaError> {
    let stream = probe::main_audio_stream(input)
        .ok_or_else(|| MediaError::NotDecodable("no audio stream".into()))?;
    let dec = open_audio_decoder(&stream)?;
    let lane = Lane::new(format!("in{index}a"), stream.time_base(), start_time, seek)?;
    Ok((stream.index(), dec, lane))
}

/// A file input: its decoded streams and the frames waiting for the graph.
pub(super) struct AvSource {
    demuxer: Demuxer,
    video: Option<Lane>,
    audio: Option<Lane>,
    /// Window kept, seconds relative to the (seeked) start.
    window_end: Option<f64>,
    pending: VecDeque<Pending>,
    video_params: Option<SourceParams>,
    audio_params: Option<SourceParams>,
    rotation: i32,
    /// The video stream's frame rate, handed to the filters (as ffmpeg does).
    frame_rate: Option<Rational>,
    /// One picture's length in stream ticks, when the packet does not say.
    tick: i64,
}

impl AvSource {
    /// Opens input `index` at `path`, decoding the video and/or audio
    /// stream (`need`), from the plan's start on.
    fn open(
        path: &Path,
        index: usize,
        pin: &PlanInput,
        facts: &FileFacts,
        (need_video, need_audio): (bool, bool),
        limits: &ProbeLimits,
    ) -> Result<AvSource, MediaError> {
        let mut demuxer = Demuxer::new(probe::open_input_with(path, limits, OPS_FORMATS)?);
        let start_time = demuxer.start_time();
        let seek = match (pin.start, pin.from_end, facts.duration_secs) {
            (_, Some(n), Some(d)) => (d - n).max(0.0),
            (Some(s), _, _) => s,
            _ => 0.0,
        };
        let video = need_video
            .then(|| open_video(demuxer.input(), index, start_time, seek, limits))
            .transpose()?;
        let audio = need_audio
            .then(|| open_audio(demuxer.input(), index, start_time, seek))
            .transpose()?;
        if seek > 0.0 {
            let ts = start_time + (seek * f64::from(ffi::AV_TIME_BASE)) as i64;
            // Lands on the key frame at or before `ts`; frames before it are
            // dropped after decoding.
            demuxer
                .seek(ts)
                .map_err(|e| MediaError::NotDecodable(format!("cannot seek ({e})")))?;
        }
        let mut src = AvSource {
            demuxer,
            video: None,
            audio: None,
            window_end: pin.duration,
            pending: VecDeque::new(),
            video_params: None,
            audio_params: None,
            rotation: 0,
            frame_rate: None,
            tick: 1,
        };
        if let Some(v) = video {
            src.demuxer = src.demuxer.with_video(v.index, v.decoder);
            src.tick = v.frame_rate.map_or(1, |r| {
                (1.0 / (f64::from(r) * v.lane.tb)).round().max(1.0) as i64
            });
            (src.video, src.rotation, src.frame_rate) = (Some(v.lane), v.rotation, v.frame_rate);
        }
        if let Some((stream, decoder, lane)) = audio {
            src.demuxer = src.demuxer.with_audio(stream, decoder);
            src.audio = Some(lane);
        }
        Ok(src)
    }

    /// Decodes until every needed stream has shown its first frame, so the
    /// filter inputs can be described.
    fn prime(&mut self) -> Result<(), MediaError> {
        let mut rounds = 0u32;
        while (self.video.is_some() && self.video_params.is_none())
            || (self.audio.is_some() && self.audio_params.is_none())
        {
            let before = self.pending.len();
            self.fill_one()?;
            rounds += 1;
            if self.demuxer.at_end() && self.pending.len() == before {
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

    /// Reads and decodes one packet.
    fn fill_one(&mut self) -> Result<(), MediaError> {
        if !self.demuxer.at_end() {
            self.read_one()?;
        }
        self.receive_all()
    }

    /// Makes sure a decoded frame is pending; false at the end of the input.
    pub(super) fn fill(&mut self) -> Result<bool, MediaError> {
        if !self.pending.is_empty() {
            return Ok(true);
        }
        loop {
            self.receive_all()?;
            if !self.pending.is_empty() {
                return Ok(true);
            }
            if self.demuxer.at_end() {
                return Ok(false);
            }
            self.read_one()?;
        }
    }

    fn read_one(&mut self) -> Result<(), MediaError> {
        match self.demuxer.read()? {
            Read::Refused | Read::Damaged => {
                self.demuxer.damaged("too much of the file is damaged")
            }
            Read::Sent | Read::Other(_) | Read::End => Ok(()),
        }
    }

    /// Queues every frame the decoders have ready.
    fn receive_all(&mut self) -> Result<(), MediaError> {
        const VIDEO_DAMAGED: &str = "too much of the video is damaged";
        const AUDIO_DAMAGED: &str = "too much of the audio is damaged";
        if self.video.is_some() {
            while let Some(f) = self.receive(Medium::Video, frame::Video::empty(), VIDEO_DAMAGED)? {
                self.keep_video(f);
            }
        }
        if self.audio.is_some() {
            while let Some(f) = self.receive(Medium::Audio, frame::Audio::empty(), AUDIO_DAMAGED)? {
                self.keep_audio(f);
            }
        }
        Ok(())
    }

    /// The next frame the decoder of `medium` has ready, received into
    /// `frame`; frames it fails to decode count as damage.
    fn receive<F: DerefMut<Target = frame::Frame>>(
        &mut self,
        medium: Medium,
        mut frame: F,
        damaged: &'static str,
    ) -> Result<Option<F>, MediaError> {
        loop {
            match self.demuxer.receive(medium, &mut frame) {
                Received::Frame => return Ok(Some(frame)),
                Received::Again | Received::End => return Ok(None),
                Received::Failed(_) => {
                    self.demuxer.damaged(damaged)?;
                    if self.demuxer.at_end() {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Whether a frame at `t` seconds is past the window kept.
    fn after_window(&self, t: f64) -> bool {
        self.window_end.is_some_and(|e| t >= e - 1e-6)
    }

    /// Queues a decoded picture inside the window, re-timed.
    fn keep_video(&mut self, mut f: frame::Video) {
        let Some(lane) = &self.video else { return };
        let Some((ts, t)) = lane.time_of(&f) else {
            return;
        };
        // Half a tick of slack for rounding.
        if t < -0.5 * lane.tb - 1e-9 || self.after_window(t) {
            return;
        }
        f.set_pts(Some(ts - lane.offset));
        if self.video_params.is_none() {
            self.video_params = Some(SourceParams::Video {
                width: f.width(),
                height: f.height(),
                format: f.format(),
                time_base: Rational::from(lane.tb),
                sample_aspect: f.aspect_ratio(),
                frame_rate: self.frame_rate,
            });
        }
        self.pending.push_back(Pending::Video(f));
    }

    /// Queues decoded samples that reach into the window, re-timed.
    fn keep_audio(&mut self, mut f: frame::Audio) {
        let Some(lane) = &self.audio else { return };
        let Some((ts, t)) = lane.time_of(&f) else {
            return;
        };
        let len = f.samples() as f64 / f64::from(f.rate().max(1));
        if t + len <= 1e-6 || self.after_window(t) {
            return;
        }
        f.set_pts(Some(ts - lane.offset));
        if self.audio_params.is_none() {
            self.audio_params = Some(SourceParams::Audio {
                rate: f.rate(),
                format: f.format(),
                layout: layout_string(&f),
                time_base: Rational::from(lane.tb),
            });
        }
        self.pending.push_back(Pending::Audio(f));
    }

    /// Pushes the oldest pending frame into the graph, with where it ends;
    /// false when none is pending.
    pub(super) fn push_next(&mut self, graph: &mut FilterGraph) -> Result<bool, MediaError> {
        let Some(pending) = self.pending.pop_front() else {
            return Ok(false);
        };
        match (pending, &self.video, &self.audio) {
            (Pending::Video(f), Some(lane), _) => {
                let d = f.packet().duration;
                let end = f.pts().map(|p| p + if d > 0 { d } else { self.tick });
                graph.push(&lane.name, &f, end)?;
            }
            (Pending::Audio(f), _, Some(lane)) => {
                let len = f.samples() as f64 / f64::from(f.rate().max(1)) / lane.tb;
                let end = f.pts().map(|p| p + len.round() as i64);
                graph.push(&lane.name, &f, end)?;
            }
            _ => {}
        }
        Ok(true)
    }

    /// Ends this input's filter sources.
    pub(super) fn close(&self, graph: &mut FilterGraph) -> Result<(), MediaError> {
        for lane in [&self.video, &self.audio].into_iter().flatten() {
            graph.close(&lane.name)?;
        }
        Ok(())
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

/// A still picture shown as video: `frames` frames at `fps`.
pub(super) struct StillSource {
    path: PathBuf,
    name: String,
    width: u32,
    height: u32,
    pub(super) frames: u64,
    fps: u32,
}

impl StillSource {
    fn open(
        path: &Path,
        name: &str,
        still: Still,
        limits: &OpLimits,
    ) -> Result<StillSource, MediaError> {
        let (width, height) = image::dimensions(path, limits)?;
        let frames = still
            .loop_secs
            .map_or(1, |s| (s * f64::from(still.fps)).round().max(1.0) as u64);
        Ok(StillSource {
            path: path.to_path_buf(),
            name: name.to_string(),
            width,
            height,
            frames,
            fps: still.fps,
        })
    }

    fn params(&self) -> SourceParams {
        SourceParams::Video {
            width: self.width,
            height: self.height,
            format: format::Pixel::RGBA,
            time_base: Rational::new(1, self.fps as i32),
            sample_aspect: Rational::new(1, 1),
            frame_rate: Some(Rational::new(self.fps as i32, 1)),
        }
    }

    /// The picture, decoded, as an RGBA frame.
    pub(super) fn frame(&self, limits: &OpLimits) -> Result<frame::Video, MediaError> {
        let img = image::decode(&self.path, &self.name, limits)?.to_rgba8();
        let (w, h) = img.dimensions();
        let mut f = frame::Video::new(format::Pixel::RGBA, w, h);
        let stride = f.stride(0);
        let data = f.data_mut(0);
        for (y, row) in img.as_raw().chunks_exact(w as usize * 4).enumerate() {
            data[y * stride..y * stride + row.len()].copy_from_slice(row);
        }
        Ok(f)
    }
}

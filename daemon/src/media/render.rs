//! The frame-rate conversion ("smoother video") renderer: decodes the input
//! video, synthesises every output frame at `k / target_fps` from the two
//! source frames around it through an [`Interpolator`], optionally burns in a
//! watermark, encodes H.264 at exactly the target rate into an MP4 and copies
//! the audio packets untouched. Only a few frames are held at any time.
//!
//! [`Plane3`] is the frame type interpolators work on: one yuv420p picture
//! with tightly packed planes. [`BlendInterpolator`] is the simple
//! cross-fade; [`render`] uses the motion-compensated
//! [`MciInterpolator`](super::interpolate::MciInterpolator), and
//! [`render_with`] takes any interpolator.

use std::path::PathBuf;

use ffmpeg::ffi;
use ffmpeg::format::context::Output;
use ffmpeg::software::scaling;
use ffmpeg::{format, frame, Dictionary, Packet, Rational};
use ffmpeg_next as ffmpeg;

use super::av::output::{self, set_display_matrix, StreamCopy};
use super::av::{Demuxer, Medium, Read, Received};
use super::encode::{ColorProps, H264Config, H264Stream};
use super::interpolate::MciInterpolator;
use super::probe::{
    container_duration, display_matrix, main_audio_stream, main_video_stream, open_input,
    open_video_decoder, stream_fps, ProbeLimits,
};
use super::MediaError;

/// Highest output frame rate a render may ask for.
pub const MAX_TARGET_FPS: u32 = 240;
/// x264 settings of rendered output.
const OUTPUT_PRESET: &str = "veryfast";
const OUTPUT_CRF: u32 = 19;
/// How far past its declared duration a video's timestamps may run.
const TIMESTAMP_SLACK_SECS: f64 = 5.0;

/// What to render.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderRequest {
    pub input: PathBuf,
    /// Where the MP4 is written (created or truncated; removed again if the
    /// render fails or is canceled). The caller moves it into place.
    pub output: PathBuf,
    /// Output frame rate, 1..=[`MAX_TARGET_FPS`].
    pub target_fps: u32,
    /// Burn the "KILN" watermark into every frame.
    pub watermark: bool,
}

#[cfg(test)]
impl RenderRequest {
    /// A request without the watermark.
    pub(crate) fn plain(
        input: &std::path::Path,
        output: &std::path::Path,
        target_fps: u32,
    ) -> RenderRequest {
        RenderRequest {
            input: input.to_path_buf(),
            output: output.to_path_buf(),
            target_fps,
            watermark: false,
        }
    }
}

/// What a finished render did.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderStats {
    /// Source pictures decoded and used.
    pub frames_in: u64,
    /// Pictures written.
    pub frames_out: u64,
    /// Duration of the output video, `frames_out / target_fps`.
    pub duration_secs: f64,
}

/// One yuv420p picture with tightly packed planes: `y` is `width x height`,
/// `u` and `v` are `chroma_width() x chroma_height()`, rows back to back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plane3 {
    pub width: u32,
    pub height: u32,
    pub y: Vec<u8>,
    pub u: Vec<u8>,
    pub v: Vec<u8>,
}

impl Plane3 {
    /// A black picture.
    pub fn new(width: u32, height: u32) -> Self {
        let (cw, ch) = (width.div_ceil(2) as usize, height.div_ceil(2) as usize);
        Plane3 {
            width,
            height,
            y: vec![16; width as usize * height as usize],
            u: vec![128; cw * ch],
            v: vec![128; cw * ch],
        }
    }

    pub fn chroma_width(&self) -> u32 {
        self.width.div_ceil(2)
    }

    pub fn chroma_height(&self) -> u32 {
        self.height.div_ceil(2)
    }

    /// Width and height of plane `i` (0 = Y, 1 = U, 2 = V).
    pub fn plane_size(&self, i: usize) -> (usize, usize) {
        if i == 0 {
            (self.width as usize, self.height as usize)
        } else {
            (self.chroma_width() as usize, self.chroma_height() as usize)
        }
    }

    pub fn planes(&self) -> [&[u8]; 3] {
        [&self.y, &self.u, &self.v]
    }

    pub fn planes_mut(&mut self) -> [&mut [u8]; 3] {
        [&mut self.y, &mut self.u, &mut self.v]
    }

    /// Whether `other` has the same size (so planes match one to one).
    pub fn same_size(&self, other: &Plane3) -> bool {
        self.width == other.width && self.height == other.height
    }

    /// Makes `self` an exact copy of `src`, reusing its buffers.
    pub fn copy_from(&mut self, src: &Plane3) {
        self.width = src.width;
        self.height = src.height;
        self.y.clone_from(&src.y);
        self.u.clone_from(&src.u);
        self.v.clone_from(&src.v);
    }

    /// Copies a yuv420p frame of the same size in (strides removed).
    pub(crate) fn copy_from_frame(&mut self, f: &frame::Video) {
        debug_assert_eq!(f.format(), format::Pixel::YUV420P);
        debug_assert_eq!((f.width(), f.height()), (self.width, self.height));
        for i in 0..3 {
            let (w, h) = self.plane_size(i);
            let stride = f.stride(i);
            let src = f.data(i);
            let dst = &mut self.planes_mut()[i];
            for (row, d) in dst.chunks_exact_mut(w).take(h).enumerate() {
                if let Some(s) = src.get(row * stride..row * stride + w) {
                    d.copy_from_slice(s);
                }
            }
        }
    }

    /// Copies into a yuv420p frame of the same size (honouring its strides).
    pub(crate) fn copy_to_frame(&self, f: &mut frame::Video) {
        debug_assert_eq!(f.format(), format::Pixel::YUV420P);
        debug_assert_eq!((f.width(), f.height()), (self.width, self.height));
        for i in 0..3 {
            let (w, h) = self.plane_size(i);
            let stride = f.stride(i);
            let dst = f.data_mut(i);
            for (row, s) in self.planes()[i].chunks_exact(w).take(h).enumerate() {
                if let Some(d) = dst.get_mut(row * stride..row * stride + w) {
                    d.copy_from_slice(s);
                }
            }
        }
    }
}

/// Synthesises the picture at fraction `t` (0 = `a`, 1 = `b`) of the way from
/// source frame `a` to source frame `b`, writing it into `out`. `a` and `b`
/// have the same size; `out` may hold anything and is resized as needed.
pub trait Interpolator: Send {
    fn interpolate(&mut self, a: &Plane3, b: &Plane3, t: f32, out: &mut Plane3);
}

/// Linear cross-fade of the two neighbouring frames: `out = (1-t)·a + t·b`
/// per sample, in 1/256 steps; `t = 0` reproduces `a` exactly.
#[derive(Debug, Default, Clone, Copy)]
pub struct BlendInterpolator;

impl Interpolator for BlendInterpolator {
    fn interpolate(&mut self, a: &Plane3, b: &Plane3, t: f32, out: &mut Plane3) {
        let w = (t.clamp(0.0, 1.0) * 256.0).round() as u32;
        if w == 0 || !a.same_size(b) {
            out.copy_from(a);
            return;
        }
        if w == 256 {
            out.copy_from(b);
            return;
        }
        if !out.same_size(a) {
            *out = Plane3::new(a.width, a.height);
        }
        let wa = 256 - w;
        for ((o, pa), pb) in out.planes_mut().into_iter().zip(a.planes()).zip(b.planes()) {
            for ((o, &x), &y) in o.iter_mut().zip(pa).zip(pb) {
                *o = ((u32::from(x) * wa + u32::from(y) * w + 128) >> 8) as u8;
            }
        }
    }
}

/// Renders with the motion-compensated [`MciInterpolator`] (scene cuts are
/// cut, not blended). `progress(done, total)` is called
/// after each output frame (`total` is the expected frame count, never below
/// `done`); returning false cancels with [`MediaError::Canceled`].
pub fn render(
    req: &RenderRequest,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<RenderStats, MediaError> {
    render_with(req, &mut MciInterpolator::new(), progress)
}

/// Like [`render`], with the given interpolator.
pub fn render_with(
    req: &RenderRequest,
    interpolator: &mut dyn Interpolator,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<RenderStats, MediaError> {
    if !(1..=MAX_TARGET_FPS).contains(&req.target_fps) {
        return Err(MediaError::InvalidRequest(format!(
            "target frame rate {} is outside 1..={MAX_TARGET_FPS}",
            req.target_fps
        )));
    }
    if req.input == req.output {
        return Err(MediaError::InvalidRequest(
            "the output path is the input path".into(),
        ));
    }
    let result = render_inner(req, interpolator, progress);
    if result.is_err() {
        // Best effort: a partial MP4 is of no use to anyone.
        let _ = std::fs::remove_file(&req.output);
    }
    result
}

fn render_inner(
    req: &RenderRequest,
    interpolator: &mut dyn Interpolator,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<RenderStats, MediaError> {
    // Sizes are bounded here too (pictures are allocated from them); the
    // duration limit is the caller's business, via probe.
    let limits = ProbeLimits {
        max_duration_secs: f64::INFINITY,
        ..ProbeLimits::default()
    };
    let mut source = Source::open(req, &limits)?;
    let fps = f64::from(req.target_fps);
    let mut octx = output::create(&req.output, "mp4")?;
    let (mut video, audio) = add_streams(&mut octx, req, &source)?;
    let mut sink = Sink {
        octx: &mut octx,
        video: &mut video,
        watermark: req
            .watermark
            .then(|| Watermark::new(source.width, source.height)),
        progress,
        estimated_total: source
            .duration_secs
            .map_or(1, |d| (d * fps).round().max(1.0) as u64),
        pts_offset: 0,
        written: 0,
    };
    let mut retimer = Retimer::new(&source, fps);
    loop {
        match source.next(&mut retimer.b)? {
            Event::End => break,
            Event::Audio(mut packet) => {
                if let Some(copy) = &audio {
                    copy.write(sink.octx, &mut packet)?;
                }
            }
            Event::Picture(time) => retimer.picture(time, interpolator, &mut sink)?,
        }
    }
    let frames_out = retimer.finish(&mut sink)?;
    video.finish(&mut octx)?;
    octx.write_trailer()
        .map_err(MediaError::ffmpeg("finishing the MP4 file"))?;
    Ok(RenderStats {
        frames_in: retimer.frames_in,
        frames_out,
        duration_secs: frames_out as f64 / fps,
    })
}

/// Adds the H.264 stream (keeping the source's rotation) and the copied
/// audio to `octx`, and writes the header.
fn add_streams(
    octx: &mut Output,
    req: &RenderRequest,
    source: &Source,
) -> Result<(H264Stream, Option<StreamCopy>), MediaError> {
    let video = H264Stream::add(
        octx,
        &H264Config {
            width: source.width,
            height: source.height,
            fps: req.target_fps,
            preset: OUTPUT_PRESET,
            crf: OUTPUT_CRF,
            color: Some(source.color),
            sample_aspect: Some(source.sample_aspect),
        },
    )?;
    if let Some(m) = source.display_matrix {
        set_display_matrix(octx, video.index(), &m)?;
    }
    let audio = match source.audio {
        Some(index) => Some(add_audio_copy(octx, &source.demuxer, index)?),
        None => None,
    };
    let mut opts = Dictionary::new();
    // The index up front, so the result plays while it downloads.
    opts.set("movflags", "+faststart");
    octx.write_header_with(opts)
        .map_err(MediaError::ffmpeg("writing the MP4 header"))?;
    Ok((video, audio))
}

/// Adds an output stream carrying input stream `index`'s packets as-is.
fn add_audio_copy(
    octx: &mut Output,
    demuxer: &Demuxer,
    index: usize,
) -> Result<StreamCopy, MediaError> {
    let ist = demuxer.input().stream(index).ok_or(MediaError::Ffmpeg {
        context: "copying audio",
        source: ffmpeg::Error::StreamNotFound,
    })?;
    let id = ist.parameters().id();
    if !output::accepts(octx, id) {
        return Err(MediaError::UnsupportedAudio {
            codec: id.name().to_string(),
        });
    }
    StreamCopy::add(octx, &ist, demuxer.start_time(), Medium::Audio)
}

/// The frame-rate conversion: takes the source pictures with their times
/// and emits every output picture `k` (shown at `k / fps`) from the two
/// source pictures around it.
struct Retimer {
    fps: f64,
    /// Seconds between output pictures.
    step: f64,
    /// Seconds between source pictures, when their times do not say.
    src_step: f64,
    /// Where the file starts, in the input's clock.
    start_secs: f64,
    /// Timestamps are untrusted: two pictures an hour apart would otherwise
    /// make an hour of output. Stop a little past the declared duration.
    max_secs: f64,
    /// The older of the two source pictures.
    a: Plane3,
    /// The newer one, decoded into.
    b: Plane3,
    out: Plane3,
    first_abs: Option<f64>,
    last_abs: Option<f64>,
    /// Time of `a`, relative to the first picture.
    ta: f64,
    a_duration: Option<f64>,
    last_interval: Option<f64>,
    frames_in: u64,
    /// The next output picture.
    k: u64,
}

fn runaway() -> MediaError {
    MediaError::NotDecodable("the timestamps run past the video's duration".into())
}

impl Retimer {
    fn new(source: &Source, fps: f64) -> Retimer {
        let (width, height) = (source.width, source.height);
        Retimer {
            fps,
            step: 1.0 / fps,
            src_step: 1.0 / source.fps,
            start_secs: source.start_secs,
            max_secs: source
                .duration_secs
                .unwrap_or(ProbeLimits::default().max_duration_secs)
                + TIMESTAMP_SLACK_SECS,
            a: Plane3::new(width, height),
            b: Plane3::new(width, height),
            out: Plane3::new(width, height),
            first_abs: None,
            last_abs: None,
            ta: 0.0,
            a_duration: None,
            last_interval: None,
            frames_in: 0,
            k: 0,
        }
    }

    /// Takes the picture just decoded into `b`, emitting the output
    /// pictures shown before it.
    fn picture(
        &mut self,
        time: PictureTime,
        interpolator: &mut dyn Interpolator,
        sink: &mut Sink,
    ) -> Result<(), MediaError> {
        let abs = time
            .secs
            .or(self.last_abs.map(|t| t + self.src_step))
            .unwrap_or(0.0);
        let Some(first) = self.first_abs else {
            self.start(abs, time.duration, sink);
            return Ok(());
        };
        let tb = abs - first;
        if tb > self.max_secs {
            return Err(runaway());
        }
        if tb <= self.ta + 1e-6 {
            // Out of order or duplicate timestamp: drop the picture.
            return Ok(());
        }
        self.last_abs = Some(abs);
        self.frames_in += 1;
        while (self.k as f64) * self.step < tb - 1e-6 {
            let tk = self.k as f64 * self.step;
            if tk - self.ta < 1e-6 {
                self.out.copy_from(&self.a);
            } else {
                let t = ((tk - self.ta) / (tb - self.ta)).clamp(0.0, 1.0) as f32;
                interpolator.interpolate(&self.a, &self.b, t, &mut self.out);
            }
            sink.emit(&mut self.out, self.k)?;
            self.k += 1;
        }
        self.last_interval = Some(tb - self.ta);
        self.ta = tb;
        self.a_duration = time.duration;
        std::mem::swap(&mut self.a, &mut self.b);
        Ok(())
    }

    fn start(&mut self, abs: f64, duration: Option<f64>, sink: &mut Sink) {
        self.first_abs = Some(abs);
        self.last_abs = Some(abs);
        // Output starts where the first picture does, relative to the start
        // of the file, so the copied audio stays in sync.
        sink.pts_offset = ((abs - self.start_secs) * self.fps).round() as i64;
        std::mem::swap(&mut self.a, &mut self.b);
        self.a_duration = duration;
        self.frames_in += 1;
    }

    /// Holds the last picture for its own duration; answers how many
    /// pictures were emitted in all.
    fn finish(&mut self, sink: &mut Sink) -> Result<u64, MediaError> {
        if self.first_abs.is_none() {
            return Err(MediaError::NotDecodable(
                "no picture could be decoded".into(),
            ));
        }
        let end = self.ta
            + self
                .a_duration
                .or(self.last_interval)
                .unwrap_or(self.src_step);
        if end > self.max_secs {
            return Err(runaway());
        }
        let total = ((end * self.fps) - 0.5).ceil().max(1.0) as u64;
        sink.estimated_total = total;
        while self.k < total {
            self.out.copy_from(&self.a);
            sink.emit(&mut self.out, self.k)?;
            self.k += 1;
        }
        Ok(self.k)
    }
}

/// Where output pictures go: watermark, encoder, progress callback.
struct Sink<'a> {
    octx: &'a mut Output,
    video: &'a mut H264Stream,
    watermark: Option<Watermark>,
    progress: &'a mut dyn FnMut(u64, u64) -> bool,
    estimated_total: u64,
    pts_offset: i64,
    written: u64,
}

impl Sink<'_> {
    fn emit(&mut self, pic: &mut Plane3, k: u64) -> Result<(), MediaError> {
        if let Some(w) = &self.watermark {
            w.apply(pic);
        }
        let pts = self.pts_offset + i64::try_from(k).unwrap_or(i64::MAX);
        self.video.send(self.octx, pic, pts)?;
        self.written += 1;
        if !(self.progress)(self.written, self.estimated_total.max(self.written)) {
            return Err(MediaError::Canceled);
        }
        Ok(())
    }
}

/// When a source picture is shown (seconds, in the input's clock) and for how
/// long, as far as the input says.
struct PictureTime {
    secs: Option<f64>,
    duration: Option<f64>,
}

enum Event {
    /// A decoded picture, converted into the caller's [`Plane3`].
    Picture(PictureTime),
    /// A packet of the audio stream being copied.
    Audio(Packet),
    End,
}

/// What [`Source`] counts damage against.
const VIDEO_DAMAGED: &str = "too much of the video is damaged";

/// Demuxes the input, decodes its video stream and converts pictures to
/// yuv420p at an even size; hands audio packets through.
struct Source {
    demuxer: Demuxer,
    /// The audio stream whose packets are handed through.
    audio: Option<usize>,
    time_base: f64,
    /// Output size: the picture size rounded down to even numbers (yuv420p).
    width: u32,
    height: u32,
    fps: f64,
    start_secs: f64,
    duration_secs: Option<f64>,
    display_matrix: Option<[i32; 9]>,
    color: ColorProps,
    sample_aspect: Rational,
    limits: ProbeLimits,
    scaler: Option<(scaling::Context, (format::Pixel, u32, u32))>,
    decoded: frame::Video,
    converted: frame::Video,
}

impl Source {
    fn open(req: &RenderRequest, limits: &ProbeLimits) -> Result<Source, MediaError> {
        let input = open_input(&req.input, limits)?;
        let (video_index, time_base, fps, matrix, decoder, duration_secs) = {
            let stream = main_video_stream(&input).ok_or(MediaError::NoVideoStream)?;
            let index = stream.index();
            let tb = stream.time_base();
            if tb.numerator() <= 0 || tb.denominator() <= 0 {
                return Err(MediaError::NotDecodable("invalid time base".into()));
            }
            let fps = stream_fps(&stream).unwrap_or(30.0);
            let decoder = open_video_decoder(&stream, limits, true)?;
            let d = stream.duration();
            let duration = if d > 0 && d != ffi::AV_NOPTS_VALUE {
                Some(d as f64 * f64::from(tb))
            } else {
                container_duration(&input, index)
            };
            let matrix = display_matrix(&stream);
            (index, f64::from(tb), fps, matrix, decoder, duration)
        };
        let audio = main_audio_stream(&input).map(|s| s.index());
        let (w, h) = (decoder.width(), decoder.height());
        limits.check_size(w, h)?;
        let (width, height) = (w & !1, h & !1);
        if width < 2 || height < 2 {
            return Err(MediaError::NotDecodable(format!(
                "the picture size {w}x{h} is too small"
            )));
        }
        let color = color_props(&decoder);
        let sample_aspect = decoder.aspect_ratio();
        let demuxer = Demuxer::new(input).with_video(video_index, decoder);
        let start_secs = demuxer.start_time() as f64 / f64::from(ffi::AV_TIME_BASE);
        Ok(Source {
            demuxer,
            audio,
            time_base,
            width,
            height,
            fps,
            start_secs,
            duration_secs,
            display_matrix: matrix,
            color,
            sample_aspect,
            limits: limits.clone(),
            scaler: None,
            decoded: frame::Video::empty(),
            converted: frame::Video::empty(),
        })
    }

    /// The next event; a picture is written into `into`.
    fn next(&mut self, into: &mut Plane3) -> Result<Event, MediaError> {
        loop {
            match self.demuxer.receive(Medium::Video, &mut self.decoded) {
                Received::Frame => {
                    self.convert(into)?;
                    return Ok(Event::Picture(self.picture_time()));
                }
                Received::Again if self.demuxer.at_end() => return Ok(Event::End),
                Received::Again => {}
                Received::End => return Ok(Event::End),
                Received::Failed(_) => {
                    self.demuxer.damaged(VIDEO_DAMAGED)?;
                    if self.demuxer.at_end() {
                        continue;
                    }
                }
            }
            match self.demuxer.read()? {
                Read::Refused | Read::Damaged => self.demuxer.damaged(VIDEO_DAMAGED)?,
                Read::Other(packet) if Some(packet.stream()) == self.audio => {
                    return Ok(Event::Audio(packet))
                }
                Read::Sent | Read::Other(_) | Read::End => {}
            }
        }
    }

    fn picture_time(&self) -> PictureTime {
        let ts = self.decoded.timestamp().or(self.decoded.pts());
        let duration = self.decoded.packet().duration;
        PictureTime {
            secs: ts.map(|t| t as f64 * self.time_base),
            duration: (duration > 0).then_some(duration as f64 * self.time_base),
        }
    }

    /// Converts the decoded picture into `into` (yuv420p, output size).
    fn convert(&mut self, into: &mut Plane3) -> Result<(), MediaError> {
        let f = &self.decoded;
        let src = (f.format(), f.width(), f.height());
        if src.1 == 0 || src.2 == 0 {
            return Err(MediaError::NotDecodable("a picture has no size".into()));
        }
        self.limits.check_size(src.1, src.2)?;
        if into.width != self.width || into.height != self.height {
            *into = Plane3::new(self.width, self.height);
        }
        if src == (format::Pixel::YUV420P, self.width, self.height) {
            into.copy_from_frame(f);
            return Ok(());
        }
        if self.scaler.as_ref().map(|(_, key)| *key) != Some(src) {
            let ctx = scaling::Context::get(
                src.0,
                src.1,
                src.2,
                format::Pixel::YUV420P,
                self.width,
                self.height,
                scaling::Flags::BILINEAR,
            )
            .map_err(|_| {
                let name = src.0.descriptor().map_or("unknown", |d| d.name());
                MediaError::NotDecodable(format!("the pixel format {name} is not supported"))
            })?;
            self.scaler = Some((ctx, src));
        }
        if let Some((ctx, _)) = self.scaler.as_mut() {
            ctx.run(&self.decoded, &mut self.converted)
                .map_err(MediaError::ffmpeg("converting a picture"))?;
            into.copy_from_frame(&self.converted);
        }
        Ok(())
    }
}

/// The decoder's colour description, as the output keeps it.
fn color_props(decoder: &ffmpeg::decoder::Video) -> ColorProps {
    ColorProps {
        space: decoder.color_space(),
        // Full-range "yuvj" input leaves the scaler as limited range.
        range: if is_full_range_format(decoder.format()) {
            ffmpeg::color::Range::MPEG
        } else {
            decoder.color_range()
        },
        primaries: decoder.color_primaries(),
        trc: decoder.color_transfer_characteristic(),
    }
}

fn is_full_range_format(p: format::Pixel) -> bool {
    matches!(
        p,
        format::Pixel::YUVJ420P
            | format::Pixel::YUVJ422P
            | format::Pixel::YUVJ444P
            | format::Pixel::YUVJ440P
            | format::Pixel::YUVJ411P
    )
}

/// 5x7 block letters of "KILN"; each row is 5 bits, MSB = leftmost column.
const GLYPHS: [[u8; 7]; 4] = [
    // K
    [
        0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001,
    ],
    // I
    [
        0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b11111,
    ],
    // L
    [
        0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111,
    ],
    // N
    [
        0b10001, 0b11001, 0b11001, 0b10101, 0b10011, 0b10011, 0b10001,
    ],
];
const GLYPH_COLS: u32 = 5;
const GLYPH_ROWS: u32 = 7;
/// Text width in cells: four glyphs and three one-cell gaps.
const TEXT_COLS: u32 = 4 * GLYPH_COLS + 3;

/// A semi-transparent "KILN" in the bottom-right corner, scaled with the
/// picture: bright letters over a soft dark shadow, chroma pulled to grey, so
/// it reads on light and dark content alike.
#[derive(Debug, Clone)]
pub(crate) struct Watermark {
    cell: u32,
    x0: u32,
    y0: u32,
    shadow: u32,
}

impl Watermark {
    pub(crate) fn new(width: u32, height: u32) -> Self {
        let short = width.min(height);
        let mut cell = (short / 60).max(2);
        // Shrink to fit narrow pictures (text plus margins of two cells).
        while cell > 1 && (TEXT_COLS + 4) * cell > width {
            cell -= 1;
        }
        let margin = 2 * cell;
        let x0 = width.saturating_sub(TEXT_COLS * cell + margin);
        let y0 = height.saturating_sub(GLYPH_ROWS * cell + margin);
        Watermark {
            cell,
            x0,
            y0,
            shadow: (cell / 2).max(1),
        }
    }

    /// The area the text covers (x, y, width, height), shadow included.
    #[cfg(test)]
    pub(crate) fn bounds(&self) -> (u32, u32, u32, u32) {
        (
            self.x0,
            self.y0,
            TEXT_COLS * self.cell + self.shadow,
            GLYPH_ROWS * self.cell + self.shadow,
        )
    }

    fn lit_cells(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        GLYPHS.iter().enumerate().flat_map(move |(g, rows)| {
            rows.iter().enumerate().flat_map(move |(r, bits)| {
                (0..GLYPH_COLS).filter_map(move |c| {
                    let on = bits & (1 << (GLYPH_COLS - 1 - c)) != 0;
                    on.then_some((g as u32 * (GLYPH_COLS + 1) + c, r as u32))
                })
            })
        })
    }

    pub(crate) fn apply(&self, pic: &mut Plane3) {
        let cell = self.cell;
        // Shadow first, offset down-right; letters on top.
        for (cx, cy) in self.lit_cells() {
            let x = self.x0 + cx * cell + self.shadow;
            let y = self.y0 + cy * cell + self.shadow;
            fill(pic, x, y, cell, &|v| (u32::from(v) * 2 / 5 + 6) as u8, None);
        }
        for (cx, cy) in self.lit_cells() {
            let x = self.x0 + cx * cell;
            let y = self.y0 + cy * cell;
            // 75 % of the way to white, chroma 75 % of the way to grey.
            fill(
                pic,
                x,
                y,
                cell,
                &|v| ((u32::from(v) * 25 + 235 * 75) / 100) as u8,
                Some(&|v| ((u32::from(v) * 25 + 128 * 75) / 100) as u8),
            );
        }
    }
}

/// Applies `luma` to a `size`-square block at (x, y), and `chroma` to the
/// matching chroma samples, clipped to the picture.
fn fill(
    pic: &mut Plane3,
    x: u32,
    y: u32,
    size: u32,
    luma: &dyn Fn(u8) -> u8,
    chroma: Option<&dyn Fn(u8) -> u8>,
) {
    let (w, h) = (pic.width, pic.height);
    let (x1, y1) = ((x + size).min(w), (y + size).min(h));
    if x >= x1 || y >= y1 {
        return;
    }
    for row in y..y1 {
        let base = (row * w) as usize;
        for v in &mut pic.y[base + x as usize..base + x1 as usize] {
            *v = luma(*v);
        }
    }
    if let Some(chroma) = chroma {
        let cw = pic.chroma_width();
        let (cx0, cx1) = (x / 2, x1.div_ceil(2));
        for row in y / 2..y1.div_ceil(2) {
            let base = (row * cw) as usize;
            for plane in [&mut pic.u, &mut pic.v] {
                if let Some(s) = plane.get_mut(base + cx0 as usize..base + cx1 as usize) {
                    for v in s {
                        *v = chroma(*v);
                    }
                }
            }
        }
    }
}

/// Decodes up to `max` pictures of `path` (converted to yuv420p), for tests
/// that look at pixels.
pub fn decode_pictures(path: &std::path::Path, max: usize) -> Result<Vec<Plane3>, MediaError> {
    let req = RenderRequest {
        input: path.to_path_buf(),
        output: PathBuf::new(),
        target_fps: 1,
        watermark: false,
    };
    let mut source = Source::open(&req, &ProbeLimits::default())?;
    source.audio = None;
    let mut out = Vec::new();
    let mut pic = Plane3::new(source.width, source.height);
    while out.len() < max {
        match source.next(&mut pic)? {
            Event::Picture(_) => out.push(pic.clone()),
            Event::Audio(_) => {}
            Event::End => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::probe::probe;
    use crate::media::testclip::{write_clip, write_clip_rotated, ClipSpec};
    use std::path::Path;

    const SPEC: ClipSpec = ClipSpec {
        width: 320,
        height: 240,
        fps: 30,
        duration_secs: 2.0,
        audio: true,
    };

    fn mean_abs_diff(a: &[u8], b: &[u8]) -> f64 {
        let sum: u64 = a
            .iter()
            .zip(b)
            .map(|(&x, &y)| u64::from(x.abs_diff(y)))
            .sum();
        sum as f64 / a.len().max(1) as f64
    }

    fn region(p: &Plane3, (x, y, w, h): (u32, u32, u32, u32)) -> Vec<u8> {
        let mut v = Vec::new();
        for row in y..(y + h).min(p.height) {
            let base = (row * p.width) as usize;
            v.extend_from_slice(&p.y[base + x as usize..base + (x + w).min(p.width) as usize]);
        }
        v
    }

    fn render_to(input: &Path, output: &Path, fps: u32, watermark: bool) -> RenderStats {
        let req = RenderRequest {
            input: input.to_path_buf(),
            output: output.to_path_buf(),
            target_fps: fps,
            watermark,
        };
        render(&req, &mut |_, _| true).expect("render")
    }

    #[test]
    fn doubles_the_frame_rate_and_keeps_duration_and_audio() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.mp4");
        write_clip(&input, &SPEC).unwrap();
        let output = dir.path().join("out.mp4");
        let mut calls = 0u64;
        let mut last = (0, 0);
        let req = RenderRequest::plain(&input, &output, 60);
        let stats = render(&req, &mut |done, total| {
            calls += 1;
            assert!(done <= total);
            last = (done, total);
            true
        })
        .expect("render");
        assert_eq!(stats.frames_in, 60);
        assert!(stats.frames_out.abs_diff(120) <= 1, "{stats:?}");
        assert_eq!(calls, stats.frames_out);
        assert_eq!(last, (stats.frames_out, stats.frames_out));

        let src = probe(&input, &ProbeLimits::default()).unwrap();
        let info = probe(&output, &ProbeLimits::default()).unwrap();
        let v = info.video.as_ref().unwrap();
        assert_eq!((v.codec.as_str(), v.width, v.height), ("h264", 320, 240));
        assert_eq!(v.pix_fmt, "yuv420p");
        assert!((v.fps - 60.0).abs() < 1e-6, "fps {}", v.fps);
        let frames = v.frames.expect("frame count");
        assert!(frames.abs_diff(120) <= 1, "frames {frames}");
        assert!(
            (info.duration_secs - src.duration_secs).abs() <= 1.0 / 30.0 + 1e-6,
            "duration {} vs {}",
            info.duration_secs,
            src.duration_secs
        );
        let (a_in, a_out) = (src.audio.unwrap(), info.audio.expect("audio copied"));
        assert_eq!(a_in, a_out);
    }

    #[test]
    fn blend_interpolated_frames_are_real_blends() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.mp4");
        write_clip(
            &input,
            &ClipSpec {
                duration_secs: 0.5,
                audio: false,
                ..SPEC
            },
        )
        .unwrap();
        let output = dir.path().join("out.mp4");
        let req = RenderRequest::plain(&input, &output, 60);
        render_with(&req, &mut BlendInterpolator, &mut |_, _| true).expect("render");
        let src = decode_pictures(&input, 3).unwrap();
        let out = decode_pictures(&output, 5).unwrap();
        assert_eq!(out.len(), 5);
        // Even outputs are the source frames, odd ones lie between them.
        for (i, s) in [(0usize, 0usize), (2, 1), (4, 2)] {
            let d = mean_abs_diff(&out[i].y, &src[s].y);
            assert!(d < 1.5, "output {i} vs source {s}: {d}");
        }
        for i in [1usize, 3] {
            let (prev, mid, next) = (&out[i - 1], &out[i], &out[i + 1]);
            let d_prev = mean_abs_diff(&mid.y, &prev.y);
            let d_next = mean_abs_diff(&mid.y, &next.y);
            assert!(d_prev > 0.5 && d_next > 0.5, "{i}: {d_prev} {d_next}");
            let avg: Vec<u8> = prev
                .y
                .iter()
                .zip(&next.y)
                .map(|(&x, &y)| (u16::from(x) + u16::from(y)).div_ceil(2) as u8)
                .collect();
            let d_avg = mean_abs_diff(&mid.y, &avg);
            assert!(d_avg < d_prev / 2.0 && d_avg < d_next / 2.0, "{i}: {d_avg}");
        }
    }

    #[test]
    fn blend_interpolator_is_exact_at_the_ends() {
        let mut a = Plane3::new(4, 4);
        let mut b = Plane3::new(4, 4);
        a.y.fill(20);
        b.y.fill(220);
        b.u.fill(0);
        let mut out = Plane3::new(2, 2);
        let mut blend = BlendInterpolator;
        blend.interpolate(&a, &b, 0.0, &mut out);
        assert_eq!(out, a);
        blend.interpolate(&a, &b, 1.0, &mut out);
        assert_eq!(out, b);
        blend.interpolate(&a, &b, 0.5, &mut out);
        assert!(out.y.iter().all(|&v| v == 120));
        assert!(out.u.iter().all(|&v| v == 64));
        blend.interpolate(&a, &b, 0.25, &mut out);
        assert!(out.y.iter().all(|&v| v == 70));
    }

    #[test]
    fn cancel_stops_the_render_and_removes_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.mp4");
        write_clip(
            &input,
            &ClipSpec {
                duration_secs: 1.0,
                ..SPEC
            },
        )
        .unwrap();
        let output = dir.path().join("out.mp4");
        let req = RenderRequest::plain(&input, &output, 60);
        let mut seen = 0;
        let err = render(&req, &mut |done, _| {
            seen = done;
            done < 5
        })
        .unwrap_err();
        assert!(matches!(err, MediaError::Canceled), "{err}");
        assert_eq!(seen, 5);
        assert!(!output.exists());
    }

    #[test]
    fn watermark_marks_its_corner_only() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.mp4");
        write_clip(
            &input,
            &ClipSpec {
                duration_secs: 0.2,
                audio: false,
                ..SPEC
            },
        )
        .unwrap();
        let (plain, marked) = (dir.path().join("plain.mp4"), dir.path().join("marked.mp4"));
        render_to(&input, &plain, 30, false);
        render_to(&input, &marked, 30, true);
        let p = &decode_pictures(&plain, 1).unwrap()[0];
        let m = &decode_pictures(&marked, 1).unwrap()[0];
        let wm = Watermark::new(p.width, p.height);
        let (x, y, w, h) = wm.bounds();
        assert!(x + w > p.width * 3 / 4 && y + h > p.height * 3 / 4);
        let corner = mean_abs_diff(&region(p, (x, y, w, h)), &region(m, (x, y, w, h)));
        assert!(corner > 20.0, "watermark barely visible: {corner}");
        let elsewhere = mean_abs_diff(&region(p, (0, 0, w, h)), &region(m, (0, 0, w, h)));
        assert!(elsewhere < 2.0, "watermark leaked: {elsewhere}");
    }

    #[test]
    fn keeps_the_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.mp4");
        write_clip_rotated(
            &input,
            &ClipSpec {
                duration_secs: 0.2,
                audio: false,
                ..SPEC
            },
            90,
        )
        .unwrap();
        let src = probe(&input, &ProbeLimits::default()).unwrap();
        assert_eq!(src.video.unwrap().rotation, 90);
        let output = dir.path().join("out.mp4");
        render_to(&input, &output, 60, false);
        let out = probe(&output, &ProbeLimits::default()).unwrap();
        assert_eq!(out.video.unwrap().rotation, 90);
    }

    #[test]
    fn rejects_bad_requests() {
        let dir = tempfile::tempdir().unwrap();
        let req = RenderRequest::plain(&dir.path().join("in.mp4"), &dir.path().join("out.mp4"), 0);
        assert!(matches!(
            render(&req, &mut |_, _| true),
            Err(MediaError::InvalidRequest(_))
        ));
        let text = dir.path().join("in.mp4");
        std::fs::write(&text, "not a video").unwrap();
        let req = RenderRequest {
            target_fps: 60,
            ..req
        };
        assert!(matches!(
            render(&req, &mut |_, _| true),
            Err(MediaError::NotDecodable(_))
        ));
        assert!(!req.output.exists());
    }
}

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

mod ahead;
mod plane;
mod retime;
mod sink;
mod source;
mod streams;
mod watermark;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ahead::{Ahead, Decoding};
pub use plane::Plane3;
use retime::Retimer;
use sink::{OutputFile, Sink};
use source::{Event, Source};
pub use streams::Kept;
pub(crate) use watermark::Watermark;

use super::interpolate::MciInterpolator;
use super::probe::ProbeLimits;
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
    /// Source pictures that repeated the one before (merged into it).
    pub repeated: u64,
    /// Where the time went.
    pub timings: StageTimes,
    /// What of the source the output kept.
    pub kept: Kept,
}

/// Time spent per stage of a render. Decoding and synthesis run on one
/// side, encoding and writing on another, side by side: the stages add up
/// to more than the wall time when they overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// Reading, decoding and converting the source.
    pub decode: Duration,
    /// Estimating motion between source pictures.
    pub motion: Duration,
    /// Making the output pictures from the motion.
    pub synthesis: Duration,
    /// x264.
    pub encode: Duration,
    /// Writing the MP4 (packets, index).
    pub mux: Duration,
    /// The whole render, wall time.
    pub total: Duration,
}

/// Synthesises the picture at fraction `t` (0 = `a`, 1 = `b`) of the way from
/// source frame `a` to source frame `b`, writing it into `out`. `a` and `b`
/// have the same size; `out` may hold anything and is resized as needed.
pub trait Interpolator: Send {
    fn interpolate(&mut self, a: &Plane3, b: &Plane3, t: f32, out: &mut Plane3);

    /// Time spent so far estimating motion, within [`Interpolator::interpolate`].
    fn motion_time(&self) -> Duration {
        Duration::ZERO
    }
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
    let started = Instant::now();
    // Sizes are bounded here too (pictures are allocated from them); the
    // duration limit is the caller's business, via probe.
    let limits = ProbeLimits {
        max_duration_secs: f64::INFINITY,
        ..ProbeLimits::default()
    };
    let mut source = Source::open(req, &limits)?;
    let fps = f64::from(req.target_fps);
    let (file, plan) = OutputFile::create(req, &source)?;
    source.copied = plan.copied.iter().map(|&(index, _)| index).collect();
    let mut kept = plan.kept;
    if source.coded_size != (source.width, source.height) {
        kept.resized = Some((source.coded_size, (source.width, source.height)));
    }
    let watermark = req
        .watermark
        .then(|| Watermark::new(source.width, source.height));
    let estimated_total = source
        .duration_secs
        .map_or(1, |d| (d * fps).round().max(1.0) as u64);
    let mut sink = Sink::start(file, watermark, estimated_total, progress)?;
    let mut retimer = Retimer::new(&source, fps);
    let motion_before = interpolator.motion_time();
    let mut input = Decoding::start(source)?;
    loop {
        match input.next()? {
            Ahead::End => break,
            Ahead::Packet(packet) => sink.packet(packet)?,
            Ahead::Picture(time, pic) => {
                input.recycle(std::mem::replace(&mut retimer.b, pic));
                retimer.picture(time, interpolator, &mut sink)?;
            }
        }
    }
    let decode = input.finish();
    let frames_out = retimer.finish(&mut sink)?;
    let output = sink.finish()?;
    let motion = interpolator.motion_time().saturating_sub(motion_before);
    Ok(RenderStats {
        frames_in: retimer.frames_in,
        frames_out,
        duration_secs: frames_out as f64 / fps,
        repeated: retimer.repeated,
        timings: StageTimes {
            decode,
            motion,
            synthesis: retimer.interpolating.saturating_sub(motion),
            encode: output.encode,
            mux: output.mux,
            total: started.elapsed(),
        },
        kept,
    })
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
    let mut out = Vec::new();
    let mut pic = Plane3::new(source.width, source.height);
    while out.len() < max {
        match source.next(&mut pic)? {
            Event::Picture(_) => out.push(pic.clone()),
            Event::Packet(_) => {}
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

//! Real test media made on the fly (no binary fixtures in git): an H.264
//! (libx264, yuv420p) MP4 showing a bright square moving over a gradient, so
//! interpolation is visible, with an optional AAC stereo 48 kHz sine tone of
//! the same duration. Used by tests and benchmarks.

use std::path::Path;

use ffmpeg::format::context::Output;
use ffmpeg::{codec, encoder, format, frame, ChannelLayout, Rational};
use ffmpeg_next as ffmpeg;

use super::av::output::{self, set_display_matrix};
use super::av::StreamEncoder;
use super::encode::{H264Config, H264Stream};
use super::render::Plane3;
use super::{init, MediaError};

/// What [`write_clip`] makes.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipSpec {
    /// Even, 16..=8192.
    pub width: u32,
    /// Even, 16..=8192.
    pub height: u32,
    /// 1..=240.
    pub fps: u32,
    /// Above 0, at most an hour.
    pub duration_secs: f64,
    /// Add an AAC stereo 48 kHz 440 Hz tone.
    pub audio: bool,
}

impl ClipSpec {
    /// 320x240 at 30 fps with sound, lasting `duration_secs`.
    pub fn small(duration_secs: f64) -> ClipSpec {
        ClipSpec {
            width: 320,
            height: 240,
            fps: 30,
            duration_secs,
            audio: true,
        }
    }
}

const SAMPLE_RATE: i32 = 48_000;
const TONE_HZ: f64 = 440.0;

/// Writes the clip described by `spec` to `path` as an MP4.
pub fn write_clip(path: &Path, spec: &ClipSpec) -> Result<(), MediaError> {
    write_clip_rotated(path, spec, 0)
}

/// Like [`write_clip`], the tone silent within each of `quiet` (start, end
/// seconds): a recording with pauses.
pub fn write_clip_with_pauses(
    path: &Path,
    spec: &ClipSpec,
    quiet: &[(f64, f64)],
) -> Result<(), MediaError> {
    write_clip_as(path, spec, 0, quiet, "mp4")
}

/// Like [`write_clip`], in an MPEG transport stream: a camcorder's AVCHD
/// clip (.MTS).
pub fn write_clip_ts(path: &Path, spec: &ClipSpec) -> Result<(), MediaError> {
    write_clip_as(path, spec, 0, &[], "mpegts")
}

/// Like [`write_clip`], with a display matrix telling players to rotate the
/// picture `rotation_cw` degrees clockwise (as phones record portrait video).
pub fn write_clip_rotated(
    path: &Path,
    spec: &ClipSpec,
    rotation_cw: i32,
) -> Result<(), MediaError> {
    write_clip_as(path, spec, rotation_cw, &[], "mp4")
}

fn write_clip_as(
    path: &Path,
    spec: &ClipSpec,
    rotation_cw: i32,
    quiet: &[(f64, f64)],
    container: &str,
) -> Result<(), MediaError> {
    validate(spec)?;
    init();
    let mut octx = output::create(path, container)?;
    let result = write_streams(&mut octx, spec, rotation_cw, quiet);
    drop(octx);
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    result
}

fn validate(spec: &ClipSpec) -> Result<(), MediaError> {
    let bad = |why: &str| Err(MediaError::InvalidRequest(format!("test clip: {why}")));
    for d in [spec.width, spec.height] {
        if !(16..=8192).contains(&d) || d % 2 != 0 {
            return bad("width and height must be even and within 16..=8192");
        }
    }
    if !(1..=240).contains(&spec.fps) {
        return bad("fps must be within 1..=240");
    }
    if !(spec.duration_secs.is_finite() && spec.duration_secs > 0.0 && spec.duration_secs <= 3600.0)
    {
        return bad("duration must be above 0 and at most 3600 s");
    }
    Ok(())
}

fn write_streams(
    octx: &mut Output,
    spec: &ClipSpec,
    rotation_cw: i32,
    quiet: &[(f64, f64)],
) -> Result<(), MediaError> {
    let mut video = H264Stream::add(
        octx,
        &H264Config {
            width: spec.width,
            height: spec.height,
            fps: spec.fps,
            preset: "ultrafast",
            crf: 23,
            color: None,
            sample_aspect: None,
        },
    )?;
    if rotation_cw.rem_euclid(360) != 0 {
        let mut m = [0i32; 9];
        // SAFETY: `m` is the 3x3 matrix av_display_rotation_set fills. In
        // FFmpeg 5.1 it takes the clockwise angle (av_display_rotation_get
        // answers the counter-clockwise one).
        unsafe { ffmpeg::ffi::av_display_rotation_set(m.as_mut_ptr(), f64::from(rotation_cw)) };
        set_display_matrix(octx, video.index(), &m)?;
    }
    let mut audio = if spec.audio {
        Some(ToneStream::add(octx, quiet.to_vec())?)
    } else {
        None
    };
    octx.write_header()
        .map_err(MediaError::ffmpeg("writing the MP4 header"))?;

    let frames = (spec.duration_secs * f64::from(spec.fps)).round().max(1.0) as u64;
    let samples = (spec.duration_secs * f64::from(SAMPLE_RATE)).round() as u64;
    let background = background(spec.width, spec.height);
    let mut pic = background.clone();
    let mut next_frame = 0u64;
    loop {
        let video_time = next_frame as f64 / f64::from(spec.fps);
        let audio_pending = audio
            .as_ref()
            .filter(|a| a.next_sample < samples)
            .map(|a| a.next_sample as f64 / f64::from(SAMPLE_RATE));
        match (next_frame < frames, audio_pending) {
            (true, at) if at.is_none_or(|at| video_time <= at) => {
                pic.copy_from(&background);
                draw_square(&mut pic, next_frame, frames);
                video.send(octx, &pic, next_frame as i64)?;
                next_frame += 1;
            }
            (_, Some(_)) => {
                if let Some(a) = audio.as_mut() {
                    a.send_next(octx, samples)?;
                }
            }
            _ => break,
        }
    }
    video.finish(octx)?;
    if let Some(a) = audio.as_mut() {
        a.finish(octx)?;
    }
    octx.write_trailer()
        .map_err(MediaError::ffmpeg("finishing the MP4 file"))
}

/// A diagonal luma gradient with a gentle colour ramp.
fn background(width: u32, height: u32) -> Plane3 {
    let mut p = Plane3::new(width, height);
    let (w, h) = (width as usize, height as usize);
    for y in 0..h {
        for x in 0..w {
            p.y[y * w + x] = (40 + x * 120 / w + y * 40 / h) as u8;
        }
    }
    let (cw, ch) = (p.chroma_width() as usize, p.chroma_height() as usize);
    for y in 0..ch {
        for x in 0..cw {
            p.u[y * cw + x] = (108 + x * 40 / cw) as u8;
            p.v[y * cw + x] = (108 + y * 40 / ch) as u8;
        }
    }
    p
}

/// A bright orange square crossing the picture left to right over the clip,
/// bobbing up and down.
fn draw_square(p: &mut Plane3, frame: u64, frames: u64) {
    let (w, h) = (p.width as usize, p.height as usize);
    let side = (h / 4).max(2) & !1;
    let travel = (w - side) as f64;
    let progress = frame as f64 / (frames.max(2) - 1) as f64;
    let x0 = ((progress * travel) as usize) & !1;
    let bob = ((frame as f64 * 0.35).sin() * (h / 8) as f64) as isize;
    let y0 = (((h - side) / 2) as isize + bob).clamp(0, (h - side) as isize) as usize & !1;
    for y in y0..y0 + side {
        p.y[y * w + x0..y * w + x0 + side].fill(235);
    }
    let cw = p.chroma_width() as usize;
    for y in y0 / 2..(y0 + side) / 2 {
        p.u[y * cw + x0 / 2..y * cw + (x0 + side) / 2].fill(70);
        p.v[y * cw + x0 / 2..y * cw + (x0 + side) / 2].fill(200);
    }
}

/// The AAC tone stream of a clip being written.
struct ToneStream {
    encoder: StreamEncoder,
    frame_size: usize,
    next_sample: u64,
    quiet: Vec<(f64, f64)>,
}

impl ToneStream {
    fn add(octx: &mut Output, quiet: Vec<(f64, f64)>) -> Result<Self, MediaError> {
        let codec = encoder::find(codec::Id::AAC).ok_or(MediaError::EncoderUnavailable("AAC"))?;
        let (index, mut enc) = StreamEncoder::new_audio(octx, codec, "setting up the AAC encoder")?;
        let time_base = Rational::new(1, SAMPLE_RATE);
        enc.set_rate(SAMPLE_RATE);
        enc.set_format(format::Sample::F32(format::sample::Type::Planar));
        enc.set_channel_layout(ChannelLayout::STEREO);
        enc.set_bit_rate(128_000);
        enc.set_time_base(time_base);
        let opened = enc
            .open_as(codec)
            .map_err(MediaError::ffmpeg("opening the AAC encoder"))?;
        let frame_size = match opened.frame_size() {
            0 => 1024,
            n => n as usize,
        };
        Ok(ToneStream {
            encoder: StreamEncoder::audio(octx, index, opened, time_base)?,
            frame_size,
            next_sample: 0,
            quiet,
        })
    }

    /// Encodes the next frame of the tone (shorter at the very end).
    fn send_next(&mut self, octx: &mut Output, total: u64) -> Result<(), MediaError> {
        let n = (total - self.next_sample).min(self.frame_size as u64) as usize;
        let mut f = frame::Audio::new(
            format::Sample::F32(format::sample::Type::Planar),
            n,
            ChannelLayout::STEREO,
        );
        f.set_rate(SAMPLE_RATE as u32);
        for ch in 0..2 {
            for (i, s) in f.plane_mut::<f32>(ch).iter_mut().take(n).enumerate() {
                let t = (self.next_sample + i as u64) as f64 / f64::from(SAMPLE_RATE);
                let on = !self.quiet.iter().any(|&(a, b)| (a..b).contains(&t));
                *s = if on {
                    (0.2 * (2.0 * std::f64::consts::PI * TONE_HZ * t).sin()) as f32
                } else {
                    0.0
                };
            }
        }
        f.set_pts(Some(self.next_sample as i64));
        self.next_sample += n as u64;
        self.encoder.send_frame(&f)?;
        self.encoder.drain(octx)
    }

    fn finish(&mut self, octx: &mut Output) -> Result<(), MediaError> {
        self.encoder.finish(octx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_clip_that_probes_as_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clip.mp4");
        write_clip(&path, &ClipSpec::small(2.0)).unwrap();
        let info = crate::media::probe::probe(&path, &Default::default()).unwrap();
        let video = info.video.unwrap();
        assert_eq!((video.width, video.height), (320, 240));
        assert!((video.fps - 30.0).abs() < 0.01, "{}", video.fps);
        assert!(
            (info.duration_secs - 2.0).abs() < 0.1,
            "{}",
            info.duration_secs
        );
        assert!(info.audio.is_some());
    }

    #[test]
    fn refuses_odd_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let spec = ClipSpec {
            width: 321,
            height: 240,
            fps: 30,
            duration_secs: 1.0,
            audio: false,
        };
        let err = write_clip(&dir.path().join("x.mp4"), &spec).unwrap_err();
        assert!(matches!(err, MediaError::InvalidRequest(_)), "{err}");
    }
}

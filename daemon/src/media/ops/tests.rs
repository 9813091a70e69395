//! Tests of the media operations on real media generated here (test clips,
//! a hand-written WAV, pictures drawn with the `image` crate): every
//! operation runs and its output is probed; a dozen printed command lines
//! run through the real `ffmpeg` and must agree with the in-process result.

use std::path::{Path, PathBuf};

use ffmpeg::format::context::Input;
use ffmpeg::software::scaling;
use ffmpeg::{codec, format, frame, media, Packet};
use ffmpeg_next as ffmpeg;

use super::*;
use crate::media::probe::{self, ProbeLimits};
use crate::media::testclip::{write_clip, write_clip_rotated, write_clip_with_pauses, ClipSpec};

pub(super) const W: u32 = 160;
pub(super) const H: u32 = 120;
pub(super) const FPS: u32 = 20;

fn clip_spec(secs: f64, audio: bool) -> ClipSpec {
    ClipSpec {
        width: W,
        height: H,
        fps: FPS,
        duration_secs: secs,
        audio,
    }
}

pub(super) fn clip(dir: &Path, name: &str, secs: f64, audio: bool) -> PathBuf {
    let p = dir.join(name);
    write_clip(&p, &clip_spec(secs, audio)).expect("write clip");
    p
}

/// A 16-bit stereo 48 kHz WAV: a 440 Hz tone at `amplitude` (0..1).
pub(super) fn wav(dir: &Path, name: &str, secs: f64, amplitude: f64) -> PathBuf {
    wav_shaped(dir, name, secs, |_| amplitude)
}

/// Like [`wav`], the tone's amplitude at each second given by `shape`.
pub(super) fn wav_shaped(dir: &Path, name: &str, secs: f64, shape: impl Fn(f64) -> f64) -> PathBuf {
    let rate = 48_000u32;
    let n = (secs * f64::from(rate)) as u32;
    let mut data = Vec::with_capacity(n as usize * 4);
    for i in 0..n {
        let s = (shape(f64::from(i) / f64::from(rate))
            * 32767.0
            * (2.0 * std::f64::consts::PI * 440.0 * f64::from(i) / f64::from(rate)).sin())
            as i16;
        data.extend_from_slice(&s.to_le_bytes());
        data.extend_from_slice(&s.to_le_bytes());
    }
    write_wav(&dir.join(name), rate, 16, &data)
}

/// Writes stereo PCM `data` of `bits` per sample at `rate` as a WAV file.
pub(super) fn write_wav(p: &Path, rate: u32, bits: u16, data: &[u8]) -> PathBuf {
    let block = 2 * bits / 8;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    b.extend_from_slice(&block.to_le_bytes());
    b.extend_from_slice(&bits.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(data.len() as u32).to_le_bytes());
    b.extend_from_slice(data);
    std::fs::write(p, b).unwrap();
    p.to_path_buf()
}

/// A `w` x `h` picture: red top-left quadrant, blue elsewhere on the left
/// half, a horizontal gradient in green on the right half.
pub(super) fn picture(w: u32, h: u32) -> ::image::RgbImage {
    ::image::RgbImage::from_fn(w, h, |x, y| {
        if x < w / 2 {
            if y < h / 2 {
                ::image::Rgb([220, 30, 30])
            } else {
                ::image::Rgb([30, 30, 220])
            }
        } else {
            ::image::Rgb([40, (x * 255 / w) as u8, 40])
        }
    })
}

pub(super) fn png(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let p = dir.join(name);
    picture(w, h).save(&p).unwrap();
    p
}

pub(super) fn run_op(op: &Operation, inputs: &[PathBuf], out_dir: &Path) -> Vec<PathBuf> {
    let mut calls = 0u64;
    let outs = run(
        op,
        inputs,
        out_dir,
        &OpLimits::default(),
        &mut |done, total| {
            assert!(done <= total, "{done} > {total}");
            calls += 1;
            true
        },
    )
    .unwrap_or_else(|e| panic!("{op:?}: {e}"));
    assert!(calls > 0, "no progress reported");
    for o in &outs {
        assert!(
            std::fs::metadata(o).unwrap().len() > 0,
            "{} is empty",
            o.display()
        );
    }
    outs
}

/// Checks the picture size `op` predicts for `input`.
fn assert_predicts_size(op: &Operation, input: &Path, (w, h): (u32, u32)) {
    let predicted = op.output(&facts(input)).unwrap();
    assert_eq!(
        (predicted.width, predicted.height),
        (Some(w), Some(h)),
        "{op:?}"
    );
}

/// Runs a step that must fail, and answers why.
pub(super) fn run_err(op: &Operation, inputs: &[PathBuf], out_dir: &Path) -> MediaError {
    run(op, inputs, out_dir, &OpLimits::default(), &mut |_, _| true)
        .expect_err("the step should fail")
}

pub(super) fn run1(op: &Operation, input: &Path, out_dir: &Path) -> PathBuf {
    let outs = run_op(op, &[input.to_path_buf()], out_dir);
    assert_eq!(outs.len(), 1, "{outs:?}");
    outs.into_iter().next().unwrap()
}

/// Streams of a file, as FFmpeg sees them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Streams {
    pub format: String,
    pub video: Option<(String, u32, u32, f64)>,
    pub audio: Option<(String, u32, u32)>,
    pub duration: f64,
    pub frames: u64,
}

fn open(path: &Path) -> Input {
    probe::open_input_with(
        path,
        &ProbeLimits::default(),
        "mov,matroska,webm,avi,mpeg,asf,flv,gif,mp3,wav,aiff,flac,ogg,image2,png_pipe,jpeg_pipe",
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn video_decoder(stream: &ffmpeg::Stream) -> ffmpeg::decoder::Video {
    codec::context::Context::from_parameters(stream.parameters())
        .unwrap()
        .decoder()
        .video()
        .unwrap()
}

/// Probes streams and counts video frames by decoding.
pub(super) fn streams(path: &Path) -> Streams {
    let mut input = open(path);
    let format = input.format().name().to_string();
    let v = probe::main_video_stream(&input).map(|s| {
        let (w, h) = probe::declared_size(&s);
        (
            s.index(),
            s.parameters().id().name().to_string(),
            w,
            h,
            probe::stream_fps(&s).unwrap_or(0.0),
        )
    });
    let a = probe::main_audio_stream(&input).map(|s| {
        let i = probe::audio_info(&s);
        (i.codec, i.sample_rate, i.channels)
    });
    let d = input.duration();
    let duration = if d > 0 { d as f64 / 1e6 } else { 0.0 };
    let mut frames = 0;
    if let Some((vi, ..)) = &v {
        let mut dec = video_decoder(&input.stream(*vi).unwrap());
        let mut f = frame::Video::empty();
        let mut packet = Packet::empty();
        loop {
            match packet.read(&mut input) {
                Ok(()) => {
                    if packet.stream() == *vi {
                        dec.send_packet(&packet).unwrap();
                    }
                }
                Err(ffmpeg::Error::Eof) => break,
                Err(_) => continue,
            }
            while dec.receive_frame(&mut f).is_ok() {
                frames += 1;
            }
        }
        let _ = dec.send_eof();
        while dec.receive_frame(&mut f).is_ok() {
            frames += 1;
        }
    }
    Streams {
        format,
        video: v.map(|(_, c, w, h, fps)| (c, w, h, fps)),
        audio: a,
        duration,
        frames,
    }
}

/// The picture at `index` (counting from 0) of a file, as RGB.
pub(super) fn picture_at(path: &Path, index: usize) -> ::image::RgbImage {
    let mut input = open(path);
    let stream = input
        .streams()
        .best(media::Type::Video)
        .expect("video stream");
    let vi = stream.index();
    let mut dec = video_decoder(&stream);
    let mut f = frame::Video::empty();
    let mut packet = Packet::empty();
    let mut seen = 0;
    let mut eof = false;
    loop {
        while dec.receive_frame(&mut f).is_ok() {
            if seen == index {
                let mut rgb = frame::Video::empty();
                let mut sws = scaling::Context::get(
                    f.format(),
                    f.width(),
                    f.height(),
                    format::Pixel::RGB24,
                    f.width(),
                    f.height(),
                    scaling::Flags::BILINEAR,
                )
                .unwrap();
                sws.run(&f, &mut rgb).unwrap();
                let (w, h) = (rgb.width(), rgb.height());
                let stride = rgb.stride(0);
                let mut buf = Vec::with_capacity((w * h * 3) as usize);
                for y in 0..h as usize {
                    buf.extend_from_slice(&rgb.data(0)[y * stride..y * stride + w as usize * 3]);
                }
                return ::image::RgbImage::from_raw(w, h, buf).unwrap();
            }
            seen += 1;
        }
        assert!(!eof, "{} has only {seen} pictures", path.display());
        match packet.read(&mut input) {
            Ok(()) => {
                if packet.stream() == vi {
                    let _ = dec.send_packet(&packet);
                }
            }
            Err(ffmpeg::Error::Eof) => {
                eof = true;
                let _ = dec.send_eof();
            }
            Err(_) => {}
        }
    }
}

pub(super) fn luma(p: &::image::Rgb<u8>) -> f64 {
    0.299 * f64::from(p.0[0]) + 0.587 * f64::from(p.0[1]) + 0.114 * f64::from(p.0[2])
}

/// Mean luma of a region given as fractions of the picture.
fn region_luma(img: &::image::RgbImage, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let (mut sum, mut n) = (0.0, 0u64);
    for y in (y0 * h) as u32..((y1 * h) as u32).min(img.height()) {
        for x in (x0 * w) as u32..((x1 * w) as u32).min(img.width()) {
            sum += luma(img.get_pixel(x, y));
            n += 1;
        }
    }
    sum / n.max(1) as f64
}

/// Steepest luma step between horizontal neighbours: how sharp the
/// sharpest edge is.
fn detail(img: &::image::RgbImage) -> f64 {
    let mut most: f64 = 0.0;
    for y in 0..img.height() {
        for x in 1..img.width() {
            most = most.max((luma(img.get_pixel(x, y)) - luma(img.get_pixel(x - 1, y))).abs());
        }
    }
    most
}

/// Largest difference between colour channels over the picture (0 = gray).
pub(super) fn max_chroma(img: &::image::RgbImage) -> u8 {
    img.pixels()
        .map(|p| {
            let [r, g, b] = p.0;
            r.max(g).max(b) - r.min(g).min(b)
        })
        .max()
        .unwrap_or(0)
}

/// Mean absolute audio level (0..1) of a file, via WAV conversion.
fn audio_level(path: &Path, dir: &Path) -> f64 {
    audio_level_between(path, dir, 0.0, f64::INFINITY)
}

/// Mean absolute audio level (0..1) from `from` to `to` seconds.
fn audio_level_between(path: &Path, dir: &Path, from: f64, to: f64) -> f64 {
    let sub = dir.join(format!("lvl-{}", sanitize_stem(&path.to_string_lossy())));
    std::fs::create_dir_all(&sub).unwrap();
    let out = run1(&convert(Format::Wav), path, &sub);
    let bytes = std::fs::read(&out).unwrap();
    let channels = u16::from_le_bytes([bytes[22], bytes[23]]) as usize;
    let rate = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]) as f64;
    let data = bytes.windows(4).position(|w| w == b"data").unwrap() + 8;
    let samples: Vec<f64> = bytes[data..]
        .chunks_exact(2)
        .enumerate()
        .filter(|(k, _)| (from..to).contains(&((k / channels) as f64 / rate)))
        .map(|(_, c)| f64::from(i16::from_le_bytes([c[0], c[1]]).unsigned_abs()) / 32768.0)
        .collect();
    samples.iter().sum::<f64>() / samples.len().max(1) as f64
}

pub(super) fn facts(path: &Path) -> FileFacts {
    probe_any(path, &OpLimits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(super) fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---------------------------------------------------------------------------
// Operations as the tests write them

fn convert(to: Format) -> Operation {
    Convert {
        to,
        quality: None,
        codec: None,
        lossless: false,
    }
    .into()
}

fn compress(quality: Quality) -> Operation {
    Compress {
        quality: Some(quality),
        target_mb: None,
    }
    .into()
}

fn compress_to(mb: f64) -> Operation {
    Compress {
        quality: None,
        target_mb: Some(mb),
    }
    .into()
}

fn scale(
    width: Option<u32>,
    height: Option<u32>,
    percent: Option<f64>,
    resolution: Option<Resolution>,
    keep_aspect: bool,
) -> Operation {
    Scale {
        width,
        height,
        percent,
        resolution,
        keep_aspect,
        fill: false,
    }
    .into()
}

fn trim(
    start: Option<f64>,
    end: Option<f64>,
    duration: Option<f64>,
    last: Option<f64>,
) -> Operation {
    Trim {
        start,
        end,
        duration,
        last,
    }
    .into()
}

fn crop_rect(x: u32, y: u32, width: u32, height: u32) -> Operation {
    let rect = Rect {
        x,
        y,
        width,
        height,
    };
    Crop {
        rect: Some(rect),
        aspect: None,
    }
    .into()
}

fn crop_aspect(aspect: Aspect) -> Operation {
    Crop {
        rect: None,
        aspect: Some(aspect),
    }
    .into()
}

fn frames(
    at: Option<f64>,
    every: Option<f64>,
    count: Option<u32>,
    format: FrameFormat,
) -> Operation {
    Frames {
        at,
        every,
        count,
        format,
    }
    .into()
}

fn watermark(text: Option<&str>, position: Corner, opacity: f64) -> Operation {
    Watermark {
        text: text.map(str::to_string),
        position,
        opacity,
    }
    .into()
}

fn rotate(degrees: u32) -> Operation {
    Rotate::by(degrees).into()
}

fn flip(direction: FlipDirection) -> Operation {
    Flip { direction }.into()
}

fn to_gif(fps: Option<u32>, width: Option<u32>) -> Operation {
    ToGif { fps, width }.into()
}

fn volume(factor: Option<f64>, db: Option<f64>) -> Operation {
    Volume {
        factor,
        db,
        ..Volume::default()
    }
    .into()
}

fn adjust(brightness: f64, contrast: f64, saturation: f64) -> Operation {
    Adjust {
        brightness,
        contrast,
        saturation,
    }
    .into()
}

// ---------------------------------------------------------------------------
// Probing and planning

#[test]
fn probes_video_audio_gif_and_stills() {
    let dir = tempfile::tempdir().unwrap();
    let v = facts(&clip(dir.path(), "clip.mp4", 1.0, true));
    assert_eq!(
        (v.kind, v.format, v.width, v.height, v.has_audio),
        (MediaKind::Video, Format::Mp4, Some(W), Some(H), true)
    );
    assert!(close(v.fps.unwrap(), 20.0, 1e-6));
    let a = facts(&wav(dir.path(), "tone.wav", 0.5, 0.3));
    assert_eq!(
        (a.kind, a.format, a.has_audio, a.width),
        (MediaKind::Audio, Format::Wav, true, None)
    );
    assert!(close(a.duration_secs.unwrap(), 0.5, 0.01));
    let i = facts(&png(dir.path(), "pic.png", 64, 48));
    assert_eq!(
        (i.kind, i.format, i.width, i.height),
        (MediaKind::Image, Format::Png, Some(64), Some(48))
    );
    // A text file is refused with a clear message.
    let t = dir.path().join("notes.txt");
    std::fs::write(&t, "hello, not a video\n".repeat(50)).unwrap();
    let err = probe_any(&t, &OpLimits::default()).unwrap_err();
    assert!(
        err.to_string().starts_with("not a decodable video"),
        "{err}"
    );
}

#[test]
fn operations_round_trip_as_json() {
    let ops = vec![
        convert(Format::Webm),
        scale(Some(640), None, None, None, true),
        crop_aspect(Aspect::Portrait9x16),
        trim(Some(1.0), None, Some(2.0), None),
        Operation::Grayscale(Grayscale {}),
        watermark(Some("Kiln 2026"), Corner::TopLeft, 0.5),
    ];
    for op in ops {
        let json = serde_json::to_string(&op).unwrap();
        let back: Operation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, op, "{json}");
    }
    let op: Operation = serde_json::from_str(r#"{"op":"scale","resolution":"720p"}"#).unwrap();
    assert_eq!(op.describe(), "Scale to 720p");
    let op: Operation = serde_json::from_str(r#"{"op":"crop","aspect":"1:1"}"#).unwrap();
    assert_eq!(op.output_name("photo.png"), "photo_1x1.png");
    assert!(
        serde_json::from_str::<Operation>(r#"{"op":"rotate","degrees":90,"path":"/etc"}"#).is_err()
    );
    assert!(serde_json::from_str::<Operation>(r#"{"op":"format_disk"}"#).is_err());
}

#[test]
fn validates_parameters() {
    let bad = [
        rotate(45),
        Operation::Speed(Speed { factor: 2000.0 }),
        Operation::Speed(Speed { factor: f64::NAN }),
        trim(Some(3.0), Some(2.0), None, None),
        scale(None, None, None, None, true),
        compress_to(-1.0),
        watermark(Some("two\nlines"), Corner::BottomRight, 0.5),
        watermark(Some("   "), Corner::BottomRight, 0.5),
        Operation::ExtractAudio(ExtractAudio::to(Format::Png)),
        frames(Some(1.0), Some(1.0), None, FrameFormat::Png),
    ];
    for op in bad {
        assert!(op.validate().is_err(), "{op:?} should be refused");
    }
    assert!(Operation::Speed(Speed { factor: 0.25 }).validate().is_ok());
    assert!(Operation::Speed(Speed { factor: 8.0 }).validate().is_ok());
    for text in [
        "Café (c) 2026 - kiln.example",
        "a'b; rm -rf /",
        "100%{pts}",
        "NOTE: not for diagnostic use",
    ] {
        assert!(
            watermark(Some(text), Corner::BottomRight, 0.5)
                .validate()
                .is_ok(),
            "{text}"
        );
    }
}

#[test]
fn output_names_derive_from_input_names() {
    assert_eq!(
        Operation::Grayscale(Grayscale {}).output_name("photo.png"),
        "photo_bw.png"
    );
    assert_eq!(
        convert(Format::Mp4).output_name("holiday clip.MOV"),
        "holiday_clip.mp4"
    );
    assert_eq!(convert(Format::Png).output_name("a.png"), "a_out.png");
    assert_eq!(
        Operation::ExtractAudio(ExtractAudio::to(Format::Mp3)).output_name("../../x.mp4"),
        "x_audio.mp3"
    );
    assert_eq!(
        to_gif(None, None).output_name("$(rm -rf).mp4"),
        "__rm_-rf_.gif"
    );
    assert_eq!(
        Operation::Speed(Speed { factor: 1.5 }).output_name("a.mp4"),
        "a_1_5x.mp4"
    );
    assert_eq!(
        frames(None, Some(1.0), None, FrameFormat::Jpeg).output_name("a.mp4"),
        "a_frame_%03d.jpg"
    );
}

#[test]
fn checks_pipelines_before_running() {
    let video = FileFacts {
        name: "clip.mp4".into(),
        kind: MediaKind::Video,
        format: Format::Mp4,
        width: Some(1920),
        height: Some(1080),
        duration_secs: Some(30.0),
        fps: Some(30.0),
        has_audio: true,
        bytes: None,
        video_codec: None,
        audio_codec: None,
        sample_rate: None,
        channels: None,
        document: None,
    };
    // Convert to mp4 and trim to 10 s, then make it 720p black and white.
    let steps = vec![
        trim(None, None, Some(10.0), None),
        scale(None, None, None, Some(Resolution::P720), true),
        Operation::Grayscale(Grayscale {}),
    ];
    let plan = check_pipeline(std::slice::from_ref(&video), &steps).unwrap();
    let last = &plan[2][0];
    assert_eq!(
        (last.width, last.height, last.duration_secs),
        (Some(1280), Some(720), Some(10.0))
    );
    assert_eq!(last.name, "clip_trim_720p_bw.mp4");

    // Audio cannot be made black and white: a planning error naming the step.
    let steps = vec![
        Operation::ExtractAudio(ExtractAudio::to(Format::Mp3)),
        Operation::Grayscale(Grayscale {}),
    ];
    let err = check_pipeline(std::slice::from_ref(&video), &steps).unwrap_err();
    assert!(matches!(err, OpError::Step { step: 2, .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "step 2 (grayscale): Make black and white (grayscale) cannot take an audio file (clip_audio.mp3)"
    );

    // Frames then still operations apply to every picture.
    let steps = vec![
        frames(None, None, Some(3), FrameFormat::Png),
        Operation::Thumbnail(Thumbnail::within(100)),
    ];
    let plan = check_pipeline(std::slice::from_ref(&video), &steps).unwrap();
    assert_eq!(plan[1].len(), 3);
    assert_eq!(plan[1][0].name, "clip_frame_001_thumb.png");
    assert_eq!((plan[1][2].width, plan[1][2].height), (Some(100), Some(56)));

    // Trimming past the end, cropping outside the picture, removing audio
    // that is not there.
    let late = [trim(Some(40.0), None, None, None)];
    assert!(check_pipeline(std::slice::from_ref(&video), &late).is_err());
    let crop = [crop_rect(1800, 0, 200, 100)];
    assert!(check_pipeline(std::slice::from_ref(&video), &crop).is_err());
    let twice = [
        Operation::RemoveAudio(RemoveAudio {}),
        Operation::ExtractAudio(ExtractAudio::to(Format::Mp3)),
    ];
    assert!(check_pipeline(std::slice::from_ref(&video), &twice).is_err());
    assert!(check_pipeline(std::slice::from_ref(&video), &[]).is_err());
}

// ---------------------------------------------------------------------------
// Video and audio operations

#[test]
fn converts_between_containers_and_codecs() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    let cases: &[(Format, &str, Option<&str>, Option<&str>)] = &[
        (Format::Webm, "matroska,webm", Some("vp9"), Some("opus")),
        (
            Format::Mov,
            "mov,mp4,m4a,3gp,3g2,mj2",
            Some("h264"),
            Some("aac"),
        ),
        (Format::Mkv, "matroska,webm", Some("h264"), Some("aac")),
        (Format::Mp3, "mp3", None, Some("mp3")),
        (Format::M4a, "mov,mp4,m4a,3gp,3g2,mj2", None, Some("aac")),
        (Format::Wav, "wav", None, Some("pcm_s16le")),
        (Format::Flac, "flac", None, Some("flac")),
        (Format::Ogg, "ogg", None, Some("opus")),
    ];
    for (to, container, vcodec, acodec) in cases {
        let out = run1(&convert(*to), &input, dir.path());
        assert_eq!(out.extension().unwrap(), to.extension());
        let s = streams(&out);
        assert_eq!(s.format, *container, "{to:?}");
        assert_eq!(s.video.as_ref().map(|v| v.0.as_str()), *vcodec, "{to:?}");
        assert_eq!(s.audio.as_ref().map(|a| a.0.as_str()), *acodec, "{to:?}");
        if let Some(v) = &s.video {
            assert_eq!((v.1, v.2), (W, H));
            assert!(s.frames.abs_diff(20) <= 1, "{to:?}: {} frames", s.frames);
        }
        assert!(close(s.duration, 1.0, 0.1), "{to:?}: {}", s.duration);
        let f = facts(&out);
        assert_eq!(f.format, *to);
    }
}

#[test]
fn video_to_gif_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    let gif = run1(&to_gif(Some(10), Some(120)), &input, dir.path());
    assert_eq!(gif.file_name().unwrap(), "clip.gif");
    let s = streams(&gif);
    assert_eq!(s.format, "gif");
    let v = s.video.clone().unwrap();
    assert_eq!((v.0.as_str(), v.1, v.2), ("gif", 120, 90));
    assert_eq!(s.frames, 10);
    assert!(s.audio.is_none());
    let f = facts(&gif);
    assert_eq!((f.kind, f.format), (MediaKind::Gif, Format::Gif));

    let mp4 = run1(&convert(Format::Mp4), &gif, dir.path());
    let s = streams(&mp4);
    let v = s.video.unwrap();
    assert_eq!((v.0.as_str(), v.1, v.2), ("h264", 120, 90));
    assert!(s.audio.is_none());
    assert!(s.frames.abs_diff(10) <= 1, "{}", s.frames);
    // The picture survives the round trip: bright square on a gradient.
    let pic = picture_at(&mp4, 0);
    assert!(region_luma(&pic, 0.75, 0.0, 1.0, 1.0) > region_luma(&pic, 0.0, 0.0, 0.1, 1.0));
}

#[test]
fn compresses_by_quality_and_to_a_size() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 2.0, true);
    let small = run1(&compress(Quality::Smallest), &input, dir.path());
    let high = run1(&compress(Quality::High), &input, dir.path());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&small) < size(&high),
        "{} vs {}",
        size(&small),
        size(&high)
    );
    // 2 s under 0.04 MB: about 150 kbit/s in all.
    let capped = run1(&compress_to(0.04), &input, dir.path());
    assert!(size(&capped) <= 40_000, "{} bytes", size(&capped));
    let s = streams(&capped);
    assert!(s.audio.is_some() && s.video.is_some());
    assert!(close(s.duration, 2.0, 0.1));
    // Too small to be honest about.
    let err = run_err(
        &compress_to(0.001),
        std::slice::from_ref(&input),
        dir.path(),
    );
    assert!(err.to_string().contains("too small"), "{err}");
}

#[test]
fn scales_video() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.5, false);
    let cases = [
        (scale(Some(80), None, None, None, true), (80, 60)),
        (scale(None, None, Some(150.0), None, true), (240, 180)),
        (
            scale(None, None, None, Some(Resolution::P360), true),
            (480, 360),
        ),
        (scale(Some(100), Some(100), None, None, true), (100, 74)),
        (scale(Some(100), Some(100), None, None, false), (100, 100)),
        (scale(Some(75), None, None, None, true), (74, 56)),
    ];
    for (op, (w, h)) in cases {
        assert_predicts_size(&op, &input, (w, h));
        let out = run1(&op, &input, dir.path());
        let v = streams(&out).video.unwrap();
        assert_eq!((v.1, v.2), (w, h), "{op:?}");
    }
}

#[test]
fn crops_video_to_rectangles_and_aspects() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.5, false);
    let cases = [
        (crop_rect(0, 0, 80, 60), (80, 60)),
        (crop_aspect(Aspect::Square), (120, 120)),
        (crop_aspect(Aspect::Portrait9x16), (66, 120)),
        (crop_aspect(Aspect::Wide16x9), (160, 90)),
        (crop_aspect(Aspect::Portrait4x5), (96, 120)),
        (crop_aspect(Aspect::new(3, 2).unwrap()), (160, 106)),
        (crop_aspect(Aspect::new(21, 9).unwrap()), (160, 68)),
        (crop_aspect(Aspect::new(2, 1).unwrap()), (160, 80)),
    ];
    for (op, (w, h)) in cases {
        let out = run1(&op, &input, dir.path());
        let v = streams(&out).video.unwrap();
        assert_eq!((v.1, v.2), (w, h), "{op:?}");
    }
    // The top-left quarter of the gradient is its darker half.
    let src = picture_at(&input, 0);
    let tl = picture_at(&dir.path().join("clip_crop.mp4"), 0);
    assert!(close(
        region_luma(&tl, 0.0, 0.0, 0.2, 0.2),
        region_luma(&src, 0.0, 0.0, 0.1, 0.1),
        6.0
    ));
}

#[test]
fn reads_any_crop_ratio_in_lowest_terms() {
    let read = |s: &str| serde_json::from_value::<Aspect>(serde_json::json!(s)).ok();
    assert_eq!(read("16:9"), Some(Aspect::Wide16x9));
    assert_eq!(read("8:10"), Some(Aspect::Portrait4x5));
    assert_eq!(read("3:2"), Some(Aspect::Ratio(3, 2)));
    assert_eq!(read("1.91:1"), Some(Aspect::Ratio(191, 100)));
    assert_eq!(read("42:18"), Some(Aspect::Ratio(7, 3)));
    for bad in ["20:1", "0:1", "16x9", "wide", "-4:3"] {
        assert_eq!(read(bad), None, "{bad}");
    }
    let written = serde_json::to_value(Aspect::Ratio(3, 2)).unwrap();
    assert_eq!(written, serde_json::json!("3:2"));
    assert_eq!(
        serde_json::to_value(Aspect::Square).unwrap(),
        serde_json::json!("1:1")
    );
}

#[test]
fn rotates_and_flips_video() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.5, false);
    // The background gets brighter left to right.
    let src = picture_at(&input, 0);
    assert!(region_luma(&src, 0.0, 0.0, 0.2, 1.0) + 30.0 < region_luma(&src, 0.8, 0.0, 1.0, 1.0));

    let r90 = run1(&rotate(90), &input, dir.path());
    let p = picture_at(&r90, 0);
    assert_eq!(p.dimensions(), (H, W));
    // Clockwise: the left edge is now the top.
    assert!(region_luma(&p, 0.0, 0.0, 1.0, 0.2) + 30.0 < region_luma(&p, 0.0, 0.8, 1.0, 1.0));

    let r270 = run1(&rotate(270), &input, dir.path());
    let p = picture_at(&r270, 0);
    assert_eq!(p.dimensions(), (H, W));
    assert!(region_luma(&p, 0.0, 0.0, 1.0, 0.2) > region_luma(&p, 0.0, 0.8, 1.0, 1.0) + 30.0);

    let r180 = run1(&rotate(180), &input, dir.path());
    let p = picture_at(&r180, 0);
    assert_eq!(p.dimensions(), (W, H));
    assert!(region_luma(&p, 0.0, 0.0, 0.2, 1.0) > region_luma(&p, 0.8, 0.0, 1.0, 1.0) + 30.0);

    let mirror = run1(&flip(FlipDirection::Horizontal), &input, dir.path());
    let p = picture_at(&mirror, 0);
    assert!(region_luma(&p, 0.0, 0.0, 0.2, 1.0) > region_luma(&p, 0.8, 0.0, 1.0, 1.0) + 30.0);

    let flip = run1(&flip(FlipDirection::Vertical), &input, dir.path());
    let p = picture_at(&flip, 0);
    // The gradient also brightens slightly downwards.
    assert!(region_luma(&p, 0.0, 0.0, 1.0, 0.1) > region_luma(&p, 0.0, 0.9, 1.0, 1.0));
}

#[test]
fn applies_the_display_rotation_like_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("phone.mp4");
    write_clip_rotated(&input, &clip_spec(0.3, false), 90).unwrap();
    let f = facts(&input);
    assert_eq!((f.width, f.height), (Some(H), Some(W)));
    let out = run1(&Operation::Grayscale(Grayscale {}), &input, dir.path());
    let v = streams(&out).video.unwrap();
    assert_eq!((v.1, v.2), (H, W));
    // Upright: the turn is in the pixels and no longer in the metadata, so
    // a player that ignores it shows the video upright too.
    let op = Operation::AutoOrient(AutoOrient {});
    let predicted = op.output(&f).unwrap();
    assert_eq!((predicted.width, predicted.height), (Some(H), Some(W)));
    let upright = run1(&op, &input, dir.path());
    let info = probe::probe(&upright, &ProbeLimits::default()).unwrap();
    let v = info.video.unwrap();
    assert_eq!(v.rotation, 0);
    let s = streams(&upright).video.unwrap();
    assert_eq!((s.1, s.2), (H, W));
}

#[test]
fn trims_by_start_end_duration_and_last() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 2.0, true);
    let cases = [
        (trim(Some(0.5), Some(1.5), None, None), 1.0),
        (trim(None, None, Some(0.5), None), 0.5),
        (trim(Some(1.0), None, None, None), 1.0),
        (trim(None, None, None, Some(0.5)), 0.5),
    ];
    for (op, secs) in cases {
        let predicted = op.output(&facts(&input)).unwrap().duration_secs.unwrap();
        assert!(close(predicted, secs, 1e-9), "{op:?}: {predicted}");
        let out = run1(&op, &input, dir.path());
        let s = streams(&out);
        let frames = (secs * f64::from(FPS)).round() as u64;
        assert!(
            s.frames.abs_diff(frames) <= 1,
            "{op:?}: {} frames",
            s.frames
        );
        assert!(close(s.duration, secs, 0.08), "{op:?}: {}", s.duration);
        assert!(s.audio.is_some());
    }
    // The square moves right: a later start shows it further right.
    let late = picture_at(&dir.path().join("clip_trim_3.mp4"), 0);
    let early = picture_at(&dir.path().join("clip_trim.mp4"), 0);
    // The square's left edge: the first column with bright pixels.
    let bright_x = |p: &::image::RgbImage| {
        (0..p.width())
            .find(|&x| {
                (0..p.height())
                    .filter(|&y| luma(p.get_pixel(x, y)) > 215.0)
                    .count()
                    > 10
            })
            .unwrap_or(0)
    };
    assert!(
        bright_x(&late) > bright_x(&early) + 20,
        "{} vs {}",
        bright_x(&late),
        bright_x(&early)
    );
}

#[test]
fn changes_speed_and_keeps_audio() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    for (factor, secs) in [(2.0, 0.5), (0.5, 2.0), (4.0, 0.25)] {
        let out = run1(&Operation::Speed(Speed { factor }), &input, dir.path());
        let s = streams(&out);
        assert!(close(s.duration, secs, 0.1), "{factor}: {}", s.duration);
        let fps = s.video.as_ref().unwrap().3;
        assert!(close(fps, 20.0, 0.01), "{factor}: fps {fps}");
        assert!(
            s.frames.abs_diff((secs * 20.0) as u64) <= 1,
            "{factor}: {}",
            s.frames
        );
        assert!(s.audio.is_some());
    }
    // Audio-only input.
    let tone = wav(dir.path(), "tone.wav", 1.0, 0.3);
    let out = run1(&Operation::Speed(Speed { factor: 2.0 }), &tone, dir.path());
    assert!(close(streams(&out).duration, 0.5, 0.05));
    // A timelapse beyond 100x: 24 s become 0.2 s, its sound too.
    let long = clip(dir.path(), "long.mp4", 24.0, true);
    let out = run1(
        &Operation::Speed(Speed { factor: 120.0 }),
        &long,
        dir.path(),
    );
    let s = streams(&out);
    assert!(close(s.duration, 0.2, 0.1), "{s:?}");
    assert!(s.audio.is_some() && s.frames.abs_diff(4) <= 1, "{s:?}");
}

#[test]
fn a_conform_keeps_every_frame_at_the_new_rate() {
    let dir = tempfile::tempdir().unwrap();
    let film = dir.path().join("film.mp4");
    let spec = ClipSpec {
        fps: 24,
        ..clip_spec(2.0, true)
    };
    write_clip(&film, &spec).unwrap();
    // 24 fps played at 25 ("PAL speed-up"): the 48 frames at 25 fps.
    let out = run1(
        &Operation::Speed(Speed { factor: 1.042 }),
        &film,
        dir.path(),
    );
    let s = streams(&out);
    assert!(close(s.video.as_ref().unwrap().3, 25.0, 0.01), "{s:?}");
    assert_eq!(s.frames.abs_diff(48), 0, "{s:?}");
    assert!(close(s.duration, 1.92, 0.06), "{s:?}");
    assert_eq!(
        Operation::Speed(Speed { factor: 1.042 })
            .output(&facts(&film))
            .unwrap()
            .fps,
        Some(25.0)
    );
}

#[test]
fn reverses_clips() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.5, true);
    let out = run1(&Operation::Reverse(Reverse {}), &input, dir.path());
    let s = streams(&out);
    assert_eq!(s.frames, 10);
    assert!(s.audio.is_some());
    let first = picture_at(&out, 0);
    let src_last = picture_at(&input, 9);
    let src_first = picture_at(&input, 0);
    let diff = |a: &::image::RgbImage, b: &::image::RgbImage| {
        a.pixels()
            .zip(b.pixels())
            .map(|(p, q)| (luma(p) - luma(q)).abs())
            .sum::<f64>()
            / f64::from(W * H)
    };
    assert!(diff(&first, &src_last) < diff(&first, &src_first) / 2.0);
    // Too long for memory: refused before anything runs.
    let limits = OpLimits {
        max_buffered_secs: 0.2,
        ..OpLimits::default()
    };
    let err = run(
        &Operation::Reverse(Reverse {}),
        &[input],
        dir.path(),
        &limits,
        &mut |_, _| true,
    )
    .unwrap_err();
    assert!(err.to_string().contains("in memory"), "{err}");
}

#[test]
fn changes_the_frame_rate() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, false);
    for fps in [10.0, 30.0] {
        let out = run1(&Operation::ChangeFps(ChangeFps { fps }), &input, dir.path());
        let s = streams(&out);
        assert!(close(s.video.unwrap().3, fps, 0.01));
        assert!(s.frames.abs_diff(fps as u64) <= 1, "{fps}: {}", s.frames);
        assert!(close(s.duration, 1.0, 0.1));
    }
}

#[test]
fn keeps_a_frame_every_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "slides.mp4", 4.0, false);
    let out = run1(
        &Operation::ChangeFps(ChangeFps { fps: 0.5 }),
        &input,
        dir.path(),
    );
    let s = streams(&out);
    assert!(close(s.video.unwrap().3, 0.5, 0.01));
    assert!(s.frames.abs_diff(2) <= 1, "{}", s.frames);
    assert!(close(s.duration, 4.0, 0.6), "{}", s.duration);
}

#[test]
fn extracts_and_removes_audio() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    let mp3 = run1(
        &Operation::ExtractAudio(ExtractAudio::to(Format::Mp3)),
        &input,
        dir.path(),
    );
    assert_eq!(mp3.file_name().unwrap(), "clip_audio.mp3");
    let s = streams(&mp3);
    assert!(s.video.is_none());
    assert_eq!(s.audio.as_ref().unwrap().0, "mp3");
    assert!(close(s.duration, 1.0, 0.1));
    assert_eq!(facts(&mp3).kind, MediaKind::Audio);

    let muted = run1(&Operation::RemoveAudio(RemoveAudio {}), &input, dir.path());
    let s = streams(&muted);
    assert!(s.audio.is_none());
    assert_eq!(s.video.unwrap().0, "h264");
    assert_eq!(s.frames, 20);
    // The video is copied, not re-encoded: the pictures are identical.
    assert_eq!(picture_at(&muted, 7), picture_at(&input, 7));
    let cmd = Operation::RemoveAudio(RemoveAudio {})
        .command_line(&[facts(&input)], "out.mp4")
        .unwrap();
    assert!(cmd.contains("-c:v copy -an"), "{cmd}");
    // The rotation of phone videos is kept.
    let phone = dir.path().join("phone.mp4");
    write_clip_rotated(&phone, &clip_spec(0.3, true), 90).unwrap();
    let muted = run1(&Operation::RemoveAudio(RemoveAudio {}), &phone, dir.path());
    let info = probe::probe(&muted, &ProbeLimits::default()).unwrap();
    assert_eq!(info.video.unwrap().rotation, 90);
    assert!(info.audio.is_none());

    // A clip without audio has nothing to extract: a planning error.
    let silent = clip(dir.path(), "silent.mp4", 0.3, false);
    let err = run_err(
        &Operation::ExtractAudio(ExtractAudio::to(Format::Mp3)),
        &[silent],
        dir.path(),
    );
    assert!(err.to_string().contains("has no audio"), "{err}");
}

#[test]
fn changes_volume_and_normalises_loudness() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "tone.wav", 1.0, 0.2);
    let base = audio_level(&tone, dir.path());
    assert!(
        close(base, 0.2 * 2.0 / std::f64::consts::PI, 0.01),
        "{base}"
    );
    let half = run1(&volume(Some(0.5), None), &tone, dir.path());
    assert!(close(audio_level(&half, dir.path()) / base, 0.5, 0.03));
    let up = run1(&volume(None, Some(6.0)), &tone, dir.path());
    assert!(close(audio_level(&up, dir.path()) / base, 2.0, 0.1));
    // A quiet tone is brought up towards -16 LUFS (a sine at 0.2 is about
    // -17 LUFS, at 0.02 about -37).
    let quiet = wav(dir.path(), "quiet.wav", 1.0, 0.02);
    let norm = run1(
        &Operation::Normalize(Normalize::default()),
        &quiet,
        dir.path(),
    );
    let s = streams(&norm);
    assert_eq!(s.audio.as_ref().unwrap().1, 48_000);
    assert!(audio_level(&norm, dir.path()) > audio_level(&quiet, dir.path()) * 4.0);
    // A target said: -10 LUFS is about 20 dB (10x) above -30.
    let loud = run1(
        &Operation::Normalize(Normalize::to(-10.0)),
        &quiet,
        dir.path(),
    );
    let soft = run1(
        &Operation::Normalize(Normalize::to(-30.0)),
        &quiet,
        dir.path(),
    );
    let ratio = audio_level(&loud, dir.path()) / audio_level(&soft, dir.path());
    assert!((6.0..14.0).contains(&ratio), "{ratio}");
    assert!(Operation::Normalize(Normalize::to(3.0)).validate().is_err());
    // Video keeps its picture.
    let input = clip(dir.path(), "clip.mp4", 0.5, true);
    let out = run1(&volume(Some(0.5), None), &input, dir.path());
    let s = streams(&out);
    assert!(s.video.is_some() && s.audio.is_some());
}

#[test]
fn mutes_a_part_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "tone.wav", 2.0, 0.2);
    let muted = run1(
        &Volume::mute(Some(0.5), Some(1.5)).into(),
        &tone,
        dir.path(),
    );
    assert!(close(facts(&muted).duration_secs.unwrap(), 2.0, 0.05));
    let before = audio_level_between(&muted, dir.path(), 0.0, 0.45);
    let during = audio_level_between(&muted, dir.path(), 0.55, 1.45);
    let after = audio_level_between(&muted, dir.path(), 1.55, 2.0);
    assert!(before > 0.1 && after > 0.1, "{before} {after}");
    assert!(during < 0.001, "{during}");
    // From the start: "mute the first second".
    let first = run1(&Volume::mute(None, Some(1.0)).into(), &tone, dir.path());
    assert!(audio_level_between(&first, dir.path(), 0.0, 0.95) < 0.001);
    assert!(audio_level_between(&first, dir.path(), 1.05, 2.0) > 0.1);
    // The printed command says the same part.
    let op: Operation = Volume::mute(Some(0.5), Some(1.5)).into();
    assert!(
        op.describe().contains("from 0.5 s to 1.5 s"),
        "{}",
        op.describe()
    );
    let bad = Operation::Volume(Volume::mute(Some(3.0), Some(2.0)));
    assert!(bad.validate().is_err());
}

#[test]
fn grayscale_and_colour_adjustments() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.5, false);
    let src = picture_at(&input, 3);
    assert!(max_chroma(&src) > 40);
    let bw = run1(&Operation::Grayscale(Grayscale {}), &input, dir.path());
    assert_eq!(bw.file_name().unwrap(), "clip_bw.mp4");
    let p = picture_at(&bw, 3);
    assert!(max_chroma(&p) <= 6, "{}", max_chroma(&p));
    let bright = run1(&adjust(0.2, 1.0, 1.0), &input, dir.path());
    let p = picture_at(&bright, 3);
    assert!(region_luma(&p, 0.0, 0.0, 1.0, 1.0) > region_luma(&src, 0.0, 0.0, 1.0, 1.0) + 25.0);
    let desat = run1(&adjust(0.0, 1.0, 0.0), &input, dir.path());
    assert!(max_chroma(&picture_at(&desat, 3)) <= 6);
    // Blur takes detail away, sharpen adds it; sizes stay.
    let soft = picture_at(
        &run1(&Operation::Blur(Blur { sigma: 3.0 }), &input, dir.path()),
        3,
    );
    let crisp = picture_at(
        &run1(
            &Operation::Sharpen(Sharpen { sigma: 1.0 }),
            &input,
            dir.path(),
        ),
        3,
    );
    assert_eq!(soft.dimensions(), src.dimensions());
    assert!(
        detail(&soft) < detail(&src) * 0.5,
        "{} vs {}",
        detail(&soft),
        detail(&src)
    );
    assert!(
        detail(&crisp) > detail(&src) * 1.1,
        "{} vs {}",
        detail(&crisp),
        detail(&src)
    );
    // GIF in, GIF out (a new palette).
    let gif = run1(&to_gif(Some(5), None), &input, dir.path());
    let gbw = run1(&Operation::Grayscale(Grayscale {}), &gif, dir.path());
    assert_eq!(streams(&gbw).format, "gif");
    assert!(max_chroma(&picture_at(&gbw, 0)) <= 6);
}

#[test]
fn takes_frames_as_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 2.0, true);
    let one = run_op(
        &frames(Some(1.0), None, None, FrameFormat::Png),
        std::slice::from_ref(&input),
        dir.path(),
    );
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].file_name().unwrap(), "clip_frame.png");
    let img = ::image::open(&one[0]).unwrap();
    assert_eq!((img.width(), img.height()), (W, H));

    let every = run_op(
        &frames(None, Some(0.5), None, FrameFormat::Jpeg),
        std::slice::from_ref(&input),
        dir.path(),
    );
    let names: Vec<String> = every
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "clip_frame_001.jpg",
            "clip_frame_002.jpg",
            "clip_frame_003.jpg",
            "clip_frame_004.jpg"
        ]
    );
    for p in &every {
        assert_eq!(
            ::image::ImageReader::open(p)
                .unwrap()
                .with_guessed_format()
                .unwrap()
                .format(),
            Some(::image::ImageFormat::Jpeg)
        );
    }
    let three = run_op(
        &frames(None, None, Some(3), FrameFormat::Png),
        std::slice::from_ref(&input),
        dir.path(),
    );
    assert_eq!(three.len(), 3);
    // Taken again: new names, nothing overwritten.
    let again = run_op(
        &frames(Some(0.0), None, None, FrameFormat::Png),
        &[input],
        dir.path(),
    );
    assert_eq!(again[0].file_name().unwrap(), "clip_frame_2.png");
}

#[test]
fn concatenates_clips_of_different_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let a = clip(dir.path(), "a.mp4", 0.5, true);
    let b = dir.path().join("b.mp4");
    write_clip(
        &b,
        &ClipSpec {
            width: 96,
            height: 96,
            fps: 10,
            duration_secs: 0.5,
            audio: true,
        },
    )
    .unwrap();
    let out = run_op(&Operation::Concat(Concat {}), &[a.clone(), b], dir.path());
    assert_eq!(out[0].file_name().unwrap(), "a_joined.mp4");
    let s = streams(&out[0]);
    let v = s.video.unwrap();
    assert_eq!((v.1, v.2), (W, H));
    assert!(close(s.duration, 1.0, 0.1), "{}", s.duration);
    // 10 pictures from each clip (the 10 fps one's doubled).
    assert!((19..=20).contains(&s.frames), "{}", s.frames);
    assert!(s.audio.is_some());
    // Audio files join too.
    let t1 = wav(dir.path(), "t1.wav", 0.3, 0.2);
    let t2 = wav(dir.path(), "t2.wav", 0.4, 0.2);
    let out = run_op(&Operation::Concat(Concat {}), &[t1, t2], dir.path());
    assert!(close(streams(&out[0]).duration, 0.7, 0.03));
    // One clip is not a join; audio and video do not mix.
    assert!(Operation::Concat(Concat {}).outputs(&[facts(&a)]).is_err());
    assert!(Operation::Concat(Concat {})
        .outputs(&[facts(&a), facts(&dir.path().join("t1.wav"))])
        .is_err());
}

#[test]
fn watermarks_with_text_and_images() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.3, true);
    let src = picture_at(&input, 0);
    let op = watermark(Some("KILN"), Corner::TopLeft, 1.0);
    let out = run_op(&op, std::slice::from_ref(&input), dir.path());
    let p = picture_at(&out[0], 0);
    let diff = |x0: f64, y0: f64, x1: f64, y1: f64| {
        (region_luma(&p, x0, y0, x1, y1) - region_luma(&src, x0, y0, x1, y1)).abs()
    };
    assert!(
        diff(0.0, 0.0, 0.25, 0.15) > 5.0,
        "text not visible: {}",
        diff(0.0, 0.0, 0.25, 0.15)
    );
    assert!(diff(0.5, 0.5, 1.0, 1.0) < 1.5);
    assert!(streams(&out[0]).audio.is_some());
    // Text with the characters libavfilter's parsers treat specially is
    // drawn as written, not cut at the first ':' or ','.
    let op = watermark(
        Some("NOTE: it's 50% [a,b]; c=d \\ %{pts}"),
        Corner::TopLeft,
        1.0,
    );
    let out = run_op(&op, std::slice::from_ref(&input), dir.path());
    let p = picture_at(&out[0], 0);
    // (The whole line reaches past the middle: a text cut at its first
    // ':' would leave "NOTE" alone in the left quarter.)
    let d = |x0: f64, x1: f64| {
        (region_luma(&p, x0, 0.0, x1, 0.15) - region_luma(&src, x0, 0.0, x1, 0.15)).abs()
    };
    assert!(d(0.0, 0.25) > 5.0, "text not visible: {}", d(0.0, 0.25));
    assert!(d(0.5, 1.0) > 3.0, "text cut short: {}", d(0.5, 1.0));

    let logo = dir.path().join("logo.png");
    ::image::RgbImage::from_pixel(40, 20, ::image::Rgb([255, 255, 255]))
        .save(&logo)
        .unwrap();
    let op = watermark(None, Corner::BottomRight, 1.0);
    let out = run_op(&op, &[input, logo.clone()], dir.path());
    let p = picture_at(&out[0], 0);
    // The 32x16 white mark sits 5 pixels in from the bottom-right corner.
    let mark = region_luma(
        &p,
        (W - 30) as f64 / W as f64,
        (H - 18) as f64 / H as f64,
        (W - 8) as f64 / W as f64,
        (H - 8) as f64 / H as f64,
    );
    assert!(mark > 230.0, "{mark}");
    assert!(close(
        region_luma(&p, 0.0, 0.0, 0.5, 0.5),
        region_luma(&src, 0.0, 0.0, 0.5, 0.5),
        1.5
    ));
    let s = streams(&out[0]);
    assert_eq!(s.frames, 6);

    // Pictures: the same text and logo, written as PNG (or JPEG for a JPEG),
    // the size kept, odd sizes too.
    let photo = dir.path().join("photo.png");
    ::image::RgbImage::from_pixel(201, 151, ::image::Rgb([40, 60, 90]))
        .save(&photo)
        .unwrap();
    let op = watermark(Some("KILN"), Corner::TopLeft, 1.0);
    let out = run1(&op, &photo, dir.path());
    assert_eq!(out.file_name().unwrap(), "photo_watermarked.png");
    let p = rgb(&out);
    assert_eq!(p.dimensions(), (201, 151));
    assert!(region_luma(&p, 0.0, 0.0, 0.3, 0.15) > region_luma(&p, 0.5, 0.5, 1.0, 1.0) + 5.0);
    if ffmpeg_cli() {
        compare_with_cli(dir.path(), &op, &["photo.png"]);
    }
    let jpeg = dir.path().join("photo.jpg");
    ::image::RgbImage::from_pixel(200, 150, ::image::Rgb([40, 60, 90]))
        .save(&jpeg)
        .unwrap();
    let out = run_op(
        &watermark(None, Corner::BottomRight, 1.0),
        &[jpeg, logo],
        dir.path(),
    );
    assert_eq!(out[0].file_name().unwrap(), "photo_watermarked.jpg");
    let p = rgb(&out[0]);
    assert_eq!(p.dimensions(), (200, 150));
    assert!(region_luma(&p, 0.85, 0.85, 0.95, 0.95) > 200.0);
    assert!(region_luma(&p, 0.0, 0.0, 0.5, 0.5) < 80.0);
}

#[test]
fn trims_the_silence_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    // Silent, a tone from 1 s to 2 s, silent to 3 s.
    let input = wav_shaped(dir.path(), "talk.wav", 3.0, |t| {
        if (1.0..2.0).contains(&t) {
            0.5
        } else {
            0.0
        }
    });
    let op = Operation::TrimSilence(TrimSilence::default());
    let out = run1(&op, &input, dir.path());
    let s = streams(&out);
    assert!(close(s.duration, 1.2, 0.06), "{}", s.duration);
    // The printed command finds the same part with silencedetect.
    let line = op.command_line(&[facts(&input)], "cli.wav").unwrap();
    assert!(line.contains("silencedetect"), "{line}");
    if ffmpeg_cli() {
        run_printed(&line, dir.path());
        let cli = streams(&dir.path().join("cli.wav"));
        assert!(close(cli.duration, 1.0, 0.1), "{line}\n{}", cli.duration);
    }
    // All silent: refused with the reason.
    let quiet = wav(dir.path(), "quiet.wav", 1.0, 0.0);
    let err = run(
        &op,
        &[quiet],
        dir.path(),
        &OpLimits::default(),
        &mut |_, _| true,
    )
    .unwrap_err();
    assert!(err.to_string().contains("silent"), "{err}");
}

#[test]
fn trims_the_silence_at_one_end_only() {
    let dir = tempfile::tempdir().unwrap();
    // Silent 1 s, a tone to 2 s, silent to 2.5 s: cutting the start keeps
    // 0.9 to 2.5 s, cutting the end 0 to 2.1 s (the command line keeps no
    // margin).
    let input = wav_shaped(dir.path(), "talk.wav", 2.5, |t| {
        if (1.0..2.0).contains(&t) {
            0.5
        } else {
            0.0
        }
    });
    for (ends, kept, printed) in [(SilenceEnds::Start, 1.6, 1.5), (SilenceEnds::End, 2.1, 2.0)] {
        let op = Operation::TrimSilence(TrimSilence::at(ends));
        op.validate().unwrap();
        let out = run1(&op, &input, dir.path());
        let s = streams(&out);
        assert!(close(s.duration, kept, 0.06), "{ends:?}: {}", s.duration);
        let name = format!("cli_{ends:?}.wav");
        let line = op.command_line(&[facts(&input)], &name).unwrap();
        if ffmpeg_cli() {
            run_printed(&line, dir.path());
            let cli = streams(&dir.path().join(&name));
            assert!(
                close(cli.duration, printed, 0.1),
                "{line}\n{}",
                cli.duration
            );
        }
    }
    // Pauses are cut with both ends.
    let pauses = TrimSilence {
        ends: SilenceEnds::Start,
        ..TrimSilence::with_pauses(1.0)
    };
    assert!(Operation::TrimSilence(pauses).validate().is_err());
}

#[test]
fn cuts_the_pauses_of_a_recording() {
    let dir = tempfile::tempdir().unwrap();
    // Silent 1 s, talk 1 s, a 3 s pause, talk 1 s, a 0.5 s pause, talk
    // 1 s, silent 1 s: 8.5 s.
    let input = wav_shaped(dir.path(), "talk.wav", 8.5, |t| {
        let talk = (1.0..2.0).contains(&t) || (5.0..6.0).contains(&t) || (6.5..7.5).contains(&t);
        if talk {
            0.5
        } else {
            0.0
        }
    });
    let op = Operation::TrimSilence(TrimSilence::with_pauses(1.0));
    op.validate().unwrap();
    let out = run1(&op, &input, dir.path());
    let s = streams(&out);
    // 3 s of talk, the short pause kept whole, the long one cut to 0.3 s,
    // a margin before the first word: about 3.9 s.
    assert!((3.6..=4.3).contains(&s.duration), "{}", s.duration);
    assert_eq!(s.audio.as_ref().map(|a| a.0.as_str()), Some("pcm_s16le"));
    assert!(Operation::TrimSilence(TrimSilence::with_pauses(0.01))
        .validate()
        .is_err());
}

/// Seconds of sound in a file and the mean level of its parts (0..1), via
/// WAV conversion.
fn sound_length(path: &Path, dir: &Path) -> f64 {
    let sub = dir.join(format!("len-{}", sanitize_stem(&path.to_string_lossy())));
    std::fs::create_dir_all(&sub).unwrap();
    let out = run1(&convert(Format::Wav), path, &sub);
    let bytes = std::fs::read(&out).unwrap();
    let channels = f64::from(u16::from_le_bytes([bytes[22], bytes[23]]));
    let rate = f64::from(u32::from_le_bytes([
        bytes[24], bytes[25], bytes[26], bytes[27],
    ]));
    let data = bytes.windows(4).position(|w| w == b"data").unwrap() + 8;
    (bytes.len() - data) as f64 / (channels * 2.0 * rate)
}

#[test]
fn cuts_the_pauses_of_a_video_with_its_pictures() {
    let dir = tempfile::tempdir().unwrap();
    // 8 s at 20 fps; talk from 1 to 2 s, 5 to 6 s and 6.5 to 7.5 s.
    let input = dir.path().join("talk.mp4");
    let quiet = [(0.0, 1.0), (2.0, 5.0), (6.0, 6.5), (7.5, 9.0)];
    write_clip_with_pauses(&input, &clip_spec(8.0, true), &quiet).unwrap();
    let op = Operation::TrimSilence(TrimSilence::with_pauses(1.0));
    // Planned: the length is known when it runs.
    let planned = op.outputs(&[facts(&input)]).unwrap();
    assert_eq!(planned[0].kind, MediaKind::Video);
    let out = run1(&op, &input, dir.path());
    let s = streams(&out);
    // Kept: about 0.85–2.2 s and 4.8–7.65 s (the 0.5 s pause whole, the
    // 3 s one cut to 0.3 s, edges on the frame grid): 4.2 s, the pictures
    // and the sound alike.
    assert!(close(s.duration, 4.2, 0.2), "{s:?}");
    assert!((80..=88).contains(&s.frames), "{s:?}");
    let sound = sound_length(&out, dir.path());
    assert!(
        close(sound, s.frames as f64 / f64::from(FPS), 0.06),
        "{sound} s of sound, {s:?}"
    );
    // The pause kept between the parts is quiet, the talk after it loud.
    assert!(audio_level_between(&out, dir.path(), 1.25, 1.45) < 0.01);
    assert!(audio_level_between(&out, dir.path(), 1.65, 2.4) > 0.05);
    // The picture at 2 s is the source's at about 5.45 s (the square moves).
    let diff = |a: &::image::RgbImage, b: &::image::RgbImage| {
        a.pixels()
            .zip(b.pixels())
            .map(|(p, q)| (luma(p) - luma(q)).abs())
            .sum::<f64>()
            / f64::from(a.width() * a.height())
    };
    let got = picture_at(&out, 40);
    let near = (107..=111)
        .map(|k| diff(&got, &picture_at(&input, k)))
        .fold(f64::MAX, f64::min);
    let before = diff(&got, &picture_at(&input, 60));
    assert!(near < before / 3.0, "{near} {before}");
    // The printed command finds the pauses with silencedetect and keeps
    // what is between them.
    let line = op.command_line(&[facts(&input)], "cli.mp4").unwrap();
    assert!(line.contains("silencedetect"), "{line}");
    if ffmpeg_cli() {
        run_printed(&line, dir.path());
        let cli = streams(&dir.path().join("cli.mp4"));
        assert!(close(cli.duration, 4.2, 0.4), "{line}\n{cli:?}");
    }
    // A video without sound has no pauses to find.
    let mute = clip(dir.path(), "m.mp4", 1.0, false);
    assert!(op.outputs(&[facts(&mute)]).is_err());
}

#[test]
fn shifts_the_sound_against_the_pictures() {
    let dir = tempfile::tempdir().unwrap();
    // 3 s, the tone starting at 1 s.
    let input = dir.path().join("clap.mp4");
    write_clip_with_pauses(&input, &clip_spec(3.0, true), &[(0.0, 1.0)]).unwrap();
    for (seconds, onset) in [(0.5, 1.5), (-0.5, 0.5)] {
        let op = Operation::ShiftAudio(ShiftAudio { seconds });
        let out = run1(&op, &input, dir.path());
        let s = streams(&out);
        // The video keeps its length, the sound lasts as long.
        assert!(close(s.duration, 3.0, 0.05), "{seconds}: {s:?}");
        assert!(
            close(sound_length(&out, dir.path()), 3.0, 0.05),
            "{seconds}"
        );
        // The tone starts where it was moved to.
        let before = audio_level_between(&out, dir.path(), onset - 0.3, onset - 0.05);
        let after = audio_level_between(&out, dir.path(), onset + 0.05, onset + 0.3);
        assert!(before < 0.01 && after > 0.05, "{seconds}: {before} {after}");
        let line = op.command_line(&[facts(&input)], "cli.mp4").unwrap();
        assert!(
            line.contains(if seconds > 0.0 { "adelay" } else { "atrim" }),
            "{line}"
        );
        if ffmpeg_cli() {
            run_printed(&line, dir.path());
            let cli = dir.path().join("cli.mp4");
            assert!(close(streams(&cli).duration, 3.0, 0.1), "{line}");
            let after = audio_level_between(&cli, dir.path(), onset + 0.05, onset + 0.3);
            assert!(after > 0.05, "{line}");
            std::fs::remove_file(cli).unwrap();
        }
    }
    // Not more than the clip, not without sound.
    let far = Operation::ShiftAudio(ShiftAudio { seconds: 5.0 });
    assert!(far.outputs(&[facts(&input)]).is_err());
    let mute = clip(dir.path(), "m.mp4", 1.0, false);
    let op = Operation::ShiftAudio(ShiftAudio { seconds: 0.2 });
    assert!(op.outputs(&[facts(&mute)]).is_err());
    assert!(Operation::ShiftAudio(ShiftAudio { seconds: 0.0 })
        .validate()
        .is_err());
}

#[test]
fn crops_away_black_bars_and_borders() {
    let dir = tempfile::tempdir().unwrap();
    // A 64x48 picture shown in 160x90: black bars left and right.
    let a = png(dir.path(), "a.png", 64, 48);
    let show = Operation::Slideshow(Slideshow {
        seconds_per_image: 1.0,
        width: 160,
        height: 90,
        fps: 10,
        durations: None,
    });
    let boxed = run_op(&show, &[a], dir.path()).remove(0);
    let op = Operation::CropBorders(CropBorders {});
    let out = run1(&op, &boxed, dir.path());
    let v = streams(&out).video.unwrap();
    assert!((118..=122).contains(&v.1) && v.2 == 90, "{}x{}", v.1, v.2);
    let p = picture_at(&out, 0);
    assert!(region_luma(&p, 0.0, 0.0, 0.05, 1.0) > 45.0);
    // The command line finds the bars with cropdetect, then crops.
    let line = op.command_line(&[facts(&boxed)], "a_cropped.mp4").unwrap();
    assert!(
        line.contains("cropdetect") && line.contains("crop=\"$CROP\""),
        "{line}"
    );
    // A GIF keeps its animation, cropped the same.
    let gif = run1(&to_gif(Some(5), None), &boxed, dir.path());
    let gif_out = run1(&op, &gif, dir.path());
    let g = streams(&gif_out);
    assert_eq!(g.format, "gif");
    let (gw, gh) = (g.video.as_ref().unwrap().1, g.video.as_ref().unwrap().2);
    assert!(gw < gh * 16 / 9 && gw >= 100, "{gw}x{gh}");
    if ffmpeg_cli() {
        std::fs::rename(&boxed, dir.path().join("boxed.mp4")).unwrap();
        compare_with_cli(dir.path(), &op, &["boxed.mp4"]);
    }

    // A still with a white frame 6 px wide, and one with no border.
    let framed = dir.path().join("framed.png");
    let inner = picture(52, 36);
    ::image::RgbImage::from_fn(64, 48, |x, y| {
        if (6..58).contains(&x) && (6..42).contains(&y) {
            *inner.get_pixel(x - 6, y - 6)
        } else {
            ::image::Rgb([255, 255, 255])
        }
    })
    .save(&framed)
    .unwrap();
    let out = run1(&op, &framed, dir.path());
    assert_eq!(rgb(&out).dimensions(), (52, 36));
    // A transparent margin of 4 px around an opaque picture.
    let clear = dir.path().join("clear.png");
    ::image::RgbaImage::from_fn(40, 30, |x, y| {
        if (4..36).contains(&x) && (4..26).contains(&y) {
            ::image::Rgba([200, 40, 40, 255])
        } else {
            ::image::Rgba([0, 0, 0, 0])
        }
    })
    .save(&clear)
    .unwrap();
    let out = run1(&op, &clear, dir.path());
    let cut = ::image::open(&out).unwrap();
    assert_eq!((cut.width(), cut.height()), (32, 22));
    let plain = png(dir.path(), "plain.png", 64, 48);
    assert_eq!(rgb(&run1(&op, &plain, dir.path())).dimensions(), (64, 48));
}

#[test]
fn makes_slideshows_from_images() {
    let dir = tempfile::tempdir().unwrap();
    let a = png(dir.path(), "a.png", 64, 48);
    let b = png(dir.path(), "b.png", 30, 60);
    let op = Operation::Slideshow(Slideshow {
        seconds_per_image: 0.5,
        width: 160,
        height: 90,
        fps: 10,
        durations: None,
    });
    let out = run_op(&op, &[a.clone(), b.clone()], dir.path());
    assert_eq!(out[0].file_name().unwrap(), "a_slideshow.mp4");
    // A timelapse: one picture a frame.
    let lapse = Operation::Slideshow(Slideshow {
        seconds_per_image: 0.1,
        width: 160,
        height: 90,
        fps: 10,
        durations: None,
    });
    let pics = [a.clone(), b.clone(), a.clone(), b.clone(), a.clone()];
    let lapse_dir = dir.path().join("lapse");
    std::fs::create_dir_all(&lapse_dir).unwrap();
    let frames = streams(&run_op(&lapse, &pics, &lapse_dir)[0]).frames;
    assert_eq!(frames, 5);
    let s = streams(&out[0]);
    let v = s.video.unwrap();
    assert_eq!((v.0.as_str(), v.1, v.2), ("h264", 160, 90));
    assert_eq!(s.frames, 10);
    assert!(close(s.duration, 1.0, 0.1));
    // First slide: red top-left (letterboxed in the middle).
    let p = picture_at(&out[0], 0);
    let px = p.get_pixel(60, 30).0;
    assert!(px[0] > 150 && px[2] < 100, "{px:?}");
    // Second slide: pillarboxed, black at the sides.
    let p = picture_at(&out[0], 7);
    assert!(region_luma(&p, 0.0, 0.0, 0.2, 1.0) < 25.0);
}

#[test]
fn audio_only_files_convert_and_trim() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "tone.wav", 1.0, 0.3);
    for to in [Format::Mp3, Format::M4a, Format::Flac, Format::Ogg] {
        let out = run1(&convert(to), &tone, dir.path());
        let f = facts(&out);
        assert_eq!((f.kind, f.format), (MediaKind::Audio, to));
        assert!(
            close(f.duration_secs.unwrap(), 1.0, 0.1),
            "{to:?} {:?}",
            f.duration_secs
        );
    }
    let out = run1(&trim(Some(0.25), Some(0.75), None, None), &tone, dir.path());
    assert!(close(streams(&out).duration, 0.5, 0.03));
    // Audio cannot become a picture.
    assert!(convert(Format::Png).outputs(&[facts(&tone)]).is_err());
    assert!(Operation::Grayscale(Grayscale {})
        .outputs(&[facts(&tone)])
        .is_err());
}

#[test]
fn cancel_time_limit_and_hostile_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let err = run(
        &Operation::Grayscale(Grayscale {}),
        std::slice::from_ref(&input),
        &out_dir,
        &OpLimits::default(),
        &mut |done, _| done < 3,
    )
    .unwrap_err();
    assert!(matches!(err, MediaError::Canceled), "{err}");
    let limits = OpLimits {
        time_limit_secs: 0.0,
        ..OpLimits::default()
    };
    let err = run(
        &Operation::Grayscale(Grayscale {}),
        std::slice::from_ref(&input),
        &out_dir,
        &limits,
        &mut |_, _| true,
    )
    .unwrap_err();
    assert!(matches!(err, MediaError::TimeLimit { .. }), "{err}");
    assert_eq!(
        std::fs::read_dir(&out_dir).unwrap().count(),
        0,
        "partial output left behind"
    );

    // Damaged picture data behind a valid header.
    let mut bytes = std::fs::read(&input).unwrap();
    let mdat = bytes.windows(4).position(|w| w == b"mdat").unwrap();
    let end = bytes.len().min(mdat + 20_000);
    let mut x: u32 = 0x9E37_79B9;
    for b in &mut bytes[mdat + 4..end] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    let bad = dir.path().join("bad.mp4");
    std::fs::write(&bad, &bytes).unwrap();
    let result = run(
        &Operation::Grayscale(Grayscale {}),
        &[bad],
        &out_dir,
        &OpLimits::default(),
        &mut |_, _| true,
    );
    if let Err(e) = result {
        assert!(
            matches!(e, MediaError::NotDecodable(_) | MediaError::Ffmpeg { .. }),
            "{e}"
        );
    }

    // A picture whose header claims 60000 x 60000 pixels.
    let big = dir.path().join("big.png");
    let mut png_bytes = Vec::new();
    ::image::RgbImage::new(4, 4)
        .write_to(
            &mut std::io::Cursor::new(&mut png_bytes),
            ::image::ImageFormat::Png,
        )
        .unwrap();
    png_bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    png_bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let crc = crc32(&png_bytes[12..29]);
    png_bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(&big, &png_bytes).unwrap();
    let err = run_err(&Operation::Grayscale(Grayscale {}), &[big], &out_dir);
    assert!(err.to_string().contains("larger than"), "{err}");
}

/// CRC-32 (as PNG chunks use).
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

// ---------------------------------------------------------------------------
// Stills

fn rgb(path: &Path) -> ::image::RgbImage {
    ::image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8()
}

fn is_red(p: &::image::Rgb<u8>) -> bool {
    p.0[0] > 150 && p.0[1] < 90 && p.0[2] < 90
}

/// A JPEG with an EXIF orientation of 6 (shown rotated 90° clockwise).
fn exif_jpeg(dir: &Path, name: &str) -> PathBuf {
    let mut jpeg = Vec::new();
    ::image::DynamicImage::ImageRgb8(picture(64, 48))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            ::image::ImageFormat::Jpeg,
        )
        .unwrap();
    let p = dir.join(name);
    std::fs::write(&p, sideways(&jpeg)).unwrap();
    p
}

/// `jpeg` with an EXIF orientation of 6 (turn 90° clockwise to show).
pub(super) fn sideways(jpeg: &[u8]) -> Vec<u8> {
    let mut app1 = vec![0xFF, 0xE1, 0x00, 34];
    app1.extend_from_slice(b"Exif\0\0MM\0*\0\0\0\x08");
    app1.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn converts_stills_between_formats() {
    let dir = tempfile::tempdir().unwrap();
    let input = png(dir.path(), "photo.png", 64, 48);
    for to in [
        Format::Jpeg,
        Format::Webp,
        Format::Gif,
        Format::Bmp,
        Format::Tiff,
    ] {
        let out = run1(&convert(to), &input, dir.path());
        let f = facts_any(&out);
        assert_eq!(f.format, to, "{to:?}");
        assert_eq!((f.width, f.height), (Some(64), Some(48)));
        let img = rgb(&out);
        assert!(is_red(img.get_pixel(5, 5)), "{to:?}");
        assert!(!is_red(img.get_pixel(5, 40)), "{to:?}");
        // And back to PNG.
        let back = run1(&convert(Format::Png), &out, dir.path());
        assert_eq!(facts_any(&back).format, Format::Png);
    }
    let q = run1(
        &Operation::Convert(Convert {
            to: Format::Jpeg,
            quality: Some(30),
            codec: None,
            lossless: false,
        }),
        &input,
        dir.path(),
    );
    let default = dir.path().join("photo.jpg");
    assert!(std::fs::metadata(&q).unwrap().len() < std::fs::metadata(default).unwrap().len());
}

#[test]
fn writes_windows_icons_at_the_icon_sizes() {
    let dir = tempfile::tempdir().unwrap();
    // 64x48: centred on a 64 px square, with the smaller sizes under it.
    let input = png(dir.path(), "logo.png", 64, 48);
    let op = convert(Format::Ico);
    let planned = op.outputs(&[facts(&input)]).unwrap();
    assert_eq!((planned[0].width, planned[0].height), (Some(64), Some(64)));
    let out = run1(&op, &input, dir.path());
    assert_eq!(out.file_name().unwrap(), "logo.ico");
    let bytes = std::fs::read(&out).unwrap();
    // ICONDIR: reserved 0, type 1 (icon), then the count of pictures.
    assert_eq!(&bytes[..4], &[0, 0, 1, 0]);
    let count = usize::from(u16::from_le_bytes([bytes[4], bytes[5]]));
    let sides: Vec<u8> = (0..count).map(|k| bytes[6 + 16 * k]).collect();
    assert_eq!(sides, vec![16, 24, 32, 48, 64]);
    let f = facts(&out);
    assert_eq!(
        (f.format, f.width, f.height),
        (Format::Ico, Some(64), Some(64))
    );
    // The picture in the middle, transparent above and below it.
    let img = ::image::open(&out).unwrap().to_rgba8();
    assert!(is_red(&::image::Rgb([
        img.get_pixel(5, 13)[0],
        img.get_pixel(5, 13)[1],
        img.get_pixel(5, 13)[2]
    ])));
    assert_eq!(img.get_pixel(30, 2)[3], 0);
    // A large photo: the largest picture 256 px.
    let big = png(dir.path(), "big.png", 600, 300);
    let out = run1(&op, &big, dir.path());
    let f = facts(&out);
    assert_eq!((f.width, f.height), (Some(256), Some(256)));
}

/// Facts of a still or an animation (a GIF made from a still is a GIF).
fn facts_any(path: &Path) -> FileFacts {
    facts(path)
}

#[test]
fn resizes_and_thumbnails_stills() {
    let dir = tempfile::tempdir().unwrap();
    let input = png(dir.path(), "photo.png", 64, 48);
    let cases = [
        (scale(Some(32), None, None, None, true), (32, 24)),
        (scale(None, None, Some(150.0), None, true), (96, 72)),
        (scale(Some(33), Some(33), None, None, true), (33, 25)),
        (scale(Some(20), Some(40), None, None, false), (20, 40)),
        (Operation::Thumbnail(Thumbnail::within(16)), (16, 12)),
        (Operation::Thumbnail(Thumbnail::within(500)), (64, 48)),
    ];
    for (op, (w, h)) in cases {
        assert_predicts_size(&op, &input, (w, h));
        let out = run1(&op, &input, dir.path());
        let img = rgb(&out);
        assert_eq!(img.dimensions(), (w, h), "{op:?}");
        assert!(is_red(img.get_pixel(w / 8, h / 8)), "{op:?}");
    }
}

#[test]
fn crops_rotates_and_flips_stills() {
    let dir = tempfile::tempdir().unwrap();
    let input = png(dir.path(), "photo.png", 64, 48);
    let crop = run1(&crop_rect(0, 24, 32, 24), &input, dir.path());
    let img = rgb(&crop);
    assert_eq!(img.dimensions(), (32, 24));
    assert!(
        img.pixels().all(|p| p.0 == [30, 30, 220]),
        "only the blue quadrant"
    );
    let square = run1(&crop_aspect(Aspect::Square), &input, dir.path());
    assert_eq!(rgb(&square).dimensions(), (48, 48));

    let r90 = rgb(&run1(&rotate(90), &input, dir.path()));
    assert_eq!(r90.dimensions(), (48, 64));
    assert!(is_red(r90.get_pixel(40, 5)), "red moves to the top right");
    let r180 = rgb(&run1(&rotate(180), &input, dir.path()));
    assert!(is_red(r180.get_pixel(60, 44)));
    let r270 = rgb(&run1(&rotate(270), &input, dir.path()));
    assert!(is_red(r270.get_pixel(5, 60)));
    let mirror = rgb(&run1(&flip(FlipDirection::Horizontal), &input, dir.path()));
    assert!(is_red(mirror.get_pixel(60, 5)) && !is_red(mirror.get_pixel(5, 5)));
    let flip = rgb(&run1(&flip(FlipDirection::Vertical), &input, dir.path()));
    assert!(is_red(flip.get_pixel(5, 44)) && !is_red(flip.get_pixel(5, 5)));
}

#[test]
fn auto_orients_and_strips_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let input = exif_jpeg(dir.path(), "phone.jpg");
    assert!(std::fs::read(&input)
        .unwrap()
        .windows(4)
        .any(|w| w == b"Exif"));
    let upright = run1(&Operation::AutoOrient(AutoOrient {}), &input, dir.path());
    assert_eq!(upright.file_name().unwrap(), "phone_upright.jpg");
    let img = rgb(&upright);
    assert_eq!(img.dimensions(), (48, 64));
    assert!(is_red(img.get_pixel(40, 5)), "{:?}", img.get_pixel(40, 5));
    let clean = run1(
        &Operation::StripMetadata(StripMetadata {}),
        &input,
        dir.path(),
    );
    let bytes = std::fs::read(&clean).unwrap();
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    // Every still step works on the upright picture: without its EXIF
    // orientation the result would otherwise show on its side.
    assert_eq!(rgb(&clean).dimensions(), (48, 64));
}

#[test]
fn still_colour_and_detail_operations() {
    let dir = tempfile::tempdir().unwrap();
    let input = png(dir.path(), "photo.png", 64, 48);
    let src = rgb(&input);
    let bw = run1(&Operation::Grayscale(Grayscale {}), &input, dir.path());
    assert_eq!(bw.file_name().unwrap(), "photo_bw.png");
    let decoded = ::image::open(&bw).unwrap();
    assert!(!decoded.color().has_color());
    assert_eq!(max_chroma(&decoded.to_rgb8()), 0);

    let bright = rgb(&run1(&adjust(0.2, 1.0, 1.0), &input, dir.path()));
    assert!(
        region_luma(&bright, 0.0, 0.0, 1.0, 1.0) > region_luma(&src, 0.0, 0.0, 1.0, 1.0) + 40.0
    );
    let gray = rgb(&run1(&adjust(0.0, 1.0, 0.0), &input, dir.path()));
    assert!(max_chroma(&gray) <= 1);

    // Blur softens the edge between the red and blue quadrants; sharpen
    // keeps the size and the colours.
    let blur = rgb(&run1(
        &Operation::Blur(Blur { sigma: 3.0 }),
        &input,
        dir.path(),
    ));
    let edge = |img: &::image::RgbImage| {
        i32::from(img.get_pixel(10, 23).0[0]) - i32::from(img.get_pixel(10, 24).0[0])
    };
    assert!(
        edge(&blur) < edge(&src) / 2,
        "{} vs {}",
        edge(&blur),
        edge(&src)
    );
    let sharp = rgb(&run1(
        &Operation::Sharpen(Sharpen { sigma: 1.0 }),
        &input,
        dir.path(),
    ));
    assert_eq!(sharp.dimensions(), (64, 48));
    assert!(is_red(sharp.get_pixel(5, 5)));
}

/// A 64 x 48 chart: white, mid-gray, red and black quadrants (left to
/// right, top to bottom).
fn colour_chart(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    ::image::RgbImage::from_fn(64, 48, |x, y| match (x < 32, y < 24) {
        (true, true) => ::image::Rgb([255, 255, 255]),
        (false, true) => ::image::Rgb([128, 128, 128]),
        (true, false) => ::image::Rgb([255, 0, 0]),
        (false, false) => ::image::Rgb([0, 0, 0]),
    })
    .save(&p)
    .unwrap();
    p
}

/// The colours at the middle of the chart's quadrants, within `tol` of
/// the negative: black, mid-gray, cyan, white.
fn assert_negative_chart(img: &::image::RgbImage, tol: u8) {
    let expected = [
        ((16, 12), [0, 0, 0]),
        ((48, 12), [127, 127, 127]),
        ((16, 36), [0, 255, 255]),
        ((48, 36), [255, 255, 255]),
    ];
    for ((x, y), want) in expected {
        let got = img.get_pixel(x, y).0;
        let near = got.iter().zip(want).all(|(g, w)| g.abs_diff(w) <= tol);
        assert!(near, "({x}, {y}): {got:?}, expected about {want:?}");
    }
}

#[test]
fn negates_stills_keeping_transparency() {
    let dir = tempfile::tempdir().unwrap();
    let chart = colour_chart(dir.path(), "chart.png");
    let out = run1(&Negate {}.into(), &chart, dir.path());
    assert_eq!(out.file_name().unwrap(), "chart_negative.png");
    assert_negative_chart(&rgb(&out), 1);
    assert_eq!(
        Operation::from(Negate {})
            .command_line(&[facts(&chart)], "chart_negative.png")
            .unwrap(),
        "magick chart.png -negate chart_negative.png"
    );
    // Alpha is kept as it was.
    let clear = dir.path().join("clear.png");
    ::image::RgbaImage::from_pixel(8, 8, ::image::Rgba([200, 100, 50, 90]))
        .save(&clear)
        .unwrap();
    let out = run1(&Negate {}.into(), &clear, dir.path());
    let img = ::image::open(&out).unwrap().to_rgba8();
    assert_eq!(img.get_pixel(3, 3).0, [55, 155, 205, 90]);
}

#[test]
fn negates_video_and_gifs() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    let negate = Operation::from(Negate {});
    let out = run1(&negate, &input, dir.path());
    assert_eq!(out.file_name().unwrap(), "clip_negative.mp4");
    let (before, after) = (facts(&input), facts(&out));
    assert_eq!(negate.output(&before).unwrap().width, after.width);
    assert_eq!(
        (after.kind, after.width, after.height, after.has_audio),
        (MediaKind::Video, before.width, before.height, true)
    );
    let (a, b) = (streams(&input), streams(&out));
    assert_eq!(a.frames, b.frames);
    assert!(close(a.duration, b.duration, 0.05), "{a:?} {b:?}");
    // Every pixel is the negative of the source's, up to compression.
    let (src, neg) = (picture_at(&input, 5), picture_at(&out, 5));
    let off = src
        .pixels()
        .zip(neg.pixels())
        .map(|(p, q)| (255.0 - luma(p) - luma(q)).abs())
        .sum::<f64>()
        / f64::from(W * H);
    assert!(off < 4.0, "{off}");
    let cmd = negate.command_line(&[before], "n.mp4").unwrap();
    assert!(cmd.contains(" -vf negate "), "{cmd}");

    // Known colours through a video: white → black, red → cyan.
    let chart = colour_chart(dir.path(), "chart.png");
    let slides = Slideshow {
        seconds_per_image: 0.5,
        width: 64,
        height: 48,
        fps: 10,
        durations: None,
    };
    let video = run_op(&slides.into(), &[chart], dir.path()).remove(0);
    let out = run1(&negate, &video, dir.path());
    assert_negative_chart(&picture_at(&out, 0), 40);

    // A GIF stays a GIF.
    let gif = run1(&to_gif(Some(5), None), &input, dir.path());
    let out = run1(&negate, &gif, dir.path());
    assert_eq!(streams(&out).format, "gif");
    let (src, neg) = (picture_at(&gif, 0), picture_at(&out, 0));
    assert!(
        close(
            region_luma(&neg, 0.0, 0.0, 1.0, 1.0),
            255.0 - region_luma(&src, 0.0, 0.0, 1.0, 1.0),
            6.0
        ),
        "{} vs {}",
        region_luma(&neg, 0.0, 0.0, 1.0, 1.0),
        region_luma(&src, 0.0, 0.0, 1.0, 1.0)
    );
}

#[test]
fn compresses_and_optimises_stills() {
    let dir = tempfile::tempdir().unwrap();
    // A noisy picture, so sizes differ clearly.
    let noisy = ::image::RgbImage::from_fn(200, 150, |x, y| {
        let v = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)).wrapping_mul(2_654_435_761) >> 24;
        ::image::Rgb([v as u8, (x * 255 / 200) as u8, (y * 255 / 150) as u8])
    });
    let input = dir.path().join("noisy.png");
    noisy.save(&input).unwrap();
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let low = run1(&compress(Quality::Smallest), &input, dir.path());
    let high = run1(&compress(Quality::High), &input, dir.path());
    // A PNG stays a PNG, with fewer colours the lower the quality.
    assert_eq!(facts(&low).format, Format::Png);
    assert!(size(&low) < size(&high));
    let capped = run1(&compress_to(0.015), &input, dir.path());
    assert!(size(&capped) <= 15_000, "{}", size(&capped));
    assert!(run(
        &compress_to(0.0001),
        std::slice::from_ref(&input),
        dir.path(),
        &OpLimits::default(),
        &mut |_, _| true
    )
    .is_err());

    let opt = run1(&Operation::OptimizePng(OptimizePng {}), &input, dir.path());
    assert!(
        size(&opt) <= size(&input),
        "{} > {}",
        size(&opt),
        size(&input)
    );
    assert_eq!(rgb(&opt), noisy, "lossless");
}

#[test]
fn gif_stills_and_planning_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 0.5, false);
    let gif = run1(&to_gif(Some(4), Some(80)), &input, dir.path());
    // Still operations take a GIF's first frame.
    let thumb = run1(
        &Operation::Thumbnail(Thumbnail::within(40)),
        &gif,
        dir.path(),
    );
    assert_eq!(thumb.file_name().unwrap(), "clip_thumb.png");
    assert_eq!(rgb(&thumb).dimensions(), (40, 30));
    let png_out = run1(&convert(Format::Png), &gif, dir.path());
    assert_eq!(rgb(&png_out).dimensions(), (80, 60));
    // Stills cannot be trimmed or have their audio taken.
    let pic = facts(&png(dir.path(), "p.png", 8, 8));
    assert!(trim(None, None, Some(1.0), None)
        .outputs(std::slice::from_ref(&pic))
        .is_err());
    assert!(Operation::ExtractAudio(ExtractAudio::to(Format::Mp3))
        .outputs(std::slice::from_ref(&pic))
        .is_err());
    // Operations on pictures only refuse video.
    assert!(Operation::OptimizePng(OptimizePng {})
        .outputs(&[facts(&input)])
        .is_err());
}

#[test]
fn makes_a_thumbnail_of_a_video_from_its_middle_frame() {
    use super::encode_tests::mean_difference;
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 2.0, true);
    let op = Operation::Thumbnail(Thumbnail::within(64));
    let predicted = op.outputs(&[facts(&input)]).unwrap();
    assert_eq!(predicted.len(), 1);
    assert_eq!(predicted[0].format, Format::Png);
    assert_eq!(predicted[0].duration_secs, None);
    let out = run1(&op, &input, dir.path());
    assert_eq!(out.file_name().unwrap(), "clip_thumb.png");
    let thumb = rgb(&out);
    assert_eq!(thumb.dimensions(), (64, 48));
    // The frame from the middle, not the first: it differs from the
    // first frame made small.
    let first = run1(
        &frames(Some(0.0), None, None, FrameFormat::Png),
        &input,
        dir.path(),
    );
    let first_small = rgb(&run1(&op, &first, dir.path()));
    assert_ne!(first_small.as_raw(), thumb.as_raw());
    // A thumbnail of the frame at 0 s is the first frame made small; a
    // time past the end is refused before anything runs.
    let at = |t: f64| {
        Operation::Thumbnail(Thumbnail {
            max: 64,
            at: Some(t),
        })
    };
    let start = rgb(&run1(&at(0.0), &input, dir.path()));
    assert!(
        mean_difference(&start, &first_small) < mean_difference(&start, &thumb),
        "the thumbnail at 0 s is the first frame"
    );
    let err = at(5.0).outputs(&[facts(&input)]).unwrap_err();
    assert!(err.to_string().contains("only 2.0 s long"), "{err}");
    let err = at(0.0).outputs(&[facts(&first)]).unwrap_err();
    assert!(err.to_string().contains("taken from a video"), "{err}");
}

// ---------------------------------------------------------------------------
// The printed command lines, run through the real ffmpeg

pub(super) fn ffmpeg_cli() -> bool {
    let ok = std::process::Command::new("ffmpeg")
        .arg("-version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "NOTE: the ffmpeg command is not installed; skipping the command-line comparison"
        );
    }
    ok
}

/// Runs a printed command line in `dir` with `sh`; it must succeed.
fn run_printed(line: &str, dir: &Path) {
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{line}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs `op` in-process and through its printed command line in `dir`
/// (where the inputs are), and checks that both outputs agree.
pub(super) fn compare_with_cli(dir: &Path, op: &Operation, inputs: &[&str]) {
    let paths: Vec<PathBuf> = inputs.iter().map(|n| dir.join(n)).collect();
    let facts_in: Vec<FileFacts> = paths.iter().map(|p| facts(p)).collect();
    let ours = run_op(op, &paths, dir);
    let expected_name = ours[0].file_name().unwrap().to_string_lossy().into_owned();
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let cli_name = format!("cli{n}_{}", op.outputs(&facts_in).unwrap()[0].name);
    let pattern = matches!(
        op,
        Operation::Frames(Frames { every: Some(_), .. })
            | Operation::Frames(Frames { count: Some(_), .. })
    );
    let cli_name = if pattern {
        format!("cli{n}_{}", op.output_name(inputs[0]))
    } else {
        cli_name
    };
    let cmd = op.command_line(&facts_in, &cli_name).unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} -loglevel error -nostdin"))
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if pattern {
        let prefix = cli_name.split('%').next().unwrap().to_string();
        let n = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&prefix)
            })
            .count();
        assert_eq!(n, ours.len(), "{cmd}");
        return;
    }
    let theirs = dir.join(&cli_name);
    let (a, b) = (streams(&ours[0]), streams(&theirs));
    let ctx = format!("{cmd}\nours ({expected_name}): {a:?}\nffmpeg: {b:?}");
    assert_eq!(a.format, b.format, "{ctx}");
    match (&a.video, &b.video) {
        (Some(x), Some(y)) => {
            assert_eq!((&x.0, x.1, x.2), (&y.0, y.1, y.2), "{ctx}");
            assert!(close(x.3, y.3, 0.01), "{ctx}");
            assert!(a.frames.abs_diff(b.frames) <= 1, "{ctx}");
            let (p, q) = (picture_at(&ours[0], 0), picture_at(&theirs, 0));
            let diff = p
                .pixels()
                .zip(q.pixels())
                .map(|(u, v)| (luma(u) - luma(v)).abs())
                .sum::<f64>()
                / f64::from(p.width() * p.height());
            assert!(diff < 4.0, "first pictures differ by {diff}\n{ctx}");
        }
        (None, None) => {}
        _ => panic!("video differs\n{ctx}"),
    }
    assert_eq!(a.audio, b.audio, "{ctx}");
    assert!(close(a.duration, b.duration, 0.1), "{ctx}");
}

#[test]
fn command_lines_match_ffmpeg_for_video_operations() {
    if !ffmpeg_cli() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    clip(dir.path(), "my clip.mp4", 2.0, true);
    let ops = [
        convert(Format::Webm),
        scale(Some(80), None, None, None, true),
        crop_aspect(Aspect::Square),
        rotate(90),
        flip(FlipDirection::Horizontal),
        Operation::Grayscale(Grayscale {}),
        Operation::Negate(Negate {}),
        trim(Some(0.5), Some(1.5), None, None),
        trim(None, None, None, Some(0.5)),
        Operation::Speed(Speed { factor: 2.0 }),
        Operation::ChangeFps(ChangeFps { fps: 10.0 }),
        to_gif(Some(8), Some(100)),
        Operation::RemoveAudio(RemoveAudio {}),
    ];
    for op in &ops {
        compare_with_cli(dir.path(), op, &["my clip.mp4"]);
    }
}

#[test]
fn command_lines_match_ffmpeg_for_audio_and_multi_input_operations() {
    if !ffmpeg_cli() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    clip(dir.path(), "it's.mp4", 1.0, true);
    clip(dir.path(), "b.mp4", 0.5, true);
    wav(dir.path(), "tone.wav", 1.0, 0.3);
    compare_with_cli(
        dir.path(),
        &Operation::ExtractAudio(ExtractAudio::to(Format::M4a)),
        &["it's.mp4"],
    );
    compare_with_cli(dir.path(), &convert(Format::Mp3), &["it's.mp4"]);
    compare_with_cli(dir.path(), &convert(Format::Ogg), &["tone.wav"]);
    compare_with_cli(dir.path(), &volume(Some(0.5), None), &["tone.wav"]);
    let mute = Volume::mute(Some(0.25), Some(0.5)).into();
    compare_with_cli(dir.path(), &mute, &["it's.mp4"]);
    compare_with_cli(dir.path(), &Operation::Reverse(Reverse {}), &["it's.mp4"]);
    compare_with_cli(
        dir.path(),
        &Operation::Concat(Concat {}),
        &["it's.mp4", "b.mp4"],
    );
    compare_with_cli(
        dir.path(),
        &watermark(Some("KILN"), Corner::BottomRight, 0.8),
        &["it's.mp4"],
    );
    compare_with_cli(
        dir.path(),
        &frames(None, Some(0.25), None, FrameFormat::Png),
        &["it's.mp4"],
    );
    compare_with_cli(
        dir.path(),
        &frames(Some(0.5), None, None, FrameFormat::Jpeg),
        &["it's.mp4"],
    );
}

#[test]
fn prints_honest_quoted_commands() {
    let clip = FileFacts {
        name: "my clip.mp4".into(),
        kind: MediaKind::Video,
        format: Format::Mp4,
        width: Some(1920),
        height: Some(1080),
        duration_secs: Some(10.0),
        fps: Some(30.0),
        has_audio: true,
        bytes: None,
        video_codec: None,
        audio_codec: None,
        sample_rate: None,
        channels: None,
        document: None,
    };
    let cmd = Operation::Grayscale(Grayscale {})
        .command_line(std::slice::from_ref(&clip), "my_clip_bw.mp4")
        .unwrap();
    assert_eq!(
        cmd,
        "ffmpeg -hide_banner -i 'my clip.mp4' -vf hue=s=0 -c:v libx264 -preset veryfast -crf 23 \
         -pix_fmt yuv420p -c:a aac -b:a 128k -movflags +faststart my_clip_bw.mp4"
    );
    let cmd = trim(Some(2.0), Some(5.0), None, None)
        .command_line(std::slice::from_ref(&clip), "x.mp4")
        .unwrap();
    assert!(cmd.contains("-ss 2 -t 3 -i 'my clip.mp4'"), "{cmd}");
    let cmd = compress_to(10.0)
        .command_line(std::slice::from_ref(&clip), "x.mp4")
        .unwrap();
    // 10 MB over 10 s: 7680 kbit/s in all, 128 of them audio.
    assert!(
        cmd.contains("-b:v 7552k -maxrate 7552k -bufsize 7552k"),
        "{cmd}"
    );
    let photo = FileFacts {
        name: "holiday$(reboot).png".into(),
        kind: MediaKind::Image,
        format: Format::Png,
        width: Some(4000),
        height: Some(3000),
        duration_secs: None,
        fps: None,
        has_audio: false,
        bytes: None,
        video_codec: None,
        audio_codec: None,
        sample_rate: None,
        channels: None,
        document: None,
    };
    let out = Operation::Grayscale(Grayscale {}).output_name(&photo.name);
    assert_eq!(out, "holiday__reboot__bw.png");
    let cmd = Operation::Grayscale(Grayscale {})
        .command_line(std::slice::from_ref(&photo), &out)
        .unwrap();
    assert_eq!(
        cmd,
        "magick 'holiday$(reboot).png' -colorspace Gray holiday__reboot__bw.png"
    );
    let cmd = Operation::Thumbnail(Thumbnail::within(256))
        .command_line(std::slice::from_ref(&photo), "t.png")
        .unwrap();
    assert_eq!(
        cmd,
        "magick 'holiday$(reboot).png' -thumbnail '256x256>' t.png"
    );
    let cmd = convert(Format::Jpeg)
        .command_line(std::slice::from_ref(&photo), "h.jpg")
        .unwrap();
    assert_eq!(cmd, "magick 'holiday$(reboot).png' -quality 90 h.jpg");
    // Several inputs to a single-input step: one command each.
    let two = [
        photo.clone(),
        FileFacts {
            name: "b.png".into(),
            ..photo
        },
    ];
    let cmd = rotate(90).command_line(&two, "ignored").unwrap();
    assert_eq!(cmd.lines().count(), 2);
    assert!(
        cmd.ends_with("magick b.png -rotate 90 b_rot90.png"),
        "{cmd}"
    );
}

/// A HEIC picture made with libheif's HEVC encoder (None, with a note, if
/// this libheif has no encoder).
fn heic(dir: &Path, name: &str, w: u32, h: u32) -> Option<PathBuf> {
    use libheif_rs::{
        Channel, ColorSpace, CompressionFormat, EncoderQuality, HeifContext, Image, RgbChroma,
    };
    let src = picture(w, h);
    let mut image = Image::new(w, h, ColorSpace::Rgb(RgbChroma::Rgb)).unwrap();
    image.create_plane(Channel::Interleaved, w, h, 24).unwrap();
    {
        let planes = image.planes_mut();
        let p = planes.interleaved.unwrap();
        for (y, row) in src.as_raw().chunks_exact(w as usize * 3).enumerate() {
            p.data[y * p.stride..y * p.stride + row.len()].copy_from_slice(row);
        }
    }
    let mut ctx = HeifContext::new().unwrap();
    let Ok(mut enc) = ctx.encoder_for_format(CompressionFormat::Hevc) else {
        eprintln!("NOTE: libheif has no HEVC encoder here; skipping the HEIC test");
        return None;
    };
    enc.set_quality(EncoderQuality::Lossy(95)).unwrap();
    ctx.encode_image(&image, &mut enc, None).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, ctx.write_to_bytes().unwrap()).unwrap();
    Some(p)
}

#[test]
fn reads_heic_stills() {
    let dir = tempfile::tempdir().unwrap();
    let Some(input) = heic(dir.path(), "IMG_0001.HEIC", 64, 48) else {
        return;
    };
    let f = facts(&input);
    assert_eq!(
        (f.kind, f.format, f.width, f.height),
        (MediaKind::Image, Format::Heic, Some(64), Some(48))
    );
    let png_out = run1(&convert(Format::Png), &input, dir.path());
    assert_eq!(png_out.file_name().unwrap(), "IMG_0001.png");
    let img = rgb(&png_out);
    assert_eq!(img.dimensions(), (64, 48));
    assert!(is_red(img.get_pixel(5, 5)) && !is_red(img.get_pixel(5, 40)));
    // Still operations on HEIC write JPEG.
    let bw = run1(&Operation::Grayscale(Grayscale {}), &input, dir.path());
    assert_eq!(bw.file_name().unwrap(), "IMG_0001_bw.jpg");
    assert!(max_chroma(&rgb(&bw)) <= 2);
    assert!(convert(Format::Heic).validate().is_err());
    // A slideshow takes HEIC too.
    let out = run_op(
        &Operation::Slideshow(Slideshow {
            seconds_per_image: 0.2,
            width: 64,
            height: 48,
            fps: 10,
            durations: None,
        }),
        &[input],
        dir.path(),
    );
    assert_eq!(streams(&out[0]).frames, 2);
}

/// ImageMagick: `magick` (7), else Debian's `convert` (6, same syntax for
/// these operations); None, with a note, when neither is installed.
fn magick_cli() -> Option<String> {
    for tool in ["magick", "/usr/bin/convert-im6.q16", "/usr/bin/convert"] {
        let out = std::process::Command::new(tool).arg("-version").output();
        if let Ok(out) = out {
            if out.status.success() && String::from_utf8_lossy(&out.stdout).contains("ImageMagick")
            {
                return Some(tool.to_string());
            }
        }
    }
    eprintln!("NOTE: ImageMagick is not installed; skipping the magick command-line comparison");
    None
}

fn compare_with_magick(tool: &str, dir: &Path, op: &Operation, input: &str, tolerance: f64) {
    let path = dir.join(input);
    let f = facts(&path);
    let ours = run1(op, &path, dir);
    let im_name = format!("im_{}", ours.file_name().unwrap().to_string_lossy());
    let cmd = op.command_line(std::slice::from_ref(&f), &im_name).unwrap();
    let run_cmd = format!("{tool} {}", cmd.strip_prefix("magick ").unwrap());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&run_cmd)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{run_cmd}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = dir.join(&im_name);
    let (a, b) = (rgb(&ours), rgb(&theirs));
    assert_eq!(a.dimensions(), b.dimensions(), "{cmd}");
    assert_eq!(facts(&ours).format, facts(&theirs).format, "{cmd}");
    let diff = a
        .pixels()
        .zip(b.pixels())
        .map(|(p, q)| (luma(p) - luma(q)).abs())
        .sum::<f64>()
        / f64::from(a.width() * a.height());
    assert!(diff <= tolerance, "pictures differ by {diff}: {cmd}");
}

#[test]
fn command_lines_match_imagemagick_for_stills() {
    let Some(tool) = magick_cli() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    png(dir.path(), "my photo.png", 64, 48);
    exif_jpeg(dir.path(), "phone.jpg");
    let cases: Vec<(Operation, &str, f64)> = vec![
        (convert(Format::Jpeg), "my photo.png", 3.0),
        (convert(Format::Webp), "my photo.png", 0.0),
        (convert(Format::Bmp), "my photo.png", 0.0),
        (convert(Format::Ico), "my photo.png", 3.0),
        (scale(Some(32), None, None, None, true), "my photo.png", 6.0),
        (
            Operation::Thumbnail(Thumbnail::within(16)),
            "my photo.png",
            8.0,
        ),
        (crop_rect(8, 4, 40, 30), "my photo.png", 0.0),
        (crop_aspect(Aspect::Square), "my photo.png", 0.0),
        (rotate(90), "my photo.png", 0.0),
        (rotate(180), "my photo.png", 0.0),
        (flip(FlipDirection::Horizontal), "my photo.png", 0.0),
        (flip(FlipDirection::Vertical), "my photo.png", 0.0),
        (Operation::Grayscale(Grayscale {}), "my photo.png", 3.0),
        (Operation::Negate(Negate {}), "my photo.png", 1.0),
        (Operation::OptimizePng(OptimizePng {}), "my photo.png", 0.0),
        (Operation::Blur(Blur { sigma: 1.0 }), "my photo.png", 6.0),
        (Operation::AutoOrient(AutoOrient {}), "phone.jpg", 3.0),
        (Operation::StripMetadata(StripMetadata {}), "phone.jpg", 3.0),
    ];
    for (op, input, tolerance) in &cases {
        compare_with_magick(&tool, dir.path(), op, input, *tolerance);
    }
}

#[test]
fn output_names_come_from_the_names_users_know() {
    let dir = tempfile::tempdir().unwrap();
    let blob = dir.path().join("01HZX3BLOB");
    std::fs::rename(png(dir.path(), "x.png", 16, 16), &blob).unwrap();
    let out = run_named(
        &Operation::Grayscale(Grayscale {}),
        &[blob],
        &["../My Photo;rm -rf ~.PNG".to_string()],
        dir.path(),
        &OpLimits::default(),
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!(out[0], dir.path().join("My_Photo_rm_-rf___bw.png"));
}

#[test]
fn reads_its_own_outputs_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "clip.mp4", 1.0, true);
    // WebM (VP9 + Opus) in, MP4 out.
    let webm = run1(&convert(Format::Webm), &input, dir.path());
    let mp4 = run1(&convert(Format::Mp4), &webm, dir.path());
    let s = streams(&mp4);
    assert_eq!(s.video.as_ref().unwrap().0, "h264");
    assert_eq!(s.audio.as_ref().unwrap().0, "aac");
    assert!(
        s.frames.abs_diff(20) <= 1 && close(s.duration, 1.0, 0.1),
        "{s:?}"
    );
    // A GIF compressed by quality keeps fewer colours.
    let gif = run1(&to_gif(Some(10), Some(160)), &input, dir.path());
    let small = run1(&compress(Quality::Smallest), &gif, dir.path());
    assert_eq!(streams(&small).format, "gif");
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&small) < size(&gif),
        "{} vs {}",
        size(&small),
        size(&gif)
    );
    // Lossless audio is compressed into MP3.
    let tone = wav(dir.path(), "tone.wav", 0.5, 0.3);
    let mp3 = run1(&compress(Quality::Low), &tone, dir.path());
    assert_eq!(mp3.file_name().unwrap(), "tone_small.mp3");
    assert_eq!(streams(&mp3).format, "mp3");
    assert!(size(&mp3) < size(&tone) / 4);
}

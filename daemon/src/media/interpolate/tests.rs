use super::metrics::{psnr, ssim};
use super::*;
use crate::media::probe::{probe, ProbeLimits};
use crate::media::render::{decode_pictures, render, RenderRequest};
use crate::media::testclip::{write_clip, ClipSpec};
use crate::media::MediaError;

/// A smooth texture (sum of sines) that can be sampled at any sub-pixel
/// position, so translated copies are exact.
fn texture(x: f32, y: f32, seed: f32) -> u8 {
    let v = 128.0
        + 40.0 * (x * 0.31 + y * 0.17 + seed).sin()
        + 30.0 * (x * 0.13 - y * 0.29 + 2.0 * seed).cos()
        + 20.0 * ((x + y) * 0.07 + 3.0 * seed).sin();
    v.round().clamp(0.0, 255.0) as u8
}

/// A picture of the texture moved by `(dx, dy)`: pixel p shows texture(p - d).
fn picture(w: u32, h: u32, dx: f32, dy: f32, seed: f32) -> Plane3 {
    let mut p = Plane3::new(w, h);
    for y in 0..h as usize {
        for x in 0..w as usize {
            p.y[y * w as usize + x] = texture(x as f32 - dx, y as f32 - dy, seed);
        }
    }
    let cw = p.chroma_width() as usize;
    for y in 0..p.chroma_height() as usize {
        for x in 0..cw {
            let (lx, ly) = (2.0 * x as f32 + 0.5, 2.0 * y as f32 + 0.5);
            p.u[y * cw + x] = texture(lx * 0.5 - dx * 0.5, ly * 0.5 - dy * 0.5, seed + 1.0);
            p.v[y * cw + x] = texture(lx * 0.5 - dx * 0.5, ly * 0.5 - dy * 0.5, seed + 2.0);
        }
    }
    p
}

/// Mean absolute luma error away from the borders (where content enters).
fn interior_error(a: &Plane3, b: &Plane3, margin: usize) -> f64 {
    let w = a.width as usize;
    let h = a.height as usize;
    let mut sum = 0u64;
    let mut n = 0u64;
    for y in margin..h - margin {
        for x in margin..w - margin {
            sum += u64::from(a.y[y * w + x].abs_diff(b.y[y * w + x]));
            n += 1;
        }
    }
    sum as f64 / n as f64
}

#[test]
fn midpoint_of_a_sub_pixel_translation_is_the_shifted_image() {
    let (w, h) = (96, 64);
    let v = (3.5f32, -1.25f32);
    let a = picture(w, h, 0.0, 0.0, 0.0);
    let b = picture(w, h, v.0, v.1, 0.0);
    let mut mci = MciInterpolator::new();
    let mut out = Plane3::new(2, 2);
    for t in [0.5f32, 0.25, 0.8] {
        let truth = picture(w, h, v.0 * t, v.1 * t, 0.0);
        mci.interpolate(&a, &b, t, &mut out);
        let err = interior_error(&out, &truth, 8);
        let mut blend = Plane3::new(2, 2);
        crate::media::render::BlendInterpolator.interpolate(&a, &b, t, &mut blend);
        let blend_err = interior_error(&blend, &truth, 8);
        assert!(err < 1.5, "t={t}: error {err} (blend {blend_err})");
        assert!(
            err < blend_err / 4.0,
            "t={t}: error {err} vs blend {blend_err}"
        );
    }
    // One motion estimate served all three time positions.
    assert_eq!(mci.estimates(), 1);
    assert_eq!(mci.cuts(), 0);
}

#[test]
fn scene_cut_is_a_cut_not_a_blend() {
    let (w, h) = (96, 64);
    let a = picture(w, h, 0.0, 0.0, 0.0);
    let mut b = picture(w, h, 0.0, 0.0, 0.0);
    // A different shot: a checkerboard, different brightness.
    for (i, px) in b.y.iter_mut().enumerate() {
        let (x, y) = (i % w as usize, i / w as usize);
        *px = if (x / 6 + y / 6).is_multiple_of(2) {
            30
        } else {
            220
        };
    }
    b.u.fill(90);
    let mut mci = MciInterpolator::new();
    let mut out = Plane3::new(2, 2);
    mci.interpolate(&a, &b, 0.3, &mut out);
    assert_eq!(out, a);
    mci.interpolate(&a, &b, 0.7, &mut out);
    assert_eq!(out, b);
    assert_eq!(mci.cuts(), 1);
}

#[test]
fn ends_and_odd_sizes() {
    let mut mci = MciInterpolator::new();
    let mut out = Plane3::new(2, 2);
    for (w, h) in [(33u32, 17u32), (3, 5), (1, 1), (2, 2)] {
        let a = picture(w, h, 0.0, 0.0, 0.0);
        let b = picture(w, h, 1.0, 0.5, 0.0);
        mci.interpolate(&a, &b, 0.0, &mut out);
        assert_eq!(out, a);
        mci.interpolate(&a, &b, 1.0, &mut out);
        assert_eq!(out, b);
        mci.interpolate(&a, &b, 0.5, &mut out);
        assert_eq!((out.width, out.height), (w, h));
        assert_eq!(out.u.len(), a.u.len());
    }
    // Pictures of different sizes fall back to the first one.
    let a = picture(8, 8, 0.0, 0.0, 0.0);
    let b = picture(10, 8, 0.0, 0.0, 0.0);
    mci.interpolate(&a, &b, 0.5, &mut out);
    assert_eq!(out, a);
}

#[test]
fn metrics_behave() {
    let a = picture(64, 48, 0.0, 0.0, 0.0);
    let b = picture(64, 48, 2.0, 0.0, 0.0);
    assert_eq!(psnr(&a.y, &a.y), 100.0);
    assert!((ssim(&a.y, &a.y, 64, 48) - 1.0).abs() < 1e-9);
    assert!(psnr(&a.y, &b.y) < 30.0);
    assert!(ssim(&a.y, &b.y, 64, 48) < 0.9);
}

fn tiny(fps: u32, duration_secs: f64, audio: bool) -> ClipSpec {
    ClipSpec {
        width: 64,
        height: 48,
        fps,
        duration_secs,
        audio,
    }
}

#[test]
fn from_24_to_240_fps_is_exactly_ten_times_the_frames() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.mp4");
    write_clip(&input, &tiny(24, 0.5, true)).unwrap();
    let output = dir.path().join("out.mp4");
    let req = RenderRequest::plain(&input, &output, 240);
    let mut calls = 0;
    let stats = render(&req, &mut |_, _| {
        calls += 1;
        true
    })
    .unwrap();
    assert_eq!(stats.frames_in, 12);
    assert_eq!(stats.frames_out, 120);
    assert_eq!(calls, 120);
    let info = probe(&output, &ProbeLimits::default()).unwrap();
    let v = info.video.unwrap();
    assert_eq!(v.frames, Some(120));
    assert!((v.fps - 240.0).abs() < 1e-6);
    assert!(info.audio.is_some());
    // Source pictures come through at their own times.
    let src = decode_pictures(&input, 2).unwrap();
    let out = decode_pictures(&output, 11).unwrap();
    assert!(psnr(&out[0].y, &src[0].y) > 35.0);
    assert!(psnr(&out[10].y, &src[1].y) > 35.0);
}

#[test]
fn a_single_frame_renders() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.mp4");
    write_clip(&input, &tiny(10, 0.1, false)).unwrap();
    let output = dir.path().join("out.mp4");
    let req = RenderRequest::plain(&input, &output, 60);
    let stats = render(&req, &mut |_, _| true).unwrap();
    assert_eq!(stats.frames_in, 1);
    assert_eq!(stats.frames_out, 6);
    let info = probe(&output, &ProbeLimits::default()).unwrap();
    assert!(info.audio.is_none());
}

#[test]
fn missing_input_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let req = RenderRequest::plain(
        &dir.path().join("nope.mp4"),
        &dir.path().join("out.mp4"),
        60,
    );
    let err = render(&req, &mut |_, _| true).unwrap_err();
    assert!(
        matches!(err, MediaError::Io { .. } | MediaError::NotDecodable(_)),
        "{err}"
    );
}

/// Timing probe for the debug build (run with `--ignored --nocapture`):
/// a 2 s 320x240 clip rendered at 120 fps.
#[test]
#[ignore]
fn timing_2s_320x240_to_120fps() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.mp4");
    write_clip(&input, &ClipSpec::small(2.0)).unwrap();
    let req = RenderRequest::plain(&input, &dir.path().join("out.mp4"), 120);
    let start = std::time::Instant::now();
    let stats = render(&req, &mut |_, _| true).unwrap();
    eprintln!("{stats:?} in {:?}", start.elapsed());
}

#[test]
fn rounding_without_the_library_calls_matches_it() {
    let mut values: Vec<f32> = (-4000..=4000).map(|i| i as f32 / 8.0).collect();
    values.extend([0.49999997, -0.49999997, 2.5000002, -2.4999998, 1e-7, -1e-7]);
    for v in values {
        assert_eq!(super::motion::round(v), v.round() as i32, "round {v}");
        assert_eq!(
            super::warp::round_i(v),
            (v + 0.5).floor() as isize,
            "round_i {v}"
        );
    }
}

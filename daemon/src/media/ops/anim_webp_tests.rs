//! Animated WebP: GIFs and videos converted to WebP on real files, the
//! outputs read back with the `image` crate (FFmpeg 5.1 cannot decode
//! them) and probed.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use ::image::codecs::gif::{GifEncoder, Repeat};
use ::image::codecs::webp::WebPDecoder;
use ::image::{AnimationDecoder, Delay, Frame, Rgba, RgbaImage};

use super::tests::{clip, close, facts, png, run1};
use super::*;

fn to_webp(quality: Option<u8>) -> Operation {
    Convert {
        to: Format::Webp,
        quality,
        codec: None,
        lossless: false,
    }
    .into()
}

/// A `w` x `h` GIF of `n` frames of 100 ms, looping forever: a white bar
/// moving over red, the top-left 4 x 4 pixels transparent.
fn moving_gif(dir: &Path, name: &str, (w, h): (u32, u32), n: u32) -> PathBuf {
    let p = dir.join(name);
    let mut enc = GifEncoder::new(File::create(&p).unwrap());
    enc.set_repeat(Repeat::Infinite).unwrap();
    let frames = (0..n).map(|i| {
        let img = RgbaImage::from_fn(w, h, |x, y| {
            if x < 4 && y < 4 {
                Rgba([0, 0, 0, 0])
            } else if x * n / w == i {
                Rgba([255, 255, 255, 255])
            } else {
                Rgba([200, 30, 30, 255])
            }
        });
        Frame::from_parts(img, 0, 0, Delay::from_numer_denom_ms(100, 1))
    });
    enc.encode_frames(frames).unwrap();
    p
}

/// What an animated WebP file holds, read back.
struct Decoded {
    frames: Vec<Frame>,
    millis: f64,
}

/// Checks the file is an animated WebP that loops forever, and decodes it.
fn decode_animated(path: &Path) -> Decoded {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[0..4], b"RIFF", "{}", path.display());
    assert_eq!(&bytes[8..12], b"WEBP");
    let anim = bytes
        .windows(4)
        .position(|w| w == b"ANIM")
        .expect("an ANIM chunk");
    // ANIM: background colour (4 bytes), then the loop count (0: forever).
    assert_eq!(&bytes[anim + 12..anim + 14], &[0, 0], "loops forever");
    let dec = WebPDecoder::new(BufReader::new(File::open(path).unwrap())).unwrap();
    assert!(dec.has_animation());
    let frames = dec.into_frames().collect_frames().unwrap();
    let millis = frames
        .iter()
        .map(|f| {
            let (n, d) = f.delay().numer_denom_ms();
            f64::from(n) / f64::from(d)
        })
        .sum();
    Decoded { frames, millis }
}

#[test]
fn a_gif_becomes_an_animated_webp() {
    let dir = tempfile::tempdir().unwrap();
    // An odd size: WebP keeps it (no even-size rounding).
    let gif = moving_gif(dir.path(), "anim.gif", (33, 25), 4);
    let op = to_webp(None);
    let input = facts(&gif);
    assert!(!op.uses_image_path(std::slice::from_ref(&input)));
    let out = run1(&op, &gif, dir.path());
    assert_eq!(out.file_name().unwrap(), "anim.webp");
    let d = decode_animated(&out);
    assert_eq!(d.frames.len(), 4);
    assert!(close(d.millis, 400.0, 20.0), "{} ms", d.millis);
    let first = d.frames[0].buffer();
    assert_eq!(first.dimensions(), (33, 25));
    // The transparent corner stays transparent, the rest opaque.
    assert!(first.get_pixel(1, 1)[3] < 64, "{:?}", first.get_pixel(1, 1));
    assert!(first.get_pixel(20, 20)[3] > 200);
    // The bar moves.
    let bright = |f: &Frame, x: u32| f.buffer().get_pixel(x, 15)[1] > 150;
    assert!(bright(&d.frames[0], 3) && !bright(&d.frames[0], 28));
    assert!(bright(&d.frames[3], 28) && !bright(&d.frames[3], 3));
    // Probed: a picture that lasts, as predicted.
    let probed = facts(&out);
    assert_eq!(
        (probed.kind, probed.format, probed.width, probed.height),
        (MediaKind::Image, Format::Webp, Some(33), Some(25))
    );
    assert!(
        close(probed.duration_secs.unwrap(), 0.4, 0.02),
        "{probed:?}"
    );
    assert!(close(probed.fps.unwrap(), 10.0, 0.5), "{probed:?}");
    let predicted = op.output(&input).unwrap();
    assert_eq!(
        (predicted.kind, predicted.width, predicted.height),
        (MediaKind::Image, Some(33), Some(25))
    );
    assert!(!predicted.has_audio);
    assert!(close(predicted.duration_secs.unwrap(), 0.4, 0.05));
    // Still steps take its first frame.
    let thumb = run1(
        &Operation::Thumbnail(Thumbnail::within(16)),
        &out,
        dir.path(),
    );
    assert_eq!(facts(&thumb).width, Some(16));
    let small = run1(
        &Compress {
            quality: Some(Quality::Low),
            target_mb: None,
        }
        .into(),
        &out,
        dir.path(),
    );
    assert_eq!(facts(&small).format, Format::Jpeg);
}

#[test]
fn a_video_becomes_an_animated_webp() {
    let dir = tempfile::tempdir().unwrap();
    // 160x120 at 20 fps, with sound.
    let input = clip(dir.path(), "c.mp4", 1.0, true);
    let op = to_webp(Some(60));
    let out = run1(&op, &input, dir.path());
    assert_eq!(out.file_name().unwrap(), "c.webp");
    let d = decode_animated(&out);
    // At most 15 fps: about 15 frames for the second.
    assert!((12..=16).contains(&d.frames.len()), "{}", d.frames.len());
    assert!(close(d.millis, 1000.0, 150.0), "{} ms", d.millis);
    assert_eq!(d.frames[0].buffer().dimensions(), (160, 120));
    assert!(d.frames[0].buffer().get_pixel(80, 60)[3] == 255, "opaque");
    let probed = facts(&out);
    assert_eq!(
        (probed.format, probed.width, probed.height, probed.has_audio),
        (Format::Webp, Some(160), Some(120), false)
    );
    assert!(
        close(probed.duration_secs.unwrap(), 1.0, 0.15),
        "{probed:?}"
    );
    let predicted = op.output(&facts(&input)).unwrap();
    assert_eq!(
        (
            predicted.width,
            predicted.height,
            predicted.fps,
            predicted.has_audio
        ),
        (Some(160), Some(120), Some(15.0), false)
    );
    // A lower quality is a smaller file.
    let better = run1(&to_webp(Some(95)), &input, dir.path());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&out) < size(&better),
        "{} {}",
        size(&out),
        size(&better)
    );
}

fn video(w: u32, h: u32, fps: f64) -> FileFacts {
    let mut f = FileFacts::named("v.webm", Format::Webm);
    (f.width, f.height, f.fps, f.duration_secs) = (Some(w), Some(h), Some(fps), Some(3.0));
    f
}

#[test]
fn animated_webp_plans_and_predictions() {
    let op = to_webp(None);
    // A big video fits 512 on its longest side at 15 fps; a sticker keeps
    // its size and frame rate.
    for (input, size, fps) in [
        (video(1920, 1080, 30.0), (512, 288), 15.0),
        (video(1080, 1920, 60.0), (288, 512), 15.0),
        (video(512, 512, 12.0), (512, 512), 12.0),
    ] {
        let out = op.output(&input).unwrap();
        assert_eq!((out.width, out.height), (Some(size.0), Some(size.1)));
        assert_eq!((out.fps, out.duration_secs), (Some(fps), Some(3.0)));
        assert_eq!((out.kind, out.format), (MediaKind::Image, Format::Webp));
    }
    let plan = op.plan(&[video(1920, 1080, 30.0)]).unwrap();
    let v = plan.video.clone().unwrap();
    assert_eq!((v.encoder, v.pix_fmt), ("libwebp_anim", "yuv420p"));
    assert!(v.opts.contains(&("quality", "75".into())));
    assert!(v.opts.contains(&("lossless", "0".into())));
    assert_eq!(plan.muxer, "webp");
    assert_eq!(plan.muxer_opts, vec![("loop", "0".to_string())]);
    assert!(plan.audio.is_none());
    let cmd = op
        .command_line(&[video(1920, 1080, 30.0)], "v.webp")
        .unwrap();
    assert!(
        cmd.contains("fps=15,scale=512:288") && cmd.contains("-c:v libwebp_anim"),
        "{cmd}"
    );
    // A still stays a still WebP, made on the stills path.
    let dir = tempfile::tempdir().unwrap();
    let pic = facts(&png(dir.path(), "p.png", 8, 6));
    assert!(op.uses_image_path(std::slice::from_ref(&pic)));
    let still = op.output(&pic).unwrap();
    assert_eq!((still.duration_secs, still.fps), (None, None));
}

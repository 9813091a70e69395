//! The encoders new formats use, on real files, outputs probed: HEVC, AV1,
//! ProRes, lossy WebP, palette PNGs with their transparency, crop-to-fill,
//! size targets for GIFs, PNGs and WebPs, gray GIFs, per-picture slideshow
//! durations, transparency under JPEG.

use std::path::{Path, PathBuf};

use super::tests::{clip, close, facts, max_chroma, png, run1, run_op, streams};

/// A `w` x `h` photo-like picture: a gradient under fine noise, which
/// lossless codecs cannot squeeze.
fn noisy(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let img = ::image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 48) as u32;
        ::image::Rgb([
            ((x * 200 / w) + n) as u8,
            ((y * 200 / h) + n) as u8,
            (100 + n) as u8,
        ])
    });
    let p = dir.join(name);
    img.save(&p).unwrap();
    p
}
use super::*;

fn convert_to(to: Format, codec: Option<VideoCodec>) -> Operation {
    Convert {
        to,
        quality: None,
        codec,
    }
    .into()
}

#[test]
fn converts_to_hevc_av1_and_prores() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, true);
    for (to, codec, name, pix) in [
        (Format::Mp4, VideoCodec::Hevc, "hevc", "yuv420p"),
        (Format::Mp4, VideoCodec::Av1, "av1", "yuv420p"),
        (Format::Mov, VideoCodec::Prores, "prores", "yuv422p10le"),
    ] {
        let op = convert_to(to, Some(codec));
        let out = run1(&op, &input, dir.path());
        let s = streams(&out);
        let (got, w, h, _) = s.video.clone().unwrap();
        assert_eq!((got.as_str(), w, h), (name, 160, 120), "{s:?}");
        assert!(s.audio.is_some() && close(s.duration, 1.0, 0.2), "{s:?}");
        assert_eq!(pixel_format(&out), pix);
        let predicted = op.output(&facts(&input)).unwrap();
        assert_eq!(predicted.video_codec.as_deref(), Some(name));
    }
    // ProRes goes in MOV or MKV, not MP4.
    assert!(convert_to(Format::Mp4, Some(VideoCodec::Prores))
        .validate()
        .is_err());
}

/// The pixel format of a file's first video stream, by ffprobe.
fn pixel_format(path: &Path) -> String {
    let out = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0"])
        .args(["-show_entries", "stream=pix_fmt", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A 64x64 picture: an opaque red disc on a transparent ground, with a
/// soft edge.
fn logo(dir: &Path) -> PathBuf {
    let img = ::image::RgbaImage::from_fn(64, 64, |x, y| {
        let d = ((x as f64 - 32.0).powi(2) + (y as f64 - 32.0).powi(2)).sqrt();
        let a = ((28.0 - d) * 64.0).clamp(0.0, 255.0) as u8;
        ::image::Rgba([220, (x * 3) as u8, 40, a])
    });
    let p = dir.join("logo.png");
    img.save(&p).unwrap();
    p
}

#[test]
fn writes_lossy_webp_and_palette_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let photo = noisy(dir.path(), "p.png", 400, 300);
    let lossless = run1(&convert_to(Format::Webp, None), &photo, dir.path());
    let lossy = run1(
        &Convert {
            to: Format::Webp,
            quality: Some(50),
            codec: None,
        }
        .into(),
        &photo,
        dir.path(),
    );
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&lossy) < size(&lossless),
        "{} {}",
        size(&lossy),
        size(&lossless)
    );
    let img = ::image::open(&lossy).unwrap();
    assert_eq!((img.width(), img.height()), (400, 300));
    // A palette PNG keeps its transparency.
    let logo = logo(dir.path());
    let small = run1(&Quantize { colors: Some(16) }.into(), &logo, dir.path());
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&small).unwrap(),
    ));
    let reader = decoder.read_info().unwrap();
    assert_eq!(reader.info().color_type, png::ColorType::Indexed);
    assert!(reader.info().trns.is_some(), "transparency kept");
    let rgba = ::image::open(&small).unwrap().to_rgba8();
    assert_eq!(rgba.get_pixel(0, 0)[3], 0, "the corner stays transparent");
    assert_eq!(rgba.get_pixel(32, 32)[3], 255, "the middle stays opaque");
    assert!(size(&small) < size(&logo));
}

#[test]
fn fills_a_box_by_cropping_the_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, false);
    let fill: Operation = Scale {
        width: Some(90),
        height: Some(160),
        percent: None,
        resolution: None,
        keep_aspect: true,
        fill: true,
    }
    .into();
    let out = run1(&fill, &input, dir.path());
    let (_, w, h, _) = streams(&out).video.unwrap();
    assert_eq!((w, h), (90, 160));
    let photo = png(dir.path(), "p.png", 400, 300);
    let still = run1(&fill, &photo, dir.path());
    let img = ::image::open(&still).unwrap();
    assert_eq!((img.width(), img.height()), (90, 160));
}

#[test]
fn gets_gifs_pngs_and_webps_under_a_size() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 2.0, false);
    let gif = run1(
        &ToGif {
            fps: Some(20),
            width: Some(160),
        }
        .into(),
        &input,
        dir.path(),
    );
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let target = size(&gif) as f64 / 3.0 / 1e6;
    let small = run1(
        &Compress {
            quality: None,
            target_mb: Some(target),
        }
        .into(),
        &gif,
        dir.path(),
    );
    assert_eq!(facts(&small).format, Format::Gif);
    assert!(
        size(&small) as f64 <= target * 1e6,
        "{} > {target} MB",
        size(&small)
    );
    for (name, format) in [("p.png", Format::Png), ("p.webp", Format::Webp)] {
        let photo = noisy(dir.path(), "src.png", 600, 400);
        let pic = run1(&convert_to(format, None), &photo, dir.path());
        let renamed = dir.path().join(name);
        std::fs::rename(&pic, &renamed).unwrap();
        let target = size(&renamed) as f64 / 4.0 / 1e6;
        let out = run_op(
            &Compress {
                quality: None,
                target_mb: Some(target),
            }
            .into(),
            std::slice::from_ref(&renamed),
            dir.path(),
        )
        .remove(0);
        assert_eq!(facts(&out).format, format, "{name}");
        assert!(size(&out) as f64 <= target * 1e6, "{name}: {}", size(&out));
    }
}

#[test]
fn gray_gifs_have_gray_palettes() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, false);
    let gif = run1(
        &ToGif {
            fps: Some(5),
            width: Some(80),
        }
        .into(),
        &input,
        dir.path(),
    );
    let gray = run1(&Grayscale {}.into(), &gif, dir.path());
    let frame = ::image::open(&gray).unwrap().to_rgb8();
    assert_eq!(max_chroma(&frame), 0);
}

#[test]
fn slideshows_show_each_picture_its_own_time() {
    let dir = tempfile::tempdir().unwrap();
    let a = png(dir.path(), "a.png", 64, 48);
    let b = png(dir.path(), "b.png", 64, 48);
    let op: Operation = Slideshow {
        seconds_per_image: 1.0,
        width: 64,
        height: 48,
        fps: 10,
        durations: Some(vec![0.5, 1.5]),
    }
    .into();
    let out = run_op(&op, &[a, b], dir.path()).remove(0);
    let s = streams(&out);
    assert!(close(s.duration, 2.0, 0.2), "{s:?}");
    assert_eq!(s.frames, 20);
}

#[test]
fn transparency_becomes_white_in_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let logo = logo(dir.path());
    let out = run1(&convert_to(Format::Jpeg, None), &logo, dir.path());
    let img = ::image::open(&out).unwrap().to_rgb8();
    let corner = img.get_pixel(0, 0);
    assert!(corner.0.iter().all(|c| *c > 240), "{corner:?}");
}

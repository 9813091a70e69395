//! Real media files for tests, and checks on the files that come back.

use std::path::{Path, PathBuf};

/// Write a real H.264(+AAC) clip for a test.
pub fn make_clip(
    dir: &Path,
    name: &str,
    secs: f64,
    fps: u32,
    size: (u32, u32),
    audio: bool,
) -> PathBuf {
    let path = dir.join(name);
    kilnd::media::testclip::write_clip(
        &path,
        &kilnd::media::testclip::ClipSpec {
            width: size.0,
            height: size.1,
            fps,
            duration_secs: secs,
            audio,
        },
    )
    .expect("writing a test clip");
    path
}

/// Write a 160x120 clip at 10 fps whose tone is silent within each of
/// `quiet` (start, end seconds): a recording with pauses.
pub fn make_talk(dir: &Path, name: &str, secs: f64, quiet: &[(f64, f64)]) -> PathBuf {
    let path = dir.join(name);
    kilnd::media::testclip::write_clip_with_pauses(
        &path,
        &kilnd::media::testclip::ClipSpec {
            width: 160,
            height: 120,
            fps: 10,
            duration_secs: secs,
            audio: true,
        },
        quiet,
    )
    .expect("writing a test clip");
    path
}

/// Write a colourful PNG (a gradient with a red square) for a test.
pub fn make_png(dir: &Path, name: &str, width: u32, height: u32) -> PathBuf {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        if x < width / 4 && y < height / 4 {
            image::Rgb([230, 20, 20])
        } else {
            image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
        }
    });
    let path = dir.join(name);
    img.save(&path).expect("writing a test PNG");
    path
}

/// The picture at `path`, decoded to RGB.
pub fn rgb(path: &Path) -> image::RgbImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("decoding {path:?}: {e}"))
        .to_rgb8()
}

/// Whether every pixel of the picture at `path` is gray: R, G and B at most
/// `tolerance` apart (0 for lossless formats).
pub fn is_gray(path: &Path, tolerance: u8) -> bool {
    rgb(path)
        .pixels()
        .all(|p| p[0].abs_diff(p[1]) <= tolerance && p[1].abs_diff(p[2]) <= tolerance)
}

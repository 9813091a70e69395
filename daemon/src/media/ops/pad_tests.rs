//! `pad`: the whole picture kept inside a larger canvas, for video and
//! stills, in the colour asked.

use ::image::GenericImageView;

use super::tests::{clip, picture_at, png, run1, streams};
use super::*;

fn pad(aspect: Option<Aspect>, size: Option<(u32, u32)>, color: &str) -> Operation {
    Operation::Pad(Pad {
        aspect,
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        border: None,
        color: color.into(),
    })
}

#[test]
fn letterboxes_a_video_to_a_taller_shape_keeping_all_of_it() {
    let dir = tempfile::tempdir().unwrap();
    // 160x120 (4:3), bright in the middle.
    let input = clip(dir.path(), "clip.mp4", 0.5, false);
    let out = run1(
        &pad(Some(Aspect::Portrait9x16), None, "black"),
        &input,
        dir.path(),
    );
    let v = streams(&out).video.unwrap();
    // The width kept, the height grown: 160 x 160*16/9 (even).
    assert_eq!((v.1, v.2), (160, 286));
    let frame = picture_at(&out, 0);
    // Black bars above and below, the picture between them.
    let luma = |y: u32| {
        (0..160)
            .map(|x| {
                let p = frame.get_pixel(x, y).0;
                u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])
            })
            .sum::<u32>()
            / 160
    };
    assert!(
        luma(5) < 40 && luma(280) < 40,
        "bars: {} {}",
        luma(5),
        luma(280)
    );
    assert!(luma(143) > 60, "picture in the middle: {}", luma(143));
}

#[test]
fn fits_a_picture_inside_a_size_on_a_colour_or_transparency() {
    let dir = tempfile::tempdir().unwrap();
    // 64x48, red at its top left.
    let input = png(dir.path(), "photo.png", 64, 48);
    let out = run1(&pad(None, Some((100, 100)), "white"), &input, dir.path());
    let img = ::image::open(&out).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (100, 100));
    // Not enlarged: 64x48 centred, white around it.
    assert_eq!(img.get_pixel(50, 5).0, [255, 255, 255]);
    assert_eq!(img.get_pixel(25, 30).0, [220, 30, 30]);
    // Shrunk to fit a smaller box, its shape kept.
    let out = run1(&pad(None, Some((32, 32)), "#102030"), &input, dir.path());
    let img = ::image::open(&out).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (32, 32));
    assert_eq!(img.get_pixel(16, 1).0, [16, 32, 48]);
    // A JPEG on a transparent square becomes a PNG that keeps it.
    let jpeg = dir.path().join("photo.jpg");
    ::image::open(&input).unwrap().save(&jpeg).unwrap();
    let out = run1(
        &pad(Some(Aspect::Square), None, "transparent"),
        &jpeg,
        dir.path(),
    );
    assert_eq!(out.extension().unwrap(), "png");
    let img = ::image::open(&out).unwrap();
    assert_eq!(img.dimensions(), (64, 64));
    assert_eq!(img.get_pixel(32, 2).0[3], 0, "transparent above");
    assert_eq!(img.get_pixel(32, 32).0[3], 255, "the picture opaque");
}

fn border(px: u32, color: &str) -> Operation {
    Operation::Pad(Pad {
        aspect: None,
        width: None,
        height: None,
        border: Some(px),
        color: color.into(),
    })
}

#[test]
fn adds_a_border_all_round_keeping_the_picture_at_its_size() {
    let dir = tempfile::tempdir().unwrap();
    // 64x48, red at its top left.
    let input = png(dir.path(), "photo.png", 64, 48);
    let out = run1(&border(10, "white"), &input, dir.path());
    let img = ::image::open(&out).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (84, 68));
    assert_eq!(img.get_pixel(0, 0).0, [255, 255, 255]);
    assert_eq!(img.get_pixel(83, 67).0, [255, 255, 255]);
    assert_eq!(img.get_pixel(9, 30).0, [255, 255, 255]);
    // The picture unscaled, 10 px in: its red corner where it was.
    assert_eq!(img.get_pixel(10 + 2, 10 + 2).0, [220, 30, 30]);
    // A video's border: even, the frame grown by it on each side.
    let clip_in = clip(dir.path(), "clip.mp4", 0.5, false);
    let out = run1(&border(7, "black"), &clip_in, dir.path());
    let v = streams(&out).video.unwrap();
    assert_eq!((v.1, v.2), (160 + 16, 120 + 16));
    let frame = picture_at(&out, 0);
    let p = frame.get_pixel(3, 60).0;
    assert!(
        u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 40,
        "black edge: {p:?}"
    );
}

#[test]
fn refuses_a_canvas_it_cannot_make() {
    let bad = [
        Pad {
            aspect: None,
            width: Some(100),
            height: None,
            border: None,
            color: "black".into(),
        },
        Pad {
            aspect: Some(Aspect::Square),
            width: None,
            height: None,
            border: None,
            color: "sparkly".into(),
        },
    ];
    let both = Pad {
        aspect: Some(Aspect::Square),
        width: None,
        height: None,
        border: Some(10),
        color: "white".into(),
    };
    let bad = bad.into_iter().chain([both]);
    for p in bad {
        assert!(Operation::Pad(p.clone()).validate().is_err(), "{p:?}");
    }
}

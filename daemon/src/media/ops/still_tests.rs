//! The still paths that decode less than the whole picture (JPEG through
//! libjpeg-turbo, PNG a row at a time) give what decoding it all gives:
//! outputs compared with the `image` crate's whole-picture results.

use std::path::{Path, PathBuf};

use ::image::{DynamicImage, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};

use super::tests::{run1, run_err, sideways};
use super::*;

/// A detailed picture: gradients, a checkerboard and a red corner.
fn detailed(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        if x < w / 4 && y < h / 4 {
            return Rgb([220, 30, 30]);
        }
        let check = if (x / 7 + y / 5) % 2 == 0 { 40 } else { 0 };
        Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 200) as u8 + check,
        ])
    })
}

fn save(dir: &Path, name: &str, img: &DynamicImage) -> PathBuf {
    let p = dir.join(name);
    img.save(&p).unwrap();
    p
}

fn psnr(a: &DynamicImage, b: &DynamicImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let (a, b) = (a.to_rgba8(), b.to_rgba8());
    let mse = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
        .sum::<f64>()
        / a.as_raw().len() as f64;
    if mse == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (255.0 * 255.0 / mse).log10()
    }
}

fn open(p: &Path) -> DynamicImage {
    ::image::open(p).unwrap()
}

fn op(json: &str) -> Operation {
    serde_json::from_str(json).unwrap()
}

#[test]
fn png_rows_match_the_whole_picture() {
    let dir = tempfile::tempdir().unwrap();
    let src = DynamicImage::ImageRgb8(detailed(301, 203));
    let input = save(dir.path(), "p.png", &src);

    let gray = open(&run1(&op(r#"{"op":"grayscale"}"#), &input, dir.path()));
    assert_eq!(gray, src.grayscale(), "grayscale streamed row by row");

    let crop = open(&run1(
        &op(r#"{"op":"crop","rect":{"x":33,"y":17,"width":120,"height":91}}"#),
        &input,
        dir.path(),
    ));
    assert_eq!(crop.to_rgb8(), src.crop_imm(33, 17, 120, 91).to_rgb8());

    for degrees in [90, 180, 270] {
        let out = run1(
            &op(&format!(r#"{{"op":"rotate","degrees":{degrees}}}"#)),
            &input,
            dir.path(),
        );
        let want = match degrees {
            90 => src.rotate90(),
            180 => src.rotate180(),
            _ => src.rotate270(),
        };
        assert_eq!(open(&out).to_rgb8(), want.to_rgb8(), "{degrees}");
        std::fs::remove_file(out).unwrap();
    }

    // A box shrink while reading, then Lanczos: close to Lanczos alone
    // (on a picture without detail finer than the thumbnail's pixels,
    // where the two filters alias differently).
    let smooth = DynamicImage::ImageRgb8(RgbImage::from_fn(301, 203, |x, y| {
        Rgb([
            (x * 255 / 301) as u8,
            (y * 255 / 203) as u8,
            ((x / 40 + y / 40) * 30) as u8,
        ])
    }));
    let input = save(dir.path(), "smooth.png", &smooth);
    let thumb = open(&run1(
        &op(r#"{"op":"thumbnail","max":60}"#),
        &input,
        dir.path(),
    ));
    let direct = super::image::resize(&smooth, 60, 40).unwrap();
    assert_eq!(thumb.dimensions(), (60, 40));
    assert!(psnr(&thumb, &direct) > 30.0, "{}", psnr(&thumb, &direct));
}

#[test]
fn png_rows_keep_alpha_and_leave_16_bit_pictures_whole() {
    let dir = tempfile::tempdir().unwrap();
    let logo = RgbaImage::from_fn(120, 80, |x, y| {
        let inside = (x as i32 - 60).pow(2) + (y as i32 - 40).pow(2) < 30 * 30;
        if inside {
            Rgba([200, 20, 20, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let input = save(dir.path(), "logo.png", &DynamicImage::ImageRgba8(logo));
    let thumb = open(&run1(
        &op(r#"{"op":"thumbnail","max":30}"#),
        &input,
        dir.path(),
    ));
    assert_eq!(thumb.dimensions(), (30, 20));
    let px = thumb.to_rgba8();
    assert_eq!(px.get_pixel(0, 0)[3], 0, "corners stay transparent");
    let mid = px.get_pixel(15, 10);
    assert!(mid[3] > 250 && mid[0] > 150 && mid[1] < 60, "{mid:?}");
    let gray = open(&run1(&op(r#"{"op":"grayscale"}"#), &input, dir.path()));
    assert!(matches!(gray, DynamicImage::ImageLumaA8(_)), "alpha kept");

    let deep = DynamicImage::ImageRgb16(::image::ImageBuffer::from_fn(40, 30, |x, y| {
        ::image::Rgb([x as u16 * 1500, y as u16 * 2000, 30000])
    }));
    let input = save(dir.path(), "deep.png", &deep);
    let gray = open(&run1(&op(r#"{"op":"grayscale"}"#), &input, dir.path()));
    assert!(matches!(gray, DynamicImage::ImageLuma16(_)), "{gray:?}");
}

#[test]
fn jpegs_decode_only_what_the_step_needs() {
    let dir = tempfile::tempdir().unwrap();
    let src = DynamicImage::ImageRgb8(detailed(1600, 1200));
    let input = save(dir.path(), "photo.jpg", &src);
    let whole = open(&input);

    // Shrink-on-load, then Lanczos, against Lanczos from the whole picture.
    let small = open(&run1(
        &op(r#"{"op":"scale","width":350}"#),
        &input,
        dir.path(),
    ));
    assert_eq!(small.dimensions(), (350, 263));
    let direct = super::image::resize(&whole, 350, 263).unwrap();
    assert!(psnr(&small, &direct) > 30.0, "{}", psnr(&small, &direct));

    // Gray: one channel, the JPEG's own luma plane (BT.601 weights).
    let gray_out = run1(&op(r#"{"op":"grayscale"}"#), &input, dir.path());
    let gray = open(&gray_out);
    assert!(
        matches!(gray, DynamicImage::ImageLuma8(_)),
        "{:?}",
        gray.color()
    );
    let rgb = whole.to_rgb8();
    let y601 = DynamicImage::ImageLuma8(::image::GrayImage::from_fn(1600, 1200, |x, y| {
        let p = rgb.get_pixel(x, y);
        let l = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
        ::image::Luma([((l + 500) / 1000) as u8])
    }));
    assert!(psnr(&gray, &y601) > 35.0, "{}", psnr(&gray, &y601));

    // A region cut before decoding equals the region of the whole picture.
    let crop_out = run1(
        &op(r#"{"op":"crop","rect":{"x":301,"y":203,"width":640,"height":480}}"#),
        &input,
        dir.path(),
    );
    let crop = open(&crop_out);
    assert_eq!(crop.dimensions(), (640, 480));
    let want = whole.crop_imm(301, 203, 640, 480);
    assert!(psnr(&crop, &want) > 38.0, "{}", psnr(&crop, &want));
}

/// A JPEG whose EXIF says "turn 90° clockwise to show" (orientation 6).
fn sideways_jpeg(dir: &Path) -> PathBuf {
    let plain = save(
        dir,
        "plain.jpg",
        &DynamicImage::ImageRgb8(detailed(160, 120)),
    );
    let p = dir.join("phone.jpg");
    std::fs::write(&p, sideways(&std::fs::read(&plain).unwrap())).unwrap();
    p
}

#[test]
fn still_steps_work_on_the_upright_picture() {
    let dir = tempfile::tempdir().unwrap();
    let input = sideways_jpeg(dir.path());
    let f = probe_any(&input, &OpLimits::default()).unwrap();
    assert_eq!((f.width, f.height), (Some(120), Some(160)), "shown size");
    for json in [
        r#"{"op":"scale","width":60}"#,
        r#"{"op":"grayscale"}"#,
        r#"{"op":"convert","to":"png"}"#,
    ] {
        let out = open(&run1(&op(json), &input, dir.path()));
        let (w, h) = out.dimensions();
        assert!(h > w, "{json}: {w}x{h}");
        // The red corner, top left when stored, is top right when shown.
        let px = out.to_rgb8();
        let right = px.get_pixel(w - 3, 3);
        let left = px.get_pixel(2, 3);
        if json.contains("grayscale") {
            assert!(right[0].abs_diff(left[0]) > 20, "{json}");
        } else {
            assert!(right[0] > 150 && right[1] < 90, "{json}: {right:?}");
        }
    }
}

#[test]
fn broken_stills_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let src = DynamicImage::ImageRgb8(detailed(400, 300));
    for name in ["cut.jpg", "cut.png"] {
        let whole = std::fs::read(save(dir.path(), name, &src)).unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, &whole[..whole.len() / 3]).unwrap();
        for json in [
            r#"{"op":"grayscale"}"#,
            r#"{"op":"thumbnail","max":50}"#,
            r#"{"op":"rotate","degrees":90}"#,
        ] {
            // A truncated JPEG may still decode (gray filled); a truncated
            // PNG must not. Neither may panic.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_err_or_ok(&op(json), &p, dir.path())
            }));
            assert!(outcome.is_ok(), "{name} {json} panicked");
        }
    }
    let png = dir.path().join("cut.png");
    let e = run_err(&op(r#"{"op":"grayscale"}"#), &[png], dir.path());
    assert!(matches!(e, MediaError::BadImage(_)), "{e:?}");
}

fn run_err_or_ok(op: &Operation, input: &Path, dir: &Path) {
    let out = tempfile::tempdir_in(dir).unwrap();
    let _ = run(
        op,
        &[input.to_path_buf()],
        out.path(),
        &OpLimits::default(),
        &mut |_, _| true,
    );
}

#[test]
fn webp_is_lossy_at_75_unless_asked_lossless() {
    let dir = tempfile::tempdir().unwrap();
    // Grain, as in photos: what lossless coding cannot squeeze.
    let mut seed = 7u32;
    let mut grain = detailed(321, 241);
    for px in grain.pixels_mut() {
        for c in px.0.iter_mut() {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *c = c.saturating_add((seed >> 28) as u8);
        }
    }
    let src = DynamicImage::ImageRgb8(grain);
    let input = save(dir.path(), "p.png", &src);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    let lossy = run1(
        &op(r#"{"op":"convert","to":"webp","quality":75}"#),
        &input,
        &a,
    );
    let back = open(&lossy);
    assert_eq!(back.dimensions(), (321, 241));
    assert!(psnr(&back, &src) > 28.0, "{}", psnr(&back, &src));
    let lossless = run1(&op(r#"{"op":"convert","to":"webp"}"#), &input, &b);
    assert_eq!(open(&lossless).to_rgb8(), src.to_rgb8());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(size(&lossy) < size(&lossless));
}

/// `jpeg` with a (made-up) colour profile in two APP2 segments.
fn with_profile(jpeg: &[u8], profile: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    let half = profile.len() / 2;
    for (i, part) in [&profile[..half], &profile[half..]].iter().enumerate() {
        out.extend_from_slice(&[0xFF, 0xE2]);
        out.extend_from_slice(&((part.len() + 16) as u16).to_be_bytes());
        out.extend_from_slice(b"ICC_PROFILE\0");
        out.extend_from_slice(&[i as u8 + 1, 2]);
        out.extend_from_slice(part);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn colour_profiles_go_with_the_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let profile: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
    let plain = save(
        dir.path(),
        "plain.jpg",
        &DynamicImage::ImageRgb8(detailed(320, 240)),
    );
    let input = dir.path().join("p3.jpg");
    std::fs::write(
        &input,
        with_profile(&std::fs::read(plain).unwrap(), &profile),
    )
    .unwrap();
    assert_eq!(
        turbo::icc_profile(&std::fs::read(&input).unwrap()),
        Some(profile.clone())
    );
    for json in [
        r#"{"op":"scale","width":100}"#,
        r#"{"op":"rotate","degrees":90}"#,
        r#"{"op":"crop","rect":{"x":10,"y":10,"width":100,"height":80}}"#,
    ] {
        let out = std::fs::read(run1(&op(json), &input, dir.path())).unwrap();
        assert_eq!(turbo::icc_profile(&out), Some(profile.clone()), "{json}");
        assert!(::image::load_from_memory(&out).is_ok(), "{json}");
    }
    let png = run1(&op(r#"{"op":"convert","to":"png"}"#), &input, dir.path());
    let reader = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()))
        .read_info()
        .unwrap();
    assert_eq!(
        reader.info().icc_profile.as_deref(),
        Some(profile.as_slice())
    );
    let gray = run1(&op(r#"{"op":"grayscale"}"#), &input, dir.path());
    assert_eq!(turbo::icc_profile(&std::fs::read(gray).unwrap()), None);
}

#[test]
fn jpeg_steps_stream_the_rows_they_keep() {
    let dir = tempfile::tempdir().unwrap();
    // A phone's kind of JPEG: 4:2:0 (TurboJPEG's choice below quality 90).
    let src = DynamicImage::ImageRgb8(detailed(1000, 700));
    let input = dir.path().join("photo.jpg");
    std::fs::write(&input, super::turbo::encode(&src, 85).unwrap()).unwrap();
    let whole = super::turbo::decode(
        &std::fs::read(&input).unwrap(),
        &super::needs::Needs::default(),
        &OpLimits::default(),
    )
    .unwrap()
    .img;

    // A crop on whole chroma samples, to the last row and column: the
    // source's pixels, at the source's 4:2:0.
    let crop_out = run1(
        &op(r#"{"op":"crop","rect":{"x":360,"y":250,"width":640,"height":450}}"#),
        &input,
        dir.path(),
    );
    let info = super::jpeg_rows::Decoder::open(&crop_out, 1 << 30)
        .unwrap()
        .info();
    assert_eq!(
        (info.width, info.height, info.sampling),
        (640, 450, Some((2, 2)))
    );
    let want = whole.crop_imm(360, 250, 640, 450);
    let crop = open(&crop_out);
    assert!(psnr(&crop, &want) > 40.0, "{}", psnr(&crop, &want));

    // JPEG to PNG: the decoder's own pixels, unchanged.
    let png_out = run1(&op(r#"{"op":"convert","to":"png"}"#), &input, dir.path());
    let png = open(&png_out);
    assert!(
        matches!(png, DynamicImage::ImageRgb8(_)),
        "{:?}",
        png.color()
    );
    assert_eq!(png.to_rgb8().as_raw(), whole.to_rgb8().as_raw());

    // Cropped to PNG: the same pixels cut out.
    let gray_crop = run1(
        &op(r#"{"op":"crop","rect":{"x":3,"y":5,"width":97,"height":61}}"#),
        &save(
            dir.path(),
            "gray.jpg",
            &DynamicImage::ImageLuma8(whole.to_luma8()),
        ),
        dir.path(),
    );
    let g = open(&gray_crop);
    assert!(matches!(g, DynamicImage::ImageLuma8(_)), "{:?}", g.color());
    assert_eq!(g.dimensions(), (97, 61));
}

#[test]
fn streamed_jpeg_steps_keep_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let input = save(
        dir.path(),
        "photo.jpg",
        &DynamicImage::ImageRgb8(detailed(640, 480)),
    );
    let small = OpLimits {
        max_width: 320,
        max_height: 320,
        ..OpLimits::default()
    };
    for json in [
        r#"{"op":"grayscale"}"#,
        r#"{"op":"crop","rect":{"x":0,"y":0,"width":100,"height":100}}"#,
        r#"{"op":"convert","to":"png"}"#,
    ] {
        let out = tempfile::tempdir_in(dir.path()).unwrap();
        let e = run(
            &op(json),
            std::slice::from_ref(&input),
            out.path(),
            &small,
            &mut |_, _| true,
        )
        .expect_err(json);
        let refused = match &e {
            MediaError::TooLarge { .. } => true,
            MediaError::BadImage(m) => m.contains("larger than allowed"),
            _ => false,
        };
        assert!(refused, "{json}: {e:?}");
    }
    // The row paths check for themselves, whoever calls them.
    let needs = super::needs::Needs {
        luma: true,
        complete: true,
        ..Default::default()
    };
    let out = dir.path().join("gray.png");
    let sink = super::jpeg_stream::Sink::Png(&out);
    let e = super::jpeg_stream::stream(&input, &needs, sink, None, &small).unwrap_err();
    assert!(matches!(e, MediaError::TooLarge { .. }), "{e:?}");
    let tight = OpLimits {
        max_image_alloc_bytes: 300_000,
        ..OpLimits::default()
    };
    let Err(e) = super::jpeg_stream::decode(&input, &|_, _| needs, &tight) else {
        panic!("a 640x480 luma plane decoded within 300 kB");
    };
    assert!(matches!(e, MediaError::BadImage(_)), "{e:?}");
}

#[test]
fn corrupt_jpegs_give_errors_when_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(save(
        dir.path(),
        "photo.jpg",
        &DynamicImage::ImageRgb8(detailed(400, 300)),
    ))
    .unwrap();
    // Scan data scrambled after the headers, and a file that is all header.
    let mut scrambled = good.clone();
    let start = scrambled.len() / 4;
    for (i, b) in scrambled[start..].iter_mut().enumerate() {
        *b = (i * 131 % 251) as u8;
    }
    let bad = dir.path().join("bad.jpg");
    std::fs::write(&bad, &scrambled).unwrap();
    let head = dir.path().join("head.jpg");
    std::fs::write(&head, &good[..200]).unwrap();
    for input in [&bad, &head] {
        for json in [
            r#"{"op":"grayscale"}"#,
            r#"{"op":"crop","rect":{"x":10,"y":10,"width":200,"height":200}}"#,
            r#"{"op":"convert","to":"png"}"#,
        ] {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_err_or_ok(&op(json), input, dir.path())
            }));
            assert!(outcome.is_ok(), "{json} panicked");
        }
    }
    let e = super::jpeg_rows::Decoder::open(&head, 1 << 30).map(|mut d| {
        let mut buf = vec![0u8; 400 * 3 * 16];
        d.start(super::jpeg_rows::Space::Rgb, 1, true)
            .and_then(|_| d.read(&mut buf, 400 * 3, 16))
    });
    assert!(matches!(e, Ok(Err(_)) | Err(_)), "{e:?}");
    let not_jpeg = dir.path().join("not.jpg");
    std::fs::write(&not_jpeg, b"plain text, no JPEG here").unwrap();
    assert!(super::jpeg_rows::Decoder::open(&not_jpeg, 1 << 30).is_err());
}

//! `flatten`: transparency filled with a colour, the half see-through
//! edges mixed with it, the result without alpha.

use super::tests::run1;
use super::*;

#[test]
fn fills_the_transparency_with_the_colour_asked() {
    let dir = tempfile::tempdir().unwrap();
    // A logo: a red square on a see-through field, a half see-through band.
    let img = ::image::RgbaImage::from_fn(40, 20, |x, _| match x {
        0..=9 => ::image::Rgba([200, 0, 0, 255]),
        10..=19 => ::image::Rgba([0, 0, 0, 128]),
        _ => ::image::Rgba([10, 200, 10, 0]),
    });
    let input = dir.path().join("logo.png");
    img.save(&input).unwrap();
    let flat = |color: &str| {
        Operation::Flatten(Flatten {
            color: color.into(),
        })
    };
    let out = run1(&flat("white"), &input, dir.path());
    assert_eq!(out.extension().unwrap(), "png");
    let got = ::image::open(&out).unwrap();
    assert!(!got.color().has_alpha(), "{:?}", got.color());
    let got = got.to_rgb8();
    assert_eq!(got.get_pixel(5, 5).0, [200, 0, 0]);
    // Half black over white: mid gray; fully clear: white, not the green
    // hidden under it.
    assert_eq!(got.get_pixel(15, 5).0, [127, 127, 127]);
    assert_eq!(got.get_pixel(30, 5).0, [255, 255, 255]);
    let out = run1(&flat("#102030"), &input, dir.path());
    assert_eq!(
        ::image::open(&out).unwrap().to_rgb8().get_pixel(30, 5).0,
        [16, 32, 48]
    );
    // A colour with no body is refused.
    assert!(flat("transparent").validate().is_err());
}

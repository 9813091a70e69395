//! `adjust`: brightness, contrast and saturation.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{self, Op, VISUAL};
use super::plan::Draft;
use super::{fmt_num, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Brightness -1..1 (0 = unchanged), contrast and saturation 0..3
/// (1 = unchanged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjust {
    #[serde(default)]
    pub brightness: f64,
    #[serde(default = "one")]
    pub contrast: f64,
    #[serde(default = "one")]
    pub saturation: f64,
}

fn one() -> f64 {
    1.0
}

impl Op for Adjust {
    const NAME: &'static str = "adjust";
    const SUMMARY: &'static str = "Brightness, contrast, saturation.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn validate(&self) -> Result<(), OpError> {
        op::within(self.brightness, -1.0..=1.0, "brightness must be within -1..=1")?;
        op::within(self.contrast, 0.0..=3.0, "contrast must be within 0..=3")?;
        op::within(self.saturation, 0.0..=3.0, "saturation must be within 0..=3")
    }

    fn describe(&self) -> String {
        format!(
            "Adjust brightness {:+}, contrast {}, saturation {}",
            self.brightness, self.contrast, self.saturation
        )
    }

    fn suffix(&self) -> String {
        "_adjusted".into()
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push(format!(
            "eq=brightness={}:contrast={}:saturation={}",
            fmt_num(self.brightness),
            fmt_num(self.contrast),
            fmt_num(self.saturation)
        ));
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(self.pixels(&img))
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        let mut args = Vec::new();
        if (self.saturation - 1.0).abs() > 1e-9 {
            args.extend([
                "-modulate".into(),
                format!("100,{}", fmt_num(self.saturation * 100.0)),
            ]);
        }
        args.extend([
            "-brightness-contrast".into(),
            format!(
                "{}x{}",
                fmt_num((self.brightness * 100.0).round()),
                fmt_num(((self.contrast - 1.0) * 100.0).clamp(-100.0, 100.0).round())
            ),
        ]);
        Ok(args)
    }
}

impl Adjust {
    /// The adjustment as FFmpeg's eq filter defines it, on RGB.
    fn pixels(&self, img: &DynamicImage) -> DynamicImage {
        let mut rgba = img.to_rgba8();
        for p in rgba.pixels_mut() {
            let [r, g, b, _] = p.0;
            let (r, g, b) = (f64::from(r), f64::from(g), f64::from(b));
            let l = 0.299 * r + 0.587 * g + 0.114 * b;
            let sat = |c: f64| l + (c - l) * self.saturation;
            let con = |c: f64| (c - 128.0) * self.contrast + 128.0 + self.brightness * 255.0;
            let fin = |c: f64| con(sat(c)).round().clamp(0.0, 255.0) as u8;
            p.0[0] = fin(r);
            p.0[1] = fin(g);
            p.0[2] = fin(b);
        }
        if img.color().has_alpha() {
            DynamicImage::ImageRgba8(rgba)
        } else {
            DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).to_rgb8())
        }
    }
}

//! `sharpen`: an unsharp mask on a picture or a video.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Unsharp mask, `sigma` in pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sharpen {
    #[serde(default = "one")]
    pub sigma: f64,
}

fn one() -> f64 {
    1.0
}

impl Op for Sharpen {
    const NAME: &'static str = "sharpen";
    const SUMMARY: &'static str = "Unsharp mask.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;
    const GIF_AS_STILL: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        if self.sigma.is_finite() && self.sigma > 0.0 && self.sigma <= 10.0 {
            Ok(())
        } else {
            invalid("sharpen radius must be within 0..=10")
        }
    }

    fn describe(&self) -> String {
        format!("Sharpen (radius {})", self.sigma)
    }

    fn suffix(&self) -> String {
        "_sharp".into()
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        // FFmpeg's unsharp takes an odd matrix size (3..=23) rather than a
        // radius: about four sigmas across, as the stills path uses.
        let size = ((2.0 * (2.0 * self.sigma).ceil() + 1.0) as u32).clamp(3, 23);
        plan.vf.push(format!(
            "unsharp=luma_msize_x={size}:luma_msize_y={size}:luma_amount=1"
        ));
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img.unsharpen(self.sigma as f32, 1))
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-unsharp".into(), format!("0x{}", fmt_num(self.sigma))])
    }
}

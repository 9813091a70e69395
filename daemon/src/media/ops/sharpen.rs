//! `sharpen`: an unsharp mask on a still.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, STILL};
use super::{fmt_num, invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Stills: unsharp mask.
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
    const ACCEPTS: &'static [MediaKind] = STILL;
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

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img.unsharpen(self.sigma as f32, 1))
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-unsharp".into(), format!("0x{}", fmt_num(self.sigma))])
    }
}

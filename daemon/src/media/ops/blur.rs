//! `blur`: a Gaussian blur of a picture or a video.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Gaussian blur, `sigma` in pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blur {
    pub sigma: f64,
}

impl Op for Blur {
    const NAME: &'static str = "blur";
    const SUMMARY: &'static str = "Gaussian blur.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;
    const GIF_AS_STILL: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        if self.sigma.is_finite() && self.sigma > 0.0 && self.sigma <= 50.0 {
            Ok(())
        } else {
            invalid("blur radius must be within 0..=50")
        }
    }

    fn describe(&self) -> String {
        format!("Blur (radius {})", self.sigma)
    }

    fn suffix(&self) -> String {
        "_blur".into()
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push(format!("gblur=sigma={}", fmt_num(self.sigma)));
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img.blur(self.sigma as f32))
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-blur".into(), format!("0x{}", fmt_num(self.sigma))])
    }
}

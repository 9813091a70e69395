//! `negate`: invert the colours, as a photographic negative.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Invert the colours (white becomes black, red becomes cyan); stills keep
/// their transparency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Negate {}

impl Op for Negate {
    const NAME: &'static str = "negate";
    const SUMMARY: &'static str = "Invert the colours, like a photographic negative.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn describe(&self) -> String {
        "Invert the colours (negative)".into()
    }

    fn suffix(&self) -> String {
        "_negative".into()
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push("negate".into());
        Ok(())
    }

    fn still(&self, mut img: DynamicImage) -> Result<DynamicImage, MediaError> {
        img.invert();
        Ok(img)
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-negate".into()])
    }
}

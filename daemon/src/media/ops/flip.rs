//! `flip`: mirror left-right, or turn upside down.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Mirror or flip upside down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flip {
    pub direction: FlipDirection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlipDirection {
    /// Mirror left-right.
    Horizontal,
    /// Upside down.
    Vertical,
}

impl Op for Flip {
    const NAME: &'static str = "flip";
    const SUMMARY: &'static str = "Mirror left-right or flip upside down.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn describe(&self) -> String {
        match self.direction {
            FlipDirection::Horizontal => "Flip horizontally (mirror)".into(),
            FlipDirection::Vertical => "Flip vertically".into(),
        }
    }

    fn suffix(&self) -> String {
        match self.direction {
            FlipDirection::Horizontal => "_mirror".into(),
            FlipDirection::Vertical => "_flip".into(),
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push(
            match self.direction {
                FlipDirection::Horizontal => "hflip",
                FlipDirection::Vertical => "vflip",
            }
            .into(),
        );
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(match self.direction {
            FlipDirection::Horizontal => img.fliph(),
            FlipDirection::Vertical => img.flipv(),
        })
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec![match self.direction {
            FlipDirection::Horizontal => "-flop".into(),
            FlipDirection::Vertical => "-flip".into(),
        }])
    }
}

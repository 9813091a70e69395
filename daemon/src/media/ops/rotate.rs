//! `rotate`: a quarter, half or three-quarter turn clockwise.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::needs::{Needs, Source};
use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Rotate clockwise by 90, 180 or 270 degrees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotate {
    pub degrees: u32,
}

impl Op for Rotate {
    const NAME: &'static str = "rotate";
    const SUMMARY: &'static str = "Rotate 90°, 180° or 270° clockwise.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn validate(&self) -> Result<(), OpError> {
        if [90, 180, 270].contains(&self.degrees) {
            Ok(())
        } else {
            invalid("rotation must be 90, 180 or 270 degrees")
        }
    }

    fn describe(&self) -> String {
        format!("Rotate {}° clockwise", self.degrees)
    }

    fn suffix(&self) -> String {
        format!("_rot{}", self.degrees)
    }

    fn predict(&self, _input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if self.degrees != 180 {
            std::mem::swap(&mut out.width, &mut out.height);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push(
            match self.degrees {
                90 => "transpose=clock",
                270 => "transpose=cclock",
                _ => "hflip,vflip",
            }
            .into(),
        );
        Ok(())
    }

    fn needs(&self, _width: u32, _height: u32) -> Needs {
        Needs {
            turn: self.degrees,
            complete: true,
            ..Needs::default()
        }
    }

    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError> {
        if source.turned {
            return Ok(img);
        }
        self.still(img)
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(match self.degrees {
            90 => img.rotate90(),
            180 => img.rotate180(),
            _ => img.rotate270(),
        })
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-rotate".into(), self.degrees.to_string()])
    }
}

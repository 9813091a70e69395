//! `grayscale`: black and white.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::needs::Needs;
use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Black and white.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grayscale {}

impl Op for Grayscale {
    const NAME: &'static str = "grayscale";
    const SUMMARY: &'static str = "Black and white.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn describe(&self) -> String {
        "Make black and white (grayscale)".into()
    }

    fn suffix(&self) -> String {
        "_bw".into()
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push("hue=s=0".into());
        if plan.out_format == Format::Gif {
            // The palette is made from these frames: exactly gray ones
            // give a gray palette.
            plan.vf.push("format=gray".into());
        }
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(match img {
            DynamicImage::ImageLuma8(_) => img,
            img => img.grayscale(),
        })
    }

    fn needs(&self, _width: u32, _height: u32) -> Needs {
        Needs {
            luma: true,
            complete: true,
            ..Needs::default()
        }
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-colorspace".into(), "Gray".into()])
    }
}

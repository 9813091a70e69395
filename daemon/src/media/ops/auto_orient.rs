//! `auto_orient`: apply a still's EXIF orientation to its pixels.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, IMAGE};
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Stills: apply the EXIF orientation to the pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoOrient {}

impl Op for AutoOrient {
    const NAME: &'static str = "auto_orient";
    const SUMMARY: &'static str = "Rotate upright by the EXIF orientation.";
    const ACCEPTS: &'static [MediaKind] = IMAGE;

    fn describe(&self) -> String {
        "Rotate upright (EXIF orientation)".into()
    }

    fn suffix(&self) -> String {
        "_upright".into()
    }

    fn predict(&self, _input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        // The orientation is known only once the file is read.
        out.width = None;
        out.height = None;
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-auto-orient".into()])
    }
}

//! `strip_metadata`: a still without its EXIF and other metadata.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::image::Encoding;
use super::op::{Op, STILL};
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// JPEG quality of a still written again without its metadata.
const JPEG_QUALITY: u8 = 95;

/// Stills: drop EXIF and other metadata (pixels re-encoded in the same
/// format; JPEG at quality 95).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StripMetadata {}

impl Op for StripMetadata {
    const NAME: &'static str = "strip_metadata";
    const SUMMARY: &'static str = "Drop EXIF, GPS and other metadata.";
    const ACCEPTS: &'static [MediaKind] = STILL;
    const GIF_AS_STILL: bool = true;

    fn describe(&self) -> String {
        "Remove metadata".into()
    }

    fn suffix(&self) -> String {
        "_clean".into()
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn encoding(&self) -> Encoding {
        Encoding {
            quality: Some(JPEG_QUALITY),
            ..Encoding::default()
        }
    }

    fn magick(&self, _input: &FileFacts, out_format: Format) -> Result<Vec<String>, OpError> {
        let mut args = vec!["-strip".to_string()];
        if out_format == Format::Jpeg {
            args.extend(["-quality".into(), JPEG_QUALITY.to_string()]);
        }
        Ok(args)
    }
}

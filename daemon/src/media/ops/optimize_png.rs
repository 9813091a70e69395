//! `optimize_png`: lossless PNG re-compression.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::image::Encoding;
use super::op::{Op, IMAGE};
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Stills: lossless PNG re-compression (best compression, adaptive
/// filters, metadata dropped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizePng {}

impl Op for OptimizePng {
    const NAME: &'static str = "optimize_png";
    const SUMMARY: &'static str = "Lossless PNG re-compression.";
    const ACCEPTS: &'static [MediaKind] = IMAGE;

    fn describe(&self) -> String {
        "Optimise the PNG losslessly".into()
    }

    fn suffix(&self) -> String {
        "_optimized".into()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Png
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn encoding(&self) -> Encoding {
        Encoding {
            optimize: true,
            ..Encoding::default()
        }
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec![
            "-strip".into(),
            "-define".into(),
            "png:compression-level=9".into(),
        ])
    }
}

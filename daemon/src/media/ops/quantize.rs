//! `quantize`: a smaller PNG through a palette, transparency kept; of an
//! animated GIF, the GIF written again with a palette that small.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::image::Encoding;
use super::op::{Op, STILL};
use super::plan::Draft;
use super::palette::MAX_COLORS;
use super::{invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Reduce a picture to a palette of at most `colors` colours (default
/// 256), written as a PNG with its transparency: much smaller, nearly the
/// same to the eye. An animated GIF stays a GIF, each frame drawn from the
/// smaller palette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantize {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<u16>,
    /// Mix the palette's colours by dithering, as laser engravers, e-ink
    /// screens and 1-bit printers want.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dither: bool,
}

impl Quantize {
    fn colors(&self) -> u16 {
        self.colors.unwrap_or(MAX_COLORS)
    }
}

impl Op for Quantize {
    const NAME: &'static str = "quantize";
    const SUMMARY: &'static str =
        "Smaller PNG through a palette of up to 256 colours, transparency kept; dithered on request (a 1-bit picture for a laser or e-ink); a GIF is written again with a palette that small.";
    const ACCEPTS: &'static [MediaKind] = STILL;

    fn validate(&self) -> Result<(), OpError> {
        if self.colors.is_some_and(|c| !(2..=MAX_COLORS).contains(&c)) {
            return invalid("a palette has 2 to 256 colours");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        let dithered = if self.dither { ", dithered" } else { "" };
        format!(
            "Reduce to a palette of {} colours{dithered}",
            self.colors()
        )
    }

    fn suffix(&self) -> String {
        format!("_{}c", self.colors())
    }

    fn output_format(&self, input: &FileFacts) -> Format {
        if input.kind == MediaKind::Gif {
            Format::Gif
        } else {
            Format::Png
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.gif_colors = Some(u32::from(self.colors()));
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn encoding(&self) -> Encoding {
        Encoding {
            palette: Some(self.colors()),
            dither: self.dither,
            ..Encoding::default()
        }
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-colors".into(), self.colors().to_string()])
    }
}

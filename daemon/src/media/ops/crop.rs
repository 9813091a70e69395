//! `crop`: a rectangle, or the largest centred rectangle of an aspect
//! ratio.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::needs::{Needs, Source};
use super::op::{Op, VISUAL};
use super::plan::Draft;
use super::{even, invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Crop to a rectangle, or centred to an aspect ratio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crop {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rect: Option<Rect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
}

/// A crop rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// Centred crop aspect ratios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aspect {
    #[serde(rename = "1:1")]
    Square,
    #[serde(rename = "9:16")]
    Portrait9x16,
    #[serde(rename = "16:9")]
    Wide16x9,
    #[serde(rename = "4:5")]
    Portrait4x5,
    #[serde(rename = "4:3")]
    Classic4x3,
}

impl Aspect {
    pub fn ratio(self) -> (u32, u32) {
        match self {
            Aspect::Square => (1, 1),
            Aspect::Portrait9x16 => (9, 16),
            Aspect::Wide16x9 => (16, 9),
            Aspect::Portrait4x5 => (4, 5),
            Aspect::Classic4x3 => (4, 3),
        }
    }

    /// The largest rectangle of this ratio inside `w` x `h`, centred
    /// (even sizes for video).
    fn centred(self, w: u32, h: u32, video: bool) -> Rect {
        let (a, b) = self.ratio();
        let (a, b) = (u64::from(a), u64::from(b));
        let (w64, h64) = (u64::from(w), u64::from(h));
        let (cw, ch) = if w64 * b > h64 * a {
            (h64 * a / b, h64)
        } else {
            (w64, w64 * b / a)
        };
        let (cw, ch) = (cw as u32, ch as u32);
        let (cw, ch) = if video {
            (even(cw), even(ch))
        } else {
            (cw, ch)
        };
        Rect {
            x: (w - cw) / 2,
            y: (h - ch) / 2,
            width: cw,
            height: ch,
        }
    }
}

impl Crop {
    /// The rectangle cut from a `w` x `h` picture (even sizes for video).
    fn rect_in(&self, w: u32, h: u32, video: bool) -> Result<Rect, OpError> {
        let mut r = match (self.rect, self.aspect) {
            (Some(r), _) => {
                if r.x.saturating_add(r.width) > w || r.y.saturating_add(r.height) > h {
                    return Err(OpError::Invalid(format!(
                        "the crop rectangle {}x{} at ({}, {}) does not fit in the {w}x{h} picture",
                        r.width, r.height, r.x, r.y
                    )));
                }
                r
            }
            (None, Some(a)) => a.centred(w, h, video),
            _ => return invalid("crop takes a rectangle or an aspect ratio"),
        };
        if video {
            r.width = even(r.width);
            r.height = even(r.height);
        }
        if r.width == 0 || r.height == 0 {
            return invalid("the crop rectangle is empty");
        }
        Ok(r)
    }
}

impl Op for Crop {
    const NAME: &'static str = "crop";
    const SUMMARY: &'static str = "Crop to an aspect ratio (centred) or a rectangle.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn validate(&self) -> Result<(), OpError> {
        match (self.rect, self.aspect) {
            (Some(r), None) if r.width < 2 || r.height < 2 => {
                invalid("the crop rectangle is too small")
            }
            (Some(_), None) | (None, Some(_)) => Ok(()),
            _ => invalid("crop takes a rectangle or an aspect ratio"),
        }
    }

    fn describe(&self) -> String {
        match (self.rect, self.aspect) {
            (Some(r), _) => format!("Crop to {}x{} at ({}, {})", r.width, r.height, r.x, r.y),
            (None, aspect) => {
                let (a, b) = aspect.map_or((1, 1), |a| a.ratio());
                format!("Crop to {a}:{b}, centred")
            }
        }
    }

    fn suffix(&self) -> String {
        match self.aspect {
            Some(a) => {
                let (x, y) = a.ratio();
                format!("_{x}x{y}")
            }
            None => "_crop".into(),
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if let (Some(w), Some(h)) = (input.width, input.height) {
            let r = self.rect_in(w, h, input.kind != MediaKind::Image)?;
            out.width = Some(r.width);
            out.height = Some(r.height);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let (w, h) = plan.size()?;
        let r = self.rect_in(w, h, true)?;
        plan.vf
            .push(format!("crop={}:{}:{}:{}", r.width, r.height, r.x, r.y));
        plan.size_changed = true;
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        let r = self
            .rect_in(img.width(), img.height(), false)
            .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
        Ok(img.crop_imm(r.x, r.y, r.width, r.height))
    }

    fn needs(&self, width: u32, height: u32) -> Needs {
        let region = self.rect_in(width, height, false).ok();
        Needs {
            region,
            complete: region.is_some(),
            ..Needs::default()
        }
    }

    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError> {
        if source.cut {
            return Ok(img);
        }
        self.still(img)
    }

    fn magick(&self, input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        let (w, h) = input
            .width
            .zip(input.height)
            .ok_or_else(|| OpError::Invalid("the picture size is unknown".into()))?;
        let r = self.rect_in(w, h, false)?;
        Ok(vec![
            "-crop".into(),
            format!("{}x{}+{}+{}", r.width, r.height, r.x, r.y),
            "+repage".into(),
        ])
    }
}

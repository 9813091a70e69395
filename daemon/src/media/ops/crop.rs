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

/// Centred crop aspect ratios, written "W:H" ("16:9", "3:2", "1.91:1").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Square,
    Portrait9x16,
    Wide16x9,
    Portrait4x5,
    Classic4x3,
    /// Any other ratio, in lowest terms: "3:2", "21:9", "2:1".
    Ratio(u32, u32),
}

/// The most one side of a crop's ratio may exceed the other.
const MAX_ELONGATION: u32 = 10;

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Aspect {
    /// The aspect of `w`:`h` in lowest terms; `None` for a zero side, terms
    /// above 10,000, or a shape longer than 10:1.
    pub fn new(w: u32, h: u32) -> Option<Aspect> {
        if w == 0 || h == 0 || w > 10_000 || h > 10_000 {
            return None;
        }
        let g = gcd(w, h);
        let (w, h) = (w / g, h / g);
        if w > h.saturating_mul(MAX_ELONGATION) || h > w.saturating_mul(MAX_ELONGATION) {
            return None;
        }
        Some(match (w, h) {
            (1, 1) => Aspect::Square,
            (9, 16) => Aspect::Portrait9x16,
            (16, 9) => Aspect::Wide16x9,
            (4, 5) => Aspect::Portrait4x5,
            (4, 3) => Aspect::Classic4x3,
            (w, h) => Aspect::Ratio(w, h),
        })
    }

    /// Reads "16:9", "3:2" or "1.91:1" (decimals to two places).
    pub fn parse(s: &str) -> Option<Aspect> {
        let (a, b) = s.trim().split_once(':')?;
        let term = |t: &str| -> Option<f64> {
            let v: f64 = t.trim().parse().ok()?;
            (v.is_finite() && v > 0.0).then_some(v)
        };
        let (a, b) = (term(a)?, term(b)?);
        let whole = |v: f64| (v - v.round()).abs() < 1e-9;
        let scale = if whole(a) && whole(b) { 1.0 } else { 100.0 };
        let (a, b) = ((a * scale).round(), (b * scale).round());
        if a > f64::from(u32::MAX) || b > f64::from(u32::MAX) {
            return None;
        }
        Aspect::new(a as u32, b as u32)
    }

    pub fn ratio(self) -> (u32, u32) {
        match self {
            Aspect::Square => (1, 1),
            Aspect::Portrait9x16 => (9, 16),
            Aspect::Wide16x9 => (16, 9),
            Aspect::Portrait4x5 => (4, 5),
            Aspect::Classic4x3 => (4, 3),
            Aspect::Ratio(w, h) => (w, h),
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

impl Serialize for Aspect {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (w, h) = self.ratio();
        s.serialize_str(&format!("{w}:{h}"))
    }
}

impl<'de> Deserialize<'de> for Aspect {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Aspect, D::Error> {
        let s = String::deserialize(d)?;
        Aspect::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "aspect must be a ratio like \"16:9\" or \"3:2\", at most 10:1 (got \"{s}\")"
            ))
        })
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

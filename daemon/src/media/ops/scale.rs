//! `scale`: resize a video or a still.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::image::resize;
use super::needs::{Needs, Source};
use super::op::{self, Op, VISUAL};
use super::plan::Draft;
use super::{even, fmt_num, invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Resize video or still. One of: `width` and/or `height` (one alone
/// keeps the aspect), `percent`, `resolution`. With both sides and
/// `keep_aspect` the picture fits inside the box; with `fill` it covers
/// the box and what overflows is cropped, centred (crop-to-fill).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default = "yes")]
    pub keep_aspect: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub fill: bool,
}

fn yes() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Standard heights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    #[serde(rename = "360p")]
    P360,
    #[serde(rename = "480p")]
    P480,
    #[serde(rename = "720p")]
    P720,
    #[serde(rename = "1080p")]
    P1080,
}

impl Resolution {
    fn height(self) -> u32 {
        match self {
            Resolution::P360 => 360,
            Resolution::P480 => 480,
            Resolution::P720 => 720,
            Resolution::P1080 => 1080,
        }
    }
}

impl Scale {
    /// The output size on a `w` x `h` picture; `video` rounds to even sizes
    /// (as `-2` does in FFmpeg's scale filter).
    fn size(&self, w: u32, h: u32, video: bool) -> Result<(u32, u32), OpError> {
        let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
        let fit = |v: f64| -> u32 {
            let v = v.round().max(1.0) as u32;
            if video {
                even(v)
            } else {
                v
            }
        };
        let out = match (self.width, self.height, self.percent, self.resolution) {
            // trunc(iw*p/200)*2 for video.
            (_, _, Some(p), _) if video => (
                ((w * p / 200.0).trunc() as u32 * 2).max(2),
                ((h * p / 200.0).trunc() as u32 * 2).max(2),
            ),
            (_, _, Some(p), _) => (fit(w * p / 100.0), fit(h * p / 100.0)),
            (_, _, _, Some(r)) => {
                let th = f64::from(r.height());
                (fit(w * th / h), fit(th))
            }
            (Some(tw), None, _, _) => (fit(f64::from(tw)), fit(h * f64::from(tw) / w)),
            (None, Some(th), _, _) => (fit(w * f64::from(th) / h), fit(f64::from(th))),
            (Some(tw), Some(th), _, _) => {
                let (tw, th) = (f64::from(tw), f64::from(th));
                if self.keep_aspect && !self.fill {
                    let s = (tw / w).min(th / h);
                    (fit(w * s), fit(h * s))
                } else {
                    (fit(tw), fit(th))
                }
            }
            _ => return invalid("scale needs a size"),
        };
        if out.0 > 16384 || out.1 > 16384 {
            return invalid("the scaled picture would be too large");
        }
        Ok(out)
    }

    /// The size a `w` x `h` picture is resized to before the crop of
    /// `fill` (the target itself without `fill`).
    fn covering(&self, w: u32, h: u32, (tw, th): (u32, u32)) -> (u32, u32) {
        if !self.fill {
            return (tw, th);
        }
        let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
        let s = (f64::from(tw) / w).max(f64::from(th) / h);
        (
            ((w * s).round() as u32).max(tw),
            ((h * s).round() as u32).max(th),
        )
    }

    /// ImageMagick's geometry: exact when the size is known.
    fn geometry(&self, size: Option<(u32, u32)>) -> Result<String, OpError> {
        Ok(
            match (self.width, self.height, self.percent, self.resolution, size) {
                (_, _, Some(p), _, _) => format!("{}%", fmt_num(p)),
                (_, _, _, _, Some((w, h))) => {
                    let (tw, th) = self.size(w, h, false)?;
                    format!("{tw}x{th}!")
                }
                (_, _, _, Some(r), None) => format!("x{}", r.height()),
                (Some(w), None, _, _, None) => format!("{w}x"),
                (None, Some(h), _, _, None) => format!("x{h}"),
                (Some(w), Some(h), _, _, None) => {
                    format!("{w}x{h}{}", if self.keep_aspect { "" } else { "!" })
                }
                _ => return invalid("scale needs a size"),
            },
        )
    }
}

impl Op for Scale {
    const NAME: &'static str = "scale";
    const SUMMARY: &'static str = "Resize by width/height, percent or standard resolution.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn validate(&self) -> Result<(), OpError> {
        let given = [
            self.width.is_some() || self.height.is_some(),
            self.percent.is_some(),
            self.resolution.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return invalid("scale takes a width and/or height, a percent, or a resolution");
        }
        for d in [self.width, self.height].into_iter().flatten() {
            if !(2..=8192).contains(&d) {
                return invalid("width and height must be within 2..=8192");
            }
        }
        if self.fill && (self.width.is_none() || self.height.is_none()) {
            return invalid("crop-to-fill needs a width and a height");
        }
        match self.percent {
            Some(p) => op::within(p, 1.0..=400.0, "percent must be within 1..=400"),
            None => Ok(()),
        }
    }

    fn describe(&self) -> String {
        if let (true, Some(w), Some(h)) = (self.fill, self.width, self.height) {
            return format!("Fill {w}x{h}, cropping what overflows");
        }
        match (self.width, self.height, self.percent, self.resolution) {
            (_, _, Some(p), _) => format!("Scale to {p}%"),
            (_, _, _, Some(r)) => format!("Scale to {}p", r.height()),
            (Some(w), Some(h), _, _) => format!("Scale to {w}x{h}"),
            (Some(w), None, _, _) => format!("Scale to {w} pixels wide"),
            (None, Some(h), _, _) => format!("Scale to {h} pixels high"),
            _ => "Scale".into(),
        }
    }

    fn suffix(&self) -> String {
        match (self.width, self.height, self.percent, self.resolution) {
            (_, _, Some(p), _) => format!("_{}pct", p.round()),
            (_, _, _, Some(r)) => format!("_{}p", r.height()),
            (Some(w), Some(h), _, _) => format!("_{w}x{h}"),
            (Some(w), None, _, _) => format!("_{w}w"),
            (None, Some(h), _, _) => format!("_{h}h"),
            _ => "_scaled".into(),
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if let (Some(w), Some(h)) = (input.width, input.height) {
            let (w, h) = self.size(w, h, input.kind != MediaKind::Image)?;
            out.width = Some(w);
            out.height = Some(h);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let (w, h) = plan.size()?;
        let (tw, th) = self.size(w, h, true)?;
        plan.vf.push(if self.fill {
            format!("scale={tw}:{th}:force_original_aspect_ratio=increase,crop={tw}:{th}")
        } else {
            format!("scale={tw}:{th}")
        });
        plan.size_changed = true;
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        let source = Source {
            width: img.width(),
            height: img.height(),
            cut: false,
            turned: false,
        };
        self.still_from(img, source)
    }

    fn needs(&self, width: u32, height: u32) -> Needs {
        Needs {
            at_least: self
                .size(width, height, false)
                .ok()
                .map(|target| self.covering(width, height, target)),
            ..Needs::default()
        }
    }

    /// The target size comes from the full source; `img` may have been
    /// decoded smaller (at least [`Op::needs`]' size).
    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError> {
        let (tw, th) = self
            .size(source.width, source.height, false)
            .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
        if !self.fill {
            return resize(&img, tw, th);
        }
        // Cover the box, then crop the middle.
        let (cw, ch) = self.covering(img.width(), img.height(), (tw, th));
        let covered = resize(&img, cw, ch)?;
        Ok(covered.crop_imm((cw - tw) / 2, (ch - th) / 2, tw, th))
    }

    fn magick(&self, input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        if let (true, Some(w), Some(h)) = (self.fill, self.width, self.height) {
            return Ok(vec![
                "-resize".into(),
                format!("{w}x{h}^"),
                "-gravity".into(),
                "center".into(),
                "-extent".into(),
                format!("{w}x{h}"),
            ]);
        }
        let geometry = self.geometry(input.width.zip(input.height))?;
        Ok(vec!["-resize".into(), geometry])
    }
}

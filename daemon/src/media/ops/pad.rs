//! `pad`: the whole picture fitted inside a canvas of an aspect ratio or a
//! size, centred, the rest filled with a colour ("letterbox it to 9:16",
//! "centred on a transparent 400x400 canvas"), or a border of a width all
//! round ("a 20 px white border"). Nothing is cropped away.

use ::image::{imageops, DynamicImage, Rgba, RgbaImage};
use serde::{Deserialize, Serialize};

use super::image::resize;
use super::op::{same_format, Op, VISUAL};
use super::plan::Draft;
use super::{even, invalid, Aspect, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Fit inside a canvas of an aspect ratio, or of a width and height
/// (scaled down to fit, never up), and fill the rest; or add a border of
/// `border` pixels on every side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pad {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Pixels added on each side, the picture kept at its size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border: Option<u32>,
    /// "black", "white", "transparent" or "#rrggbb".
    #[serde(default = "black")]
    pub color: String,
}

fn black() -> String {
    "black".into()
}

/// Largest canvas side.
const MAX_SIDE: u32 = 8192;

/// Widest border.
const MAX_BORDER: u32 = 2000;

/// The colour as RGBA; `None` when it is not one kiln reads.
pub fn parse_color(s: &str) -> Option<[u8; 4]> {
    let s = s.trim().to_ascii_lowercase();
    Some(match s.as_str() {
        "black" => [0, 0, 0, 255],
        "white" => [255, 255, 255, 255],
        "gray" | "grey" => [128, 128, 128, 255],
        "transparent" | "none" => [0, 0, 0, 0],
        _ => {
            let hex = s.strip_prefix('#').unwrap_or(&s);
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            [byte(0)?, byte(2)?, byte(4)?, 255]
        }
    })
}

/// Where the picture lands on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    /// The picture's size once fitted.
    fitted: (u32, u32),
    canvas: (u32, u32),
    at: (u32, u32),
}

impl Pad {
    fn rgba(&self) -> Result<[u8; 4], OpError> {
        parse_color(&self.color).ok_or_else(|| {
            OpError::Invalid(format!(
                "pad color must be black, white, gray, transparent or #rrggbb (got \"{}\")",
                self.color
            ))
        })
    }

    /// The canvas: the size said, one side and the aspect, or the smallest
    /// of the aspect that holds the picture whole.
    fn canvas(&self, w: u32, h: u32) -> Result<(u32, u32), OpError> {
        let (w, h) = (u64::from(w.max(1)), u64::from(h.max(1)));
        let up = |num: u64, den: u64| num.div_ceil(den);
        let size = match (self.width, self.height, self.aspect.map(Aspect::ratio)) {
            _ if self.border.is_some() => {
                let b = u64::from(self.border.unwrap_or(0));
                (w + 2 * b, h + 2 * b)
            }
            (Some(cw), Some(ch), _) => (u64::from(cw), u64::from(ch)),
            (Some(cw), None, Some((a, b))) => (u64::from(cw), up(u64::from(cw) * u64::from(b), u64::from(a))),
            (None, Some(ch), Some((a, b))) => (up(u64::from(ch) * u64::from(a), u64::from(b)), u64::from(ch)),
            (None, None, Some((a, b))) => {
                let (a, b) = (u64::from(a), u64::from(b));
                if w * b > h * a {
                    (w, up(w * b, a))
                } else {
                    (up(h * a, b), h)
                }
            }
            _ => return invalid("pad takes an aspect ratio, or a width and a height"),
        };
        if size.0 > u64::from(MAX_SIDE) || size.1 > u64::from(MAX_SIDE) {
            return invalid(format!(
                "the padded picture would be {}x{}; at most {MAX_SIDE} pixels a side",
                size.0, size.1
            ));
        }
        Ok((size.0 as u32, size.1 as u32))
    }

    fn layout(&self, w: u32, h: u32, video: bool) -> Result<Layout, OpError> {
        let (cw, ch) = self.canvas(w, h)?;
        // Video sides are even: the canvas rounds up, the picture down.
        // (A video's border is even, so its picture stays whole.)
        let (cw, ch) = match self.border {
            Some(b) if video && b % 2 == 1 => (cw + 2, ch + 2),
            _ => (cw, ch),
        };
        let (cw, ch) = if video {
            (cw + cw % 2, ch + ch % 2)
        } else {
            (cw, ch)
        };
        let s = (f64::from(cw) / f64::from(w.max(1)))
            .min(f64::from(ch) / f64::from(h.max(1)))
            .min(1.0);
        let side = |v: u32, most: u32| {
            let v = ((f64::from(v) * s).round() as u32).clamp(1, most);
            if video {
                even(v).min(most)
            } else {
                v
            }
        };
        let fitted = (side(w, cw), side(h, ch));
        let mid = |canvas: u32, inner: u32| {
            let m = (canvas - inner) / 2;
            if video {
                m & !1
            } else {
                m
            }
        };
        Ok(Layout {
            fitted,
            canvas: (cw, ch),
            at: (mid(cw, fitted.0), mid(ch, fitted.1)),
        })
    }

    fn transparent(&self) -> bool {
        self.rgba().is_ok_and(|c| c[3] == 0)
    }
}

impl Op for Pad {
    const NAME: &'static str = "pad";
    const SUMMARY: &'static str =
        "Fit inside an aspect ratio or a size, filling the rest (letterbox); nothing cropped.";
    const ACCEPTS: &'static [MediaKind] = VISUAL;

    fn validate(&self) -> Result<(), OpError> {
        self.rgba()?;
        for d in [self.width, self.height].into_iter().flatten() {
            if !(2..=MAX_SIDE).contains(&d) {
                return invalid(format!("width and height must be within 2..={MAX_SIDE}"));
            }
        }
        if let Some(b) = self.border {
            if !(1..=MAX_BORDER).contains(&b) {
                return invalid(format!("border must be within 1..={MAX_BORDER} pixels"));
            }
            if self.aspect.is_some() || self.width.is_some() || self.height.is_some() {
                return invalid("pad takes a border, or an aspect ratio or a size, not both");
            }
            return Ok(());
        }
        match (self.width, self.height, self.aspect) {
            (Some(_), Some(_), Some(_)) => {
                invalid("pad takes an aspect ratio or a width and a height, not both")
            }
            (Some(_), Some(_), None) | (_, _, Some(_)) => Ok(()),
            _ => invalid("pad takes an aspect ratio, or a width and a height"),
        }
    }

    fn describe(&self) -> String {
        let fill = if self.transparent() {
            "transparency".to_string()
        } else {
            self.color.clone()
        };
        if let Some(b) = self.border {
            return format!("Add a {b} px border of {fill} all round");
        }
        match (self.width, self.height, self.aspect) {
            (Some(w), Some(h), _) => format!("Fit inside {w}x{h}, filled with {fill}"),
            (_, _, Some(a)) => {
                let (x, y) = a.ratio();
                format!("Pad to {x}:{y} with {fill}, nothing cropped")
            }
            _ => "Pad".into(),
        }
    }

    fn suffix(&self) -> String {
        if let Some(b) = self.border {
            return format!("_border_{b}");
        }
        match (self.width, self.height, self.aspect) {
            (Some(w), Some(h), _) => format!("_padded_{w}x{h}"),
            (_, _, Some(a)) => {
                let (x, y) = a.ratio();
                format!("_padded_{x}x{y}")
            }
            _ => "_padded".into(),
        }
    }

    /// A transparent canvas needs a format that keeps it.
    fn output_format(&self, input: &FileFacts) -> Format {
        match same_format(input) {
            Format::Jpeg | Format::Bmp if self.transparent() => Format::Png,
            f => f,
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if let (Some(w), Some(h)) = (input.width, input.height) {
            let l = self.layout(w, h, input.kind != MediaKind::Image)?;
            out.width = Some(l.canvas.0);
            out.height = Some(l.canvas.1);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let (w, h) = plan.size()?;
        let l = self.layout(w, h, true)?;
        // Video has no transparency: a transparent canvas is black.
        let [r, g, b, _] = self.rgba()?;
        if l.fitted != (w, h) {
            plan.vf.push(format!("scale={}:{}", l.fitted.0, l.fitted.1));
        }
        plan.vf.push(format!(
            "pad={}:{}:{}:{}:color=0x{r:02x}{g:02x}{b:02x}",
            l.canvas.0, l.canvas.1, l.at.0, l.at.1
        ));
        plan.size_changed = true;
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        let bad = |e: OpError| MediaError::InvalidRequest(e.to_string());
        let (w, h) = (img.width(), img.height());
        let l = self.layout(w, h, false).map_err(bad)?;
        let fill = self.rgba().map_err(bad)?;
        let fitted = if l.fitted == (w, h) {
            img
        } else {
            resize(&img, l.fitted.0, l.fitted.1)?
        };
        let keeps_alpha = fill[3] < 255 || fitted.color().has_alpha();
        let mut canvas = RgbaImage::from_pixel(l.canvas.0, l.canvas.1, Rgba(fill));
        imageops::overlay(
            &mut canvas,
            &fitted.to_rgba8(),
            i64::from(l.at.0),
            i64::from(l.at.1),
        );
        let canvas = DynamicImage::ImageRgba8(canvas);
        Ok(if keeps_alpha {
            canvas
        } else {
            DynamicImage::ImageRgb8(canvas.to_rgb8())
        })
    }

    fn magick(&self, input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        let (w, h) = input
            .width
            .zip(input.height)
            .ok_or_else(|| OpError::Invalid("the picture size is unknown".into()))?;
        let l = self.layout(w, h, false)?;
        let [r, g, b, a] = self.rgba()?;
        let background = if a == 0 {
            "none".to_string()
        } else {
            format!("#{r:02x}{g:02x}{b:02x}")
        };
        let (cw, ch) = l.canvas;
        if let Some(b) = self.border {
            return Ok(vec![
                "-bordercolor".into(),
                background,
                "-border".into(),
                b.to_string(),
            ]);
        }
        Ok(vec![
            "-resize".into(),
            format!("{cw}x{ch}>"),
            "-background".into(),
            background,
            "-gravity".into(),
            "center".into(),
            "-extent".into(),
            format!("{cw}x{ch}"),
        ])
    }
}

//! `flatten`: a picture's transparency filled with a colour ("make the
//! transparent background white", "remove the transparency").

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::{Op, IMAGE};
use super::pad::parse_color;
use super::{invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Lay the picture on a solid colour: what was see-through shows the
/// colour, what was half see-through is mixed with it; no alpha is left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flatten {
    /// "white", "black", "gray" or "#rrggbb".
    #[serde(default = "white")]
    pub color: String,
}

fn white() -> String {
    "white".into()
}

impl Flatten {
    fn rgb(&self) -> Result<[u8; 3], OpError> {
        match parse_color(&self.color) {
            Some([r, g, b, 255]) => Ok([r, g, b]),
            _ => invalid(format!(
                "flatten color must be black, white, gray or #rrggbb (got \"{}\")",
                self.color
            )),
        }
    }
}

impl Op for Flatten {
    const NAME: &'static str = "flatten";
    const SUMMARY: &'static str =
        "Fill a picture's transparency with a colour (white unless said), leaving no alpha.";
    const ACCEPTS: &'static [MediaKind] = IMAGE;

    fn validate(&self) -> Result<(), OpError> {
        self.rgb().map(|_| ())
    }

    fn describe(&self) -> String {
        format!("Fill the transparency with {}", self.color)
    }

    fn suffix(&self) -> String {
        "_flat".into()
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        if !img.color().has_alpha() {
            return Ok(img);
        }
        let bg = self
            .rgb()
            .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
        let rgba = img.to_rgba8();
        let out = ::image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            let p = rgba.get_pixel(x, y).0;
            let a = u32::from(p[3]);
            let mix = |c: usize| ((u32::from(p[c]) * a + u32::from(bg[c]) * (255 - a) + 127) / 255) as u8;
            ::image::Rgb([mix(0), mix(1), mix(2)])
        });
        Ok(DynamicImage::ImageRgb8(out))
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        let [r, g, b] = self.rgb()?;
        Ok(vec![
            "-background".into(),
            format!("#{r:02x}{g:02x}{b:02x}"),
            "-alpha".into(),
            "remove".into(),
            "-alpha".into(),
            "off".into(),
        ])
    }
}

//! `thumbnail`: a small picture, never enlarged.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::av::VideoEnc;
use super::image::{fit_within, resize};
use super::needs::{Needs, Source};
use super::op::{same_format, Op, VISUAL};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Stills: fit inside `max` x `max`, never enlarged. Videos: the frame
/// `at` seconds (else the middle one), made that small, as a PNG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thumbnail {
    #[serde(default = "default_thumb")]
    pub max: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<f64>,
}

impl Thumbnail {
    /// Within `max` x `max`, of a video's middle frame.
    pub fn within(max: u32) -> Thumbnail {
        Thumbnail { max, at: None }
    }
}

fn default_thumb() -> u32 {
    256
}

impl Op for Thumbnail {
    const NAME: &'static str = "thumbnail";
    const SUMMARY: &'static str =
        "Small picture within N×N (of a video: its middle frame, or the one at N s).";
    const ACCEPTS: &'static [MediaKind] = VISUAL;
    const GIF_AS_STILL: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        if !(8..=2048).contains(&self.max) {
            return invalid("thumbnail size must be within 8..=2048");
        }
        match self.at {
            Some(t) if !t.is_finite() || t < 0.0 => invalid("the time must be 0 or more"),
            _ => Ok(()),
        }
    }

    fn describe(&self) -> String {
        match self.at {
            Some(t) => format!("Make a thumbnail within {0}x{0} of the frame at {t} s", self.max),
            None => format!("Make a thumbnail within {0}x{0}", self.max),
        }
    }

    fn suffix(&self) -> String {
        "_thumb".into()
    }

    fn output_format(&self, input: &FileFacts) -> Format {
        match input.kind {
            MediaKind::Video | MediaKind::Gif => Format::Png,
            _ => same_format(input),
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        // (A GIF's thumbnail is its first frame, a picture's the picture:
        // a time asked of them would be silently left out.)
        if self.at.is_some() && input.kind != MediaKind::Video {
            return Err(OpError::Invalid(format!(
                "a thumbnail at a time is taken from a video; {} is not one",
                input.name
            )));
        }
        if let (Some(t), Some(d)) = (self.at, input.duration_secs) {
            if t >= d {
                return Err(OpError::Invalid(format!(
                    "{} is only {d:.1} s long",
                    input.name
                )));
            }
        }
        if let (Some(w), Some(h)) = (input.width, input.height) {
            let (w, h) = fit_within(w, h, self.max, self.max);
            out.width = Some(w);
            out.height = Some(h);
        }
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        let (tw, th) = fit_within(img.width(), img.height(), self.max, self.max);
        resize(&img, tw, th)
    }

    fn needs(&self, width: u32, height: u32) -> Needs {
        Needs {
            at_least: Some(fit_within(width, height, self.max, self.max)),
            ..Needs::default()
        }
    }

    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError> {
        let (tw, th) = fit_within(source.width, source.height, self.max, self.max);
        resize(&img, tw, th)
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let (w, h) = match (plan.input.width, plan.input.height) {
            (Some(w), Some(h)) => fit_within(w, h, self.max, self.max),
            _ => return invalid("the picture size of the video is unknown"),
        };
        plan.audio = None;
        plan.video = Some(VideoEnc {
            encoder: "png",
            pix_fmt: "rgb24",
            opts: vec![],
        });
        let middle = plan
            .input
            .duration_secs
            .map(|d| (d / 2.0 * 1000.0).round() / 1000.0);
        plan.pin.start = self.at.or(middle).filter(|t| *t > 0.0);
        plan.max_frames = Some(1);
        plan.expected = Some(0.04);
        plan.vf.push(format!("scale={}:{}", fmt_num(f64::from(w)), fmt_num(f64::from(h))));
        Ok(())
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-thumbnail".into(), format!("{0}x{0}>", self.max)])
    }
}

//! `frames`: pictures taken from a clip.

use serde::{Deserialize, Serialize};

use super::av::VideoEnc;
use super::op::{self, Op, MOVING};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, Format, MediaKind, OpError};

/// Most pictures predicted for one input.
const MAX_PREDICTED_FRAMES: usize = 1000;

/// Pictures from a video: one `at` a time (s), one `every` N seconds,
/// or `count` frames evenly spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frames {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default)]
    pub format: FrameFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FrameFormat {
    #[default]
    Png,
    Jpeg,
}

impl FrameFormat {
    fn format(self) -> Format {
        match self {
            FrameFormat::Png => Format::Png,
            FrameFormat::Jpeg => Format::Jpeg,
        }
    }

    fn encoder(self) -> VideoEnc {
        match self {
            FrameFormat::Png => VideoEnc {
                encoder: "png",
                pix_fmt: "rgb24",
                opts: vec![],
            },
            FrameFormat::Jpeg => VideoEnc {
                encoder: "mjpeg",
                pix_fmt: "yuvj420p",
                opts: vec![("q", "2".into())],
            },
        }
    }
}

impl Frames {
    /// How many pictures `input` gives.
    fn count_in(&self, input: &FileFacts) -> usize {
        match (self.at, self.every, self.count, input.duration_secs) {
            (Some(_), _, _, _) => 1,
            (_, _, Some(c), _) => c as usize,
            (_, Some(e), _, Some(d)) => ((d / e).ceil() as usize).max(1),
            _ => 1,
        }
    }
}

impl Op for Frames {
    const NAME: &'static str = "frames";
    const SUMMARY: &'static str =
        "Pictures from a video: one at a time, every N seconds, or N frames.";
    const ACCEPTS: &'static [MediaKind] = MOVING;

    fn validate(&self) -> Result<(), OpError> {
        let given = [self.at.is_some(), self.every.is_some(), self.count.is_some()];
        if given.iter().filter(|b| **b).count() != 1 {
            return invalid("frames takes one of: at, every, count");
        }
        if let Some(t) = self.at {
            op::within(t, 0.0..=f64::MAX, "the time must be 0 or more")?;
        }
        if let Some(e) = self.every {
            op::within(e, 0.04..=f64::MAX, "every must be at least 0.04 s")?;
        }
        if self.count.is_some_and(|c| !(1..=1000).contains(&c)) {
            return invalid("count must be within 1..=1000");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match (self.at, self.every, self.count) {
            (Some(t), _, _) => format!("Take the frame at {t} s"),
            (_, Some(e), _) => format!("Take a frame every {e} s"),
            (_, _, Some(c)) => format!("Take {c} frames"),
            _ => "Take frames".into(),
        }
    }

    fn suffix(&self) -> String {
        match self.at {
            Some(_) => "_frame".into(),
            None => "_frame_%03d".into(),
        }
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        self.format.format()
    }

    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        if let (Some(t), Some(d)) = (self.at, input.duration_secs) {
            if t >= d {
                return Err(OpError::Invalid(format!(
                    "{} is only {d:.1} s long",
                    input.name
                )));
            }
        }
        let pattern = op::output_name(self, input);
        let n = self.count_in(input).min(MAX_PREDICTED_FRAMES);
        Ok((1..=n)
            .map(|i| FileFacts {
                name: match self.at {
                    Some(_) => pattern.clone(),
                    None => pattern.replace("%03d", &format!("{i:03}")),
                },
                kind: MediaKind::Image,
                format: self.format.format(),
                width: input.width,
                height: input.height,
                duration_secs: None,
                fps: None,
                has_audio: false,
                bytes: None,
                video_codec: None,
                audio_codec: None,
                sample_rate: None,
                channels: None,
                document: None,
            })
            .collect())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.audio = None;
        plan.video = Some(self.format.encoder());
        match (self.at, self.every, self.count) {
            (Some(t), _, _) => {
                plan.pin.start = Some(t).filter(|t| *t > 0.0);
                plan.max_frames = Some(1);
                plan.expected = Some(0.04);
            }
            (_, Some(e), _) => {
                plan.vf.push(format!("fps=1/{}", fmt_num(e)));
                plan.frame_pattern = true;
            }
            (_, _, Some(c)) => {
                let d = plan
                    .input
                    .duration_secs
                    .filter(|d| *d > 0.0)
                    .ok_or_else(|| OpError::Invalid("the duration is unknown".into()))?;
                plan.vf.push(format!(
                    "fps={}/{}",
                    c,
                    fmt_num((d * 1000.0).round() / 1000.0)
                ));
                plan.max_frames = Some(u64::from(c));
                plan.frame_pattern = true;
            }
            _ => {}
        }
        Ok(())
    }
}

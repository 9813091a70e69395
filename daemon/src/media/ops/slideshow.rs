//! `slideshow`: pictures shown one after another in an MP4.

use serde::{Deserialize, Serialize};

use super::av::{AvPlan, Filters, PlanInput, Still};
use super::op::{self, Op, STILL};
use super::plan::{fit_and_pad, h264, GraphPlan};
use super::{invalid, FileFacts, Format, MediaKind, OpError};

/// Images → MP4, each shown `seconds_per_image`, or picture by picture
/// the seconds of `durations` (one per picture).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slideshow {
    #[serde(default = "default_slide_secs")]
    pub seconds_per_image: f64,
    #[serde(default = "default_slide_width")]
    pub width: u32,
    #[serde(default = "default_slide_height")]
    pub height: u32,
    #[serde(default = "default_slide_fps")]
    pub fps: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub durations: Option<Vec<f64>>,
}

impl Slideshow {
    /// How long picture `i` shows.
    fn secs_of(&self, i: usize) -> f64 {
        self.durations
            .as_ref()
            .and_then(|d| d.get(i).copied())
            .unwrap_or(self.seconds_per_image)
    }

    fn total(&self, n: usize) -> f64 {
        (0..n).map(|i| self.secs_of(i)).sum()
    }
}

fn default_slide_secs() -> f64 {
    3.0
}
fn default_slide_width() -> u32 {
    1280
}
fn default_slide_height() -> u32 {
    720
}
fn default_slide_fps() -> u32 {
    25
}

impl Op for Slideshow {
    const NAME: &'static str = "slideshow";
    const SUMMARY: &'static str = "Pictures to an MP4.";
    const ACCEPTS: &'static [MediaKind] = STILL;
    const MULTI_INPUT: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        // At least one frame a picture: a timelapse shows one per frame.
        op::within(
            self.seconds_per_image,
            0.01..=60.0,
            "seconds per image must be within 0.01..=60",
        )?;
        if self.seconds_per_image * f64::from(self.fps) < 0.999 {
            return invalid("each picture must show for at least one frame (1/fps seconds)");
        }
        for d in self.durations.iter().flatten() {
            op::within(*d, 0.1..=60.0, "a picture shows 0.1 to 60 seconds")?;
        }
        let (w, h) = (self.width, self.height);
        if !(16..=3840).contains(&w) || !(16..=2160).contains(&h) || w % 2 != 0 || h % 2 != 0 {
            return invalid("slideshow size must be even, up to 3840x2160");
        }
        if !(1..=60).contains(&self.fps) {
            return invalid("slideshow frame rate must be within 1..=60");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match &self.durations {
            Some(d) => format!(
                "Make a slideshow, showing the pictures for {} s",
                d.iter()
                    .map(|s| super::fmt_num(*s))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("Make a slideshow, {} s per image", self.seconds_per_image),
        }
    }

    fn suffix(&self) -> String {
        "_slideshow".into()
    }

    fn output_format(&self, input: &FileFacts) -> Format {
        op::joined_format(input)
    }

    fn combine(&self, inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        for i in inputs {
            op::check_accepts(self, i)?;
        }
        Ok(FileFacts {
            name: op::output_name(self, &FileFacts::named(&inputs[0].name, Format::Other)),
            kind: MediaKind::Video,
            format: Format::Mp4,
            width: Some(self.width),
            height: Some(self.height),
            duration_secs: Some(self.total(inputs.len())),
            fps: Some(f64::from(self.fps)),
            has_audio: false,
            bytes: None,
            video_codec: None,
            audio_codec: None,
            sample_rate: None,
            channels: None,
            document: None,
        })
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        let n = inputs.len();
        let fit = fit_and_pad(self.width, self.height);
        let mut parts: Vec<String> = (0..n)
            .map(|i| format!("[{i}:v]{fit},format=yuv420p[v{i}]"))
            .collect();
        let pads: String = (0..n).map(|i| format!("[v{i}]")).collect();
        // concat ends a one-frame part where it starts, so a picture shown
        // for a single frame (a timelapse) is fed as two frames at twice
        // the rate and the output brought back to the rate asked.
        let single = (0..n).any(|i| self.secs_of(i) * f64::from(self.fps) < 1.5);
        let fed_fps = if single { self.fps * 2 } else { self.fps };
        parts.push(format!(
            "{pads}concat=n={n}:v=1:a=0,fps={}[v]",
            self.fps
        ));
        let picture = |i: usize| PlanInput {
            still: Some(Still {
                loop_secs: Some(self.secs_of(i)),
                fps: fed_fps,
            }),
            ..PlanInput::plain()
        };
        Ok(GraphPlan {
            inputs: (0..n).map(picture).collect(),
            filters: Filters::Complex(parts.join(";")),
            video: Some(h264(23)),
            audio: None,
            feed_order: (0..n).collect(),
            expected_secs: Some(self.total(n)),
        }
        .into_plan(Format::Mp4))
    }
}

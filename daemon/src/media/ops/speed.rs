//! `speed`: play faster or slower, the audio tempo-corrected.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, TIMED};
use super::plan::Draft;
use super::{fmt_num, FileFacts, MediaKind, OpError};

/// Play faster or slower (0.1–1000: a day's recording becomes a
/// timelapse), audio tempo-corrected (pitch kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speed {
    pub factor: f64,
}

impl Op for Speed {
    const NAME: &'static str = "speed";
    const SUMMARY: &'static str = "Faster or slower (0.1x to 1000x), pitch kept.";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn validate(&self) -> Result<(), OpError> {
        op::within(self.factor, 0.1..=1000.0, "speed must be within 0.1..=1000")
    }

    fn describe(&self) -> String {
        format!("Change speed to {}x", self.factor)
    }

    fn suffix(&self) -> String {
        format!("_{}x", fmt_num(self.factor)).replace('.', "_")
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        out.duration_secs = input.duration_secs.map(|d| d / self.factor);
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        if plan.visual {
            let fps = plan.input.fps.unwrap_or(30.0);
            plan.vf.push(format!(
                "setpts=PTS/{},fps={}",
                fmt_num(self.factor),
                fmt_num(fps)
            ));
        }
        if plan.audio.is_some() {
            plan.af.push(atempo_chain(self.factor));
        }
        plan.expected = plan.input.duration_secs.map(|d| d / self.factor);
        Ok(())
    }
}

/// Atempo stages for `factor` (each stage is limited to 0.5..=2).
fn atempo_chain(factor: f64) -> String {
    let mut stages = Vec::new();
    let mut f = factor;
    while f > 2.0 {
        stages.push(2.0);
        f /= 2.0;
    }
    while f < 0.5 {
        stages.push(0.5);
        f /= 0.5;
    }
    stages.push(f);
    stages
        .iter()
        .map(|s| format!("atempo={}", fmt_num(*s)))
        .collect::<Vec<_>>()
        .join(",")
}

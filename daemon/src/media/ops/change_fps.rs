//! `change_fps`: a new frame rate, frames dropped or repeated.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, MOVING};
use super::plan::Draft;
use super::{fmt_num, FileFacts, MediaKind, OpError};

/// Change the frame rate (frames dropped or repeated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeFps {
    pub fps: f64,
}

impl Op for ChangeFps {
    const NAME: &'static str = "change_fps";
    const SUMMARY: &'static str = "Change the frame rate.";
    const ACCEPTS: &'static [MediaKind] = MOVING;

    fn validate(&self) -> Result<(), OpError> {
        // Slides and screen recordings are kept at a frame every few
        // seconds ("0.5 fps") to be small.
        op::within(self.fps, 0.1..=120.0, "the frame rate must be within 0.1..=120")
    }

    fn describe(&self) -> String {
        format!("Change the frame rate to {} fps", self.fps)
    }

    fn suffix(&self) -> String {
        format!("_{}fps", fmt_num(self.fps)).replace('.', "_")
    }

    fn predict(&self, _input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        out.fps = Some(self.fps);
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push(format!("fps={}", fmt_num(self.fps)));
        Ok(())
    }
}

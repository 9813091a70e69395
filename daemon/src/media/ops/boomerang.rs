//! `boomerang`: play forward, then backward.

use serde::{Deserialize, Serialize};

use super::op::{Op, MOVING};
use super::plan::Draft;
use super::{FileFacts, MediaKind, OpError};

/// Forward then backward (the clip is held in memory: short clips only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boomerang {}

impl Op for Boomerang {
    const NAME: &'static str = "boomerang";
    const SUMMARY: &'static str = "Play forward, then backward (a boomerang).";
    const ACCEPTS: &'static [MediaKind] = MOVING;

    fn describe(&self) -> String {
        "Play forward, then backward".into()
    }

    fn suffix(&self) -> String {
        "_boomerang".into()
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        out.duration_secs = input.duration_secs.map(|d| d * 2.0);
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.buffers_all = true;
        plan.vf.push(
            "split[bf][bb];[bb]reverse[br];[bf][br]concat=n=2:v=1:a=0".into(),
        );
        if plan.audio.is_some() {
            plan.af.push(
                "asplit[bfa][bba];[bba]areverse[bra];[bfa][bra]concat=n=2:v=0:a=1".into(),
            );
        }
        plan.expected = plan.input.duration_secs.map(|d| d * 2.0);
        Ok(())
    }
}

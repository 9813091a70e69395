//! `reverse`: play backwards.

use serde::{Deserialize, Serialize};

use super::op::{Op, TIMED};
use super::plan::Draft;
use super::{MediaKind, OpError};

/// Play backwards (the clip is held in memory: short clips only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reverse {}

impl Op for Reverse {
    const NAME: &'static str = "reverse";
    const SUMMARY: &'static str = "Play backwards.";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn describe(&self) -> String {
        "Play backwards".into()
    }

    fn suffix(&self) -> String {
        "_reversed".into()
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.buffers_all = true;
        if plan.visual {
            plan.vf.push("reverse".into());
        }
        if plan.audio.is_some() {
            plan.af.push("areverse".into());
        }
        Ok(())
    }
}

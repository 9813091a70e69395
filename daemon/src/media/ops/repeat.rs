//! `loop`: play a clip several times over; a GIF gets its loop count.

use serde::{Deserialize, Serialize};

use super::op::{Op, TIMED};
use super::plan::Draft;
use super::{invalid, FileFacts, Format, MediaKind, OpError};

/// Play `times` times in all. A GIF written as a GIF keeps its frames and
/// is told how many times to play (1: once, no looping; 0: forever);
/// anything else repeats its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loop {
    pub times: u32,
}

impl Op for Loop {
    const NAME: &'static str = "loop";
    const SUMMARY: &'static str =
        "Play several times over (a GIF: how many times it plays, once, or forever).";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn validate(&self) -> Result<(), OpError> {
        if self.times > 100 {
            return invalid("a clip can play 1 to 100 times (0: a GIF that loops forever)");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match self.times {
            0 => "Loop forever".into(),
            1 => "Play once, without looping".into(),
            n => format!("Play {n} times over"),
        }
    }

    fn suffix(&self) -> String {
        match self.times {
            0 => "_looped".into(),
            n => format!("_x{n}"),
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if out.format == Format::Gif {
            return Ok(());
        }
        if self.times == 0 {
            return invalid("only a GIF loops forever; say how many times to repeat the clip");
        }
        if self.times < 2 {
            return invalid("a clip plays once already; say how many times to repeat it");
        }
        out.duration_secs = input.duration_secs.map(|d| d * f64::from(self.times));
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        if plan.out_format == Format::Gif {
            // The GIF muxer's loop: -1 plays once, 0 forever, N repeats N
            // more times.
            let repeats = match self.times {
                0 => 0,
                1 => -1,
                n => i64::from(n) - 1,
            };
            plan.muxer_extra.push(("loop", repeats.to_string()));
            return Ok(());
        }
        let more = self.times - 1;
        plan.buffers_all = true;
        if plan.visual {
            plan.vf.push(format!("loop=loop={more}:size=32767:start=0"));
        }
        if plan.audio.is_some() {
            plan.af
                .push(format!("aloop=loop={more}:size=2147483647:start=0"));
        }
        plan.expected = plan
            .input
            .duration_secs
            .map(|d| d * f64::from(self.times));
        Ok(())
    }
}

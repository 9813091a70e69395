//! `shift_audio`: the sound moved against the pictures, to put it back in
//! sync ("the audio is 300 ms late"). The video keeps its length: sound
//! delayed starts with silence and is cut where the pictures end; sound
//! brought forward loses its first moments and ends in silence.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, VIDEO};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError};

/// Move the sound `seconds` later (above 0: it came too early) or earlier
/// (below 0: it came late).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftAudio {
    pub seconds: f64,
}

impl Op for ShiftAudio {
    const NAME: &'static str = "shift_audio";
    const SUMMARY: &'static str =
        "Move the sound against the pictures to fix sync: seconds above 0 play it later, below 0 earlier; the video keeps its length.";
    const ACCEPTS: &'static [MediaKind] = VIDEO;

    fn validate(&self) -> Result<(), OpError> {
        op::within(
            self.seconds.abs(),
            0.001..=60.0,
            "the shift must be 1 ms to 60 s, later (above 0) or earlier (below 0)",
        )
    }

    fn describe(&self) -> String {
        if self.seconds > 0.0 {
            format!("Delay the audio by {} s", fmt_num(self.seconds))
        } else {
            format!("Play the audio {} s earlier", fmt_num(-self.seconds))
        }
    }

    fn suffix(&self) -> String {
        "_synced".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)?;
        if let Some(d) = input.duration_secs {
            if self.seconds.abs() >= d {
                return invalid(format!(
                    "{} is {d:.1} s long: moving its sound {} s would leave none of it",
                    input.name,
                    fmt_num(self.seconds.abs())
                ));
            }
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        if plan.audio.is_none() {
            return Ok(());
        }
        let s = self.seconds;
        let at = super::fmt_precise;
        let end = plan.input.duration_secs;
        if s > 0.0 {
            let ms = at(s * 1000.0);
            let mut f = format!("adelay=delays={ms}:all=1");
            if let Some(d) = end {
                f.push_str(&format!(",atrim=end={}", at(d)));
            }
            plan.af.push(f);
        } else {
            let mut f = format!("atrim=start={},asetpts=PTS-STARTPTS", at(-s));
            if let Some(d) = end {
                f.push_str(&format!(",apad=whole_dur={}", at(d)));
            }
            plan.af.push(f);
        }
        Ok(())
    }
}

//! `volume`: louder or quieter.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError};

/// Louder or quieter: by a `factor` (1.0 = unchanged) or by `db`; over the
/// whole file, or only from `start` to `end` seconds ("mute 0:10 to 0:20").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

impl Volume {
    /// Silence from `start` (or the beginning) to `end` (or the end).
    pub fn mute(start: Option<f64>, end: Option<f64>) -> Volume {
        Volume {
            factor: Some(0.0),
            start,
            end,
            ..Volume::default()
        }
    }

    fn ranged(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }

    /// The part changed, in words ("from 10 s to 20 s").
    fn part(&self) -> String {
        match (self.start, self.end) {
            (Some(a), Some(b)) => format!(" from {} s to {} s", fmt_num(a), fmt_num(b)),
            (Some(a), None) => format!(" from {} s on", fmt_num(a)),
            (None, Some(b)) => format!(" for the first {} s", fmt_num(b)),
            (None, None) => String::new(),
        }
    }

    /// FFmpeg's timeline option for the part ("enable='between(t,10,20)'").
    fn enable(&self) -> String {
        match (self.start, self.end) {
            (Some(a), Some(b)) => format!(":enable='between(t,{},{})'", fmt_num(a), fmt_num(b)),
            (Some(a), None) => format!(":enable='gte(t,{})'", fmt_num(a)),
            (None, Some(b)) => format!(":enable='lt(t,{})'", fmt_num(b)),
            (None, None) => String::new(),
        }
    }
}

impl Op for Volume {
    const NAME: &'static str = "volume";
    const SUMMARY: &'static str = "Louder or quieter.";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        match (self.factor, self.db) {
            (Some(f), None) => {
                op::within(f, 0.0..=10.0, "the volume factor must be within 0..=10")
            }
            (None, Some(d)) => op::within(
                d,
                -60.0..=30.0,
                "the volume change must be within -60..=30 dB",
            ),
            _ => invalid("volume takes a factor or a dB change"),
        }?;
        for t in [self.start, self.end].into_iter().flatten() {
            op::within(t, 0.0..=86_400.0, "the times must be within a day")?;
        }
        if let (Some(a), Some(b)) = (self.start, self.end) {
            if b <= a {
                return invalid("the part's end must come after its start");
            }
        }
        Ok(())
    }

    fn describe(&self) -> String {
        let what = match (self.factor, self.db) {
            (Some(f), _) if f == 0.0 && self.ranged() => "Mute the sound".into(),
            (Some(f), _) => format!("Change the volume to {}%", (f * 100.0).round()),
            (_, Some(d)) => format!("Change the volume by {d:+} dB"),
            _ => "Change the volume".into(),
        };
        what + &self.part()
    }

    fn suffix(&self) -> String {
        "_volume".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)?;
        match (self.start, input.duration_secs) {
            (Some(a), Some(d)) if a >= d => Err(OpError::Invalid(format!(
                "{} is {} s long: nothing to change from {} s",
                input.name,
                fmt_num(d),
                fmt_num(a)
            ))),
            _ => Ok(()),
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let level = match (self.factor, self.db) {
            (Some(x), _) => format!("volume={}", fmt_num(x)),
            (_, Some(d)) => format!("volume={}dB", fmt_num(d)),
            _ => "volume=1".into(),
        };
        plan.af.push(level + &self.enable());
        Ok(())
    }
}

//! `trim`: keep part of a clip.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, TIMED};
use super::plan::Draft;
use super::{invalid, FileFacts, MediaKind, OpError};

/// Keep part of a clip: from `start` (s) to `end` or for `duration`, or
/// the `last` N seconds. "First N s" is `duration` alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trim {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<f64>,
}

impl Trim {
    /// Checks each time on its own.
    fn validate_times(&self) -> Result<(), OpError> {
        for (v, what) in [(self.start, "start"), (self.end, "end")] {
            if let Some(v) = v {
                if !(v.is_finite() && v >= 0.0) {
                    return invalid(format!("the {what} time must be 0 or more"));
                }
            }
        }
        for (v, what) in [(self.duration, "duration"), (self.last, "last")] {
            if let Some(v) = v {
                op::positive(v, what)?;
            }
        }
        Ok(())
    }
}

impl Op for Trim {
    const NAME: &'static str = "trim";
    const SUMMARY: &'static str = "Keep part of a clip.";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn validate(&self) -> Result<(), OpError> {
        self.validate_times()?;
        let (start, end, duration, last) = (self.start, self.end, self.duration, self.last);
        if last.is_some() && (start.is_some() || end.is_some() || duration.is_some()) {
            return invalid("trim to the last seconds takes no start, end or duration");
        }
        if end.is_some() && duration.is_some() {
            return invalid("trim takes an end or a duration, not both");
        }
        if end.is_some_and(|e| e <= start.unwrap_or(0.0)) {
            return invalid("the end must come after the start");
        }
        if start.is_none() && end.is_none() && duration.is_none() && last.is_none() {
            return invalid("trim needs a start, end, duration or last");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match (self.start, self.end, self.duration, self.last) {
            (_, _, _, Some(l)) => format!("Keep the last {l} s"),
            (None, None, Some(d), _) => format!("Keep the first {d} s"),
            (s, Some(e), _, _) => format!("Trim from {} s to {e} s", s.unwrap_or(0.0)),
            (Some(s), None, Some(d), _) => format!("Trim {d} s from {s} s"),
            (Some(s), None, None, _) => format!("Trim from {s} s to the end"),
            _ => "Trim".into(),
        }
    }

    fn suffix(&self) -> String {
        "_trim".into()
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        let Some(total) = input.duration_secs else {
            return Ok(());
        };
        let s = self.start.unwrap_or(0.0);
        if s >= total {
            return Err(OpError::Invalid(format!(
                "{} is only {total:.1} s long",
                input.name
            )));
        }
        out.duration_secs = Some(match (self.end, self.duration, self.last) {
            (_, _, Some(l)) => total.min(l),
            (Some(e), _, _) => e.min(total) - s,
            (_, Some(d), _) => d.min(total - s),
            _ => total - s,
        });
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let total = plan.input.duration_secs;
        if let Some(l) = self.last {
            plan.pin.from_end = Some(l);
            plan.expected = total.map(|d| d.min(l));
            return Ok(());
        }
        plan.pin.start = self.start.filter(|s| *s > 0.0);
        let s = self.start.unwrap_or(0.0);
        let length = match (self.end, self.duration) {
            (Some(e), _) => Some(e - s),
            (_, Some(d)) => Some(d),
            _ => None,
        };
        plan.pin.duration = length;
        plan.expected = total.map(|d| length.map_or(d - s, |t| t.min(d - s)));
        Ok(())
    }
}

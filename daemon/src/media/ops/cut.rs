//! `cut`: remove a part from the middle of a clip, joining what is left.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, TIMED};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError};

/// Remove the part from `start` to `end` (seconds); the parts before and
/// after are joined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    pub start: f64,
    pub end: f64,
}

impl Cut {
    /// The graph keeping `[0, start)` and `[end, ..)` of one stream:
    /// `kind` is `v` or `a`, `prefix` the filter-name prefix (`""`/`"a"`).
    fn keep_outside(&self, total: f64, kind: &str, prefix: &str) -> String {
        let (s, e) = (fmt_num(self.start), fmt_num(self.end));
        let pts = format!("{prefix}setpts=PTS-STARTPTS");
        let (v, a) = if kind == "v" { (1, 0) } else { (0, 1) };
        if self.start <= 0.0 {
            return format!("{prefix}trim=start={e},{pts}");
        }
        if self.end >= total {
            return format!("{prefix}trim=end={s},{pts}");
        }
        format!(
            "{prefix}split[c{kind}0][c{kind}1];[c{kind}0]{prefix}trim=end={s},{pts}[c{kind}2];\
             [c{kind}1]{prefix}trim=start={e},{pts}[c{kind}3];\
             [c{kind}2][c{kind}3]concat=n=2:v={v}:a={a}"
        )
    }
}

impl Op for Cut {
    const NAME: &'static str = "cut";
    const SUMMARY: &'static str = "Remove a part from the middle, joining what is left.";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn validate(&self) -> Result<(), OpError> {
        op::within(self.start, 0.0..=f64::MAX, "the start must be 0 or more")?;
        op::positive(self.end, "the end")?;
        if self.end <= self.start {
            return invalid("the end of the part to remove must come after its start");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!(
            "Remove the part from {} s to {} s",
            fmt_num(self.start),
            fmt_num(self.end)
        )
    }

    fn suffix(&self) -> String {
        "_cut".into()
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        let Some(total) = input.duration_secs else {
            return Ok(());
        };
        if self.start >= total || (self.start <= 0.0 && self.end >= total) {
            return Err(OpError::Invalid(format!(
                "{} is {total:.1} s long: removing {} s to {} s leaves nothing",
                input.name,
                fmt_num(self.start),
                fmt_num(self.end)
            )));
        }
        out.duration_secs = Some(total - (self.end.min(total) - self.start));
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let total = plan.input.duration_secs.unwrap_or(f64::MAX);
        if plan.visual {
            plan.vf.push(self.keep_outside(total, "v", ""));
        }
        if plan.audio.is_some() {
            plan.af.push(self.keep_outside(total, "a", "a"));
        }
        plan.expected = plan
            .input
            .duration_secs
            .map(|d| d - (self.end.min(d) - self.start));
        Ok(())
    }
}

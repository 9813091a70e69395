//! `fade`: fade in from black (and silence) and out to it.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, TIMED};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError};

/// Fade in over the first `fade_in` seconds and out over the last
/// `fade_out`, picture and sound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fade {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fade_in: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fade_out: Option<f64>,
}

impl Fade {
    /// The fade filters (`prefix` "" for video, "a" for audio) on a clip
    /// of `total` seconds.
    fn filters(&self, total: f64, prefix: &str) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.fade_in {
            parts.push(format!("{prefix}fade=t=in:st=0:d={}", fmt_num(d)));
        }
        if let Some(d) = self.fade_out {
            let st = ((total - d).max(0.0) * 1000.0).round() / 1000.0;
            parts.push(format!(
                "{prefix}fade=t=out:st={}:d={}",
                fmt_num(st),
                fmt_num(d)
            ));
        }
        parts.join(",")
    }
}

impl Op for Fade {
    const NAME: &'static str = "fade";
    const SUMMARY: &'static str = "Fade in and/or out, picture and sound.";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn validate(&self) -> Result<(), OpError> {
        if self.fade_in.is_none() && self.fade_out.is_none() {
            return invalid("fade needs a fade in or a fade out");
        }
        for d in [self.fade_in, self.fade_out].into_iter().flatten() {
            op::within(d, 0.01..=600.0, "a fade lasts 0.01 to 600 seconds")?;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match (self.fade_in, self.fade_out) {
            (Some(i), Some(o)) => format!(
                "Fade in over {} s and out over {} s",
                fmt_num(i),
                fmt_num(o)
            ),
            (Some(i), None) => format!("Fade in over {} s", fmt_num(i)),
            (None, Some(o)) => format!("Fade out over {} s", fmt_num(o)),
            _ => "Fade".into(),
        }
    }

    fn suffix(&self) -> String {
        "_fade".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        match input.duration_secs {
            Some(d) if self.fade_in.unwrap_or(0.0) + self.fade_out.unwrap_or(0.0) > d => {
                Err(OpError::Invalid(format!(
                    "{} is only {d:.1} s long, shorter than the fades",
                    input.name
                )))
            }
            _ => Ok(()),
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let total = plan
            .input
            .duration_secs
            .ok_or_else(|| OpError::Invalid("the duration is unknown".into()))?;
        if plan.visual {
            plan.vf.push(self.filters(total, ""));
        }
        if plan.audio.is_some() {
            plan.af.push(self.filters(total, "a"));
        }
        Ok(())
    }
}

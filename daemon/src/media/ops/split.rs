//! `split`: one clip cut into several files, end to end.

use serde::{Deserialize, Serialize};

use super::av::AvPlan;
use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError};

/// Most parts one clip is split into.
pub(crate) const MAX_PARTS: usize = 100;

/// Split a clip into parts of `every` seconds (the last one shorter), into
/// `parts` equal parts, or `at` the times given (seconds). Each part is its
/// own file, numbered in order; nothing is lost between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Split {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at: Vec<f64>,
}

impl Split {
    /// Where the parts begin after the first, on a clip `total` seconds
    /// long (`None`: unknown).
    fn cuts(&self, total: Option<f64>) -> Result<Vec<f64>, OpError> {
        let cuts: Vec<f64> = match (self.every, self.parts, total) {
            (Some(e), _, Some(d)) => {
                let n = (d / e - 1e-6).ceil().max(1.0) as usize;
                if n > MAX_PARTS {
                    return invalid(format!(
                        "parts of {} s make {n} files of a {d:.1} s clip: at most {MAX_PARTS}",
                        fmt_num(e)
                    ));
                }
                let mut cuts: Vec<f64> = (1..n).map(|k| k as f64 * e).collect();
                // A last part shorter than half a second joins the one
                // before it rather than making a file of a few pictures.
                if cuts.last().is_some_and(|t| d - t < 0.5) {
                    cuts.pop();
                }
                cuts
            }
            (_, Some(n), Some(d)) => (1..n).map(|k| d * f64::from(k) / f64::from(n)).collect(),
            (None, None, _) => self.at.clone(),
            _ => return invalid("the clip's duration is unknown"),
        };
        let cuts: Vec<f64> = cuts
            .into_iter()
            .map(|t| (t * 1000.0).round() / 1000.0)
            .collect();
        if let Some(d) = total {
            if let Some(t) = cuts.iter().find(|t| **t >= d) {
                return invalid(format!(
                    "the clip is only {d:.1} s long: it cannot be split at {} s",
                    fmt_num(*t)
                ));
            }
        }
        Ok(cuts)
    }
}

impl Op for Split {
    const NAME: &'static str = "split";
    const SUMMARY: &'static str =
        "Split a clip into several files: parts of N seconds, N equal parts, or at given times.";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        let given = [
            self.every.is_some(),
            self.parts.is_some(),
            !self.at.is_empty(),
        ];
        if given.iter().filter(|b| **b).count() != 1 {
            return invalid("split takes one of: every, parts, at");
        }
        if let Some(e) = self.every {
            op::within(e, 1.0..=f64::MAX, "each part must be at least 1 s long")?;
        }
        if self
            .parts
            .is_some_and(|n| !(2..=MAX_PARTS as u32).contains(&n))
        {
            return invalid(format!("parts must be within 2..={MAX_PARTS}"));
        }
        if self.at.len() >= MAX_PARTS {
            return invalid(format!("at most {MAX_PARTS} parts"));
        }
        for t in &self.at {
            op::positive(*t, "a time to split at")?;
        }
        if self.at.windows(2).any(|w| w[1] <= w[0]) {
            return invalid("the times to split at must go up");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match (self.every, self.parts) {
            (Some(e), _) => format!("Split into parts of {} s", fmt_num(e)),
            (_, Some(n)) => format!("Split into {n} equal parts"),
            _ => format!(
                "Split at {} s",
                self.at
                    .iter()
                    .map(|t| fmt_num(*t))
                    .collect::<Vec<_>>()
                    .join(" s, ")
            ),
        }
    }

    fn suffix(&self) -> String {
        "_part_%03d".into()
    }

    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        let cuts = self.cuts(input.duration_secs)?;
        let whole = op::predicted(self, input)?.remove(0);
        let mut bounds = vec![0.0];
        bounds.extend(cuts.iter().copied());
        Ok(bounds
            .iter()
            .enumerate()
            .map(|(k, start)| {
                let mut part = whole.clone();
                part.name = whole.name.replace("%03d", &format!("{:03}", k + 1));
                let end = bounds.get(k + 1).copied().or(input.duration_secs);
                part.duration_secs = end.map(|e| e - start);
                part
            })
            .collect())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.frame_pattern = true;
        Ok(())
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        let cuts = self.cuts(inputs[0].duration_secs)?;
        let mut plan = super::plan::single(self, inputs)?;
        let times = cuts
            .iter()
            .map(|t| fmt_num(*t))
            .collect::<Vec<_>>()
            .join(",");
        // The segment muxer writes each part with the output format's own
        // muxer, cutting at the first key frame from each time: the
        // encoder is told to start a key frame there.
        let inner = std::mem::replace(&mut plan.muxer, "segment");
        let inner_opts = std::mem::take(&mut plan.muxer_opts);
        plan.muxer_opts = vec![
            ("segment_format", inner.to_string()),
            ("segment_times", times),
            ("segment_start_number", "1".into()),
            ("reset_timestamps", "1".into()),
        ];
        if !inner_opts.is_empty() {
            let joined = inner_opts
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(":");
            plan.muxer_opts
                .push(("segment_format_options", joined));
        }
        // (x264 and x265 make a forced key frame an I frame that later
        // pictures may reach across; a new file needs an IDR frame. The
        // muxer cuts every stream where the key frame arrives: without
        // B-frames the pictures are not held back behind their sound, so
        // each part's sound ends where its pictures do.)
        if let Some(v) = plan
            .video
            .as_mut()
            .filter(|v| matches!(v.encoder, "libx264" | "libx265"))
        {
            v.opts.push(("forced-idr", "1".into()));
            v.opts.push(("bf", "0".into()));
        }
        plan.keyframes_at = cuts;
        Ok(plan)
    }
}

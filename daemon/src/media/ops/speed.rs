//! `speed`: play faster or slower, the audio tempo-corrected.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, TIMED};
use super::plan::Draft;
use super::{fmt_num, FileFacts, MediaKind, OpError};

/// Play faster or slower (0.1–1000: a day's recording becomes a
/// timelapse), audio tempo-corrected (pitch kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speed {
    pub factor: f64,
}

impl Op for Speed {
    const NAME: &'static str = "speed";
    const SUMMARY: &'static str = "Faster or slower (0.1x to 1000x), pitch kept.";
    const ACCEPTS: &'static [MediaKind] = TIMED;

    fn validate(&self) -> Result<(), OpError> {
        op::within(self.factor, 0.1..=1000.0, "speed must be within 0.1..=1000")
    }

    fn describe(&self) -> String {
        format!("Change speed to {}x", self.factor)
    }

    fn suffix(&self) -> String {
        format!("_{}x", fmt_num(self.factor)).replace('.', "_")
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        out.duration_secs = input.duration_secs.map(|d| d / self.factor);
        if let Some((fps, _)) = input.fps.and_then(|f| conformed(f, self.factor)) {
            out.fps = Some(fps);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        if plan.visual {
            let fps = plan.input.fps.unwrap_or(30.0);
            let rate = conformed(fps, self.factor).map_or_else(|| fmt_num(fps), |(_, r)| r.into());
            plan.vf
                .push(format!("setpts=PTS/{},fps={rate}", fmt_num(self.factor)));
        }
        if plan.audio.is_some() {
            plan.af.push(atempo_chain(self.factor));
        }
        plan.expected = plan.input.duration_secs.map(|d| d / self.factor);
        Ok(())
    }
}

/// Standard frame rates, and how FFmpeg's `fps` filter is told them.
const FILM_RATES: &[(f64, &str)] = &[
    (24_000.0 / 1001.0, "24000/1001"),
    (24.0, "24"),
    (25.0, "25"),
    (30_000.0 / 1001.0, "30000/1001"),
    (30.0, "30"),
    (48.0, "48"),
    (50.0, "50"),
    (60_000.0 / 1001.0, "60000/1001"),
    (60.0, "60"),
];

/// A conform ("24 fps footage played at 25"): a pace within a tenth of
/// normal that takes `fps` onto the neighbouring standard rate keeps every
/// frame at that rate; any other pace keeps the file's own rate.
fn conformed(fps: f64, factor: f64) -> Option<(f64, &'static str)> {
    let played = fps * factor;
    FILM_RATES
        .iter()
        .find(|(r, _)| (played - r).abs() <= r * 0.001)
        .filter(|_| (factor - 1.0).abs() <= 0.1 && (factor - 1.0).abs() > 1e-9)
        .copied()
}

/// Atempo stages for `factor` (each stage is limited to 0.5..=2).
fn atempo_chain(factor: f64) -> String {
    let mut stages = Vec::new();
    let mut f = factor;
    while f > 2.0 {
        stages.push(2.0);
        f /= 2.0;
    }
    while f < 0.5 {
        stages.push(0.5);
        f /= 0.5;
    }
    stages.push(f);
    stages
        .iter()
        .map(|s| format!("atempo={}", fmt_num(*s)))
        .collect::<Vec<_>>()
        .join(",")
}

//! `volume`: louder or quieter.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError};

/// Louder or quieter: by a `factor` (1.0 = unchanged) or by `db`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db: Option<f64>,
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
        }
    }

    fn describe(&self) -> String {
        match (self.factor, self.db) {
            (Some(f), _) => format!("Change the volume to {}%", (f * 100.0).round()),
            (_, Some(d)) => format!("Change the volume by {d:+} dB"),
            _ => "Change the volume".into(),
        }
    }

    fn suffix(&self) -> String {
        "_volume".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.af.push(match (self.factor, self.db) {
            (Some(x), _) => format!("volume={}", fmt_num(x)),
            (_, Some(d)) => format!("volume={}dB", fmt_num(d)),
            _ => "volume=1".into(),
        });
        Ok(())
    }
}

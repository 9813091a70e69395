//! `normalize`: even loudness, by EBU R128.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{fmt_num, FileFacts, MediaKind, OpError};

/// Loudness normalisation by the EBU R128 measure: to `lufs` integrated
/// (-16 when not said, the level of podcasts and speech; streaming services
/// play at -14, broadcast at -23), true peak under -1.5 dBTP.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Normalize {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lufs: Option<f64>,
}

/// The target when none is said.
const USUAL_LUFS: f64 = -16.0;

impl Normalize {
    /// To a target loudness in LUFS.
    pub fn to(lufs: f64) -> Normalize {
        Normalize { lufs: Some(lufs) }
    }

    fn target(&self) -> f64 {
        self.lufs.unwrap_or(USUAL_LUFS)
    }
}

impl Op for Normalize {
    const NAME: &'static str = "normalize";
    const SUMMARY: &'static str = "Even out loudness (EBU R128).";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        match self.lufs {
            Some(l) => op::within(
                l,
                -70.0..=-5.0,
                "the loudness target must be within -70..=-5 LUFS",
            ),
            None => Ok(()),
        }
    }

    fn describe(&self) -> String {
        match self.lufs {
            Some(l) => format!("Normalise loudness to {} LUFS (EBU R128)", fmt_num(l)),
            None => "Normalise loudness (EBU R128)".into(),
        }
    }

    fn suffix(&self) -> String {
        "_normalized".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.af.push(format!(
            "loudnorm=I={}:TP=-1.5:LRA=11,aresample=48000",
            fmt_num(self.target())
        ));
        Ok(())
    }
}

//! `normalize`: even loudness, by EBU R128.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{FileFacts, MediaKind, OpError};

/// EBU R128 loudness normalisation (-16 LUFS integrated, -1.5 dBTP).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Normalize {}

impl Op for Normalize {
    const NAME: &'static str = "normalize";
    const SUMMARY: &'static str = "Even out loudness (EBU R128).";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn describe(&self) -> String {
        "Normalise loudness (EBU R128)".into()
    }

    fn suffix(&self) -> String {
        "_normalized".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.af
            .push("loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000".into());
        Ok(())
    }
}

//! Intents become a pipeline: each resolved against what the files are at
//! that point, steps named twice run once, adjustments merge, and the whole
//! is type-checked with [`check_pipeline`] before it is answered.

use super::grammar::Intent;
use super::resolve::{resolve, round3};
use super::PlannedStep;
use crate::media::ops::{
    check_pipeline, Adjust, AutoOrient, Convert, ExtractAudio, FileFacts, Grayscale, Normalize,
    Operation, OptimizePng, RemoveAudio, StripMetadata,
};

/// Why an understood request cannot be planned on these files.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct Unplannable(pub String);

impl Unplannable {
    pub fn new(why: impl Into<String>) -> Unplannable {
        Unplannable(why.into())
    }
}

/// Turns intents into operations, following what the files become.
pub fn build(inputs: &[FileFacts], intents: &[Intent]) -> Result<Vec<Operation>, Unplannable> {
    let mut current = inputs.to_vec();
    let mut ops = Vec::new();
    for intent in intents {
        for op in resolve(intent, &current, ops.is_empty())? {
            // "grab the audio and make it a flac": one extraction.
            if let (
                Operation::Convert(Convert {
                    to,
                    quality: None,
                    codec: None,
                }),
                Some(Operation::ExtractAudio(ExtractAudio { to: prev, .. })),
            ) = (&op, ops.last_mut())
            {
                if to.is_audio() {
                    *prev = *to;
                    current = op.outputs(&current).map_err(|e| Unplannable::new(e.to_string()))?;
                    continue;
                }
            }
            // The same step named twice in a row ("mp4 (h.264)") runs once.
            if ops.last() == Some(&op)
                && matches!(
                    op,
                    Operation::Convert(Convert { .. })
                        | Operation::Grayscale(Grayscale {})
                        | Operation::RemoveAudio(RemoveAudio {})
                        | Operation::StripMetadata(StripMetadata {})
                        | Operation::ExtractAudio(ExtractAudio { .. })
                        | Operation::Normalize(Normalize {})
                        | Operation::AutoOrient(AutoOrient {})
                        | Operation::OptimizePng(OptimizePng {})
                )
            {
                continue;
            }
            // "brighter and more saturated": one adjustment.
            if let (
                Operation::Adjust(Adjust {
                    brightness: b2,
                    contrast: c2,
                    saturation: s2,
                }),
                Some(Operation::Adjust(Adjust {
                    brightness,
                    contrast,
                    saturation,
                })),
            ) = (&op, ops.last_mut())
            {
                *brightness = round3((*brightness + b2).clamp(-1.0, 1.0));
                *contrast = round3((*contrast * c2).clamp(0.0, 3.0));
                *saturation = round3((*saturation * s2).clamp(0.0, 3.0));
                continue;
            }
            current = op.outputs(&current).map_err(|e| Unplannable::new(e.to_string()))?;
            ops.push(op);
        }
    }
    if ops.is_empty() {
        return Err(Unplannable::new("there is nothing to do"));
    }
    Ok(ops)
}

/// Type-check the pipeline and attach each step's words and command line.
pub fn checked(
    inputs: &[FileFacts],
    ops: Vec<Operation>,
) -> Result<Vec<PlannedStep>, Unplannable> {
    let predicted =
        check_pipeline(inputs, &ops).map_err(|e| Unplannable::new(e.to_string()))?;
    let mut current = inputs.to_vec();
    let mut steps = Vec::with_capacity(ops.len());
    for (op, outputs) in ops.into_iter().zip(predicted) {
        let out_name = outputs.first().map(|f| f.name.clone()).unwrap_or_default();
        let command = op
            .command_line(&current, &out_name)
            .map_err(|e| Unplannable::new(e.to_string()))?;
        steps.push(PlannedStep {
            description: op.describe(),
            command,
            op,
        });
        current = outputs;
    }
    Ok(steps)
}

impl From<&str> for Unplannable {
    fn from(why: &str) -> Unplannable {
        Unplannable(why.to_string())
    }
}

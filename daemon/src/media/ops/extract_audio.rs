//! `extract_audio`: keep only a video's audio.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, VIDEO};
use super::plan::Draft;
use super::{invalid, FileFacts, Format, MediaKind, OpError};

/// Keep only the audio, as `to` (default mp3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractAudio {
    #[serde(default = "default_audio_format")]
    pub to: Format,
}

fn default_audio_format() -> Format {
    Format::Mp3
}

impl Op for ExtractAudio {
    const NAME: &'static str = "extract_audio";
    const SUMMARY: &'static str = "Keep only the audio.";
    const ACCEPTS: &'static [MediaKind] = VIDEO;

    fn validate(&self) -> Result<(), OpError> {
        if self.to.is_audio() {
            Ok(())
        } else {
            invalid("extract audio needs an audio format (mp3, m4a, wav, flac, ogg)")
        }
    }

    fn describe(&self) -> String {
        format!("Extract the audio as {}", self.to.extension())
    }

    fn suffix(&self) -> String {
        "_audio".into()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        self.to
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)?;
        out.width = None;
        out.height = None;
        out.fps = None;
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.video = None;
        Ok(())
    }
}

//! `extract_audio`: keep only a video's audio.

use serde::{Deserialize, Serialize};

use super::op::{self, Op, VIDEO};
use super::plan::Draft;
use super::{invalid, AudioSettings, FileFacts, Format, MediaKind, OpError};

/// Keep only the audio, as `to` (default mp3), optionally mono, at a
/// bitrate or a sample rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractAudio {
    #[serde(default = "default_audio_format")]
    pub to: Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate_kbps: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<u32>,
}

impl ExtractAudio {
    /// Only the format, the rest as the input has it.
    pub fn to(to: Format) -> ExtractAudio {
        ExtractAudio {
            to,
            channels: None,
            bitrate_kbps: None,
            sample_rate: None,
        }
    }

    fn settings(&self) -> AudioSettings {
        AudioSettings {
            channels: self.channels,
            bitrate_kbps: self.bitrate_kbps,
            sample_rate: self.sample_rate,
        }
    }
}

fn default_audio_format() -> Format {
    Format::Mp3
}

impl Op for ExtractAudio {
    const NAME: &'static str = "extract_audio";
    const SUMMARY: &'static str = "Keep only the audio.";
    const ACCEPTS: &'static [MediaKind] = VIDEO;

    fn validate(&self) -> Result<(), OpError> {
        if !self.to.is_audio() {
            return invalid("extract audio needs an audio format (mp3, m4a, m4b, wav, flac, ogg, opus)");
        }
        self.settings().check()
    }

    fn describe(&self) -> String {
        let settings = self.settings();
        if settings.is_empty() {
            format!("Extract the audio as {}", self.to.extension())
        } else {
            format!(
                "Extract the audio as {} ({})",
                self.to.extension(),
                settings.words()
            )
        }
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
        self.settings().predict(out);
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.video = None;
        let format = plan.out_format;
        if let Some(a) = plan.audio.as_mut() {
            self.settings().apply(a, format);
        }
        Ok(())
    }
}

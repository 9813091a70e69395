//! `audio_settings`: the sound's channels, bitrate and sample rate.

use serde::{Deserialize, Serialize};

use super::av::AudioEnc;
use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{invalid, FileFacts, Format, MediaKind, OpError};

/// How the sound is encoded: mono or stereo, a bitrate, a sample rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate_kbps: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<u32>,
}

impl AudioSettings {
    pub(crate) fn is_empty(&self) -> bool {
        self.channels.is_none() && self.bitrate_kbps.is_none() && self.sample_rate.is_none()
    }

    /// Checks the values (shared with `extract_audio`).
    pub(crate) fn check(&self) -> Result<(), OpError> {
        if self.channels.is_some_and(|c| !(1..=2).contains(&c)) {
            return invalid("audio is written mono (1 channel) or stereo (2)");
        }
        if self.bitrate_kbps.is_some_and(|b| !(8..=512).contains(&b)) {
            return invalid("the audio bitrate must be within 8..=512 kb/s");
        }
        if self.sample_rate.is_some_and(|r| !(8_000..=192_000).contains(&r)) {
            return invalid("the sample rate must be within 8000..=192000 Hz");
        }
        Ok(())
    }

    /// Sets these on an audio encoder of `format`.
    pub(crate) fn apply(&self, a: &mut AudioEnc, format: Format) {
        if let Some(b) = self.bitrate_kbps {
            // Lossless formats have no bitrate to set.
            if !matches!(format, Format::Wav | Format::Flac) {
                a.bitrate = Some(u64::from(b) * 1000);
            }
        }
        if let Some(r) = self.sample_rate {
            a.sample_rate = Some(r);
        }
        if let Some(c) = self.channels {
            a.channels = Some(c);
        }
    }

    /// These in words: "mono, 128 kb/s, 44100 Hz".
    pub(crate) fn words(&self) -> String {
        let mut w = Vec::new();
        if let Some(c) = self.channels {
            w.push(if c == 1 { "mono".to_string() } else { "stereo".to_string() });
        }
        if let Some(b) = self.bitrate_kbps {
            w.push(format!("{b} kb/s"));
        }
        if let Some(r) = self.sample_rate {
            w.push(format!("{r} Hz"));
        }
        w.join(", ")
    }

    /// The facts of a file whose sound is written with these.
    pub(crate) fn predict(&self, out: &mut FileFacts) {
        if let Some(c) = self.channels {
            out.channels = Some(c);
        }
        if let Some(r) = self.sample_rate {
            out.sample_rate = Some(r);
        }
    }
}

impl Op for AudioSettings {
    const NAME: &'static str = "audio_settings";
    const SUMMARY: &'static str = "Mono or stereo, the audio bitrate, the sample rate.";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        if self.is_empty() {
            return invalid("say the channels, the bitrate or the sample rate");
        }
        self.check()
    }

    fn describe(&self) -> String {
        format!("Write the audio {}", self.words())
    }

    fn suffix(&self) -> String {
        match self.channels {
            Some(1) => "_mono".into(),
            _ => "_audio".into(),
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)?;
        AudioSettings::predict(self, out);
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let format = plan.out_format;
        if let Some(a) = plan.audio.as_mut() {
            self.apply(a, format);
        }
        Ok(())
    }
}

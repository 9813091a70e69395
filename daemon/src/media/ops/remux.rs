//! `remux`: the same streams in another container, copied, not encoded
//! (a video's, or a sound's between the MPEG-4 audio files: M4A, M4B).

use serde::{Deserialize, Serialize};

use super::av::{AudioEnc, VideoEnc, COPY};
use super::op::{Op, AV};
use super::plan::Draft;
use super::{invalid, FileFacts, Format, MediaKind, OpError};

/// Copy the video and audio into a `to` container, without encoding
/// them again (nothing is lost, and it is fast). A sound goes into an
/// M4A or M4B (an audiobook) this way, or into a video container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remux {
    pub to: Format,
}

/// Whether a `to` file can hold a video stream of `codec`.
pub(super) fn holds(to: Format, codec: &str) -> bool {
    match to {
        Format::Webm => matches!(codec, "vp8" | "vp9" | "av1"),
        Format::Mp4 | Format::Mov => !matches!(codec, "vp8" | "theora" | "wmv3" | "msmpeg4v3"),
        _ => true,
    }
}

/// Whether a `to` file holds audio in `codec` as it is (FFmpeg's own
/// names, as probed). Matroska holds anything.
pub(super) fn holds_audio(to: Format, codec: &str) -> bool {
    match to {
        Format::Webm => matches!(codec, "opus" | "vorbis"),
        Format::Mp4 => matches!(codec, "aac" | "mp3" | "ac3" | "eac3" | "alac" | "opus"),
        Format::Mov => matches!(codec, "aac" | "mp3" | "ac3" | "eac3" | "alac")
            || codec.starts_with("pcm_"),
        // (The iPod muxer of M4A and M4B files takes these sounds only.)
        Format::M4a | Format::M4b => matches!(codec, "aac" | "alac"),
        _ => true,
    }
}

impl Remux {
    /// Whether `input`'s streams, as probed, fit a `to` file as they are.
    pub fn fits(to: Format, input: &FileFacts) -> bool {
        input
            .video_codec
            .as_deref()
            .is_some_and(|v| holds(to, v))
            && (!input.has_audio || input.audio_codec.as_deref().is_some_and(|a| holds_audio(to, a)))
    }
}

impl Op for Remux {
    const NAME: &'static str = "remux";
    const SUMMARY: &'static str =
        "Change the container without encoding again (streams copied as they are): a video's into mp4, mov, mkv or webm, a sound's between m4a and m4b.";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        let container = self.to.is_video_container() && !self.to.is_legacy_video();
        if container || sound_file(self.to) {
            Ok(())
        } else {
            invalid("streams are copied into mp4, mov, mkv, webm, m4a or m4b files")
        }
    }

    fn describe(&self) -> String {
        format!(
            "Copy the streams into {} without encoding again",
            self.to.extension()
        )
    }

    fn suffix(&self) -> String {
        String::new()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        self.to
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if sound_file(self.to) && input.kind != MediaKind::Audio {
            return Err(OpError::Invalid(format!(
                "an {} file holds sound only, and {} is a video (extract the audio instead)",
                self.to.extension(),
                input.name
            )));
        }
        let streams = [
            ("video", &input.video_codec, holds as fn(Format, &str) -> bool),
            ("audio", &input.audio_codec, holds_audio),
        ];
        for (kind, codec, fits) in streams {
            if let Some(codec) = codec.as_deref().filter(|c| !fits(self.to, c)) {
                return Err(OpError::Invalid(format!(
                    "{} holds {codec} {kind}, which a {} file cannot hold without encoding it again",
                    input.name,
                    self.to.extension()
                )));
            }
        }
        out.video_codec = input.video_codec.clone();
        out.audio_codec = input.audio_codec.clone();
        // (A sound copied into a video container is still a sound alone.)
        out.kind = input.kind;
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        copy_streams(plan);
        Ok(())
    }
}

/// The MPEG-4 sound files a sound is copied into.
fn sound_file(to: Format) -> bool {
    matches!(to, Format::M4a | Format::M4b)
}

/// The video and audio copied as they are (`-c:v copy -c:a copy`).
pub(super) fn copy_streams(plan: &mut Draft) {
    plan.video = Some(VideoEnc {
        encoder: COPY,
        pix_fmt: "",
        opts: Vec::new(),
    });
    plan.audio = plan.input.has_audio.then_some(AudioEnc {
        encoder: COPY,
        bitrate: None,
        sample_rate: None,
        channels: None,
    });
}

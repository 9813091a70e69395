//! `remove_audio`: drop a video's audio.

use serde::{Deserialize, Serialize};

use super::av::{VideoEnc, COPY};
use super::op::{Op, VIDEO};
use super::plan::Draft;
use super::{FileFacts, MediaKind, OpError};

/// Drop the audio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoveAudio {}

impl Op for RemoveAudio {
    const NAME: &'static str = "remove_audio";
    const SUMMARY: &'static str = "Drop the audio.";
    const ACCEPTS: &'static [MediaKind] = VIDEO;

    fn describe(&self) -> String {
        "Remove the audio".into()
    }

    fn suffix(&self) -> String {
        "_muted".into()
    }

    fn predict(&self, _input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        out.has_audio = false;
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.audio = None;
        // The video is copied as it is (no quality lost) where the
        // container stays the same.
        let f = plan.input;
        if f.kind == MediaKind::Video
            && plan.out_format.is_video_container()
            && f.format == plan.out_format
        {
            plan.video = Some(VideoEnc {
                encoder: COPY,
                pix_fmt: "",
                opts: Vec::new(),
            });
        }
        Ok(())
    }
}

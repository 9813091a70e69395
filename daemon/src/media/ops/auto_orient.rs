//! `auto_orient`: apply a still's EXIF orientation, or a video's rotation
//! metadata, to its pixels.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::op::Op;
use super::plan::Draft;
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::MediaError;

/// Stills: apply the EXIF orientation to the pixels. Videos: apply the
/// rotation a phone records as metadata (every re-encode does, as ffmpeg
/// does), so players that ignore the metadata show it upright too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoOrient {}

impl Op for AutoOrient {
    const NAME: &'static str = "auto_orient";
    const SUMMARY: &'static str =
        "Rotate upright by the EXIF orientation (of a video: its rotation metadata).";
    const ACCEPTS: &'static [MediaKind] = &[MediaKind::Image, MediaKind::Video];

    fn describe(&self) -> String {
        "Rotate upright (EXIF orientation or rotation metadata)".into()
    }

    fn suffix(&self) -> String {
        "_upright".into()
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        // A still's orientation is known only once the file is read; a
        // video's sizes are already the displayed ones.
        if input.kind == MediaKind::Image {
            out.width = None;
            out.height = None;
        }
        Ok(())
    }

    fn shape(&self, _plan: &mut Draft) -> Result<(), OpError> {
        // Every re-encode turns the pixels by the rotation metadata and
        // writes none: nothing more to add.
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-auto-orient".into()])
    }
}

//! `to_gif`: an animated GIF from a clip.

use serde::{Deserialize, Serialize};

use super::op::{Op, MOVING};
use super::plan::Draft;
use super::{even, invalid, FileFacts, Format, MediaKind, OpError};

/// Video → animated GIF with a generated palette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToGif {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fps: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
}

impl ToGif {
    /// The GIF's size for a `w` x `h` clip: `width`, else at most 480
    /// pixels wide, the height following (even).
    fn size(&self, w: u32, h: u32) -> (u32, u32) {
        let tw = self.width.unwrap_or(w.min(480));
        let th = even(((f64::from(h) * f64::from(tw) / f64::from(w)).round() as u32).max(2));
        (tw, th)
    }

    fn fps(&self) -> u32 {
        self.fps.unwrap_or(10)
    }
}

impl Op for ToGif {
    const NAME: &'static str = "to_gif";
    const SUMMARY: &'static str = "Animated GIF from a video.";
    const ACCEPTS: &'static [MediaKind] = MOVING;

    fn validate(&self) -> Result<(), OpError> {
        if self.fps.is_some_and(|f| !(1..=30).contains(&f)) {
            return invalid("GIF frame rate must be within 1..=30");
        }
        if self.width.is_some_and(|w| !(16..=1280).contains(&w)) {
            return invalid("GIF width must be within 16..=1280");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        "Convert to an animated GIF".into()
    }

    fn suffix(&self) -> String {
        String::new()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Gif
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        out.has_audio = false;
        out.fps = Some(f64::from(self.fps()));
        if let (Some(w), Some(h)) = (input.width, input.height) {
            let (tw, th) = self.size(w, h);
            out.width = Some(tw);
            out.height = Some(th);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let (w, h) = plan.size()?;
        let (tw, th) = self.size(w, h);
        plan.vf.push(format!(
            "fps={},scale={}:{}:flags=lanczos",
            self.fps(),
            even(tw),
            th
        ));
        plan.size_changed = true;
        plan.buffers_all = true;
        Ok(())
    }
}

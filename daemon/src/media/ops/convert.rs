//! `convert`: change the container and codecs (video → video, GIF or
//! audio; GIF → video or still; audio → audio; still → still or GIF).

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::av::AvPlan;
use super::image::Encoding;
use super::needs::Needs;
use super::op::{self, Op, ALL};
use super::{invalid, FileFacts, Format, MediaKind, OpError, ToGif, VideoCodec};
use crate::media::MediaError;

/// Change container and codecs (video → video/GIF/audio, GIF → video,
/// audio → audio, still → still). `quality` (1–100) applies to JPEG and
/// WebP (a WebP with a quality is lossy, else lossless); `codec` picks the
/// video codec of a video container (else its usual one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Convert {
    pub to: Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codec: Option<VideoCodec>,
}

impl Convert {
    /// A video converted to GIF is made like [`ToGif`] with its defaults
    /// (10 fps, at most 480 pixels wide).
    fn as_gif_from_video(&self, input: &FileFacts) -> Option<ToGif> {
        (self.to == Format::Gif && input.kind == MediaKind::Video).then_some(ToGif {
            fps: None,
            width: None,
        })
    }

    /// Whether `input` can become this format.
    fn takes(&self, input: &FileFacts) -> bool {
        let to = self.to;
        match input.kind {
            MediaKind::Video => !to.is_still(),
            MediaKind::Gif => to.is_video_container() || to == Format::Gif || to.is_still(),
            MediaKind::Audio => to.is_audio(),
            MediaKind::Image => to.is_still() || to == Format::Gif,
            MediaKind::Document => false,
        }
    }
}

impl Op for Convert {
    const NAME: &'static str = "convert";
    const SUMMARY: &'static str = "Change the format; a video to an audio format extracts the audio, to gif makes an animated GIF, to png/jpg takes a frame; a picture to a video format makes a slideshow.";
    const ACCEPTS: &'static [MediaKind] = ALL;

    fn validate(&self) -> Result<(), OpError> {
        if self.to == Format::Other {
            return invalid("cannot convert to that format");
        }
        if self.to == Format::Heic {
            return invalid("HEIC can be read but not written; convert to JPEG, PNG or WebP");
        }
        if let Some(c) = self.codec {
            if !c.fits(self.to) {
                return invalid(format!(
                    "{} video cannot go in a {} file",
                    c.word(),
                    self.to.extension()
                ));
            }
        }
        match self.quality {
            Some(q) if !(1..=100).contains(&q) => invalid("quality must be within 1..=100"),
            _ => Ok(()),
        }
    }

    fn describe(&self) -> String {
        let mut s = format!("Convert to {}", self.to.extension());
        if let Some(c) = self.codec {
            s.push_str(&format!(" ({})", c.word()));
        }
        if let Some(q) = self.quality {
            s.push_str(&format!(" (quality {q})"));
        }
        s
    }

    fn suffix(&self) -> String {
        self.codec
            .map_or(String::new(), |c| format!("_{}", c.probe_name()))
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        self.to
    }

    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        match self.as_gif_from_video(input) {
            Some(gif) => gif.outputs_of(input),
            None => op::predicted(self, input),
        }
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        let to = self.to;
        if !self.takes(input) {
            return Err(OpError::Invalid(format!(
                "{} ({}) cannot be converted to {}",
                input.name,
                input.kind.word(),
                to.extension()
            )));
        }
        if input.kind == MediaKind::Image && to == Format::Gif {
            out.kind = MediaKind::Gif;
        }
        if to.is_audio() {
            if input.kind == MediaKind::Video {
                op::need_audio(input)?;
            }
            out.width = None;
            out.height = None;
            out.fps = None;
        }
        if input.kind == MediaKind::Gif && to.is_still() {
            out.duration_secs = None;
            out.fps = None;
        }
        if to == Format::Gif || to.is_still() {
            out.has_audio = false;
        }
        if to.is_video_container() || to == Format::Gif {
            out.width = input.width.map(super::even);
            out.height = input.height.map(super::even);
        }
        if let Some(c) = self.codec {
            if !matches!(input.kind, MediaKind::Video | MediaKind::Gif) {
                return Err(OpError::Invalid(format!(
                    "{} has no video to write as {}",
                    input.name,
                    c.word()
                )));
            }
            out.video_codec = Some(c.probe_name().into());
        }
        Ok(())
    }

    fn on_still_path(&self, input: &FileFacts) -> bool {
        match input.kind {
            MediaKind::Image => true,
            MediaKind::Gif => self.to.is_still(),
            _ => false,
        }
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        match self.as_gif_from_video(&inputs[0]) {
            Some(gif) => gif.plan(inputs),
            None => super::plan::single(self, inputs),
        }
    }

    fn shape(&self, plan: &mut super::plan::Draft) -> Result<(), OpError> {
        if let (Some(c), Some(_)) = (self.codec, plan.video.as_ref()) {
            plan.video = Some(c.encoder());
        }
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn needs(&self, _width: u32, _height: u32) -> Needs {
        Needs {
            complete: true,
            ..Needs::default()
        }
    }

    fn encoding(&self) -> Encoding {
        Encoding {
            quality: self.quality,
            ..Encoding::default()
        }
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(match self.quality {
            Some(q) => vec!["-quality".into(), q.to_string()],
            None => Vec::new(),
        })
    }
}

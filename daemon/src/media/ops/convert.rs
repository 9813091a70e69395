//! `convert`: change the container and codecs (video → video, GIF,
//! animated WebP or audio; GIF → video, animated WebP or still; audio →
//! audio; still → still or GIF).

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::av::AvPlan;
use super::image::Encoding;
use super::needs::Needs;
use super::op::{self, Op, ALL};
use super::plan::{webp_anim, Draft, WEBP_QUALITY};
use super::{invalid, FileFacts, Format, MediaKind, OpError, ToGif, VideoCodec};
use crate::media::MediaError;

/// Change container and codecs (video → video/GIF/animated WebP/audio,
/// GIF → video/animated WebP, audio → audio or an audio-only WebM or
/// MKV, still → still). `quality`
/// (1–100) applies to JPEG and WebP (a still WebP with a quality is lossy,
/// else lossless; an animated WebP is always lossy, at 75 unless told);
/// `codec` picks the video codec of a video container (else its usual
/// one); `lossless` writes an M4A's sound as Apple Lossless (ALAC) instead
/// of AAC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Convert {
    pub to: Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codec: Option<VideoCodec>,
    /// Apple Lossless (ALAC) in an M4A: every sample kept (only with
    /// `to: m4a`; FLAC and WAV are lossless already).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lossless: bool,
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

    /// Whether the output is an animated WebP: a GIF or a video made a
    /// WebP (through FFmpeg's `libwebp_anim`).
    fn animates(&self, input: &FileFacts) -> bool {
        self.to == Format::Webp && matches!(input.kind, MediaKind::Video | MediaKind::Gif)
    }

    /// The frame rate of an animated WebP of `input`: a GIF's own, a
    /// video's at most [`WEBP_MAX_FPS`].
    fn webp_fps(input: &FileFacts) -> Option<f64> {
        match input.kind {
            MediaKind::Video => Some(
                input
                    .fps
                    .filter(|f| *f > 0.0)
                    .map_or(f64::from(WEBP_MAX_FPS), |f| f.min(f64::from(WEBP_MAX_FPS))),
            ),
            _ => input.fps,
        }
    }

    /// An animated WebP: the asked quality; a video at most
    /// [`WEBP_MAX_FPS`] and [`WEBP_MAX_SIDE`] (a GIF keeps its frames and
    /// size).
    fn shape_webp(&self, plan: &mut Draft) -> Result<(), OpError> {
        let input = plan.input;
        plan.video = Some(webp_anim(
            self.quality.unwrap_or(WEBP_QUALITY),
            input.kind == MediaKind::Gif,
        ));
        if input.kind != MediaKind::Video {
            return Ok(());
        }
        let (w, h) = plan.size()?;
        if input.fps.is_none_or(|f| f > f64::from(WEBP_MAX_FPS)) {
            plan.vf.push(format!("fps={WEBP_MAX_FPS}"));
        }
        let (tw, th) = webp_size(w, h);
        if (tw, th) != (w, h) {
            plan.vf.push(format!("scale={tw}:{th}:flags=lanczos"));
            plan.size_changed = true;
        }
        Ok(())
    }

    /// Whether `input` can become this format.
    fn takes(&self, input: &FileFacts) -> bool {
        let to = self.to;
        match input.kind {
            MediaKind::Video => !to.is_still() || to == Format::Webp,
            MediaKind::Gif => to.is_video_container() || to == Format::Gif || to.is_still(),
            // (WebM and Matroska hold sound alone as well: Opus, AAC.)
            MediaKind::Audio => to.is_audio() || matches!(to, Format::Webm | Format::Mkv),
            MediaKind::Image => to.is_still() || to == Format::Gif,
            MediaKind::Document => false,
        }
    }
}

impl Op for Convert {
    const NAME: &'static str = "convert";
    const SUMMARY: &'static str = "Change the format; a video to an audio format extracts the audio, to gif makes an animated GIF, to png/jpg takes a frame; a video or a GIF to webp makes an animated WebP; a picture to a video format makes a slideshow; a sound to webm or mkv is an audio-only file; m4a with lossless: true holds Apple Lossless (ALAC) sound.";
    const ACCEPTS: &'static [MediaKind] = ALL;

    fn validate(&self) -> Result<(), OpError> {
        if self.to == Format::Other {
            return invalid("cannot convert to that format");
        }
        if self.to == Format::Heic {
            return invalid("HEIC can be read but not written; convert to JPEG, PNG or WebP");
        }
        if self.lossless && self.to != Format::M4a {
            return invalid(
                "lossless applies to m4a (Apple Lossless, ALAC); flac and wav are lossless already",
            );
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
        if self.lossless {
            s.push_str(" (lossless ALAC)");
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
        if let Some(gif) = self.as_gif_from_video(input) {
            return gif.outputs_of(input);
        }
        let mut outs = op::predicted(self, input)?;
        if self.animates(input) {
            // A picture that moves: it lasts as long as its source.
            for out in &mut outs {
                out.duration_secs = input.duration_secs;
                out.fps = Self::webp_fps(input);
            }
        }
        Ok(outs)
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
        if input.kind == MediaKind::Gif && to.is_still() && !self.animates(input) {
            out.duration_secs = None;
            out.fps = None;
        }
        if self.animates(input) {
            if let (MediaKind::Video, Some(w), Some(h)) = (input.kind, input.width, input.height) {
                let (tw, th) = webp_size(w, h);
                out.width = Some(tw);
                out.height = Some(th);
            }
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
            MediaKind::Gif => self.to.is_still() && !self.animates(input),
            _ => false,
        }
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        match self.as_gif_from_video(&inputs[0]) {
            Some(gif) => gif.plan(inputs),
            None => super::plan::single(self, inputs),
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        if let (Some(c), Some(_)) = (self.codec, plan.video.as_ref()) {
            plan.video = Some(c.encoder());
        }
        if self.lossless && plan.audio.is_some() {
            plan.audio = Some(super::plan::alac());
        }
        if self.animates(plan.input) && plan.video.is_some() {
            self.shape_webp(plan)?;
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

    fn magick(&self, input: &FileFacts, out_format: Format) -> Result<Vec<String>, OpError> {
        if out_format == Format::Ico {
            return Ok(super::ico::magick(input));
        }
        Ok(match self.quality {
            Some(q) => vec!["-quality".into(), q.to_string()],
            None => Vec::new(),
        })
    }
}

/// The frame rate an animated WebP of a video has at most (GIFs keep
/// theirs).
const WEBP_MAX_FPS: u32 = 15;
/// The longest side an animated WebP of a video has at most: a sticker's
/// (Telegram and WhatsApp take 512 x 512), so a sticker keeps its size.
const WEBP_MAX_SIDE: u32 = 512;

/// The size of an animated WebP of a `w` x `h` video: at most
/// [`WEBP_MAX_SIDE`] on its longest side, the shape kept, never enlarged
/// (WebP takes odd sizes).
fn webp_size(w: u32, h: u32) -> (u32, u32) {
    let longest = w.max(h);
    if longest <= WEBP_MAX_SIDE {
        return (w, h);
    }
    let fit = |v: u32| {
        ((f64::from(v) * f64::from(WEBP_MAX_SIDE) / f64::from(longest)).round() as u32).max(2)
    };
    (fit(w), fit(h))
}

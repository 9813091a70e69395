//! `compress`: a smaller file, by quality level or to under a size.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::av::{AudioEnc, AvPlan, VideoEnc};
use super::image::Encoding;
use super::op::{self, Op, ALL};
use super::plan::{audio_for, h264, legacy_video, Draft};
use super::{invalid, FileFacts, Format, MediaKind, OpError, Quality};
use crate::media::MediaError;

/// Smaller file: by quality level, or to under `target_mb` megabytes
/// (bitrate computed from the duration, capped single pass). Stills:
/// JPEG at the quality level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<Quality>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_mb: Option<f64>,
}

impl Op for Compress {
    const NAME: &'static str = "compress";
    const SUMMARY: &'static str = "Smaller file: by quality level or to under a size.";
    const ACCEPTS: &'static [MediaKind] = ALL;

    fn validate(&self) -> Result<(), OpError> {
        match (self.quality, self.target_mb) {
            (None, None) => invalid("compress needs a quality or a target size"),
            (Some(_), Some(_)) => invalid("compress takes a quality or a target size, not both"),
            (None, Some(mb)) => {
                op::positive(mb, "the target size")?;
                if mb > 100_000.0 {
                    return invalid("the target size is too large");
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn describe(&self) -> String {
        match self.quality {
            Some(q) => format!("Compress ({} quality)", quality_word(q)),
            None => format!(
                "Compress to under {} MB (a GIF gives up colours, then frames and size; a picture quality, colours, then size; sound below 32 kb/s its second channel, as needed)",
                self.target_mb.unwrap_or(0.0)
            ),
        }
    }

    fn suffix(&self) -> String {
        "_small".into()
    }

    fn output_format(&self, input: &FileFacts) -> Format {
        if input.kind == MediaKind::Image {
            // A size target keeps PNGs (palette), WebPs and AVIFs (lossy);
            // a quality keeps PNGs too, with fewer colours.
            match (self.target_mb, input.format) {
                (Some(_), Format::Png | Format::Webp | Format::Avif) => input.format,
                (None, Format::Png) => Format::Png,
                _ => Format::Jpeg,
            }
        } else if matches!(input.format, Format::Wav | Format::Flac | Format::Aiff) {
            // Lossless audio is compressed by becoming MP3, which every
            // player, phone and upload form takes.
            Format::Mp3
        } else {
            op::same_format(input)
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        if let Some(q) = self.quality {
            by_quality(q, plan);
        }
        match self.target_mb {
            Some(mb) => to_size(mb, plan),
            None => Ok(()),
        }
    }

    fn size_ladder(&self, inputs: &[FileFacts]) -> Result<Option<(f64, Vec<AvPlan>)>, OpError> {
        let input = &inputs[0];
        match self.target_mb {
            Some(mb) if self.output_format(input) == Format::Gif => {
                Ok(Some((mb, gif_ladder(input)?)))
            }
            _ => Ok(None),
        }
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn encoding(&self) -> Encoding {
        Encoding {
            quality: self.quality.map(Quality::jpeg),
            optimize: false,
            target_mb: self.target_mb,
            // (Used only when the output is a PNG.)
            palette: self.quality.map(Quality::png_colors),
            dither: false,
        }
    }

    fn magick(&self, _input: &FileFacts, out_format: Format) -> Result<Vec<String>, OpError> {
        let mut args = Vec::new();
        match self.quality {
            Some(q) if out_format == Format::Png => {
                args.extend(["-colors".into(), q.png_colors().to_string()]);
            }
            Some(q) => args.extend(["-quality".into(), q.jpeg().to_string()]),
            None => {}
        }
        if let Some(mb) = self.target_mb {
            args.extend([
                "-define".into(),
                format!("jpeg:extent={}kb", (mb * 1000.0).floor()),
            ]);
        }
        Ok(args)
    }
}

/// What a GIF gives up, step by step, to get under a size: colours, then
/// frames per second, then size (the share of its width kept).
const GIF_STEPS: [(u32, f64, f64); 9] = [
    (256, 100.0, 1.0),
    (128, 100.0, 1.0),
    (64, 100.0, 1.0),
    (64, 10.0, 0.75),
    (32, 8.0, 0.75),
    (32, 8.0, 0.5),
    (16, 6.0, 0.5),
    (16, 5.0, 0.35),
    (16, 5.0, 0.25),
];

/// The GIF plans of [`GIF_STEPS`] on `input`.
fn gif_ladder(input: &FileFacts) -> Result<Vec<AvPlan>, OpError> {
    let fps = input.fps.unwrap_or(10.0);
    GIF_STEPS
        .iter()
        .map(|&(colors, max_fps, share)| {
            let mut d = Draft::new(input, Format::Gif);
            let mut stages = Vec::new();
            if fps > max_fps {
                stages.push(format!("fps={}", super::fmt_num(max_fps)));
            }
            if share < 1.0 {
                stages.push(format!(
                    "scale=trunc(iw*{share}/2)*2:-2:flags=lanczos"
                ));
                d.size_changed = true;
            }
            d.vf.extend(stages);
            d.gif_colors = Some(colors);
            d.finish()
        })
        .collect()
}

fn quality_word(q: Quality) -> String {
    serde_json::to_value(q)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Encoders at the quality level: a higher CRF, a smaller palette for GIFs,
/// a lower audio bitrate.
fn by_quality(q: Quality, plan: &mut Draft) {
    if let Some(v) = plan.video.as_mut() {
        if v.encoder == "libx264" {
            *v = h264(q.crf());
        } else if v.encoder == "libvpx-vp9" {
            v.opts[0].1 = (q.crf() + 12).to_string();
        } else if plan.out_format.is_legacy_video() {
            *v = legacy_video(plan.out_format, q.qscale());
        }
    }
    if plan.out_format == Format::Gif {
        plan.gif_colors = Some(match q {
            Quality::High => 192,
            Quality::Medium => 128,
            Quality::Low => 64,
            Quality::Smallest => 32,
        });
    }
    let format = plan.out_format;
    plan.audio = plan.audio.take().map(|_| audio_for(format, Some(q)));
}

/// Bitrates that fit the clip under `mb` megabytes.
fn to_size(mb: f64, plan: &mut Draft) -> Result<(), OpError> {
    if plan.out_format == Format::Gif {
        // Its ladder of plans (`size_ladder`) does it; this one is the first.
        return Ok(());
    }
    let secs = plan
        .input
        .duration_secs
        .filter(|d| *d > 0.0)
        .ok_or_else(|| OpError::Invalid("the duration is unknown".into()))?;
    // 4 % for the container's own bytes.
    let total_bps = mb * 1_000_000.0 * 8.0 * 0.96 / secs;
    let budget = Budget {
        mb,
        secs,
        total_bps,
    };
    match plan.video.as_mut() {
        Some(v) => budget.video(v, plan.audio.as_mut()),
        None => {
            let a = plan
                .audio
                .as_mut()
                .ok_or_else(|| OpError::Invalid("nothing to compress".into()))?;
            budget.audio(a)
        }
    }
}

/// Below this an audio-only budget is spent on one channel, and MP3 and AAC
/// at a speech sample rate: a voice stays understandable to 8 kb/s.
const LOW_KBPS: u64 = 32;

/// A size to fit a clip of `secs` seconds in.
struct Budget {
    mb: f64,
    secs: f64,
    total_bps: f64,
}

impl Budget {
    /// Capped single-pass video bitrate, after the audio's share.
    fn video(&self, v: &mut VideoEnc, audio: Option<&mut AudioEnc>) -> Result<(), OpError> {
        let mut audio_bps = if audio.is_some() { 128_000.0 } else { 0.0 };
        if audio.is_some() && self.total_bps - audio_bps < 100_000.0 {
            audio_bps = 48_000.0;
        }
        let video_bps = self.total_bps - audio_bps;
        if video_bps < 20_000.0 {
            return Err(OpError::Invalid(format!(
                "{} MB is too small for {:.0} s of video",
                self.mb, self.secs
            )));
        }
        let vb = (video_bps / 1000.0).floor() as u64;
        if let Some(a) = audio {
            a.bitrate = Some(audio_bps as u64);
        }
        let mut opts = match v.encoder {
            "libvpx-vp9" => vec![("deadline", "realtime".into()), ("cpu-used", "8".into())],
            "libx264" => vec![("preset", "veryfast".to_string())],
            _ => Vec::new(),
        };
        opts.push(("b", format!("{vb}k")));
        opts.push(("maxrate", format!("{vb}k")));
        opts.push(("bufsize", format!("{}k", vb)));
        v.opts = opts;
        Ok(())
    }

    /// Audio-only: the whole budget, within what the encoders take.
    fn audio(&self, a: &mut AudioEnc) -> Result<(), OpError> {
        if matches!(a.encoder, "pcm_s16le" | "pcm_s16be" | "flac") {
            return invalid(
                "lossless audio cannot be compressed to a size; convert to mp3 or m4a first",
            );
        }
        let kbps = (self.total_bps / 1000.0).floor() as u64;
        // Opus speaks at 6 kb/s; MP3 and AAC go down to 8 kb/s when mono at
        // a speech sample rate; the others stop where they stop sounding.
        let floor = match a.encoder {
            "libopus" => 6,
            "libmp3lame" | "aac" => 8,
            _ => 24,
        };
        if kbps < floor {
            return Err(OpError::Invalid(format!(
                "{} MB is too small for {:.0} s of audio",
                self.mb, self.secs
            )));
        }
        if kbps < LOW_KBPS && floor < 24 {
            a.channels = Some(1);
            if a.encoder != "libopus" {
                a.sample_rate = Some(if kbps < 16 { 8_000 } else { 16_000 });
            }
        }
        a.bitrate = Some(kbps.min(320) * 1000);
        Ok(())
    }
}

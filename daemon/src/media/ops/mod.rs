//! Media operations: the typed library of file operations that jobs run
//! in-process (FFmpeg through `ffmpeg-next` for audio and video, the `image`
//! crate for stills), each able to print the equivalent `ffmpeg` / `magick`
//! command line.
//!
//! - [`Operation`] is one step, serde-tagged by `op` (steps travel to the
//!   worker processes as JSON). It validates its parameters, says which
//!   [`MediaKind`]s it accepts, predicts its output ([`FileFacts`]) so whole
//!   pipelines can be checked before anything runs ([`check_pipeline`]),
//!   derives output names from input names and renders its command line.
//! - [`run`] performs one step on real files; audio and video are streamed
//!   packet by packet through a libavfilter graph (the same graph text the
//!   command line shows), stills are decoded within [`OpLimits`].
//! - [`probe_any`] tells what a file is (video, audio-only, GIF or still).
//!
//! Single-input operations given several files apply to each of them;
//! [`Operation::Concat`], [`Operation::Slideshow`] and an image
//! [`Operation::Watermark`] take all inputs at once.
//!
//! Safety and limits: output names are derived from input names through
//! [`sanitize_stem`] (no user text reaches a path); watermark text is limited
//! to characters that mean nothing to libavfilter; inputs open with a demuxer
//! and decoder allow-list, the file protocol only, picture sizes checked
//! before decoding, still decoders bounded by `image::Limits`, and a
//! deadline ([`OpLimits::time_limit_secs`]) checked in every frame loop.
//! Reverse and GIF palettes hold the clip in memory, so they are refused
//! for inputs longer than [`OpLimits::max_buffered_secs`].
//!
//! The command lines are printed from the same plan that runs: the filter
//! text, encoder options and seek options are identical; in-process, format
//! conversions for the encoders are explicit filters where ffmpeg inserts
//! them itself (`-pix_fmt`), and the display rotation of phone videos is
//! applied as ffmpeg's autorotate does. The tests run a representative set
//! through the real `ffmpeg` and ImageMagick and compare the results.

mod av;
mod command;
mod filters;
mod image;
mod names;
#[cfg(test)]
mod stored_form_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::MediaError;

pub use command::shell_quote;
pub use names::sanitize_stem;

/// What kind of media a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// Has a video stream (maybe audio too).
    Video,
    /// Audio only.
    Audio,
    /// A still picture.
    Image,
    /// A GIF (animated or not): a video to video operations, its first
    /// frame to still operations.
    Gif,
}

impl MediaKind {
    pub fn word(self) -> &'static str {
        match self {
            MediaKind::Video => "a video",
            MediaKind::Audio => "an audio file",
            MediaKind::Image => "an image",
            MediaKind::Gif => "a GIF",
        }
    }
}

/// File formats operations read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// MP4, H.264 + AAC.
    Mp4,
    /// WebM, VP9 + Opus.
    Webm,
    /// QuickTime, H.264 + AAC.
    Mov,
    /// Matroska, H.264 + AAC.
    Mkv,
    /// Animated GIF (generated palette).
    Gif,
    Mp3,
    /// AAC in an MP4 audio file.
    M4a,
    /// 16-bit PCM.
    Wav,
    Flac,
    /// Opus in Ogg.
    Ogg,
    Png,
    Jpeg,
    Webp,
    Bmp,
    Tiff,
    /// HEIC/HEIF (libheif): read only; still operations on it write JPEG.
    Heic,
    /// Other containers we can read (avi, mpegts, ...), never written.
    Other,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mp4 => "mp4",
            Format::Webm => "webm",
            Format::Mov => "mov",
            Format::Mkv => "mkv",
            Format::Gif => "gif",
            Format::Mp3 => "mp3",
            Format::M4a => "m4a",
            Format::Wav => "wav",
            Format::Flac => "flac",
            Format::Ogg => "ogg",
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
            Format::Bmp => "bmp",
            Format::Tiff => "tiff",
            Format::Heic => "heic",
            Format::Other => "bin",
        }
    }

    /// The kind of file this format holds when written.
    pub fn kind(self) -> MediaKind {
        match self {
            Format::Mp4 | Format::Webm | Format::Mov | Format::Mkv | Format::Other => {
                MediaKind::Video
            }
            Format::Gif => MediaKind::Gif,
            Format::Mp3 | Format::M4a | Format::Wav | Format::Flac | Format::Ogg => {
                MediaKind::Audio
            }
            Format::Png
            | Format::Jpeg
            | Format::Webp
            | Format::Bmp
            | Format::Tiff
            | Format::Heic => MediaKind::Image,
        }
    }

    pub fn is_video_container(self) -> bool {
        matches!(self, Format::Mp4 | Format::Webm | Format::Mov | Format::Mkv)
    }

    pub fn is_audio(self) -> bool {
        self.kind() == MediaKind::Audio
    }

    pub fn is_still(self) -> bool {
        self.kind() == MediaKind::Image
    }

    /// The format a file name's extension suggests.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "mp4" | "m4v" => Format::Mp4,
            "webm" => Format::Webm,
            "mov" => Format::Mov,
            "mkv" => Format::Mkv,
            "gif" => Format::Gif,
            "mp3" => Format::Mp3,
            "m4a" | "aac" => Format::M4a,
            "wav" => Format::Wav,
            "flac" => Format::Flac,
            "ogg" | "opus" | "oga" => Format::Ogg,
            "png" => Format::Png,
            "jpg" | "jpeg" => Format::Jpeg,
            "webp" => Format::Webp,
            "bmp" => Format::Bmp,
            "tif" | "tiff" => Format::Tiff,
            "heic" | "heif" => Format::Heic,
            _ => return None,
        })
    }
}

/// What is known about a file, probed or predicted. Pipelines are checked on
/// these before anything runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    /// File name (no directories), as shown to the user and used to derive
    /// output names.
    pub name: String,
    pub kind: MediaKind,
    pub format: Format,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_secs: Option<f64>,
    pub fps: Option<f64>,
    pub has_audio: bool,
}

impl FileFacts {
    /// Facts of a file of `format` named `name`, nothing else known.
    pub fn named(name: &str, format: Format) -> FileFacts {
        FileFacts {
            name: name.to_string(),
            kind: format.kind(),
            format,
            width: None,
            height: None,
            duration_secs: None,
            fps: None,
            has_audio: format.is_audio() || format.is_video_container(),
        }
    }

    /// Facts from a [`super::probe::probe`] answer.
    pub fn from_media_info(name: &str, info: &super::probe::MediaInfo) -> FileFacts {
        let format = av::container_format(&info.container);
        let v = info.video.as_ref();
        FileFacts {
            name: name.to_string(),
            kind: if v.is_some() {
                if format == Format::Gif {
                    MediaKind::Gif
                } else {
                    MediaKind::Video
                }
            } else {
                MediaKind::Audio
            },
            format,
            width: v.map(|v| v.width),
            height: v.map(|v| v.height),
            duration_secs: Some(info.duration_secs),
            fps: v.map(|v| v.fps),
            has_audio: info.audio.is_some(),
        }
    }
}

/// Limits one step runs within.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpLimits {
    pub max_width: u32,
    pub max_height: u32,
    pub max_duration_secs: f64,
    /// Largest allocation a still decoder may make.
    pub max_image_alloc_bytes: u64,
    /// Wall-clock time one step may take.
    pub time_limit_secs: f64,
    /// Longest input of operations that must hold the whole clip in memory
    /// (reverse, GIF palette generation).
    pub max_buffered_secs: f64,
}

impl Default for OpLimits {
    fn default() -> Self {
        OpLimits {
            max_width: 8192,
            max_height: 8192,
            max_duration_secs: 3600.0,
            max_image_alloc_bytes: 512 << 20,
            time_limit_secs: 1800.0,
            max_buffered_secs: 60.0,
        }
    }
}

impl OpLimits {
    pub(crate) fn probe_limits(&self) -> super::probe::ProbeLimits {
        super::probe::ProbeLimits {
            max_width: self.max_width,
            max_height: self.max_height,
            max_duration_secs: self.max_duration_secs,
        }
    }

    pub(crate) fn deadline(&self) -> Deadline {
        Deadline {
            at: std::time::Instant::now()
                + std::time::Duration::from_secs_f64(self.time_limit_secs.clamp(0.0, 1e9)),
            secs: self.time_limit_secs,
        }
    }
}

/// The end of a step's time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: std::time::Instant,
    secs: f64,
}

impl Deadline {
    pub(crate) fn check(&self) -> Result<(), MediaError> {
        if std::time::Instant::now() > self.at {
            return Err(MediaError::TimeLimit { secs: self.secs });
        }
        Ok(())
    }
}

/// A planning error: bad parameters, or a step that cannot take what it is
/// given. Shown to the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    #[error("{0}")]
    Invalid(String),
    #[error("{op} cannot take {} ({name})", kind.word())]
    NotAccepted {
        op: String,
        kind: MediaKind,
        name: String,
    },
    #[error("step {step} ({op}): {source}")]
    Step {
        step: usize,
        op: String,
        #[source]
        source: Box<OpError>,
    },
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, OpError> {
    Err(OpError::Invalid(msg.into()))
}

/// Compression levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    High,
    Medium,
    Low,
    Smallest,
}

impl Quality {
    /// x264 CRF.
    fn crf(self) -> u32 {
        match self {
            Quality::High => 20,
            Quality::Medium => 26,
            Quality::Low => 30,
            Quality::Smallest => 35,
        }
    }
    fn audio_kbps(self) -> u32 {
        match self {
            Quality::High => 160,
            Quality::Medium => 128,
            Quality::Low => 96,
            Quality::Smallest => 64,
        }
    }
    fn jpeg(self) -> u8 {
        match self {
            Quality::High => 90,
            Quality::Medium => 80,
            Quality::Low => 65,
            Quality::Smallest => 45,
        }
    }
}

/// Standard heights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    #[serde(rename = "360p")]
    P360,
    #[serde(rename = "480p")]
    P480,
    #[serde(rename = "720p")]
    P720,
    #[serde(rename = "1080p")]
    P1080,
}

impl Resolution {
    fn height(self) -> u32 {
        match self {
            Resolution::P360 => 360,
            Resolution::P480 => 480,
            Resolution::P720 => 720,
            Resolution::P1080 => 1080,
        }
    }
}

/// Centred crop aspect ratios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aspect {
    #[serde(rename = "1:1")]
    Square,
    #[serde(rename = "9:16")]
    Portrait9x16,
    #[serde(rename = "16:9")]
    Wide16x9,
    #[serde(rename = "4:5")]
    Portrait4x5,
    #[serde(rename = "4:3")]
    Classic4x3,
}

impl Aspect {
    fn ratio(self) -> (u32, u32) {
        match self {
            Aspect::Square => (1, 1),
            Aspect::Portrait9x16 => (9, 16),
            Aspect::Wide16x9 => (16, 9),
            Aspect::Portrait4x5 => (4, 5),
            Aspect::Classic4x3 => (4, 3),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlipDirection {
    /// Mirror left-right.
    Horizontal,
    /// Upside down.
    Vertical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    #[default]
    BottomRight,
    Center,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FrameFormat {
    #[default]
    Png,
    Jpeg,
}

impl FrameFormat {
    fn format(self) -> Format {
        match self {
            FrameFormat::Png => Format::Png,
            FrameFormat::Jpeg => Format::Jpeg,
        }
    }
}

/// A crop rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// One step of a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Operation {
    /// Change container and codecs (video → video/GIF/audio, GIF → video,
    /// audio → audio, still → still). `quality` (1–100) applies to JPEG and
    /// WebP-from-video-frames only.
    Convert {
        to: Format,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quality: Option<u8>,
    },
    /// Smaller file: by quality level, or to under `target_mb` megabytes
    /// (bitrate computed from the duration, capped single pass). Stills:
    /// JPEG at the quality level.
    Compress {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quality: Option<Quality>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target_mb: Option<f64>,
    },
    /// Resize video or still. One of: `width` and/or `height` (one alone
    /// keeps the aspect), `percent`, `resolution`. With both sides and
    /// `keep_aspect` the picture fits inside the box.
    Scale {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        percent: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resolution: Option<Resolution>,
        #[serde(default = "yes")]
        keep_aspect: bool,
    },
    /// Crop to a rectangle, or centred to an aspect ratio.
    Crop {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rect: Option<Rect>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        aspect: Option<Aspect>,
    },
    /// Rotate clockwise by 90, 180 or 270 degrees.
    Rotate {
        degrees: u32,
    },
    Flip {
        direction: FlipDirection,
    },
    /// Keep part of a clip: from `start` (s) to `end` or for `duration`, or
    /// the `last` N seconds. "First N s" is `duration` alone.
    Trim {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last: Option<f64>,
    },
    /// Play faster or slower (0.25–4), audio tempo-corrected (pitch kept).
    Speed {
        factor: f64,
    },
    /// Play backwards (the clip is held in memory: short clips only).
    Reverse,
    /// Change the frame rate (frames dropped or repeated).
    ChangeFps {
        fps: f64,
    },
    /// Keep only the audio, as `to` (default mp3).
    ExtractAudio {
        #[serde(default = "default_audio_format")]
        to: Format,
    },
    RemoveAudio,
    /// Louder or quieter: by a `factor` (1.0 = unchanged) or by `db`.
    Volume {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        factor: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        db: Option<f64>,
    },
    /// EBU R128 loudness normalisation (-16 LUFS integrated, -1.5 dBTP).
    Normalize,
    Grayscale,
    /// Brightness -1..1 (0 = unchanged), contrast and saturation 0..3
    /// (1 = unchanged).
    Adjust {
        #[serde(default)]
        brightness: f64,
        #[serde(default = "one")]
        contrast: f64,
        #[serde(default = "one")]
        saturation: f64,
    },
    /// Video → animated GIF with a generated palette.
    ToGif {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fps: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
    },
    /// Pictures from a video: one `at` a time (s), one `every` N seconds,
    /// or `count` frames evenly spread.
    Frames {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        every: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
        #[serde(default)]
        format: FrameFormat,
    },
    /// Join clips one after another, re-encoded to the first clip's size.
    Concat,
    /// Text (letters, digits and simple punctuation) or, with a second
    /// input file, an image in a corner.
    Watermark {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(default)]
        position: Corner,
        /// 0.05–1.
        #[serde(default = "default_opacity")]
        opacity: f64,
    },
    /// Images → MP4, each shown `seconds_per_image`.
    Slideshow {
        #[serde(default = "default_slide_secs")]
        seconds_per_image: f64,
        #[serde(default = "default_slide_width")]
        width: u32,
        #[serde(default = "default_slide_height")]
        height: u32,
        #[serde(default = "default_slide_fps")]
        fps: u32,
    },
    /// Stills: fit inside `max` x `max`, never enlarged.
    Thumbnail {
        #[serde(default = "default_thumb")]
        max: u32,
    },
    /// Stills: apply the EXIF orientation to the pixels.
    AutoOrient,
    /// Stills: Gaussian blur.
    Blur {
        sigma: f64,
    },
    /// Stills: unsharp mask.
    Sharpen {
        #[serde(default = "one")]
        sigma: f64,
    },
    /// Stills: lossless PNG re-compression (best compression, adaptive
    /// filters, metadata dropped).
    OptimizePng,
    /// Stills: drop EXIF and other metadata (pixels re-encoded in the same
    /// format; JPEG at quality 95).
    StripMetadata,
}

fn yes() -> bool {
    true
}
fn one() -> f64 {
    1.0
}
fn default_audio_format() -> Format {
    Format::Mp3
}
fn default_opacity() -> f64 {
    0.7
}
fn default_slide_secs() -> f64 {
    3.0
}
fn default_slide_width() -> u32 {
    1280
}
fn default_slide_height() -> u32 {
    720
}
fn default_slide_fps() -> u32 {
    25
}
fn default_thumb() -> u32 {
    256
}

const AV: &[MediaKind] = &[MediaKind::Video, MediaKind::Audio];
const VISUAL: &[MediaKind] = &[MediaKind::Video, MediaKind::Gif, MediaKind::Image];
const MOVING: &[MediaKind] = &[MediaKind::Video, MediaKind::Gif];
const TIMED: &[MediaKind] = &[MediaKind::Video, MediaKind::Audio, MediaKind::Gif];
const ALL: &[MediaKind] = &[
    MediaKind::Video,
    MediaKind::Audio,
    MediaKind::Gif,
    MediaKind::Image,
];
const VIDEO: &[MediaKind] = &[MediaKind::Video];
const STILL: &[MediaKind] = &[MediaKind::Image, MediaKind::Gif];
const IMAGE: &[MediaKind] = &[MediaKind::Image];

/// Most inputs a multi-input step takes.
pub const MAX_INPUTS: usize = 50;

impl Operation {
    /// The `op` tag, e.g. `to_gif`.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Convert { .. } => "convert",
            Operation::Compress { .. } => "compress",
            Operation::Scale { .. } => "scale",
            Operation::Crop { .. } => "crop",
            Operation::Rotate { .. } => "rotate",
            Operation::Flip { .. } => "flip",
            Operation::Trim { .. } => "trim",
            Operation::Speed { .. } => "speed",
            Operation::Reverse => "reverse",
            Operation::ChangeFps { .. } => "change_fps",
            Operation::ExtractAudio { .. } => "extract_audio",
            Operation::RemoveAudio => "remove_audio",
            Operation::Volume { .. } => "volume",
            Operation::Normalize => "normalize",
            Operation::Grayscale => "grayscale",
            Operation::Adjust { .. } => "adjust",
            Operation::ToGif { .. } => "to_gif",
            Operation::Frames { .. } => "frames",
            Operation::Concat => "concat",
            Operation::Watermark { .. } => "watermark",
            Operation::Slideshow { .. } => "slideshow",
            Operation::Thumbnail { .. } => "thumbnail",
            Operation::AutoOrient => "auto_orient",
            Operation::Blur { .. } => "blur",
            Operation::Sharpen { .. } => "sharpen",
            Operation::OptimizePng => "optimize_png",
            Operation::StripMetadata => "strip_metadata",
        }
    }

    /// Checks parameter ranges.
    pub fn validate(&self) -> Result<(), OpError> {
        let finite_pos = |v: f64, what: &str| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                invalid(format!("{what} must be a positive number"))
            }
        };
        match self {
            Operation::Convert { to, quality } => {
                if *to == Format::Other {
                    return invalid("cannot convert to that format");
                }
                if *to == Format::Heic {
                    return invalid(
                        "HEIC can be read but not written; convert to JPEG, PNG or WebP",
                    );
                }
                if let Some(q) = quality {
                    if !(1..=100).contains(q) {
                        return invalid("quality must be within 1..=100");
                    }
                }
            }
            Operation::Compress { quality, target_mb } => match (quality, target_mb) {
                (None, None) => return invalid("compress needs a quality or a target size"),
                (Some(_), Some(_)) => {
                    return invalid("compress takes a quality or a target size, not both")
                }
                (None, Some(mb)) => {
                    finite_pos(*mb, "the target size")?;
                    if *mb > 100_000.0 {
                        return invalid("the target size is too large");
                    }
                }
                _ => {}
            },
            Operation::Scale {
                width,
                height,
                percent,
                resolution,
                ..
            } => {
                let given = [
                    width.is_some() || height.is_some(),
                    percent.is_some(),
                    resolution.is_some(),
                ];
                if given.iter().filter(|g| **g).count() != 1 {
                    return invalid(
                        "scale takes a width and/or height, a percent, or a resolution",
                    );
                }
                for d in [width, height].into_iter().flatten() {
                    if !(2..=8192).contains(d) {
                        return invalid("width and height must be within 2..=8192");
                    }
                }
                if let Some(p) = percent {
                    if !(p.is_finite() && *p >= 1.0 && *p <= 400.0) {
                        return invalid("percent must be within 1..=400");
                    }
                }
            }
            Operation::Crop { rect, aspect } => match (rect, aspect) {
                (Some(r), None) => {
                    if r.width < 2 || r.height < 2 {
                        return invalid("the crop rectangle is too small");
                    }
                }
                (None, Some(_)) => {}
                _ => return invalid("crop takes a rectangle or an aspect ratio"),
            },
            Operation::Rotate { degrees } => {
                if ![90, 180, 270].contains(degrees) {
                    return invalid("rotation must be 90, 180 or 270 degrees");
                }
            }
            Operation::Flip { .. }
            | Operation::Reverse
            | Operation::RemoveAudio
            | Operation::Normalize
            | Operation::Grayscale
            | Operation::Concat
            | Operation::AutoOrient
            | Operation::OptimizePng
            | Operation::StripMetadata => {}
            Operation::Trim {
                start,
                end,
                duration,
                last,
            } => {
                for (v, what) in [(start, "start"), (end, "end")] {
                    if let Some(v) = v {
                        if !(v.is_finite() && *v >= 0.0) {
                            return invalid(format!("the {what} time must be 0 or more"));
                        }
                    }
                }
                for (v, what) in [(duration, "duration"), (last, "last")] {
                    if let Some(v) = v {
                        finite_pos(*v, what)?;
                    }
                }
                if last.is_some() && (start.is_some() || end.is_some() || duration.is_some()) {
                    return invalid("trim to the last seconds takes no start, end or duration");
                }
                if end.is_some() && duration.is_some() {
                    return invalid("trim takes an end or a duration, not both");
                }
                if let (Some(e), s) = (end, start.unwrap_or(0.0)) {
                    if *e <= s {
                        return invalid("the end must come after the start");
                    }
                }
                if start.is_none() && end.is_none() && duration.is_none() && last.is_none() {
                    return invalid("trim needs a start, end, duration or last");
                }
            }
            Operation::Speed { factor } => {
                if !(factor.is_finite() && (0.25..=4.0).contains(factor)) {
                    return invalid("speed must be within 0.25..=4");
                }
            }
            Operation::ChangeFps { fps } => {
                if !(fps.is_finite() && *fps >= 1.0 && *fps <= 120.0) {
                    return invalid("the frame rate must be within 1..=120");
                }
            }
            Operation::ExtractAudio { to } => {
                if !to.is_audio() {
                    return invalid(
                        "extract audio needs an audio format (mp3, m4a, wav, flac, ogg)",
                    );
                }
            }
            Operation::Volume { factor, db } => match (factor, db) {
                (Some(f), None) => {
                    if !(f.is_finite() && (0.0..=10.0).contains(f)) {
                        return invalid("the volume factor must be within 0..=10");
                    }
                }
                (None, Some(d)) => {
                    if !(d.is_finite() && (-60.0..=30.0).contains(d)) {
                        return invalid("the volume change must be within -60..=30 dB");
                    }
                }
                _ => return invalid("volume takes a factor or a dB change"),
            },
            Operation::Adjust {
                brightness,
                contrast,
                saturation,
            } => {
                if !(brightness.is_finite() && (-1.0..=1.0).contains(brightness)) {
                    return invalid("brightness must be within -1..=1");
                }
                for (v, what) in [(contrast, "contrast"), (saturation, "saturation")] {
                    if !(v.is_finite() && (0.0..=3.0).contains(v)) {
                        return invalid(format!("{what} must be within 0..=3"));
                    }
                }
            }
            Operation::ToGif { fps, width } => {
                if let Some(f) = fps {
                    if !(1..=30).contains(f) {
                        return invalid("GIF frame rate must be within 1..=30");
                    }
                }
                if let Some(w) = width {
                    if !(16..=1280).contains(w) {
                        return invalid("GIF width must be within 16..=1280");
                    }
                }
            }
            Operation::Frames {
                at, every, count, ..
            } => {
                let n = [at.is_some(), every.is_some(), count.is_some()]
                    .iter()
                    .filter(|b| **b)
                    .count();
                if n != 1 {
                    return invalid("frames takes one of: at, every, count");
                }
                if let Some(t) = at {
                    if !(t.is_finite() && *t >= 0.0) {
                        return invalid("the time must be 0 or more");
                    }
                }
                if let Some(e) = every {
                    if !(e.is_finite() && *e >= 0.04) {
                        return invalid("every must be at least 0.04 s");
                    }
                }
                if let Some(c) = count {
                    if !(1..=1000).contains(c) {
                        return invalid("count must be within 1..=1000");
                    }
                }
            }
            Operation::Watermark { text, opacity, .. } => {
                if !(opacity.is_finite() && (0.05..=1.0).contains(opacity)) {
                    return invalid("opacity must be within 0.05..=1");
                }
                if let Some(t) = text {
                    filters::check_watermark_text(t)?;
                }
            }
            Operation::Slideshow {
                seconds_per_image,
                width,
                height,
                fps,
            } => {
                if !(seconds_per_image.is_finite() && (0.1..=60.0).contains(seconds_per_image)) {
                    return invalid("seconds per image must be within 0.1..=60");
                }
                if !(16..=3840).contains(width)
                    || !(16..=2160).contains(height)
                    || width % 2 != 0
                    || height % 2 != 0
                {
                    return invalid("slideshow size must be even, up to 3840x2160");
                }
                if !(1..=60).contains(fps) {
                    return invalid("slideshow frame rate must be within 1..=60");
                }
            }
            Operation::Thumbnail { max } => {
                if !(8..=2048).contains(max) {
                    return invalid("thumbnail size must be within 8..=2048");
                }
            }
            Operation::Blur { sigma } => {
                if !(sigma.is_finite() && *sigma > 0.0 && *sigma <= 50.0) {
                    return invalid("blur radius must be within 0..=50");
                }
            }
            Operation::Sharpen { sigma } => {
                if !(sigma.is_finite() && *sigma > 0.0 && *sigma <= 10.0) {
                    return invalid("sharpen radius must be within 0..=10");
                }
            }
        }
        Ok(())
    }

    /// The kinds of file this step takes.
    pub fn accepts(&self) -> &'static [MediaKind] {
        match self {
            Operation::Convert { .. } | Operation::Compress { .. } => ALL,
            Operation::Scale { .. }
            | Operation::Crop { .. }
            | Operation::Rotate { .. }
            | Operation::Flip { .. }
            | Operation::Grayscale
            | Operation::Adjust { .. } => VISUAL,
            Operation::Trim { .. } | Operation::Speed { .. } | Operation::Reverse => TIMED,
            Operation::ChangeFps { .. } => MOVING,
            Operation::ExtractAudio { .. } | Operation::RemoveAudio => VIDEO,
            Operation::Volume { .. } | Operation::Normalize => AV,
            Operation::ToGif { .. } | Operation::Frames { .. } => MOVING,
            Operation::Concat => TIMED,
            Operation::Watermark { .. } => VIDEO,
            Operation::Slideshow { .. } => STILL,
            Operation::Thumbnail { .. }
            | Operation::Blur { .. }
            | Operation::Sharpen { .. }
            | Operation::StripMetadata => STILL,
            Operation::AutoOrient | Operation::OptimizePng => IMAGE,
        }
    }

    /// Whether the step takes all inputs at once (else each input alone).
    pub fn is_multi_input(&self) -> bool {
        matches!(
            self,
            Operation::Concat | Operation::Slideshow { .. } | Operation::Watermark { .. }
        )
    }

    /// A sentence saying what the step does.
    pub fn describe(&self) -> String {
        match self {
            Operation::Convert { to, quality } => match quality {
                Some(q) => format!("Convert to {} (quality {q})", to.extension()),
                None => format!("Convert to {}", to.extension()),
            },
            Operation::Compress {
                quality: Some(q), ..
            } => format!("Compress ({} quality)", serde_word(q)),
            Operation::Compress { target_mb, .. } => {
                format!("Compress to under {} MB", target_mb.unwrap_or(0.0))
            }
            Operation::Scale {
                width,
                height,
                percent,
                resolution,
                ..
            } => match (width, height, percent, resolution) {
                (_, _, Some(p), _) => format!("Scale to {p}%"),
                (_, _, _, Some(r)) => format!("Scale to {}p", r.height()),
                (Some(w), Some(h), _, _) => format!("Scale to {w}x{h}"),
                (Some(w), None, _, _) => format!("Scale to {w} pixels wide"),
                (None, Some(h), _, _) => format!("Scale to {h} pixels high"),
                _ => "Scale".into(),
            },
            Operation::Crop { rect: Some(r), .. } => {
                format!("Crop to {}x{} at ({}, {})", r.width, r.height, r.x, r.y)
            }
            Operation::Crop { aspect, .. } => {
                let (a, b) = aspect.map_or((1, 1), |a| a.ratio());
                format!("Crop to {a}:{b}, centred")
            }
            Operation::Rotate { degrees } => format!("Rotate {degrees}° clockwise"),
            Operation::Flip { direction } => match direction {
                FlipDirection::Horizontal => "Flip horizontally (mirror)".into(),
                FlipDirection::Vertical => "Flip vertically".into(),
            },
            Operation::Trim {
                start,
                end,
                duration,
                last,
            } => match (start, end, duration, last) {
                (_, _, _, Some(l)) => format!("Keep the last {l} s"),
                (None, None, Some(d), _) => format!("Keep the first {d} s"),
                (s, Some(e), _, _) => format!("Trim from {} s to {e} s", s.unwrap_or(0.0)),
                (Some(s), None, Some(d), _) => format!("Trim {d} s from {s} s"),
                (Some(s), None, None, _) => format!("Trim from {s} s to the end"),
                _ => "Trim".into(),
            },
            Operation::Speed { factor } => format!("Change speed to {factor}x"),
            Operation::Reverse => "Play backwards".into(),
            Operation::ChangeFps { fps } => format!("Change the frame rate to {fps} fps"),
            Operation::ExtractAudio { to } => format!("Extract the audio as {}", to.extension()),
            Operation::RemoveAudio => "Remove the audio".into(),
            Operation::Volume { factor, db } => match (factor, db) {
                (Some(f), _) => format!("Change the volume to {}%", (f * 100.0).round()),
                (_, Some(d)) => format!("Change the volume by {d:+} dB"),
                _ => "Change the volume".into(),
            },
            Operation::Normalize => "Normalise loudness (EBU R128)".into(),
            Operation::Grayscale => "Convert to grayscale".into(),
            Operation::Adjust {
                brightness,
                contrast,
                saturation,
            } => format!(
                "Adjust brightness {brightness:+}, contrast {contrast}, saturation {saturation}"
            ),
            Operation::ToGif { .. } => "Convert to an animated GIF".into(),
            Operation::Frames {
                at, every, count, ..
            } => match (at, every, count) {
                (Some(t), _, _) => format!("Take the frame at {t} s"),
                (_, Some(e), _) => format!("Take a frame every {e} s"),
                (_, _, Some(c)) => format!("Take {c} frames"),
                _ => "Take frames".into(),
            },
            Operation::Concat => "Join the clips".into(),
            Operation::Watermark { text: Some(t), .. } => format!("Add the watermark \"{t}\""),
            Operation::Watermark { .. } => "Add the image watermark".into(),
            Operation::Slideshow {
                seconds_per_image, ..
            } => format!("Make a slideshow, {seconds_per_image} s per image"),
            Operation::Thumbnail { max } => format!("Make a thumbnail within {max}x{max}"),
            Operation::AutoOrient => "Rotate upright (EXIF orientation)".into(),
            Operation::Blur { sigma } => format!("Blur (radius {sigma})"),
            Operation::Sharpen { sigma } => format!("Sharpen (radius {sigma})"),
            Operation::OptimizePng => "Optimise the PNG losslessly".into(),
            Operation::StripMetadata => "Remove metadata".into(),
        }
    }

    /// The output format for an input of `input` format and kind.
    fn output_format(&self, input: &FileFacts) -> Format {
        let same = match input.format {
            Format::Other => Format::Mp4,
            Format::Heic => Format::Jpeg,
            f => f,
        };
        match self {
            Operation::Convert { to, .. } => *to,
            Operation::ExtractAudio { to } => *to,
            Operation::ToGif { .. } => Format::Gif,
            Operation::Frames { format, .. } => format.format(),
            Operation::Concat | Operation::Slideshow { .. } => match input.kind {
                MediaKind::Audio => same,
                _ if input.format.is_video_container() => same,
                _ => Format::Mp4,
            },
            Operation::Compress { .. } if input.kind == MediaKind::Image => Format::Jpeg,
            // Lossless audio is compressed by becoming AAC.
            Operation::Compress { .. } if matches!(input.format, Format::Wav | Format::Flac) => {
                Format::M4a
            }
            Operation::OptimizePng => Format::Png,
            // A still taken from a GIF stays a GIF only where that makes sense.
            Operation::Thumbnail { .. }
            | Operation::Blur { .. }
            | Operation::Sharpen { .. }
            | Operation::StripMetadata
                if input.kind == MediaKind::Gif =>
            {
                Format::Png
            }
            _ => same,
        }
    }

    /// The suffix added to the input name's stem.
    fn suffix(&self) -> String {
        match self {
            Operation::Convert { .. } => String::new(),
            Operation::Compress { .. } => "_small".into(),
            Operation::Scale {
                width,
                height,
                percent,
                resolution,
                ..
            } => match (width, height, percent, resolution) {
                (_, _, Some(p), _) => format!("_{}pct", p.round()),
                (_, _, _, Some(r)) => format!("_{}p", r.height()),
                (Some(w), Some(h), _, _) => format!("_{w}x{h}"),
                (Some(w), None, _, _) => format!("_{w}w"),
                (None, Some(h), _, _) => format!("_{h}h"),
                _ => "_scaled".into(),
            },
            Operation::Crop {
                aspect: Some(a), ..
            } => {
                let (x, y) = a.ratio();
                format!("_{x}x{y}")
            }
            Operation::Crop { .. } => "_crop".into(),
            Operation::Rotate { degrees } => format!("_rot{degrees}"),
            Operation::Flip { direction } => match direction {
                FlipDirection::Horizontal => "_mirror".into(),
                FlipDirection::Vertical => "_flip".into(),
            },
            Operation::Trim { .. } => "_trim".into(),
            Operation::Speed { factor } => format!("_{}x", fmt_num(*factor)).replace('.', "_"),
            Operation::Reverse => "_reversed".into(),
            Operation::ChangeFps { fps } => format!("_{}fps", fmt_num(*fps)).replace('.', "_"),
            Operation::ExtractAudio { .. } => "_audio".into(),
            Operation::RemoveAudio => "_muted".into(),
            Operation::Volume { .. } => "_volume".into(),
            Operation::Normalize => "_normalized".into(),
            Operation::Grayscale => "_bw".into(),
            Operation::Adjust { .. } => "_adjusted".into(),
            Operation::ToGif { .. } => String::new(),
            Operation::Frames { at: Some(_), .. } => "_frame".into(),
            Operation::Frames { .. } => "_frame_%03d".into(),
            Operation::Concat => "_joined".into(),
            Operation::Watermark { .. } => "_watermarked".into(),
            Operation::Slideshow { .. } => "_slideshow".into(),
            Operation::Thumbnail { .. } => "_thumb".into(),
            Operation::AutoOrient => "_upright".into(),
            Operation::Blur { .. } => "_blur".into(),
            Operation::Sharpen { .. } => "_sharp".into(),
            Operation::OptimizePng => "_optimized".into(),
            Operation::StripMetadata => "_clean".into(),
        }
    }

    /// The output file name for an input named `input_name` (directories
    /// dropped, unsafe characters replaced): `photo.png` → `photo_bw.png`.
    /// [`Operation::Frames`] with several pictures answers a pattern with
    /// `%03d`, numbered from 1.
    pub fn output_name(&self, input_name: &str) -> String {
        let facts = FileFacts::named(
            input_name,
            names::extension(input_name)
                .and_then(Format::from_extension)
                .unwrap_or(Format::Other),
        );
        self.output_name_for(&facts)
    }

    fn output_name_for(&self, input: &FileFacts) -> String {
        let stem = sanitize_stem(&input.name);
        let mut suffix = self.suffix();
        let format = self.output_format(input);
        if suffix.is_empty() && format == input.format {
            suffix = "_out".into();
        }
        format!("{stem}{suffix}.{}", format.extension())
    }

    /// Predicts the output(s) of this step for `inputs`, or says why it
    /// cannot take them.
    pub fn outputs(&self, inputs: &[FileFacts]) -> Result<Vec<FileFacts>, OpError> {
        self.validate()?;
        if inputs.is_empty() {
            return invalid(format!("{} needs an input file", self.name()));
        }
        if self.is_multi_input() {
            return Ok(vec![self.multi_output(inputs)?]);
        }
        let mut out = Vec::new();
        for input in inputs {
            out.extend(self.single_output(input)?);
        }
        Ok(out)
    }

    /// Predicts the output of a single-input step.
    pub fn output(&self, input: &FileFacts) -> Result<FileFacts, OpError> {
        let mut v = self.outputs(std::slice::from_ref(input))?;
        Ok(v.swap_remove(0))
    }

    fn not_accepted(&self, input: &FileFacts) -> OpError {
        OpError::NotAccepted {
            op: self.describe(),
            kind: input.kind,
            name: input.name.clone(),
        }
    }

    fn check_accepts(&self, input: &FileFacts) -> Result<(), OpError> {
        if self.accepts().contains(&input.kind) {
            Ok(())
        } else {
            Err(self.not_accepted(input))
        }
    }

    fn multi_output(&self, inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        if inputs.len() > MAX_INPUTS {
            return invalid(format!("at most {MAX_INPUTS} files can be combined"));
        }
        let first = &inputs[0];
        match self {
            Operation::Concat => {
                if inputs.len() < 2 {
                    return invalid("joining needs at least two clips");
                }
                for i in inputs {
                    self.check_accepts(i)?;
                    let audio_only = first.kind == MediaKind::Audio;
                    if (i.kind == MediaKind::Audio) != audio_only {
                        return invalid("cannot join audio files with videos");
                    }
                }
                let format = self.output_format(first);
                let duration = inputs.iter().map(|i| i.duration_secs).sum::<Option<f64>>();
                Ok(FileFacts {
                    name: self.output_name_for(first),
                    kind: format.kind(),
                    format,
                    width: first.width.map(even),
                    height: first.height.map(even),
                    duration_secs: duration,
                    fps: first.fps,
                    has_audio: if first.kind == MediaKind::Audio {
                        true
                    } else {
                        inputs.iter().all(|i| i.has_audio)
                    },
                })
            }
            Operation::Slideshow {
                seconds_per_image,
                width,
                height,
                fps,
            } => {
                for i in inputs {
                    self.check_accepts(i)?;
                }
                Ok(FileFacts {
                    name: self.output_name_for(&FileFacts::named(&first.name, Format::Other)),
                    kind: MediaKind::Video,
                    format: Format::Mp4,
                    width: Some(*width),
                    height: Some(*height),
                    duration_secs: Some(seconds_per_image * inputs.len() as f64),
                    fps: Some(f64::from(*fps)),
                    has_audio: false,
                })
            }
            Operation::Watermark { text, .. } => {
                self.check_accepts(first)?;
                match (text, inputs.len()) {
                    (Some(_), 1) => {}
                    (None, 2) => {
                        if inputs[1].kind != MediaKind::Image {
                            return Err(OpError::Invalid(format!(
                                "the watermark must be an image ({} is {})",
                                inputs[1].name,
                                inputs[1].kind.word()
                            )));
                        }
                    }
                    (Some(_), _) => return invalid("a text watermark takes one video"),
                    (None, _) => return invalid("an image watermark takes a video and an image"),
                }
                let mut out = first.clone();
                out.format = self.output_format(first);
                out.kind = out.format.kind();
                out.name = self.output_name_for(first);
                out.width = first.width.map(even);
                out.height = first.height.map(even);
                Ok(out)
            }
            _ => unreachable!("not a multi-input operation"),
        }
    }

    fn single_output(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        self.check_accepts(input)?;
        if let Some(op) = self.as_gif_from_video(input) {
            return op.single_output(input);
        }
        let format = self.output_format(input);
        let mut out = input.clone();
        out.name = self.output_name_for(input);
        out.format = format;
        out.kind = format.kind();
        // Kind compatibility of conversions.
        match self {
            Operation::Convert { to, .. } => {
                let ok = match input.kind {
                    MediaKind::Video => !to.is_still(),
                    MediaKind::Gif => {
                        to.is_video_container() || *to == Format::Gif || to.is_still()
                    }
                    MediaKind::Audio => to.is_audio(),
                    MediaKind::Image => to.is_still() || *to == Format::Gif,
                };
                if !ok {
                    return Err(OpError::Invalid(format!(
                        "{} ({}) cannot be converted to {}",
                        input.name,
                        input.kind.word(),
                        to.extension()
                    )));
                }
                if input.kind == MediaKind::Image && *to == Format::Gif {
                    out.kind = MediaKind::Gif;
                }
                if to.is_audio() {
                    if input.kind == MediaKind::Video && !input.has_audio {
                        return Err(OpError::Invalid(format!("{} has no audio", input.name)));
                    }
                    out.width = None;
                    out.height = None;
                    out.fps = None;
                }
                if input.kind == MediaKind::Gif && to.is_still() {
                    out.duration_secs = None;
                    out.fps = None;
                }
                if *to == Format::Gif || to.is_still() {
                    out.has_audio = false;
                }
                if to.is_video_container() || *to == Format::Gif {
                    out.width = input.width.map(even);
                    out.height = input.height.map(even);
                }
            }
            Operation::Compress { .. } => {}
            Operation::Scale { .. } => {
                if let (Some(w), Some(h)) = (input.width, input.height) {
                    let (w, h) = filters::scaled_size(self, w, h, input.kind != MediaKind::Image)?;
                    out.width = Some(w);
                    out.height = Some(h);
                }
            }
            Operation::Crop { .. } => {
                if let (Some(w), Some(h)) = (input.width, input.height) {
                    let r = filters::crop_rect(self, w, h, input.kind != MediaKind::Image)?;
                    out.width = Some(r.width);
                    out.height = Some(r.height);
                }
            }
            Operation::Rotate { degrees } if *degrees != 180 => {
                std::mem::swap(&mut out.width, &mut out.height);
            }
            Operation::Trim {
                start,
                end,
                duration,
                last,
            } => {
                if let Some(total) = input.duration_secs {
                    let s = start.unwrap_or(0.0);
                    if s >= total {
                        return Err(OpError::Invalid(format!(
                            "{} is only {total:.1} s long",
                            input.name
                        )));
                    }
                    let e = match (end, duration, last) {
                        (_, _, Some(l)) => total.min(*l),
                        (Some(e), _, _) => e.min(total) - s,
                        (_, Some(d), _) => d.min(total - s),
                        _ => total - s,
                    };
                    out.duration_secs = Some(e);
                }
            }
            Operation::Speed { factor } => {
                out.duration_secs = input.duration_secs.map(|d| d / factor);
            }
            Operation::ChangeFps { fps } => out.fps = Some(*fps),
            Operation::ExtractAudio { .. } => {
                if !input.has_audio {
                    return Err(OpError::Invalid(format!("{} has no audio", input.name)));
                }
                out.width = None;
                out.height = None;
                out.fps = None;
            }
            Operation::RemoveAudio => out.has_audio = false,
            Operation::Volume { .. } | Operation::Normalize if !input.has_audio => {
                return Err(OpError::Invalid(format!("{} has no audio", input.name)));
            }
            Operation::ToGif { fps, width } => {
                out.has_audio = false;
                out.fps = Some(f64::from(fps.unwrap_or(10)));
                if let (Some(w), Some(h)) = (input.width, input.height) {
                    let tw = width.unwrap_or(w.min(480));
                    out.width = Some(tw);
                    out.height = Some(even(
                        ((f64::from(h) * f64::from(tw) / f64::from(w)).round() as u32).max(2),
                    ));
                }
            }
            Operation::Frames {
                at, every, count, ..
            } => {
                let n = match (at, every, count, input.duration_secs) {
                    (Some(_), _, _, _) => 1,
                    (_, _, Some(c), _) => *c as usize,
                    (_, Some(e), _, Some(d)) => ((d / e).ceil() as usize).max(1),
                    _ => 1,
                };
                if let (Some(t), Some(d)) = (at, input.duration_secs) {
                    if *t >= d {
                        return Err(OpError::Invalid(format!(
                            "{} is only {d:.1} s long",
                            input.name
                        )));
                    }
                }
                let pattern = out.name.clone();
                let mut frames = Vec::new();
                for i in 1..=n.min(MAX_PREDICTED_FRAMES) {
                    let mut f = FileFacts {
                        name: pattern.replace("%03d", &format!("{i:03}")),
                        kind: MediaKind::Image,
                        format,
                        width: input.width,
                        height: input.height,
                        duration_secs: None,
                        fps: None,
                        has_audio: false,
                    };
                    if at.is_some() {
                        f.name = pattern.clone();
                    }
                    frames.push(f);
                }
                return Ok(frames);
            }
            Operation::Thumbnail { max } => {
                if let (Some(w), Some(h)) = (input.width, input.height) {
                    let (w, h) = image::fit_within(w, h, *max, *max);
                    out.width = Some(w);
                    out.height = Some(h);
                }
            }
            Operation::AutoOrient => {
                // The orientation is known only once the file is read.
                out.width = None;
                out.height = None;
            }
            _ => {}
        }
        if out.kind == MediaKind::Image {
            out.duration_secs = None;
            out.fps = None;
            out.has_audio = false;
        }
        if matches!(out.kind, MediaKind::Video | MediaKind::Gif) {
            out.width = out.width.map(even);
            out.height = out.height.map(even);
        }
        Ok(vec![out])
    }

    /// The `ffmpeg` (audio/video) or `magick` (stills) command line doing
    /// the same as this step, with the real file names, quoted for a POSIX
    /// shell. `inputs` are the step's inputs as probed or predicted (their
    /// `name`s are used; sizes and durations fill in computed numbers);
    /// `output` is the output file name. A single-input step given several
    /// inputs answers one command per input, one per line.
    pub fn command_line(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        self.validate()?;
        if inputs.is_empty() {
            return invalid("no input");
        }
        if !self.is_multi_input() && inputs.len() > 1 {
            let mut lines = Vec::new();
            for i in inputs {
                let out = self.output_name_for(i);
                lines.push(self.command_line(std::slice::from_ref(i), &out)?);
            }
            return Ok(lines.join("\n"));
        }
        self.outputs(inputs)?;
        if self.uses_image_path(inputs) {
            image::command_line(self, &inputs[0], output)
        } else {
            let plan = av::plan(self, inputs)?;
            let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
            Ok(command::ffmpeg_command(&plan, &names, output))
        }
    }

    /// A video converted to GIF is made like [`Operation::ToGif`] with its
    /// defaults (10 fps, at most 480 pixels wide).
    fn as_gif_from_video(&self, input: &FileFacts) -> Option<Operation> {
        match self {
            Operation::Convert {
                to: Format::Gif, ..
            } if input.kind == MediaKind::Video => Some(Operation::ToGif {
                fps: None,
                width: None,
            }),
            _ => None,
        }
    }

    /// Whether the step runs on the stills path (the `image` crate).
    fn uses_image_path(&self, inputs: &[FileFacts]) -> bool {
        if self.is_multi_input() {
            return false;
        }
        let input = &inputs[0];
        match input.kind {
            MediaKind::Image => true,
            MediaKind::Gif => {
                matches!(
                    self,
                    Operation::Convert { to, .. } if to.is_still()
                ) || matches!(
                    self,
                    Operation::Thumbnail { .. }
                        | Operation::Blur { .. }
                        | Operation::Sharpen { .. }
                        | Operation::StripMetadata
                )
            }
            _ => false,
        }
    }
}

const MAX_PREDICTED_FRAMES: usize = 1000;

fn serde_word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A number without a needless `.0`.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Rounds down to an even number, at least 2.
pub(crate) fn even(v: u32) -> u32 {
    (v & !1).max(2)
}

/// Checks a whole pipeline before it runs: every step's parameters, and
/// that each step can take what the previous one produces. Answers the
/// predicted files after each step.
pub fn check_pipeline(
    inputs: &[FileFacts],
    steps: &[Operation],
) -> Result<Vec<Vec<FileFacts>>, OpError> {
    if steps.is_empty() {
        return invalid("the pipeline has no steps");
    }
    let mut current = inputs.to_vec();
    let mut all = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        current = step.outputs(&current).map_err(|e| OpError::Step {
            step: i + 1,
            op: step.name().to_string(),
            source: Box::new(e),
        })?;
        all.push(current.clone());
    }
    Ok(all)
}

/// What a file is, for planning: images (by their signature) through the
/// `image` crate, everything else through FFmpeg (video, audio-only, GIF).
pub fn probe_any(path: &Path, limits: &OpLimits) -> Result<FileFacts, MediaError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(facts) = image::probe_still(path, &name, limits)? {
        return Ok(facts);
    }
    av::probe_av(path, &name, limits)
}

/// Runs one step on `inputs`, writing into `output_dir` (names derived from
/// the input names; an existing file is never overwritten: `_2`, `_3`... are
/// appended). `progress(done, total)` is called as work is done (frames for
/// video, milliseconds for audio, rows or steps for stills); returning false
/// cancels with [`MediaError::Canceled`]. Partial outputs are removed on
/// failure.
pub fn run(
    op: &Operation,
    inputs: &[PathBuf],
    output_dir: &Path,
    limits: &OpLimits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    let names: Vec<String> = inputs
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    run_named(op, inputs, &names, output_dir, limits, progress)
}

/// Like [`run`], for inputs stored under other names (blobs): `names` are
/// the names the user knows them by, used (sanitised) to derive the output
/// names. One name per input.
pub fn run_named(
    op: &Operation,
    inputs: &[PathBuf],
    names: &[String],
    output_dir: &Path,
    limits: &OpLimits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    super::init();
    op.validate()
        .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
    if inputs.is_empty() {
        return Err(MediaError::InvalidRequest("no input file".into()));
    }
    if names.len() != inputs.len() {
        return Err(MediaError::InvalidRequest(
            "one name per input file is needed".into(),
        ));
    }
    let deadline = limits.deadline();
    let mut facts = Vec::with_capacity(inputs.len());
    for (p, name) in inputs.iter().zip(names) {
        let mut f = probe_any(p, limits)?;
        f.name = name.clone();
        facts.push(f);
    }
    if !op.is_multi_input() && inputs.len() > 1 {
        let mut outs = Vec::new();
        for (p, f) in inputs.iter().zip(&facts) {
            outs.extend(run_one(
                op,
                std::slice::from_ref(p),
                std::slice::from_ref(f),
                output_dir,
                limits,
                deadline,
                progress,
            )?);
        }
        return Ok(outs);
    }
    run_one(op, inputs, &facts, output_dir, limits, deadline, progress)
}

fn run_one(
    op: &Operation,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    output_dir: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    let predicted = op
        .outputs(facts)
        .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
    let name = op.output_name_for(&facts[0]);
    let name = if op.is_multi_input() {
        predicted[0].name.clone()
    } else {
        name
    };
    if op.uses_image_path(facts) {
        let out = names::reserve(output_dir, &name)?;
        let result = image::run(op, &inputs[0], &facts[0], &out, limits, deadline, progress);
        return match result {
            Ok(()) => Ok(vec![out]),
            Err(e) => {
                let _ = std::fs::remove_file(&out);
                Err(e)
            }
        };
    }
    let plan = av::plan(op, facts).map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
    av::execute(
        &plan, inputs, facts, output_dir, &name, limits, deadline, progress,
    )
}

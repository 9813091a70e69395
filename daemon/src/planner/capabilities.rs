//! What the planner can do, as data for clients (`GET /api/v1/capabilities`)
//! and for its own help answers.

use serde::Serialize;
use utoipa::ToSchema;

use crate::media::ops::MediaKind;

/// One operation a prompt can ask for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OperationInfo {
    /// The `op` tag of the step in a plan, e.g. `to_gif`.
    pub op: &'static str,
    pub summary: &'static str,
    /// File kinds it takes: `video`, `audio`, `image`, `gif`.
    pub accepts: Vec<&'static str>,
    /// Prompts that plan to it.
    pub examples: Vec<&'static str>,
}

/// Formats by what they hold.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatsInfo {
    pub video: Vec<&'static str>,
    pub audio: Vec<&'static str>,
    pub image: Vec<&'static str>,
    /// Other names understood for a format.
    pub aliases: Vec<FormatAlias>,
    /// Named formats kiln knows but never writes.
    pub not_written: Vec<&'static str>,
}

/// Another name for a format.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormatAlias {
    pub name: &'static str,
    pub format: &'static str,
}

/// An example prompt and what it plans to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExamplePrompt {
    pub prompt: &'static str,
    /// `command`, `chat` or `refuse`.
    pub kind: &'static str,
}

/// Everything the planner understands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Capabilities {
    pub operations: Vec<OperationInfo>,
    pub formats: FormatsInfo,
    /// Numbers with units the planner reads.
    pub units: Vec<&'static str>,
    pub examples: Vec<ExamplePrompt>,
    /// Prompt length limit, in characters.
    pub max_prompt_chars: u32,
    pub notes: Vec<&'static str>,
}

pub const FORMATS_SENTENCE: &str = "kiln writes video as mp4, webm, mov, mkv and gif; audio as mp3, m4a, wav, flac and ogg; pictures as png, jpg, webp, bmp and tiff. It also reads other containers (avi, mpeg-ts...) and HEIC photos where the build supports them, but does not write them.";

const VISUAL: &[&str] = &["video", "gif", "image"];
const TIMED: &[&str] = &["video", "audio", "gif"];
const STILL: &[&str] = &["image", "gif"];

fn op(
    op: &'static str,
    summary: &'static str,
    accepts: &[&'static str],
    examples: &[&'static str],
) -> OperationInfo {
    OperationInfo {
        op,
        summary,
        accepts: accepts.to_vec(),
        examples: examples.to_vec(),
    }
}

pub fn capabilities() -> Capabilities {
    Capabilities {
        operations: vec![
            op("convert", "Change the format; a video to an audio format extracts the audio, to gif makes an animated GIF, to png/jpg takes a frame; a picture to a video format makes a slideshow.", &["video", "audio", "image", "gif"], &["convert to mp4", "save as jpeg", "make it a webm", "mp3 please"]),
            op("compress", "Smaller file: by quality level or to under a size.", &["video", "audio", "image", "gif"], &["compress it", "make it under 8 MB", "shrink the file for discord", "compress a lot"]),
            op("scale", "Resize by width/height, percent or standard resolution.", VISUAL, &["resize to 800px wide", "make it 720p", "scale to 50%", "1280x720"]),
            op("crop", "Crop to an aspect ratio (centred) or a rectangle.", VISUAL, &["crop to square", "make it 9:16 for tiktok", "crop 640x480 at 10,20"]),
            op("rotate", "Rotate 90°, 180° or 270° clockwise.", VISUAL, &["rotate 90 degrees", "rotate left", "turn it upside down"]),
            op("flip", "Mirror left-right or flip upside down.", VISUAL, &["mirror it", "flip vertically"]),
            op("trim", "Keep part of a clip.", TIMED, &["the first 5 seconds", "trim from 1:00 to 2:30", "last 10s", "cut the first 3 seconds"]),
            op("speed", "Faster or slower (0.25x to 4x), pitch kept.", TIMED, &["2x speed", "slow motion", "make it 50% faster"]),
            op("reverse", "Play backwards.", TIMED, &["reverse it", "play it backwards"]),
            op("change_fps", "Change the frame rate.", &["video", "gif"], &["30 fps", "change the frame rate to 24"]),
            op("extract_audio", "Keep only the audio.", &["video"], &["extract the audio", "audio only as wav", "convert to mp3"]),
            op("remove_audio", "Drop the audio.", &["video"], &["mute it", "remove the sound"]),
            op("volume", "Louder or quieter.", &["video", "audio"], &["make it louder", "volume 50%", "+3 dB"]),
            op("normalize", "Even out loudness (EBU R128).", &["video", "audio"], &["normalize the audio"]),
            op("grayscale", "Black and white.", VISUAL, &["make it black and white", "greyscale"]),
            op("adjust", "Brightness, contrast, saturation.", VISUAL, &["brighter", "more contrast", "more vivid colours", "a bit darker"]),
            op("to_gif", "Animated GIF from a video.", &["video", "gif"], &["make a gif", "gif at 10 fps 320px wide"]),
            op("frames", "Pictures from a video: one at a time, every N seconds, or N frames.", &["video", "gif"], &["screenshot at 0:05", "a frame every 2 seconds", "extract 5 frames as jpg"]),
            op("concat", "Join clips one after another.", TIMED, &["join these clips", "merge them"]),
            op("watermark", "Text, or a logo image sent with the video, in a corner.", &["video"], &["add watermark \"© Ann\" top left", "put my logo in the corner"]),
            op("slideshow", "Pictures to an MP4.", STILL, &["make a slideshow, 2 seconds each", "turn these photos into a video"]),
            op("thumbnail", "Small picture within N×N (for videos: a frame, then that).", &["image", "gif", "video"], &["make a thumbnail", "128px thumbnail"]),
            op("auto_orient", "Rotate upright by the EXIF orientation.", &["image"], &["fix the orientation"]),
            op("blur", "Gaussian blur.", STILL, &["blur it", "blur a little"]),
            op("sharpen", "Unsharp mask.", STILL, &["sharpen", "make it crisper"]),
            op("optimize_png", "Lossless PNG re-compression.", &["image"], &["optimize this png", "compress losslessly"]),
            op("strip_metadata", "Drop EXIF, GPS and other metadata.", STILL, &["remove the exif data", "strip location info"]),
        ],
        formats: FormatsInfo {
            video: vec!["mp4", "webm", "mov", "mkv", "gif"],
            audio: vec!["mp3", "m4a", "wav", "flac", "ogg"],
            image: vec!["png", "jpg", "webp", "bmp", "tiff"],
            aliases: vec![
                FormatAlias { name: "jpeg", format: "jpg" },
                FormatAlias { name: "tif", format: "tiff" },
                FormatAlias { name: "aac", format: "m4a" },
                FormatAlias { name: "opus", format: "ogg" },
                FormatAlias { name: "wave", format: "wav" },
                FormatAlias { name: "quicktime", format: "mov" },
                FormatAlias { name: "matroska", format: "mkv" },
                FormatAlias { name: "h264", format: "mp4" },
                FormatAlias { name: "vp9", format: "webm" },
                FormatAlias { name: "audio only", format: "mp3" },
            ],
            not_written: vec!["heic", "avif", "avi", "wmv", "flv", "mpeg", "svg", "pdf", "hevc"],
        },
        units: vec![
            "800px", "50%", "720p", "4k", "1280x720", "10MB", "500kb", "1.5x", "90°", "0:10",
            "1:30", "1m30s", "5 s", "2 minutes", "30 fps", "+3 dB", "16:9",
        ],
        examples: vec![
            ExamplePrompt { prompt: "make this black and white", kind: "command" },
            ExamplePrompt { prompt: "convert to mp4, trim to 10 s and make it black and white", kind: "command" },
            ExamplePrompt { prompt: "resize to 800px wide and save as webp", kind: "command" },
            ExamplePrompt { prompt: "get the audio as mp3", kind: "command" },
            ExamplePrompt { prompt: "from 1:00 to 2:30, then 2x speed", kind: "command" },
            ExamplePrompt { prompt: "compress to under 8 MB for discord", kind: "command" },
            ExamplePrompt { prompt: "crop to 9:16 for tiktok and mute it", kind: "command" },
            ExamplePrompt { prompt: "make a gif of the first 3 seconds", kind: "command" },
            ExamplePrompt { prompt: "what resolution is this video?", kind: "chat" },
            ExamplePrompt { prompt: "what formats can you make?", kind: "chat" },
            ExamplePrompt { prompt: "remove the background", kind: "refuse" },
        ],
        max_prompt_chars: 2000,
        notes: vec![
            "Steps run in the order written; \"then\", \"and\", commas and full stops separate them.",
            "Requests that are not understood are refused with what is possible; nothing is guessed.",
            "A job in a thread with no files works on the previous job's outputs.",
        ],
    }
}

/// Prompts to suggest for a kind of file.
pub fn suggestions(kind: MediaKind) -> Vec<&'static str> {
    match kind {
        MediaKind::Video => vec![
            "\"trim to the first 10 seconds\"",
            "\"make a gif\"",
            "\"extract the audio as mp3\"",
            "\"compress to under 10 MB\"",
        ],
        MediaKind::Audio => vec![
            "\"convert to wav\"",
            "\"normalize the volume\"",
            "\"the first 30 seconds\"",
        ],
        MediaKind::Image => vec![
            "\"resize to 800px wide\"",
            "\"convert to webp\"",
            "\"make it black and white\"",
            "\"remove the metadata\"",
        ],
        MediaKind::Gif => vec!["\"convert to mp4\"", "\"2x speed\"", "\"resize to 50%\""],
    }
}

//! What the planner can do, as data for clients (`GET /api/v1/capabilities`)
//! and for its own help answers. The operations, what they do and the
//! files they take come from the media operations' registry
//! ([`CATALOG`]); the planner adds the prompts that plan to each.

use serde::Serialize;
use utoipa::ToSchema;

use crate::media::ops::{MediaKind, OpInfo, CATALOG};

/// One operation a prompt can ask for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OperationInfo {
    /// The `op` tag of the step in a plan, e.g. `to_gif`.
    pub op: &'static str,
    pub summary: &'static str,
    /// File kinds it takes: `video`, `audio`, `image`, `gif`, `document`.
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
    /// Documents: PDF is read and written; office formats are read (and
    /// turned into PDF).
    pub document: Vec<&'static str>,
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

pub const FORMATS_SENTENCE: &str = "kiln writes video as mp4, webm, mov, mkv and gif (H.264 by default; H.265/HEVC, AV1, ProRes in mov and VP9 on request), and for older players and editors avi (MPEG-4 Part 2, the Xvid kind, or H.264 on request, with MP3), mpg (MPEG-2 with MP2, as on a DVD) and wmv (WMV 8 with WMA); audio as mp3, m4a (AAC, or lossless ALAC on request), m4b (an audiobook: AAC at 64 kb/s), wav, aiff, flac, ogg and opus (both Opus; mono or stereo, a bitrate, a sample rate); pictures as png (palette PNGs too), jpg, webp (lossless, or lossy at a quality; a video or a GIF becomes an animated webp), avif (lossy, at a quality), bmp, tiff and ico (a Windows icon or favicon: the picture on a transparent square at 16 to 256 px). It also reads other containers (mts, flv, ogv, webm audio such as .weba...) and HEIC photos where the build supports them, but does not write them.";

/// Prompts that plan to each operation, by its `op` name.
#[rustfmt::skip]
const EXAMPLES: &[(&str, &[&str])] = &[
    ("convert", &["convert to mp4", "save as jpeg", "make it a webm", "convert to avi for my old DVD player", "mp3 please", "convert to H.265", "export as ProRes", "encode it in AV1", "webp at quality 75", "jpeg quality 80", "save as avif", "make a favicon", "convert this flac to ALAC", "lossless m4a"]),
    ("compress", &["compress it", "make it under 8 MB", "shrink the file for discord", "compress a lot", "get this gif under 2 MB", "webp under 100 kb"]),
    ("scale", &["resize to 800px wide", "make it 720p", "scale to 50%", "1280x720", "crop to 9:16 at 1080x1920", "HD to SD"]),
    ("crop", &["crop to square", "make it 9:16 for tiktok", "crop 640x480 at 10,20", "crop 100 px off the top and bottom", "crop 100px off the top and 50px off the bottom"]),
    ("shift_audio", &["the audio is 300 ms late", "delay the audio by half a second", "the sound comes 0.2 s too early"]),
    ("trim_silence", &["trim the silence at the start and end", "cut the dead air at the beginning", "remove the long pauses from this podcast", "cut out the parts of the video where nobody is talking"]),
    ("crop_borders", &["remove the black bars", "crop the letterboxing", "trim the white border"]),
    ("pad", &["letterbox it to 9:16", "fit it inside a square without cropping", "pad to 1200x630 with white", "centred on a transparent 400x400 canvas", "add a 20 px white border"]),
    ("rotate", &["rotate 90 degrees", "rotate left", "turn it upside down", "rotate pages 2-3 of this pdf 90 degrees clockwise"]),
    ("flip", &["mirror it", "flip vertically"]),
    ("trim", &["the first 5 seconds", "trim from 1:00 to 2:30", "last 10s", "cut the first 3 seconds", "half a second off each end", "start at 0:02 and end at 0:07", "keep the first half"]),
    ("cut", &["cut out 0:05 to 0:08", "remove the part from 1:00 to 1:30"]),
    ("split", &["split it into 3 parts", "chop it into 10 minute chunks", "cut the video in half", "split at 1:30"]),
    ("fade", &["fade in and out", "fade out over the last 2 seconds"]),
    ("loop", &["loop it 3 times", "make the gif play only once"]),
    ("boomerang", &["make it a boomerang", "play forward then backward"]),
    ("remux", &["remux to mp4", "mkv, don't re-encode"]),
    ("audio_settings", &["make the audio mono", "audio at 128 kbps", "44.1 kHz sample rate"]),
    ("quantize", &["compress the png but keep transparency", "reduce it to 64 colours", "like pngquant"]),
    ("speed", &["2x speed", "slow motion", "make it 50% faster"]),
    ("reverse", &["reverse it", "play it backwards"]),
    ("change_fps", &["30 fps", "change the frame rate to 24", "23.976 fps", "drop every other frame", "double the frame rate"]),
    ("extract_audio", &["extract the audio", "audio only as wav", "convert to mp3", "the audio as mono mp3 at 32k"]),
    ("remove_audio", &["mute it", "remove the sound"]),
    ("volume", &["make it louder", "volume 50%", "+3 dB", "mute 0:10 to 0:12", "lower the volume of the first 10 seconds"]),
    ("normalize", &["normalize the audio", "normalize to -14 LUFS"]),
    ("grayscale", &["make it black and white", "greyscale"]),
    ("adjust", &["brighter", "more contrast", "more vivid colours", "a bit darker"]),
    ("negate", &["invert the colours", "make it a negative"]),
    ("flatten", &["make the background white instead of transparent", "remove the alpha channel", "fill the transparent background with black"]),
    ("to_gif", &["make a gif", "gif at 10 fps 320px wide"]),
    ("frames", &["screenshot at 0:05", "a frame every 2 seconds", "extract 5 frames as jpg"]),
    ("concat", &["join these clips", "merge them"]),
    ("watermark", &["add watermark \"© Ann\" top left", "put my logo in the corner", "add the text \"Ann 2026\" to this photo", "add the filename as a watermark"]),
    ("slideshow", &["make a slideshow, 2 seconds each", "turn these photos into a video", "3 seconds per image"]),
    ("thumbnail", &["make a thumbnail", "128px thumbnail"]),
    ("auto_orient", &["fix the orientation"]),
    ("blur", &["blur it", "blur the video a little"]),
    ("sharpen", &["sharpen", "make the video crisper"]),
    ("optimize_png", &["optimize this png", "compress losslessly"]),
    ("strip_metadata", &["remove the exif data", "strip location info", "remove the album art", "delete the covers from the mp3 files", "strip the author and title from this pdf"]),
    ("pdf_to_images", &["turn this pdf into jpgs", "just page 3 as png", "pages 1-3 at 300 dpi", "convert the pdf to tiff for the fax"]),
    ("office_to_pdf", &["make a pdf from my word doc", "convert this spreadsheet to pdf"]),
    ("compress_pdf", &["shrink this pdf for email", "compress the pdf under 2 MB"]),
    ("images_to_pdf", &["put these photos into one pdf", "make an A4 pdf of these scans"]),
    ("merge_pdfs", &["merge these pdfs", "combine the pdfs into one"]),
    ("extract_pages", &["keep pages 2-3", "remove page 2", "split this pdf into pages", "keep the last two pages"]),
];

fn kind_name(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Video => "video",
        MediaKind::Audio => "audio",
        MediaKind::Image => "image",
        MediaKind::Gif => "gif",
        MediaKind::Document => "document",
    }
}

/// What clients are told of an operation: the operation's own facts and
/// the planner's words for it.
fn operation(info: &OpInfo) -> OperationInfo {
    OperationInfo {
        op: info.name,
        summary: info.summary,
        accepts: info.accepts.iter().copied().map(kind_name).collect(),
        examples: EXAMPLES
            .iter()
            .find(|(op, _)| *op == info.name)
            .map_or(Vec::new(), |(_, examples)| examples.to_vec()),
    }
}

pub fn capabilities() -> Capabilities {
    Capabilities {
        operations: CATALOG.iter().map(operation).collect(),
        formats: FormatsInfo {
            video: vec![
                "mp4", "webm", "mov", "mkv", "avi", "mpg", "wmv", "3gp", "flv", "gif",
            ],
            audio: vec!["mp3", "m4a", "m4b", "wav", "aiff", "flac", "ogg", "opus"],
            image: vec!["png", "jpg", "webp", "avif", "bmp", "tiff"],
            document: vec![
                "pdf", "docx", "doc", "odt", "rtf", "pptx", "ppt", "odp", "xlsx", "xls", "ods",
            ],
            aliases: vec![
                FormatAlias { name: "jpeg", format: "jpg" },
                FormatAlias { name: "tif", format: "tiff" },
                FormatAlias { name: "aac", format: "m4a" },
                FormatAlias { name: "alac", format: "m4a (lossless ALAC)" },
                FormatAlias { name: "apple lossless", format: "m4a (lossless ALAC)" },
                FormatAlias { name: "wave", format: "wav" },
                FormatAlias { name: "quicktime", format: "mov" },
                FormatAlias { name: "matroska", format: "mkv" },
                FormatAlias { name: "xvid", format: "avi" },
                FormatAlias { name: "divx", format: "avi" },
                FormatAlias { name: "mpeg", format: "mpg" },
                FormatAlias { name: "mpeg2", format: "mpg" },
                FormatAlias { name: "vob", format: "mpg" },
                FormatAlias { name: "aif", format: "aiff" },
                FormatAlias { name: "h264", format: "mp4" },
                FormatAlias { name: "hevc", format: "mp4 (H.265)" },
                FormatAlias { name: "h265", format: "mp4 (H.265)" },
                FormatAlias { name: "av1", format: "mp4 (AV1)" },
                FormatAlias { name: "prores", format: "mov (ProRes)" },
                FormatAlias { name: "vp9", format: "webm" },
                FormatAlias { name: "weba", format: "webm" },
                FormatAlias { name: "audio only", format: "mp3" },
            ],
            not_written: vec!["heic", "wma", "amr", "mts", "svg"],
        },
        units: vec![
            "800px", "50%", "720p", "4k", "1280x720", "10MB", "500kb", "1.5x", "90°", "0:10",
            "1:30", "1m30s", "5 s", "2 minutes", "half a second", "30 fps", "23.976 fps", "+3 dB",
            "16:9", "128 kbps", "32k", "44.1 kHz", "1/4x",
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
            ExamplePrompt { prompt: "cut out 0:05 to 0:08 and fade in and out", kind: "command" },
            ExamplePrompt { prompt: "convert to H.265, I want it smaller for my phone", kind: "command" },
            ExamplePrompt { prompt: "remux the mkv to mp4, don't re-encode", kind: "command" },
            ExamplePrompt { prompt: "how many frames does it have?", kind: "chat" },
            ExamplePrompt { prompt: "turn this pdf into jpgs", kind: "command" },
            ExamplePrompt { prompt: "make a pdf from my word doc", kind: "command" },
            ExamplePrompt { prompt: "shrink this pdf for email", kind: "command" },
            ExamplePrompt { prompt: "what resolution is this video?", kind: "chat" },
            ExamplePrompt { prompt: "what formats can you make?", kind: "chat" },
            ExamplePrompt { prompt: "remove the background", kind: "refuse" },
        ],
        max_prompt_chars: 2000,
        notes: vec![
            "Steps run in the order written; \"then\", \"and\", commas and full stops separate them.",
            "Requests that are not understood are refused with what is possible; nothing is guessed.",
            "Reasons, stories and politeness around a request are read as such: \"convert to mp4 because my TV won't play mov\" converts.",
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
        MediaKind::Document => vec![
            "\"turn this pdf into jpgs\"",
            "\"make a pdf from my word doc\"",
            "\"shrink this pdf for email\"",
            "\"just page 3 as png\"",
        ],
    }
}

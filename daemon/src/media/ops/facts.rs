//! What operations know of a file: its kind, its format, and the facts
//! pipelines are checked on before anything runs.

use serde::{Deserialize, Serialize};

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
    /// A PDF or an office document (text, spreadsheet, presentation).
    Document,
}

impl MediaKind {
    pub fn word(self) -> &'static str {
        match self {
            MediaKind::Video => "a video",
            MediaKind::Audio => "an audio file",
            MediaKind::Image => "an image",
            MediaKind::Gif => "a GIF",
            MediaKind::Document => "a document",
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
    /// AVI, MPEG-4 Part 2 (the Xvid/DivX kind old players and editors
    /// read) + MP3.
    Avi,
    /// MPEG program stream (.mpg), MPEG-2 video + MP2, as DVD players and
    /// old editors read it.
    #[serde(alias = "mpg")]
    Mpeg,
    /// Windows Media (ASF), WMV 8 + WMA 2.
    Wmv,
    /// 3GP, for old phones: MPEG-4 Part 2 + AAC.
    #[serde(rename = "3gp")]
    ThreeGp,
    /// Flash Video: Sorenson H.263 + MP3.
    Flv,
    /// Animated GIF (generated palette).
    Gif,
    Mp3,
    /// AAC (or Apple Lossless, ALAC, when asked) in an MP4 audio file.
    M4a,
    /// 16-bit PCM.
    Wav,
    /// 16-bit big-endian PCM (Apple's AIFF).
    Aiff,
    Flac,
    /// Opus in Ogg.
    Ogg,
    /// Opus in Ogg, named `.opus` (what voice messages and players of
    /// Opus expect).
    Opus,
    /// AAC in an MP4 audio file named `.m4b`: an audiobook (players keep
    /// its place and play it at their own speed).
    M4b,
    Png,
    Jpeg,
    Webp,
    Bmp,
    Tiff,
    /// A Windows icon: the picture at the icon sizes up to 256 px, each a
    /// PNG inside.
    Ico,
    /// AVIF (AV1 in HEIF, through FFmpeg).
    Avif,
    /// HEIC/HEIF (libheif): read only; still operations on it write JPEG.
    Heic,
    /// Other containers we can read (avi, mpegts, ...), never written.
    Other,
    Pdf,
    /// Office documents, read only (LibreOffice turns them into PDF).
    Docx,
    Doc,
    Odt,
    Rtf,
    Pptx,
    Ppt,
    Odp,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mp4 => "mp4",
            Format::Webm => "webm",
            Format::Mov => "mov",
            Format::Mkv => "mkv",
            Format::Avi => "avi",
            Format::Mpeg => "mpg",
            Format::Wmv => "wmv",
            Format::ThreeGp => "3gp",
            Format::Flv => "flv",
            Format::Gif => "gif",
            Format::Mp3 => "mp3",
            Format::M4a => "m4a",
            Format::Wav => "wav",
            Format::Aiff => "aiff",
            Format::Flac => "flac",
            Format::Ogg => "ogg",
            Format::Opus => "opus",
            Format::M4b => "m4b",
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
            Format::Bmp => "bmp",
            Format::Tiff => "tiff",
            Format::Ico => "ico",
            Format::Avif => "avif",
            Format::Heic => "heic",
            Format::Other => "bin",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Pptx => "pptx",
            Format::Ppt => "ppt",
            Format::Odp => "odp",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// The kind of file this format holds when written.
    pub fn kind(self) -> MediaKind {
        match self {
            Format::Mp4
            | Format::Webm
            | Format::Mov
            | Format::Mkv
            | Format::Avi
            | Format::Mpeg
            | Format::Wmv
            | Format::ThreeGp
            | Format::Flv
            | Format::Other => MediaKind::Video,
            Format::Gif => MediaKind::Gif,
            Format::Mp3
            | Format::M4a
            | Format::M4b
            | Format::Wav
            | Format::Aiff
            | Format::Flac
            | Format::Ogg
            | Format::Opus => MediaKind::Audio,
            Format::Png
            | Format::Jpeg
            | Format::Webp
            | Format::Bmp
            | Format::Tiff
            | Format::Ico
            | Format::Avif
            | Format::Heic => MediaKind::Image,
            Format::Pdf
            | Format::Docx
            | Format::Doc
            | Format::Odt
            | Format::Rtf
            | Format::Pptx
            | Format::Ppt
            | Format::Odp
            | Format::Xlsx
            | Format::Xls
            | Format::Ods => MediaKind::Document,
        }
    }

    /// An office document LibreOffice reads.
    pub fn is_office(self) -> bool {
        self.kind() == MediaKind::Document && self != Format::Pdf
    }

    pub fn is_video_container(self) -> bool {
        self.kind() == MediaKind::Video && self != Format::Other
    }

    /// A video format of older players, phones and editors (AVI, MPEG,
    /// WMV, 3GP, FLV): no stream is copied into one, and a conversion with
    /// no format asked makes an MP4 of it.
    pub fn is_legacy_video(self) -> bool {
        matches!(
            self,
            Format::Avi | Format::Mpeg | Format::Wmv | Format::ThreeGp | Format::Flv
        )
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
            "avi" => Format::Avi,
            "mpg" | "mpeg" | "vob" => Format::Mpeg,
            "wmv" => Format::Wmv,
            "3gp" | "3g2" => Format::ThreeGp,
            "flv" => Format::Flv,
            "gif" => Format::Gif,
            "mp3" => Format::Mp3,
            "m4a" | "aac" => Format::M4a,
            "wav" => Format::Wav,
            "aiff" | "aif" => Format::Aiff,
            "flac" => Format::Flac,
            "ogg" | "oga" => Format::Ogg,
            "opus" => Format::Opus,
            "m4b" => Format::M4b,
            "png" => Format::Png,
            "jpg" | "jpeg" => Format::Jpeg,
            "webp" => Format::Webp,
            "bmp" => Format::Bmp,
            "tif" | "tiff" => Format::Tiff,
            "ico" => Format::Ico,
            "avif" => Format::Avif,
            "heic" | "heif" => Format::Heic,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "doc" => Format::Doc,
            "odt" => Format::Odt,
            "rtf" => Format::Rtf,
            "pptx" => Format::Pptx,
            "ppt" => Format::Ppt,
            "odp" => Format::Odp,
            "xlsx" => Format::Xlsx,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
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
    /// The file's size in bytes, where it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The main video stream's codec (`h264`, `hevc`, `vp9`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_codec: Option<String>,
    /// The main audio stream's codec (`aac`, `mp3`, `alac`, `opus`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_codec: Option<String>,
    /// The main audio stream's sample rate (Hz) and channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u32>,
    /// Documents: pages and what else they tell (absent for media files, so
    /// their stored form is unchanged). `width` and `height` hold a PDF's
    /// first page size in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocFacts>,
}

/// What is known about a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFacts {
    /// Pages (PDF), unknown for office files until converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// The program that made it (PDF `Producer`, else `Creator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// Whether any page has text (a scan without OCR has none).
    #[serde(default)]
    pub has_text: bool,
    /// Whether the file is password-protected.
    #[serde(default)]
    pub encrypted: bool,
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
            bytes: None,
            video_codec: None,
            audio_codec: None,
            sample_rate: None,
            channels: None,
            document: None,
        }
    }

    /// Facts from a [`crate::media::probe::probe`] answer.
    pub fn from_media_info(name: &str, info: &crate::media::probe::MediaInfo) -> FileFacts {
        let format = super::av::container_format(&info.container);
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
            bytes: None,
            video_codec: None,
            audio_codec: None,
            sample_rate: None,
            channels: None,
            document: None,
        }
    }
}

//! Video codecs a conversion can ask for, and the encoders FFmpeg (as
//! Debian builds it) writes them with.

use serde::{Deserialize, Serialize};

use super::av::VideoEnc;
use super::plan::h264;
use super::Format;

/// A video codec to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VideoCodec {
    H264,
    /// H.265, by libx265.
    Hevc,
    /// AV1, by SVT-AV1.
    Av1,
    /// Apple ProRes 422, by prores_ks (10-bit 4:2:2).
    Prores,
    Vp9,
}

impl VideoCodec {
    /// The name people know it by.
    pub fn word(self) -> &'static str {
        match self {
            VideoCodec::H264 => "H.264",
            VideoCodec::Hevc => "HEVC (H.265)",
            VideoCodec::Av1 => "AV1",
            VideoCodec::Prores => "ProRes",
            VideoCodec::Vp9 => "VP9",
        }
    }

    /// The codec name FFmpeg probes it as.
    pub fn probe_name(self) -> &'static str {
        match self {
            VideoCodec::H264 => "h264",
            VideoCodec::Hevc => "hevc",
            VideoCodec::Av1 => "av1",
            VideoCodec::Prores => "prores",
            VideoCodec::Vp9 => "vp9",
        }
    }

    /// Whether a file of `format` can hold it.
    pub fn fits(self, format: Format) -> bool {
        use Format::*;
        match self {
            // (H.264 in AVI: what cameras and screen recorders write.)
            VideoCodec::H264 => matches!(format, Mp4 | Mov | Mkv | Avi),
            VideoCodec::Hevc => matches!(format, Mp4 | Mov | Mkv),
            VideoCodec::Av1 | VideoCodec::Vp9 => matches!(format, Mp4 | Webm | Mkv),
            VideoCodec::Prores => matches!(format, Mov | Mkv),
        }
    }

    /// The container a request for the codec alone lands in.
    pub fn usual_container(self) -> Format {
        match self {
            VideoCodec::Prores => Format::Mov,
            VideoCodec::Vp9 => Format::Webm,
            _ => Format::Mp4,
        }
    }

    /// The encoder and its settings.
    pub(crate) fn encoder(self) -> VideoEnc {
        match self {
            VideoCodec::H264 => h264(23),
            VideoCodec::Hevc => VideoEnc {
                encoder: "libx265",
                pix_fmt: "yuv420p",
                opts: vec![
                    ("preset", "fast".into()),
                    ("crf", "28".into()),
                    ("x265-params", "log-level=error".into()),
                ],
            },
            VideoCodec::Av1 => VideoEnc {
                encoder: "libsvtav1",
                pix_fmt: "yuv420p",
                opts: vec![("preset", "10".into()), ("crf", "35".into())],
            },
            VideoCodec::Prores => VideoEnc {
                encoder: "prores_ks",
                pix_fmt: "yuv422p10le",
                opts: vec![("profile", "2".into())],
            },
            VideoCodec::Vp9 => super::plan::video_encoder(Format::Webm),
        }
    }
}

//! Compression levels, shared by the operations that encode.

use serde::{Deserialize, Serialize};

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
    pub(crate) fn crf(self) -> u32 {
        match self {
            Quality::High => 20,
            Quality::Medium => 26,
            Quality::Low => 30,
            Quality::Smallest => 35,
        }
    }
    /// The quantiser of MPEG-4 Part 2, MPEG-2 and WMV (`-q:v`).
    pub(crate) fn qscale(self) -> u32 {
        match self {
            Quality::High => 3,
            Quality::Medium => 6,
            Quality::Low => 10,
            Quality::Smallest => 16,
        }
    }
    pub(crate) fn audio_kbps(self) -> u32 {
        match self {
            Quality::High => 160,
            Quality::Medium => 128,
            Quality::Low => 96,
            Quality::Smallest => 64,
        }
    }
    /// The colours a PNG keeps when compressed at this quality (a palette,
    /// as pngquant makes; transparency kept).
    pub(crate) fn png_colors(self) -> u16 {
        match self {
            Quality::High | Quality::Medium => 256,
            Quality::Low => 128,
            Quality::Smallest => 64,
        }
    }

    pub(crate) fn jpeg(self) -> u8 {
        match self {
            Quality::High => 90,
            Quality::Medium => 80,
            Quality::Low => 65,
            Quality::Smallest => 45,
        }
    }
}

//! Media: probing, rendering and test-clip generation, run in-process with
//! FFmpeg (through `ffmpeg-next`) inside the sandboxed worker processes.
//!
//! - [`probe`] opens an untrusted file, checks it against limits and decodes
//!   its first video frame;
//! - [`render`] is the frame-rate conversion ("smoother video") renderer;
//! - `testclip` (tests and the `testkit` feature only) writes real H.264/AAC
//!   MP4 clips for tests;
//! - [`docs`] reads, renders and writes PDFs and drives LibreOffice for
//!   office documents;
//! - [`ops`] is the library of typed file operations (convert, scale, trim,
//!   GIF, stills...) that jobs run, each with its equivalent command line;
//! - `av` is the FFmpeg plumbing they share (demuxing and decoding,
//!   encoding and muxing).
//!
//! Every entry point calls [`init`] itself; calling it again is harmless.

mod av;
pub mod docs;
mod encode;
pub mod interpolate;
pub mod ops;
pub mod probe;
pub mod render;
#[cfg(any(test, feature = "testkit"))]
pub mod testclip;

use std::path::{Path, PathBuf};
use std::sync::Once;

use ffmpeg_next as ffmpeg;

/// Everything that can go wrong while probing, rendering or writing media.
/// The messages are meant to be shown to the person who uploaded the file.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("cannot access {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the file is empty")]
    Empty,
    #[error("not a decodable video: {0}")]
    NotDecodable(String),
    #[error("no video stream")]
    NoVideoStream,
    #[error("video is {width}x{height}, larger than the {max_width}x{max_height} limit")]
    TooLarge {
        width: u32,
        height: u32,
        max_width: u32,
        max_height: u32,
    },
    #[error("video is {duration_secs:.1} s long, longer than the {max_secs:.0} s limit")]
    TooLong { duration_secs: f64, max_secs: f64 },
    #[error("the duration of the video cannot be determined")]
    UnknownDuration,
    #[error("invalid render request: {0}")]
    InvalidRequest(String),
    #[error("the audio track ({codec}) cannot be copied into an MP4 file")]
    UnsupportedAudio { codec: String },
    #[error("the {0} encoder is not available in this FFmpeg build")]
    EncoderUnavailable(&'static str),
    #[error("FFmpeg failed while {context}: {source}")]
    Ffmpeg {
        context: &'static str,
        #[source]
        source: ffmpeg::Error,
    },
    #[error("canceled")]
    Canceled,
    #[error("the step took longer than its {secs:.0} s time limit")]
    TimeLimit { secs: f64 },
    #[error("not a readable image: {0}")]
    BadImage(String),
    #[error(transparent)]
    Document(#[from] docs::DocError),
}

impl MediaError {
    /// Wraps an FFmpeg error with what we were doing when it happened.
    pub(crate) fn ffmpeg(context: &'static str) -> impl FnOnce(ffmpeg::Error) -> MediaError {
        move |source| MediaError::Ffmpeg { context, source }
    }

    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MediaError + '_ {
        move |source| MediaError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Initialises FFmpeg once per process and silences its own logging (our
/// errors carry the messages; FFmpeg's chatter about corrupt untrusted input
/// would only flood the worker's stderr).
pub fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if let Err(e) = ffmpeg::init() {
            tracing::warn!(error = %e, "ffmpeg init reported an error");
        }
        ffmpeg::log::set_level(ffmpeg::log::Level::Quiet);
    });
    ops::avif::enable();
}

/// FFmpeg reads a path as a URL (`a:b` would name protocol `a`); the `file:`
/// prefix pins the file protocol so a file name can never select another one.
pub(crate) fn file_url(path: &Path) -> PathBuf {
    let mut s = std::ffi::OsString::from("file:");
    s.push(path.as_os_str());
    PathBuf::from(s)
}

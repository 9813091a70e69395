//! FFmpeg plumbing shared by the prober, the renderer, the test-clip writer
//! and the media operations, so each of them only says what it does with
//! the frames:
//!
//! - [`Demuxer`] owns an open input and the decoders of the streams in use:
//!   it reads packets, hands them to their decoder, flushes the decoders at
//!   the end of the file and counts damaged data;
//! - [`StreamEncoder`] owns an opened encoder and its output stream: frames
//!   in, packets re-timed and written to the muxer;
//! - [`output`] creates output files and streams (encoded or copied packets,
//!   display matrices).

mod decode;
mod demux;
mod encoder;
pub(crate) mod output;

pub(crate) use decode::Received;
pub(crate) use demux::{Demuxer, Read};
pub(crate) use encoder::StreamEncoder;

/// Which kind of stream a decoder or encoder works on; it names the stream
/// in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Medium {
    Video,
    Audio,
    /// Only ever copied, never decoded.
    Subtitle,
}

/// How errors name the steps on a stream of each medium.
struct Steps {
    adding_stream: &'static str,
    writing: &'static str,
    encoding: &'static str,
    flushing: &'static str,
}

impl Medium {
    fn steps(self) -> &'static Steps {
        match self {
            Medium::Video => &Steps {
                adding_stream: "adding the video stream",
                writing: "writing video",
                encoding: "encoding video",
                flushing: "flushing the video encoder",
            },
            Medium::Audio => &Steps {
                adding_stream: "adding the audio stream",
                writing: "writing audio",
                encoding: "encoding audio",
                flushing: "flushing the audio encoder",
            },
            Medium::Subtitle => &Steps {
                adding_stream: "adding the subtitle stream",
                writing: "writing subtitles",
                encoding: "encoding subtitles",
                flushing: "flushing the subtitle encoder",
            },
        }
    }
}

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
}

impl Medium {
    fn adding_stream(self) -> &'static str {
        match self {
            Medium::Video => "adding the video stream",
            Medium::Audio => "adding the audio stream",
        }
    }

    fn writing(self) -> &'static str {
        match self {
            Medium::Video => "writing video",
            Medium::Audio => "writing audio",
        }
    }

    fn encoding(self) -> &'static str {
        match self {
            Medium::Video => "encoding video",
            Medium::Audio => "encoding audio",
        }
    }

    fn flushing(self) -> &'static str {
        match self {
            Medium::Video => "flushing the video encoder",
            Medium::Audio => "flushing the audio encoder",
        }
    }
}

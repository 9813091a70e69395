//! One decoded stream of an input.

use ffmpeg::codec::decoder;
use ffmpeg::{frame, Packet};
use ffmpeg_next as ffmpeg;

/// What a decoder answered when asked for its next frame.
#[derive(Debug)]
pub(crate) enum Received {
    /// A frame, now in the caller's buffer.
    Frame,
    /// Nothing until it is given more packets.
    Again,
    /// It is flushed: no frame will come any more.
    End,
    /// The data it was given did not decode.
    Failed(ffmpeg::Error),
}

/// A stream of the input (by index) and the opened decoder reading it.
pub(super) struct StreamDecoder {
    pub(super) index: usize,
    decoder: decoder::Opened,
}

impl StreamDecoder {
    pub(super) fn new(index: usize, decoder: decoder::Opened) -> StreamDecoder {
        StreamDecoder { index, decoder }
    }

    /// Hands a packet of this stream to the decoder; false if it refused it.
    pub(super) fn send(&mut self, packet: &Packet) -> bool {
        self.decoder.send_packet(packet).is_ok()
    }

    /// Tells the decoder the stream has ended, so it gives out what it holds.
    pub(super) fn flush(&mut self) {
        // An error only means the decoder was already flushed.
        let _ = self.decoder.send_eof();
    }

    pub(super) fn receive(&mut self, frame: &mut frame::Frame) -> Received {
        match self.decoder.receive_frame(frame) {
            Ok(()) => Received::Frame,
            Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => Received::Again,
            Err(ffmpeg::Error::Eof) => Received::End,
            Err(e) => Received::Failed(e),
        }
    }
}

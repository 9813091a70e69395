//! Reading an input: packets go to the decoder of their stream, the
//! decoders are flushed at the end of the file, damaged data is counted.

use ffmpeg::codec::decoder;
use ffmpeg::ffi;
use ffmpeg::format::context::Input;
use ffmpeg::{frame, Packet};
use ffmpeg_next as ffmpeg;

use super::decode::{Received, StreamDecoder};
use super::Medium;
use crate::media::probe::MAX_CORRUPT_PACKETS;
use crate::media::MediaError;

/// What one [`Demuxer::read`] brought.
pub(crate) enum Read {
    /// A packet of a decoded stream, now with its decoder.
    Sent,
    /// A packet of a decoded stream that its decoder refused as damaged.
    Refused,
    /// A packet of a stream nobody decodes.
    Other(Packet),
    /// Damaged data the demuxer skipped.
    Damaged,
    /// The end of the file; the decoders have been told to flush.
    End,
}

/// An open input and the decoders of its streams in use (a video stream, an
/// audio stream, both or none).
pub(crate) struct Demuxer {
    input: Input,
    video: Option<StreamDecoder>,
    audio: Option<StreamDecoder>,
    eof: bool,
    damaged: u32,
}

impl Demuxer {
    pub(crate) fn new(input: Input) -> Demuxer {
        Demuxer {
            input,
            video: None,
            audio: None,
            eof: false,
            damaged: 0,
        }
    }

    /// Decodes stream `index` with `decoder`.
    pub(crate) fn with_video(mut self, index: usize, decoder: decoder::Video) -> Demuxer {
        self.video = Some(StreamDecoder::new(index, decoder.0));
        self
    }

    /// Decodes stream `index` with `decoder`.
    pub(crate) fn with_audio(mut self, index: usize, decoder: decoder::Audio) -> Demuxer {
        self.audio = Some(StreamDecoder::new(index, decoder.0));
        self
    }

    pub(crate) fn input(&self) -> &Input {
        &self.input
    }

    /// Where the file starts, in `AV_TIME_BASE` units (0 when it does not
    /// say).
    pub(crate) fn start_time(&self) -> i64 {
        // SAFETY: reading a field of the open format context.
        let start_time = unsafe { (*self.input.as_ptr()).start_time };
        if start_time == ffi::AV_NOPTS_VALUE {
            0
        } else {
            start_time
        }
    }

    /// Seeks to the key frame at or before `ts` (`AV_TIME_BASE` units).
    pub(crate) fn seek(&mut self, ts: i64) -> Result<(), ffmpeg::Error> {
        self.input.seek(ts, ..ts)
    }

    /// Whether the whole file has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.eof
    }

    /// Reads the next packet and hands it to its stream's decoder, if any.
    pub(crate) fn read(&mut self) -> Result<Read, MediaError> {
        if self.eof {
            return Ok(Read::End);
        }
        let mut packet = Packet::empty();
        match packet.read(&mut self.input) {
            Ok(()) => Ok(self.route(packet)),
            Err(ffmpeg::Error::Eof) => {
                self.eof = true;
                self.video
                    .iter_mut()
                    .chain(&mut self.audio)
                    .for_each(StreamDecoder::flush);
                Ok(Read::End)
            }
            Err(ffmpeg::Error::InvalidData) => Ok(Read::Damaged),
            Err(e) => Err(MediaError::NotDecodable(format!(
                "the file cannot be read ({e})"
            ))),
        }
    }

    /// Hands a packet to the decoder of its stream, if any.
    fn route(&mut self, packet: Packet) -> Read {
        let index = packet.stream();
        let decoder = [self.video.as_mut(), self.audio.as_mut()]
            .into_iter()
            .flatten()
            .find(|d| d.index == index);
        let Some(decoder) = decoder else {
            return Read::Other(packet);
        };
        if decoder.send(&packet) {
            Read::Sent
        } else {
            Read::Refused
        }
    }

    /// Asks the decoder of `medium` for its next frame ([`Received::End`]
    /// when that stream is not decoded).
    pub(crate) fn receive(&mut self, medium: Medium, frame: &mut frame::Frame) -> Received {
        let decoder = match medium {
            Medium::Video => self.video.as_mut(),
            Medium::Audio => self.audio.as_mut(),
            Medium::Subtitle => None,
        };
        decoder.map_or(Received::End, |d| d.receive(frame))
    }

    /// Counts one damaged packet or picture; past
    /// [`MAX_CORRUPT_PACKETS`] the input is given up with `message`.
    pub(crate) fn damaged(&mut self, message: &'static str) -> Result<(), MediaError> {
        self.damaged += 1;
        if self.damaged > MAX_CORRUPT_PACKETS {
            return Err(MediaError::NotDecodable(message.into()));
        }
        Ok(())
    }
}

//! An opened encoder and the output stream it writes to.

use std::ops::DerefMut;
use std::time::{Duration, Instant};

use ffmpeg::format::context::Output;
use ffmpeg::{codec, encoder, format, frame, Codec, Packet, Rational};
use ffmpeg_next as ffmpeg;

use super::output::stream_time_base;
use super::Medium;
use crate::media::MediaError;

/// Frames go in, packets come out re-timed into the output stream's time
/// base and are written to the muxer, interleaved with the other streams.
pub(crate) struct StreamEncoder {
    encoder: encoder::Encoder,
    index: usize,
    /// Time base of the frames sent (the encoder's).
    time_base: Rational,
    medium: Medium,
    packet: Packet,
    /// Time spent handing packets to the muxer.
    mux_time: Duration,
}

impl StreamEncoder {
    /// Adds an output stream for `codec` and makes a video encoder context
    /// for it, to be set up and opened by the caller (`setup` names that
    /// step in errors).
    pub(crate) fn new_video(
        octx: &mut Output,
        codec: Codec,
        setup: &'static str,
    ) -> Result<(usize, encoder::video::Video), MediaError> {
        new_context(octx, codec, Medium::Video, setup, encoder::Encoder::video)
    }

    /// Like [`StreamEncoder::new_video`], for audio.
    pub(crate) fn new_audio(
        octx: &mut Output,
        codec: Codec,
        setup: &'static str,
    ) -> Result<(usize, encoder::audio::Audio), MediaError> {
        new_context(octx, codec, Medium::Audio, setup, encoder::Encoder::audio)
    }

    /// Wraps the opened video encoder of stream `index` (from
    /// [`StreamEncoder::new_video`]) and describes the stream after it;
    /// call before `write_header`.
    pub(crate) fn video(
        octx: &mut Output,
        index: usize,
        opened: encoder::video::Encoder,
        time_base: Rational,
        frame_rate: Option<Rational>,
    ) -> Result<StreamEncoder, MediaError> {
        let mut ost = octx
            .stream_mut(index)
            .ok_or_else(|| stream_missing(Medium::Video))?;
        ost.set_parameters(&opened);
        ost.set_time_base(time_base);
        if let Some(rate) = frame_rate {
            ost.set_avg_frame_rate(rate);
            ost.set_rate(rate);
        }
        Ok(StreamEncoder::wrap(
            opened.0 .0,
            index,
            time_base,
            Medium::Video,
        ))
    }

    /// Like [`StreamEncoder::video`], for audio.
    pub(crate) fn audio(
        octx: &mut Output,
        index: usize,
        opened: encoder::audio::Encoder,
        time_base: Rational,
    ) -> Result<StreamEncoder, MediaError> {
        let mut ost = octx
            .stream_mut(index)
            .ok_or_else(|| stream_missing(Medium::Audio))?;
        ost.set_parameters(&opened);
        ost.set_time_base(time_base);
        Ok(StreamEncoder::wrap(
            opened.0 .0,
            index,
            time_base,
            Medium::Audio,
        ))
    }

    fn wrap(
        encoder: encoder::Encoder,
        index: usize,
        time_base: Rational,
        medium: Medium,
    ) -> StreamEncoder {
        StreamEncoder {
            encoder,
            index,
            time_base,
            medium,
            packet: Packet::empty(),
            mux_time: Duration::ZERO,
        }
    }

    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// Time spent so far writing its packets to the muxer (the rest of the
    /// time in [`StreamEncoder::send_frame`] and [`StreamEncoder::drain`]
    /// is the encoder's).
    pub(crate) fn mux_time(&self) -> Duration {
        self.mux_time
    }

    /// The time base of the frames it takes.
    pub(crate) fn time_base(&self) -> Rational {
        self.time_base
    }

    /// Hands a frame (timestamps in [`StreamEncoder::time_base`]) to the
    /// encoder; [`StreamEncoder::drain`] writes what comes out.
    pub(crate) fn send_frame(&mut self, frame: &frame::Frame) -> Result<(), MediaError> {
        self.encoder
            .send_frame(frame)
            .map_err(MediaError::ffmpeg(self.medium.steps().encoding))
    }

    /// Writes every packet the encoder has ready.
    pub(crate) fn drain(&mut self, octx: &mut Output) -> Result<(), MediaError> {
        let ost_tb = stream_time_base(octx, self.index, self.medium.steps().writing)?;
        loop {
            match self.encoder.receive_packet(&mut self.packet) {
                Ok(()) => {
                    self.packet.set_stream(self.index);
                    // Constant frame rate: every picture lasts one tick.
                    if self.medium == Medium::Video && self.packet.duration() <= 0 {
                        self.packet.set_duration(1);
                    }
                    self.packet.rescale_ts(self.time_base, ost_tb);
                    let t = Instant::now();
                    let written = self.packet.write_interleaved(octx);
                    self.mux_time += t.elapsed();
                    written.map_err(MediaError::ffmpeg(self.medium.steps().writing))?;
                }
                Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => return Ok(()),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(e) => {
                    return Err(MediaError::Ffmpeg {
                        context: self.medium.steps().encoding,
                        source: e,
                    })
                }
            }
        }
    }

    /// Flushes the encoder and writes the rest; call before `write_trailer`.
    pub(crate) fn finish(&mut self, octx: &mut Output) -> Result<(), MediaError> {
        self.encoder
            .send_eof()
            .map_err(MediaError::ffmpeg(self.medium.steps().flushing))?;
        self.drain(octx)
    }
}

/// Adds the output stream and makes its encoder context (`kind` picks
/// video or audio), with the global-header flag when the muxer wants the
/// codec headers once in the container (MP4, Matroska) rather than in the
/// stream.
fn new_context<E: DerefMut<Target = encoder::Encoder>>(
    octx: &mut Output,
    codec: Codec,
    medium: Medium,
    setup: &'static str,
    kind: fn(encoder::Encoder) -> Result<E, ffmpeg::Error>,
) -> Result<(usize, E), MediaError> {
    let index = octx
        .add_stream(codec)
        .map_err(MediaError::ffmpeg(medium.steps().adding_stream))?
        .index();
    let context = codec::context::Context::new_with_codec(codec).encoder();
    let mut enc = kind(context).map_err(MediaError::ffmpeg(setup))?;
    if octx.format().flags().contains(format::Flags::GLOBAL_HEADER) {
        enc.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    Ok((index, enc))
}

fn stream_missing(medium: Medium) -> MediaError {
    MediaError::Ffmpeg {
        context: medium.steps().adding_stream,
        source: ffmpeg::Error::StreamNotFound,
    }
}

//! Shared MP4/H.264 output used by the renderer and the test-clip writer:
//! creating the MP4 muxer, an libx264 yuv420p stream at a constant frame
//! rate, and display-matrix (rotation) side data on output streams.

use std::path::Path;

use ffmpeg::ffi;
use ffmpeg::format::context::Output;
use ffmpeg::{codec, color, encoder, format, frame, Dictionary, Packet, Rational};
use ffmpeg_next as ffmpeg;

use super::render::Plane3;
use super::{file_url, MediaError};

/// Creates `path` (truncating it) and an MP4 muxer writing to it.
pub(crate) fn create_mp4(path: &Path) -> Result<Output, MediaError> {
    format::output_as(&file_url(path), "mp4").map_err(|e| match e {
        ffmpeg::Error::Other { errno } => MediaError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::from_raw_os_error(errno),
        },
        e => MediaError::Ffmpeg {
            context: "creating the output file",
            source: e,
        },
    })
}

/// Colour description copied from the source onto the output.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColorProps {
    pub space: color::Space,
    pub range: color::Range,
    pub primaries: color::Primaries,
    pub trc: color::TransferCharacteristic,
}

pub(crate) struct H264Config<'a> {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    /// x264 preset, e.g. `veryfast`.
    pub preset: &'a str,
    pub crf: u32,
    pub color: Option<ColorProps>,
    pub sample_aspect: Option<Rational>,
}

/// One libx264 stream of an MP4 being written; frames are [`Plane3`]s with
/// presentation timestamps counted in frames (time base `1/fps`).
pub(crate) struct H264Stream {
    encoder: encoder::video::Encoder,
    index: usize,
    time_base: Rational,
    frame: frame::Video,
    packet: Packet,
}

impl H264Stream {
    /// Adds the stream to `octx`; call before `write_header`.
    pub(crate) fn add(octx: &mut Output, cfg: &H264Config) -> Result<Self, MediaError> {
        let codec = encoder::find_by_name("libx264")
            .ok_or(MediaError::EncoderUnavailable("H.264 (libx264)"))?;
        let fps = i32::try_from(cfg.fps)
            .map_err(|_| MediaError::InvalidRequest("frame rate out of range".into()))?;
        let global_header = octx.format().flags().contains(format::Flags::GLOBAL_HEADER);
        let index = octx
            .add_stream(codec)
            .map_err(MediaError::ffmpeg("adding the video stream"))?
            .index();

        let mut enc = codec::context::Context::new_with_codec(codec)
            .encoder()
            .video()
            .map_err(MediaError::ffmpeg("setting up the H.264 encoder"))?;
        let time_base = Rational::new(1, fps);
        enc.set_width(cfg.width);
        enc.set_height(cfg.height);
        enc.set_format(format::Pixel::YUV420P);
        enc.set_time_base(time_base);
        enc.set_frame_rate(Some(Rational::new(fps, 1)));
        if let Some(sar) = cfg.sample_aspect {
            if sar.numerator() > 0 && sar.denominator() > 0 {
                enc.set_aspect_ratio(sar);
            }
        }
        if let Some(c) = cfg.color {
            enc.set_colorspace(c.space);
            enc.set_color_range(c.range);
            enc.set_color_primaries(c.primaries);
            enc.set_color_transfer_characteristic(c.trc);
        }
        if global_header {
            enc.set_flags(codec::Flags::GLOBAL_HEADER);
        }
        let mut opts = Dictionary::new();
        opts.set("preset", cfg.preset);
        opts.set("crf", &cfg.crf.to_string());
        let encoder = enc
            .open_as_with(codec, opts)
            .map_err(MediaError::ffmpeg("opening the H.264 encoder"))?;

        let mut ost = octx.stream_mut(index).ok_or(MediaError::Ffmpeg {
            context: "adding the video stream",
            source: ffmpeg::Error::StreamNotFound,
        })?;
        ost.set_parameters(&encoder);
        ost.set_time_base(time_base);
        ost.set_avg_frame_rate(Rational::new(fps, 1));
        ost.set_rate(Rational::new(fps, 1));

        Ok(H264Stream {
            encoder,
            index,
            time_base,
            frame: frame::Video::new(format::Pixel::YUV420P, cfg.width, cfg.height),
            packet: Packet::empty(),
        })
    }

    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// Encodes one picture shown at `pts` frames and writes what the encoder
    /// hands back.
    pub(crate) fn send(
        &mut self,
        octx: &mut Output,
        pic: &Plane3,
        pts: i64,
    ) -> Result<(), MediaError> {
        // SAFETY: the frame is a valid, allocated AVFrame; this copies its
        // buffer if the encoder still holds a reference to it.
        let ret = unsafe { ffi::av_frame_make_writable(self.frame.as_mut_ptr()) };
        if ret < 0 {
            return Err(MediaError::Ffmpeg {
                context: "allocating a frame",
                source: ffmpeg::Error::from(ret),
            });
        }
        pic.copy_to_frame(&mut self.frame);
        self.frame.set_pts(Some(pts));
        self.frame.set_kind(ffmpeg::picture::Type::None);
        self.encoder
            .send_frame(&self.frame)
            .map_err(MediaError::ffmpeg("encoding video"))?;
        self.drain(octx)
    }

    /// Flushes the encoder; call before `write_trailer`.
    pub(crate) fn finish(&mut self, octx: &mut Output) -> Result<(), MediaError> {
        self.encoder
            .send_eof()
            .map_err(MediaError::ffmpeg("flushing the video encoder"))?;
        self.drain(octx)
    }

    fn drain(&mut self, octx: &mut Output) -> Result<(), MediaError> {
        let ost_tb = octx
            .stream(self.index)
            .map(|s| s.time_base())
            .ok_or(MediaError::Ffmpeg {
                context: "writing video",
                source: ffmpeg::Error::StreamNotFound,
            })?;
        loop {
            match self.encoder.receive_packet(&mut self.packet) {
                Ok(()) => {
                    self.packet.set_stream(self.index);
                    // Constant frame rate: every picture lasts one tick.
                    if self.packet.duration() <= 0 {
                        self.packet.set_duration(1);
                    }
                    self.packet.rescale_ts(self.time_base, ost_tb);
                    self.packet
                        .write_interleaved(octx)
                        .map_err(MediaError::ffmpeg("writing video"))?;
                }
                Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => return Ok(()),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(e) => {
                    return Err(MediaError::Ffmpeg {
                        context: "encoding video",
                        source: e,
                    })
                }
            }
        }
    }
}

/// Attaches a display matrix (rotation) to output stream `index`; call
/// before `write_header`.
pub(crate) fn set_display_matrix(
    octx: &mut Output,
    index: usize,
    matrix: &[i32; 9],
) -> Result<(), MediaError> {
    let mut ost = octx.stream_mut(index).ok_or(MediaError::Ffmpeg {
        context: "setting the rotation",
        source: ffmpeg::Error::StreamNotFound,
    })?;
    // SAFETY: `ost` is a live stream of `octx`; av_stream_new_side_data
    // returns a buffer of exactly 36 bytes (or null), which we fill.
    unsafe {
        let data = ffi::av_stream_new_side_data(
            ost.as_mut_ptr(),
            ffi::AVPacketSideDataType::AV_PKT_DATA_DISPLAYMATRIX,
            std::mem::size_of::<[i32; 9]>(),
        );
        if data.is_null() {
            return Err(MediaError::Ffmpeg {
                context: "setting the rotation",
                source: ffmpeg::Error::from(ffi::AVERROR(libc::ENOMEM)),
            });
        }
        std::ptr::copy_nonoverlapping(matrix.as_ptr().cast::<u8>(), data, 36);
    }
    Ok(())
}

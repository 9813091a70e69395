//! H.264 output shared by the renderer and the test-clip writer: a libx264
//! yuv420p stream at a constant frame rate, fed [`Plane3`] pictures.

use ffmpeg::ffi;
use ffmpeg::format::context::Output;
use ffmpeg::{color, encoder, format, frame, Dictionary, Rational};
use ffmpeg_next as ffmpeg;

use super::av::StreamEncoder;
use super::render::Plane3;
use super::MediaError;

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
    encoder: StreamEncoder,
    frame: frame::Video,
}

impl H264Stream {
    /// Adds the stream to `octx`; call before `write_header`.
    pub(crate) fn add(octx: &mut Output, cfg: &H264Config) -> Result<Self, MediaError> {
        let codec = encoder::find_by_name("libx264")
            .ok_or(MediaError::EncoderUnavailable("H.264 (libx264)"))?;
        let fps = i32::try_from(cfg.fps)
            .map_err(|_| MediaError::InvalidRequest("frame rate out of range".into()))?;
        let (index, mut enc) =
            StreamEncoder::new_video(octx, codec, "setting up the H.264 encoder")?;
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
        let mut opts = Dictionary::new();
        opts.set("preset", cfg.preset);
        opts.set("crf", &cfg.crf.to_string());
        let opened = enc
            .open_as_with(codec, opts)
            .map_err(MediaError::ffmpeg("opening the H.264 encoder"))?;
        let encoder =
            StreamEncoder::video(octx, index, opened, time_base, Some(Rational::new(fps, 1)))?;
        Ok(H264Stream {
            encoder,
            frame: frame::Video::new(format::Pixel::YUV420P, cfg.width, cfg.height),
        })
    }

    pub(crate) fn index(&self) -> usize {
        self.encoder.index()
    }

    /// Time spent so far writing its packets to the muxer.
    pub(crate) fn mux_time(&self) -> std::time::Duration {
        self.encoder.mux_time()
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
        self.encoder.send_frame(&self.frame)?;
        self.encoder.drain(octx)
    }

    /// Flushes the encoder; call before `write_trailer`.
    pub(crate) fn finish(&mut self, octx: &mut Output) -> Result<(), MediaError> {
        self.encoder.finish(octx)
    }
}

//! The input side of a render: demuxing, decoding, conversion to yuv420p.

use ffmpeg::ffi;
use ffmpeg::software::scaling;
use ffmpeg::{format, frame, Packet, Rational};
use ffmpeg_next as ffmpeg;

use super::{Plane3, RenderRequest};
use crate::media::av::{Demuxer, Medium, Read, Received};
use crate::media::encode::ColorProps;
use crate::media::probe::{
    container_duration, display_matrix, main_video_stream, open_input, open_video_decoder,
    stream_fps, ProbeLimits,
};
use crate::media::MediaError;

/// When a source picture is shown (seconds, in the input's clock) and for how
/// long, as far as the input says.
pub(super) struct PictureTime {
    pub secs: Option<f64>,
    pub duration: Option<f64>,
}

pub(super) enum Event {
    /// A decoded picture, converted into the caller's [`Plane3`].
    Picture(PictureTime),
    /// A packet of a stream being copied.
    Packet(Packet),
    End,
}

/// What [`Source`] counts damage against.
const VIDEO_DAMAGED: &str = "too much of the video is damaged";

/// Demuxes the input, decodes its video stream and converts pictures to
/// yuv420p at an even size; hands the packets of copied streams through.
pub(super) struct Source {
    pub demuxer: Demuxer,
    /// The streams whose packets are handed through.
    pub copied: Vec<usize>,
    pub video_index: usize,
    time_base: f64,
    /// The picture size as stored.
    pub coded_size: (u32, u32),
    /// Output size: the picture size rounded down to even numbers (yuv420p).
    pub width: u32,
    pub height: u32,
    pub fps: f64,
    pub start_secs: f64,
    pub duration_secs: Option<f64>,
    pub display_matrix: Option<[i32; 9]>,
    pub color: ColorProps,
    pub sample_aspect: Rational,
    limits: ProbeLimits,
    scaler: Option<(scaling::Context, (format::Pixel, u32, u32))>,
    decoded: frame::Video,
    converted: frame::Video,
}

impl Source {
    pub fn open(req: &RenderRequest, limits: &ProbeLimits) -> Result<Source, MediaError> {
        let input = open_input(&req.input, limits)?;
        let (video_index, time_base, fps, matrix, decoder, duration_secs) = {
            let stream = main_video_stream(&input).ok_or(MediaError::NoVideoStream)?;
            let index = stream.index();
            let tb = stream.time_base();
            if tb.numerator() <= 0 || tb.denominator() <= 0 {
                return Err(MediaError::NotDecodable("invalid time base".into()));
            }
            let fps = stream_fps(&stream).unwrap_or(30.0);
            let decoder = open_video_decoder(&stream, limits, true)?;
            let d = stream.duration();
            let duration = if d > 0 && d != ffi::AV_NOPTS_VALUE {
                Some(d as f64 * f64::from(tb))
            } else {
                container_duration(&input, index)
            };
            let matrix = display_matrix(&stream);
            (index, f64::from(tb), fps, matrix, decoder, duration)
        };
        let (w, h) = (decoder.width(), decoder.height());
        limits.check_size(w, h)?;
        let (width, height) = (w & !1, h & !1);
        if width < 2 || height < 2 {
            return Err(MediaError::NotDecodable(format!(
                "the picture size {w}x{h} is too small"
            )));
        }
        let color = color_props(&decoder);
        let sample_aspect = decoder.aspect_ratio();
        let demuxer = Demuxer::new(input).with_video(video_index, decoder);
        let start_secs = demuxer.start_time() as f64 / f64::from(ffi::AV_TIME_BASE);
        Ok(Source {
            demuxer,
            copied: Vec::new(),
            video_index,
            time_base,
            coded_size: (w, h),
            width,
            height,
            fps,
            start_secs,
            duration_secs,
            display_matrix: matrix,
            color,
            sample_aspect,
            limits: limits.clone(),
            scaler: None,
            decoded: frame::Video::empty(),
            converted: frame::Video::empty(),
        })
    }

    /// The next event; a picture is written into `into`.
    pub fn next(&mut self, into: &mut Plane3) -> Result<Event, MediaError> {
        loop {
            match self.demuxer.receive(Medium::Video, &mut self.decoded) {
                Received::Frame => {
                    self.convert(into)?;
                    return Ok(Event::Picture(self.picture_time()));
                }
                Received::Again if self.demuxer.at_end() => return Ok(Event::End),
                Received::Again => {}
                Received::End => return Ok(Event::End),
                Received::Failed(_) => {
                    self.demuxer.damaged(VIDEO_DAMAGED)?;
                    if self.demuxer.at_end() {
                        continue;
                    }
                }
            }
            match self.demuxer.read()? {
                Read::Refused | Read::Damaged => self.demuxer.damaged(VIDEO_DAMAGED)?,
                Read::Other(packet) if self.copied.contains(&packet.stream()) => {
                    return Ok(Event::Packet(packet))
                }
                Read::Sent | Read::Other(_) | Read::End => {}
            }
        }
    }

    fn picture_time(&self) -> PictureTime {
        let ts = self.decoded.timestamp().or(self.decoded.pts());
        let duration = self.decoded.packet().duration;
        PictureTime {
            secs: ts.map(|t| t as f64 * self.time_base),
            duration: (duration > 0).then_some(duration as f64 * self.time_base),
        }
    }

    /// Converts the decoded picture into `into` (yuv420p, output size).
    fn convert(&mut self, into: &mut Plane3) -> Result<(), MediaError> {
        let f = &self.decoded;
        let src = (f.format(), f.width(), f.height());
        if src.1 == 0 || src.2 == 0 {
            return Err(MediaError::NotDecodable("a picture has no size".into()));
        }
        self.limits.check_size(src.1, src.2)?;
        if into.width != self.width || into.height != self.height {
            *into = Plane3::new(self.width, self.height);
        }
        if src == (format::Pixel::YUV420P, self.width, self.height) {
            into.copy_from_frame(f);
            return Ok(());
        }
        if self.scaler.as_ref().map(|(_, key)| *key) != Some(src) {
            let ctx = scaling::Context::get(
                src.0,
                src.1,
                src.2,
                format::Pixel::YUV420P,
                self.width,
                self.height,
                scaling::Flags::BILINEAR,
            )
            .map_err(|_| {
                let name = src.0.descriptor().map_or("unknown", |d| d.name());
                MediaError::NotDecodable(format!("the pixel format {name} is not supported"))
            })?;
            self.scaler = Some((ctx, src));
        }
        if let Some((ctx, _)) = self.scaler.as_mut() {
            ctx.run(&self.decoded, &mut self.converted)
                .map_err(MediaError::ffmpeg("converting a picture"))?;
            into.copy_from_frame(&self.converted);
        }
        Ok(())
    }
}

/// The decoder's colour description, as the output keeps it.
fn color_props(decoder: &ffmpeg::decoder::Video) -> ColorProps {
    ColorProps {
        space: decoder.color_space(),
        // Full-range "yuvj" input leaves the scaler as limited range.
        range: if is_full_range_format(decoder.format()) {
            ffmpeg::color::Range::MPEG
        } else {
            decoder.color_range()
        },
        primaries: decoder.color_primaries(),
        trc: decoder.color_transfer_characteristic(),
    }
}

fn is_full_range_format(p: format::Pixel) -> bool {
    matches!(
        p,
        format::Pixel::YUVJ420P
            | format::Pixel::YUVJ422P
            | format::Pixel::YUVJ444P
            | format::Pixel::YUVJ440P
            | format::Pixel::YUVJ411P
    )
}

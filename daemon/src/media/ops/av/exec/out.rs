//! The encoders and the muxer of a running plan, set up from what the
//! filter graph puts out.

use std::path::Path;

use ffmpeg::format::context::Output;
use ffmpeg::{codec, encoder, ffi, frame, ChannelLayout, Codec, Dictionary, Rational, Rescale};
use ffmpeg_next as ffmpeg;

use super::super::{AudioEnc, AvPlan, VideoEnc};
use super::muxer_options;
use crate::media::av::{output, StreamEncoder};
use crate::media::ops::filters::FilterGraph;
use crate::media::MediaError;

/// The encoders a plan names.
pub(super) struct Codecs {
    video: Option<Codec>,
    pub(super) audio: Option<Codec>,
}

impl Codecs {
    pub(super) fn find(plan: &AvPlan) -> Result<Codecs, MediaError> {
        let find = |name: &'static str| {
            encoder::find_by_name(name).ok_or(MediaError::EncoderUnavailable(name))
        };
        Ok(Codecs {
            video: plan.video.as_ref().map(|v| find(v.encoder)).transpose()?,
            audio: plan.audio.as_ref().map(|a| find(a.encoder)).transpose()?,
        })
    }
}

/// The output file being written.
pub(super) struct Out {
    octx: Output,
    video: Option<VOut>,
    audio: Option<AOut>,
    /// Pictures encoded.
    pub(super) frames: u64,
    /// Where the encoded audio ends, in milliseconds.
    pub(super) audio_ms: u64,
}

struct VOut {
    enc: StreamEncoder,
    /// Time base of frames coming out of the graph.
    src_tb: Rational,
    last_pts: Option<i64>,
    /// The per-picture quality (`-q:v`), as a lambda.
    qscale: Option<i32>,
    /// Times (s) still ahead where a key frame must begin.
    keys: std::collections::VecDeque<f64>,
}

struct AOut {
    enc: StreamEncoder,
    /// Time base of frames coming out of the graph.
    src_tb: Rational,
}

impl Out {
    /// Creates `target` with the plan's encoders, set up for what `graph`
    /// puts out, and writes its header.
    pub(super) fn open(
        plan: &AvPlan,
        target: &Path,
        codecs: &Codecs,
        graph: &mut FilterGraph,
    ) -> Result<Out, MediaError> {
        let mut octx = output::create(target, plan.muxer)?;
        let video = match (&plan.video, codecs.video) {
            (Some(v), Some(codec)) => {
                let mut out = open_video(&mut octx, v, codec, graph)?;
                out.keys = plan.keyframes_at.iter().copied().collect();
                Some(out)
            }
            _ => None,
        };
        let audio = match (&plan.audio, codecs.audio) {
            (Some(a), Some(codec)) => Some(open_audio(&mut octx, a, codec, graph)?),
            _ => None,
        };
        let mut mopts = muxer_options(plan);
        if plan.muxer == "image2" && !plan.frame_pattern {
            mopts.set("update", "1");
        }
        octx.write_header_with(mopts)
            .map_err(MediaError::ffmpeg("writing the output header"))?;
        Ok(Out {
            octx,
            video,
            audio,
            frames: 0,
            audio_ms: 0,
        })
    }

    pub(super) fn has_video(&self) -> bool {
        self.video.is_some()
    }

    /// Pictures per second of the video encoder, when plausible.
    pub(super) fn video_fps(&self) -> Option<f64> {
        self.video
            .as_ref()
            .map(|v| 1.0 / f64::from(v.enc.time_base()))
            .filter(|f| f.is_finite() && *f > 0.0 && *f < 1000.0)
    }

    /// Encodes a filtered picture; false if it was dropped (same tick).
    pub(super) fn video_frame(&mut self, f: &mut frame::Video) -> Result<bool, MediaError> {
        let Some(v) = self.video.as_mut() else {
            return Ok(false);
        };
        let Some(pts) = f.pts() else {
            return Ok(false);
        };
        let pts = pts.rescale_with(v.src_tb, v.enc.time_base(), ffmpeg::Rounding::NearInfinity);
        if v.last_pts.is_some_and(|l| pts <= l) {
            return Ok(false);
        }
        v.last_pts = Some(pts);
        f.set_pts(Some(pts));
        // The first picture at or past a split time starts a key frame
        // (within half a picture's time of it).
        let t = pts as f64 * f64::from(v.enc.time_base());
        let half = f64::from(v.enc.time_base()) / 2.0;
        let mut key = false;
        while v.keys.front().is_some_and(|k| t + half >= *k) {
            v.keys.pop_front();
            key = true;
        }
        f.set_kind(if key {
            ffmpeg::picture::Type::I
        } else {
            ffmpeg::picture::Type::None
        });
        if let Some(q) = v.qscale {
            // SAFETY: a valid frame; mjpeg reads the quality of each frame.
            unsafe { (*f.as_mut_ptr()).quality = q };
        }
        v.enc.send_frame(f)?;
        self.frames += 1;
        v.enc.drain(&mut self.octx)?;
        Ok(true)
    }

    /// Encodes filtered samples.
    pub(super) fn audio_frame(&mut self, f: &mut frame::Audio) -> Result<(), MediaError> {
        let Some(a) = self.audio.as_mut() else {
            return Ok(());
        };
        if let Some(pts) = f.pts() {
            let tb = a.enc.time_base();
            let pts = pts.rescale_with(a.src_tb, tb, ffmpeg::Rounding::NearInfinity);
            f.set_pts(Some(pts));
            let end = pts + f.samples() as i64;
            self.audio_ms = (end as f64 * f64::from(tb) * 1000.0).max(0.0) as u64;
        }
        a.enc.send_frame(f)?;
        a.enc.drain(&mut self.octx)
    }

    /// Flushes the encoders and finishes the file.
    pub(super) fn finish(&mut self) -> Result<(), MediaError> {
        if let Some(v) = self.video.as_mut() {
            v.enc.finish(&mut self.octx)?;
        }
        if let Some(a) = self.audio.as_mut() {
            a.enc.finish(&mut self.octx)?;
        }
        self.octx
            .write_trailer()
            .map_err(MediaError::ffmpeg("finishing the output file"))
    }
}

fn open_video(
    octx: &mut Output,
    v: &VideoEnc,
    codec: Codec,
    graph: &mut FilterGraph,
) -> Result<VOut, MediaError> {
    let (w, h, pix, tb, fr, sar) = graph.video_out()?;
    let rate = (fr.numerator() > 0 && fr.denominator() > 0).then_some(fr);
    let enc_tb = rate.map_or(tb, |r| r.invert());
    let (index, mut enc) = StreamEncoder::new_video(octx, codec, "setting up the video encoder")?;
    enc.set_width(w);
    enc.set_height(h);
    enc.set_format(pix);
    enc.set_time_base(enc_tb);
    if rate.is_some() {
        enc.set_frame_rate(rate);
    }
    if sar.numerator() > 0 && sar.denominator() > 0 {
        enc.set_aspect_ratio(sar);
    }
    let (opts, qscale) = video_options(&mut enc, v);
    let opened = enc
        .open_as_with(codec, opts)
        .map_err(MediaError::ffmpeg("opening the video encoder"))?;
    let stream_rate = (fr.numerator() > 0).then_some(fr);
    Ok(VOut {
        enc: StreamEncoder::video(octx, index, opened, enc_tb, stream_rate)?,
        src_tb: tb,
        last_pts: None,
        qscale,
        keys: Default::default(),
    })
}

/// The encoder options of `v`, but for the quality `q` (`-q:v`), which is
/// set on the encoder itself and answered as the lambda every picture
/// carries.
fn video_options(
    enc: &mut encoder::video::Video,
    v: &VideoEnc,
) -> (Dictionary<'static>, Option<i32>) {
    let mut opts = Dictionary::new();
    let mut qscale = None;
    for (k, val) in &v.opts {
        if *k == "q" {
            let q: i32 = val.parse().unwrap_or(2);
            let lambda = q * ffi::FF_QP2LAMBDA;
            qscale = Some(lambda);
            // SAFETY: an allocated, not yet opened codec context.
            unsafe {
                let p = enc.as_mut_ptr();
                (*p).flags |= ffi::AV_CODEC_FLAG_QSCALE as i32;
                (*p).global_quality = lambda;
            }
        } else {
            opts.set(k, val);
        }
    }
    (opts, qscale)
}

fn open_audio(
    octx: &mut Output,
    a: &AudioEnc,
    codec: Codec,
    graph: &mut FilterGraph,
) -> Result<AOut, MediaError> {
    let (rate, fmt, channels, tb) = graph.audio_out()?;
    let (index, mut enc) = StreamEncoder::new_audio(octx, codec, "setting up the audio encoder")?;
    let enc_tb = Rational::new(1, rate as i32);
    enc.set_rate(rate as i32);
    enc.set_format(fmt);
    enc.set_channel_layout(ChannelLayout::default(channels.max(1) as i32));
    enc.set_time_base(enc_tb);
    if let Some(b) = a.bitrate {
        enc.set_bit_rate(b as usize);
    }
    let opened = enc
        .open_as(codec)
        .map_err(MediaError::ffmpeg("opening the audio encoder"))?;
    let variable = codec
        .capabilities()
        .contains(codec::capabilities::Capabilities::VARIABLE_FRAME_SIZE);
    if opened.frame_size() > 0 && !variable {
        graph.set_audio_frame_size(opened.frame_size())?;
    }
    Ok(AOut {
        enc: StreamEncoder::audio(octx, index, opened, enc_tb)?,
        src_tb: tb,
    })
}

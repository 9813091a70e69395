//! [`FilterGraph`], the libavfilter graph helper the transcoder drives: the
//! filter text of a plan (the same text the `ffmpeg` command line shows)
//! between named buffer sources and sinks.

use ffmpeg::ffi;
use ffmpeg::{filter, format, frame, Rational};
use ffmpeg_next as ffmpeg;

use crate::media::MediaError;

/// What a buffer source is fed.
#[derive(Debug, Clone)]
pub(crate) enum SourceParams {
    Video {
        width: u32,
        height: u32,
        format: format::Pixel,
        time_base: Rational,
        sample_aspect: Rational,
        frame_rate: Option<Rational>,
    },
    Audio {
        rate: u32,
        format: format::Sample,
        layout: String,
        time_base: Rational,
    },
}

/// A configured libavfilter graph with named buffer sources (`in0v`,
/// `in0a`, `in1v`, ...) and up to two sinks (`outv`, `outa`).
pub(crate) struct FilterGraph {
    graph: filter::Graph,
    /// Per source, where its stream ends (the last frame's end), handed to
    /// the filters on close so the last frame keeps its duration.
    ends: std::collections::HashMap<String, i64>,
    pub(crate) has_video_out: bool,
    pub(crate) has_audio_out: bool,
}

fn gerr(what: &'static str) -> impl FnOnce(ffmpeg::Error) -> MediaError {
    move |e| MediaError::Ffmpeg {
        context: what,
        source: e,
    }
}

/// A buffer source or sink filter, and how errors name it.
struct Endpoint {
    filter: &'static str,
    missing: &'static str,
    context: &'static str,
}

impl Endpoint {
    const fn new(filter: &'static str, missing: &'static str, context: &'static str) -> Self {
        Endpoint {
            filter,
            missing,
            context,
        }
    }
}

const VIDEO_SOURCE: Endpoint =
    Endpoint::new("buffer", "buffer filter", "setting up a video filter input");
const AUDIO_SOURCE: Endpoint = Endpoint::new(
    "abuffer",
    "abuffer filter",
    "setting up an audio filter input",
);
const VIDEO_SINK: Endpoint = Endpoint::new(
    "buffersink",
    "buffersink filter",
    "setting up the video filter output",
);
const AUDIO_SINK: Endpoint = Endpoint::new(
    "abuffersink",
    "abuffersink filter",
    "setting up the audio filter output",
);

fn add_endpoint(
    graph: &mut filter::Graph,
    end: &Endpoint,
    name: &str,
    args: &str,
) -> Result<(), MediaError> {
    let f = filter::find(end.filter).ok_or(MediaError::EncoderUnavailable(end.missing))?;
    graph.add(&f, name, args).map_err(gerr(end.context))?;
    Ok(())
}

/// The arguments of the buffer source fed `p`.
fn source_args(p: &SourceParams) -> String {
    match p {
        SourceParams::Video {
            width,
            height,
            format,
            time_base,
            sample_aspect,
            frame_rate,
        } => {
            let pix: ffi::AVPixelFormat = (*format).into();
            let sar = if sample_aspect.numerator() > 0 && sample_aspect.denominator() > 0 {
                *sample_aspect
            } else {
                Rational::new(1, 1)
            };
            let mut args = format!(
                "video_size={width}x{height}:pix_fmt={}:time_base={}/{}:pixel_aspect={}/{}",
                pix as i32,
                time_base.numerator(),
                time_base.denominator(),
                sar.numerator(),
                sar.denominator()
            );
            if let Some(r) = frame_rate.filter(|r| r.numerator() > 0 && r.denominator() > 0) {
                args.push_str(&format!(
                    ":frame_rate={}/{}",
                    r.numerator(),
                    r.denominator()
                ));
            }
            args
        }
        SourceParams::Audio {
            rate,
            format,
            layout,
            time_base,
        } => format!(
            "time_base={}/{}:sample_rate={rate}:sample_fmt={}:channel_layout={layout}",
            time_base.numerator(),
            time_base.denominator(),
            format.name()
        ),
    }
}

/// Parses `spec` into the graph, its open labels tied to the sources and
/// sinks by name.
fn link(
    graph: &mut filter::Graph,
    sources: &[(String, SourceParams)],
    sinks: &[&str],
    spec: &str,
) -> Result<(), MediaError> {
    let mut parser = filter::graph::Parser::new(graph);
    for (name, _) in sources {
        parser = parser
            .output(name, 0)
            .map_err(gerr("linking the filter graph"))?;
    }
    for name in sinks {
        parser = parser
            .input(name, 0)
            .map_err(gerr("linking the filter graph"))?;
    }
    parser.parse(spec).map_err(|e| {
        MediaError::InvalidRequest(format!("the filter graph is invalid ({e}): {spec}"))
    })
}

impl FilterGraph {
    /// Builds the graph: `spec` uses the source names as labels (`[in0v]`)
    /// and ends in `[outv]` / `[outa]`.
    pub(crate) fn new(
        sources: &[(String, SourceParams)],
        spec: &str,
        video_out: bool,
        audio_out: bool,
    ) -> Result<FilterGraph, MediaError> {
        let mut graph = filter::Graph::new();
        for (name, p) in sources {
            let end = match p {
                SourceParams::Video { .. } => &VIDEO_SOURCE,
                SourceParams::Audio { .. } => &AUDIO_SOURCE,
            };
            add_endpoint(&mut graph, end, name, &source_args(p))?;
        }
        let mut sinks = Vec::new();
        for (wanted, end, name) in [
            (video_out, &VIDEO_SINK, "outv"),
            (audio_out, &AUDIO_SINK, "outa"),
        ] {
            if wanted {
                add_endpoint(&mut graph, end, name, "")?;
                sinks.push(name);
            }
        }
        link(&mut graph, sources, &sinks, spec)?;
        graph.validate().map_err(|e| {
            MediaError::InvalidRequest(format!("the filter graph cannot be set up ({e})"))
        })?;
        Ok(FilterGraph {
            graph,
            ends: std::collections::HashMap::new(),
            has_video_out: video_out,
            has_audio_out: audio_out,
        })
    }

    fn ctx(&mut self, name: &str) -> Result<filter::Context, MediaError> {
        self.graph.get(name).ok_or(MediaError::Ffmpeg {
            context: "finding a filter",
            source: ffmpeg::Error::FilterNotFound,
        })
    }

    /// Pushes a frame into source `name`.
    /// `end` is where the frame ends (pts + duration, source time base).
    pub(crate) fn push(
        &mut self,
        name: &str,
        f: &frame::Frame,
        end: Option<i64>,
    ) -> Result<(), MediaError> {
        if let Some(e) = end {
            let slot = self.ends.entry(name.to_string()).or_insert(e);
            *slot = (*slot).max(e);
        }
        let mut ctx = self.ctx(name)?;
        // SAFETY: a buffer source of this graph and a valid frame; with
        // KEEP_REF the source takes a new reference and leaves `f` intact.
        let ret = unsafe {
            ffi::av_buffersrc_add_frame_flags(
                ctx.as_mut_ptr(),
                f.as_ptr() as *mut _,
                ffi::AV_BUFFERSRC_FLAG_KEEP_REF as i32,
            )
        };
        if ret < 0 {
            return Err(MediaError::Ffmpeg {
                context: "filtering",
                source: ffmpeg::Error::from(ret),
            });
        }
        Ok(())
    }

    /// Ends the stream of source `name`.
    pub(crate) fn close(&mut self, name: &str) -> Result<(), MediaError> {
        let end = self.ends.get(name).copied().unwrap_or(ffi::AV_NOPTS_VALUE);
        let mut ctx = self.ctx(name)?;
        // SAFETY: a buffer source of this graph.
        let ret = unsafe {
            ffi::av_buffersrc_close(ctx.as_mut_ptr(), end, ffi::AV_BUFFERSRC_FLAG_PUSH as u32)
        };
        match ret {
            r if r >= 0 => Ok(()),
            r if ffmpeg::Error::from(r) == ffmpeg::Error::Eof => Ok(()),
            r => Err(MediaError::Ffmpeg {
                context: "finishing the filter input",
                source: ffmpeg::Error::from(r),
            }),
        }
    }

    /// Pulls a frame from sink `name`: `Ok(true)` with a frame, `Ok(false)`
    /// when it needs more input, `Err(Eof)`-style end as `None`.
    pub(crate) fn pull(&mut self, name: &str, into: &mut frame::Frame) -> Result<Pull, MediaError> {
        let mut ctx = self.ctx(name)?;
        match ctx.sink().frame(into) {
            Ok(()) => Ok(Pull::Frame),
            Err(ffmpeg::Error::Other { errno }) if errno == libc::EAGAIN => Ok(Pull::Again),
            Err(ffmpeg::Error::Eof) => Ok(Pull::End),
            Err(e) => Err(MediaError::Ffmpeg {
                context: "filtering",
                source: e,
            }),
        }
    }

    pub(crate) fn set_audio_frame_size(&mut self, n: u32) -> Result<(), MediaError> {
        let mut ctx = self.ctx("outa")?;
        ctx.sink().set_frame_size(n);
        Ok(())
    }

    /// Properties of the video sink: size, pixel format, time base, frame rate.
    pub(crate) fn video_out(
        &mut self,
    ) -> Result<(u32, u32, format::Pixel, Rational, Rational, Rational), MediaError> {
        let ctx = self.ctx("outv")?;
        // SAFETY: a configured buffersink context.
        unsafe {
            let p = ctx.as_ptr();
            let w = ffi::av_buffersink_get_w(p);
            let h = ffi::av_buffersink_get_h(p);
            let fmt: ffi::AVPixelFormat = std::mem::transmute(ffi::av_buffersink_get_format(p));
            let tb = ffi::av_buffersink_get_time_base(p);
            let fr = ffi::av_buffersink_get_frame_rate(p);
            let sar = ffi::av_buffersink_get_sample_aspect_ratio(p);
            Ok((
                u32::try_from(w).unwrap_or(0),
                u32::try_from(h).unwrap_or(0),
                format::Pixel::from(fmt),
                tb.into(),
                fr.into(),
                sar.into(),
            ))
        }
    }

    /// Properties of the audio sink: sample rate, format, channels, time base.
    pub(crate) fn audio_out(&mut self) -> Result<(u32, format::Sample, u32, Rational), MediaError> {
        let ctx = self.ctx("outa")?;
        // SAFETY: a configured abuffersink context.
        unsafe {
            let p = ctx.as_ptr();
            let rate = ffi::av_buffersink_get_sample_rate(p);
            let fmt: ffi::AVSampleFormat = std::mem::transmute(ffi::av_buffersink_get_format(p));
            let ch = ffi::av_buffersink_get_channels(p);
            let tb = ffi::av_buffersink_get_time_base(p);
            Ok((
                u32::try_from(rate).unwrap_or(0),
                format::Sample::from(fmt),
                u32::try_from(ch).unwrap_or(0),
                tb.into(),
            ))
        }
    }
}

pub(crate) enum Pull {
    Frame,
    Again,
    End,
}

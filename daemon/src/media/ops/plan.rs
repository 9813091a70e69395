//! Planning audio and video steps: the [`Draft`] of a single-input
//! [`AvPlan`] that an operation shapes (filters, encoders, seeking), the
//! encoders and muxer each output format gets, and what every plan ends
//! with (even sizes for H.264/VP9, the GIF palette).

use super::av::{AudioEnc, AvPlan, Filters, PlanInput, VideoEnc};
use super::op::Op;
use super::{invalid, FileFacts, Format, MediaKind, OpError, Quality};

/// The filter that rounds odd picture sizes down to even ones.
pub(crate) const EVEN_SIZE: &str = "scale=trunc(iw/2)*2:trunc(ih/2)*2";

/// A single-input plan as an operation shapes it (see [`Op::shape`]).
pub(crate) struct Draft<'a> {
    pub input: &'a FileFacts,
    pub out_format: Format,
    /// Whether the input has pictures (a video or a GIF).
    pub visual: bool,
    pub video: Option<VideoEnc>,
    pub audio: Option<AudioEnc>,
    /// Seeking and length of the input.
    pub pin: PlanInput,
    /// `-vf` stages, joined with commas.
    pub vf: Vec<String>,
    /// `-af` stages.
    pub af: Vec<String>,
    pub max_frames: Option<u64>,
    pub frame_pattern: bool,
    pub buffers_all: bool,
    /// Whether the filters set the picture size (no even-size fix needed).
    pub size_changed: bool,
    /// Colours of a GIF palette (all 256 when unset).
    pub gif_colors: Option<u32>,
    /// Expected output duration, for progress.
    pub expected: Option<f64>,
    /// Muxer options beyond the output format's own.
    pub muxer_extra: Vec<(&'static str, String)>,
}

impl<'a> Draft<'a> {
    /// The plan converting `input` to `out_format`, changing nothing else.
    pub(crate) fn new(input: &'a FileFacts, out_format: Format) -> Draft<'a> {
        let visual = matches!(input.kind, MediaKind::Video | MediaKind::Gif);
        let video = if out_format.is_video_container() && visual {
            Some(video_encoder(out_format))
        } else if out_format == Format::Gif && visual {
            Some(gif_enc())
        } else if out_format == Format::Webp && visual {
            Some(webp_anim(WEBP_QUALITY, input.kind == MediaKind::Gif))
        } else {
            None
        };
        let audio = if (out_format.is_video_container() && input.has_audio) || out_format.is_audio()
        {
            Some(audio_for(out_format, None))
        } else {
            None
        };
        Draft {
            input,
            out_format,
            visual,
            video,
            audio,
            pin: PlanInput::plain(),
            vf: Vec::new(),
            af: Vec::new(),
            max_frames: None,
            frame_pattern: false,
            buffers_all: false,
            size_changed: false,
            gif_colors: None,
            expected: input.duration_secs,
            muxer_extra: Vec::new(),
        }
    }

    /// The input's picture size.
    pub(crate) fn size(&self) -> Result<(u32, u32), OpError> {
        dims(self.input)
    }

    /// The finished plan: odd sizes made even for yuv420p encoders (but
    /// WebP's, which codes odd sizes), the palette stage of a GIF, streams
    /// the output cannot hold dropped.
    pub(crate) fn finish(mut self) -> Result<AvPlan, OpError> {
        let f = self.input;
        if let (Some(v), Some(w), Some(h)) = (&self.video, f.width, f.height) {
            let subsampled = (v.pix_fmt.starts_with("yuv420") || v.pix_fmt.starts_with("yuv422"))
                && v.encoder != WEBP_ANIM;
            if subsampled && !self.size_changed && (w % 2 == 1 || h % 2 == 1) {
                self.vf.push(EVEN_SIZE.into());
            }
        }
        if self.out_format == Format::Mpeg && self.video.is_some() {
            let rate = mpeg_rate(rate_after(&self.vf, f.fps));
            self.vf.push(rate);
        }
        let mut vf = join(self.vf);
        if self.out_format == Format::Gif && self.video.is_some() {
            vf = Some(with_palette(vf, self.gif_colors));
            // paletteuse waits for the palette of the whole clip.
            self.buffers_all = true;
        }
        if f.kind == MediaKind::Audio {
            self.video = None;
        }
        if self.video.is_none() {
            vf = None;
        }
        let af = if self.audio.is_some() {
            join(self.af)
        } else {
            None
        };
        if self.video.is_none() && self.audio.is_none() {
            return invalid("the step leaves nothing to write");
        }
        let (muxer, mut muxer_opts) = muxer_for(self.out_format);
        muxer_opts.extend(self.muxer_extra);
        Ok(AvPlan {
            inputs: vec![self.pin],
            filters: Filters::Simple { vf, af },
            video: self.video,
            audio: self.audio,
            muxer,
            muxer_opts,
            max_frames: self.max_frames,
            frame_pattern: self.frame_pattern,
            feed_order: vec![0],
            expected_secs: self.expected,
            buffers_all: self.buffers_all,
            keyframes_at: Vec::new(),
        })
    }
}

/// The plan of a single-input `op` on `inputs[0]`: the plain conversion
/// to its output format, shaped by the operation.
pub(crate) fn single<T: Op>(op: &T, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
    let mut draft = Draft::new(&inputs[0], op.output_format(&inputs[0]));
    op.shape(&mut draft)?;
    draft.finish()
}

/// A plan a multi-input operation builds whole (its inputs, filters and
/// encoders); [`GraphPlan::into_plan`] adds the muxer of the output format.
pub(crate) struct GraphPlan {
    pub inputs: Vec<PlanInput>,
    pub filters: Filters,
    pub video: Option<VideoEnc>,
    pub audio: Option<AudioEnc>,
    pub feed_order: Vec<usize>,
    pub expected_secs: Option<f64>,
}

impl GraphPlan {
    pub(crate) fn into_plan(self, out_format: Format) -> AvPlan {
        let (muxer, muxer_opts) = muxer_for(out_format);
        AvPlan {
            inputs: self.inputs,
            filters: self.filters,
            video: self.video,
            audio: self.audio,
            muxer,
            muxer_opts,
            max_frames: None,
            frame_pattern: false,
            feed_order: self.feed_order,
            expected_secs: self.expected_secs,
            buffers_all: false,
            keyframes_at: Vec::new(),
        }
    }
}

/// Filter stages fitting a picture inside `w` x `h`, centred on black.
pub(crate) fn fit_and_pad(w: u32, h: u32) -> String {
    format!(
        "scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1"
    )
}

/// H.264 at CRF `crf`.
pub(crate) fn h264(crf: u32) -> VideoEnc {
    VideoEnc {
        encoder: "libx264",
        pix_fmt: "yuv420p",
        opts: vec![("preset", "veryfast".into()), ("crf", crf.to_string())],
    }
}

fn vp9() -> VideoEnc {
    VideoEnc {
        encoder: "libvpx-vp9",
        pix_fmt: "yuv420p",
        opts: vec![
            ("crf", "34".into()),
            ("b", "0".into()),
            ("deadline", "realtime".into()),
            ("cpu-used", "8".into()),
            ("row-mt", "1".into()),
        ],
    }
}

/// The video encoder of a video container: VP9 in WebM, the old
/// formats' own codecs in AVI, MPEG and WMV, else H.264.
pub(crate) fn video_encoder(format: Format) -> VideoEnc {
    match format {
        Format::Webm => vp9(),
        f if f.is_legacy_video() => legacy_video(format, LEGACY_Q),
        _ => h264(23),
    }
}

/// The quantiser of the old formats' encoders when no quality is asked
/// (`-q:v`, 2 best to 31 worst): near the source to the eye.
pub(crate) const LEGACY_Q: u32 = 4;

/// The encoder of an old video format at quantiser `q`: MPEG-4 Part 2 in
/// AVI (what Xvid and DivX players read) and 3GP, MPEG-2 in MPEG, WMV 8 in
/// WMV, Sorenson H.263 in FLV.
pub(crate) fn legacy_video(format: Format, q: u32) -> VideoEnc {
    let encoder = match format {
        Format::Mpeg => "mpeg2video",
        Format::Wmv => "wmv2",
        Format::Flv => "flv",
        _ => "mpeg4",
    };
    VideoEnc {
        encoder,
        pix_fmt: "yuv420p",
        opts: vec![("q", q.to_string())],
    }
}

/// The frame rates MPEG-2 video can declare.
const MPEG_RATES: [(u32, u32); 8] = [
    (24000, 1001),
    (24, 1),
    (25, 1),
    (30000, 1001),
    (30, 1),
    (50, 1),
    (60000, 1001),
    (60, 1),
];

/// The MPEG-2 frame rate nearest `fps` (30 when unknown), as a filter
/// stage: MPEG-2 refuses any other.
fn mpeg_rate(fps: Option<f64>) -> String {
    let fps = fps.filter(|f| f.is_finite() && *f > 0.0).unwrap_or(30.0);
    let (n, d) = MPEG_RATES
        .iter()
        .copied()
        .min_by(|a, b| {
            let da = (f64::from(a.0) / f64::from(a.1) - fps).abs();
            let db = (f64::from(b.0) / f64::from(b.1) - fps).abs();
            da.total_cmp(&db)
        })
        .unwrap_or((30, 1));
    format!("fps={n}/{d}")
}

/// The frame rate the `fps=` stages of `vf` leave, else `fps`.
fn rate_after(vf: &[String], fps: Option<f64>) -> Option<f64> {
    let told = vf
        .iter()
        .flat_map(|stage| stage.split(','))
        .filter_map(|s| s.strip_prefix("fps="))
        .filter_map(|v| {
            let v = v.split(':').next()?;
            match v.split_once('/') {
                Some((n, d)) => Some(n.parse::<f64>().ok()? / d.parse::<f64>().ok()?),
                None => v.parse().ok(),
            }
        })
        .next_back();
    told.or(fps)
}

/// The quality of an animated WebP when none is asked.
pub(crate) const WEBP_QUALITY: u8 = 75;
/// libwebp's animation encoder (FFmpeg's `libwebp_anim`).
pub(crate) const WEBP_ANIM: &str = "libwebp_anim";

/// An animated WebP, lossy at `quality` (1–100), with its transparency
/// when `alpha`.
pub(crate) fn webp_anim(quality: u8, alpha: bool) -> VideoEnc {
    VideoEnc {
        encoder: WEBP_ANIM,
        pix_fmt: if alpha { "yuva420p" } else { "yuv420p" },
        opts: vec![("lossless", "0".into()), ("quality", quality.to_string())],
    }
}

fn gif_enc() -> VideoEnc {
    VideoEnc {
        encoder: "gif",
        pix_fmt: "pal8",
        opts: Vec::new(),
    }
}

/// The audio encoder of `format`, at the bitrate of `quality` (or the
/// format's usual one).
pub(crate) fn audio_for(format: Format, quality: Option<Quality>) -> AudioEnc {
    let kbps = |default: u32| Some(u64::from(quality.map_or(default, |q| q.audio_kbps())) * 1000);
    let (encoder, bitrate, sample_rate) = match format {
        Format::Webm | Format::Ogg | Format::Opus => (
            "libopus",
            kbps(if format == Format::Webm { 96 } else { 128 }),
            Some(48_000),
        ),
        Format::Mp3 | Format::Avi => ("libmp3lame", kbps(192), None),
        Format::Mpeg => ("mp2", kbps(192), Some(48_000)),
        Format::Wmv => ("wmav2", kbps(128), None),
        // (FLV's MP3 is at 44.1, 22.05 or 11.025 kHz only.)
        Format::Flv => ("libmp3lame", kbps(128), Some(44_100)),
        Format::ThreeGp => ("aac", kbps(96), None),
        Format::Wav => ("pcm_s16le", None, None),
        Format::Aiff => ("pcm_s16be", None, None),
        Format::Flac => ("flac", None, None),
        Format::M4a => ("aac", kbps(192), None),
        // Spoken word: 64 kb/s is what audiobook shops sell.
        Format::M4b => ("aac", kbps(64), None),
        _ => ("aac", kbps(128), None),
    };
    AudioEnc {
        encoder,
        bitrate,
        sample_rate,
        channels: None,
    }
}

/// FFmpeg's Apple Lossless encoder.
pub(crate) const ALAC: &str = "alac";

/// Apple Lossless (in an M4A): no bitrate, every sample kept (the samples
/// at their own depth, see the graph's `aformat`).
pub(crate) fn alac() -> AudioEnc {
    AudioEnc {
        encoder: ALAC,
        bitrate: None,
        sample_rate: None,
        channels: None,
    }
}

fn muxer_for(format: Format) -> (&'static str, Vec<(&'static str, String)>) {
    match format {
        Format::Mp4 => ("mp4", vec![("movflags", "+faststart".into())]),
        Format::Mov => ("mov", vec![("movflags", "+faststart".into())]),
        Format::Mkv => ("matroska", vec![]),
        Format::Webm => ("webm", vec![]),
        Format::Avi => ("avi", vec![]),
        // An MPEG-2 program stream, as on a DVD.
        Format::Mpeg => ("vob", vec![]),
        Format::Wmv => ("asf", vec![]),
        Format::ThreeGp => ("3gp", vec![("movflags", "+faststart".into())]),
        Format::Flv => ("flv", vec![]),
        Format::Gif => ("gif", vec![]),
        // An animated WebP, played forever (the muxer's own default is once).
        Format::Webp => ("webp", vec![("loop", "0".into())]),
        Format::Mp3 => ("mp3", vec![]),
        Format::M4a => ("ipod", vec![("movflags", "+faststart".into())]),
        Format::Wav => ("wav", vec![]),
        Format::Aiff => ("aiff", vec![]),
        Format::Flac => ("flac", vec![]),
        Format::Ogg => ("ogg", vec![]),
        Format::Opus => ("opus", vec![]),
        Format::M4b => ("ipod", vec![("movflags", "+faststart".into())]),
        _ => ("image2", vec![]),
    }
}

/// The palette stage that makes a good GIF out of the chain before it.
fn with_palette(vf: Option<String>, max_colors: Option<u32>) -> String {
    let gen = match max_colors {
        Some(n) => format!("palettegen=max_colors={n}"),
        None => "palettegen".into(),
    };
    let head = vf.map_or(String::new(), |v| format!("{v},"));
    format!("{head}split[s0][s1];[s0]{gen}[p];[s1][p]paletteuse")
}

fn join(parts: Vec<String>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(","))
}

/// The picture size of `f`, which planning needs.
pub(crate) fn dims(f: &FileFacts) -> Result<(u32, u32), OpError> {
    match (f.width, f.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Ok((w, h)),
        _ => Err(OpError::Invalid(format!(
            "the picture size of {} is unknown",
            f.name
        ))),
    }
}

//! Probing untrusted media files: open the container (known video containers
//! only, file protocol only), check the declared size and duration against
//! [`ProbeLimits`] before anything is decoded, then decode the first video
//! frame to prove the data is real. Also holds the input-opening helpers the
//! renderer shares.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::ptr;

use ffmpeg::ffi;
use ffmpeg::format::context::Input;
use ffmpeg::format::stream::{Disposition, Stream};
use ffmpeg::{codec, frame, media};
use ffmpeg_next as ffmpeg;
use serde::{Deserialize, Serialize};

use super::av::{Demuxer, Medium, Read, Received};
use super::{file_url, init, MediaError};

/// What a probe found out about a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// Container name, e.g. `mp4`, `mov`, `matroska`, `avi`.
    pub container: String,
    pub duration_secs: f64,
    pub size_bytes: u64,
    pub video: Option<VideoInfo>,
    pub audio: Option<AudioInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoInfo {
    /// FFmpeg codec name, e.g. `h264`.
    pub codec: String,
    pub width: u32,
    pub height: u32,
    /// Average frame rate (falls back to the stream's base rate).
    pub fps: f64,
    /// Frame count when the container states it.
    pub frames: Option<u64>,
    /// Pixel format of the decoded pictures, e.g. `yuv420p`.
    pub pix_fmt: String,
    /// Clockwise rotation a player applies on display (0, 90, 180 or 270 for
    /// phone videos), from the stream's display matrix; 0 when there is none.
    pub rotation: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioInfo {
    pub codec: String,
    pub sample_rate: u32,
    pub channels: u32,
}

/// Limits a file must be within to be accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeLimits {
    pub max_width: u32,
    pub max_height: u32,
    pub max_duration_secs: f64,
}

impl Default for ProbeLimits {
    fn default() -> Self {
        ProbeLimits {
            max_width: 8192,
            max_height: 8192,
            max_duration_secs: 3600.0,
        }
    }
}

impl ProbeLimits {
    /// The most pixels one picture may have, handed to FFmpeg's decoders
    /// (`max_pixels`) so they refuse larger pictures before allocating them.
    pub(crate) fn max_pixels(&self) -> i64 {
        i64::from(self.max_width).saturating_mul(i64::from(self.max_height))
    }

    pub(crate) fn check_size(&self, width: u32, height: u32) -> Result<(), MediaError> {
        if width > self.max_width || height > self.max_height {
            return Err(MediaError::TooLarge {
                width,
                height,
                max_width: self.max_width,
                max_height: self.max_height,
            });
        }
        Ok(())
    }
}

/// FFmpeg demuxers (by name) that may open an upload. Anything else —
/// playlists (`hls`, `concat`) that would open other files, image sequences,
/// text "video" (`tty`) — is refused before its header is parsed further.
const FORMAT_WHITELIST: &str = "mov,matroska,webm,avi,mpegts,mpeg,flv,asf,mxf";

/// Video codecs we decode. Keeping the list short keeps FFmpeg's many rarely
/// used decoders away from untrusted data.
fn video_codec_allowed(id: codec::Id) -> bool {
    use codec::Id;
    matches!(
        id,
        Id::H264
            | Id::HEVC
            | Id::VP8
            | Id::VP9
            | Id::AV1
            | Id::MPEG4
            | Id::MPEG2VIDEO
            | Id::MPEG1VIDEO
            | Id::H263
            | Id::FLV1
            | Id::MJPEG
            | Id::PRORES
            | Id::DNXHD
            | Id::VC1
            | Id::WMV2
            | Id::WMV3
            | Id::MSMPEG4V3
            | Id::THEORA
    )
}

/// Packets read while looking for the first picture before giving up.
const MAX_PACKETS_FOR_FIRST_FRAME: u32 = 2_000;
/// Video packets fed to the decoder while looking for the first picture.
const MAX_VIDEO_PACKETS_FOR_FIRST_FRAME: u32 = 300;
/// Corrupt packets the demuxer may skip before the file counts as damaged.
pub(crate) const MAX_CORRUPT_PACKETS: u32 = 100;

/// Probes `path`: container, duration, size, first video and audio stream.
/// Fails unless the file holds a video stream within `limits` whose first
/// picture decodes cleanly (damaged pictures before it are skipped, as long
/// as a clean one turns up within the first few hundred packets). A file
/// without video is refused with [`MediaError::NoVideoStream`], so `video` is
/// always `Some` in a successful answer.
pub fn probe(path: &Path, limits: &ProbeLimits) -> Result<MediaInfo, MediaError> {
    let size_bytes = std::fs::metadata(path).map_err(MediaError::io(path))?.len();
    let input = open_input(path, limits)?;

    let (video_index, video_fps, frames, rotation, codec_id) = {
        let stream = main_video_stream(&input).ok_or(MediaError::NoVideoStream)?;
        let codec_id = stream.parameters().id();
        let fps = stream_fps(&stream);
        let frames = u64::try_from(stream.frames()).ok().filter(|&n| n > 0);
        let rotation = display_matrix(&stream).map_or(0, |m| rotation_degrees(&m));
        (stream.index(), fps, frames, rotation, codec_id)
    };
    let duration_secs = container_duration(&input, video_index)
        .or_else(|| match (frames, video_fps) {
            (Some(n), Some(fps)) => Some(n as f64 / fps),
            _ => None,
        })
        .ok_or(MediaError::UnknownDuration)?;
    if duration_secs > limits.max_duration_secs {
        return Err(MediaError::TooLong {
            duration_secs,
            max_secs: limits.max_duration_secs,
        });
    }
    let fps = video_fps
        .or_else(|| frames.map(|n| n as f64 / duration_secs))
        .filter(|f| f.is_finite() && *f > 0.0)
        .ok_or_else(|| MediaError::NotDecodable("the frame rate cannot be determined".into()))?;

    let decoder = {
        let stream = input.stream(video_index).ok_or(MediaError::NoVideoStream)?;
        open_video_decoder(&stream, limits, false)?
    };
    let mut demuxer = Demuxer::new(input).with_video(video_index, decoder);
    let first = decode_first_frame(&mut demuxer, limits)?;
    let input = demuxer.input();
    let pix_fmt = first
        .format()
        .descriptor()
        .map_or_else(|| "unknown".to_string(), |d| d.name().to_string());

    let audio = main_audio_stream(input).map(|s| audio_info(&s));
    Ok(MediaInfo {
        container: container_name(input),
        duration_secs,
        size_bytes,
        video: Some(VideoInfo {
            codec: codec_id.name().to_string(),
            width: first.width(),
            height: first.height(),
            fps,
            frames,
            pix_fmt,
            rotation,
        }),
        audio,
    })
}

/// Opens an untrusted file for demuxing: only [`FORMAT_WHITELIST`] formats,
/// only the file protocol, declared picture sizes checked against `limits`
/// before `avformat_find_stream_info` decodes anything, and decoders capped at
/// `limits.max_pixels()` while it does.
pub(crate) fn open_input(path: &Path, limits: &ProbeLimits) -> Result<Input, MediaError> {
    open_input_with(path, limits, FORMAT_WHITELIST)
}

/// Like [`open_input`], with another comma-separated list of allowed
/// demuxers (the media operations also read audio-only files and GIFs).
pub(crate) fn open_input_with(
    path: &Path,
    limits: &ProbeLimits,
    format_whitelist: &str,
) -> Result<Input, MediaError> {
    init();
    let meta = std::fs::metadata(path).map_err(MediaError::io(path))?;
    if !meta.is_file() {
        return Err(MediaError::NotDecodable("not a regular file".into()));
    }
    if meta.len() == 0 {
        return Err(MediaError::Empty);
    }
    let url = CString::new(file_url(path).as_os_str().as_bytes())
        .map_err(|_| MediaError::NotDecodable("the file name contains a NUL byte".into()))?;

    // SAFETY: plain FFI calls following FFmpeg's documented ownership rules:
    // the option dictionaries are freed here, `ps` is owned by `Input` (whose
    // Drop closes it) as soon as avformat_open_input succeeds, and FFmpeg frees
    // it itself when that call fails.
    unsafe {
        let mut opts: *mut ffi::AVDictionary = ptr::null_mut();
        dict_set(&mut opts, c"format_whitelist", format_whitelist);
        dict_set(&mut opts, c"protocol_whitelist", "file");
        let mut ps: *mut ffi::AVFormatContext = ptr::null_mut();
        let ret = ffi::avformat_open_input(&mut ps, url.as_ptr(), ptr::null(), &mut opts);
        ffi::av_dict_free(&mut opts);
        if ret < 0 {
            return Err(open_error(ret));
        }
        let mut input = Input::wrap(ps);
        check_declared_sizes(&input, limits)?;

        let n = (*input.as_ptr()).nb_streams as usize;
        let mut stream_opts: Vec<*mut ffi::AVDictionary> = vec![ptr::null_mut(); n];
        let max_pixels = limits.max_pixels().to_string();
        for o in stream_opts.iter_mut() {
            dict_set(o, c"max_pixels", &max_pixels);
        }
        let ret = ffi::avformat_find_stream_info(input.as_mut_ptr(), stream_opts.as_mut_ptr());
        for o in stream_opts.iter_mut() {
            ffi::av_dict_free(o);
        }
        if ret < 0 {
            return Err(MediaError::NotDecodable(format!(
                "the streams cannot be read ({})",
                ffmpeg::Error::from(ret)
            )));
        }
        check_declared_sizes(&input, limits)?;
        Ok(input)
    }
}

/// # Safety
/// `dict` must point to a valid (possibly null) `AVDictionary` pointer.
unsafe fn dict_set(dict: *mut *mut ffi::AVDictionary, key: &std::ffi::CStr, value: &str) {
    // Values are our own constants and numbers: they hold no NUL byte.
    if let Ok(value) = CString::new(value) {
        // SAFETY: per the function's contract; FFmpeg copies key and value.
        unsafe {
            ffi::av_dict_set(dict, key.as_ptr(), value.as_ptr(), 0);
        }
    }
}

fn open_error(ret: i32) -> MediaError {
    let err = ffmpeg::Error::from(ret);
    let why = match err {
        ffmpeg::Error::InvalidData => "the data is not in a known video container format".into(),
        // avformat_open_input answers EINVAL when the detected format is not
        // on the whitelist.
        ffmpeg::Error::Other { errno } if errno == libc::EINVAL => {
            "the container format is not supported".into()
        }
        other => format!("the container cannot be opened ({other})"),
    };
    MediaError::NotDecodable(why)
}

fn is_main_video(stream: &Stream) -> bool {
    stream.parameters().medium() == media::Type::Video
        && !stream.disposition().contains(Disposition::ATTACHED_PIC)
}

fn check_declared_sizes(input: &Input, limits: &ProbeLimits) -> Result<(), MediaError> {
    for stream in input.streams().filter(is_main_video) {
        let (w, h) = declared_size(&stream);
        limits.check_size(w, h)?;
    }
    Ok(())
}

/// Width and height as the container (or stream info) declares them.
pub(crate) fn declared_size(stream: &Stream) -> (u32, u32) {
    // SAFETY: codecpar of a live stream is a valid AVCodecParameters.
    let (w, h) = unsafe {
        let par = stream.parameters();
        let p = par.as_ptr();
        ((*p).width, (*p).height)
    };
    (u32::try_from(w).unwrap_or(0), u32::try_from(h).unwrap_or(0))
}

/// The video stream to work on: FFmpeg's best pick unless that is cover art,
/// else the first real video stream.
pub(crate) fn main_video_stream(input: &Input) -> Option<Stream<'_>> {
    if let Some(best) = input.streams().best(media::Type::Video) {
        if is_main_video(&best) {
            return Some(best);
        }
    }
    input.streams().find(is_main_video)
}

pub(crate) fn main_audio_stream(input: &Input) -> Option<Stream<'_>> {
    input.streams().best(media::Type::Audio)
}

/// Frames per second: `avg_frame_rate`, else `r_frame_rate`.
pub(crate) fn stream_fps(stream: &Stream) -> Option<f64> {
    [stream.avg_frame_rate(), stream.rate()]
        .into_iter()
        .filter(|r| r.numerator() > 0 && r.denominator() > 0)
        .map(f64::from)
        .find(|f| f.is_finite() && *f > 0.0)
}

/// Duration in seconds: the container's, else the video stream's.
pub(crate) fn container_duration(input: &Input, video_index: usize) -> Option<f64> {
    let d = input.duration();
    if d > 0 && d != ffi::AV_NOPTS_VALUE {
        return Some(d as f64 / f64::from(ffi::AV_TIME_BASE));
    }
    let stream = input.stream(video_index)?;
    let d = stream.duration();
    let tb = stream.time_base();
    if d > 0 && d != ffi::AV_NOPTS_VALUE && tb.numerator() > 0 && tb.denominator() > 0 {
        return Some(d as f64 * f64::from(tb));
    }
    None
}

/// The stream's display matrix side data, if any.
pub(crate) fn display_matrix(stream: &Stream) -> Option<[i32; 9]> {
    let sd = stream
        .side_data()
        .find(|sd| sd.kind() == codec::packet::side_data::Type::DisplayMatrix)?;
    let bytes = sd.data();
    if bytes.len() < 36 {
        return None;
    }
    let mut m = [0i32; 9];
    for (i, v) in m.iter_mut().enumerate() {
        let chunk: [u8; 4] = bytes[i * 4..i * 4 + 4].try_into().ok()?;
        *v = i32::from_ne_bytes(chunk);
    }
    Some(m)
}

/// Clockwise display rotation in degrees, normalised to `0..360`.
pub(crate) fn rotation_degrees(m: &[i32; 9]) -> i32 {
    // SAFETY: `m` is the 3x3 matrix av_display_rotation_get reads.
    let ccw = unsafe { ffi::av_display_rotation_get(m.as_ptr()) };
    if !ccw.is_finite() {
        return 0;
    }
    ((-ccw).round() as i64).rem_euclid(360) as i32
}

pub(crate) fn container_name(input: &Input) -> String {
    let name = input.format().name().to_string();
    if name.starts_with("mov,") {
        let brand = input
            .metadata()
            .get("major_brand")
            .map(str::trim)
            .map(str::to_owned);
        return match brand.as_deref() {
            Some("qt") => "mov".into(),
            Some(b) if b.starts_with("3g") => "3gp".into(),
            _ => "mp4".into(),
        };
    }
    name.split(',').next().unwrap_or(&name).to_string()
}

pub(crate) fn audio_info(stream: &Stream) -> AudioInfo {
    let par = stream.parameters();
    // SAFETY: codecpar of a live stream is a valid AVCodecParameters.
    let (rate, channels) = unsafe {
        let p = par.as_ptr();
        ((*p).sample_rate, (*p).ch_layout.nb_channels)
    };
    AudioInfo {
        codec: par.id().name().to_string(),
        sample_rate: u32::try_from(rate).unwrap_or(0),
        channels: u32::try_from(channels).unwrap_or(0),
    }
}

/// Opens a decoder for `stream`, refusing codecs outside the allowed list and
/// pictures above `limits`.
pub(crate) fn open_video_decoder(
    stream: &Stream,
    limits: &ProbeLimits,
    threaded: bool,
) -> Result<ffmpeg::decoder::Video, MediaError> {
    open_video_decoder_allowing(stream, limits, threaded, &[])
}

/// Like [`open_video_decoder`], also allowing the codecs in `also` (the
/// media operations read GIFs).
pub(crate) fn open_video_decoder_allowing(
    stream: &Stream,
    limits: &ProbeLimits,
    threaded: bool,
    also: &[codec::Id],
) -> Result<ffmpeg::decoder::Video, MediaError> {
    let id = stream.parameters().id();
    if !video_codec_allowed(id) && !also.contains(&id) {
        return Err(MediaError::NotDecodable(format!(
            "the {} video codec is not supported",
            id.name()
        )));
    }
    let mut ctx = codec::context::Context::from_parameters(stream.parameters())
        .map_err(|e| MediaError::NotDecodable(format!("bad stream parameters ({e})")))?;
    // SAFETY: ctx is a freshly allocated, not yet opened AVCodecContext.
    unsafe {
        (*ctx.as_mut_ptr()).max_pixels = limits.max_pixels();
    }
    if threaded {
        // Frame threads, as many as FFmpeg deems useful for the machine.
        ctx.set_threading(ffmpeg::threading::Config::kind(
            ffmpeg::threading::Type::Frame,
        ));
    }
    let mut dec = ctx.decoder();
    dec.set_packet_time_base(stream.time_base());
    dec.video().map_err(|e| match e {
        ffmpeg::Error::DecoderNotFound => {
            MediaError::NotDecodable(format!("no decoder for the {} codec", id.name()))
        }
        e => MediaError::NotDecodable(format!("the {} decoder cannot be opened ({e})", id.name())),
    })
}

/// The first picture of an untrusted file opened with only the
/// `format_whitelist` demuxers: a still held in a video container, such as
/// an AVIF's.
pub(crate) fn first_picture(
    path: &Path,
    limits: &ProbeLimits,
    format_whitelist: &str,
) -> Result<frame::Video, MediaError> {
    let input = open_input_with(path, limits, format_whitelist)?;
    let index = main_video_stream(&input)
        .ok_or(MediaError::NoVideoStream)?
        .index();
    let decoder = {
        let stream = input.stream(index).ok_or(MediaError::NoVideoStream)?;
        open_video_decoder(&stream, limits, false)?
    };
    let mut demuxer = Demuxer::new(input).with_video(index, decoder);
    decode_first_frame(&mut demuxer, limits)
}

/// Reads packets until the video decoder yields its first picture that
/// decodes without errors (damaged ones before it are skipped, within the
/// packet limits).
fn decode_first_frame(
    demuxer: &mut Demuxer,
    limits: &ProbeLimits,
) -> Result<frame::Video, MediaError> {
    let no_picture = |damaged: u32| {
        MediaError::NotDecodable(if damaged > 0 {
            "the pictures are damaged".into()
        } else {
            "no picture could be decoded".into()
        })
    };
    let mut damaged_pictures = 0u32;
    let mut frame = frame::Video::empty();
    let (mut packets, mut video_packets, mut corrupt) = (0u32, 0u32, 0u32);
    loop {
        match demuxer.receive(Medium::Video, &mut frame) {
            Received::Frame => {
                if frame.is_corrupt() || frame.has_decode_errors() {
                    // Concealed garbage is no proof; a clean picture later on
                    // (say after a damaged start) still is.
                    damaged_pictures += 1;
                    continue;
                }
                if frame.width() == 0 || frame.height() == 0 {
                    return Err(no_picture(damaged_pictures));
                }
                limits.check_size(frame.width(), frame.height())?;
                return Ok(frame);
            }
            Received::Again => {}
            Received::End => return Err(no_picture(damaged_pictures)),
            Received::Failed(e) => {
                return Err(MediaError::NotDecodable(format!(
                    "the first picture cannot be decoded ({e})"
                )))
            }
        }
        if demuxer.at_end() {
            return Err(no_picture(damaged_pictures));
        }
        // A damaged packet is not fatal yet: the limits below end the search
        // if nothing decodes.
        let read = demuxer.read()?;
        if matches!(read, Read::Sent | Read::Refused | Read::Other(_)) {
            packets += 1;
        }
        if matches!(read, Read::Sent | Read::Refused) {
            video_packets += 1;
        }
        if matches!(read, Read::Refused | Read::Damaged) {
            corrupt += 1;
        }
        if packets > MAX_PACKETS_FOR_FIRST_FRAME
            || video_packets > MAX_VIDEO_PACKETS_FOR_FIRST_FRAME
            || corrupt > MAX_CORRUPT_PACKETS
        {
            return Err(no_picture(damaged_pictures));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::testclip::{write_clip, ClipSpec};

    fn clip(dir: &Path, audio: bool) -> std::path::PathBuf {
        let path = dir.join("clip.mp4");
        write_clip(
            &path,
            &ClipSpec {
                width: 320,
                height: 240,
                fps: 30,
                duration_secs: 2.0,
                audio,
            },
        )
        .expect("write clip");
        path
    }

    #[test]
    fn probes_a_generated_clip() {
        let dir = tempfile::tempdir().unwrap();
        let path = clip(dir.path(), true);
        let info = probe(&path, &ProbeLimits::default()).expect("probe");
        assert_eq!(info.container, "mp4");
        assert_eq!(info.size_bytes, std::fs::metadata(&path).unwrap().len());
        assert!(
            (info.duration_secs - 2.0).abs() <= 1.0 / 30.0 + 1e-6,
            "duration {}",
            info.duration_secs
        );
        let v = info.video.clone().expect("video");
        assert_eq!((v.codec.as_str(), v.width, v.height), ("h264", 320, 240));
        assert!((v.fps - 30.0).abs() < 1e-6, "fps {}", v.fps);
        assert_eq!(v.frames, Some(60));
        assert_eq!(v.pix_fmt, "yuv420p");
        assert_eq!(v.rotation, 0);
        let a = info.audio.clone().expect("audio");
        assert_eq!(a.codec, "aac");
        assert_eq!(a.channels, 2);
        assert!(a.sample_rate == 44_100 || a.sample_rate == 48_000);
        // The record round-trips through JSON (it is sent between processes).
        let json = serde_json::to_string(&info).unwrap();
        let back: MediaInfo = serde_json::from_str(&json).unwrap();
        assert_eq!(back.video.unwrap().width, 320);
    }

    #[test]
    fn rejects_a_text_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "hello, this is not a video\n".repeat(100)).unwrap();
        let err = probe(&path, &ProbeLimits::default()).unwrap_err();
        assert!(matches!(err, MediaError::NotDecodable(_)), "{err}");
        assert!(
            err.to_string().starts_with("not a decodable video: "),
            "{err}"
        );
    }

    #[test]
    fn rejects_a_truncated_clip() {
        let dir = tempfile::tempdir().unwrap();
        let path = clip(dir.path(), false);
        let bytes = std::fs::read(&path).unwrap();
        let cut = dir.path().join("cut.mp4");
        std::fs::write(&cut, &bytes[..2048]).unwrap();
        let err = probe(&cut, &ProbeLimits::default()).unwrap_err();
        assert!(matches!(err, MediaError::NotDecodable(_)), "{err}");
    }

    #[test]
    fn rejects_garbage_behind_a_valid_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = clip(dir.path(), false);
        let mut bytes = std::fs::read(&path).unwrap();
        // Overwrite the picture data (the `mdat` payload) but keep `ftyp` and
        // the `moov` index intact, so the container still opens.
        let mdat = bytes
            .windows(4)
            .position(|w| w == b"mdat")
            .expect("mdat box");
        let moov = bytes
            .windows(4)
            .position(|w| w == b"moov")
            .expect("moov box");
        assert!(moov > mdat, "the muxer writes moov last");
        let mut x: u32 = 0x1234_5678;
        for b in &mut bytes[mdat + 4..moov - 4] {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        let bad = dir.path().join("garbage.mp4");
        std::fs::write(&bad, &bytes).unwrap();
        let err = probe(&bad, &ProbeLimits::default()).unwrap_err();
        assert!(matches!(err, MediaError::NotDecodable(_)), "{err}");
    }

    #[test]
    fn rejects_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.mp4");
        std::fs::write(&path, b"").unwrap();
        let err = probe(&path, &ProbeLimits::default()).unwrap_err();
        assert!(matches!(err, MediaError::Empty), "{err}");
    }

    #[test]
    fn refuses_sizes_and_durations_above_the_limits() {
        let dir = tempfile::tempdir().unwrap();
        let path = clip(dir.path(), false);
        let small = ProbeLimits {
            max_width: 160,
            max_height: 120,
            ..ProbeLimits::default()
        };
        let err = probe(&path, &small).unwrap_err();
        assert_eq!(
            err.to_string(),
            "video is 320x240, larger than the 160x120 limit"
        );
        let short = ProbeLimits {
            max_duration_secs: 1.0,
            ..ProbeLimits::default()
        };
        assert!(matches!(
            probe(&path, &short).unwrap_err(),
            MediaError::TooLong { .. }
        ));
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let err = probe(Path::new("/nonexistent/kiln.mp4"), &ProbeLimits::default()).unwrap_err();
        assert!(matches!(err, MediaError::Io { .. }), "{err}");
    }
}

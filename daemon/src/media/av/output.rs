//! Output files and their streams: creating the muxer, streams that carry
//! an input stream's packets unchanged, display-matrix (rotation) side data.

use std::path::Path;

use ffmpeg::ffi;
use ffmpeg::format::context::Output;
use ffmpeg::format::stream::Stream;
use ffmpeg::{codec, encoder, format, Packet, Rational, Rescale};
use ffmpeg_next as ffmpeg;

use super::Medium;
use crate::media::{file_url, MediaError};

/// Creates `path` (truncating it) and a `muxer` (e.g. `mp4`) writing to it.
pub(crate) fn create(path: &Path, muxer: &str) -> Result<Output, MediaError> {
    format::output_as(&file_url(path), muxer).map_err(|e| match e {
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

/// Whether the muxer can store `id` packets: its own audio or video codec
/// (the mp3 muxer's query answers only for the cover pictures it takes),
/// or one its query accepts.
pub(crate) fn accepts(octx: &Output, id: codec::Id) -> bool {
    own_codec(octx, id) || query_codec(octx, id) == 1
}

/// Like [`accepts`], but also true when the muxer lists no codecs (as
/// ogg's): writing its header then refuses what it cannot hold.
pub(crate) fn may_accept(octx: &Output, id: codec::Id) -> bool {
    let answer = query_codec(octx, id);
    own_codec(octx, id) || answer == 1 || ffmpeg::Error::from(answer) == ffmpeg::Error::PatchWelcome
}

/// Whether `id` is the muxer's default audio or video codec.
fn own_codec(octx: &Output, id: codec::Id) -> bool {
    let id: ffi::AVCodecID = id.into();
    // SAFETY: the output format pointer is valid for the muxer's lifetime.
    unsafe {
        let f = octx.format().as_ptr();
        (*f).audio_codec == id || (*f).video_codec == id
    }
}

/// `avformat_query_codec`: 1 when the muxer can store `id` packets, 0 when
/// it cannot, a negative error when it does not say.
fn query_codec(octx: &Output, id: codec::Id) -> i32 {
    // SAFETY: the output format pointer is valid for the muxer's lifetime.
    unsafe {
        ffi::avformat_query_codec(octx.format().as_ptr(), id.into(), ffi::FF_COMPLIANCE_NORMAL)
    }
}

/// The time base of output stream `index`, which the muxer may change when
/// it writes the header; `context` names the step in the error.
pub(crate) fn stream_time_base(
    octx: &Output,
    index: usize,
    context: &'static str,
) -> Result<Rational, MediaError> {
    octx.stream(index)
        .map(|s| s.time_base())
        .ok_or(MediaError::Ffmpeg {
            context,
            source: ffmpeg::Error::StreamNotFound,
        })
}

/// An output stream carrying an input stream's packets unchanged, their
/// times shifted so the file starts at zero.
pub(crate) struct StreamCopy {
    index: usize,
    /// The input stream's time base.
    time_base: Rational,
    /// The input file's start time, in `time_base`.
    offset: i64,
    medium: Medium,
}

impl StreamCopy {
    /// Adds the output stream for `ist` (of a file starting at `start_time`,
    /// `AV_TIME_BASE` units); call before `write_header`.
    pub(crate) fn add(
        octx: &mut Output,
        ist: &Stream,
        start_time: i64,
        medium: Medium,
    ) -> Result<StreamCopy, MediaError> {
        let mut ost = octx
            .add_stream(encoder::find(codec::Id::None))
            .map_err(MediaError::ffmpeg(medium.steps().adding_stream))?;
        ost.set_parameters(ist.parameters());
        ost.set_time_base(ist.time_base());
        // SAFETY: codecpar of a live output stream; a codec tag from another
        // container must not be carried over (the muxer picks its own).
        unsafe {
            (*ost.parameters().as_mut_ptr()).codec_tag = 0;
        }
        let time_base = ist.time_base();
        Ok(StreamCopy {
            index: ost.index(),
            time_base,
            offset: start_time.rescale(ffmpeg::rescale::TIME_BASE, time_base),
            medium,
        })
    }

    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// Writes a packet of the input stream.
    pub(crate) fn write(&self, octx: &mut Output, packet: &mut Packet) -> Result<(), MediaError> {
        let ost_tb = stream_time_base(octx, self.index, self.medium.steps().writing)?;
        packet.set_pts(packet.pts().map(|t| t - self.offset));
        packet.set_dts(packet.dts().map(|t| t - self.offset));
        packet.rescale_ts(self.time_base, ost_tb);
        packet.set_position(-1);
        packet.set_stream(self.index);
        packet
            .write_interleaved(octx)
            .map_err(MediaError::ffmpeg(self.medium.steps().writing))
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

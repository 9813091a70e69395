//! `-c:v copy` and/or `-c:a copy`: the main video stream's packets, the
//! main audio stream's, or both, copied into a new file. Nothing else of
//! the input goes along: not its tags, nor its other streams (cover art
//! among them).

use std::path::Path;

use ffmpeg::format::context::Output;
use ffmpeg::{ffi, Rational};
use ffmpeg_next as ffmpeg;

use super::super::{AvPlan, COPY, OPS_FORMATS};
use super::muxer_options;
use crate::media::av::output::{self, set_display_matrix, StreamCopy};
use crate::media::av::{Demuxer, Medium, Read};
use crate::media::ops::Deadline;
use crate::media::probe::{self, ProbeLimits};
use crate::media::MediaError;

/// Whether `plan` copies packets instead of encoding: its video (`-c:v
/// copy`, with the audio copied or dropped), or, without video, its audio
/// (`-vn -c:a copy`).
pub(super) fn copies(plan: &AvPlan) -> bool {
    match (&plan.video, &plan.audio) {
        (Some(v), _) => v.encoder == COPY,
        (None, Some(a)) => a.encoder == COPY,
        (None, None) => false,
    }
}

/// Copies the main video stream's packets into a new file (`-c:v copy`),
/// keeping its rotation, with the main audio stream's when the plan copies
/// audio (`-c:a copy`, else `-an`); a plan without video copies the audio
/// alone (`-vn -c:a copy`).
pub(super) fn remux(
    plan: &AvPlan,
    input: &Path,
    target: &Path,
    limits: &ProbeLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), MediaError> {
    let mut demuxer = Demuxer::new(probe::open_input_with(input, limits, OPS_FORMATS)?);
    let mut octx = output::create(target, plan.muxer)?;
    let video = if plan.video.is_some() {
        Some(add_video_copy(&demuxer, &mut octx)?)
    } else {
        None
    };
    let audio = if plan.audio.as_ref().is_some_and(|a| a.encoder == COPY) {
        add_audio_copy(&demuxer, &mut octx)?
    } else {
        None
    };
    // Progress: pictures of the video, else milliseconds of the audio.
    let (main, total) = match (&video, &audio) {
        (Some((i, _, frames)), _) => (*i, *frames),
        (None, Some((i, _))) => (*i, duration_ms(&demuxer)),
        (None, None) => return Err(MediaError::NotDecodable("no audio stream".into())),
    };
    let audio_tb = match &video {
        Some(_) => None,
        None => demuxer.input().stream(main).map(|s| s.time_base()),
    };
    octx.write_header_with(muxer_options(plan))
        .map_err(MediaError::ffmpeg("writing the output header"))?;
    let (mut packets, mut done) = (0u64, 0u64);
    loop {
        deadline.check()?;
        let mut packet = match demuxer.read()? {
            Read::End => break,
            Read::Damaged => {
                demuxer.damaged("too much of the file is damaged")?;
                continue;
            }
            Read::Other(packet) => packet,
            Read::Sent | Read::Refused => continue,
        };
        let index = packet.stream();
        if index == main {
            packets += 1;
            done = audio_tb.map_or(packets, |tb| end_ms(&packet, tb).max(done));
        }
        match (&video, &audio) {
            (Some((i, copy, _)), _) if index == *i => copy.write(&mut octx, &mut packet)?,
            (_, Some((i, copy))) if index == *i => copy.write(&mut octx, &mut packet)?,
            _ => continue,
        }
        if index == main && !progress(done, total.max(done)) {
            return Err(MediaError::Canceled);
        }
    }
    if packets == 0 {
        let what = if video.is_none() { "audio" } else { "video" };
        return Err(MediaError::NotDecodable(format!("no {what} packets")));
    }
    octx.write_trailer()
        .map_err(MediaError::ffmpeg("finishing the output file"))
}

/// The input's length in milliseconds (0 when it does not say).
fn duration_ms(demuxer: &Demuxer) -> u64 {
    let d = demuxer.input().duration();
    if d > 0 && d != ffi::AV_NOPTS_VALUE {
        u64::try_from(d / 1000).unwrap_or(0)
    } else {
        0
    }
}

/// Where `packet` (of a stream with time base `tb`) ends, in milliseconds.
fn end_ms(packet: &ffmpeg::Packet, tb: Rational) -> u64 {
    let Some(pts) = packet.pts().or(packet.dts()) else {
        return 0;
    };
    let end = (pts + packet.duration().max(0)) as f64 * f64::from(tb) * 1000.0;
    if end.is_finite() && end > 0.0 {
        end as u64
    } else {
        0
    }
}

/// Adds the output stream copying the input's main video stream; answers
/// the input stream's index, the copy and the stream's frame count (0 when
/// the container does not say).
fn add_video_copy(
    demuxer: &Demuxer,
    octx: &mut Output,
) -> Result<(usize, StreamCopy, u64), MediaError> {
    let ist = probe::main_video_stream(demuxer.input()).ok_or(MediaError::NoVideoStream)?;
    let id = ist.parameters().id();
    if !output::accepts(octx, id) {
        return Err(MediaError::NotDecodable(format!(
            "the {} video cannot be copied into this container",
            id.name()
        )));
    }
    let copy = StreamCopy::add(octx, &ist, demuxer.start_time(), Medium::Video)?;
    if let Some(m) = probe::display_matrix(&ist) {
        set_display_matrix(octx, copy.index(), &m)?;
    }
    let frames = u64::try_from(ist.frames()).unwrap_or(0);
    Ok((ist.index(), copy, frames))
}

/// Adds the output stream copying the input's main audio stream, if it has
/// one; answers its input index and the copy.
fn add_audio_copy(
    demuxer: &Demuxer,
    octx: &mut Output,
) -> Result<Option<(usize, StreamCopy)>, MediaError> {
    let Some(ist) = probe::main_audio_stream(demuxer.input()) else {
        return Ok(None);
    };
    let id = ist.parameters().id();
    if !output::may_accept(octx, id) {
        return Err(MediaError::NotDecodable(format!(
            "the {} audio cannot be copied into this container",
            id.name()
        )));
    }
    let copy = StreamCopy::add(octx, &ist, demuxer.start_time(), Medium::Audio)?;
    Ok(Some((ist.index(), copy)))
}

//! `-c:v copy` (and `-c:a copy`): the main video stream's packets, and the
//! main audio stream's when the plan copies audio too, copied into a new
//! file.

use std::path::Path;

use ffmpeg::format::context::Output;
use ffmpeg_next as ffmpeg;

use super::super::{AvPlan, COPY, OPS_FORMATS};
use super::muxer_options;
use crate::media::av::output::{self, set_display_matrix, StreamCopy};
use crate::media::av::{Demuxer, Medium, Read};
use crate::media::ops::Deadline;
use crate::media::probe::{self, ProbeLimits};
use crate::media::MediaError;

/// Copies the main video stream's packets into a new file (`-c:v copy`),
/// keeping its rotation, with the main audio stream's when the plan copies
/// audio (`-c:a copy`, else `-an`).
pub(super) fn remux_video(
    plan: &AvPlan,
    input: &Path,
    target: &Path,
    limits: &ProbeLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(), MediaError> {
    let mut demuxer = Demuxer::new(probe::open_input_with(input, limits, OPS_FORMATS)?);
    let mut octx = output::create(target, plan.muxer)?;
    let (video_index, copy, total) = add_video_copy(&demuxer, &mut octx)?;
    let audio = if plan.audio.as_ref().is_some_and(|a| a.encoder == COPY) {
        add_audio_copy(&demuxer, &mut octx)?
    } else {
        None
    };
    octx.write_header_with(muxer_options(plan))
        .map_err(MediaError::ffmpeg("writing the output header"))?;
    let mut done = 0u64;
    loop {
        deadline.check()?;
        match demuxer.read()? {
            Read::End => break,
            Read::Damaged => demuxer.damaged("too much of the file is damaged")?,
            Read::Other(mut packet) if packet.stream() == video_index => {
                copy.write(&mut octx, &mut packet)?;
                done += 1;
                if !progress(done, total.max(done)) {
                    return Err(MediaError::Canceled);
                }
            }
            Read::Other(mut packet) => {
                if let Some((index, a)) = &audio {
                    if packet.stream() == *index {
                        a.write(&mut octx, &mut packet)?;
                    }
                }
            }
            Read::Sent | Read::Refused => {}
        }
    }
    if done == 0 {
        return Err(MediaError::NotDecodable("no video packets".into()));
    }
    octx.write_trailer()
        .map_err(MediaError::ffmpeg("finishing the output file"))
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
    if !output::accepts(octx, id) {
        return Err(MediaError::NotDecodable(format!(
            "the {} audio cannot be copied into this container",
            id.name()
        )));
    }
    let copy = StreamCopy::add(octx, &ist, demuxer.start_time(), Medium::Audio)?;
    Ok(Some((ist.index(), copy)))
}

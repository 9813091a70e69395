//! `-c:v copy`: the main video stream's packets copied into a new file.

use std::path::Path;

use ffmpeg::format::context::Output;
use ffmpeg_next as ffmpeg;

use super::super::{AvPlan, OPS_FORMATS};
use super::muxer_options;
use crate::media::av::output::{self, set_display_matrix, StreamCopy};
use crate::media::av::{Demuxer, Medium, Read};
use crate::media::ops::Deadline;
use crate::media::probe::{self, ProbeLimits};
use crate::media::MediaError;

/// Copies the main video stream's packets into a new file of the same
/// container (`-c:v copy -an`), keeping its rotation.
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
            Read::Other(_) | Read::Sent | Read::Refused => {}
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

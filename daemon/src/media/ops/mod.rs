//! Media operations: the typed library of file operations that jobs run
//! in-process (FFmpeg through `ffmpeg-next` for audio and video, the `image`
//! crate for stills), each able to print the equivalent `ffmpeg` / `magick`
//! command line.
//!
//! - Each operation is one type in its own file (`grayscale.rs`,
//!   `trim.rs`...): its parameters, and, through the `Op` trait, its
//!   name, the kinds of file it takes and what it makes of them, its
//!   validation, description, output names, its part of an audio/video
//!   plan, its pixel transform and its `magick` options.
//! - [`Operation`] is one step: one of those types, serde-tagged by `op`
//!   (steps travel to the worker processes as JSON and are stored in job
//!   records). The `operations!` registry below lists every operation once;
//!   [`CATALOG`] tells clients about them. A step validates its parameters,
//!   says which [`MediaKind`]s it accepts, predicts its output
//!   ([`FileFacts`]) so whole pipelines can be checked before anything runs
//!   ([`check_pipeline`]), derives output names from input names and
//!   renders its command line.
//! - [`run`] performs one step on real files; audio and video are streamed
//!   packet by packet through a libavfilter graph (the same graph text the
//!   command line shows), stills are decoded within [`OpLimits`].
//! - [`probe_any`] tells what a file is (video, audio-only, GIF or still).
//!
//! Single-input operations given several files apply to each of them;
//! [`Operation::Concat`], [`Operation::Slideshow`] and an image
//! [`Operation::Watermark`] take all inputs at once.
//!
//! Safety and limits: output names are derived from input names through
//! [`sanitize_stem`] (no user text reaches a path); watermark text is limited
//! to characters that mean nothing to libavfilter; inputs open with a demuxer
//! and decoder allow-list, the file protocol only, picture sizes checked
//! before decoding, still decoders bounded by `image::Limits`, and a
//! deadline ([`OpLimits::time_limit_secs`]) checked in every frame loop.
//! Reverse and GIF palettes hold the clip in memory, so they are refused
//! for inputs longer than [`OpLimits::max_buffered_secs`].
//!
//! The command lines are printed from the same plan that runs: the filter
//! text, encoder options and seek options are identical; in-process, format
//! conversions for the encoders are explicit filters where ffmpeg inserts
//! them itself (`-pix_fmt`), and the display rotation of phone videos is
//! applied as ffmpeg's autorotate does. The tests run a representative set
//! through the real `ffmpeg` and ImageMagick and compare the results.

mod av;
pub mod avif;
mod codec;
mod command;
mod document;
mod facts;
mod filters;
mod ico;
mod image;
mod jpeg_rows;
mod jpeg_stream;
mod limits;
mod names;
mod needs;
mod op;
mod palette;
mod plan;
mod png_rows;
mod quality;
pub mod stills;
mod to_size;
mod turbo;
mod turbo_planes;
mod webp;
mod webp_anim;
#[macro_use]
mod registry;
#[cfg(test)]
mod anim_webp_tests;
#[cfg(test)]
mod audio_tag_tests;
#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod encode_tests;
#[cfg(test)]
mod flatten_tests;
#[cfg(test)]
mod pad_tests;
#[cfg(test)]
mod still_tests;
#[cfg(test)]
mod stored_form_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use super::MediaError;

pub use crate::media::docs::{CompressLevel, PageSize, Pages};
pub use codec::VideoCodec;
pub use command::shell_quote;
pub use crop::{Aspect, Rect};
pub use facts::{DocFacts, FileFacts, Format, MediaKind};
pub use flip::FlipDirection;
pub use frames::FrameFormat;
pub(crate) use limits::Deadline;
pub use limits::OpLimits;
pub use names::sanitize_stem;
pub use quality::Quality;
pub use registry::OpInfo;
pub use scale::Resolution;
pub use trim_silence::SilenceEnds;
pub use watermark::Corner;

operations! {
    convert::Convert,
    compress::Compress,
    scale::Scale,
    crop::Crop,
    crop_borders::CropBorders,
    pad::Pad,
    rotate::Rotate,
    flip::Flip,
    trim::Trim,
    trim_silence::TrimSilence,
    speed::Speed,
    reverse::Reverse,
    change_fps::ChangeFps,
    extract_audio::ExtractAudio,
    remove_audio::RemoveAudio,
    volume::Volume,
    normalize::Normalize,
    shift_audio::ShiftAudio,
    grayscale::Grayscale,
    adjust::Adjust,
    negate::Negate,
    flatten::Flatten,
    to_gif::ToGif,
    frames::Frames,
    concat::Concat,
    watermark::Watermark,
    slideshow::Slideshow,
    thumbnail::Thumbnail,
    auto_orient::AutoOrient,
    blur::Blur,
    sharpen::Sharpen,
    optimize_png::OptimizePng,
    strip_metadata::StripMetadata,
    cut::Cut,
    split::Split,
    fade::Fade,
    repeat::Loop,
    boomerang::Boomerang,
    remux::Remux,
    audio_settings::AudioSettings,
    quantize::Quantize,
    pdf_to_images::PdfToImages,
    office_to_pdf::OfficeToPdf,
    compress_pdf::CompressPdf,
    images_to_pdf::ImagesToPdf,
    merge_pdfs::MergePdfs,
    extract_pages::ExtractPages,
}

/// Most inputs a multi-input step takes.
pub const MAX_INPUTS: usize = 50;

/// A planning error: bad parameters, or a step that cannot take what it is
/// given. Shown to the user.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    #[error("{0}")]
    Invalid(String),
    #[error("{op} cannot take {} ({name})", kind.word())]
    NotAccepted {
        op: String,
        kind: MediaKind,
        name: String,
    },
    #[error("step {step} ({op}): {source}")]
    Step {
        step: usize,
        op: String,
        #[source]
        source: Box<OpError>,
    },
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, OpError> {
    Err(OpError::Invalid(msg.into()))
}

/// A number without a needless `.0`.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A time in seconds to the microsecond, for cuts and shifts that must not
/// add up rounding over many parts: `1.5`, `0.033333`.
pub(crate) fn fmt_precise(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Rounds down to an even number, at least 2.
pub(crate) fn even(v: u32) -> u32 {
    (v & !1).max(2)
}

/// Checks a whole pipeline before it runs: every step's parameters, and
/// that each step can take what the previous one produces. Answers the
/// predicted files after each step.
pub fn check_pipeline(
    inputs: &[FileFacts],
    steps: &[Operation],
) -> Result<Vec<Vec<FileFacts>>, OpError> {
    if steps.is_empty() {
        return invalid("the pipeline has no steps");
    }
    let mut current = inputs.to_vec();
    let mut all = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        current = step.outputs(&current).map_err(|e| OpError::Step {
            step: i + 1,
            op: step.name().to_string(),
            source: Box::new(e),
        })?;
        all.push(current.clone());
    }
    Ok(all)
}

/// What a file is, for planning: documents (PDF, office) by their
/// signature, images (likewise) through the `image` crate, everything else
/// through FFmpeg (video, audio-only, GIF).
pub fn probe_any(path: &Path, limits: &OpLimits) -> Result<FileFacts, MediaError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(facts) = crate::media::docs::identify(path, &name)? {
        return Ok(facts);
    }
    if let Some(facts) = image::probe_still(path, &name, limits)? {
        return Ok(facts);
    }
    av::probe_av(path, &name, limits)
}

/// Runs one step on `inputs`, writing into `output_dir` (names derived from
/// the input names; an existing file is never overwritten: `_2`, `_3`... are
/// appended). `progress(done, total)` is called as work is done (frames for
/// video, milliseconds for audio, rows or steps for stills); returning false
/// cancels with [`MediaError::Canceled`]. Partial outputs are removed on
/// failure.
pub fn run(
    op: &Operation,
    inputs: &[PathBuf],
    output_dir: &Path,
    limits: &OpLimits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    run_named(
        op,
        inputs,
        &file_names(inputs),
        output_dir,
        limits,
        progress,
    )
}

/// The file names of `paths` (empty where a path has none).
pub fn file_names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// Like [`run`], for inputs stored under other names (blobs): `names` are
/// the names the user knows them by, used (sanitised) to derive the output
/// names. One name per input.
pub fn run_named(
    op: &Operation,
    inputs: &[PathBuf],
    names: &[String],
    output_dir: &Path,
    limits: &OpLimits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    super::init();
    let kit = Kit {
        probe: probe_any,
        step: run_one,
    };
    kit.run(op, inputs, names, output_dir, limits, progress)
}

/// One step on one set of probed inputs, written into a directory.
type StepFn = fn(
    &Operation,
    &[PathBuf],
    &[FileFacts],
    &Path,
    &OpLimits,
    Deadline,
    &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError>;

/// How a worker reads files and runs one step; passed as plain functions so
/// that the still-picture worker ([`stills`]) reaches no FFmpeg code.
pub(crate) struct Kit {
    pub probe: fn(&Path, &OpLimits) -> Result<FileFacts, MediaError>,
    pub step: StepFn,
}

impl Kit {
    /// [`run_named`] with this kit's probe and step.
    pub(crate) fn run(
        &self,
        op: &Operation,
        inputs: &[PathBuf],
        names: &[String],
        output_dir: &Path,
        limits: &OpLimits,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Vec<PathBuf>, MediaError> {
        op.validate()
            .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
        if inputs.is_empty() {
            return Err(MediaError::InvalidRequest("no input file".into()));
        }
        if names.len() != inputs.len() {
            return Err(MediaError::InvalidRequest(
                "one name per input file is needed".into(),
            ));
        }
        let deadline = limits.deadline();
        let mut facts = Vec::with_capacity(inputs.len());
        for (p, name) in inputs.iter().zip(names) {
            let mut f = (self.probe)(p, limits)?;
            f.name = name.clone();
            facts.push(f);
        }
        if !op.is_multi_input() && inputs.len() > 1 {
            let mut outs = Vec::new();
            for (p, f) in inputs.iter().zip(&facts) {
                outs.extend((self.step)(
                    op,
                    std::slice::from_ref(p),
                    std::slice::from_ref(f),
                    output_dir,
                    limits,
                    deadline,
                    progress,
                )?);
            }
            return Ok(outs);
        }
        (self.step)(op, inputs, &facts, output_dir, limits, deadline, progress)
    }
}

fn run_one(
    op: &Operation,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    output_dir: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    // Borders are found by looking at the video; then it is a plain crop.
    let found;
    let op = match op {
        Operation::CropBorders(c) if !op.uses_image_path(facts) => {
            found = Operation::Crop(c.found_in(&inputs[0], limits, deadline)?);
            &found
        }
        // Silences are found by listening; then it is a plain trim.
        Operation::TrimSilence(t) if t.pauses.is_none() => {
            found = Operation::Trim(t.found_in(&inputs[0], limits, deadline)?);
            &found
        }
        // A video's pauses too; then it is a cut of those parts.
        Operation::TrimSilence(t) if facts[0].kind == MediaKind::Video => {
            found =
                Operation::TrimSilence(t.parts_in(&inputs[0], facts[0].fps, limits, deadline)?);
            &found
        }
        _ => op,
    };
    let predicted = op
        .outputs(facts)
        .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
    let name = op.output_name_for(&facts[0]);
    let name = if op.is_multi_input() {
        predicted[0].name.clone()
    } else {
        name
    };
    if op.op().is_document(facts) {
        let mut job = document::DocJob {
            inputs,
            facts,
            output_dir,
            name: &name,
            limits,
            deadline,
            progress,
        };
        return op.op().document(&mut job);
    }
    if op.uses_image_path(facts) {
        return run_still(
            op, &inputs[0], &facts[0], output_dir, &name, limits, deadline, progress,
        );
    }
    let invalid = |e: OpError| MediaError::InvalidRequest(e.to_string());
    if let Some((mb, plans)) = op.op().size_ladder(facts).map_err(invalid)? {
        let run = to_size::AvRun {
            inputs,
            facts,
            output_dir,
            name: &name,
            limits,
            deadline,
        };
        return run.within(&plans, mb, progress);
    }
    let plan = op.plan(facts).map_err(invalid)?;
    av::execute(
        &plan, inputs, facts, output_dir, &name, limits, deadline, progress,
    )
}

/// A step on the stills path, written to `output_dir` as `name` (or the
/// next free name); nothing is left behind when it fails.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_still(
    op: &Operation,
    input: &Path,
    facts: &FileFacts,
    output_dir: &Path,
    name: &str,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    let out = names::reserve(output_dir, name)?;
    match image::run(op.op(), input, facts, &out, limits, deadline, progress) {
        Ok(()) => Ok(vec![out]),
        Err(e) => {
            let _ = std::fs::remove_file(&out);
            Err(e)
        }
    }
}

//! What an operation is: the [`Op`] trait each operation's parameter struct
//! implements in its own file (name, type rule, validation, words, its part
//! of an audio/video plan, its pixel transform and `magick` options), and
//! what all operations share on top of it ([`AnyOp`]): output names,
//! predicted outputs, and which path, FFmpeg or the `image` crate, runs a
//! step.

use std::path::PathBuf;

use ::image::DynamicImage;

use super::av::AvPlan;
use super::document::DocJob;
use super::image::Encoding;
use super::needs::{Needs, Source};
use super::plan::{self, Draft};
use super::{even, invalid, sanitize_stem, FileFacts, Format, MediaKind, OpError, MAX_INPUTS};
use crate::media::MediaError;

/// Audio and video.
pub(crate) const AV: &[MediaKind] = &[MediaKind::Video, MediaKind::Audio];
/// Everything with pictures.
pub(crate) const VISUAL: &[MediaKind] = &[MediaKind::Video, MediaKind::Gif, MediaKind::Image];
/// Moving pictures.
pub(crate) const MOVING: &[MediaKind] = &[MediaKind::Video, MediaKind::Gif];
/// Everything that lasts.
pub(crate) const TIMED: &[MediaKind] = &[MediaKind::Video, MediaKind::Audio, MediaKind::Gif];
/// Every kind, in the order clients are shown them.
pub(crate) const ALL: &[MediaKind] = &[
    MediaKind::Video,
    MediaKind::Audio,
    MediaKind::Image,
    MediaKind::Gif,
];
pub(crate) const VIDEO: &[MediaKind] = &[MediaKind::Video];
/// Stills, and GIFs read as their first frame.
pub(crate) const STILL: &[MediaKind] = &[MediaKind::Image, MediaKind::Gif];
pub(crate) const IMAGE: &[MediaKind] = &[MediaKind::Image];
/// PDFs and office documents.
pub(crate) const DOCUMENT: &[MediaKind] = &[MediaKind::Document];

/// One operation, implemented by its parameter struct. The defaults suit a
/// step on one file that keeps its format and changes what its hooks say.
pub(crate) trait Op: Sized {
    /// The `op` tag of its stored form.
    const NAME: &'static str;
    /// What it does, for clients (`GET /api/v1/capabilities`).
    const SUMMARY: &'static str;
    /// The kinds of file it takes.
    const ACCEPTS: &'static [MediaKind];
    /// Takes all its inputs at once (else each input alone).
    const MULTI_INPUT: bool = false;
    /// Reads a GIF as its first frame on the stills path, writing PNG.
    const GIF_AS_STILL: bool = false;
    /// Runs through [`Op::document`] (documents), not FFmpeg or the stills
    /// path.
    const DOCUMENT: bool = false;

    /// Checks parameter ranges.
    fn validate(&self) -> Result<(), OpError> {
        Ok(())
    }

    /// A sentence saying what the step does.
    fn describe(&self) -> String;

    /// Added to the input name's stem to name the output (`_bw`).
    fn suffix(&self) -> String;

    /// The output format for `input`.
    fn output_format(&self, input: &FileFacts) -> Format {
        if Self::GIF_AS_STILL && input.kind == MediaKind::Gif {
            Format::Png
        } else {
            same_format(input)
        }
    }

    /// The type rule of a single-input step: how its output differs from
    /// `input` (`out` starts as the input, renamed, in the output format).
    fn predict(&self, _input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        Ok(())
    }

    /// The outputs of one input (already accepted): one, by
    /// [`Op::predict`], unless the step says otherwise.
    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        predicted(self, input)
    }

    /// The one output of a multi-input step.
    fn combine(&self, _inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        invalid(format!("{} takes one file at a time", Self::NAME))
    }

    /// Whether `input` is worked on by the stills path.
    fn on_still_path(&self, input: &FileFacts) -> bool {
        input.kind == MediaKind::Image || Self::GIF_AS_STILL && input.kind == MediaKind::Gif
    }

    /// Audio and video: this step's part of a single-input plan (filters,
    /// encoders, seeking).
    fn shape(&self, _plan: &mut Draft) -> Result<(), OpError> {
        invalid(format!("{} works on still images only", self.describe()))
    }

    /// Audio and video: the plan on `inputs` (already checked by
    /// `outputs`).
    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        plan::single(self, inputs)
    }

    /// Audio and video under a size: the megabytes and the plans to try,
    /// best first, until one writes a file that small.
    fn size_ladder(&self, _inputs: &[FileFacts]) -> Result<Option<(f64, Vec<AvPlan>)>, OpError> {
        Ok(None)
    }

    /// Stills: the new picture.
    fn still(&self, _img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Err(MediaError::InvalidRequest(not_for_stills(self)))
    }

    /// Stills: what the step reads of a `width` x `height` source
    /// (oriented), so the decoder may do less.
    fn needs(&self, _width: u32, _height: u32) -> Needs {
        Needs::default()
    }

    /// Stills: the new picture from a source decoded as [`Op::needs`]
    /// allowed (smaller, gray or cut out). Steps whose `needs` ask for less
    /// than all of it override this.
    fn still_from(&self, img: DynamicImage, _source: Source) -> Result<DynamicImage, MediaError> {
        self.still(img)
    }

    /// Stills: how the new picture is written.
    fn encoding(&self) -> Encoding {
        Encoding::default()
    }

    /// Stills: the `magick` options doing the same on `input`.
    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        invalid(not_for_stills(self))
    }

    /// Documents: runs the step, answering the files it made.
    fn document(&self, _job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        Err(MediaError::InvalidRequest(format!(
            "{} does not apply to documents",
            self.describe()
        )))
    }

    /// Documents: the command line doing the same on `inputs` into
    /// `output`.
    fn document_command(&self, _inputs: &[FileFacts], _output: &str) -> Result<String, OpError> {
        invalid(format!("{} does not apply to documents", self.describe()))
    }
}

fn not_for_stills<T: Op>(op: &T) -> String {
    format!("{} does not apply to still images", op.describe())
}

/// The input's own format where it can be written (HEIC stills become
/// JPEG, other containers MP4).
pub(crate) fn same_format(input: &FileFacts) -> Format {
    match input.format {
        Format::Other => Format::Mp4,
        Format::Heic => Format::Jpeg,
        f => f,
    }
}

/// The format clips are joined into: the first clip's, else MP4.
pub(crate) fn joined_format(input: &FileFacts) -> Format {
    match input.kind {
        MediaKind::Audio => same_format(input),
        _ if input.format.is_video_container() => same_format(input),
        _ => Format::Mp4,
    }
}

/// The output name of `op` on `input` (directories dropped, unsafe
/// characters replaced): `photo.png` → `photo_bw.png`.
pub(crate) fn output_name<T: Op>(op: &T, input: &FileFacts) -> String {
    let stem = sanitize_stem(&input.name);
    let mut suffix = op.suffix();
    let format = op.output_format(input);
    if suffix.is_empty() && format == input.format {
        suffix = "_out".into();
    }
    format!("{stem}{suffix}.{}", format.extension())
}

/// The output of `op` on `input` before its own type rule: the input,
/// renamed and in the output format.
pub(crate) fn renamed<T: Op>(op: &T, input: &FileFacts) -> FileFacts {
    let format = op.output_format(input);
    let mut out = input.clone();
    out.name = output_name(op, input);
    out.format = format;
    out.kind = format.kind();
    // Measured facts of the input say nothing of what a step writes.
    out.bytes = None;
    out.video_codec = None;
    out.audio_codec = None;
    out
}

/// The one output of `op` on `input`, by its type rule.
pub(crate) fn predicted<T: Op>(op: &T, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
    let mut out = renamed(op, input);
    op.predict(input, &mut out)?;
    if out.kind == MediaKind::Image {
        out.duration_secs = None;
        out.fps = None;
        out.has_audio = false;
    }
    // An icon is square, its largest picture 256 px at most.
    if out.format == Format::Ico {
        if let (Some(w), Some(h)) = (out.width, out.height) {
            let side = super::ico::largest(w.max(h).min(256), 1);
            out.width = Some(side);
            out.height = Some(side);
        }
    }
    if matches!(out.kind, MediaKind::Video | MediaKind::Gif) {
        out.width = out.width.map(even);
        out.height = out.height.map(even);
    }
    Ok(vec![out])
}

/// Refuses an input of a kind `op` does not take.
pub(crate) fn check_accepts<T: Op>(op: &T, input: &FileFacts) -> Result<(), OpError> {
    if T::ACCEPTS.contains(&input.kind) {
        Ok(())
    } else {
        Err(OpError::NotAccepted {
            op: op.describe(),
            kind: input.kind,
            name: input.name.clone(),
        })
    }
}

/// Refuses an input without audio.
pub(crate) fn need_audio(input: &FileFacts) -> Result<(), OpError> {
    if input.has_audio {
        Ok(())
    } else {
        Err(OpError::Invalid(format!("{} has no audio", input.name)))
    }
}

/// Refuses `v` unless it is a finite number within `range`.
pub(crate) fn within(
    v: f64,
    range: std::ops::RangeInclusive<f64>,
    msg: &str,
) -> Result<(), OpError> {
    if v.is_finite() && range.contains(&v) {
        Ok(())
    } else {
        invalid(msg)
    }
}

/// Refuses `v` unless it is a positive number.
pub(crate) fn positive(v: f64, what: &str) -> Result<(), OpError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        invalid(format!("{what} must be a positive number"))
    }
}

/// Any operation, as the shared code sees a step: answered from its [`Op`].
pub(crate) trait AnyOp {
    fn name(&self) -> &'static str;
    fn accepts(&self) -> &'static [MediaKind];
    fn is_multi_input(&self) -> bool;
    fn validate(&self) -> Result<(), OpError>;
    fn describe(&self) -> String;
    fn output_format(&self, input: &FileFacts) -> Format;
    fn output_name_for(&self, input: &FileFacts) -> String;
    /// Predicts the outputs on `inputs`, or says why it cannot take them.
    fn outputs(&self, inputs: &[FileFacts]) -> Result<Vec<FileFacts>, OpError>;
    /// Whether the step on `inputs` runs on the stills path.
    fn uses_still_path(&self, inputs: &[FileFacts]) -> bool;
    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError>;
    fn size_ladder(&self, inputs: &[FileFacts]) -> Result<Option<(f64, Vec<AvPlan>)>, OpError>;
    fn needs(&self, width: u32, height: u32) -> Needs;
    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError>;
    fn encoding(&self) -> Encoding;
    fn magick(&self, input: &FileFacts, out_format: Format) -> Result<Vec<String>, OpError>;
    /// Whether the step runs as a document step on `inputs`.
    fn is_document(&self, inputs: &[FileFacts]) -> bool;
    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError>;
    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError>;
}

impl<T: Op> AnyOp for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn accepts(&self) -> &'static [MediaKind] {
        T::ACCEPTS
    }

    fn is_multi_input(&self) -> bool {
        T::MULTI_INPUT
    }

    fn validate(&self) -> Result<(), OpError> {
        Op::validate(self)
    }

    fn describe(&self) -> String {
        Op::describe(self)
    }

    fn output_format(&self, input: &FileFacts) -> Format {
        Op::output_format(self, input)
    }

    fn output_name_for(&self, input: &FileFacts) -> String {
        output_name(self, input)
    }

    fn outputs(&self, inputs: &[FileFacts]) -> Result<Vec<FileFacts>, OpError> {
        Op::validate(self)?;
        if inputs.is_empty() {
            return invalid(format!("{} needs an input file", T::NAME));
        }
        if T::MULTI_INPUT {
            if inputs.len() > MAX_INPUTS {
                return invalid(format!("at most {MAX_INPUTS} files can be combined"));
            }
            return Ok(vec![self.combine(inputs)?]);
        }
        let mut out = Vec::new();
        for input in inputs {
            check_accepts(self, input)?;
            out.extend(self.outputs_of(input)?);
        }
        Ok(out)
    }

    fn uses_still_path(&self, inputs: &[FileFacts]) -> bool {
        !T::MULTI_INPUT && self.on_still_path(&inputs[0])
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        Op::plan(self, inputs)
    }

    fn size_ladder(&self, inputs: &[FileFacts]) -> Result<Option<(f64, Vec<AvPlan>)>, OpError> {
        Op::size_ladder(self, inputs)
    }

    fn needs(&self, width: u32, height: u32) -> Needs {
        Op::needs(self, width, height)
    }

    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError> {
        Op::still_from(self, img, source)
    }

    fn encoding(&self) -> Encoding {
        Op::encoding(self)
    }

    fn magick(&self, input: &FileFacts, out_format: Format) -> Result<Vec<String>, OpError> {
        Op::magick(self, input, out_format)
    }

    fn is_document(&self, inputs: &[FileFacts]) -> bool {
        T::DOCUMENT
            || T::ACCEPTS.contains(&MediaKind::Document)
                && inputs
                    .first()
                    .is_some_and(|f| f.kind == MediaKind::Document)
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        Op::document(self, job)
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        Op::document_command(self, inputs, output)
    }
}

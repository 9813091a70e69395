//! The registry: `operations!` (invoked once, in `mod.rs`) lists every
//! operation once. From that list it declares each operation's module,
//! makes [`Operation`] (the stored form, internally tagged by the `op`
//! name: `{"op":"grayscale"}`, `{"op":"trim","start":1.0}`), dispatches a
//! step to its operation's [`Op`] implementation, and lists the operations
//! for clients ([`CATALOG`]).
//!
//! [`Op`]: super::op::Op
//! [`CATALOG`]: super::CATALOG

use super::av::AvPlan;
use super::{invalid, names, FileFacts, Format, MediaKind, OpError, Operation};

/// Declares the operations: `module::Type` each, the type being the
/// operation's parameter struct in `ops/module.rs`.
macro_rules! operations {
    ($($module:ident :: $op:ident),* $(,)?) => {
        $(mod $module;)*
        $(pub use $module::$op;)*

        /// One step of a pipeline: an operation and its parameters.
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case")]
        pub enum Operation {
            $($op($op),)*
        }

        $(impl From<$op> for Operation {
            fn from(op: $op) -> Operation {
                Operation::$op(op)
            }
        })*

        impl Operation {
            /// The step's operation.
            pub(crate) fn op(&self) -> &dyn $crate::media::ops::op::AnyOp {
                match self {
                    $(Operation::$op(op) => op,)*
                }
            }
        }

        /// Every operation, in the order listed.
        pub const CATALOG: &[$crate::media::ops::OpInfo] = &[$($crate::media::ops::OpInfo {
            name: <$op as $crate::media::ops::op::Op>::NAME,
            summary: <$op as $crate::media::ops::op::Op>::SUMMARY,
            accepts: <$op as $crate::media::ops::op::Op>::ACCEPTS,
        },)*];
    };
}

/// What clients are told of an operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpInfo {
    /// The `op` tag.
    pub name: &'static str,
    /// What it does, in a sentence.
    pub summary: &'static str,
    /// The kinds of file it takes.
    pub accepts: &'static [MediaKind],
}

impl Operation {
    /// A `trim_silence` whose times are found when it runs (not one that
    /// cuts pauses, which FFmpeg finds as it goes).
    fn silence_found_when_run(&self) -> Option<&super::TrimSilence> {
        match self {
            Operation::TrimSilence(t) if t.pauses.is_none() => Some(t),
            _ => None,
        }
    }

    /// The `op` tag, e.g. `to_gif`.
    pub fn name(&self) -> &'static str {
        self.op().name()
    }

    /// Checks parameter ranges.
    pub fn validate(&self) -> Result<(), OpError> {
        self.op().validate()
    }

    /// The kinds of file this step takes.
    pub fn accepts(&self) -> &'static [MediaKind] {
        self.op().accepts()
    }

    /// Whether the step takes all inputs at once (else each input alone).
    pub fn is_multi_input(&self) -> bool {
        self.op().is_multi_input()
    }

    /// A sentence saying what the step does.
    pub fn describe(&self) -> String {
        self.op().describe()
    }

    /// The output file name for an input named `input_name` (directories
    /// dropped, unsafe characters replaced): `photo.png` → `photo_bw.png`.
    /// [`Operation::Frames`] with several pictures answers a pattern with
    /// `%03d`, numbered from 1.
    pub fn output_name(&self, input_name: &str) -> String {
        let facts = FileFacts::named(
            input_name,
            names::extension(input_name)
                .and_then(Format::from_extension)
                .unwrap_or(Format::Other),
        );
        self.op().output_name_for(&facts)
    }

    pub(crate) fn output_name_for(&self, input: &FileFacts) -> String {
        self.op().output_name_for(input)
    }

    /// Predicts the output(s) of this step for `inputs`, or says why it
    /// cannot take them.
    pub fn outputs(&self, inputs: &[FileFacts]) -> Result<Vec<FileFacts>, OpError> {
        self.op().outputs(inputs)
    }

    /// Predicts the output of a single-input step.
    pub fn output(&self, input: &FileFacts) -> Result<FileFacts, OpError> {
        let mut v = self.outputs(std::slice::from_ref(input))?;
        Ok(v.swap_remove(0))
    }

    /// Whether the step runs on the stills path (the `image` crate).
    pub(crate) fn uses_image_path(&self, inputs: &[FileFacts]) -> bool {
        self.op().uses_still_path(inputs)
    }

    /// The audio/video plan of the step on `inputs` (checked by `outputs`).
    pub(crate) fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        self.op().plan(inputs)
    }

    /// The `ffmpeg` (audio/video) or `magick` (stills) command line doing
    /// the same as this step, with the real file names, quoted for a POSIX
    /// shell. `inputs` are the step's inputs as probed or predicted (their
    /// `name`s are used; sizes and durations fill in computed numbers);
    /// `output` is the output file name. A single-input step given several
    /// inputs answers one command per input, one per line.
    pub fn command_line(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        self.validate()?;
        if inputs.is_empty() {
            return invalid("no input");
        }
        if !self.is_multi_input() && inputs.len() > 1 {
            let mut lines = Vec::new();
            for i in inputs {
                let out = self.output_name_for(i);
                lines.push(self.command_line(std::slice::from_ref(i), &out)?);
            }
            return Ok(lines.join("\n"));
        }
        self.outputs(inputs)?;
        if self.op().is_document(inputs) {
            return self.op().document_command(inputs, output);
        }
        if self.uses_image_path(inputs) {
            super::image::command_line(self.op(), &inputs[0], output)
        } else if let Some(t) = self.silence_found_when_run() {
            // The times are found when it runs: printed as shell variables
            // `silencedetect` sets, in a trim of two marker times.
            let d = inputs[0].duration_secs.unwrap_or(0.0);
            let (a, b) = (d * 0.25, d * 0.75);
            let trim = Operation::Trim(super::Trim {
                start: Some(a),
                end: Some(b),
                duration: None,
                last: None,
            });
            let line = trim.command_line(inputs, output)?;
            // ffmpeg is given the start and a length: `-ss A -t (B - A)`.
            let (sa, len) = (super::fmt_num(a), super::fmt_num(b - a));
            let line = line
                .replacen(&format!("-ss {sa} "), "-ss \"$START\" ", 1)
                .replacen(&format!("-t {len} "), "-t \"$LENGTH\" ", 1);
            let input = super::command::file_arg(&inputs[0].name);
            Ok(t.command_line(&input, &line, d))
        } else if let (Operation::TrimSilence(t), MediaKind::Video) = (self, inputs[0].kind) {
            // The parts kept are found when it runs: printed as a shell
            // variable `silencedetect` sets.
            let plan = self.plan(inputs)?;
            let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
            let line = super::command::ffmpeg_command(&plan, &names, output);
            let input = super::command::file_arg(&inputs[0].name);
            let d = inputs[0].duration_secs.unwrap_or(0.0);
            Ok(t.parts_command_line(&input, &line, d))
        } else if let Operation::CropBorders(_) = self {
            // The rectangle is found when it runs: printed as a shell
            // variable `cropdetect` sets.
            let (w, h) = inputs[0]
                .width
                .zip(inputs[0].height)
                .ok_or_else(|| super::OpError::Invalid("the picture size is unknown".into()))?;
            let whole = (w & !1, h & !1);
            let crop = Operation::Crop(super::Crop {
                rect: Some(super::Rect {
                    x: 0,
                    y: 0,
                    width: whole.0,
                    height: whole.1,
                }),
                aspect: None,
            });
            let line = crop.command_line(inputs, output)?;
            let input = super::command::file_arg(&inputs[0].name);
            Ok(super::CropBorders::command_line(&input, &line, whole))
        } else {
            let plan = self.plan(inputs)?;
            let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
            Ok(super::command::ffmpeg_command(&plan, &names, output))
        }
    }
}

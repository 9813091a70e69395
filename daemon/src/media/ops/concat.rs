//! `concat`: clips joined one after another.

use serde::{Deserialize, Serialize};

use super::av::{AvPlan, Filters, PlanInput};
use super::op::{self, Op, TIMED};
use super::plan::{audio_for, dims, fit_and_pad, video_encoder, GraphPlan};
use super::{even, fmt_num, invalid, FileFacts, Format, MediaKind, OpError};

/// Join clips one after another, re-encoded to the first clip's size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concat {}

impl Op for Concat {
    const NAME: &'static str = "concat";
    const SUMMARY: &'static str = "Join clips one after another.";
    const ACCEPTS: &'static [MediaKind] = TIMED;
    const MULTI_INPUT: bool = true;

    fn describe(&self) -> String {
        "Join the clips".into()
    }

    fn suffix(&self) -> String {
        "_joined".into()
    }

    fn output_format(&self, input: &FileFacts) -> Format {
        op::joined_format(input)
    }

    fn combine(&self, inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        if inputs.len() < 2 {
            return invalid("joining needs at least two clips");
        }
        let first = &inputs[0];
        let audio_only = first.kind == MediaKind::Audio;
        for i in inputs {
            op::check_accepts(self, i)?;
            if (i.kind == MediaKind::Audio) != audio_only {
                return invalid("cannot join audio files with videos");
            }
        }
        let format = self.output_format(first);
        Ok(FileFacts {
            name: op::output_name(self, first),
            kind: format.kind(),
            format,
            width: first.width.map(even),
            height: first.height.map(even),
            duration_secs: inputs.iter().map(|i| i.duration_secs).sum::<Option<f64>>(),
            fps: first.fps,
            has_audio: audio_only || inputs.iter().all(|i| i.has_audio),
            bytes: None,
            video_codec: None,
            audio_codec: None,
            sample_rate: None,
            channels: None,
            document: None,
        })
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        let first = &inputs[0];
        let out_format = self.output_format(first);
        let audio_only = first.kind == MediaKind::Audio;
        let with_audio = audio_only || inputs.iter().all(|i| i.has_audio);
        let n = inputs.len();
        let video = if audio_only {
            None
        } else {
            let (w, h) = dims(first)?;
            let fps = fmt_num(first.fps.unwrap_or(30.0));
            Some(format!(
                "{},fps={fps},format=yuv420p",
                fit_and_pad(even(w), even(h))
            ))
        };
        let mut parts = Vec::new();
        let mut pads = String::new();
        for i in 0..n {
            if let Some(v) = &video {
                parts.push(format!("[{i}:v]{v}[v{i}]"));
                pads.push_str(&format!("[v{i}]"));
            }
            if with_audio {
                parts.push(format!(
                    "[{i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a{i}]"
                ));
                pads.push_str(&format!("[a{i}]"));
            }
        }
        let outs = match (audio_only, with_audio) {
            (true, _) => "[a]",
            (false, true) => "[v][a]",
            (false, false) => "[v]",
        };
        parts.push(format!(
            "{pads}concat=n={n}:v={}:a={}{outs}",
            u8::from(!audio_only),
            u8::from(with_audio)
        ));
        Ok(GraphPlan {
            inputs: vec![PlanInput::plain(); n],
            filters: Filters::Complex(parts.join(";")),
            video: (!audio_only).then(|| video_encoder(out_format)),
            audio: with_audio.then(|| audio_for(out_format, None)),
            feed_order: (0..n).collect(),
            expected_secs: inputs.iter().map(|i| i.duration_secs).sum(),
        }
        .into_plan(out_format))
    }
}

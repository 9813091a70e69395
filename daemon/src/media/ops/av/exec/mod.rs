//! Running an [`AvPlan`] in-process: demux → decode → libavfilter → encode
//! → mux, packet by packet.
//!
//! [`execute`] opens the inputs ([`source`]), builds the filter graph
//! ([`graph`]), opens the encoders and the muxer ([`out`]) and runs the
//! loop that moves frames through them ([`pump`]); a plan that copies the
//! packets (its video's, or an audio-only plan's audio) runs [`remux`]
//! instead.

mod graph;
mod out;
mod pump;
mod remux;
mod source;

use std::path::{Path, PathBuf};

use ffmpeg::Dictionary;
use ffmpeg_next as ffmpeg;

use super::AvPlan;
use crate::media::ops::{names, Deadline, FileFacts, OpLimits};
use crate::media::probe::ProbeLimits;
use crate::media::MediaError;
use out::{Codecs, Out};
use pump::Pump;

/// Runs `plan` on `inputs`, writing `name` into `output_dir`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn execute(
    plan: &AvPlan,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    output_dir: &Path,
    name: &str,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    if plan.buffers_all {
        if let Some(d) = facts[0].duration_secs {
            if d > limits.max_buffered_secs {
                return Err(MediaError::InvalidRequest(format!(
                    "this step holds the whole clip in memory: at most {:.0} s, and the clip is {d:.1} s",
                    limits.max_buffered_secs
                )));
            }
        }
    }
    let run = Run {
        plan,
        inputs,
        facts,
        limits,
        deadline,
    };
    if plan.frame_pattern {
        return run.to_frames(output_dir, name, progress);
    }
    let out = names::reserve(output_dir, name)?;
    match run.to_file(&out, progress) {
        Ok(()) => Ok(vec![out]),
        Err(e) => {
            let _ = std::fs::remove_file(&out);
            Err(e)
        }
    }
}

/// A plan and what it runs on.
struct Run<'a> {
    plan: &'a AvPlan,
    inputs: &'a [PathBuf],
    facts: &'a [FileFacts],
    limits: &'a OpLimits,
    deadline: Deadline,
}

impl Run<'_> {
    /// Writes numbered pictures (the muxer's pattern `name`) into a
    /// temporary folder, then moves them into `output_dir`.
    fn to_frames(
        &self,
        output_dir: &Path,
        name: &str,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Vec<PathBuf>, MediaError> {
        let tmp = tempdir_in(output_dir)?;
        let result = (|| {
            let target = tmp.join(name);
            self.to_file(&target, progress)?;
            // (The muxer's own file, named like the pattern, stays empty.)
            let mut produced: Vec<PathBuf> = std::fs::read_dir(&tmp)
                .map_err(MediaError::io(&tmp))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p != &target)
                .collect();
            produced.sort();
            let mut outs = Vec::new();
            for p in produced {
                let file = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let dest = names::reserve(output_dir, &file)?;
                std::fs::rename(&p, &dest).map_err(MediaError::io(&dest))?;
                outs.push(dest);
            }
            Ok(outs)
        })();
        let _ = std::fs::remove_dir_all(&tmp);
        result
    }

    /// Runs the plan into `target`.
    fn to_file(
        &self,
        target: &Path,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<(), MediaError> {
        let (plan, limits) = (self.plan, self.limits);
        let probe_limits = ProbeLimits {
            max_duration_secs: f64::INFINITY,
            ..limits.probe_limits()
        };
        if remux::copies(plan) {
            let input = &self.inputs[0];
            return remux::remux(plan, input, target, &probe_limits, self.deadline, progress);
        }
        let mut srcs = source::open_all(
            plan,
            self.inputs,
            self.facts,
            limits,
            &probe_limits,
            self.deadline,
        )?;
        let codecs = Codecs::find(plan)?;
        let mut graph = graph::build(plan, &srcs, codecs.audio)?;
        let out = Out::open(plan, target, &codecs, &mut graph)?;
        Pump::new(plan, graph, out, self.deadline, progress).run(&mut srcs, limits)
    }
}

fn tempdir_in(dir: &Path) -> Result<PathBuf, MediaError> {
    for n in 0..1000u32 {
        let p = dir.join(format!(".kiln-frames-{}-{n}", std::process::id()));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(MediaError::Io { path: p, source: e }),
        }
    }
    Err(MediaError::InvalidRequest(
        "cannot make a temporary folder".into(),
    ))
}

/// The plan's muxer options (`-movflags`, ...).
fn muxer_options(plan: &AvPlan) -> Dictionary<'static> {
    let mut opts = Dictionary::new();
    for (k, v) in &plan.muxer_opts {
        opts.set(k, v);
    }
    opts
}

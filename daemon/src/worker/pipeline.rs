//! Running a file job's pipeline inside the worker: lay the inputs out under
//! their own names, run each step on the previous step's outputs, report
//! step starts and progress, and describe what came out.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::protocol::{NamedInput, Produced, Reply};
use super::{send, PROGRESS_EVERY};
use crate::media::ops::{self, FileFacts, OpLimits, Operation};
use crate::media::MediaError;

/// One step on named inputs into a directory, as `ops::run_named`.
type RunStep = fn(
    &Operation,
    &[PathBuf],
    &[String],
    &Path,
    &OpLimits,
    &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError>;

/// What a worker runs steps with: the full media library, or the
/// still-picture part of it alone (`kilnd-stills`).
pub(super) struct Tools {
    pub run: RunStep,
    pub probe: fn(&Path, &OpLimits) -> Result<FileFacts, MediaError>,
}

pub(super) const FULL: Tools = Tools {
    run: ops::run_named,
    probe: ops::probe_any,
};

pub(super) const STILLS: Tools = Tools {
    run: ops::stills::run_named,
    probe: ops::stills::identify,
};

/// `Ok(Err(message))` is a failed job; `Err` means the daemon is gone.
pub(super) fn run(
    tools: &Tools,
    inputs: &[NamedInput],
    steps: &[Operation],
    work_dir: &Path,
    limits: &OpLimits,
    out: &mut impl Write,
) -> std::io::Result<Result<Vec<Produced>, String>> {
    let staged = match stage(inputs, work_dir) {
        Ok(paths) => paths,
        Err(e) => return Ok(Err(format!("preparing the inputs failed: {e}"))),
    };
    let mut current = staged;
    for (i, op) in steps.iter().enumerate() {
        send(out, &Reply::Step { index: i as u32 })?;
        let step_dir = work_dir.join(format!("step{}", i + 1));
        if let Err(e) = std::fs::create_dir_all(&step_dir) {
            return Ok(Err(format!("step {} could not start: {e}", i + 1)));
        }
        let mut last = Instant::now() - PROGRESS_EVERY;
        let mut gone = None;
        let names = ops::file_names(&current);
        let mut report = |done, total| {
            if last.elapsed() >= PROGRESS_EVERY || done == total {
                last = Instant::now();
                if let Err(e) = send(out, &Reply::Progress { done, total }) {
                    gone = Some(e);
                    return false;
                }
            }
            true
        };
        let result = (tools.run)(op, &current, &names, &step_dir, limits, &mut report);
        if let Some(e) = gone {
            return Err(e);
        }
        match result {
            Ok(outputs) if outputs.is_empty() => {
                return Ok(Err(format!(
                    "step {} ({}) produced no file",
                    i + 1,
                    op.describe()
                )))
            }
            Ok(outputs) => current = outputs,
            Err(e) => {
                return Ok(Err(format!(
                    "step {} ({}) failed: {e}",
                    i + 1,
                    op.describe()
                )))
            }
        }
    }
    let mut produced = Vec::with_capacity(current.len());
    for path in current {
        match (tools.probe)(&path, limits) {
            Ok(facts) => produced.push(Produced { path, facts }),
            Err(e) => return Ok(Err(format!("the result could not be read back: {e}"))),
        }
    }
    Ok(Ok(produced))
}

/// Link (or copy) each input into `work_dir/in/` under a safe version of
/// the name the user gave it, so outputs are named after it.
fn stage(inputs: &[NamedInput], work_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = work_dir.join("in");
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let name = Path::new(&input.filename);
        let stem = sanitize_stem(
            &name
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
        );
        let ext: String = name
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(8)
            .collect();
        let mut file = if ext.is_empty() {
            stem.clone()
        } else {
            format!("{stem}.{ext}")
        };
        if paths
            .iter()
            .any(|p: &PathBuf| p.file_name().is_some_and(|n| n == file.as_str()))
        {
            file = format!(
                "{stem}_{}{}",
                i + 1,
                if ext.is_empty() {
                    String::new()
                } else {
                    format!(".{ext}")
                }
            );
        }
        let target = dir.join(&file);
        if std::fs::hard_link(&input.path, &target).is_err() {
            std::fs::copy(&input.path, &target)?;
        }
        paths.push(target);
    }
    Ok(paths)
}

/// A file stem safe to use as a path component.
fn sanitize_stem(stem: &str) -> String {
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let cleaned = cleaned.trim_matches('_').to_string();
    if cleaned.is_empty() {
        "input".into()
    } else {
        cleaned
    }
}

//! Which worker a job needs: the still-picture worker (`kilnd-stills`, no
//! FFmpeg loaded) for a pipeline that only reads and writes still pictures,
//! the full worker for everything else.

use super::process::WorkerKind;
use super::Engine;
use crate::media::ops::{stills, Operation};
use crate::planner::Plan;
use crate::store::{Job, JobSpec};

/// The kind of worker `job` runs on. Inputs whose facts were never probed
/// (or are gone) send it to the full worker, which takes anything.
pub(super) fn worker_kind(engine: &Engine, job: &Job) -> WorkerKind {
    if engine.config().limits.stills_exe.is_none() {
        return WorkerKind::Full;
    }
    let JobSpec::File(spec) = &job.spec else {
        return WorkerKind::Full;
    };
    let Plan::Command { steps } = &spec.plan else {
        return WorkerKind::Full;
    };
    let mut facts = Vec::with_capacity(spec.inputs.len());
    for input in &spec.inputs {
        match engine.store().file(&input.file_id).map(|f| f.facts) {
            Ok(Some(f)) => facts.push(f),
            _ => return WorkerKind::Full,
        }
    }
    let ops: Vec<Operation> = steps.iter().map(|s| s.op.clone()).collect();
    if stills::runs_on_stills(&ops, &facts) {
        WorkerKind::Stills
    } else {
        WorkerKind::Full
    }
}

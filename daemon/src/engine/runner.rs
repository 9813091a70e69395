//! Running one job on one slot: start a worker if the slot is cold, send the
//! work, follow progress, enforce the time limit, and settle the outcome.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kiln_shared::model::{EventLevel, JobState};

use super::pool::Claim;
use super::process::WorkerProcess;
use super::{draft, Engine};
use crate::clock::now_ms;
use crate::ids::{new_id, IdKind};
use crate::store::{FileRecord, FileRole, Job, JobSpec, Outcome};
use crate::worker::protocol::{Reply, Request};

/// Job progress is written to the store at most this often.
const PROGRESS_WRITE_EVERY: Duration = Duration::from_millis(500);

pub(super) async fn run(engine: Engine, claim: Claim, job_id: String) {
    let slot = claim.slot;
    let keep = execute(&engine, claim, &job_id).await;
    engine.pool().release(slot, keep);
    engine.0.wake.notify_one();
}

/// What the worker is asked to do, and where its output goes.
struct Work {
    request: Request,
    output: Option<(PathBuf, String, String)>,
}

/// Run the job; returns the worker process when it is still fit to reuse.
async fn execute(engine: &Engine, claim: Claim, job_id: &str) -> Option<WorkerProcess> {
    let store = engine.store();
    let slot = claim.slot;
    let job = match store.job(job_id) {
        Ok(job) if !job.state.is_terminal() => job,
        Ok(_) => return claim.process,
        Err(e) => {
            tracing::error!(job = job_id, error = %e, "queued job could not be read");
            return claim.process;
        }
    };
    let mut process = match claim.process {
        Some(p) => p,
        None => {
            let _ = store.update_job(job_id, |j| j.state = JobState::Starting);
            engine.events().info(
                slot_draft(&job, slot),
                format!("slot {slot}: starting a worker for {job_id} (cold start)"),
            );
            match WorkerProcess::spawn(&engine.config().limits).await {
                Ok(p) => {
                    engine.pool().started(slot, p.pid);
                    engine.events().info(
                        slot_draft(&job, slot),
                        format!("slot {slot}: worker {} ready", p.pid),
                    );
                    p
                }
                Err(e) => {
                    settle(engine, &job, fail("execution_failed", e.to_string()));
                    return None;
                }
            }
        }
    };
    let job = match store.update_job(job_id, |j| {
        j.state = JobState::Running;
        j.attempts += 1;
        j.started_at = Some(now_ms());
        j.progress = 0.0;
    }) {
        Ok(Some(job)) => job,
        Ok(None) => return Some(process),
        Err(e) => {
            tracing::error!(job = job_id, error = %e, "could not mark the job running");
            return Some(process);
        }
    };
    engine.events().info(
        slot_draft(&job, slot),
        format!(
            "{job_id} running on slot {slot} (worker {}, attempt {})",
            process.pid, job.attempts
        ),
    );

    let work = match prepare(engine, &job) {
        Ok(work) => work,
        Err(message) => {
            settle(engine, &job, fail("execution_failed", message));
            return Some(process);
        }
    };
    let temp_output = work.output.as_ref().map(|(p, _, _)| p.clone());
    let cleanup = || {
        if let Some(p) = &temp_output {
            let _ = std::fs::remove_file(p);
        }
    };
    if let Err(e) = process.send(&work.request).await {
        cleanup();
        settle(engine, &job, fail("execution_failed", e.to_string()));
        process.kill().await;
        return None;
    }

    let timeout = engine.config().job_timeout;
    let deadline = tokio::time::Instant::now() + timeout;
    let mut last_write = Instant::now();
    let mut last_progress = 0.0f32;
    loop {
        let reply = tokio::select! {
            reply = process.next() => reply,
            _ = tokio::time::sleep_until(deadline) => {
                process.kill().await;
                cleanup();
                settle(engine, &job, fail(
                    "execution_failed",
                    format!("the job exceeded its time limit of {} s and was stopped", timeout.as_secs()),
                ));
                return None;
            }
        };
        match reply {
            Ok(Reply::Progress { done, total }) => {
                let progress = if total == 0 {
                    0.0
                } else {
                    (done as f32 / total as f32).clamp(0.0, 0.999)
                };
                engine.pool().progress(slot, progress);
                if last_write.elapsed() >= PROGRESS_WRITE_EVERY && progress > last_progress {
                    last_write = Instant::now();
                    last_progress = progress;
                    let _ = store.update_job(job_id, |j| j.progress = progress);
                }
            }
            Ok(Reply::Rendered {
                frames_out,
                duration_secs,
            }) => {
                let outcome = match finish_output(engine, &job, work.output) {
                    Ok(outputs) => Outcome::Succeeded { outputs },
                    Err(message) => fail("internal_error", message),
                };
                tracing::debug!(job = job_id, frames_out, duration_secs, "render finished");
                settle(engine, &job, outcome);
                return Some(process);
            }
            Ok(Reply::Failed { message }) => {
                cleanup();
                settle(engine, &job, fail("execution_failed", message));
                return Some(process);
            }
            Ok(other) => {
                cleanup();
                process.kill().await;
                settle(
                    engine,
                    &job,
                    fail(
                        "internal_error",
                        format!("worker sent an unexpected reply: {other:?}"),
                    ),
                );
                return None;
            }
            Err(e) => {
                cleanup();
                engine.events().emit(
                    EventLevel::Error,
                    slot_draft(&job, slot),
                    format!("slot {slot}: {e}"),
                );
                settle(engine, &job, fail("execution_failed", e.to_string()));
                return None;
            }
        }
    }
}

fn fail(code: &str, message: impl Into<String>) -> Outcome {
    Outcome::Failed {
        code: code.into(),
        message: message.into(),
    }
}

fn slot_draft(job: &Job, slot: u32) -> super::events::EventDraft {
    let mut d = draft("job", job);
    d.slot = Some(slot);
    d
}

/// Build the worker request for a job.
fn prepare(engine: &Engine, job: &Job) -> Result<Work, String> {
    let store = engine.store();
    match &job.spec {
        JobSpec::Render(spec) => {
            let input = store
                .file(&spec.input_file_id)
                .map_err(|e| format!("input file: {e}"))?;
            let blob = input
                .blob_id
                .as_deref()
                .filter(|_| !input.expired)
                .ok_or("the input file is no longer available")?;
            let input_path = store
                .blobs()
                .path(blob)
                .ok_or("the input file has a corrupt blob id")?;
            let output = store.blobs().temp_path().with_extension("mp4");
            let stem = std::path::Path::new(&input.filename)
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|s| !s.is_empty())
                .unwrap_or("render");
            Ok(Work {
                request: Request::Render {
                    input: input_path,
                    output: output.clone(),
                    target_fps: spec.target_fps,
                    watermark: spec.watermark,
                },
                output: Some((
                    output,
                    format!("{stem}_{}fps.mp4", spec.target_fps),
                    "video/mp4".into(),
                )),
            })
        }
    }
}

/// Move the worker's output into the blob store and describe it.
fn finish_output(
    engine: &Engine,
    job: &Job,
    output: Option<(PathBuf, String, String)>,
) -> Result<Vec<FileRecord>, String> {
    let Some((temp, filename, content_type)) = output else {
        return Ok(Vec::new());
    };
    let size = std::fs::metadata(&temp)
        .map_err(|e| format!("the worker reported success but its output is missing: {e}"))?
        .len();
    let blob_id = engine
        .store()
        .blobs()
        .commit(&temp)
        .map_err(|e| format!("storing the output failed: {e}"))?;
    let now = now_ms();
    Ok(vec![FileRecord {
        id: new_id(IdKind::File),
        account_id: job.account_id.clone(),
        project_id: job.spec.project_id().map(str::to_string),
        role: FileRole::Output,
        filename,
        content_type,
        blob_id: Some(blob_id),
        size,
        media: None,
        job_id: Some(job.id.clone()),
        created_at: now,
        upload_expires_at: None,
        expires_at: Some(now + engine.config().retention.as_millis() as u64),
        expired: false,
    }])
}

fn settle(engine: &Engine, job: &Job, outcome: Outcome) {
    match engine.store().settle_job(&job.id, &outcome) {
        Ok(Some(settled)) => {
            let (level, message) = match (&outcome, &settled.error) {
                (Outcome::Succeeded { .. }, _) => {
                    (EventLevel::Info, format!("{} succeeded", job.id))
                }
                (_, Some(e)) => (
                    EventLevel::Warn,
                    format!(
                        "{} {}: {}{}",
                        job.id,
                        settled.state.as_str(),
                        e.message,
                        if settled.refunded {
                            format!(" (refunded {} xeconds)", settled.charge.total())
                        } else {
                            String::new()
                        }
                    ),
                ),
                _ => (
                    EventLevel::Warn,
                    format!("{} {}", job.id, settled.state.as_str()),
                ),
            };
            engine.events().emit(level, draft("job", job), message);
        }
        Ok(None) => {
            // Settled elsewhere (e.g. canceled): drop any output we made.
            if let Outcome::Succeeded { outputs } = outcome {
                for f in outputs {
                    if let Some(b) = f.blob_id {
                        let _ = engine.store().blobs().remove(&b);
                    }
                }
            }
        }
        Err(e) => {
            tracing::error!(job = %job.id, error = %e, "settling the job failed; it will be recovered on restart")
        }
    }
}

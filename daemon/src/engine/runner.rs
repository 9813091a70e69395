//! Running one job on one slot: start a worker if the slot is cold, send the
//! work, follow progress, enforce the time limit, and settle the outcome.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kiln_shared::model::{EventLevel, JobErrorCode, JobState};

use super::pool::Claim;
use super::process::WorkerProcess;
use super::{draft, Engine, SEAL};
use crate::clock::now_ms;
use crate::ids::{new_id, IdKind};
use crate::media::ops::FileFacts;
use crate::planner::Plan;
use crate::store::{FileRecord, FileRole, Job, JobSpec, Outcome, StoreError};
use crate::worker::protocol::{NamedInput, Reply, Request};

/// Job progress is written to the store at most this often.
const PROGRESS_WRITE_EVERY: Duration = Duration::from_millis(500);

pub(super) async fn run(engine: Engine, claim: Claim, job_id: String) {
    let slot = claim.slot;
    let (cancel_tx, cancel_rx) = tokio::sync::oneshot::channel();
    engine
        .0
        .cancels
        .lock()
        .expect("cancel map lock")
        .insert(job_id.clone(), cancel_tx);
    let keep = execute(&engine, claim, &job_id, cancel_rx).await;
    engine
        .0
        .cancels
        .lock()
        .expect("cancel map lock")
        .remove(&job_id);
    if let Some(mut retired) = engine.pool().release(slot, keep) {
        retired.kill().await;
    }
    engine.0.wake.notify_one();
}

/// Where a job's output lands before it is stored.
enum Landing {
    /// One file at this path, with its final name and content type.
    File(PathBuf, String, String),
    /// A pipeline's work directory; the worker names the outputs.
    Dir(PathBuf),
}

/// What the worker is asked to do, and where its output goes.
struct Work {
    request: Request,
    landing: Landing,
    steps: u32,
}

/// Run the job; returns the worker process when it is still fit to reuse.
async fn execute(
    engine: &Engine,
    claim: Claim,
    job_id: &str,
    mut cancel: tokio::sync::oneshot::Receiver<()>,
) -> Option<WorkerProcess> {
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
            let _ = update(engine, job_id, |j| j.state = JobState::Starting).await;
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
                    settle(
                        engine.clone(),
                        job.clone(),
                        fail(JobErrorCode::ExecutionFailed, e.to_string()),
                    )
                    .await;
                    return None;
                }
            }
        }
    };
    let job = match update(engine, job_id, |j| {
        j.state = JobState::Running;
        j.attempts += 1;
        j.started_at = Some(now_ms());
        j.progress = 0.0;
    })
    .await
    {
        Ok(Some(job)) => job,
        Ok(None) => return Some(process),
        Err(e) => {
            tracing::error!(job = job_id, error = %e, "could not mark the job running");
            return Some(process);
        }
    };
    let run_started = Instant::now();
    engine
        .metrics()
        .queue_wait(now_ms().saturating_sub(job.created_at) as f64 / 1000.0);
    let settle = |engine: &Engine, job: &Job, outcome: Outcome| {
        let label = match &outcome {
            Outcome::Succeeded { .. } => "succeeded",
            Outcome::Failed { .. } => "failed",
            Outcome::Canceled { .. } => "canceled",
        };
        engine
            .metrics()
            .run_time(label, run_started.elapsed().as_secs_f64());
        settle(engine.clone(), job.clone(), outcome)
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
            settle(engine, &job, fail(JobErrorCode::ExecutionFailed, message)).await;
            return Some(process);
        }
    };
    let temp_output = match &work.landing {
        Landing::File(p, _, _) | Landing::Dir(p) => p.clone(),
    };
    let cleanup = || {
        if temp_output.is_dir() {
            let _ = std::fs::remove_dir_all(&temp_output);
        } else {
            let _ = std::fs::remove_file(&temp_output);
        }
    };
    let steps = work.steps.max(1);
    let mut step = 0u32;
    if let Err(e) = process.send(&work.request).await {
        cleanup();
        settle(
            engine,
            &job,
            fail(JobErrorCode::ExecutionFailed, e.to_string()),
        )
        .await;
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
            _ = &mut cancel => {
                // The job was settled as canceled by whoever canceled it.
                process.kill().await;
                cleanup();
                return None;
            }
            _ = tokio::time::sleep_until(deadline) => {
                process.kill().await;
                cleanup();
                settle(engine, &job, fail(
                    JobErrorCode::ExecutionFailed,
                    format!("the job exceeded its time limit of {} s and was stopped", timeout.as_secs()),
                )).await;
                return None;
            }
        };
        match reply {
            Ok(Reply::Step { index }) => {
                step = index.min(steps - 1);
                let progress = step as f32 / steps as f32;
                engine.pool().progress(slot, progress);
                let _ = update(engine, job_id, move |j| {
                    j.step = step;
                    j.progress = progress;
                })
                .await;
            }
            Ok(Reply::Progress { done, total }) => {
                let within = if total == 0 {
                    0.0
                } else {
                    (done as f32 / total as f32).clamp(0.0, 1.0)
                };
                let progress = ((step as f32 + within) / steps as f32).clamp(0.0, 0.999);
                engine.pool().progress(slot, progress);
                if last_write.elapsed() >= PROGRESS_WRITE_EVERY && progress > last_progress {
                    last_write = Instant::now();
                    last_progress = progress;
                    let _ = update(engine, job_id, move |j| j.progress = progress).await;
                }
            }
            Ok(Reply::Rendered {
                frames_out,
                duration_secs,
            }) => {
                let outcome = match &work.landing {
                    Landing::File(path, name, ctype) => {
                        match store_output(engine, &job, path, name.clone(), ctype.clone(), None) {
                            Ok(file) => Outcome::Succeeded {
                                outputs: vec![file],
                            },
                            Err(message) => fail(JobErrorCode::InternalError, message),
                        }
                    }
                    Landing::Dir(_) => fail(
                        JobErrorCode::InternalError,
                        "the worker rendered where a pipeline was expected",
                    ),
                };
                tracing::debug!(job = job_id, frames_out, duration_secs, "render finished");
                settle(engine, &job, outcome).await;
                return Some(process);
            }
            Ok(Reply::PipelineDone { outputs }) => {
                let mut stored = Vec::with_capacity(outputs.len());
                let mut problem = None;
                for out in outputs {
                    let name = out
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "output".into());
                    let ctype = content_type_of(&name);
                    match store_output(engine, &job, &out.path, name, ctype, Some(out.facts)) {
                        Ok(file) => stored.push(file),
                        Err(message) => {
                            problem = Some(message);
                            break;
                        }
                    }
                }
                cleanup();
                let outcome = match problem {
                    Some(message) => {
                        for f in &stored {
                            if let Some(b) = &f.blob_id {
                                let _ = store.blobs().remove(b);
                            }
                        }
                        fail(JobErrorCode::InternalError, message)
                    }
                    None if stored.is_empty() => fail(
                        JobErrorCode::NoOutput,
                        "the job ran but produced no output file",
                    ),
                    None => Outcome::Succeeded { outputs: stored },
                };
                settle(engine, &job, outcome).await;
                return Some(process);
            }
            Ok(Reply::Failed { message }) => {
                cleanup();
                settle(engine, &job, fail(JobErrorCode::ExecutionFailed, message)).await;
                return Some(process);
            }
            Ok(other) => {
                cleanup();
                process.kill().await;
                settle(
                    engine,
                    &job,
                    fail(
                        JobErrorCode::InternalError,
                        format!("worker sent an unexpected reply: {other:?}"),
                    ),
                )
                .await;
                return None;
            }
            Err(e) => {
                cleanup();
                engine.events().emit(
                    EventLevel::Error,
                    slot_draft(&job, slot),
                    format!("slot {slot}: {e}"),
                );
                settle(
                    engine,
                    &job,
                    fail(JobErrorCode::ExecutionFailed, e.to_string()),
                )
                .await;
                return None;
            }
        }
    }
}

fn fail(code: JobErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::Failed {
        code,
        message: message.into(),
    }
}

fn slot_draft(job: &Job, slot: u32) -> super::events::EventDraft {
    let mut d = draft(job);
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
                landing: Landing::File(
                    output,
                    format!("{stem}_{}fps.mp4", spec.target_fps),
                    "video/mp4".into(),
                ),
                steps: 1,
            })
        }
        JobSpec::File(spec) => {
            let Plan::Command { steps } = &spec.plan else {
                return Err("this job has nothing to run".into());
            };
            let mut inputs = Vec::with_capacity(spec.inputs.len());
            for input in &spec.inputs {
                let file = store
                    .file(&input.file_id)
                    .map_err(|e| format!("input file: {e}"))?;
                let path = file
                    .blob_id
                    .as_deref()
                    .filter(|_| !file.expired)
                    .and_then(|b| store.blobs().path(b))
                    .ok_or_else(|| {
                        format!("the input {} is no longer available", input.filename)
                    })?;
                inputs.push(NamedInput {
                    path,
                    filename: input.filename.clone(),
                });
            }
            let work_dir = store.blobs().temp_path();
            std::fs::create_dir_all(&work_dir)
                .map_err(|e| format!("cannot make a work directory: {e}"))?;
            Ok(Work {
                request: Request::Pipeline {
                    inputs,
                    steps: steps.iter().map(|s| s.op.clone()).collect(),
                    work_dir: work_dir.clone(),
                    limits: engine.config().op_limits.clone(),
                },
                landing: Landing::Dir(work_dir),
                steps: steps.len() as u32,
            })
        }
    }
}

/// The content type for an output file name.
fn content_type_of(name: &str) -> String {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "ogg" => "audio/ogg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
    .to_string()
}

/// Move one produced file into the blob store and describe it.
fn store_output(
    engine: &Engine,
    job: &Job,
    path: &std::path::Path,
    filename: String,
    content_type: String,
    facts: Option<FileFacts>,
) -> Result<FileRecord, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("the worker reported success but its output is missing: {e}"))?
        .len();
    let blob_id = engine
        .store()
        .blobs()
        .commit(path)
        .map_err(|e| format!("storing the output failed: {e}"))?;
    let now = now_ms();
    Ok(FileRecord {
        id: new_id(IdKind::File),
        account_id: job.account_id.clone(),
        project_id: job.spec.project_id().map(str::to_string),
        role: FileRole::Output,
        filename,
        content_type,
        blob_id: Some(blob_id),
        size,
        media: None,
        facts,
        job_id: Some(job.id.clone()),
        created_at: now,
        upload_expires_at: None,
        expires_at: Some(now + engine.config().retention.as_millis() as u64),
        expired: false,
    })
}

/// Change an unsettled job (off the async runtime).
async fn update(
    engine: &Engine,
    job_id: &str,
    change: impl Fn(&mut Job) + Send + 'static,
) -> Result<Option<Job>, StoreError> {
    let id = job_id.to_string();
    engine
        .store()
        .run(move |s| s.update_job(&SEAL, &id, change))
        .await
}

async fn settle(engine: Engine, job: Job, outcome: Outcome) {
    let (engine, job) = (&engine, &job);
    let (id, record) = (job.id.clone(), outcome.clone());
    let settled = engine
        .store()
        .run(move |s| s.settle_job(&SEAL, &id, &record))
        .await;
    match settled {
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
            engine.events().emit(level, draft(job), message);
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

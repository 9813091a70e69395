//! Running one leased job on this node: fetch its inputs from the daemon,
//! run it in a confined `kilnd worker` process (kept warm between jobs) as a
//! local slot does,
//! send its outputs back and report the result, all under the lease id.
//! Heartbeats go out for the whole lease (fetching and sending included) and
//! carry the worker's step and progress; when the daemon says the lease is
//! no longer held, the work stops and nothing more is sent.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::link::{Link, LinkError};
use super::wire::Grant;
use crate::engine::process::{WorkerKind, WorkerLimits};
use crate::engine::worker::{Launcher, ProcessLauncher, Worker};
use crate::worker::protocol::{NamedInput, Produced, Reply, Request};

/// Progress goes to the daemon at most this often.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// The render's output, as the request names it.
const RENDER_OUTPUT: &str = "output.mp4";

/// Run the leased job; its files are removed afterwards. An error is about
/// the link (the token refused, the lease lost); how the job itself went is
/// the result sent.
pub async fn run(
    link: &Link,
    limits: &WorkerLimits,
    warm: &mut Warm,
    grant: Grant,
) -> Result<(), LinkError> {
    let dir = limits.work_dir.join(format!("lease-{}", grant.lease_id));
    tokio::fs::create_dir_all(&dir).await?;
    let pending = Arc::new(Mutex::new(Vec::new()));
    let (lost_tx, lost) = oneshot::channel();
    let beats = tokio::spawn(heartbeats(
        link.clone(),
        grant.lease_id.clone(),
        Duration::from_millis(grant.heartbeat_ms),
        pending.clone(),
        lost_tx,
    ));
    let outcome = tokio::select! {
        outcome = work(link, limits, warm, &grant, &dir, &pending) => outcome,
        why = lost => Err(why.unwrap_or_else(|_| LinkError::NotHeld(grant.lease_id.clone()))),
    };
    beats.abort();
    let _ = tokio::fs::remove_dir_all(&dir).await;
    outcome
}

/// Heartbeats until the lease is lost (told on `lost`) or the task is
/// stopped; step and progress replies in `pending` go with them.
async fn heartbeats(
    link: Link,
    lease_id: String,
    every: Duration,
    pending: Arc<Mutex<Vec<Reply>>>,
    lost: oneshot::Sender<LinkError>,
) {
    let mut last = Instant::now();
    loop {
        tokio::time::sleep(PROGRESS_EVERY.min(every)).await;
        let replies: Vec<Reply> = std::mem::take(&mut *pending.lock().expect("pending lock"));
        if replies.is_empty() && last.elapsed() < every {
            continue;
        }
        last = Instant::now();
        match link.beat(&lease_id, replies).await {
            Ok(()) => {}
            Err(e @ (LinkError::NotHeld(_) | LinkError::Refused(_))) => {
                let _ = lost.send(e);
                return;
            }
            Err(e) => tracing::warn!(lease = %lease_id, error = %e, "a heartbeat failed; retrying"),
        }
    }
}

/// Keep the newest step and progress for the next heartbeat.
fn note(pending: &Mutex<Vec<Reply>>, reply: Reply) {
    let mut pending = pending.lock().expect("pending lock");
    let same_kind = |r: &Reply| std::mem::discriminant(r) == std::mem::discriminant(&reply);
    if matches!(reply, Reply::Progress { .. }) {
        pending.retain(|r| !same_kind(r));
    }
    pending.push(reply);
}

async fn work(
    link: &Link,
    limits: &WorkerLimits,
    warm: &mut Warm,
    grant: &Grant,
    dir: &Path,
    pending: &Mutex<Vec<Reply>>,
) -> Result<(), LinkError> {
    let lease = grant.lease_id.as_str();
    let request = localize(link, lease, &grant.request, dir).await?;
    let kind = if grant.stills {
        WorkerKind::Stills
    } else {
        WorkerKind::Full
    };
    let reply = match execute(limits, warm, &request, kind, pending).await {
        Ok(Reply::Rendered {
            frames_out,
            duration_secs,
            report,
            media,
        }) => {
            link.send_output(lease, RENDER_OUTPUT, &dir.join(RENDER_OUTPUT))
                .await?;
            Reply::Rendered {
                frames_out,
                duration_secs,
                report,
                media,
            }
        }
        Ok(Reply::PipelineDone { outputs }) => {
            let mut sent = Vec::with_capacity(outputs.len());
            for out in outputs {
                let name = out
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "output".into());
                link.send_output(lease, &name, &out.path).await?;
                sent.push(Produced {
                    path: PathBuf::from(name),
                    facts: out.facts,
                });
            }
            Reply::PipelineDone { outputs: sent }
        }
        Ok(failed @ Reply::Failed { .. }) => failed,
        Ok(other) => Reply::Failed {
            message: format!("worker sent an unexpected reply: {other:?}"),
        },
        Err(message) => Reply::Failed { message },
    };
    link.result(lease, &reply).await
}

/// Fetch the inputs into `dir` and give the request this node's paths.
async fn localize(
    link: &Link,
    lease: &str,
    request: &Request,
    dir: &Path,
) -> Result<Request, LinkError> {
    let input = |i: usize| dir.join(format!("input-{i}"));
    Ok(match request.clone() {
        Request::Render {
            target_fps,
            watermark,
            ..
        } => {
            link.fetch(lease, 0, &input(0)).await?;
            Request::Render {
                input: input(0),
                output: dir.join(RENDER_OUTPUT),
                target_fps,
                watermark,
            }
        }
        Request::Pipeline {
            inputs,
            steps,
            limits,
            ..
        } => {
            let mut local = Vec::with_capacity(inputs.len());
            for (i, named) in inputs.into_iter().enumerate() {
                link.fetch(lease, i, &input(i)).await?;
                local.push(NamedInput {
                    path: input(i),
                    filename: named.filename,
                });
            }
            let work_dir = dir.join("work");
            tokio::fs::create_dir_all(&work_dir).await?;
            Request::Pipeline {
                inputs: local,
                steps,
                work_dir,
                limits,
            }
        }
        other => other,
    })
}

/// A job taker's worker process, kept warm between leases as a local
/// slot keeps its worker.
#[derive(Default)]
pub struct Warm {
    worker: Option<Box<dyn Worker>>,
    since: Option<Instant>,
}

impl Warm {
    /// Stop the worker when it has waited longer than `idle`.
    pub async fn stop_if_idle(&mut self, idle: Duration) {
        if self.since.is_some_and(|t| t.elapsed() >= idle) {
            if let Some(mut worker) = self.worker.take() {
                worker.kill().await;
            }
            self.since = None;
        }
    }
}

/// Run the request in the warm worker process, or a new confined one; the
/// final reply, or why there was none (the message becomes the job's
/// error). A worker still fit for work is kept warm; one whose lease is
/// lost mid-job is dropped with the work, which kills it.
async fn execute(
    limits: &WorkerLimits,
    warm: &mut Warm,
    request: &Request,
    kind: WorkerKind,
    pending: &Mutex<Vec<Reply>>,
) -> Result<Reply, String> {
    let warm_worker = match warm.worker.take() {
        Some(mut other) if other.kind() != kind => {
            other.kill().await;
            None
        }
        kept => kept,
    };
    let mut worker = match warm_worker {
        Some(worker) => worker,
        None => ProcessLauncher
            .launch(limits, kind)
            .await
            .map_err(|e| e.to_string())?,
    };
    warm.since = None;
    let outcome = follow(worker.as_mut(), request, pending).await;
    match &outcome {
        Ok(Reply::Rendered { .. } | Reply::PipelineDone { .. } | Reply::Failed { .. }) => {
            warm.worker = Some(worker);
            warm.since = Some(Instant::now());
        }
        _ => worker.kill().await,
    }
    outcome
}

async fn follow(
    worker: &mut dyn Worker,
    request: &Request,
    pending: &Mutex<Vec<Reply>>,
) -> Result<Reply, String> {
    worker.send(request).await.map_err(|e| e.to_string())?;
    loop {
        match worker.next().await.map_err(|e| e.to_string())? {
            r @ (Reply::Step { .. } | Reply::Progress { .. }) => note(pending, r),
            last => return Ok(last),
        }
    }
}

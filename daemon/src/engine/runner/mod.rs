//! Running one job on one slot, in named steps: start a worker if the slot
//! is cold, mark the job running, prepare its work, follow the replies
//! (progress, the time limit, a cancel), land the outputs and settle.

mod follow;
mod outputs;
mod prepare;
mod requeue;
mod settle;

use std::time::Instant;

use kiln_shared::model::{EventLevel, JobErrorCode, JobState, RenderReport};
use tokio::sync::oneshot;

use super::events::EventDraft;
use super::pool::{Claim, Place};
use super::process::{ProcessError, WorkerKind};
use super::worker::Worker;
use super::{draft, Engine, FailPoint, SEAL};
use crate::clock::now_ms;
use crate::store::{Job, Lease, Outcome, StoreError};
use crate::worker::protocol::Reply;
use follow::Ending;
use prepare::Landing;
use settle::{fail, settle};

pub(super) async fn run(engine: Engine, claim: Claim, job_id: String) {
    let place = claim.place.clone();
    let (cancel_tx, cancel_rx) = oneshot::channel();
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
    match place {
        Place::Slot(slot) => {
            if let Some(mut retired) = engine.pool().release(slot, keep) {
                retired.kill().await;
            }
        }
        Place::Node(holder) => {
            drop(keep);
            engine.leases().end(&holder.lease_id);
        }
    }
    engine.0.wake.notify_one();
}

/// A job running on its slot or node.
struct Run<'a> {
    engine: &'a Engine,
    job: Job,
    place: Place,
    started: Instant,
}

impl Run<'_> {
    /// Settle, counting the run's time under how it ended.
    async fn settle(&self, outcome: Outcome) {
        let label = match &outcome {
            Outcome::Succeeded { .. } => "succeeded",
            Outcome::Failed { .. } => "failed",
            Outcome::Canceled { .. } => "canceled",
        };
        self.engine
            .metrics()
            .run_time(label, self.started.elapsed().as_secs_f64());
        settle(self.engine, &self.job, outcome).await
    }

    /// Show the job's progress on its slot (a node's shows in the job).
    fn progress(&self, progress: f32) {
        if let Place::Slot(slot) = self.place {
            self.engine.pool().progress(slot, progress);
        }
    }

    /// Where the job runs, for people: `slot 2`, `node far-1`.
    fn whereabouts(&self) -> String {
        whereabouts(&self.place)
    }

    fn draft(&self) -> EventDraft {
        place_draft(&self.job, &self.place)
    }
}

fn whereabouts(place: &Place) -> String {
    match place {
        Place::Slot(slot) => format!("slot {slot}"),
        Place::Node(holder) => format!("node {}", holder.node_name),
    }
}

/// Run the job; returns the worker when it is still fit to reuse.
async fn execute(
    engine: &Engine,
    claim: Claim,
    job_id: &str,
    mut cancel: oneshot::Receiver<()>,
) -> Option<Box<dyn Worker>> {
    if let Some(mut retired) = claim.retired {
        retired.kill().await;
    }
    let job = match engine.store().job(job_id) {
        Ok(job) if !job.state.is_terminal() => job,
        Ok(_) => return claim.worker,
        Err(e) => {
            tracing::error!(job = job_id, error = %e, "queued job could not be read");
            return claim.worker;
        }
    };
    let mut worker = match (claim.worker, &claim.place) {
        (Some(worker), _) => worker,
        (None, Place::Slot(slot)) => start_worker(engine, &job, *slot, claim.kind).await?,
        (None, Place::Node(_)) => return None,
    };
    let Some(run) = mark_running(engine, job_id, claim.place, worker.pid()).await else {
        return Some(worker);
    };
    let work = match prepare::prepare(engine, &run.job).await {
        Ok(work) => work,
        Err(e) => {
            run.settle(fail(JobErrorCode::ExecutionFailed, e.to_string()))
                .await;
            return Some(worker);
        }
    };
    if let Err(e) = worker.send(&work.request).await {
        work.landing.clean_up();
        worker.kill().await;
        if let ProcessError::LeaseLost(why) = e {
            requeue::lease_lost(&run, &why, false).await;
        } else {
            run.settle(fail(JobErrorCode::ExecutionFailed, e.to_string()))
                .await;
        }
        return None;
    }
    let ending = follow::follow(&run, worker.as_mut(), work.steps, &mut cancel).await;
    finish(&run, worker, &work.landing, ending).await
}

/// Start a worker of `kind` on a cold slot; when none starts, the job fails.
async fn start_worker(
    engine: &Engine,
    job: &Job,
    slot: u32,
    kind: WorkerKind,
) -> Option<Box<dyn Worker>> {
    let _ = update(engine, &job.id, |j| j.state = JobState::Starting).await;
    let which = match kind {
        WorkerKind::Full => "a worker",
        WorkerKind::Stills => "a still-picture worker",
    };
    engine.events().info(
        slot_draft(job, slot),
        format!("slot {slot}: starting {which} for {} (cold start)", job.id),
    );
    match engine
        .0
        .launcher
        .launch(&engine.config().limits, kind)
        .await
    {
        Ok(worker) => {
            engine.pool().started(slot, worker.pid(), worker.kind());
            engine.events().info(
                slot_draft(job, slot),
                format!("slot {slot}: worker {} ready", worker.pid()),
            );
            Some(worker)
        }
        Err(e) => {
            let outcome = fail(JobErrorCode::ExecutionFailed, e.to_string());
            settle(engine, job, outcome).await;
            None
        }
    }
}

/// Mark the job running (one more attempt; on a node, under its lease);
/// `None` when it has settled meanwhile or could not be changed.
async fn mark_running<'a>(
    engine: &'a Engine,
    job_id: &str,
    place: Place,
    pid: u32,
) -> Option<Run<'a>> {
    let lease = match &place {
        Place::Slot(_) => None,
        Place::Node(holder) => Some(Lease {
            id: holder.lease_id.clone(),
            node_id: holder.node_id.clone(),
            node_name: holder.node_name.clone(),
            expires_at: now_ms() + engine.config().lease_ttl.as_millis() as u64,
        }),
    };
    let marked = update(engine, job_id, move |j| {
        j.state = JobState::Running;
        j.attempts += 1;
        j.started_at = Some(now_ms());
        j.progress = 0.0;
        j.lease = lease.clone();
    })
    .await;
    let job = match marked {
        Ok(job) => job?,
        Err(e) => {
            tracing::error!(job = job_id, error = %e, "could not mark the job running");
            return None;
        }
    };
    engine
        .metrics()
        .queue_wait(now_ms().saturating_sub(job.created_at) as f64 / 1000.0);
    let on = match &place {
        Place::Slot(slot) => format!("slot {slot} (worker {pid}"),
        Place::Node(holder) => format!("node {} (lease {}", holder.node_name, holder.lease_id),
    };
    engine.events().info(
        place_draft(&job, &place),
        format!("{job_id} running on {on}, attempt {})", job.attempts),
    );
    Some(Run {
        engine,
        job,
        place,
        started: Instant::now(),
    })
}

/// Settle the job by how following it ended; returns the worker when it
/// is still fit to reuse.
async fn finish(
    run: &Run<'_>,
    mut worker: Box<dyn Worker>,
    landing: &Landing,
    ending: Ending,
) -> Option<Box<dyn Worker>> {
    let (engine, job) = (run.engine, &run.job);
    let (outcome, keep) = match ending {
        Ending::Canceled => {
            worker.kill().await;
            landing.clean_up();
            return None;
        }
        Ending::TimedOut(limit) => {
            worker.kill().await;
            let message = format!(
                "the job exceeded its time limit of {} s and was stopped",
                limit.as_secs()
            );
            (fail(JobErrorCode::ExecutionFailed, message), false)
        }
        Ending::Replied(Ok(Reply::Rendered {
            frames_out,
            duration_secs,
            report,
            media,
        })) => {
            if let Some(report) = report {
                record_report(engine, &job.id, report).await;
            }
            let outcome = outputs::land_rendered(engine, job, landing, media.map(|m| *m)).await;
            tracing::debug!(job = %job.id, frames_out, duration_secs, "render finished");
            (outcome, true)
        }
        Ending::Replied(Ok(Reply::PipelineDone { outputs })) => {
            (outputs::land_produced(engine, job, outputs).await, true)
        }
        Ending::Replied(Ok(Reply::Failed { message })) => {
            (fail(JobErrorCode::ExecutionFailed, message), true)
        }
        Ending::Replied(Ok(other)) => {
            worker.kill().await;
            let message = format!("worker sent an unexpected reply: {other:?}");
            (fail(JobErrorCode::InternalError, message), false)
        }
        Ending::Replied(Err(ProcessError::LeaseLost(why))) => {
            landing.clean_up();
            requeue::lease_lost(run, &why, true).await;
            return None;
        }
        Ending::Replied(Err(e)) => {
            engine.events().emit(
                EventLevel::Error,
                run.draft(),
                format!("{}: {e}", run.whereabouts()),
            );
            (fail(JobErrorCode::ExecutionFailed, e.to_string()), false)
        }
    };
    landing.clean_up();
    if matches!(outcome, Outcome::Succeeded { .. }) {
        engine.crash_point(FailPoint::BeforeSettle).await;
    }
    run.settle(outcome).await;
    keep.then_some(worker)
}

fn slot_draft(job: &Job, slot: u32) -> EventDraft {
    let mut d = draft(job);
    d.slot = Some(slot);
    d
}

fn place_draft(job: &Job, place: &Place) -> EventDraft {
    match place {
        Place::Slot(slot) => slot_draft(job, *slot),
        Place::Node(_) => draft(job),
    }
}

/// Keeps a finished render's report on its job (before it settles, so the
/// settled job carries it). Losing it loses only the figures.
async fn record_report(engine: &Engine, job_id: &str, report: RenderReport) {
    let change = move |j: &mut Job| j.render = Some(report.clone());
    if let Err(e) = update(engine, job_id, change).await {
        tracing::warn!(job = %job_id, error = %e, "recording the render's timings failed");
    }
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

/// Change an unsettled job when `change` says so (off the async runtime).
async fn update_if(
    engine: &Engine,
    job_id: &str,
    change: impl Fn(&mut Job) -> bool + Send + 'static,
) -> Result<Option<Job>, StoreError> {
    let id = job_id.to_string();
    engine
        .store()
        .run(move |s| s.update_job_if(&SEAL, &id, change))
        .await
}

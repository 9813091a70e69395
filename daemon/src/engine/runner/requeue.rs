//! A job whose worker node lost its lease goes back to the queue. Its
//! charge stays as it was taken at acceptance (only settling refunds, and
//! only once), so running it again charges nothing more. A job that loses
//! its node on every attempt is given up, with its refund, as recovery
//! gives up a job interrupted too often.

use kiln_shared::model::{EventLevel, JobErrorCode, JobState};

use super::settle::fail;
use super::{update_if, Run};
use crate::engine::pool::Place;

/// Queue the job again after its lease was lost (`why`); `counted` when the
/// lost run counted as an attempt (the node had the job).
pub(super) async fn lease_lost(run: &Run<'_>, why: &str, counted: bool) {
    let Place::Node(holder) = &run.place else {
        return;
    };
    let engine = run.engine;
    let max_attempts = engine.config().max_attempts;
    if counted && run.job.attempts >= max_attempts {
        let message = format!(
            "the job lost its worker node on each of its {} attempts (last: {why})",
            run.job.attempts
        );
        run.settle(fail(JobErrorCode::ExecutionFailed, message))
            .await;
        return;
    }
    let lease_id = holder.lease_id.clone();
    let requeued = update_if(engine, &run.job.id, move |j| {
        if j.lease.as_ref().is_none_or(|l| l.id != lease_id) {
            return false;
        }
        j.state = JobState::Queued;
        j.lease = None;
        j.progress = 0.0;
        j.step = 0;
        if !counted {
            j.attempts = j.attempts.saturating_sub(1);
        }
        true
    })
    .await;
    match requeued {
        Ok(Some(job)) => {
            engine.events().emit(
                EventLevel::Warn,
                run.draft(),
                format!("{} queued again: {why}", job.id),
            );
            engine.enqueue(&job);
        }
        Ok(None) => {}
        Err(e) => {
            tracing::error!(job = %run.job.id, error = %e, "queueing a job again failed; it will be recovered on restart")
        }
    }
}

//! After a restart (or a crash), put every unsettled job back on its way:
//! queued jobs are queued again; jobs that were starting or running are
//! re-run while they have attempts left, else failed with a refund.

use kiln_shared::model::{EventLevel, JobErrorCode, JobState};

use super::{draft, Engine, SEAL};
use crate::store::{Job, Outcome, Store, StoreError};

/// What recovery did with one unsettled job.
enum Recovered {
    /// It was queued and stays queued.
    Queued(Job),
    /// It was interrupted and runs again.
    Interrupted(Job),
    /// It was interrupted too often and was failed (with its refund).
    GaveUp(Job),
}

pub(super) async fn recover(engine: &Engine) -> Result<(), StoreError> {
    let max_attempts = engine.config().max_attempts;
    let recovered = engine
        .store()
        .run(move |s| settle_unsettled(s, max_attempts))
        .await?;
    let (mut requeued, mut failed) = (0, 0);
    for r in recovered {
        match r {
            Recovered::Queued(job) => {
                engine.enqueue(&job);
                requeued += 1;
            }
            Recovered::Interrupted(job) => {
                engine.events().emit(
                    EventLevel::Warn,
                    draft(&job),
                    format!("{} was interrupted by a restart; queued again", job.id),
                );
                engine.enqueue(&job);
                requeued += 1;
            }
            Recovered::GaveUp(job) => {
                engine.events().emit(
                    EventLevel::Warn,
                    draft(&job),
                    format!(
                        "{} failed after {} interrupted attempts (refunded)",
                        job.id, job.attempts
                    ),
                );
                failed += 1;
            }
        }
    }
    if requeued + failed > 0 {
        tracing::info!(requeued, failed, "recovered unsettled jobs");
    }
    Ok(())
}

/// The store's side of recovery: every unsettled job requeued or given up.
fn settle_unsettled(store: &Store, max_attempts: u32) -> Result<Vec<Recovered>, StoreError> {
    let mut out = Vec::new();
    for job in store.all_jobs()? {
        match job.state {
            JobState::Queued => out.push(Recovered::Queued(job)),
            JobState::Starting | JobState::Running if job.attempts >= max_attempts => {
                let outcome = Outcome::Failed {
                    code: JobErrorCode::ExecutionFailed,
                    message: format!(
                        "the job was interrupted {} times by daemon restarts and was given up",
                        job.attempts
                    ),
                };
                if let Some(settled) = store.settle_job(&SEAL, &job.id, &outcome)? {
                    out.push(Recovered::GaveUp(settled));
                }
            }
            JobState::Starting | JobState::Running => {
                let requeued = store.update_job(&SEAL, &job.id, |j| {
                    j.state = JobState::Queued;
                    j.progress = 0.0;
                })?;
                out.extend(requeued.map(Recovered::Interrupted));
            }
            JobState::Succeeded | JobState::Failed | JobState::Canceled => {}
        }
    }
    Ok(out)
}

//! After a restart (or a crash), put every unsettled job back on its way:
//! queued jobs are queued again; jobs that were starting or running are
//! re-run while they have attempts left, else failed with a refund.

use kiln_shared::model::{EventLevel, JobErrorCode, JobState};

use super::{draft, Engine};
use crate::store::{Outcome, StoreError};

pub(super) fn recover(engine: &Engine) -> Result<(), StoreError> {
    let store = engine.store();
    let max_attempts = engine.config().max_attempts;
    let (mut requeued, mut failed) = (0, 0);
    for job in store.all_jobs()? {
        match job.state {
            JobState::Queued => {
                engine.enqueue(&job);
                requeued += 1;
            }
            JobState::Starting | JobState::Running if job.attempts >= max_attempts => {
                let outcome = Outcome::Failed {
                    code: JobErrorCode::ExecutionFailed,
                    message: format!(
                        "the job was interrupted {} times by daemon restarts and was given up",
                        job.attempts
                    ),
                };
                if let Some(settled) = store.settle_job(&job.id, &outcome)? {
                    engine.events().emit(
                        EventLevel::Warn,
                        draft(&settled),
                        format!(
                            "{} failed after {} interrupted attempts (refunded)",
                            job.id, job.attempts
                        ),
                    );
                    failed += 1;
                }
            }
            JobState::Starting | JobState::Running => {
                if let Some(job) = store.update_job(&job.id, |j| {
                    j.state = JobState::Queued;
                    j.progress = 0.0;
                })? {
                    engine.events().emit(
                        EventLevel::Warn,
                        draft(&job),
                        format!("{} was interrupted by a restart; queued again", job.id),
                    );
                    engine.enqueue(&job);
                    requeued += 1;
                }
            }
            JobState::Succeeded | JobState::Failed | JobState::Canceled => {}
        }
    }
    if requeued + failed > 0 {
        tracing::info!(requeued, failed, "recovered unsettled jobs");
    }
    Ok(())
}

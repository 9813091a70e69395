//! Settling a job the runner has finished with, and telling the event feed.

use kiln_shared::model::{EventLevel, JobErrorCode};

use crate::engine::{draft, Engine, SEAL};
use crate::store::{Job, Outcome};

pub(super) fn fail(code: JobErrorCode, message: impl Into<String>) -> Outcome {
    Outcome::Failed {
        code,
        message: message.into(),
    }
}

/// Record the outcome (once: a job settled meanwhile, e.g. canceled, keeps
/// its settlement and any output made for it is dropped).
pub(super) async fn settle(engine: &Engine, job: &Job, outcome: Outcome) {
    let (id, record) = (job.id.clone(), outcome.clone());
    let settled = engine
        .store()
        .run(move |s| s.settle_job(&SEAL, &id, &record))
        .await;
    match settled {
        Ok(Some(settled)) => {
            let (level, message) = describe(&outcome, &settled);
            engine.events().emit(level, draft(job), message);
        }
        Ok(None) => {
            if let Outcome::Succeeded { outputs } = outcome {
                for f in outputs {
                    if let Some(b) = f.blob_id {
                        let _ = engine.store().blobs().remove(&b).await;
                    }
                }
            }
        }
        Err(e) => {
            tracing::error!(job = %job.id, error = %e, "settling the job failed; it will be recovered on restart")
        }
    }
}

/// The event for a settlement.
fn describe(outcome: &Outcome, settled: &Job) -> (EventLevel, String) {
    match (outcome, &settled.error) {
        (Outcome::Succeeded { .. }, _) => (EventLevel::Info, format!("{} succeeded", settled.id)),
        (_, Some(e)) => (
            EventLevel::Warn,
            format!(
                "{} {}: {}{}",
                settled.id,
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
            format!("{} {}", settled.id, settled.state.as_str()),
        ),
    }
}

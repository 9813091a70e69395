//! Intake: the business rules between a parsed request and the engine.
//! Both HTTP faces call it and word its typed answers in their own dialects:
//! uploads (one pipeline for both APIs), new file-automation jobs (plan
//! limits, chat threads, planning, metering) and new renders (pricing).

pub mod file_job;
pub mod idempotency;
pub mod render_job;
pub mod upload;

use crate::context::AppState;

/// Why no new work is taken right now, whoever asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Free space is below the reserve.
    #[error("The disk is nearly full: new uploads and jobs are refused until space is freed.")]
    DiskLow,
    /// A store write failed; the store is reopened once space is back.
    #[error("Storage failed: new uploads and jobs are refused until it recovers.")]
    StoreFailed,
}

/// `Ok` when new uploads and jobs may be taken.
pub fn admit(state: &AppState) -> Result<(), Refusal> {
    if state.store().has_failed() {
        Err(Refusal::StoreFailed)
    } else if state.disk().is_low() {
        Err(Refusal::DiskLow)
    } else {
        Ok(())
    }
}

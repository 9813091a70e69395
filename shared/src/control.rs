//! The control channel: a tarpc service that kilnd serves on its Unix socket.
//! The console and the operator CLI are its only clients.

use serde::{Deserialize, Serialize};

use crate::model::{
    AccountView, AuditReport, Bucket, CreateAccount, CreatedAccount, CreatedKey, EventPage,
    JobView, KeyView, Overview, WorkerView,
};

/// Errors an operator can get back from a control call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ControlError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

#[tarpc::service]
pub trait Control {
    /// Daemon version, uptime and record counts.
    async fn overview() -> Overview;
    /// Create an account and its first API key.
    async fn create_account(req: CreateAccount) -> Result<CreatedAccount, ControlError>;
    async fn list_accounts() -> Result<Vec<AccountView>, ControlError>;
    /// `account` is an account id or name.
    async fn create_key(account: String) -> Result<CreatedKey, ControlError>;
    /// Keys of one account (by id or name), or of every account when `None`.
    async fn list_keys(account: Option<String>) -> Result<Vec<KeyView>, ControlError>;
    /// Revoke the one key whose display prefix starts with `prefix`.
    async fn revoke_key(prefix: String) -> Result<KeyView, ControlError>;
    async fn grant_credits(
        account: String,
        xeconds: u64,
        bucket: Bucket,
    ) -> Result<AccountView, ControlError>;
    /// Worker slots: state, pid, job and progress.
    async fn workers() -> Vec<WorkerView>;
    /// Recent jobs, newest first, optionally of one account (id or name).
    async fn list_jobs(account: Option<String>, limit: u32) -> Result<Vec<JobView>, ControlError>;
    /// Engine events after `since`, waiting up to `wait_ms` for the first one.
    async fn events(since: u64, wait_ms: u64) -> EventPage;
    /// Check every balance against its ledger and every job's charge and refund.
    async fn audit() -> Result<AuditReport, ControlError>;
}

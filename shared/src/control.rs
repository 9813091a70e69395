//! The control channel: a tarpc service that kilnd serves on its Unix socket.
//! The console and the operator CLI are its only clients.

use serde::{Deserialize, Serialize};

use crate::model::{
    AccountDetail, AccountView, AuditReport, BackupReport, Bucket, CreateAccount, CreatedAccount,
    CreatedKey, CreatedNodeToken, DeliveryView, EventPage, JobDetail, JobView, KeyView, NodeView,
    Overview, RotatedSecret, WorkerView,
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
    /// One job in full: request, plan steps with commands, outputs, ledger entries.
    async fn job_detail(id: String) -> Result<JobDetail, ControlError>;
    /// One account in full: balance, usage this month, keys, recent ledger.
    async fn account_detail(account: String) -> Result<AccountDetail, ControlError>;
    /// Cancel a queued or running job; its charge is refunded.
    async fn cancel_job(id: String) -> Result<JobView, ControlError>;
    /// Run a failed or canceled job again as a new job (charged again).
    async fn retry_job(id: String) -> Result<JobView, ControlError>;
    /// Change the number of worker slots (1..=256).
    async fn set_worker_slots(slots: u32) -> Result<u32, ControlError>;
    /// Pause (drain) or resume intake of new jobs.
    async fn set_intake(accepting: bool) -> bool;
    /// Webhook deliveries, newest first.
    async fn list_deliveries(limit: u32) -> Result<Vec<DeliveryView>, ControlError>;
    /// Send a delivery again now (its earlier attempts are kept).
    async fn redeliver(id: String) -> Result<DeliveryView, ControlError>;
    /// Rotate an account's webhook signing secret; the new one is shown once.
    async fn rotate_webhook_secret(account: String) -> Result<RotatedSecret, ControlError>;
    /// Copy the store (consistently) and the blobs into `dir` (absolute, empty or absent).
    async fn backup(dir: String) -> Result<BackupReport, ControlError>;
    /// Create a node token (named `name`, or `node-N`); the token is shown once.
    async fn create_node_token(name: Option<String>) -> Result<CreatedNodeToken, ControlError>;
    /// Revoke a node's token (by node id or name): its next request is refused.
    async fn revoke_node_token(node: String) -> Result<NodeView, ControlError>;
    /// Every node, revoked ones included, with what each last reported.
    async fn list_nodes() -> Result<Vec<NodeView>, ControlError>;
    /// Drain (no new work) or undrain a node.
    async fn set_node_draining(node: String, draining: bool) -> Result<NodeView, ControlError>;
    /// Forget a node and its token.
    async fn remove_node(node: String) -> Result<NodeView, ControlError>;
}

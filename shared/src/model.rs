//! Records as the operator sees them over the control channel.

use serde::{Deserialize, Serialize};

/// Xeconds held by an account, split by where they came from.
/// Free xeconds render with a watermark; paid ones render clean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub free: u64,
    pub paid: u64,
}

impl Balance {
    pub fn total(&self) -> u64 {
        self.free.saturating_add(self.paid)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: String,
    pub name: String,
    pub plan: String,
    /// Unix milliseconds.
    pub created_at: u64,
    pub balance: Balance,
    pub active_keys: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyView {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    /// The displayable start of the key, e.g. `kiln_live_AbC123xy`.
    pub prefix: String,
    pub created_at: u64,
    pub last_used_at: Option<u64>,
    pub revoked_at: Option<u64>,
}

/// A freshly created key: the only time the secret is ever shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedKey {
    pub key: KeyView,
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateAccount {
    pub name: String,
    pub plan: Option<String>,
    /// Free xeconds granted on creation; the configured default when `None`.
    pub free_xeconds: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedAccount {
    pub account: AccountView,
    pub key: CreatedKey,
}

/// Which bucket a grant goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bucket {
    Free,
    Paid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub accounts: u64,
    pub active_keys: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub version: String,
    /// Unix milliseconds when this daemon process started.
    pub started_at: u64,
    pub uptime_secs: u64,
    pub http_listen: String,
    pub data_dir: String,
    pub counts: Counts,
    /// Jobs by internal state.
    #[serde(default)]
    pub jobs_by_state: Vec<(JobState, u64)>,
    /// Jobs waiting for a slot.
    #[serde(default)]
    pub queue_depth: u64,
    #[serde(default)]
    pub workers_busy: u32,
    #[serde(default)]
    pub workers_total: u32,
    /// Jobs settled in the last minute.
    #[serde(default)]
    pub settled_last_minute: u64,
    /// Jobs failed in the last hour.
    #[serde(default)]
    pub failed_last_hour: u64,
    /// False while intake is paused (draining): new jobs get 503.
    #[serde(default)]
    pub accepting: bool,
    #[serde(default)]
    pub disk: DiskView,
    /// The database's size on disk, in bytes.
    #[serde(default)]
    pub store_bytes: u64,
}

/// Free space and the store's health, as intake sees them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskView {
    /// Free bytes on the data filesystem (the tightest one).
    pub free_bytes: u64,
    /// Below this, new uploads and jobs are refused (507).
    pub reserve_bytes: u64,
    /// Free space is below the reserve.
    pub low: bool,
    /// A store write failed; intake stays shut until the store is reopened.
    pub store_failed: bool,
}

/// The engine's internal job states, shared by both APIs and mapped at
/// each API's edge to its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for a worker slot.
    Queued,
    /// A worker process is being started for it.
    Starting,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

impl JobState {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed | JobState::Canceled
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Starting => "starting",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Canceled => "canceled",
        }
    }
}

/// Why a job failed, as both APIs and the console name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobErrorCode {
    /// The request could not be planned (a refusal).
    UnprocessableRequest,
    /// The job ran but produced no output file.
    NoOutput,
    /// The media work failed, the worker died or ran out of time.
    ExecutionFailed,
    /// kilnd could not store or read what the job needed.
    InternalError,
    /// An operator or the client canceled it.
    Canceled,
}

impl JobErrorCode {
    pub const ALL: [JobErrorCode; 5] = [
        JobErrorCode::UnprocessableRequest,
        JobErrorCode::NoOutput,
        JobErrorCode::ExecutionFailed,
        JobErrorCode::InternalError,
        JobErrorCode::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobErrorCode::UnprocessableRequest => "unprocessable_request",
            JobErrorCode::NoOutput => "no_output",
            JobErrorCode::ExecutionFailed => "execution_failed",
            JobErrorCode::InternalError => "internal_error",
            JobErrorCode::Canceled => "canceled",
        }
    }
}

impl std::fmt::Display for JobErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The state of one step of a file job's pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pending,
    Running,
    Completed,
    Failed,
}

impl StepStatus {
    pub const ALL: [StepStatus; 4] = [
        StepStatus::Pending,
        StepStatus::Running,
        StepStatus::Completed,
        StepStatus::Failed,
    ];

    /// The status of step `index` of a job in `state` whose current step is `current`.
    pub fn of(state: JobState, current: u32, index: u32) -> StepStatus {
        match state {
            JobState::Succeeded => StepStatus::Completed,
            JobState::Failed | JobState::Canceled if index == current => StepStatus::Failed,
            _ if index < current => StepStatus::Completed,
            JobState::Running if index == current => StepStatus::Running,
            _ => StepStatus::Pending,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Running => "running",
            StepStatus::Completed => "completed",
            StepStatus::Failed => "failed",
        }
    }
}

impl std::fmt::Display for StepStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What an account was charged for a job, by bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub free: u64,
    pub paid: u64,
}

impl Charge {
    pub fn total(&self) -> u64 {
        self.free + self.paid
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub id: String,
    pub account_id: String,
    /// `render` or `file`.
    pub kind: String,
    pub state: JobState,
    /// The render API's word for the state (`pending`, `no_workers`, `done`, …).
    pub render_status: String,
    pub progress: f32,
    pub created_at: u64,
    pub started_at: Option<u64>,
    pub finished_at: Option<u64>,
    pub attempts: u32,
    pub charge: Charge,
    pub refunded: bool,
    pub error: Option<String>,
    /// A one-line human summary of what the job does.
    pub summary: String,
    /// The worker node it runs (or last ran) on; `None`: a local slot.
    #[serde(default)]
    pub node: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerState {
    Stopped,
    Starting,
    Idle,
    Busy,
}

impl WorkerState {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkerState::Stopped => "stopped",
            WorkerState::Starting => "starting",
            WorkerState::Idle => "idle",
            WorkerState::Busy => "busy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerView {
    pub slot: u32,
    pub pid: Option<u32>,
    pub state: WorkerState,
    pub job_id: Option<String>,
    pub progress: f32,
    /// Unix milliseconds when the slot entered its state.
    pub since: u64,
    /// Jobs this slot's current process has run.
    pub jobs_run: u64,
    /// The slot's process is the still-picture worker (`kilnd-stills`).
    #[serde(default)]
    pub stills: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventLevel {
    Info,
    Warn,
    Error,
}

/// What an engine event is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventTopic {
    Job,
    Worker,
    Balance,
    Webhook,
    #[default]
    System,
    /// The console's own notes (never sent by kilnd).
    Console,
}

impl EventTopic {
    pub fn as_str(self) -> &'static str {
        match self {
            EventTopic::Job => "job",
            EventTopic::Worker => "worker",
            EventTopic::Balance => "balance",
            EventTopic::Webhook => "webhook",
            EventTopic::System => "system",
            EventTopic::Console => "console",
        }
    }
}

impl std::fmt::Display for EventTopic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One engine event, numbered so a reader can ask for "events since N".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineEvent {
    pub seq: u64,
    pub at: u64,
    pub level: EventLevel,
    pub topic: EventTopic,
    pub job_id: Option<String>,
    pub account_id: Option<String>,
    pub slot: Option<u32>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    /// Changes when the daemon restarts; sequence numbers restart with it.
    pub boot_id: String,
    pub events: Vec<EngineEvent>,
    /// Ask for events since this number next time.
    pub next_seq: u64,
    /// True when events between the asked number and the first returned were dropped.
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditProblem {
    pub account_id: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    pub accounts_checked: u64,
    pub entries_checked: u64,
    pub jobs_checked: u64,
    pub problems: Vec<AuditProblem>,
}

impl AuditReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One balance change, as the operator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerView {
    pub id: String,
    pub at: u64,
    /// `signup`, `grant`, `debit`, `refund`.
    pub reason: String,
    pub free: i64,
    pub paid: i64,
    pub job_id: Option<String>,
}

/// This month's file-automation usage of an account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageView {
    pub month: String,
    pub jobs_submitted: u64,
    pub command_jobs: u64,
    pub pipeline_steps: u64,
    pub amount_micros: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub account: AccountView,
    pub usage: UsageView,
    pub keys: Vec<KeyView>,
    /// Newest first.
    pub ledger: Vec<LedgerView>,
}

/// A pipeline step of a file job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub description: String,
    pub command: String,
    pub status: StepStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputView {
    pub file_id: String,
    pub filename: String,
    pub size: u64,
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDetail {
    pub job: JobView,
    /// The file-automation API's word for the state (file jobs).
    pub files_status: Option<String>,
    /// The prompt (file jobs) or a description of the render.
    pub request: String,
    /// The whole spec, as JSON.
    pub spec_json: String,
    pub steps: Vec<StepView>,
    pub outputs: Vec<OutputView>,
    pub ledger: Vec<LedgerView>,
    /// Where a finished render's time went and what it kept (renders that
    /// finished before this was recorded have none).
    #[serde(default)]
    pub render: Option<RenderReport>,
}

/// Where a render's time went, per stage, in milliseconds of work, and what
/// of the source it kept. Decoding and synthesis run beside encoding and
/// writing, so the stages add up to more than `total_ms` when they overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderReport {
    pub decode_ms: u64,
    pub motion_ms: u64,
    pub synthesis_ms: u64,
    pub encode_ms: u64,
    pub mux_ms: u64,
    /// The render's wall time in the worker.
    pub total_ms: u64,
    pub frames_in: u64,
    pub frames_out: u64,
    /// Source pictures that repeated the one before (merged into it).
    #[serde(default)]
    pub repeated: u64,
    /// What of the source the output kept, e.g. "video and 2 audio tracks;
    /// dropped: subtitles (subrip)".
    #[serde(default)]
    pub kept: String,
}

impl RenderReport {
    /// The stages as (name, milliseconds), in pipeline order.
    pub fn stages(&self) -> [(&'static str, u64); 5] {
        [
            ("decode", self.decode_ms),
            ("motion", self.motion_ms),
            ("synthesis", self.synthesis_ms),
            ("encode", self.encode_ms),
            ("mux", self.mux_ms),
        ]
    }

    /// One line: "1.2 s: decode 0.1 s, motion 0.3 s, … (132 frames from 66)".
    pub fn timing_line(&self) -> String {
        let secs = |ms: u64| format!("{:.2} s", ms as f64 / 1000.0);
        let stages: Vec<String> = self
            .stages()
            .iter()
            .map(|(name, ms)| format!("{name} {}", secs(*ms)))
            .collect();
        format!(
            "{} in all: {} ({} frames from {})",
            secs(self.total_ms),
            stages.join(", "),
            self.frames_out,
            self.frames_in
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub at: u64,
    pub status: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
}

/// A webhook delivery with its attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: String,
    /// The id receivers see (`X-Refile-Delivery`, `webhook-id`).
    pub uuid: String,
    pub account_id: String,
    pub job_id: String,
    pub url: String,
    /// `pending`, `delivered`, `failed`.
    pub state: String,
    pub attempts: Vec<AttemptView>,
    pub next_attempt_at: Option<u64>,
    pub created_at: u64,
}

/// A freshly rotated webhook signing secret: the only time it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotatedSecret {
    pub account_id: String,
    pub secret: String,
    /// Unix ms until which the previous secret still signs, if there was one.
    pub previous_valid_until: Option<u64>,
}

/// What a backup copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupReport {
    pub dir: String,
    pub trees: u64,
    pub records: u64,
    pub blobs: u64,
    pub blob_bytes: u64,
}

/// A worker node: a machine that joins with a node token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeView {
    pub id: String,
    pub name: String,
    pub created_at: u64,
    pub revoked_at: Option<u64>,
    pub draining: bool,
    /// The peer address of its last registration or heartbeat.
    pub address: Option<String>,
    pub version: Option<String>,
    pub cpus: Option<u32>,
    pub max_jobs: Option<u32>,
    /// When the daemon last heard from it (unix ms).
    pub last_seen_at: Option<u64>,
    /// Heard from lately (it counts toward capacity unless draining).
    #[serde(default)]
    pub live: bool,
    /// Jobs it holds leases on now.
    #[serde(default)]
    pub jobs: Vec<String>,
    /// The job kinds it takes (`render`, `file`), as it last reported.
    #[serde(default)]
    pub runs: Vec<String>,
}

/// A freshly created node token: the only time it is ever shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedNodeToken {
    pub node: NodeView,
    pub token: String,
}

//! The render API's job object: what `GET /jobs/{id}` answers and what its
//! webhooks carry.

use kiln_shared::model::JobState;
use serde::Serialize;
use utoipa::ToSchema;

use super::download_url;
use crate::clock::rfc3339;
use crate::context::AppState;
use crate::engine::Engine;
use crate::store::{Job, JobSpec};

/// A render's status in this API's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LiveStatus {
    /// Created, waiting for render status.
    Pending,
    /// Accepted and waiting to start.
    Queued,
    /// Queued while render capacity is full.
    NoWorkers,
    /// A worker is being started.
    ColdStart,
    Processing,
    Done,
    /// Failed (the charge is refunded) or canceled.
    Failed,
}

impl LiveStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LiveStatus::Pending => "pending",
            LiveStatus::Queued => "queued",
            LiveStatus::NoWorkers => "no_workers",
            LiveStatus::ColdStart => "cold_start",
            LiveStatus::Processing => "processing",
            LiveStatus::Done => "done",
            LiveStatus::Failed => "failed",
        }
    }
}

/// The render API's word for a job's state right now (a queued job waits
/// for a free slot or for capacity, the local slots' and the worker nodes'
/// together).
pub fn live_status(engine: &Engine, job: &Job) -> LiveStatus {
    match job.state {
        JobState::Queued if engine.has_capacity(job.spec.kind()) => LiveStatus::Queued,
        JobState::Queued => LiveStatus::NoWorkers,
        JobState::Starting => LiveStatus::ColdStart,
        JobState::Running => LiveStatus::Processing,
        JobState::Succeeded => LiveStatus::Done,
        JobState::Failed | JobState::Canceled => LiveStatus::Failed,
    }
}

/// A render job as the render API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenderJob {
    pub job_id: String,
    pub id: String,
    pub project_id: Option<String>,
    pub live_status: LiveStatus,
    /// Same as `live_status`.
    pub status: LiveStatus,
    /// 0 to 1.
    pub progress: f32,
    pub target_fps: Option<u32>,
    pub input_file_id: Option<String>,
    pub charged_xeconds: u64,
    pub charged_free_xeconds: u64,
    pub charged_paid_xeconds: u64,
    pub watermarked: bool,
    pub refunded: bool,
    pub refunded_xeconds: u64,
    pub attempts: u32,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub error: Option<String>,
    pub output_file_id: Option<String>,
    pub output_url: Option<String>,
}

pub fn render_job(state: &AppState, job: &Job) -> RenderJob {
    let status = live_status(state.engine(), job);
    let render = match &job.spec {
        JobSpec::Render(r) => Some(r),
        JobSpec::File(_) => None,
    };
    let output = job
        .outputs
        .first()
        .and_then(|id| state.store().file(id).ok());
    RenderJob {
        job_id: job.id.clone(),
        id: job.id.clone(),
        project_id: job.spec.project_id().map(str::to_string),
        live_status: status,
        status,
        progress: job.progress,
        target_fps: render.map(|r| r.target_fps),
        input_file_id: render.map(|r| r.input_file_id.clone()),
        charged_xeconds: job.charge.total(),
        charged_free_xeconds: job.charge.free,
        charged_paid_xeconds: job.charge.paid,
        watermarked: render.is_some_and(|r| r.watermark),
        refunded: job.refunded,
        refunded_xeconds: if job.refunded { job.charge.total() } else { 0 },
        attempts: job.attempts,
        created_at: rfc3339(job.created_at),
        started_at: job.started_at.map(rfc3339),
        finished_at: job.finished_at.map(rfc3339),
        error: job.error.as_ref().map(|e| e.message.clone()),
        output_file_id: output.as_ref().map(|f| f.id.clone()),
        output_url: output.as_ref().and_then(|f| download_url(state, f)),
    }
}

//! The render API's job object: what `GET /jobs/{id}` answers and what its
//! webhooks carry.

use serde::Serialize;
use utoipa::ToSchema;

use super::download_url;
use crate::clock::rfc3339;
use crate::context::AppState;
use crate::store::{Job, JobSpec};

/// A render job as the render API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenderJob {
    pub job_id: String,
    pub id: String,
    pub project_id: Option<String>,
    /// `pending, queued, no_workers, cold_start, processing, done, failed`.
    pub live_status: &'static str,
    /// Same as `live_status`.
    pub status: &'static str,
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
    let status = state.engine().render_status(job);
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

//! Render jobs: start (charge and queue), poll, list.

use axum::extract::{Path, Query, State};
use axum::Json;
use kiln_shared::pricing;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::extract::JsonBody;
use super::pricing::{bands, owned_upload, pricing_error};
use super::uploads::{download_url, duration_limit};
use super::AppState;
use crate::clock::rfc3339;
use crate::ids::{is_valid, new_id, IdKind};
use crate::store::{Admission, Job, JobSpec, RenderSpec};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(show))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateJob {
    #[serde(alias = "key")]
    pub r2_key: String,
    #[serde(default)]
    pub project_id: Option<String>,
    pub target_fps: u32,
    /// POSTed the job when it settles (signed; see the webhooks docs).
    #[serde(default)]
    pub webhook_url: Option<String>,
}

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

/// Start a render. Credits are deducted when the job is accepted.
#[utoipa::path(post, path = "/jobs", operation_id = "create_job", tag = "renders", security(("api_key" = [])),
    request_body = CreateJob, responses(
    (status = 200, body = RenderJob),
    (status = 400, description = "Invalid body or unsupported params (fps 24-240, above the source)", body = super::openapi::DetailError),
    (status = 401, body = super::openapi::DetailError),
    (status = 402, description = "Insufficient xeconds balance", body = super::openapi::DetailError),
    (status = 403, description = "Another account's file", body = super::openapi::DetailError),
    (status = 404, body = super::openapi::DetailError),
    (status = 410, body = super::openapi::DetailError),
    (status = 413, description = "Over the clip-length limit", body = super::openapi::DetailError),
    (status = 503, description = "Not accepting work right now", body = super::openapi::DetailError)))]
async fn create(
    State(state): State<AppState>,
    caller: Authed<Render>,
    JsonBody(req, ..): JsonBody<CreateJob, Render>,
) -> Result<Json<RenderJob>, RenderError> {
    if !state.is_accepting() {
        return Err(ApiError::new(
            ErrorKind::Unavailable,
            "kiln is not accepting new renders right now; retry shortly.",
        )
        .into());
    }
    if let Some(url) = &req.webhook_url {
        crate::webhooks::check_url_shape(url).map_err(ApiError::invalid)?;
    }
    let file = owned_upload(&state, &caller, &req.r2_key)?;
    let project_id = file
        .project_id
        .clone()
        .ok_or_else(|| ApiError::invalid("this file belongs to no project"))?;
    if let Some(asked) = &req.project_id {
        if *asked != project_id {
            return Err(ApiError::invalid(format!(
                "project_id {asked:?} does not match the upload's project {project_id:?}"
            ))
            .into());
        }
    }
    let media = file.media.as_ref().expect("owned_upload checks media");
    let video = media
        .video
        .as_ref()
        .ok_or_else(|| ApiError::invalid("the file has no video stream"))?;
    let max = state.config().render.max_duration_secs;
    if media.duration_secs > max as f64 + 1e-3 {
        return Err(duration_limit(max).into());
    }
    let (price, _) = pricing::charged_xeconds(
        &bands(&state),
        media.duration_secs,
        Some(video.fps),
        req.target_fps,
    )
    .map_err(pricing_error)?;
    let job = Job::new(
        new_id(IdKind::Job),
        caller.account.id.clone(),
        JobSpec::Render(RenderSpec {
            project_id,
            input_file_id: file.id.clone(),
            target_fps: req.target_fps,
            source_fps: video.fps,
            duration_secs: media.duration_secs,
            // Decided when the charge is split between free and paid xeconds.
            watermark: false,
            webhook_url: req.webhook_url.clone(),
        }),
    );
    let engine = state.engine().clone();
    let job = tokio::task::spawn_blocking(move || engine.submit(job, Admission::price(price)))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))??;
    Ok(Json(render_job(&state, &job)))
}

/// A job of the caller's: 404 unknown, 403 another account's.
fn owned_job(state: &AppState, account_id: &str, id: &str) -> Result<Job, ApiError> {
    let not_found = || ApiError::not_found(format!("Job {id:?} was not found."));
    if !is_valid(IdKind::Job, id) {
        return Err(not_found());
    }
    let job = state.store().job(id).map_err(|_| not_found())?;
    if job.account_id != account_id {
        return Err(ApiError::new(
            ErrorKind::Forbidden,
            "This job belongs to another account.",
        ));
    }
    Ok(job)
}

/// Poll a render until `live_status` is done or failed.
#[utoipa::path(get, path = "/jobs/{id}", operation_id = "get_job", tag = "renders", security(("api_key" = [])),
    params(("id" = String, Path, description = "The job id")), responses(
    (status = 200, body = RenderJob),
    (status = 401, body = super::openapi::DetailError),
    (status = 403, description = "Another account's job", body = super::openapi::DetailError),
    (status = 404, body = super::openapi::DetailError)))]
async fn show(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Path(id): Path<String>,
) -> Result<Json<RenderJob>, RenderError> {
    let job = owned_job(&state, &caller.account.id, &id)?;
    Ok(Json(render_job(&state, &job)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobList {
    pub jobs: Vec<RenderJob>,
}

/// Recent jobs of the account, newest first.
#[utoipa::path(get, path = "/jobs", operation_id = "list_jobs", tag = "renders", security(("api_key" = [])),
    params(ListQuery), responses(
    (status = 200, body = JobList),
    (status = 401, body = super::openapi::DetailError)))]
async fn list(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Query(q): Query<ListQuery>,
) -> Result<Json<JobList>, RenderError> {
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    let jobs = state.store().jobs_of(Some(&caller.account.id), limit)?;
    Ok(Json(JobList {
        jobs: jobs.iter().map(|j| render_job(&state, j)).collect(),
    }))
}

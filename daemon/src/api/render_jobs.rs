//! Render jobs: start (charge and queue), poll, list.

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::extract::JsonBody;
use super::idempotency::{IdemHeader, IdemKey, Replayed};
use super::pricing::{pricing_error, upload_ref_error};
use super::uploads::duration_limit;
use super::AppState;
use crate::ids::{is_valid, IdKind};
use crate::intake::render_job::{self, NewRender, RenderJobError};
use crate::store::Job;
use crate::views::render::{render_job, RenderJob};

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

/// Start a render. Credits are deducted when the job is accepted.
#[utoipa::path(post, path = "/jobs", operation_id = "create_job", tag = "renders", security(("api_key" = [])),
    params(IdemHeader), request_body = CreateJob, responses(
    (status = 200, body = RenderJob),
    (status = 400, description = "Invalid body or unsupported params (fps 24-240, above the source)", body = super::openapi::DetailError),
    (status = 401, body = super::openapi::DetailError),
    (status = 402, description = "Insufficient xeconds balance", body = super::openapi::DetailError),
    (status = 403, description = "Another account's file", body = super::openapi::DetailError),
    (status = 404, body = super::openapi::DetailError),
    (status = 410, body = super::openapi::DetailError),
    (status = 413, description = "Over the clip-length limit", body = super::openapi::DetailError),
    (status = 422, description = "The Idempotency-Key was used with another request", body = super::openapi::DetailError),
    (status = 429, description = "Too many of your jobs are waiting; see Retry-After", body = super::openapi::DetailError),
    (status = 503, description = "Not accepting work right now", body = super::openapi::DetailError)))]
async fn create(
    State(state): State<AppState>,
    caller: Authed<Render>,
    key: IdemKey<Render>,
    JsonBody(req, _, fingerprint): JsonBody<CreateJob, Render>,
) -> Result<(Replayed, Json<RenderJob>), RenderError> {
    let request = NewRender {
        key: req.r2_key,
        project_id: req.project_id,
        target_fps: req.target_fps,
        webhook_url: req.webhook_url,
    };
    let idem = key.with(&fingerprint);
    let created = render_job::create(&state, &caller.account, request, idem.as_ref())
        .await
        .map_err(|e| match e {
            RenderJobError::KeyReused(k) => k.into(),
            RenderJobError::Refused(r) => r.into(),
            RenderJobError::Paused => ApiError::new(
                ErrorKind::Unavailable,
                "kiln is not accepting new renders right now; retry shortly.",
            ),
            RenderJobError::Invalid(m) => ApiError::invalid(m),
            RenderJobError::Upload(e) => upload_ref_error(e),
            RenderJobError::TooLong { max_secs } => duration_limit(max_secs),
            RenderJobError::Pricing(e) => pricing_error(e),
            RenderJobError::QueueFull { limit } => ApiError::queue_full(limit),
            RenderJobError::Store(e) => e.into(),
        })?;
    let job = render_job(&state, &created.value);
    Ok((Replayed(created.replayed), Json(job)))
}

/// A job of the caller's: 404 unknown, 403 another account's.
pub(super) fn owned_job(state: &AppState, account_id: &str, id: &str) -> Result<Job, ApiError> {
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

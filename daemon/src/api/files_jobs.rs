//! File-automation jobs: create (through `intake::file_job`, optionally
//! waiting for the job to settle) and fetch.

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::errors::{ApiError, ErrorKind, Files, FilesError};
use super::extract::JsonBody;
use super::files::Limited;
use super::idempotency::{IdemHeader, IdemKey, Replayed};
use super::openapi::CodedError;
use super::AppState;
use crate::ids::{is_valid, IdKind};
use crate::intake::file_job::{self, FileJobError, NewFileJob};
use crate::store::{Job, JobSpec};
use crate::views::files::{job_object, JobObject};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(show))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct FileRef {
    #[serde(rename = "storageId")]
    pub storage_id: String,
    pub filename: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateFileJob {
    /// What to do, in words (1 to 2000 characters).
    pub prompt: String,
    #[serde(default)]
    pub files: Vec<FileRef>,
    /// Group jobs into a thread; a job naming no files works on the previous job's outputs.
    #[serde(default)]
    pub chat_id: Option<String>,
    /// POSTed the job object when the job settles.
    #[serde(default)]
    pub webhook_url: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WaitQuery {
    /// Long-poll up to 25 s for the finished job.
    #[serde(default)]
    pub wait: Option<bool>,
}

/// Create a job from a prompt and files; `?wait=true` waits up to 25 s for it to settle.
#[utoipa::path(post, path = "/jobs", operation_id = "files_create_job", tag = "files",
    security(("api_key" = [])), params(WaitQuery, IdemHeader), request_body = CreateFileJob, responses(
    (status = 200, description = "The job (job-level failures are 200 with status failed)", body = JobObject),
    (status = 400, body = CodedError),
    (status = 401, body = CodedError),
    (status = 402, description = "A plan limit was exceeded", body = CodedError),
    (status = 422, description = "The Idempotency-Key was used with another request", body = CodedError),
    (status = 429, description = "Rate limited, or too many jobs waiting (`queue_full`); see Retry-After", body = CodedError)))]
async fn create(
    State(state): State<AppState>,
    Limited(caller): Limited,
    Query(q): Query<WaitQuery>,
    key: IdemKey<Files>,
    JsonBody(req, _, fingerprint): JsonBody<CreateFileJob, Files>,
) -> Result<(Replayed, Json<JobObject>), FilesError> {
    let request = NewFileJob {
        prompt: req.prompt,
        files: req
            .files
            .into_iter()
            .map(|f| (f.storage_id, f.filename))
            .collect(),
        chat_id: req.chat_id,
        webhook_url: req.webhook_url,
    };
    let created = file_job::create(
        &state,
        &caller.account,
        request,
        key.with(&fingerprint).as_ref(),
    )
    .await
    .map_err(|e| match e {
        FileJobError::Invalid(m) => ApiError::invalid(m),
        FileJobError::KeyReused(k) => k.into(),
        FileJobError::Refused(r) => r.into(),
        FileJobError::Quota(m) => ApiError::new(ErrorKind::PaymentRequired, m),
        FileJobError::Paused => ApiError::new(
            ErrorKind::Unavailable,
            "Not accepting new jobs right now; safe to retry.",
        ),
        FileJobError::QueueFull { limit } => ApiError::queue_full(limit),
        FileJobError::Store(e) => e.into(),
    })?;
    let job = if q.wait.unwrap_or(false) {
        let limit = Duration::from_secs(state.config().files.wait_secs);
        wait_settled(&state, created.value, limit).await
    } else {
        created.value
    };
    Ok((Replayed(created.replayed), Json(job_object(&state, &job))))
}

/// Wait (on engine events, not by polling) until `job` settles or `limit` passes.
async fn wait_settled(state: &AppState, job: Job, limit: Duration) -> Job {
    let deadline = tokio::time::Instant::now() + limit;
    let events = state.engine().events();
    let mut seq = events.last_seq();
    let mut current = job;
    loop {
        if current.state.is_terminal() {
            return current;
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return current;
        }
        let page = events.since(seq, deadline - now).await;
        seq = page.next_seq;
        if let Ok(fresh) = state.store().job(&current.id) {
            current = fresh;
        }
    }
}

/// Fetch the current state of a job.
#[utoipa::path(get, path = "/jobs/{id}", operation_id = "files_get_job", tag = "files",
    security(("api_key" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = JobObject),
    (status = 401, body = CodedError),
    (status = 404, description = "Not found, or not yours", body = CodedError),
    (status = 429, body = CodedError)))]
async fn show(
    State(state): State<AppState>,
    Limited(caller): Limited,
    Path(id): Path<String>,
) -> Result<Json<JobObject>, FilesError> {
    let job = owned_file_job(&state, &caller.account.id, &id)?;
    Ok(Json(job_object(&state, &job)))
}

/// A file job of the caller's; 404 for anything else (this API does not
/// say whether another account's id exists).
pub(super) fn owned_file_job(
    state: &AppState,
    account_id: &str,
    id: &str,
) -> Result<Job, ApiError> {
    let not_found = || ApiError::not_found(format!("Job {id:?} not found."));
    if !is_valid(IdKind::Job, id) {
        return Err(not_found());
    }
    let job = state.store().job(id).map_err(|_| not_found())?;
    if job.account_id != account_id || !matches!(job.spec, JobSpec::File(_)) {
        return Err(not_found());
    }
    Ok(job)
}

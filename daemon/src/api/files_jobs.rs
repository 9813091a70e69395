//! File-automation jobs: create (plan, check quotas, queue or answer at
//! once, optionally wait), fetch, and the job object of the published API.

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::Json;
use kiln_shared::model::{JobErrorCode, JobState, StepStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::errors::{ApiError, ErrorKind, Files, FilesError};
use super::extract::JsonBody;
use super::files::Limited;
use super::openapi::CodedError;
use super::uploads::{clean_filename, download_url};
use super::AppState;
use crate::ids::{is_valid, new_id, IdKind};
use crate::media::ops::FileFacts;
use crate::planner::{self, Plan};
use crate::store::{Admission, Bill, FileSpec, InputRef, Job, JobSpec, Outcome};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(show))
}

const MAX_PROMPT_CHARS: usize = 2000;

#[derive(Debug, Deserialize, ToSchema)]
pub struct FileRef {
    #[serde(rename = "storageId")]
    pub storage_id: String,
    pub filename: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateJob {
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

#[derive(Debug, Serialize, ToSchema)]
pub struct OutputFile {
    #[serde(rename = "storageId")]
    pub storage_id: String,
    pub filename: String,
    /// A short-lived signed download link; null once the file has expired.
    pub url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PipelineStep {
    pub description: String,
    /// `pending`, `running`, `completed` or `failed`.
    pub status: &'static str,
    /// The equivalent command line.
    pub command: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobErrorBody {
    /// `unprocessable_request`, `no_output`, `execution_failed`, `internal_error`.
    pub code: String,
    pub message: String,
}

/// The job object, as every job endpoint returns it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobObject {
    pub id: String,
    pub chat_id: Option<String>,
    /// `pending`, `generating`, `running`, `succeeded` or `failed`.
    pub status: &'static str,
    /// The planned command.
    pub description: Option<String>,
    /// `command` or `chat`; null when the request could not be planned.
    pub kind: Option<&'static str>,
    /// The answer, when `kind` is `chat`.
    pub message: Option<String>,
    pub input_files: Vec<String>,
    pub outputs: Vec<OutputFile>,
    /// The steps of a multi-step job.
    pub pipeline: Option<Vec<PipelineStep>>,
    /// True once outputs are past the retention window (their urls are null).
    pub files_expired: bool,
    /// Unix milliseconds.
    pub created_at: u64,
    pub error: Option<JobErrorBody>,
}

/// The file-automation API's word for a state.
pub fn status_word(state: JobState) -> &'static str {
    match state {
        JobState::Queued => "pending",
        JobState::Starting | JobState::Running => "running",
        JobState::Succeeded => "succeeded",
        JobState::Failed | JobState::Canceled => "failed",
    }
}

pub fn job_object(state: &AppState, job: &Job) -> JobObject {
    let spec = match &job.spec {
        JobSpec::File(spec) => Some(spec.as_ref()),
        JobSpec::Render(_) => None,
    };
    let outputs: Vec<_> = job
        .outputs
        .iter()
        .filter_map(|id| state.store().file(id).ok())
        .collect();
    let (kind, message, pipeline) = match spec.map(|s| &s.plan) {
        Some(Plan::Command { steps }) => {
            let pipeline = (steps.len() > 1).then(|| {
                steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| PipelineStep {
                        description: s.description.clone(),
                        status: StepStatus::of(job.state, job.step, i as u32).as_str(),
                        command: s.command.clone(),
                    })
                    .collect()
            });
            (Some("command"), None, pipeline)
        }
        Some(Plan::Chat { message }) => (Some("chat"), Some(message.clone()), None),
        Some(Plan::Refuse { .. }) | None => (None, None, None),
    };
    JobObject {
        id: job.id.clone(),
        chat_id: spec.map(|s| s.chat_id.clone()),
        status: status_word(job.state),
        description: spec.and_then(|s| s.plan.description()),
        kind,
        message,
        input_files: spec
            .map(|s| s.inputs.iter().map(|i| i.filename.clone()).collect())
            .unwrap_or_default(),
        files_expired: outputs.iter().any(|f| f.expired),
        outputs: outputs
            .iter()
            .map(|f| OutputFile {
                storage_id: f.id.clone(),
                filename: f.filename.clone(),
                url: download_url(state, f),
            })
            .collect(),
        pipeline,
        created_at: job.created_at,
        error: job.error.as_ref().map(|e| JobErrorBody {
            code: e.code.as_str().to_string(),
            message: e.message.clone(),
        }),
    }
}

fn quota(message: String) -> ApiError {
    ApiError::new(ErrorKind::PaymentRequired, message)
}

fn validate(req: &CreateJob) -> Result<(), ApiError> {
    let chars = req.prompt.trim().chars().count();
    if chars == 0 || req.prompt.chars().count() > MAX_PROMPT_CHARS {
        return Err(ApiError::invalid(format!(
            "prompt must be 1 to {MAX_PROMPT_CHARS} characters (got {})",
            req.prompt.chars().count()
        )));
    }
    if let Some(chat) = &req.chat_id {
        let ok = !chat.is_empty()
            && chat.len() <= 128
            && chat
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
        if !ok {
            return Err(ApiError::invalid(
                "chat_id must be 1 to 128 characters of letters, digits, '-', '_', '.', ':'",
            ));
        }
    }
    if let Some(url) = &req.webhook_url {
        crate::webhooks::check_url_shape(url).map_err(ApiError::invalid)?;
    }
    Ok(())
}

/// The inputs a job works on, with their facts under the names the user gave.
fn resolve_inputs(
    state: &AppState,
    account_id: &str,
    req: &CreateJob,
    chat_id: &str,
) -> Result<Vec<(InputRef, FileFacts)>, ApiError> {
    let store = state.store();
    let mut inputs = Vec::new();
    for (i, f) in req.files.iter().enumerate() {
        let unknown = || {
            ApiError::invalid(format!(
                "files[{i}].storageId {:?} is not an uploaded file of yours",
                f.storage_id
            ))
        };
        if !is_valid(IdKind::File, &f.storage_id) {
            return Err(unknown());
        }
        let file = store.file(&f.storage_id).map_err(|_| unknown())?;
        if file.account_id != account_id {
            return Err(unknown());
        }
        if file.expired {
            return Err(ApiError::invalid(format!(
                "files[{i}] has passed the retention window and was deleted"
            )));
        }
        let Some(mut facts) = file.facts.clone().filter(|_| file.blob_id.is_some()) else {
            return Err(ApiError::invalid(format!(
                "files[{i}] has not been uploaded yet: POST its bytes to the uploadUrl first"
            )));
        };
        let fallback = format!("file.{}", facts.format.extension());
        let filename = clean_filename(&f.filename, &fallback);
        facts.name = filename.clone();
        inputs.push((
            InputRef {
                file_id: file.id,
                filename,
            },
            facts,
        ));
    }
    if inputs.is_empty() && req.chat_id.is_some() {
        // Continue the thread: the previous job's outputs, else its inputs.
        let previous = store
            .jobs_of(Some(account_id), 500)?
            .into_iter()
            .find(|j| matches!(&j.spec, JobSpec::File(s) if s.chat_id == chat_id));
        if let Some(JobSpec::File(spec)) = previous.as_ref().map(|j| &j.spec) {
            let job = previous.as_ref().expect("matched above");
            let ids: Vec<(String, Option<String>)> = if job.outputs.is_empty() {
                spec.inputs
                    .iter()
                    .map(|i| (i.file_id.clone(), Some(i.filename.clone())))
                    .collect()
            } else {
                job.outputs.iter().map(|id| (id.clone(), None)).collect()
            };
            for (id, name) in ids {
                let Ok(file) = store.file(&id) else { continue };
                let Some(mut facts) = file.facts.clone().filter(|_| file.is_uploaded()) else {
                    continue;
                };
                let filename = name.unwrap_or_else(|| file.filename.clone());
                facts.name = filename.clone();
                inputs.push((
                    InputRef {
                        file_id: file.id,
                        filename,
                    },
                    facts,
                ));
            }
        }
    }
    Ok(inputs)
}

/// Create a job from a prompt and files; `?wait=true` waits up to 25 s for it to settle.
#[utoipa::path(post, path = "/jobs", operation_id = "files_create_job", tag = "files",
    security(("api_key" = [])), params(WaitQuery), request_body = CreateJob, responses(
    (status = 200, description = "The job (job-level failures are 200 with status failed)", body = JobObject),
    (status = 400, body = CodedError),
    (status = 401, body = CodedError),
    (status = 402, description = "A plan limit was exceeded", body = CodedError),
    (status = 429, description = "Rate limited; see Retry-After", body = CodedError)))]
async fn create(
    State(state): State<AppState>,
    Limited(caller): Limited,
    Query(q): Query<WaitQuery>,
    JsonBody(req, ..): JsonBody<CreateJob, Files>,
) -> Result<Json<JobObject>, FilesError> {
    validate(&req)?;
    if !state.is_accepting() {
        return Err(ApiError::new(
            ErrorKind::Unavailable,
            "Not accepting new jobs right now; safe to retry.",
        )
        .into());
    }
    let plan_cfg = state.plan_of(&caller.account.plan).clone();
    if req.files.len() > plan_cfg.max_files_per_job as usize {
        return Err(quota(format!(
            "The {} plan allows {} files per job; this job has {}.",
            caller.account.plan,
            plan_cfg.max_files_per_job,
            req.files.len()
        ))
        .into());
    }
    let chat_id = req
        .chat_id
        .clone()
        .unwrap_or_else(|| new_id(IdKind::Job).replacen("job_", "chat_", 1));
    let inputs = resolve_inputs(&state, &caller.account.id, &req, &chat_id)?;
    let facts: Vec<FileFacts> = inputs.iter().map(|(_, f)| f.clone()).collect();
    let plan = planner::plan(&req.prompt, &facts);
    let steps = match &plan {
        Plan::Command { steps } => steps.len() as u64,
        _ => 0,
    };
    if steps > u64::from(plan_cfg.max_pipeline_steps) {
        return Err(quota(format!(
            "The {} plan allows {} pipeline steps per job; this request needs {steps}.",
            caller.account.plan, plan_cfg.max_pipeline_steps
        ))
        .into());
    }
    let files_cfg = &state.config().files;
    let bill = Bill {
        steps,
        amount_micros: match steps {
            0 => 0,
            1 => files_cfg.price_per_job_micros,
            n => n * files_cfg.price_per_step_micros,
        },
    };
    let admission = Admission {
        price: 0,
        monthly_jobs: Some(plan_cfg.monthly_jobs),
    };
    let job = Job::new(
        new_id(IdKind::Job),
        caller.account.id.clone(),
        JobSpec::File(Box::new(FileSpec {
            prompt: req.prompt.clone(),
            chat_id,
            inputs: inputs.into_iter().map(|(i, _)| i).collect(),
            plan: plan.clone(),
            webhook_url: req.webhook_url.clone(),
            bill,
        })),
    );
    let engine = state.engine().clone();
    let accepted = tokio::task::spawn_blocking(move || match &plan {
        Plan::Command { .. } => engine.submit(job, admission),
        Plan::Chat { .. } => engine.record_settled(
            job,
            admission,
            &Outcome::Succeeded {
                outputs: Vec::new(),
            },
        ),
        Plan::Refuse { message } => engine.record_settled(
            job,
            admission,
            &Outcome::Failed {
                code: JobErrorCode::UnprocessableRequest,
                message: message.clone(),
            },
        ),
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let job = accepted.map_err(|e| match e {
        crate::store::StoreError::MonthlyQuota { used, limit } => quota(format!(
            "The {} plan allows {limit} jobs per month; {used} have been used.",
            caller.account.plan
        )),
        other => other.into(),
    })?;
    let job = if q.wait.unwrap_or(false) {
        wait_settled(&state, job, Duration::from_secs(files_cfg.wait_secs)).await
    } else {
        job
    };
    Ok(Json(job_object(&state, &job)))
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
    let not_found = || ApiError::not_found(format!("Job {id:?} not found."));
    if !is_valid(IdKind::Job, &id) {
        return Err(not_found().into());
    }
    let job = state.store().job(&id).map_err(|_| not_found())?;
    if job.account_id != caller.account.id || !matches!(job.spec, JobSpec::File(_)) {
        return Err(not_found().into());
    }
    Ok(Json(job_object(&state, &job)))
}

//! The file-automation API's job object: what `GET /api/v1/jobs/{id}` answers
//! and what its webhooks carry.

use kiln_shared::model::{JobState, StepStatus};
use serde::Serialize;
use utoipa::ToSchema;

use super::download_url;
use crate::context::AppState;
use crate::planner::Plan;
use crate::store::{Job, JobSpec};

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

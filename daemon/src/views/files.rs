//! The file-automation API's job object: what `GET /api/v1/jobs/{id}` answers
//! and what its webhooks carry.

use kiln_shared::model::{JobErrorCode, JobState, StepStatus};
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
    #[schema(value_type = PipelineStepStatus)]
    pub status: StepStatus,
    /// The equivalent command line.
    pub command: String,
}

/// Where a step of a pipeline is (the schema of [`StepStatus`]).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
enum PipelineStepStatus {
    Pending,
    Running,
    Completed,
    Failed,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobErrorBody {
    #[schema(value_type = FileJobErrorCode)]
    pub code: JobErrorCode,
    pub message: String,
}

/// Why a job failed (the schema of [`JobErrorCode`]).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
enum FileJobErrorCode {
    /// The request could not be planned.
    UnprocessableRequest,
    /// The job ran but produced no output file.
    NoOutput,
    /// The job ran but the file failed processing.
    ExecutionFailed,
    InternalError,
    Canceled,
}

/// A job's status in this API's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileJobStatus {
    Pending,
    Generating,
    Running,
    Succeeded,
    Failed,
}

impl FileJobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileJobStatus::Pending => "pending",
            FileJobStatus::Generating => "generating",
            FileJobStatus::Running => "running",
            FileJobStatus::Succeeded => "succeeded",
            FileJobStatus::Failed => "failed",
        }
    }
}

/// What a job is: a command pipeline or a chat answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileJobKind {
    Command,
    Chat,
}

/// The job object, as every job endpoint returns it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobObject {
    pub id: String,
    pub chat_id: Option<String>,
    pub status: FileJobStatus,
    /// The planned command.
    pub description: Option<String>,
    /// Null when the request could not be planned.
    pub kind: Option<FileJobKind>,
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
pub fn status_word(state: JobState) -> FileJobStatus {
    match state {
        JobState::Queued => FileJobStatus::Pending,
        JobState::Starting | JobState::Running => FileJobStatus::Running,
        JobState::Succeeded => FileJobStatus::Succeeded,
        JobState::Failed | JobState::Canceled => FileJobStatus::Failed,
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
                        status: StepStatus::of(job.state, job.step, i as u32),
                        command: s.command.clone(),
                    })
                    .collect()
            });
            (Some(FileJobKind::Command), None, pipeline)
        }
        Some(Plan::Chat { message }) => (Some(FileJobKind::Chat), Some(message.clone()), None),
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
            code: e.code,
            message: e.message.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;

    fn words(schema: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>) -> Vec<String> {
        let v = serde_json::to_value(schema).unwrap();
        serde_json::from_value(v["enum"].clone()).unwrap()
    }

    #[test]
    fn documented_words_are_the_ones_sent() {
        let sent: Vec<String> = StepStatus::ALL.iter().map(|s| s.as_str().into()).collect();
        assert_eq!(words(PipelineStepStatus::schema()), sent);
        let sent: Vec<String> = JobErrorCode::ALL
            .iter()
            .map(|c| c.as_str().into())
            .collect();
        assert_eq!(words(FileJobErrorCode::schema()), sent);
        for c in JobErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}

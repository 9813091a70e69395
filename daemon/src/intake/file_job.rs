//! New file-automation jobs: the request checked against the caller's plan,
//! its inputs resolved (the named uploads, or the chat thread's latest
//! files), the prompt planned and billed, and the job handed to the engine.

use kiln_shared::model::JobErrorCode;

use super::idempotency::{self, Created, EarlierError, Idempotency, KeyReused};
use super::upload::clean_filename;
use super::Refusal;
use crate::context::AppState;
use crate::ids::{is_valid, new_id, IdKind};
use crate::media::ops::FileFacts;
use crate::planner::{self, Plan};
use crate::store::{
    Account, Admission, Bill, FileSpec, InputRef, Job, JobSpec, Outcome, StoreError,
};

pub const MAX_PROMPT_CHARS: usize = 2000;

/// A job as the client asks for it.
pub struct NewFileJob {
    pub prompt: String,
    /// `(storage id, the name the client gives it)`.
    pub files: Vec<(String, String)>,
    pub chat_id: Option<String>,
    pub webhook_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FileJobError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    KeyReused(#[from] KeyReused),
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// A plan limit: files per job, steps per job, jobs per month.
    #[error("{0}")]
    Quota(String),
    /// Intake is paused (draining).
    #[error("not accepting new jobs right now")]
    Paused,
    /// The account already has `limit` jobs waiting for a worker.
    #[error("{limit} jobs are already waiting")]
    QueueFull { limit: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<EarlierError> for FileJobError {
    fn from(e: EarlierError) -> Self {
        match e {
            EarlierError::KeyReused(k) => k.into(),
            EarlierError::Store(e) => e.into(),
        }
    }
}

/// Check, plan, bill and submit a job. Chat answers and refusals come back
/// settled; command pipelines come back queued. A retry with the same
/// idempotency key and request gets the first job back.
pub async fn create(
    state: &AppState,
    account: &Account,
    req: NewFileJob,
    idem: Option<&Idempotency>,
) -> Result<Created<Job>, FileJobError> {
    let claim = idempotency::claim(&account.id, "files.job", idem);
    if let Some(target) = idempotency::earlier(state.store(), claim.as_ref())? {
        return Ok(Created::replayed(state.store().job(&target)?));
    }
    validate(&req)?;
    super::admit(state)?;
    if !state.is_accepting() {
        return Err(FileJobError::Paused);
    }
    let plan_cfg = state.plan_of(&account.plan);
    if req.files.len() > plan_cfg.max_files_per_job as usize {
        return Err(FileJobError::Quota(format!(
            "The {} plan allows {} files per job; this job has {}.",
            account.plan,
            plan_cfg.max_files_per_job,
            req.files.len()
        )));
    }
    let chat_id = req
        .chat_id
        .clone()
        .unwrap_or_else(|| new_id(IdKind::Job).replacen("job_", "chat_", 1));
    let inputs = resolve_inputs(state, &account.id, &req, &chat_id)?;
    let facts: Vec<FileFacts> = inputs.iter().map(|(_, f)| f.clone()).collect();
    let plan = planner::plan(&req.prompt, &facts);
    let steps = match &plan {
        Plan::Command { steps } => steps.len() as u64,
        _ => 0,
    };
    if steps > u64::from(plan_cfg.max_pipeline_steps) {
        return Err(FileJobError::Quota(format!(
            "The {} plan allows {} pipeline steps per job; this request needs {steps}.",
            account.plan, plan_cfg.max_pipeline_steps
        )));
    }
    let admission = Admission {
        price: 0,
        monthly_jobs: Some(plan_cfg.monthly_jobs),
        claim,
    };
    let job = Job::new(
        new_id(IdKind::Job),
        account.id.clone(),
        JobSpec::File(Box::new(FileSpec {
            prompt: req.prompt,
            chat_id,
            inputs: inputs.into_iter().map(|(i, _)| i).collect(),
            plan: plan.clone(),
            webhook_url: req.webhook_url,
            bill: bill(state, steps),
        })),
    );
    let engine = state.engine();
    let limit = plan_cfg.max_queued_jobs;
    if matches!(plan, Plan::Command { .. }) && engine.queued_of(&account.id) >= limit as usize {
        return Err(FileJobError::QueueFull { limit });
    }
    let accepted = match plan {
        Plan::Command { .. } => engine.submit(job, admission).await,
        Plan::Chat { .. } => {
            let outcome = Outcome::Succeeded {
                outputs: Vec::new(),
            };
            engine.record_settled(job, admission, outcome).await
        }
        Plan::Refuse { message } => {
            let outcome = Outcome::Failed {
                code: JobErrorCode::UnprocessableRequest,
                message,
            };
            engine.record_settled(job, admission, outcome).await
        }
    };
    match accepted {
        Ok(job) => Ok(Created::new(job)),
        Err(e) => match idempotency::replay_of(&e) {
            Some(Ok(target)) => Ok(Created::replayed(state.store().job(&target)?)),
            Some(Err(reused)) => Err(reused.into()),
            None => Err(match e {
                StoreError::MonthlyQuota { used, limit } => FileJobError::Quota(format!(
                    "The {} plan allows {limit} jobs per month; {used} have been used.",
                    account.plan
                )),
                other => other.into(),
            }),
        },
    }
}

/// What a job of `steps` steps is metered at: chat answers and refusals are
/// free, one step is a job, more are priced per step.
fn bill(state: &AppState, steps: u64) -> Bill {
    let files_cfg = &state.config().files;
    Bill {
        steps,
        amount_micros: match steps {
            0 => 0,
            1 => files_cfg.price_per_job_micros,
            n => n * files_cfg.price_per_step_micros,
        },
    }
}

fn validate(req: &NewFileJob) -> Result<(), FileJobError> {
    let invalid = |m: String| Err(FileJobError::Invalid(m));
    let chars = req.prompt.trim().chars().count();
    if chars == 0 || req.prompt.chars().count() > MAX_PROMPT_CHARS {
        return invalid(format!(
            "prompt must be 1 to {MAX_PROMPT_CHARS} characters (got {})",
            req.prompt.chars().count()
        ));
    }
    if let Some(chat) = &req.chat_id {
        let ok = !chat.is_empty()
            && chat.len() <= 128
            && chat
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
        if !ok {
            return invalid(
                "chat_id must be 1 to 128 characters of letters, digits, '-', '_', '.', ':'".into(),
            );
        }
    }
    if let Some(url) = &req.webhook_url {
        crate::webhooks::check_url_shape(url).map_err(|e| FileJobError::Invalid(e.to_string()))?;
    }
    Ok(())
}

/// The inputs a job works on, with their facts under the names the user gave.
fn resolve_inputs(
    state: &AppState,
    account_id: &str,
    req: &NewFileJob,
    chat_id: &str,
) -> Result<Vec<(InputRef, FileFacts)>, FileJobError> {
    let store = state.store();
    let mut inputs = Vec::new();
    for (i, (storage_id, name)) in req.files.iter().enumerate() {
        let unknown = || {
            FileJobError::Invalid(format!(
                "files[{i}].storageId {storage_id:?} is not an uploaded file of yours"
            ))
        };
        if !is_valid(IdKind::File, storage_id) {
            return Err(unknown());
        }
        let file = store.file(storage_id).map_err(|_| unknown())?;
        if file.account_id != account_id {
            return Err(unknown());
        }
        if file.expired {
            return Err(FileJobError::Invalid(format!(
                "files[{i}] has passed the retention window and was deleted"
            )));
        }
        let Some(facts) = file.facts.clone().filter(|_| file.blob_id.is_some()) else {
            return Err(FileJobError::Invalid(format!(
                "files[{i}] has not been uploaded yet: POST its bytes to the uploadUrl first"
            )));
        };
        let fallback = format!("file.{}", facts.format.extension());
        inputs.push(named_input(file.id, clean_filename(name, &fallback), facts));
    }
    if inputs.is_empty() && req.chat_id.is_some() {
        inputs = thread_inputs(state, account_id, chat_id)?;
    }
    Ok(inputs)
}

/// Continue a thread: its latest job's outputs, else that job's inputs.
fn thread_inputs(
    state: &AppState,
    account_id: &str,
    chat_id: &str,
) -> Result<Vec<(InputRef, FileFacts)>, FileJobError> {
    let store = state.store();
    let Some(job) = store.latest_in_chat(account_id, chat_id)? else {
        return Ok(Vec::new());
    };
    let JobSpec::File(spec) = &job.spec else {
        return Ok(Vec::new());
    };
    let ids: Vec<(String, Option<String>)> = if job.outputs.is_empty() {
        spec.inputs
            .iter()
            .map(|i| (i.file_id.clone(), Some(i.filename.clone())))
            .collect()
    } else {
        job.outputs.iter().map(|id| (id.clone(), None)).collect()
    };
    let mut inputs = Vec::new();
    for (id, name) in ids {
        let Ok(file) = store.file(&id) else { continue };
        let Some(facts) = file.facts.clone().filter(|_| file.is_uploaded()) else {
            continue;
        };
        let filename = name.unwrap_or_else(|| file.filename.clone());
        inputs.push(named_input(file.id, filename, facts));
    }
    Ok(inputs)
}

fn named_input(file_id: String, filename: String, mut facts: FileFacts) -> (InputRef, FileFacts) {
    facts.name = filename.clone();
    (InputRef { file_id, filename }, facts)
}

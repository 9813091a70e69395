//! New renders: the upload checked (the caller's, uploaded, a video within
//! the limits), the target priced by band, and the job handed to the engine
//! (the charge is taken when the engine accepts it).

use kiln_shared::pricing::{self, PricingError};

use super::idempotency::{self, Created, EarlierError, Idempotency, KeyReused};
use super::upload::{self, file_id_from_key, UploadError};
use super::Refusal;
use crate::context::AppState;
use crate::ids::{new_id, IdKind};
use crate::store::{Account, Admission, FileRecord, Job, JobSpec, RenderSpec, StoreError};

/// A render as the client asks for it.
pub struct NewRender {
    /// The upload key (`uploads/<file id>/<name>`) or a bare file id.
    pub key: String,
    pub project_id: Option<String>,
    pub target_fps: u32,
    pub webhook_url: Option<String>,
}

/// Why an upload key cannot be used by this caller.
#[derive(Debug, thiserror::Error)]
pub enum UploadRefError {
    #[error("no uploaded file has the key {0:?}")]
    Unknown(String),
    #[error("the file belongs to another account")]
    NotYours,
    #[error("the file has passed its retention window")]
    Expired,
    #[error("the file has not been uploaded yet")]
    NotUploaded,
    /// The upload sent straight to the bucket could not be taken in.
    #[error(transparent)]
    Direct(Box<UploadError>),
}

#[derive(Debug, thiserror::Error)]
pub enum RenderJobError {
    #[error(transparent)]
    KeyReused(#[from] KeyReused),
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Intake is paused (draining).
    #[error("not accepting new renders right now")]
    Paused,
    /// The account already has `limit` jobs waiting for a worker.
    #[error("{limit} jobs are already waiting")]
    QueueFull { limit: u32 },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Upload(#[from] UploadRefError),
    #[error("the video is longer than {max_secs} s")]
    TooLong { max_secs: u64 },
    #[error(transparent)]
    Pricing(#[from] PricingError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<EarlierError> for RenderJobError {
    fn from(e: EarlierError) -> Self {
        match e {
            EarlierError::KeyReused(k) => k.into(),
            EarlierError::Store(e) => e.into(),
        }
    }
}

/// Check, price and submit a render. A retry with the same idempotency key
/// and request gets the first job back, charged once.
pub async fn create(
    state: &AppState,
    account: &Account,
    req: NewRender,
    idem: Option<&Idempotency>,
) -> Result<Created<Job>, RenderJobError> {
    let claim = idempotency::claim(&account.id, "render.job", idem);
    if let Some(target) = idempotency::earlier(state.store(), claim.as_ref())? {
        return Ok(Created::replayed(state.store().job(&target)?));
    }
    super::admit(state)?;
    if !state.is_accepting() {
        return Err(RenderJobError::Paused);
    }
    if let Some(url) = &req.webhook_url {
        crate::webhooks::check_url_shape(url)
            .map_err(|e| RenderJobError::Invalid(e.to_string()))?;
    }
    let file = owned_upload_claimed(state, &account.id, &req.key).await?;
    let project_id = file
        .project_id
        .clone()
        .ok_or_else(|| RenderJobError::Invalid("this file belongs to no project".into()))?;
    if let Some(asked) = &req.project_id {
        if *asked != project_id {
            return Err(RenderJobError::Invalid(format!(
                "project_id {asked:?} does not match the upload's project {project_id:?}"
            )));
        }
    }
    let media = file.media.as_ref().ok_or(UploadRefError::NotUploaded)?;
    let video = media
        .video
        .as_ref()
        .ok_or_else(|| RenderJobError::Invalid("the file has no video stream".into()))?;
    let max_secs = state.config().render.max_duration_secs;
    if media.duration_secs > max_secs as f64 + 1e-3 {
        return Err(RenderJobError::TooLong { max_secs });
    }
    let bands = state.config().pricing.bands.clone();
    let (price, _) =
        pricing::charged_xeconds(&bands, media.duration_secs, Some(video.fps), req.target_fps)?;
    let job = Job::new(
        new_id(IdKind::Job),
        account.id.clone(),
        JobSpec::Render(RenderSpec {
            project_id,
            input_file_id: file.id.clone(),
            target_fps: req.target_fps,
            source_fps: video.fps,
            duration_secs: media.duration_secs,
            // Decided when the charge is split between free and paid xeconds.
            watermark: false,
            webhook_url: req.webhook_url,
        }),
    );
    let limit = state.plan_of(&account.plan).max_queued_jobs;
    if state.engine().queued_of(&account.id) >= limit as usize {
        return Err(RenderJobError::QueueFull { limit });
    }
    let admission = Admission {
        claim,
        ..Admission::price(price)
    };
    match state.engine().submit(job, admission).await {
        Ok(job) => Ok(Created::new(job)),
        Err(e) => match idempotency::replay_of(&e) {
            Some(Ok(target)) => Ok(Created::replayed(state.store().job(&target)?)),
            Some(Err(reused)) => Err(reused.into()),
            None => Err(e.into()),
        },
    }
}

/// [`owned_upload`], first taking in an upload the client sent straight to
/// the bucket (S3 backend).
pub async fn owned_upload_claimed(
    state: &AppState,
    account_id: &str,
    key: &str,
) -> Result<FileRecord, UploadRefError> {
    match owned_upload(state, account_id, key) {
        Err(UploadRefError::NotUploaded) if state.store().blobs().is_remote() => {
            let id = file_id_from_key(key).ok_or(UploadRefError::NotUploaded)?;
            upload::claim_direct(state, id)
                .await
                .map_err(|e| UploadRefError::Direct(Box::new(e)))?;
            owned_upload(state, account_id, key)
        }
        other => other,
    }
}

/// The caller's uploaded input named by an upload key.
pub fn owned_upload(
    state: &AppState,
    account_id: &str,
    key: &str,
) -> Result<FileRecord, UploadRefError> {
    let unknown = || UploadRefError::Unknown(key.to_string());
    let id = file_id_from_key(key).ok_or_else(unknown)?;
    let file = state.store().file(id).map_err(|_| unknown())?;
    if file.account_id != account_id {
        return Err(UploadRefError::NotYours);
    }
    if file.expired {
        return Err(UploadRefError::Expired);
    }
    if file.blob_id.is_none() || file.media.is_none() {
        return Err(UploadRefError::NotUploaded);
    }
    Ok(file)
}

//! Uploads, for both APIs: minting an input record with its signed URL, then
//! one pipeline for the bytes — size checks, streaming to a temporary blob,
//! inspection in a one-off worker, commit, and completing the record (or
//! removing the blob when another upload got there first).

use axum::body::Body;
use futures::StreamExt;
use tokio::io::AsyncWriteExt;

use super::idempotency::{self, Created, EarlierError, Idempotency, KeyReused};
use super::Refusal;
use crate::clock::now_ms;
use crate::context::AppState;
use crate::engine::ProbeError;
use crate::ids::{is_valid, new_id, IdKind};
use crate::store::blobs::TempBlob;
use crate::store::{FileRecord, FileRole, Project, Store, StoreError};

/// A body declared larger than its limit by less than this is read and
/// dropped, so the client sees the refusal rather than a reset connection.
pub const DRAIN_BYTES: usize = 16 * 1024 * 1024;

/// What an upload must turn out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// A render input: a video within the render limits.
    Video,
    /// A file-automation input: anything kiln can read, within the plan's size.
    File,
}

/// The bytes of an upload as the request brings them.
pub struct Incoming {
    /// `Content-Length`, when the client sent one.
    pub declared_len: Option<u64>,
    /// The content type to record (file-automation uploads keep the client's).
    pub content_type: Option<String>,
    pub body: Body,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("this upload URL has already been used")]
    AlreadyUsed,
    /// Over the render limit (`plan` is `None`) or the plan's file size.
    #[error("the upload is larger than {limit_mb} MB")]
    TooLarge { limit_mb: u64, plan: Option<String> },
    #[error("the upload is empty")]
    Empty,
    #[error("the upload was interrupted: {0}")]
    Interrupted(axum::Error),
    #[error("storing the upload failed: {0}")]
    Io(std::io::Error),
    /// The inspecting worker refused the file, timed out or failed.
    #[error("{0}")]
    Unreadable(ProbeError),
    #[error("the file has no video stream")]
    NoVideo,
    #[error("the video is longer than {max_secs} s")]
    TooLong { max_secs: u64 },
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for UploadError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_) => UploadError::AlreadyUsed,
            other => UploadError::Store(other),
        }
    }
}

/// A new input record for the render API, in a new project named after the
/// file. A retry with the same idempotency key and request gets the first
/// project and file back.
pub async fn open_render_upload(
    state: &AppState,
    account_id: &str,
    filename: String,
    content_type: String,
    idem: Option<&Idempotency>,
) -> Result<Created<(Project, FileRecord)>, OpenError> {
    let claim = idempotency::claim(account_id, "render.presign", idem);
    if let Some(file_id) = idempotency::earlier(state.store(), claim.as_ref())? {
        return Ok(Created::replayed(project_and_input(
            state.store(),
            &file_id,
        )?));
    }
    super::admit(state)?;
    let ttl = state.config().render.upload_url_ttl_secs;
    let mut project = Project {
        id: new_id(IdKind::Project),
        account_id: account_id.to_string(),
        name: filename.clone(),
        created_at: now_ms(),
        input_file_ids: Vec::new(),
        output_file_ids: Vec::new(),
        job_ids: Vec::new(),
        share_token: None,
        shared_at: None,
    };
    let mut file = new_input(account_id, filename, content_type, ttl);
    file.project_id = Some(project.id.clone());
    project.input_file_ids.push(file.id.clone());
    let (p, f) = (project.clone(), file.clone());
    let created = state
        .store()
        .run(move |s| s.create_project_with_input(&p, &f, claim.as_ref()))
        .await;
    match created {
        Ok(()) => Ok(Created::new((project, file))),
        Err(e) => match idempotency::replay_of(&e) {
            Some(Ok(id)) => Ok(Created::replayed(project_and_input(state.store(), &id)?)),
            Some(Err(reused)) => Err(reused.into()),
            None => Err(e.into()),
        },
    }
}

fn project_and_input(store: &Store, file_id: &str) -> Result<(Project, FileRecord), StoreError> {
    let file = store.file(file_id)?;
    let project_id = file.project_id.clone().unwrap_or_default();
    Ok((store.project(&project_id)?, file))
}

/// A new input record for the file-automation API (the same one again for
/// a retry with the same idempotency key).
pub async fn open_file_upload(
    state: &AppState,
    account_id: &str,
    idem: Option<&Idempotency>,
) -> Result<Created<FileRecord>, OpenError> {
    let claim = idempotency::claim(account_id, "files.upload", idem);
    if let Some(file_id) = idempotency::earlier(state.store(), claim.as_ref())? {
        return Ok(Created::replayed(state.store().file(&file_id)?));
    }
    super::admit(state)?;
    let ttl = state.config().files.upload_url_ttl_secs;
    let file = new_input(
        account_id,
        "upload".into(),
        "application/octet-stream".into(),
        ttl,
    );
    let record = file.clone();
    let created = state
        .store()
        .run(move |s| match &claim {
            Some(claim) => s.create_input(&record, claim),
            None => s.put_file(&record),
        })
        .await;
    match created {
        Ok(()) => Ok(Created::new(file)),
        Err(e) => match idempotency::replay_of(&e) {
            Some(Ok(id)) => Ok(Created::replayed(state.store().file(&id)?)),
            Some(Err(reused)) => Err(reused.into()),
            None => Err(e.into()),
        },
    }
}

/// Why a new input record was not made.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    KeyReused(#[from] KeyReused),
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<EarlierError> for OpenError {
    fn from(e: EarlierError) -> Self {
        match e {
            EarlierError::KeyReused(k) => k.into(),
            EarlierError::Store(e) => e.into(),
        }
    }
}

fn new_input(account_id: &str, filename: String, content_type: String, ttl: u64) -> FileRecord {
    let now = now_ms();
    FileRecord {
        id: new_id(IdKind::File),
        account_id: account_id.to_string(),
        project_id: None,
        role: FileRole::Input,
        filename,
        content_type,
        blob_id: None,
        size: 0,
        media: None,
        facts: None,
        job_id: None,
        created_at: now,
        upload_expires_at: Some(now + ttl * 1000),
        expires_at: None,
        expired: false,
    }
}

/// Receive the bytes of input `file_id`: checked, inspected and stored, or
/// refused with nothing kept. Returns the completed record.
pub async fn receive(
    state: &AppState,
    file_id: &str,
    incoming: Incoming,
    kind: UploadKind,
) -> Result<FileRecord, UploadError> {
    let file = state.store().file(file_id)?;
    if file.blob_id.is_some() || file.expired || file.role != FileRole::Input {
        return Err(UploadError::AlreadyUsed);
    }
    super::admit(state)?;
    let disk = state.disk();
    let room = || {
        // Measured again, not as last seen: uploads run side by side.
        let _ = disk.check();
        disk.headroom()
    };
    let (limit_mb, plan) = match kind {
        UploadKind::Video => (state.config().render.max_upload_mb, None),
        UploadKind::File => {
            let account = state.store().account(&file.account_id)?;
            let limit = state.plan_of(&account.plan).max_file_mb;
            (limit, Some(account.plan))
        }
    };
    let too_large = || UploadError::TooLarge {
        limit_mb,
        plan: plan.clone(),
    };
    let max = limit_mb * 1024 * 1024;
    if incoming
        .declared_len
        .is_some_and(|n| n > max + DRAIN_BYTES as u64)
    {
        return Err(too_large());
    }
    if incoming.declared_len.is_some_and(|n| n > room()) {
        return Err(Refusal::DiskLow.into());
    }
    // Removed on every early return, and if this request is cancelled.
    let temp = state.store().blobs().temp();
    let size = match stream_body(incoming.body, temp.path(), max, &room).await {
        Ok(0) => return Err(UploadError::Empty),
        Ok(size) => size,
        Err(StreamError::TooLarge) => return Err(too_large()),
        Err(StreamError::NoRoom) => return Err(Refusal::DiskLow.into()),
        Err(StreamError::Io(e)) if crate::disk::is_no_space(&e) => {
            return Err(Refusal::DiskLow.into())
        }
        Err(StreamError::Io(e)) => return Err(UploadError::Io(e)),
        Err(StreamError::Body(e)) => return Err(UploadError::Interrupted(e)),
    };
    complete(state, file_id, temp, size, kind, incoming.content_type).await
}

/// Inspect a received upload, store it and complete its record.
async fn complete(
    state: &AppState,
    file_id: &str,
    temp: TempBlob,
    size: u64,
    kind: UploadKind,
    content_type: Option<String>,
) -> Result<FileRecord, UploadError> {
    let inspected = inspect(state, temp.path(), kind).await?;
    let blob_id = temp
        .commit(None)
        .await
        .map_err(|e| UploadError::Io(e.into()))?;
    finish(state, file_id, blob_id, size, inspected, content_type).await
}

/// Complete the record of `file_id` with its stored blob (removed again
/// when another upload got there first).
async fn finish(
    state: &AppState,
    file_id: &str,
    blob_id: String,
    size: u64,
    inspected: Inspected,
    content_type: Option<String>,
) -> Result<FileRecord, UploadError> {
    let expires_at = now_ms() + state.config().retention_ms();
    let (id, blob) = (file_id.to_string(), blob_id.clone());
    let completed = state
        .store()
        .run(move |s| {
            s.complete_upload(&id, |f| {
                f.blob_id = Some(blob.clone());
                f.size = size;
                f.expires_at = Some(expires_at);
                f.upload_expires_at = None;
                if let Some(ct) = &content_type {
                    f.content_type = ct.clone();
                }
                match &inspected {
                    Inspected::Video(info) => f.media = Some(info.clone()),
                    Inspected::File(facts) => f.facts = Some(facts.clone()),
                }
            })
        })
        .await;
    match completed {
        Ok(file) => Ok(file),
        Err(e) => {
            let _ = state.store().blobs().remove(&blob_id).await;
            Err(e.into())
        }
    }
}

/// With S3, a render input the client PUT straight to the bucket: the
/// object is measured (HEAD), fetched, inspected like any upload and made a
/// blob, and the record completed. Nothing happens when there is no such
/// object (the caller then finds the file not uploaded) or the record is
/// complete already.
pub async fn claim_direct(state: &AppState, file_id: &str) -> Result<(), UploadError> {
    let Some(s3) = state.store().blobs().s3() else {
        return Ok(());
    };
    let file = state.store().file(file_id)?;
    if file.blob_id.is_some() || file.expired || file.role != FileRole::Input {
        return Ok(());
    }
    let key = s3.upload_key(file_id);
    let remote = |e: crate::store::blobs::BlobError| UploadError::Io(e.into());
    let Some(size) = s3.size(&key).await.map_err(remote)? else {
        return Ok(());
    };
    let limit_mb = state.config().render.max_upload_mb;
    if size > limit_mb * 1024 * 1024 {
        let _ = s3.delete(&key).await;
        return Err(UploadError::TooLarge {
            limit_mb,
            plan: None,
        });
    }
    if size == 0 {
        return Err(UploadError::Empty);
    }
    super::admit(state)?;
    let disk = state.disk();
    let _ = disk.check();
    if size > disk.headroom() {
        return Err(Refusal::DiskLow.into());
    }
    let temp = state.store().blobs().temp();
    s3.download(&key, temp.path()).await.map_err(remote)?;
    let inspected = inspect(state, temp.path(), UploadKind::Video).await?;
    let blob_id = temp.adopt_upload(file_id).await.map_err(remote)?;
    match finish(state, file_id, blob_id, size, inspected, None).await {
        // Another request claimed it meanwhile: the file is uploaded.
        Ok(_) | Err(UploadError::AlreadyUsed) => Ok(()),
        Err(e) => Err(e),
    }
}

/// What inspection found out about an upload.
enum Inspected {
    Video(crate::media::probe::MediaInfo),
    File(crate::media::ops::FileFacts),
}

async fn inspect(
    state: &AppState,
    path: &std::path::Path,
    kind: UploadKind,
) -> Result<Inspected, UploadError> {
    let engine = state.engine();
    match kind {
        UploadKind::Video => {
            let info = engine.probe(path).await.map_err(UploadError::Unreadable)?;
            if info.video.is_none() {
                return Err(UploadError::NoVideo);
            }
            let max_secs = state.config().render.max_duration_secs;
            if info.duration_secs > max_secs as f64 + 1e-3 {
                return Err(UploadError::TooLong { max_secs });
            }
            Ok(Inspected::Video(info))
        }
        UploadKind::File => engine
            .identify(path, &engine.config().op_limits)
            .await
            .map(Inspected::File)
            .map_err(UploadError::Unreadable),
    }
}

enum StreamError {
    TooLarge,
    /// Past the disk's headroom.
    NoRoom,
    Io(std::io::Error),
    Body(axum::Error),
}

/// Bytes written between two looks at the disk's headroom.
const ROOM_EVERY: u64 = 4 * 1024 * 1024;

/// Write a request body to `path` chunk by chunk, stopping past `max` bytes
/// or past `room()` (what the disk can take before its reserve, asked again
/// every few megabytes).
async fn stream_body(
    body: Body,
    path: &std::path::Path,
    max: u64,
    room: impl Fn() -> u64,
) -> Result<u64, StreamError> {
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(StreamError::Io)?;
    let mut stream = body.into_data_stream();
    let mut total = 0u64;
    let (mut left, mut checked_at) = (room(), 0u64);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(StreamError::Body)?;
        total += chunk.len() as u64;
        if total > max {
            return Err(StreamError::TooLarge);
        }
        if total - checked_at >= ROOM_EVERY {
            (left, checked_at) = (room(), total);
        }
        if total - checked_at > left {
            return Err(StreamError::NoRoom);
        }
        file.write_all(&chunk).await.map_err(StreamError::Io)?;
    }
    file.flush().await.map_err(StreamError::Io)?;
    file.sync_all().await.map_err(StreamError::Io)?;
    Ok(total)
}

/// The key clients pass back as `r2_key`: `uploads/<file_id>/<filename>`.
pub fn upload_key(file: &FileRecord) -> String {
    format!("uploads/{}/{}", file.id, file.filename)
}

/// The file id inside an upload key (or a bare file id).
pub fn file_id_from_key(key: &str) -> Option<&str> {
    let id = match key.strip_prefix("uploads/") {
        Some(rest) => rest.split('/').next()?,
        None => key,
    };
    is_valid(IdKind::File, id).then_some(id)
}

/// A safe display filename: the last path component, tame characters only.
pub fn clean_filename(raw: &str, fallback: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        fallback.to_string()
    } else {
        cleaned
    }
}

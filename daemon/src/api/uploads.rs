//! Uploads and downloads for the render API: a presigned PUT URL per input,
//! streamed to disk with a size check and probed in a worker; signed GET
//! URLs for stored files (with Range support for players that seek).

use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;
use tower::ServiceExt;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::extract::JsonBody;
use super::AppState;
use crate::clock::now_ms;
use crate::engine::ProbeError;
use crate::ids::{is_valid, new_id, IdKind};
use crate::store::{FileRecord, FileRole, Project, StoreError};

pub fn presign_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(presign))
}

pub fn transfer_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(download))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PresignRequest {
    #[serde(default)]
    pub filename: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PresignResponse {
    pub upload_url: String,
    /// Pass this as `r2_key` to the estimate and job endpoints.
    pub key: String,
    pub project_id: String,
    pub file_id: String,
    pub method: &'static str,
    pub expires_in: u64,
    pub max_bytes: u64,
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

/// Create a direct upload URL (and a project) for a video file.
#[utoipa::path(post, path = "/upload/presign", operation_id = "presign_upload", tag = "uploads", security(("api_key" = [])),
    request_body = PresignRequest, responses(
    (status = 200, body = PresignResponse),
    (status = 400, description = "Not a video content type", body = super::openapi::DetailError),
    (status = 401, body = super::openapi::DetailError)))]
async fn presign(
    State(state): State<AppState>,
    caller: Authed<Render>,
    JsonBody(req, ..): JsonBody<PresignRequest, Render>,
) -> Result<Json<PresignResponse>, RenderError> {
    let content_type = req
        .content_type
        .unwrap_or_else(|| "video/mp4".into())
        .to_ascii_lowercase();
    if !(content_type.starts_with("video/") || content_type == "application/octet-stream") {
        return Err(ApiError::invalid(format!(
            "content_type {content_type:?} is not a video type (for example video/mp4)"
        ))
        .into());
    }
    let filename = clean_filename(req.filename.as_deref().unwrap_or(""), "clip.mp4");
    let cfg = &state.config().render;
    let now = now_ms();
    let project = Project {
        id: new_id(IdKind::Project),
        account_id: caller.account.id.clone(),
        name: filename.clone(),
        created_at: now,
        input_file_ids: Vec::new(),
        output_file_ids: Vec::new(),
        job_ids: Vec::new(),
        share_token: None,
        shared_at: None,
    };
    let file = FileRecord {
        id: new_id(IdKind::File),
        account_id: caller.account.id.clone(),
        project_id: Some(project.id.clone()),
        role: FileRole::Input,
        filename,
        content_type,
        blob_id: None,
        size: 0,
        media: None,
        facts: None,
        job_id: None,
        created_at: now,
        upload_expires_at: Some(now + cfg.upload_url_ttl_secs * 1000),
        expires_at: None,
        expired: false,
    };
    let mut project = project;
    project.input_file_ids.push(file.id.clone());
    state.store().create_project_with_input(&project, &file)?;
    let (upload_url, _) = state.signed_url(
        "PUT",
        &format!("/upload/{}", file.id),
        cfg.upload_url_ttl_secs,
    );
    Ok(Json(PresignResponse {
        upload_url,
        key: upload_key(&file),
        project_id: project.id,
        file_id: file.id,
        method: "PUT",
        expires_in: cfg.upload_url_ttl_secs,
        max_bytes: cfg.max_upload_mb * 1024 * 1024,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignedQuery {
    pub expires: Option<u64>,
    pub sig: Option<String>,
}

fn check_signature(
    state: &AppState,
    method: &str,
    path: &str,
    q: &SignedQuery,
) -> Result<(), RenderError> {
    state
        .signer()
        .verify(method, path, q.expires, q.sig.as_deref(), now_ms() / 1000)
        .map_err(|e| ApiError::new(ErrorKind::Forbidden, e.to_string()).into())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadResponse {
    pub key: String,
    pub file_id: String,
    pub project_id: Option<String>,
    pub size_bytes: u64,
    pub duration_sec: f64,
    pub fps: f64,
    pub width: u32,
    pub height: u32,
    pub has_audio: bool,
}

fn too_large(state: &AppState) -> ApiError {
    ApiError::new(
        ErrorKind::TooLarge,
        format!(
            "Launch limit is {} MB per video. Larger files are not accepted.",
            state.config().render.max_upload_mb
        ),
    )
}

/// Upload the file's bytes to a presigned URL (no API key: the URL is signed).
#[utoipa::path(put, path = "/upload/{file_id}", operation_id = "upload_file", tag = "uploads",
    params(("file_id" = String, Path, description = "From the presign response"), SignedQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The raw file (any Content-Type, e.g. video/mp4)"),
    responses(
    (status = 200, body = UploadResponse),
    (status = 400, description = "Not a usable video, empty, or the URL was already used", body = super::openapi::DetailError),
    (status = 403, description = "Signature missing, invalid or expired", body = super::openapi::DetailError),
    (status = 404, body = super::openapi::DetailError),
    (status = 413, description = "Over the size or length limit", body = super::openapi::DetailError)))]
async fn upload(
    State(state): State<AppState>,
    Path(file_id): Path<String>,
    Query(q): Query<SignedQuery>,
    request: Request,
) -> Result<Json<UploadResponse>, RenderError> {
    check_signature(&state, "PUT", &format!("/upload/{file_id}"), &q)?;
    let file = state.store().file(&file_id)?;
    if file.blob_id.is_some() || file.expired || file.role != FileRole::Input {
        return Err(ApiError::invalid("this upload URL has already been used").into());
    }
    let max = state.config().render.max_upload_mb * 1024 * 1024;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Far too large: refuse at once. Slightly too large is read and dropped
    // (up to DRAIN_BYTES) so the client sees the 413 rather than a reset.
    if declared.is_some_and(|n| n > max + super::extract::DRAIN_BYTES as u64) {
        return Err(too_large(&state).into());
    }

    // Removed on every early return, and if this request is cancelled.
    let temp = state.store().blobs().temp();
    let written = stream_body(request.into_body(), temp.path(), max).await;
    let size = match written {
        Ok(size) => size,
        Err(e) => {
            return Err(match e {
                StreamError::TooLarge => too_large(&state),
                StreamError::Io(e) => ApiError::internal(format!("storing the upload failed: {e}")),
                StreamError::Body(e) => {
                    ApiError::invalid(format!("the upload was interrupted: {e}"))
                }
            }
            .into());
        }
    };
    if size == 0 {
        return Err(ApiError::invalid("the upload is empty").into());
    }

    let info = match state.engine().probe(temp.path()).await {
        Ok(info) => info,
        Err(e) => {
            return Err(match e {
                ProbeError::Rejected(m) => ApiError::invalid(format!("not a usable video: {m}")),
                ProbeError::Timeout(_) => ApiError::invalid(format!("not a usable video: {e}")),
                ProbeError::Worker(e) => {
                    ApiError::invalid(format!("not a usable video: inspecting it failed ({e})"))
                }
            }
            .into());
        }
    };
    let Some(video) = info.video.clone() else {
        return Err(ApiError::invalid("not a usable video: the file has no video stream").into());
    };
    let max_secs = state.config().render.max_duration_secs;
    if info.duration_secs > max_secs as f64 + 1e-3 {
        return Err(duration_limit(max_secs).into());
    }

    let blob_id = tokio::task::spawn_blocking(move || temp.commit())
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .map_err(|e| ApiError::internal(format!("storing the upload failed: {e}")))?;
    let retention_ms = state.config().retention_ms();
    let stored = state.store().complete_upload(
        &file_id,
        &blob_id,
        size,
        info.clone(),
        now_ms() + retention_ms,
    );
    let file = match stored {
        Ok(file) => file,
        Err(e) => {
            let _ = state.store().blobs().remove(&blob_id);
            return Err(match e {
                StoreError::Conflict(m) => ApiError::invalid(m).into(),
                other => other.into(),
            });
        }
    };
    Ok(Json(UploadResponse {
        key: upload_key(&file),
        file_id: file.id,
        project_id: file.project_id,
        size_bytes: size,
        duration_sec: info.duration_secs,
        fps: video.fps,
        width: video.width,
        height: video.height,
        has_audio: info.audio.is_some(),
    }))
}

/// The seed's wording for the clip-length limit.
pub fn duration_limit(max_secs: u64) -> ApiError {
    ApiError::new(
        ErrorKind::TooLarge,
        format!("Launch limit is {max_secs}s per video. Longer video chunking is coming."),
    )
}

pub enum StreamError {
    TooLarge,
    Io(std::io::Error),
    Body(axum::Error),
}

impl StreamError {
    /// The error a client sees for a failed (not oversized) upload.
    pub fn into_api_error(self) -> ApiError {
        match self {
            StreamError::TooLarge => ApiError::new(ErrorKind::TooLarge, "The upload is too large."),
            StreamError::Io(e) => ApiError::internal(format!("storing the upload failed: {e}")),
            StreamError::Body(e) => ApiError::invalid(format!("the upload was interrupted: {e}")),
        }
    }
}

/// Write a request body to `path` chunk by chunk, stopping past `max` bytes.
pub async fn stream_body(body: Body, path: &std::path::Path, max: u64) -> Result<u64, StreamError> {
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(StreamError::Io)?;
    let mut stream = body.into_data_stream();
    let mut total = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(StreamError::Body)?;
        total += chunk.len() as u64;
        if total > max {
            return Err(StreamError::TooLarge);
        }
        file.write_all(&chunk).await.map_err(StreamError::Io)?;
    }
    file.flush().await.map_err(StreamError::Io)?;
    file.sync_all().await.map_err(StreamError::Io)?;
    Ok(total)
}

/// A signed download link for a stored file.
pub fn download_url(state: &AppState, file: &FileRecord) -> Option<String> {
    if !file.is_uploaded() {
        return None;
    }
    let ttl = state.config().render.download_url_ttl_secs;
    Some(
        state
            .signed_url("GET", &format!("/files/{}/content", file.id), ttl)
            .0,
    )
}

/// Download a stored file through a signed URL. Supports `Range`.
#[utoipa::path(get, path = "/files/{file_id}/content", operation_id = "download_file", tag = "uploads",
    params(("file_id" = String, Path), SignedQuery,
        ("Range" = Option<String>, Header, description = "Byte range, e.g. bytes=0-1023")),
    responses(
    (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
    (status = 206, description = "Part of the file", content_type = "application/octet-stream", body = Vec<u8>),
    (status = 403, description = "Signature missing, invalid or expired", body = super::openapi::DetailError),
    (status = 404, body = super::openapi::DetailError),
    (status = 410, description = "Past the retention window", body = super::openapi::DetailError)))]
async fn download(
    State(state): State<AppState>,
    Path(file_id): Path<String>,
    Query(q): Query<SignedQuery>,
    request: Request,
) -> Result<Response, RenderError> {
    check_signature(&state, "GET", &format!("/files/{file_id}/content"), &q)?;
    let file = state.store().file(&file_id)?;
    if file.expired {
        return Err(ApiError::new(
            ErrorKind::Gone,
            "This file has passed its retention window and was deleted.",
        )
        .into());
    }
    let path = file
        .blob_id
        .as_deref()
        .and_then(|b| state.store().blobs().path(b))
        .ok_or_else(|| ApiError::not_found("This file has not been uploaded."))?;
    let content_type = HeaderValue::from_str(&file.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let served = tower_http::services::ServeFile::new_with_mime(&path, &mime_of(&content_type))
        .oneshot(request)
        .await
        .map_err(|e| ApiError::internal(format!("reading the file failed: {e}")))?;
    if served.status() == StatusCode::NOT_FOUND {
        return Err(ApiError::new(ErrorKind::Gone, "This file is no longer available.").into());
    }
    let mut response = served.into_response();
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file.filename.replace(['"', '\\'], "_")
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

fn mime_of(v: &HeaderValue) -> mime::Mime {
    v.to_str()
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(mime::APPLICATION_OCTET_STREAM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_filenames_are_tame() {
        let id = new_id(IdKind::File);
        assert_eq!(
            file_id_from_key(&format!("uploads/{id}/clip.mp4")),
            Some(id.as_str())
        );
        assert_eq!(file_id_from_key(&id), Some(id.as_str()));
        assert_eq!(file_id_from_key("uploads/../../etc/passwd"), None);
        assert_eq!(clean_filename("../../etc/passwd", "x"), "passwd");
        assert_eq!(clean_filename("a\"b\r\nc.mp4", "x"), "a_bc.mp4");
        assert_eq!(clean_filename("...", "clip.mp4"), "clip.mp4");
        assert_eq!(clean_filename("", "clip.mp4"), "clip.mp4");
    }
}

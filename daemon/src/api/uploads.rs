//! Uploads and downloads for the render API: a presigned PUT URL per input
//! (the bytes go through `intake::upload`); signed GET URLs for stored
//! files (with Range support for players that seek).

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use tower::ServiceExt;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::extract::JsonBody;
use super::idempotency::{IdemHeader, IdemKey, Replayed};
use super::openapi::Binary;
use super::AppState;
use crate::clock::now_ms;
use crate::engine::ProbeError;
use crate::intake::upload::{self, clean_filename, upload_key, UploadError, UploadKind};

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

/// Create a direct upload URL (and a project) for a video file.
#[utoipa::path(post, path = "/upload/presign", operation_id = "presign_upload", tag = "uploads", security(("api_key" = [])),
    params(IdemHeader), request_body = PresignRequest, responses(
    (status = 200, body = PresignResponse),
    (status = 400, description = "Not a video content type", body = super::openapi::DetailError),
    (status = 401, body = super::openapi::DetailError)))]
async fn presign(
    State(state): State<AppState>,
    caller: Authed<Render>,
    key: IdemKey<Render>,
    JsonBody(req, _, fingerprint): JsonBody<PresignRequest, Render>,
) -> Result<(Replayed, Json<PresignResponse>), RenderError> {
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
    let idem = key.with(&fingerprint);
    let account = &caller.account.id;
    let created =
        upload::open_render_upload(&state, account, filename, content_type, idem.as_ref()).await?;
    let (project, file) = created.value;
    let cfg = &state.config().render;
    let upload_url = match state.store().blobs().s3() {
        // Straight to the bucket; the job or estimate that names the key
        // takes the object in (see `upload::claim_direct`).
        Some(s3) => s3
            .presign(
                axum::http::Method::PUT,
                &s3.upload_key(&file.id),
                std::time::Duration::from_secs(cfg.upload_url_ttl_secs),
            )
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "presigning an upload failed");
                ApiError::internal("presigning the upload failed")
            })?,
        None => {
            state
                .signed_url(
                    "PUT",
                    &format!("/upload/{}", file.id),
                    cfg.upload_url_ttl_secs,
                )
                .0
        }
    };
    let response = PresignResponse {
        upload_url,
        key: upload_key(&file),
        project_id: project.id,
        file_id: file.id,
        method: "PUT",
        expires_in: cfg.upload_url_ttl_secs,
        max_bytes: cfg.max_upload_mb * 1024 * 1024,
    };
    Ok((Replayed(created.replayed), Json(response)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignedQuery {
    /// Unix seconds after which the URL stops working.
    #[param(required = true)]
    pub expires: Option<u64>,
    /// The URL's signature.
    #[param(required = true)]
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

/// Upload the file's bytes to a presigned URL (no API key: the URL is signed).
#[utoipa::path(put, path = "/upload/{file_id}", operation_id = "upload_file", tag = "uploads",
    params(("file_id" = String, Path, description = "From the presign response"), SignedQuery),
    request_body(description = "The raw video file. Any Content-Type is accepted (e.g. video/mp4); the bytes decide.",
        content = Binary, content_type = "application/octet-stream"),
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
    let incoming = upload::Incoming {
        declared_len: content_length(request.headers()),
        content_type: None,
        body: request.into_body(),
    };
    let file = upload::receive(&state, &file_id, incoming, UploadKind::Video)
        .await
        .map_err(upload_error)?;
    // A video upload is completed with its probed facts, video stream included.
    let missing = || ApiError::internal("the stored upload lost its video facts");
    let info = file.media.clone().ok_or_else(missing)?;
    let video = info.video.clone().ok_or_else(missing)?;
    Ok(Json(UploadResponse {
        key: upload_key(&file),
        file_id: file.id,
        project_id: file.project_id,
        size_bytes: file.size,
        duration_sec: info.duration_secs,
        fps: video.fps,
        width: video.width,
        height: video.height,
        has_audio: info.audio.is_some(),
    }))
}

/// `Content-Length`, when the client sent a readable one.
pub fn content_length(headers: &axum::http::HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// The render API's words for a refused upload.
pub fn upload_error(e: UploadError) -> ApiError {
    let unusable = |why: String| ApiError::invalid(format!("not a usable video: {why}"));
    match e {
        UploadError::AlreadyUsed => ApiError::invalid("this upload URL has already been used"),
        UploadError::TooLarge { limit_mb, .. } => ApiError::new(
            ErrorKind::TooLarge,
            format!("Launch limit is {limit_mb} MB per video. Larger files are not accepted."),
        ),
        UploadError::Empty => ApiError::invalid("the upload is empty"),
        UploadError::Interrupted(_) | UploadError::Io(_) => shared_upload_error(e),
        UploadError::Unreadable(ProbeError::Rejected(m)) => unusable(m),
        UploadError::Unreadable(ProbeError::Worker(e)) => {
            unusable(format!("inspecting it failed ({e})"))
        }
        UploadError::Unreadable(e) => unusable(e.to_string()),
        UploadError::NoVideo => unusable("the file has no video stream".into()),
        UploadError::TooLong { max_secs } => duration_limit(max_secs),
        UploadError::Refused(r) => r.into(),
        UploadError::Store(e) => e.into(),
    }
}

/// Failures both APIs word alike: the body broke off, or storing it failed.
pub fn shared_upload_error(e: UploadError) -> ApiError {
    match e {
        UploadError::Interrupted(e) => {
            ApiError::invalid(format!("the upload was interrupted: {e}"))
        }
        other => ApiError::internal(format!("storing the upload failed: {}", io_cause(other))),
    }
}

fn io_cause(e: UploadError) -> String {
    match e {
        UploadError::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// A stored file past its retention window.
pub fn file_gone() -> ApiError {
    ApiError::new(
        ErrorKind::Gone,
        "This file has passed its retention window and was deleted.",
    )
}

/// The seed's wording for the clip-length limit.
pub fn duration_limit(max_secs: u64) -> ApiError {
    ApiError::new(
        ErrorKind::TooLarge,
        format!("Launch limit is {max_secs}s per video. Longer video chunking is coming."),
    )
}

/// Download a stored file through a signed URL. Supports `Range`.
#[utoipa::path(get, path = "/files/{file_id}/content", operation_id = "download_file", tag = "uploads",
    params(("file_id" = String, Path), SignedQuery,
        ("Range" = Option<String>, Header, description = "Byte range, e.g. bytes=0-1023")),
    responses(
    (status = 200, description = "The file, with its own Content-Type", content_type = "application/octet-stream", body = Binary),
    (status = 206, description = "Part of the file", content_type = "application/octet-stream", body = Binary),
    (status = 302, description = "With S3 storage: to a presigned URL of the object"),
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
        return Err(file_gone().into());
    }
    let blob = file
        .blob_id
        .as_deref()
        .ok_or_else(|| ApiError::not_found("This file has not been uploaded."))?;
    let ttl = std::time::Duration::from_secs(state.config().render.download_url_ttl_secs);
    if let Some(signed) = state.store().blobs().presigned_get(blob, ttl) {
        let url = signed.map_err(|e| {
            tracing::error!(error = %e, "presigning a download failed");
            ApiError::internal("presigning the download failed")
        })?;
        return Ok((StatusCode::FOUND, [(header::LOCATION, url)]).into_response());
    }
    let path = state
        .store()
        .blobs()
        .path(blob)
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
    use crate::ids::{new_id, IdKind};
    use crate::intake::upload::{clean_filename, file_id_from_key};

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

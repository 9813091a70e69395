//! The file-automation API under `/api/v1` (`{"error":{"code","message"}}`
//! errors): signed uploads, jobs (see `files_jobs`), usage.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Authed, Caller};
use super::errors::{ApiError, ErrorKind, Files, FilesError};
use super::extract::Fingerprint;
use super::idempotency::{IdemHeader, IdemKey, Replayed};
use super::openapi::{Binary, CodedError};
use super::uploads::{content_length, shared_upload_error, SignedQuery};
use super::AppState;
use crate::clock::now_ms;
use crate::engine::ProbeError;
use crate::intake::upload::{self, UploadError, UploadKind};
use crate::limits::RateState;
use crate::store::usage::month_of;

pub fn routes() -> OpenApiRouter<AppState> {
    let documented = OpenApiRouter::new()
        .routes(routes!(create_upload))
        .routes(routes!(usage))
        .merge(super::capabilities::routes())
        .routes(routes!(rotate_webhook_secret))
        .merge(super::files_jobs::routes())
        .merge(super::events::files_routes());
    let (router, spec) = documented.split_for_parts();
    // Fallbacks answer unknown paths and methods in this API's dialect.
    let router = router
        .route_layer(axum::middleware::from_fn(rate_headers))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    OpenApiRouter::with_openapi(spec).merge(OpenApiRouter::from(router))
}

/// The signed upload endpoint: its body is streamed to disk under the
/// plan's size limit, so it sits outside the JSON body limit.
pub fn transfer_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(store_upload))
}

async fn not_found() -> FilesError {
    FilesError(ApiError::not_found("No such endpoint."))
}

async fn method_not_allowed() -> FilesError {
    FilesError(ApiError::new(
        ErrorKind::MethodNotAllowed,
        "Method not allowed on this endpoint.",
    ))
}

/// Extractor: an authenticated file-automation caller within its plan's
/// request rate (10/s, burst 20 by default), else 429 with `Retry-After`.
/// Where the key stands goes into the response's rate-limit headers.
pub struct Limited(pub Caller);

impl FromRequestParts<AppState> for Limited {
    type Rejection = FilesError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, FilesError> {
        let authed = Authed::<Files>::from_request_parts(parts, state).await?;
        let caller = authed.caller;
        let checked = state
            .rate_limits()
            .check(&caller.account.plan, &caller.key.id);
        let slot = parts.extensions.get::<RateSlot>();
        match checked {
            Ok(rate) => {
                if let (Some(slot), Some(rate)) = (slot, rate) {
                    slot.fill(rate);
                }
                Ok(Limited(caller))
            }
            Err((retry_after_secs, rate)) => {
                if let Some(slot) = slot {
                    slot.fill(rate);
                }
                Err(ApiError::new(
                    ErrorKind::RateLimited { retry_after_secs },
                    format!("Too many requests: retry in {retry_after_secs} s."),
                )
                .into())
            }
        }
    }
}

/// Where the rate-limit check leaves its result for [`rate_headers`].
#[derive(Clone, Default)]
pub struct RateSlot(Arc<Mutex<Option<RateState>>>);

impl RateSlot {
    fn fill(&self, rate: RateState) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(rate);
    }

    fn take(&self) -> Option<RateState> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// Middleware: every rate-limited answer says where its key stands, as
/// `X-RateLimit-Limit/-Remaining/-Reset` and the IETF `RateLimit` field.
pub async fn rate_headers(mut request: Request, next: Next) -> Response {
    let slot = RateSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    if let Some(rate) = slot.take() {
        let headers = response.headers_mut();
        let mut put = |name: &'static str, value: String| {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        };
        put("x-ratelimit-limit", rate.limit.to_string());
        put("x-ratelimit-remaining", rate.remaining.to_string());
        put("x-ratelimit-reset", rate.reset_secs.to_string());
        put(
            "ratelimit",
            format!(
                "limit={}, remaining={}, reset={}",
                rate.limit, rate.remaining, rate.reset_secs
            ),
        );
    }
    response
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadSlot {
    /// A signed URL: POST the raw file bytes to it, no API key.
    pub upload_url: String,
    pub expires_in_seconds: u64,
}

/// Mint a signed upload URL. No body.
#[utoipa::path(post, path = "/uploads", operation_id = "files_create_upload", tag = "files",
    security(("api_key" = [])), params(IdemHeader), responses(
    (status = 200, body = UploadSlot),
    (status = 401, body = CodedError),
    (status = 429, description = "Rate limited; see Retry-After", body = CodedError)))]
async fn create_upload(
    State(state): State<AppState>,
    Limited(caller): Limited,
    key: IdemKey<Files>,
) -> Result<(Replayed, Json<UploadSlot>), FilesError> {
    let ttl = state.config().files.upload_url_ttl_secs;
    let idem = key.with(&Fingerprint::of_bytes(b""));
    let created = upload::open_file_upload(&state, &caller.account.id, idem.as_ref()).await?;
    let path = format!("/api/v1/storage/{}", created.value.id);
    let (upload_url, _) = state.signed_url("POST", &path, ttl);
    Ok((
        Replayed(created.replayed),
        Json(UploadSlot {
            upload_url,
            expires_in_seconds: ttl,
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stored {
    /// Pass this in a job's `files`.
    pub storage_id: String,
}

/// Upload a file's raw bytes to a signed upload URL.
#[utoipa::path(post, path = "/api/v1/storage/{file_id}", operation_id = "files_store_upload", tag = "files",
    params(("file_id" = String, Path), SignedQuery),
    request_body(description = "The raw file. Send its own Content-Type (e.g. image/png) or application/octet-stream; the bytes decide what it is.",
        content = Binary, content_type = "application/octet-stream"),
    responses(
    (status = 200, body = Stored),
    (status = 400, description = "Empty, unreadable or unsupported file, or URL already used", body = CodedError),
    (status = 401, description = "Signature missing, invalid or expired", body = CodedError),
    (status = 402, description = "Larger than the plan allows", body = CodedError),
    (status = 404, body = CodedError)))]
async fn store_upload(
    State(state): State<AppState>,
    Path(file_id): Path<String>,
    Query(q): Query<SignedQuery>,
    request: Request,
) -> Result<Json<Stored>, FilesError> {
    state
        .signer()
        .verify(
            "POST",
            &format!("/api/v1/storage/{file_id}"),
            q.expires,
            q.sig.as_deref(),
            now_ms() / 1000,
        )
        .map_err(|e| ApiError::unauthorized(format!("Upload URL rejected: {e}.")))?;
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() < 128 && !v.contains(['\r', '\n']))
        .unwrap_or("application/octet-stream")
        .to_string();
    let incoming = upload::Incoming {
        declared_len: content_length(request.headers()),
        content_type: Some(content_type),
        body: request.into_body(),
    };
    let file = upload::receive(&state, &file_id, incoming, UploadKind::File)
        .await
        .map_err(upload_error)?;
    Ok(Json(Stored {
        storage_id: file.id,
    }))
}

/// This API's words for a refused upload.
fn upload_error(e: UploadError) -> ApiError {
    match e {
        UploadError::AlreadyUsed => ApiError::invalid("This upload URL has already been used."),
        UploadError::TooLarge { limit_mb, plan } => ApiError::new(
            ErrorKind::PaymentRequired,
            format!(
                "File exceeds the {limit_mb} MB file size limit of the {} plan.",
                plan.unwrap_or_default()
            ),
        ),
        UploadError::Empty => ApiError::invalid("The upload is empty."),
        UploadError::Unreadable(e) => {
            let why = match e {
                ProbeError::Rejected(m) => m,
                other => other.to_string(),
            };
            ApiError::invalid(format!("kiln cannot read this file: {why}"))
        }
        UploadError::Store(e) => e.into(),
        UploadError::Refused(r) => r.into(),
        other => shared_upload_error(other),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanLimits {
    pub max_file_mb: u64,
    pub max_files_per_job: u32,
    pub max_pipeline_steps: u32,
    /// 0 means unlimited.
    pub monthly_jobs: u64,
    pub rate_per_sec: u32,
    pub burst: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageView {
    /// `YYYY-MM` (UTC).
    pub month: String,
    pub plan: String,
    pub jobs_submitted: u64,
    pub command_jobs: u64,
    pub chat_jobs: u64,
    pub pipeline_steps: u64,
    pub amount_micros: u64,
    /// The amount in dollars, e.g. "0.15".
    pub amount_usd: String,
    pub limits: PlanLimits,
}

/// This month's metered usage and the plan's limits.
#[utoipa::path(get, path = "/usage", operation_id = "files_usage", tag = "files",
    security(("api_key" = [])), responses(
    (status = 200, body = UsageView),
    (status = 401, body = CodedError),
    (status = 429, body = CodedError)))]
async fn usage(
    State(state): State<AppState>,
    Limited(caller): Limited,
) -> Result<Json<UsageView>, FilesError> {
    let month = month_of(now_ms());
    let u = state.store().usage(&caller.account.id, &month)?;
    let plan = state.plan_of(&caller.account.plan);
    Ok(Json(UsageView {
        month,
        plan: caller.account.plan.clone(),
        jobs_submitted: u.jobs_submitted,
        command_jobs: u.command_jobs,
        chat_jobs: u.chat_jobs,
        pipeline_steps: u.pipeline_steps,
        amount_micros: u.amount_micros,
        amount_usd: format!(
            "{}.{:02}",
            u.amount_micros / 1_000_000,
            (u.amount_micros % 1_000_000) / 10_000
        ),
        limits: PlanLimits {
            max_file_mb: plan.max_file_mb,
            max_files_per_job: plan.max_files_per_job,
            max_pipeline_steps: plan.max_pipeline_steps,
            monthly_jobs: plan.monthly_jobs,
            rate_per_sec: plan.rate_per_sec,
            burst: plan.burst,
        },
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSecretView {
    /// `whsec_…`: shown once. Verify `X-Refile-Signature` (HMAC-SHA256 of the
    /// raw body, keyed with this secret exactly as shown) or the Standard
    /// Webhooks `webhook-signature` with any standard library.
    pub secret: String,
    /// Unix ms until which deliveries are also signed with the previous secret.
    pub previous_valid_until: Option<u64>,
}

/// Rotate the account's webhook signing secret; the new secret is returned once.
#[utoipa::path(post, path = "/webhook-secret", operation_id = "files_rotate_webhook_secret", tag = "files",
    security(("api_key" = [])), responses(
    (status = 200, body = WebhookSecretView),
    (status = 401, body = CodedError),
    (status = 429, body = CodedError)))]
async fn rotate_webhook_secret(
    State(state): State<AppState>,
    Limited(caller): Limited,
) -> Result<Json<WebhookSecretView>, FilesError> {
    let grace = state.config().webhooks.secret_grace_hours * 3_600_000;
    let account_id = caller.account.id.clone();
    let s = state
        .store()
        .run(move |s| s.rotate_webhook_secret(&account_id, grace))
        .await?;
    Ok(Json(WebhookSecretView {
        secret: s.current,
        previous_valid_until: s.previous_valid_until,
    }))
}

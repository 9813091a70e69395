//! API errors and the two dialects they are spoken in.
//! The file-automation API (`/api/v1/...`) answers
//! `{"error":{"code","message"}}`; the render API (root paths) answers
//! `{"detail": "..."}`. Handlers return one of the two wrappers and build
//! errors from [`ApiError`], so every mapping to a status lives here.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Unauthorized,
    Invalid,
    PaymentRequired,
    Forbidden,
    NotFound,
    Gone,
    MethodNotAllowed,
    TooLarge,
    RateLimited {
        retry_after_secs: u64,
    },
    /// An idempotency key reused with another request.
    KeyReused,
    /// Too many of the account's jobs are waiting: slow down.
    QueueFull {
        retry_after_secs: u64,
    },
    /// The disk is nearly full.
    InsufficientStorage,
    Timeout,
    Unavailable,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
        }
    }
    pub fn unauthorized(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, m)
    }
    pub fn invalid(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, m)
    }
    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, m)
    }
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, m)
    }

    pub fn status(&self) -> StatusCode {
        match self.kind {
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Invalid => StatusCode::BAD_REQUEST,
            ErrorKind::PaymentRequired => StatusCode::PAYMENT_REQUIRED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Gone => StatusCode::GONE,
            ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::KeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::QueueFull { .. } => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::InsufficientStorage => StatusCode::INSUFFICIENT_STORAGE,
            ErrorKind::Timeout => StatusCode::REQUEST_TIMEOUT,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The file-automation API's error code for this error.
    pub fn files_code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Invalid
            | ErrorKind::TooLarge
            | ErrorKind::MethodNotAllowed
            | ErrorKind::Timeout => "invalid_request",
            ErrorKind::PaymentRequired => "quota_exceeded",
            // The file-automation API hides whether another account's id exists.
            ErrorKind::Forbidden | ErrorKind::NotFound | ErrorKind::Gone => "not_found",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::KeyReused => "idempotency_key_reused",
            ErrorKind::QueueFull { .. } => "queue_full",
            ErrorKind::InsufficientStorage => "insufficient_storage",
            ErrorKind::Unavailable | ErrorKind::Internal => "internal_error",
        }
    }

    fn decorate(&self, mut response: Response) -> Response {
        if let ErrorKind::RateLimited { retry_after_secs }
        | ErrorKind::QueueFull { retry_after_secs } = self.kind
        {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs.max(1)),
            );
        }
        if self.kind == ErrorKind::Unauthorized {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<crate::intake::idempotency::KeyReused> for ApiError {
    fn from(e: crate::intake::idempotency::KeyReused) -> Self {
        ApiError::new(
            ErrorKind::KeyReused,
            format!("{e}: send a new key for a new request."),
        )
    }
}

impl From<crate::intake::Refusal> for ApiError {
    fn from(r: crate::intake::Refusal) -> Self {
        let kind = match r {
            crate::intake::Refusal::DiskLow => ErrorKind::InsufficientStorage,
            crate::intake::Refusal::StoreFailed => ErrorKind::Unavailable,
        };
        ApiError::new(kind, r.to_string())
    }
}

impl From<crate::intake::upload::OpenError> for ApiError {
    fn from(e: crate::intake::upload::OpenError) -> Self {
        match e {
            crate::intake::upload::OpenError::KeyReused(k) => k.into(),
            crate::intake::upload::OpenError::Refused(r) => r.into(),
            crate::intake::upload::OpenError::Store(e) => e.into(),
        }
    }
}

/// How long a client whose queue is full is asked to wait.
const QUEUE_FULL_RETRY_SECS: u64 = 5;

impl ApiError {
    /// The account's queue of waiting jobs is full.
    pub fn queue_full(limit: u32) -> ApiError {
        ApiError::new(
            ErrorKind::QueueFull {
                retry_after_secs: QUEUE_FULL_RETRY_SECS,
            },
            format!(
                "{limit} of your jobs are already waiting for a worker; retry when some have started."
            ),
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::not_found(format!("{what} not found")),
            StoreError::Invalid(m) | StoreError::Conflict(m) => ApiError::invalid(m),
            StoreError::MonthlyQuota { used, limit } => ApiError::new(
                ErrorKind::PaymentRequired,
                format!("Monthly job limit reached: {used} of {limit} jobs used this month."),
            ),
            StoreError::InsufficientBalance { needed, available } => ApiError::new(
                ErrorKind::PaymentRequired,
                format!(
                    "Insufficient xeconds balance: this needs {needed} xeconds and {available} are available."
                ),
            ),
            other => {
                tracing::error!(error = %other, "store error while serving a request");
                ApiError::internal("internal error; safe to retry")
            }
        }
    }
}

/// An error in the render API's dialect: `{"detail": "..."}`.
#[derive(Debug)]
pub struct RenderError(pub ApiError);

/// An error in the file-automation API's dialect: `{"error":{"code","message"}}`.
#[derive(Debug)]
pub struct FilesError(pub ApiError);

impl<E: Into<ApiError>> From<E> for RenderError {
    fn from(e: E) -> Self {
        RenderError(e.into())
    }
}

impl<E: Into<ApiError>> From<E> for FilesError {
    fn from(e: E) -> Self {
        FilesError(e.into())
    }
}

impl IntoResponse for RenderError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "detail": self.0.message }));
        self.0.decorate((self.0.status(), body).into_response())
    }
}

impl IntoResponse for FilesError {
    fn into_response(self) -> Response {
        let body = Json(json!({
            "error": { "code": self.0.files_code(), "message": self.0.message }
        }));
        self.0.decorate((self.0.status(), body).into_response())
    }
}

/// The request timeouts answer a bare 408; this gives it a body in the
/// dialect of the API the path belongs to.
pub async fn timeout_in_dialect(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let files = request.uri().path().starts_with("/api/v1/");
    let response = next.run(request).await;
    if response.status() != StatusCode::REQUEST_TIMEOUT
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let e = ApiError::new(
        ErrorKind::Timeout,
        "The request took too long: the whole body must arrive within the request timeout.",
    );
    let mut answer = if files {
        FilesError(e).into_response()
    } else {
        RenderError(e).into_response()
    };
    for (name, value) in response.headers() {
        if name != header::CONTENT_LENGTH {
            answer
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    answer
}

/// Which dialect a part of the API speaks; lets extractors reject in it.
pub trait Dialect: Send + Sync + 'static {
    type Error: From<ApiError> + IntoResponse + Send;
}

pub struct Render;
pub struct Files;

impl Dialect for Render {
    type Error = RenderError;
}

impl Dialect for Files {
    type Error = FilesError;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(r: Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(r.into_body(), 1 << 16).await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn each_dialect_has_its_shape() {
        let e = ApiError::unauthorized("Missing or invalid API key.");
        let r = RenderError(e.clone()).into_response();
        assert_eq!(r.status(), 401);
        assert_eq!(body(r).await["detail"], "Missing or invalid API key.");
        let r = FilesError(e).into_response();
        assert_eq!(r.status(), 401);
        let v = body(r).await;
        assert_eq!(v["error"]["code"], "unauthorized");

        let r = FilesError(ApiError::new(
            ErrorKind::RateLimited {
                retry_after_secs: 2,
            },
            "slow down",
        ))
        .into_response();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()[header::RETRY_AFTER], "2");

        let r = FilesError(ApiError::new(ErrorKind::Forbidden, "not yours")).into_response();
        assert_eq!(r.status(), 403);
        assert_eq!(body(r).await["error"]["code"], "not_found");
    }
}

//! The file-automation API under `/api/v1` (`{"error":{"code","message"}}` errors).

use axum::Router;

use super::errors::{ApiError, ErrorKind, FilesError};
use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
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

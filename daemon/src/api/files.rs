//! The file-automation API under `/api/v1` (`{"error":{"code","message"}}` errors).

use utoipa_axum::router::OpenApiRouter;

use super::errors::{ApiError, ErrorKind, FilesError};
use super::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    let (router, spec) = OpenApiRouter::new().split_for_parts();
    // Fallbacks answer unknown paths and methods in this API's dialect.
    let router = router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    OpenApiRouter::with_openapi(spec).merge(OpenApiRouter::from(router))
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

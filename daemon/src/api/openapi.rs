//! The OpenAPI 3.1 description of both APIs, generated from the handlers'
//! own annotations and types (utoipa), served at `GET /openapi.json`.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::AppState;

/// The render API's error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct DetailError {
    /// A readable explanation.
    #[schema(example = "Launch limit is 120s per video. Longer video chunking is coming.")]
    pub detail: String,
}

/// The file-automation API's error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodedError {
    pub error: CodedErrorInner,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodedErrorInner {
    /// `unauthorized`, `invalid_request`, `not_found`, `quota_exceeded`, `rate_limited`, `internal_error`.
    #[schema(example = "invalid_request")]
    pub code: String,
    pub message: String,
}

struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("kiln_live_…")
                    .description(Some(
                        "An API key from the operator: `Authorization: Bearer kiln_live_…`",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kiln",
        description = "Self-hosted media jobs: the render API (frame interpolation, root paths, \
                       `{\"detail\"}` errors) and the file-automation API (`/api/v1`, \
                       `{\"error\":{\"code\",\"message\"}}` errors).",
    ),
    modifiers(&BearerKey),
    components(schemas(DetailError, CodedError, CodedErrorInner)),
    tags(
        (name = "account", description = "Your profile and balance"),
        (name = "pricing", description = "Bands, packs, limits and estimates"),
        (name = "uploads", description = "Presigned uploads and signed downloads"),
        (name = "renders", description = "Render jobs"),
        (name = "projects", description = "Project history and share links"),
        (name = "system", description = "Health and this document"),
        (name = "files", description = "File automation (/api/v1): uploads, prompt jobs, usage"),
    )
)]
pub struct ApiDoc;

/// `GET /openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json", operation_id = "openapi_json",
    tag = "system",
    responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.openapi().clone())
}

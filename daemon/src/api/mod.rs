//! The HTTP face: one axum router serving both APIs. Handlers are thin:
//! authenticate, call the store or engine, answer in their API's dialect.

pub mod auth;
pub mod capabilities;
pub mod errors;
pub mod events;
pub mod extract;
pub mod files;
pub mod files_jobs;
pub mod health;
pub mod idempotency;
pub mod keepalive;
pub mod leases;
pub mod metrics;
pub mod nodes;
pub mod openapi;
pub mod pricing;
pub mod projects;
pub mod render;
pub mod render_jobs;
pub mod uploads;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
pub use crate::context::AppState;

/// Every route, with its OpenAPI description (both come from the same
/// handler annotations, so the document cannot miss a mounted route).
pub fn routes(config: &Config) -> OpenApiRouter<AppState> {
    let http = &config.http;
    let timeout = Duration::from_secs(http.request_timeout_secs);
    let upload_timeout = Duration::from_secs(config.render.upload_timeout_secs);
    let max_body = http.max_body_bytes;
    // JSON endpoints: small bodies, the normal timeout.
    let api = OpenApiRouter::new()
        .merge(health::routes())
        .merge(render::routes())
        .merge(pricing::routes())
        .merge(render_jobs::routes())
        .merge(events::render_routes())
        .merge(uploads::presign_routes())
        .merge(projects::routes())
        .merge(metrics::routes())
        .nest("/api/v1", files::routes())
        // The JSON extractor enforces this (answering 413 in each API's
        // dialect); no JSON endpoint reads a body any other way.
        .layer(axum::Extension(extract::BodyLimit(max_body)))
        .layer(DefaultBodyLimit::disable())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ));
    // Signed transfer endpoints: bodies streamed to disk under their own
    // size check, and a longer timeout.
    let transfers = uploads::transfer_routes()
        .merge(files::transfer_routes())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            upload_timeout,
        ));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(api)
        .merge(transfers)
}

pub fn router(state: AppState) -> Router {
    let (router, mut spec) = routes(&state.config()).split_for_parts();
    openapi::complete(&mut spec);
    let spec = serde_json::to_value(&spec).expect("the OpenAPI document serializes");
    state.set_openapi(spec);
    router
        .merge(nodes::routes())
        .merge(leases::routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .fallback(render::not_found)
        .method_not_allowed_fallback(render::method_not_allowed)
        .layer(axum::middleware::from_fn(errors::timeout_in_dialect))
        .layer(axum::middleware::from_fn(
            keepalive::close_after_refused_body,
        ))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

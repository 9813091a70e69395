//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(super::openapi::openapi_json))
}

/// The process is up and serving HTTP.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", tag = "system",
    responses((status = 200, description = "Up", body = Object)))]
async fn healthz(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": crate::VERSION,
        "uptime_secs": state.uptime().as_secs(),
    }))
}

/// The store answers and the daemon accepts new work.
#[utoipa::path(get, path = "/readyz", operation_id = "readyz", tag = "system", responses(
    (status = 200, description = "Ready", body = Object),
    (status = 503, description = "Not ready (starting, shutting down, store unavailable)", body = Object)))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let store_ok = state.store().is_healthy();
    let accepting = state.is_accepting();
    let ready = store_ok && accepting;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if ready { "ready" } else { "not_ready" },
            "store": if store_ok { "open" } else { "unavailable" },
            "accepting": accepting,
        })),
    )
}

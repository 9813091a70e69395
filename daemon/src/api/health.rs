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

/// The store answers and the daemon accepts new work. A nearly full disk
/// keeps the daemon ready (reads, downloads and running jobs go on) but says
/// that new uploads and jobs are refused.
#[utoipa::path(get, path = "/readyz", operation_id = "readyz", tag = "system", responses(
    (status = 200, description = "Ready", body = Object),
    (status = 503, description = "Not ready (starting, shutting down, store failed or unavailable)", body = Object)))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let store = state.store();
    let store_word = if store.has_failed() {
        "failed"
    } else if store.is_healthy() {
        "open"
    } else {
        "unavailable"
    };
    let accepting = state.is_accepting();
    let ready = store_word == "open" && accepting;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let disk = state.disk().state();
    let intake = match crate::intake::admit(&state) {
        Ok(()) if accepting => "open".to_string(),
        Ok(()) => "paused".to_string(),
        Err(why) => format!("refusing: {}", why.to_string().to_lowercase()),
    };
    (
        status,
        Json(json!({
            "status": if ready { "ready" } else { "not_ready" },
            "store": store_word,
            "accepting": accepting,
            "intake": intake,
            "disk": {
                "free_bytes": disk.free_bytes,
                "reserve_bytes": disk.reserve_bytes,
                "low": disk.low,
            },
        })),
    )
}

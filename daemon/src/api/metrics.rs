//! `GET /metrics` and the request-recording middleware.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::metrics::Gauges;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// Record each routed request: count by route, method and status, and latency.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    state.engine().metrics().http_request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

fn gauges(state: &AppState) -> Gauges {
    let mut g = Gauges::default();
    let store = state.store();
    let counts = store.counts();
    g.jobs_by_state = counts
        .jobs_by_state
        .iter()
        .map(|(name, (_, n))| (*name, *n))
        .collect();
    g.queue_depth = state.engine().queue_depth() as u64;
    let disk = state.disk().state();
    g.disk_free_bytes = disk.free_bytes;
    g.disk_low = disk.low;
    g.store_failed = store.has_failed();
    g.workers = state.engine().workers().iter().map(|w| w.state).collect();
    g.ledger = counts.ledger;
    g.store_bytes = store.size_on_disk();
    g.rate_limited_keys = state.rate_limits().remembered() as u64;
    g
}

/// Prometheus metrics (text format 0.0.4).
#[utoipa::path(get, path = "/metrics", operation_id = "metrics", tag = "system",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String),
              (status = 401, description = "metrics.token is set and was not sent", body = String),
              (status = 404, description = "Metrics are disabled or served on their own listener", body = String)))]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !state.config().metrics.listen.is_empty() {
        return (
            StatusCode::NOT_FOUND,
            "metrics are served on their own listener",
        )
            .into_response();
    }
    exposition(State(state), headers).await
}

/// The exposition itself (also mounted alone on `metrics.listen`).
pub async fn exposition(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let cfg = &state.config().metrics;
    if !cfg.enabled {
        return (StatusCode::NOT_FOUND, "metrics are disabled").into_response();
    }
    if !cfg.token.is_empty() {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let ok: bool = subtle::ConstantTimeEq::ct_eq(sent.as_bytes(), cfg.token.as_bytes()).into();
        if !ok {
            return (
                StatusCode::UNAUTHORIZED,
                "metrics need the configured bearer token",
            )
                .into_response();
        }
    }
    let state2 = state.clone();
    let body = tokio::task::spawn_blocking(move || {
        let g = gauges(&state2);
        state2.engine().metrics().render(&g)
    })
    .await
    .unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// The router for a dedicated metrics listener.
pub fn dedicated(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(exposition))
        .with_state(state)
}

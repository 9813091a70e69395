//! Internal endpoints for worker nodes on other machines, under
//! `/internal/nodes/`. A node authenticates with its node token as a bearer
//! (`kiln node token create`); a missing, wrong or revoked token gets 401.
//! These routes are not part of either public API or its OpenAPI document.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use super::AppState;
use crate::clock::now_ms;
use crate::node::{Hello, Welcome};
use crate::store::nodes::{Node, NodeReport};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/internal/nodes/register", post(register))
        .route("/internal/nodes/heartbeat", post(heartbeat))
        .layer(DefaultBodyLimit::max(64 * 1024))
}

pub(super) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The active node of the request's token, or the response refusing it.
pub(super) async fn node_of(state: &AppState, headers: &HeaderMap) -> Result<Node, Response> {
    let Some(token) = bearer(headers).map(str::to_string) else {
        return Err(error(StatusCode::UNAUTHORIZED, "a node token is required"));
    };
    match state
        .store()
        .run(move |s| s.authenticate_node(&token))
        .await
    {
        Ok(Some(node)) => Ok(node),
        Ok(None) => Err(error(
            StatusCode::UNAUTHORIZED,
            "the node token is wrong or revoked",
        )),
        Err(e) => {
            tracing::error!(error = %e, "checking a node token failed");
            Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the store is unavailable",
            ))
        }
    }
}

fn valid(hello: &Hello) -> bool {
    !hello.address.is_empty()
        && hello.address.len() <= 255
        && !hello.version.is_empty()
        && hello.version.len() <= 64
        && (1..=4096).contains(&hello.cpus)
        && (1..=256).contains(&hello.max_jobs)
        && !hello.runs.is_empty()
        && hello
            .runs
            .iter()
            .all(|k| crate::node::JOB_KINDS.contains(&k.as_str()))
}

/// Authenticate first, then read the body: an unauthenticated caller learns
/// nothing about what the body should be.
async fn report(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Response {
    let node = match node_of(state, headers).await {
        Ok(n) => n,
        Err(refused) => return refused,
    };
    let Ok(hello) = serde_json::from_slice::<Hello>(body) else {
        return error(StatusCode::BAD_REQUEST, "the body is not a node report");
    };
    if !valid(&hello) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "address, version, cpus (1..=4096) and max_jobs (1..=256) are required; runs lists render and/or file",
        );
    }
    let id = node.id.clone();
    let seen = NodeReport {
        address: hello.address,
        version: hello.version,
        cpus: hello.cpus,
        max_jobs: hello.max_jobs,
        at: now_ms(),
        runs: hello.runs,
    };
    match state
        .store()
        .run(move |s| s.record_node_report(&id, seen))
        .await
    {
        Ok(node) => Json(Welcome {
            node_id: node.id,
            name: node.name,
            draining: node.draining,
            version: crate::VERSION.to_string(),
        })
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, node = %node.name, "recording a node report failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "the store is unavailable")
        }
    }
}

async fn register(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let response = report(&state, &headers, &body).await;
    if response.status().is_success() {
        tracing::info!("a node registered");
    }
    response
}

async fn heartbeat(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    report(&state, &headers, &body).await
}

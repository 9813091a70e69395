//! Internal endpoints through which worker nodes run jobs under leases:
//! `POST /internal/nodes/lease` (wait for a job), then on
//! `/internal/nodes/leases/{id}/`: `GET inputs/{index}`, `POST heartbeat`,
//! `PUT outputs/{name}` and `POST result`. Every call authenticates the node
//! token first; a lease the node no longer holds (expired, taken over,
//! canceled, finished) gets 409 and changes nothing.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tower::ServiceExt;

use super::nodes::{error, node_of};
use super::AppState;
use crate::engine::leases::LeaseError;
use crate::node::wire::{Beat, LeaseAsk};
use crate::store::nodes::Node;
use crate::worker::protocol::Reply;

/// A grant already taken for a node is waited for this long (the job's
/// inputs are being made ready) after the node's own wait ran out.
const GRANT_GRACE: Duration = Duration::from_secs(300);

pub fn routes() -> Router<AppState> {
    let small = Router::new()
        .route("/internal/nodes/lease", post(lease))
        .route("/internal/nodes/leases/{id}/heartbeat", post(heartbeat))
        .route("/internal/nodes/leases/{id}/inputs/{index}", get(input))
        .layer(DefaultBodyLimit::max(64 * 1024));
    let large = Router::new()
        .route("/internal/nodes/leases/{id}/result", post(result))
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
        .route("/internal/nodes/leases/{id}/outputs/{name}", put(output));
    small.merge(large)
}

fn refused(e: LeaseError) -> Response {
    match e {
        LeaseError::NotHeld(_) => error(StatusCode::CONFLICT, &e.to_string()),
        LeaseError::Invalid(_) => error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    }
}

/// Jobs the node runs at once, as it last reported (1 before it has).
fn max_jobs(node: &Node) -> u32 {
    node.seen.as_ref().map_or(1, |s| s.max_jobs)
}

/// The job kinds the node runs, as it last reported (all before it has).
fn runs(node: &Node) -> Vec<String> {
    node.seen
        .as_ref()
        .map_or_else(crate::node::all_kinds, |s| s.runs.clone())
}

/// The node, authenticated and counted as heard from.
async fn contact(state: &AppState, headers: &HeaderMap) -> Result<Node, Response> {
    let node = node_of(state, headers).await?;
    state
        .engine()
        .leases()
        .contact(&node.id, max_jobs(&node), node.draining, &runs(&node));
    Ok(node)
}

/// The node, authenticated and heard from, and its request's JSON body.
async fn contact_with<T: serde::de::DeserializeOwned>(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    what: &str,
) -> Result<(Node, T), Response> {
    let node = contact(state, headers).await?;
    let parsed =
        serde_json::from_slice::<T>(body).map_err(|_| error(StatusCode::BAD_REQUEST, what))?;
    Ok((node, parsed))
}

/// Wait up to the node's (capped) wait for a job: 200 with the grant, or
/// 204 when none came, the node is drained or already holds its maximum.
async fn lease(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (node, ask) =
        match contact_with::<LeaseAsk>(&state, &headers, &body, "the body is not a lease request")
            .await
        {
            Ok(both) => both,
            Err(refused) => return refused,
        };
    let engine = state.engine();
    if node.draining
        || engine.leases().running_on(&node.id) >= max_jobs(&node)
        || !engine.is_running()
    {
        return StatusCode::NO_CONTENT.into_response();
    }
    let cap = Duration::from_secs(state.config().nodes.poll_wait_secs);
    let wait = Duration::from_millis(ask.wait_ms).min(cap);
    let (ticket, mut granted) = engine.leases().offer(&node.id, &node.name, &runs(&node));
    engine.wake();
    let grant = match tokio::time::timeout(wait, &mut granted).await {
        Ok(grant) => grant.ok(),
        Err(_) if engine.leases().withdraw(ticket) => None,
        Err(_) => tokio::time::timeout(GRANT_GRACE, granted)
            .await
            .ok()
            .and_then(Result::ok),
    };
    match grant {
        Some(grant) => {
            tracing::info!(node = %node.name, job = %grant.job_id, lease = %grant.lease_id, "job leased to a node");
            Json(grant).into_response()
        }
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// The lease runs on; step and progress replies reach the job.
async fn heartbeat(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (node, beat) =
        match contact_with::<Beat>(&state, &headers, &body, "the body is not a lease heartbeat")
            .await
        {
            Ok(both) => both,
            Err(refused) => return refused,
        };
    match state.engine().lease_beat(&id, &node.id, beat.replies).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(e),
    }
}

/// The bytes of one of the job's inputs.
async fn input(
    State(state): State<AppState>,
    Path((id, index)): Path<(String, usize)>,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let node = match contact(&state, &headers).await {
        Ok(n) => n,
        Err(refused) => return refused,
    };
    let path = match state.engine().leases().input(&id, &node.id, index) {
        Ok(p) => p,
        Err(e) => return refused(e),
    };
    match tower_http::services::ServeFile::new(&path)
        .oneshot(request)
        .await
    {
        Ok(served) if served.status() == StatusCode::NOT_FOUND => {
            error(StatusCode::GONE, "the input is no longer available")
        }
        Ok(served) => served.into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("reading the input failed: {e}"),
        ),
    }
}

/// One output, streamed to where the job's outputs land; it lands only
/// whole, and only while the lease is held.
async fn output(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let node = match contact(&state, &headers).await {
        Ok(n) => n,
        Err(refused) => return refused,
    };
    let leases = state.engine().leases();
    let dest = match leases.output(&id, &node.id, &name) {
        Ok(p) => p,
        Err(e) => return refused(e),
    };
    let partial = dest.with_file_name(format!(
        ".{}.part",
        crate::ids::new_id(crate::ids::IdKind::File)
    ));
    if let Err(e) = receive(request.into_body(), &partial).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return error(
            StatusCode::BAD_REQUEST,
            &format!("receiving the output failed: {e}"),
        );
    }
    if !leases.holds(&id, &node.id) {
        let _ = tokio::fs::remove_file(&partial).await;
        return refused(LeaseError::NotHeld(id));
    }
    match tokio::fs::rename(&partial, &dest).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            let _ = tokio::fs::remove_file(&partial).await;
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("storing the output failed: {e}"),
            )
        }
    }
}

async fn receive(body: Body, path: &std::path::Path) -> std::io::Result<()> {
    let mut file = tokio::fs::File::create(path).await?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        file.write_all(&chunk.map_err(std::io::Error::other)?)
            .await?;
    }
    file.sync_all().await
}

/// The job's result, handed to its runner once.
async fn result(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (node, reply) = match contact_with::<Reply>(
        &state,
        &headers,
        &body,
        "the body is not a job result",
    )
    .await
    {
        Ok(both) => both,
        Err(refused) => return refused,
    };
    match state.engine().leases().finish(&id, &node.id, reply) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::warn!(node = %node.name, lease = %id, error = %e, "a node's result was refused");
            refused(e)
        }
    }
}

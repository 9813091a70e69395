//! Live job events as Server-Sent Events, in each API's own job object:
//! one job (`GET /jobs/{id}/events`, `GET /api/v1/jobs/{id}/events`) or all
//! of the account's jobs of that API (`GET /events`, `GET /api/v1/events`).
//! See `views::live` for what a stream sends; `Last-Event-ID` resumes.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{FilesError, Render, RenderError};
use super::files::Limited;
use super::files_jobs::owned_file_job;
use super::openapi::{CodedError, DetailError};
use super::render_jobs::owned_job;
use super::AppState;
use crate::views::live::{self, Follow, Item, JobView};

type EventStream = std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>>;
type Events = Sse<axum::response::sse::KeepAliveStream<EventStream>>;

pub fn render_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(render_job_events))
        .routes(routes!(render_account_events))
}

pub fn files_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(files_job_events))
        .routes(routes!(files_account_events))
}

fn render_view() -> JobView {
    Arc::new(|state, job| {
        serde_json::to_value(crate::views::render::render_job(state, job)).unwrap_or_default()
    })
}

fn files_view() -> JobView {
    Arc::new(|state, job| {
        serde_json::to_value(crate::views::files::job_object(state, job)).unwrap_or_default()
    })
}

fn sse(state: AppState, follow: Follow, view: JobView, headers: &HeaderMap) -> Events {
    let last = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let items = live::stream(state, follow, view, last).map(|item: Item| {
        let event = Event::default().id(item.id).event(item.event);
        Ok(event
            .json_data(item.data)
            .unwrap_or_else(|_| Event::default()))
    });
    let items: EventStream = Box::pin(items);
    Sse::new(items).keep_alive(KeepAlive::default())
}

/// Follow one render: a `job` event (the render job) first and whenever it
/// changes, an `engine` event for each engine event about it; the stream
/// ends once the job has settled. `Last-Event-ID` resumes.
#[utoipa::path(get, path = "/jobs/{id}/events", operation_id = "render_job_events", tag = "renders",
    security(("api_key" = [])),
    params(("id" = String, Path), ("Last-Event-ID" = Option<String>, Header, description = "Resume after this event")),
    responses(
    (status = 200, description = "Server-Sent Events: `job` (a RenderJob) and `engine` events", content_type = "text/event-stream", body = String),
    (status = 401, body = DetailError),
    (status = 403, description = "Another account's job", body = DetailError),
    (status = 404, body = DetailError)))]
async fn render_job_events(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Events, RenderError> {
    let job = owned_job(&state, &caller.account.id, &id)?;
    Ok(sse(state, Follow::Job(job.id), render_view(), &headers))
}

/// Follow every render of the account: a snapshot of the unsettled ones
/// first, then each change. `Last-Event-ID` resumes.
#[utoipa::path(get, path = "/events", operation_id = "render_account_events", tag = "renders",
    security(("api_key" = [])),
    params(("Last-Event-ID" = Option<String>, Header, description = "Resume after this event")),
    responses(
    (status = 200, description = "Server-Sent Events: `job` (a RenderJob) and `engine` events", content_type = "text/event-stream", body = String),
    (status = 401, body = DetailError)))]
async fn render_account_events(
    State(state): State<AppState>,
    caller: Authed<Render>,
    headers: HeaderMap,
) -> Events {
    let follow = Follow::Account {
        account_id: caller.account.id.clone(),
        kind: "render",
    };
    sse(state, follow, render_view(), &headers)
}

/// Follow one job: a `job` event (the job object) first and whenever it
/// changes, an `engine` event for each engine event about it; the stream
/// ends once the job has settled. `Last-Event-ID` resumes.
#[utoipa::path(get, path = "/jobs/{id}/events", operation_id = "files_job_events", tag = "files",
    security(("api_key" = [])),
    params(("id" = String, Path), ("Last-Event-ID" = Option<String>, Header, description = "Resume after this event")),
    responses(
    (status = 200, description = "Server-Sent Events: `job` (a JobObject) and `engine` events", content_type = "text/event-stream", body = String),
    (status = 401, body = CodedError),
    (status = 404, description = "Not found, or not yours", body = CodedError),
    (status = 429, body = CodedError)))]
async fn files_job_events(
    State(state): State<AppState>,
    Limited(caller): Limited,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Events, FilesError> {
    let job = owned_file_job(&state, &caller.account.id, &id)?;
    Ok(sse(state, Follow::Job(job.id), files_view(), &headers))
}

/// Follow every job of the account: a snapshot of the unsettled ones first,
/// then each change. `Last-Event-ID` resumes.
#[utoipa::path(get, path = "/events", operation_id = "files_account_events", tag = "files",
    security(("api_key" = [])),
    params(("Last-Event-ID" = Option<String>, Header, description = "Resume after this event")),
    responses(
    (status = 200, description = "Server-Sent Events: `job` (a JobObject) and `engine` events", content_type = "text/event-stream", body = String),
    (status = 401, body = CodedError),
    (status = 429, body = CodedError)))]
async fn files_account_events(
    State(state): State<AppState>,
    Limited(caller): Limited,
    headers: HeaderMap,
) -> Events {
    let follow = Follow::Account {
        account_id: caller.account.id.clone(),
        kind: "file",
    };
    sse(state, follow, files_view(), &headers)
}

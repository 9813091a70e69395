//! The HTTP face: one axum router serving both APIs. Handlers are thin:
//! authenticate, call the store or engine, answer in their API's dialect.

pub mod auth;
pub mod errors;
pub mod files;
pub mod health;
pub mod render;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::store::Store;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Store,
    config: Config,
    started: Instant,
    started_at_ms: u64,
    http_addr: SocketAddr,
    accepting: AtomicBool,
}

impl AppState {
    pub fn new(store: Store, config: Config, http_addr: SocketAddr) -> AppState {
        AppState(Arc::new(Inner {
            store,
            config,
            started: Instant::now(),
            started_at_ms: crate::clock::now_ms(),
            http_addr,
            accepting: AtomicBool::new(true),
        }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn uptime(&self) -> Duration {
        self.0.started.elapsed()
    }

    pub fn started_at_ms(&self) -> u64 {
        self.0.started_at_ms
    }

    pub fn http_addr(&self) -> SocketAddr {
        self.0.http_addr
    }

    /// Base URL for links handed to clients.
    pub fn public_url(&self) -> String {
        let configured = self.0.config.http.public_url.trim_end_matches('/');
        if configured.is_empty() {
            format!("http://{}", self.0.http_addr)
        } else {
            configured.to_string()
        }
    }

    /// False once shutdown has begun: readiness fails and new work is refused.
    pub fn is_accepting(&self) -> bool {
        self.0.accepting.load(Ordering::SeqCst)
    }

    pub fn stop_accepting(&self) {
        self.0.accepting.store(false, Ordering::SeqCst);
    }
}

pub fn router(state: AppState) -> Router {
    let http = &state.config().http;
    let timeout = Duration::from_secs(http.request_timeout_secs);
    let max_body = http.max_body_bytes;
    Router::new()
        .merge(health::routes())
        .merge(render::routes())
        .nest("/api/v1", files::routes())
        .fallback(render::not_found)
        .method_not_allowed_fallback(render::method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

//! The HTTP face: one axum router serving both APIs. Handlers are thin:
//! authenticate, call the store or engine, answer in their API's dialect.

pub mod auth;
pub mod capabilities;
pub mod errors;
pub mod extract;
pub mod files;
pub mod files_jobs;
pub mod health;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod pricing;
pub mod projects;
pub mod render;
pub mod render_jobs;
pub mod uploads;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
use crate::engine::Engine;
use crate::signing::UrlSigner;
use crate::store::Store;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    engine: Engine,
    signer: UrlSigner,
    config: std::sync::RwLock<Arc<Config>>,
    started: Instant,
    started_at_ms: u64,
    http_addr: SocketAddr,
    accepting: AtomicBool,
    openapi: std::sync::OnceLock<serde_json::Value>,
    limits: std::sync::RwLock<Arc<limits::RateLimits>>,
}

impl AppState {
    pub fn new(
        engine: Engine,
        signer: UrlSigner,
        config: Config,
        http_addr: SocketAddr,
    ) -> AppState {
        AppState(Arc::new(Inner {
            engine,
            signer,
            started: Instant::now(),
            started_at_ms: crate::clock::now_ms(),
            http_addr,
            accepting: AtomicBool::new(true),
            openapi: std::sync::OnceLock::new(),
            limits: std::sync::RwLock::new(Arc::new(limits::RateLimits::new(&config))),
            config: std::sync::RwLock::new(Arc::new(config)),
        }))
    }

    pub fn store(&self) -> &Store {
        self.0.engine.store()
    }

    /// The OpenAPI document, built with the router.
    pub fn openapi(&self) -> &serde_json::Value {
        static EMPTY: serde_json::Value = serde_json::Value::Null;
        self.0.openapi.get().unwrap_or(&EMPTY)
    }

    pub fn rate_limits(&self) -> Arc<limits::RateLimits> {
        self.0.limits.read().expect("limits lock").clone()
    }

    /// Swap in a reloaded configuration (SIGHUP). Rate limits are rebuilt;
    /// everything read through `config()` sees the new values at once.
    pub fn reload(&self, config: Config) {
        *self.0.limits.write().expect("limits lock") = Arc::new(limits::RateLimits::new(&config));
        *self.0.config.write().expect("config lock") = Arc::new(config);
    }

    /// The plan an account is on (the default plan if it names an unknown one).
    pub fn plan_of(&self, plan: &str) -> crate::config::PlanConfig {
        let cfg = self.config();
        cfg.plans
            .get(plan)
            .or_else(|| cfg.plans.get(&cfg.accounts.default_plan))
            .cloned()
            .expect("the default plan is validated to exist")
    }

    pub fn engine(&self) -> &Engine {
        &self.0.engine
    }

    pub fn signer(&self) -> &UrlSigner {
        &self.0.signer
    }

    /// A signed absolute URL for `method path`, valid for `ttl_secs`.
    pub fn signed_url(&self, method: &str, path: &str, ttl_secs: u64) -> (String, u64) {
        let expires = crate::clock::now_ms() / 1000 + ttl_secs;
        let query = self.0.signer.query(method, path, expires);
        (format!("{}{path}?{query}", self.public_url()), expires)
    }

    /// The configuration in force (a snapshot: a reload swaps it whole).
    pub fn config(&self) -> Arc<Config> {
        self.0.config.read().expect("config lock").clone()
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
        let config = self.config();
        let configured = config.http.public_url.trim_end_matches('/');
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

    pub fn resume_accepting(&self) {
        self.0.accepting.store(true, Ordering::SeqCst);
    }
}

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
    let (router, spec) = routes(&state.config()).split_for_parts();
    let spec = serde_json::to_value(&spec).expect("the OpenAPI document serializes");
    let _ = state.0.openapi.set(spec);
    router
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .fallback(render::not_found)
        .method_not_allowed_fallback(render::method_not_allowed)
        .layer(axum::middleware::from_fn(errors::timeout_in_dialect))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

//! What the HTTP faces, the control server and the webhook sender share:
//! the engine, the configuration in force (swapped whole on reload), the URL
//! signer, the rate limits, disk headroom and whether new work is accepted.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::disk::Disk;
use crate::engine::Engine;
use crate::limits::RateLimits;
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
    limits: std::sync::RwLock<Arc<RateLimits>>,
    disk: Disk,
}

impl AppState {
    pub fn new(
        engine: Engine,
        signer: UrlSigner,
        config: Config,
        http_addr: SocketAddr,
    ) -> AppState {
        let disk = Disk::new(
            vec![config.data_dir.clone(), config.blobs_dir()],
            config.disk.reserve_mb,
        );
        if let Err(e) = disk.check() {
            tracing::warn!(error = %e, "measuring free space failed");
        }
        AppState(Arc::new(Inner {
            disk,
            engine,
            signer,
            started: Instant::now(),
            started_at_ms: crate::clock::now_ms(),
            http_addr,
            accepting: AtomicBool::new(true),
            openapi: std::sync::OnceLock::new(),
            limits: std::sync::RwLock::new(Arc::new(RateLimits::new(&config))),
            config: std::sync::RwLock::new(Arc::new(config)),
        }))
    }

    pub fn store(&self) -> &Store {
        self.0.engine.store()
    }

    /// Free space and the reserve, as last measured.
    pub fn disk(&self) -> &Disk {
        &self.0.disk
    }

    /// The OpenAPI document, built with the router.
    pub fn openapi(&self) -> &serde_json::Value {
        static EMPTY: serde_json::Value = serde_json::Value::Null;
        self.0.openapi.get().unwrap_or(&EMPTY)
    }

    /// Record the OpenAPI document (once, when the router is built).
    pub fn set_openapi(&self, spec: serde_json::Value) {
        let _ = self.0.openapi.set(spec);
    }

    pub fn rate_limits(&self) -> Arc<RateLimits> {
        self.0.limits.read().expect("limits lock").clone()
    }

    /// Swap in a reloaded configuration (SIGHUP). Rate limits are rebuilt;
    /// everything read through `config()` sees the new values at once.
    pub fn reload(&self, config: Config) {
        *self.0.limits.write().expect("limits lock") = Arc::new(RateLimits::new(&config));
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

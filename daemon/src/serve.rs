//! `kilnd serve`: open the store, bind HTTP and the control socket, run until
//! SIGTERM or SIGINT, then stop intake, let in-flight requests finish and exit.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::api::{self, AppState};
use crate::bootstrap::{self, BootstrapError};
use crate::config::{Config, ConfigError, StorageBackend};
use crate::control::{self, ControlServer, ControlServerError};
use crate::engine::{Engine, EngineConfig};
use crate::http_server::{self, ConnLimits};
use crate::signing::UrlSigner;
use crate::store::blobs::{credentials, S3Blobs};
use crate::store::{Store, StoreError};
use kiln_shared::model::EventTopic;

/// File in the data dir holding the bound HTTP address (useful with port 0).
pub const HTTP_ADDR_FILE: &str = "http.addr";

/// How `run` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Stopped by SIGTERM or SIGINT.
    Stopped,
    /// The store failed and the disk has room again: run a fresh process.
    Restart,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Disk(#[from] crate::disk::DiskError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error(transparent)]
    Control(#[from] ControlServerError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error("blob storage: {0}")]
    Storage(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}

fn conn_limits(config: &Config) -> ConnLimits {
    ConnLimits {
        header_timeout: Duration::from_secs(config.http.header_timeout_secs),
        max_connections: config.http.max_connections,
        max_per_ip: config.http.max_connections_per_ip,
    }
}

/// Reads the configuration again (same file, environment and flags).
pub type Reloader = Box<dyn Fn() -> Result<Config, ConfigError> + Send + Sync>;

pub async fn run(config: Config, reload: Reloader) -> Result<Exit, ServeError> {
    // Handle SIGTERM/SIGINT from the very start: one that arrives before the
    // daemon is ready still means a clean stop, never the default kill.
    let signals = Signals::install().map_err(|source| ServeError::Io {
        what: "installing signal handlers".into(),
        source,
    })?;
    let mode = config.socket_mode()?;
    crate::disk::prepare_data_dir(&config.data_dir)?;
    let bucket = connect_bucket(&config).await?;
    let store = open_store(&config, bucket)?;
    let (listener, http_addr, addr_file) = bind_http(&config).await?;
    let socket_path: PathBuf = config.control.socket.clone();
    let control_listener = control::bind(&socket_path, mode).await?;
    let grace = Duration::from_secs(config.http.shutdown_grace_secs);
    let drain = Duration::from_secs(config.workers.drain_secs);
    let worker_exe = std::env::current_exe().map_err(|source| ServeError::Io {
        what: "finding the kilnd executable for workers".into(),
        source,
    })?;
    let engine = Engine::new(
        store.clone(),
        EngineConfig::from_config(&config, worker_exe),
    );
    engine.start().await?;
    let signer = UrlSigner::new(store.url_signing_key()?);
    let state = AppState::new(engine.clone(), signer, config, http_addr);

    let (stop_tx, stop_rx) = watch::channel(false);
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };

    tokio::spawn(crate::webhooks::run(state.clone()));
    serve_metrics(&state, stopped()).await?;
    let control_task = tokio::spawn(control::serve(
        control_listener,
        ControlServer::new(state.clone()),
        stopped(),
    ));
    let limits = conn_limits(&state.config());
    let refusals = engine.clone();
    let http_task = tokio::spawn(http_server::serve(
        listener,
        api::router(state.clone()),
        limits,
        move |cap| refusals.metrics().connection_refused(cap),
        stopped(),
    ));
    tracing::info!(
        http = %http_addr,
        control = %socket_path.display(),
        version = crate::VERSION,
        "kilnd ready"
    );
    let notifier = notify_ready(&store, http_addr);
    tokio::spawn(reload_on_sighup(state.clone(), reload));
    tokio::spawn(forget_idle_keys(state.clone()));
    let restart = std::sync::Arc::new(tokio::sync::Notify::new());
    tokio::spawn(crate::headroom::watch(
        state.clone(),
        notifier.clone(),
        restart.clone(),
    ));

    let exit = signals.wait(&restart).await;
    tracing::info!("shutting down: intake stopped; draining running jobs");
    notifier.send("STOPPING=1\nSTATUS=draining");
    state.stop_accepting();
    engine.shutdown(drain).await;
    let _ = stop_tx.send(true);
    match tokio::time::timeout(grace, http_task).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "HTTP server task failed"),
        Err(_) => tracing::warn!(
            grace_secs = grace.as_secs(),
            "in-flight requests did not finish in time"
        ),
    }
    let _ = control_task.await;
    let _ = std::fs::remove_file(&socket_path);
    let _ = std::fs::remove_file(&addr_file);
    final_flush(&store, &state.config().data_dir).await;
    tracing::info!("kilnd stopped");
    Ok(exit)
}

/// The last flush before exit. Every acknowledged write is already on disk;
/// a full disk only loses what was never acknowledged, so it is said, not
/// turned into a failed exit (after trying again with the ballast freed).
async fn final_flush(store: &Store, data_dir: &std::path::Path) {
    let Err(e) = store.flush().await else {
        return;
    };
    if crate::disk::is_no_space(&e) && crate::disk::release_ballast(data_dir) {
        tracing::warn!("no space to flush the store: released the ballast");
        if store.flush().await.is_ok() {
            return;
        }
    }
    tracing::error!(error = %e, "the final store flush failed; acknowledged writes were already on disk");
}

/// Open the store, drop partial writes a previous run left, and create the
/// admin account on the first start.
fn open_store(config: &Config, bucket: Option<S3Blobs>) -> Result<Store, ServeError> {
    let mut store = match Store::open_with(&config.data_dir, config.store_options()) {
        Err(e)
            if crate::disk::is_no_space(&e) && crate::disk::release_ballast(&config.data_dir) =>
        {
            tracing::warn!("no space to open the store: released the ballast; intake stays shut until there is room");
            Store::open_with(&config.data_dir, config.store_options())?
        }
        other => other?,
    };
    if let Some(bucket) = bucket {
        store.use_remote_blobs(bucket, config.storage.cache_mb * 1024 * 1024);
    }
    store.blobs().check_backend().map_err(ServeError::Storage)?;
    let swept = store.blobs().sweep_temp().unwrap_or(0);
    if swept > 0 {
        tracing::info!(
            files = swept,
            "removed partial blob writes from a previous run"
        );
    }
    if let Some(first) = bootstrap::ensure_admin(&store, config)? {
        banner(&first.secret, &first.key_file);
        tracing::info!(account = %first.account_id, key_file = %first.key_file.display(),
            "first start: created the admin account and its API key");
    }
    Ok(store)
}

/// With `storage.backend = "s3"`, the bucket, checked usable (reachable,
/// existing, the credentials accepted) so that kilnd refuses to start
/// rather than fail every upload.
async fn connect_bucket(config: &Config) -> Result<Option<S3Blobs>, ServeError> {
    let cfg = &config.storage;
    if cfg.backend != StorageBackend::S3 {
        return Ok(None);
    }
    let creds = credentials::resolve(cfg.credentials_file(), |name| std::env::var(name).ok())
        .map_err(|e| ServeError::Storage(e.to_string()))?;
    let s3 = S3Blobs::new(cfg, creds)
        .map_err(|e| ServeError::Storage(format!("storage settings: {e}")))?;
    s3.check().await.map_err(|e| {
        ServeError::Storage(format!(
            "the bucket {} cannot be used (unreachable, missing, or the credentials were refused): {e}",
            s3.place()
        ))
    })?;
    tracing::info!(bucket = s3.place(), "blobs are kept in S3");
    Ok(Some(s3))
}

/// Bind the HTTP listener and record its address in the data dir.
async fn bind_http(config: &Config) -> Result<(TcpListener, SocketAddr, PathBuf), ServeError> {
    http_server::raise_nofile_limit();
    let listener = TcpListener::bind(config.listen_addr())
        .await
        .map_err(|source| ServeError::Listen {
            addr: config.http.listen.clone(),
            source,
        })?;
    let http_addr = listener.local_addr().map_err(|source| ServeError::Io {
        what: "reading the bound address".into(),
        source,
    })?;
    let addr_file = config.data_dir.join(HTTP_ADDR_FILE);
    let write = || std::fs::write(&addr_file, format!("{http_addr}\n"));
    write()
        .or_else(|e| {
            if crate::disk::is_no_space(&e) && crate::disk::release_ballast(&config.data_dir) {
                write()
            } else {
                Err(e)
            }
        })
        .map_err(|source| ServeError::Io {
            what: format!("writing {}", addr_file.display()),
            source,
        })?;
    Ok((listener, http_addr, addr_file))
}

/// The dedicated metrics listener, when configured.
async fn serve_metrics(
    state: &AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let metrics_listen = state.config().metrics.listen.clone();
    if !state.config().metrics.enabled || metrics_listen.is_empty() {
        return Ok(());
    }
    let listener =
        TcpListener::bind(&metrics_listen)
            .await
            .map_err(|source| ServeError::Listen {
                addr: metrics_listen.clone(),
                source,
            })?;
    let router = crate::api::metrics::dedicated(state.clone());
    let limits = conn_limits(&state.config());
    tokio::spawn(http_server::serve(listener, router, limits, |_| {}, stop));
    tracing::info!(listen = %metrics_listen, "metrics listener ready");
    Ok(())
}

/// Tell systemd the daemon is ready, and keep its watchdog fed while the
/// store answers.
fn notify_ready(store: &Store, http_addr: SocketAddr) -> std::sync::Arc<crate::notify::Notifier> {
    let notifier = std::sync::Arc::new(crate::notify::Notifier::from_env());
    notifier.send(&format!(
        "READY=1\nSTATUS=serving on {http_addr}\nMAINPID={}",
        std::process::id()
    ));
    if let Some(every) = crate::notify::Notifier::watchdog_every() {
        let notifier = notifier.clone();
        let store = store.clone();
        tokio::spawn(async move {
            loop {
                // Only a daemon whose store answers is alive.
                if store.is_healthy() {
                    notifier.send("WATCHDOG=1");
                }
                tokio::time::sleep(every).await;
            }
        });
    }
    notifier
}

/// SIGHUP: read the configuration again and apply what can change live:
/// plans (quotas, rate limits), prices, file-job settings, webhooks,
/// metrics, retention of new files, the log level and the worker count.
async fn reload_on_sighup(state: AppState, reload: Reloader) {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut hup) = signal(SignalKind::hangup()) else {
        return;
    };
    while hup.recv().await.is_some() {
        let old = state.config();
        match reload() {
            Ok(new) => {
                let mut restart_needed = Vec::new();
                if new.http.listen != old.http.listen {
                    restart_needed.push("http.listen");
                }
                if new.data_dir != old.data_dir {
                    restart_needed.push("data_dir");
                }
                if new.control.socket != old.control.socket {
                    restart_needed.push("control.socket");
                }
                if new.storage != old.storage {
                    restart_needed.push("storage");
                }
                crate::logging::set_level(&new.log.level);
                let slots = new.worker_slots();
                if slots != state.engine().pool().size() {
                    state.engine().set_slots(slots).await;
                }
                state.reload(new);
                tracing::info!("configuration reloaded (SIGHUP)");
                if !restart_needed.is_empty() {
                    tracing::warn!(settings = ?restart_needed, "these settings change only on restart");
                }
                state.engine().events().info(
                    crate::engine::events::EventDraft {
                        topic: EventTopic::System,
                        ..Default::default()
                    },
                    "configuration reloaded",
                );
            }
            Err(e) => {
                tracing::error!(error = %e, "configuration reload failed; keeping the old one")
            }
        }
    }
}

struct Signals {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> std::io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    async fn wait(mut self, restart: &tokio::sync::Notify) -> Exit {
        tokio::select! {
            _ = self.term.recv() => tracing::info!("SIGTERM received"),
            _ = self.int.recv() => tracing::info!("SIGINT received"),
            _ = restart.notified() => return Exit::Restart,
        }
        Exit::Stopped
    }
}

fn banner(secret: &str, key_file: &std::path::Path) {
    eprintln!();
    eprintln!("  kiln first start: created account \"admin\".");
    eprintln!(
        "  API key (shown once, also saved to {}):",
        key_file.display()
    );
    eprintln!();
    eprintln!("      {secret}");
    eprintln!();
}

/// Once a minute: rate-limit keys idle long enough to be whole again are
/// dropped from memory, and the heap's free pages go back to the system.
async fn forget_idle_keys(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        state.rate_limits().forget_idle();
        crate::heap::trim();
    }
}

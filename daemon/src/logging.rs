//! Tracing set-up: to journald when systemd connected our output to the
//! journal, human-readable on a terminal, JSON on request. The level
//! filter can be changed while running (SIGHUP).

use std::sync::OnceLock;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{reload, EnvFilter, Layer, Registry};

type FilterHandle = reload::Handle<EnvFilter, Registry>;

static FILTER: OnceLock<FilterHandle> = OnceLock::new();

fn filter(level: &str) -> EnvFilter {
    EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"))
}

/// True when systemd attached stderr to the journal (`JOURNAL_STREAM`).
fn under_journal() -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(stream) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Some((dev, ino)) = stream
        .to_string_lossy()
        .split_once(':')
        .map(|(d, i)| (d.to_string(), i.to_string()))
    else {
        return false;
    };
    std::fs::metadata("/proc/self/fd/2")
        .map(|m| m.dev().to_string() == dev && m.ino().to_string() == ino)
        .unwrap_or(false)
}

pub fn init(level: &str, format: &str) {
    let (filter, handle) = reload::Layer::new(filter(level));
    let output: Box<dyn Layer<_> + Send + Sync> = if format == "json" {
        tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(std::io::stderr)
            .boxed()
    } else if under_journal() {
        match tracing_journald::layer() {
            Ok(journald) => journald.with_syslog_identifier("kilnd".into()).boxed(),
            Err(_) => tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .boxed(),
        }
    } else {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .boxed()
    };
    // A second init (tests) keeps the first subscriber.
    if tracing_subscriber::registry()
        .with(filter)
        .with(output)
        .try_init()
        .is_ok()
    {
        let _ = FILTER.set(handle);
    }
}

/// Change the level filter of a running daemon.
pub fn set_level(level: &str) {
    if let Some(handle) = FILTER.get() {
        let _ = handle.reload(filter(level));
    }
}

//! Connecting to kilnd's control socket.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiln_shared::ControlClient;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot reach kilnd's control socket at {path}: {source}\n  is kilnd running? looked for {path} (set --socket or {env})")]
    Unreachable {
        path: String,
        env: &'static str,
        source: std::io::Error,
    },
}

/// The socket to use: the flag, else `KILN_SOCKET` (clap fills both), else
/// the default data dir's socket.
pub fn socket_path(flag: Option<PathBuf>) -> PathBuf {
    flag.unwrap_or_else(|| Path::new("data").join(kiln_shared::SOCKET_FILE))
}

pub async fn connect(path: &Path) -> Result<ControlClient, ConnectError> {
    let unreachable = |source| ConnectError::Unreachable {
        path: path.display().to_string(),
        env: kiln_shared::SOCKET_ENV,
        source,
    };
    kiln_shared::transport::connect(path)
        .await
        .map_err(unreachable)
}

/// A call context with a deadline suited to operator commands.
pub fn context() -> tarpc::context::Context {
    let mut ctx = tarpc::context::current();
    ctx.deadline = Instant::now() + Duration::from_secs(30);
    ctx
}

/// A call context with the given deadline (the console's calls).
pub fn context_for(timeout: Duration) -> tarpc::context::Context {
    let mut ctx = tarpc::context::current();
    ctx.deadline = Instant::now() + timeout;
    ctx
}

//! One-off workers: an untrusted upload is probed (renders) or identified
//! (file jobs) in a fresh worker under the jobs' limits plus the probe time
//! limit, which is stopped right after.

use std::path::Path;
use std::time::Duration;

use super::process::ProcessError;
use super::Engine;
use crate::media::ops::{FileFacts, OpLimits};
use crate::media::probe::MediaInfo;
use crate::worker::protocol::{Reply, Request};

#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The file is not something we can use; the message says why.
    #[error("{0}")]
    Rejected(String),
    #[error("inspecting the file took longer than {0:?}")]
    Timeout(Duration),
    #[error(transparent)]
    Worker(#[from] ProcessError),
}

impl Engine {
    /// Inspect an untrusted video in a one-off worker process.
    pub async fn probe(&self, path: &Path) -> Result<MediaInfo, ProbeError> {
        let cfg = &self.0.cfg;
        let request = Request::Probe {
            path: path.to_path_buf(),
            max_width: cfg.max_dimension,
            max_height: cfg.max_dimension,
            max_duration_secs: cfg.max_duration_secs,
        };
        match self.one_off(request).await? {
            Reply::Probed { info } => Ok(info),
            other => Err(ProcessError::Protocol(format!("unexpected {other:?}")).into()),
        }
    }

    /// Find out what an untrusted file is (for planning), in a one-off worker.
    pub async fn identify(&self, path: &Path, limits: &OpLimits) -> Result<FileFacts, ProbeError> {
        let request = Request::Identify {
            path: path.to_path_buf(),
            limits: limits.clone(),
        };
        match self.one_off(request).await? {
            Reply::Identified { facts } => Ok(facts),
            other => Err(ProcessError::Protocol(format!("unexpected {other:?}")).into()),
        }
    }

    /// Run one request in a fresh worker (same limits as jobs, plus the
    /// probe time limit), then stop it.
    async fn one_off(&self, request: Request) -> Result<Reply, ProbeError> {
        let cfg = &self.0.cfg;
        let mut worker = self.0.launcher.launch(&cfg.limits).await?;
        let result = tokio::time::timeout(cfg.probe_timeout, async {
            worker.send(&request).await?;
            worker.next().await
        })
        .await;
        worker.kill().await;
        match result {
            Err(_) => Err(ProbeError::Timeout(cfg.probe_timeout)),
            Ok(Err(e)) => Err(e.into()),
            Ok(Ok(Reply::Failed { message })) => Err(ProbeError::Rejected(message)),
            Ok(Ok(reply)) => Ok(reply),
        }
    }
}

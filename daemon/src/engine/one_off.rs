//! One-off workers: an untrusted upload is probed (renders) or identified
//! (file jobs) in a fresh worker under the jobs' limits plus the probe time
//! limit, which is stopped right after: each inspects one file only. One
//! such worker is kept started ahead of need.

use std::path::Path;
use std::time::Duration;

use super::process::ProcessError;
use super::worker::Worker;
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
    /// probe time limit), then stop it. The worker was started ahead of the
    /// request where one was waiting, and the next one starts meanwhile, so
    /// an upload does not wait for a process to start.
    async fn one_off(&self, request: Request) -> Result<Reply, ProbeError> {
        let spare = self.0.spare.lock().await.take();
        self.refill_spare();
        if let Some(mut worker) = spare {
            if worker.send(&request).await.is_ok() {
                return self.answer(worker).await;
            }
            // The waiting worker had died: a fresh one answers.
            tokio::spawn(async move { worker.kill().await });
        }
        let mut worker = self.0.launcher.launch(&self.0.cfg.limits).await?;
        worker.send(&request).await?;
        self.answer(worker).await
    }

    /// The worker's answer within the probe time limit; the worker is then
    /// stopped in the background (nobody waits for that).
    async fn answer(&self, mut worker: Box<dyn Worker>) -> Result<Reply, ProbeError> {
        let cfg = &self.0.cfg;
        let result = tokio::time::timeout(cfg.probe_timeout, worker.next()).await;
        tokio::spawn(async move { worker.kill().await });
        match result {
            Err(_) => Err(ProbeError::Timeout(cfg.probe_timeout)),
            Ok(Err(e)) => Err(e.into()),
            Ok(Ok(Reply::Failed { message })) => Err(ProbeError::Rejected(message)),
            Ok(Ok(reply)) => Ok(reply),
        }
    }
}

impl Engine {
    /// Starts the next one-off worker in the background, unless one waits
    /// or is starting (uploads never wait on each other for it).
    fn refill_spare(&self) {
        use std::sync::atomic::Ordering;
        if self.is_stopping() || self.0.spare_starting.swap(true, Ordering::SeqCst) {
            return;
        }
        let engine = self.clone();
        tokio::spawn(async move {
            let launched = if engine.0.spare.lock().await.is_some() {
                None
            } else {
                match engine.0.launcher.launch(&engine.0.cfg.limits).await {
                    Ok(w) => Some(w),
                    Err(e) => {
                        tracing::debug!(error = %e, "no spare worker for uploads");
                        None
                    }
                }
            };
            if let Some(mut w) = launched {
                let mut spare = engine.0.spare.lock().await;
                if spare.is_none() && !engine.is_stopping() {
                    *spare = Some(w);
                } else {
                    drop(spare);
                    w.kill().await;
                }
            }
            engine.0.spare_starting.store(false, Ordering::SeqCst);
        });
    }

    /// Stops the waiting one-off worker (at shutdown).
    pub(super) async fn stop_spare(&self) {
        if let Some(mut w) = self.0.spare.lock().await.take() {
            w.kill().await;
        }
    }
}

//! Inspection workers: an untrusted upload is probed (renders) or
//! identified (file jobs) in a worker process under the jobs' limits plus
//! the probe time limit, never in the daemon. A worker that inspected a file
//! cleanly is kept for the next upload (up to [`INSPECTIONS_PER_WORKER`]
//! files), as job workers are kept between jobs, so a small upload does not
//! wait for a process to start; one that failed, timed out or refused a
//! file is stopped. A file whose first bytes name a still picture is
//! identified by the still-picture worker, so a box that only sees pictures
//! never starts FFmpeg.

use std::path::Path;
use std::time::Duration;

use super::process::{ProcessError, WorkerKind};
use super::worker::Worker;
use super::Engine;
use crate::media::ops::{stills, FileFacts, OpLimits};
use crate::media::probe::MediaInfo;
use crate::worker::protocol::{Reply, Request};

/// Files one inspection worker looks at before it is replaced.
const INSPECTIONS_PER_WORKER: u32 = 64;
/// Inspection workers of each kind kept waiting.
const KEPT: usize = 2;

/// A worker kept for inspections, and how many it has made.
pub(super) struct Inspector {
    worker: Box<dyn Worker>,
    used: u32,
}

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
        match self.one_off(request, WorkerKind::Full).await? {
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
        let kind = if self.0.cfg.limits.stills_exe.is_some() && stills::looks_still(path) {
            WorkerKind::Stills
        } else {
            WorkerKind::Full
        };
        match self.one_off(request, kind).await? {
            Reply::Identified { facts } => Ok(facts),
            other => Err(ProcessError::Protocol(format!("unexpected {other:?}")).into()),
        }
    }

    /// Run one request in an inspection worker of `kind`: a kept one where
    /// one waits (else a fresh one, and another starts in the background for
    /// the next upload), kept again after a clean answer.
    async fn one_off(&self, request: Request, kind: WorkerKind) -> Result<Reply, ProbeError> {
        let mut kept = {
            let mut inspectors = self.0.inspectors.lock().await;
            let found = inspectors.iter().rposition(|i| i.worker.kind() == kind);
            found.map(|at| inspectors.remove(at))
        };
        if let Some(i) = kept.as_mut() {
            if i.worker.send(&request).await.is_err() {
                // It had died while it waited: a fresh one answers.
                if let Some(mut dead) = kept.take() {
                    tokio::spawn(async move { dead.worker.kill().await });
                }
            }
        }
        let mut inspector = match kept {
            Some(i) => i,
            None => {
                self.start_inspector(kind);
                let mut worker = self.0.launcher.launch(&self.0.cfg.limits, kind).await?;
                worker.send(&request).await?;
                Inspector { worker, used: 0 }
            }
        };
        let cfg = &self.0.cfg;
        let result = tokio::time::timeout(cfg.probe_timeout, inspector.worker.next()).await;
        inspector.used += 1;
        let clean = matches!(&result, Ok(Ok(r)) if !matches!(r, Reply::Failed { .. }));
        if clean && inspector.used < INSPECTIONS_PER_WORKER {
            self.keep_inspector(inspector).await;
        } else {
            tokio::spawn(async move { inspector.worker.kill().await });
        }
        match result {
            Err(_) => Err(ProbeError::Timeout(cfg.probe_timeout)),
            Ok(Err(e)) => Err(e.into()),
            Ok(Ok(Reply::Failed { message })) => Err(ProbeError::Rejected(message)),
            Ok(Ok(reply)) => Ok(reply),
        }
    }

    /// Keeps `inspector` for the next upload, or stops it when enough of
    /// its kind wait.
    async fn keep_inspector(&self, mut inspector: Inspector) {
        let mut kept = self.0.inspectors.lock().await;
        let kind = inspector.worker.kind();
        let waiting = kept.iter().filter(|i| i.worker.kind() == kind).count();
        if waiting < KEPT && !self.is_stopping() {
            kept.push(inspector);
        } else {
            drop(kept);
            inspector.worker.kill().await;
        }
    }

    /// Starts an inspection worker of `kind` in the background, unless one
    /// is starting.
    fn start_inspector(&self, kind: WorkerKind) {
        use std::sync::atomic::Ordering;
        if self.is_stopping() || self.0.inspector_starting.swap(true, Ordering::SeqCst) {
            return;
        }
        let engine = self.clone();
        tokio::spawn(async move {
            match engine.0.launcher.launch(&engine.0.cfg.limits, kind).await {
                Ok(worker) => engine.keep_inspector(Inspector { worker, used: 0 }).await,
                Err(e) => tracing::debug!(error = %e, "no inspection worker started ahead"),
            }
            engine.0.inspector_starting.store(false, Ordering::SeqCst);
        });
    }

    /// Stops the kept inspection workers (at shutdown).
    pub(super) async fn stop_inspectors(&self) {
        let kept = std::mem::take(&mut *self.0.inspectors.lock().await);
        for mut i in kept {
            i.worker.kill().await;
        }
    }
}

//! What the engine needs of a worker: a [`Worker`] takes requests and gives
//! replies, a [`Launcher`] starts one under the engine's limits. The real
//! ones are processes ([`super::process`]); tests put fakes behind the same
//! traits to drive the runner, recovery and shutdown in-process.

use futures::future::BoxFuture;

use super::process::{ProcessError, WorkerKind, WorkerLimits, WorkerProcess};
use crate::worker::protocol::{Reply, Request};

/// One started worker, able to run requests one after another.
pub trait Worker: Send {
    /// The process id shown to operators.
    fn pid(&self) -> u32;

    /// Jobs this worker has finished.
    fn jobs_run(&self) -> u64;

    /// Count one more finished job.
    fn count_job(&mut self);

    /// The jobs it can take.
    fn kind(&self) -> WorkerKind {
        WorkerKind::Full
    }

    fn send<'a>(&'a mut self, request: &'a Request) -> BoxFuture<'a, Result<(), ProcessError>>;

    /// The next reply; once the worker has ended, an error saying how.
    /// Dropping the future before it resolves loses no reply.
    fn next(&mut self) -> BoxFuture<'_, Result<Reply, ProcessError>>;

    /// Stop the worker and wait (briefly) until it has gone.
    fn kill(&mut self) -> BoxFuture<'_, ()>;
}

/// Starts workers.
pub trait Launcher: Send + Sync {
    /// A worker of `kind` ready for its first request, or why none could
    /// be started.
    fn launch<'a>(
        &'a self,
        limits: &'a WorkerLimits,
        kind: WorkerKind,
    ) -> BoxFuture<'a, Result<Box<dyn Worker>, ProcessError>>;
}

/// Starts `kilnd worker` processes.
pub struct ProcessLauncher;

impl Launcher for ProcessLauncher {
    fn launch<'a>(
        &'a self,
        limits: &'a WorkerLimits,
        kind: WorkerKind,
    ) -> BoxFuture<'a, Result<Box<dyn Worker>, ProcessError>> {
        Box::pin(async move {
            let process = WorkerProcess::spawn(limits, kind).await?;
            Ok(Box::new(process) as Box<dyn Worker>)
        })
    }
}

impl Worker for WorkerProcess {
    fn pid(&self) -> u32 {
        self.pid
    }

    fn jobs_run(&self) -> u64 {
        self.jobs_run
    }

    fn count_job(&mut self) {
        self.jobs_run += 1;
    }

    fn kind(&self) -> WorkerKind {
        self.kind
    }

    fn send<'a>(&'a mut self, request: &'a Request) -> BoxFuture<'a, Result<(), ProcessError>> {
        Box::pin(self.write_request(request))
    }

    fn next(&mut self) -> BoxFuture<'_, Result<Reply, ProcessError>> {
        Box::pin(self.read_reply())
    }

    fn kill(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(self.stop())
    }
}

//! Following a running job: step changes and progress go to its slot and
//! (step changes always, progress at most every [`PROGRESS_WRITE_EVERY`])
//! to the store, until the worker's final reply, a cancel or the time limit.

use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::{update, Run};
use crate::engine::process::ProcessError;
use crate::engine::worker::Worker;
use crate::worker::protocol::Reply;

/// Job progress is written to the store at most this often.
const PROGRESS_WRITE_EVERY: Duration = Duration::from_millis(500);

/// How following a job ended.
pub(super) enum Ending {
    /// The job was canceled (and settled so by whoever canceled it).
    Canceled,
    /// The time limit passed.
    TimedOut(Duration),
    /// The worker's final reply, or how the worker ended.
    Replied(Result<Reply, ProcessError>),
}

pub(super) async fn follow(
    run: &Run<'_>,
    worker: &mut dyn Worker,
    steps: u32,
    cancel: &mut oneshot::Receiver<()>,
) -> Ending {
    let limit = run.engine.config().job_timeout;
    let deadline = tokio::time::Instant::now() + limit;
    let mut tracker = Tracker::new(steps);
    loop {
        let reply = tokio::select! {
            reply = worker.next() => reply,
            _ = &mut *cancel => return Ending::Canceled,
            _ = tokio::time::sleep_until(deadline) => return Ending::TimedOut(limit),
        };
        match reply {
            Ok(Reply::Step { index }) => tracker.step(run, index).await,
            Ok(Reply::Progress { done, total }) => tracker.progress(run, done, total).await,
            ending => return Ending::Replied(ending),
        }
    }
}

/// Where the job is: its step and how much of it is done.
struct Tracker {
    steps: u32,
    step: u32,
    last_write: Instant,
    last_progress: f32,
}

impl Tracker {
    fn new(steps: u32) -> Tracker {
        Tracker {
            steps: steps.max(1),
            step: 0,
            last_write: Instant::now(),
            last_progress: 0.0,
        }
    }

    async fn step(&mut self, run: &Run<'_>, index: u32) {
        let step = index.min(self.steps - 1);
        let progress = step as f32 / self.steps as f32;
        self.step = step;
        run.progress(progress);
        let _ = update(run.engine, &run.job.id, move |j| {
            j.step = step;
            j.progress = progress;
        })
        .await;
    }

    async fn progress(&mut self, run: &Run<'_>, done: u64, total: u64) {
        let within = if total == 0 {
            0.0
        } else {
            (done as f32 / total as f32).clamp(0.0, 1.0)
        };
        let progress = ((self.step as f32 + within) / self.steps as f32).clamp(0.0, 0.999);
        run.progress(progress);
        if self.last_write.elapsed() >= PROGRESS_WRITE_EVERY && progress > self.last_progress {
            self.last_write = Instant::now();
            self.last_progress = progress;
            let _ = update(run.engine, &run.job.id, move |j| j.progress = progress).await;
        }
    }
}

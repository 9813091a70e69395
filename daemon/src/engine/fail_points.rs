//! Crash points: places where a daemon crash is most likely to leave money
//! or files half-accounted for. Tests arm one; the engine then stops there
//! for good, writing nothing more, as a killed daemon would, so the test
//! can restart on the same data and check what recovery makes of it. All
//! are off outside tests and cost one atomic load each when passed.

use std::sync::atomic::{AtomicU8, Ordering};

use tokio::sync::watch;

use super::Engine;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailPoint {
    /// The job is accepted and its debit recorded, but not yet queued.
    AfterDebit,
    /// A finished job's outputs are in the blob store, but it is not settled.
    BeforeSettle,
}

impl FailPoint {
    fn bit(self) -> u8 {
        match self {
            FailPoint::AfterDebit => 1,
            FailPoint::BeforeSettle => 2,
        }
    }
}

pub struct FailPoints {
    armed: AtomicU8,
    /// Becomes the point where the engine stopped.
    crashed: watch::Sender<Option<FailPoint>>,
}

impl Default for FailPoints {
    fn default() -> Self {
        FailPoints {
            armed: AtomicU8::new(0),
            crashed: watch::Sender::new(None),
        }
    }
}

impl FailPoints {
    fn is_armed(&self, point: FailPoint) -> bool {
        self.armed.load(Ordering::Relaxed) & point.bit() != 0
    }

    /// Make the engine crash the next time it passes `point`.
    #[cfg(test)]
    pub(crate) fn arm(&self, point: FailPoint) {
        self.armed.fetch_or(point.bit(), Ordering::SeqCst);
    }

    /// Waits until the engine has stopped at an armed point; returns which.
    #[cfg(test)]
    pub(crate) async fn crashed(&self) -> FailPoint {
        let mut seen = self.crashed.subscribe();
        let point = *seen
            .wait_for(Option::is_some)
            .await
            .expect("the sender lives as long as the engine");
        point.expect("waited for a point")
    }
}

impl Engine {
    pub(crate) fn fail_points(&self) -> &FailPoints {
        &self.0.fail_points
    }

    /// Go on unless `point` is armed; if it is, halt the engine (no more
    /// dispatching, sweeping or webhook sending) and never return.
    pub(super) async fn crash_point(&self, point: FailPoint) {
        let points = self.fail_points();
        if !points.is_armed(point) {
            return;
        }
        tracing::error!(?point, "crash point reached: the engine stops here");
        self.halt();
        points.crashed.send_replace(Some(point));
        std::future::pending::<()>().await;
    }
}

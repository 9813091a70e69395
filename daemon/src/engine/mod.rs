//! The job engine: the one place that moves jobs through their states.
//! It accepts (debit and record in one transaction), queues fairly,
//! dispatches to workers (local processes, or worker nodes under a lease,
//! both behind the [`worker::Worker`] trait),
//! settles (outputs, or failure with refund), recovers after a crash and
//! expires old files.

pub mod events;
mod fail_points;
pub mod leases;
mod one_off;
pub mod pool;
pub mod process;
pub mod queue;
mod recovery;
mod retention;
mod routing;
mod runner;
#[cfg(test)]
mod tests;
pub mod worker;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kiln_shared::model::{JobState, WorkerView};
use tokio::sync::Notify;

use crate::config::Config;
use crate::media::ops::OpLimits;
use crate::store::{Admission, Job, Outcome, Store, StoreError};
use events::{EventBus, EventDraft};
use fail_points::{FailPoint, FailPoints};
use kiln_shared::model::EventTopic;
pub use one_off::ProbeError;
use pool::Pool;
use process::WorkerLimits;
use queue::FairQueue;
use worker::{Launcher, ProcessLauncher};

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub slots: u32,
    pub idle: Duration,
    pub job_timeout: Duration,
    pub max_attempts: u32,
    pub limits: WorkerLimits,
    pub probe_timeout: Duration,
    pub retention: Duration,
    pub sweep_every: Duration,
    /// How long settled records are kept; `None`: for ever.
    pub records_kept: Option<Duration>,
    pub max_dimension: u32,
    pub max_duration_secs: f64,
    /// Limits each step of a file job runs within.
    pub op_limits: OpLimits,
    /// A worker node's lease on a job lasts this long past its last heartbeat.
    pub lease_ttl: Duration,
}

impl EngineConfig {
    pub fn from_config(config: &Config, worker_exe: PathBuf) -> EngineConfig {
        EngineConfig {
            slots: config.worker_slots(),
            idle: Duration::from_secs(config.workers.idle_secs),
            job_timeout: Duration::from_secs(config.workers.job_timeout_secs),
            max_attempts: config.workers.max_attempts,
            limits: WorkerLimits {
                stills_exe: process::stills_beside(&worker_exe),
                exe: worker_exe,
                memory_mb: config.workers.memory_mb,
                start_timeout: Duration::from_secs(30),
                work_dir: config.blobs_dir().join("tmp"),
            },
            probe_timeout: Duration::from_secs(config.workers.probe_timeout_secs),
            retention: Duration::from_millis(config.retention_ms()),
            sweep_every: Duration::from_secs(config.retention.sweep_secs),
            records_kept: config.records_kept(),
            max_dimension: config.render.max_dimension,
            // Probing allows some slack; the API applies the real limit with a clear 413.
            max_duration_secs: (config.render.max_duration_secs as f64) * 4.0 + 60.0,
            op_limits: OpLimits {
                max_width: config.files.max_dimension,
                max_height: config.files.max_dimension,
                max_duration_secs: config.files.max_duration_secs as f64,
                max_image_alloc_bytes: config.files.max_image_alloc_mb * 1024 * 1024,
                time_limit_secs: config.workers.job_timeout_secs as f64,
                ..OpLimits::default()
            },
            lease_ttl: Duration::from_secs(config.nodes.lease_ttl_secs),
        }
    }
}

/// Proof of being the engine: the store's job-changing calls take one and
/// only the engine can make it, so nothing else writes job state.
pub struct Seal(());

impl Seal {
    const fn new() -> Seal {
        Seal(())
    }

    #[cfg(test)]
    pub(crate) const fn for_tests() -> Seal {
        Seal(())
    }
}

/// The engine's seal; its submodules use it for every job write.
const SEAL: Seal = Seal::new();

/// Cheap-to-clone handle on the engine.
#[derive(Clone)]
pub struct Engine(Arc<Inner>);

struct Inner {
    store: Store,
    cfg: EngineConfig,
    queue: Mutex<FairQueue>,
    pool: Pool,
    events: EventBus,
    wake: Notify,
    stopping: std::sync::atomic::AtomicBool,
    metrics: crate::metrics::Metrics,
    /// Running jobs' cancel signals.
    cancels: Mutex<std::collections::HashMap<String, tokio::sync::oneshot::Sender<()>>>,
    launcher: Arc<dyn Launcher>,
    /// Worker nodes' offers of work and their leases.
    leases: Arc<leases::Leases>,
    fail_points: FailPoints,
    /// Workers kept for inspecting uploads.
    inspectors: tokio::sync::Mutex<Vec<one_off::Inspector>>,
    inspector_starting: std::sync::atomic::AtomicBool,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Refused(String),
}

impl Engine {
    /// An engine whose workers are `kilnd worker` processes.
    pub fn new(store: Store, cfg: EngineConfig) -> Engine {
        Engine::with_launcher(store, cfg, Arc::new(ProcessLauncher))
    }

    /// An engine whose workers come from `launcher`.
    pub fn with_launcher(store: Store, cfg: EngineConfig, launcher: Arc<dyn Launcher>) -> Engine {
        Engine(Arc::new(Inner {
            pool: Pool::new(cfg.slots),
            leases: leases::Leases::new(cfg.lease_ttl),
            store,
            cfg,
            queue: Mutex::new(FairQueue::default()),
            events: EventBus::new(),
            wake: Notify::new(),
            stopping: std::sync::atomic::AtomicBool::new(false),
            cancels: Mutex::new(std::collections::HashMap::new()),
            metrics: crate::metrics::Metrics::default(),
            launcher,
            fail_points: FailPoints::default(),
            inspectors: tokio::sync::Mutex::new(Vec::new()),
            inspector_starting: std::sync::atomic::AtomicBool::new(false),
        }))
    }

    /// Recover jobs left by the previous run, then start dispatching and sweeping.
    pub async fn start(&self) -> Result<(), StoreError> {
        recovery::recover(self).await?;
        tokio::spawn(self.clone().dispatch_loop());
        tokio::spawn(retention::sweep_loop(self.clone()));
        Ok(())
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.0.metrics
    }

    pub fn config(&self) -> &EngineConfig {
        &self.0.cfg
    }

    pub fn events(&self) -> &EventBus {
        &self.0.events
    }

    pub fn pool(&self) -> &Pool {
        &self.0.pool
    }

    pub fn leases(&self) -> &leases::Leases {
        &self.0.leases
    }

    /// Wake the dispatch loop (a node has offered to work).
    pub fn wake(&self) {
        self.0.wake.notify_one();
    }

    /// A node's heartbeat on its lease: the lease runs on (the job's record
    /// follows when its expiry has moved by half a lease or more).
    pub async fn lease_beat(
        &self,
        lease_id: &str,
        node_id: &str,
        replies: Vec<crate::worker::protocol::Reply>,
    ) -> Result<(), leases::LeaseError> {
        let job_id = self.0.leases.beat(lease_id, node_id, replies)?;
        let ttl = self.0.cfg.lease_ttl.as_millis() as u64;
        let expires_at = crate::clock::now_ms() + ttl;
        let lease = lease_id.to_string();
        let moved = self
            .0
            .store
            .run(move |s| {
                s.update_job_if(&SEAL, &job_id, |j| match &mut j.lease {
                    Some(l) if l.id == lease && l.expires_at + ttl / 2 <= expires_at => {
                        l.expires_at = expires_at;
                        true
                    }
                    _ => false,
                })
            })
            .await;
        if let Err(e) = moved {
            tracing::warn!(lease = lease_id, error = %e, "recording a lease's expiry failed");
        }
        Ok(())
    }

    /// True when a queued job of `kind` could start now: a local slot is
    /// free, or a live, undrained worker node that runs `kind` has room.
    pub fn has_capacity(&self, kind: &str) -> bool {
        self.0.pool.has_free_slot() || self.0.leases.free_slots(kind) > 0
    }

    /// Accept a job: debit its price, count it against its quota and record
    /// it queued, atomically; then queue it.
    pub async fn submit(&self, job: Job, admission: Admission) -> Result<Job, StoreError> {
        let job = self
            .0
            .store
            .run(move |s| s.accept_job(&SEAL, job, admission))
            .await?;
        self.crash_point(FailPoint::AfterDebit).await;
        self.enqueue(&job);
        self.0.events.info(
            draft(&job),
            format!(
                "accepted {} ({}), charged {} xeconds (free {}, paid {})",
                job.id,
                job.spec.summary(),
                job.charge.total(),
                job.charge.free,
                job.charge.paid
            ),
        );
        Ok(job)
    }

    /// Accept a job that needs no worker (a chat answer, a refusal) and
    /// settle it at once.
    pub async fn record_settled(
        &self,
        job: Job,
        admission: Admission,
        outcome: Outcome,
    ) -> Result<Job, StoreError> {
        let settled = self
            .0
            .store
            .run(move |s| {
                let job = s.accept_job(&SEAL, job, admission)?;
                Ok(s.settle_job(&SEAL, &job.id, &outcome)?.unwrap_or(job))
            })
            .await?;
        self.0.events.info(
            draft(&settled),
            format!(
                "{} {} without a worker ({})",
                settled.id,
                settled.state.as_str(),
                settled.spec.summary()
            ),
        );
        Ok(settled)
    }

    fn enqueue(&self, job: &Job) {
        self.0
            .queue
            .lock()
            .expect("queue lock")
            .push(&job.account_id, job.id.clone());
        self.0.wake.notify_one();
    }

    /// Cancel a job that has not settled: it is settled as canceled (with
    /// its refund) at once, taken off the queue, and its worker stopped.
    pub async fn cancel(&self, job_id: &str, why: &str) -> Result<Job, EngineError> {
        let outcome = Outcome::Canceled {
            message: why.to_string(),
        };
        let id = job_id.to_string();
        let settled = self
            .0
            .store
            .run(move |s| {
                let job = s.job(&id)?;
                if job.state.is_terminal() {
                    return Ok(Err(format!("{id} has already {}", job.state.as_str())));
                }
                Ok(s.settle_job(&SEAL, &id, &outcome)?
                    .ok_or_else(|| format!("{id} settled meanwhile")))
            })
            .await?
            .map_err(EngineError::Refused)?;
        self.0
            .queue
            .lock()
            .expect("queue lock")
            .remove(&settled.account_id, job_id);
        if let Some(signal) = self
            .0
            .cancels
            .lock()
            .expect("cancel map lock")
            .remove(job_id)
        {
            let _ = signal.send(());
        }
        self.0.events.emit(
            kiln_shared::model::EventLevel::Warn,
            draft(&settled),
            format!(
                "{job_id} canceled: {why}{}",
                if settled.refunded {
                    format!(" (refunded {} xeconds)", settled.charge.total())
                } else {
                    String::new()
                }
            ),
        );
        Ok(settled)
    }

    /// Run a failed or canceled job again, as a new job charged again.
    pub async fn retry(&self, job_id: &str, monthly_jobs: Option<u64>) -> Result<Job, EngineError> {
        let old = self.0.store.job(job_id)?;
        if !matches!(old.state, JobState::Failed | JobState::Canceled) {
            return Err(EngineError::Refused(format!(
                "only failed or canceled jobs can be retried; {job_id} is {}",
                old.state.as_str()
            )));
        }
        if let crate::store::JobSpec::File(spec) = &old.spec {
            if !matches!(spec.plan, crate::planner::Plan::Command { .. }) {
                return Err(EngineError::Refused(format!(
                    "{job_id} has nothing to run again"
                )));
            }
        }
        let job = Job::new(
            crate::ids::new_id(crate::ids::IdKind::Job),
            old.account_id.clone(),
            old.spec.clone(),
        );
        let admission = Admission {
            price: old.charge.total(),
            monthly_jobs,
            claim: None,
        };
        let job = self.submit(job, admission).await?;
        self.0
            .events
            .info(draft(&job), format!("{} is a retry of {job_id}", job.id));
        Ok(job)
    }

    /// Change the number of worker slots.
    pub async fn set_slots(&self, slots: u32) -> u32 {
        for mut worker in self.0.pool.resize(slots) {
            worker.kill().await;
        }
        self.0.events.info(
            EventDraft {
                topic: EventTopic::Worker,
                ..Default::default()
            },
            format!("worker slots set to {}", self.0.pool.size()),
        );
        self.0.wake.notify_one();
        self.0.pool.size()
    }

    pub fn queue_depth(&self) -> usize {
        self.0.queue.lock().expect("queue lock").len()
    }

    /// Jobs of `account_id` waiting for a slot.
    pub fn queued_of(&self, account_id: &str) -> usize {
        self.0.queue.lock().expect("queue lock").len_of(account_id)
    }

    pub fn workers(&self) -> Vec<WorkerView> {
        self.0.pool.views()
    }

    /// Drain: stop dispatching, let running jobs finish for up to `grace`,
    /// then stop the rest and queue them again for the next start (the
    /// interrupted run does not count as an attempt). Stops warm workers.
    pub async fn shutdown(&self, grace: Duration) {
        self.halt();
        let deadline = tokio::time::Instant::now() + grace;
        while (self.running_jobs() > 0 || self.0.pool.busy() > 0)
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let running: Vec<String> = self
            .0
            .cancels
            .lock()
            .expect("cancel map lock")
            .keys()
            .cloned()
            .collect();
        for id in running {
            let key = id.clone();
            let requeued = self
                .0
                .store
                .run(move |s| {
                    s.update_job(&SEAL, &key, |j| {
                        j.state = JobState::Queued;
                        j.progress = 0.0;
                        j.attempts = j.attempts.saturating_sub(1);
                    })
                })
                .await;
            if let Ok(Some(job)) = requeued {
                self.0.events.info(
                    draft(&job),
                    format!("{id} stopped by shutdown; queued for the next start"),
                );
            }
            if let Some(signal) = self.0.cancels.lock().expect("cancel map lock").remove(&id) {
                let _ = signal.send(());
            }
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while self.0.pool.busy() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for mut worker in self.0.pool.take_all_idle() {
            worker.kill().await;
        }
        self.stop_inspectors().await;
    }

    /// Jobs being run, on local slots and on worker nodes.
    fn running_jobs(&self) -> usize {
        self.0.cancels.lock().expect("cancel map lock").len()
    }

    /// Stop dispatching (and sweeping, and sending webhooks).
    fn halt(&self) {
        self.0
            .stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.0.leases.close();
        self.0.wake.notify_one();
    }

    /// False once shutdown has begun.
    pub fn is_running(&self) -> bool {
        !self.is_stopping()
    }

    fn is_stopping(&self) -> bool {
        self.0.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }

    async fn dispatch_loop(self) {
        let tick = Duration::from_millis(500).min(self.0.cfg.idle);
        loop {
            if self.is_stopping() {
                return;
            }
            while let Some(claim) = self.next_dispatch() {
                tokio::spawn(runner::run(self.clone(), claim.0, claim.1));
            }
            for (slot, mut worker) in self.0.pool.take_idle(self.0.cfg.idle) {
                self.0.events.info(
                    EventDraft {
                        topic: EventTopic::Worker,
                        slot: Some(slot),
                        ..Default::default()
                    },
                    format!("slot {slot}: stopped idle worker {}", worker.pid()),
                );
                worker.kill().await;
            }
            let _ = tokio::time::timeout(tick, self.0.wake.notified()).await;
        }
    }

    /// Pair the next queued job with a worker node waiting for work (one
    /// that takes its kind) or, failing that, a free slot: a node that asks
    /// is given work first, so the pool's far capacity does not idle while
    /// the local slots are busy. A job no place can take now goes back to
    /// the head of the queue. Only the dispatch loop claims slots and takes
    /// offers, so a free slot seen here is still free when claimed.
    fn next_dispatch(&self) -> Option<(pool::Claim, String)> {
        if !self.0.leases.has_offer() && !self.0.pool.has_free_slot() {
            return None;
        }
        let job_id = self.0.queue.lock().expect("queue lock").pop()?;
        let job = match self.0.store.job(&job_id) {
            Ok(job) => job,
            Err(e) => {
                tracing::error!(job = %job_id, error = %e, "a queued job could not be read");
                return None;
            }
        };
        let kind = routing::worker_kind(self, &job);
        if let Some(offer) = self.next_offer(job.spec.kind()) {
            let (holder, worker) = self.0.leases.open(offer, &job_id, kind);
            let claim = pool::Claim {
                place: pool::Place::Node(holder),
                worker: Some(Box::new(worker)),
                retired: None,
                kind: process::WorkerKind::Full,
            };
            return Some((claim, job_id));
        }
        match self.0.pool.claim(&job_id, kind) {
            Some(claim) => Some((claim, job_id)),
            None => {
                self.0
                    .queue
                    .lock()
                    .expect("queue lock")
                    .unpop(&job.account_id, job_id);
                None
            }
        }
    }

    /// The oldest offer of a node that takes `kind` and may take work now
    /// (an offer of a node drained or revoked while it waited is dropped:
    /// its request is answered with no job).
    fn next_offer(&self, kind: &str) -> Option<leases::Offer> {
        while let Some(offer) = self.0.leases.take_offer(kind) {
            let eligible = self
                .0
                .store
                .node(&offer.node_id)
                .is_ok_and(|n| n.is_active() && !n.draining);
            if eligible {
                return Some(offer);
            }
        }
        None
    }
}

/// An event about a job.
pub(crate) fn draft(job: &Job) -> EventDraft {
    EventDraft {
        topic: EventTopic::Job,
        job_id: Some(job.id.clone()),
        account_id: Some(job.account_id.clone()),
        slot: None,
    }
}

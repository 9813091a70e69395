//! Worker slots: how many jobs can run at once, and the worker (if any)
//! each slot holds. A slot is stopped (no worker), starting (a worker is
//! being started for a job: the render API's `cold_start`), idle (a warm
//! worker waits for work) or busy.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use kiln_shared::model::{WorkerState, WorkerView};

use super::process::WorkerKind;
use super::worker::Worker;
use crate::clock::now_ms;

struct Slot {
    state: WorkerState,
    since: u64,
    job_id: Option<String>,
    progress: f32,
    /// The warm worker of an idle slot (a busy slot's worker is lent to its job).
    worker: Option<Box<dyn Worker>>,
    pid: Option<u32>,
    jobs_run: u64,
    /// The program of the slot's process (while it has one).
    kind: WorkerKind,
}

impl Slot {
    fn stopped() -> Slot {
        Slot {
            state: WorkerState::Stopped,
            since: now_ms(),
            job_id: None,
            progress: 0.0,
            worker: None,
            pid: None,
            jobs_run: 0,
            kind: WorkerKind::Full,
        }
    }

    fn enter(&mut self, state: WorkerState) {
        self.state = state;
        self.since = now_ms();
    }
}

/// Where a job runs: a local slot, or a worker node under a lease.
#[derive(Debug, Clone)]
pub enum Place {
    Slot(u32),
    Node(super::leases::Holder),
}

/// A place handed to a job and, when warm, its worker.
pub struct Claim {
    pub place: Place,
    pub worker: Option<Box<dyn Worker>>,
    /// The slot's warm worker of the other kind, to stop: the job starts
    /// the kind it needs in its place.
    pub retired: Option<Box<dyn Worker>>,
    /// The kind of worker the job needs.
    pub kind: WorkerKind,
}

pub struct Pool {
    slots: Mutex<Vec<Slot>>,
    /// Slots at or past this index take no new work (the pool is shrinking).
    target: AtomicU32,
}

impl Pool {
    pub fn new(size: u32) -> Pool {
        Pool {
            slots: Mutex::new((0..size.max(1)).map(|_| Slot::stopped()).collect()),
            target: AtomicU32::new(size.max(1)),
        }
    }

    /// Change the number of slots. Growing adds stopped slots; shrinking
    /// retires the last slots (a busy one finishes its job first) and
    /// returns the warm workers to stop now.
    pub fn resize(&self, size: u32) -> Vec<Box<dyn Worker>> {
        let size = size.max(1);
        self.target.store(size, Ordering::SeqCst);
        let mut slots = self.lock();
        while slots.len() < size as usize {
            slots.push(Slot::stopped());
        }
        let mut stop = Vec::new();
        for s in slots.iter_mut().skip(size as usize) {
            if s.state == WorkerState::Idle {
                if let Some(w) = s.worker.take() {
                    stop.push(w);
                }
                s.pid = None;
                s.enter(WorkerState::Stopped);
            }
        }
        Self::trim(&mut slots, size);
        stop
    }

    /// Drop retired slots from the end once they are stopped.
    fn trim(slots: &mut Vec<Slot>, target: u32) {
        while slots.len() > target as usize
            && slots
                .last()
                .is_some_and(|s| s.state == WorkerState::Stopped)
        {
            slots.pop();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Slot>> {
        self.slots.lock().expect("pool lock")
    }

    /// Take a free slot for `job_id`, which needs a worker of `kind`:
    /// preferably one where such a worker is warm, then a stopped one, then
    /// one whose warm worker is of the other kind (it is retired).
    pub fn claim(&self, job_id: &str, kind: WorkerKind) -> Option<Claim> {
        let mut slots = self.lock();
        let target = self.target.load(Ordering::SeqCst) as usize;
        let open = |want: WorkerState| slots.iter().take(target).position(|s| s.state == want);
        let warm = slots.iter().take(target).position(|s| {
            s.state == WorkerState::Idle && s.worker.as_ref().is_some_and(|w| w.kind() == kind)
        });
        let index = warm
            .or_else(|| open(WorkerState::Stopped))
            .or_else(|| open(WorkerState::Idle))?;
        let slot = &mut slots[index];
        let mut worker = slot.worker.take();
        let retired = worker.take_if(|w| w.kind() != kind);
        if retired.is_some() {
            slot.pid = None;
        }
        slot.enter(if worker.is_some() {
            WorkerState::Busy
        } else {
            WorkerState::Starting
        });
        slot.job_id = Some(job_id.to_string());
        slot.progress = 0.0;
        Some(Claim {
            place: Place::Slot(index as u32),
            worker,
            retired,
            kind,
        })
    }

    /// The slot's new worker is up and working on its job.
    pub fn started(&self, slot: u32, pid: u32, kind: WorkerKind) {
        let mut slots = self.lock();
        let s = &mut slots[slot as usize];
        s.pid = Some(pid);
        s.kind = kind;
        s.jobs_run = 0;
        s.enter(WorkerState::Busy);
    }

    pub fn progress(&self, slot: u32, progress: f32) {
        self.lock()[slot as usize].progress = progress;
    }

    /// The job is done with the slot: keep the worker warm, or mark it
    /// stopped. Returns a worker to stop when the slot has been retired.
    pub fn release(&self, slot: u32, worker: Option<Box<dyn Worker>>) -> Option<Box<dyn Worker>> {
        let mut slots = self.lock();
        let target = self.target.load(Ordering::SeqCst);
        let s = &mut slots[slot as usize];
        s.job_id = None;
        s.progress = 0.0;
        if slot >= target {
            s.pid = None;
            s.worker = None;
            s.enter(WorkerState::Stopped);
            Self::trim(&mut slots, target);
            return worker;
        }
        match worker {
            Some(mut w) => {
                w.count_job();
                s.jobs_run = w.jobs_run();
                s.pid = Some(w.pid());
                s.kind = w.kind();
                s.worker = Some(w);
                s.enter(WorkerState::Idle);
            }
            None => {
                s.pid = None;
                s.worker = None;
                s.enter(WorkerState::Stopped);
            }
        }
        None
    }

    /// Workers idle for longer than `idle`, taken out to be stopped.
    pub fn take_idle(&self, idle: Duration) -> Vec<(u32, Box<dyn Worker>)> {
        let cutoff = now_ms().saturating_sub(idle.as_millis() as u64);
        let mut out = Vec::new();
        for (i, s) in self.lock().iter_mut().enumerate() {
            if s.state == WorkerState::Idle && s.since <= cutoff {
                if let Some(w) = s.worker.take() {
                    out.push((i as u32, w));
                }
                s.pid = None;
                s.enter(WorkerState::Stopped);
            }
        }
        out
    }

    /// Every warm worker, for shutdown.
    pub fn take_all_idle(&self) -> Vec<Box<dyn Worker>> {
        self.take_idle(Duration::ZERO)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    }

    /// True when a job could be dispatched now.
    pub fn has_free_slot(&self) -> bool {
        let target = self.target.load(Ordering::SeqCst) as usize;
        self.lock()
            .iter()
            .take(target)
            .any(|s| matches!(s.state, WorkerState::Idle | WorkerState::Stopped))
    }

    /// The number of slots taking work.
    pub fn size(&self) -> u32 {
        self.target.load(Ordering::SeqCst)
    }

    pub fn busy(&self) -> u32 {
        self.lock()
            .iter()
            .filter(|s| matches!(s.state, WorkerState::Busy | WorkerState::Starting))
            .count() as u32
    }

    pub fn views(&self) -> Vec<WorkerView> {
        self.lock()
            .iter()
            .enumerate()
            .map(|(i, s)| WorkerView {
                slot: i as u32,
                pid: s.pid,
                state: s.state,
                job_id: s.job_id.clone(),
                progress: s.progress,
                since: s.since,
                jobs_run: s.jobs_run,
                stills: s.pid.is_some() && s.kind == WorkerKind::Stills,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Claim {
        fn slot(&self) -> u32 {
            match self.place {
                Place::Slot(s) => s,
                Place::Node(_) => panic!("a pool claim is a slot"),
            }
        }
    }

    #[test]
    fn claims_fill_slots_then_run_out() {
        let pool = Pool::new(2);
        assert!(pool.has_free_slot());
        let a = pool.claim("job_a", WorkerKind::Full).unwrap();
        assert!(a.worker.is_none());
        assert_eq!(pool.views()[0].state, WorkerState::Starting);
        pool.started(a.slot(), 42, WorkerKind::Full);
        let b = pool.claim("job_b", WorkerKind::Full).unwrap();
        assert_ne!(a.slot(), b.slot());
        assert!(!pool.has_free_slot());
        assert!(pool.claim("job_c", WorkerKind::Full).is_none());
        assert_eq!(pool.busy(), 2);
        pool.release(a.slot(), None);
        assert!(pool.has_free_slot());
        assert_eq!(pool.views()[a.slot() as usize].state, WorkerState::Stopped);
    }

    #[test]
    fn resizing_adds_slots_and_retires_the_last_ones_when_free() {
        let pool = Pool::new(2);
        pool.resize(4);
        assert_eq!(pool.views().len(), 4);
        let claims: Vec<_> = (0..4)
            .map(|i| pool.claim(&format!("job_{i}"), WorkerKind::Full).unwrap())
            .collect();
        assert!(pool.claim("job_x", WorkerKind::Full).is_none());
        pool.resize(1);
        assert_eq!(pool.size(), 1);
        assert_eq!(pool.views().len(), 4, "busy slots finish their jobs first");
        for c in claims.iter().rev() {
            pool.release(c.slot(), None);
        }
        assert_eq!(pool.views().len(), 1);
        assert!(pool.claim("job_y", WorkerKind::Full).is_some());
        assert!(pool.claim("job_z", WorkerKind::Full).is_none());
    }
}

//! Counts kept up to date on every write, so the console's overview and
//! `/metrics` never scan every job: jobs by state, settlements per second
//! over the last hour, and the ledger's totals by reason and bucket. Built
//! by one scan when the store opens, then moved by each committed change.

use std::collections::BTreeMap;
use std::sync::Mutex;

use kiln_shared::model::JobState;

use super::jobs::Job;
use super::ledger::{LedgerEntry, LedgerReason};

/// Seconds of settlements remembered (the longest window asked for).
const WINDOW_SECS: usize = 3_600;

const STATES: [JobState; 6] = [
    JobState::Queued,
    JobState::Starting,
    JobState::Running,
    JobState::Succeeded,
    JobState::Failed,
    JobState::Canceled,
];

fn slot(state: JobState) -> usize {
    STATES
        .iter()
        .position(|s| *s == state)
        .expect("every state")
}

/// Settlements in one second: how many, and how many of them failed.
#[derive(Debug, Clone, Copy, Default)]
struct Second {
    at: u64,
    settled: u64,
    failed: u64,
}

#[derive(Debug)]
struct State {
    jobs: [u64; STATES.len()],
    /// A ring indexed by unix second modulo its length.
    recent: Vec<Second>,
    /// (reason, bucket) → xeconds moved, in absolute value.
    ledger: BTreeMap<(&'static str, &'static str), u64>,
    ledger_entries: u64,
}

/// What the counters say at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountsNow {
    /// Jobs by state, states with none left out, in the order of their names.
    pub jobs_by_state: BTreeMap<&'static str, (JobState, u64)>,
    pub settled_last_minute: u64,
    pub failed_last_hour: u64,
    pub ledger: BTreeMap<(&'static str, &'static str), u64>,
    pub ledger_entries: u64,
}

impl CountsNow {
    pub fn jobs(&self) -> u64 {
        self.jobs_by_state.values().map(|(_, n)| n).sum()
    }
}

#[derive(Debug)]
pub struct Counters {
    state: Mutex<State>,
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            state: Mutex::new(State {
                jobs: [0; STATES.len()],
                recent: vec![Second::default(); WINDOW_SECS],
                ledger: BTreeMap::new(),
                ledger_entries: 0,
            }),
        }
    }
}

impl Counters {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counters for what a store holds: every job and ledger entry once.
    #[cfg(test)]
    pub(super) fn recount<'a>(
        jobs: impl Iterator<Item = Job>,
        ledger: impl Iterator<Item = &'a LedgerEntry>,
    ) -> Counters {
        let counters = Counters::default();
        for job in jobs {
            counters.job_counted(&job);
        }
        for e in ledger {
            counters.ledger_entry(e);
        }
        counters
    }

    /// A job found in the store (when it opens).
    pub(super) fn job_counted(&self, job: &Job) {
        self.job_added(job.state);
        if let (Some(at), true) = (job.finished_at, job.state.is_terminal()) {
            self.settled_at(at, job.state);
        }
    }

    pub(super) fn job_added(&self, state: JobState) {
        self.lock().jobs[slot(state)] += 1;
    }

    pub(super) fn job_removed(&self, state: JobState) {
        let mut s = self.lock();
        let n = &mut s.jobs[slot(state)];
        *n = n.saturating_sub(1);
    }

    pub(super) fn job_moved(&self, from: JobState, to: JobState) {
        if from != to {
            let mut s = self.lock();
            let n = &mut s.jobs[slot(from)];
            *n = n.saturating_sub(1);
            s.jobs[slot(to)] += 1;
        }
    }

    /// A job reached `state` (terminal) at `at` (unix ms).
    pub(super) fn settled_at(&self, at: u64, state: JobState) {
        let sec = at / 1000;
        let mut s = self.lock();
        let cell = &mut s.recent[(sec % WINDOW_SECS as u64) as usize];
        if cell.at != sec {
            *cell = Second {
                at: sec,
                ..Default::default()
            };
        }
        cell.settled += 1;
        if state == JobState::Failed {
            cell.failed += 1;
        }
    }

    pub(super) fn ledger_entry(&self, e: &LedgerEntry) {
        self.ledger_moved(e.reason, e.free, e.paid);
    }

    /// One ledger entry of `reason` moving `free` and `paid` xeconds.
    pub(super) fn ledger_moved(&self, reason: LedgerReason, free: i64, paid: i64) {
        let mut s = self.lock();
        let reason = reason.as_str();
        *s.ledger.entry((reason, "free")).or_default() += free.unsigned_abs();
        *s.ledger.entry((reason, "paid")).or_default() += paid.unsigned_abs();
        s.ledger_entries += 1;
    }

    /// The counts as of `now` (unix ms).
    pub fn now(&self, now: u64) -> CountsNow {
        let s = self.lock();
        let sec = now / 1000;
        let within = |cell: &Second, secs: u64| cell.at + secs > sec && cell.at <= sec;
        let (mut settled_last_minute, mut failed_last_hour) = (0, 0);
        for cell in &s.recent {
            if within(cell, 60) {
                settled_last_minute += cell.settled;
            }
            if within(cell, WINDOW_SECS as u64) {
                failed_last_hour += cell.failed;
            }
        }
        let jobs_by_state = STATES
            .iter()
            .zip(s.jobs)
            .filter(|(_, n)| *n > 0)
            .map(|(state, n)| (state.as_str(), (*state, n)))
            .collect();
        CountsNow {
            jobs_by_state,
            settled_last_minute,
            failed_last_hour,
            ledger: s.ledger.clone(),
            ledger_entries: s.ledger_entries,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settlements_leave_their_window() {
        let c = Counters::default();
        let t = 1_700_000_000_000;
        c.settled_at(t, JobState::Succeeded);
        c.settled_at(t + 500, JobState::Failed);
        let now = c.now(t + 1_000);
        assert_eq!((now.settled_last_minute, now.failed_last_hour), (2, 1));
        let later = c.now(t + 61_000);
        assert_eq!((later.settled_last_minute, later.failed_last_hour), (0, 1));
        let gone = c.now(t + 3_601_000);
        assert_eq!((gone.settled_last_minute, gone.failed_last_hour), (0, 0));
        // A second reused by the ring starts from nothing.
        c.settled_at(t + 3_600_000, JobState::Succeeded);
        assert_eq!(c.now(t + 3_600_500).settled_last_minute, 1);
    }
}

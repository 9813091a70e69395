//! The run queue: one FIFO per account, served round-robin, so one account's
//! thousand queued jobs never starve another account's one.

use std::collections::{HashMap, VecDeque};

#[derive(Debug, Default)]
pub struct FairQueue {
    per_account: HashMap<String, VecDeque<String>>,
    /// Accounts with queued jobs, in the order they will be served.
    turn: VecDeque<String>,
    len: usize,
}

impl FairQueue {
    pub fn push(&mut self, account_id: &str, job_id: String) {
        let q = self.per_account.entry(account_id.to_string()).or_default();
        if q.iter().any(|j| *j == job_id) {
            return;
        }
        if q.is_empty() {
            self.turn.push_back(account_id.to_string());
        }
        q.push_back(job_id);
        self.len += 1;
    }

    /// Put a job just popped back where it was: first in its account's
    /// queue, and its account served next.
    pub fn unpop(&mut self, account_id: &str, job_id: String) {
        let q = self.per_account.entry(account_id.to_string()).or_default();
        if q.iter().any(|j| *j == job_id) {
            return;
        }
        q.push_front(job_id);
        self.turn.retain(|a| a != account_id);
        self.turn.push_front(account_id.to_string());
        self.len += 1;
    }

    /// The next job: the front account's oldest, then that account goes to the back.
    pub fn pop(&mut self) -> Option<String> {
        let account = self.turn.pop_front()?;
        let q = self.per_account.get_mut(&account)?;
        let job = q.pop_front();
        if q.is_empty() {
            self.per_account.remove(&account);
        } else {
            self.turn.push_back(account);
        }
        if job.is_some() {
            self.len -= 1;
        }
        job
    }

    /// Take a job out of the queue (canceled before it ran).
    pub fn remove(&mut self, account_id: &str, job_id: &str) -> bool {
        let Some(q) = self.per_account.get_mut(account_id) else {
            return false;
        };
        let before = q.len();
        q.retain(|j| j != job_id);
        let removed = q.len() < before;
        if q.is_empty() {
            self.per_account.remove(account_id);
            self.turn.retain(|a| a != account_id);
        }
        if removed {
            self.len -= 1;
        }
        removed
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Jobs of one account waiting.
    pub fn len_of(&self, account_id: &str) -> usize {
        self.per_account.get(account_id).map_or(0, VecDeque::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Position (0 = next) of a job, for display.
    pub fn contains(&self, account_id: &str, job_id: &str) -> bool {
        self.per_account
            .get(account_id)
            .is_some_and(|q| q.iter().any(|j| j == job_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_account_does_not_starve_a_quiet_one() {
        let mut q = FairQueue::default();
        for i in 0..1000 {
            q.push("big", format!("big-{i}"));
        }
        q.push("small", "small-0".into());
        let first_two: Vec<_> = (0..2).map(|_| q.pop().unwrap()).collect();
        assert_eq!(first_two, vec!["big-0", "small-0"]);
        assert_eq!(q.len(), 999);
        assert_eq!(q.pop().unwrap(), "big-1");
    }

    #[test]
    fn remove_and_duplicates() {
        let mut q = FairQueue::default();
        q.push("a", "1".into());
        q.push("a", "1".into());
        q.push("b", "2".into());
        assert_eq!(q.len(), 2);
        assert!(q.remove("a", "1"));
        assert!(!q.contains("a", "1"));
        assert_eq!(q.pop().unwrap(), "2");
        assert!(q.pop().is_none());
        assert!(q.is_empty());
    }

    #[test]
    fn a_job_put_back_comes_out_next() {
        let mut q = FairQueue::default();
        q.push("a", "a1".into());
        q.push("a", "a2".into());
        q.push("b", "b1".into());
        let first = q.pop().unwrap();
        assert_eq!(first, "a1");
        q.unpop("a", first);
        assert_eq!(q.len(), 3);
        assert_eq!(q.pop().as_deref(), Some("a1"));
        assert_eq!(q.pop().as_deref(), Some("b1"));
        assert_eq!(q.pop().as_deref(), Some("a2"));
        assert!(q.is_empty());
    }
}

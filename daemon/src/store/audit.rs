//! The ledger audit: every balance equals the sum of its entries, every
//! charged job has exactly its debit, and only failed or canceled jobs have
//! a refund, exactly one, equal to the charge.

use std::collections::HashMap;

use kiln_shared::model::{AuditProblem, AuditReport, JobState};

use super::ledger::{LedgerEntry, LedgerReason};
use super::{scan, Store, StoreError};

impl Store {
    pub fn audit(&self) -> Result<AuditReport, StoreError> {
        let accounts = self.list_accounts()?;
        let entries: Vec<LedgerEntry> = scan(&self.ledger)?;
        let jobs = self.all_jobs()?;
        let mut problems = Vec::new();
        let mut sums: HashMap<&str, (i128, i128)> = HashMap::new();
        let mut by_job: HashMap<&str, Vec<&LedgerEntry>> = HashMap::new();
        for e in &entries {
            let s = sums.entry(e.account_id.as_str()).or_default();
            s.0 += i128::from(e.free);
            s.1 += i128::from(e.paid);
            if let Some(job) = &e.job_id {
                by_job.entry(job.as_str()).or_default().push(e);
            } else if matches!(e.reason, LedgerReason::Debit | LedgerReason::Refund) {
                problems.push(AuditProblem {
                    account_id: e.account_id.clone(),
                    message: format!("{} entry {} names no job", e.reason.as_str(), e.id),
                });
            }
        }
        for a in &accounts {
            let (free, paid) = sums.get(a.id.as_str()).copied().unwrap_or_default();
            if free != i128::from(a.balance.free) || paid != i128::from(a.balance.paid) {
                problems.push(AuditProblem {
                    account_id: a.id.clone(),
                    message: format!(
                        "balance free {} paid {} but ledger sums to free {free} paid {paid}",
                        a.balance.free, a.balance.paid
                    ),
                });
            }
        }
        for job in &jobs {
            let entries = by_job.remove(job.id.as_str()).unwrap_or_default();
            let (debits, refunds) = debits_and_refunds(&entries);
            let mut problem = |message: String| {
                problems.push(AuditProblem {
                    account_id: job.account_id.clone(),
                    message: format!("job {}: {message}", job.id),
                })
            };
            let charged = job.charge.total();
            let debited: i128 = debits
                .iter()
                .map(|e| -(i128::from(e.free) + i128::from(e.paid)))
                .sum();
            if debited != i128::from(charged) || debits.len() > 1 {
                problem(format!(
                    "charged {charged} but {} debit(s) total {debited}",
                    debits.len()
                ));
            }
            let should_refund =
                matches!(job.state, JobState::Failed | JobState::Canceled) && charged > 0;
            let refunded: i128 = refunds
                .iter()
                .map(|e| i128::from(e.free) + i128::from(e.paid))
                .sum();
            if should_refund && (refunds.len() != 1 || refunded != i128::from(charged)) {
                problem(format!(
                    "{} with charge {charged} has {} refund(s) totalling {refunded}",
                    job.state.as_str(),
                    refunds.len()
                ));
            }
            if !should_refund && !refunds.is_empty() {
                problem(format!(
                    "{} but has {} refund(s)",
                    job.state.as_str(),
                    refunds.len()
                ));
            }
        }
        for (job_id, entries) in by_job {
            // A job removed by record retention leaves its debit and, when
            // it failed, the one refund that returned it.
            if retired_job_balances(&entries) {
                continue;
            }
            problems.push(AuditProblem {
                account_id: entries[0].account_id.clone(),
                message: format!(
                    "{} ledger entries name job {job_id}, which does not exist and was not charged and refunded as a job is",
                    entries.len()
                ),
            });
        }
        Ok(AuditReport {
            accounts_checked: accounts.len() as u64,
            entries_checked: entries.len() as u64,
            jobs_checked: jobs.len() as u64,
            problems,
        })
    }
}

/// Whether the entries of a job no longer kept are what a settled job
/// leaves: one debit, and at most one refund of exactly that debit.
fn retired_job_balances(entries: &[&LedgerEntry]) -> bool {
    let (debits, refunds) = debits_and_refunds(entries);
    let only_these = debits.len() + refunds.len() == entries.len();
    let refund_matches = match (debits.as_slice(), refunds.as_slice()) {
        (_, []) => true,
        ([d], [r]) => d.free == -r.free && d.paid == -r.paid,
        _ => false,
    };
    only_these && debits.len() == 1 && debits[0].free <= 0 && debits[0].paid <= 0 && refund_matches
}

/// A job's ledger entries: its debits, and its refunds.
fn debits_and_refunds<'a>(
    entries: &[&'a LedgerEntry],
) -> (Vec<&'a LedgerEntry>, Vec<&'a LedgerEntry>) {
    let of = |reason| {
        entries
            .iter()
            .copied()
            .filter(|e| e.reason == reason)
            .collect()
    };
    (of(LedgerReason::Debit), of(LedgerReason::Refund))
}

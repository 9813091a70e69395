//! Jobs: persisted from the moment they are accepted. Accepting debits the
//! account in the same transaction; settling records the outcome and, for a
//! failed or canceled job, refunds the charge exactly once, also atomically.

use kiln_shared::model::{Charge, JobErrorCode, JobState};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::accounts::Account;
use super::codec::{self, Record};
use super::files::FileRecord;
use super::idempotency::{IdemClaim, IdemRecord};
use super::ledger::{LedgerEntry, LedgerReason};
use super::projects::Project;
use super::{abort, get, scan, Store, StoreError};
use crate::clock::now_ms;
use crate::engine::Seal;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderSpec {
    pub project_id: String,
    pub input_file_id: String,
    pub target_fps: u32,
    pub source_fps: f64,
    pub duration_secs: f64,
    /// Burn a watermark in: the render was paid (partly) with free xeconds.
    pub watermark: bool,
    /// POSTed the job when it settles.
    #[serde(default)]
    pub webhook_url: Option<String>,
}

/// An input of a file job: the stored file and the name the user gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputRef {
    pub file_id: String,
    pub filename: String,
}

/// What a succeeded job costs (file-automation metering).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    pub steps: u64,
    pub amount_micros: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSpec {
    pub prompt: String,
    pub chat_id: String,
    pub inputs: Vec<InputRef>,
    pub plan: crate::planner::Plan,
    pub webhook_url: Option<String>,
    /// Added to the account's usage if the job succeeds.
    pub bill: Bill,
}

/// What a job does; the engine runs every kind on the same worker pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobSpec {
    Render(RenderSpec),
    File(Box<FileSpec>),
}

/// What accepting a job takes: xeconds from the balance, and a place in the
/// month's job quota; and the idempotency key it claims, if any.
#[derive(Debug, Clone, Default)]
pub struct Admission {
    pub price: u64,
    /// Refuse when the account already has this many jobs this month.
    pub monthly_jobs: Option<u64>,
    pub claim: Option<IdemClaim>,
}

impl Admission {
    pub fn price(price: u64) -> Admission {
        Admission {
            price,
            ..Admission::default()
        }
    }
}

impl JobSpec {
    pub fn kind(&self) -> &'static str {
        match self {
            JobSpec::Render(_) => "render",
            JobSpec::File(_) => "file",
        }
    }

    pub fn summary(&self) -> String {
        match self {
            JobSpec::Render(r) => format!(
                "render {} at {} fps{}",
                r.input_file_id,
                r.target_fps,
                if r.watermark { " (watermarked)" } else { "" }
            ),
            JobSpec::File(f) => {
                let prompt: String = f.prompt.chars().take(60).collect();
                format!("\"{prompt}\" on {} file(s)", f.inputs.len())
            }
        }
    }

    pub fn webhook_url(&self) -> Option<&str> {
        match self {
            JobSpec::Render(r) => r.webhook_url.as_deref(),
            JobSpec::File(f) => f.webhook_url.as_deref(),
        }
    }

    pub fn project_id(&self) -> Option<&str> {
        match self {
            JobSpec::Render(r) => Some(&r.project_id),
            JobSpec::File(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobError {
    pub code: JobErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub account_id: String,
    pub spec: JobSpec,
    pub state: JobState,
    /// 0 to 1.
    pub progress: f32,
    pub created_at: u64,
    pub updated_at: u64,
    pub started_at: Option<u64>,
    pub finished_at: Option<u64>,
    /// Times a worker has started on it.
    pub attempts: u32,
    pub charge: Charge,
    pub refunded: bool,
    /// Output file ids.
    pub outputs: Vec<String>,
    pub error: Option<JobError>,
    /// Index of the pipeline step running (file jobs).
    #[serde(default)]
    pub step: u32,
    /// Where a finished render's time went, and what it kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub render: Option<kiln_shared::model::RenderReport>,
    /// The node lease it runs (or last ran) under, when a worker node took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease: Option<Lease>,
}

/// A job handed to a worker node: which lease, which node, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub id: String,
    pub node_id: String,
    pub node_name: String,
    /// Unix ms; heartbeats move it on.
    pub expires_at: u64,
}

impl Record for Job {
    const KIND: &'static str = "job";
    const VERSION: u8 = 1;
}

impl Job {
    pub fn new(id: String, account_id: String, spec: JobSpec) -> Job {
        let now = now_ms();
        Job {
            id,
            account_id,
            spec,
            state: JobState::Queued,
            progress: 0.0,
            created_at: now,
            updated_at: now,
            started_at: None,
            finished_at: None,
            attempts: 0,
            charge: Charge::default(),
            refunded: false,
            outputs: Vec::new(),
            error: None,
            step: 0,
            render: None,
            lease: None,
        }
    }
}

/// How a job ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Succeeded { outputs: Vec<FileRecord> },
    Failed { code: JobErrorCode, message: String },
    Canceled { message: String },
}

/// The chat index's key: account id, a NUL, the chat id.
pub(super) fn chat_key(account_id: &str, chat_id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(account_id.len() + 1 + chat_id.len());
    key.extend_from_slice(account_id.as_bytes());
    key.push(0);
    key.extend_from_slice(chat_id.as_bytes());
    key
}

/// Migration 1 → 2: index every file job's chat thread by its latest job.
pub(super) fn index_chats(db: &sled::Db) -> Result<(), StoreError> {
    let jobs = db.open_tree("jobs")?;
    let chats = db.open_tree("chats")?;
    // Job ids sort by creation time, so the last one written per key wins.
    for value in jobs.iter().values() {
        let job: Job = codec::decode(&value?)?;
        if let JobSpec::File(spec) = &job.spec {
            chats.insert(chat_key(&job.account_id, &spec.chat_id), job.id.as_bytes())?;
        }
    }
    Ok(())
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn tx_get<R: Record>(tree: &TransactionalTree, key: &[u8]) -> TxResult<Option<R>> {
    match tree.get(key)? {
        Some(bytes) => Ok(Some(codec::decode(&bytes).map_err(StoreError::from)?)),
        None => Ok(None),
    }
}

impl Store {
    /// Record a job as queued, debiting `price` xeconds from its account in
    /// the same transaction: free xeconds first, then paid. Fails with
    /// `InsufficientBalance` and writes nothing when the balance is short.
    pub fn accept_job(&self, _: &Seal, job: Job, admission: Admission) -> Result<Job, StoreError> {
        let _gate = self.write_gate();
        let price = admission.price;
        let project_id = job.spec.project_id().map(str::to_string);
        let month = super::usage::month_of(job.created_at);
        let usage_key = super::usage::usage_key(&job.account_id, &month);
        let chat_key = match &job.spec {
            JobSpec::File(spec) => Some(chat_key(&job.account_id, &spec.chat_id)),
            JobSpec::Render(_) => None,
        };
        let job = (
            &self.accounts,
            &self.ledger,
            &self.jobs,
            &self.projects,
            &self.usage,
            &self.chats,
            &self.idempotency,
        )
            .transaction(|(accounts, ledger, jobs, projects, usage, chats, idem)| {
                if let Some(claim) = &admission.claim {
                    if let Some(earlier) = tx_get::<IdemRecord>(idem, claim.key())? {
                        return abort(claim.replayed(&earlier));
                    }
                }
                let Some(mut account) = tx_get::<Account>(accounts, job.account_id.as_bytes())?
                else {
                    return abort(StoreError::NotFound(format!("account {}", job.account_id)));
                };
                let available = account.balance.total();
                if available < price {
                    return abort(StoreError::InsufficientBalance {
                        needed: price,
                        available,
                    });
                }
                let mut used: super::usage::Usage =
                    tx_get(usage, &usage_key)?.unwrap_or_else(|| super::usage::Usage {
                        account_id: job.account_id.clone(),
                        month: month.clone(),
                        ..Default::default()
                    });
                if let Some(limit) = admission.monthly_jobs.filter(|l| *l > 0) {
                    if used.jobs_submitted >= limit {
                        return abort(StoreError::MonthlyQuota {
                            used: used.jobs_submitted,
                            limit,
                        });
                    }
                }
                used.jobs_submitted += 1;
                usage.insert(usage_key.as_slice(), codec::encode(&used))?;
                let free = price.min(account.balance.free);
                let paid = price - free;
                account.balance.free -= free;
                account.balance.paid -= paid;
                let mut job = job.clone();
                job.charge = Charge { free, paid };
                // Renders paid (even partly) with free xeconds are watermarked.
                if let JobSpec::Render(spec) = &mut job.spec {
                    spec.watermark = free > 0;
                }
                job.state = JobState::Queued;
                job.updated_at = now_ms();
                if price > 0 {
                    let mut entry = LedgerEntry::new(
                        &job.account_id,
                        -(free as i64),
                        -(paid as i64),
                        LedgerReason::Debit,
                    );
                    entry.job_id = Some(job.id.clone());
                    ledger.insert(entry.id.as_bytes(), codec::encode(&entry))?;
                }
                if let Some(pid) = &project_id {
                    if let Some(mut project) = tx_get::<Project>(projects, pid.as_bytes())? {
                        project.job_ids.push(job.id.clone());
                        projects.insert(pid.as_bytes(), codec::encode(&project))?;
                    }
                }
                if let Some(key) = &chat_key {
                    chats.insert(key.as_slice(), job.id.as_bytes())?;
                }
                if let Some(claim) = &admission.claim {
                    let record = claim.record(&job.id, job.updated_at);
                    idem.insert(claim.key(), codec::encode(&record))?;
                }
                accounts.insert(account.id.as_bytes(), codec::encode(&account))?;
                jobs.insert(job.id.as_bytes(), codec::encode(&job))?;
                Ok(job)
            })?;
        self.counters.job_added(job.state);
        if price > 0 {
            self.counters.ledger_moved(
                LedgerReason::Debit,
                -(job.charge.free as i64),
                -(job.charge.paid as i64),
            );
        }
        self.durable()?;
        Ok(job)
    }

    pub fn job(&self, id: &str) -> Result<Job, StoreError> {
        get(&self.jobs, id.as_bytes())?.ok_or_else(|| StoreError::NotFound(format!("job {id}")))
    }

    /// The latest job of an account's chat thread.
    pub fn latest_in_chat(
        &self,
        account_id: &str,
        chat_id: &str,
    ) -> Result<Option<Job>, StoreError> {
        match self.chats.get(chat_key(account_id, chat_id))? {
            Some(id) => get(&self.jobs, &id),
            None => Ok(None),
        }
    }

    pub fn all_jobs(&self) -> Result<Vec<Job>, StoreError> {
        scan(&self.jobs)
    }

    /// An account's jobs, newest first (ids sort by creation time).
    pub fn jobs_of(&self, account_id: Option<&str>, limit: usize) -> Result<Vec<Job>, StoreError> {
        let mut out = Vec::new();
        for entry in self.jobs.iter().rev() {
            let (_, value) = entry?;
            let job: Job = codec::decode(&value)?;
            if account_id.is_none_or(|a| job.account_id == a) {
                out.push(job);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Change a job that has not settled. Returns `None` when it has
    /// (settled jobs are only changed by [`Store::settle_job`]).
    pub fn update_job(
        &self,
        seal: &Seal,
        id: &str,
        change: impl Fn(&mut Job),
    ) -> Result<Option<Job>, StoreError> {
        self.update_job_if(seal, id, |j| {
            change(j);
            true
        })
    }

    /// Change a job that has not settled when `change` says so (returns
    /// true); a compare-and-set, e.g. on the job's lease. `None` when the job
    /// has settled or `change` declined.
    pub fn update_job_if(
        &self,
        _: &Seal,
        id: &str,
        change: impl Fn(&mut Job) -> bool,
    ) -> Result<Option<Job>, StoreError> {
        let _gate = self.write_gate();
        loop {
            let Some(old) = self.jobs.get(id.as_bytes())? else {
                return Err(StoreError::NotFound(format!("job {id}")));
            };
            let mut job: Job = codec::decode(&old)?;
            if job.state.is_terminal() {
                return Ok(None);
            }
            let state_before = job.state;
            if !change(&mut job) {
                return Ok(None);
            }
            job.updated_at = now_ms();
            let new = codec::encode(&job);
            if self
                .jobs
                .compare_and_swap(id.as_bytes(), Some(old), Some(new))?
                .is_ok()
            {
                if job.state != state_before {
                    self.counters.job_moved(state_before, job.state);
                    self.durable()?;
                }
                return Ok(Some(job));
            }
        }
    }

    /// Settle a job once: record its outcome, its outputs (and their project),
    /// and refund a failed or canceled job's charge, all in one transaction.
    /// Returns `None` when the job had already settled.
    pub fn settle_job(
        &self,
        _: &Seal,
        id: &str,
        outcome: &Outcome,
    ) -> Result<Option<Job>, StoreError> {
        let _gate = self.write_gate();
        let settled = (
            &self.jobs,
            &self.accounts,
            &self.ledger,
            &self.files,
            &self.projects,
            &self.usage,
            &self.deliveries,
        )
            .transaction(
                |(jobs, accounts, ledger, files, projects, usage, deliveries)| {
                    let Some(mut job) = tx_get::<Job>(jobs, id.as_bytes())? else {
                        return abort(StoreError::NotFound(format!("job {id}")));
                    };
                    if job.state.is_terminal() {
                        return Ok(None);
                    }
                    let before = (job.state, job.refunded);
                    let now = now_ms();
                    job.finished_at = Some(now);
                    job.updated_at = now;
                    let refund = match outcome {
                        Outcome::Succeeded { outputs } => {
                            job.state = JobState::Succeeded;
                            job.progress = 1.0;
                            job.outputs = outputs.iter().map(|f| f.id.clone()).collect();
                            for f in outputs {
                                files.insert(f.id.as_bytes(), codec::encode(f))?;
                            }
                            if let Some(pid) = job.spec.project_id() {
                                if let Some(mut p) = tx_get::<Project>(projects, pid.as_bytes())? {
                                    p.output_file_ids.extend(job.outputs.iter().cloned());
                                    projects.insert(pid.as_bytes(), codec::encode(&p))?;
                                }
                            }
                            if let JobSpec::File(spec) = &job.spec {
                                let month = super::usage::month_of(job.created_at);
                                let key = super::usage::usage_key(&job.account_id, &month);
                                let mut used: super::usage::Usage = tx_get(usage, &key)?
                                    .unwrap_or_else(|| super::usage::Usage {
                                        account_id: job.account_id.clone(),
                                        month,
                                        ..Default::default()
                                    });
                                match spec.plan {
                                    crate::planner::Plan::Command { .. } => {
                                        used.command_jobs += 1;
                                        used.pipeline_steps += spec.bill.steps;
                                        used.amount_micros += spec.bill.amount_micros;
                                    }
                                    _ => used.chat_jobs += 1,
                                }
                                usage.insert(key.as_slice(), codec::encode(&used))?;
                            }
                            false
                        }
                        Outcome::Failed { code, message } => {
                            job.state = JobState::Failed;
                            job.error = Some(JobError {
                                code: *code,
                                message: message.clone(),
                            });
                            true
                        }
                        Outcome::Canceled { message } => {
                            job.state = JobState::Canceled;
                            job.error = Some(JobError {
                                code: JobErrorCode::Canceled,
                                message: message.clone(),
                            });
                            true
                        }
                    };
                    if refund && !job.refunded && job.charge.total() > 0 {
                        let Some(mut account) =
                            tx_get::<Account>(accounts, job.account_id.as_bytes())?
                        else {
                            return abort(StoreError::NotFound(format!(
                                "account {}",
                                job.account_id
                            )));
                        };
                        account.balance.free += job.charge.free;
                        account.balance.paid += job.charge.paid;
                        let mut entry = LedgerEntry::new(
                            &job.account_id,
                            job.charge.free as i64,
                            job.charge.paid as i64,
                            LedgerReason::Refund,
                        );
                        entry.job_id = Some(job.id.clone());
                        ledger.insert(entry.id.as_bytes(), codec::encode(&entry))?;
                        accounts.insert(account.id.as_bytes(), codec::encode(&account))?;
                        job.refunded = true;
                    }
                    // The webhook outbox entry commits with the settlement.
                    let delivery = job
                        .spec
                        .webhook_url()
                        .map(|url| super::deliveries::Delivery::new(&job.account_id, &job.id, url));
                    if let Some(d) = &delivery {
                        deliveries.insert(d.id.as_bytes(), codec::encode(d))?;
                    }
                    jobs.insert(job.id.as_bytes(), codec::encode(&job))?;
                    Ok(Some((job, before, delivery)))
                },
            )?;
        let settled = settled.map(|(job, (state, refunded), delivery)| {
            if let Some(d) = &delivery {
                self.outbox.noted(d);
            }
            self.counters.job_moved(state, job.state);
            self.counters
                .settled_at(job.finished_at.unwrap_or_else(now_ms), job.state);
            if job.refunded && !refunded {
                let (free, paid) = (job.charge.free as i64, job.charge.paid as i64);
                self.counters.ledger_moved(LedgerReason::Refund, free, paid);
            }
            job
        });
        self.durable()?;
        Ok(settled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{new_id, IdKind};
    use crate::store::test_support::{chat_job, store};
    use kiln_shared::model::{Balance, Bucket};

    const SEAL: Seal = Seal::for_tests();

    fn render_job(account: &str) -> Job {
        Job::new(
            new_id(IdKind::Job),
            account.to_string(),
            JobSpec::Render(RenderSpec {
                project_id: "prj_none".into(),
                input_file_id: "fil_x".into(),
                target_fps: 60,
                source_fps: 30.0,
                duration_secs: 2.0,
                watermark: true,
                webhook_url: None,
            }),
        )
    }

    #[test]
    fn accept_debits_free_first_and_refund_restores_each_bucket_once() {
        let (_dir, store) = store();
        let a = store.create_account("erin", "free", 3).unwrap();
        store.grant(&a.id, 10, Bucket::Paid).unwrap();
        let job = store
            .accept_job(&SEAL, render_job(&a.id), Admission::price(5))
            .unwrap();
        assert_eq!(job.state, JobState::Queued);
        assert_eq!(job.charge, Charge { free: 3, paid: 2 });
        assert_eq!(
            store.account(&a.id).unwrap().balance,
            Balance { free: 0, paid: 8 }
        );
        assert_eq!(codec::decode::<Job>(&codec::encode(&job)).unwrap(), job);

        let failed = Outcome::Failed {
            code: JobErrorCode::ExecutionFailed,
            message: "boom".into(),
        };
        let settled = store.settle_job(&SEAL, &job.id, &failed).unwrap().unwrap();
        assert!(settled.refunded);
        assert_eq!(
            store.account(&a.id).unwrap().balance,
            Balance { free: 3, paid: 10 }
        );
        assert!(store.settle_job(&SEAL, &job.id, &failed).unwrap().is_none());
        assert_eq!(
            store.account(&a.id).unwrap().balance,
            Balance { free: 3, paid: 10 }
        );
        assert!(store
            .update_job(&SEAL, &job.id, |j| j.progress = 0.5)
            .unwrap()
            .is_none());
    }

    #[test]
    fn chat_threads_are_found_by_index_and_rebuilt_by_the_migration() {
        let dir = tempfile::tempdir().unwrap();
        let (first, second, other);
        {
            let store = Store::open(dir.path()).unwrap();
            let a = store.create_account("hana", "free", 0).unwrap();
            let b = store.create_account("ivan", "free", 0).unwrap();
            first = store
                .accept_job(&SEAL, chat_job(&a.id, "chat_1", None), Admission::default())
                .unwrap();
            other = store
                .accept_job(&SEAL, chat_job(&b.id, "chat_1", None), Admission::default())
                .unwrap();
            // Ids order by millisecond; the migration has only that order.
            std::thread::sleep(std::time::Duration::from_millis(2));
            second = store
                .accept_job(&SEAL, chat_job(&a.id, "chat_1", None), Admission::default())
                .unwrap();
            let latest = store.latest_in_chat(&a.id, "chat_1").unwrap().unwrap();
            assert_eq!(latest.id, second.id);
            assert_eq!(
                store.latest_in_chat(&b.id, "chat_1").unwrap().unwrap().id,
                other.id
            );
            assert!(store.latest_in_chat(&a.id, "chat_2").unwrap().is_none());
            // As a store written before the index existed.
            store.chats.clear().unwrap();
            store
                .meta
                .insert(super::super::META_SCHEMA, &1u32.to_be_bytes())
                .unwrap();
            store.db.flush().unwrap();
        }
        let store = crate::store::test_support::reopen(dir.path()).unwrap();
        let latest = store.latest_in_chat(&first.account_id, "chat_1").unwrap();
        assert_eq!(latest.unwrap().id, second.id);
        assert_eq!(
            store
                .latest_in_chat(&other.account_id, "chat_1")
                .unwrap()
                .unwrap()
                .id,
            other.id
        );
    }

    #[test]
    fn short_balance_writes_nothing() {
        let (_dir, store) = store();
        let a = store.create_account("frank", "free", 4).unwrap();
        let job = render_job(&a.id);
        let id = job.id.clone();
        let err = store
            .accept_job(&SEAL, job, Admission::price(5))
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::InsufficientBalance {
                    needed: 5,
                    available: 4
                }
            ),
            "{err}"
        );
        assert!(matches!(store.job(&id), Err(StoreError::NotFound(_))));
        assert_eq!(store.account(&a.id).unwrap().balance.free, 4);
    }

    #[test]
    fn concurrent_accepts_never_overdraw() {
        let (_dir, store) = store();
        let a = store.create_account("gina", "free", 0).unwrap();
        store.grant(&a.id, 20, Bucket::Paid).unwrap();
        let accepted = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..10 {
                        if store
                            .accept_job(&SEAL, render_job(&a.id), Admission::price(1))
                            .is_ok()
                        {
                            accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                    }
                });
            }
        });
        assert_eq!(accepted.into_inner(), 20);
        assert_eq!(store.account(&a.id).unwrap().balance.total(), 0);
        assert!(store.audit().unwrap().is_clean());
    }
}

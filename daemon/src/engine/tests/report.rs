//! What a scenario left in the store, as a small stable text for snapshots:
//! the jobs (state, attempts, charge, refund, outputs, error), the account's
//! ledger and balance, the webhook outbox, the workers used, the blobs on
//! disk and the audit. Ids become labels (`job-1`, `out-1`) and times are
//! left out, so the same scenario always reads the same.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::harness::World;
use crate::store::{FileRole, Job, JobSpec, LedgerEntry, LedgerReason, Store};

pub struct Report<'a> {
    world: &'a World,
    store: &'a Store,
    jobs: Vec<Job>,
    labels: HashMap<String, String>,
    outputs: u32,
    out: String,
}

impl<'a> Report<'a> {
    pub fn new(world: &'a World, store: &'a Store, job_ids: &[&str]) -> Report<'a> {
        let jobs: Vec<Job> = job_ids.iter().map(|id| store.job(id).unwrap()).collect();
        let mut labels = HashMap::from([(world.account.clone(), "acme".to_string())]);
        for (i, job) in jobs.iter().enumerate() {
            labels.insert(job.id.clone(), format!("job-{}", i + 1));
        }
        Report {
            world,
            store,
            jobs,
            labels,
            outputs: 0,
            out: String::new(),
        }
    }

    pub fn render(mut self) -> String {
        self.jobs();
        self.ledger();
        self.outbox();
        self.workers_and_blobs();
        self.audit();
        self.out
    }

    fn line(&mut self, text: String) {
        let mut text = text;
        for (id, label) in &self.labels {
            text = text.replace(id.as_str(), label);
        }
        self.out.push_str(text.trim_end());
        self.out.push('\n');
    }

    fn jobs(&mut self) {
        self.line("jobs".into());
        for job in self.jobs.clone() {
            let (kind, step) = match &job.spec {
                JobSpec::Render(_) => ("render", String::new()),
                JobSpec::File(spec) => {
                    let steps = match &spec.plan {
                        crate::planner::Plan::Command { steps } => steps.len(),
                        _ => 0,
                    };
                    let step = match job.started_at {
                        Some(_) => format!("  step {}/{steps}", job.step + 1),
                        None => String::new(),
                    };
                    ("file", step)
                }
            };
            self.line(format!(
                "  {}  {kind}  {}  attempts {}{step}  charge {} free {} paid  {}",
                job.id,
                job.state.as_str(),
                job.attempts,
                job.charge.free,
                job.charge.paid,
                if job.refunded { "refunded" } else { "kept" },
            ));
            if let Some(e) = &job.error {
                self.line(format!("    error {}: {}", e.code, e.message));
            }
            for file_id in &job.outputs {
                self.output(&job, file_id);
            }
        }
    }

    fn output(&mut self, job: &Job, file_id: &str) {
        self.outputs += 1;
        self.labels
            .insert(file_id.to_string(), format!("out-{}", self.outputs));
        let file = self.store.file(file_id).unwrap();
        let on_disk = file
            .blob_id
            .as_deref()
            .and_then(|b| self.store.blobs().path(b))
            .is_some_and(|p| p.is_file());
        let belongs = file.role == FileRole::Output
            && file.account_id == job.account_id
            && file.job_id.as_deref() == Some(job.id.as_str())
            && file.expires_at.is_some()
            && !file.expired;
        self.line(format!(
            "    output {}  {}  {}  {} bytes  facts {}  {}  {}",
            file.id,
            file.filename,
            file.content_type,
            file.size,
            file.facts
                .as_ref()
                .map_or("-".into(), |f| format!("{:?}", f.format)),
            if on_disk { "stored" } else { "MISSING" },
            if belongs { "ok" } else { "WRONG RECORD" },
        ));
    }

    fn ledger(&mut self) {
        let mut entries = self.store.ledger_for(&self.world.account).unwrap();
        entries.sort_by_key(|e| (self.position(e.job_id.as_deref()), rank(e), e.at));
        self.line("ledger".into());
        for e in entries {
            self.line(format!(
                "  {:<6}  {:>+4} free  {:>+4} paid  {}",
                e.reason.as_str(),
                e.free,
                e.paid,
                e.job_id.unwrap_or_default()
            ));
        }
        let balance = self.store.account(&self.world.account).unwrap().balance;
        self.line(format!(
            "balance {} free, {} paid",
            balance.free, balance.paid
        ));
    }

    fn outbox(&mut self) {
        let mut deliveries: Vec<_> = self
            .store
            .list_deliveries(usize::MAX)
            .unwrap()
            .into_iter()
            .filter(|d| d.account_id == self.world.account)
            .collect();
        deliveries.sort_by_key(|d| self.position(Some(&d.job_id)));
        self.line("webhook outbox".into());
        for d in deliveries {
            self.line(format!(
                "  {}  {}  {}  attempts {}  {}",
                d.job_id,
                d.event,
                d.state.as_str(),
                d.attempts.len(),
                d.url
            ));
        }
    }

    fn workers_and_blobs(&mut self) {
        let (launched, killed) = self.world.fake.tally();
        self.line(format!("workers started {launched}, killed {killed}"));
        let mut referenced: HashSet<String> = [&self.world.video, &self.world.photo]
            .iter()
            .filter_map(|f| f.blob_id.clone())
            .collect();
        for job in &self.jobs {
            for id in &job.outputs {
                referenced.extend(self.store.file(id).unwrap().blob_id);
            }
        }
        let blobs = self.world.data_dir().join("blobs");
        let stored = stored_blobs(&blobs);
        let loose = stored.iter().filter(|b| !referenced.contains(*b)).count();
        let temp = std::fs::read_dir(blobs.join("tmp")).unwrap().count();
        self.line(format!(
            "blobs {} stored, {loose} unreferenced; {temp} left in tmp",
            stored.len()
        ));
    }

    fn audit(&mut self) {
        let audit = self.store.audit().unwrap();
        if audit.is_clean() {
            self.line("audit clean".into());
            return;
        }
        self.line("audit PROBLEMS".into());
        for p in audit.problems {
            self.line(format!("  {}", p.message));
        }
    }

    /// Where a job is in the report's list (entries naming no job first).
    fn position(&self, job_id: Option<&str>) -> usize {
        match job_id {
            None => 0,
            Some(id) => 1 + self.jobs.iter().position(|j| j.id == id).unwrap_or(99),
        }
    }
}

fn rank(e: &LedgerEntry) -> u8 {
    match e.reason {
        LedgerReason::Signup => 0,
        LedgerReason::Grant => 1,
        LedgerReason::Debit => 2,
        LedgerReason::Refund => 3,
    }
}

/// Blob ids under `blobs/<shard>/`.
fn stored_blobs(root: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for shard in std::fs::read_dir(root).unwrap() {
        let shard = shard.unwrap().path();
        if shard.file_name().is_some_and(|n| n == "tmp") {
            continue;
        }
        for blob in std::fs::read_dir(&shard).unwrap() {
            ids.push(blob.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    ids
}

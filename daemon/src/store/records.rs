//! Record retention: settled jobs, finished webhook deliveries and the
//! records of files whose bytes are gone are removed once older than a
//! cutoff, so the database stops growing with the work it has done. What
//! money needs stays: the ledger and the monthly usage summaries are never
//! touched (the audit accepts ledger entries whose job has gone), and a
//! project's renders stay as long as the project, which goes with them once
//! the newest of its jobs is past the cutoff and its files are gone.

use sled::Transactional;

use super::codec;
use super::deliveries::{Delivery, DeliveryState};
use super::files::FileRecord;
use super::jobs::{chat_key, Job, JobSpec};
use super::projects::Project;
use super::{Store, StoreError};

/// What one pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retired {
    pub jobs: u64,
    pub projects: u64,
    pub files: u64,
    pub deliveries: u64,
}

impl Retired {
    pub fn is_empty(&self) -> bool {
        *self == Retired::default()
    }
}

impl Store {
    /// Removes the records settled or expired before `before` (unix ms).
    pub fn retire_records(&self, before: u64) -> Result<Retired, StoreError> {
        let mut retired = Retired::default();
        self.retire_projects(before, &mut retired)?;
        self.retire_file_jobs(before, &mut retired)?;
        self.retire_files(before, &mut retired)?;
        self.retire_deliveries(before, &mut retired)?;
        Ok(retired)
    }

    /// Each pass reads only records made before the cutoff: ids sort by
    /// creation time, and nothing made after it can have ended before it.
    fn retire_projects(&self, before: u64, retired: &mut Retired) -> Result<(), StoreError> {
        for value in self.projects.iter().values() {
            let project: Project = codec::decode(&value?)?;
            if project.created_at >= before {
                break;
            }
            let mut jobs = Vec::new();
            let mut done = true;
            for id in &project.job_ids {
                match super::get::<Job>(&self.jobs, id.as_bytes())? {
                    Some(job) if job.finished_at.is_some_and(|t| t < before) => jobs.push(job),
                    Some(_) => done = false,
                    None => {}
                }
            }
            let file_ids = project
                .input_file_ids
                .iter()
                .chain(&project.output_file_ids);
            let mut files = Vec::new();
            for id in file_ids {
                if let Some(f) = super::get::<FileRecord>(&self.files, id.as_bytes())? {
                    done &= gone_before(&f, before);
                    files.push(f.id);
                }
            }
            if !done {
                continue;
            }
            let _gate = self.write_gate();
            (&self.projects, &self.jobs, &self.files, &self.shares).transaction(
                |(projects, jobs_tree, files_tree, shares)| {
                    projects.remove(project.id.as_bytes())?;
                    if let Some(token) = &project.share_token {
                        shares.remove(token.as_bytes())?;
                    }
                    for job in &jobs {
                        jobs_tree.remove(job.id.as_bytes())?;
                    }
                    for id in &files {
                        files_tree.remove(id.as_bytes())?;
                    }
                    Ok::<_, sled::transaction::ConflictableTransactionError<StoreError>>(())
                },
            )?;
            for job in &jobs {
                self.counters.job_removed(job.state);
            }
            retired.projects += 1;
            retired.jobs += jobs.len() as u64;
            retired.files += files.len() as u64;
        }
        Ok(())
    }

    /// File-automation jobs, oldest first.
    fn retire_file_jobs(&self, before: u64, retired: &mut Retired) -> Result<(), StoreError> {
        for value in self.jobs.iter().values() {
            let job: Job = codec::decode(&value?)?;
            if job.created_at >= before {
                break;
            }
            let JobSpec::File(spec) = &job.spec else {
                continue;
            };
            if !job.state.is_terminal() || job.finished_at.is_none_or(|t| t >= before) {
                continue;
            }
            let chat = chat_key(&job.account_id, &spec.chat_id);
            let _gate = self.write_gate();
            (&self.jobs, &self.chats).transaction(|(jobs, chats)| {
                jobs.remove(job.id.as_bytes())?;
                // The thread's index names its latest job; once that one has
                // gone the thread has too.
                if chats.get(&chat)?.is_some_and(|id| id == job.id.as_bytes()) {
                    chats.remove(chat.as_slice())?;
                }
                Ok::<_, sled::transaction::ConflictableTransactionError<StoreError>>(())
            })?;
            self.counters.job_removed(job.state);
            retired.jobs += 1;
        }
        Ok(())
    }

    /// Records of files outside projects whose bytes were deleted before
    /// the cutoff (a project's files go with the project).
    fn retire_files(&self, before: u64, retired: &mut Retired) -> Result<(), StoreError> {
        for value in self.files.iter().values() {
            let file: FileRecord = codec::decode(&value?)?;
            if file.created_at >= before {
                break;
            }
            if file.project_id.is_some() || !gone_before(&file, before) {
                continue;
            }
            let _gate = self.write_gate();
            self.files.remove(file.id.as_bytes())?;
            retired.files += 1;
        }
        Ok(())
    }

    fn retire_deliveries(&self, before: u64, retired: &mut Retired) -> Result<(), StoreError> {
        for value in self.deliveries.iter().values() {
            let d: Delivery = codec::decode(&value?)?;
            if d.created_at >= before {
                break;
            }
            let finished = d.state != DeliveryState::Pending;
            let last = d.attempts.last().map_or(d.created_at, |a| a.at);
            if finished && last < before {
                let _gate = self.write_gate();
                self.deliveries.remove(d.id.as_bytes())?;
                retired.deliveries += 1;
            }
        }
        Ok(())
    }
}

/// Whether a file's bytes were gone (expired, or never uploaded) before `before`.
fn gone_before(f: &FileRecord, before: u64) -> bool {
    f.expired && f.expires_at.or(f.upload_expires_at).unwrap_or(f.created_at) < before
}

#[cfg(test)]
mod tests {
    use kiln_shared::model::{Bucket, JobErrorCode, JobState};

    use super::*;
    use crate::clock::now_ms;
    use crate::engine::Seal;
    use crate::ids::{new_id, IdKind};
    use crate::store::counters::Counters;
    use crate::store::files::FileRole;
    use crate::store::jobs::{Admission, Outcome, RenderSpec};
    use crate::store::test_support::{chat_job, reopen, store};

    const SEAL: Seal = Seal::for_tests();
    const HOOK: Option<&str> = Some("https://example.com/hook");

    fn file(account: &str, project: Option<&str>, role: FileRole) -> FileRecord {
        FileRecord {
            id: new_id(IdKind::File),
            account_id: account.into(),
            project_id: project.map(str::to_string),
            role,
            filename: "clip.mp4".into(),
            content_type: "video/mp4".into(),
            blob_id: None,
            size: 0,
            media: None,
            facts: None,
            job_id: None,
            created_at: now_ms(),
            upload_expires_at: None,
            expires_at: Some(now_ms()),
            expired: false,
        }
    }

    fn failed() -> Outcome {
        Outcome::Failed {
            code: JobErrorCode::ExecutionFailed,
            message: "boom".into(),
        }
    }

    /// Counters equal to what a full recount of the store finds (recent
    /// settlements are events: they stay counted when retention removes
    /// the jobs, so they are compared where nothing was removed).
    fn assert_counts_match(store: &Store) {
        let jobs = store.all_jobs().unwrap();
        let ledger = store.all_ledger().unwrap();
        let now = now_ms();
        let recount = Counters::recount(jobs.into_iter(), ledger.iter()).now(now);
        let kept = store.counters.now(now);
        assert_eq!(kept.jobs_by_state, recount.jobs_by_state);
        assert_eq!(kept.ledger, recount.ledger);
        assert_eq!(kept.ledger_entries, recount.ledger_entries);
    }

    #[test]
    fn counters_equal_a_recount_after_a_mixed_workload_and_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            let a = store.create_account("ada", "free", 50).unwrap();
            store.grant(&a.id, 40, Bucket::Paid).unwrap();
            for i in 0..30u64 {
                let job = store
                    .accept_job(&SEAL, chat_job(&a.id, "c", HOOK), Admission::price(i % 4))
                    .unwrap();
                match i % 5 {
                    0 => {}
                    1 => {
                        store
                            .update_job(&SEAL, &job.id, |j| j.state = JobState::Running)
                            .unwrap();
                    }
                    2 => {
                        store.settle_job(&SEAL, &job.id, &failed()).unwrap();
                    }
                    3 => {
                        let canceled = Outcome::Canceled {
                            message: "no".into(),
                        };
                        store.settle_job(&SEAL, &job.id, &canceled).unwrap();
                    }
                    _ => {
                        let done = Outcome::Succeeded { outputs: vec![] };
                        store.settle_job(&SEAL, &job.id, &done).unwrap();
                        // Settling twice changes nothing, counters included.
                        store.settle_job(&SEAL, &job.id, &failed()).unwrap();
                    }
                }
            }
            assert_counts_match(&store);
            let all = store.all_jobs().unwrap();
            let recount = Counters::recount(all.into_iter(), [].iter()).now(now_ms());
            let counts = store.counts();
            assert_eq!(
                (counts.settled_last_minute, counts.failed_last_hour),
                (recount.settled_last_minute, recount.failed_last_hour)
            );
            assert_eq!(counts.jobs(), 30);
            assert_eq!(counts.settled_last_minute, 18);
            assert_eq!(counts.failed_last_hour, 6);
        }
        let store = reopen(dir.path()).unwrap();
        assert_counts_match(&store);
        assert_eq!(store.counts().jobs(), 30);
    }

    #[test]
    fn retention_removes_settled_work_and_keeps_the_money_exact() {
        let (_dir, store) = store();
        let a = store.create_account("bo", "free", 100).unwrap();
        let mut settled = Vec::new();
        for i in 0..6u64 {
            let job = store
                .accept_job(
                    &SEAL,
                    chat_job(&a.id, &format!("c{i}"), HOOK),
                    Admission::price(3),
                )
                .unwrap();
            let outcome = if i % 2 == 0 {
                failed()
            } else {
                Outcome::Succeeded { outputs: vec![] }
            };
            store.settle_job(&SEAL, &job.id, &outcome).unwrap();
            settled.push(job.id);
        }
        let running = store
            .accept_job(&SEAL, chat_job(&a.id, "live", HOOK), Admission::price(3))
            .unwrap();
        store
            .update_job(&SEAL, &running.id, |j| j.state = JobState::Running)
            .unwrap();
        // A file outside projects whose bytes are gone, one still kept.
        let gone = file(&a.id, None, FileRole::Input);
        let kept = file(&a.id, None, FileRole::Input);
        store.put_file(&gone).unwrap();
        store.put_file(&kept).unwrap();
        store.mark_file_expired(&gone.id).unwrap();
        let balance = store.account(&a.id).unwrap().balance;
        let ledger = store.all_ledger().unwrap();
        let month = crate::store::usage::month_of(now_ms());
        let usage = store.usage(&a.id, &month).unwrap();
        assert!(!store.list_deliveries(100).unwrap().is_empty());

        // Nothing is old enough yet.
        let early = store.retire_records(now_ms() - 60_000).unwrap();
        assert!(early.is_empty(), "{early:?}");

        std::thread::sleep(std::time::Duration::from_millis(5));
        let retired = store.retire_records(now_ms()).unwrap();
        assert_eq!(retired.jobs, 6, "{retired:?}");
        assert_eq!(retired.files, 1);
        for id in &settled {
            assert!(matches!(store.job(id), Err(StoreError::NotFound(_))));
        }
        assert_eq!(store.job(&running.id).unwrap().state, JobState::Running);
        assert!(store.file(&kept.id).is_ok());
        assert!(store.file(&gone.id).is_err());
        // Pending deliveries stay until they are sent.
        assert_eq!(retired.deliveries, 0);
        // A removed thread's index goes with its job; a live one stays.
        assert!(store.latest_in_chat(&a.id, "c0").unwrap().is_none());
        assert!(store.latest_in_chat(&a.id, "live").unwrap().is_some());
        // Money: balances, the ledger and the monthly usage are untouched.
        assert_eq!(store.account(&a.id).unwrap().balance, balance);
        assert_eq!(store.all_ledger().unwrap(), ledger);
        assert_eq!(store.usage(&a.id, &month).unwrap(), usage);
        let audit = store.audit().unwrap();
        assert!(audit.is_clean(), "{:?}", audit.problems);
        assert_counts_match(&store);
        assert_eq!(store.counts().jobs(), 1);
    }

    #[test]
    fn a_project_and_its_renders_go_together_once_its_files_are_gone() {
        let (_dir, store) = store();
        let a = store.create_account("cy", "free", 100).unwrap();
        let project = Project {
            id: new_id(IdKind::Project),
            account_id: a.id.clone(),
            name: "clip.mp4".into(),
            created_at: now_ms(),
            input_file_ids: vec![],
            output_file_ids: vec![],
            job_ids: vec![],
            share_token: None,
            shared_at: None,
        };
        let input = file(&a.id, Some(&project.id), FileRole::Input);
        let project = Project {
            input_file_ids: vec![input.id.clone()],
            ..project
        };
        store
            .create_project_with_input(&project, &input, None)
            .unwrap();
        let render = Job::new(
            new_id(IdKind::Job),
            a.id.clone(),
            JobSpec::Render(RenderSpec {
                project_id: project.id.clone(),
                input_file_id: input.id.clone(),
                target_fps: 60,
                source_fps: 30.0,
                duration_secs: 2.0,
                watermark: true,
                webhook_url: None,
            }),
        );
        let render = store
            .accept_job(&SEAL, render, Admission::price(10))
            .unwrap();
        let output = FileRecord {
            job_id: Some(render.id.clone()),
            ..file(&a.id, Some(&project.id), FileRole::Output)
        };
        let done = Outcome::Succeeded {
            outputs: vec![output.clone()],
        };
        store.settle_job(&SEAL, &render.id, &done).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));

        // Its files are still kept: the project and its history stay.
        let kept = store.retire_records(now_ms()).unwrap();
        assert!(kept.is_empty(), "{kept:?}");
        assert!(store.job(&render.id).is_ok());

        store.mark_file_expired(&input.id).unwrap();
        store.mark_file_expired(&output.id).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let retired = store.retire_records(now_ms()).unwrap();
        assert_eq!(
            retired,
            Retired {
                jobs: 1,
                projects: 1,
                files: 2,
                deliveries: 0
            }
        );
        assert!(store.project(&project.id).is_err());
        assert!(store.job(&render.id).is_err());
        let audit = store.audit().unwrap();
        assert!(audit.is_clean(), "{:?}", audit.problems);
        assert_counts_match(&store);
    }
}

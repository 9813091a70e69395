//! The retention sweeper: deletes the bytes of files past their retention
//! (and of uploads never made) and marks their records expired; forgets
//! idempotency keys older than a day and, past `retention.records_days`,
//! the records of settled work (see `store::records`). When the disk runs low it is run at
//! once, oldest first, with an event for each file it frees.

use kiln_shared::model::{EventLevel, EventTopic};

use super::events::EventDraft;
use super::Engine;
use crate::clock::now_ms;
use crate::store::{FileRecord, StoreError};

pub(super) async fn sweep_loop(engine: Engine) {
    let every = engine.config().sweep_every;
    loop {
        tokio::time::sleep(every).await;
        if engine.is_stopping() {
            return;
        }
        engine.sweep_now(false).await;
    }
}

impl Engine {
    /// One retention pass now; under disk `pressure` each freed file is an
    /// event of its own. Returns how many files expired.
    pub async fn sweep_now(&self, pressure: bool) -> usize {
        let engine = self.clone();
        // Its own task: a panic in it is logged, not the sweeper's end.
        let swept = tokio::spawn(async move { sweep(&engine).await }).await;
        let system = || EventDraft {
            topic: EventTopic::System,
            ..Default::default()
        };
        match swept {
            Ok(Ok(files)) if pressure => {
                for f in &files {
                    let draft = EventDraft {
                        account_id: Some(f.account_id.clone()),
                        ..system()
                    };
                    let message = format!(
                        "disk low: purged {} ({}, {} bytes) past its retention",
                        f.id, f.filename, f.size
                    );
                    self.events().emit(EventLevel::Warn, draft, message);
                }
                files.len()
            }
            Ok(Ok(files)) => {
                if !files.is_empty() {
                    let n = files.len();
                    self.events()
                        .info(system(), format!("retention: expired {n} file(s)"));
                }
                files.len()
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "retention sweep failed");
                0
            }
            Err(e) => {
                tracing::warn!(error = %e, "retention sweep task failed");
                0
            }
        }
    }
}

/// One pass, oldest files first; returns the files expired. Each file's
/// bytes (with S3, its object, and the object of a direct upload never
/// taken in) are deleted before its record is marked expired.
pub(crate) async fn sweep(engine: &Engine) -> Result<Vec<FileRecord>, StoreError> {
    let store = engine.store();
    let mut due = store.run(|s| s.files_due_for_expiry(now_ms())).await?;
    due.sort_by_key(|f| f.expires_at.or(f.upload_expires_at).unwrap_or(0));
    for file in &due {
        match &file.blob_id {
            Some(blob) => {
                store.blobs().remove(blob).await?;
            }
            None => {
                if let Some(s3) = store.blobs().s3() {
                    s3.delete(&s3.upload_key(&file.id)).await?;
                }
            }
        }
        let id = file.id.clone();
        store.run(move |s| s.mark_file_expired(&id)).await?;
    }
    let records_kept = engine.config().records_kept;
    store
        .run(move |store| {
            let keep = crate::store::idempotency::KEEP_MS;
            store.purge_idempotency(now_ms().saturating_sub(keep))?;
            if let Some(kept) = records_kept {
                let retired =
                    store.retire_records(now_ms().saturating_sub(kept.as_millis() as u64))?;
                if !retired.is_empty() {
                    tracing::info!(
                        jobs = retired.jobs,
                        projects = retired.projects,
                        files = retired.files,
                        deliveries = retired.deliveries,
                        "record retention"
                    );
                }
            }
            Ok(())
        })
        .await?;
    Ok(due)
}

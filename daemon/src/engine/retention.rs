//! The retention sweeper: deletes the bytes of files past their retention
//! (and of uploads never made) and marks their records expired; forgets
//! idempotency keys older than a day.

use super::events::EventDraft;
use super::Engine;
use crate::clock::now_ms;
use kiln_shared::model::EventTopic;

pub(super) async fn sweep_loop(engine: Engine) {
    let every = engine.config().sweep_every;
    loop {
        tokio::time::sleep(every).await;
        if engine.is_stopping() {
            return;
        }
        let engine2 = engine.clone();
        match tokio::task::spawn_blocking(move || sweep(&engine2)).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => engine.events().info(
                EventDraft {
                    topic: EventTopic::System,
                    ..Default::default()
                },
                format!("retention: expired {n} file(s)"),
            ),
            Ok(Err(e)) => tracing::warn!(error = %e, "retention sweep failed"),
            Err(e) => tracing::warn!(error = %e, "retention sweep task failed"),
        }
    }
}

/// One pass; returns how many files expired.
pub(crate) fn sweep(engine: &Engine) -> Result<usize, crate::store::StoreError> {
    let store = engine.store();
    let due = store.files_due_for_expiry(now_ms())?;
    for file in &due {
        if let Some(blob) = &file.blob_id {
            store.blobs().remove(blob)?;
        }
        store.mark_file_expired(&file.id)?;
    }
    let keep = crate::store::idempotency::KEEP_MS;
    store.purge_idempotency(now_ms().saturating_sub(keep))?;
    Ok(due.len())
}

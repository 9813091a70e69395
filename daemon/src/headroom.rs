//! The headroom watcher: measures free space every few seconds, says so
//! (log once, engine event, systemd status) when it crosses the reserve,
//! purges files past retention while it is low, keeps the ballast in place
//! while there is room, and asks for a restart once a failed store has room
//! again (sled writes nothing more after a failed write; a fresh process
//! reopens it from its log, keeping every acknowledged write).

use std::sync::Arc;
use std::time::Duration;

use kiln_shared::model::{EventLevel, EventTopic};
use tokio::sync::Notify;

use crate::context::AppState;
use crate::disk::{self, DiskError, DiskState};
use crate::engine::events::EventDraft;
use crate::notify::Notifier;

/// Runs until the engine stops; notifies `restart` when the process should
/// start again.
pub async fn watch(state: AppState, notifier: Arc<Notifier>, restart: Arc<Notify>) {
    let every = Duration::from_secs(state.config().disk.check_secs);
    let mut restart_asked = false;
    let mut ballast_warned = false;
    while state.engine().is_running() {
        match state.disk().check() {
            Ok((now, changed)) => {
                if changed {
                    announce(&state, &notifier, &now);
                }
                if now.low {
                    state.engine().sweep_now(true).await;
                } else if let Err(e) = keep_ballast(&state).await {
                    if !std::mem::replace(&mut ballast_warned, true) {
                        tracing::warn!(error = %e, "writing the ballast failed");
                    }
                }
                if state.store().has_failed() && !restart_asked {
                    notifier.send("STATUS=store failed: intake shut until it reopens");
                    if !now.low {
                        tracing::warn!("the disk has room again; restarting to reopen the store");
                        restart_asked = true;
                        restart.notify_one();
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "measuring free space failed"),
        }
        tokio::time::sleep(every).await;
    }
}

fn announce(state: &AppState, notifier: &Notifier, now: &DiskState) {
    let draft = EventDraft {
        topic: EventTopic::System,
        ..Default::default()
    };
    let (free, reserve) = (now.free_bytes / 1_048_576, now.reserve_bytes / 1_048_576);
    if now.low {
        let message = format!(
            "disk nearly full ({free} MB free, reserve {reserve} MB): new uploads and jobs are refused (507)"
        );
        tracing::warn!("{message}");
        notifier.send(&format!("STATUS={message}"));
        state
            .engine()
            .events()
            .emit(EventLevel::Warn, draft, message);
    } else {
        let message = format!("disk has room again ({free} MB free): intake resumes");
        tracing::info!("{message}");
        notifier.send("STATUS=serving");
        state.engine().events().info(draft, message);
    }
}

/// Write the ballast back once there is room for it and the reserve.
async fn keep_ballast(state: &AppState) -> Result<(), DiskError> {
    let config = state.config();
    let bytes = config.disk.ballast_mb * 1_048_576;
    let room = state.disk().headroom();
    let dir = config.data_dir.clone();
    let task_failed = |e: tokio::task::JoinError| DiskError::Io {
        what: "writing the ballast into",
        path: config.data_dir.clone(),
        source: std::io::Error::other(e),
    };
    let written = tokio::task::spawn_blocking(move || disk::ensure_ballast(&dir, bytes, room))
        .await
        .map_err(task_failed)??;
    if written {
        tracing::info!(bytes, "ballast file written");
    }
    Ok(())
}

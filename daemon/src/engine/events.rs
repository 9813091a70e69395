//! Engine events: a numbered ring buffer in memory that readers page through
//! with "events since N", waiting for new ones (the console's live feed).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use kiln_shared::model::{EngineEvent, EventLevel, EventPage};
use tokio::sync::Notify;

use crate::clock::now_ms;
use kiln_shared::model::EventTopic;

/// Events kept for late readers; older ones are dropped (readers see a gap).
const CAPACITY: usize = 10_000;
/// Most events returned by one read.
const PAGE: usize = 1_000;

pub struct EventBus {
    boot_id: String,
    inner: Mutex<Ring>,
    notify: Notify,
}

struct Ring {
    events: VecDeque<EngineEvent>,
    next_seq: u64,
}

/// What an event is about; the bus fills in the number and time.
#[derive(Debug, Default)]
pub struct EventDraft {
    pub topic: EventTopic,
    pub job_id: Option<String>,
    pub account_id: Option<String>,
    pub slot: Option<u32>,
}

impl EventBus {
    pub fn new() -> EventBus {
        EventBus {
            boot_id: crate::ids::new_id(crate::ids::IdKind::Ledger).replace("led_", "boot_"),
            inner: Mutex::new(Ring {
                events: VecDeque::with_capacity(1024),
                next_seq: 1,
            }),
            notify: Notify::new(),
        }
    }

    pub fn emit(&self, level: EventLevel, draft: EventDraft, message: impl Into<String>) {
        let message = message.into();
        match level {
            EventLevel::Info => {
                tracing::info!(topic = draft.topic.as_str(), job = ?draft.job_id, "{message}")
            }
            EventLevel::Warn => {
                tracing::warn!(topic = draft.topic.as_str(), job = ?draft.job_id, "{message}")
            }
            EventLevel::Error => {
                tracing::error!(topic = draft.topic.as_str(), job = ?draft.job_id, "{message}")
            }
        }
        let mut ring = self.inner.lock().expect("event ring lock");
        let event = EngineEvent {
            seq: ring.next_seq,
            at: now_ms(),
            level,
            topic: draft.topic,
            job_id: draft.job_id,
            account_id: draft.account_id,
            slot: draft.slot,
            message,
        };
        ring.next_seq += 1;
        if ring.events.len() == CAPACITY {
            ring.events.pop_front();
        }
        ring.events.push_back(event);
        drop(ring);
        self.notify.notify_waiters();
    }

    pub fn info(&self, draft: EventDraft, message: impl Into<String>) {
        self.emit(EventLevel::Info, draft, message)
    }

    pub fn last_seq(&self) -> u64 {
        self.inner.lock().expect("event ring lock").next_seq - 1
    }

    /// This run's id: sequence numbers restart with it.
    pub fn boot_id(&self) -> &str {
        &self.boot_id
    }

    /// The events after `since` kept now, without waiting.
    pub fn page(&self, since: u64) -> EventPage {
        let ring = self.inner.lock().expect("event ring lock");
        let first = ring.events.front().map(|e| e.seq).unwrap_or(ring.next_seq);
        let events: Vec<EngineEvent> = ring
            .events
            .iter()
            .filter(|e| e.seq > since)
            .take(PAGE)
            .cloned()
            .collect();
        let next_seq = events
            .last()
            .map(|e| e.seq)
            .unwrap_or(since.min(ring.next_seq - 1));
        EventPage {
            boot_id: self.boot_id.clone(),
            gap: since + 1 < first && since < ring.next_seq - 1,
            events,
            next_seq,
        }
    }

    /// Events after `since`; waits up to `wait` for one when there are none.
    pub async fn since(&self, since: u64, wait: Duration) -> EventPage {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let notified = self.notify.notified();
            let page = self.page(since);
            if !page.events.is_empty() || tokio::time::Instant::now() >= deadline {
                return page;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.page(since);
            }
        }
    }
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn readers_page_and_wait() {
        let bus = std::sync::Arc::new(EventBus::new());
        bus.info(
            EventDraft {
                topic: EventTopic::System,
                ..Default::default()
            },
            "one",
        );
        let page = bus.since(0, Duration::ZERO).await;
        assert_eq!(page.events.len(), 1);
        assert_eq!(page.next_seq, 1);
        assert!(!page.gap);

        let waiter = {
            let bus = bus.clone();
            tokio::spawn(async move { bus.since(1, Duration::from_secs(5)).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        bus.info(
            EventDraft {
                topic: EventTopic::Job,
                ..Default::default()
            },
            "two",
        );
        let page = waiter.await.unwrap();
        assert_eq!(page.events[0].message, "two");
        assert_eq!(page.next_seq, 2);

        let empty = bus.since(2, Duration::from_millis(10)).await;
        assert!(empty.events.is_empty());
        assert_eq!(empty.next_seq, 2);
    }
}

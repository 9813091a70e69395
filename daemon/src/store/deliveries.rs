//! Webhook deliveries (the outbox) and per-account signing secrets.
//! A delivery is written in the same transaction that settles its job, so a
//! crash between the two can never lose it.

use base64::Engine as _;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::codec::{self, Record};
use super::{get, Store, StoreError};
use crate::clock::now_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    Delivered,
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub at: u64,
    pub status: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// Sortable record id (`dlv_…`).
    pub id: String,
    /// The id receivers see (`X-Refile-Delivery`, `webhook-id`): a UUID.
    pub uuid: String,
    pub account_id: String,
    pub job_id: String,
    pub url: String,
    pub event: String,
    pub created_at: u64,
    pub state: DeliveryState,
    pub attempts: Vec<Attempt>,
    pub next_attempt_at: Option<u64>,
    /// The body, fixed at the first attempt so every retry sends the same bytes.
    pub body: Option<String>,
}

impl Record for Delivery {
    const KIND: &'static str = "webhook delivery";
    const VERSION: u8 = 1;
}

impl Delivery {
    pub fn new(account_id: &str, job_id: &str, url: &str) -> Delivery {
        Delivery {
            id: crate::ids::new_id(crate::ids::IdKind::Delivery),
            uuid: uuid::Uuid::new_v4().to_string(),
            account_id: account_id.into(),
            job_id: job_id.into(),
            url: url.into(),
            event: "job.settled".into(),
            created_at: now_ms(),
            state: DeliveryState::Pending,
            attempts: Vec::new(),
            next_attempt_at: Some(now_ms()),
            body: None,
        }
    }
}

/// An account's webhook signing secrets: the current one and, for a grace
/// period after a rotation, the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSecret {
    pub account_id: String,
    /// `whsec_` + base64 of 32 random bytes (the Standard Webhooks form).
    pub current: String,
    pub previous: Option<String>,
    pub previous_valid_until: Option<u64>,
    pub rotated_at: u64,
}

impl Record for WebhookSecret {
    const KIND: &'static str = "webhook secret";
    const VERSION: u8 = 1;
}

impl WebhookSecret {
    /// The secrets to sign with now: current, then previous while in grace.
    /// The secrets deliveries are signed with now: the current one, then
    /// the previous one during a rotation's grace period.
    pub fn signing_secrets(&self, now: u64) -> Vec<&str> {
        let mut secrets = vec![self.current.as_str()];
        if let (Some(prev), Some(until)) = (&self.previous, self.previous_valid_until) {
            if now < until {
                secrets.push(prev);
            }
        }
        secrets
    }
}

/// The Standard Webhooks HMAC key of a `whsec_…` secret: the bytes its
/// base64 part decodes to.
pub fn secret_bytes(secret: &str) -> Vec<u8> {
    let b64 = secret.strip_prefix("whsec_").unwrap_or(secret);
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap_or_else(|_| secret.as_bytes().to_vec())
}

fn fresh_secret() -> String {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

impl Store {
    pub fn delivery(&self, id: &str) -> Result<Delivery, StoreError> {
        get(&self.deliveries, id.as_bytes())?
            .ok_or_else(|| StoreError::NotFound(format!("delivery {id}")))
    }

    pub fn put_delivery(&self, d: &Delivery) -> Result<(), StoreError> {
        let _gate = self.write_gate();
        self.deliveries.insert(d.id.as_bytes(), codec::encode(d))?;
        self.outbox.noted(d);
        self.durable()
    }

    /// Newest first.
    pub fn list_deliveries(&self, limit: usize) -> Result<Vec<Delivery>, StoreError> {
        let mut out = Vec::new();
        for entry in self.deliveries.iter().rev() {
            let (_, v) = entry?;
            out.push(codec::decode(&v)?);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// Pending deliveries whose next attempt is due (read through the
    /// outbox, never by scanning every delivery ever made).
    pub fn due_deliveries(&self, now: u64) -> Result<Vec<Delivery>, StoreError> {
        let mut due = Vec::new();
        for id in self.outbox.ids() {
            match get::<Delivery>(&self.deliveries, id.as_bytes())? {
                Some(d) if d.state == DeliveryState::Pending => {
                    if d.next_attempt_at.is_some_and(|t| t <= now) {
                        due.push(d);
                    }
                }
                Some(d) => self.outbox.noted(&d),
                None => self.outbox.forget(&id),
            }
        }
        Ok(due)
    }

    /// The account's secret, made on first use.
    pub fn webhook_secret(&self, account_id: &str) -> Result<WebhookSecret, StoreError> {
        let _gate = self.write_gate();
        if let Some(s) = get(&self.webhook_secrets, account_id.as_bytes())? {
            return Ok(s);
        }
        let made = WebhookSecret {
            account_id: account_id.into(),
            current: fresh_secret(),
            previous: None,
            previous_valid_until: None,
            rotated_at: now_ms(),
        };
        let _ = self.webhook_secrets.compare_and_swap(
            account_id.as_bytes(),
            None::<&[u8]>,
            Some(codec::encode(&made)),
        )?;
        self.durable()?;
        get(&self.webhook_secrets, account_id.as_bytes())?
            .ok_or_else(|| StoreError::Invalid("webhook secret vanished".into()))
    }

    /// A new current secret; the old one keeps signing for `grace_ms`.
    pub fn rotate_webhook_secret(
        &self,
        account_id: &str,
        grace_ms: u64,
    ) -> Result<WebhookSecret, StoreError> {
        let _gate = self.write_gate();
        self.account(account_id)?;
        let old = get::<WebhookSecret>(&self.webhook_secrets, account_id.as_bytes())?;
        let now = now_ms();
        let rotated = WebhookSecret {
            account_id: account_id.into(),
            current: fresh_secret(),
            previous: old.as_ref().map(|o| o.current.clone()),
            previous_valid_until: old.map(|_| now + grace_ms),
            rotated_at: now,
        };
        self.webhook_secrets
            .insert(account_id.as_bytes(), codec::encode(&rotated))?;
        self.durable()?;
        Ok(rotated)
    }
}

/// The ids of pending deliveries, in memory: filled by one scan when the
/// store opens, then kept as deliveries are written.
#[derive(Debug, Default)]
pub(crate) struct Outbox(std::sync::Mutex<std::collections::BTreeSet<String>>);

impl Outbox {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeSet<String>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A delivery as written: kept while pending, dropped once settled.
    pub(crate) fn noted(&self, d: &Delivery) {
        if d.state == DeliveryState::Pending {
            self.lock().insert(d.id.clone());
        } else {
            self.lock().remove(&d.id);
        }
    }

    fn forget(&self, id: &str) {
        self.lock().remove(id);
    }

    fn ids(&self) -> Vec<String> {
        self.lock().iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::store;

    #[test]
    fn secrets_rotate_with_grace_and_deliveries_round_trip() {
        let (_dir, store) = store();
        let a = store.create_account("hooks", "free", 0).unwrap();
        let first = store.webhook_secret(&a.id).unwrap();
        assert_eq!(store.webhook_secret(&a.id).unwrap(), first, "made once");
        assert_eq!(secret_bytes(&first.current).len(), 32);
        let rotated = store.rotate_webhook_secret(&a.id, 60_000).unwrap();
        assert_ne!(rotated.current, first.current);
        assert_eq!(rotated.previous.as_deref(), Some(first.current.as_str()));
        assert_eq!(rotated.signing_secrets(now_ms()).len(), 2);
        assert_eq!(rotated.signing_secrets(now_ms() + 120_000).len(), 1);

        let d = Delivery::new(&a.id, "job_x", "https://example.com/hook");
        store.put_delivery(&d).unwrap();
        assert_eq!(codec::decode::<Delivery>(&codec::encode(&d)).unwrap(), d);
        assert_eq!(store.due_deliveries(now_ms() + 1).unwrap().len(), 1);
        assert_eq!(store.list_deliveries(10).unwrap()[0].uuid, d.uuid);
    }

    #[test]
    fn the_outbox_holds_pending_deliveries_across_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (pending, sent);
        {
            let store = Store::open(dir.path()).unwrap();
            let a = store.create_account("outbox", "free", 0).unwrap();
            pending = Delivery::new(&a.id, "job_a", "https://example.com/a");
            let mut done = Delivery::new(&a.id, "job_b", "https://example.com/b");
            store.put_delivery(&pending).unwrap();
            store.put_delivery(&done).unwrap();
            done.state = DeliveryState::Delivered;
            store.put_delivery(&done).unwrap();
            sent = done;
            let due = store.due_deliveries(now_ms() + 1).unwrap();
            assert_eq!(due.len(), 1);
            assert_eq!(due[0].id, pending.id);
            // Not yet due: kept, not answered.
            assert!(store.due_deliveries(0).unwrap().is_empty());
        }
        let store = crate::store::test_support::reopen(dir.path()).unwrap();
        let due = store.due_deliveries(now_ms() + 1).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].id, pending.id);
        assert_eq!(
            store.delivery(&sent.id).unwrap().state,
            DeliveryState::Delivered
        );
    }
}

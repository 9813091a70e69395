//! Webhook delivery: signed POSTs of a settled job to its `webhook_url`,
//! from the outbox in the store, retried with backoff, every attempt
//! recorded, surviving restarts (a pending delivery is sent after a crash).
//!
//! Each request carries the published headers (`X-Refile-Event`,
//! `X-Refile-Delivery`, `X-Refile-Signature: sha256=<hex HMAC of the body>`)
//! and the Standard Webhooks ones (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64 HMAC of "id.timestamp.body">`), signed with
//! the account's secret (and, during a rotation's grace period, the previous).

mod guard;

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use kiln_shared::model::EventLevel;
use sha2::Sha256;
use tokio::sync::Semaphore;

use crate::clock::now_ms;
use crate::context::AppState;
use crate::engine::events::EventDraft;
use crate::store::deliveries::{secret_bytes, Attempt, Delivery, DeliveryState};
use crate::store::JobSpec;
use crate::views;
use kiln_shared::model::EventTopic;

pub use guard::UrlError;

/// Check a webhook URL at job creation: http(s), with a host.
pub fn check_url_shape(url: &str) -> Result<(), UrlError> {
    guard::check_url_shape(url).map(|_| ())
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

/// The signature headers for `body`: (`X-Refile-Signature`, `webhook-signature`).
/// `X-Refile-Signature` is the HMAC-SHA256 of the raw body keyed with the
/// current secret exactly as shown to the user (`whsec_…`); the Standard
/// Webhooks signature keys each secret's decoded bytes, as that spec says.
pub fn signatures(secrets: &[&str], id: &str, timestamp: u64, body: &[u8]) -> (String, String) {
    let hex: String = hmac(secrets[0].as_bytes(), &[body])
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let ts = timestamp.to_string();
    let standard = secrets
        .iter()
        .map(|s| {
            let sig = hmac(
                &secret_bytes(s),
                &[id.as_bytes(), b".", ts.as_bytes(), b".", body],
            );
            format!(
                "v1,{}",
                base64::engine::general_purpose::STANDARD.encode(sig)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    (format!("sha256={hex}"), standard)
}

/// Send due deliveries until the daemon stops.
pub async fn run(state: AppState) {
    let limit = Arc::new(Semaphore::new(state.config().webhooks.concurrency));
    let in_flight = Arc::new(std::sync::Mutex::new(std::collections::HashSet::new()));
    loop {
        if !state.engine().is_running() {
            return;
        }
        let due = state.store().due_deliveries(now_ms()).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "reading the webhook outbox failed");
            Vec::new()
        });
        for d in due {
            if !in_flight
                .lock()
                .expect("in-flight lock")
                .insert(d.id.clone())
            {
                continue;
            }
            let Ok(permit) = limit.clone().acquire_owned().await else {
                return;
            };
            let state = state.clone();
            let in_flight = in_flight.clone();
            tokio::spawn(async move {
                attempt(&state, d.clone()).await;
                in_flight.lock().expect("in-flight lock").remove(&d.id);
                drop(permit);
            });
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[derive(Debug, thiserror::Error)]
enum BodyError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// The body of a delivery: the job as its API shows it.
fn body_for(state: &AppState, job_id: &str) -> Result<String, BodyError> {
    let job = state.store().job(job_id)?;
    Ok(match &job.spec {
        JobSpec::File(_) => serde_json::to_string(&views::files::job_object(state, &job))?,
        JobSpec::Render(_) => serde_json::to_string(&views::render::render_job(state, &job))?,
    })
}

/// One attempt at one delivery; records it and schedules or settles.
async fn attempt(state: &AppState, mut d: Delivery) {
    if d.body.is_none() {
        match body_for(state, &d.job_id) {
            Ok(body) => d.body = Some(body),
            Err(e) => {
                finish(
                    state,
                    &mut d,
                    None,
                    0,
                    Some(format!("could not build the body: {e}")),
                    false,
                )
                .await;
                return;
            }
        }
    }
    let body = d.body.clone().unwrap_or_default();
    let started = Instant::now();
    let (status, error, retryable) = match send(state, &d, &body).await {
        Ok(status) if (200..300).contains(&status) => (Some(status), None, false),
        Ok(status) => (
            Some(status),
            Some(format!("receiver answered {status}")),
            true,
        ),
        Err(Failure::Refused(e)) => (None, Some(e), false),
        Err(Failure::Network(e)) => (None, Some(e), true),
    };
    let latency = started.elapsed().as_millis() as u64;
    finish(state, &mut d, status, latency, error, retryable).await;
}

enum Failure {
    /// Never deliverable (a refused destination): no retry.
    Refused(String),
    Network(String),
}

impl From<guard::ResolveError> for Failure {
    fn from(e: guard::ResolveError) -> Self {
        match e {
            guard::ResolveError::Internal { .. } => Failure::Refused(e.to_string()),
            other => Failure::Network(other.to_string()),
        }
    }
}

async fn send(state: &AppState, d: &Delivery, body: &str) -> Result<u16, Failure> {
    let cfg = &state.config().webhooks;
    let url = guard::check_url_shape(&d.url).map_err(|e| Failure::Refused(e.to_string()))?;
    let addrs = guard::resolve(&url, cfg.allow_private).await?;
    let host = url.host_str().unwrap_or_default().to_string();
    // Connect to the address that was checked, not a second lookup's answer.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(cfg.timeout_secs))
        .resolve_to_addrs(&host, &addrs)
        .user_agent(concat!("kiln-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Failure::Network(e.to_string()))?;
    let account_id = d.account_id.clone();
    let secret = state
        .store()
        .run(move |s| s.webhook_secret(&account_id))
        .await
        .map_err(|e| Failure::Network(format!("signing secret: {e}")))?;
    let timestamp = now_ms() / 1000;
    let (refile_sig, standard_sig) = signatures(
        &secret.signing_secrets(now_ms()),
        &d.uuid,
        timestamp,
        body.as_bytes(),
    );
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-refile-event", &d.event)
        .header("x-refile-delivery", &d.uuid)
        .header("x-refile-signature", refile_sig)
        .header("webhook-id", &d.uuid)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", standard_sig)
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| Failure::Network(describe(&e)))?;
    let status = response.status().as_u16();
    // Read a little of the body (so keep-alive works), never more than the cap.
    let mut response = response;
    let mut read = 0usize;
    while let Ok(Some(chunk)) = response.chunk().await {
        read += chunk.len();
        if read >= cfg.max_response_bytes {
            break;
        }
    }
    Ok(status)
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        format!("could not connect: {e}")
    } else {
        e.to_string()
    }
}

async fn finish(
    state: &AppState,
    d: &mut Delivery,
    status: Option<u16>,
    latency_ms: u64,
    error: Option<String>,
    retryable: bool,
) {
    let backoff = &state.config().webhooks.backoff_secs;
    d.attempts.push(Attempt {
        at: now_ms(),
        status,
        latency_ms,
        error: error.clone(),
    });
    let retries_used = d.attempts.len() - 1;
    let metrics = state.engine().metrics();
    let (level, message) = if error.is_none() {
        metrics.webhook_attempt("delivered");
        d.state = DeliveryState::Delivered;
        d.next_attempt_at = None;
        (
            EventLevel::Info,
            format!(
                "webhook {} delivered ({} in {latency_ms} ms, attempt {})",
                d.uuid,
                status.unwrap_or(0),
                d.attempts.len()
            ),
        )
    } else if retryable && retries_used < backoff.len() {
        metrics.webhook_attempt("retry");
        let wait = backoff[retries_used];
        d.next_attempt_at = Some(now_ms() + wait * 1000);
        (
            EventLevel::Warn,
            format!(
                "webhook {} attempt {} failed: {}; retrying in {wait} s",
                d.uuid,
                d.attempts.len(),
                error.as_deref().unwrap_or("")
            ),
        )
    } else {
        metrics.webhook_attempt("failed");
        d.state = DeliveryState::Failed;
        d.next_attempt_at = None;
        (
            EventLevel::Error,
            format!(
                "webhook {} failed after {} attempt(s): {}",
                d.uuid,
                d.attempts.len(),
                error.as_deref().unwrap_or("")
            ),
        )
    };
    let record = d.clone();
    if let Err(e) = state.store().run(move |s| s.put_delivery(&record)).await {
        tracing::error!(error = %e, delivery = %d.id, "recording a webhook attempt failed");
    }
    state.engine().events().emit(
        level,
        EventDraft {
            topic: EventTopic::Webhook,
            job_id: Some(d.job_id.clone()),
            account_id: Some(d.account_id.clone()),
            slot: None,
        },
        message,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_both_schemes() {
        let secret = "whsec_BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
        let (refile, standard) = signatures(&[secret], "msg_1", 1_700_000_000, b"{}");
        // Keyed with the secret as shown, not its decoded bytes.
        let expected: String = hmac(secret.as_bytes(), &[b"{}"])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(refile, format!("sha256={expected}"));
        let decoded = hmac(&[7u8; 32], &[b"msg_1", b".", b"1700000000", b".", b"{}"]);
        assert_eq!(
            standard,
            format!(
                "v1,{}",
                base64::engine::general_purpose::STANDARD.encode(decoded)
            )
        );
        let (_, two) = signatures(&[secret, "whsec_CAgI"], "msg_1", 1, b"{}");
        assert_eq!(
            two.split(' ').count(),
            2,
            "both secrets sign during a rotation"
        );
    }
}

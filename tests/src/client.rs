//! HTTP as a client speaks it: requests with a key, JSON answers, and the
//! account's own view (`GET /me`).

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::RequestBuilder;
use serde_json::Value;

use crate::Daemon;

/// An HTTP client for tests.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("http client")
}

/// Sends `req`; its JSON answer, whatever the status.
pub async fn json(req: RequestBuilder) -> Value {
    req.send().await.unwrap().json().await.unwrap()
}

/// Sends `req`; its status and JSON answer.
pub async fn status_and_json(req: RequestBuilder) -> (u16, Value) {
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// Sends `req`; its status and JSON answer (`Null` when the body is not JSON).
pub async fn status_and_json_or_null(req: RequestBuilder) -> (u16, Value) {
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Polls a job (`fetch` answers it) every 100 ms until `done(job)` holds;
/// panics with the last answer and the daemon's log after `timeout`.
pub async fn poll_job<F, Fut>(
    d: &Daemon,
    timeout: Duration,
    mut fetch: F,
    done: impl Fn(&Value) -> bool,
) -> Value
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Value>,
{
    let deadline = Instant::now() + timeout;
    loop {
        let j = fetch().await;
        if done(&j) {
            return j;
        }
        assert!(
            Instant::now() < deadline,
            "job never reached the state; last: {j}\n{}",
            d.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `GET path` as `key`; the JSON answer, whatever the status.
pub async fn get_json(d: &Daemon, key: &str, path: &str) -> Value {
    json(http().get(d.url(path)).bearer_auth(key)).await
}

/// `GET path`, as `key` when given; its status and JSON answer (`Null`
/// when the body is not JSON).
pub async fn get(d: &Daemon, key: Option<&str>, path: &str) -> (u16, Value) {
    let mut req = http().get(d.url(path));
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    status_and_json_or_null(req).await
}

/// `GET /me` as `key`; its status and JSON answer.
pub async fn get_me(d: &Daemon, key: &str) -> (u16, Value) {
    status_and_json(http().get(d.url("/me")).bearer_auth(key)).await
}

/// The account behind `key` as `GET /me` shows it (name, balance, key).
pub async fn me(d: &Daemon, key: &str) -> Value {
    get_json(d, key, "/me").await
}

/// The paid xeconds of the account behind `key`, from `GET /me`.
pub async fn paid_xeconds(d: &Daemon, key: &str) -> u64 {
    me(d, key).await["balance"]["paid_xeconds"]
        .as_u64()
        .unwrap()
}

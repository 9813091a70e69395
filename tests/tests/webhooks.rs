//! Webhooks against a real HTTP receiver: signed (verified by an
//! independent Standard Webhooks implementation), retried with backoff,
//! every attempt recorded, surviving a crash, refusing private targets.

use std::time::Duration;

use kiln_tests::files;
use kiln_tests::receiver::Receiver;
use kiln_tests::{make_png, Daemon};
use serde_json::{json, Value};

const FAST_RETRIES: &str = "[webhooks]\nallow_private = true\nbackoff_secs = [1, 2, 2]\n";

async fn settle_file_job(d: &Daemon, key: &str, webhook_url: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 32, 24);
    let storage = files::upload(d, key, &photo).await;
    let (status, job) = files::job(
        d,
        key,
        json!({"prompt": "make this black and white", "webhook_url": webhook_url,
               "files": [{"storageId": storage, "filename": "photo.png"}]}),
        true,
    )
    .await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["status"], "succeeded", "{job}");
    job
}

/// A port bound but never listened on: connections to it are refused, and
/// no other test can take it while the socket is held.
fn refusing_port() -> (tokio::net::TcpSocket, u16) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    (socket, port)
}

fn deliveries(d: &Daemon) -> Vec<Value> {
    serde_json::from_str::<Value>(&d.kiln_ok(&["--json", "webhook", "list"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

async fn wait_delivery_state(d: &Daemon, state: &str, secs: u64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(found) = deliveries(d).into_iter().find(|x| x["state"] == state) {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {state} delivery: {:?}",
            deliveries(d)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn deliveries_are_signed_and_verify_independently() {
    let d = Daemon::start_with_config(FAST_RETRIES, &[]);
    let key = d.account("hooked");
    let secret = d
        .kiln_ok(&["webhook", "secret", "hooked"])
        .trim()
        .to_string();
    assert!(secret.starts_with("whsec_"));
    let receiver = Receiver::start("127.0.0.1:0", vec![]).await;
    let job = settle_file_job(&d, &key, &receiver.url).await;
    let got = receiver.wait_for(1, 30).await;
    let req = &got[0];
    let h = &req.headers;
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["x-refile-event"], "job.settled");
    assert_eq!(h["x-refile-delivery"], h["webhook-id"]);
    assert!(h["x-refile-signature"].starts_with("sha256="));
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["id"], job["id"]);
    assert_eq!(body["status"], "succeeded");
    assert!(body["outputs"][0]["url"].is_string());

    // Verify both signatures with Python's hmac and the standardwebhooks package.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("body"), &req.body).unwrap();
    std::fs::write(
        dir.path().join("headers.json"),
        serde_json::to_vec(h).unwrap(),
    )
    .unwrap();
    let script = r#"
import base64, hashlib, hmac, json, sys
from standardwebhooks.webhooks import Webhook
d, secret = sys.argv[1], sys.argv[2]
body = open(d + "/body", "rb").read()
headers = json.load(open(d + "/headers.json"))
Webhook(secret).verify(body, headers)
# The published scheme: HMAC-SHA256 over the raw body with the shared secret as issued.
expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
assert hmac.compare_digest(expected, headers["x-refile-signature"]), "X-Refile-Signature mismatch"
tampered = body.replace(b"succeeded", b"failed___")
try:
    Webhook(secret).verify(tampered, headers)
    sys.exit("a tampered body verified")
except Exception:
    pass
print("verified")
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(dir.path())
        .arg(&secret)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("verified"), "{stdout}{stderr}");

    let delivered = wait_delivery_state(&d, "delivered", 10).await;
    assert_eq!(delivered["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(delivered["attempts"][0]["status"], 200);

    // The render API's jobs take a webhook_url too.
    let clip = kiln_tests::make_clip(dir.path(), "c.mp4", 1.0, 24, (96, 64), false);
    d.kiln_ok(&["credits", "grant", "hooked", "10", "--paid"]);
    let upload = kiln_tests::render::upload(&d, &key, &clip).await;
    let r = kiln_tests::http()
        .post(d.url("/jobs"))
        .bearer_auth(&key)
        .json(&json!({"r2_key": upload["key"], "target_fps": 30, "webhook_url": receiver.url}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got = receiver.wait_for(2, 60).await;
    let render: Value = serde_json::from_slice(&got[1].body).unwrap();
    assert_eq!(render["live_status"], "done", "{render}");
}

#[tokio::test]
async fn a_receiver_failing_twice_gets_three_attempts_with_backoff() {
    let d = Daemon::start_with_config(FAST_RETRIES, &[]);
    let key = d.account("flaky");
    let receiver = Receiver::start("127.0.0.1:0", vec![500, 503, 200]).await;
    settle_file_job(&d, &key, &receiver.url).await;
    let got = receiver.wait_for(3, 30).await;
    let ids: Vec<&String> = got.iter().map(|r| &r.headers["webhook-id"]).collect();
    assert!(
        ids.iter().all(|i| *i == ids[0]),
        "one delivery id across retries"
    );
    assert_eq!(got[0].body, got[2].body, "the same bytes every attempt");
    let delivered = wait_delivery_state(&d, "delivered", 10).await;
    let codes: Vec<Value> = delivered["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(codes, vec![json!(500), json!(503), json!(200)]);
    // The waits as kilnd recorded them (each attempt is stamped when it
    // ends, the next one scheduled from there); the receiver's clock would
    // also count how late a loaded machine runs its handler.
    let at: Vec<i64> = delivered["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["at"].as_i64().unwrap())
        .collect();
    assert!(at[1] - at[0] >= 1000, "first backoff 1 s: {at:?}");
    assert!(at[2] - at[1] >= 2000, "second backoff 2 s: {at:?}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(receiver.requests().len(), 3, "exactly three attempts");
}

#[tokio::test]
async fn a_receiver_down_for_good_fails_after_four_attempts() {
    let d = Daemon::start_with_config(FAST_RETRIES, &[]);
    let key = d.account("gone");
    let (held, port) = refusing_port();
    settle_file_job(&d, &key, &format!("http://127.0.0.1:{port}/hook")).await;
    let failed = wait_delivery_state(&d, "failed", 30).await;
    let attempts = failed["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 4, "{failed}");
    assert!(
        attempts
            .iter()
            .all(|a| a["error"].as_str().unwrap().contains("connect")),
        "{failed}"
    );
    let events = d.kiln_ok(&["events", "--since", "0"]);
    assert!(events.contains("failed after 4 attempt(s)"), "{events}");

    // The operator can send it again.
    drop(held);
    let receiver = Receiver::start(&format!("127.0.0.1:{port}"), vec![]).await;
    d.kiln_ok(&["webhook", "redeliver", failed["id"].as_str().unwrap()]);
    receiver.wait_for(1, 30).await;
    wait_delivery_state(&d, "delivered", 10).await;
}

#[tokio::test]
async fn a_pending_delivery_survives_kill_9() {
    let mut d = Daemon::start_with_config(
        "[webhooks]\nallow_private = true\nbackoff_secs = [3, 1, 1]\n",
        &[],
    );
    let key = d.account("durable");
    let (held, port) = refusing_port();
    settle_file_job(&d, &key, &format!("http://127.0.0.1:{port}/hook")).await;
    // The first attempt fails (nobody listens); kill kilnd while the retry is pending.
    let pending = wait_delivery_state(&d, "pending", 10).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while deliveries(&d)[0]["attempts"].as_array().unwrap().is_empty() {
        assert!(std::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    d.kill_hard();
    drop(held);
    let receiver = Receiver::start(&format!("127.0.0.1:{port}"), vec![]).await;
    d.spawn();
    let got = receiver.wait_for(1, 30).await;
    assert_eq!(
        got[0].headers["webhook-id"],
        pending["uuid"].as_str().unwrap()
    );
    wait_delivery_state(&d, "delivered", 10).await;
}

#[tokio::test]
async fn private_targets_are_refused_unless_allowed() {
    let d = Daemon::start();
    let key = d.account("careful");
    let receiver = Receiver::start("127.0.0.1:0", vec![]).await;
    settle_file_job(&d, &key, &receiver.url).await;
    let failed = wait_delivery_state(&d, "failed", 10).await;
    let attempts = failed["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1, "a refused target is not retried");
    assert!(
        attempts[0]["error"].as_str().unwrap().contains("loopback"),
        "{failed}"
    );
    assert!(receiver.requests().is_empty());
    let (status, body) = files::job(
        &d,
        &key,
        json!({"prompt": "what can you do?", "webhook_url": "gopher://example.com"}),
        false,
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

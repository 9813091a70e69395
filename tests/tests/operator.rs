//! Operator actions over the control channel with the real `kiln` CLI:
//! cancel (with refund), retry, resize the pool, pause and resume intake.

use std::time::Duration;

use kiln_tests::client::paid_xeconds;
use kiln_tests::process::process_ends;
use kiln_tests::render::{self, settled, wait_for};
use kiln_tests::{http, make_clip, Daemon};
use serde_json::Value;

const LONG: Duration = Duration::from_secs(300);

#[tokio::test]
async fn cancel_retry_resize_and_drain() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = d.account_with("ops", 0, 20);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "hold.mp4", 2.0, 30, (320, 240), false);
    let upload = render::upload(&d, &key, &clip).await;

    let running = render::start_id(&d, &key, &upload, 120).await;
    let pid = d.stop_busy_worker(&running);
    let queued = render::start_id(&d, &key, &upload, 120).await;
    assert_eq!(paid_xeconds(&d, &key).await, 12, "two renders of 4 xeconds");

    // Cancel the queued job, then the running one: both refunded.
    let out: Value =
        serde_json::from_str(&d.kiln_ok(&["--json", "job", "cancel", &queued])).unwrap();
    assert_eq!(out["state"], "canceled");
    assert_eq!(out["refunded"], true);
    let out: Value =
        serde_json::from_str(&d.kiln_ok(&["--json", "job", "cancel", &running])).unwrap();
    assert_eq!(out["state"], "canceled");
    assert_eq!(paid_xeconds(&d, &key).await, 20);
    assert_eq!(
        render::job(&d, &key, &running).await["live_status"],
        "failed"
    );
    let refused = d.kiln(&["job", "cancel", &running]);
    assert!(
        !refused.status.success(),
        "a settled job cannot be canceled again"
    );
    assert!(process_ends(pid), "the canceled job's worker was stopped");

    // Retry: a new job, charged again, that finishes.
    let retry: Value =
        serde_json::from_str(&d.kiln_ok(&["--json", "job", "retry", &queued])).unwrap();
    let retry_id = retry["id"].as_str().unwrap().to_string();
    assert_ne!(retry_id, queued);
    let done = wait_for(&d, &key, &retry_id, LONG, settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
    assert_eq!(paid_xeconds(&d, &key).await, 16);
    let detail: Value =
        serde_json::from_str(&d.kiln_ok(&["--json", "job", "show", &queued])).unwrap();
    let reasons: Vec<&str> = detail["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, vec!["debit", "refund"]);

    // Resize the pool.
    d.kiln_ok(&["workers", "set", "3"]);
    let workers: Value = serde_json::from_str(&d.kiln_ok(&["--json", "workers"])).unwrap();
    assert_eq!(workers.as_array().unwrap().len(), 3);
    let status: Value = serde_json::from_str(&d.kiln_ok(&["--json", "status"])).unwrap();
    assert_eq!(status["workers_total"], 3);

    // Drain: new jobs get 503 and readiness fails; resume restores both.
    d.kiln_ok(&["intake", "pause"]);
    let (status, body) = render::start(&d, &key, &upload, 60).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        http().get(d.url("/readyz")).send().await.unwrap().status(),
        503
    );
    d.kiln_ok(&["intake", "resume"]);
    let (status, _) = render::start(&d, &key, &upload, 60).await;
    assert_eq!(status, 200);
    assert_eq!(
        http().get(d.url("/readyz")).send().await.unwrap().status(),
        200
    );

    d.assert_audit_clean();
}

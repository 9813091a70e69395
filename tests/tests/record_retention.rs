//! Record retention: settled jobs leave the database once older than
//! `retention.records_days`, while the month's usage and the ledger stay
//! exact and the audit stays clean.

use std::time::{Duration, Instant};

use serde_json::json;

use kiln_tests::client::{get, get_json};
use kiln_tests::{files, Daemon};

#[tokio::test]
async fn settled_jobs_leave_while_usage_and_the_ledger_stay() {
    // About two seconds of records, swept every second.
    let d = Daemon::start_with_env(&[
        ("KILN_RETENTION__RECORDS_DAYS", "0.00002"),
        ("KILN_RETENTION__SWEEP_SECS", "1"),
    ]);
    let key = d.account("keeper");
    let mut ids = Vec::new();
    for _ in 0..3 {
        let (status, job) = files::job(&d, &key, json!({"prompt": "what can you do?"}), true).await;
        assert_eq!(status, 200, "{job}");
        assert_eq!(job["status"], "succeeded", "{job}");
        ids.push(job["id"].as_str().unwrap().to_string());
    }
    let usage = get_json(&d, &key, "/api/v1/usage").await;
    assert_eq!(usage["jobs_submitted"], 3, "{usage}");
    let first = files::get_job(&d, &key, &ids[0]).await;
    assert_eq!(first["status"], "succeeded", "{first}");

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, body) = get(&d, Some(&key), &format!("/api/v1/jobs/{}", ids[2])).await;
        if status == 404 {
            assert!(body["error"]["code"].is_string(), "{body}");
            break;
        }
        assert_eq!(status, 200, "{body}");
        assert!(Instant::now() < deadline, "the job was never retired");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for id in &ids {
        let (status, _) = get(&d, Some(&key), &format!("/api/v1/jobs/{id}")).await;
        assert_eq!(status, 404);
    }
    assert_eq!(get_json(&d, &key, "/api/v1/usage").await, usage);
    d.assert_audit_clean();
    let status = d.kiln_ok(&["status"]);
    assert!(status.contains("store "), "{status}");
}

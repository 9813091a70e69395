//! Idempotent creation: retries with one `Idempotency-Key` make one job and
//! one charge, concurrently and across a crash; the key with another body is
//! refused in the API's dialect.

use futures::future::join_all;
use serde_json::{json, Value};

use kiln_tests::client::{http, me};
use kiln_tests::{make_clip, render, Daemon};

/// `POST path` with the key and body; (status, replayed header, answer).
async fn post(d: &Daemon, key: &str, path: &str, idem: &str, body: &Value) -> (u16, bool, Value) {
    let r = http()
        .post(d.url(path))
        .bearer_auth(key)
        .header("Idempotency-Key", idem)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let replayed = r
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    (status, replayed, r.json().await.unwrap())
}

async fn balance(d: &Daemon, key: &str) -> u64 {
    me(d, key).await["balance"]["total_xeconds"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn twenty_concurrent_retries_make_one_render_and_one_charge() {
    let d = Daemon::start();
    let key = d.account_with("idem", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "c.mp4", 2.0, 30, (320, 240), false);
    let upload = render::upload(&d, &key, &clip).await;
    let body =
        json!({"r2_key": upload["key"], "project_id": upload["project_id"], "target_fps": 60});

    let answers = join_all((0..20).map(|_| post(&d, &key, "/jobs", "render-once", &body))).await;
    let first = &answers[0].2["job_id"];
    assert!(first.is_string(), "{:?}", answers[0]);
    for (status, _, job) in &answers {
        assert_eq!(*status, 200, "{job}");
        assert_eq!(&job["job_id"], first, "one key, one job");
    }
    assert_eq!(
        answers.iter().filter(|a| !a.1).count(),
        1,
        "one first answer"
    );
    let charged = answers[0].2["charged_xeconds"].as_u64().unwrap();
    assert!(charged > 0);
    assert_eq!(balance(&d, &key).await, 100 - charged);

    let other =
        json!({"r2_key": upload["key"], "project_id": upload["project_id"], "target_fps": 120});
    let (status, _, refused) = post(&d, &key, "/jobs", "render-once", &other).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["detail"]
        .as_str()
        .unwrap()
        .contains("Idempotency-Key"));
    assert_eq!(balance(&d, &key).await, 100 - charged);

    let listed = kiln_tests::client::get_json(&d, &key, "/jobs").await;
    assert_eq!(listed["jobs"].as_array().unwrap().len(), 1, "{listed}");

    let ask = json!({"filename": "next.mp4", "content_type": "video/mp4"});
    let (_, _, a) = post(&d, &key, "/upload/presign", "presign-1", &ask).await;
    let (_, replayed, b) = post(&d, &key, "/upload/presign", "presign-1", &ask).await;
    assert!(replayed);
    assert_eq!(
        (&a["file_id"], &a["project_id"]),
        (&b["file_id"], &b["project_id"])
    );
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_retry_after_a_crash_finds_the_first_job() {
    let mut d = Daemon::start();
    let key = d.account_with("crash", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "c.mp4", 2.0, 30, (320, 240), false);
    let upload = render::upload(&d, &key, &clip).await;
    let body =
        json!({"r2_key": upload["key"], "project_id": upload["project_id"], "target_fps": 60});

    let (status, _, job) = post(&d, &key, "/jobs", "before-crash", &body).await;
    assert_eq!(status, 200, "{job}");
    // As if the answer was lost: the daemon dies, the client retries.
    d.kill_hard();
    d.spawn();
    let (status, replayed, again) = post(&d, &key, "/jobs", "before-crash", &body).await;
    assert_eq!(status, 200, "{again}");
    assert!(replayed);
    assert_eq!(again["job_id"], job["job_id"]);
    let charged = job["charged_xeconds"].as_u64().unwrap();
    assert_eq!(balance(&d, &key).await, 100 - charged);
    d.assert_audit_clean();
}

#[tokio::test]
async fn file_jobs_and_upload_slots_are_created_once_per_key() {
    let d = Daemon::start();
    let key = d.account("files-idem");

    let slot = |idem: &'static str| {
        let (d, key) = (&d, &key);
        async move {
            let r = http()
                .post(d.url("/api/v1/uploads"))
                .bearer_auth(key)
                .header("Idempotency-Key", idem)
                .send()
                .await
                .unwrap();
            let replayed = r.headers().contains_key("idempotent-replayed");
            let body: Value = r.json().await.unwrap();
            let url = body["uploadUrl"].as_str().unwrap().to_string();
            (url.split('?').next().unwrap().to_string(), replayed)
        }
    };
    let (first, replayed) = slot("slot-a").await;
    assert!(!replayed);
    assert_eq!(slot("slot-a").await, (first.clone(), true));
    assert_ne!(slot("slot-b").await.0, first);

    let ask = json!({"prompt": "which formats can you read?"});
    let (status, replayed, job) = post(&d, &key, "/api/v1/jobs", "chat-1", &ask).await;
    assert_eq!((status, replayed), (200, false), "{job}");
    // The same body with its keys in another order is the same request.
    let reordered: Value =
        serde_json::from_str(r#"{ "prompt" : "which formats can you read?" }"#).unwrap();
    let (status, replayed, again) = post(&d, &key, "/api/v1/jobs", "chat-1", &reordered).await;
    assert_eq!((status, replayed), (200, true), "{again}");
    assert_eq!(again["id"], job["id"]);

    let other = json!({"prompt": "make it black and white"});
    let (status, _, refused) = post(&d, &key, "/api/v1/jobs", "chat-1", &other).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "idempotency_key_reused");

    let usage = kiln_tests::client::get_json(&d, &key, "/api/v1/usage").await;
    assert_eq!(usage["jobs_submitted"], 1, "{usage}");

    let r = http()
        .post(d.url("/api/v1/jobs"))
        .bearer_auth(&key)
        .header("Idempotency-Key", "spaces are not allowed")
        .json(&ask)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

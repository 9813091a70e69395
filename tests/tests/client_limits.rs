//! What a client needs to pace itself: rate-limit headers on every limited
//! answer, and a cap on waiting jobs with its own code ("slow down", not
//! "out of credit").

use serde_json::json;

use kiln_tests::client::http;
use kiln_tests::{files, make_clip, make_png, render, signal, Daemon};

#[tokio::test]
async fn limited_answers_say_where_the_key_stands() {
    let d = Daemon::start_with_env(&[
        ("KILN_PLANS__FREE__BURST", "3"),
        ("KILN_PLANS__FREE__RATE_PER_SEC", "1"),
    ]);
    let key = d.account("paced");
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = http()
            .get(d.url("/api/v1/usage"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let h = r.headers();
        assert_eq!(h["x-ratelimit-limit"], "3");
        let left: u32 = h["x-ratelimit-remaining"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(h["ratelimit"]
            .to_str()
            .unwrap()
            .starts_with("limit=3, remaining="));
        remaining.push(left);
    }
    assert_eq!(remaining, vec![2, 1, 0]);
    let r = http()
        .get(d.url("/api/v1/usage"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
    assert!(r.headers().contains_key("retry-after"));
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
}

#[tokio::test]
async fn a_full_queue_is_refused_with_its_own_code_and_charges_nothing() {
    let d = Daemon::start_with_env(&[
        ("KILN_WORKERS__MAX", "1"),
        ("KILN_PLANS__FREE__MAX_QUEUED_JOBS", "2"),
    ]);
    let key = d.account_with("queue", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "q.mp4", 1.0, 30, (160, 120), false);
    let upload = render::upload(&d, &key, &clip).await;
    let running = render::start_id(&d, &key, &upload, 60).await;
    let worker = d.stop_busy_worker(&running);
    for _ in 0..2 {
        let (status, job) = render::start(&d, &key, &upload, 60).await;
        assert_eq!(status, 200, "{job}");
    }
    let before = kiln_tests::client::me(&d, &key).await["balance"]["total_xeconds"].clone();
    let (status, refused) = render::start(&d, &key, &upload, 60).await;
    assert_eq!(status, 429, "{refused}");
    assert!(
        refused["detail"].as_str().unwrap().contains("waiting"),
        "{refused}"
    );
    let after = kiln_tests::client::me(&d, &key).await["balance"]["total_xeconds"].clone();
    assert_eq!(before, after, "a refused job charges nothing");

    let picture = make_png(dir.path(), "p.png", 32, 32);
    let storage = files::upload(&d, &key, &picture).await;
    let files = json!([{"storageId": storage, "filename": "p.png"}]);
    let ask = json!({"prompt": "make it black and white", "files": files});
    let (status, refused) = files::job(&d, &key, ask, false).await;
    assert_eq!(status, 429, "{refused}");
    assert_eq!(refused["error"]["code"], "queue_full");
    let ask = json!({"prompt": "which formats can you read?"});
    let (status, chat) = files::job(&d, &key, ask, false).await;
    assert_eq!(status, 200, "answers in words never wait: {chat}");
    signal(worker, libc::SIGCONT);
    d.assert_audit_clean();
}

//! Chaos: jobs of both APIs in flight while kilnd is killed with SIGKILL at
//! arbitrary moments and restarted. In the end every job settles exactly
//! once, every webhook is delivered or failed with its attempts, and the
//! ledger audit holds.

use std::time::{Duration, Instant};

use kiln_tests::client::{me, poll_job};
use kiln_tests::receiver::Receiver;
use kiln_tests::{files, make_clip, make_png, render, Daemon};
use serde_json::{json, Value};

#[tokio::test]
async fn jobs_survive_repeated_kill_9() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("chaos seed {seed}");
    let mut rng = seed | 1;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let mut d = Daemon::start_with_config(
        "[webhooks]\nallow_private = true\nbackoff_secs = [1, 1, 1]\n[workers]\nmax = 2\n",
        &[],
    );
    let key = d.account_with("chaos", 0, 500);
    let receiver = Receiver::start("127.0.0.1:0", vec![]).await;
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "c.mp4", 1.0, 24, (96, 64), false);
    let png = make_png(dir.path(), "p.png", 48, 32);
    let upload = render::upload(&d, &key, &clip).await;
    let storage = files::upload(&d, &key, &png).await;

    let mut render_ids = Vec::new();
    let mut file_ids = Vec::new();
    // `make soak` runs many more rounds.
    let rounds: usize = std::env::var("CHAOS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for round in 0..rounds {
        for _ in 0..3 {
            let (s, j) = render::start(&d, &key, &upload, 48).await;
            assert_eq!(s, 200, "{j}");
            render_ids.push(j["job_id"].as_str().unwrap().to_string());
            let (s, j) = files::job(
                &d,
                &key,
                json!({"prompt": "convert to jpg and make it black and white", "webhook_url": receiver.url,
                       "files": [{"storageId": storage, "filename": "p.png"}]}),
                false,
            )
            .await;
            assert_eq!(s, 200, "{j}");
            file_ids.push(j["id"].as_str().unwrap().to_string());
        }
        tokio::time::sleep(Duration::from_millis(100 + next(700))).await;
        eprintln!("round {round}: kill -9");
        d.kill_hard();
        d.spawn();
    }

    // One deadline for all of them.
    let deadline = Instant::now() + Duration::from_secs(240);
    let left = || deadline.saturating_duration_since(Instant::now());
    let mut charged = 0;
    for id in &render_ids {
        let j = render::wait_for(&d, &key, id, left(), render::settled).await;
        // A job interrupted on every attempt is given up, with its refund.
        if j["live_status"] == "failed" {
            assert_eq!(j["refunded"], true, "{j}");
            assert!(j["error"].as_str().unwrap().contains("interrupted"), "{j}");
        } else {
            charged += j["charged_xeconds"].as_u64().unwrap();
        }
    }
    for id in &file_ids {
        let j = poll_job(&d, left(), || files::get_job(&d, &key, id), files::settled).await;
        if j["status"] == "failed" {
            assert!(
                j["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("interrupted"),
                "{j}"
            );
        }
    }
    // Every file job's webhook ends delivered (or failed, with attempts).
    loop {
        let list: Value =
            serde_json::from_str(&d.kiln_ok(&["--json", "webhook", "list", "--limit", "1000"]))
                .unwrap();
        let list = list.as_array().unwrap();
        let settled = list.iter().filter(|x| x["state"] != "pending").count();
        if list.len() == file_ids.len() && settled == list.len() {
            assert!(list
                .iter()
                .all(|x| !x["attempts"].as_array().unwrap().is_empty()));
            break;
        }
        assert!(Instant::now() < deadline, "deliveries: {list:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let delivered_jobs: std::collections::HashSet<String> = receiver
        .requests()
        .iter()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        delivered_jobs.len(),
        file_ids.len(),
        "one settled job, one webhook"
    );
    d.assert_audit_clean();
    assert_eq!(
        me(&d, &key).await["balance"]["paid_xeconds"],
        500 - charged,
        "each finished render charged once"
    );
}

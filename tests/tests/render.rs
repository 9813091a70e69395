//! The render API's core flow against a real kilnd with real worker
//! processes and real media: upload, estimate, render, poll, download.

use std::time::Duration;

use kiln_tests::client::{get_json, json, me};
use kiln_tests::process::process_ends;
use kiln_tests::render::{self, error_detail, rendered, settled, wait_for};
use kiln_tests::{http, make_clip, signal, Daemon};
use serde_json::{json, Value};

const LONG: Duration = Duration::from_secs(300);

/// An account with only paid xeconds (renders come out clean).
fn paid_account(d: &Daemon, name: &str, xeconds: u64) -> String {
    d.account_with(name, 0, xeconds)
}

/// Stop the worker running `job_id` mid-job (SIGSTOP) and return its pid.
async fn freeze_worker(d: &Daemon, key: &str, job_id: &str) -> u32 {
    let pid = d.stop_busy_worker(job_id);
    let j = wait_for(d, key, job_id, LONG, |j| {
        j["live_status"] == "processing" || settled(j)
    })
    .await;
    assert_eq!(j["live_status"], "processing", "frozen mid-job: {j}");
    pid
}

/// A clip long enough that a render of it at 120 fps takes a while.
fn holding_clip(dir: &std::path::Path) -> std::path::PathBuf {
    make_clip(dir, "hold.mp4", 2.0, 30, (320, 240), true)
}

#[tokio::test]
async fn the_published_curl_workflow_renders_a_smoother_video() {
    let d = Daemon::start();
    let key = paid_account(&d, "studio", 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 2.0, 30, (320, 240), true);
    let source = kilnd::media::probe::probe(&clip, &Default::default()).unwrap();

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/render_workflow.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .env("API", &d.base_url)
        .env("KEY", &key)
        .env("FILE", &clip)
        .env("FPS", "60")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "workflow failed: {stderr}\n{}",
        d.log()
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["live_status"], "done", "{result}\n{stderr}");
    assert!(
        stderr.contains("\"charged_xeconds\""),
        "estimate printed: {stderr}"
    );
    assert_eq!(result["charged_xeconds"], 2);
    assert_eq!(result["watermarked"], false);
    assert_eq!(result["progress"], 1.0);

    // Download the output and probe it.
    let url = result["output_url"].as_str().expect("output_url when done");
    let bytes = http().get(url).send().await.unwrap();
    assert_eq!(bytes.status(), 200);
    assert_eq!(bytes.headers()["content-type"], "video/mp4");
    let rendered = dir.path().join("out.mp4");
    std::fs::write(&rendered, bytes.bytes().await.unwrap()).unwrap();
    let info = kilnd::media::probe::probe(&rendered, &Default::default()).unwrap();
    let video = info.video.as_ref().unwrap();
    assert!((video.fps - 60.0).abs() < 0.01, "fps {}", video.fps);
    let frames = video.frames.expect("frame count");
    let expected = (source.duration_secs * 60.0).round() as i64;
    assert!(
        (frames as i64 - expected).abs() <= 1,
        "{frames} frames, expected {expected}"
    );
    assert!(
        (info.duration_secs - source.duration_secs).abs() <= 1.0 / 30.0 + 1e-3,
        "duration {} vs source {}",
        info.duration_secs,
        source.duration_secs
    );
    assert!(info.audio.is_some(), "audio kept");

    let me = me(&d, &key).await;
    assert_eq!(me["balance"]["paid_xeconds"], 98);
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_full_pool_reports_no_workers_then_processing() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = paid_account(&d, "busy", 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = holding_clip(dir.path());
    let upload = render::upload(&d, &key, &clip).await;

    let (status, a) = render::start(&d, &key, &upload, 120).await;
    assert_eq!(status, 200, "{a}");
    let a_id = a["job_id"].as_str().unwrap().to_string();
    // Hold the only slot busy.
    let pid = freeze_worker(&d, &key, &a_id).await;

    let (status, b) = render::start(&d, &key, &upload, 120).await;
    assert_eq!(status, 200, "{b}");
    let b_id = b["job_id"].as_str().unwrap().to_string();
    assert_eq!(b["live_status"], "no_workers", "{b}");
    assert_eq!(
        render::job(&d, &key, &b_id).await["live_status"],
        "no_workers"
    );
    signal(pid, libc::SIGCONT);

    // B reaches the (warm) worker once A is done; catch it there.
    let b_pid = freeze_worker(&d, &key, &b_id).await;
    signal(b_pid, libc::SIGCONT);
    let a = wait_for(&d, &key, &a_id, LONG, settled).await;
    let b = wait_for(&d, &key, &b_id, LONG, settled).await;
    assert_eq!(a["live_status"], "done", "{a}");
    assert_eq!(b["live_status"], "done", "{b}");
    assert_eq!(b_pid, pid, "the warm worker was reused");
}

#[tokio::test]
async fn a_killed_worker_fails_its_job_with_a_refund_and_the_next_job_succeeds() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = paid_account(&d, "crashy", 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = holding_clip(dir.path());
    let upload = render::upload(&d, &key, &clip).await;

    let a_id = render::start_id(&d, &key, &upload, 60).await;
    assert_eq!(me(&d, &key).await["balance"]["paid_xeconds"], 8);
    let pid = freeze_worker(&d, &key, &a_id).await;
    signal(pid, libc::SIGKILL);

    let a = wait_for(&d, &key, &a_id, LONG, settled).await;
    assert_eq!(a["live_status"], "failed", "{a}");
    let error = a["error"].as_str().unwrap();
    assert!(
        error.contains("crashed") && error.contains("SIGKILL"),
        "{error}"
    );
    assert_eq!(a["refunded"], true);
    assert_eq!(me(&d, &key).await["balance"]["paid_xeconds"], 10);

    let (_, b) = render::start(&d, &key, &upload, 60).await;
    let b = wait_for(&d, &key, b["job_id"].as_str().unwrap(), LONG, settled).await;
    assert_eq!(b["live_status"], "done", "{b}");
    assert_eq!(me(&d, &key).await["balance"]["paid_xeconds"], 8);
    d.assert_audit_clean();
}

#[tokio::test]
async fn after_kill_9_every_queued_and_running_job_settles_once() {
    let mut d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = paid_account(&d, "phoenix", 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = holding_clip(dir.path());
    let upload = render::upload(&d, &key, &clip).await;

    let mut ids = Vec::new();
    for _ in 0..3 {
        let (status, j) = render::start(&d, &key, &upload, 48).await;
        assert_eq!(status, 200, "{j}");
        ids.push(j["job_id"].as_str().unwrap().to_string());
    }
    let pid = freeze_worker(&d, &key, &ids[0]).await;
    d.kill_hard();
    // The worker dies with its daemon (it was stopped, so SIGKILL reaches it at once).
    assert!(process_ends(pid), "worker {pid} outlived its daemon");
    d.spawn();

    for id in &ids {
        let j = wait_for(&d, &key, id, LONG, settled).await;
        assert_eq!(j["live_status"], "done", "{j}");
    }
    let first = render::job(&d, &key, &ids[0]).await;
    assert_eq!(
        first["attempts"], 2,
        "the interrupted job ran again: {first}"
    );
    assert_eq!(
        me(&d, &key).await["balance"]["paid_xeconds"],
        4,
        "each job charged once"
    );
    d.assert_audit_clean();
}

#[tokio::test]
async fn fifty_parallel_renders_against_a_balance_for_twenty() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = paid_account(&d, "rush", 20);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "r.mp4", 1.0, 24, (96, 64), false);
    let upload = render::upload(&d, &key, &clip).await;

    let attempts = (0..50).map(|_| render::start(&d, &key, &upload, 30));
    let results = futures::future::join_all(attempts).await;
    let accepted = results.iter().filter(|(s, _)| *s == 200).count();
    let refused: Vec<_> = results.iter().filter(|(s, _)| *s == 402).collect();
    assert_eq!(accepted, 20, "{results:?}");
    assert_eq!(refused.len(), 30);
    assert!(refused[0].1["detail"].as_str().unwrap().contains("xeconds"));
    assert_eq!(me(&d, &key).await["balance"]["total_xeconds"], 0);
    d.assert_audit_clean();
}

#[tokio::test]
async fn render_api_rules_and_errors() {
    let d = Daemon::start();
    let key = paid_account(&d, "owner", 100);
    let other = paid_account(&d, "stranger", 100);
    let poor = d.account_with("poor", 1, 0);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "e.mp4", 2.0, 30, (160, 120), false);
    let client = http();

    // Public estimate from metadata: the published bands.
    let est: Value = client
        .post(d.url("/pricing/estimate"))
        .json(&json!({"duration_sec": 10.2, "source_fps": 30, "target_fps_options": [60, 120, 240, 30, 300]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let charged: Vec<Value> = est["estimates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["charged_xeconds"].clone())
        .collect();
    assert_eq!(
        charged,
        vec![json!(11), json!(22), json!(44), Value::Null, Value::Null],
        "{est}"
    );
    let r = client
        .post(d.url("/pricing/estimate"))
        .json(&json!({"duration_sec": 121, "target_fps": 60}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: Value = r.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("120s"), "{body}");
    let r = client
        .post(d.url("/pricing/estimate"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.json::<Value>().await.unwrap()["detail"].is_string());

    // Presign needs a key.
    let r = client
        .post(d.url("/upload/presign"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // Uploads: signature checked, junk refused, nothing kept.
    let junk = json!({"filename": "../../junk.mp4", "content_type": "video/mp4"});
    let presign = render::presign(&d, &key, &junk).await;
    let url = presign["upload_url"].as_str().unwrap();
    assert!(
        presign["key"].as_str().unwrap().ends_with("/junk.mp4"),
        "{presign}"
    );
    let tampered = url.replace("sig=", "sig=00");
    let r = client.put(&tampered).body("x").send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 405, "the upload URL only works for PUT");
    let r = client
        .put(url)
        .body("this is not a video at all")
        .send()
        .await
        .unwrap();
    let detail = error_detail(r, 400).await;
    assert!(detail.contains("not a usable video"), "{detail}");
    let blobs = walk_files(&d.data.join("blobs"));
    assert!(
        blobs.is_empty(),
        "a rejected upload leaves nothing: {blobs:?}"
    );

    let upload = render::upload(&d, &key, &clip).await;
    let r = client
        .put(upload["upload_url"].as_str().unwrap())
        .body(std::fs::read(&clip).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "an upload URL works once");

    // Estimate from the file: source fps is known.
    let est = json(
        client
            .post(d.url("/pricing/estimate-video"))
            .bearer_auth(&key)
            .json(&json!({"r2_key": upload["key"], "target_fps_options": [30, 60]})),
    )
    .await;
    assert_eq!(est["estimates"][0]["allowed"], false, "{est}");
    assert_eq!(est["estimates"][1]["charged_xeconds"], 2, "{est}");
    assert!((est["source_fps"].as_f64().unwrap() - 30.0).abs() < 0.01);

    // Jobs: fps rules, ownership, balance.
    let (status, body) = render::start(&d, &key, &upload, 30).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("greater than"),
        "{body}"
    );
    let (status, _) = render::start(&d, &key, &upload, 241).await;
    assert_eq!(status, 400);
    let (status, body) = render::start(&d, &other, &upload, 60).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = render::start(&d, &poor, &upload, 60).await;
    assert_eq!(status, 403, "{body}");
    let poor_upload = render::upload(&d, &poor, &clip).await;
    let (status, body) = render::start(&d, &poor, &poor_upload, 60).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(
        me(&d, &poor).await["balance"]["free_xeconds"],
        1,
        "no charge without a job"
    );

    let (status, job) = render::start(&d, &key, &upload, 60).await;
    assert_eq!(status, 200, "{job}");
    let id = job["job_id"].as_str().unwrap();
    let r = client
        .get(d.url(&format!("/jobs/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client
        .get(d.url("/jobs/job_01aaaaaaaaaaaaaaaaaaaaaaaa"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    error_detail(r, 404).await;

    let list = get_json(&d, &key, "/jobs").await;
    assert_eq!(list["jobs"][0]["job_id"], id);
    let list = get_json(&d, &other, "/jobs").await;
    assert_eq!(list["jobs"].as_array().unwrap().len(), 0);

    let done = wait_for(&d, &key, id, LONG, settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
    let url = done["output_url"].as_str().unwrap();
    let r = client
        .get(url)
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.bytes().await.unwrap().len(), 100);
    let r = client
        .get(url.replace("/content", "/content2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

/// A free-credit render is watermarked; the charge records the free bucket.
#[tokio::test]
async fn free_credits_pay_first_and_mark_the_render() {
    let d = Daemon::start();
    let key = d.account_with("trial", 1, 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "w.mp4", 2.0, 24, (160, 120), false);
    let upload = render::upload(&d, &key, &clip).await;
    let (_, job) = render::start(&d, &key, &upload, 48).await;
    assert_eq!(job["charged_free_xeconds"], 1, "{job}");
    assert_eq!(job["charged_paid_xeconds"], 1, "{job}");
    assert_eq!(job["watermarked"], true);
    let me = me(&d, &key).await;
    assert_eq!(me["balance"]["free_xeconds"], 0);
    assert_eq!(me["balance"]["paid_xeconds"], 9);
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_job_past_its_time_limit_is_stopped_and_refunded() {
    let d = Daemon::start_with_env(&[
        ("KILN_WORKERS__MAX", "1"),
        ("KILN_WORKERS__JOB_TIMEOUT_SECS", "2"),
    ]);
    let key = paid_account(&d, "slow", 10);
    let dir = tempfile::tempdir().unwrap();
    let upload = render::upload(&d, &key, &holding_clip(dir.path())).await;
    let id = render::start_id(&d, &key, &upload, 120).await;
    let pid = freeze_worker(&d, &key, &id).await;
    let job = wait_for(&d, &key, &id, LONG, settled).await;
    assert_eq!(job["live_status"], "failed");
    assert!(
        job["error"].as_str().unwrap().contains("time limit of 2 s"),
        "{job}"
    );
    assert_eq!(job["refunded"], true);
    assert_eq!(me(&d, &key).await["balance"]["paid_xeconds"], 10);
    assert!(process_ends(pid), "the hung worker {pid} was killed");
    d.assert_audit_clean();
}

#[tokio::test]
async fn idle_workers_stop_and_events_tell_the_story() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "2"), ("KILN_WORKERS__IDLE_SECS", "1")]);
    let key = paid_account(&d, "quiet", 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "q.mp4", 1.0, 24, (96, 64), false);
    let (_, job) = rendered(&d, &key, &clip, 30, LONG).await;
    let id = job["job_id"].as_str().unwrap().to_string();

    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let workers: Value = serde_json::from_str(&d.kiln_ok(&["--json", "workers"])).unwrap();
        let slots = workers.as_array().unwrap();
        assert_eq!(slots.len(), 2);
        if slots
            .iter()
            .all(|w| w["state"] == "stopped" && w["pid"].is_null())
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "workers never stopped: {workers}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let events = d.kiln_ok(&["--json", "events", "--since", "0"]);
    let events: Vec<Value> = events
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let about_job: Vec<&str> = events
        .iter()
        .filter(|e| e["job_id"] == id.as_str())
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        about_job.iter().any(|m| m.contains("accepted")),
        "{about_job:?}"
    );
    assert!(
        about_job.iter().any(|m| m.contains("cold start")),
        "{about_job:?}"
    );
    assert!(
        about_job.iter().any(|m| m.contains("succeeded")),
        "{about_job:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["topic"] == "worker"
                && e["message"].as_str().unwrap().contains("stopped idle")),
        "{events:?}"
    );
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "numbered in order: {seqs:?}"
    );
}

#[tokio::test]
async fn files_expire_after_retention() {
    let d = Daemon::start_with_env(&[
        ("KILN_RETENTION__HOURS", "0.001"),
        ("KILN_RETENTION__SWEEP_SECS", "1"),
    ]);
    let key = paid_account(&d, "fleeting", 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "f.mp4", 1.0, 24, (96, 64), false);
    let (upload, job) = rendered(&d, &key, &clip, 30, LONG).await;
    let id = job["job_id"].as_str().unwrap().to_string();
    let url = job["output_url"].as_str().unwrap().to_string();
    assert_eq!(http().get(&url).send().await.unwrap().status(), 200);

    // 0.001 h = 3.6 s, swept every second.
    let job = wait_for(&d, &key, &id, LONG, |j| j["output_url"].is_null()).await;
    assert!(job["output_file_id"].is_string());
    assert_eq!(http().get(&url).send().await.unwrap().status(), 410);
    let blobs: Vec<_> = walk_files(&d.data.join("blobs"))
        .into_iter()
        .filter(|p| !p.starts_with(d.data.join("blobs/tmp")))
        .collect();
    assert!(blobs.is_empty(), "expired bytes are deleted: {blobs:?}");
    let (status, body) = render::start(&d, &key, &upload, 30).await;
    assert_eq!(status, 410, "an expired input cannot be rendered: {body}");
}

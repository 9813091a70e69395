//! The file-automation API against a real kilnd: the published quick start
//! with curl, threads, pipelines, metering, and every error of its table.

use std::time::Duration;

use kiln_tests::client::{get_json, poll_job, status_and_json};
use kiln_tests::files::{self, download};
use kiln_tests::media::is_gray;
use kiln_tests::process::{child_programs, process_ends};
use kiln_tests::{http, make_png, Daemon};
use serde_json::{json, Value};

#[tokio::test]
async fn the_published_quick_start_with_curl_makes_a_grayscale_png() {
    let d = Daemon::start();
    let key = d.account("photographer");
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    assert!(!is_gray(&photo, 0));

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/files_quickstart.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .env("API", &d.base_url)
        .env("KEY", &key)
        .env("FILE", &photo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        d.log()
    );
    let job: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["kind"], "command");
    assert_eq!(job["input_files"], json!(["photo.png"]));
    assert!(
        job["description"].as_str().unwrap().contains("photo.png"),
        "{job}"
    );
    assert!(job["id"].as_str().unwrap().starts_with("job_"));
    assert!(job["chat_id"].is_string());
    assert!(job["created_at"].as_u64().unwrap() > 1_700_000_000_000);
    assert_eq!(job["files_expired"], false);
    assert!(job["error"].is_null());
    assert!(
        job["pipeline"].is_null(),
        "single-step jobs have no pipeline list"
    );
    let outputs = job["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 1);
    assert!(outputs[0]["storageId"].is_string());
    let result = download(&outputs[0], dir.path()).await;
    assert!(result.to_str().unwrap().ends_with(".png"), "{result:?}");
    let img = image::open(&result).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    assert!(is_gray(&result, 0), "every pixel has R=G=B");
}

#[tokio::test]
async fn pipelines_threads_chat_and_metering() {
    let d = Daemon::start();
    let key = d.account("threads");
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;

    // Two steps: a pipeline list with statuses and commands.
    let job = files::run(
        &d,
        &key,
        "convert to jpg and make it black and white",
        &storage,
        "photo.png",
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let pipeline = job["pipeline"].as_array().unwrap();
    assert_eq!(pipeline.len(), 2);
    assert!(pipeline.iter().all(|s| s["status"] == "completed"), "{job}");
    assert!(job["description"].as_str().unwrap().contains(" && "));
    let jpg = download(&job["outputs"][0], dir.path()).await;
    assert_eq!(
        image::ImageFormat::from_path(&jpg).unwrap(),
        image::ImageFormat::Jpeg
    );
    assert!(is_gray(&jpg, 2), "gray JPEG");

    // A thread: the second job names no files and works on the first one's output.
    let (status, first) = files::job(
        &d,
        &key,
        json!({"prompt": "make this black and white", "chat_id": "thread-1",
               "files": [{"storageId": storage, "filename": "photo.png"}]}),
        true,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(first["status"], "succeeded", "{first}");
    assert_eq!(first["chat_id"], "thread-1");
    let first_output = first["outputs"][0]["filename"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, second) = files::job(
        &d,
        &key,
        json!({"prompt": "now convert it to webp", "chat_id": "thread-1"}),
        true,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(second["status"], "succeeded", "{second}");
    assert_eq!(second["input_files"], json!([first_output]));
    let webp = download(&second["outputs"][0], dir.path()).await;
    assert_eq!(
        image::ImageFormat::from_path(&webp).unwrap(),
        image::ImageFormat::WebP
    );
    // A lossy WebP (the default) goes through YUV: gray within rounding.
    assert!(is_gray(&webp, 2));

    // Chat: an answer, no outputs, not billed.
    let chat = files::run(&d, &key, "what resolution is this?", &storage, "photo.png").await;
    assert_eq!(chat["status"], "succeeded");
    assert_eq!(chat["kind"], "chat");
    assert!(
        chat["message"].as_str().unwrap().contains("64×48"),
        "{chat}"
    );
    assert!(chat["outputs"].as_array().unwrap().is_empty());

    // Not understood: a job-level failure, HTTP 200.
    let refused = files::run(&d, &key, "summon a dragon", &storage, "photo.png").await;
    assert_eq!(refused["status"], "failed");
    assert_eq!(refused["error"]["code"], "unprocessable_request");
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("black and white"));

    // Metering: one 2-step job (2 × $0.05) + two 1-step jobs ($0.05 each).
    let usage = get_json(&d, &key, "/api/v1/usage").await;
    assert_eq!(usage["command_jobs"], 3, "{usage}");
    assert_eq!(usage["pipeline_steps"], 4, "{usage}");
    assert_eq!(usage["amount_micros"], 200_000, "{usage}");
    assert_eq!(usage["amount_usd"], "0.20");
    assert_eq!(usage["chat_jobs"], 1);
    assert_eq!(usage["jobs_submitted"], 5);

    // GET returns the same object; another account gets 404.
    let id = job["id"].as_str().unwrap();
    let again = files::get_job(&d, &key, id).await;
    assert_eq!(again["status"], "succeeded");
    assert_eq!(
        again["outputs"][0]["storageId"],
        job["outputs"][0]["storageId"]
    );
    let other = d.account("stranger");
    let (status, body) = status_and_json(
        http()
            .get(d.url(&format!("/api/v1/jobs/{id}")))
            .bearer_auth(&other),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

/// Sends `req`; its status, error code (empty when none) and answer.
async fn error_of(req: reqwest::RequestBuilder) -> (u16, String, Value) {
    let (status, body) = status_and_json(req).await;
    (
        status,
        body["error"]["code"].as_str().unwrap_or("").to_string(),
        body,
    )
}

#[tokio::test]
async fn every_error_of_the_table_from_real_requests() {
    let d = Daemon::start_with_env(&[
        ("KILN_PLANS__FREE__MAX_FILE_MB", "1"),
        ("KILN_PLANS__FREE__MONTHLY_JOBS", "6"),
    ]);
    let key = d.account("tester");
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;
    let client = http();

    // 401
    let (status, code, _) = error_of(client.post(d.url("/api/v1/uploads"))).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));
    let unknown_job = d.url("/api/v1/jobs/job_01aaaaaaaaaaaaaaaaaaaaaaaa");
    let (status, code, _) = error_of(client.get(&unknown_job).bearer_auth("kiln_live_nope")).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));

    // 400 with what failed
    for (body, needle) in [
        (json!({"prompt": ""}), "prompt"),
        (json!({"prompt": "x".repeat(2001)}), "2000"),
        (json!({"files": []}), "prompt"),
        (
            json!({"prompt": "grayscale", "files": [{"storageId": "fil_nope", "filename": "a.png"}]}),
            "files[0]",
        ),
        (
            json!({"prompt": "grayscale", "webhook_url": "ftp://x"}),
            "webhook_url",
        ),
    ] {
        let (status, code, err) = error_of(
            client
                .post(d.url("/api/v1/jobs"))
                .bearer_auth(&key)
                .json(&body),
        )
        .await;
        assert_eq!(
            (status, code.as_str()),
            (400, "invalid_request"),
            "{body} → {err}"
        );
        assert!(
            err["error"]["message"].as_str().unwrap().contains(needle),
            "{err}"
        );
    }
    let not_json = client
        .post(d.url("/api/v1/jobs"))
        .bearer_auth(&key)
        .header("content-type", "application/json")
        .body("{oops");
    let (status, code, _) = error_of(not_json).await;
    assert_eq!((status, code.as_str()), (400, "invalid_request"));
    let slot = files::upload_slot(&d, &key).await;
    let url = slot["uploadUrl"].as_str().unwrap();
    let (status, code, _) = error_of(client.post(url).body("not a picture or a video")).await;
    assert_eq!((status, code.as_str()), (400, "invalid_request"));
    let (status, code, _) = error_of(client.post(url.replace("sig=", "sig=ff")).body("x")).await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));

    // 404
    let (status, code, _) = error_of(client.get(&unknown_job).bearer_auth(&key)).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));

    // 402: file size, files per job, pipeline steps, monthly jobs.
    let slot = files::upload_slot(&d, &key).await;
    let too_big = client
        .post(slot["uploadUrl"].as_str().unwrap())
        .body(vec![0u8; 1024 * 1024 + 10]);
    let (status, code, err) = error_of(too_big).await;
    assert_eq!((status, code.as_str()), (402, "quota_exceeded"), "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("1 MB"));
    let six: Vec<Value> = (0..6)
        .map(|i| json!({"storageId": storage, "filename": format!("p{i}.png")}))
        .collect();
    let (status, body) = files::job(
        &d,
        &key,
        json!({"prompt": "grayscale", "files": six}),
        false,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str().unwrap()),
        (402, "quota_exceeded"),
        "{body}"
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("5 files"));
    let (status, body) = files::job(
        &d,
        &key,
        json!({"prompt": "convert to jpg, then png, then webp, then bmp, then tiff, then png",
               "files": [{"storageId": storage, "filename": "p.png"}]}),
        false,
    )
    .await;
    assert_eq!(status, 402, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pipeline steps"),
        "{body}"
    );
    for i in 0..6 {
        let (status, body) = files::job(
            &d,
            &key,
            json!({"prompt": "what can you do?", "chat_id": format!("q{i}")}),
            false,
        )
        .await;
        if i < 6 {
            assert_eq!(status, 200, "job {i}: {body}");
        }
    }
    let (status, body) = files::job(&d, &key, json!({"prompt": "what can you do?"}), false).await;
    assert_eq!(
        (status, body["error"]["code"].as_str().unwrap()),
        (402, "quota_exceeded"),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("per month"),
        "{body}"
    );

    // 429: a burst of 40 in well under a second; the limiter's answer exactly.
    let burst_key = d.account("burst");
    let requests = (0..40).map(|_| {
        client
            .get(d.url("/api/v1/jobs/job_01aaaaaaaaaaaaaaaaaaaaaaaa"))
            .bearer_auth(&burst_key)
            .send()
    });
    let started = std::time::Instant::now();
    let responses = futures::future::join_all(requests).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the burst took {:?}",
        started.elapsed()
    );
    let limited: Vec<_> = responses
        .iter()
        .map(|r| r.as_ref().unwrap())
        .filter(|r| r.status() == 429)
        .collect();
    let passed = 40 - limited.len();
    assert!((20..=22).contains(&passed), "{passed} passed the limiter");
    for r in &limited {
        let retry: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry >= 1);
    }
}

#[tokio::test]
async fn wait_returns_early_for_a_slow_job_and_a_later_get_sees_it_settled() {
    let d = Daemon::start_with_env(&[("KILN_FILES__WAIT_SECS", "1"), ("KILN_WORKERS__MAX", "1")]);
    let key = d.account("patient");
    d.kiln_ok(&["credits", "grant", "patient", "100", "--paid"]);
    let dir = tempfile::tempdir().unwrap();

    // Hold the only worker with a render frozen mid-job.
    let clip = kiln_tests::make_clip(dir.path(), "hold.mp4", 2.0, 30, (320, 240), false);
    let upload = kiln_tests::render::upload(&d, &key, &clip).await;
    let render_id = kiln_tests::render::start_id(&d, &key, &upload, 120).await;
    let pid = d.stop_busy_worker(&render_id);

    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;
    let started = std::time::Instant::now();
    let job = files::run(&d, &key, "make this black and white", &storage, "photo.png").await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited about a second"
    );
    assert_eq!(job["status"], "pending", "{job}");
    kiln_tests::signal(pid, libc::SIGCONT);

    let id = job["id"].as_str().unwrap();
    let get = || files::get_job(&d, &key, id);
    poll_job(&d, Duration::from_secs(120), get, |j| {
        j["status"] == "succeeded"
    })
    .await;
}

/// The warm worker waiting on the daemon's only slot: its pid, and whether
/// the console calls it the still-picture worker.
fn idle_worker(d: &Daemon) -> (u32, bool) {
    for _ in 0..200 {
        let out = d.kiln_ok(&["--json", "workers"]);
        let workers: Value = serde_json::from_str(&out).unwrap();
        if let Some(pid) = workers[0]["pid"]
            .as_u64()
            .filter(|_| workers[0]["state"] == "idle")
        {
            return (pid as u32, workers[0]["stills"] == true);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no idle worker: {}", d.kiln_ok(&["--json", "workers"]));
}

/// The program a process runs, and whether FFmpeg's codec library is mapped.
fn program_and_ffmpeg(pid: u32) -> (String, bool) {
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap();
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    (
        exe.file_name().unwrap().to_string_lossy().into_owned(),
        maps.contains("libavcodec"),
    )
}

#[tokio::test]
async fn still_pictures_run_in_a_worker_without_ffmpeg_and_video_in_the_full_one() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = d.account("stills");
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;
    let job = files::run(&d, &key, "make it black and white", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let out = download(&job["outputs"][0], dir.path()).await;
    assert!(is_gray(&out, 0));
    let (stills, shown) = idle_worker(&d);
    assert!(shown, "kiln workers shows the still-picture worker");
    assert_eq!(program_and_ffmpeg(stills), ("kilnd-stills".into(), false));

    // A picture made WebP (libwebp, not FFmpeg) stays on the same worker.
    let job = files::run(&d, &key, "convert to webp", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let out = download(&job["outputs"][0], dir.path()).await;
    let img = image::open(&out).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    assert_eq!(
        idle_worker(&d).0,
        stills,
        "the warm still-picture worker took it"
    );
    // Uploads of pictures were identified by still-picture workers too: no
    // process of the daemon has loaded FFmpeg.
    let programs = child_programs(d.pid());
    assert!(
        !programs.is_empty() && programs.iter().all(|p| p == "kilnd-stills"),
        "{programs:?}"
    );

    // A video needs FFmpeg: the slot's still-picture worker is retired.
    let clip = kiln_tests::make_clip(dir.path(), "clip.mp4", 1.0, 10, (160, 120), false);
    let storage = files::upload(&d, &key, &clip).await;
    let job = files::run(&d, &key, "make it black and white", &storage, "clip.mp4").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let (full, shown) = idle_worker(&d);
    assert!(!shown);
    assert_ne!(full, stills);
    assert_eq!(program_and_ffmpeg(full), ("kilnd".into(), true));
    assert!(process_ends(stills), "the retired worker stopped");

    // AVIF is FFmpeg's: a picture made AVIF runs in the full worker, and
    // the AVIF it makes is read back (to PNG) there too.
    let storage = files::upload(&d, &key, &photo).await;
    let job = files::run(&d, &key, "save it as avif", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let avif = download(&job["outputs"][0], dir.path()).await;
    let head = std::fs::read(&avif).unwrap();
    assert_eq!(&head[4..12], b"ftypavif");
    let storage = files::upload(&d, &key, &avif).await;
    let name = avif.file_name().unwrap().to_string_lossy().into_owned();
    let job = files::run(&d, &key, "convert to png", &storage, &name).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let back = image::open(download(&job["outputs"][0], dir.path()).await).unwrap();
    assert_eq!((back.width(), back.height()), (64, 48));
}

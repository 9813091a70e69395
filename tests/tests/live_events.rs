//! Live job events (Server-Sent Events) in each API's job object: a late
//! subscriber still gets the final state, a stream follows a job to its
//! end, and a client that resumes with `Last-Event-ID` misses nothing.

use std::time::Duration;

use serde_json::{json, Value};

use kiln_tests::client::http;
use kiln_tests::{files, make_clip, make_png, render, signal, Daemon};

/// One Server-Sent Event.
#[derive(Debug, Clone)]
struct Sse {
    id: String,
    event: String,
    data: Value,
}

/// An open event stream, read event by event.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(d: &Daemon, key: &str, path: &str, last: Option<&str>) -> Stream {
        let mut req = http().get(d.url(path)).bearer_auth(key);
        if let Some(id) = last {
            req = req.header("Last-Event-ID", id);
        }
        let response = req.send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let ct = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// The next event, `None` when the stream ended; panics after 60 s.
    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(60), self.response.chunk())
                .await
                .expect("an event within 60 s")
                .unwrap()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Events until one satisfies `done` (returned last).
    async fn until(&mut self, done: impl Fn(&Sse) -> bool) -> Vec<Sse> {
        let mut seen = Vec::new();
        while let Some(e) = self.next().await {
            let stop = done(&e);
            seen.push(e);
            if stop {
                return seen;
            }
        }
        panic!("the stream ended first: {seen:?}");
    }
}

fn parse(block: &str) -> Option<Sse> {
    let (mut id, mut event, mut data) = (String::new(), String::from("message"), String::new());
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id:") {
            id = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("event:") {
            event = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.trim_start());
        }
    }
    (!data.is_empty()).then(|| Sse {
        id,
        event,
        data: serde_json::from_str(&data).unwrap(),
    })
}

fn render_done(e: &Sse) -> bool {
    e.event == "job" && e.data["live_status"] == "done"
}

#[tokio::test]
async fn a_render_stream_follows_the_job_to_its_end_and_a_late_one_gets_the_end() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = d.account_with("live", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "l.mp4", 1.0, 30, (160, 120), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 60).await;
    let worker = d.stop_busy_worker(&id);

    let mut stream = Stream::open(&d, &key, &format!("/jobs/{id}/events"), None).await;
    let first = stream.next().await.unwrap();
    assert_eq!(first.event, "job");
    assert_eq!(first.data["job_id"], id.as_str());
    assert_eq!(first.data["live_status"], "processing", "{first:?}");
    signal(worker, libc::SIGCONT);
    let seen = stream.until(render_done).await;
    assert!(seen.iter().any(|e| e.event == "engine"), "{seen:?}");
    assert!(
        stream.next().await.is_none(),
        "the stream ends once the job settled"
    );

    let mut late = Stream::open(&d, &key, &format!("/jobs/{id}/events"), None).await;
    let only = late.next().await.unwrap();
    assert!(render_done(&only), "{only:?}");
    assert!(only.data["output_url"].is_string());
    assert!(late.next().await.is_none());

    let (status, _) = kiln_tests::client::get(&d, Some(&key), "/jobs/job_nope/events").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_account_stream_resumed_with_last_event_id_misses_nothing() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MAX", "1")]);
    let key = d.account("resume");
    let dir = tempfile::tempdir().unwrap();
    let picture = make_png(dir.path(), "r.png", 48, 32);
    let storage = files::upload(&d, &key, &picture).await;

    let mut stream = Stream::open(&d, &key, "/api/v1/events", None).await;
    let ask = json!({"prompt": "make it black and white",
        "files": [{"storageId": storage, "filename": "r.png"}]});
    let (status, job) = files::job(&d, &key, ask, false).await;
    assert_eq!(status, 200, "{job}");
    let id = job["id"].as_str().unwrap().to_string();
    let first = stream.until(|e| e.event == "engine").await;
    let last_seen = first.last().unwrap().id.clone();
    drop(stream);

    // Meanwhile the job finishes.
    let done = files::settled;
    kiln_tests::client::poll_job(
        &d,
        Duration::from_secs(60),
        || files::get_job(&d, &key, &id),
        done,
    )
    .await;

    let mut resumed = Stream::open(&d, &key, "/api/v1/events", Some(&last_seen)).await;
    let missed = resumed
        .until(|e| e.event == "job" && e.data["status"] == "succeeded")
        .await;
    let messages: Vec<&str> = missed
        .iter()
        .filter(|e| e.event == "engine")
        .filter_map(|e| e.data["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains(&id) && m.contains("succeeded")),
        "{missed:?}"
    );
    let last = missed.last().unwrap();
    assert_eq!(last.data["id"], id.as_str());
    assert_eq!(last.data["outputs"].as_array().unwrap().len(), 1);
}

//! The render API as a client uses it: presign and upload, start a render,
//! poll it, read its errors.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::client::{get_json, http, json, poll_job, status_and_json, status_and_json_or_null};
use crate::Daemon;

/// `POST /upload/presign` with `body`; the answer.
pub async fn presign(d: &Daemon, key: &str, body: &Value) -> Value {
    json(
        http()
            .post(d.url("/upload/presign"))
            .bearer_auth(key)
            .json(body),
    )
    .await
}

/// Presign an upload of `name` as a video.
async fn presign_video(d: &Daemon, key: &str, name: &str) -> Value {
    presign(
        d,
        key,
        &json!({"filename": name, "content_type": "video/mp4"}),
    )
    .await
}

/// Presign and upload a file; returns the presign response.
pub async fn upload(d: &Daemon, key: &str, file: &Path) -> Value {
    let presign = presign_video(d, key, file.file_name().unwrap().to_str().unwrap()).await;
    let url = presign["upload_url"]
        .as_str()
        .unwrap_or_else(|| panic!("{presign}"));
    let r = http()
        .put(url)
        .header("Content-Type", "video/mp4")
        .body(std::fs::read(file).unwrap())
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body = r.text().await.unwrap();
    assert!(status.is_success(), "upload failed: {status} {body}");
    presign
}

/// Presign `name` as a video and PUT `bytes` to its upload URL, whatever
/// they are; returns (status, answer or `Null`, presign response).
pub async fn upload_bytes(
    d: &Daemon,
    key: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value, Value) {
    let presign = presign_video(d, key, name).await;
    let put = http()
        .put(presign["upload_url"].as_str().unwrap())
        .body(bytes);
    let (status, body) = status_and_json_or_null(put).await;
    (status, body, presign)
}

/// `POST /jobs`; returns (status, body).
pub async fn start(d: &Daemon, key: &str, presign: &Value, fps: u32) -> (u16, Value) {
    let body =
        json!({"r2_key": presign["key"], "project_id": presign["project_id"], "target_fps": fps});
    status_and_json(http().post(d.url("/jobs")).bearer_auth(key).json(&body)).await
}

/// `POST /jobs`; the accepted job's id (panics with the answer otherwise).
pub async fn start_id(d: &Daemon, key: &str, presign: &Value, fps: u32) -> String {
    let (status, job) = start(d, key, presign, fps).await;
    job["job_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no job id: {status} {job}"))
        .to_string()
}

/// `GET /jobs/{id}`: the render job as its owner sees it.
pub async fn job(d: &Daemon, key: &str, id: &str) -> Value {
    get_json(d, key, &format!("/jobs/{id}")).await
}

/// Poll a job until `done(job)` holds; panics after `timeout`.
pub async fn wait_for(
    d: &Daemon,
    key: &str,
    id: &str,
    timeout: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    poll_job(d, timeout, || job(d, key, id), done).await
}

/// Whether a render has settled (done or failed).
pub fn settled(j: &Value) -> bool {
    matches!(j["live_status"].as_str(), Some("done" | "failed"))
}

/// Upload a clip, render it and wait until it is done; returns (presign,
/// finished job).
pub async fn rendered(
    d: &Daemon,
    key: &str,
    clip: &Path,
    fps: u32,
    timeout: Duration,
) -> (Value, Value) {
    let upload = upload(d, key, clip).await;
    let (status, job) = start(d, key, &upload, fps).await;
    assert_eq!(status, 200, "{job}");
    let job = wait_for(d, key, job["job_id"].as_str().unwrap(), timeout, settled).await;
    assert_eq!(job["live_status"], "done", "{job}");
    (upload, job)
}

/// Asserts an error answer in the render API's dialect: `status`, with a
/// `detail` message; returns the message.
pub async fn error_detail(r: reqwest::Response, status: u16) -> String {
    assert_eq!(r.status(), status);
    let body: Value = r.json().await.unwrap();
    body["detail"]
        .as_str()
        .unwrap_or_else(|| panic!("no detail: {body}"))
        .to_string()
}

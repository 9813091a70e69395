//! The file-automation API as a client uses it: upload, submit, poll,
//! download.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::client::{get_json, http, json, status_and_json, status_and_json_or_null};
use crate::Daemon;

/// `POST /api/v1/uploads`: a fresh upload slot (its `uploadUrl`).
pub async fn upload_slot(d: &Daemon, key: &str) -> Value {
    json(http().post(d.url("/api/v1/uploads")).bearer_auth(key)).await
}

/// POST `bytes` to a fresh upload slot, whatever they are; returns (status,
/// answer or `Null`).
pub async fn upload_bytes(d: &Daemon, key: &str, bytes: Vec<u8>) -> (u16, Value) {
    let slot = upload_slot(d, key).await;
    let url = slot["uploadUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{slot}"));
    status_and_json_or_null(http().post(url).body(bytes)).await
}

/// Upload a file; returns its storageId.
pub async fn upload(d: &Daemon, key: &str, file: &Path) -> String {
    let (status, body) = upload_bytes(d, key, std::fs::read(file).unwrap()).await;
    assert!(
        (200..300).contains(&status),
        "upload failed: {status} {body}"
    );
    body["storageId"].as_str().unwrap().to_string()
}

/// `POST /api/v1/jobs`; returns (status, body).
pub async fn job(d: &Daemon, key: &str, body: Value, wait: bool) -> (u16, Value) {
    let url = if wait {
        "/api/v1/jobs?wait=true"
    } else {
        "/api/v1/jobs"
    };
    status_and_json(http().post(d.url(url)).bearer_auth(key).json(&body)).await
}

/// Run a prompt on one uploaded file and wait for the result.
pub async fn run(d: &Daemon, key: &str, prompt: &str, storage: &str, filename: &str) -> Value {
    let (status, job) = job(
        d,
        key,
        json!({"prompt": prompt, "files": [{"storageId": storage, "filename": filename}]}),
        true,
    )
    .await;
    assert_eq!(status, 200, "{job}");
    job
}

/// `GET /api/v1/jobs/{id}`: the job as its owner sees it.
pub async fn get_job(d: &Daemon, key: &str, id: &str) -> Value {
    get_json(d, key, &format!("/api/v1/jobs/{id}")).await
}

/// Whether a job has settled (succeeded or failed).
pub fn settled(j: &Value) -> bool {
    matches!(j["status"].as_str(), Some("succeeded" | "failed"))
}

/// Download an output to `dir`; returns its path.
pub async fn download(output: &Value, dir: &Path) -> PathBuf {
    let url = output["url"]
        .as_str()
        .unwrap_or_else(|| panic!("no url: {output}"));
    let r = http().get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let path = dir.join(output["filename"].as_str().unwrap());
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    path
}

//! Blobs in an S3-compatible bucket: kilnd with `storage.backend = "s3"`
//! against a real S3 server (s3s-fs, which checks every signature): the
//! file API's quick start, a render uploaded with a presigned PUT straight
//! to the bucket and downloaded with a presigned GET (project links and
//! share pages too), the local cache refilled from the bucket, a multipart
//! upload, retention deleting objects, an outage failing a job with its
//! refund, and kilnd refusing to start without its bucket (or on a data dir
//! whose blobs are elsewhere).

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use kiln_tests::files::{self, download};
use kiln_tests::media::is_gray;
use kiln_tests::render::{self, settled, wait_for};
use kiln_tests::s3::{self, S3Server};
use kiln_tests::{command, http, kilnd_bin, make_clip, make_png, Daemon};
use serde_json::{json, Value};

const LONG: Duration = Duration::from_secs(120);
const PREFIX: &str = "kiln/";

fn start(server: &S3Server, extra: &str) -> Daemon {
    let toml = format!("{}{extra}", server.storage_toml(PREFIX));
    Daemon::start_with_config(&toml, &S3Server::env())
}

/// Remove every cached copy in the data dir (the bucket keeps the blobs).
fn empty_cache(d: &Daemon) -> usize {
    let mut removed = 0;
    for shard in std::fs::read_dir(d.data.join("blobs")).unwrap().flatten() {
        if shard.file_name() == "tmp" || !shard.path().is_dir() {
            continue;
        }
        for blob in std::fs::read_dir(shard.path()).unwrap().flatten() {
            std::fs::remove_file(blob.path()).unwrap();
            removed += 1;
        }
    }
    removed
}

fn is_presigned_by(url: &str, server: &S3Server) -> bool {
    url.starts_with(&server.endpoint()) && url.contains("X-Amz-Signature=")
}

#[tokio::test]
async fn the_file_api_quick_start_keeps_its_files_in_the_bucket() {
    let server = S3Server::start();
    let d = start(&server, "");
    let key = d.account("photographer");
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 64, 48);

    // Upload through kilnd: the bytes land in the bucket.
    let storage = files::upload(&d, &key, &photo).await;
    let stored = server.objects("kiln/blobs/");
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].1, std::fs::read(&photo).unwrap());

    let job = files::run(&d, &key, "grayscale", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}\n{}", d.log());
    let output = &job["outputs"][0];
    let url = output["url"].as_str().unwrap();
    assert!(is_presigned_by(url, &server), "{url}");
    let result = download(output, dir.path()).await;
    let img = image::open(&result).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    assert!(is_gray(&result, 0));
    let result_bytes = std::fs::read(&result).unwrap();
    let stored = server.objects("kiln/blobs/");
    assert_eq!(stored.len(), 2, "input and output: {stored:?}");
    assert!(stored.iter().any(|(_, bytes)| *bytes == result_bytes));

    // With the cache emptied, a job fetches its input from the bucket.
    assert_eq!(empty_cache(&d), 2);
    let again = files::run(&d, &key, "convert it to webp", &storage, "photo.png").await;
    assert_eq!(again["status"], "succeeded", "{again}\n{}", d.log());
    let webp = download(&again["outputs"][0], dir.path()).await;
    assert!(webp.to_str().unwrap().ends_with(".webp"), "{webp:?}");
    assert_eq!(image::open(&webp).unwrap().width(), 64);
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_render_goes_to_and_from_the_bucket_with_presigned_urls() {
    let server = S3Server::start();
    let d = start(&server, "");
    let key = d.account_with("maker", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "beach.mp4", 1.0, 24, (160, 120), true);
    let bytes = std::fs::read(&clip).unwrap();

    let presign = render::presign(
        &d,
        &key,
        &json!({"filename": "beach.mp4", "content_type": "video/mp4"}),
    )
    .await;
    let url = presign["upload_url"].as_str().unwrap();
    assert!(is_presigned_by(url, &server), "{presign}");
    assert_eq!(presign["method"], "PUT");
    // Straight to the bucket, as a browser would.
    let put = http()
        .put(url)
        .header("Content-Type", "video/mp4")
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "{}", put.status());
    let file_id = presign["file_id"].as_str().unwrap();
    let uploaded = server.objects(&format!("kiln/uploads/{file_id}"));
    assert_eq!(uploaded.len(), 1, "the object is in the bucket");
    assert_eq!(uploaded[0].1, bytes);

    // A signature for another object is refused by the bucket.
    let forged = url.replace(file_id, "file_01aaaaaaaaaaaaaaaaaaaaaaaa");
    let refused = http().put(&forged).body("x").send().await.unwrap();
    assert_eq!(refused.status(), 403);

    // The estimate takes the upload in: measured, probed.
    let (status, estimate) = kiln_tests::client::status_and_json(
        http()
            .post(d.url("/pricing/estimate-video"))
            .bearer_auth(&key)
            .json(&json!({"r2_key": presign["key"], "target_fps": 48})),
    )
    .await;
    assert_eq!(status, 200, "{estimate}\n{}", d.log());
    assert_eq!(estimate["width"], 160);
    assert!(server
        .objects(&format!("kiln/uploads/{file_id}"))
        .is_empty());

    let (status, job) = render::start(&d, &key, &presign, 48).await;
    assert_eq!(status, 200, "{job}");
    let id = job["job_id"].as_str().unwrap();
    let job = wait_for(&d, &key, id, LONG, settled).await;
    assert_eq!(job["live_status"], "done", "{job}\n{}", d.log());
    let out_url = job["output_url"].as_str().unwrap();
    assert!(is_presigned_by(out_url, &server), "{out_url}");
    let got = http().get(out_url).send().await.unwrap();
    assert_eq!(got.status(), 200);
    let rendered = dir.path().join("out.mp4");
    std::fs::write(&rendered, got.bytes().await.unwrap()).unwrap();
    assert_eq!(&std::fs::read(&rendered).unwrap()[4..8], b"ftyp");
    let info = kilnd::media::probe::probe(&rendered, &Default::default()).unwrap();
    let fps = info.video.as_ref().unwrap().fps;
    assert!((fps - 48.0).abs() < 0.01, "{fps}");

    // The project's download link is presigned too, with today's expiry.
    let project = presign["project_id"].as_str().unwrap();
    let output_file = job["output_file_id"].as_str().unwrap();
    let (status, link) = kiln_tests::client::get(
        &d,
        Some(&key),
        &format!("/projects/{project}/files/{output_file}/download"),
    )
    .await;
    assert_eq!(status, 200, "{link}");
    assert!(is_presigned_by(link["url"].as_str().unwrap(), &server));
    assert_eq!(link["expires_in"], 3600);
    assert!(link["url"].as_str().unwrap().contains("X-Amz-Expires=3600"));

    // A share link's page plays the object straight from the bucket, seeking
    // with Range as players do.
    let share = kiln_tests::client::json(
        http()
            .post(d.url(&format!("/projects/{project}/share")))
            .bearer_auth(&key),
    )
    .await;
    let public = kiln_tests::client::json(http().get(share["url"].as_str().unwrap())).await;
    let shared = public["outputs"][0]["url"].as_str().unwrap();
    assert!(is_presigned_by(shared, &server), "{public}");
    let part = http()
        .get(shared)
        .header("Range", "bytes=4-7")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(&part.bytes().await.unwrap()[..], b"ftyp");
    d.assert_audit_clean();
}

#[tokio::test]
async fn direct_uploads_are_checked_like_any_other() {
    let server = S3Server::start();
    let d = start(&server, "[render]\nmax_upload_mb = 1\n");
    let key = d.account_with("maker", 0, 100);
    let put = |url: String, body: Vec<u8>| async move {
        let r = http().put(url).body(body).send().await.unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    };
    let presign = |name: &'static str| {
        let (d, key) = (&d, &key);
        async move {
            render::presign(
                d,
                key,
                &json!({"filename": name, "content_type": "video/mp4"}),
            )
            .await
        }
    };

    // Not a video: refused as an upload through kilnd would be.
    let junk = presign("junk.mp4").await;
    put(
        junk["upload_url"].as_str().unwrap().into(),
        b"not a video".to_vec(),
    )
    .await;
    let (status, body) = render::start(&d, &key, &junk, 48).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("not a usable video"),
        "{body}"
    );

    // Over the size limit: known from the object's size, before any download.
    let big = presign("big.mp4").await;
    put(
        big["upload_url"].as_str().unwrap().into(),
        vec![0u8; 1024 * 1024 + 1],
    )
    .await;
    let (status, body) = render::start(&d, &key, &big, 48).await;
    assert_eq!(status, 413, "{body}");
    let file_id = big["file_id"].as_str().unwrap();
    assert!(server
        .objects(&format!("kiln/uploads/{file_id}"))
        .is_empty());

    // Never uploaded: said so.
    let nothing = presign("later.mp4").await;
    let (status, body) = render::start(&d, &key, &nothing, 48).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("not been uploaded"),
        "{body}"
    );
    d.assert_audit_clean();
}

#[tokio::test]
async fn retention_deletes_the_objects() {
    let server = S3Server::start();
    let d = start(&server, "[retention]\nhours = 0.001\nsweep_secs = 1\n");
    let key = d.account("fleeting");
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 32, 32);
    let storage = files::upload(&d, &key, &photo).await;
    let job = files::run(&d, &key, "grayscale", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    // 0.001 h = 3.6 s, swept every second; the output may already be gone.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server.objects("kiln/blobs/").is_empty() {
        assert!(
            Instant::now() < deadline,
            "objects left: {:?}",
            server.objects("kiln/")
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let job = files::get_job(&d, &key, job["id"].as_str().unwrap()).await;
    assert_eq!(job["files_expired"], true, "{job}");
}

#[tokio::test]
async fn an_outage_fails_the_job_with_its_refund() {
    let mut server = Some(S3Server::start());
    let d = start(server.as_ref().unwrap(), "");
    let key = d.account_with("unlucky", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "c.mp4", 1.0, 24, (96, 64), false);
    let presign = render::upload(&d, &key, &clip).await;
    // Taken in while the bucket answers…
    let (status, estimate) = kiln_tests::client::status_and_json(
        http()
            .post(d.url("/pricing/estimate-video"))
            .bearer_auth(&key)
            .json(&json!({"r2_key": presign["key"], "target_fps": 30})),
    )
    .await;
    assert_eq!(status, 200, "{estimate}");
    // …then it goes away, and the cached copy with it.
    empty_cache(&d);
    drop(server.take());
    let (status, job) = render::start(&d, &key, &presign, 30).await;
    assert_eq!(status, 200, "{job}");
    let id = job["job_id"].as_str().unwrap();
    let job = wait_for(&d, &key, id, LONG, settled).await;
    assert_eq!(job["live_status"], "failed", "{job}");
    let error = job["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("fetching the input file from storage failed"),
        "{job}"
    );
    assert!(
        !error.contains("127.0.0.1"),
        "the bucket's address stays private: {job}"
    );
    let me: Value = kiln_tests::client::get(&d, Some(&key), "/me").await.1;
    assert_eq!(me["balance"]["paid_xeconds"], 100, "refunded: {me}");
    d.assert_audit_clean();
}

#[tokio::test]
async fn large_blobs_go_up_in_parts_and_come_back_whole() {
    use kilnd::config::{Config, StorageBackend, StorageConfig};
    use kilnd::store::blobs::credentials::Credentials;
    use kilnd::store::blobs::S3Blobs;

    let server = S3Server::start();
    let cfg = StorageConfig {
        backend: StorageBackend::S3,
        endpoint: server.endpoint(),
        bucket: s3::BUCKET.into(),
        path_style: true,
        prefix: PREFIX.into(),
        ..Config::default().storage
    };
    let creds = Credentials {
        access_key_id: s3::ACCESS_KEY.into(),
        secret_access_key: s3::SECRET_KEY.into(),
    };
    let bucket = S3Blobs::new(&cfg, creds).unwrap();
    bucket.check().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Past one 16 MiB part: a multipart upload of two parts.
    let bytes: Vec<u8> = (0..40u32 << 20)
        .step_by(2)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let file = dir.path().join("big");
    std::fs::write(&file, &bytes).unwrap();
    let key = bucket.blob_key("blb_01aaaaaaaaaaaaaaaaaaaaaaaa");
    bucket.upload(&key, &file, None).await.unwrap();
    assert_eq!(bucket.size(&key).await.unwrap(), Some(bytes.len() as u64));
    let stored = server.objects("kiln/blobs/");
    assert_eq!(stored.len(), 1);
    assert!(stored[0].1 == bytes, "the stored object is the file");
    let back = dir.path().join("back");
    assert_eq!(
        bucket.download(&key, &back).await.unwrap(),
        bytes.len() as u64
    );
    assert!(std::fs::read(&back).unwrap() == bytes);
    bucket.delete(&key).await.unwrap();
    bucket.delete(&key).await.unwrap();
    assert_eq!(bucket.size(&key).await.unwrap(), None);
}

/// Run `kilnd serve` with `toml` and `env` until it exits (it must, within
/// a minute); returns (exit code, stderr).
fn serve_until_exit(toml: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    serve_until_exit_in(&dir.path().join("data"), toml, env)
}

fn serve_until_exit_in(data: &Path, toml: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kilnd.toml");
    std::fs::write(&config, toml).unwrap();
    let mut child = command(&kilnd_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("KILN_CONFIG", &config)
        .env("KILN_DISK__BALLAST_MB", "1")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("kilnd did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!data.join("http.addr").exists(), "kilnd never listened");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn refused(toml: &str, env: &[(&str, &str)], says: &str) {
    let (code, stderr) = serve_until_exit(toml, env);
    assert!(code.is_some_and(|c| c != 0), "exit {code:?}: {stderr}");
    assert!(stderr.contains(says), "{says:?} not in:\n{stderr}");
}

#[test]
fn kilnd_refuses_to_start_without_a_usable_bucket() {
    // Nothing listens at the endpoint.
    let endpoint = format!("http://127.0.0.1:{}", s3::free_port());
    refused(
        &s3::storage_toml(&endpoint, PREFIX),
        &S3Server::env(),
        &format!("the bucket {endpoint}/media cannot be used"),
    );
    // No credentials at all.
    refused(
        &s3::storage_toml(&endpoint, PREFIX),
        &[],
        "no S3 credentials",
    );

    let server = S3Server::start();
    let toml = server.storage_toml(PREFIX);
    // Credentials the server does not know.
    refused(
        &toml,
        &[
            ("AWS_ACCESS_KEY_ID", s3::ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", "not-the-secret"),
        ],
        "cannot be used",
    );
    // A bucket that does not exist.
    refused(
        &toml.replace("bucket = \"media\"", "bucket = \"nosuch\""),
        &S3Server::env(),
        "/nosuch cannot be used",
    );
    // A credentials file others can read.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s3.credentials");
    std::fs::write(
        &file,
        format!(
            "access_key_id = {}\nsecret_access_key = {}\n",
            s3::ACCESS_KEY,
            s3::SECRET_KEY
        ),
    )
    .unwrap();
    set_mode(&file, 0o644);
    let with_file = format!("{toml}credentials_file = \"{}\"\n", file.display());
    refused(&with_file, &[], "chmod 600");
    // The same file, private: kilnd starts with it.
    set_mode(&file, 0o600);
    let mut d = Daemon::start_with_config(&with_file, &[]);
    assert!(d.log().contains("blobs are kept in S3"), "{}", d.log());
    assert_eq!(d.stop(), Some(0));
    // That data dir keeps its blobs in the bucket: the local backend refuses it.
    let (code, stderr) = serve_until_exit_in(&d.data, "", &[]);
    assert!(code.is_some_and(|c| c != 0), "exit {code:?}: {stderr}");
    assert!(stderr.contains("keeps its blobs in the bucket"), "{stderr}");
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

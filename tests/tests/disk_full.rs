//! A full disk, on a real (small tmpfs) filesystem: refusals are 507 before
//! the disk is full, a store write that fails anyway shuts intake and heals
//! once there is room, and kilnd starts on a full disk. Mounting needs root:
//! elsewhere these tests say they were skipped.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use kiln_tests::client::{get, get_json, http, status_and_json};
use kiln_tests::Daemon;

/// A tmpfs of its own, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(mb: u64) -> Option<Tmpfs> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("SKIPPED: mounting a small filesystem needs root (CI runs as root)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("SKIPPED: this machine does not let tests mount a tmpfs");
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn resize(&self, mb: u64) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={mb}m")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Fill every free byte with a file of its own; returns its path.
    fn fill(&self) -> PathBuf {
        let path = self.path().join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![7u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let _ = f.flush();
        path
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// A lossless clip of noise: megabytes that do not compress.
fn noise_clip(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("nullsrc=s=320x240:r=30,geq=random(1)*255:128:128")
        .args([
            "-t", "1", "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p",
        ])
        .arg(&path)
        .status()
        .expect("ffmpeg (make test installs it)");
    assert!(status.success());
    path
}

fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

async fn readyz(d: &Daemon) -> (u16, Value) {
    get(d, None, "/readyz").await
}

/// `req` sent to wherever kilnd listens now (it may be restarting in
/// place); `None` while nothing answers.
async fn try_send(
    d: &mut Daemon,
    req: impl Fn(&Daemon) -> reqwest::RequestBuilder,
) -> Option<(u16, Value)> {
    d.wait_ready(Duration::from_secs(60));
    let r = req(d).send().await.ok()?;
    let status = r.status().as_u16();
    Some((status, r.json().await.unwrap_or(Value::Null)))
}

/// Poll `/readyz` (across restarts) until `done` holds.
async fn until_ready(d: &mut Daemon, what: &str, done: impl Fn(u16, &Value) -> bool) -> Value {
    until(d, what, |d| http().get(d.url("/readyz")), done).await
}

/// Send `req` (across restarts) until its answer satisfies `done`.
async fn until(
    d: &mut Daemon,
    what: &str,
    req: impl Fn(&Daemon) -> reqwest::RequestBuilder,
    done: impl Fn(u16, &Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let answer = try_send(d, &req).await;
        if let Some((status, body)) = &answer {
            if done(*status, body) {
                return body.clone();
            }
        }
        assert!(Instant::now() < deadline, "{what}: {answer:?}\n{}", d.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Presign and PUT `bytes`: the first refusal's (status, body), or the
/// presign response of an accepted upload.
async fn upload(d: &Daemon, key: &str, bytes: &[u8]) -> Result<Value, (u16, Value)> {
    let ask = json!({"filename": "n.mp4", "content_type": "video/mp4"});
    let req = http()
        .post(d.url("/upload/presign"))
        .bearer_auth(key)
        .json(&ask);
    let (status, presign) = status_and_json(req).await;
    if status != 200 {
        return Err((status, presign));
    }
    let put = http()
        .put(presign["upload_url"].as_str().unwrap())
        .body(bytes.to_vec());
    let (status, body) = kiln_tests::client::status_and_json_or_null(put).await;
    if status != 200 {
        return Err((status, body));
    }
    Ok(presign)
}

fn disk_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("KILN_DISK__CHECK_SECS", "1"),
        ("KILN_DISK__RESERVE_MB", "12"),
        ("KILN_DISK__BALLAST_MB", "4"),
    ]
}

#[tokio::test]
async fn uploads_get_507_before_the_disk_fills_and_resume_when_space_returns() {
    let Some(fs) = Tmpfs::mount(64) else { return };
    let mut d = Daemon::start_in(fs.path().join("data"), &disk_env());
    let key = d.account_with("fill", 0, 1000);
    let work = tempfile::tempdir().unwrap();
    let clip = noise_clip(work.path(), "noise.mp4");
    let bytes = std::fs::read(&clip).unwrap();
    assert!(bytes.len() > 2_000_000, "{} bytes of noise", bytes.len());

    let mut kept = Vec::new();
    let refused = loop {
        match upload(&d, &key, &bytes).await {
            Ok(presign) => kept.push(presign),
            Err((507, body)) => break body,
            Err((other, body)) => panic!("upload {}: {other} {body}\n{}", kept.len(), d.log()),
        }
        assert!(kept.len() < 40, "the disk never ran low");
    };
    assert!(!kept.is_empty());
    assert!(
        refused["detail"].as_str().unwrap().contains("disk"),
        "{refused}"
    );

    // What no upload fits in any more, something else on the disk takes.
    let (_, ready) = readyz(&d).await;
    let disk = &ready["disk"];
    let room = disk["free_bytes"].as_u64().unwrap() - disk["reserve_bytes"].as_u64().unwrap();
    std::fs::write(
        fs.path().join("other"),
        vec![1u8; room as usize + 1_048_576],
    )
    .unwrap();
    let ready = until_ready(&mut d, "disk low", |_, b| b["disk"]["low"] == true).await;
    let (status, _) = readyz(&d).await;
    assert_eq!(status, 200, "reads go on: {ready}");
    let me = get_json(&d, &key, "/me").await;
    assert!(me["balance"].is_object());
    let body = json!({"r2_key": kept[0]["key"], "target_fps": 60});
    let req = http().post(d.url("/jobs")).bearer_auth(&key).json(&body);
    assert_eq!(status_and_json(req).await.0, 507);
    let files = http().post(d.url("/api/v1/uploads")).bearer_auth(&key);
    let (status, coded) = status_and_json(files).await;
    assert_eq!(
        (status, &coded["error"]["code"]),
        (507, &json!("insufficient_storage"))
    );

    for presign in &kept {
        let project = presign["project_id"].as_str().unwrap();
        let file = presign["file_id"].as_str().unwrap();
        let link = get_json(
            &d,
            &key,
            &format!("/projects/{project}/files/{file}/download"),
        )
        .await;
        let got = http()
            .get(link["url"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(got.status(), 200);
        assert_eq!(sha(&got.bytes().await.unwrap()), sha(&bytes), "{file}");
    }

    fs.resize(256);
    until_ready(&mut d, "room again", |s, b| {
        s == 200 && b["disk"]["low"] == false
    })
    .await;
    if let Err(refused) = upload(&d, &key, &bytes).await {
        panic!("an upload once there is room: {refused:?}");
    }
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_failed_store_write_shuts_intake_and_heals_when_space_returns() {
    let Some(fs) = Tmpfs::mount(48) else { return };
    let env = [
        ("KILN_DISK__CHECK_SECS", "1"),
        ("KILN_DISK__RESERVE_MB", "1"),
        ("KILN_DISK__BALLAST_MB", "0"),
    ];
    let mut d = Daemon::start_in(fs.path().join("data"), &env);
    let key = d.account("before");
    let ask = json!({"prompt": "which formats can you read?"});
    let (status, job) = kiln_tests::files::job(&d, &key, ask.clone(), false).await;
    assert_eq!(status, 200, "{job}");
    let pid = d.pid();

    // Full from outside: operator writes (which no reserve holds back) soon
    // fail inside sled, once its log has no room left.
    let filler = fs.fill();
    let failed = (0..300).any(|i| {
        !d.kiln(&["account", "create", &format!("during{i}")])
            .status
            .success()
    });
    assert!(failed, "writes on a full disk fail\n{}", d.log());
    until_ready(&mut d, "store failed", |s, b| {
        s == 503 && b["store"] == "failed"
    })
    .await;
    let (status, body) = kiln_tests::files::job(&d, &key, ask.clone(), false).await;
    assert!(matches!(status, 503 | 507), "{status} {body}");

    std::fs::remove_file(filler).unwrap();
    // kilnd restarts itself in place (same pid) and reopens the store.
    until_ready(&mut d, "store open again", |s, b| {
        s == 200 && b["store"] == "open"
    })
    .await;
    assert_eq!(d.pid(), pid);
    assert!(d.log().contains("restarting"), "{}", d.log());
    let id = job["id"].as_str().unwrap();
    let again = kiln_tests::files::get_job(&d, &key, id).await;
    assert_eq!(
        again["status"], "succeeded",
        "the acknowledged job is kept: {again}"
    );
    d.kiln_ok(&["account", "create", "after"]);
    d.assert_audit_clean();
}

#[tokio::test]
async fn kilnd_starts_on_a_full_disk_refusing_new_work_and_accepts_once_freed() {
    let Some(fs) = Tmpfs::mount(48) else { return };
    let data = fs.path().join("data");
    let mut d = Daemon::start_in(data.clone(), &disk_env());
    let key = d.account_with("full", 0, 100);
    let ballast = data.join("ballast");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ballast.exists() {
        assert!(Instant::now() < deadline, "no ballast:\n{}", d.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(d.stop(), Some(0));

    let filler = fs.fill();
    d.spawn();
    let ready = until_ready(&mut d, "started", |s, _| s == 200).await;
    assert_eq!(ready["disk"]["low"], true, "{ready}");
    assert!(
        ready["intake"].as_str().unwrap().starts_with("refusing"),
        "{ready}"
    );
    assert!(get_json(&d, &key, "/me").await["balance"].is_object());
    let presign = json!({"filename": "a.mp4", "content_type": "video/mp4"});
    let req = http()
        .post(d.url("/upload/presign"))
        .bearer_auth(&key)
        .json(&presign);
    let (status, body) = status_and_json(req).await;
    let now = readyz(&d).await;
    assert_eq!(status, 507, "{body}\n{now:?}\n{}", d.log());
    let status = d.kiln_ok(&["status"]);
    assert!(status.contains("LOW"), "{status}");

    std::fs::remove_file(filler).unwrap();
    until_ready(&mut d, "room again", |s, b| {
        s == 200 && b["disk"]["low"] == false
    })
    .await;
    // A write that failed while the disk was full heals with a restart in
    // place; either way new work is taken again.
    let key2 = key.clone();
    let presign2 = presign.clone();
    let ask = move |d: &Daemon| {
        http()
            .post(d.url("/upload/presign"))
            .bearer_auth(&key2)
            .json(&presign2)
    };
    until(&mut d, "presign once freed", ask, |s, _| s == 200).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ballast.exists() {
        assert!(Instant::now() < deadline, "the ballast is written again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    d.assert_audit_clean();
}

#[tokio::test]
async fn the_data_dir_and_the_store_are_private() {
    let d = Daemon::start();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&d.data), 0o700);
    for entry in std::fs::read_dir(d.data.join("db")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            assert_eq!(mode(&path) & 0o077, 0, "{}", path.display());
        }
    }
    assert_eq!(mode(&d.data.join("first-api-key")) & 0o077, 0);
}

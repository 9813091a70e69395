//! Helpers for end-to-end tests: start the real `kilnd` on a free port with a
//! temporary data dir, run the real `kiln` CLI against it, stop and restart it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Directory holding the built `kilnd` and `kiln` binaries.
pub fn bin_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("KILN_BIN_DIR") {
            return PathBuf::from(dir);
        }
        // target/<profile>/deps/<test-binary> → target/<profile>
        let exe = std::env::current_exe().expect("test binary path");
        let dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("test binary lives in target/<profile>/deps")
            .to_path_buf();
        // `cargo test -p kiln-tests` builds our library deps but not the
        // binaries: build them (a no-op when fresh) so tests never run stale ones.
        // `make test` builds them first and sets KILN_BIN_DIR instead.
        {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "-p", "kilnd", "-p", "kiln"])
                .status()
                .expect("running cargo build for the binaries");
            assert!(status.success(), "cargo build of kilnd and kiln failed");
        }
        dir
    })
    .clone()
}

pub fn kilnd_bin() -> PathBuf {
    bin_dir().join("kilnd")
}

pub fn kiln_bin() -> PathBuf {
    bin_dir().join("kiln")
}

/// A `Command` for one of our binaries with no stray `KILN_*` settings.
pub fn command(bin: &Path) -> Command {
    let mut cmd = Command::new(bin);
    for (name, _) in std::env::vars() {
        if name.starts_with("KILN_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("RUST_LOG", "info,tower_http=warn");
    cmd
}

/// A running kilnd with its own data dir.
pub struct Daemon {
    pub data: PathBuf,
    pub base_url: String,
    child: Option<Child>,
    _dir: Option<tempfile::TempDir>,
    extra_env: Vec<(String, String)>,
    /// The config file of [`Daemon::start_with_config`].
    pub config_path: Option<PathBuf>,
}

impl Daemon {
    /// Start kilnd on a free port with a fresh data dir.
    pub fn start() -> Daemon {
        Self::start_with_env(&[])
    }

    /// Start kilnd with a config file holding `toml` (and the given env).
    pub fn start_with_config(toml: &str, env: &[(&str, &str)]) -> Daemon {
        let file = tempfile::Builder::new()
            .suffix(".toml")
            .tempfile()
            .expect("config file");
        std::fs::write(file.path(), toml).expect("writing the config");
        let (_, path) = file.keep().expect("keeping the config file");
        let mut env: Vec<(&str, &str)> = env.to_vec();
        let path_str = path.to_string_lossy().into_owned();
        env.push(("KILN_CONFIG", &path_str));
        let mut d = Self::start_with_env(&env);
        d.config_path = Some(path);
        d
    }

    /// The pid of the worker busy with `job_id`, as soon as one is (polling
    /// the `workers` control call; panics after five minutes).
    pub fn busy_worker(&self, job_id: &str) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let out = self.kiln_ok(&["--json", "workers"]);
            let workers: serde_json::Value = serde_json::from_str(&out).expect("workers JSON");
            let found = workers.as_array().into_iter().flatten().find_map(|w| {
                (w["job_id"] == job_id && w["state"] == "busy")
                    .then(|| w["pid"].as_u64())
                    .flatten()
            });
            if let Some(pid) = found {
                return pid as u32;
            }
            assert!(
                Instant::now() < deadline,
                "no worker took {job_id}: {workers}"
            );
        }
    }

    /// The running kilnd's pid.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("kilnd is running").id()
    }

    pub fn start_with_env(env: &[(&str, &str)]) -> Daemon {
        let dir = tempfile::tempdir().expect("temp data dir");
        let data = dir.path().join("data");
        let mut d = Daemon {
            data,
            base_url: String::new(),
            child: None,
            _dir: Some(dir),
            config_path: None,
            extra_env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        d.spawn();
        d
    }

    /// Add environment for this daemon and restart it with it (for settings
    /// a test must set after creating its own resources).
    pub fn with_restart_env(mut self, env: &[(&str, &str)]) -> Daemon {
        self.kill_hard();
        self.extra_env
            .extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.spawn();
        self
    }

    /// Start kilnd again on the same data dir (after [`Daemon::kill_hard`]).
    pub fn spawn(&mut self) {
        let addr_file = self.data.join("http.addr");
        let _ = std::fs::remove_file(&addr_file);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .ok();
        std::fs::create_dir_all(&self.data).expect("data dir");
        let log = log.or_else(|| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.log_path())
                .ok()
        });
        let mut cmd = command(&kilnd_bin());
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&self.data)
            .envs(self.extra_env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        match log {
            Some(f) => cmd.stderr(f),
            None => cmd.stderr(Stdio::null()),
        };
        let mut child = cmd.spawn().expect("starting kilnd");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(addr) = std::fs::read_to_string(&addr_file) {
                if self.socket().exists() {
                    self.base_url = format!("http://{}", addr.trim());
                    break;
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("kilnd exited early with {status}:\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "kilnd did not become ready:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        self.child = Some(child);
    }

    pub fn log_path(&self) -> PathBuf {
        self.data.with_file_name("kilnd.log")
    }

    /// Everything kilnd has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    pub fn socket(&self) -> PathBuf {
        self.data.join("control.sock")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The admin key written on first start.
    pub fn first_key(&self) -> String {
        std::fs::read_to_string(self.data.join("first-api-key"))
            .expect("first-api-key written on first start")
            .trim()
            .to_string()
    }

    /// Run `kiln --socket <ours> args...`.
    pub fn kiln(&self, args: &[&str]) -> Output {
        command(&kiln_bin())
            .arg("--socket")
            .arg(self.socket())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("running kiln")
    }

    /// Run `kiln` and return its stdout, failing the test on a non-zero exit.
    pub fn kiln_ok(&self, args: &[&str]) -> String {
        let out = self.kiln(args);
        assert!(
            out.status.success(),
            "kiln {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Send SIGTERM and wait for the process to exit; returns its exit code.
    pub fn stop(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        // SAFETY: kill(2) on a pid we own; no memory is involved.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().expect("waiting for kilnd") {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("kilnd did not stop on SIGTERM:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// SIGKILL kilnd, as a crash would, and reap it.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stop and start again on the same data dir.
    pub fn restart(&mut self) {
        let code = self.stop();
        assert_eq!(code, Some(0), "kilnd exit code on SIGTERM\n{}", self.log());
        self.spawn();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(path) = self.config_path.take() {
            let _ = std::fs::remove_file(path);
        }
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A blocking HTTP client for tests.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("http client")
}

/// Send a signal to a process.
pub fn signal(pid: u32, sig: i32) {
    // SAFETY: kill(2) with a pid and signal number; no memory is involved.
    let rc = unsafe { libc::kill(pid as libc::pid_t, sig) };
    assert_eq!(rc, 0, "kill({pid}, {sig}) failed");
}

/// Write a real H.264(+AAC) clip for a test.
pub fn make_clip(
    dir: &Path,
    name: &str,
    secs: f64,
    fps: u32,
    size: (u32, u32),
    audio: bool,
) -> PathBuf {
    let path = dir.join(name);
    kilnd::media::testclip::write_clip(
        &path,
        &kilnd::media::testclip::ClipSpec {
            width: size.0,
            height: size.1,
            fps,
            duration_secs: secs,
            audio,
        },
    )
    .expect("writing a test clip");
    path
}

pub mod render {
    //! The render API as a client uses it.

    use std::path::Path;
    use std::time::{Duration, Instant};

    use serde_json::{json, Value};

    use super::Daemon;

    /// Presign and upload a file; returns the presign response.
    pub async fn upload(d: &Daemon, key: &str, file: &Path) -> Value {
        let client = super::http();
        let presign: Value = client
            .post(d.url("/upload/presign"))
            .bearer_auth(key)
            .json(&json!({"filename": file.file_name().unwrap().to_str().unwrap(), "content_type": "video/mp4"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let url = presign["upload_url"]
            .as_str()
            .unwrap_or_else(|| panic!("{presign}"));
        let r = client
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

    /// `POST /jobs`; returns (status, body).
    pub async fn start(d: &Daemon, key: &str, presign: &Value, fps: u32) -> (u16, Value) {
        let r = super::http()
            .post(d.url("/jobs"))
            .bearer_auth(key)
            .json(&json!({"r2_key": presign["key"], "project_id": presign["project_id"], "target_fps": fps}))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    pub async fn job(d: &Daemon, key: &str, id: &str) -> Value {
        super::http()
            .get(d.url(&format!("/jobs/{id}")))
            .bearer_auth(key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Poll a job until `done(job)` holds; panics after `timeout`.
    pub async fn wait_for(
        d: &Daemon,
        key: &str,
        id: &str,
        timeout: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let j = job(d, key, id).await;
            if done(&j) {
                return j;
            }
            assert!(
                Instant::now() < deadline,
                "job never reached the state; last: {j}\n{}",
                d.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn settled(j: &Value) -> bool {
        matches!(j["live_status"].as_str(), Some("done" | "failed"))
    }
}

/// Write a colourful PNG (a gradient with a red square) for a test.
pub fn make_png(dir: &Path, name: &str, width: u32, height: u32) -> PathBuf {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        if x < width / 4 && y < height / 4 {
            image::Rgb([230, 20, 20])
        } else {
            image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
        }
    });
    let path = dir.join(name);
    img.save(&path).expect("writing a test PNG");
    path
}

pub mod files {
    //! The file-automation API as a client uses it.

    use std::path::Path;

    use serde_json::{json, Value};

    use super::Daemon;

    /// Upload a file; returns its storageId.
    pub async fn upload(d: &Daemon, key: &str, file: &Path) -> String {
        let client = super::http();
        let slot: Value = client
            .post(d.url("/api/v1/uploads"))
            .bearer_auth(key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let url = slot["uploadUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("{slot}"));
        let r = client
            .post(url)
            .body(std::fs::read(file).unwrap())
            .send()
            .await
            .unwrap();
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        assert!(status.is_success(), "upload failed: {status} {body}");
        body["storageId"].as_str().unwrap().to_string()
    }

    /// `POST /api/v1/jobs`; returns (status, body).
    pub async fn job(d: &Daemon, key: &str, body: Value, wait: bool) -> (u16, Value) {
        let url = if wait {
            "/api/v1/jobs?wait=true"
        } else {
            "/api/v1/jobs"
        };
        let r = super::http()
            .post(d.url(url))
            .bearer_auth(key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
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

    /// Download an output to `dir`; returns its path.
    pub async fn download(output: &Value, dir: &Path) -> std::path::PathBuf {
        let url = output["url"]
            .as_str()
            .unwrap_or_else(|| panic!("no url: {output}"));
        let r = super::http().get(url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let path = dir.join(output["filename"].as_str().unwrap());
        std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
        path
    }
}

pub mod receiver {
    //! A real HTTP receiver for webhook tests: records every request and
    //! answers with scripted status codes.

    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    #[derive(Debug, Clone)]
    pub struct Received {
        pub at: Instant,
        pub headers: HashMap<String, String>,
        pub body: Vec<u8>,
    }

    pub struct Receiver {
        pub url: String,
        pub received: Arc<Mutex<Vec<Received>>>,
    }

    impl Receiver {
        /// Listen on `addr` (e.g. "127.0.0.1:0"); the n-th request gets
        /// `statuses[n]`, later ones 200.
        pub async fn start(addr: &str, statuses: Vec<u16>) -> Receiver {
            let listener = TcpListener::bind(addr).await.expect("receiver bind");
            let url = format!("http://{}/hook", listener.local_addr().unwrap());
            let received: Arc<Mutex<Vec<Received>>> = Arc::default();
            let log = received.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((mut conn, _)) = listener.accept().await else {
                        return;
                    };
                    let log = log.clone();
                    let statuses = statuses.clone();
                    tokio::spawn(async move {
                        let mut buf = Vec::new();
                        let mut chunk = [0u8; 8192];
                        let (head_end, headers) = loop {
                            let n = conn.read(&mut chunk).await.unwrap_or(0);
                            if n == 0 {
                                return;
                            }
                            buf.extend_from_slice(&chunk[..n]);
                            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                                let text = String::from_utf8_lossy(&buf[..pos]).to_string();
                                let headers: HashMap<String, String> = text
                                    .lines()
                                    .skip(1)
                                    .filter_map(|l| l.split_once(':'))
                                    .map(|(k, v)| {
                                        (k.trim().to_ascii_lowercase(), v.trim().to_string())
                                    })
                                    .collect();
                                break (pos + 4, headers);
                            }
                        };
                        let len: usize = headers
                            .get("content-length")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                        while buf.len() < head_end + len {
                            let n = conn.read(&mut chunk).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            buf.extend_from_slice(&chunk[..n]);
                        }
                        let index = {
                            let mut log = log.lock().unwrap();
                            log.push(Received {
                                at: Instant::now(),
                                headers,
                                body: buf[head_end..(head_end + len).min(buf.len())].to_vec(),
                            });
                            log.len() - 1
                        };
                        let status = statuses.get(index).copied().unwrap_or(200);
                        let reply = format!(
                            "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                        );
                        let _ = conn.write_all(reply.as_bytes()).await;
                        let _ = conn.shutdown().await;
                    });
                }
            });
            Receiver { url, received }
        }

        pub fn requests(&self) -> Vec<Received> {
            self.received.lock().unwrap().clone()
        }

        /// Wait until `n` requests have arrived (or panic after `secs`).
        pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
            let deadline = Instant::now() + std::time::Duration::from_secs(secs);
            loop {
                let got = self.requests();
                if got.len() >= n {
                    return got;
                }
                assert!(
                    Instant::now() < deadline,
                    "receiver got {} of {n} requests",
                    got.len()
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    }
}

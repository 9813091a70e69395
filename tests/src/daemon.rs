//! The real `kilnd` on a free port with a temporary data dir, and the real
//! `kiln` CLI against it: start, stop, restart, kill, and the operator
//! actions tests repeat (accounts, the ledger audit, holding a worker).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::process::{assert_success, signal};

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
            let mut build = Command::new(cargo);
            // Without the test's own package variables: build scripts that
            // watch them (ring's) would otherwise see a change and rebuild
            // half the tree on every test run started from a shell build.
            for (name, _) in std::env::vars() {
                if name.starts_with("CARGO_PKG_")
                    || name.starts_with("CARGO_MANIFEST_")
                    || name == "CARGO_CRATE_NAME"
                    || name == "CARGO_PRIMARY_PACKAGE"
                {
                    build.env_remove(name);
                }
            }
            let status = build
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
        Self::start_at(data, Some(dir), env)
    }

    /// Start kilnd with its data dir at `data` (its log beside it).
    pub fn start_in(data: PathBuf, env: &[(&str, &str)]) -> Daemon {
        Self::start_at(data, None, env)
    }

    fn start_at(data: PathBuf, dir: Option<tempfile::TempDir>, env: &[(&str, &str)]) -> Daemon {
        let mut d = Daemon {
            data,
            base_url: String::new(),
            child: None,
            _dir: dir,
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
        let _ = std::fs::remove_file(self.data.join("http.addr"));
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
            // Tests share one disk: a small reserve and ballast unless a test
            // sets its own (the disk tests do).
            .envs([
                ("KILN_DISK__RESERVE_MB", "64"),
                ("KILN_DISK__BALLAST_MB", "1"),
            ])
            .envs(self.extra_env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        match log {
            Some(f) => cmd.stderr(f),
            None => cmd.stderr(Stdio::null()),
        };
        let child = cmd.spawn().expect("starting kilnd");
        self.child = Some(child);
        self.wait_ready(Duration::from_secs(30));
    }

    /// Wait until kilnd (started, or restarted in place) has written its
    /// HTTP address and opened its control socket; follow that address.
    pub fn wait_ready(&mut self, limit: Duration) {
        let addr_file = self.data.join("http.addr");
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(addr) = std::fs::read_to_string(&addr_file) {
                if self.socket().exists() && addr.ends_with('\n') {
                    self.base_url = format!("http://{}", addr.trim());
                    return;
                }
            }
            let child = self.child.as_mut().expect("kilnd was started");
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

    /// A new account on the default plan; its API key.
    pub fn account(&self, name: &str) -> String {
        self.kiln_ok(&["account", "create", name])
            .trim()
            .to_string()
    }

    /// A new account with `free` free xeconds, then `paid` paid xeconds
    /// granted (none when zero); its API key.
    pub fn account_with(&self, name: &str, free: u64, paid: u64) -> String {
        let key = self
            .kiln_ok(&["account", "create", name, "--xeconds", &free.to_string()])
            .trim()
            .to_string();
        if paid > 0 {
            self.kiln_ok(&["credits", "grant", name, &paid.to_string(), "--paid"]);
        }
        key
    }

    /// `kiln audit` holds: every charge belongs to a job, every failure is
    /// refunded, the balances add up.
    pub fn assert_audit_clean(&self) {
        assert_success("ledger audit", &self.kiln(&["audit"]));
    }

    /// Stops (SIGSTOP) the worker busy with `job_id`, mid-job; its pid.
    pub fn stop_busy_worker(&self, job_id: &str) -> u32 {
        let pid = self.busy_worker(job_id);
        signal(pid, libc::SIGSTOP);
        pid
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

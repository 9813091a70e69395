//! The daemon's side of a worker process: start it with resource limits,
//! send requests, read replies, and tell how it died.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::worker::protocol::{Reply, Request};

/// Which program a worker runs: `kilnd worker` takes any job;
/// `kilnd-stills worker` only jobs on still pictures, and starts without
/// FFmpeg's libraries (~10 MiB instead of ~45).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerKind {
    Full,
    Stills,
}

/// The still-picture worker's program installed beside `kilnd`, if any.
pub fn stills_beside(kilnd: &std::path::Path) -> Option<PathBuf> {
    let exe = kilnd.with_file_name("kilnd-stills");
    exe.is_file().then_some(exe)
}

/// Limits every worker process runs under.
#[derive(Debug, Clone)]
pub struct WorkerLimits {
    /// The `kilnd` executable to run as `kilnd worker`.
    pub exe: PathBuf,
    /// The `kilnd-stills` executable, when installed beside `kilnd`;
    /// without it still pictures run in the full worker.
    pub stills_exe: Option<PathBuf>,
    /// Address-space limit (RLIMIT_AS) in MiB.
    pub memory_mb: u64,
    /// How long a worker gets to say it is ready.
    pub start_timeout: Duration,
    /// The worker's working directory (private scratch, not the daemon's).
    pub work_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("could not start a worker process: {0}")]
    Spawn(std::io::Error),
    #[error("worker process did not become ready in {0:?}")]
    StartTimeout(Duration),
    #[error("worker process {0}")]
    Died(String),
    #[error("worker process sent something unreadable: {0}")]
    Protocol(String),
    #[error("talking to the worker process failed: {0}")]
    Io(#[from] std::io::Error),
    /// A worker node lost its lease (no heartbeat, or it went away): the
    /// job is not at fault and runs again.
    #[error("{0}")]
    LeaseLost(String),
}

type ForkRequest = (
    Command,
    tokio::runtime::Handle,
    tokio::sync::oneshot::Sender<std::io::Result<Child>>,
);

/// Starts `cmd` from one long-lived thread. The parent-death signal is tied
/// to the *thread* that forked a child, not the process, and the runtime's
/// threads come and go (blocking-pool threads retire when idle, and a worker
/// thread that blocks in place becomes one): a worker forked from such a
/// thread would be killed when that thread retires.
async fn spawn_from_forker(cmd: Command) -> std::io::Result<Child> {
    static FORKER: std::sync::OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<ForkRequest>>> =
        std::sync::OnceLock::new();
    let sender = FORKER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<ForkRequest>();
        std::thread::Builder::new()
            .name("kilnd-forker".into())
            .spawn(move || {
                for (mut cmd, runtime, reply) in rx {
                    let _entered = runtime.enter();
                    let _ = reply.send(cmd.spawn());
                }
            })
            .expect("starting the worker-forking thread");
        std::sync::Mutex::new(tx)
    });
    let (reply, answer) = tokio::sync::oneshot::channel();
    let request = (cmd, tokio::runtime::Handle::current(), reply);
    let gone = || std::io::Error::other("the worker-forking thread is gone");
    sender
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send(request)
        .map_err(|_| gone())?;
    answer.await.map_err(|_| gone())?
}

/// Set once the lack of full worker confinement has been logged.
static SANDBOX_WARNED: AtomicBool = AtomicBool::new(false);

pub struct WorkerProcess {
    child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    pub(super) pid: u32,
    pub(super) jobs_run: u64,
    memory_mb: u64,
    pub(super) kind: WorkerKind,
}

impl WorkerProcess {
    /// Starts a worker of `kind` (a full one when no stills program is
    /// installed).
    pub async fn spawn(
        limits: &WorkerLimits,
        kind: WorkerKind,
    ) -> Result<WorkerProcess, ProcessError> {
        let (exe, kind) = match (kind, &limits.stills_exe) {
            (WorkerKind::Stills, Some(exe)) => (exe, WorkerKind::Stills),
            _ => (&limits.exe, WorkerKind::Full),
        };
        let mut cmd = Command::new(exe);
        cmd.arg("worker")
            .current_dir(&limits.work_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let memory_bytes = limits.memory_mb.saturating_mul(1024 * 1024);
        // SAFETY: only async-signal-safe libc calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                // Die with the daemon: a worker must never outlive it.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                let limit = libc::rlimit {
                    rlim_cur: memory_bytes,
                    rlim_max: memory_bytes,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                let no_core = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &no_core);
                // Media code needs a handful of files, never hundreds.
                let files = libc::rlimit {
                    rlim_cur: 256,
                    rlim_max: 256,
                };
                libc::setrlimit(libc::RLIMIT_NOFILE, &files);
                // No network: a new, empty network namespace where the kernel
                // allows it (root, or a user namespace); best effort elsewhere
                // (e.g. under systemd's RestrictNamespaces, which confines us anyway).
                if libc::unshare(libc::CLONE_NEWNET) != 0 {
                    let _ = libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET);
                }
                Ok(())
            });
        }
        let mut child = spawn_from_forker(cmd).await.map_err(ProcessError::Spawn)?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
        let pid = child.id().unwrap_or(0);
        let mut process = WorkerProcess {
            child,
            stdin,
            stdout,
            pid,
            jobs_run: 0,
            memory_mb: limits.memory_mb,
            kind,
        };
        match tokio::time::timeout(limits.start_timeout, process.read_reply()).await {
            Ok(Ok(Reply::Ready { sandbox, .. })) => {
                if sandbox != "full" && !SANDBOX_WARNED.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        sandbox = %sandbox,
                        "workers run without full filesystem confinement (Landlock needs Linux 5.13+; \
                         signal scoping 6.12+); their other limits still apply"
                    );
                }
                Ok(process)
            }
            Ok(Ok(other)) => Err(ProcessError::Protocol(format!(
                "expected ready, got {other:?}"
            ))),
            Ok(Err(e)) => Err(e),
            Err(_) => {
                process.stop().await;
                Err(ProcessError::StartTimeout(limits.start_timeout))
            }
        }
    }

    pub(super) async fn write_request(&mut self, request: &Request) -> Result<(), ProcessError> {
        let mut line =
            serde_json::to_vec(request).map_err(|e| ProcessError::Protocol(e.to_string()))?;
        line.push(b'\n');
        self.stdin.write_all(&line).await?;
        self.stdin.flush().await?;
        Ok(())
    }

    /// The next reply; when the process has ended, an error saying how.
    pub(super) async fn read_reply(&mut self) -> Result<Reply, ProcessError> {
        match self.stdout.next_line().await? {
            Some(line) => serde_json::from_str(&line)
                .map_err(|e| ProcessError::Protocol(format!("{e}: {line:.200}"))),
            None => Err(ProcessError::Died(self.death().await)),
        }
    }

    /// Wait briefly for the exit status and describe it for a person.
    async fn death(&mut self) -> String {
        use std::os::unix::process::ExitStatusExt;
        let status = match tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await {
            Ok(Ok(status)) => status,
            _ => {
                self.stop().await;
                return "stopped answering and was killed".into();
            }
        };
        match (status.code(), status.signal()) {
            (Some(code), _) => format!("exited unexpectedly with status {code}"),
            (None, Some(sig)) => {
                let name = match sig {
                    libc::SIGKILL => "SIGKILL",
                    libc::SIGSEGV => "SIGSEGV",
                    libc::SIGABRT => "SIGABRT",
                    libc::SIGBUS => "SIGBUS",
                    libc::SIGTERM => "SIGTERM",
                    _ => "a signal",
                };
                let hint = if matches!(sig, libc::SIGABRT | libc::SIGSEGV | libc::SIGBUS) {
                    format!(" (it may have hit its {} MB memory limit)", self.memory_mb)
                } else {
                    String::new()
                };
                format!("crashed: killed by {name} ({sig}){hint}")
            }
            _ => "ended for an unknown reason".into(),
        }
    }

    pub(super) async fn stop(&mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
    }
}

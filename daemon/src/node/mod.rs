//! `kilnd worker --join URL --token TOKEN`: a worker node on another
//! machine. It registers with the daemon over HTTP(S) (TLS is whatever the
//! daemon's listener, or a proxy in front of it, provides), sends a
//! heartbeat with its labels every few seconds, and takes jobs by lease
//! (`lease.rs`), up to its `max_jobs` at a time, until it is stopped.
//!
//! A wrong or revoked token ends the process with an error; a daemon that
//! does not answer is retried (the node keeps trying to reconnect).

mod lease;
pub mod link;
pub mod wire;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};

use crate::engine::process::WorkerLimits;
use link::{Link, LinkError};

use serde::{Deserialize, Serialize};

/// What a node says about itself when it registers or sends a heartbeat.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    /// Where the node runs (its host name or address, as it sees itself).
    pub address: String,
    pub version: String,
    pub cpus: u32,
    pub max_jobs: u32,
    /// The job kinds it takes: `render`, `file`.
    #[serde(default = "all_kinds")]
    pub runs: Vec<String>,
}

/// Every job kind a node can run.
pub const JOB_KINDS: [&str; 2] = ["render", "file"];

pub fn all_kinds() -> Vec<String> {
    JOB_KINDS.iter().map(|k| k.to_string()).collect()
}

/// The daemon's answer: who the node is and whether it may take work.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub node_id: String,
    pub name: String,
    pub draining: bool,
    pub version: String,
}

pub struct JoinOptions {
    /// The daemon's base URL, e.g. `https://kiln.example.com`.
    pub url: String,
    pub token: String,
    /// Jobs this node runs at once (a label for the scheduler).
    pub max_jobs: u32,
    pub heartbeat: Duration,
    /// What the node calls itself in `kiln node list`.
    pub address: String,
    /// Where leased jobs' files are kept while they run, under
    /// `kiln-node/tmp` (each job's worker process reads only `kiln-node` and
    /// writes only under `kiln-node/tmp`).
    pub work_dir: PathBuf,
    /// Address-space limit of each worker process, in MiB.
    pub memory_mb: u64,
    /// The job kinds it takes (`render`, `file`).
    pub runs: Vec<String>,
}

/// How long one request for work waits at the daemon.
const LEASE_WAIT: Duration = Duration::from_secs(20);

/// Register, then heartbeat and take jobs (`max_jobs` at a time) until the
/// process is stopped, or the token is refused, which is an error.
pub async fn join(options: JoinOptions) -> anyhow::Result<()> {
    if !(options.url.starts_with("http://") || options.url.starts_with("https://")) {
        bail!("--join takes the daemon's http:// or https:// URL");
    }
    let link = Link::new(&options.url, &options.token).context("building the HTTP client")?;
    // The worker process reads the parent of its working directory (on the
    // daemon, the blob store): here that is a directory of the node's own.
    let work_dir = options.work_dir.join("kiln-node").join("tmp");
    std::fs::create_dir_all(&work_dir)
        .with_context(|| format!("making the work directory {}", work_dir.display()))?;
    let exe = std::env::current_exe().context("finding the kilnd executable")?;
    let limits = WorkerLimits {
        stills_exe: crate::engine::process::stills_beside(&exe),
        exe,
        memory_mb: options.memory_mb,
        start_timeout: Duration::from_secs(30),
        work_dir: work_dir
            .canonicalize()
            .with_context(|| format!("resolving {}", work_dir.display()))?,
    };
    let hello = Hello {
        address: options.address.clone(),
        version: crate::VERSION.to_string(),
        cpus: num_cpus::get() as u32,
        max_jobs: options.max_jobs,
        runs: options.runs.clone(),
    };
    let takers = (0..options.max_jobs).map(|_| take_jobs(&link, &limits));
    tokio::select! {
        r = report(&link, &hello, options.heartbeat) => r,
        r = futures::future::try_join_all(takers) => r.map(|_| ()),
    }
}

/// Register, then send the node's report every `every`.
async fn report(link: &Link, hello: &Hello, every: Duration) -> anyhow::Result<()> {
    let mut path = "register";
    loop {
        match link.call::<Welcome>(path, hello).await {
            Ok(welcome) => {
                if path == "register" {
                    tracing::info!(
                        node = %welcome.name,
                        id = %welcome.node_id,
                        daemon_version = %welcome.version,
                        draining = welcome.draining,
                        "joined"
                    );
                    println!("joined as node {} ({})", welcome.name, welcome.node_id);
                    if welcome.version != crate::VERSION {
                        // Jobs travel in the worker protocol of each side's version.
                        tracing::warn!(
                            daemon_version = %welcome.version,
                            node_version = crate::VERSION,
                            "the daemon runs another kilnd version; run the same on both"
                        );
                    }
                    path = "heartbeat";
                }
            }
            Err(e @ LinkError::Refused(_)) => return Err(e.into()),
            Err(LinkError::Status(why)) => {
                tracing::warn!(%why, "kilnd did not take the node report")
            }
            Err(e) => tracing::warn!(
                error = %e,
                url = link.base(),
                "kilnd unreachable; retrying"
            ),
        }
        tokio::time::sleep(every).await;
    }
}

/// A warm worker with nothing to do is stopped after this long.
const WORKER_IDLE: Duration = Duration::from_secs(60);

/// Ask for a job, run it, ask again.
async fn take_jobs(link: &Link, limits: &WorkerLimits) -> anyhow::Result<()> {
    let mut warm = lease::Warm::default();
    loop {
        warm.stop_if_idle(WORKER_IDLE).await;
        let asked = Instant::now();
        match link.lease(LEASE_WAIT).await {
            Ok(Some(grant)) => {
                let (job, lease) = (grant.job_id.clone(), grant.lease_id.clone());
                tracing::info!(%job, %lease, "running a leased job");
                match lease::run(link, limits, &mut warm, grant).await {
                    Ok(()) => tracing::info!(%job, %lease, "leased job reported"),
                    Err(e @ LinkError::Refused(_)) => return Err(e.into()),
                    Err(LinkError::NotHeld(why)) => {
                        tracing::warn!(%job, %lease, %why, "lease lost; the job was dropped here")
                    }
                    Err(e) => tracing::warn!(%job, %lease, error = %e, "leased job failed here"),
                }
            }
            // Drained, at its maximum, or simply no work: ask again (not in a spin).
            Ok(None) if asked.elapsed() < Duration::from_secs(1) => {
                tokio::time::sleep(Duration::from_secs(1)).await
            }
            Ok(None) => {}
            Err(e @ LinkError::Refused(_)) => return Err(e.into()),
            Err(e) => {
                tracing::warn!(error = %e, "asking for work failed; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}

//! `kilnd worker --join URL --token TOKEN`: a worker node on another
//! machine. It registers with the daemon over HTTP(S) (TLS is whatever the
//! daemon's listener, or a proxy in front of it, provides), then sends a
//! heartbeat with its labels every few seconds until it is stopped.
//!
//! A wrong or revoked token ends the process with an error; a daemon that
//! does not answer is retried (the node keeps trying to reconnect).

pub mod wire;

use std::time::Duration;

use anyhow::{bail, Context as _};

use serde::{Deserialize, Serialize};

/// What a node says about itself when it registers or sends a heartbeat.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    /// Where the node runs (its host name or address, as it sees itself).
    pub address: String,
    pub version: String,
    pub cpus: u32,
    pub max_jobs: u32,
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
}

fn endpoint(base: &str, path: &str) -> String {
    format!("{}/internal/nodes/{path}", base.trim_end_matches('/'))
}

async fn send(
    client: &reqwest::Client,
    options: &JoinOptions,
    path: &str,
    hello: &Hello,
) -> anyhow::Result<Result<Welcome, String>> {
    let response = client
        .post(endpoint(&options.url, path))
        .bearer_auth(&options.token)
        .json(hello)
        .send()
        .await
        .with_context(|| format!("reaching kilnd at {}", options.url))?;
    let status = response.status();
    if status.is_success() {
        return Ok(Ok(response
            .json()
            .await
            .context("reading kilnd's answer")?));
    }
    let body = response.text().await.unwrap_or_default();
    if status == reqwest::StatusCode::UNAUTHORIZED {
        bail!("kilnd refused the node token ({status}): {body}");
    }
    Ok(Err(format!("{status}: {body}")))
}

/// Register, then heartbeat until the process is stopped (or the token is
/// refused, which is an error).
pub async fn join(options: JoinOptions) -> anyhow::Result<()> {
    if !(options.url.starts_with("http://") || options.url.starts_with("https://")) {
        bail!("--join takes the daemon's http:// or https:// URL");
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .context("building the HTTP client")?;
    let hello = Hello {
        address: options.address.clone(),
        version: crate::VERSION.to_string(),
        cpus: num_cpus::get() as u32,
        max_jobs: options.max_jobs,
    };
    let mut path = "register";
    loop {
        match send(&client, &options, path, &hello).await {
            Ok(Ok(welcome)) => {
                if path == "register" {
                    tracing::info!(
                        node = %welcome.name,
                        id = %welcome.node_id,
                        daemon_version = %welcome.version,
                        draining = welcome.draining,
                        "joined"
                    );
                    println!("joined as node {} ({})", welcome.name, welcome.node_id);
                    path = "heartbeat";
                }
            }
            Ok(Err(why)) => tracing::warn!(%why, "kilnd did not take the node report"),
            Err(e) if e.to_string().contains("refused the node token") => return Err(e),
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "kilnd unreachable; retrying"),
        }
        tokio::time::sleep(options.heartbeat).await;
    }
}

//! The node's HTTP link to its daemon: every call under
//! `/internal/nodes/` with the node token, and what its answers mean.

use std::path::Path;
use std::time::Duration;

use reqwest::{RequestBuilder, Response, StatusCode};
use serde::Serialize;
use tokio::io::AsyncWriteExt;

use super::wire::{Beat, Grant, LeaseAsk};
use crate::worker::protocol::Reply;

/// Small calls give up after this long (waits and transfers have their own).
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("kilnd refused the node token ({0})")]
    Refused(String),
    #[error("the lease is no longer held ({0})")]
    NotHeld(String),
    #[error("kilnd answered {0}")]
    Status(String),
    #[error("reaching kilnd: {0}")]
    Http(#[from] reqwest::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

#[derive(Clone)]
pub struct Link {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Link {
    pub fn new(base: &str, token: &str) -> Result<Link, LinkError> {
        Ok(Link {
            client: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .build()?,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}/internal/nodes/{path}", self.base)
    }

    fn post(&self, path: &str, body: &impl Serialize) -> RequestBuilder {
        self.client
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(body)
    }

    /// The answer when it is a success; otherwise what the status means.
    async fn checked(&self, request: RequestBuilder) -> Result<Response, LinkError> {
        let response = request.send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.text().await.unwrap_or_default();
        Err(match status {
            StatusCode::UNAUTHORIZED => LinkError::Refused(format!("{status}: {body}")),
            StatusCode::CONFLICT => LinkError::NotHeld(body),
            _ => LinkError::Status(format!("{status}: {body}")),
        })
    }

    /// POST a JSON body to `path` and read a JSON answer.
    pub async fn call<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, LinkError> {
        let response = self
            .checked(self.post(path, body).timeout(CALL_TIMEOUT))
            .await?;
        Ok(response.json().await?)
    }

    /// Wait up to `wait` for a job; `None` when none came.
    pub async fn lease(&self, wait: Duration) -> Result<Option<Grant>, LinkError> {
        let ask = LeaseAsk {
            wait_ms: wait.as_millis() as u64,
        };
        // The daemon may hold a grant being made ready past the wait.
        let request = self
            .post("lease", &ask)
            .timeout(wait + Duration::from_secs(330));
        let response = self.checked(request).await?;
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(None);
        }
        Ok(Some(response.json().await?))
    }

    pub async fn beat(&self, lease_id: &str, replies: Vec<Reply>) -> Result<(), LinkError> {
        let path = format!("leases/{lease_id}/heartbeat");
        self.checked(self.post(&path, &Beat { replies }).timeout(CALL_TIMEOUT))
            .await?;
        Ok(())
    }

    pub async fn result(&self, lease_id: &str, reply: &Reply) -> Result<(), LinkError> {
        let path = format!("leases/{lease_id}/result");
        self.checked(self.post(&path, reply).timeout(CALL_TIMEOUT))
            .await?;
        Ok(())
    }

    /// Input `index` of the lease's job, written to `to`.
    pub async fn fetch(&self, lease_id: &str, index: usize, to: &Path) -> Result<(), LinkError> {
        let request = self
            .client
            .get(self.url(&format!("leases/{lease_id}/inputs/{index}")))
            .bearer_auth(&self.token);
        let mut response = self.checked(request).await?;
        let mut file = tokio::fs::File::create(to).await?;
        while let Some(chunk) = response.chunk().await? {
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        Ok(())
    }

    /// Send the file at `from` as the job's output `name`.
    pub async fn send_output(
        &self,
        lease_id: &str,
        name: &str,
        from: &Path,
    ) -> Result<(), LinkError> {
        let file = tokio::fs::File::open(from).await?;
        let len = file.metadata().await?.len();
        let mut url = reqwest::Url::parse(&self.url(&format!("leases/{lease_id}/outputs")))
            .map_err(|e| LinkError::Status(format!("bad daemon URL: {e}")))?;
        url.path_segments_mut()
            .map_err(|_| LinkError::Status("bad daemon URL".into()))?
            .push(name);
        let request = self
            .client
            .put(url)
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_LENGTH, len)
            .body(reqwest::Body::from(file));
        self.checked(request).await?;
        Ok(())
    }
}

//! The control server: kilnd's side of the tarpc service in `kiln-shared`,
//! served on a Unix socket that only the operator (socket mode) can open.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use futures::StreamExt;
use kiln_shared::control::{Control, ControlError};
use kiln_shared::model::{
    AccountDetail, AccountView, AttemptView, AuditReport, BackupReport, Bucket, Counts,
    CreateAccount, CreatedAccount, CreatedKey, CreatedNodeToken, DeliveryView, EventPage,
    JobDetail, JobView, KeyView, LedgerView, NodeView, OutputView, Overview, RotatedSecret,
    StepView, UsageView, WorkerView,
};
use tarpc::context::Context;
use tarpc::server::{BaseChannel, Channel};
use tokio::net::{UnixListener, UnixStream};

use crate::context::AppState;
use crate::engine::{Engine, EngineError};
use crate::store::{Account, ApiKey, Job, JobSpec, LedgerEntry, StoreError};
use crate::views::render::live_status;
use kiln_shared::model::{DiskView, EventTopic, StepStatus};

#[derive(Debug, thiserror::Error)]
pub enum ControlServerError {
    #[error("another kilnd is already serving the control socket {0}")]
    InUse(PathBuf),
    #[error("cannot bind the control socket {path}: {source}")]
    Bind { path: PathBuf, source: io::Error },
}

impl From<EngineError> for ControlError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Store(e) => e.into(),
            EngineError::Refused(m) => ControlError::Conflict(m),
        }
    }
}

pub fn node_view(engine: &Engine, n: &crate::store::nodes::Node) -> NodeView {
    let seen = n.seen.as_ref();
    let load = engine.leases().load(&n.id);
    NodeView {
        id: n.id.clone(),
        name: n.name.clone(),
        created_at: n.created_at,
        revoked_at: n.revoked_at,
        draining: n.draining,
        address: seen.map(|s| s.address.clone()),
        version: seen.map(|s| s.version.clone()),
        cpus: seen.map(|s| s.cpus),
        max_jobs: seen.map(|s| s.max_jobs),
        last_seen_at: seen.map(|s| s.at),
        live: load.live,
        jobs: load.jobs,
        runs: seen.map(|s| s.runs.clone()).unwrap_or_default(),
    }
}

pub fn delivery_view(d: &crate::store::deliveries::Delivery) -> DeliveryView {
    DeliveryView {
        id: d.id.clone(),
        uuid: d.uuid.clone(),
        account_id: d.account_id.clone(),
        job_id: d.job_id.clone(),
        url: d.url.clone(),
        state: d.state.as_str().into(),
        attempts: d
            .attempts
            .iter()
            .map(|a| AttemptView {
                at: a.at,
                status: a.status,
                latency_ms: a.latency_ms,
                error: a.error.clone(),
            })
            .collect(),
        next_attempt_at: d.next_attempt_at,
        created_at: d.created_at,
    }
}

/// A job as the console lists it.
pub fn job_view(engine: &Engine, job: &Job) -> JobView {
    JobView {
        id: job.id.clone(),
        account_id: job.account_id.clone(),
        kind: job.spec.kind().to_string(),
        state: job.state,
        render_status: live_status(engine, job).as_str().to_string(),
        progress: job.progress,
        created_at: job.created_at,
        started_at: job.started_at,
        finished_at: job.finished_at,
        attempts: job.attempts,
        charge: job.charge,
        refunded: job.refunded,
        error: job.error.as_ref().map(|e| e.message.clone()),
        summary: job.spec.summary(),
        node: job.lease.as_ref().map(|l| l.node_name.clone()),
    }
}

fn ledger_view(e: &LedgerEntry) -> LedgerView {
    LedgerView {
        id: e.id.clone(),
        at: e.at,
        reason: e.reason.as_str().to_string(),
        free: e.free,
        paid: e.paid,
        job_id: e.job_id.clone(),
    }
}

impl From<StoreError> for ControlError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => ControlError::NotFound(m),
            StoreError::Invalid(m) => ControlError::Invalid(m),
            StoreError::Conflict(m) => ControlError::Conflict(m),
            other => ControlError::Internal(other.to_string()),
        }
    }
}

#[derive(Clone)]
pub struct ControlServer {
    state: AppState,
}

impl ControlServer {
    pub fn new(state: AppState) -> Self {
        ControlServer { state }
    }

    fn account_view(&self, a: Account) -> Result<AccountView, ControlError> {
        let active_keys = self
            .state
            .store()
            .list_keys(Some(&a.id))?
            .iter()
            .filter(|k| k.is_active())
            .count() as u32;
        Ok(AccountView {
            id: a.id,
            name: a.name,
            plan: a.plan,
            created_at: a.created_at,
            balance: a.balance,
            active_keys,
        })
    }

    fn key_view(&self, k: ApiKey) -> KeyView {
        let account_name = self
            .state
            .store()
            .account(&k.account_id)
            .map(|a| a.name)
            .unwrap_or_default();
        KeyView {
            id: k.id,
            account_id: k.account_id,
            account_name,
            prefix: k.prefix,
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        }
    }

    async fn created_key(&self, account_id: &str) -> Result<CreatedKey, ControlError> {
        let id = account_id.to_string();
        let (key, secret) = self.state.store().run(move |s| s.create_key(&id)).await?;
        Ok(CreatedKey {
            key: self.key_view(key),
            secret,
        })
    }
}

impl Control for ControlServer {
    async fn overview(self, _: Context) -> Overview {
        let store = self.state.store();
        let engine = self.state.engine();
        let counts = store.counts();
        Overview {
            jobs_by_state: counts.jobs_by_state.into_values().collect(),
            queue_depth: engine.queue_depth() as u64,
            workers_busy: engine.pool().busy(),
            workers_total: engine.pool().size(),
            settled_last_minute: counts.settled_last_minute,
            failed_last_hour: counts.failed_last_hour,
            accepting: self.state.is_accepting(),
            disk: {
                let d = self.state.disk().state();
                DiskView {
                    free_bytes: d.free_bytes,
                    reserve_bytes: d.reserve_bytes,
                    low: d.low,
                    store_failed: store.has_failed(),
                }
            },
            store_bytes: store.size_on_disk(),
            version: crate::VERSION.to_string(),
            started_at: self.state.started_at_ms(),
            uptime_secs: self.state.uptime().as_secs(),
            http_listen: self.state.http_addr().to_string(),
            data_dir: self.state.config().data_dir.display().to_string(),
            counts: Counts {
                accounts: store.account_count() as u64,
                active_keys: store.active_key_count().unwrap_or(0) as u64,
            },
        }
    }

    async fn create_account(
        self,
        _: Context,
        req: CreateAccount,
    ) -> Result<CreatedAccount, ControlError> {
        let config = self.state.config();
        let plan = req
            .plan
            .unwrap_or_else(|| config.accounts.default_plan.clone());
        if !config.plans.contains_key(&plan) {
            return Err(ControlError::Invalid(format!(
                "unknown plan {plan:?}; configured plans: {}",
                config.plan_names().join(", ")
            )));
        }
        let free = req
            .free_xeconds
            .unwrap_or(config.accounts.initial_free_xeconds);
        let name = req.name;
        let account = self
            .state
            .store()
            .run(move |s| s.create_account(&name, &plan, free))
            .await?;
        let key = self.created_key(&account.id).await?;
        tracing::info!(account = %account.id, name = %account.name, "account created");
        Ok(CreatedAccount {
            account: self.account_view(account)?,
            key,
        })
    }

    async fn list_accounts(self, _: Context) -> Result<Vec<AccountView>, ControlError> {
        self.state
            .store()
            .list_accounts()?
            .into_iter()
            .map(|a| self.account_view(a))
            .collect()
    }

    async fn create_key(self, _: Context, account: String) -> Result<CreatedKey, ControlError> {
        let account = self.state.store().resolve_account(&account)?;
        let key = self.created_key(&account.id).await?;
        tracing::info!(account = %account.id, prefix = %key.key.prefix, "api key created");
        Ok(key)
    }

    async fn list_keys(
        self,
        _: Context,
        account: Option<String>,
    ) -> Result<Vec<KeyView>, ControlError> {
        let store = self.state.store();
        let account_id = match account {
            Some(a) => Some(store.resolve_account(&a)?.id),
            None => None,
        };
        Ok(store
            .list_keys(account_id.as_deref())?
            .into_iter()
            .map(|k| self.key_view(k))
            .collect())
    }

    async fn revoke_key(self, _: Context, prefix: String) -> Result<KeyView, ControlError> {
        let key = self
            .state
            .store()
            .run(move |s| s.revoke_key(&prefix))
            .await?;
        tracing::info!(account = %key.account_id, prefix = %key.prefix, "api key revoked");
        Ok(self.key_view(key))
    }

    async fn grant_credits(
        self,
        _: Context,
        account: String,
        xeconds: u64,
        bucket: Bucket,
    ) -> Result<AccountView, ControlError> {
        let store = self.state.store();
        let id = store.resolve_account(&account)?.id;
        let account = store.run(move |s| s.grant(&id, xeconds, bucket)).await?;
        self.state.engine().events().info(
            crate::engine::events::EventDraft {
                topic: EventTopic::Balance,
                account_id: Some(account.id.clone()),
                ..Default::default()
            },
            format!(
                "{}: granted {xeconds} {} xeconds (now free {} paid {})",
                account.name,
                match bucket {
                    Bucket::Free => "free",
                    Bucket::Paid => "paid",
                },
                account.balance.free,
                account.balance.paid
            ),
        );
        self.account_view(account)
    }

    async fn workers(self, _: Context) -> Vec<WorkerView> {
        self.state.engine().workers()
    }

    async fn list_jobs(
        self,
        _: Context,
        account: Option<String>,
        limit: u32,
    ) -> Result<Vec<JobView>, ControlError> {
        let store = self.state.store();
        let account_id = match account {
            Some(a) => Some(store.resolve_account(&a)?.id),
            None => None,
        };
        let limit = (limit as usize).clamp(1, 10_000);
        Ok(store
            .jobs_of(account_id.as_deref(), limit)?
            .iter()
            .map(|j| job_view(self.state.engine(), j))
            .collect())
    }

    async fn events(self, _: Context, since: u64, wait_ms: u64) -> EventPage {
        let wait = std::time::Duration::from_millis(wait_ms.min(30_000));
        self.state.engine().events().since(since, wait).await
    }

    async fn audit(self, _: Context) -> Result<AuditReport, ControlError> {
        Ok(self.state.store().run(|s| s.audit()).await?)
    }

    async fn job_detail(self, _: Context, id: String) -> Result<JobDetail, ControlError> {
        let store = self.state.store();
        let job = store.job(&id)?;
        let view = job_view(self.state.engine(), &job);
        let (request, steps, files_status) = match &job.spec {
            JobSpec::File(spec) => {
                let steps = match &spec.plan {
                    crate::planner::Plan::Command { steps } => steps
                        .iter()
                        .enumerate()
                        .map(|(i, s)| StepView {
                            description: s.description.clone(),
                            command: s.command.clone(),
                            status: StepStatus::of(job.state, job.step, i as u32),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (
                    spec.prompt.clone(),
                    steps,
                    Some(
                        crate::views::files::status_word(job.state)
                            .as_str()
                            .to_string(),
                    ),
                )
            }
            JobSpec::Render(_) => (job.spec.summary(), Vec::new(), None),
        };
        let outputs = job
            .outputs
            .iter()
            .filter_map(|f| store.file(f).ok())
            .map(|f| OutputView {
                file_id: f.id,
                filename: f.filename,
                size: f.size,
                expired: f.expired,
            })
            .collect();
        let ledger = store
            .ledger_for(&job.account_id)?
            .iter()
            .filter(|e| e.job_id.as_deref() == Some(job.id.as_str()))
            .map(ledger_view)
            .collect();
        Ok(JobDetail {
            job: view,
            files_status,
            request,
            spec_json: serde_json::to_string_pretty(&job.spec).unwrap_or_default(),
            steps,
            outputs,
            ledger,
            render: job.render.clone(),
        })
    }

    async fn account_detail(
        self,
        _: Context,
        account: String,
    ) -> Result<AccountDetail, ControlError> {
        let store = self.state.store();
        let account = store.resolve_account(&account)?;
        let month = crate::store::usage::month_of(crate::clock::now_ms());
        let usage = store.usage(&account.id, &month)?;
        let keys = store
            .list_keys(Some(&account.id))?
            .into_iter()
            .map(|k| self.key_view(k))
            .collect();
        let mut ledger: Vec<LedgerView> = store
            .ledger_for(&account.id)?
            .iter()
            .map(ledger_view)
            .collect();
        ledger.reverse();
        ledger.truncate(200);
        Ok(AccountDetail {
            account: self.account_view(account)?,
            usage: UsageView {
                month: usage.month,
                jobs_submitted: usage.jobs_submitted,
                command_jobs: usage.command_jobs,
                pipeline_steps: usage.pipeline_steps,
                amount_micros: usage.amount_micros,
            },
            keys,
            ledger,
        })
    }

    async fn cancel_job(self, _: Context, id: String) -> Result<JobView, ControlError> {
        let engine = self.state.engine();
        let job = engine.cancel(&id, "canceled by the operator").await?;
        Ok(job_view(engine, &job))
    }

    async fn retry_job(self, _: Context, id: String) -> Result<JobView, ControlError> {
        let engine = self.state.engine();
        let job = engine.retry(&id, None).await?;
        Ok(job_view(engine, &job))
    }

    async fn set_worker_slots(self, _: Context, slots: u32) -> Result<u32, ControlError> {
        if !(1..=256).contains(&slots) {
            return Err(ControlError::Invalid(
                "worker slots must be 1 to 256".into(),
            ));
        }
        Ok(self.state.engine().set_slots(slots).await)
    }

    async fn set_intake(self, _: Context, accepting: bool) -> bool {
        if accepting {
            self.state.resume_accepting();
        } else {
            self.state.stop_accepting();
        }
        self.state.engine().events().info(
            crate::engine::events::EventDraft {
                topic: EventTopic::System,
                ..Default::default()
            },
            if accepting {
                "intake resumed: new jobs are accepted"
            } else {
                "intake paused: new jobs get 503 while running ones finish"
            },
        );
        self.state.is_accepting()
    }

    async fn list_deliveries(
        self,
        _: Context,
        limit: u32,
    ) -> Result<Vec<DeliveryView>, ControlError> {
        let limit = (limit as usize).clamp(1, 10_000);
        Ok(self
            .state
            .store()
            .list_deliveries(limit)?
            .iter()
            .map(delivery_view)
            .collect())
    }

    async fn redeliver(self, _: Context, id: String) -> Result<DeliveryView, ControlError> {
        let store = self.state.store();
        let mut d = store.delivery(&id)?;
        d.state = crate::store::deliveries::DeliveryState::Pending;
        d.next_attempt_at = Some(crate::clock::now_ms());
        let record = d.clone();
        store.run(move |s| s.put_delivery(&record)).await?;
        self.state.engine().events().info(
            crate::engine::events::EventDraft {
                topic: EventTopic::Webhook,
                job_id: Some(d.job_id.clone()),
                account_id: Some(d.account_id.clone()),
                slot: None,
            },
            format!("webhook {} queued for redelivery by the operator", d.uuid),
        );
        Ok(delivery_view(&d))
    }

    async fn rotate_webhook_secret(
        self,
        _: Context,
        account: String,
    ) -> Result<RotatedSecret, ControlError> {
        let store = self.state.store();
        let account = store.resolve_account(&account)?;
        let grace = self.state.config().webhooks.secret_grace_hours * 3_600_000;
        let id = account.id.clone();
        let s = store
            .run(move |s| s.rotate_webhook_secret(&id, grace))
            .await?;
        Ok(RotatedSecret {
            account_id: account.id,
            secret: s.current,
            previous_valid_until: s.previous_valid_until,
        })
    }

    async fn backup(self, _: Context, dir: String) -> Result<BackupReport, ControlError> {
        let dir = PathBuf::from(dir);
        if !dir.is_absolute() {
            return Err(ControlError::Invalid(
                "give the backup directory as an absolute path".into(),
            ));
        }
        let store = self.state.store().clone();
        let target = dir.clone();
        let report = tokio::task::spawn_blocking(move || -> Result<BackupReport, ControlError> {
            std::fs::create_dir_all(&target)
                .map_err(|e| ControlError::Invalid(format!("{}: {e}", target.display())))?;
            let (trees, records) = store.snapshot_to(&target)?;
            // With S3 the objects are the bucket's to keep (its own
            // durability and versioning); the backup is the records.
            let (blobs, blob_bytes) = if store.blobs().is_remote() {
                (0, 0)
            } else {
                store
                    .blobs()
                    .copy_all(&target.join("blobs"))
                    .map_err(|e| ControlError::Internal(format!("copying blobs: {e}")))?
            };
            Ok(BackupReport {
                dir: target.display().to_string(),
                trees: trees as u64,
                records,
                blobs,
                blob_bytes,
            })
        })
        .await
        .map_err(|e| ControlError::Internal(e.to_string()))??;
        self.state.engine().events().info(
            crate::engine::events::EventDraft {
                topic: EventTopic::System,
                ..Default::default()
            },
            format!(
                "backup written to {} ({} records, {} blobs)",
                report.dir, report.records, report.blobs
            ),
        );
        Ok(report)
    }

    async fn create_node_token(
        self,
        _: Context,
        name: Option<String>,
    ) -> Result<CreatedNodeToken, ControlError> {
        let (node, token) = self
            .state
            .store()
            .run(move |s| s.create_node_token(name.as_deref()))
            .await?;
        tracing::info!(node = %node.name, id = %node.id, "node token created");
        Ok(CreatedNodeToken {
            node: node_view(self.state.engine(), &node),
            token,
        })
    }

    async fn revoke_node_token(self, _: Context, node: String) -> Result<NodeView, ControlError> {
        let node = self
            .state
            .store()
            .run(move |s| s.revoke_node_token(&node))
            .await?;
        tracing::info!(node = %node.name, "node token revoked");
        Ok(node_view(self.state.engine(), &node))
    }

    async fn list_nodes(self, _: Context) -> Result<Vec<NodeView>, ControlError> {
        Ok(self
            .state
            .store()
            .list_nodes()?
            .iter()
            .map(|n| node_view(self.state.engine(), n))
            .collect())
    }

    async fn set_node_draining(
        self,
        _: Context,
        node: String,
        draining: bool,
    ) -> Result<NodeView, ControlError> {
        let node = self
            .state
            .store()
            .run(move |s| s.set_node_draining(&node, draining))
            .await?;
        tracing::info!(node = %node.name, draining, "node drain changed");
        Ok(node_view(self.state.engine(), &node))
    }

    async fn remove_node(self, _: Context, node: String) -> Result<NodeView, ControlError> {
        let node = self
            .state
            .store()
            .run(move |s| s.remove_node(&node))
            .await?;
        tracing::info!(node = %node.name, "node removed");
        Ok(node_view(self.state.engine(), &node))
    }
}

/// Connect to a running kilnd's control socket (used by `kilnd backup`).
pub async fn connect(path: &Path) -> std::io::Result<kiln_shared::ControlClient> {
    kiln_shared::transport::connect(path).await
}

/// Bind the control socket: refuse when a live daemon answers on it, replace
/// a stale file left by a crash, and set the configured mode.
pub async fn bind(path: &Path, mode: u32) -> Result<UnixListener, ControlServerError> {
    if path.exists() {
        if UnixStream::connect(path).await.is_ok() {
            return Err(ControlServerError::InUse(path.to_path_buf()));
        }
        let _ = std::fs::remove_file(path);
    }
    let bind_err = |source| ControlServerError::Bind {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(bind_err)?;
    }
    // Bound and given its mode under a temporary name, then renamed into
    // place: the socket appears only once it listens, with its final mode
    // (between bind and listen a client would be refused).
    let mut staged = path.as_os_str().to_owned();
    staged.push(format!(".{}.new", std::process::id()));
    let staged = std::path::PathBuf::from(staged);
    let _ = std::fs::remove_file(&staged);
    let set_mode = |p: &Path| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    let placed = UnixListener::bind(&staged).and_then(|listener| {
        set_mode(&staged)?;
        std::fs::rename(&staged, path)?;
        Ok(listener)
    });
    if placed.is_ok() {
        return placed.map_err(bind_err);
    }
    let _ = std::fs::remove_file(&staged);
    // The longer name may not fit a socket address: bind in place.
    let listener = UnixListener::bind(path).map_err(bind_err)?;
    set_mode(path).map_err(bind_err)?;
    Ok(listener)
}

/// Serve control connections until `shutdown` resolves.
pub async fn serve(
    listener: UnixListener,
    server: ControlServer,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let accept = async {
        loop {
            let conn = match listener.accept().await {
                Ok((conn, _)) => conn,
                Err(e) => {
                    tracing::warn!(error = %e, "control accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            };
            let transport = kiln_shared::transport::json_transport(conn);
            let server = server.clone();
            tokio::spawn(
                BaseChannel::with_defaults(transport)
                    .execute(server.serve())
                    .for_each(|response| async move {
                        tokio::spawn(response);
                    }),
            );
        }
    };
    tokio::select! {
        _ = accept => {}
        _ = shutdown => {}
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[tokio::test]
    async fn the_socket_appears_listening_with_its_mode_and_is_not_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("control.sock");
        let listener = bind(&path, 0o600).await.unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        UnixStream::connect(&path).await.unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the socket is left: {names:?}");
        assert!(matches!(
            bind(&path, 0o600).await,
            Err(ControlServerError::InUse(_))
        ));
        drop(listener);
        // A stale file left by a crash is replaced.
        bind(&path, 0o660).await.unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o660);
    }
}

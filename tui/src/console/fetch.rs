//! The control calls the poller makes, and the messages they become.

use std::collections::HashSet;
use std::time::Duration;

use kiln_shared::model::JobView;
use kiln_shared::ControlClient;
use tokio::sync::mpsc;

use super::poller::Stop;
use crate::app::{Msg, WebhookDelivery};
use crate::client::context_for;
use crate::procfs::Sampler;

/// Jobs the console keeps (kilnd answers at most this many).
const JOB_LIMIT: u32 = 10_000;
/// The newest jobs refreshed every second.
const RECENT_JOBS: u32 = 200;
/// Webhook deliveries shown.
const DELIVERY_LIMIT: u32 = 1_000;
/// More changed jobs than this in one page refetch the recent list instead.
const ONE_BY_ONE: usize = 20;

/// The context of a quick call.
pub fn short() -> tarpc::context::Context {
    context_for(Duration::from_secs(10))
}

/// The context of a call that may return much (the whole job list).
fn long() -> tarpc::context::Context {
    context_for(Duration::from_secs(30))
}

/// Accounts, then every job.
pub async fn full_refresh(
    client: &ControlClient,
    tx: &mpsc::UnboundedSender<Msg>,
) -> Result<(), Stop> {
    let accounts = client.list_accounts(long()).await??;
    let _ = tx.send(Msg::Accounts(accounts));
    let jobs = client.list_jobs(long(), None, JOB_LIMIT).await??;
    let _ = tx.send(Msg::Jobs(jobs));
    Ok(())
}

/// The overview, the workers with their processes, and the newest jobs.
pub async fn fast_refresh(
    client: &ControlClient,
    tx: &mpsc::UnboundedSender<Msg>,
    sampler: &mut Sampler,
) -> Result<(), Stop> {
    let overview = client.overview(short()).await?;
    let workers = client.workers(short()).await?;
    let recent = client.list_jobs(short(), None, RECENT_JOBS).await??;
    // A kilnd that predates nodes, or one that fails to list them: no nodes.
    let nodes = match client.list_nodes(short()).await {
        Ok(Ok(nodes)) => nodes,
        _ => Vec::new(),
    };
    let procs = sampler.sample(workers.iter().filter_map(|w| w.pid));
    let _ = tx.send(Msg::Nodes(nodes));
    let _ = tx.send(Msg::Overview(overview));
    let _ = tx.send(Msg::JobsChanged(recent));
    let _ = tx.send(Msg::Workers(workers, procs));
    Ok(())
}

/// Webhook deliveries; `None` when this kilnd does not report them.
pub async fn deliveries(client: &ControlClient) -> Result<Msg, Stop> {
    let list = client.list_deliveries(short(), DELIVERY_LIMIT).await?;
    Ok(Msg::Webhooks(list.ok().map(|list| {
        list.into_iter().map(WebhookDelivery::from_view).collect()
    })))
}

/// The jobs an event page named: one by one when few, else the recent list.
pub async fn changed_jobs(client: &ControlClient, ids: &HashSet<String>) -> Result<Msg, Stop> {
    if ids.len() > ONE_BY_ONE {
        let jobs = client.list_jobs(short(), None, 1_000).await??;
        return Ok(Msg::JobsChanged(jobs));
    }
    let mut jobs: Vec<JobView> = Vec::new();
    for id in ids {
        // An error: gone, or not a job id.
        if let Ok(d) = client.job_detail(short(), id.clone()).await? {
            jobs.push(d.job);
        }
    }
    Ok(Msg::JobsChanged(jobs))
}

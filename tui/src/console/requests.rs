//! What the app asks for (details and confirmed actions), each run on its
//! own task with the current client; the answer comes back as a [`Msg`].

use std::sync::Arc;
use std::time::Duration;

use kiln_shared::{ControlClient, ControlError};
use tokio::sync::{mpsc, watch, Notify};

use crate::app::{Action, Msg, Request};
use crate::client::context_for;
use crate::text::{balance_line, job_outcome};

/// Why a request failed; shown after "failed: ".
#[derive(Debug, thiserror::Error)]
enum CallError {
    #[error(transparent)]
    Rpc(#[from] tarpc::client::RpcError),
    #[error(transparent)]
    Refused(#[from] ControlError),
}

fn ctx() -> tarpc::context::Context {
    context_for(Duration::from_secs(30))
}

/// Serve requests until the app goes away. A reload goes to the poller
/// through `refresh`.
pub async fn serve(
    mut rx: mpsc::UnboundedReceiver<Request>,
    client_rx: watch::Receiver<Option<ControlClient>>,
    tx: mpsc::UnboundedSender<Msg>,
    refresh: Arc<Notify>,
) {
    while let Some(req) = rx.recv().await {
        if req == Request::RefreshAll {
            refresh.notify_one();
            continue;
        }
        let Some(client) = client_rx.borrow().clone() else {
            if matches!(req, Request::Action(_)) {
                let _ = tx.send(Msg::ActionFailed("not connected to kilnd".into()));
            }
            continue;
        };
        let tx = tx.clone();
        tokio::spawn(async move {
            if let Some(msg) = perform(&client, req).await {
                let _ = tx.send(msg);
            }
        });
    }
}

async fn perform(client: &ControlClient, req: Request) -> Option<Msg> {
    let result = match req {
        Request::JobDetail(id) => job_detail(client, id).await,
        Request::AccountDetail(id) => account_detail(client, id).await,
        Request::Action(action) => act(client, action).await,
        Request::RefreshAll | Request::Quit => return None,
    };
    Some(result.unwrap_or_else(|e| Msg::ActionFailed(format!("failed: {e}"))))
}

async fn job_detail(client: &ControlClient, id: String) -> Result<Msg, CallError> {
    let d = client.job_detail(ctx(), id).await??;
    Ok(Msg::JobDetail(Box::new(d)))
}

async fn account_detail(client: &ControlClient, id: String) -> Result<Msg, CallError> {
    let d = client.account_detail(ctx(), id).await??;
    Ok(Msg::AccountDetail(Box::new(d)))
}

async fn act(client: &ControlClient, action: Action) -> Result<Msg, CallError> {
    let done = Msg::ActionDone;
    Ok(match action {
        Action::CancelJob(id) => done(job_outcome(&client.cancel_job(ctx(), id).await??)),
        Action::RetryJob(id) => {
            let j = client.retry_job(ctx(), id.clone()).await??;
            done(format!("{id} retried as {}", j.id))
        }
        Action::Grant {
            account,
            xeconds,
            bucket,
        } => {
            let a = client
                .grant_credits(ctx(), account, xeconds, bucket)
                .await??;
            done(balance_line(&a))
        }
        Action::CreateKey(account) => Msg::KeyCreated(client.create_key(ctx(), account).await??),
        Action::RevokeKey(prefix) => {
            let k = client.revoke_key(ctx(), prefix).await??;
            done(format!("revoked {} ({})", k.prefix, k.account_name))
        }
        Action::SetSlots(n) => {
            let n = client.set_worker_slots(ctx(), n).await??;
            done(format!("worker slots: {n}"))
        }
        Action::Redeliver(id) => {
            let d = client.redeliver(ctx(), id).await??;
            done(format!("delivery {} queued again ({})", d.id, d.state))
        }
        Action::SetIntake(accepting) => {
            let open = client.set_intake(ctx(), accepting).await?;
            done(format!(
                "intake {}",
                if open { "open" } else { "paused (draining)" }
            ))
        }
    })
}

//! The live console: a loop that draws the [`App`], fed by keys and by a
//! background task that follows kilnd over the control channel.
//!
//! Liveness: the poller long-polls `events(since, 1s)`; each page says which
//! jobs and accounts changed, and only those are refetched. Workers, the
//! overview and the newest jobs refresh about once a second (progress has no
//! events); everything refreshes every 15 s. When the connection drops the
//! poller reconnects; a new `boot_id` means kilnd restarted and everything
//! is reloaded.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use kiln_shared::model::JobView;
use kiln_shared::ControlClient;
use tokio::sync::{mpsc, watch, Notify};

use crate::app::{Action, App, Msg, Request, WebhookDelivery};
use crate::client::{self, context_for};
use crate::procfs::Sampler;
use crate::{term, ui};

/// Jobs the console keeps (kilnd answers at most this many).
const JOB_LIMIT: u32 = 10_000;
/// The newest jobs refreshed every second.
const RECENT_JOBS: u32 = 200;
const FAST_REFRESH: Duration = Duration::from_millis(1000);
/// The fast refresh after events, at most this often (it costs kilnd a scan).
const BUSY_REFRESH: Duration = Duration::from_millis(250);
const SLOW_REFRESH: Duration = Duration::from_secs(15);
/// Webhook deliveries shown, and how often they refresh without events
/// (the "next retry" countdown runs on the console's clock).
const DELIVERY_LIMIT: u32 = 1_000;
const HOOKS_REFRESH: Duration = Duration::from_secs(5);
/// Events asked for once the console connects to a daemon it has not seen.
const EVENT_BACKLOG: u64 = 200;

pub fn run(socket: PathBuf) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(console(socket))?;
    // The key reader thread may be blocked in read(); do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

async fn console(socket: PathBuf) -> anyhow::Result<()> {
    let (mut terminal, _guard) = term::enter()?;
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<Msg>();
    let (req_tx, req_rx) = mpsc::unbounded_channel::<Request>();
    let (key_tx, mut key_rx) = mpsc::unbounded_channel::<Event>();
    let (client_tx, client_rx) = watch::channel::<Option<ControlClient>>(None);
    let refresh = Arc::new(Notify::new());

    std::thread::spawn(move || {
        while let Ok(ev) = crossterm::event::read() {
            if key_tx.send(ev).is_err() {
                break;
            }
        }
    });
    tokio::spawn(poll(socket, msg_tx.clone(), client_tx, refresh.clone()));
    tokio::spawn(serve_requests(req_rx, client_rx, msg_tx, refresh));

    let mut app = App::new(now_ms());
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    terminal.draw(|f| ui::draw(f, &mut app))?;
    'outer: loop {
        tokio::select! {
            Some(msg) = msg_rx.recv() => {
                // Apply everything that is waiting, then draw once.
                let mut next = Some(msg);
                while let Some(msg) = next {
                    for r in app.on_msg(msg) {
                        let _ = req_tx.send(r);
                    }
                    next = msg_rx.try_recv().ok();
                }
            }
            Some(ev) = key_rx.recv() => {
                if let Event::Key(key) = ev {
                    for r in app.on_key(key) {
                        if r == Request::Quit {
                            break 'outer;
                        }
                        let _ = req_tx.send(r);
                    }
                }
                // Resize needs nothing: draw() fits the new size.
            }
            _ = tick.tick() => app.tick(now_ms()),
        }
        terminal.draw(|f| ui::draw(f, &mut app))?;
    }
    drop(terminal);
    Ok(())
}

/// Follow kilnd: connect, load, long-poll events, refetch what changed;
/// reconnect when the connection drops.
async fn poll(
    socket: PathBuf,
    tx: mpsc::UnboundedSender<Msg>,
    client_tx: watch::Sender<Option<ControlClient>>,
    refresh: Arc<Notify>,
) {
    let mut boot: Option<String> = None;
    let mut since = 0u64;
    let mut sampler = Sampler::default();
    let _ = tx.send(Msg::Webhooks(None));
    loop {
        let why = match session(
            &socket,
            &tx,
            &client_tx,
            &refresh,
            &mut boot,
            &mut since,
            &mut sampler,
        )
        .await
        {
            Ok(()) => return, // the console is gone
            Err(why) => why,
        };
        client_tx.send_replace(None);
        if tx.send(Msg::Disconnected(why)).is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
}

type Failed = String;

/// With `KILN_CONSOLE_TRACE=FILE`, the poller notes what it does and how long
/// each step took (for diagnosing a console that lags).
fn trace(step: &str, started: Instant) {
    use std::io::Write;
    static FILE: std::sync::OnceLock<Option<std::sync::Mutex<std::fs::File>>> =
        std::sync::OnceLock::new();
    let file = FILE.get_or_init(|| {
        let path = std::env::var_os("KILN_CONSOLE_TRACE")?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(std::sync::Mutex::new)
    });
    if let Some(f) = file {
        if let Ok(mut f) = f.lock() {
            let _ = writeln!(f, "{} {step} {:?}", now_ms(), started.elapsed());
        }
    }
}

fn rpc_err(e: impl std::fmt::Display) -> Failed {
    e.to_string()
}

/// One connection's life. `Ok` only when the console has gone away.
async fn session(
    socket: &std::path::Path,
    tx: &mpsc::UnboundedSender<Msg>,
    client_tx: &watch::Sender<Option<ControlClient>>,
    refresh: &Notify,
    boot: &mut Option<String>,
    since: &mut u64,
    sampler: &mut Sampler,
) -> Result<(), Failed> {
    let client = client::connect(socket)
        .await
        .map_err(|e| e.to_string().lines().next().unwrap_or("").to_string())?;
    let short = || context_for(Duration::from_secs(10));
    let head = client
        .events(short(), u64::MAX - 1, 0)
        .await
        .map_err(rpc_err)?;
    let restarted = boot.as_ref().is_some_and(|b| *b != head.boot_id);
    if boot.as_deref() != Some(head.boot_id.as_str()) {
        *since = head.next_seq.saturating_sub(EVENT_BACKLOG);
    }
    *boot = Some(head.boot_id.clone());
    client_tx.send_replace(Some(client.clone()));
    full_refresh(&client, tx).await?;
    fast_refresh(&client, tx, sampler).await?;
    let _ = tx.send(deliveries(&client).await?);
    let send = |m: Msg| tx.send(m).map_err(|_| ());
    if send(Msg::Connected {
        boot_id: head.boot_id.clone(),
        restarted,
    })
    .is_err()
    {
        return Ok(());
    }
    let mut last_fast = Instant::now();
    let mut last_full = Instant::now();
    let mut last_hooks = Instant::now();
    // Set when events arrived since the last fast refresh.
    let mut stale = false;
    loop {
        // Wait for events until the next fast refresh is due.
        let due = if stale { BUSY_REFRESH } else { FAST_REFRESH };
        let wait = due
            .saturating_sub(last_fast.elapsed())
            .max(Duration::from_millis(20));
        let step = Instant::now();
        let page = tokio::select! {
            page = client.events(short(), *since, wait.as_millis() as u64) => page.map_err(rpc_err)?,
            _ = refresh.notified() => {
                full_refresh(&client, tx).await?;
                last_full = Instant::now();
                continue;
            }
        };
        trace(
            &format!("events {} since {}", page.events.len(), *since),
            step,
        );
        if page.boot_id != head.boot_id {
            return Err("kilnd restarted".into());
        }
        *since = page.next_seq;
        let touched = App::touched(&page.events);
        let busy = !page.events.is_empty();
        if busy
            && send(Msg::Events {
                events: page.events,
                gap: page.gap,
            })
            .is_err()
        {
            return Ok(());
        }
        if !touched.jobs.is_empty() {
            let step = Instant::now();
            let changed = changed_jobs(&client, &touched.jobs).await?;
            trace("changed jobs", step);
            if send(changed).is_err() {
                return Ok(());
            }
        }
        if touched.webhooks || last_hooks.elapsed() >= HOOKS_REFRESH {
            if send(deliveries(&client).await?).is_err() {
                return Ok(());
            }
            last_hooks = Instant::now();
        }
        if touched.accounts {
            let accounts = client
                .list_accounts(short())
                .await
                .map_err(rpc_err)?
                .map_err(rpc_err)?;
            if send(Msg::Accounts(accounts)).is_err() {
                return Ok(());
            }
        }
        if last_full.elapsed() >= SLOW_REFRESH {
            full_refresh(&client, tx).await?;
            last_full = Instant::now();
        }
        stale |= busy;
        let due = if stale { BUSY_REFRESH } else { FAST_REFRESH };
        if last_fast.elapsed() >= due {
            let step = Instant::now();
            fast_refresh(&client, tx, sampler).await?;
            trace("fast refresh", step);
            last_fast = Instant::now();
            stale = false;
        }
        if busy {
            // Let a burst of events collect into one page.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Webhook deliveries; `None` when this kilnd does not report them.
async fn deliveries(client: &ControlClient) -> Result<Msg, Failed> {
    let ctx = context_for(Duration::from_secs(10));
    Ok(Msg::Webhooks(
        match client
            .list_deliveries(ctx, DELIVERY_LIMIT)
            .await
            .map_err(rpc_err)?
        {
            Ok(list) => Some(list.into_iter().map(WebhookDelivery::from_view).collect()),
            Err(_) => None,
        },
    ))
}

/// The jobs an event page named: one by one when few, else the recent list.
async fn changed_jobs(client: &ControlClient, ids: &HashSet<String>) -> Result<Msg, Failed> {
    let ctx = || context_for(Duration::from_secs(10));
    if ids.len() > 20 {
        let jobs = client
            .list_jobs(ctx(), None, 1_000)
            .await
            .map_err(rpc_err)?
            .map_err(rpc_err)?;
        return Ok(Msg::JobsChanged(jobs));
    }
    let mut jobs: Vec<JobView> = Vec::new();
    for id in ids {
        match client
            .job_detail(ctx(), id.clone())
            .await
            .map_err(rpc_err)?
        {
            Ok(d) => jobs.push(d.job),
            Err(_) => continue, // gone or not a job id
        }
    }
    Ok(Msg::JobsChanged(jobs))
}

async fn full_refresh(
    client: &ControlClient,
    tx: &mpsc::UnboundedSender<Msg>,
) -> Result<(), Failed> {
    let ctx = || context_for(Duration::from_secs(30));
    let accounts = client
        .list_accounts(ctx())
        .await
        .map_err(rpc_err)?
        .map_err(rpc_err)?;
    let _ = tx.send(Msg::Accounts(accounts));
    let jobs = client
        .list_jobs(ctx(), None, JOB_LIMIT)
        .await
        .map_err(rpc_err)?
        .map_err(rpc_err)?;
    let _ = tx.send(Msg::Jobs(jobs));
    Ok(())
}

async fn fast_refresh(
    client: &ControlClient,
    tx: &mpsc::UnboundedSender<Msg>,
    sampler: &mut Sampler,
) -> Result<(), Failed> {
    let ctx = || context_for(Duration::from_secs(10));
    let overview = client.overview(ctx()).await.map_err(rpc_err)?;
    let workers = client.workers(ctx()).await.map_err(rpc_err)?;
    let recent = client
        .list_jobs(ctx(), None, RECENT_JOBS)
        .await
        .map_err(rpc_err)?
        .map_err(rpc_err)?;
    let procs = sampler.sample(workers.iter().filter_map(|w| w.pid));
    let _ = tx.send(Msg::Overview(overview));
    let _ = tx.send(Msg::JobsChanged(recent));
    let _ = tx.send(Msg::Workers(workers, procs));
    Ok(())
}

/// Run what the app asks for, each on its own task, with the current client.
async fn serve_requests(
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
    let ctx = || context_for(Duration::from_secs(30));
    let failed = |e: &dyn std::fmt::Display| Msg::ActionFailed(format!("failed: {e}"));
    let msg = match req {
        Request::JobDetail(id) => match client.job_detail(ctx(), id).await {
            Ok(Ok(d)) => Msg::JobDetail(Box::new(d)),
            Ok(Err(e)) => failed(&e),
            Err(e) => failed(&e),
        },
        Request::AccountDetail(id) => match client.account_detail(ctx(), id).await {
            Ok(Ok(d)) => Msg::AccountDetail(Box::new(d)),
            Ok(Err(e)) => failed(&e),
            Err(e) => failed(&e),
        },
        Request::Action(action) => act(client, action).await,
        Request::RefreshAll | Request::Quit => return None,
    };
    Some(msg)
}

async fn act(client: &ControlClient, action: Action) -> Msg {
    let ctx = || context_for(Duration::from_secs(30));
    let result: Result<Msg, String> = async {
        Ok(match action {
            Action::CancelJob(id) => {
                let j = client
                    .cancel_job(ctx(), id)
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?;
                Msg::ActionDone(format!(
                    "{} {}{}",
                    j.id,
                    j.state.as_str(),
                    if j.refunded { " (refunded)" } else { "" }
                ))
            }
            Action::RetryJob(id) => {
                let j = client
                    .retry_job(ctx(), id.clone())
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?;
                Msg::ActionDone(format!("{id} retried as {}", j.id))
            }
            Action::Grant {
                account,
                xeconds,
                bucket,
            } => {
                let a = client
                    .grant_credits(ctx(), account, xeconds, bucket)
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?;
                Msg::ActionDone(format!(
                    "{}: free {} + paid {} = {} xeconds",
                    a.name,
                    a.balance.free,
                    a.balance.paid,
                    a.balance.total()
                ))
            }
            Action::CreateKey(account) => Msg::KeyCreated(
                client
                    .create_key(ctx(), account)
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?,
            ),
            Action::RevokeKey(prefix) => {
                let k = client
                    .revoke_key(ctx(), prefix)
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?;
                Msg::ActionDone(format!("revoked {} ({})", k.prefix, k.account_name))
            }
            Action::SetSlots(n) => {
                let n = client
                    .set_worker_slots(ctx(), n)
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?;
                Msg::ActionDone(format!("worker slots: {n}"))
            }
            Action::Redeliver(id) => {
                let d = client
                    .redeliver(ctx(), id)
                    .await
                    .map_err(rpc_err)?
                    .map_err(rpc_err)?;
                Msg::ActionDone(format!("delivery {} queued again ({})", d.id, d.state))
            }
            Action::SetIntake(accepting) => {
                let open = client.set_intake(ctx(), accepting).await.map_err(rpc_err)?;
                Msg::ActionDone(format!(
                    "intake {}",
                    if open { "open" } else { "paused (draining)" }
                ))
            }
        })
    }
    .await;
    result.unwrap_or_else(|e| Msg::ActionFailed(format!("failed: {e}")))
}

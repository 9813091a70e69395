//! Following kilnd: connect, load, long-poll events, refetch what they name,
//! refresh on a clock; reconnect with backoff when the connection drops.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kiln_shared::model::EventPage;
use kiln_shared::{ControlClient, ControlError};
use tokio::sync::{mpsc, watch, Notify};

use super::fetch::{self, short};
use super::link::Link;
use super::trace::trace;
use crate::app::{App, Msg};
use crate::client::{self, ConnectError};
use crate::procfs::Sampler;

/// The fast refresh (overview, workers, newest jobs) when nothing happens.
const FAST_REFRESH: Duration = Duration::from_millis(1000);
/// The fast refresh after events, at most this often (it costs kilnd a scan).
const BUSY_REFRESH: Duration = Duration::from_millis(250);
const SLOW_REFRESH: Duration = Duration::from_secs(15);
/// How often deliveries refresh without events (the "next retry" countdown
/// runs on the console's clock).
const HOOKS_REFRESH: Duration = Duration::from_secs(5);
/// Events asked for once the console connects to a daemon it has not seen.
const EVENT_BACKLOG: u64 = 200;
/// A pause after a page with events, so a burst collects into one page.
const BURST_PAUSE: Duration = Duration::from_millis(100);

/// Why the poller stops following a connection. All but `ConsoleGone` mean
/// "reconnect"; their text is what the header and the Events view show.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    #[error("the console has closed")]
    ConsoleGone,
    /// Only the first line: the rest is advice for the CLI.
    #[error("{}", .0.to_string().lines().next().unwrap_or(""))]
    Unreachable(ConnectError),
    #[error(transparent)]
    Rpc(#[from] tarpc::client::RpcError),
    #[error(transparent)]
    Refused(#[from] ControlError),
    #[error("kilnd restarted")]
    Restarted,
}

/// What the poller keeps across connections.
pub struct Poller {
    socket: PathBuf,
    tx: mpsc::UnboundedSender<Msg>,
    /// The current client, for the request tasks; `None` while disconnected.
    client_tx: watch::Sender<Option<ControlClient>>,
    /// Notified when the operator asks to reload everything.
    refresh: Arc<Notify>,
    /// kilnd's boot id when last connected: another one means it restarted.
    boot: Option<String>,
    /// The next event sequence number to ask for.
    since: u64,
    sampler: Sampler,
}

/// One loaded connection.
struct Live {
    client: ControlClient,
    boot_id: String,
}

/// When each refresh last ran.
struct Clocks {
    fast: Instant,
    full: Instant,
    hooks: Instant,
    /// Events arrived since the last fast refresh.
    stale: bool,
}

impl Clocks {
    fn new() -> Clocks {
        let now = Instant::now();
        Clocks {
            fast: now,
            full: now,
            hooks: now,
            stale: false,
        }
    }

    fn fast_due(&self) -> Duration {
        if self.stale {
            BUSY_REFRESH
        } else {
            FAST_REFRESH
        }
    }
}

impl Poller {
    pub fn new(
        socket: PathBuf,
        tx: mpsc::UnboundedSender<Msg>,
        client_tx: watch::Sender<Option<ControlClient>>,
        refresh: Arc<Notify>,
    ) -> Poller {
        Poller {
            socket,
            tx,
            client_tx,
            refresh,
            boot: None,
            since: 0,
            sampler: Sampler::default(),
        }
    }

    /// Follow kilnd until the console goes away.
    pub async fn run(mut self) {
        let _ = self.tx.send(Msg::Webhooks(None));
        let mut link = Link::new(Instant::now());
        loop {
            let why = match self.connection(&mut link).await {
                Stop::ConsoleGone => return,
                why => why,
            };
            self.client_tx.send_replace(None);
            let retry_at = link.disconnected(Instant::now());
            if self.tx.send(Msg::Disconnected(why.to_string())).is_err() {
                return;
            }
            tokio::time::sleep_until(retry_at.into()).await;
        }
    }

    /// One connection's life: open, load, follow; returns why it ended.
    async fn connection(&mut self, link: &mut Link) -> Stop {
        let live = match self.open().await {
            Ok(live) => live,
            Err(stop) => return stop,
        };
        link.connected();
        let Err(stop) = self.follow(&live).await;
        stop
    }

    /// Connect and load everything; says `Connected` once loaded.
    async fn open(&mut self) -> Result<Live, Stop> {
        let client = client::connect(&self.socket)
            .await
            .map_err(Stop::Unreachable)?;
        let head = client.events(short(), u64::MAX - 1, 0).await?;
        let restarted = self.boot.as_ref().is_some_and(|b| *b != head.boot_id);
        if self.boot.as_deref() != Some(head.boot_id.as_str()) {
            self.since = head.next_seq.saturating_sub(EVENT_BACKLOG);
        }
        self.boot = Some(head.boot_id.clone());
        self.client_tx.send_replace(Some(client.clone()));
        fetch::full_refresh(&client, &self.tx).await?;
        fetch::fast_refresh(&client, &self.tx, &mut self.sampler).await?;
        let _ = self.tx.send(fetch::deliveries(&client).await?);
        self.send(Msg::Connected {
            boot_id: head.boot_id.clone(),
            restarted,
        })?;
        Ok(Live {
            client,
            boot_id: head.boot_id,
        })
    }

    /// Long-poll events and refresh until the connection fails or the
    /// console goes away.
    async fn follow(&mut self, live: &Live) -> Result<Infallible, Stop> {
        let mut clocks = Clocks::new();
        loop {
            let Some(page) = self.next_page(live, &mut clocks).await? else {
                continue;
            };
            if page.boot_id != live.boot_id {
                return Err(Stop::Restarted);
            }
            self.since = page.next_seq;
            let busy = !page.events.is_empty();
            self.apply_page(live, page, &mut clocks).await?;
            self.refresh_when_due(live, &mut clocks, busy).await?;
            if busy {
                tokio::time::sleep(BURST_PAUSE).await;
            }
        }
    }

    /// Wait for events until the next fast refresh is due; `None` when the
    /// operator asked for a reload instead (it has been done).
    async fn next_page(&self, live: &Live, clocks: &mut Clocks) -> Result<Option<EventPage>, Stop> {
        let wait = clocks
            .fast_due()
            .saturating_sub(clocks.fast.elapsed())
            .max(Duration::from_millis(20));
        let step = Instant::now();
        let since = self.since;
        let page = tokio::select! {
            page = live.client.events(short(), since, wait.as_millis() as u64) => page?,
            _ = self.refresh.notified() => {
                fetch::full_refresh(&live.client, &self.tx).await?;
                clocks.full = Instant::now();
                return Ok(None);
            }
        };
        trace(&format!("events {} since {since}", page.events.len()), step);
        Ok(Some(page))
    }

    /// Pass the events on and refetch the jobs, deliveries and accounts
    /// they name.
    async fn apply_page(
        &mut self,
        live: &Live,
        page: EventPage,
        clocks: &mut Clocks,
    ) -> Result<(), Stop> {
        let client = &live.client;
        let touched = App::touched(&page.events);
        if !page.events.is_empty() {
            self.send(Msg::Events {
                events: page.events,
                gap: page.gap,
            })?;
        }
        if !touched.jobs.is_empty() {
            let step = Instant::now();
            let changed = fetch::changed_jobs(client, &touched.jobs).await?;
            trace("changed jobs", step);
            self.send(changed)?;
        }
        if touched.webhooks || clocks.hooks.elapsed() >= HOOKS_REFRESH {
            self.send(fetch::deliveries(client).await?)?;
            clocks.hooks = Instant::now();
        }
        if touched.accounts {
            let accounts = client.list_accounts(short()).await??;
            self.send(Msg::Accounts(accounts))?;
        }
        Ok(())
    }

    /// The slow refresh every [`SLOW_REFRESH`], the fast one when due;
    /// `busy` when this round brought events.
    async fn refresh_when_due(
        &mut self,
        live: &Live,
        clocks: &mut Clocks,
        busy: bool,
    ) -> Result<(), Stop> {
        if clocks.full.elapsed() >= SLOW_REFRESH {
            fetch::full_refresh(&live.client, &self.tx).await?;
            clocks.full = Instant::now();
        }
        clocks.stale |= busy;
        if clocks.fast.elapsed() >= clocks.fast_due() {
            let step = Instant::now();
            fetch::fast_refresh(&live.client, &self.tx, &mut self.sampler).await?;
            trace("fast refresh", step);
            clocks.fast = Instant::now();
            clocks.stale = false;
        }
        Ok(())
    }

    fn send(&self, msg: Msg) -> Result<(), Stop> {
        self.tx.send(msg).map_err(|_| Stop::ConsoleGone)
    }
}

//! The console's state and how it changes: from what the control channel
//! reports ([`Msg`]) and from keys. No I/O here: keys and messages turn into
//! [`Request`]s that the console loop hands to the background tasks.
//!
//! - `msg`: the background's reports and how each one updates the state;
//! - `keys`: keys, each view's in its own function; `modal`: keys while an
//!   overlay is open;
//! - `jobs` and `filters`: the job list, its filter and its throughput;
//! - `list`: a scrolled list's selection; `action`: what the app asks for.

mod action;
mod filters;
mod jobs;
mod keys;
mod list;
mod modal;
mod msg;

#[cfg(test)]
pub mod fixture;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, VecDeque};

use kiln_shared::model::{
    AccountDetail, AccountView, EngineEvent, EventLevel, EventTopic, JobDetail, JobView, Overview,
    WorkerView,
};

pub use action::{Action, Request};
pub use filters::StateFilter;
pub use list::ListPos;
pub use modal::{Modal, PromptKind};
pub use msg::{Msg, WebhookDelivery};

use crate::procfs::ProcStats;

/// Events kept for the Events view.
pub const EVENT_CAPACITY: usize = 5_000;
/// Minutes of throughput history in the header sparkline.
pub const THROUGHPUT_MINUTES: usize = 30;
/// How long a status line stays in the footer.
const STATUS_MS: u64 = 15_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Jobs,
    Workers,
    Accounts,
    Webhooks,
    Events,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Jobs,
        Tab::Workers,
        Tab::Accounts,
        Tab::Webhooks,
        Tab::Events,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Jobs => "Jobs",
            Tab::Workers => "Workers",
            Tab::Accounts => "Accounts",
            Tab::Webhooks => "Webhooks",
            Tab::Events => "Events",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// The state of the control connection, as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Connected,
    Reconnecting(String),
}

/// The open job-detail pane of the Jobs view.
#[derive(Debug, Clone)]
pub struct DetailPane {
    pub id: String,
    pub detail: Option<JobDetail>,
    pub scroll: u16,
}

#[derive(Debug, Clone)]
pub struct Status {
    pub text: String,
    pub error: bool,
    pub at: u64,
}

pub struct App {
    /// Unix milliseconds "now", advanced by the console loop's tick.
    pub now_ms: u64,
    pub tab: Tab,
    pub conn: Conn,
    pub boot_id: Option<String>,
    pub overview: Option<Overview>,

    /// Newest first (job ids sort by creation time).
    pub jobs: Vec<JobView>,
    /// Indices into `jobs` that pass the filter.
    pub jobs_shown: Vec<usize>,
    pub jobs_pos: ListPos,
    pub filter_text: String,
    pub state_filter: StateFilter,
    pub detail: Option<DetailPane>,
    /// Jobs settled per minute, oldest first, the last one is this minute.
    pub throughput: Vec<u64>,

    pub workers: Vec<WorkerView>,
    pub procs: HashMap<u32, ProcStats>,
    pub workers_pos: ListPos,
    /// Worker nodes on other machines, as `kiln node list` shows them.
    pub nodes: Vec<kiln_shared::model::NodeView>,

    /// Sorted by name.
    pub accounts: Vec<AccountView>,
    pub account_names: HashMap<String, String>,
    pub accounts_pos: ListPos,
    pub account_detail: Option<AccountDetail>,
    pub account_scroll: u16,

    pub webhooks: Option<Vec<WebhookDelivery>>,
    pub webhooks_pos: ListPos,

    pub events: VecDeque<EngineEvent>,
    pub events_paused: bool,
    /// Events that arrived while paused.
    pub events_pending: Vec<EngineEvent>,
    /// Rows scrolled up from the newest event.
    pub events_scroll: usize,

    pub modal: Option<Modal>,
    pub status: Option<Status>,
}

impl App {
    pub fn new(now_ms: u64) -> App {
        App {
            now_ms,
            tab: Tab::Jobs,
            conn: Conn::Connecting,
            boot_id: None,
            overview: None,
            jobs: Vec::new(),
            jobs_shown: Vec::new(),
            jobs_pos: ListPos::default(),
            filter_text: String::new(),
            state_filter: StateFilter::All,
            detail: None,
            throughput: vec![0; THROUGHPUT_MINUTES],
            workers: Vec::new(),
            procs: HashMap::new(),
            workers_pos: ListPos::default(),
            nodes: Vec::new(),
            accounts: Vec::new(),
            account_names: HashMap::new(),
            accounts_pos: ListPos::default(),
            account_detail: None,
            account_scroll: 0,
            webhooks: None,
            webhooks_pos: ListPos::default(),
            events: VecDeque::new(),
            events_paused: false,
            events_pending: Vec::new(),
            events_scroll: 0,
            modal: None,
            status: None,
        }
    }

    /// Advance the clock; recomputes what depends on it.
    pub fn tick(&mut self, now_ms: u64) {
        let minute_changed = now_ms / 60_000 != self.now_ms / 60_000;
        self.now_ms = now_ms;
        if minute_changed {
            self.recompute_throughput();
        }
        if let Some(s) = &self.status {
            if now_ms.saturating_sub(s.at) > STATUS_MS {
                self.status = None;
            }
        }
    }

    pub fn account_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.account_names.get(id).map(String::as_str).unwrap_or(id)
    }

    pub fn selected_job(&self) -> Option<&JobView> {
        if let Some(d) = &self.detail {
            return self
                .jobs
                .iter()
                .find(|j| j.id == d.id)
                .or(d.detail.as_ref().map(|d| &d.job));
        }
        self.jobs_shown
            .get(self.jobs_pos.selected)
            .and_then(|i| self.jobs.get(*i))
    }

    pub fn selected_account(&self) -> Option<&AccountView> {
        self.accounts.get(self.accounts_pos.selected)
    }

    /// Ask for the selected account's detail, if an account is selected.
    fn account_detail_request(&self) -> Option<Request> {
        self.selected_account()
            .map(|a| Request::AccountDetail(a.id.clone()))
    }

    fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
            at: self.now_ms,
        });
    }

    /// An event of the console's own in the Events view.
    fn note(&mut self, level: EventLevel, message: String) {
        let seq = self.events.back().map(|e| e.seq).unwrap_or(0);
        self.push_events(vec![EngineEvent {
            seq,
            at: self.now_ms,
            level,
            topic: EventTopic::Console,
            job_id: None,
            account_id: None,
            slot: None,
            message,
        }]);
    }

    fn push_events(&mut self, events: Vec<EngineEvent>) {
        if self.events_paused {
            self.events_pending.extend(events);
            let extra = self.events_pending.len().saturating_sub(EVENT_CAPACITY);
            self.events_pending.drain(..extra);
            return;
        }
        for e in events {
            if self.events.len() == EVENT_CAPACITY {
                self.events.pop_front();
            }
            self.events.push_back(e);
        }
    }
}

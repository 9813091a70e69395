//! The console's state and how it changes: from what the control channel
//! reports ([`Msg`]) and from keys. No I/O here: keys and messages turn into
//! [`Request`]s that the console loop hands to the background tasks.

use std::collections::{HashMap, HashSet, VecDeque};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use kiln_shared::model::{
    AccountDetail, AccountView, Bucket, CreatedKey, DeliveryView, EngineEvent, EventLevel,
    JobDetail, JobState, JobView, Overview, WorkerView,
};

use crate::procfs::ProcStats;
use kiln_shared::model::EventTopic;

/// Events kept for the Events view.
pub const EVENT_CAPACITY: usize = 5_000;
/// Minutes of throughput history in the header sparkline.
pub const THROUGHPUT_MINUTES: usize = 30;

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

/// A webhook delivery as the Webhooks view shows it: the console's own
/// summary of kilnd's `DeliveryView` (see [`WebhookDelivery::from_view`]), so
/// the view does not depend on the record's exact shape.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    pub id: String,
    pub account_id: String,
    pub job_id: String,
    pub url: String,
    /// `pending`, `delivered`, `failed`.
    pub state: String,
    pub attempts: u32,
    pub last_status: Option<u16>,
    pub last_latency_ms: Option<u64>,
    pub last_error: Option<String>,
    /// Unix milliseconds of the next attempt.
    pub next_retry_at: Option<u64>,
}

impl WebhookDelivery {
    pub fn from_view(d: DeliveryView) -> WebhookDelivery {
        let last = d.attempts.last();
        WebhookDelivery {
            last_status: last.and_then(|a| a.status),
            last_latency_ms: last.map(|a| a.latency_ms),
            last_error: last.and_then(|a| a.error.clone()),
            attempts: d.attempts.len() as u32,
            id: d.id,
            account_id: d.account_id,
            job_id: d.job_id,
            url: d.url,
            state: d.state,
            next_retry_at: d.next_attempt_at,
        }
    }
}

/// What the background tasks report.
#[derive(Debug)]
pub enum Msg {
    /// Connected; `restarted` when kilnd's boot id changed since last time.
    Connected {
        boot_id: String,
        restarted: bool,
    },
    Disconnected(String),
    Overview(Overview),
    Workers(Vec<WorkerView>, HashMap<u32, ProcStats>),
    /// The whole recent job list (newest first).
    Jobs(Vec<JobView>),
    /// Jobs that changed.
    JobsChanged(Vec<JobView>),
    Accounts(Vec<AccountView>),
    Events {
        events: Vec<EngineEvent>,
        gap: bool,
    },
    JobDetail(Box<JobDetail>),
    AccountDetail(Box<AccountDetail>),
    /// `None` while kilnd does not report webhook deliveries.
    Webhooks(Option<Vec<WebhookDelivery>>),
    KeyCreated(CreatedKey),
    ActionDone(String),
    ActionFailed(String),
}

/// An operator action, sent only after confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    CancelJob(String),
    RetryJob(String),
    Grant {
        account: String,
        xeconds: u64,
        bucket: Bucket,
    },
    CreateKey(String),
    RevokeKey(String),
    SetSlots(u32),
    SetIntake(bool),
    Redeliver(String),
}

impl Action {
    pub fn describe(&self) -> String {
        match self {
            Action::CancelJob(id) => format!("Cancel job {id} and refund its charge?"),
            Action::RetryJob(id) => format!("Retry job {id} as a new job (charged again)?"),
            Action::Grant {
                account,
                xeconds,
                bucket,
            } => format!(
                "Grant {xeconds} {} xeconds to {account}?",
                bucket_word(*bucket)
            ),
            Action::CreateKey(account) => format!("Create a new API key for {account}?"),
            Action::RevokeKey(prefix) => format!("Revoke the key {prefix}?"),
            Action::SetSlots(n) => format!("Set the worker pool to {n} slots?"),
            Action::Redeliver(id) => format!("Send webhook delivery {id} again now?"),
            Action::SetIntake(true) => "Resume intake of new jobs?".into(),
            Action::SetIntake(false) => {
                "Pause intake (drain): new jobs get 503 until resumed?".into()
            }
        }
    }
}

pub fn bucket_word(b: Bucket) -> &'static str {
    match b {
        Bucket::Free => "free",
        Bucket::Paid => "paid",
    }
}

/// What the app asks the background tasks to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    JobDetail(String),
    AccountDetail(String),
    Action(Action),
    RefreshAll,
    Quit,
}

/// A scrolled list: the selected row and the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListPos {
    pub selected: usize,
    pub offset: usize,
}

impl ListPos {
    pub fn move_by(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let s = self.selected as isize + delta;
        self.selected = s.clamp(0, len as isize - 1) as usize;
    }

    pub fn clamp(&mut self, len: usize) {
        if self.selected >= len {
            self.selected = len.saturating_sub(1);
        }
    }

    /// Scroll so the selection is visible in `height` rows; returns the
    /// visible range.
    pub fn visible(&mut self, len: usize, height: usize) -> std::ops::Range<usize> {
        self.clamp(len);
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        if self.offset + height > len {
            self.offset = len.saturating_sub(height);
        }
        self.offset..(self.offset + height).min(len)
    }
}

/// Which jobs the Jobs view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    All,
    Active,
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

impl StateFilter {
    const CYCLE: [StateFilter; 7] = [
        StateFilter::All,
        StateFilter::Active,
        StateFilter::Queued,
        StateFilter::Running,
        StateFilter::Succeeded,
        StateFilter::Failed,
        StateFilter::Canceled,
    ];

    pub fn word(self) -> &'static str {
        match self {
            StateFilter::All => "all",
            StateFilter::Active => "active",
            StateFilter::Queued => "queued",
            StateFilter::Running => "running",
            StateFilter::Succeeded => "succeeded",
            StateFilter::Failed => "failed",
            StateFilter::Canceled => "canceled",
        }
    }

    fn next(self) -> StateFilter {
        let i = Self::CYCLE.iter().position(|s| *s == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    fn matches(self, s: JobState) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::Active => !s.is_terminal(),
            StateFilter::Queued => s == JobState::Queued,
            StateFilter::Running => matches!(s, JobState::Starting | JobState::Running),
            StateFilter::Succeeded => s == JobState::Succeeded,
            StateFilter::Failed => s == JobState::Failed,
            StateFilter::Canceled => s == JobState::Canceled,
        }
    }
}

/// Text typed into a prompt, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The Jobs filter: words, `state:WORD`, `account:NAME`.
    Filter,
    Grant {
        account: String,
        bucket: Bucket,
    },
    Slots,
    RevokeKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Help,
    Confirm(Action),
    Prompt {
        kind: PromptKind,
        input: String,
    },
    /// A new key's secret: shown once.
    Secret {
        prefix: String,
        account: String,
        secret: String,
    },
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
            if now_ms.saturating_sub(s.at) > 15_000 {
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

    fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
            at: self.now_ms,
        });
    }

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

    // ----- messages -----

    /// Apply a report from the background; returns follow-up requests.
    pub fn on_msg(&mut self, msg: Msg) -> Vec<Request> {
        let mut out = Vec::new();
        match msg {
            Msg::Connected { boot_id, restarted } => {
                let was = std::mem::replace(&mut self.conn, Conn::Connected);
                if restarted {
                    self.note(
                        EventLevel::Warn,
                        format!("kilnd restarted (boot {boot_id}); reloaded everything"),
                    );
                } else if matches!(was, Conn::Reconnecting(_)) {
                    self.note(EventLevel::Info, "reconnected to kilnd".into());
                }
                self.boot_id = Some(boot_id);
                if let Some(d) = &self.detail {
                    out.push(Request::JobDetail(d.id.clone()));
                }
                if let Some(a) = self.selected_account() {
                    out.push(Request::AccountDetail(a.id.clone()));
                }
            }
            Msg::Disconnected(why) => {
                if self.conn == Conn::Connected {
                    self.note(EventLevel::Error, format!("lost kilnd: {why}"));
                }
                self.conn = Conn::Reconnecting(why);
            }
            Msg::Overview(o) => self.overview = Some(o),
            Msg::Workers(w, procs) => {
                // Progress of running jobs comes with the workers.
                for wv in &w {
                    if let Some(id) = &wv.job_id {
                        if let Some(j) = self.find_job_mut(id) {
                            if j.state == JobState::Running {
                                j.progress = wv.progress;
                            }
                        }
                    }
                }
                self.workers = w;
                self.procs = procs;
                self.workers_pos.clamp(self.workers.len());
            }
            Msg::Jobs(mut jobs) => {
                let selected = self.selected_job_id();
                jobs.sort_by(|a, b| b.id.cmp(&a.id));
                self.jobs = jobs;
                self.jobs_changed_keeping(selected);
            }
            Msg::JobsChanged(changed) => {
                let selected = self.selected_job_id();
                let mut any = false;
                for j in changed {
                    let slot = self.jobs.binary_search_by(|x| j.id.cmp(&x.id));
                    if let Ok(i) = slot {
                        if self.jobs[i] == j {
                            continue;
                        }
                    }
                    any = true;
                    if self.detail.as_ref().is_some_and(|d| d.id == j.id) {
                        out.push(Request::JobDetail(j.id.clone()));
                    }
                    match slot {
                        Ok(i) => self.jobs[i] = j,
                        Err(i) => self.jobs.insert(i, j),
                    }
                }
                if any {
                    self.jobs_changed_keeping(selected);
                }
            }
            Msg::Accounts(mut accounts) => {
                let selected = self.selected_account().map(|a| a.id.clone());
                accounts.sort_by(|a, b| a.name.cmp(&b.name));
                self.account_names = accounts
                    .iter()
                    .map(|a| (a.id.clone(), a.name.clone()))
                    .collect();
                self.accounts = accounts;
                if let Some(id) = &selected {
                    if let Some(i) = self.accounts.iter().position(|a| &a.id == id) {
                        self.accounts_pos.selected = i;
                    }
                }
                self.accounts_pos.clamp(self.accounts.len());
                if let Some(a) = self.selected_account() {
                    out.push(Request::AccountDetail(a.id.clone()));
                }
            }
            Msg::Events { events, gap } => {
                if gap {
                    self.note(
                        EventLevel::Warn,
                        "some events were dropped before the console read them".into(),
                    );
                }
                self.push_events(events);
            }
            Msg::JobDetail(d) => {
                if let Some(pane) = &mut self.detail {
                    if pane.id == d.job.id {
                        pane.detail = Some(*d);
                    }
                }
            }
            Msg::AccountDetail(d) => {
                if self.selected_account().map(|a| &a.id) == Some(&d.account.id) {
                    self.account_detail = Some(*d);
                }
            }
            Msg::Webhooks(w) => {
                self.webhooks = w;
                let len = self.webhooks.as_ref().map_or(0, Vec::len);
                self.webhooks_pos.clamp(len);
            }
            Msg::KeyCreated(k) => {
                self.set_status(
                    format!("created key {} for {}", k.key.prefix, k.key.account_name),
                    false,
                );
                self.modal = Some(Modal::Secret {
                    prefix: k.key.prefix,
                    account: k.key.account_name,
                    secret: k.secret,
                });
                if let Some(a) = self.selected_account() {
                    out.push(Request::AccountDetail(a.id.clone()));
                }
            }
            Msg::ActionDone(text) => {
                self.set_status(text, false);
                if let Some(a) = self.selected_account() {
                    out.push(Request::AccountDetail(a.id.clone()));
                }
            }
            Msg::ActionFailed(text) => self.set_status(text, true),
        }
        out
    }

    fn find_job_mut(&mut self, id: &str) -> Option<&mut JobView> {
        match self.jobs.binary_search_by(|x| id.cmp(&x.id)) {
            Ok(i) => Some(&mut self.jobs[i]),
            Err(_) => None,
        }
    }

    fn selected_job_id(&self) -> Option<String> {
        self.jobs_shown
            .get(self.jobs_pos.selected)
            .and_then(|i| self.jobs.get(*i))
            .map(|j| j.id.clone())
    }

    /// Recompute the filtered rows (after the filter changed).
    pub fn jobs_changed(&mut self) {
        let selected = self.selected_job_id();
        self.jobs_changed_keeping(selected);
    }

    /// Recompute the filtered rows, keeping `selected` selected.
    fn jobs_changed_keeping(&mut self, selected: Option<String>) {
        self.refilter();
        if let Some(id) = selected {
            if let Some(pos) = self
                .jobs_shown
                .iter()
                .position(|i| self.jobs.get(*i).is_some_and(|j| j.id == id))
            {
                self.jobs_pos.selected = pos;
            }
        }
        self.jobs_pos.clamp(self.jobs_shown.len());
        self.recompute_throughput();
    }

    fn refilter(&mut self) {
        let mut state = self.state_filter;
        let mut account: Option<String> = None;
        let mut words: Vec<String> = Vec::new();
        for token in self.filter_text.split_whitespace() {
            let lower = token.to_lowercase();
            if let Some(s) = lower.strip_prefix("state:") {
                if let Some(f) = StateFilter::CYCLE.iter().find(|f| f.word() == s) {
                    state = *f;
                } else {
                    // A render-API word, e.g. `state:no_workers`.
                    words.push(s.to_string());
                }
            } else if let Some(a) = lower.strip_prefix("account:") {
                account = Some(a.to_string());
            } else {
                words.push(lower);
            }
        }
        let names = &self.account_names;
        self.jobs_shown = self
            .jobs
            .iter()
            .enumerate()
            .filter(|(_, j)| state.matches(j.state))
            .filter(|(_, j)| {
                account.as_ref().is_none_or(|a| {
                    j.account_id.to_lowercase().starts_with(a)
                        || names
                            .get(&j.account_id)
                            .is_some_and(|n| n.to_lowercase().starts_with(a))
                })
            })
            .filter(|(_, j)| {
                words.is_empty() || {
                    let hay = format!(
                        "{} {} {} {} {} {} {}",
                        j.id,
                        j.account_id,
                        names.get(&j.account_id).map(String::as_str).unwrap_or(""),
                        j.kind,
                        j.state.as_str(),
                        j.render_status,
                        j.summary
                    )
                    .to_lowercase();
                    words.iter().all(|w| hay.contains(w.as_str()))
                }
            })
            .map(|(i, _)| i)
            .collect();
    }

    fn recompute_throughput(&mut self) {
        let this_minute = self.now_ms / 60_000;
        let mut buckets = vec![0u64; THROUGHPUT_MINUTES];
        for j in &self.jobs {
            if let Some(done) = j.finished_at {
                let m = done / 60_000;
                if m <= this_minute && this_minute - m < THROUGHPUT_MINUTES as u64 {
                    buckets[THROUGHPUT_MINUTES - 1 - (this_minute - m) as usize] += 1;
                }
            }
        }
        self.throughput = buckets;
    }

    /// Job ids, account ids and topics an event page touches, for the
    /// refetch logic.
    pub fn touched(events: &[EngineEvent]) -> Touched {
        let mut t = Touched::default();
        for e in events {
            if let Some(j) = &e.job_id {
                t.jobs.insert(j.clone());
            }
            if e.account_id.is_some() || e.topic == EventTopic::Balance {
                t.accounts = true;
            }
            if e.topic == EventTopic::Worker || e.slot.is_some() || e.job_id.is_some() {
                t.workers = true;
            }
            if e.topic == EventTopic::Webhook {
                t.webhooks = true;
            }
        }
        t
    }

    // ----- keys -----

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q'))
        {
            return vec![Request::Quit];
        }
        if let Some(modal) = self.modal.take() {
            return self.modal_key(modal, key);
        }
        match key.code {
            KeyCode::Char('q') => return vec![Request::Quit],
            KeyCode::Char('?') => {
                self.modal = Some(Modal::Help);
                return Vec::new();
            }
            KeyCode::Char(c @ '1'..='5') => {
                let tab = Tab::ALL[(c as u8 - b'1') as usize];
                return self.switch_tab(tab);
            }
            KeyCode::Tab => {
                let i = (self.tab.index() + 1) % Tab::ALL.len();
                return self.switch_tab(Tab::ALL[i]);
            }
            KeyCode::BackTab => {
                let i = (self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len();
                return self.switch_tab(Tab::ALL[i]);
            }
            KeyCode::F(5) => return vec![Request::RefreshAll],
            KeyCode::Char('r') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return vec![Request::RefreshAll]
            }
            KeyCode::Char('p') => {
                let accepting = self.overview.as_ref().is_none_or(|o| o.accepting);
                self.modal = Some(Modal::Confirm(Action::SetIntake(!accepting)));
                return Vec::new();
            }
            KeyCode::Char('w') if self.tab != Tab::Accounts => {
                self.modal = Some(Modal::Prompt {
                    kind: PromptKind::Slots,
                    input: self
                        .overview
                        .as_ref()
                        .map(|o| o.workers_total.to_string())
                        .unwrap_or_default(),
                });
                return Vec::new();
            }
            _ => {}
        }
        match self.tab {
            Tab::Jobs => self.jobs_key(key),
            Tab::Workers => {
                let len = self.workers.len();
                nav(&mut self.workers_pos, key.code, len);
                Vec::new()
            }
            Tab::Accounts => self.accounts_key(key),
            Tab::Webhooks => {
                let selected = self
                    .webhooks
                    .as_ref()
                    .and_then(|w| w.get(self.webhooks_pos.selected))
                    .map(|d| d.id.clone());
                match (key.code, selected) {
                    (KeyCode::Char('d'), Some(id)) => {
                        self.modal = Some(Modal::Confirm(Action::Redeliver(id)))
                    }
                    (code, _) => {
                        let len = self.webhooks.as_ref().map_or(0, Vec::len);
                        nav(&mut self.webhooks_pos, code, len);
                    }
                }
                Vec::new()
            }
            Tab::Events => {
                self.events_key(key);
                Vec::new()
            }
        }
    }

    fn switch_tab(&mut self, tab: Tab) -> Vec<Request> {
        self.tab = tab;
        if tab == Tab::Accounts {
            if let Some(a) = self.selected_account() {
                return vec![Request::AccountDetail(a.id.clone())];
            }
        }
        Vec::new()
    }

    fn jobs_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if let Some(pane) = &mut self.detail {
            match key.code {
                KeyCode::Esc | KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => {
                    self.detail = None
                }
                KeyCode::Down | KeyCode::Char('j') => pane.scroll = pane.scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => pane.scroll = pane.scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => {
                    pane.scroll = pane.scroll.saturating_add(10)
                }
                KeyCode::PageUp => pane.scroll = pane.scroll.saturating_sub(10),
                KeyCode::Home => pane.scroll = 0,
                KeyCode::Char('c') | KeyCode::Char('r') => return self.job_action(key.code),
                _ => {}
            }
            return Vec::new();
        }
        match key.code {
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => {
                if let Some(j) = self.selected_job() {
                    let id = j.id.clone();
                    self.detail = Some(DetailPane {
                        id: id.clone(),
                        detail: None,
                        scroll: 0,
                    });
                    return vec![Request::JobDetail(id)];
                }
            }
            KeyCode::Char('/') => {
                self.modal = Some(Modal::Prompt {
                    kind: PromptKind::Filter,
                    input: self.filter_text.clone(),
                });
            }
            KeyCode::Char('s') => {
                self.state_filter = self.state_filter.next();
                self.jobs_pos = ListPos::default();
                self.jobs_changed();
            }
            KeyCode::Esc => {
                self.filter_text.clear();
                self.state_filter = StateFilter::All;
                self.jobs_changed();
            }
            KeyCode::Char('c') | KeyCode::Char('r') => return self.job_action(key.code),
            code => {
                let len = self.jobs_shown.len();
                nav(&mut self.jobs_pos, code, len);
            }
        }
        Vec::new()
    }

    fn job_action(&mut self, code: KeyCode) -> Vec<Request> {
        let Some(j) = self.selected_job() else {
            return Vec::new();
        };
        let (id, state) = (j.id.clone(), j.state);
        match code {
            KeyCode::Char('c') if !state.is_terminal() => {
                self.modal = Some(Modal::Confirm(Action::CancelJob(id)))
            }
            KeyCode::Char('c') => self.set_status(
                format!("{id} is {}: nothing to cancel", state.as_str()),
                true,
            ),
            KeyCode::Char('r') if matches!(state, JobState::Failed | JobState::Canceled) => {
                self.modal = Some(Modal::Confirm(Action::RetryJob(id)))
            }
            KeyCode::Char('r') => self.set_status(
                format!(
                    "only failed or canceled jobs can be retried; {id} is {}",
                    state.as_str()
                ),
                true,
            ),
            _ => {}
        }
        Vec::new()
    }

    fn accounts_key(&mut self, key: KeyEvent) -> Vec<Request> {
        let account = self
            .selected_account()
            .map(|a| (a.id.clone(), a.name.clone()));
        match key.code {
            KeyCode::Char('g') => {
                if let Some((_, name)) = account {
                    self.modal = Some(Modal::Prompt {
                        kind: PromptKind::Grant {
                            account: name,
                            bucket: Bucket::Paid,
                        },
                        input: String::new(),
                    });
                }
            }
            KeyCode::Char('n') => {
                if let Some((_, name)) = account {
                    self.modal = Some(Modal::Confirm(Action::CreateKey(name)));
                }
            }
            KeyCode::Char('x') => {
                let first_active = self.account_detail.as_ref().and_then(|d| {
                    d.keys
                        .iter()
                        .find(|k| k.revoked_at.is_none())
                        .map(|k| k.prefix.clone())
                });
                self.modal = Some(Modal::Prompt {
                    kind: PromptKind::RevokeKey,
                    input: first_active.unwrap_or_default(),
                });
            }
            KeyCode::PageDown | KeyCode::Char(' ') => {
                self.account_scroll = self.account_scroll.saturating_add(5)
            }
            KeyCode::PageUp => self.account_scroll = self.account_scroll.saturating_sub(5),
            code => {
                let before = self.accounts_pos.selected;
                let len = self.accounts.len();
                nav(&mut self.accounts_pos, code, len);
                if self.accounts_pos.selected != before {
                    self.account_scroll = 0;
                    self.account_detail = None;
                    if let Some(a) = self.selected_account() {
                        return vec![Request::AccountDetail(a.id.clone())];
                    }
                }
            }
        }
        Vec::new()
    }

    fn events_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Char(' ') => {
                self.events_paused = !self.events_paused;
                if !self.events_paused {
                    let pending = std::mem::take(&mut self.events_pending);
                    self.push_events(pending);
                    self.events_scroll = 0;
                }
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.events_scroll = (self.events_scroll + 1).min(self.events.len())
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.events_scroll = self.events_scroll.saturating_sub(1)
            }
            KeyCode::PageUp => {
                self.events_scroll = (self.events_scroll + 10).min(self.events.len())
            }
            KeyCode::PageDown => self.events_scroll = self.events_scroll.saturating_sub(10),
            KeyCode::End | KeyCode::Char('G') => self.events_scroll = 0,
            KeyCode::Home => self.events_scroll = self.events.len(),
            _ => {}
        }
    }

    fn modal_key(&mut self, modal: Modal, key: KeyEvent) -> Vec<Request> {
        match modal {
            Modal::Help | Modal::Secret { .. } => {
                // Any key closes; `q` on help does not quit.
                Vec::new()
            }
            Modal::Confirm(action) => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                    self.set_status(
                        format!("{}…", action.describe().trim_end_matches('?')),
                        false,
                    );
                    vec![Request::Action(action)]
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                    self.set_status("canceled", false);
                    Vec::new()
                }
                _ => {
                    self.modal = Some(Modal::Confirm(action));
                    Vec::new()
                }
            },
            Modal::Prompt { kind, mut input } => {
                match key.code {
                    KeyCode::Esc => {
                        if kind == PromptKind::Filter {
                            // The filter applies as it is typed; Esc drops it.
                            self.filter_text.clear();
                            self.jobs_changed();
                        }
                        return Vec::new();
                    }
                    KeyCode::Enter => return self.submit_prompt(kind, input),
                    KeyCode::Backspace => {
                        input.pop();
                    }
                    KeyCode::Tab => {
                        if let PromptKind::Grant { account, bucket } = kind {
                            let bucket = match bucket {
                                Bucket::Free => Bucket::Paid,
                                Bucket::Paid => Bucket::Free,
                            };
                            self.modal = Some(Modal::Prompt {
                                kind: PromptKind::Grant { account, bucket },
                                input,
                            });
                            return Vec::new();
                        }
                    }
                    KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        input.clear()
                    }
                    KeyCode::Char(c) => {
                        let numeric = matches!(kind, PromptKind::Grant { .. } | PromptKind::Slots);
                        if !numeric || c.is_ascii_digit() {
                            input.push(c);
                        }
                    }
                    _ => {}
                }
                if kind == PromptKind::Filter {
                    // Filter as you type.
                    self.filter_text = input.clone();
                    self.jobs_pos = ListPos::default();
                    self.jobs_changed();
                }
                self.modal = Some(Modal::Prompt { kind, input });
                Vec::new()
            }
        }
    }

    fn submit_prompt(&mut self, kind: PromptKind, input: String) -> Vec<Request> {
        match kind {
            PromptKind::Filter => {
                self.filter_text = input.trim().to_string();
                self.jobs_changed();
            }
            PromptKind::Grant { account, bucket } => match input.parse::<u64>() {
                Ok(xeconds) if xeconds > 0 => {
                    self.modal = Some(Modal::Confirm(Action::Grant {
                        account,
                        xeconds,
                        bucket,
                    }))
                }
                _ => self.set_status("enter a positive number of xeconds", true),
            },
            PromptKind::Slots => match input.parse::<u32>() {
                Ok(n) if (1..=256).contains(&n) => {
                    self.modal = Some(Modal::Confirm(Action::SetSlots(n)))
                }
                _ => self.set_status("worker slots must be 1..=256", true),
            },
            PromptKind::RevokeKey => {
                let prefix = input.trim().to_string();
                if prefix.is_empty() {
                    self.set_status("enter a key prefix", true);
                } else {
                    self.modal = Some(Modal::Confirm(Action::RevokeKey(prefix)));
                }
            }
        }
        Vec::new()
    }
}

/// What an event page touched.
#[derive(Debug, Default)]
pub struct Touched {
    pub jobs: HashSet<String>,
    pub accounts: bool,
    pub workers: bool,
    pub webhooks: bool,
}

/// Up/down/page/home/end on a list.
fn nav(pos: &mut ListPos, code: KeyCode, len: usize) {
    match code {
        KeyCode::Down | KeyCode::Char('j') => pos.move_by(1, len),
        KeyCode::Up | KeyCode::Char('k') => pos.move_by(-1, len),
        KeyCode::PageDown => pos.move_by(20, len),
        KeyCode::PageUp => pos.move_by(-20, len),
        KeyCode::Home => pos.selected = 0,
        KeyCode::End | KeyCode::Char('G') => pos.selected = len.saturating_sub(1),
        _ => {}
    }
}

#[cfg(test)]
pub mod fixture {
    //! A fixed state for rendering tests.

    use super::*;
    use kiln_shared::model::{
        Balance, Charge, Counts, KeyView, LedgerView, OutputView, StepView, UsageView, WorkerState,
    };

    /// 2026-11-24 12:00:00 UTC.
    pub const NOW: u64 = 1_795_521_600_000;

    /// Ids sort newest first, like ULIDs: job 0 is the newest.
    pub fn job_id(n: u32) -> String {
        format!("job_01KAXJ5Q8R3T000000000{:05}", 99_999 - n)
    }

    // `is_multiple_of` is newer than the workspace's rust-version (1.85).
    #[allow(clippy::manual_is_multiple_of)]
    pub fn job(n: u32, state: JobState, render: &str, progress: f32) -> JobView {
        JobView {
            id: job_id(n),
            account_id: if n % 2 == 0 {
                "acc_01KAXJ000000000000000000OP".into()
            } else {
                "acc_01KAXJ000000000000000000AD".into()
            },
            kind: if n % 3 == 0 { "file" } else { "render" }.into(),
            state,
            render_status: render.into(),
            progress,
            created_at: NOW - 60_000 * n as u64,
            started_at: None,
            finished_at: state.is_terminal().then_some(NOW - 30_000 * n as u64),
            attempts: 1,
            charge: Charge { free: 0, paid: 4 },
            refunded: state == JobState::Failed,
            error: (state == JobState::Failed).then(|| "worker died (SIGKILL)".to_string()),
            summary: format!("clip{n}.mp4 → 60 fps"),
        }
    }

    pub fn app() -> App {
        let mut app = App::new(NOW);
        app.on_msg(Msg::Connected {
            boot_id: "boot_1".into(),
            restarted: false,
        });
        app.on_msg(Msg::Overview(Overview {
            version: "0.1.0".into(),
            started_at: NOW - 7_500_000,
            uptime_secs: 7_500,
            http_listen: "127.0.0.1:8080".into(),
            data_dir: "/var/lib/kiln".into(),
            counts: Counts {
                accounts: 2,
                active_keys: 3,
            },
            jobs_by_state: vec![
                (JobState::Queued, 2),
                (JobState::Running, 1),
                (JobState::Succeeded, 3),
                (JobState::Failed, 1),
            ],
            queue_depth: 2,
            workers_busy: 1,
            workers_total: 2,
            settled_last_minute: 3,
            failed_last_hour: 1,
            accepting: true,
        }));
        app.on_msg(Msg::Accounts(vec![
            AccountView {
                id: "acc_01KAXJ000000000000000000OP".into(),
                name: "ops".into(),
                plan: "pro".into(),
                created_at: NOW - 86_400_000,
                balance: Balance {
                    free: 120,
                    paid: 2_000,
                },
                active_keys: 1,
            },
            AccountView {
                id: "acc_01KAXJ000000000000000000AD".into(),
                name: "admin".into(),
                plan: "free".into(),
                created_at: NOW - 2 * 86_400_000,
                balance: Balance { free: 600, paid: 0 },
                active_keys: 2,
            },
        ]));
        app.on_msg(Msg::Jobs(vec![
            job(1, JobState::Running, "processing", 0.42),
            job(2, JobState::Queued, "no_workers", 0.0),
            job(3, JobState::Queued, "no_workers", 0.0),
            job(4, JobState::Succeeded, "done", 1.0),
            job(5, JobState::Failed, "failed", 0.3),
            job(6, JobState::Succeeded, "done", 1.0),
        ]));
        let mut procs = HashMap::new();
        procs.insert(
            4242,
            ProcStats {
                cpu_percent: Some(87.5),
                rss_bytes: 150 * 1024 * 1024,
                uptime_secs: 95,
            },
        );
        app.on_msg(Msg::Workers(
            vec![
                WorkerView {
                    slot: 0,
                    pid: Some(4242),
                    state: WorkerState::Busy,
                    job_id: Some(job_id(1)),
                    progress: 0.42,
                    since: NOW - 20_000,
                    jobs_run: 7,
                },
                WorkerView {
                    slot: 1,
                    pid: None,
                    state: WorkerState::Stopped,
                    job_id: None,
                    progress: 0.0,
                    since: NOW - 600_000,
                    jobs_run: 0,
                },
            ],
            procs,
        ));
        let ledger = vec![
            LedgerView {
                id: "led_2".into(),
                at: NOW - 60_000,
                reason: "debit".into(),
                free: 0,
                paid: -4,
                job_id: Some(job_id(2)),
            },
            LedgerView {
                id: "led_1".into(),
                at: NOW - 3_600_000,
                reason: "grant".into(),
                free: 0,
                paid: 2_004,
                job_id: None,
            },
        ];
        app.accounts_pos.selected = 1;
        app.on_msg(Msg::AccountDetail(Box::new(AccountDetail {
            account: app.accounts[1].clone(),
            usage: UsageView {
                month: "2026-11".into(),
                jobs_submitted: 12,
                command_jobs: 3,
                pipeline_steps: 5,
                amount_micros: 1_250_000,
            },
            keys: vec![KeyView {
                id: "key_1".into(),
                account_id: "acc_01KAXJ000000000000000000OP".into(),
                account_name: "ops".into(),
                prefix: "kiln_live_AbC123xy".into(),
                created_at: NOW - 86_400_000,
                last_used_at: Some(NOW - 120_000),
                revoked_at: None,
            }],
            ledger: ledger.clone(),
        })));
        app.on_msg(Msg::Events {
            events: vec![
                EngineEvent {
                    seq: 1,
                    at: NOW - 5_000,
                    level: EventLevel::Info,
                    topic: EventTopic::Job,
                    job_id: Some(job_id(1)),
                    account_id: None,
                    slot: Some(0),
                    message: format!("{} running on slot 0 (worker 4242, attempt 1)", job_id(1)),
                },
                EngineEvent {
                    seq: 2,
                    at: NOW - 4_000,
                    level: EventLevel::Warn,
                    topic: EventTopic::Job,
                    job_id: Some(job_id(5)),
                    account_id: None,
                    slot: None,
                    message: format!("{} failed: worker died (refunded 4 xeconds)", job_id(5)),
                },
                EngineEvent {
                    seq: 3,
                    at: NOW - 3_000,
                    level: EventLevel::Error,
                    topic: EventTopic::Worker,
                    job_id: None,
                    account_id: None,
                    slot: Some(1),
                    message: "slot 1: worker exited unexpectedly".into(),
                },
            ],
            gap: false,
        });
        app
    }

    pub fn job_detail() -> JobDetail {
        JobDetail {
            job: job(5, JobState::Failed, "failed", 0.3),
            files_status: None,
            request: "clip5.mp4 (320×240, 2.0 s) → 60 fps".into(),
            spec_json: r#"{"render":{"upload":"upl_1","target_fps":60}}"#.into(),
            steps: vec![StepView {
                description: "convert frame rate".into(),
                command: "kiln-render --fps 60 clip5.mp4".into(),
                status: kiln_shared::model::StepStatus::Failed,
            }],
            outputs: vec![OutputView {
                file_id: "fil_1".into(),
                filename: "clip5-60fps.mp4".into(),
                size: 1_048_576,
                expired: false,
            }],
            ledger: vec![
                LedgerView {
                    id: "led_3".into(),
                    at: NOW - 300_000,
                    reason: "debit".into(),
                    free: 0,
                    paid: -4,
                    job_id: Some(job_id(5)),
                },
                LedgerView {
                    id: "led_4".into(),
                    at: NOW - 150_000,
                    reason: "refund".into(),
                    free: 0,
                    paid: 4,
                    job_id: Some(job_id(5)),
                },
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn code(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn tabs_switch_by_number_and_tab() {
        let mut app = app();
        app.on_key(key('3'));
        assert_eq!(app.tab, Tab::Accounts);
        app.on_key(code(KeyCode::Tab));
        assert_eq!(app.tab, Tab::Webhooks);
        app.on_key(code(KeyCode::BackTab));
        app.on_key(code(KeyCode::BackTab));
        assert_eq!(app.tab, Tab::Workers);
        assert_eq!(app.on_key(key('q')), vec![Request::Quit]);
    }

    #[test]
    fn filter_by_text_state_and_account() {
        let mut app = app();
        assert_eq!(app.jobs_shown.len(), 6);
        app.on_key(key('/'));
        for c in "state:failed".chars() {
            app.on_key(key(c));
        }
        app.on_key(code(KeyCode::Enter));
        assert_eq!(app.jobs_shown.len(), 1);
        assert_eq!(app.selected_job().unwrap().state, JobState::Failed);
        app.filter_text = "account:ops".into();
        app.jobs_changed();
        assert_eq!(app.jobs_shown.len(), 3);
        app.filter_text = "no_workers".into();
        app.jobs_changed();
        assert_eq!(app.jobs_shown.len(), 2);
        app.on_key(code(KeyCode::Esc));
        assert_eq!(app.jobs_shown.len(), 6);
        app.on_key(key('s'));
        assert_eq!(app.state_filter, StateFilter::Active);
        assert_eq!(app.jobs_shown.len(), 3);
    }

    #[test]
    fn actions_need_confirmation() {
        let mut app = app();
        // The newest job is running: cancel asks first.
        assert!(app.on_key(key('c')).is_empty());
        assert!(matches!(
            app.modal,
            Some(Modal::Confirm(Action::CancelJob(_)))
        ));
        assert!(app.on_key(key('n')).is_empty());
        assert!(app.modal.is_none());
        app.on_key(key('c'));
        let out = app.on_key(key('y'));
        assert_eq!(out, vec![Request::Action(Action::CancelJob(job_id(1)))]);
        // Retry of a running job is refused without asking.
        app.on_key(key('r'));
        assert!(app.modal.is_none());
        assert!(app.status.as_ref().unwrap().error);
    }

    #[test]
    fn grant_from_the_accounts_view() {
        let mut app = app();
        app.on_key(key('3'));
        assert_eq!(app.selected_account().unwrap().name, "ops");
        let out = app.on_key(code(KeyCode::Up));
        assert_eq!(
            out,
            vec![Request::AccountDetail(
                "acc_01KAXJ000000000000000000AD".into()
            )]
        );
        app.on_key(code(KeyCode::Down));
        app.on_key(key('g'));
        for c in "25x".chars() {
            app.on_key(key(c));
        }
        app.on_key(code(KeyCode::Tab));
        app.on_key(code(KeyCode::Enter));
        assert_eq!(
            app.modal,
            Some(Modal::Confirm(Action::Grant {
                account: "ops".into(),
                xeconds: 25,
                bucket: Bucket::Free
            }))
        );
        let out = app.on_key(key('y'));
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn changed_jobs_upsert_in_order_and_keep_the_selection() {
        let mut app = app();
        app.on_key(code(KeyCode::Down));
        let selected = app.selected_job().unwrap().id.clone();
        app.on_msg(Msg::JobsChanged(vec![
            job(0, JobState::Queued, "queued", 0.0),
            job(2, JobState::Running, "processing", 0.1),
        ]));
        assert_eq!(app.jobs.len(), 7);
        assert_eq!(app.jobs[0].id, job(0, JobState::Queued, "", 0.0).id);
        assert_eq!(app.selected_job().unwrap().id, selected);
        assert_eq!(app.jobs[2].state, JobState::Running);
    }

    #[test]
    fn paused_events_wait_until_resumed() {
        let mut app = app();
        app.on_key(key('5'));
        app.on_key(key(' '));
        let before = app.events.len();
        app.on_msg(Msg::Events {
            events: vec![app.events[0].clone()],
            gap: false,
        });
        assert_eq!(app.events.len(), before);
        assert_eq!(app.events_pending.len(), 1);
        app.on_key(key(' '));
        assert_eq!(app.events.len(), before + 1);
    }

    #[test]
    fn list_positions_scroll_to_the_selection() {
        let mut pos = ListPos::default();
        pos.move_by(15, 100);
        assert_eq!(pos.visible(100, 10), 6..16);
        pos.move_by(-100, 100);
        assert_eq!(pos.visible(100, 10), 0..10);
        assert_eq!(pos.visible(3, 10), 0..3);
    }

    #[test]
    fn ten_thousand_jobs_filter_quickly() {
        let mut app = app();
        let jobs: Vec<JobView> = (0..10_000)
            .map(|n| job(n, JobState::Succeeded, "done", 1.0))
            .collect();
        let start = std::time::Instant::now();
        app.on_msg(Msg::Jobs(jobs));
        app.filter_text = "clip99".into();
        app.jobs_changed();
        assert!(start.elapsed() < std::time::Duration::from_millis(500));
        assert_eq!(app.jobs_shown.len(), 111);
    }
}

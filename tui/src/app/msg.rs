//! What the background tasks report, and how each report updates the state.

use std::collections::{HashMap, HashSet};

use kiln_shared::model::{
    AccountDetail, AccountView, CreatedKey, DeliveryView, EngineEvent, EventLevel, EventTopic,
    JobDetail, JobState, JobView, Overview, WorkerView,
};

use super::{App, Conn, Modal, Request};
use crate::procfs::ProcStats;

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
    /// Worker nodes on other machines (empty when kilnd reports none).
    Nodes(Vec<kiln_shared::model::NodeView>),
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

/// What an event page touched.
#[derive(Debug, Default)]
pub struct Touched {
    pub jobs: HashSet<String>,
    pub accounts: bool,
    pub workers: bool,
    pub webhooks: bool,
}

impl App {
    /// Apply a report from the background; returns follow-up requests.
    pub fn on_msg(&mut self, msg: Msg) -> Vec<Request> {
        match msg {
            Msg::Connected { boot_id, restarted } => return self.on_connected(boot_id, restarted),
            Msg::Disconnected(why) => self.on_disconnected(why),
            Msg::Overview(o) => self.overview = Some(o),
            Msg::Workers(w, procs) => self.on_workers(w, procs),
            Msg::Nodes(nodes) => self.nodes = nodes,
            Msg::Jobs(jobs) => self.replace_jobs(jobs),
            Msg::JobsChanged(changed) => return self.upsert_jobs(changed),
            Msg::Accounts(accounts) => return self.on_accounts(accounts),
            Msg::Events { events, gap } => self.on_events(events, gap),
            Msg::JobDetail(d) => self.on_job_detail(*d),
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
            Msg::KeyCreated(k) => return self.on_key_created(k),
            Msg::ActionDone(text) => {
                self.set_status(text, false);
                return self.account_detail_request().into_iter().collect();
            }
            Msg::ActionFailed(text) => self.set_status(text, true),
        }
        Vec::new()
    }

    fn on_connected(&mut self, boot_id: String, restarted: bool) -> Vec<Request> {
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
        let mut out = Vec::new();
        if let Some(d) = &self.detail {
            out.push(Request::JobDetail(d.id.clone()));
        }
        out.extend(self.account_detail_request());
        out
    }

    fn on_disconnected(&mut self, why: String) {
        if self.conn == Conn::Connected {
            self.note(EventLevel::Error, format!("lost kilnd: {why}"));
        }
        self.conn = Conn::Reconnecting(why);
    }

    fn on_workers(&mut self, workers: Vec<WorkerView>, procs: HashMap<u32, ProcStats>) {
        // Progress of running jobs comes with the workers.
        for w in &workers {
            let Some(id) = &w.job_id else { continue };
            if let Some(j) = self.find_job_mut(id) {
                if j.state == JobState::Running {
                    j.progress = w.progress;
                }
            }
        }
        self.workers = workers;
        self.procs = procs;
        self.workers_pos.clamp(self.workers.len());
    }

    fn on_accounts(&mut self, mut accounts: Vec<AccountView>) -> Vec<Request> {
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
        self.account_detail_request().into_iter().collect()
    }

    fn on_events(&mut self, events: Vec<EngineEvent>, gap: bool) {
        if gap {
            self.note(
                EventLevel::Warn,
                "some events were dropped before the console read them".into(),
            );
        }
        self.push_events(events);
    }

    fn on_job_detail(&mut self, d: JobDetail) {
        if let Some(pane) = &mut self.detail {
            if pane.id == d.job.id {
                pane.detail = Some(d);
            }
        }
    }

    fn on_key_created(&mut self, k: CreatedKey) -> Vec<Request> {
        self.set_status(
            format!("created key {} for {}", k.key.prefix, k.key.account_name),
            false,
        );
        self.modal = Some(Modal::Secret {
            prefix: k.key.prefix,
            account: k.key.account_name,
            secret: k.secret,
        });
        self.account_detail_request().into_iter().collect()
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
}

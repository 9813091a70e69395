//! Live job streams: what `GET …/events` sends as Server-Sent Events. A
//! stream opens with a snapshot (so a job that finished before the client
//! connected is never missed), then follows the engine's event bus: each
//! engine event about a followed job, and the job object again whenever it
//! changed (state, step, progress, outputs). A client that resumes with the
//! last event id it saw first gets the engine events it missed.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use futures::Stream;
use kiln_shared::model::{EngineEvent, EventPage, JobState};

use crate::context::AppState;
use crate::store::Job;

/// How long a stream waits for news while a followed job is running (its
/// progress is read this often) and while none is.
const RUNNING_POLL: Duration = Duration::from_secs(1);
const IDLE_WAIT: Duration = Duration::from_secs(15);
/// Most unsettled jobs an account stream's first snapshot shows.
const SNAPSHOT_JOBS: usize = 100;

/// Which jobs a stream follows.
#[derive(Debug, Clone)]
pub enum Follow {
    /// One job, until it settles.
    Job(String),
    /// Every job of one kind (`render` or `file`) of one account.
    Account {
        account_id: String,
        kind: &'static str,
    },
}

/// One thing a stream sends.
#[derive(Debug, Clone)]
pub struct Item {
    /// `boot.seq`: what a client sends back as `Last-Event-ID`.
    pub id: String,
    pub event: &'static str,
    pub data: serde_json::Value,
}

/// Renders a job as its API shows it.
pub type JobView = Arc<dyn Fn(&AppState, &Job) -> serde_json::Value + Send + Sync>;

struct Live {
    state: AppState,
    follow: Follow,
    view: JobView,
    seq: u64,
    boot: String,
    pending: VecDeque<Item>,
    /// What was last sent of each job, to send it again only when it changed.
    sent: HashMap<String, (JobState, u32, u32, usize)>,
    running: bool,
    done: bool,
}

/// The stream for `follow`, resuming after `last_event_id` when it names an
/// event of this daemon's run still in the bus.
pub fn stream(
    state: AppState,
    follow: Follow,
    view: JobView,
    last_event_id: Option<&str>,
) -> impl Stream<Item = Item> {
    let bus = state.engine().events();
    let boot = bus.boot_id().to_string();
    let resume = last_event_id
        .and_then(|id| id.rsplit_once('.'))
        .filter(|(b, _)| *b == boot)
        .and_then(|(_, seq)| seq.parse::<u64>().ok());
    let mut live = Live {
        seq: bus.last_seq(),
        boot,
        state,
        follow,
        view,
        pending: VecDeque::new(),
        sent: HashMap::new(),
        running: false,
        done: false,
    };
    if let Some(after) = resume {
        live.replay(after);
    }
    live.snapshot();
    futures::stream::unfold(live, |mut live| async move {
        loop {
            if let Some(item) = live.pending.pop_front() {
                return Some((item, live));
            }
            if live.done || !live.state.engine().is_running() {
                return None;
            }
            live.wait().await;
        }
    })
}

impl Live {
    fn id(&self) -> String {
        format!("{}.{}", self.boot, self.seq)
    }

    fn follows(&self, e: &EngineEvent) -> bool {
        match &self.follow {
            Follow::Job(id) => e.job_id.as_deref() == Some(id),
            Follow::Account { account_id, .. } => {
                e.job_id.is_some() && e.account_id.as_deref() == Some(account_id)
            }
        }
    }

    /// Engine events after `after` about followed jobs (those still kept).
    fn replay(&mut self, after: u64) {
        let page = self.state.engine().events().page(after);
        for id in self.take_events(&page) {
            if let Ok(job) = self.state.store().job(&id) {
                self.send_job(job, false);
            }
        }
    }

    fn snapshot(&mut self) {
        let store = self.state.store();
        let jobs: Vec<Job> = match &self.follow {
            Follow::Job(id) => store.job(id).into_iter().collect(),
            Follow::Account { account_id, kind } => store
                .jobs_of(Some(account_id), SNAPSHOT_JOBS)
                .unwrap_or_default()
                .into_iter()
                .filter(|j| j.spec.kind() == *kind && !j.state.is_terminal())
                .collect(),
        };
        for job in jobs {
            self.send_job(job, true);
        }
    }

    async fn wait(&mut self) {
        let wait = if self.running {
            RUNNING_POLL
        } else {
            IDLE_WAIT
        };
        let page = self.state.engine().events().since(self.seq, wait).await;
        let mut touched = self.take_events(&page);
        if self.running {
            touched.extend(self.sent.keys().cloned());
        }
        touched.sort();
        touched.dedup();
        self.running = false;
        for id in touched {
            if let Ok(job) = self.state.store().job(&id) {
                self.send_job(job, false);
            }
        }
    }

    /// Queue the followed events of `page`; the ids of the jobs they name.
    fn take_events(&mut self, page: &EventPage) -> Vec<String> {
        let mut touched = Vec::new();
        let followed: Vec<&EngineEvent> = page.events.iter().filter(|e| self.follows(e)).collect();
        for e in followed {
            self.pending.push_back(Item {
                id: format!("{}.{}", self.boot, e.seq),
                event: "engine",
                data: serde_json::json!({
                    "at": e.at,
                    "level": e.level,
                    "job_id": e.job_id,
                    "message": e.message,
                }),
            });
            touched.extend(e.job_id.clone());
        }
        self.seq = self.seq.max(page.next_seq);
        touched
    }

    fn send_job(&mut self, job: Job, always: bool) {
        if let Follow::Account { kind, .. } = &self.follow {
            if job.spec.kind() != *kind {
                return;
            }
        }
        let shown = (
            job.state,
            job.step,
            (job.progress * 1000.0) as u32,
            job.outputs.len(),
        );
        let changed = self.sent.get(&job.id) != Some(&shown);
        if job.state == JobState::Running || job.state == JobState::Starting {
            self.running = true;
        }
        if matches!(self.follow, Follow::Job(_)) && job.state.is_terminal() {
            self.done = true;
        }
        if !(changed || always) {
            return;
        }
        self.sent.insert(job.id.clone(), shown);
        let data = (self.view)(&self.state, &job);
        self.pending.push_back(Item {
            id: self.id(),
            event: "job",
            data,
        });
    }
}

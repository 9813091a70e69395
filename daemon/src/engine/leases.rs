//! Jobs leased to worker nodes on other machines. A node waiting for work
//! leaves an offer here; the dispatch loop pairs it with a queued job as it
//! would a free local slot, and the job's runner drives a [`LeasedWorker`]
//! in place of a local process: the request goes to the node as its lease's
//! grant, the node's heartbeats and result come back as the replies a local
//! worker would send. A lease whose heartbeats stop expires: its worker
//! ends with [`ProcessError::LeaseLost`] and the runner queues the job
//! again. Everything a node says about a lease no longer held (expired,
//! taken over, canceled, finished) is refused with [`LeaseError::NotHeld`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::process::{ProcessError, WorkerKind};
use super::worker::Worker;
use crate::ids::{new_id, IdKind};
use crate::node::wire::Grant;
use crate::worker::protocol::{NamedInput, Produced, Reply, Request};

/// A node counts toward capacity this long after it was last heard from.
const LIVE_FOR: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    #[error("lease {0} is not held: it expired, was taken over, or its job was canceled or has finished")]
    NotHeld(String),
    #[error("{0}")]
    Invalid(String),
}

/// A node waiting for a job.
pub struct Offer {
    ticket: u64,
    pub node_id: String,
    pub node_name: String,
    /// The job kinds the node takes.
    runs: Vec<String>,
    grant: oneshot::Sender<Grant>,
}

/// The node's side of a lease, as the runner knows it.
#[derive(Debug, Clone)]
pub struct Holder {
    pub lease_id: String,
    pub node_id: String,
    pub node_name: String,
}

struct Active {
    node_id: String,
    job_id: String,
    expires: Instant,
    replies: mpsc::UnboundedSender<Reply>,
    /// The request as the daemon made it: where inputs are read from and
    /// outputs land. `None` until the grant has gone out.
    request: Option<Request>,
    /// The node has sent its result; anything more is refused.
    finished: bool,
}

struct Seen {
    max_jobs: u32,
    draining: bool,
    runs: Vec<String>,
    at: Instant,
}

#[derive(Default)]
struct State {
    offers: Vec<Offer>,
    active: HashMap<String, Active>,
    seen: HashMap<String, Seen>,
    tickets: u64,
    /// The engine is stopping: offers are answered with no job at once.
    closed: bool,
}

/// Every open offer and lease, in memory: a restart voids them all (the
/// jobs are recovered as any interrupted job is, and the nodes' next calls
/// are refused).
pub struct Leases {
    ttl: Duration,
    state: Mutex<State>,
}

/// How a node stands, for capacity and the operator's views.
#[derive(Debug, Clone, Default)]
pub struct NodeLoad {
    pub live: bool,
    pub jobs: Vec<String>,
}

impl Leases {
    pub fn new(ttl: Duration) -> Arc<Leases> {
        Arc::new(Leases {
            ttl,
            state: Mutex::new(State::default()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The node was heard from (it asked for work or sent a heartbeat).
    pub fn contact(&self, node_id: &str, max_jobs: u32, draining: bool, runs: &[String]) {
        self.lock().seen.insert(
            node_id.to_string(),
            Seen {
                max_jobs,
                draining,
                runs: runs.to_vec(),
                at: Instant::now(),
            },
        );
    }

    /// Jobs the node holds leases on.
    pub fn running_on(&self, node_id: &str) -> u32 {
        let state = self.lock();
        count_on(&state, node_id)
    }

    /// Leave an offer of the node's work; the grant arrives on the receiver.
    pub fn offer(
        &self,
        node_id: &str,
        node_name: &str,
        runs: &[String],
    ) -> (u64, oneshot::Receiver<Grant>) {
        let (grant, receiver) = oneshot::channel();
        let mut state = self.lock();
        state.tickets += 1;
        let ticket = state.tickets;
        if state.closed {
            return (ticket, receiver);
        }
        state.offers.push(Offer {
            ticket,
            node_id: node_id.to_string(),
            node_name: node_name.to_string(),
            runs: runs.to_vec(),
            grant,
        });
        (ticket, receiver)
    }

    /// Take the offer back; false when the dispatch loop has already taken
    /// it (a grant is on its way).
    pub fn withdraw(&self, ticket: u64) -> bool {
        let mut state = self.lock();
        let before = state.offers.len();
        state.offers.retain(|o| o.ticket != ticket);
        state.offers.len() < before
    }

    /// Take no more offers and answer the waiting ones with no job (so a
    /// stopping daemon's HTTP drain does not wait out nodes' requests).
    pub(super) fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.offers.clear();
    }

    pub fn has_offer(&self) -> bool {
        self.lock().offers.iter().any(|o| !o.grant.is_closed())
    }

    /// The oldest offer of a node still waiting that takes jobs of `kind`.
    pub(super) fn take_offer(&self, kind: &str) -> Option<Offer> {
        let mut state = self.lock();
        state.offers.retain(|o| !o.grant.is_closed());
        let index = state
            .offers
            .iter()
            .position(|o| o.runs.iter().any(|k| k == kind))?;
        Some(state.offers.remove(index))
    }

    /// Open a lease on `job_id` for the node of `offer`.
    /// Lease the job to the node of `offer`; `kind` is the worker the job
    /// needs (the node starts a still-picture one where it has one).
    pub(super) fn open(
        self: &Arc<Self>,
        offer: Offer,
        job_id: &str,
        kind: WorkerKind,
    ) -> (Holder, LeasedWorker) {
        let lease_id = new_id(IdKind::Lease);
        let (replies, inbox) = mpsc::unbounded_channel();
        self.lock().active.insert(
            lease_id.clone(),
            Active {
                node_id: offer.node_id.clone(),
                job_id: job_id.to_string(),
                // Until the grant goes out, only the runner's own limits apply.
                expires: Instant::now() + Duration::from_secs(24 * 3600),
                replies,
                request: None,
                finished: false,
            },
        );
        let holder = Holder {
            lease_id: lease_id.clone(),
            node_id: offer.node_id,
            node_name: offer.node_name,
        };
        let worker = LeasedWorker {
            leases: self.clone(),
            holder: holder.clone(),
            job_id: job_id.to_string(),
            grant: Some(offer.grant),
            inbox,
            kind,
        };
        (holder, worker)
    }

    /// End a lease (its job is done with it); later calls on it are refused.
    pub fn end(&self, lease_id: &str) {
        self.lock().active.remove(lease_id);
    }

    /// The lease of `node_id`, still held, for `use_it`.
    fn held<T>(
        &self,
        lease_id: &str,
        node_id: &str,
        use_it: impl FnOnce(&mut Active) -> Result<T, LeaseError>,
    ) -> Result<T, LeaseError> {
        let mut state = self.lock();
        match state.active.get_mut(lease_id) {
            Some(a) if a.node_id == node_id && !a.finished && a.expires > Instant::now() => {
                use_it(a)
            }
            _ => Err(LeaseError::NotHeld(lease_id.to_string())),
        }
    }

    /// A heartbeat: the lease runs another `ttl`; step and progress replies
    /// go to the job's runner. Returns the job id.
    pub fn beat(
        &self,
        lease_id: &str,
        node_id: &str,
        replies: Vec<Reply>,
    ) -> Result<String, LeaseError> {
        let ttl = self.ttl;
        self.held(lease_id, node_id, |a| {
            if a.request.is_none() {
                return Err(LeaseError::NotHeld(lease_id.to_string()));
            }
            a.expires = Instant::now() + ttl;
            for reply in replies {
                if matches!(reply, Reply::Step { .. } | Reply::Progress { .. }) {
                    let _ = a.replies.send(reply);
                }
            }
            Ok(a.job_id.clone())
        })
    }

    /// Where input `index` of the lease's job is read from.
    pub fn input(
        &self,
        lease_id: &str,
        node_id: &str,
        index: usize,
    ) -> Result<PathBuf, LeaseError> {
        self.held(lease_id, node_id, |a| {
            let inputs: Vec<&Path> = match &a.request {
                Some(Request::Render { input, .. }) => vec![input.as_path()],
                Some(Request::Pipeline { inputs, .. }) => {
                    inputs.iter().map(|i| i.path.as_path()).collect()
                }
                _ => Vec::new(),
            };
            inputs
                .get(index)
                .map(|p| p.to_path_buf())
                .ok_or_else(|| LeaseError::Invalid(format!("the job has no input {index}")))
        })
    }

    /// Where the output `name` of the lease's job lands.
    pub fn output(&self, lease_id: &str, node_id: &str, name: &str) -> Result<PathBuf, LeaseError> {
        check_name(name)?;
        self.held(lease_id, node_id, |a| match &a.request {
            Some(Request::Render { output, .. }) => Ok(output.clone()),
            Some(Request::Pipeline { work_dir, .. }) => Ok(work_dir.join(name)),
            _ => Err(LeaseError::Invalid("the job takes no outputs".into())),
        })
    }

    /// Whether the lease is still held (checked again after a long upload).
    pub fn holds(&self, lease_id: &str, node_id: &str) -> bool {
        self.held(lease_id, node_id, |_| Ok(())).is_ok()
    }

    /// The node's result: the final reply goes to the runner, once. A
    /// pipeline's outputs are named as sent to `outputs/{name}`.
    pub fn finish(&self, lease_id: &str, node_id: &str, reply: Reply) -> Result<(), LeaseError> {
        self.held(lease_id, node_id, |a| {
            let reply = match reply {
                Reply::PipelineDone { outputs } => {
                    let Some(Request::Pipeline { work_dir, .. }) = &a.request else {
                        return Err(LeaseError::Invalid("the job is not a pipeline".into()));
                    };
                    let mut landed = Vec::with_capacity(outputs.len());
                    for out in outputs {
                        let name = out.path.to_string_lossy().into_owned();
                        check_name(&name)?;
                        landed.push(Produced {
                            path: work_dir.join(name),
                            facts: out.facts,
                        });
                    }
                    Reply::PipelineDone { outputs: landed }
                }
                r @ (Reply::Rendered { .. } | Reply::Failed { .. }) => r,
                other => {
                    return Err(LeaseError::Invalid(format!(
                        "a result is rendered, pipeline_done or failed, not {other:?}"
                    )))
                }
            };
            a.finished = true;
            let _ = a.replies.send(reply);
            Ok(())
        })
    }

    /// Free slots for jobs of `kind` on live, undrained nodes.
    pub fn free_slots(&self, kind: &str) -> u32 {
        let state = self.lock();
        state
            .seen
            .iter()
            .filter(|(_, s)| !s.draining && s.at.elapsed() < LIVE_FOR)
            .filter(|(_, s)| s.runs.iter().any(|k| k == kind))
            .map(|(id, s)| s.max_jobs.saturating_sub(count_on(&state, id)))
            .sum()
    }

    /// How the node stands now.
    pub fn load(&self, node_id: &str) -> NodeLoad {
        let state = self.lock();
        NodeLoad {
            live: state
                .seen
                .get(node_id)
                .is_some_and(|s| s.at.elapsed() < LIVE_FOR),
            jobs: state
                .active
                .values()
                .filter(|a| a.node_id == node_id)
                .map(|a| a.job_id.clone())
                .collect(),
        }
    }

    /// The grant has gone out: the node has `ttl` until its first heartbeat.
    fn granted(&self, lease_id: &str, request: Request) {
        if let Some(a) = self.lock().active.get_mut(lease_id) {
            a.request = Some(request);
            a.expires = Instant::now() + self.ttl;
        }
    }

    /// When the lease runs out; `None` once it has ended.
    fn expiry(&self, lease_id: &str) -> Option<Instant> {
        self.lock().active.get(lease_id).map(|a| a.expires)
    }

    /// End the lease if it has run out and no result came; true if it did.
    fn expire_if_due(&self, lease_id: &str) -> bool {
        let mut state = self.lock();
        match state.active.get(lease_id) {
            Some(a) if !a.finished && a.expires <= Instant::now() => {
                state.active.remove(lease_id);
                true
            }
            _ => false,
        }
    }
}

fn count_on(state: &State, node_id: &str) -> u32 {
    state
        .active
        .values()
        .filter(|a| a.node_id == node_id)
        .count() as u32
}

/// An output's name: one plain path component.
fn check_name(name: &str) -> Result<(), LeaseError> {
    let plain = !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0']);
    plain
        .then_some(())
        .ok_or_else(|| LeaseError::Invalid(format!("{name:?} is not a plain file name")))
}

/// The request as the node gets it: no daemon paths, only names.
fn for_node(request: &Request) -> Request {
    match request.clone() {
        Request::Render {
            target_fps,
            watermark,
            ..
        } => Request::Render {
            input: "input-0".into(),
            output: "output.mp4".into(),
            target_fps,
            watermark,
        },
        Request::Pipeline {
            inputs,
            steps,
            limits,
            ..
        } => Request::Pipeline {
            inputs: inputs
                .into_iter()
                .enumerate()
                .map(|(i, input)| NamedInput {
                    path: format!("input-{i}").into(),
                    filename: input.filename,
                })
                .collect(),
            steps,
            work_dir: "work".into(),
            limits,
        },
        other => other,
    }
}

/// A leased job's worker, as the runner sees it: requests go to the node,
/// replies come from its heartbeats and result.
pub struct LeasedWorker {
    leases: Arc<Leases>,
    holder: Holder,
    job_id: String,
    grant: Option<oneshot::Sender<Grant>>,
    inbox: mpsc::UnboundedReceiver<Reply>,
    kind: WorkerKind,
}

impl LeasedWorker {
    fn lost(&self, why: String) -> ProcessError {
        ProcessError::LeaseLost(format!("node {}: {why}", self.holder.node_name))
    }
}

impl Worker for LeasedWorker {
    fn pid(&self) -> u32 {
        0
    }

    fn jobs_run(&self) -> u64 {
        0
    }

    fn count_job(&mut self) {}

    fn send<'a>(&'a mut self, request: &'a Request) -> BoxFuture<'a, Result<(), ProcessError>> {
        Box::pin(async move {
            let Some(grant) = self.grant.take() else {
                return Err(self.lost("a lease runs one request".into()));
            };
            let id = self.holder.lease_id.clone();
            self.leases.granted(&id, request.clone());
            let heartbeat_ms = (self.leases.ttl.as_millis() as u64 / 3).max(100);
            let sent = grant.send(Grant {
                lease_id: id.clone(),
                job_id: self.job_id.clone(),
                request: for_node(request),
                heartbeat_ms,
                stills: self.kind == WorkerKind::Stills,
            });
            if sent.is_err() {
                self.leases.end(&id);
                return Err(self.lost("it stopped waiting before the job was handed over".into()));
            }
            Ok(())
        })
    }

    fn next(&mut self) -> BoxFuture<'_, Result<Reply, ProcessError>> {
        Box::pin(async move {
            loop {
                let Some(deadline) = self.leases.expiry(&self.holder.lease_id) else {
                    return Err(self.lost("the lease has ended".into()));
                };
                tokio::select! {
                    biased;
                    reply = self.inbox.recv() => {
                        return reply.ok_or_else(|| self.lost("the lease has ended".into()));
                    }
                    _ = tokio::time::sleep_until(deadline) => {
                        if self.leases.expire_if_due(&self.holder.lease_id) {
                            let secs = self.leases.ttl.as_secs_f64();
                            return Err(self.lost(format!(
                                "no heartbeat for {secs} s; the lease expired"
                            )));
                        }
                    }
                }
            }
        })
    }

    fn kill(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(async move { self.leases.end(&self.holder.lease_id) })
    }
}

impl Drop for LeasedWorker {
    fn drop(&mut self) {
        self.leases.end(&self.holder.lease_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render() -> Request {
        Request::Render {
            input: "/data/blobs/in".into(),
            output: "/data/blobs/tmp/out.mp4".into(),
            target_fps: 60,
            watermark: false,
        }
    }

    #[tokio::test]
    async fn a_lease_carries_the_request_and_its_result_once() {
        let leases = Leases::new(Duration::from_secs(5));
        let (ticket, granted) = leases.offer("nod_a", "a", &crate::node::all_kinds());
        let offer = leases.take_offer("render").unwrap();
        assert!(!leases.withdraw(ticket), "taken offers are not withdrawn");
        let (holder, mut worker) = leases.open(offer, "job_1", WorkerKind::Full);
        worker.send(&render()).await.unwrap();
        let grant = granted.await.unwrap();
        assert_eq!(grant.lease_id, holder.lease_id);
        assert!(
            matches!(&grant.request, Request::Render { input, .. } if input == Path::new("input-0"))
        );
        let id = &holder.lease_id;
        assert_eq!(
            leases.input(id, "nod_a", 0).unwrap(),
            PathBuf::from("/data/blobs/in")
        );
        assert!(matches!(
            leases.input(id, "nod_b", 0),
            Err(LeaseError::NotHeld(_))
        ));
        assert!(leases.output(id, "nod_a", "../x").is_err());
        leases
            .beat(id, "nod_a", vec![Reply::Progress { done: 1, total: 2 }])
            .unwrap();
        assert!(matches!(
            worker.next().await.unwrap(),
            Reply::Progress { done: 1, .. }
        ));
        let failed = || Reply::Failed {
            message: "no".into(),
        };
        leases.finish(id, "nod_a", failed()).unwrap();
        assert!(matches!(
            leases.finish(id, "nod_a", failed()),
            Err(LeaseError::NotHeld(_))
        ));
        assert!(matches!(worker.next().await.unwrap(), Reply::Failed { .. }));
        assert_eq!(leases.running_on("nod_a"), 1);
        drop(worker);
        assert_eq!(leases.running_on("nod_a"), 0);
        assert!(leases.beat(id, "nod_a", Vec::new()).is_err());
    }

    #[tokio::test]
    async fn a_lease_without_heartbeats_expires() {
        let leases = Leases::new(Duration::from_millis(200));
        let (_, granted) = leases.offer("nod_a", "a", &crate::node::all_kinds());
        let (holder, mut worker) = leases.open(
            leases.take_offer("render").unwrap(),
            "job_1",
            WorkerKind::Full,
        );
        worker.send(&render()).await.unwrap();
        drop(granted);
        let err = worker.next().await.unwrap_err();
        assert!(matches!(err, ProcessError::LeaseLost(_)), "{err}");
        assert!(matches!(
            leases.finish(
                &holder.lease_id,
                "nod_a",
                Reply::Failed {
                    message: "late".into()
                }
            ),
            Err(LeaseError::NotHeld(_))
        ));
    }

    #[test]
    fn offers_go_to_jobs_their_node_takes() {
        let leases = Leases::new(Duration::from_secs(5));
        let _files = leases.offer("nod_f", "f", &["file".to_string()]);
        assert!(leases.take_offer("render").is_none());
        let _any = leases.offer("nod_a", "a", &crate::node::all_kinds());
        assert_eq!(leases.take_offer("render").unwrap().node_id, "nod_a");
        assert_eq!(leases.take_offer("file").unwrap().node_id, "nod_f");
    }

    #[tokio::test]
    async fn free_slots_count_live_undrained_nodes_less_their_leases() {
        let leases = Leases::new(Duration::from_secs(5));
        let all = crate::node::all_kinds();
        assert_eq!(leases.free_slots("render"), 0);
        leases.contact("nod_a", 2, false, &all);
        leases.contact("nod_b", 3, true, &all);
        leases.contact("nod_f", 4, false, &["file".to_string()]);
        assert_eq!(
            leases.free_slots("render"),
            2,
            "a draining node adds nothing"
        );
        assert_eq!(leases.free_slots("file"), 6);
        let _offer = leases.offer("nod_a", "a", &crate::node::all_kinds());
        let (_, worker) = leases.open(
            leases.take_offer("render").unwrap(),
            "job_1",
            WorkerKind::Full,
        );
        assert_eq!(leases.free_slots("render"), 1);
        assert_eq!(leases.load("nod_a").jobs, vec!["job_1".to_string()]);
        drop(worker);
        assert_eq!(leases.free_slots("render"), 2);
    }
}

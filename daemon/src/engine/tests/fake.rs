//! A worker inside the test process. It speaks the real protocol (writes
//! real output files where a request says, replies with progress, steps and
//! facts) and does what the test scripted for each request or launch:
//! succeed, fail, crash, hang, go slowly, or not start at all.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::engine::process::{ProcessError, WorkerKind, WorkerLimits};
use crate::engine::worker::{Launcher, Worker};
use crate::media::ops::{Convert, FileFacts, Format, Operation};
use crate::worker::protocol::{NamedInput, Produced, Reply, Request};

/// What a fake worker does with the next request (or, for
/// [`Act::FailToStart`], the next launch). Unscripted requests succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Succeed,
    /// Reply `Failed` with this message; the worker stays usable.
    Fail(&'static str),
    /// Die halfway through the request.
    Crash,
    /// Never answer.
    Hang,
    /// Report progress for [`SLOW_FOR`], then succeed.
    Slow,
    /// Never become ready.
    FailToStart,
}

/// How a crashed fake worker is described, as the real one describes a signal.
pub const DEATH: &str = "crashed: killed by SIGSEGV (11)";
/// A slow request's progress interval and length.
const TICK: Duration = Duration::from_millis(10);
const SLOW_FOR: Duration = Duration::from_secs(5);

/// The script and the tally every fake worker and launcher of a test shares.
#[derive(Clone, Default)]
pub struct Fake(Arc<Shared>);

#[derive(Default)]
struct Shared {
    script: Mutex<VecDeque<Act>>,
    launched: AtomicU32,
    killed: AtomicU32,
}

impl Fake {
    pub fn script(&self, acts: impl IntoIterator<Item = Act>) {
        self.0.script.lock().unwrap().extend(acts);
    }

    pub fn launcher(&self) -> Arc<dyn Launcher> {
        Arc::new(FakeLauncher(self.clone()))
    }

    /// Workers started and workers killed so far.
    pub fn tally(&self) -> (u32, u32) {
        (
            self.0.launched.load(Ordering::SeqCst),
            self.0.killed.load(Ordering::SeqCst),
        )
    }

    fn next_act(&self) -> Act {
        let mut script = self.0.script.lock().unwrap();
        script.pop_front().unwrap_or(Act::Succeed)
    }

    fn launch_fails(&self) -> bool {
        let mut script = self.0.script.lock().unwrap();
        let fails = script.front() == Some(&Act::FailToStart);
        if fails {
            script.pop_front();
        }
        fails
    }
}

struct FakeLauncher(Fake);

impl Launcher for FakeLauncher {
    fn launch<'a>(
        &'a self,
        limits: &'a WorkerLimits,
        _kind: WorkerKind,
    ) -> BoxFuture<'a, Result<Box<dyn Worker>, ProcessError>> {
        Box::pin(async move {
            if self.0.launch_fails() {
                return Err(ProcessError::StartTimeout(limits.start_timeout));
            }
            let n = self.0 .0.launched.fetch_add(1, Ordering::SeqCst) + 1;
            let (requests, inbox) = mpsc::unbounded_channel();
            let (outbox, replies) = mpsc::unbounded_channel();
            let task = tokio::spawn(serve(self.0.clone(), inbox, outbox));
            Ok(Box::new(FakeWorker {
                pid: 40_000 + n,
                jobs_run: 0,
                requests,
                replies,
                task,
                fake: self.0.clone(),
            }) as Box<dyn Worker>)
        })
    }
}

/// The daemon's end of a fake worker; the worker itself is a task.
struct FakeWorker {
    pid: u32,
    jobs_run: u64,
    requests: UnboundedSender<Request>,
    replies: UnboundedReceiver<Reply>,
    task: JoinHandle<()>,
    fake: Fake,
}

impl Drop for FakeWorker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Worker for FakeWorker {
    fn pid(&self) -> u32 {
        self.pid
    }

    fn jobs_run(&self) -> u64 {
        self.jobs_run
    }

    fn count_job(&mut self) {
        self.jobs_run += 1;
    }

    fn send<'a>(&'a mut self, request: &'a Request) -> BoxFuture<'a, Result<(), ProcessError>> {
        let sent = self.requests.send(request.clone());
        Box::pin(async move {
            sent.map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe).into())
        })
    }

    fn next(&mut self) -> BoxFuture<'_, Result<Reply, ProcessError>> {
        Box::pin(async move {
            self.replies
                .recv()
                .await
                .ok_or_else(|| ProcessError::Died(DEATH.into()))
        })
    }

    fn kill(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.task.abort();
            let _ = (&mut self.task).await;
            self.fake.0.killed.fetch_add(1, Ordering::SeqCst);
        })
    }
}

/// The fake worker: one request after another until it crashes or is killed.
async fn serve(fake: Fake, mut inbox: UnboundedReceiver<Request>, out: UnboundedSender<Reply>) {
    while let Some(request) = inbox.recv().await {
        let act = fake.next_act();
        if matches!(request, Request::Render { .. } | Request::Pipeline { .. }) {
            let _ = out.send(Reply::Progress { done: 1, total: 4 });
        }
        match act {
            Act::Crash => return,
            Act::Hang => std::future::pending::<()>().await,
            Act::Slow => {
                let ticks = SLOW_FOR.as_millis() / TICK.as_millis();
                for done in 1..ticks {
                    tokio::time::sleep(TICK).await;
                    let _ = out.send(Reply::Progress {
                        done: done as u64,
                        total: ticks as u64,
                    });
                }
            }
            Act::Succeed | Act::Fail(_) | Act::FailToStart => {}
        }
        let reply = match act {
            Act::Fail(message) => Reply::Failed {
                message: message.into(),
            },
            _ => perform(request, &out),
        };
        let _ = out.send(reply);
    }
}

/// Do what the request asks, the way the real worker answers.
fn perform(request: Request, out: &UnboundedSender<Reply>) -> Reply {
    let done = match request {
        Request::Render {
            input,
            output,
            target_fps,
            ..
        } => render(&input, &output, target_fps),
        Request::Pipeline {
            inputs,
            steps,
            work_dir,
            ..
        } => pipeline(&inputs, &steps, &work_dir, out),
        Request::Identify { path, .. } => readable(&path).map(|()| Reply::Identified {
            facts: FileFacts::named(&file_name(&path), format_of(&path)),
        }),
        Request::Probe { .. } => Err("the fake worker decodes no media".into()),
    };
    done.unwrap_or_else(|message| Reply::Failed { message })
}

fn render(input: &Path, output: &Path, target_fps: u32) -> Result<Reply, String> {
    readable(input)?;
    write(output, format!("rendered at {target_fps} fps\n"))?;
    Ok(Reply::Rendered {
        frames_out: 48,
        duration_secs: 2.0,
        report: None,
        media: None,
    })
}

/// Each step's outputs go to `work_dir/stepN/`, named after the inputs;
/// a conversion changes the extension.
fn pipeline(
    inputs: &[NamedInput],
    steps: &[Operation],
    work_dir: &Path,
    out: &UnboundedSender<Reply>,
) -> Result<Reply, String> {
    let mut current: Vec<PathBuf> = Vec::with_capacity(inputs.len());
    for input in inputs {
        readable(&input.path)?;
        current.push(PathBuf::from(&input.filename));
    }
    for (i, op) in steps.iter().enumerate() {
        let _ = out.send(Reply::Step { index: i as u32 });
        let dir = work_dir.join(format!("step{}", i + 1));
        let mut next = Vec::with_capacity(current.len());
        for from in &current {
            let mut to = dir.join(from.file_name().unwrap_or_default());
            if let Operation::Convert(Convert { to: format, .. }) = op {
                to.set_extension(format.extension());
            }
            write(&to, format!("step {} made {}\n", i + 1, file_name(&to)))?;
            next.push(to);
        }
        current = next;
    }
    let outputs = current
        .into_iter()
        .map(|path| Produced {
            facts: FileFacts::named(&file_name(&path), format_of(&path)),
            path,
        })
        .collect();
    Ok(Reply::PipelineDone { outputs })
}

fn readable(path: &Path) -> Result<(), String> {
    std::fs::metadata(path)
        .map(drop)
        .map_err(|e| format!("cannot open {}: {e}", file_name(path)))
}

fn write(path: &Path, content: String) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, content).map_err(|e| e.to_string())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn format_of(path: &Path) -> Format {
    path.extension()
        .and_then(|e| Format::from_extension(&e.to_string_lossy()))
        .unwrap_or(Format::Other)
}

//! A test daemon: a data directory holding an account and two uploaded
//! inputs, and lives of the engine on it. Each life has its own runtime, so
//! ending one ends every task it started, as a crash or a restart would.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use kiln_shared::model::{Bucket, JobState};
use tokio::runtime::Runtime;

use super::fake::Fake;
use super::report::Report;
use crate::clock::now_ms;
use crate::engine::process::WorkerLimits;
use crate::engine::{Engine, EngineConfig};
use crate::ids::{new_id, IdKind};
use crate::media::ops::Convert;
use crate::media::ops::{Format, OpLimits, Operation};
use crate::planner::{Plan, PlannedStep};
use crate::store::{
    Admission, Bill, FileRecord, FileRole, FileSpec, InputRef, Job, JobSpec, RenderSpec, Store,
};

/// What every job in these tests costs.
pub const PRICE: u64 = 30;
pub const HOOK: &str = "https://hooks.test/kiln";
/// Longest wait for anything a test expects to happen.
const PATIENCE: Duration = Duration::from_secs(15);

pub struct World {
    dir: tempfile::TempDir,
    pub fake: Fake,
    pub account: String,
    /// The render input (`clip.mov`).
    pub video: FileRecord,
    /// The file-job input (`photo.jpg`).
    pub photo: FileRecord,
}

impl World {
    /// An account with 20 free and 100 paid xeconds, and its two uploads.
    pub fn new() -> World {
        let (dir, store) = crate::store::test_support::store();
        let account = store.create_account("acme", "free", 20).unwrap().id;
        store.grant(&account, 100, Bucket::Paid).unwrap();
        let video = upload(&store, &account, "clip.mov", "video/quicktime");
        let photo = upload(&store, &account, "photo.jpg", "image/jpeg");
        World {
            dir,
            fake: Fake::default(),
            account,
            video,
            photo,
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// One slot, short limits, nothing swept or reaped while a test runs.
    pub fn config(&self) -> EngineConfig {
        EngineConfig {
            slots: 1,
            idle: Duration::from_secs(600),
            job_timeout: Duration::from_secs(10),
            max_attempts: 3,
            limits: WorkerLimits {
                exe: PathBuf::from("/nonexistent/kilnd"),
                stills_exe: None,
                memory_mb: 512,
                start_timeout: Duration::from_secs(1),
                work_dir: self.dir.path().join("blobs/tmp"),
            },
            probe_timeout: Duration::from_secs(5),
            retention: Duration::from_secs(3600),
            sweep_every: Duration::from_secs(3600),
            records_kept: None,
            max_dimension: 4096,
            max_duration_secs: 600.0,
            op_limits: OpLimits::default(),
            lease_ttl: Duration::from_secs(30),
        }
    }

    /// Open the store and start an engine on it (recovering what the last
    /// life left).
    pub fn start(&self, cfg: EngineConfig) -> Life {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let store = reopen(self.dir.path());
        let engine = Engine::with_launcher(store, cfg, self.fake.launcher());
        rt.block_on(engine.start()).unwrap();
        Life { engine, rt }
    }

    /// A 60 fps render of `clip.mov` that reports to [`HOOK`].
    pub fn render_job(&self) -> Job {
        self.job(JobSpec::Render(RenderSpec {
            project_id: "prj_01jtests0000000000000000000".into(),
            input_file_id: self.video.id.clone(),
            target_fps: 60,
            source_fps: 30.0,
            duration_secs: 2.0,
            watermark: false,
            webhook_url: Some(HOOK.into()),
        }))
    }

    /// `photo.jpg` converted to PNG, then to WebP; reports to [`HOOK`].
    pub fn file_job(&self) -> Job {
        let convert = |to: Format| PlannedStep {
            op: Operation::Convert(Convert {
                to,
                quality: None,
                codec: None,
                lossless: false,
            }),
            description: format!("convert to {}", to.extension()),
            command: format!("magick in out.{}", to.extension()),
        };
        self.job(JobSpec::File(Box::new(FileSpec {
            prompt: "make it a png, then a webp".into(),
            chat_id: "chat_tests".into(),
            inputs: vec![InputRef {
                file_id: self.photo.id.clone(),
                filename: self.photo.filename.clone(),
            }],
            plan: Plan::Command {
                steps: vec![convert(Format::Png), convert(Format::Webp)],
            },
            webhook_url: Some(HOOK.into()),
            bill: Bill {
                steps: 2,
                amount_micros: 2_000,
            },
        })))
    }

    fn job(&self, spec: JobSpec) -> Job {
        Job::new(new_id(IdKind::Job), self.account.clone(), spec)
    }

    /// The stable projection of the store that snapshots show.
    pub fn report(&self, life: &Life, jobs: &[&Job]) -> String {
        let ids: Vec<&str> = jobs.iter().map(|j| j.id.as_str()).collect();
        Report::new(self, life.engine.store(), &ids).render()
    }
}

fn reopen(dir: &Path) -> Store {
    crate::store::test_support::reopen(dir).expect("reopening the store")
}

fn upload(store: &Store, account: &str, name: &str, content_type: &str) -> FileRecord {
    let bytes = format!("the bytes of {name}\n");
    let file = FileRecord {
        id: new_id(IdKind::File),
        account_id: account.into(),
        project_id: None,
        role: FileRole::Input,
        filename: name.into(),
        content_type: content_type.into(),
        blob_id: Some(store.blobs().put(bytes.as_bytes()).unwrap()),
        size: bytes.len() as u64,
        media: None,
        facts: None,
        job_id: None,
        created_at: now_ms(),
        upload_expires_at: None,
        expires_at: None,
        expired: false,
    };
    store.put_file(&file).unwrap();
    file
}

/// One run of the engine on the world's data.
pub struct Life {
    pub engine: Engine,
    rt: Runtime,
}

impl Life {
    pub fn block_on<F: Future>(&self, work: F) -> F::Output {
        self.rt.block_on(work)
    }

    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    pub fn submit(&self, job: Job) -> Job {
        self.block_on(self.engine.submit(job, Admission::price(PRICE)))
            .unwrap()
    }

    /// Submit without waiting for the answer (it may never come).
    pub fn submit_in_background(&self, job: Job) {
        let engine = self.engine.clone();
        self.rt.spawn(async move {
            let _ = engine.submit(job, Admission::price(PRICE)).await;
        });
    }

    /// The job once `done` holds for it (polling the store).
    pub fn wait_for(&self, job: &Job, done: impl Fn(&Job) -> bool) -> Job {
        self.block_on(async {
            let deadline = tokio::time::Instant::now() + PATIENCE;
            loop {
                let now = self.store().job(&job.id).unwrap();
                if done(&now) {
                    return now;
                }
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "gave up waiting on {now:?}"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    }

    pub fn wait_settled(&self, job: &Job) -> Job {
        self.wait_for(job, |j| j.state.is_terminal())
    }

    pub fn wait_running(&self, job: &Job) -> Job {
        self.wait_for(job, |j| j.state == JobState::Running)
    }

    /// Wait until no job holds a slot (runners have cleaned up).
    pub fn wait_idle(&self) {
        self.block_on(async {
            let deadline = tokio::time::Instant::now() + PATIENCE;
            while self.engine.pool().busy() > 0 {
                assert!(tokio::time::Instant::now() < deadline, "slots stay busy");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    }

    /// Wait for the engine to stop at its armed crash point, then end this
    /// life as the crash would have: every task gone mid-flight.
    pub fn crash(self) {
        let crashed = self.engine.fail_points().crashed();
        let stopped = self.block_on(async { tokio::time::timeout(PATIENCE, crashed).await });
        assert!(stopped.is_ok(), "the engine never reached its crash point");
    }

    /// A clean stop: drain with `grace`.
    pub fn shut_down(&self, grace: Duration) {
        self.block_on(self.engine.shutdown(grace));
    }
}

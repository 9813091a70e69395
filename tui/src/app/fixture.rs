//! A fixed state for rendering tests.

use std::collections::HashMap;

use kiln_shared::model::{
    AccountDetail, AccountView, Balance, Charge, Counts, EngineEvent, EventLevel, EventTopic,
    JobDetail, JobState, JobView, KeyView, LedgerView, OutputView, Overview, StepView, UsageView,
    WorkerState, WorkerView,
};

use super::{App, Msg};
use crate::procfs::ProcStats;

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
        node: None,
    }
}

/// The console after connecting to a kilnd with two accounts, six jobs, two
/// worker slots and three events; the second account (`ops`) is selected.
pub fn app() -> App {
    let mut app = App::new(NOW);
    app.on_msg(Msg::Connected {
        boot_id: "boot_1".into(),
        restarted: false,
    });
    app.on_msg(Msg::Overview(overview()));
    app.on_msg(Msg::Accounts(accounts()));
    app.on_msg(Msg::Jobs(vec![
        job(1, JobState::Running, "processing", 0.42),
        job(2, JobState::Queued, "no_workers", 0.0),
        job(3, JobState::Queued, "no_workers", 0.0),
        job(4, JobState::Succeeded, "done", 1.0),
        job(5, JobState::Failed, "failed", 0.3),
        job(6, JobState::Succeeded, "done", 1.0),
    ]));
    app.on_msg(workers());
    app.accounts_pos.selected = 1;
    let detail = account_detail(app.accounts[1].clone());
    app.on_msg(Msg::AccountDetail(Box::new(detail)));
    app.on_msg(Msg::Events {
        events: events(),
        gap: false,
    });
    app
}

fn overview() -> Overview {
    Overview {
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
        disk: Default::default(),
        store_bytes: 48 << 20,
    }
}

fn accounts() -> Vec<AccountView> {
    vec![
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
    ]
}

fn workers() -> Msg {
    let mut procs = HashMap::new();
    procs.insert(
        4242,
        ProcStats {
            cpu_percent: Some(87.5),
            rss_bytes: 150 * 1024 * 1024,
            uptime_secs: 95,
        },
    );
    Msg::Workers(
        vec![
            WorkerView {
                slot: 0,
                pid: Some(4242),
                state: WorkerState::Busy,
                job_id: Some(job_id(1)),
                progress: 0.42,
                since: NOW - 20_000,
                jobs_run: 7,
                stills: false,
            },
            WorkerView {
                slot: 1,
                pid: None,
                state: WorkerState::Stopped,
                job_id: None,
                progress: 0.0,
                since: NOW - 600_000,
                jobs_run: 0,
                stills: false,
            },
        ],
        procs,
    )
}

fn account_detail(account: AccountView) -> AccountDetail {
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
    AccountDetail {
        account,
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
        ledger,
    }
}

fn events() -> Vec<EngineEvent> {
    vec![
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
    ]
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
        render: None,
    }
}

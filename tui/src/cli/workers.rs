//! `kiln workers [set N]` and `kiln intake pause|resume`: the pool and intake.

use clap::Subcommand;
use kiln_shared::model::WorkerView;
use kiln_shared::ControlClient;

use super::{date, emit, CliError};
use crate::client::context;

#[derive(Subcommand)]
pub enum WorkersCmd {
    /// Set the number of worker slots.
    Set { slots: u32 },
}

pub async fn list(client: &ControlClient, json: bool) -> Result<(), CliError> {
    let workers = client.workers(context()).await?;
    emit(json, &workers, |w| print_workers(w));
    Ok(())
}

fn print_workers(workers: &[WorkerView]) {
    println!(
        "{:<5} {:<9} {:<8} {:<7} {:<32} {:>6} {:>5}  SINCE",
        "SLOT", "STATE", "PID", "PROGRAM", "JOB", "PROG", "RUNS"
    );
    for w in workers {
        let program = match (w.pid, w.stills) {
            (None, _) => "-",
            (Some(_), true) => "stills",
            (Some(_), false) => "full",
        };
        println!(
            "{:<5} {:<9} {:<8} {:<7} {:<32} {:>5.0}% {:>5}  {}",
            w.slot,
            w.state.as_str(),
            w.pid.map(|p| p.to_string()).unwrap_or_else(|| "-".into()),
            program,
            w.job_id.as_deref().unwrap_or("-"),
            w.progress * 100.0,
            w.jobs_run,
            date(w.since)
        );
    }
}

/// Prints the same line with or without `--json`.
pub async fn set_slots(client: &ControlClient, slots: u32) -> Result<(), CliError> {
    let n = client.set_worker_slots(context(), slots).await??;
    println!("worker slots: {n}");
    Ok(())
}

/// `action` is `pause` or `resume` (clap checks). Prints the same line with
/// or without `--json`.
pub async fn intake(client: &ControlClient, action: &str) -> Result<(), CliError> {
    let accepting = client.set_intake(context(), action == "resume").await?;
    println!("intake {}", if accepting { "open" } else { "paused" });
    Ok(())
}

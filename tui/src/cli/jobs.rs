//! `kiln jobs` and `kiln job …`.

use clap::Subcommand;
use kiln_shared::model::{JobDetail, JobView};
use kiln_shared::ControlClient;

use super::{date, emit, CliError};
use crate::client::context;
use crate::text::{job_outcome, refunded_note};

#[derive(Subcommand)]
pub enum JobCmd {
    Show { id: String },
    Cancel { id: String },
    Retry { id: String },
}

pub async fn run(client: &ControlClient, cmd: JobCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        JobCmd::Show { id } => show(client, id, json).await,
        JobCmd::Cancel { id } => cancel(client, id, json).await,
        JobCmd::Retry { id } => retry(client, id, json).await,
    }
}

pub async fn list(
    client: &ControlClient,
    account: Option<String>,
    limit: u32,
    json: bool,
) -> Result<(), CliError> {
    let jobs = client.list_jobs(context(), account, limit).await??;
    emit(json, &jobs, |j| print_jobs(j));
    Ok(())
}

fn print_jobs(jobs: &[JobView]) {
    println!(
        "{:<32} {:<10} {:<11} {:>5} {:>6}  {:<19} SUMMARY",
        "JOB", "STATE", "RENDER", "PROG", "CHARGE", "CREATED"
    );
    for j in jobs {
        println!(
            "{:<32} {:<10} {:<11} {:>4.0}% {:>6}  {:<19} {}{}{}",
            j.id,
            j.state.as_str(),
            j.render_status,
            j.progress * 100.0,
            j.charge.total(),
            date(j.created_at),
            j.summary,
            j.node
                .as_ref()
                .map(|n| format!(" (on node {n})"))
                .unwrap_or_default(),
            j.error
                .as_ref()
                .map(|e| format!(" — {e}"))
                .unwrap_or_default()
        );
    }
}

async fn show(client: &ControlClient, id: String, json: bool) -> Result<(), CliError> {
    let d = client.job_detail(context(), id).await??;
    emit(json, &d, print_job_detail);
    Ok(())
}

fn print_job_detail(d: &JobDetail) {
    let j = &d.job;
    println!(
        "{}  {}  {} ({})",
        j.id,
        j.kind,
        j.state.as_str(),
        j.render_status
    );
    println!("account   {}", j.account_id);
    println!("request   {}", d.request);
    println!(
        "progress  {:.0}%  attempts {}",
        j.progress * 100.0,
        j.attempts
    );
    println!(
        "charge    free {} paid {}{}",
        j.charge.free,
        j.charge.paid,
        refunded_note(j.refunded)
    );
    if let Some(e) = &j.error {
        println!("error     {e}");
    }
    if let Some(r) = &d.render {
        println!("timings   {}", r.timing_line());
        println!("kept      {}", r.kept);
    }
    print_plan_and_results(d);
}

/// The plan's steps, the outputs and the job's ledger entries.
fn print_plan_and_results(d: &JobDetail) {
    for (i, s) in d.steps.iter().enumerate() {
        println!(
            "step {}    [{}] {}\n          $ {}",
            i + 1,
            s.status,
            s.description,
            s.command
        );
    }
    for o in &d.outputs {
        println!(
            "output    {} {} ({} bytes){}",
            o.file_id,
            o.filename,
            o.size,
            if o.expired { " expired" } else { "" }
        );
    }
    for l in &d.ledger {
        println!(
            "ledger    {} {} free {:+} paid {:+}",
            date(l.at),
            l.reason,
            l.free,
            l.paid
        );
    }
}

async fn cancel(client: &ControlClient, id: String, json: bool) -> Result<(), CliError> {
    let j = client.cancel_job(context(), id).await??;
    emit(json, &j, |j| println!("{}", job_outcome(j)));
    Ok(())
}

async fn retry(client: &ControlClient, id: String, json: bool) -> Result<(), CliError> {
    let j = client.retry_job(context(), id).await??;
    emit(json, &j, |j| {
        println!("{} {} (retry)", j.id, j.state.as_str())
    });
    Ok(())
}

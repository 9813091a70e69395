//! `kiln status` and `kiln audit`: the daemon as a whole.

use kiln_shared::model::{AuditReport, DiskView, Overview};
use kiln_shared::ControlClient;

use super::{emit, CliError};
use crate::client::context;
use crate::text::long_duration;

pub async fn status(client: &ControlClient, json: bool) -> Result<(), CliError> {
    let o = client.overview(context()).await?;
    emit(json, &o, print_overview);
    Ok(())
}

fn print_overview(o: &Overview) {
    println!("kilnd {}  up {}", o.version, long_duration(o.uptime_secs));
    println!(
        "workers   {}/{} busy, {} queued, intake {}",
        o.workers_busy,
        o.workers_total,
        o.queue_depth,
        if o.accepting { "open" } else { "paused" }
    );
    let states: Vec<String> = o
        .jobs_by_state
        .iter()
        .map(|(s, n)| format!("{} {n}", s.as_str()))
        .collect();
    println!("jobs      {}", states.join(", "));
    println!("http      {}", o.http_listen);
    println!("data      {}", o.data_dir);
    println!("disk      {}", disk_line(&o.disk));
    println!("store     {} on disk", crate::ui::bytes(o.store_bytes));
    println!("accounts  {}", o.counts.accounts);
    println!("keys      {} active", o.counts.active_keys);
}

fn disk_line(d: &DiskView) -> String {
    let state = if d.store_failed {
        "STORE FAILED: new uploads and jobs refused until it is reopened"
    } else if d.low {
        "LOW: new uploads and jobs refused (507)"
    } else {
        "ok"
    };
    format!(
        "{} free, reserve {}: {state}",
        crate::ui::bytes(d.free_bytes),
        crate::ui::bytes(d.reserve_bytes)
    )
}

/// Fails (exit status 1) when the audit finds problems.
pub async fn audit(client: &ControlClient, json: bool) -> Result<(), CliError> {
    let report = client.audit(context()).await??;
    emit(json, &report, print_audit);
    if !report.is_clean() {
        return Err(CliError::AuditFailed(report.problems.len()));
    }
    Ok(())
}

fn print_audit(report: &AuditReport) {
    println!(
        "checked {} accounts, {} ledger entries, {} jobs",
        report.accounts_checked, report.entries_checked, report.jobs_checked
    );
    for p in &report.problems {
        println!("PROBLEM {}: {}", p.account_id, p.message);
    }
    if report.is_clean() {
        println!("ledger is clean");
    }
}

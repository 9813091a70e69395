//! Operator subcommands: one control call each, printed for people or as JSON.

use clap::Subcommand;
use kiln_shared::model::{AccountView, Bucket, CreateAccount, EngineEvent, KeyView};
use kiln_shared::{ControlClient, ControlError};

use crate::client::context;

#[derive(Subcommand)]
pub enum Command {
    /// Daemon version, uptime and counts.
    Status,
    /// Accounts: create, list.
    #[command(subcommand)]
    Account(AccountCmd),
    /// API keys: create, list, revoke.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Xecond balances.
    #[command(subcommand)]
    Credits(CreditsCmd),
    /// Worker slots: state, pid, job, progress; `workers set N` resizes the pool.
    Workers {
        #[command(subcommand)]
        action: Option<WorkersCmd>,
    },
    /// One job: show, cancel (refunds), retry (a new job, charged again).
    #[command(subcommand)]
    Job(JobCmd),
    /// Webhook deliveries and signing secrets.
    #[command(subcommand)]
    Webhook(WebhookCmd),
    /// Pause (drain) or resume intake of new jobs.
    Intake {
        #[arg(value_parser = ["pause", "resume"])]
        action: String,
    },
    /// Recent jobs, newest first.
    Jobs {
        /// Only this account's (id or name).
        #[arg(long)]
        account: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Engine events; with --follow, keep printing new ones.
    Events {
        #[arg(long, short)]
        follow: bool,
        /// Start after this sequence number (default: the last 50).
        #[arg(long)]
        since: Option<u64>,
    },
    /// Check every balance against the ledger and every job's charge and refund.
    Audit,
}

#[derive(Subcommand)]
pub enum AccountCmd {
    /// Create an account; prints its first API key alone on stdout.
    Create {
        name: String,
        /// Free xeconds to grant (default: the daemon's configured amount).
        #[arg(long)]
        xeconds: Option<u64>,
        /// Plan name (default: the daemon's default plan).
        #[arg(long)]
        plan: Option<String>,
    },
    /// List accounts with balances.
    List,
    /// One account: balance, usage this month, keys, recent ledger.
    Show { account: String },
}

#[derive(Subcommand)]
pub enum WebhookCmd {
    /// Deliveries with their attempts, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Send a delivery again now.
    Redeliver { id: String },
    /// Rotate ACCOUNT's signing secret and print the new one alone on stdout.
    Secret { account: String },
}

#[derive(Subcommand)]
pub enum WorkersCmd {
    /// Set the number of worker slots.
    Set { slots: u32 },
}

#[derive(Subcommand)]
pub enum JobCmd {
    Show { id: String },
    Cancel { id: String },
    Retry { id: String },
}

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Create a key for ACCOUNT (id or name); prints the key alone on stdout.
    Create { account: String },
    /// List keys (prefix, created, last used), of one account or all.
    List { account: Option<String> },
    /// Revoke the key whose prefix starts with PREFIX.
    Revoke { prefix: String },
}

#[derive(Subcommand)]
pub enum CreditsCmd {
    /// Grant XECONDS to ACCOUNT (id or name), free unless --paid.
    Grant {
        account: String,
        xeconds: u64,
        #[arg(long)]
        paid: bool,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("kilnd refused: {0}")]
    Refused(#[from] ControlError),
    #[error("control call failed: {0}")]
    Rpc(#[from] tarpc::client::RpcError),
    #[error("the ledger audit found {0} problem(s)")]
    AuditFailed(usize),
}

pub async fn run(client: &ControlClient, command: Command, json: bool) -> Result<(), CliError> {
    match command {
        Command::Status => {
            let o = client.overview(context()).await?;
            if json {
                print_json(&o);
            } else {
                println!("kilnd {}  up {}", o.version, human_duration(o.uptime_secs));
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
                println!("accounts  {}", o.counts.accounts);
                println!("keys      {} active", o.counts.active_keys);
            }
        }
        Command::Account(AccountCmd::Create {
            name,
            xeconds,
            plan,
        }) => {
            let created = client
                .create_account(
                    context(),
                    CreateAccount {
                        name,
                        plan,
                        free_xeconds: xeconds,
                    },
                )
                .await??;
            if json {
                print_json(&created);
            } else {
                eprintln!(
                    "created account {} ({}) with {} free xeconds; its API key:",
                    created.account.name, created.account.id, created.account.balance.free
                );
                println!("{}", created.key.secret);
            }
        }
        Command::Account(AccountCmd::List) => {
            let accounts = client.list_accounts(context()).await??;
            if json {
                print_json(&accounts);
            } else {
                print_accounts(&accounts);
            }
        }
        Command::Key(KeyCmd::Create { account }) => {
            let created = client.create_key(context(), account).await??;
            if json {
                print_json(&created);
            } else {
                eprintln!(
                    "created key {} for {}:",
                    created.key.prefix, created.key.account_name
                );
                println!("{}", created.secret);
            }
        }
        Command::Key(KeyCmd::List { account }) => {
            let keys = client.list_keys(context(), account).await??;
            if json {
                print_json(&keys);
            } else {
                print_keys(&keys);
            }
        }
        Command::Key(KeyCmd::Revoke { prefix }) => {
            let key = client.revoke_key(context(), prefix).await??;
            if json {
                print_json(&key);
            } else {
                println!("revoked {} ({})", key.prefix, key.account_name);
            }
        }
        Command::Credits(CreditsCmd::Grant {
            account,
            xeconds,
            paid,
        }) => {
            let bucket = if paid { Bucket::Paid } else { Bucket::Free };
            let a = client
                .grant_credits(context(), account, xeconds, bucket)
                .await??;
            if json {
                print_json(&a);
            } else {
                println!(
                    "{}: free {} + paid {} = {} xeconds",
                    a.name,
                    a.balance.free,
                    a.balance.paid,
                    a.balance.total()
                );
            }
        }
        Command::Workers {
            action: Some(WorkersCmd::Set { slots }),
        } => {
            let n = client.set_worker_slots(context(), slots).await??;
            println!("worker slots: {n}");
        }
        Command::Webhook(WebhookCmd::List { limit }) => {
            let list = client.list_deliveries(context(), limit).await??;
            if json {
                print_json(&list);
            } else {
                println!(
                    "{:<30} {:<10} {:>3} {:>6} {:>7}  URL",
                    "DELIVERY", "STATE", "TRY", "CODE", "MS"
                );
                for d in list {
                    let last = d.attempts.last();
                    println!(
                        "{:<30} {:<10} {:>3} {:>6} {:>7}  {}",
                        d.id,
                        d.state,
                        d.attempts.len(),
                        last.and_then(|a| a.status)
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "-".into()),
                        last.map(|a| a.latency_ms.to_string())
                            .unwrap_or_else(|| "-".into()),
                        d.url
                    );
                }
            }
        }
        Command::Webhook(WebhookCmd::Redeliver { id }) => {
            let d = client.redeliver(context(), id).await??;
            println!("{} queued for redelivery", d.id);
        }
        Command::Webhook(WebhookCmd::Secret { account }) => {
            let s = client.rotate_webhook_secret(context(), account).await??;
            if json {
                print_json(&s);
            } else {
                eprintln!(
                    "new webhook signing secret for {} (shown once):",
                    s.account_id
                );
                println!("{}", s.secret);
            }
        }
        Command::Intake { action } => {
            let accepting = client.set_intake(context(), action == "resume").await?;
            println!("intake {}", if accepting { "open" } else { "paused" });
        }
        Command::Job(JobCmd::Show { id }) => {
            let d = client.job_detail(context(), id).await??;
            if json {
                print_json(&d);
            } else {
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
                    if j.refunded { " (refunded)" } else { "" }
                );
                if let Some(e) = &j.error {
                    println!("error     {e}");
                }
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
        }
        Command::Job(JobCmd::Cancel { id }) => {
            let j = client.cancel_job(context(), id).await??;
            if json {
                print_json(&j);
            } else {
                println!(
                    "{} {}{}",
                    j.id,
                    j.state.as_str(),
                    if j.refunded { " (refunded)" } else { "" }
                );
            }
        }
        Command::Job(JobCmd::Retry { id }) => {
            let j = client.retry_job(context(), id).await??;
            if json {
                print_json(&j);
            } else {
                println!("{} {} (retry)", j.id, j.state.as_str());
            }
        }
        Command::Account(AccountCmd::Show { account }) => {
            let d = client.account_detail(context(), account).await??;
            if json {
                print_json(&d);
            } else {
                let a = &d.account;
                println!("{} ({})  plan {}", a.name, a.id, a.plan);
                println!(
                    "balance   free {} + paid {} = {} xeconds",
                    a.balance.free,
                    a.balance.paid,
                    a.balance.total()
                );
                println!(
                    "usage     {}: {} jobs, {} command jobs, {} steps, ${}.{:02}",
                    d.usage.month,
                    d.usage.jobs_submitted,
                    d.usage.command_jobs,
                    d.usage.pipeline_steps,
                    d.usage.amount_micros / 1_000_000,
                    (d.usage.amount_micros % 1_000_000) / 10_000
                );
                print_keys(&d.keys);
                for l in d.ledger.iter().take(20) {
                    println!(
                        "{}  {:<7} free {:+} paid {:+} {}",
                        date(l.at),
                        l.reason,
                        l.free,
                        l.paid,
                        l.job_id.as_deref().unwrap_or("")
                    );
                }
            }
        }
        Command::Workers { action: None } => {
            let workers = client.workers(context()).await?;
            if json {
                print_json(&workers);
            } else {
                println!(
                    "{:<5} {:<9} {:<8} {:<32} {:>6} {:>5}  SINCE",
                    "SLOT", "STATE", "PID", "JOB", "PROG", "RUNS"
                );
                for w in workers {
                    println!(
                        "{:<5} {:<9} {:<8} {:<32} {:>5.0}% {:>5}  {}",
                        w.slot,
                        w.state.as_str(),
                        w.pid.map(|p| p.to_string()).unwrap_or_else(|| "-".into()),
                        w.job_id.as_deref().unwrap_or("-"),
                        w.progress * 100.0,
                        w.jobs_run,
                        date(w.since)
                    );
                }
            }
        }
        Command::Jobs { account, limit } => {
            let jobs = client.list_jobs(context(), account, limit).await??;
            if json {
                print_json(&jobs);
            } else {
                println!(
                    "{:<32} {:<10} {:<11} {:>5} {:>6}  {:<19} SUMMARY",
                    "JOB", "STATE", "RENDER", "PROG", "CHARGE", "CREATED"
                );
                for j in jobs {
                    println!(
                        "{:<32} {:<10} {:<11} {:>4.0}% {:>6}  {:<19} {}{}",
                        j.id,
                        j.state.as_str(),
                        j.render_status,
                        j.progress * 100.0,
                        j.charge.total(),
                        date(j.created_at),
                        j.summary,
                        j.error.map(|e| format!(" — {e}")).unwrap_or_default()
                    );
                }
            }
        }
        Command::Events { follow, since } => {
            let mut since = match since {
                Some(s) => s,
                None => {
                    let last = client.events(context(), u64::MAX - 1, 0).await?.next_seq;
                    last.saturating_sub(50)
                }
            };
            loop {
                let page = client
                    .events(context(), since, if follow { 20_000 } else { 0 })
                    .await?;
                if page.gap {
                    eprintln!("(some older events were dropped)");
                }
                for e in &page.events {
                    if json {
                        println!("{}", serde_json::to_string(e).expect("events serialize"));
                    } else {
                        print_event(e);
                    }
                }
                since = page.next_seq;
                if !follow {
                    break;
                }
            }
        }
        Command::Audit => {
            let report = client.audit(context()).await??;
            if json {
                print_json(&report);
            } else {
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
            if !report.is_clean() {
                return Err(CliError::AuditFailed(report.problems.len()));
            }
        }
    }
    Ok(())
}

fn print_event(e: &EngineEvent) {
    println!(
        "{:>6} {} {:<5} {:<7} {}",
        e.seq,
        date(e.at),
        format!("{:?}", e.level).to_uppercase(),
        e.topic,
        e.message
    );
}

fn print_json<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("control records serialize")
    );
}

fn print_accounts(accounts: &[AccountView]) {
    println!(
        "{:<30} {:<20} {:<8} {:>10} {:>10} {:>5}  CREATED",
        "ID", "NAME", "PLAN", "FREE", "PAID", "KEYS"
    );
    for a in accounts {
        println!(
            "{:<30} {:<20} {:<8} {:>10} {:>10} {:>5}  {}",
            a.id,
            a.name,
            a.plan,
            a.balance.free,
            a.balance.paid,
            a.active_keys,
            date(a.created_at)
        );
    }
}

fn print_keys(keys: &[KeyView]) {
    println!(
        "{:<20} {:<20} {:<20} {:<20} STATE",
        "PREFIX", "ACCOUNT", "CREATED", "LAST USED"
    );
    for k in keys {
        println!(
            "{:<20} {:<20} {:<20} {:<20} {}",
            k.prefix,
            k.account_name,
            date(k.created_at),
            k.last_used_at.map(date).unwrap_or_else(|| "never".into()),
            if k.revoked_at.is_some() {
                "revoked"
            } else {
                "active"
            }
        );
    }
}

fn date(ms: u64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp((ms / 1000) as i64)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "?".into())
}

fn human_duration(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{}s", s / 60, s % 60),
        s if s < 86400 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        s => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(5), "5s");
        assert_eq!(human_duration(125), "2m5s");
        assert_eq!(human_duration(7300), "2h1m");
        assert_eq!(human_duration(90000), "1d1h");
        assert_eq!(date(0), "1970-01-01 00:00:00");
    }
}

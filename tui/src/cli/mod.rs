//! Operator subcommands: one control call each, printed for people or as JSON.
//! [`run`] dispatches; each group of subcommands has its own file with one
//! function per subcommand.

mod accounts;
mod events;
mod jobs;
mod keys;
mod nodes;
mod status;
mod webhooks;
mod workers;

use clap::Subcommand;
use kiln_shared::{ControlClient, ControlError};

pub use accounts::{AccountCmd, CreditsCmd};
pub use jobs::JobCmd;
pub use keys::KeyCmd;
pub use nodes::NodeCmd;
pub use webhooks::WebhookCmd;
pub use workers::WorkersCmd;

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
    /// Worker nodes on other machines: tokens, list, drain, remove.
    #[command(subcommand)]
    Node(NodeCmd),
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
        Command::Status => status::status(client, json).await,
        Command::Account(cmd) => accounts::run(client, cmd, json).await,
        Command::Key(cmd) => keys::run(client, cmd, json).await,
        Command::Credits(cmd) => accounts::credits(client, cmd, json).await,
        Command::Workers { action: None } => workers::list(client, json).await,
        Command::Workers {
            action: Some(WorkersCmd::Set { slots }),
        } => workers::set_slots(client, slots).await,
        Command::Node(cmd) => nodes::run(client, cmd, json).await,
        Command::Job(cmd) => jobs::run(client, cmd, json).await,
        Command::Webhook(cmd) => webhooks::run(client, cmd, json).await,
        Command::Intake { action } => workers::intake(client, &action).await,
        Command::Jobs { account, limit } => jobs::list(client, account, limit, json).await,
        Command::Events { follow, since } => events::print(client, follow, since, json).await,
        Command::Audit => status::audit(client, json).await,
    }
}

/// With `--json`, `value` as JSON; else `human` prints it for people.
fn emit<T: serde::Serialize>(json: bool, value: &T, human: impl FnOnce(&T)) {
    if json {
        print_json(value);
    } else {
        human(value);
    }
}

fn print_json<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("control records serialize")
    );
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a unix-ms time.
fn date(ms: u64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp((ms / 1000) as i64)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date(0), "1970-01-01 00:00:00");
    }
}

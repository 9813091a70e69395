//! `kiln webhook …`: deliveries and signing secrets.

use clap::Subcommand;
use kiln_shared::model::{DeliveryView, RotatedSecret};
use kiln_shared::ControlClient;

use super::{emit, CliError};
use crate::client::context;

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

pub async fn run(client: &ControlClient, cmd: WebhookCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        WebhookCmd::List { limit } => list(client, limit, json).await,
        WebhookCmd::Redeliver { id } => redeliver(client, id).await,
        WebhookCmd::Secret { account } => rotate_secret(client, account, json).await,
    }
}

async fn list(client: &ControlClient, limit: u32, json: bool) -> Result<(), CliError> {
    let list = client.list_deliveries(context(), limit).await??;
    emit(json, &list, |l| print_deliveries(l));
    Ok(())
}

fn print_deliveries(list: &[DeliveryView]) {
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

/// Prints the same line with or without `--json`.
async fn redeliver(client: &ControlClient, id: String) -> Result<(), CliError> {
    let d = client.redeliver(context(), id).await??;
    println!("{} queued for redelivery", d.id);
    Ok(())
}

async fn rotate_secret(
    client: &ControlClient,
    account: String,
    json: bool,
) -> Result<(), CliError> {
    let s = client.rotate_webhook_secret(context(), account).await??;
    emit(json, &s, |s: &RotatedSecret| {
        eprintln!(
            "new webhook signing secret for {} (shown once):",
            s.account_id
        );
        println!("{}", s.secret);
    });
    Ok(())
}

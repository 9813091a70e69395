//! `kiln key …`: API keys.

use clap::Subcommand;
use kiln_shared::model::{CreatedKey, KeyView};
use kiln_shared::ControlClient;

use super::{date, emit, CliError};
use crate::client::context;

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Create a key for ACCOUNT (id or name); prints the key alone on stdout.
    Create { account: String },
    /// List keys (prefix, created, last used), of one account or all.
    List { account: Option<String> },
    /// Revoke the key whose prefix starts with PREFIX.
    Revoke { prefix: String },
}

pub async fn run(client: &ControlClient, cmd: KeyCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        KeyCmd::Create { account } => create(client, account, json).await,
        KeyCmd::List { account } => list(client, account, json).await,
        KeyCmd::Revoke { prefix } => revoke(client, prefix, json).await,
    }
}

async fn create(client: &ControlClient, account: String, json: bool) -> Result<(), CliError> {
    let created = client.create_key(context(), account).await??;
    emit(json, &created, |c: &CreatedKey| {
        eprintln!("created key {} for {}:", c.key.prefix, c.key.account_name);
        println!("{}", c.secret);
    });
    Ok(())
}

async fn list(client: &ControlClient, account: Option<String>, json: bool) -> Result<(), CliError> {
    let keys = client.list_keys(context(), account).await??;
    emit(json, &keys, |k| print_keys(k));
    Ok(())
}

async fn revoke(client: &ControlClient, prefix: String, json: bool) -> Result<(), CliError> {
    let key = client.revoke_key(context(), prefix).await??;
    emit(json, &key, |k| {
        println!("revoked {} ({})", k.prefix, k.account_name)
    });
    Ok(())
}

pub(super) fn print_keys(keys: &[KeyView]) {
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

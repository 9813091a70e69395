//! `kiln account …` and `kiln credits …`.

use clap::Subcommand;
use kiln_shared::model::{AccountDetail, AccountView, Bucket, CreateAccount, CreatedAccount};
use kiln_shared::ControlClient;

use super::keys::print_keys;
use super::{date, emit, CliError};
use crate::client::context;
use crate::text::{balance_line, usage_line};

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
pub enum CreditsCmd {
    /// Grant XECONDS to ACCOUNT (id or name), free unless --paid.
    Grant {
        account: String,
        xeconds: u64,
        #[arg(long)]
        paid: bool,
    },
}

pub async fn run(client: &ControlClient, cmd: AccountCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        AccountCmd::Create {
            name,
            xeconds,
            plan,
        } => {
            let req = CreateAccount {
                name,
                plan,
                free_xeconds: xeconds,
            };
            create(client, req, json).await
        }
        AccountCmd::List => list(client, json).await,
        AccountCmd::Show { account } => show(client, account, json).await,
    }
}

async fn create(client: &ControlClient, req: CreateAccount, json: bool) -> Result<(), CliError> {
    let created = client.create_account(context(), req).await??;
    emit(json, &created, |c: &CreatedAccount| {
        eprintln!(
            "created account {} ({}) with {} free xeconds; its API key:",
            c.account.name, c.account.id, c.account.balance.free
        );
        println!("{}", c.key.secret);
    });
    Ok(())
}

async fn list(client: &ControlClient, json: bool) -> Result<(), CliError> {
    let accounts = client.list_accounts(context()).await??;
    emit(json, &accounts, |a| print_accounts(a));
    Ok(())
}

async fn show(client: &ControlClient, account: String, json: bool) -> Result<(), CliError> {
    let d = client.account_detail(context(), account).await??;
    emit(json, &d, print_account_detail);
    Ok(())
}

fn print_account_detail(d: &AccountDetail) {
    let a = &d.account;
    println!("{} ({})  plan {}", a.name, a.id, a.plan);
    println!(
        "balance   free {} + paid {} = {} xeconds",
        a.balance.free,
        a.balance.paid,
        a.balance.total()
    );
    println!("usage     {}", usage_line(&d.usage));
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

pub async fn credits(client: &ControlClient, cmd: CreditsCmd, json: bool) -> Result<(), CliError> {
    let CreditsCmd::Grant {
        account,
        xeconds,
        paid,
    } = cmd;
    let bucket = if paid { Bucket::Paid } else { Bucket::Free };
    let a = client
        .grant_credits(context(), account, xeconds, bucket)
        .await??;
    emit(json, &a, |a| println!("{}", balance_line(a)));
    Ok(())
}

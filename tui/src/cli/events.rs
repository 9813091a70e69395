//! `kiln events [--follow] [--since N]`: the engine's event stream.

use kiln_shared::model::EngineEvent;
use kiln_shared::ControlClient;

use super::{date, CliError};
use crate::client::context;

/// Events printed when no `--since` is given.
const BACKLOG: u64 = 50;
/// How long one `--follow` poll waits for a new event.
const FOLLOW_WAIT_MS: u64 = 20_000;

/// Print events after `since` (default: the last [`BACKLOG`]); with
/// `follow`, keep polling. With `json`, one JSON object a line.
pub async fn print(
    client: &ControlClient,
    follow: bool,
    since: Option<u64>,
    json: bool,
) -> Result<(), CliError> {
    let mut since = match since {
        Some(s) => s,
        None => {
            let last = client.events(context(), u64::MAX - 1, 0).await?.next_seq;
            last.saturating_sub(BACKLOG)
        }
    };
    loop {
        let wait = if follow { FOLLOW_WAIT_MS } else { 0 };
        let page = client.events(context(), since, wait).await?;
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
            return Ok(());
        }
    }
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

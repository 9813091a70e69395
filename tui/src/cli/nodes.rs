//! `kiln node …`: worker nodes and their tokens.

use clap::Subcommand;
use kiln_shared::model::{CreatedNodeToken, NodeView};
use kiln_shared::ControlClient;

use super::{date, emit, CliError};
use crate::client::context;

#[derive(Subcommand)]
pub enum NodeCmd {
    /// Node tokens: create (shown once), revoke.
    #[command(subcommand)]
    Token(NodeTokenCmd),
    /// Nodes: name, address, version, labels, heartbeat age, state.
    List,
    /// Give NODE (id or name) no new work; `--undo` lets it take work again.
    Drain {
        node: String,
        #[arg(long)]
        undo: bool,
    },
    /// Forget NODE (id or name) and its token.
    Remove { node: String },
}

#[derive(Subcommand)]
pub enum NodeTokenCmd {
    /// Create a node token; prints the token alone on stdout.
    Create {
        #[arg(long)]
        name: Option<String>,
    },
    /// Revoke the token of NODE (id or name).
    Revoke { node: String },
}

pub async fn run(client: &ControlClient, cmd: NodeCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        NodeCmd::Token(NodeTokenCmd::Create { name }) => {
            let created = client.create_node_token(context(), name).await??;
            emit(json, &created, |c: &CreatedNodeToken| {
                eprintln!("created token for node {} ({}):", c.node.name, c.node.id);
                println!("{}", c.token);
            });
        }
        NodeCmd::Token(NodeTokenCmd::Revoke { node }) => {
            let node = client.revoke_node_token(context(), node).await??;
            emit(json, &node, |n| {
                println!("revoked the token of node {}", n.name)
            });
        }
        NodeCmd::List => {
            let nodes = client.list_nodes(context()).await??;
            emit(json, &nodes, |n| print_nodes(n, kiln_now_ms()));
        }
        NodeCmd::Drain { node, undo } => {
            let node = client.set_node_draining(context(), node, !undo).await??;
            emit(json, &node, |n| {
                println!(
                    "node {} {}",
                    n.name,
                    if n.draining { "draining" } else { "takes work" }
                )
            });
        }
        NodeCmd::Remove { node } => {
            let node = client.remove_node(context(), node).await??;
            emit(json, &node, |n| println!("removed node {}", n.name));
        }
    }
    Ok(())
}

fn kiln_now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn state(n: &NodeView) -> &'static str {
    if n.revoked_at.is_some() {
        "revoked"
    } else if n.draining {
        "draining"
    } else if n.last_seen_at.is_none() {
        "never seen"
    } else {
        "active"
    }
}

fn print_nodes(nodes: &[NodeView], now: u64) {
    println!(
        "{:<16} {:<22} {:<10} {:>4} {:>5} {:<12} {:>9} {:<10} CREATED",
        "NAME", "ADDRESS", "VERSION", "CPUS", "JOBS", "RUNS", "HEARTBEAT", "STATE"
    );
    let dash = || "-".to_string();
    for n in nodes {
        println!(
            "{:<16} {:<22} {:<10} {:>4} {:>5} {:<12} {:>9} {:<10} {}",
            n.name,
            n.address.clone().unwrap_or_else(dash),
            n.version.clone().unwrap_or_else(dash),
            n.cpus.map(|c| c.to_string()).unwrap_or_else(dash),
            n.max_jobs
                .map(|c| format!("{}/{c}", n.jobs.len()))
                .unwrap_or_else(dash),
            if n.runs.is_empty() {
                dash()
            } else {
                n.runs.join(",")
            },
            n.last_seen_at
                .map(|t| format!("{}s ago", now.saturating_sub(t) / 1000))
                .unwrap_or_else(dash),
            state(n),
            date(n.created_at)
        );
    }
}

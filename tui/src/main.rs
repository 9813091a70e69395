//! `kiln`: the operator's tool for a running kilnd. With a subcommand it runs
//! one control call; with none it opens the live console.

mod app;
mod cli;
mod client;
mod console;
mod procfs;
mod term;
mod text;
mod ui;

use std::io::IsTerminal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

#[derive(Parser)]
#[command(
    name = "kiln",
    version,
    about = "Operate a kiln daemon over its control socket"
)]
struct Args {
    /// kilnd's control socket (default: data/control.sock).
    #[arg(long, global = true, env = kiln_shared::SOCKET_ENV)]
    socket: Option<PathBuf>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<cli::Command>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(command) = args.command else {
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            // Scripts and pipes get the help, as before the console existed.
            let _ = Args::command().print_help();
            return ExitCode::SUCCESS;
        }
        return match console::run(client::socket_path(args.socket)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kiln: {e}");
                ExitCode::FAILURE
            }
        };
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kiln: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let socket = client::socket_path(args.socket);
    let result = runtime.block_on(async {
        let client = client::connect(&socket).await?;
        cli::run(&client, command, args.json).await?;
        anyhow::Ok(())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiln: {e}");
            ExitCode::FAILURE
        }
    }
}

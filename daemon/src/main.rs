//! `kilnd`: serve, check-config.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use kilnd::config::{Config, Overrides};

#[derive(Parser)]
#[command(
    name = "kilnd",
    version,
    about = "kiln daemon: media jobs over REST, operated over a control socket"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the daemon in the foreground.
    Serve(ConfigArgs),
    /// Validate the configuration and print the effective settings as TOML.
    CheckConfig(ConfigArgs),
    /// Copy a running daemon's store (consistently) and blobs into DIR.
    ///
    /// With `storage.backend = "s3"` only the store (the records) is copied:
    /// the objects stay in the bucket, whose own durability keeps them.
    Backup {
        dir: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Restore a backup into the data directory (kilnd must be stopped).
    Restore {
        dir: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
        /// Replace an existing store (it is kept beside, renamed).
        #[arg(long)]
        force: bool,
    },
    /// A worker process. Without `--join`: the one `kilnd serve` starts (it
    /// speaks JSON lines on stdin/stdout). With `--join URL --token TOKEN`: a
    /// worker node on another machine that registers with that daemon.
    Worker(WorkerArgs),
}

#[derive(Args)]
struct WorkerArgs {
    /// Join the daemon at this URL as a worker node (http:// or https://).
    #[arg(long, requires = "token")]
    join: Option<String>,
    /// The node token from `kiln node token create` (also KILN_NODE_TOKEN).
    #[arg(long, env = "KILN_NODE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Jobs this node runs at once.
    #[arg(long, default_value_t = 1)]
    max_jobs: u32,
    /// Seconds between heartbeats.
    #[arg(long, default_value_t = 5)]
    heartbeat_secs: u64,
    /// What this node calls itself in `kiln node list` (default: the host name).
    #[arg(long)]
    address: Option<String>,
    /// Where leased jobs' files are kept while they run (in `kiln-node/tmp`).
    #[arg(long, default_value = ".")]
    work_dir: PathBuf,
    /// Address-space limit of each worker process, in MiB.
    #[arg(long, default_value_t = 4096)]
    memory_mb: u64,
    /// The job kinds this node takes.
    #[arg(long, value_delimiter = ',', value_parser = ["render", "file"], default_value = "render,file")]
    runs: Vec<String>,
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

#[derive(Args)]
struct ConfigArgs {
    /// TOML config file (also KILN_CONFIG).
    #[arg(long, env = "KILN_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory (store, blobs, control socket).
    #[arg(long)]
    data: Option<PathBuf>,
    /// HTTP listen address, e.g. 127.0.0.1:8080.
    #[arg(long)]
    listen: Option<String>,
    /// Log format: human or json.
    #[arg(long)]
    log_format: Option<String>,
}

impl ConfigArgs {
    fn load_config(&self) -> Result<kilnd::config::Loaded, kilnd::config::ConfigError> {
        let overrides = Overrides {
            data_dir: self.data.clone(),
            listen: self.listen.clone(),
            log_format: self.log_format.clone(),
        };
        Config::load(self.config.as_deref(), std::env::vars(), &overrides)
    }

    fn load(&self) -> anyhow::Result<kilnd::config::Loaded> {
        Ok(self.load_config()?)
    }
}

/// Replace this process with a fresh `kilnd` (same arguments, environment
/// and pid, so systemd keeps following it); returns only when that failed.
fn restart_in_place() -> anyhow::Error {
    use std::os::unix::process::CommandExt;
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return anyhow::Error::new(e).context("finding kilnd to restart"),
    };
    tracing::info!("restarting in place");
    let e = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .exec();
    anyhow::Error::new(e).context("restarting kilnd")
}

fn main() -> anyhow::Result<()> {
    kilnd::heap::bound_arenas();
    kilnd::media::ops::avif::enable();
    let cli = Cli::parse();
    match cli.command {
        Command::CheckConfig(args) => {
            let loaded = args.load()?;
            for note in &loaded.notes {
                eprintln!("# {note}");
            }
            print!("{}", loaded.config.to_toml());
            Ok(())
        }
        Command::Backup { dir, config } => {
            let loaded = config.load()?;
            let dir = std::path::absolute(&dir).context("resolving the backup directory")?;
            let socket = loaded.config.control.socket.clone();
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let report = runtime.block_on(async {
                let client = kilnd::control::connect(&socket).await.with_context(|| {
                    format!(
                        "is kilnd running? no control socket at {}",
                        socket.display()
                    )
                })?;
                let mut ctx = tarpc::context::current();
                ctx.deadline = std::time::Instant::now() + std::time::Duration::from_secs(3600);
                anyhow::Ok(client.backup(ctx, dir.display().to_string()).await??)
            })?;
            println!(
                "backup in {}: {} records in {} trees, {} blobs ({} bytes)",
                report.dir, report.records, report.trees, report.blobs, report.blob_bytes
            );
            Ok(())
        }
        Command::Restore { dir, config, force } => {
            let loaded = config.load()?;
            kilnd::store::restore::restore(&dir, &loaded.config.data_dir, force)?;
            println!(
                "restored {} into {}",
                dir.display(),
                loaded.config.data_dir.display()
            );
            Ok(())
        }
        Command::Worker(WorkerArgs {
            join: Some(url),
            token,
            max_jobs,
            heartbeat_secs,
            address,
            work_dir,
            memory_mb,
            runs,
        }) => {
            kilnd::logging::init("info", "human");
            let options = kilnd::node::JoinOptions {
                url,
                token: token.context("--join needs --token (or KILN_NODE_TOKEN)")?,
                max_jobs: max_jobs.clamp(1, 256),
                heartbeat: std::time::Duration::from_secs(heartbeat_secs.clamp(1, 3600)),
                address: address.unwrap_or_else(host_name),
                work_dir,
                memory_mb: memory_mb.max(256),
                runs,
            };
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(kilnd::node::join(options))
        }
        Command::Worker(_) => {
            kilnd::logging::init("warn", "human");
            kilnd::worker::main()?;
            Ok(())
        }
        Command::Serve(args) => {
            let loaded = args.load()?;
            kilnd::logging::init(&loaded.config.log.level, &loaded.config.log.format);
            for note in &loaded.notes {
                tracing::info!("{note}");
            }
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let reload: kilnd::serve::Reloader = Box::new(move || Ok(args.load_config()?.config));
            let exit = runtime.block_on(kilnd::serve::run(loaded.config, reload))?;
            if exit == kilnd::serve::Exit::Restart {
                runtime.shutdown_timeout(std::time::Duration::from_secs(5));
                return Err(restart_in_place());
            }
            Ok(())
        }
    }
}

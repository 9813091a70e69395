//! Settings: embedded defaults, then an optional TOML file, then `KILN_*`
//! environment variables, then command-line flags. Every setting has a
//! working default so `kilnd serve` runs with no file at all.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid TOML: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the store (`db/`), blobs (`blobs/`) and the control socket live.
    pub data_dir: PathBuf,
    pub http: HttpConfig,
    pub control: ControlConfig,
    pub log: LogConfig,
    pub accounts: AccountsConfig,
    /// Plans by name; an account's plan must be one of these.
    pub plans: BTreeMap<String, PlanConfig>,
    pub workers: WorkersConfig,
    pub retention: RetentionConfig,
    pub render: RenderConfig,
    pub pricing: PricingConfig,
    pub files: FilesConfig,
    pub webhooks: WebhooksConfig,
    pub metrics: MetricsConfig,
    pub disk: DiskConfig,
    pub store: StoreConfig,
    pub storage: StorageConfig,
    pub nodes: NodesConfig,
}

/// Worker nodes on other machines (`kilnd worker --join`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NodesConfig {
    /// A leased job whose node sends no heartbeat for this long goes back
    /// to the queue (nodes beat at a third of it).
    pub lease_ttl_secs: u64,
    /// How long a node's request for work waits for one.
    pub poll_wait_secs: u64,
}

/// Where blobs (uploads, outputs) are kept.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StorageConfig {
    /// `local` (files under `DATA/blobs`) or `s3` (any S3-compatible
    /// bucket, with `DATA/blobs` as a bounded local cache).
    pub backend: StorageBackend,
    /// The S3 endpoint, e.g. `https://s3.eu-west-1.amazonaws.com` or
    /// `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    /// Address the bucket in the path (`endpoint/bucket/key`) rather than
    /// in the host name (`bucket.endpoint/key`); most self-hosted servers
    /// want `true`.
    pub path_style: bool,
    /// Key prefix for every object kiln writes (e.g. `kiln/`); empty: none.
    pub prefix: String,
    /// A file with `access_key_id = …` and `secret_access_key = …` lines,
    /// readable by kilnd's user only; empty: `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY` from the environment.
    pub credentials_file: PathBuf,
    /// Size the local cache of the bucket is kept under, in MB.
    pub cache_mb: u64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    Local,
    S3,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// Memory the database may keep its pages in, in MB (its files on disk
    /// are not limited by this).
    pub cache_mb: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskConfig {
    /// Free space below which new uploads and jobs are refused (507), in MB;
    /// 0: the larger of 1 GiB and 5 % of the filesystem (at most a tenth).
    pub reserve_mb: u64,
    /// A file kept in the data dir and deleted when kilnd cannot start or
    /// stop for lack of space, so it always can; 0: none.
    pub ballast_mb: u64,
    /// How often free space is looked at.
    pub check_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve `GET /metrics` at all.
    pub enabled: bool,
    /// Its own listener (e.g. "127.0.0.1:9464"); empty: on the main listener.
    pub listen: String,
    /// When set, scrapes must send `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// Deliver to loopback, private and link-local addresses (tests, LANs).
    pub allow_private: bool,
    /// One attempt may take this long.
    pub timeout_secs: u64,
    /// Waits before each retry; one retry per entry (default: 3 retries).
    pub backoff_secs: Vec<u64>,
    /// Bytes of a receiver's response body read (and kept for the operator).
    pub max_response_bytes: usize,
    /// A rotated-out secret keeps signing for this long.
    pub secret_grace_hours: u64,
    /// Deliveries sent at once.
    pub concurrency: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    /// Longest `?wait=true` long-poll, in seconds.
    pub wait_secs: u64,
    /// How long a file-automation upload URL works.
    pub upload_url_ttl_secs: u64,
    /// Price of a succeeded command job, in millionths of a dollar.
    pub price_per_job_micros: u64,
    /// Price of each pipeline step of a multi-step job, in millionths of a dollar.
    pub price_per_step_micros: u64,
    /// Largest picture side a file job may read or make.
    pub max_dimension: u32,
    /// Longest clip a file job may read.
    pub max_duration_secs: u64,
    /// Largest allocation a still-image decoder may make.
    pub max_image_alloc_mb: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingConfig {
    /// Render bands by highest target fps: charged = ceil(seconds) × multiplier.
    pub bands: Vec<kiln_shared::pricing::Band>,
    /// Packs of paid xeconds shown by `GET /pricing/config`.
    pub packs: Vec<kiln_shared::pricing::Pack>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkersConfig {
    /// Worker slots (jobs running at once); 0 means one per CPU.
    pub max: u32,
    /// A warm worker with nothing to do is stopped after this many seconds.
    pub idle_secs: u64,
    /// A job still running after this many seconds is killed and fails.
    pub job_timeout_secs: u64,
    /// Address-space limit of each worker process, in MiB.
    pub memory_mb: u64,
    /// Runs a job gets when the daemon is interrupted under it.
    pub max_attempts: u32,
    /// Seconds a probe of an uploaded file may take.
    pub probe_timeout_secs: u64,
    /// On SIGTERM, running jobs get this long to finish before they are
    /// stopped and queued again for the next start.
    pub drain_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    /// Inputs and outputs are deleted this many hours after they are stored.
    pub hours: f64,
    /// How often the sweeper looks for expired files.
    pub sweep_secs: u64,
    /// Settled jobs, finished webhook deliveries and the records of deleted
    /// files are removed this many days after they ended (the ledger and the
    /// monthly usage are kept); 0 keeps them for ever.
    pub records_days: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderConfig {
    /// Largest upload accepted (413 above).
    pub max_upload_mb: u64,
    /// Longest clip accepted (413 above).
    pub max_duration_secs: u64,
    /// Largest frame accepted, in pixels per side.
    pub max_dimension: u32,
    /// How long a presigned upload URL works.
    pub upload_url_ttl_secs: u64,
    /// How long a download URL works.
    pub download_url_ttl_secs: u64,
    /// How long an upload request may take.
    pub upload_timeout_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Address to listen on; port 0 picks a free port (written to `DATA/http.addr`).
    pub listen: String,
    /// Base URL clients use to reach this daemon, for signed links.
    /// Empty means `http://<bound address>`.
    pub public_url: String,
    /// Largest request body accepted on JSON endpoints.
    pub max_body_bytes: usize,
    /// A request that has not completed within this many seconds gets 408.
    pub request_timeout_secs: u64,
    /// How long in-flight requests get to finish on shutdown.
    pub shutdown_grace_secs: u64,
    /// A client gets this long to send a whole request head (slow-loris
    /// guard); also how long an idle keep-alive connection stays open.
    pub header_timeout_secs: u64,
    /// Open connections at once, over all clients.
    pub max_connections: usize,
    /// Open connections at once from one IP address (behind a reverse proxy
    /// every client shares the proxy's address: raise it there).
    pub max_connections_per_ip: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlConfig {
    /// Unix socket for the control channel; empty means `DATA/control.sock`.
    pub socket: PathBuf,
    /// Octal permission bits of the socket.
    pub socket_mode: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// A tracing filter (`info`, `kilnd=debug,tower_http=info`); `RUST_LOG` wins when set.
    pub level: String,
    /// `human` or `json`.
    pub format: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsConfig {
    pub default_plan: String,
    /// Free xeconds granted to a new account unless the operator says otherwise.
    pub initial_free_xeconds: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    pub max_file_mb: u64,
    pub max_files_per_job: u32,
    pub max_pipeline_steps: u32,
    /// Jobs per calendar month; 0 means unlimited.
    pub monthly_jobs: u64,
    /// File-automation API requests per second per key (sustained).
    pub rate_per_sec: u32,
    /// Requests a key may make at once before the rate applies.
    pub burst: u32,
    /// Jobs an account may have waiting for a worker; more are refused
    /// with 429 (`queue_full`) until some start.
    #[serde(default = "default_max_queued_jobs")]
    pub max_queued_jobs: u32,
}

fn default_max_queued_jobs() -> u32 {
    100
}

impl Default for Config {
    fn default() -> Self {
        let mut plans = BTreeMap::new();
        plans.insert(
            "free".to_string(),
            PlanConfig {
                max_file_mb: 50,
                max_files_per_job: 5,
                max_pipeline_steps: 5,
                monthly_jobs: 200,
                rate_per_sec: 10,
                burst: 20,
                max_queued_jobs: 100,
            },
        );
        plans.insert(
            "pro".to_string(),
            PlanConfig {
                max_file_mb: 250,
                max_files_per_job: 20,
                max_pipeline_steps: 10,
                monthly_jobs: 0,
                rate_per_sec: 10,
                burst: 20,
                max_queued_jobs: 1000,
            },
        );
        Config {
            data_dir: PathBuf::from("./data"),
            http: HttpConfig {
                listen: "127.0.0.1:8080".into(),
                public_url: String::new(),
                max_body_bytes: 1024 * 1024,
                request_timeout_secs: 60,
                shutdown_grace_secs: 20,
                header_timeout_secs: 10,
                max_connections: 4096,
                max_connections_per_ip: 512,
            },
            control: ControlConfig {
                socket: PathBuf::new(),
                socket_mode: "0660".into(),
            },
            log: LogConfig {
                level: "info".into(),
                format: "human".into(),
            },
            accounts: AccountsConfig {
                default_plan: "free".into(),
                initial_free_xeconds: 60,
            },
            plans,
            workers: WorkersConfig {
                max: 0,
                idle_secs: 60,
                job_timeout_secs: 1800,
                memory_mb: 4096,
                max_attempts: 3,
                probe_timeout_secs: 30,
                drain_secs: 60,
            },
            retention: RetentionConfig {
                hours: 24.0,
                sweep_secs: 60,
                records_days: 90.0,
            },
            store: StoreConfig { cache_mb: 64 },
            nodes: NodesConfig {
                lease_ttl_secs: 30,
                poll_wait_secs: 20,
            },
            storage: StorageConfig {
                backend: StorageBackend::Local,
                endpoint: String::new(),
                region: "us-east-1".into(),
                bucket: String::new(),
                path_style: false,
                prefix: String::new(),
                credentials_file: PathBuf::new(),
                cache_mb: 10 * 1024,
            },
            disk: DiskConfig {
                reserve_mb: 0,
                ballast_mb: 64,
                check_secs: 2,
            },
            metrics: MetricsConfig {
                enabled: true,
                listen: String::new(),
                token: String::new(),
            },
            webhooks: WebhooksConfig {
                allow_private: false,
                timeout_secs: 10,
                backoff_secs: vec![1, 5, 5],
                max_response_bytes: 4096,
                secret_grace_hours: 24,
                concurrency: 8,
            },
            files: FilesConfig {
                wait_secs: 25,
                upload_url_ttl_secs: 1800,
                price_per_job_micros: 50_000,
                price_per_step_micros: 50_000,
                max_dimension: 16384,
                max_duration_secs: 3600,
                max_image_alloc_mb: 1024,
            },
            pricing: PricingConfig {
                bands: kiln_shared::pricing::default_bands(),
                packs: kiln_shared::pricing::default_packs(),
            },
            render: RenderConfig {
                max_upload_mb: 250,
                max_duration_secs: 120,
                max_dimension: 4096,
                upload_url_ttl_secs: 3600,
                download_url_ttl_secs: 3600,
                upload_timeout_secs: 900,
            },
        }
    }
}

impl StorageConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.backend == StorageBackend::Local {
            return Ok(());
        }
        let bad = |m: &str| Err(ConfigError::Invalid(format!("storage: {m}")));
        let endpoint = &self.endpoint;
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return bad("endpoint must be an http:// or https:// URL when backend = \"s3\"");
        }
        if self.bucket.is_empty() {
            return bad("bucket must be set when backend = \"s3\"");
        }
        if self.region.is_empty() {
            return bad("region must be set when backend = \"s3\"");
        }
        if self.prefix.starts_with('/') || self.prefix.contains("//") {
            return bad("prefix must not start with / or contain //");
        }
        if self.cache_mb < 64 {
            return bad("cache_mb must be at least 64");
        }
        Ok(())
    }

    /// The credentials file, when one is configured.
    pub fn credentials_file(&self) -> Option<&Path> {
        (!self.credentials_file.as_os_str().is_empty()).then_some(self.credentials_file.as_path())
    }
}

/// Command-line values that override everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub listen: Option<String>,
    pub log_format: Option<String>,
}

/// Short environment names for the settings operators change most.
const ENV_ALIASES: &[(&str, &str)] = &[
    ("KILN_DATA", "data_dir"),
    ("KILN_LISTEN", "http.listen"),
    ("KILN_SOCKET", "control.socket"),
    ("KILN_LOG", "log.level"),
];

/// The result of loading: the config plus notes worth logging once logging is up.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub notes: Vec<String>,
}

impl Config {
    /// Defaults, then `file`, then the given environment, then `overrides`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        overrides: &Overrides,
    ) -> Result<Loaded, ConfigError> {
        let mut notes = Vec::new();
        let mut value = toml::Value::try_from(Config::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let from_file: toml::Value =
                toml::from_str(&text).map_err(|source| ConfigError::Parse {
                    path: path.to_path_buf(),
                    source: Box::new(source),
                })?;
            merge(&mut value, from_file);
            notes.push(format!("config file {}", path.display()));
        }
        for (name, raw) in env {
            if !name.starts_with("KILN_") || name == "KILN_CONFIG" {
                continue;
            }
            let path = match ENV_ALIASES.iter().find(|(alias, _)| *alias == name) {
                Some((_, path)) => path.to_string(),
                None => name["KILN_".len()..].to_lowercase().replace("__", "."),
            };
            match set_path(&mut value, &path, &raw) {
                Some(Ok(())) => notes.push(format!("{name} sets {path}")),
                Some(Err(expected)) => {
                    return Err(ConfigError::Invalid(format!(
                        "{name}={raw:?}: {path} must be {expected}"
                    )))
                }
                None => notes.push(format!("{name} names no setting; ignored")),
            }
        }
        let mut config: Config = value
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string().trim().to_string()))?;
        if let Some(dir) = &overrides.data_dir {
            config.data_dir = dir.clone();
        }
        if let Some(listen) = &overrides.listen {
            config.http.listen = listen.clone();
        }
        if let Some(format) = &overrides.log_format {
            config.log.format = format.clone();
        }
        // Workers run in their own directory: every path they are given is absolute.
        if let Ok(abs) = std::path::absolute(&config.data_dir) {
            config.data_dir = abs;
        }
        if config.control.socket.as_os_str().is_empty() {
            config.control.socket = config.data_dir.join(kiln_shared::SOCKET_FILE);
        }
        config.validate()?;
        Ok(Loaded { config, notes })
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        if self.data_dir.as_os_str().is_empty() {
            return bad("data_dir must not be empty".into());
        }
        if self.http.listen.parse::<SocketAddr>().is_err() {
            return bad(format!(
                "http.listen {:?} is not an address like 127.0.0.1:8080",
                self.http.listen
            ));
        }
        let url = &self.http.public_url;
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return bad("http.public_url must start with http:// or https://".into());
        }
        if self.http.max_body_bytes < 1024 {
            return bad("http.max_body_bytes must be at least 1024".into());
        }
        if self.http.header_timeout_secs == 0 {
            return bad("http.header_timeout_secs must be at least 1".into());
        }
        if self.http.max_connections == 0 || self.http.max_connections_per_ip == 0 {
            return bad(
                "http.max_connections and http.max_connections_per_ip must be at least 1".into(),
            );
        }
        if self.http.request_timeout_secs == 0 {
            return bad("http.request_timeout_secs must be at least 1".into());
        }
        self.socket_mode()?;
        if !matches!(self.log.format.as_str(), "human" | "json") {
            return bad(format!(
                "log.format {:?} must be \"human\" or \"json\"",
                self.log.format
            ));
        }
        if self.workers.memory_mb < 256 {
            return bad("workers.memory_mb must be at least 256".into());
        }
        if self.workers.max_attempts == 0 {
            return bad("workers.max_attempts must be at least 1".into());
        }
        if self.workers.job_timeout_secs == 0 || self.workers.probe_timeout_secs == 0 {
            return bad("workers timeouts must be at least 1 second".into());
        }
        if !(self.retention.hours.is_finite() && self.retention.hours > 0.0) {
            return bad("retention.hours must be a positive number".into());
        }
        if !(self.retention.records_days.is_finite() && self.retention.records_days >= 0.0) {
            return bad("retention.records_days must be 0 (keep) or a positive number".into());
        }
        if self.store.cache_mb < 4 {
            return bad("store.cache_mb must be at least 4".into());
        }
        self.storage.validate()?;
        if self.nodes.lease_ttl_secs == 0 || self.nodes.poll_wait_secs == 0 {
            return bad("nodes.lease_ttl_secs and nodes.poll_wait_secs must be at least 1".into());
        }
        if self.disk.check_secs == 0 {
            return bad("disk.check_secs must be at least 1".into());
        }
        if self.retention.sweep_secs == 0 {
            return bad("retention.sweep_secs must be at least 1".into());
        }
        if self.render.max_upload_mb == 0 || self.render.max_duration_secs == 0 {
            return bad("render limits must be positive".into());
        }
        let bands = &self.pricing.bands;
        if bands.is_empty()
            || bands.windows(2).any(|w| w[0].max_fps >= w[1].max_fps)
            || bands.iter().any(|b| b.multiplier == 0)
            || bands
                .last()
                .is_some_and(|b| b.max_fps < kiln_shared::pricing::MAX_TARGET_FPS)
        {
            return bad(format!(
                "pricing.bands must be in increasing max_fps order, reach {} fps, with positive multipliers",
                kiln_shared::pricing::MAX_TARGET_FPS
            ));
        }
        if let Some((name, _)) = self
            .plans
            .iter()
            .find(|(_, p)| p.rate_per_sec == 0 || p.burst == 0)
        {
            return bad(format!(
                "plans.{name}: rate_per_sec and burst must be at least 1"
            ));
        }
        if !self.metrics.listen.is_empty() && self.metrics.listen.parse::<SocketAddr>().is_err() {
            return bad(format!(
                "metrics.listen {:?} is not an address",
                self.metrics.listen
            ));
        }
        if self.webhooks.timeout_secs == 0 || self.webhooks.concurrency == 0 {
            return bad("webhooks.timeout_secs and webhooks.concurrency must be at least 1".into());
        }
        if self.files.wait_secs > 300 {
            return bad("files.wait_secs must be at most 300".into());
        }
        if self.plans.is_empty() {
            return bad("at least one plan must be configured".into());
        }
        if !self.plans.contains_key(&self.accounts.default_plan) {
            return bad(format!(
                "accounts.default_plan {:?} is not one of the plans ({})",
                self.accounts.default_plan,
                self.plan_names().join(", ")
            ));
        }
        Ok(())
    }

    pub fn socket_mode(&self) -> Result<u32, ConfigError> {
        u32::from_str_radix(self.control.socket_mode.trim_start_matches("0o"), 8)
            .ok()
            .filter(|m| *m <= 0o777)
            .ok_or_else(|| {
                ConfigError::Invalid(format!(
                    "control.socket_mode {:?} is not an octal mode like \"0660\"",
                    self.control.socket_mode
                ))
            })
    }

    pub fn plan_names(&self) -> Vec<String> {
        self.plans.keys().cloned().collect()
    }

    pub fn listen_addr(&self) -> SocketAddr {
        self.http
            .listen
            .parse()
            .expect("http.listen is validated on load")
    }

    /// Worker slots after resolving 0 to the CPU count.
    pub fn worker_slots(&self) -> u32 {
        if self.workers.max == 0 {
            num_cpus::get() as u32
        } else {
            self.workers.max
        }
    }

    /// How long stored files are kept, in milliseconds.
    pub fn retention_ms(&self) -> u64 {
        (self.retention.hours * 3_600_000.0) as u64
    }

    /// How long settled records are kept, if they are not kept for ever.
    pub fn records_kept(&self) -> Option<std::time::Duration> {
        (self.retention.records_days > 0.0)
            .then(|| std::time::Duration::from_secs_f64(self.retention.records_days * 86_400.0))
    }

    /// How the store is opened.
    pub fn store_options(&self) -> crate::store::StoreOptions {
        crate::store::StoreOptions {
            cache_bytes: self.store.cache_mb << 20,
        }
    }

    pub fn db_dir(&self) -> PathBuf {
        self.data_dir.join("db")
    }

    pub fn blobs_dir(&self) -> PathBuf {
        self.data_dir.join("blobs")
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render: {e}"))
    }
}

fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(base), toml::Value::Table(over)) => {
            for (k, v) in over {
                match base.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        base.insert(k, v);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

/// Set a dotted path that already exists in `value` from an environment string,
/// keeping the existing value's type. `None` when no such setting exists;
/// `Some(Err(expected))` when the string does not fit the setting's type.
fn set_path(value: &mut toml::Value, path: &str, raw: &str) -> Option<Result<(), &'static str>> {
    let mut cur = value;
    for part in path.split('.') {
        cur = cur.get_mut(part)?;
    }
    let new = match cur {
        toml::Value::Integer(_) => match raw.parse() {
            Ok(n) => toml::Value::Integer(n),
            Err(_) => return Some(Err("an integer")),
        },
        toml::Value::Float(_) => match raw.parse() {
            Ok(n) => toml::Value::Float(n),
            Err(_) => return Some(Err("a number")),
        },
        toml::Value::Boolean(_) => match raw {
            "1" | "true" | "yes" | "on" => toml::Value::Boolean(true),
            "0" | "false" | "no" | "off" => toml::Value::Boolean(false),
            _ => return Some(Err("true or false")),
        },
        toml::Value::Table(_) | toml::Value::Array(_) => {
            return Some(Err("set in the config file"))
        }
        _ => toml::Value::String(raw.to_string()),
    };
    *cur = new;
    Some(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_work_with_no_file() {
        let c = Config::load(None, env(&[]), &Overrides::default())
            .unwrap()
            .config;
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(c.data_dir, cwd.join("data"));
        assert_eq!(c.http.listen, "127.0.0.1:8080");
        assert_eq!(c.control.socket, cwd.join("data/control.sock"));
        assert_eq!(c.socket_mode().unwrap(), 0o660);
    }

    #[test]
    fn file_then_env_then_flags() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kilnd.toml");
        std::fs::write(
            &file,
            "data_dir = \"/srv/kiln\"\n[http]\nlisten = \"0.0.0.0:9000\"\nrequest_timeout_secs = 5\n",
        )
        .unwrap();
        let loaded = Config::load(
            Some(&file),
            env(&[
                ("KILN_HTTP__REQUEST_TIMEOUT_SECS", "7"),
                ("KILN_LISTEN", "127.0.0.1:9001"),
                ("KILN_NOT_A_SETTING", "x"),
                ("PATH", "/bin"),
            ]),
            &Overrides {
                listen: Some("127.0.0.1:9002".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let c = loaded.config;
        assert_eq!(c.data_dir, PathBuf::from("/srv/kiln"));
        assert_eq!(c.http.request_timeout_secs, 7);
        assert_eq!(c.http.listen, "127.0.0.1:9002");
        assert_eq!(c.control.socket, PathBuf::from("/srv/kiln/control.sock"));
        assert!(loaded
            .notes
            .iter()
            .any(|n| n.contains("KILN_NOT_A_SETTING")));
    }

    #[test]
    fn bad_values_are_named() {
        let err = Config::load(
            None,
            env(&[("KILN_HTTP__REQUEST_TIMEOUT_SECS", "soon")]),
            &Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("request_timeout_secs"), "{err}");

        let err = Config::load(
            None,
            env(&[("KILN_LISTEN", "localhost")]),
            &Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("http.listen"), "{err}");

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kilnd.toml");
        std::fs::write(&file, "[http]\nlisen = \"x\"\n").unwrap();
        let err = Config::load(Some(&file), env(&[]), &Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("lisen"), "{err}");
    }

    #[test]
    fn effective_config_round_trips_through_toml() {
        let c = Config::load(None, env(&[]), &Overrides::default())
            .unwrap()
            .config;
        let text = c.to_toml();
        let back: Config = toml::from_str(&text).unwrap();
        assert_eq!(back.http.listen, c.http.listen);
        assert_eq!(back.plans, c.plans);
    }

    #[test]
    fn the_storage_section_picks_a_backend_and_checks_s3_settings() {
        let dir = tempfile::tempdir().unwrap();
        let local = Config::load(None, env(&[]), &Overrides::default())
            .unwrap()
            .config;
        assert_eq!(local.storage.backend, StorageBackend::Local);
        assert!(local.storage.credentials_file().is_none());

        let path = dir.path().join("kilnd.toml");
        std::fs::write(
            &path,
            "[storage]\nbackend = \"s3\"\nendpoint = \"http://127.0.0.1:9000\"\nregion = \"eu-west-1\"\nbucket = \"media\"\npath_style = true\nprefix = \"kiln/\"\ncredentials_file = \"/etc/kiln/s3.credentials\"\n",
        )
        .unwrap();
        let s3 = Config::load(Some(&path), env(&[]), &Overrides::default())
            .unwrap()
            .config
            .storage;
        assert_eq!(s3.backend, StorageBackend::S3);
        assert_eq!(
            (s3.endpoint.as_str(), s3.region.as_str(), s3.bucket.as_str()),
            ("http://127.0.0.1:9000", "eu-west-1", "media")
        );
        assert!(s3.path_style);
        assert_eq!(s3.prefix, "kiln/");
        assert_eq!(
            s3.credentials_file(),
            Some(Path::new("/etc/kiln/s3.credentials"))
        );
        assert_eq!(s3.cache_mb, 10 * 1024);

        // The bucket can come from the environment; a missing one is named.
        let from_env = Config::load(
            Some(&path),
            env(&[("KILN_STORAGE__BUCKET", "other")]),
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(from_env.config.storage.bucket, "other");
        for (text, named) in [
            ("backend = \"s3\"\nbucket = \"b\"\n", "endpoint"),
            ("backend = \"s3\"\nendpoint = \"http://x\"\n", "bucket"),
            ("backend = \"gcs\"\n", "backend"),
            (
                "backend = \"s3\"\nendpoint = \"http://x\"\nbucket = \"b\"\nprefix = \"/a\"\n",
                "prefix",
            ),
        ] {
            std::fs::write(&path, format!("[storage]\n{text}")).unwrap();
            let err = Config::load(Some(&path), env(&[]), &Overrides::default()).unwrap_err();
            assert!(err.to_string().contains(named), "{text}: {err}");
        }
    }
}

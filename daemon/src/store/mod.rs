//! The store: the only code that touches sled. One tree per record kind,
//! records encoded by [`codec`], multi-record changes in sled transactions.
//! Blobs (uploads, outputs) are files under `DATA/blobs` or objects in an
//! S3-compatible bucket, see [`blobs`].

pub mod accounts;
pub mod audit;
pub mod blobs;
pub mod codec;
pub mod counters;
pub mod deliveries;
pub mod files;
mod flush;
pub mod idempotency;
pub mod jobs;
pub mod keys;
pub mod ledger;
pub mod meta;
pub mod nodes;
pub mod projects;
pub mod records;
pub mod restore;
pub mod usage;

use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionError};

pub use accounts::Account;
pub use blobs::BlobStore;
pub use codec::{CodecError, Record};
pub use files::{FileRecord, FileRole};
pub use jobs::{
    Admission, Bill, FileSpec, InputRef, Job, JobError, JobSpec, Lease, Outcome, RenderSpec,
};
pub use keys::ApiKey;
pub use ledger::{LedgerEntry, LedgerReason};
pub use projects::Project;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {path} is in use by another process (is another kilnd running on this data dir?)")]
    Locked { path: String },
    #[error("storage error: {0}")]
    Sled(#[from] sled::Error),
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error("blob storage error: {0}")]
    Io(#[from] std::io::Error),
    #[error("blob storage error: {0}")]
    Blob(#[from] blobs::BlobError),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("insufficient balance: needs {needed} xeconds, {available} available")]
    InsufficientBalance { needed: u64, available: u64 },
    #[error("monthly job limit reached: {used} of {limit} jobs this month")]
    MonthlyQuota { used: u64, limit: u64 },
    #[error("store schema version {found} is newer than this kilnd ({current}); upgrade kilnd")]
    SchemaTooNew { found: u32, current: u32 },
    #[error("a store task stopped: {0}")]
    Task(String),
    /// The idempotency key was used before: by the same request (its first
    /// result is `target`) or by another one.
    #[error("the idempotency key was used before (for {target})")]
    Replayed { target: String, same_request: bool },
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

impl From<StoreError> for ConflictableTransactionError<StoreError> {
    fn from(e: StoreError) -> Self {
        ConflictableTransactionError::Abort(e)
    }
}

/// Abort a sled transaction with a store error.
pub(crate) fn abort<T>(e: StoreError) -> Result<T, ConflictableTransactionError<StoreError>> {
    Err(ConflictableTransactionError::Abort(e))
}

/// Version of the store's layout as a whole (trees and their keys).
/// Record-level changes are handled by each record's schema byte instead.
pub const SCHEMA_VERSION: u32 = 2;

/// A step that brings a store from `from` to `from + 1`.
type Migration = fn(&sled::Db) -> Result<(), StoreError>;
/// Migrations in order; `MIGRATIONS[n]` upgrades schema `n` to `n + 1`.
/// Schema 0 is an empty store, so the first step only records the version.
const MIGRATIONS: &[Migration] = &[|_| Ok(()), jobs::index_chats];

const META_SCHEMA: &[u8] = b"schema_version";

/// Cheap-to-clone handle on the open store.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    pub(crate) accounts: sled::Tree,
    pub(crate) account_names: sled::Tree,
    pub(crate) keys: sled::Tree,
    pub(crate) ledger: sled::Tree,
    pub(crate) jobs: sled::Tree,
    /// File-job chat threads: `account_id \0 chat_id` → the latest job id.
    pub(crate) chats: sled::Tree,
    pub(crate) files: sled::Tree,
    pub(crate) projects: sled::Tree,
    pub(crate) shares: sled::Tree,
    pub(crate) usage: sled::Tree,
    pub(crate) deliveries: sled::Tree,
    pub(crate) webhook_secrets: sled::Tree,
    pub(crate) meta: sled::Tree,
    /// Idempotency keys → what their first request created.
    pub(crate) idempotency: sled::Tree,
    /// Worker nodes and their token hashes, by node id.
    pub(crate) nodes: sled::Tree,
    blobs: BlobStore,
    /// Every write holds this shared; a backup holds it alone, so the copy
    /// it takes is one consistent point in time across all trees.
    gate: std::sync::Arc<std::sync::RwLock<()>>,
    flusher: std::sync::Arc<flush::GroupFlush>,
    /// Set when a write failed in the storage itself (a full disk): sled
    /// does not write again until the store is reopened.
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Jobs by state, recent settlements and ledger totals, kept on write.
    counters: std::sync::Arc<counters::Counters>,
    /// Pending webhook deliveries, so the sender never scans them all.
    outbox: std::sync::Arc<deliveries::Outbox>,
}

/// How the store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreOptions {
    /// sled's page cache, in bytes: what the store keeps of its trees in
    /// memory (sled's own default is 1 GiB, too much for a small box).
    pub cache_bytes: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            cache_bytes: 64 << 20,
        }
    }
}

impl Store {
    /// Open (creating if needed) the store under `data_dir`: sled in `db/`,
    /// blobs in `blobs/`. Runs pending migrations.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(data_dir, StoreOptions::default())
    }

    /// [`Store::open`] with `options`.
    pub fn open_with(data_dir: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let db_path = data_dir.join("db");
        let db = sled::Config::new()
            .path(&db_path)
            .cache_capacity(options.cache_bytes)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.kind() == std::io::ErrorKind::WouldBlock => {
                    StoreError::Locked {
                        path: db_path.display().to_string(),
                    }
                }
                sled::Error::Io(ref io) if io.to_string().contains("lock") => StoreError::Locked {
                    path: db_path.display().to_string(),
                },
                other => StoreError::Sled(other),
            })?;
        let store = Store {
            accounts: db.open_tree("accounts")?,
            account_names: db.open_tree("account_names")?,
            keys: db.open_tree("keys")?,
            ledger: db.open_tree("ledger")?,
            jobs: db.open_tree("jobs")?,
            chats: db.open_tree("chats")?,
            files: db.open_tree("files")?,
            projects: db.open_tree("projects")?,
            shares: db.open_tree("shares")?,
            usage: db.open_tree("usage")?,
            deliveries: db.open_tree("deliveries")?,
            webhook_secrets: db.open_tree("webhook_secrets")?,
            meta: db.open_tree("meta")?,
            idempotency: db.open_tree("idempotency")?,
            nodes: db.open_tree("nodes")?,
            blobs: BlobStore::open(&data_dir.join("blobs"))?,
            gate: Default::default(),
            flusher: Default::default(),
            failed: Default::default(),
            counters: Default::default(),
            outbox: Default::default(),
            db,
        };
        store.migrate()?;
        for value in store.jobs.iter().values() {
            store.counters.job_counted(&codec::decode::<Job>(&value?)?);
        }
        for value in store.ledger.iter().values() {
            store
                .counters
                .ledger_entry(&codec::decode::<LedgerEntry>(&value?)?);
        }
        for value in store.deliveries.iter().values() {
            store
                .outbox
                .noted(&codec::decode::<deliveries::Delivery>(&value?)?);
        }
        Ok(store)
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                found: version,
                current: SCHEMA_VERSION,
            });
        }
        while version < SCHEMA_VERSION {
            MIGRATIONS[version as usize](&self.db)?;
            version += 1;
            self.meta.insert(META_SCHEMA, &version.to_be_bytes())?;
            tracing::info!(version, "store migrated");
        }
        self.db.flush()?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(match self.meta.get(META_SCHEMA)? {
            Some(v) if v.len() == 4 => u32::from_be_bytes([v[0], v[1], v[2], v[3]]),
            Some(_) => {
                return Err(StoreError::Invalid(
                    "store meta schema_version is corrupt".into(),
                ))
            }
            None => 0,
        })
    }

    pub(crate) fn write_gate(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Copy every tree into a new store at `dir/db`, with writes held off
    /// for the duration so the copy is consistent. Returns (trees, records).
    pub fn snapshot_to(&self, dir: &Path) -> Result<(usize, u64), StoreError> {
        let target = dir.join("db");
        if target.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; back up into an empty directory",
                target.display()
            )));
        }
        let copy = sled::Config::new().path(&target).open()?;
        let _exclusive = self.gate.write().unwrap_or_else(|e| e.into_inner());
        let mut records = 0u64;
        let names = self.db.tree_names();
        for name in &names {
            let from = self.db.open_tree(name)?;
            let to = copy.open_tree(name)?;
            for entry in from.iter() {
                let (k, v) = entry?;
                to.insert(k, v)?;
                records += 1;
            }
        }
        copy.flush()?;
        Ok((names.len(), records))
    }

    /// What the counters say now: jobs by state, recent settlements,
    /// ledger totals (kept on write, never a scan).
    pub fn counts(&self) -> counters::CountsNow {
        self.counters.now(crate::clock::now_ms())
    }

    /// The database's size on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// Keep blobs in a bucket (before the store is shared).
    pub fn use_remote_blobs(&mut self, s3: blobs::S3Blobs, cache_bytes: u64) {
        self.blobs.use_remote(s3, cache_bytes);
    }

    /// True when the store answers reads and has not failed a write.
    pub fn is_healthy(&self) -> bool {
        !self.has_failed() && self.meta.get(META_SCHEMA).is_ok()
    }

    /// Whether a write failed in the storage itself since the store opened.
    pub fn has_failed(&self) -> bool {
        self.failed.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Note what an error says about the storage; returns it unchanged.
    fn noted(&self, e: StoreError) -> StoreError {
        let storage =
            matches!(e, StoreError::Sled(sled::Error::Io(_))) || crate::disk::is_no_space(&e);
        if storage && !self.failed.swap(true, std::sync::atomic::Ordering::SeqCst) {
            tracing::error!(error = %e, "a store write failed; intake stops until the store is reopened");
        }
        e
    }

    /// Make every write so far durable. Called before a change is reported
    /// to anyone (an accepted job, a settlement, a grant): sled otherwise
    /// batches writes for up to half a second, which a crash would lose.
    pub(crate) fn durable(&self) -> Result<(), StoreError> {
        self.flusher
            .sync(|| self.db.flush().map(drop))
            .map_err(|e| self.noted(e.into()))
    }

    /// Run store work on a blocking thread: every write waits for a
    /// durable flush, which must not hold up an async worker.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || work(&store).map_err(|e| store.noted(e)))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?
    }

    pub async fn flush(&self) -> Result<(), StoreError> {
        self.db
            .flush_async()
            .await
            .map(drop)
            .map_err(|e| self.noted(e.into()))
    }
}

/// Fetch and decode one record.
pub(crate) fn get<R: Record>(tree: &sled::Tree, key: &[u8]) -> Result<Option<R>, StoreError> {
    match tree.get(key)? {
        Some(bytes) => Ok(Some(codec::decode(&bytes)?)),
        None => Ok(None),
    }
}

/// Decode every record of a tree, in key order.
pub(crate) fn scan<R: Record>(tree: &sled::Tree) -> Result<Vec<R>, StoreError> {
    tree.iter()
        .values()
        .map(|v| Ok(codec::decode(&v?)?))
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::jobs::{Bill, FileSpec, Job, JobSpec};
    use super::{Store, StoreError};
    use crate::ids::{new_id, IdKind};

    /// A chat job of `account` in thread `chat`, with a webhook or not.
    pub fn chat_job(account: &str, chat: &str, webhook: Option<&str>) -> Job {
        Job::new(
            new_id(IdKind::Job),
            account.to_string(),
            JobSpec::File(Box::new(FileSpec {
                prompt: "hello".into(),
                chat_id: chat.into(),
                inputs: Vec::new(),
                plan: crate::planner::Plan::Chat {
                    message: "hi".into(),
                },
                webhook_url: webhook.map(str::to_string),
                bill: Bill::default(),
            })),
        )
    }

    pub fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    /// Open a store again after dropping it. sled lets go of its file lock
    /// a moment after the last handle, as an old process takes a moment to
    /// exit.
    pub fn reopen(dir: &Path) -> Result<Store, StoreError> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match Store::open(dir) {
                Err(StoreError::Locked { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopen_keeps_schema_version_and_refuses_newer() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
            store
                .meta
                .insert(META_SCHEMA, &(SCHEMA_VERSION + 1).to_be_bytes())
                .unwrap();
            store.db.flush().unwrap();
        }
        let err = test_support::reopen(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
    }
}

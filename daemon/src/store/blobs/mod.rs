//! Blob files (uploads, outputs), never inside sled. Two backends:
//! the local directory `DATA/blobs` (the default), or an S3-compatible
//! bucket with that directory as a bounded cache (media code opens local
//! paths, so a job's input is fetched into the cache first).
//!
//! Writes go to a temporary file; with S3 it is uploaded (the object
//! appears only when whole) and then renamed into the cache, so a crash
//! never leaves a half-written blob or cache file under its final name.

pub mod cache;
pub mod credentials;
pub mod local;
pub mod s3;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::Method;

pub use local::LocalBlobs;
pub use s3::{BlobMeta, S3Blobs};

use crate::ids::{new_id, IdKind};

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("object storage: {0}")]
    Remote(#[from] object_store::Error),
    #[error("object storage did not answer within {0} s")]
    TimedOut(u64),
    #[error("{0:?} is not a blob id")]
    BadId(String),
    #[error("a blob-store task stopped: {0}")]
    Task(String),
}

impl BlobError {
    /// The object (or file) is not there.
    pub fn is_not_found(&self) -> bool {
        match self {
            BlobError::Io(e) => e.kind() == std::io::ErrorKind::NotFound,
            BlobError::Remote(e) => matches!(e, object_store::Error::NotFound { .. }),
            _ => false,
        }
    }
}

/// For answers to clients: the object store's own message (its endpoint,
/// bucket and keys) is logged, not passed on.
impl From<BlobError> for std::io::Error {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::Io(e) => e,
            other => {
                tracing::warn!(error = %other, "a blob-store request failed");
                std::io::Error::other("the object store did not complete the request")
            }
        }
    }
}

/// In the blob dir of a data dir used with S3: the bucket's address.
const BACKEND_MARKER: &str = "s3-bucket";

#[derive(Debug, Clone)]
pub struct BlobStore {
    local: LocalBlobs,
    remote: Option<Arc<Remote>>,
}

#[derive(Debug)]
struct Remote {
    s3: S3Blobs,
    cache_bytes: u64,
    /// When the cache was last measured (Unix ms): trimming lists the whole
    /// directory, so it is done at most every few seconds.
    trimmed_at: AtomicU64,
}

/// Least time between two looks at the cache's size.
const TRIM_EVERY_MS: u64 = 5_000;

/// A temporary blob file being written. Dropped uncommitted (an error, or a
/// request cancelled mid-upload by its timeout or its client), it is removed,
/// so nothing partial stays behind.
#[derive(Debug)]
pub struct TempBlob {
    path: PathBuf,
    blobs: BlobStore,
    keep: bool,
}

impl TempBlob {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Store the file under a new blob id.
    pub async fn commit(mut self, meta: Option<BlobMeta<'_>>) -> Result<String, BlobError> {
        let id = self.blobs.commit(&self.path, meta).await?;
        self.keep = true;
        Ok(id)
    }

    /// Make this file (a download of the direct upload of `file_id`) a blob:
    /// the object is copied to its blob key and the upload key removed.
    pub async fn adopt_upload(mut self, file_id: &str) -> Result<String, BlobError> {
        let Some(remote) = &self.blobs.remote else {
            return Err(BlobError::Task("direct uploads need the s3 backend".into()));
        };
        let id = new_id(IdKind::Blob);
        let upload = remote.s3.upload_key(file_id);
        remote.s3.copy(&upload, &remote.s3.blob_key(&id)).await?;
        self.blobs.place(&self.path, &id).await?;
        self.keep = true;
        let _ = remote.s3.delete(&upload).await;
        Ok(id)
    }
}

impl Drop for TempBlob {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl BlobStore {
    /// The local directory backend at `root`.
    pub fn open(root: &Path) -> std::io::Result<BlobStore> {
        Ok(BlobStore {
            local: LocalBlobs::open(root)?,
            remote: None,
        })
    }

    /// Keep blobs in `s3`, with the directory as a cache of at most
    /// `cache_bytes` (a soft bound: copies in use stay).
    pub fn use_remote(&mut self, s3: S3Blobs, cache_bytes: u64) {
        self.remote = Some(Arc::new(Remote {
            s3,
            cache_bytes,
            trimmed_at: Default::default(),
        }));
    }

    /// Refuse a data dir whose blobs live elsewhere: with S3, blob files the
    /// local backend wrote (the cache would drop them, and they are not in
    /// the bucket); with the local backend, a dir that kept its blobs in a
    /// bucket. A data dir used with S3 is marked so.
    pub fn check_backend(&self) -> Result<(), String> {
        let marker = self.local.root().join(BACKEND_MARKER);
        let marked = std::fs::read_to_string(&marker).ok();
        match (&self.remote, marked) {
            (None, Some(place)) => Err(format!(
                "this data dir keeps its blobs in the bucket {} (storage.backend = \"s3\"); \
                 configure it again, or remove {} if the blobs were copied back",
                place.trim(),
                marker.display()
            )),
            (None, None) | (Some(_), Some(_)) => Ok(()),
            (Some(remote), None) => {
                let local = self.local.list().map_err(|e| e.to_string())?;
                if !local.is_empty() {
                    return Err(format!(
                        "{} holds {} blob files of the local backend that are not in the bucket: \
                         upload each <xx>/<id> to {}blobs/<id> (then remove them), or keep \
                         storage.backend = \"local\"",
                        self.local.root().display(),
                        local.len(),
                        remote.s3.key_prefix()
                    ));
                }
                std::fs::write(&marker, format!("{}\n", remote.s3.place()))
                    .map_err(|e| format!("writing {}: {e}", marker.display()))
            }
        }
    }

    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    /// The bucket, when blobs are kept in one.
    pub fn s3(&self) -> Option<&S3Blobs> {
        self.remote.as_deref().map(|r| &r.s3)
    }

    /// Local path of blob `id` (with S3, where its cached copy is or would
    /// be; see [`BlobStore::fetch`]). `None` for anything that is not a
    /// blob id, so no caller can name a path outside the blob root.
    pub fn path(&self, id: &str) -> Option<PathBuf> {
        self.local.path(id)
    }

    /// A fresh temporary path to stream into before it is committed.
    pub fn temp_path(&self) -> PathBuf {
        self.local.temp_path()
    }

    /// A fresh temporary file (not yet created) that is removed when dropped
    /// unless committed.
    pub fn temp(&self) -> TempBlob {
        TempBlob {
            path: self.temp_path(),
            blobs: self.clone(),
            keep: false,
        }
    }

    /// Store a fully written temporary file under a new blob id: uploaded
    /// first with S3, then moved into the directory.
    pub async fn commit(
        &self,
        temp: &Path,
        meta: Option<BlobMeta<'_>>,
    ) -> Result<String, BlobError> {
        let id = new_id(IdKind::Blob);
        if let Some(remote) = &self.remote {
            remote
                .s3
                .upload(&remote.s3.blob_key(&id), temp, meta)
                .await?;
        }
        if let Err(e) = self.place(temp, &id).await {
            if let Some(remote) = &self.remote {
                let _ = remote.s3.delete(&remote.s3.blob_key(&id)).await;
            }
            return Err(e);
        }
        self.trim_cache();
        Ok(id)
    }

    async fn place(&self, temp: &Path, id: &str) -> Result<PathBuf, BlobError> {
        let (local, temp, id) = (self.local.clone(), temp.to_path_buf(), id.to_string());
        blocking(move || local.place(&temp, &id)).await
    }

    /// A local path with blob `id`'s bytes: with S3, downloaded into the
    /// cache first when it is not there (to a temporary file, renamed).
    pub async fn fetch(&self, id: &str) -> Result<PathBuf, BlobError> {
        let path = self
            .path(id)
            .ok_or_else(|| BlobError::BadId(id.to_string()))?;
        let Some(remote) = &self.remote else {
            return Ok(path);
        };
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            let touched = path.clone();
            let _ = tokio::task::spawn_blocking(move || cache::touch(&touched)).await;
            return Ok(path);
        }
        let temp = self.temp();
        remote
            .s3
            .download(&remote.s3.blob_key(id), temp.path())
            .await?;
        self.place(temp.path(), id).await?;
        let mut temp = temp;
        temp.keep = true;
        self.trim_cache();
        Ok(path)
    }

    /// Remove blob `id` (its object too, with S3); false when there was no
    /// local file (with S3 the object is removed all the same).
    pub async fn remove(&self, id: &str) -> Result<bool, BlobError> {
        let (local, owned) = (self.local.clone(), id.to_string());
        let removed = blocking(move || local.remove(&owned)).await?;
        if let Some(remote) = &self.remote {
            if self.path(id).is_some() {
                remote.s3.delete(&remote.s3.blob_key(id)).await?;
            }
        }
        Ok(removed)
    }

    /// A presigned GET for blob `id`, valid for `ttl`; `None` with the local
    /// backend (kilnd serves the file itself).
    pub fn presigned_get(&self, id: &str, ttl: Duration) -> Option<Result<String, BlobError>> {
        let remote = self.remote.as_ref()?;
        self.path(id)?;
        let key = remote.s3.blob_key(id);
        // Signing with static credentials does no I/O: the future is ready
        // at once, so waiting on it here never blocks a runtime thread.
        Some(futures::executor::block_on(remote.s3.presign(
            Method::GET,
            &key,
            ttl,
        )))
    }

    /// Copy (hard-link where possible) every blob in the directory under
    /// `dest`, keeping the layout. Returns (files, bytes).
    pub fn copy_all(&self, dest: &Path) -> std::io::Result<(u64, u64)> {
        self.local.copy_all(dest)
    }

    /// Remove temporary files left by an interrupted write.
    pub fn sweep_temp(&self) -> std::io::Result<usize> {
        self.local.sweep_temp()
    }

    /// Store `bytes` in the directory only (the engine's tests).
    #[cfg(any(test, feature = "testkit"))]
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let temp = self.temp_path();
        std::fs::write(&temp, bytes)?;
        let id = new_id(IdKind::Blob);
        self.local.place(&temp, &id)?;
        Ok(id)
    }

    /// Keep the cache under its bound, in the background.
    fn trim_cache(&self) {
        let Some(remote) = &self.remote else {
            return;
        };
        let now = crate::clock::now_ms();
        let last = remote.trimmed_at.load(Ordering::Relaxed);
        if now.saturating_sub(last) < TRIM_EVERY_MS
            || remote
                .trimmed_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let (local, max) = (self.local.clone(), remote.cache_bytes);
        tokio::task::spawn_blocking(move || {
            match cache::trim(&local, max, std::time::SystemTime::now()) {
                Ok((0, _)) => {}
                Ok((files, bytes)) => tracing::debug!(files, bytes, "trimmed the blob cache"),
                Err(e) => tracing::warn!(error = %e, "trimming the blob cache failed"),
            }
        });
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, BlobError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| BlobError::Task(e.to_string()))?
        .map_err(BlobError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_temp_blob_is_removed_unless_committed() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let dropped = blobs.temp();
        std::fs::write(dropped.path(), b"partial").unwrap();
        let partial = dropped.path().to_path_buf();
        drop(dropped);
        assert!(!partial.exists());

        let kept = blobs.temp();
        std::fs::write(kept.path(), b"whole").unwrap();
        let id = kept.commit(None).await.unwrap();
        assert_eq!(std::fs::read(blobs.path(&id).unwrap()).unwrap(), b"whole");
        assert_eq!(blobs.fetch(&id).await.unwrap(), blobs.path(&id).unwrap());
        assert_eq!(
            std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
            0
        );
        assert!(blobs.presigned_get(&id, Duration::from_secs(60)).is_none());
    }

    #[tokio::test]
    async fn blobs_are_files_with_safe_names() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let id = blobs.put(b"hello").unwrap();
        let path = blobs.path(&id).unwrap();
        assert!(path.starts_with(dir.path()));
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert!(blobs.path("../../etc/passwd").is_none());
        assert!(blobs.path("blb_../../../../../etc/pass").is_none());
        assert!(blobs.fetch("../../etc/passwd").await.is_err());
        std::fs::write(blobs.temp_path(), b"partial").unwrap();
        assert_eq!(blobs.sweep_temp().unwrap(), 1);
        assert!(blobs.remove(&id).await.unwrap());
        assert!(!path.exists());
        assert!(!blobs.remove(&id).await.unwrap());
    }

    fn bucket() -> S3Blobs {
        let cfg = crate::config::StorageConfig {
            backend: crate::config::StorageBackend::S3,
            endpoint: "http://127.0.0.1:9".into(),
            bucket: "media".into(),
            ..crate::config::Config::default().storage
        };
        let creds = credentials::Credentials {
            access_key_id: "id".into(),
            secret_access_key: "secret".into(),
        };
        S3Blobs::new(&cfg, creds).unwrap()
    }

    #[test]
    fn a_data_dir_stays_with_the_backend_that_holds_its_blobs() {
        let dir = tempfile::tempdir().unwrap();
        let local = BlobStore::open(dir.path()).unwrap();
        let id = local.put(b"kept locally").unwrap();
        assert!(local.check_backend().is_ok());

        let mut s3 = BlobStore::open(dir.path()).unwrap();
        s3.use_remote(bucket(), 1 << 30);
        let err = s3.check_backend().unwrap_err();
        assert!(err.contains("1 blob files of the local backend"), "{err}");
        std::fs::remove_file(s3.path(&id).unwrap()).unwrap();
        s3.check_backend().unwrap();
        s3.check_backend().unwrap();

        let err = local.check_backend().unwrap_err();
        assert!(err.contains("http://127.0.0.1:9/media"), "{err}");
    }
}

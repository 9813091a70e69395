//! Blobs as objects in an S3-compatible bucket, through `object_store`
//! (which signs the requests and splits large uploads into parts).
//! Objects are keyed `PREFIX/blobs/<blob id>`; render uploads a client
//! sends straight to the bucket land at `PREFIX/uploads/<file id>` first.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::http::Method;
use futures::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::buffered::BufWriter;
use object_store::path::Path as Key;
use object_store::signer::Signer;
use object_store::{Attribute, Attributes, BackoffConfig, ClientOptions, ObjectStore, RetryConfig};
use tokio::io::AsyncWriteExt;

use super::credentials::Credentials;
use super::BlobError;
use crate::config::StorageConfig;

/// Parts of a multipart upload (and the size above which one is used).
const PART_BYTES: usize = 16 * 1024 * 1024;

/// How long the start-up check may take before kilnd gives up.
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);

/// What is written with an object, so a presigned GET answers with the
/// file's own name and type.
#[derive(Debug, Clone, Copy)]
pub struct BlobMeta<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
}

#[derive(Debug)]
pub struct S3Blobs {
    store: Arc<AmazonS3>,
    /// Empty, or ending in `/`.
    prefix: String,
    /// `endpoint/bucket`, for messages.
    place: String,
}

impl S3Blobs {
    pub fn new(cfg: &StorageConfig, creds: Credentials) -> Result<S3Blobs, BlobError> {
        let http = cfg.endpoint.starts_with("http://");
        let client = ClientOptions::new()
            .with_allow_http(http)
            .with_connect_timeout(Duration::from_secs(5))
            .with_timeout(Duration::from_secs(600));
        // A few quick retries: an outage should fail the job that meets it
        // (and refund it), not hold its worker for minutes.
        let retry = RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: Duration::from_secs(30),
        };
        let store = AmazonS3Builder::new()
            .with_endpoint(&cfg.endpoint)
            .with_region(&cfg.region)
            .with_bucket_name(&cfg.bucket)
            .with_virtual_hosted_style_request(!cfg.path_style)
            .with_allow_http(http)
            .with_access_key_id(creds.access_key_id)
            .with_secret_access_key(creds.secret_access_key)
            .with_client_options(client)
            .with_retry(retry)
            .build()?;
        let mut prefix = cfg.prefix.trim_matches('/').to_string();
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Ok(S3Blobs {
            store: Arc::new(store),
            prefix,
            place: format!("{}/{}", cfg.endpoint.trim_end_matches('/'), cfg.bucket),
        })
    }

    /// Where the bucket is, for messages.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// List under the prefix: fails when the endpoint cannot be reached, the
    /// bucket does not exist or the credentials are refused.
    pub async fn check(&self) -> Result<(), BlobError> {
        let prefix = Key::from(format!("{}blobs", self.prefix));
        match tokio::time::timeout(CHECK_TIMEOUT, self.store.list_with_delimiter(Some(&prefix)))
            .await
        {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(BlobError::TimedOut(CHECK_TIMEOUT.as_secs())),
        }
    }

    /// The key prefix (empty, or ending in `/`).
    pub fn key_prefix(&self) -> &str {
        &self.prefix
    }

    pub fn blob_key(&self, id: &str) -> Key {
        Key::from(format!("{}blobs/{id}", self.prefix))
    }

    pub fn upload_key(&self, file_id: &str) -> Key {
        Key::from(format!("{}uploads/{file_id}", self.prefix))
    }

    /// Upload the file at `path` as `key`; the object appears only when
    /// whole (a single PUT, or a multipart upload completed at the end).
    pub async fn upload(
        &self,
        key: &Key,
        path: &Path,
        meta: Option<BlobMeta<'_>>,
    ) -> Result<(), BlobError> {
        let mut attributes = Attributes::new();
        if let Some(meta) = meta {
            attributes.insert(Attribute::ContentType, meta.content_type.to_string().into());
            let disposition = format!(
                "attachment; filename=\"{}\"",
                meta.filename.replace(['"', '\\'], "_")
            );
            attributes.insert(Attribute::ContentDisposition, disposition.into());
        }
        let store: Arc<dyn ObjectStore> = self.store.clone();
        let mut writer =
            BufWriter::with_capacity(store, key.clone(), PART_BYTES).with_attributes(attributes);
        let mut file = tokio::fs::File::open(path).await?;
        let written = async {
            tokio::io::copy(&mut file, &mut writer).await?;
            writer.shutdown().await
        }
        .await;
        if let Err(e) = written {
            let _ = writer.abort().await;
            return Err(e.into());
        }
        Ok(())
    }

    /// Download `key` to `dest` (a temporary path: the caller renames it).
    pub async fn download(&self, key: &Key, dest: &Path) -> Result<u64, BlobError> {
        let mut stream = self.store.get(key).await?.into_stream();
        let mut file = tokio::fs::File::create(dest).await?;
        let mut total = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            total += chunk.len() as u64;
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        file.sync_all().await?;
        Ok(total)
    }

    /// The object's size, or `None` when there is none.
    pub async fn size(&self, key: &Key) -> Result<Option<u64>, BlobError> {
        match self.store.head(key).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn copy(&self, from: &Key, to: &Key) -> Result<(), BlobError> {
        Ok(self.store.copy(from, to).await?)
    }

    /// Delete `key`; deleting what is not there is not an error.
    pub async fn delete(&self, key: &Key) -> Result<(), BlobError> {
        match self.store.delete(key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A presigned URL for `method` on `key`, valid for `ttl`.
    pub async fn presign(
        &self,
        method: Method,
        key: &Key,
        ttl: Duration,
    ) -> Result<String, BlobError> {
        Ok(self.store.signed_url(method, key, ttl).await?.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, StorageBackend};

    fn blobs(prefix: &str, path_style: bool) -> S3Blobs {
        let cfg = StorageConfig {
            backend: StorageBackend::S3,
            endpoint: "http://127.0.0.1:9".into(),
            bucket: "media".into(),
            prefix: prefix.into(),
            path_style,
            ..Config::default().storage
        };
        let creds = Credentials {
            access_key_id: "id".into(),
            secret_access_key: "secret".into(),
        };
        S3Blobs::new(&cfg, creds).unwrap()
    }

    #[test]
    fn keys_sit_under_the_prefix() {
        for prefix in ["kiln", "kiln/", "/kiln/"] {
            let s3 = blobs(prefix, true);
            assert_eq!(s3.blob_key("blb_1").as_ref(), "kiln/blobs/blb_1");
            assert_eq!(s3.upload_key("fil_1").as_ref(), "kiln/uploads/fil_1");
        }
        let s3 = blobs("", true);
        assert_eq!(s3.blob_key("blb_1").as_ref(), "blobs/blb_1");
        assert_eq!(s3.place(), "http://127.0.0.1:9/media");
    }

    #[tokio::test]
    async fn presigned_urls_name_the_bucket_and_expiry() {
        let ttl = Duration::from_secs(900);
        let s3 = blobs("kiln/", true);
        let url = s3
            .presign(Method::PUT, &s3.upload_key("fil_1"), ttl)
            .await
            .unwrap();
        assert!(
            url.starts_with("http://127.0.0.1:9/media/kiln/uploads/fil_1?"),
            "{url}"
        );
        assert!(
            url.contains("X-Amz-Expires=900") && url.contains("X-Amz-Signature="),
            "{url}"
        );
        let hosted = blobs("", false);
        let url = hosted
            .presign(Method::GET, &hosted.blob_key("blb_1"), ttl)
            .await
            .unwrap();
        assert!(!url.contains("/media/"), "virtual-hosted style: {url}");
    }
}

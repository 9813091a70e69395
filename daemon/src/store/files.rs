//! File records: uploaded inputs and produced outputs. The bytes are a blob;
//! the record says whose it is, what it is and until when it is kept.

use serde::{Deserialize, Serialize};

use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

use super::codec::{self, Record};
use super::idempotency::{IdemClaim, IdemRecord};
use super::{get, Store, StoreError};
use crate::clock::now_ms;
use crate::media::probe::MediaInfo;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    Input,
    Output,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    pub id: String,
    pub account_id: String,
    pub project_id: Option<String>,
    pub role: FileRole,
    pub filename: String,
    pub content_type: String,
    /// Set once the bytes are stored.
    pub blob_id: Option<String>,
    pub size: u64,
    pub media: Option<MediaInfo>,
    /// What the file is, for planning (file-automation uploads and outputs).
    #[serde(default)]
    pub facts: Option<crate::media::ops::FileFacts>,
    /// The job that produced an output.
    pub job_id: Option<String>,
    pub created_at: u64,
    /// For an input not yet uploaded: when its upload URL stops working.
    pub upload_expires_at: Option<u64>,
    /// When the bytes are deleted by the retention sweeper.
    pub expires_at: Option<u64>,
    pub expired: bool,
}

impl Record for FileRecord {
    const KIND: &'static str = "file";
    const VERSION: u8 = 1;
}

impl FileRecord {
    pub fn is_uploaded(&self) -> bool {
        self.blob_id.is_some() && !self.expired
    }
}

impl Store {
    pub fn file(&self, id: &str) -> Result<FileRecord, StoreError> {
        get(&self.files, id.as_bytes())?.ok_or_else(|| StoreError::NotFound(format!("file {id}")))
    }

    pub fn put_file(&self, file: &FileRecord) -> Result<(), StoreError> {
        let _gate = self.write_gate();
        self.files.insert(file.id.as_bytes(), codec::encode(file))?;
        Ok(())
    }

    /// Record a new input (not yet uploaded), claiming an idempotency key.
    pub fn create_input(&self, file: &FileRecord, claim: &IdemClaim) -> Result<(), StoreError> {
        let _gate = self.write_gate();
        (&self.files, &self.idempotency).transaction(|(files, idem)| {
            if let Some(bytes) = idem.get(claim.key())? {
                let earlier: IdemRecord = codec::decode(&bytes).map_err(StoreError::from)?;
                return Err(ConflictableTransactionError::Abort(
                    claim.replayed(&earlier),
                ));
            }
            idem.insert(
                claim.key(),
                codec::encode(&claim.record(&file.id, file.created_at)),
            )?;
            files.insert(file.id.as_bytes(), codec::encode(file))?;
            Ok(())
        })?;
        self.durable()
    }

    /// Files whose retention has passed and whose bytes are still kept
    /// (or whose upload window closed without an upload).
    pub fn files_due_for_expiry(&self, now: u64) -> Result<Vec<FileRecord>, StoreError> {
        let mut due = Vec::new();
        for value in self.files.iter().values() {
            let f: FileRecord = codec::decode(&value?)?;
            if f.expired {
                continue;
            }
            let past_retention = f.expires_at.is_some_and(|t| t <= now);
            let abandoned = f.blob_id.is_none() && f.upload_expires_at.is_some_and(|t| t <= now);
            if past_retention || abandoned {
                due.push(f);
            }
        }
        Ok(due)
    }

    /// Mark a file expired (its blob has been or is being deleted).
    pub fn mark_file_expired(&self, id: &str) -> Result<(), StoreError> {
        let _gate = self.write_gate();
        self.files.fetch_and_update(id.as_bytes(), |old| {
            let bytes = old?;
            let mut f: FileRecord = codec::decode(bytes).ok()?;
            f.expired = true;
            f.expires_at.get_or_insert(now_ms());
            Some(codec::encode(&f))
        })?;
        Ok(())
    }
}

impl Store {
    /// Attach stored bytes to an input that has none yet: `fill` sets the
    /// blob, size and what inspection found. Fails with `Conflict`
    /// (changing nothing) when another upload got there first.
    pub fn complete_upload(
        &self,
        id: &str,
        fill: impl Fn(&mut FileRecord),
    ) -> Result<FileRecord, StoreError> {
        let _gate = self.write_gate();
        loop {
            let Some(old) = self.files.get(id.as_bytes())? else {
                return Err(StoreError::NotFound(format!("file {id}")));
            };
            let mut file: FileRecord = codec::decode(&old)?;
            if file.blob_id.is_some() || file.expired {
                return Err(StoreError::Conflict(
                    "this upload URL has already been used".into(),
                ));
            }
            fill(&mut file);
            if self
                .files
                .compare_and_swap(id.as_bytes(), Some(old), Some(codec::encode(&file)))?
                .is_ok()
            {
                self.durable()?;
                return Ok(file);
            }
        }
    }
}

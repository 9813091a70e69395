//! Idempotency keys: a client's `Idempotency-Key` on a creating request,
//! recorded in the same transaction as what it created, so a retry finds
//! the first result (even after a crash between the write and the answer)
//! and nothing is created or charged twice.

use serde::{Deserialize, Serialize};

use super::codec::{self, Record};
use super::{get, Store, StoreError};

/// How long a key is remembered.
pub const KEEP_MS: u64 = 24 * 3_600_000;

/// What one key created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdemRecord {
    /// Hash of the request that used the key first.
    pub fingerprint: String,
    /// The id of what it created (a job, a file).
    pub target: String,
    pub created_at: u64,
}

impl Record for IdemRecord {
    const KIND: &'static str = "idempotency";
    const VERSION: u8 = 1;
}

/// A key a creating request claims: which account, which kind of request,
/// the client's key, and the request's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdemClaim {
    key: Vec<u8>,
    pub fingerprint: String,
}

impl IdemClaim {
    pub fn new(account_id: &str, scope: &str, key: &str, fingerprint: String) -> IdemClaim {
        let mut k = Vec::with_capacity(account_id.len() + scope.len() + key.len() + 2);
        for (i, part) in [account_id, scope, key].iter().enumerate() {
            if i > 0 {
                k.push(0);
            }
            k.extend_from_slice(part.as_bytes());
        }
        IdemClaim {
            key: k,
            fingerprint,
        }
    }

    pub(super) fn key(&self) -> &[u8] {
        &self.key
    }

    /// The record this claim leaves, pointing at `target`.
    pub(super) fn record(&self, target: &str, now: u64) -> IdemRecord {
        IdemRecord {
            fingerprint: self.fingerprint.clone(),
            target: target.to_string(),
            created_at: now,
        }
    }

    /// The error a transaction aborts with when the key is already used.
    pub(super) fn replayed(&self, earlier: &IdemRecord) -> StoreError {
        StoreError::Replayed {
            target: earlier.target.clone(),
            same_request: earlier.fingerprint == self.fingerprint,
        }
    }
}

impl Store {
    /// What an earlier request with this claim's key created, if any.
    pub fn claimed(&self, claim: &IdemClaim) -> Result<Option<IdemRecord>, StoreError> {
        get(&self.idempotency, claim.key())
    }

    /// Forget keys recorded before `before`; returns how many.
    pub fn purge_idempotency(&self, before: u64) -> Result<usize, StoreError> {
        let _gate = self.write_gate();
        let mut purged = 0;
        for entry in self.idempotency.iter() {
            let (key, value) = entry?;
            let record: IdemRecord = codec::decode(&value)?;
            if record.created_at < before {
                self.idempotency.remove(key)?;
                purged += 1;
            }
        }
        Ok(purged)
    }
}

//! Idempotent creation: a request with an `Idempotency-Key` claims the key
//! in the same store transaction as what it creates; a retry with the same
//! key and body gets the first result, another body with the key is refused.

use crate::store::idempotency::IdemClaim;
use crate::store::{Store, StoreError};

/// A creating request's idempotency key and the fingerprint of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub fingerprint: String,
}

/// The key was used before by a request with another body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this Idempotency-Key was already used with a different request")]
pub struct KeyReused;

/// What a creating call gave back: new, or the first result of a retry.
#[derive(Debug, Clone)]
pub struct Created<T> {
    pub value: T,
    /// True when this is a retry answered with the first request's result.
    pub replayed: bool,
}

impl<T> Created<T> {
    pub fn new(value: T) -> Created<T> {
        Created {
            value,
            replayed: false,
        }
    }

    pub fn replayed(value: T) -> Created<T> {
        Created {
            value,
            replayed: true,
        }
    }
}

/// The claim a request makes for `scope` (the kind of request).
pub fn claim(account_id: &str, scope: &str, idem: Option<&Idempotency>) -> Option<IdemClaim> {
    idem.map(|i| IdemClaim::new(account_id, scope, &i.key, i.fingerprint.clone()))
}

/// What the key's first request created, if it was used before by this
/// same request; `KeyReused` if by another.
pub fn earlier(store: &Store, claim: Option<&IdemClaim>) -> Result<Option<String>, EarlierError> {
    let Some(claim) = claim else {
        return Ok(None);
    };
    match store.claimed(claim)? {
        Some(r) if r.fingerprint == claim.fingerprint => Ok(Some(r.target)),
        Some(_) => Err(EarlierError::KeyReused(KeyReused)),
        None => Ok(None),
    }
}

/// A store refusal that says the key was taken meanwhile: the target of a
/// same-request replay, or `KeyReused`.
pub fn replay_of(e: &StoreError) -> Option<Result<String, KeyReused>> {
    match e {
        StoreError::Replayed {
            target,
            same_request: true,
        } => Some(Ok(target.clone())),
        StoreError::Replayed { .. } => Some(Err(KeyReused)),
        _ => None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EarlierError {
    #[error(transparent)]
    KeyReused(#[from] KeyReused),
    #[error(transparent)]
    Store(#[from] StoreError),
}

//! Record encoding: one schema-version byte, then the record as JSON.
//! A record written by an older schema is upgraded on read through
//! [`Record::upgrade`]; anything else is a clear error, never a panic.

use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("{kind} record is empty")]
    Empty { kind: &'static str },
    #[error("{kind} record has schema version {found}, this kilnd reads up to {current}")]
    UnknownVersion {
        kind: &'static str,
        found: u8,
        current: u8,
    },
    #[error("{kind} record (schema version {version}) is corrupt: {source}")]
    Corrupt {
        kind: &'static str,
        version: u8,
        source: serde_json::Error,
    },
}

/// A kind of record kept in its own sled tree.
pub trait Record: Serialize + DeserializeOwned {
    /// Human name used in errors.
    const KIND: &'static str;
    /// Schema version written by this build.
    const VERSION: u8;

    /// Read a record written under an older schema `version`.
    /// The default knows no older versions.
    fn upgrade(version: u8, _body: &[u8]) -> Result<Self, CodecError> {
        Err(CodecError::UnknownVersion {
            kind: Self::KIND,
            found: version,
            current: Self::VERSION,
        })
    }
}

pub fn encode<R: Record>(record: &R) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.push(R::VERSION);
    serde_json::to_writer(&mut out, record).expect("records serialize to JSON");
    out
}

pub fn decode<R: Record>(bytes: &[u8]) -> Result<R, CodecError> {
    let (&version, body) = bytes
        .split_first()
        .ok_or(CodecError::Empty { kind: R::KIND })?;
    if version == R::VERSION {
        serde_json::from_slice(body).map_err(|source| CodecError::Corrupt {
            kind: R::KIND,
            version,
            source,
        })
    } else if version < R::VERSION {
        R::upgrade(version, body)
    } else {
        Err(CodecError::UnknownVersion {
            kind: R::KIND,
            found: version,
            current: R::VERSION,
        })
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;

    /// `make fuzz` runs many more (FUZZ_ITERS).
    fn iterations() -> u64 {
        std::env::var("FUZZ_ITERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000)
    }
    use crate::store::{Account, ApiKey, FileRecord, Job, LedgerEntry, Project};

    /// xorshift: deterministic, no dependency.
    fn bytes(seed: &mut u64, max: usize) -> Vec<u8> {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let len = (next() as usize) % max;
        (0..len).map(|_| next() as u8).collect()
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_decoder() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..iterations() {
            let mut b = bytes(&mut seed, 256);
            // Half the time, a valid version byte and something JSON-ish.
            if i % 2 == 0 {
                b.insert(0, 1);
                b.insert(1, b'{');
            }
            let _ = decode::<Account>(&b);
            let _ = decode::<ApiKey>(&b);
            let _ = decode::<Job>(&b);
            let _ = decode::<LedgerEntry>(&b);
            let _ = decode::<FileRecord>(&b);
            let _ = decode::<Project>(&b);
        }
    }
}

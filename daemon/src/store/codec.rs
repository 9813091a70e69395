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

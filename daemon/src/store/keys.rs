//! API keys. A key is `kiln_live_` + 32 random bytes in base64url; only its
//! SHA-256 hash (the tree key) and a short display prefix are stored, so a key
//! can be checked and listed but never read back.

use base64::Engine as _;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::accounts::Account;
use super::codec::{self, Record};
use super::{get, scan, Store, StoreError};
use crate::clock::now_ms;
use crate::ids::{new_id, IdKind};

pub const KEY_PREFIX: &str = "kiln_live_";
/// Characters of the random part kept in the display prefix.
const DISPLAY_CHARS: usize = 8;
/// 32 bytes in unpadded base64.
const SECRET_CHARS: usize = 43;
/// `last_used_at` is refreshed at most this often, to keep reads cheap.
const TOUCH_EVERY_MS: u64 = 60_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub account_id: String,
    pub prefix: String,
    /// Hex SHA-256 of the whole key.
    pub hash: String,
    pub created_at: u64,
    pub last_used_at: Option<u64>,
    pub revoked_at: Option<u64>,
}

impl Record for ApiKey {
    const KIND: &'static str = "api key";
    const VERSION: u8 = 1;
}

impl ApiKey {
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random key and its display prefix.
fn generate() -> (String, String) {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let secret = format!(
        "{KEY_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    );
    let prefix = secret[..KEY_PREFIX.len() + DISPLAY_CHARS].to_string();
    (secret, prefix)
}

/// Cheap shape check before any hashing or lookup.
pub fn looks_like_key(secret: &str) -> bool {
    secret.len() == KEY_PREFIX.len() + SECRET_CHARS
        && secret.starts_with(KEY_PREFIX)
        && secret[KEY_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Store {
    /// Create a key for an existing account. The secret is returned once.
    pub fn create_key(&self, account_id: &str) -> Result<(ApiKey, String), StoreError> {
        let _gate = self.write_gate();
        self.account(account_id)?;
        let (secret, prefix) = generate();
        let hash = digest(&secret);
        let key = ApiKey {
            id: new_id(IdKind::Key),
            account_id: account_id.to_string(),
            prefix,
            hash: hex(&hash),
            created_at: now_ms(),
            last_used_at: None,
            revoked_at: None,
        };
        self.keys.insert(hash, codec::encode(&key))?;
        self.durable()?;
        Ok((key, secret))
    }

    /// The active key and its account for a presented secret, or `None`.
    pub fn authenticate(&self, secret: &str) -> Result<Option<(ApiKey, Account)>, StoreError> {
        let _gate = self.write_gate();
        if !looks_like_key(secret) {
            return Ok(None);
        }
        let hash = digest(secret);
        let Some(mut key) = get::<ApiKey>(&self.keys, &hash)? else {
            return Ok(None);
        };
        // The lookup already matched on the hash; compare again in constant
        // time so the decision itself never depends on where bytes differ.
        if !bool::from(key.hash.as_bytes().ct_eq(hex(&hash).as_bytes())) || !key.is_active() {
            return Ok(None);
        }
        let account = self.account(&key.account_id)?;
        let now = now_ms();
        if key
            .last_used_at
            .is_none_or(|t| now.saturating_sub(t) >= TOUCH_EVERY_MS)
        {
            key.last_used_at = Some(now);
            // Best effort: a lost touch only makes "last used" a little stale.
            let _ = self.keys.insert(hash, codec::encode(&key));
        }
        Ok(Some((key, account)))
    }

    /// Keys of one account, or all keys, oldest first.
    pub fn list_keys(&self, account_id: Option<&str>) -> Result<Vec<ApiKey>, StoreError> {
        let mut keys: Vec<ApiKey> = scan::<ApiKey>(&self.keys)?
            .into_iter()
            .filter(|k| account_id.is_none_or(|a| k.account_id == a))
            .collect();
        keys.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(keys)
    }

    pub fn active_key_count(&self) -> Result<usize, StoreError> {
        Ok(self
            .list_keys(None)?
            .iter()
            .filter(|k| k.is_active())
            .count())
    }

    /// Revoke the one active key whose display prefix starts with `prefix`.
    pub fn revoke_key(&self, prefix: &str) -> Result<ApiKey, StoreError> {
        let _gate = self.write_gate();
        if prefix.len() < 4 {
            return Err(StoreError::Invalid(
                "give at least the first characters of the key's prefix".into(),
            ));
        }
        let matches: Vec<ApiKey> = self
            .list_keys(None)?
            .into_iter()
            .filter(|k| k.is_active() && (k.prefix.starts_with(prefix) || k.id == prefix))
            .collect();
        let mut key = match matches.as_slice() {
            [one] => one.clone(),
            [] => return Err(StoreError::NotFound(format!("active key {prefix:?}"))),
            many => {
                return Err(StoreError::Conflict(format!(
                    "{} active keys start with {prefix:?}; give more of the prefix",
                    many.len()
                )))
            }
        };
        key.revoked_at = Some(now_ms());
        let hash = decode_hex(&key.hash)
            .ok_or_else(|| StoreError::Invalid(format!("key {} has a corrupt hash", key.id)))?;
        self.keys.insert(hash, codec::encode(&key))?;
        self.durable()?;
        Ok(key)
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::store;

    #[test]
    fn keys_authenticate_until_revoked_and_are_never_stored_in_clear() {
        let (dir, store) = store();
        let account = store.create_account("carol", "free", 0).unwrap();
        let (key, secret) = store.create_key(&account.id).unwrap();
        assert!(looks_like_key(&secret), "{secret}");
        assert!(secret.starts_with(&key.prefix));
        assert_eq!(codec::decode::<ApiKey>(&codec::encode(&key)).unwrap(), key);

        let (found, acc) = store.authenticate(&secret).unwrap().unwrap();
        assert_eq!(found.id, key.id);
        assert_eq!(acc.id, account.id);
        assert!(store.list_keys(Some(&account.id)).unwrap()[0]
            .last_used_at
            .is_some());

        let mut wrong = secret.clone();
        wrong.pop();
        wrong.push(if secret.ends_with('A') { 'B' } else { 'A' });
        assert!(store.authenticate(&wrong).unwrap().is_none());
        assert!(store.authenticate("Bearer nonsense").unwrap().is_none());

        store.revoke_key(&key.prefix).unwrap();
        assert!(store.authenticate(&secret).unwrap().is_none());
        assert!(matches!(
            store.revoke_key(&key.prefix),
            Err(StoreError::NotFound(_))
        ));

        drop(store);
        let random_part = &secret[KEY_PREFIX.len()..];
        for entry in walk(dir.path()) {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(
                !bytes
                    .windows(random_part.len())
                    .any(|w| w == random_part.as_bytes()),
                "secret found in {}",
                entry.display()
            );
        }
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn ambiguous_prefix_is_refused() {
        let (_dir, store) = store();
        let account = store.create_account("dave", "free", 0).unwrap();
        store.create_key(&account.id).unwrap();
        store.create_key(&account.id).unwrap();
        assert!(matches!(
            store.revoke_key(KEY_PREFIX),
            Err(StoreError::Conflict(_))
        ));
    }

    #[test]
    fn corrupt_and_unknown_version_records_are_errors() {
        assert!(matches!(
            codec::decode::<ApiKey>(&[]),
            Err(codec::CodecError::Empty { .. })
        ));
        assert!(matches!(
            codec::decode::<ApiKey>(&[1, b'{', b'x']),
            Err(codec::CodecError::Corrupt { .. })
        ));
        assert!(matches!(
            codec::decode::<Account>(&[200, b'{', b'}']),
            Err(codec::CodecError::UnknownVersion { found: 200, .. })
        ));
        assert!(matches!(
            codec::decode::<Account>(&[0, b'{', b'}']),
            Err(codec::CodecError::UnknownVersion { found: 0, .. })
        ));
        let (_dir, store) = store();
        store
            .accounts
            .insert(b"acc_broken", &[1u8, b'!'][..])
            .unwrap();
        let err = store.account("acc_broken").unwrap_err().to_string();
        assert!(err.contains("corrupt"), "{err}");
    }
}

//! Daemon-wide values kept in the `meta` tree.

use rand::RngCore;

use super::{Store, StoreError};

const URL_SIGNING_KEY: &[u8] = b"url_signing_key";

impl Store {
    /// The secret that signs upload and download URLs, made on first use.
    /// Kept in the store so links stay valid across restarts.
    pub fn url_signing_key(&self) -> Result<[u8; 32], StoreError> {
        let _gate = self.write_gate();
        let mut fresh = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut fresh);
        // Only the first writer's key is kept; everyone reads that one.
        let _ = self
            .meta
            .compare_and_swap(URL_SIGNING_KEY, None::<&[u8]>, Some(&fresh[..]))?;
        let stored = self
            .meta
            .get(URL_SIGNING_KEY)?
            .ok_or_else(|| StoreError::Invalid("url signing key vanished".into()))?;
        stored
            .as_ref()
            .try_into()
            .map_err(|_| StoreError::Invalid("url signing key is corrupt".into()))
    }
}

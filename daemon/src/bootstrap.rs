//! First start: a store with no account gets an `admin` account and a key,
//! shown once in the log and written to `DATA/first-api-key` (mode 0600).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::store::{Store, StoreError};

pub const FIRST_KEY_FILE: &str = "first-api-key";
pub const ADMIN_ACCOUNT: &str = "admin";

#[derive(Debug)]
pub struct FirstStart {
    pub account_id: String,
    pub secret: String,
    pub key_file: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write {path}: {source}")]
    KeyFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Create the admin account when the store has none; `None` on later starts.
pub fn ensure_admin(store: &Store, config: &Config) -> Result<Option<FirstStart>, BootstrapError> {
    if store.account_count() > 0 {
        return Ok(None);
    }
    let account = store.create_account(
        ADMIN_ACCOUNT,
        &config.accounts.default_plan,
        config.accounts.initial_free_xeconds,
    )?;
    let (_, secret) = store.create_key(&account.id)?;
    let key_file = config.data_dir.join(FIRST_KEY_FILE);
    write_private(&key_file, &format!("{secret}\n")).map_err(|source| BootstrapError::KeyFile {
        path: key_file.clone(),
        source,
    })?;
    Ok(Some(FirstStart {
        account_id: account.id,
        secret,
        key_file,
    }))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn admin_is_created_once_with_a_private_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        let store = Store::open(dir.path()).unwrap();
        let first = ensure_admin(&store, &config).unwrap().unwrap();
        let text = std::fs::read_to_string(&first.key_file).unwrap();
        assert_eq!(text.trim(), first.secret);
        let mode = std::fs::metadata(&first.key_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(store.authenticate(&first.secret).unwrap().is_some());
        assert!(ensure_admin(&store, &config).unwrap().is_none());
    }
}

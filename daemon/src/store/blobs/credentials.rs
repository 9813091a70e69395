//! S3 credentials: from `storage.credentials_file` (which must not be
//! readable by group or others) or from `AWS_ACCESS_KEY_ID` and
//! `AWS_SECRET_ACCESS_KEY`.

use std::path::{Path, PathBuf};

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("cannot read the S3 credentials file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the S3 credentials file {path} is readable by group or others (mode {mode:o}); chmod 600 it")]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("the S3 credentials file {path} has no {missing}")]
    Incomplete {
        path: PathBuf,
        missing: &'static str,
    },
    #[error("no S3 credentials: set storage.credentials_file or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")]
    Missing,
}

/// The credentials to use: the file when one is configured, otherwise the
/// environment.
pub fn resolve(
    file: Option<&Path>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Credentials, CredentialsError> {
    if let Some(path) = file {
        return from_file(path);
    }
    let get = |name| env(name).filter(|v| !v.is_empty());
    match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Credentials {
            access_key_id,
            secret_access_key,
        }),
        _ => Err(CredentialsError::Missing),
    }
}

/// Read `key = value` lines (`access_key_id`, `secret_access_key`, with or
/// without the `aws_` prefix, so a one-profile `~/.aws/credentials` works);
/// `#` comments and `[section]` lines are skipped.
pub fn from_file(path: &Path) -> Result<Credentials, CredentialsError> {
    use std::os::unix::fs::PermissionsExt;
    let read = |source| CredentialsError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mode = std::fs::metadata(path).map_err(read)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CredentialsError::TooOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    let text = std::fs::read_to_string(path).map_err(read)?;
    let (mut id, mut secret) = (None, None);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_string();
        match key.trim().trim_start_matches("aws_") {
            "access_key_id" => id = Some(value),
            "secret_access_key" => secret = Some(value),
            _ => {}
        }
    }
    let incomplete = |missing| CredentialsError::Incomplete {
        path: path.to_path_buf(),
        missing,
    };
    Ok(Credentials {
        access_key_id: id
            .filter(|v| !v.is_empty())
            .ok_or_else(|| incomplete("access_key_id"))?,
        secret_access_key: secret
            .filter(|v| !v.is_empty())
            .ok_or_else(|| incomplete("secret_access_key"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn write(dir: &Path, text: &str, mode: u32) -> PathBuf {
        let path = dir.join("s3.credentials");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn a_private_file_is_read_and_an_open_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "# kiln\n[default]\naws_access_key_id = AKIAKILN\nsecret_access_key = \"s3cr3t\"\n";
        let path = write(dir.path(), text, 0o600);
        let creds = from_file(&path).unwrap();
        assert_eq!(creds.access_key_id, "AKIAKILN");
        assert_eq!(creds.secret_access_key, "s3cr3t");
        assert!(!format!("{creds:?}").contains("s3cr3t"));

        for mode in [0o640, 0o604, 0o644] {
            let path = write(dir.path(), text, mode);
            let err = from_file(&path).unwrap_err();
            assert!(matches!(err, CredentialsError::TooOpen { .. }), "{mode:o}");
            assert!(err.to_string().contains("chmod 600"), "{err}");
        }
        let path = write(dir.path(), "access_key_id = x\n", 0o400);
        assert!(matches!(
            from_file(&path),
            Err(CredentialsError::Incomplete {
                missing: "secret_access_key",
                ..
            })
        ));
    }

    #[test]
    fn the_file_wins_over_the_environment_which_needs_both_keys() {
        let dir = tempfile::tempdir().unwrap();
        let env = |name: &str| match name {
            "AWS_ACCESS_KEY_ID" => Some("from-env".to_string()),
            "AWS_SECRET_ACCESS_KEY" => Some("env-secret".to_string()),
            _ => None,
        };
        assert_eq!(resolve(None, env).unwrap().access_key_id, "from-env");
        let path = write(
            dir.path(),
            "access_key_id=from-file\nsecret_access_key=x\n",
            0o600,
        );
        assert_eq!(
            resolve(Some(&path), env).unwrap().access_key_id,
            "from-file"
        );
        let half = |name: &str| (name == "AWS_ACCESS_KEY_ID").then(|| "id".to_string());
        assert!(matches!(
            resolve(None, half),
            Err(CredentialsError::Missing)
        ));
    }
}

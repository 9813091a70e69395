//! `kilnd restore`: put a backup made by `kilnd backup` in place of a
//! stopped daemon's store and blobs.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0} is not a kiln backup (no db/ inside)")]
    NotABackup(String),
    #[error("{0} already holds a store; stop kilnd and pass --force to replace it (the old one is kept beside)")]
    Exists(String),
    #[error("the store at {0} is in use: stop kilnd first")]
    InUse(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> RestoreError {
    let what = what.into();
    move |source| RestoreError::Io { what, source }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

pub fn restore(backup: &Path, data_dir: &Path, force: bool) -> Result<(), RestoreError> {
    let source_db = backup.join("db");
    if !source_db.is_dir() {
        return Err(RestoreError::NotABackup(backup.display().to_string()));
    }
    let db = data_dir.join("db");
    if db.exists() {
        if !force {
            return Err(RestoreError::Exists(data_dir.display().to_string()));
        }
        // Opening it proves no daemon holds it.
        match sled::Config::new().path(&db).open() {
            Ok(open) => drop(open),
            Err(_) => return Err(RestoreError::InUse(db.display().to_string())),
        }
        let aside = data_dir.join(format!("db.before-restore-{}", crate::clock::now_ms()));
        std::fs::rename(&db, &aside).map_err(io(format!("moving {} aside", db.display())))?;
    }
    std::fs::create_dir_all(data_dir).map_err(io(format!("creating {}", data_dir.display())))?;
    copy_tree(&source_db, &db).map_err(io("copying the store"))?;
    let blobs = backup.join("blobs");
    if blobs.is_dir() {
        copy_tree(&blobs, &data_dir.join("blobs")).map_err(io("copying the blobs"))?;
    }
    // A restored store must open and migrate cleanly before we say so.
    super::Store::open(data_dir).map_err(|e| RestoreError::Io {
        what: "opening the restored store".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(())
}

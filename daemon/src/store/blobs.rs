//! Blob files (uploads, outputs) under `DATA/blobs`, never inside sled.
//! Writes go to a temporary file that is renamed into place, so a crash
//! never leaves a half-written blob under its final name.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ids::{is_valid, new_id, IdKind};

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

/// A temporary blob file being written. Dropped uncommitted (an error, or a
/// request cancelled mid-upload by its timeout or its client), it is removed,
/// so nothing partial stays behind.
#[derive(Debug)]
pub struct TempBlob {
    path: PathBuf,
    blobs: BlobStore,
    keep: bool,
}

impl TempBlob {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the file into place under a new blob id.
    pub fn commit(mut self) -> std::io::Result<String> {
        let id = self.blobs.commit(&self.path)?;
        self.keep = true;
        Ok(id)
    }
}

impl Drop for TempBlob {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl BlobStore {
    pub fn open(root: &Path) -> std::io::Result<BlobStore> {
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(BlobStore {
            root: root.to_path_buf(),
        })
    }

    /// Final path of blob `id`, sharded by the id's last two characters.
    /// `None` for anything that is not a blob id, so no caller can name a
    /// path outside the blob root.
    pub fn path(&self, id: &str) -> Option<PathBuf> {
        if !is_valid(IdKind::Blob, id) {
            return None;
        }
        let shard = &id[id.len() - 2..];
        Some(self.root.join(shard).join(id))
    }

    /// A fresh temporary path to stream into before [`BlobStore::commit`].
    pub fn temp_path(&self) -> PathBuf {
        self.root.join("tmp").join(new_id(IdKind::Blob))
    }

    /// A fresh temporary file (not yet created) that is removed when dropped
    /// unless committed.
    pub fn temp(&self) -> TempBlob {
        TempBlob {
            path: self.temp_path(),
            blobs: self.clone(),
            keep: false,
        }
    }

    /// Move a fully written temporary file into place under a new blob id.
    pub fn commit(&self, temp: &Path) -> std::io::Result<String> {
        let id = new_id(IdKind::Blob);
        let dest = self.path(&id).expect("fresh ids are valid");
        std::fs::create_dir_all(dest.parent().expect("blob paths have a shard dir"))?;
        std::fs::File::open(temp)?.sync_all()?;
        std::fs::rename(temp, &dest)?;
        Ok(id)
    }

    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let temp = self.temp_path();
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        drop(file);
        self.commit(&temp)
    }

    pub fn remove(&self, id: &str) -> std::io::Result<bool> {
        match self.path(id) {
            Some(path) => match std::fs::remove_file(path) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(e),
            },
            None => Ok(false),
        }
    }

    /// Copy (hard-link where possible) every stored blob under `dest`,
    /// keeping the layout. Blobs never change once stored, so a blob deleted
    /// meanwhile by retention is simply skipped. Returns (files, bytes).
    pub fn copy_all(&self, dest: &Path) -> std::io::Result<(u64, u64)> {
        let (mut files, mut bytes) = (0, 0);
        for shard in std::fs::read_dir(&self.root)? {
            let shard = shard?.path();
            if !shard.is_dir() || shard.file_name().is_some_and(|n| n == "tmp") {
                continue;
            }
            let rel = shard.strip_prefix(&self.root).expect("inside the root");
            std::fs::create_dir_all(dest.join(rel))?;
            for blob in std::fs::read_dir(&shard)? {
                let blob = blob?.path();
                let target = dest.join(blob.strip_prefix(&self.root).expect("inside the root"));
                let copied = std::fs::hard_link(&blob, &target)
                    .map(|_| ())
                    .or_else(|_| std::fs::copy(&blob, &target).map(|_| ()));
                match copied {
                    Ok(()) => {
                        files += 1;
                        bytes += std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok((files, bytes))
    }

    /// Remove temporary files left by an interrupted write.
    pub fn sweep_temp(&self) -> std::io::Result<usize> {
        let mut n = 0;
        for entry in std::fs::read_dir(self.root.join("tmp"))? {
            let path = entry?.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
            n += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temp_blob_is_removed_unless_committed() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let dropped = blobs.temp();
        std::fs::write(dropped.path(), b"partial").unwrap();
        let partial = dropped.path().to_path_buf();
        drop(dropped);
        assert!(!partial.exists());

        let kept = blobs.temp();
        std::fs::write(kept.path(), b"whole").unwrap();
        let id = kept.commit().unwrap();
        assert_eq!(std::fs::read(blobs.path(&id).unwrap()).unwrap(), b"whole");
        assert_eq!(
            std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
            0
        );
    }

    #[test]
    fn blobs_are_files_with_safe_names() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let id = blobs.put(b"hello").unwrap();
        let path = blobs.path(&id).unwrap();
        assert!(path.starts_with(dir.path()));
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert!(blobs.path("../../etc/passwd").is_none());
        assert!(blobs.path("blb_../../../../../etc/pass").is_none());
        std::fs::write(blobs.temp_path(), b"partial").unwrap();
        assert_eq!(blobs.sweep_temp().unwrap(), 1);
        assert!(blobs.remove(&id).unwrap());
        assert!(!path.exists());
    }
}

//! The blob directory: files sharded by the id's last two characters, with
//! a `tmp/` beside them for writes in progress. With the local backend it
//! is the blob store itself; with S3 it is the cache of the bucket.

use std::path::{Path, PathBuf};

use crate::ids::{is_valid, new_id, IdKind};

#[derive(Debug, Clone)]
pub struct LocalBlobs {
    root: PathBuf,
}

impl LocalBlobs {
    pub fn open(root: &Path) -> std::io::Result<LocalBlobs> {
        std::fs::create_dir_all(root.join("tmp"))?;
        Ok(LocalBlobs {
            root: root.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
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

    /// A fresh temporary path to stream into before it is moved into place.
    pub fn temp_path(&self) -> PathBuf {
        self.root.join("tmp").join(new_id(IdKind::Blob))
    }

    /// Move a fully written temporary file into place as blob `id`.
    pub fn place(&self, temp: &Path, id: &str) -> std::io::Result<PathBuf> {
        let dest = self
            .path(id)
            .ok_or_else(|| std::io::Error::other(format!("{id:?} is not a blob id")))?;
        std::fs::create_dir_all(dest.parent().expect("blob paths have a shard dir"))?;
        std::fs::File::open(temp)?.sync_all()?;
        std::fs::rename(temp, &dest)?;
        Ok(dest)
    }

    /// Remove blob `id`; false when there was nothing to remove.
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

    /// Every stored blob: (path, size, last modified).
    pub fn list(&self) -> std::io::Result<Vec<(PathBuf, u64, std::time::SystemTime)>> {
        let mut out = Vec::new();
        for shard in std::fs::read_dir(&self.root)? {
            let shard = shard?.path();
            if !shard.is_dir() || shard.file_name().is_some_and(|n| n == "tmp") {
                continue;
            }
            for blob in std::fs::read_dir(&shard)? {
                let blob = blob?;
                // A blob removed meanwhile is simply not listed.
                if let Ok(meta) = blob.metadata() {
                    let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                    out.push((blob.path(), meta.len(), modified));
                }
            }
        }
        Ok(out)
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

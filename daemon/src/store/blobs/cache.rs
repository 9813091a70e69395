//! The local cache of a bucket: the blob directory, kept under a size
//! bound by dropping the copies used longest ago (the bucket keeps them).

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::local::LocalBlobs;

/// A copy used this recently is kept even past the bound: a job may have
/// been handed its path and not have opened it yet.
pub const IN_USE: Duration = Duration::from_secs(10 * 60);

/// Mark a cached copy as used now (its modification time orders eviction).
pub fn touch(path: &Path) {
    if let Ok(file) = std::fs::File::options().append(true).open(path) {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// Remove cached copies, least recently used first, until they take at
/// most `max_bytes`; returns (files, bytes) removed.
pub fn trim(local: &LocalBlobs, max_bytes: u64, now: SystemTime) -> std::io::Result<(u64, u64)> {
    let mut entries = local.list()?;
    let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
    if total <= max_bytes {
        return Ok((0, 0));
    }
    entries.sort_by_key(|(_, _, modified)| *modified);
    let (mut files, mut bytes) = (0, 0);
    for (path, len, modified) in entries {
        if total <= max_bytes {
            break;
        }
        let recent = now.duration_since(modified).unwrap_or_default() < IN_USE;
        if recent {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => {
                total -= len;
                files += 1;
                bytes += len;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok((files, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{new_id, IdKind};

    #[test]
    fn the_oldest_copies_go_first_and_recent_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let local = LocalBlobs::open(dir.path()).unwrap();
        let now = SystemTime::now();
        let mut ids = Vec::new();
        for age_min in [60, 30, 20, 1] {
            let id = new_id(IdKind::Blob);
            let temp = local.temp_path();
            std::fs::write(&temp, vec![0u8; 100]).unwrap();
            let path = local.place(&temp, &id).unwrap();
            let file = std::fs::File::options().append(true).open(&path).unwrap();
            file.set_modified(now - Duration::from_secs(age_min * 60))
                .unwrap();
            ids.push(id);
        }
        // 400 bytes, at most 150: the two oldest go; then the 20-minute one;
        // the 1-minute one stays although the bound is still passed.
        assert_eq!(trim(&local, 150, now).unwrap(), (3, 300));
        let left: Vec<bool> = ids
            .iter()
            .map(|id| local.path(id).unwrap().exists())
            .collect();
        assert_eq!(left, [false, false, false, true]);
        assert_eq!(trim(&local, 1000, now).unwrap(), (0, 0));
    }
}

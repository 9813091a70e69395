//! Disk headroom: free space on the data directory's filesystem (and the
//! blob store's, when it is another one), the reserve below which new work
//! is refused, the ballast file that lets kilnd start on a full disk, and
//! the data directory's permissions.

use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;

/// The ballast file's name in the data directory.
pub const BALLAST_FILE: &str = "ballast";

#[derive(Debug, thiserror::Error)]
pub enum DiskError {
    #[error("cannot read free space of {path}: {source}")]
    Statvfs { path: PathBuf, source: io::Error },
    #[error("the data directory {0} can be written by other users; make it 0700 (kilnd refuses to keep its keys there)")]
    OthersCanWrite(PathBuf),
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

/// Free and total bytes of the filesystem holding `path`.
pub fn statvfs(path: &Path) -> Result<(u64, u64), DiskError> {
    let err = |source| DiskError::Statvfs {
        path: path.to_path_buf(),
        source,
    };
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|e| err(io::Error::other(e)))?;
    // SAFETY: statvfs writes into the zeroed struct we own; `c` is a valid C string.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return Err(err(io::Error::last_os_error()));
    }
    let unit = s.f_frsize as u64;
    Ok((s.f_bavail as u64 * unit, s.f_blocks as u64 * unit))
}

/// The reserve on a filesystem of `total` bytes: `configured_mb` when set,
/// else the larger of 1 GiB and 5 %, but never more than a tenth of a small
/// filesystem.
pub fn reserve_for(total: u64, configured_mb: u64) -> u64 {
    if configured_mb > 0 {
        return configured_mb * MIB;
    }
    (total / 20).max(GIB).min(total / 10)
}

/// What the last look at the disk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DiskState {
    pub free_bytes: u64,
    pub total_bytes: u64,
    pub reserve_bytes: u64,
    pub low: bool,
}

/// The headroom watcher's state, shared by intake (refusals), health,
/// metrics and the console.
pub struct Disk {
    dirs: Vec<PathBuf>,
    reserve_mb: u64,
    free: AtomicU64,
    total: AtomicU64,
    reserve: AtomicU64,
    low: AtomicBool,
}

impl Disk {
    /// Watches the filesystems of `dirs` (the tightest one counts).
    pub fn new(dirs: Vec<PathBuf>, reserve_mb: u64) -> Disk {
        Disk {
            dirs,
            reserve_mb,
            free: AtomicU64::new(u64::MAX),
            total: AtomicU64::new(0),
            reserve: AtomicU64::new(0),
            low: AtomicBool::new(false),
        }
    }

    /// Look again; returns the new state and whether `low` changed.
    pub fn check(&self) -> Result<(DiskState, bool), DiskError> {
        let mut tightest: Option<(u64, u64, u64)> = None;
        for dir in &self.dirs {
            let (free, total) = statvfs(dir)?;
            let reserve = reserve_for(total, self.reserve_mb);
            let room = free.saturating_sub(reserve);
            if tightest.is_none_or(|(f, _, r)| room < f.saturating_sub(r)) {
                tightest = Some((free, total, reserve));
            }
        }
        let (free, total, reserve) = tightest.unwrap_or((u64::MAX, 0, 0));
        self.free.store(free, Ordering::SeqCst);
        self.total.store(total, Ordering::SeqCst);
        self.reserve.store(reserve, Ordering::SeqCst);
        let low = free < reserve;
        let changed = self.low.swap(low, Ordering::SeqCst) != low;
        Ok((self.state(), changed))
    }

    pub fn state(&self) -> DiskState {
        DiskState {
            free_bytes: self.free.load(Ordering::SeqCst),
            total_bytes: self.total.load(Ordering::SeqCst),
            reserve_bytes: self.reserve.load(Ordering::SeqCst),
            low: self.low.load(Ordering::SeqCst),
        }
    }

    /// Below the reserve: new uploads and jobs are refused.
    pub fn is_low(&self) -> bool {
        self.low.load(Ordering::SeqCst)
    }

    /// Bytes that may still be written before the reserve.
    pub fn headroom(&self) -> u64 {
        let s = self.state();
        s.free_bytes.saturating_sub(s.reserve_bytes)
    }
}

/// Create the data directory private to kilnd (0700, whatever the umask),
/// tighten one made earlier, and refuse one that other users can write.
/// Files kilnd makes from here on are private too (umask 077).
pub fn prepare_data_dir(dir: &Path) -> Result<(), DiskError> {
    let io_err = |what, source| DiskError::Io {
        what,
        path: dir.to_path_buf(),
        source,
    };
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    std::fs::create_dir_all(dir).map_err(|e| io_err("creating", e))?;
    let meta = std::fs::metadata(dir).map_err(|e| io_err("reading", e))?;
    if meta.mode() & 0o002 != 0 {
        return Err(DiskError::OthersCanWrite(dir.to_path_buf()));
    }
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if meta.uid() == me && meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io_err("making private", e))?;
    }
    Ok(())
}

/// Make sure the ballast file holds `bytes` of real blocks; returns whether
/// it had to be written. Nothing is written without `room` to spare.
pub fn ensure_ballast(data_dir: &Path, bytes: u64, room: u64) -> Result<bool, DiskError> {
    let path = data_dir.join(BALLAST_FILE);
    if bytes == 0 || std::fs::metadata(&path).is_ok_and(|m| m.len() >= bytes) {
        return Ok(false);
    }
    if room < bytes {
        return Ok(false);
    }
    let io_err = |source| DiskError::Io {
        what: "writing the ballast",
        path: path.clone(),
        source,
    };
    let file = std::fs::File::create(&path).map_err(io_err)?;
    let written = allocate(&file, bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(&path);
        return Err(io_err(e));
    }
    Ok(true)
}

/// Give `file` `bytes` of real blocks (a sparse file would reserve nothing):
/// `posix_fallocate`, or zeros where the filesystem cannot allocate.
fn allocate(file: &std::fs::File, bytes: u64) -> io::Result<()> {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    // SAFETY: posix_fallocate on an open file descriptor we own.
    let rc = unsafe { libc::posix_fallocate(file.as_raw_fd(), 0, bytes as libc::off_t) };
    match rc {
        0 => Ok(()),
        libc::EOPNOTSUPP | libc::EINVAL => {
            let zeros = vec![0u8; MIB as usize];
            let mut left = bytes;
            let mut out = file;
            while left > 0 {
                let n = left.min(MIB) as usize;
                out.write_all(&zeros[..n])?;
                left -= n as u64;
            }
            Ok(())
        }
        rc => Err(io::Error::from_raw_os_error(rc)),
    }
}

/// Delete the ballast file to free its space; returns whether there was one.
pub fn release_ballast(data_dir: &Path) -> bool {
    std::fs::remove_file(data_dir.join(BALLAST_FILE)).is_ok()
}

/// Whether an error (from sled, the blob store, a file write) means the
/// filesystem is full.
pub fn is_no_space(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<io::Error>() {
            if io.raw_os_error() == Some(libc::ENOSPC) || io.kind() == io::ErrorKind::StorageFull {
                return true;
            }
        }
        let text = c.to_string();
        if text.contains("No space left") || text.contains("StorageFull") {
            return true;
        }
        cause = c.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserves_scale_with_the_filesystem() {
        assert_eq!(reserve_for(100 * MIB, 0), 10 * MIB);
        assert_eq!(reserve_for(100 * GIB, 0), 5 * GIB);
        assert_eq!(reserve_for(15 * GIB, 0), GIB);
        assert_eq!(reserve_for(100 * GIB, 300), 300 * MIB);
    }

    #[test]
    fn the_data_dir_is_private_and_others_cannot_write_it() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("data");
        prepare_data_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        prepare_data_dir(&dir).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(matches!(
            prepare_data_dir(&dir),
            Err(DiskError::OthersCanWrite(_))
        ));
    }

    #[test]
    fn the_ballast_holds_real_blocks_and_is_released() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ensure_ballast(dir.path(), MIB, 2 * MIB).unwrap());
        let meta = std::fs::metadata(dir.path().join(BALLAST_FILE)).unwrap();
        assert_eq!(meta.len(), MIB);
        assert!(meta.blocks() * 512 >= MIB, "not sparse");
        assert!(!ensure_ballast(dir.path(), MIB, 2 * MIB).unwrap());
        assert!(release_ballast(dir.path()));
        assert!(
            !ensure_ballast(dir.path(), MIB, MIB / 2).unwrap(),
            "no room"
        );
    }

    #[test]
    fn no_space_is_recognised_through_wrappers() {
        let io = io::Error::from_raw_os_error(libc::ENOSPC);
        assert!(is_no_space(&io));
        let store = crate::store::StoreError::Io(io);
        assert!(is_no_space(&store));
        assert!(!is_no_space(&io::Error::other("nope")));
    }
}

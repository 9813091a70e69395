//! Filesystem confinement of a worker with Landlock (Linux 5.13 and later):
//! it may read (and run) system libraries and programs, fonts, LibreOffice's
//! settings and its own `/proc` entry, read the
//! blob store (its inputs), and write only under its working directory (the
//! blob store's `tmp/`). The store's database, configuration files, keys and
//! home directories are out of its reach, and where the kernel allows it, it
//! can signal no process outside its sandbox. Best effort: on an older kernel
//! the worker keeps its other limits and says how far confinement went.

use std::path::Path;

use landlock::{
    path_beneath_rules, Access, AccessFs, Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetError,
    RulesetStatus, Scope, ABI,
};

/// Read-only system paths media code may need (libraries loaded late,
/// fonts for text watermarks and documents, CPU counts for thread pools).
/// Reading includes executing: office steps start LibreOffice, which
/// inherits this confinement and writes only under the step's folder.
const SYSTEM_READ: &[&str] = &[
    "/usr",
    "/lib",
    "/lib64",
    "/etc/ld.so.cache",
    "/etc/fonts",
    "/etc/localtime",
    "/etc/alternatives",
    // LibreOffice, run by office steps (its program is under /usr).
    "/etc/libreoffice",
    "/var/lib/libreoffice",
    "/var/spool/libreoffice",
    "/var/cache/fontconfig",
    "/proc/self",
    "/proc/cpuinfo",
    "/proc/meminfo",
    "/sys/devices/system/cpu",
    "/sys/fs/cgroup",
    "/dev/urandom",
    "/dev/zero",
];

/// How far confinement went, as told to the daemon.
pub fn describe(status: RulesetStatus) -> &'static str {
    match status {
        RulesetStatus::FullyEnforced => "full",
        RulesetStatus::PartiallyEnforced => "partial",
        _ => "none",
    }
}

/// Confines the calling process (call it before any thread starts: threads
/// made later inherit the restriction, earlier ones would not).
pub fn apply(work_dir: &Path) -> Result<RulesetStatus, RulesetError> {
    let abi = ABI::V6;
    let blobs = work_dir.parent().unwrap_or(work_dir);
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))?
        .scope(Scope::Signal | Scope::AbstractUnixSocket)?
        .create()?
        .add_rules(path_beneath_rules(SYSTEM_READ, AccessFs::from_read(abi)))?
        .add_rules(path_beneath_rules(["/dev/null"], AccessFs::from_file(abi)))?
        .add_rules(path_beneath_rules([blobs], AccessFs::from_read(abi)))?
        // LibreOffice's one-instance pipe: a socket it makes and removes in
        // /tmp whatever TMPDIR says (kilnd.service gives the daemon a
        // private /tmp).
        .add_rules(path_beneath_rules(
            ["/tmp"],
            AccessFs::MakeSock | AccessFs::RemoveFile,
        ))?
        .add_rules(path_beneath_rules([work_dir], AccessFs::from_all(abi)))?
        .restrict_self()?;
    Ok(status.ruleset)
}

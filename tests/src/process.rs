//! Processes from the outside: signals, liveness, exit status.

use std::process::Output;
use std::time::Duration;

/// Send a signal to a process.
pub fn signal(pid: u32, sig: i32) {
    // SAFETY: kill(2) with a pid and signal number; no memory is involved.
    let rc = unsafe { libc::kill(pid as libc::pid_t, sig) };
    assert_eq!(rc, 0, "kill({pid}, {sig}) failed");
}

/// True while `pid` exists and is not a zombie.
pub fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// Whether `pid` is gone (or a zombie) within two seconds, checked every 20 ms.
pub fn process_ends(pid: u32) -> bool {
    (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        !process_alive(pid)
    })
}

/// Asserts that a finished command (`what`) exited successfully, showing
/// its output when it did not.
pub fn assert_success(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The programs of `parent`'s child processes.
pub fn child_programs(parent: u32) -> Vec<String> {
    let mut programs = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: comm may hold spaces, so read after ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(parent) {
            if let Ok(exe) = std::fs::read_link(entry.path().join("exe")) {
                programs.push(exe.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    programs
}

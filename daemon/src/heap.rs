//! The C heap of a process that runs for months. glibc's malloc gives
//! every thread that allocates an arena of its own (up to eight per core),
//! and keeps freed memory in them; a server whose blocking pool comes and
//! goes collects arenas and freed pages that never return, so its resident
//! size creeps up with the work done. kilnd keeps two arenas and hands free
//! pages back to the system once a minute.

/// Caps malloc's arenas; call before any thread starts.
pub fn bound_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns the heap's free pages to the system.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory malloc holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}

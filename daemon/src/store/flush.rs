//! Group commit: every reported write must be on disk, but concurrent
//! writers share one sled flush instead of queueing for one each. A caller
//! waits for a flush that started after its write; whoever finds none
//! running starts it. On a multi-threaded runtime the wait moves off the
//! async worker (`block_in_place`), so many requests can wait on one flush.

use std::sync::{Condvar, Mutex};

#[derive(Default)]
struct State {
    /// Generation of the latest flush started.
    started: u64,
    /// Generation of the latest flush that succeeded.
    done_ok: u64,
    flushing: bool,
}

#[derive(Default)]
pub(crate) struct GroupFlush {
    state: Mutex<State>,
    finished: Condvar,
}

impl GroupFlush {
    /// Returns once every write made before the call is flushed by `flush`.
    pub(crate) fn sync<E>(&self, flush: impl Fn() -> Result<(), E>) -> Result<(), E> {
        let wait = || self.wait_for_flush(&flush);
        match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(wait)
            }
            _ => wait(),
        }
    }

    fn wait_for_flush<E>(&self, flush: &impl Fn() -> Result<(), E>) -> Result<(), E> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        // A flush already running may have begun before this caller's write.
        let needed = st.started + 1;
        loop {
            if st.done_ok >= needed {
                return Ok(());
            }
            if !st.flushing {
                st.flushing = true;
                st.started += 1;
                let generation = st.started;
                drop(st);
                let result = flush();
                st = self.state.lock().unwrap_or_else(|p| p.into_inner());
                st.flushing = false;
                if result.is_ok() {
                    st.done_ok = st.done_ok.max(generation);
                }
                self.finished.notify_all();
                // This caller's own flush failing is its answer; others retry.
                result?;
                continue;
            }
            st = self.finished.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn concurrent_callers_share_flushes() {
        let group = Arc::new(GroupFlush::default());
        let flushes = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let (group, flushes) = (group.clone(), flushes.clone());
                std::thread::spawn(move || {
                    for _ in 0..10 {
                        group
                            .sync(|| {
                                flushes.fetch_add(1, Ordering::SeqCst);
                                std::thread::sleep(Duration::from_millis(5));
                                Ok::<(), ()>(())
                            })
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let n = flushes.load(Ordering::SeqCst);
        assert!((10..160).contains(&n), "{n} flushes for 160 calls");
    }

    #[test]
    fn a_flush_that_started_before_the_write_does_not_count() {
        let group = GroupFlush::default();
        let flushes = AtomicU64::new(0);
        let count = || {
            flushes.fetch_add(1, Ordering::SeqCst);
            Ok::<(), ()>(())
        };
        group.sync(count).unwrap();
        group.sync(count).unwrap();
        assert_eq!(flushes.load(Ordering::SeqCst), 2, "each call flushed");
    }

    #[test]
    fn a_failed_flush_is_reported_and_the_next_call_flushes_again() {
        let group = GroupFlush::default();
        assert_eq!(group.sync(|| Err("disk full")), Err("disk full"));
        assert_eq!(group.sync(|| Ok::<(), &str>(())), Ok(()));
    }
}

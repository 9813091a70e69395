//! The poller's connection to kilnd and when to try again after it drops:
//! exponential backoff from [`FIRST_RETRY`], doubling up to [`MAX_RETRY`],
//! back to the start once a connection has loaded.

use std::time::{Duration, Instant};

/// The wait after a connection drops, or after the first failed attempt.
pub const FIRST_RETRY: Duration = Duration::from_millis(100);
/// The longest wait between attempts while kilnd stays away.
pub const MAX_RETRY: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connected,
    /// Try again at `retry_at`; `backoff` is the wait that led there.
    Disconnected {
        retry_at: Instant,
        backoff: Duration,
    },
}

impl Link {
    /// Before the first attempt, which is made at once.
    pub fn new(now: Instant) -> Link {
        Link::Disconnected {
            retry_at: now,
            backoff: Duration::ZERO,
        }
    }

    pub fn connected(&mut self) {
        *self = Link::Connected;
    }

    /// The connection dropped, or an attempt failed: returns when to try again.
    pub fn disconnected(&mut self, now: Instant) -> Instant {
        let backoff = match *self {
            Link::Disconnected { backoff, .. } if !backoff.is_zero() => {
                (backoff * 2).min(MAX_RETRY)
            }
            _ => FIRST_RETRY,
        };
        let retry_at = now + backoff;
        *self = Link::Disconnected { retry_at, backoff };
        retry_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waits(link: &mut Link, n: usize) -> Vec<u64> {
        let now = Instant::now();
        (0..n)
            .map(|_| (link.disconnected(now) - now).as_millis() as u64)
            .collect()
    }

    #[test]
    fn backoff_doubles_to_the_cap() {
        let mut link = Link::new(Instant::now());
        assert_eq!(
            waits(&mut link, 9),
            [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]
        );
    }

    #[test]
    fn a_connection_resets_the_backoff() {
        let mut link = Link::new(Instant::now());
        waits(&mut link, 4);
        link.connected();
        assert_eq!(link, Link::Connected);
        assert_eq!(waits(&mut link, 3), [100, 200, 400]);
    }

    #[test]
    fn the_state_says_when_to_retry() {
        let now = Instant::now();
        let mut link = Link::new(now);
        let at = link.disconnected(now);
        assert_eq!(
            link,
            Link::Disconnected {
                retry_at: at,
                backoff: FIRST_RETRY
            }
        );
        assert_eq!(at, now + FIRST_RETRY);
    }
}

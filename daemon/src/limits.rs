//! Per-key request rate limits for the file-automation API (GCRA, by plan).

use std::collections::HashMap;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Config;

/// One keyed limiter per plan, each with that plan's rate and burst.
pub struct RateLimits {
    by_plan: HashMap<String, DefaultKeyedRateLimiter<String>>,
    clock: DefaultClock,
}

impl RateLimits {
    pub fn new(config: &Config) -> RateLimits {
        let by_plan = config
            .plans
            .iter()
            .map(|(name, plan)| {
                let rate = NonZeroU32::new(plan.rate_per_sec).unwrap_or(NonZeroU32::MIN);
                let burst = NonZeroU32::new(plan.burst).unwrap_or(NonZeroU32::MIN);
                (
                    name.clone(),
                    RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
                )
            })
            .collect();
        RateLimits {
            by_plan,
            clock: DefaultClock::default(),
        }
    }

    /// `Ok` when `key_id` may make a request now; otherwise the whole
    /// seconds to wait (at least 1), for `Retry-After`.
    pub fn check(&self, plan: &str, key_id: &str) -> Result<(), u64> {
        let Some(limiter) = self.by_plan.get(plan) else {
            return Ok(());
        };
        limiter.check_key(&key_id.to_string()).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refuse_with_a_wait() {
        let limits = RateLimits::new(&Config::default());
        let allowed = (0..40)
            .filter(|_| limits.check("free", "key_a").is_ok())
            .count();
        assert!((20..=21).contains(&allowed), "{allowed}");
        assert_eq!(limits.check("free", "key_a"), Err(1));
        assert!(
            limits.check("free", "key_b").is_ok(),
            "keys are limited separately"
        );
    }
}

//! Per-key request rate limits for the file-automation API (GCRA, by plan),
//! with what a client needs to pace itself (limit, remaining, reset).

use std::collections::HashMap;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Config;

type Limiter = DefaultKeyedRateLimiter<String, StateInformationMiddleware>;

/// One plan's limiter, with that plan's rate and burst.
struct PlanLimiter {
    limiter: Limiter,
    rate_per_sec: u32,
    burst: u32,
}

/// One keyed limiter per plan, each with that plan's rate and burst.
pub struct RateLimits {
    by_plan: HashMap<String, PlanLimiter>,
    clock: DefaultClock,
}

/// Where a key stands against its limit after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateState {
    /// Requests allowed at once (the burst).
    pub limit: u32,
    /// Requests still allowed right now.
    pub remaining: u32,
    /// Seconds until the allowance is whole again.
    pub reset_secs: u64,
}

impl RateLimits {
    pub fn new(config: &Config) -> RateLimits {
        let by_plan = config
            .plans
            .iter()
            .map(|(name, plan)| {
                let rate = NonZeroU32::new(plan.rate_per_sec).unwrap_or(NonZeroU32::MIN);
                let burst = NonZeroU32::new(plan.burst).unwrap_or(NonZeroU32::MIN);
                let quota = Quota::per_second(rate).allow_burst(burst);
                let limiter = RateLimiter::keyed(quota).with_middleware();
                let plan = PlanLimiter {
                    limiter,
                    rate_per_sec: rate.get(),
                    burst: burst.get(),
                };
                (name.clone(), plan)
            })
            .collect();
        RateLimits {
            by_plan,
            clock: DefaultClock::default(),
        }
    }

    /// Forgets keys whose allowance is whole again (they are as if never
    /// seen), so the limiters hold only keys active lately.
    pub fn forget_idle(&self) {
        for p in self.by_plan.values() {
            p.limiter.retain_recent();
            p.limiter.shrink_to_fit();
        }
    }

    /// Keys the limiters remember.
    pub fn remembered(&self) -> usize {
        self.by_plan.values().map(|p| p.limiter.len()).sum()
    }

    /// `Ok` when `key_id` may make a request now; otherwise the whole
    /// seconds to wait (at least 1), for `Retry-After`. Either way, where
    /// the key stands (`None` for a plan without a limiter).
    pub fn check(&self, plan: &str, key_id: &str) -> Result<Option<RateState>, (u64, RateState)> {
        let Some(p) = self.by_plan.get(plan) else {
            return Ok(None);
        };
        match p.limiter.check_key(&key_id.to_string()) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity().min(p.burst);
                let missing = u64::from(p.burst - remaining);
                Ok(Some(RateState {
                    limit: p.burst,
                    remaining,
                    reset_secs: missing.div_ceil(u64::from(p.rate_per_sec)),
                }))
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
                let state = RateState {
                    limit: p.burst,
                    remaining: 0,
                    reset_secs: u64::from(p.burst).div_ceil(u64::from(p.rate_per_sec)),
                };
                Err((secs, state))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refuse_with_a_wait() {
        let limits = RateLimits::new(&Config::default());
        let first = limits.check("free", "key_a").unwrap().unwrap();
        assert_eq!((first.limit, first.remaining), (20, 19));
        let allowed = (0..40)
            .filter(|_| limits.check("free", "key_a").is_ok())
            .count();
        assert!((19..=20).contains(&allowed), "{allowed}");
        let (wait, state) = limits.check("free", "key_a").unwrap_err();
        assert_eq!((wait, state.remaining), (1, 0));
        assert!(
            limits.check("free", "key_b").is_ok(),
            "keys are limited separately"
        );
    }
}

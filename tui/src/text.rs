//! Text that the operator CLI and the console both print, so they say the
//! same things the same way.

use kiln_shared::model::{AccountView, JobView, UsageView};

/// `5s`, `2m5s`, `2h1m`, `1d1h`.
pub fn long_duration(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{}s", s / 60, s % 60),
        s if s < 86400 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        s => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
    }
}

/// ` (refunded)` after a refunded job's charge, else nothing.
pub fn refunded_note(refunded: bool) -> &'static str {
    if refunded {
        " (refunded)"
    } else {
        ""
    }
}

/// A job after an action: `job_… canceled (refunded)`.
pub fn job_outcome(j: &JobView) -> String {
    format!("{} {}{}", j.id, j.state.as_str(), refunded_note(j.refunded))
}

/// An account's balance: `ops: free 120 + paid 2000 = 2120 xeconds`.
pub fn balance_line(a: &AccountView) -> String {
    format!(
        "{}: free {} + paid {} = {} xeconds",
        a.name,
        a.balance.free,
        a.balance.paid,
        a.balance.total()
    )
}

/// A month's usage: `2026-11: 12 jobs, 3 command jobs, 5 steps, $1.25`.
pub fn usage_line(u: &UsageView) -> String {
    format!(
        "{}: {} jobs, {} command jobs, {} steps, ${}.{:02}",
        u.month,
        u.jobs_submitted,
        u.command_jobs,
        u.pipeline_steps,
        u.amount_micros / 1_000_000,
        (u.amount_micros % 1_000_000) / 10_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(long_duration(5), "5s");
        assert_eq!(long_duration(125), "2m5s");
        assert_eq!(long_duration(7300), "2h1m");
        assert_eq!(long_duration(90000), "1d1h");
    }
}

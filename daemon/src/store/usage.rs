//! Metered usage of the file-automation API, per account and calendar month
//! (UTC): jobs submitted (for plan quotas) and what succeeded jobs cost.

use serde::{Deserialize, Serialize};

use super::codec::Record;
use super::{get, Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub account_id: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Jobs accepted this month (counted against `plans.*.monthly_jobs`).
    pub jobs_submitted: u64,
    /// Succeeded command jobs, billed.
    pub command_jobs: u64,
    /// Succeeded chat answers (not billed).
    pub chat_jobs: u64,
    /// Billed pipeline steps of succeeded command jobs.
    pub pipeline_steps: u64,
    /// Amount billed, in millionths of a dollar.
    pub amount_micros: u64,
}

impl Record for Usage {
    const KIND: &'static str = "usage";
    const VERSION: u8 = 1;
}

/// `YYYY-MM` of a unix-millisecond time, in UTC.
pub fn month_of(ms: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp((ms / 1000) as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}", t.year(), u8::from(t.month()))
}

pub(crate) fn usage_key(account_id: &str, month: &str) -> Vec<u8> {
    format!("{account_id}/{month}").into_bytes()
}

impl Store {
    pub fn usage(&self, account_id: &str, month: &str) -> Result<Usage, StoreError> {
        Ok(
            get(&self.usage, &usage_key(account_id, month))?.unwrap_or_else(|| Usage {
                account_id: account_id.to_string(),
                month: month.to_string(),
                ..Default::default()
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_are_utc_calendar_months() {
        assert_eq!(super::month_of(0), "1970-01");
        assert_eq!(super::month_of(1_796_083_200_000), "2026-12");
    }
}

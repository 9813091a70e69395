//! The ledger: every change to a balance, append-only, keyed by a sortable id.

use serde::{Deserialize, Serialize};

use super::codec::Record;
use super::{scan, Store, StoreError};
use crate::clock::now_ms;
use crate::ids::{new_id, IdKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerReason {
    /// Free xeconds given to a new account.
    Signup,
    /// An operator grant.
    Grant,
    /// A job's charge, taken when it is accepted.
    Debit,
    /// A failed or canceled job's charge, given back.
    Refund,
}

impl LedgerReason {
    pub fn as_str(&self) -> &'static str {
        match self {
            LedgerReason::Signup => "signup",
            LedgerReason::Grant => "grant",
            LedgerReason::Debit => "debit",
            LedgerReason::Refund => "refund",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: String,
    pub account_id: String,
    pub at: u64,
    /// Change to the free bucket, in xeconds.
    pub free: i64,
    /// Change to the paid bucket, in xeconds.
    pub paid: i64,
    pub reason: LedgerReason,
    /// The job a debit or refund belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
}

impl Record for LedgerEntry {
    const KIND: &'static str = "ledger entry";
    const VERSION: u8 = 1;
}

impl LedgerEntry {
    pub fn new(account_id: &str, free: i64, paid: i64, reason: LedgerReason) -> LedgerEntry {
        LedgerEntry {
            id: new_id(IdKind::Ledger),
            account_id: account_id.to_string(),
            at: now_ms(),
            free,
            paid,
            reason,
            job_id: None,
        }
    }
}

impl Store {
    /// Every entry, oldest first.
    pub fn all_ledger(&self) -> Result<Vec<LedgerEntry>, StoreError> {
        scan(&self.ledger)
    }

    /// One account's entries, oldest first.
    pub fn ledger_for(&self, account_id: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        Ok(scan::<LedgerEntry>(&self.ledger)?
            .into_iter()
            .filter(|e| e.account_id == account_id)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec;

    #[test]
    fn entries_round_trip() {
        let e = LedgerEntry::new("acc_x", -3, 7, LedgerReason::Grant);
        assert_eq!(codec::decode::<LedgerEntry>(&codec::encode(&e)).unwrap(), e);
    }
}

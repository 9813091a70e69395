//! Records as the operator sees them over the control channel.

use serde::{Deserialize, Serialize};

/// Xeconds held by an account, split by where they came from.
/// Free xeconds render with a watermark; paid ones render clean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub free: u64,
    pub paid: u64,
}

impl Balance {
    pub fn total(&self) -> u64 {
        self.free.saturating_add(self.paid)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: String,
    pub name: String,
    pub plan: String,
    /// Unix milliseconds.
    pub created_at: u64,
    pub balance: Balance,
    pub active_keys: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyView {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    /// The displayable start of the key, e.g. `kiln_live_AbC123xy`.
    pub prefix: String,
    pub created_at: u64,
    pub last_used_at: Option<u64>,
    pub revoked_at: Option<u64>,
}

/// A freshly created key: the only time the secret is ever shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedKey {
    pub key: KeyView,
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateAccount {
    pub name: String,
    pub plan: Option<String>,
    /// Free xeconds granted on creation; the configured default when `None`.
    pub free_xeconds: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedAccount {
    pub account: AccountView,
    pub key: CreatedKey,
}

/// Which bucket a grant goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bucket {
    Free,
    Paid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub accounts: u64,
    pub active_keys: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub version: String,
    /// Unix milliseconds when this daemon process started.
    pub started_at: u64,
    pub uptime_secs: u64,
    pub http_listen: String,
    pub data_dir: String,
    pub counts: Counts,
}

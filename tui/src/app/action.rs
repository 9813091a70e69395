//! What the app asks the background tasks to do, and the operator actions
//! among them.

use kiln_shared::model::Bucket;

/// What the app asks the background tasks to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    JobDetail(String),
    AccountDetail(String),
    Action(Action),
    RefreshAll,
    Quit,
}

/// An operator action, sent only after confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    CancelJob(String),
    RetryJob(String),
    Grant {
        account: String,
        xeconds: u64,
        bucket: Bucket,
    },
    CreateKey(String),
    RevokeKey(String),
    SetSlots(u32),
    SetIntake(bool),
    Redeliver(String),
}

impl Action {
    pub fn describe(&self) -> String {
        match self {
            Action::CancelJob(id) => format!("Cancel job {id} and refund its charge?"),
            Action::RetryJob(id) => format!("Retry job {id} as a new job (charged again)?"),
            Action::Grant {
                account,
                xeconds,
                bucket,
            } => format!(
                "Grant {xeconds} {} xeconds to {account}?",
                bucket_word(*bucket)
            ),
            Action::CreateKey(account) => format!("Create a new API key for {account}?"),
            Action::RevokeKey(prefix) => format!("Revoke the key {prefix}?"),
            Action::SetSlots(n) => format!("Set the worker pool to {n} slots?"),
            Action::Redeliver(id) => format!("Send webhook delivery {id} again now?"),
            Action::SetIntake(true) => "Resume intake of new jobs?".into(),
            Action::SetIntake(false) => {
                "Pause intake (drain): new jobs get 503 until resumed?".into()
            }
        }
    }
}

fn bucket_word(b: Bucket) -> &'static str {
    match b {
        Bucket::Free => "free",
        Bucket::Paid => "paid",
    }
}

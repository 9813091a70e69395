//! Which jobs the Jobs view shows: the state filter cycled by `s`, and the
//! typed filter (words, `state:WORD`, `account:NAME`).

use std::collections::HashMap;

use kiln_shared::model::{JobState, JobView};

/// Which jobs the Jobs view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    All,
    Active,
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

impl StateFilter {
    const CYCLE: [StateFilter; 7] = [
        StateFilter::All,
        StateFilter::Active,
        StateFilter::Queued,
        StateFilter::Running,
        StateFilter::Succeeded,
        StateFilter::Failed,
        StateFilter::Canceled,
    ];

    pub fn word(self) -> &'static str {
        match self {
            StateFilter::All => "all",
            StateFilter::Active => "active",
            StateFilter::Queued => "queued",
            StateFilter::Running => "running",
            StateFilter::Succeeded => "succeeded",
            StateFilter::Failed => "failed",
            StateFilter::Canceled => "canceled",
        }
    }

    pub(super) fn next(self) -> StateFilter {
        let i = Self::CYCLE.iter().position(|s| *s == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    fn from_word(word: &str) -> Option<StateFilter> {
        Self::CYCLE.iter().copied().find(|f| f.word() == word)
    }

    fn matches(self, s: JobState) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::Active => !s.is_terminal(),
            StateFilter::Queued => s == JobState::Queued,
            StateFilter::Running => matches!(s, JobState::Starting | JobState::Running),
            StateFilter::Succeeded => s == JobState::Succeeded,
            StateFilter::Failed => s == JobState::Failed,
            StateFilter::Canceled => s == JobState::Canceled,
        }
    }
}

/// The typed filter, parsed once per refilter.
pub(super) struct JobQuery {
    state: StateFilter,
    /// Lowercase prefix of an account id or name.
    account: Option<String>,
    /// Lowercase words that must all appear somewhere in the job's row.
    words: Vec<String>,
}

impl JobQuery {
    /// `state` is the cycled state filter; a `state:WORD` token overrides it.
    pub(super) fn parse(text: &str, state: StateFilter) -> JobQuery {
        let mut query = JobQuery {
            state,
            account: None,
            words: Vec::new(),
        };
        for token in text.split_whitespace() {
            let lower = token.to_lowercase();
            if let Some(s) = lower.strip_prefix("state:") {
                match StateFilter::from_word(s) {
                    Some(f) => query.state = f,
                    // A render-API word, e.g. `state:no_workers`.
                    None => query.words.push(s.to_string()),
                }
            } else if let Some(a) = lower.strip_prefix("account:") {
                query.account = Some(a.to_string());
            } else {
                query.words.push(lower);
            }
        }
        query
    }

    /// `names` maps account ids to names.
    pub(super) fn matches(&self, j: &JobView, names: &HashMap<String, String>) -> bool {
        self.state.matches(j.state) && self.account_matches(j, names) && self.words_match(j, names)
    }

    fn account_matches(&self, j: &JobView, names: &HashMap<String, String>) -> bool {
        self.account.as_ref().is_none_or(|a| {
            j.account_id.to_lowercase().starts_with(a)
                || names
                    .get(&j.account_id)
                    .is_some_and(|n| n.to_lowercase().starts_with(a))
        })
    }

    fn words_match(&self, j: &JobView, names: &HashMap<String, String>) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let hay = format!(
            "{} {} {} {} {} {} {}",
            j.id,
            j.account_id,
            names.get(&j.account_id).map(String::as_str).unwrap_or(""),
            j.kind,
            j.state.as_str(),
            j.render_status,
            j.summary
        )
        .to_lowercase();
        self.words.iter().all(|w| hay.contains(w.as_str()))
    }
}

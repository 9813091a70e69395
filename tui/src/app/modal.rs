//! Overlays (help, confirmations, prompts, a new key's secret) and the keys
//! they take while open.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kiln_shared::model::Bucket;

use super::{Action, App, ListPos, Request};

/// Text typed into a prompt, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The Jobs filter: words, `state:WORD`, `account:NAME`.
    Filter,
    Grant {
        account: String,
        bucket: Bucket,
    },
    Slots,
    RevokeKey,
}

impl PromptKind {
    fn numeric(&self) -> bool {
        matches!(self, PromptKind::Grant { .. } | PromptKind::Slots)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Help,
    Confirm(Action),
    Prompt {
        kind: PromptKind,
        input: String,
    },
    /// A new key's secret: shown once.
    Secret {
        prefix: String,
        account: String,
        secret: String,
    },
}

impl App {
    /// A key while `modal` is open (it has been taken out of `self.modal`;
    /// it stays closed unless put back).
    pub(super) fn modal_key(&mut self, modal: Modal, key: KeyEvent) -> Vec<Request> {
        match modal {
            // Any key closes; `q` on help does not quit.
            Modal::Help | Modal::Secret { .. } => Vec::new(),
            Modal::Confirm(action) => self.confirm_key(action, key),
            Modal::Prompt { kind, input } => self.prompt_key(kind, input, key),
        }
    }

    fn confirm_key(&mut self, action: Action, key: KeyEvent) -> Vec<Request> {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                self.set_status(
                    format!("{}…", action.describe().trim_end_matches('?')),
                    false,
                );
                vec![Request::Action(action)]
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                self.set_status("canceled", false);
                Vec::new()
            }
            _ => self.open(Modal::Confirm(action)),
        }
    }

    fn prompt_key(&mut self, kind: PromptKind, mut input: String, key: KeyEvent) -> Vec<Request> {
        match key.code {
            KeyCode::Esc => {
                if kind == PromptKind::Filter {
                    // The filter applies as it is typed; Esc drops it.
                    self.filter_text.clear();
                    self.jobs_changed();
                }
                return Vec::new();
            }
            KeyCode::Enter => return self.submit_prompt(kind, input),
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Tab => {
                if let PromptKind::Grant { account, bucket } = kind {
                    let bucket = match bucket {
                        Bucket::Free => Bucket::Paid,
                        Bucket::Paid => Bucket::Free,
                    };
                    let kind = PromptKind::Grant { account, bucket };
                    return self.open(Modal::Prompt { kind, input });
                }
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => input.clear(),
            KeyCode::Char(c) if !kind.numeric() || c.is_ascii_digit() => input.push(c),
            _ => {}
        }
        if kind == PromptKind::Filter {
            // Filter as you type.
            self.filter_text = input.clone();
            self.jobs_pos = ListPos::default();
            self.jobs_changed();
        }
        self.open(Modal::Prompt { kind, input })
    }

    fn submit_prompt(&mut self, kind: PromptKind, input: String) -> Vec<Request> {
        match kind {
            PromptKind::Filter => {
                self.filter_text = input.trim().to_string();
                self.jobs_changed();
            }
            PromptKind::Grant { account, bucket } => match input.parse::<u64>() {
                Ok(xeconds) if xeconds > 0 => {
                    self.modal = Some(Modal::Confirm(Action::Grant {
                        account,
                        xeconds,
                        bucket,
                    }))
                }
                _ => self.set_status("enter a positive number of xeconds", true),
            },
            PromptKind::Slots => match input.parse::<u32>() {
                Ok(n) if (1..=256).contains(&n) => {
                    self.modal = Some(Modal::Confirm(Action::SetSlots(n)))
                }
                _ => self.set_status("worker slots must be 1..=256", true),
            },
            PromptKind::RevokeKey => {
                let prefix = input.trim().to_string();
                if prefix.is_empty() {
                    self.set_status("enter a key prefix", true);
                } else {
                    self.modal = Some(Modal::Confirm(Action::RevokeKey(prefix)));
                }
            }
        }
        Vec::new()
    }
}

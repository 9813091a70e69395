//! Keys: the ones every view shares first, then the current view's own.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use kiln_shared::model::{Bucket, JobState};

use super::{Action, App, DetailPane, ListPos, Modal, PromptKind, Request, StateFilter, Tab};

impl App {
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q'))
        {
            return vec![Request::Quit];
        }
        if let Some(modal) = self.modal.take() {
            return self.modal_key(modal, key);
        }
        if let Some(out) = self.global_key(key) {
            return out;
        }
        match self.tab {
            Tab::Jobs if self.detail.is_some() => self.detail_key(key),
            Tab::Jobs => self.jobs_key(key),
            Tab::Workers => self.workers_key(key),
            Tab::Accounts => self.accounts_key(key),
            Tab::Webhooks => self.webhooks_key(key),
            Tab::Events => self.events_key(key),
        }
    }

    /// Keys that mean the same in every view; `None` leaves the key to the view.
    fn global_key(&mut self, key: KeyEvent) -> Option<Vec<Request>> {
        let out = match key.code {
            KeyCode::Char('q') => vec![Request::Quit],
            KeyCode::Char('?') => self.open(Modal::Help),
            KeyCode::Char(c @ '1'..='5') => self.switch_tab(Tab::ALL[(c as u8 - b'1') as usize]),
            KeyCode::Tab => {
                let i = (self.tab.index() + 1) % Tab::ALL.len();
                self.switch_tab(Tab::ALL[i])
            }
            KeyCode::BackTab => {
                let i = (self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len();
                self.switch_tab(Tab::ALL[i])
            }
            KeyCode::F(5) => vec![Request::RefreshAll],
            KeyCode::Char('r') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                vec![Request::RefreshAll]
            }
            KeyCode::Char('p') => {
                let accepting = self.overview.as_ref().is_none_or(|o| o.accepting);
                self.open(Modal::Confirm(Action::SetIntake(!accepting)))
            }
            KeyCode::Char('w') if self.tab != Tab::Accounts => {
                let slots = self.overview.as_ref().map(|o| o.workers_total.to_string());
                self.open(Modal::Prompt {
                    kind: PromptKind::Slots,
                    input: slots.unwrap_or_default(),
                })
            }
            _ => return None,
        };
        Some(out)
    }

    /// Open an overlay; nothing to ask the background for.
    pub(super) fn open(&mut self, modal: Modal) -> Vec<Request> {
        self.modal = Some(modal);
        Vec::new()
    }

    fn switch_tab(&mut self, tab: Tab) -> Vec<Request> {
        self.tab = tab;
        if tab == Tab::Accounts {
            return self.account_detail_request().into_iter().collect();
        }
        Vec::new()
    }

    /// The Jobs list.
    fn jobs_key(&mut self, key: KeyEvent) -> Vec<Request> {
        match key.code {
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => {
                if let Some(j) = self.selected_job() {
                    let id = j.id.clone();
                    self.detail = Some(DetailPane {
                        id: id.clone(),
                        detail: None,
                        scroll: 0,
                    });
                    return vec![Request::JobDetail(id)];
                }
            }
            KeyCode::Char('/') => {
                return self.open(Modal::Prompt {
                    kind: PromptKind::Filter,
                    input: self.filter_text.clone(),
                })
            }
            KeyCode::Char('s') => {
                self.state_filter = self.state_filter.next();
                self.jobs_pos = ListPos::default();
                self.jobs_changed();
            }
            KeyCode::Esc => {
                self.filter_text.clear();
                self.state_filter = StateFilter::All;
                self.jobs_changed();
            }
            KeyCode::Char('c') | KeyCode::Char('r') => return self.job_action(key.code),
            code => self.jobs_pos.navigate(code, self.jobs_shown.len()),
        }
        Vec::new()
    }

    /// The open job-detail pane of the Jobs view.
    fn detail_key(&mut self, key: KeyEvent) -> Vec<Request> {
        let Some(pane) = &mut self.detail else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => {
                self.detail = None
            }
            KeyCode::Down | KeyCode::Char('j') => pane.scroll = pane.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => pane.scroll = pane.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => pane.scroll = pane.scroll.saturating_add(10),
            KeyCode::PageUp => pane.scroll = pane.scroll.saturating_sub(10),
            KeyCode::Home => pane.scroll = 0,
            KeyCode::Char('c') | KeyCode::Char('r') => return self.job_action(key.code),
            _ => {}
        }
        Vec::new()
    }

    /// `c` (cancel) or `r` (retry) on the selected job: confirm, or say why not.
    fn job_action(&mut self, code: KeyCode) -> Vec<Request> {
        let Some(j) = self.selected_job() else {
            return Vec::new();
        };
        let (id, state) = (j.id.clone(), j.state);
        match code {
            KeyCode::Char('c') if !state.is_terminal() => {
                self.modal = Some(Modal::Confirm(Action::CancelJob(id)))
            }
            KeyCode::Char('c') => self.set_status(
                format!("{id} is {}: nothing to cancel", state.as_str()),
                true,
            ),
            KeyCode::Char('r') if matches!(state, JobState::Failed | JobState::Canceled) => {
                self.modal = Some(Modal::Confirm(Action::RetryJob(id)))
            }
            KeyCode::Char('r') => self.set_status(
                format!(
                    "only failed or canceled jobs can be retried; {id} is {}",
                    state.as_str()
                ),
                true,
            ),
            _ => {}
        }
        Vec::new()
    }

    fn workers_key(&mut self, key: KeyEvent) -> Vec<Request> {
        self.workers_pos.navigate(key.code, self.workers.len());
        Vec::new()
    }

    fn accounts_key(&mut self, key: KeyEvent) -> Vec<Request> {
        let name = self.selected_account().map(|a| a.name.clone());
        match (key.code, name) {
            (KeyCode::Char('g'), Some(account)) => self.open(Modal::Prompt {
                kind: PromptKind::Grant {
                    account,
                    bucket: Bucket::Paid,
                },
                input: String::new(),
            }),
            (KeyCode::Char('n'), Some(account)) => {
                self.open(Modal::Confirm(Action::CreateKey(account)))
            }
            (KeyCode::Char('g') | KeyCode::Char('n'), None) => Vec::new(),
            (KeyCode::Char('x'), _) => {
                let first_active = self.account_detail.as_ref().and_then(|d| {
                    d.keys
                        .iter()
                        .find(|k| k.revoked_at.is_none())
                        .map(|k| k.prefix.clone())
                });
                self.open(Modal::Prompt {
                    kind: PromptKind::RevokeKey,
                    input: first_active.unwrap_or_default(),
                })
            }
            (KeyCode::PageDown | KeyCode::Char(' '), _) => {
                self.account_scroll = self.account_scroll.saturating_add(5);
                Vec::new()
            }
            (KeyCode::PageUp, _) => {
                self.account_scroll = self.account_scroll.saturating_sub(5);
                Vec::new()
            }
            (code, _) => self.accounts_nav(code),
        }
    }

    /// Move the account selection; a new selection asks for its detail.
    fn accounts_nav(&mut self, code: KeyCode) -> Vec<Request> {
        let before = self.accounts_pos.selected;
        self.accounts_pos.navigate(code, self.accounts.len());
        if self.accounts_pos.selected == before {
            return Vec::new();
        }
        self.account_scroll = 0;
        self.account_detail = None;
        self.account_detail_request().into_iter().collect()
    }

    fn webhooks_key(&mut self, key: KeyEvent) -> Vec<Request> {
        let selected = self
            .webhooks
            .as_ref()
            .and_then(|w| w.get(self.webhooks_pos.selected))
            .map(|d| d.id.clone());
        match (key.code, selected) {
            (KeyCode::Char('d'), Some(id)) => {
                self.modal = Some(Modal::Confirm(Action::Redeliver(id)))
            }
            (code, _) => {
                let len = self.webhooks.as_ref().map_or(0, Vec::len);
                self.webhooks_pos.navigate(code, len);
            }
        }
        Vec::new()
    }

    fn events_key(&mut self, key: KeyEvent) -> Vec<Request> {
        let newest = self.events.len();
        match key.code {
            KeyCode::Char(' ') => self.toggle_events_pause(),
            KeyCode::Up | KeyCode::Char('k') => {
                self.events_scroll = (self.events_scroll + 1).min(newest)
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.events_scroll = self.events_scroll.saturating_sub(1)
            }
            KeyCode::PageUp => self.events_scroll = (self.events_scroll + 10).min(newest),
            KeyCode::PageDown => self.events_scroll = self.events_scroll.saturating_sub(10),
            KeyCode::End | KeyCode::Char('G') => self.events_scroll = 0,
            KeyCode::Home => self.events_scroll = newest,
            _ => {}
        }
        Vec::new()
    }

    /// Pause the Events view, or resume it with what arrived meanwhile.
    fn toggle_events_pause(&mut self) {
        self.events_paused = !self.events_paused;
        if !self.events_paused {
            let pending = std::mem::take(&mut self.events_pending);
            self.push_events(pending);
            self.events_scroll = 0;
        }
    }
}

//! State tests: keys, filters and messages change the state as the views expect.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kiln_shared::model::{Bucket, JobState, JobView};

use super::fixture::*;
use super::*;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[test]
fn tabs_switch_by_number_and_tab() {
    let mut app = app();
    app.on_key(key('3'));
    assert_eq!(app.tab, Tab::Accounts);
    app.on_key(code(KeyCode::Tab));
    assert_eq!(app.tab, Tab::Webhooks);
    app.on_key(code(KeyCode::BackTab));
    app.on_key(code(KeyCode::BackTab));
    assert_eq!(app.tab, Tab::Workers);
    assert_eq!(app.on_key(key('q')), vec![Request::Quit]);
}

#[test]
fn filter_by_text_state_and_account() {
    let mut app = app();
    assert_eq!(app.jobs_shown.len(), 6);
    app.on_key(key('/'));
    for c in "state:failed".chars() {
        app.on_key(key(c));
    }
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.jobs_shown.len(), 1);
    assert_eq!(app.selected_job().unwrap().state, JobState::Failed);
    app.filter_text = "account:ops".into();
    app.jobs_changed();
    assert_eq!(app.jobs_shown.len(), 3);
    app.filter_text = "no_workers".into();
    app.jobs_changed();
    assert_eq!(app.jobs_shown.len(), 2);
    app.on_key(code(KeyCode::Esc));
    assert_eq!(app.jobs_shown.len(), 6);
    app.on_key(key('s'));
    assert_eq!(app.state_filter, StateFilter::Active);
    assert_eq!(app.jobs_shown.len(), 3);
}

#[test]
fn actions_need_confirmation() {
    let mut app = app();
    // The newest job is running: cancel asks first.
    assert!(app.on_key(key('c')).is_empty());
    assert!(matches!(
        app.modal,
        Some(Modal::Confirm(Action::CancelJob(_)))
    ));
    assert!(app.on_key(key('n')).is_empty());
    assert!(app.modal.is_none());
    app.on_key(key('c'));
    let out = app.on_key(key('y'));
    assert_eq!(out, vec![Request::Action(Action::CancelJob(job_id(1)))]);
    // Retry of a running job is refused without asking.
    app.on_key(key('r'));
    assert!(app.modal.is_none());
    assert!(app.status.as_ref().unwrap().error);
}

#[test]
fn grant_from_the_accounts_view() {
    let mut app = app();
    app.on_key(key('3'));
    assert_eq!(app.selected_account().unwrap().name, "ops");
    let out = app.on_key(code(KeyCode::Up));
    assert_eq!(
        out,
        vec![Request::AccountDetail(
            "acc_01KAXJ000000000000000000AD".into()
        )]
    );
    app.on_key(code(KeyCode::Down));
    app.on_key(key('g'));
    for c in "25x".chars() {
        app.on_key(key(c));
    }
    app.on_key(code(KeyCode::Tab));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(
        app.modal,
        Some(Modal::Confirm(Action::Grant {
            account: "ops".into(),
            xeconds: 25,
            bucket: Bucket::Free
        }))
    );
    let out = app.on_key(key('y'));
    assert_eq!(out.len(), 1);
}

#[test]
fn changed_jobs_upsert_in_order_and_keep_the_selection() {
    let mut app = app();
    app.on_key(code(KeyCode::Down));
    let selected = app.selected_job().unwrap().id.clone();
    app.on_msg(Msg::JobsChanged(vec![
        job(0, JobState::Queued, "queued", 0.0),
        job(2, JobState::Running, "processing", 0.1),
    ]));
    assert_eq!(app.jobs.len(), 7);
    assert_eq!(app.jobs[0].id, job(0, JobState::Queued, "", 0.0).id);
    assert_eq!(app.selected_job().unwrap().id, selected);
    assert_eq!(app.jobs[2].state, JobState::Running);
}

#[test]
fn paused_events_wait_until_resumed() {
    let mut app = app();
    app.on_key(key('5'));
    app.on_key(key(' '));
    let before = app.events.len();
    app.on_msg(Msg::Events {
        events: vec![app.events[0].clone()],
        gap: false,
    });
    assert_eq!(app.events.len(), before);
    assert_eq!(app.events_pending.len(), 1);
    app.on_key(key(' '));
    assert_eq!(app.events.len(), before + 1);
}

#[test]
fn list_positions_scroll_to_the_selection() {
    let mut pos = ListPos::default();
    pos.move_by(15, 100);
    assert_eq!(pos.visible(100, 10), 6..16);
    pos.move_by(-100, 100);
    assert_eq!(pos.visible(100, 10), 0..10);
    assert_eq!(pos.visible(3, 10), 0..3);
}

#[test]
fn ten_thousand_jobs_filter() {
    let mut app = app();
    let jobs: Vec<JobView> = (0..10_000)
        .map(|n| job(n, JobState::Succeeded, "done", 1.0))
        .collect();
    app.on_msg(Msg::Jobs(jobs));
    app.filter_text = "clip99".into();
    app.jobs_changed();
    assert_eq!(app.jobs_shown.len(), 111);
}

#[test]
fn the_detail_pane_takes_its_own_keys() {
    let mut app = app();
    let out = app.on_key(code(KeyCode::Enter));
    assert_eq!(out, vec![Request::JobDetail(job_id(1))]);
    app.on_key(code(KeyCode::Down));
    app.on_key(code(KeyCode::PageDown));
    assert_eq!(app.detail.as_ref().unwrap().scroll, 11);
    // `s` belongs to the list, not to the pane.
    app.on_key(key('s'));
    assert_eq!(app.state_filter, StateFilter::All);
    app.on_key(key('c'));
    assert_eq!(
        app.modal,
        Some(Modal::Confirm(Action::CancelJob(job_id(1))))
    );
    app.on_key(code(KeyCode::Esc));
    app.on_key(code(KeyCode::Esc));
    assert!(app.detail.is_none());
}

#[test]
fn global_keys_open_intake_and_slots() {
    let mut app = app();
    app.on_key(key('p'));
    assert_eq!(app.modal, Some(Modal::Confirm(Action::SetIntake(false))));
    app.on_key(key('n'));
    app.on_key(key('w'));
    assert_eq!(
        app.modal,
        Some(Modal::Prompt {
            kind: PromptKind::Slots,
            input: "2".into()
        })
    );
    // "299": too many.
    app.on_key(key('9'));
    app.on_key(key('9'));
    app.on_key(code(KeyCode::Enter));
    assert!(app.modal.is_none());
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "worker slots must be 1..=256"
    );
    app.on_key(key('w'));
    app.on_key(code(KeyCode::Backspace));
    app.on_key(key('8'));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.modal, Some(Modal::Confirm(Action::SetSlots(8))));
    // On the Accounts view `w` is not the slots key.
    app.modal = None;
    app.on_key(key('3'));
    app.on_key(key('w'));
    assert!(app.modal.is_none());
}

#[test]
fn webhook_redelivery_needs_a_delivery() {
    let mut app = app();
    app.on_key(key('4'));
    app.on_key(key('d'));
    assert!(app.modal.is_none());
    let delivery = WebhookDelivery {
        id: "whd_1".into(),
        account_id: "acc_01KAXJ000000000000000000OP".into(),
        job_id: job_id(4),
        url: "https://example.invalid/hook".into(),
        state: "failed".into(),
        attempts: 5,
        last_status: Some(500),
        last_latency_ms: Some(12),
        last_error: None,
        next_retry_at: None,
    };
    app.on_msg(Msg::Webhooks(Some(vec![delivery])));
    app.on_key(key('d'));
    assert_eq!(
        app.modal,
        Some(Modal::Confirm(Action::Redeliver("whd_1".into())))
    );
}

#[test]
fn events_scroll_back_and_follow() {
    let mut app = app();
    app.on_key(key('5'));
    app.on_key(code(KeyCode::Up));
    app.on_key(code(KeyCode::Up));
    assert_eq!(app.events_scroll, 2);
    app.on_key(code(KeyCode::Home));
    assert_eq!(app.events_scroll, app.events.len());
    app.on_key(code(KeyCode::End));
    assert_eq!(app.events_scroll, 0);
}

#[test]
fn revoking_offers_the_first_active_key() {
    let mut app = app();
    app.on_key(key('3'));
    app.on_key(key('x'));
    assert_eq!(
        app.modal,
        Some(Modal::Prompt {
            kind: PromptKind::RevokeKey,
            input: "kiln_live_AbC123xy".into()
        })
    );
    app.on_key(code(KeyCode::Enter));
    assert_eq!(
        app.modal,
        Some(Modal::Confirm(Action::RevokeKey(
            "kiln_live_AbC123xy".into()
        )))
    );
}

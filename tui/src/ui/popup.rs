//! Overlays: key help, confirmations, prompts, a new key's secret.

use kiln_shared::model::Bucket;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, dim, header_style, key_span, title_style};
use crate::app::{App, Modal, PromptKind};

/// Keys by view, for `?`.
pub const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "everywhere",
        &[
            ("1-5 Tab S-Tab", "switch view"),
            ("↑↓ j k PgUp PgDn", "move"),
            ("p", "pause / resume intake (drain)"),
            ("w", "set the number of worker slots"),
            ("? / q Ctrl-C", "this help / quit"),
        ],
    ),
    (
        "Jobs",
        &[
            ("Enter", "details: spec, plan, attempts, outputs, ledger"),
            ("/", "filter: words, state:WORD, account:NAME"),
            ("s", "cycle the state filter"),
            ("Esc", "clear filters / close details"),
            ("F5 Ctrl-R", "reload everything"),
            ("c", "cancel the job (refunds)"),
            ("r", "retry a failed or canceled job"),
        ],
    ),
    (
        "Accounts",
        &[
            ("g", "grant credits (Tab: free/paid)"),
            ("n", "create a key"),
            ("x", "revoke a key"),
        ],
    ),
    (
        "Webhooks · Events",
        &[
            ("d", "redeliver a webhook"),
            ("space", "pause / resume events"),
        ],
    ),
];

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(modal) = &app.modal else { return };
    match modal {
        Modal::Help => draw_help(f, area),
        Modal::Confirm(action) => {
            let lines = vec![
                Line::from(action.describe()),
                Line::from(""),
                Line::from(vec![
                    key_span("y"),
                    Span::raw(" / Enter: yes     "),
                    key_span("n"),
                    Span::raw(" / Esc: no"),
                ]),
            ];
            boxed(f, centered(area, 64, 6), " Confirm ", lines);
        }
        Modal::Prompt { kind, input } => draw_prompt(f, area, kind, input),
        Modal::Secret {
            prefix,
            account,
            secret,
        } => {
            let lines = vec![
                Line::from(format!(
                    "New key {prefix} for {account}. It is shown only now:"
                )),
                Line::from(""),
                Line::from(Span::styled(
                    secret.clone(),
                    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                )),
                Line::from(""),
                Line::from(Span::styled("any key closes", dim())),
            ];
            boxed(f, centered(area, 76, 7), " New API key ", lines);
        }
    }
}

fn draw_help(f: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    for (view, keys) in HELP {
        lines.push(Line::from(Span::styled(*view, header_style())));
        for (k, what) in *keys {
            lines.push(Line::from(vec![
                Span::raw("  "),
                key_span(&format!("{k:<18}")),
                Span::raw(*what),
            ]));
        }
    }
    let h = lines.len() as u16 + 2;
    boxed(f, centered(area, 72, h), " Keys (any key closes) ", lines);
}

fn draw_prompt(f: &mut Frame, area: Rect, kind: &PromptKind, input: &str) {
    let (title, hint) = prompt_text(kind);
    let lines = vec![
        Line::from(vec![
            Span::styled("> ", title_style()),
            Span::raw(input.to_string()),
            Span::styled("▏", Style::new().fg(Color::Cyan)),
        ]),
        Line::from(Span::styled(hint, dim())),
    ];
    let r = if *kind == PromptKind::Filter {
        // Keep the list visible while filtering.
        Rect::new(area.x, area.bottom().saturating_sub(5), area.width, 4)
    } else {
        centered(area, 60, 4)
    };
    boxed(f, r, &title, lines);
}

/// A prompt's title and the hint under its input.
fn prompt_text(kind: &PromptKind) -> (String, String) {
    match kind {
        PromptKind::Filter => (
            " Filter jobs ".to_string(),
            "words, state:failed, account:ops · Enter keeps · Esc clears".to_string(),
        ),
        PromptKind::Grant { account, bucket } => (
            format!(" Grant xeconds to {account} "),
            format!(
                "bucket: {} (Tab switches) · Enter · Esc",
                match bucket {
                    Bucket::Free => "FREE / paid",
                    Bucket::Paid => "free / PAID",
                }
            ),
        ),
        PromptKind::Slots => (
            " Worker slots (1-256) ".to_string(),
            "Enter · Esc".to_string(),
        ),
        PromptKind::RevokeKey => (
            " Revoke key: prefix ".to_string(),
            "Enter · Esc".to_string(),
        ),
    }
}

fn boxed(f: &mut Frame, r: Rect, title: &str, lines: Vec<Line>) {
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(Color::Cyan))
                .title(Span::styled(title.to_string(), title_style())),
        ),
        r,
    );
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::fixture::app;
    use crate::app::Tab;
    use crate::ui::testing::render;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn help_fits_80x24() {
        let mut app = app();
        app.on_key(key('?'));
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("cancel the job (refunds)"), "{screen}");
        assert!(screen.contains("any key closes"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn grant_prompt_and_confirmation() {
        let mut app = app();
        app.tab = Tab::Accounts;
        app.on_key(key('g'));
        app.on_key(key('2'));
        app.on_key(key('5'));
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("Grant xeconds to ops"), "{screen}");
        assert!(screen.contains("> 25"), "{screen}");
        app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("Grant 25 paid xeconds to ops?"), "{screen}");
    }
}

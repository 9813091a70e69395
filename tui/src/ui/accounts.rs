//! The Accounts view: balances, and the selected account in full.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use super::{age, date, dim, header_style, selected_style, short_id, title_style};
use crate::app::App;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let list_rows = (app.accounts.len() as u16 + 2).max(4).min(area.height / 2);
    let [list, detail] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Min(3)]).areas(area);

    let block = Block::new().borders(Borders::TOP).title(Span::styled(
        format!(" Accounts {} ", app.accounts.len()),
        title_style(),
    ));
    let inner = block.inner(list);
    f.render_widget(block, list);
    let height = inner.height.saturating_sub(1) as usize;
    let range = app.accounts_pos.visible(app.accounts.len(), height);
    let selected = app.accounts_pos.selected;
    let id_w = inner
        .width
        .saturating_sub(16 + 8 + 10 + 10 + 10 + 4 + 6)
        .clamp(8, 30);
    let rows: Vec<Row> = range
        .map(|i| {
            let a = &app.accounts[i];
            Row::new(vec![
                Cell::from(a.name.clone()),
                Cell::from(short_id(&a.id, id_w as usize)),
                Cell::from(a.plan.clone()),
                Cell::from(a.balance.free.to_string()),
                Cell::from(a.balance.paid.to_string()),
                Cell::from(a.balance.total().to_string()),
                Cell::from(a.active_keys.to_string()),
            ])
            .style(if i == selected {
                selected_style()
            } else {
                Style::new()
            })
        })
        .collect();
    f.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(id_w),
                Constraint::Length(8),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Length(4),
            ],
        )
        .header(
            Row::new(["NAME", "ID", "PLAN", "FREE", "PAID", "TOTAL", "KEYS"]).style(header_style()),
        ),
        inner,
    );

    let Some(a) = app.selected_account() else {
        return;
    };
    let block = Block::new().borders(Borders::TOP).title(Span::styled(
        format!(" {} · plan {} ", a.name, a.plan),
        title_style(),
    ));
    let inner = block.inner(detail);
    f.render_widget(block, detail);
    let Some(d) = app.account_detail.as_ref().filter(|d| d.account.id == a.id) else {
        f.render_widget(Paragraph::new(Span::styled("loading…", dim())), inner);
        return;
    };
    let label = |s: &str| Span::styled(format!("{s:<8}"), header_style());
    // The balance from the list: it is refreshed on every balance event.
    let b = a.balance;
    let u = &d.usage;
    let mut lines = vec![
        Line::from(vec![
            label("balance"),
            Span::styled(format!("free {}", b.free), Style::new().fg(Color::Yellow)),
            Span::raw(" + "),
            Span::styled(format!("paid {}", b.paid), Style::new().fg(Color::Green)),
            Span::raw(format!(" = {} xeconds", b.total())),
        ]),
        Line::from(vec![
            label("usage"),
            Span::raw(format!(
                "{}: {} jobs, {} command jobs, {} steps, ${}.{:02}",
                u.month,
                u.jobs_submitted,
                u.command_jobs,
                u.pipeline_steps,
                u.amount_micros / 1_000_000,
                (u.amount_micros % 1_000_000) / 10_000
            )),
        ]),
        Line::from(vec![label("keys"), Span::raw(format!("{}", d.keys.len()))]),
    ];
    for k in &d.keys {
        let state = if k.revoked_at.is_some() {
            Span::styled("revoked", Style::new().fg(Color::Red))
        } else {
            Span::styled("active ", Style::new().fg(Color::Green))
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<20} ", k.prefix)),
            state,
            Span::styled(
                match k.last_used_at {
                    Some(t) => format!(" used {} ago", age(app.now_ms, t)),
                    None => " never used".into(),
                },
                dim(),
            ),
        ]));
    }
    lines.push(Line::from(Span::styled("recent ledger", header_style())));
    for l in &d.ledger {
        let color = if l.free + l.paid >= 0 {
            Color::Green
        } else {
            Color::Yellow
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", date(l.at)), dim()),
            Span::raw(format!(" {:<6} ", l.reason)),
            Span::styled(
                format!("free {:+} paid {:+}", l.free, l.paid),
                Style::new().fg(color),
            ),
            Span::styled(
                l.job_id
                    .as_deref()
                    .map(|j| format!("  {j}"))
                    .unwrap_or_default(),
                dim(),
            ),
        ]));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.account_scroll, 0)),
        inner,
    );
}

#[cfg(test)]
mod tests {
    use crate::app::fixture::app;
    use crate::app::Tab;
    use crate::ui::testing::render;

    #[test]
    fn accounts_at_80x24() {
        let mut app = app();
        app.tab = Tab::Accounts;
        let screen = render(&mut app, 80, 24);
        assert!(
            screen.contains("free 120 + paid 2000 = 2120 xeconds"),
            "{screen}"
        );
        assert!(screen.contains("kiln_live_AbC123xy"));
        insta::assert_snapshot!(screen);
    }
}

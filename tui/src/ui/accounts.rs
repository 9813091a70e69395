//! The Accounts view: balances, and the selected account in full.

use kiln_shared::model::{AccountDetail, AccountView, KeyView, LedgerView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::{
    age, date, dim, header_style, loading, row_style, scrolled, section, short_id, table, title,
};
use crate::app::App;
use crate::text::usage_line;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let list_rows = (app.accounts.len() as u16 + 2).max(4).min(area.height / 2);
    let [list, detail] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Min(3)]).areas(area);
    draw_list(f, list, app);
    draw_detail(f, detail, app);
}

fn draw_list(f: &mut Frame, area: Rect, app: &mut App) {
    let inner = section(f, area, title(format!(" Accounts {} ", app.accounts.len())));
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
            .style(row_style(i == selected))
        })
        .collect();
    f.render_widget(
        table(
            rows,
            &[16, id_w, 8, 10, 10, 10, 4],
            &["NAME", "ID", "PLAN", "FREE", "PAID", "TOTAL", "KEYS"],
        ),
        inner,
    );
}

/// The selected account: balance, usage, keys, recent ledger.
fn draw_detail(f: &mut Frame, area: Rect, app: &App) {
    let Some(a) = app.selected_account() else {
        return;
    };
    let inner = section(f, area, title(format!(" {} · plan {} ", a.name, a.plan)));
    let Some(d) = app.account_detail.as_ref().filter(|d| d.account.id == a.id) else {
        loading(f, inner);
        return;
    };
    let mut lines = summary_lines(a, d);
    lines.extend(d.keys.iter().map(|k| key_line(k, app.now_ms)));
    lines.push(Line::from(Span::styled("recent ledger", header_style())));
    lines.extend(d.ledger.iter().map(ledger_line));
    scrolled(f, inner, lines, app.account_scroll);
}

fn label(s: &str) -> Span<'static> {
    Span::styled(format!("{s:<8}"), header_style())
}

fn summary_lines(a: &AccountView, d: &AccountDetail) -> Vec<Line<'static>> {
    // The balance from the list: it is refreshed on every balance event.
    let b = a.balance;
    vec![
        Line::from(vec![
            label("balance"),
            Span::styled(format!("free {}", b.free), Style::new().fg(Color::Yellow)),
            Span::raw(" + "),
            Span::styled(format!("paid {}", b.paid), Style::new().fg(Color::Green)),
            Span::raw(format!(" = {} xeconds", b.total())),
        ]),
        Line::from(vec![label("usage"), Span::raw(usage_line(&d.usage))]),
        Line::from(vec![label("keys"), Span::raw(format!("{}", d.keys.len()))]),
    ]
}

fn key_line(k: &KeyView, now_ms: u64) -> Line<'static> {
    let state = if k.revoked_at.is_some() {
        Span::styled("revoked", Style::new().fg(Color::Red))
    } else {
        Span::styled("active ", Style::new().fg(Color::Green))
    };
    Line::from(vec![
        Span::raw(format!("  {:<20} ", k.prefix)),
        state,
        Span::styled(
            match k.last_used_at {
                Some(t) => format!(" used {} ago", age(now_ms, t)),
                None => " never used".into(),
            },
            dim(),
        ),
    ])
}

fn ledger_line(l: &LedgerView) -> Line<'static> {
    let color = if l.free + l.paid >= 0 {
        Color::Green
    } else {
        Color::Yellow
    };
    Line::from(vec![
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
    ])
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

//! The Webhooks view: deliveries with state, attempts, last status, latency
//! and next retry, from `list_deliveries`. A kilnd that does not report them
//! gets a note instead.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{age, dim, header_style, selected_style, short_duration, short_id, title_style};
use crate::app::App;

pub const NOT_REPORTED: &str = "no webhook deliveries (not reported by this kilnd)";

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let count = app.webhooks.as_ref().map_or(0, Vec::len);
    let block = Block::new().borders(Borders::TOP).title(Span::styled(
        format!(" Webhook deliveries {count} "),
        title_style(),
    ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(deliveries) = &app.webhooks else {
        f.render_widget(
            Paragraph::new(Span::styled(NOT_REPORTED, dim())).centered(),
            Rect::new(
                inner.x,
                inner.y + inner.height / 2,
                inner.width,
                1.min(inner.height),
            ),
        );
        return;
    };
    if deliveries.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled("no webhook deliveries", dim())).centered(),
            Rect::new(
                inner.x,
                inner.y + inner.height / 2,
                inner.width,
                1.min(inner.height),
            ),
        );
        return;
    }
    // The selected delivery's target and last error under the list.
    let [inner, footer] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
    if let Some(d) = deliveries.get(app.webhooks_pos.selected.min(deliveries.len() - 1)) {
        let mut lines = vec![Line::from(vec![
            Span::styled("url   ", header_style()),
            Span::raw(d.url.clone()),
        ])];
        if let Some(e) = &d.last_error {
            lines.push(Line::from(vec![
                Span::styled("error ", header_style()),
                Span::styled(e.clone(), Style::new().fg(Color::Red)),
            ]));
        }
        f.render_widget(Paragraph::new(lines), footer);
    }
    let height = inner.height.saturating_sub(1) as usize;
    let range = app.webhooks_pos.visible(deliveries.len(), height);
    let selected = app.webhooks_pos.selected;
    let rows: Vec<Row> = range
        .map(|i| {
            let d = &deliveries[i];
            let color = match d.state.as_str() {
                "delivered" => Color::Green,
                "failed" => Color::Red,
                "pending" => Color::Yellow,
                _ => Color::Gray,
            };
            Row::new(vec![
                Cell::from(short_id(&d.id, 16)),
                Cell::from(app.account_name(&d.account_id).to_string()),
                Cell::from(short_id(&d.job_id, 14)),
                Cell::from(Span::styled(d.state.clone(), Style::new().fg(color))),
                Cell::from(d.attempts.to_string()),
                Cell::from(
                    d.last_status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(
                    d.last_latency_ms
                        .map(|ms| format!("{ms}ms"))
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(match d.next_retry_at {
                    Some(t) if t > app.now_ms => {
                        format!("in {}", short_duration((t - app.now_ms) / 1000))
                    }
                    Some(t) => format!("{} ago", age(app.now_ms, t)),
                    None => "-".into(),
                }),
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
                Constraint::Length(8),
                Constraint::Length(14),
                Constraint::Length(9),
                Constraint::Length(3),
                Constraint::Length(4),
                Constraint::Length(7),
                Constraint::Length(7),
            ],
        )
        .header(
            Row::new([
                "DELIVERY", "ACCOUNT", "JOB", "STATE", "TRY", "CODE", "LATENCY", "NEXT",
            ])
            .style(header_style()),
        ),
        inner,
    );
}

#[cfg(test)]
mod tests {
    use super::NOT_REPORTED;
    use crate::app::fixture::{app, NOW};
    use crate::app::{Msg, Tab, WebhookDelivery};
    use crate::ui::testing::render;

    #[test]
    fn webhooks_not_reported_yet() {
        let mut app = app();
        app.tab = Tab::Webhooks;
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains(NOT_REPORTED), "{screen}");
    }

    #[test]
    fn webhooks_when_reported() {
        let mut app = app();
        app.tab = Tab::Webhooks;
        app.on_msg(Msg::Webhooks(Some(vec![WebhookDelivery {
            id: "whd_01KAXJ5Q8R3T0000000000000001".into(),
            account_id: "acc_01KAXJ000000000000000000OP".into(),
            job_id: crate::app::fixture::job_id(4),
            url: "https://example.invalid/hook".into(),
            state: "pending".into(),
            attempts: 3,
            last_status: Some(502),
            last_latency_ms: Some(840),
            last_error: Some("502 Bad Gateway".into()),
            next_retry_at: Some(NOW + 90_000),
        }])));
        insta::assert_snapshot!(render(&mut app, 80, 24));
    }
}

//! The Webhooks view: deliveries with state, attempts, last status, latency
//! and next retry, from `list_deliveries`. A kilnd that does not report them
//! gets a note instead.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

use super::{
    age, header_style, note_centered, or_dash, row_style, section, short_duration, short_id, table,
    title,
};
use crate::app::{App, WebhookDelivery};

pub const NOT_REPORTED: &str = "no webhook deliveries (not reported by this kilnd)";

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let count = app.webhooks.as_ref().map_or(0, Vec::len);
    let inner = section(f, area, title(format!(" Webhook deliveries {count} ")));
    let Some(deliveries) = &app.webhooks else {
        note_centered(f, inner, NOT_REPORTED);
        return;
    };
    if deliveries.is_empty() {
        note_centered(f, inner, "no webhook deliveries");
        return;
    }
    // The selected delivery's target and last error under the list.
    let [inner, footer] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(2)]).areas(inner);
    if let Some(d) = deliveries.get(app.webhooks_pos.selected.min(deliveries.len() - 1)) {
        draw_selected(f, footer, d);
    }
    let height = inner.height.saturating_sub(1) as usize;
    let range = app.webhooks_pos.visible(deliveries.len(), height);
    let selected = app.webhooks_pos.selected;
    let rows: Vec<Row> = range
        .map(|i| delivery_row(app, &deliveries[i]).style(row_style(i == selected)))
        .collect();
    f.render_widget(
        table(
            rows,
            &[16, 8, 14, 9, 3, 4, 7, 7],
            &[
                "DELIVERY", "ACCOUNT", "JOB", "STATE", "TRY", "CODE", "LATENCY", "NEXT",
            ],
        ),
        inner,
    );
}

/// The delivery's url and its last error.
fn draw_selected(f: &mut Frame, area: Rect, d: &WebhookDelivery) {
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
    f.render_widget(Paragraph::new(lines), area);
}

fn delivery_row<'a>(app: &App, d: &WebhookDelivery) -> Row<'a> {
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
        Cell::from(or_dash(d.last_status.map(|s| s.to_string()))),
        Cell::from(or_dash(d.last_latency_ms.map(|ms| format!("{ms}ms")))),
        Cell::from(next_retry(app.now_ms, d.next_retry_at)),
    ])
}

/// `in 1m`, `2m ago` or `-`.
fn next_retry(now_ms: u64, at: Option<u64>) -> String {
    match at {
        Some(t) if t > now_ms => format!("in {}", short_duration((t - now_ms) / 1000)),
        Some(t) => format!("{} ago", age(now_ms, t)),
        None => "-".into(),
    }
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

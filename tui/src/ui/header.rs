//! The header: daemon, connection, queue, workers, throughput, failures.

use kiln_shared::model::{JobState, Overview};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline, Wrap};
use ratatui::Frame;

use super::{dim, title_style};
use crate::app::{App, Conn};
use crate::text::long_duration;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let [left, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(25)]).areas(area);
    let lines = match &app.overview {
        Some(o) => overview_lines(app, o),
        None => waiting_lines(&app.conn),
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), left);
    draw_throughput(f, right, app);
}

fn sep() -> Span<'static> {
    Span::styled(" │ ", dim())
}

fn conn_span(conn: &Conn) -> Span<'static> {
    match conn {
        Conn::Connected => Span::styled("● connected", Style::new().fg(Color::Green)),
        Conn::Connecting => Span::styled("○ connecting…", Style::new().fg(Color::Yellow)),
        Conn::Reconnecting(_) => Span::styled(
            "○ reconnecting…",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ),
    }
}

/// Before kilnd's first overview: the connection, and why it failed.
fn waiting_lines(conn: &Conn) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled("kiln console", title_style()),
        sep(),
        conn_span(conn),
    ])];
    if let Conn::Reconnecting(why) = conn {
        lines.push(Line::from(Span::styled(why.clone(), dim())));
    }
    lines
}

/// A count, bold in `color` when not zero.
fn num(n: u64, color: Color) -> Span<'static> {
    Span::styled(
        n.to_string(),
        if n > 0 {
            Style::new().fg(color).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        },
    )
}

fn overview_lines(app: &App, o: &Overview) -> Vec<Line<'static>> {
    // Uptime advances with the console's clock between refreshes.
    let uptime = app.now_ms.saturating_sub(o.started_at) / 1000;
    let alarm = |text: String| {
        Span::styled(
            text,
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )
    };
    let intake = if o.disk.store_failed {
        alarm("STORE FAILED: intake shut".into())
    } else if o.disk.low {
        alarm(format!(
            "DISK LOW ({} free): intake refused",
            super::bytes(o.disk.free_bytes)
        ))
    } else if o.accepting {
        Span::styled("intake open", Style::new().fg(Color::Green))
    } else {
        alarm("intake PAUSED".into())
    };
    let count = |s: JobState| {
        o.jobs_by_state
            .iter()
            .find(|(st, _)| *st == s)
            .map_or(0, |(_, n)| *n)
    };
    vec![
        Line::from(vec![
            Span::styled(format!("kilnd {}", o.version), title_style()),
            Span::raw(format!(" up {}", long_duration(uptime.max(o.uptime_secs)))),
            sep(),
            conn_span(&app.conn),
            sep(),
            intake,
        ]),
        Line::from(vec![
            Span::raw("queue "),
            num(o.queue_depth, Color::Yellow),
            Span::raw(" · starting "),
            num(count(JobState::Starting), Color::Yellow),
            Span::raw(" · running "),
            num(count(JobState::Running), Color::Cyan),
            sep(),
            Span::raw("workers "),
            Span::styled(
                format!("{}/{}", o.workers_busy, o.workers_total),
                title_style(),
            ),
            Span::raw(" busy"),
        ]),
        Line::from(vec![
            Span::raw("done "),
            num(count(JobState::Succeeded), Color::Green),
            Span::raw(" · failed "),
            num(count(JobState::Failed), Color::Red),
            Span::raw(" · canceled "),
            num(count(JobState::Canceled), Color::Magenta),
            sep(),
            Span::raw("failed 1h "),
            num(o.failed_last_hour, Color::Red),
        ]),
    ]
}

/// Jobs settled per minute over the last half hour.
fn draw_throughput(f: &mut Frame, area: Rect, app: &App) {
    let per_min = app.overview.as_ref().map_or(0, |o| o.settled_last_minute);
    let spark_width = area.width.saturating_sub(1) as usize;
    let data: Vec<u64> = app
        .throughput
        .iter()
        .copied()
        .skip(app.throughput.len().saturating_sub(spark_width))
        .collect();
    f.render_widget(
        Sparkline::default()
            .block(Block::new().title(Line::from(vec![
                Span::styled(format!("{per_min}"), title_style()),
                Span::raw(" jobs/min (30m)"),
            ])))
            .data(&data)
            .max(data.iter().copied().max().unwrap_or(0).max(1))
            .style(Style::new().fg(Color::Green)),
        area,
    );
}

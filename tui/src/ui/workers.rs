//! The Workers view: every slot with its process, and the pool's capacity.

use kiln_shared::model::{JobState, WorkerState};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{
    age, bytes, dim, header_style, progress_bar, selected_style, short_duration, short_id,
    title_style, worker_state_color,
};
use crate::app::App;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let block = Block::new().borders(Borders::TOP).title(Span::styled(
        format!(" Workers {} slots ", app.workers.len()),
        title_style(),
    ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [summary, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);

    let count = |s: WorkerState| app.workers.iter().filter(|w| w.state == s).count();
    let waiting = app
        .jobs
        .iter()
        .filter(|j| j.state == JobState::Queued && j.render_status == "no_workers")
        .count();
    let queue = app.overview.as_ref().map_or(0, |o| o.queue_depth);
    let full = count(WorkerState::Idle) + count(WorkerState::Stopped) == 0;
    let capacity = if queue > 0 && full {
        Span::styled(
            format!("FULL: {queue} jobs waiting as no_workers"),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )
    } else if queue > 0 {
        Span::styled(
            format!("{queue} jobs queued ({waiting} no_workers)"),
            Style::new().fg(Color::Yellow),
        )
    } else {
        Span::styled(
            "capacity free: nothing waiting",
            Style::new().fg(Color::Green),
        )
    };
    let lines = vec![
        Line::from(vec![
            Span::raw("pool: "),
            Span::styled(format!("{} busy", count(WorkerState::Busy)), title_style()),
            Span::raw(format!(
                " · {} idle · {} starting (cold_start) · {} stopped",
                count(WorkerState::Idle),
                count(WorkerState::Starting),
                count(WorkerState::Stopped)
            )),
        ]),
        Line::from(vec![Span::raw("capacity: "), capacity]),
    ];
    f.render_widget(Paragraph::new(lines), summary);

    let height = table_area.height.saturating_sub(1) as usize;
    let range = app.workers_pos.visible(app.workers.len(), height);
    let selected = app.workers_pos.selected;
    let job_w = table_area
        .width
        .saturating_sub(4 + 8 + 7 + 10 + 5 + 6 + 6 + 5 + 4 + 9)
        .clamp(8, 30);
    let rows: Vec<Row> = range
        .map(|i| {
            let w = &app.workers[i];
            let p = w.pid.and_then(|pid| app.procs.get(&pid));
            let state_style = Style::new().fg(worker_state_color(w.state));
            let progress = match w.state {
                WorkerState::Busy => Span::styled(progress_bar(w.progress, 10), state_style),
                WorkerState::Starting => Span::styled("cold_start", state_style),
                _ => Span::raw(""),
            };
            Row::new(vec![
                Cell::from(w.slot.to_string()),
                Cell::from(Span::styled(w.state.as_str(), state_style)),
                Cell::from(w.pid.map(|p| p.to_string()).unwrap_or_else(|| "-".into())),
                Cell::from(
                    w.job_id
                        .as_deref()
                        .map(|j| short_id(j, job_w as usize))
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(progress),
                Cell::from(
                    p.and_then(|p| p.cpu_percent)
                        .map(|c| format!("{c:.0}%"))
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(p.map(|p| bytes(p.rss_bytes)).unwrap_or_else(|| "-".into())),
                Cell::from(
                    p.map(|p| short_duration(p.uptime_secs))
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(age(app.now_ms, w.since)),
                Cell::from(w.jobs_run.to_string()),
            ])
            .style(if i == selected {
                selected_style()
            } else {
                Style::new()
            })
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(4),
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Length(job_w),
            Constraint::Length(10),
            Constraint::Length(5),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(4),
        ],
    )
    .header(
        Row::new([
            "SLOT", "STATE", "PID", "JOB", "PROGRESS", "CPU", "MEM", "UP", "FOR", "RUNS",
        ])
        .style(header_style()),
    );
    f.render_widget(table, table_area);
    if app.workers.is_empty() && table_area.height > 1 {
        let r = Rect::new(
            table_area.x + 2,
            table_area.y + 1,
            table_area.width.saturating_sub(2),
            1,
        );
        f.render_widget(
            Paragraph::new(Span::styled("no worker slots reported", dim())),
            r,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::app::fixture::app;
    use crate::ui::testing::render;

    #[test]
    fn workers_at_80x24() {
        let mut app = app();
        app.on_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('2'),
            crossterm::event::KeyModifiers::NONE,
        ));
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("busy"));
        assert!(screen.contains("4242"));
        assert!(screen.contains("88%"), "{screen}");
        assert!(screen.contains("150M"));
        insta::assert_snapshot!(screen);
    }
}

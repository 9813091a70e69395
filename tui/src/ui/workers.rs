//! The Workers view: every slot with its process, the pool's capacity, and
//! the worker nodes on other machines.

use kiln_shared::model::{JobState, WorkerState, WorkerView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

use super::{
    age, bytes, note_at, or_dash, progress_bar, row_style, section, short_duration, short_id,
    table, title, title_style, worker_state_color,
};
use crate::app::App;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let inner = section(
        f,
        area,
        title(format!(" Workers {} slots ", app.workers.len())),
    );
    let [summary, table_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
    f.render_widget(Paragraph::new(summary_lines(app)), summary);
    draw_slots(f, table_area, app);
}

/// The pool by state, and whether jobs wait for a slot.
fn summary_lines(app: &App) -> Vec<Line<'static>> {
    let count = |s: WorkerState| app.workers.iter().filter(|w| w.state == s).count();
    vec![
        Line::from(vec![
            Span::raw("pool: "),
            Span::styled(format!("{} busy", count(WorkerState::Busy)), title_style()),
            Span::raw(format!(
                " · {} idle · {} starting (cold_start) · {} stopped",
                count(WorkerState::Idle),
                count(WorkerState::Starting),
                count(WorkerState::Stopped)
            )),
            Span::raw(stills(app)),
        ]),
        Line::from(vec![Span::raw("capacity: "), capacity(app)]),
        Line::from(vec![Span::raw("nodes: "), nodes(app)]),
    ]
}

/// How many slots run the still-picture worker (`kilnd-stills`), when any.
fn stills(app: &App) -> String {
    match app.workers.iter().filter(|w| w.stills).count() {
        0 => String::new(),
        n => format!(" · {n} on still pictures"),
    }
}

/// Each node: name, address, labels, heartbeat age, state.
fn nodes(app: &App) -> Span<'static> {
    if app.nodes.is_empty() {
        return Span::raw("none joined (kiln node token create)");
    }
    let text = app
        .nodes
        .iter()
        .map(|n| {
            let state = if n.revoked_at.is_some() {
                " revoked"
            } else if n.draining {
                " draining"
            } else {
                ""
            };
            match (&n.address, n.last_seen_at) {
                (Some(address), Some(seen)) => format!(
                    "{} ({address}, {} cpu, {}/{} jobs, seen {}){state}",
                    n.name,
                    or_dash(n.cpus.map(|c| c.to_string())),
                    n.jobs.len(),
                    or_dash(n.max_jobs.map(|c| c.to_string())),
                    age(app.now_ms, seen)
                ),
                _ => format!("{} (never seen){state}", n.name),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ");
    Span::raw(text)
}

/// Free places in the whole pool: local slots, and room on live,
/// undrained nodes.
fn free_places(app: &App) -> usize {
    let local = app
        .workers
        .iter()
        .filter(|w| matches!(w.state, WorkerState::Idle | WorkerState::Stopped))
        .count();
    let far: usize = app
        .nodes
        .iter()
        .filter(|n| n.live && !n.draining && n.revoked_at.is_none())
        .map(|n| (n.max_jobs.unwrap_or(0) as usize).saturating_sub(n.jobs.len()))
        .sum();
    local + far
}

fn capacity(app: &App) -> Span<'static> {
    let free = free_places(app);
    let waiting = app
        .jobs
        .iter()
        .filter(|j| j.state == JobState::Queued && j.render_status == "no_workers")
        .count();
    let queue = app.overview.as_ref().map_or(0, |o| o.queue_depth);
    if queue > 0 && free == 0 {
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
    }
}

fn draw_slots(f: &mut Frame, area: Rect, app: &mut App) {
    let height = area.height.saturating_sub(1) as usize;
    let range = app.workers_pos.visible(app.workers.len(), height);
    let selected = app.workers_pos.selected;
    let job_w = area
        .width
        .saturating_sub(4 + 8 + 7 + 10 + 5 + 6 + 6 + 5 + 4 + 9)
        .clamp(8, 30);
    let rows: Vec<Row> = range
        .map(|i| slot_row(app, &app.workers[i], job_w as usize).style(row_style(i == selected)))
        .collect();
    f.render_widget(
        table(
            rows,
            &[4, 8, 7, job_w, 10, 5, 6, 6, 5, 4],
            &[
                "SLOT", "STATE", "PID", "JOB", "PROGRESS", "CPU", "MEM", "UP", "FOR", "RUNS",
            ],
        ),
        area,
    );
    if app.workers.is_empty() {
        note_at(f, area, 1, "no worker slots reported");
    }
}

fn slot_row<'a>(app: &App, w: &WorkerView, job_w: usize) -> Row<'a> {
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
        Cell::from(or_dash(w.pid.map(|p| p.to_string()))),
        Cell::from(or_dash(w.job_id.as_deref().map(|j| short_id(j, job_w)))),
        Cell::from(progress),
        Cell::from(or_dash(
            p.and_then(|p| p.cpu_percent).map(|c| format!("{c:.0}%")),
        )),
        Cell::from(or_dash(p.map(|p| bytes(p.rss_bytes)))),
        Cell::from(or_dash(p.map(|p| short_duration(p.uptime_secs)))),
        Cell::from(age(app.now_ms, w.since)),
        Cell::from(w.jobs_run.to_string()),
    ])
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

    #[test]
    fn slots_on_the_still_picture_worker_are_counted() {
        let mut app = app();
        app.on_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('2'),
            crossterm::event::KeyModifiers::NONE,
        ));
        assert!(!render(&mut app, 100, 24).contains("still pictures"));
        let mut workers = app.workers.clone();
        workers[0].stills = true;
        app.workers = workers;
        let screen = render(&mut app, 100, 24);
        assert!(
            screen.contains("1 stopped · 1 on still pictures"),
            "{screen}"
        );
    }

    #[test]
    fn nodes_are_listed_with_their_heartbeat_age() {
        let mut app = app();
        app.on_key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('2'),
            crossterm::event::KeyModifiers::NONE,
        ));
        assert!(render(&mut app, 120, 24).contains("none joined"));
        let node = |name: &str, seen: Option<u64>| kiln_shared::model::NodeView {
            id: format!("nod_{name}"),
            name: name.into(),
            created_at: 0,
            revoked_at: None,
            draining: seen.is_none(),
            address: seen.map(|_| "far-box".into()),
            version: seen.map(|_| "0.1.0".into()),
            cpus: seen.map(|_| 8),
            max_jobs: seen.map(|_| 2),
            last_seen_at: seen,
            live: seen.is_some(),
            jobs: seen.map(|_| vec!["job_1".to_string()]).unwrap_or_default(),
            runs: vec!["render".into(), "file".into()],
        };
        let now = app.now_ms;
        app.on_msg(crate::app::Msg::Nodes(vec![
            node("far", Some(now - 3_000)),
            node("spare", None),
        ]));
        let screen = render(&mut app, 120, 24);
        assert!(
            screen.contains("far (far-box, 8 cpu, 1/2 jobs, seen 3s)"),
            "{screen}"
        );
        assert!(screen.contains("spare (never seen) draining"), "{screen}");
    }
}

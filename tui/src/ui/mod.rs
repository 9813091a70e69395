//! Drawing the console: one file per view. Drawing reads the [`App`] and
//! only moves list scroll offsets; it never does I/O.

mod accounts;
mod events;
mod header;
mod jobs;
mod popup;
mod webhooks;
mod workers;

use kiln_shared::model::{JobState, WorkerState};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Tabs, Wrap};
use ratatui::Frame;

use crate::app::{App, Tab};

/// Header rows above the tabs.
pub const HEADER_ROWS: u16 = 3;

pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    header::draw(f, header, app);
    draw_tabs(f, tabs, app);
    match app.tab {
        Tab::Jobs => jobs::draw(f, body, app),
        Tab::Workers => workers::draw(f, body, app),
        Tab::Accounts => accounts::draw(f, body, app),
        Tab::Webhooks => webhooks::draw(f, body, app),
        Tab::Events => events::draw(f, body, app),
    }
    draw_footer(f, footer, app);
    if app.modal.is_some() {
        popup::draw(f, area, app);
    }
}

fn draw_tabs(f: &mut Frame, area: Rect, app: &App) {
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(16)]).areas(area);
    let titles = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} {}", i + 1, t.title()));
    f.render_widget(
        Tabs::new(titles)
            .select(app.tab.index())
            .style(Style::new().fg(Color::Gray))
            .highlight_style(
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
            )
            .divider("│")
            .padding(" ", " "),
        left,
    );
    f.render_widget(
        Paragraph::new(Line::from(vec![
            key_span("?"),
            Span::raw(" help  "),
            key_span("q"),
            Span::raw(" quit"),
        ]))
        .right_aligned(),
        right,
    );
}

fn draw_footer(f: &mut Frame, area: Rect, app: &App) {
    let line = if let Some(s) = &app.status {
        Line::from(Span::styled(
            s.text.clone(),
            Style::new().fg(if s.error { Color::Red } else { Color::Green }),
        ))
    } else {
        let hints: &[(&str, &str)] = match app.tab {
            Tab::Jobs if app.detail.is_some() => &[
                ("Esc", "back"),
                ("↑↓", "scroll"),
                ("c", "cancel"),
                ("r", "retry"),
            ],
            Tab::Jobs => &[
                ("Enter", "details"),
                ("/", "filter"),
                ("s", "state"),
                ("c", "cancel"),
                ("r", "retry"),
                ("p", "intake"),
            ],
            Tab::Workers => &[("↑↓", "select"), ("w", "set slots"), ("p", "intake")],
            Tab::Accounts => &[
                ("↑↓", "select"),
                ("g", "grant"),
                ("n", "new key"),
                ("x", "revoke key"),
            ],
            Tab::Webhooks => &[("↑↓", "select"), ("d", "redeliver")],
            Tab::Events => &[("space", "pause"), ("↑↓", "scroll"), ("End", "follow")],
        };
        let mut spans = Vec::new();
        for (k, what) in hints {
            spans.push(key_span(k));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        Line::from(spans)
    };
    f.render_widget(Paragraph::new(line), area);
}

/// A section under a top rule with `title`; returns the area inside.
pub(crate) fn section<'a>(f: &mut Frame, area: Rect, title: impl Into<Line<'a>>) -> Rect {
    let block = Block::new().borders(Borders::TOP).title(title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

/// A section title: ` Jobs 6 `.
pub(crate) fn title(text: String) -> Span<'static> {
    Span::styled(text, title_style())
}

/// A table of fixed-width columns under a header row.
pub(crate) fn table<'a>(rows: Vec<Row<'a>>, widths: &[u16], header: &[&'a str]) -> Table<'a> {
    Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(Row::new(header.to_vec()).style(header_style()))
}

/// The style of a list row.
pub(crate) fn row_style(selected: bool) -> Style {
    if selected {
        selected_style()
    } else {
        Style::new()
    }
}

/// Text that scrolls by `scroll` rows, wrapped.
pub(crate) fn scrolled(f: &mut Frame, area: Rect, lines: Vec<Line>, scroll: u16) {
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// `loading…` while a detail is on its way.
pub(crate) fn loading(f: &mut Frame, area: Rect) {
    f.render_widget(Paragraph::new(Span::styled("loading…", dim())), area);
}

/// The value, or `-` when there is none.
pub(crate) fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "-".into())
}

/// A dim note `dy` rows into `area`, indented; drawn only if it fits.
pub(crate) fn note_at(f: &mut Frame, area: Rect, dy: u16, text: &str) {
    if area.height > dy {
        let r = Rect::new(area.x + 2, area.y + dy, area.width.saturating_sub(2), 1);
        f.render_widget(Paragraph::new(Span::styled(text.to_string(), dim())), r);
    }
}

/// A dim note centred in `area`.
pub(crate) fn note_centered(f: &mut Frame, area: Rect, text: &str) {
    let r = Rect::new(
        area.x,
        area.y + area.height / 2,
        area.width,
        1.min(area.height),
    );
    f.render_widget(
        Paragraph::new(Span::styled(text.to_string(), dim())).centered(),
        r,
    );
}

pub(crate) fn key_span(k: &str) -> Span<'static> {
    Span::styled(
        k.to_string(),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    )
}

pub(crate) fn title_style() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub(crate) fn selected_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub(crate) fn header_style() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub(crate) fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub(crate) fn job_state_color(s: JobState) -> Color {
    match s {
        JobState::Queued => Color::Yellow,
        JobState::Starting | JobState::Running => Color::Cyan,
        JobState::Succeeded => Color::Green,
        JobState::Failed => Color::Red,
        JobState::Canceled => Color::Magenta,
    }
}

pub(crate) fn worker_state_color(s: WorkerState) -> Color {
    match s {
        WorkerState::Stopped => Color::DarkGray,
        WorkerState::Starting => Color::Yellow,
        WorkerState::Idle => Color::Green,
        WorkerState::Busy => Color::Cyan,
    }
}

/// A text progress bar `████░░ 42%` of `width` cells.
pub(crate) fn progress_bar(progress: f32, width: usize) -> String {
    let p = progress.clamp(0.0, 1.0);
    let pct = format!("{:>3.0}%", p * 100.0);
    let bar = width.saturating_sub(pct.len() + 1);
    let filled = ((p * bar as f32).round() as usize).min(bar);
    format!("{}{} {pct}", "█".repeat(filled), "░".repeat(bar - filled))
}

/// How long ago `ms` was, compactly: `12s`, `5m`, `3h`, `2d`.
pub(crate) fn age(now_ms: u64, ms: u64) -> String {
    short_duration(now_ms.saturating_sub(ms) / 1000)
}

pub(crate) fn short_duration(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

/// `HH:MM:SS` (UTC) of a unix-ms time.
pub(crate) fn clock(ms: u64) -> String {
    let s = (ms / 1000) % 86400;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// `YYYY-MM-DD HH:MM` (UTC) of a unix-ms time.
pub(crate) fn date(ms: u64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp((ms / 1000) as i64)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "?".into())
}

/// An id shortened to `width` cells, keeping its prefix and its distinct tail.
pub(crate) fn short_id(id: &str, width: usize) -> String {
    if id.chars().count() <= width || width < 8 {
        return id.to_string();
    }
    let (prefix, _) = id.split_at(id.find('_').map(|i| i + 1).unwrap_or(0));
    let tail = width.saturating_sub(prefix.len() + 1);
    let start = id.len() - tail;
    format!("{prefix}…{}", &id[start..])
}

pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "K", "M", "G"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n}B")
    } else if v < 10.0 {
        format!("{v:.1}{}", UNITS[u])
    } else {
        format!("{v:.0}{}", UNITS[u])
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
pub(crate) mod testing {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use crate::app::App;

    /// Draw the whole console at `w`×`h` and return the screen as text.
    pub fn render(app: &mut App, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| super::draw(f, app)).unwrap();
        screen(t.backend())
    }

    pub fn screen(b: &TestBackend) -> String {
        let buf = b.buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            for x in 0..buf.area.width {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_format_compactly() {
        assert_eq!(progress_bar(0.5, 10), "███░░  50%");
        assert_eq!(progress_bar(1.0, 10), "█████ 100%");
        assert_eq!(progress_bar(0.0, 10), "░░░░░   0%");
        assert_eq!(
            short_id("job_01KAXJ5Q8R3T00000000000001", 16),
            "job_…00000000001"
        );
        assert_eq!(short_id("job_1", 16), "job_1");
        assert_eq!(bytes(150 * 1024 * 1024), "150M");
        assert_eq!(bytes(1536), "1.5K");
        assert_eq!(age(120_000, 0), "2m");
        assert_eq!(clock(3_723_000), "01:02:03");
    }
}

#[cfg(test)]
mod resize_tests {
    use super::testing::render;
    use crate::app::fixture::app;
    use crate::app::{Modal, Tab};

    /// Every view and overlay draws at any size without panicking, down to
    /// a single cell, and fits the 80×24 minimum.
    #[test]
    fn every_view_survives_any_size() {
        for (w, h) in [(1, 1), (10, 4), (40, 12), (80, 24), (132, 43), (300, 80)] {
            for tab in Tab::ALL {
                for modal in [None, Some(Modal::Help)] {
                    let mut app = app();
                    app.tab = tab;
                    app.modal = modal;
                    let screen = render(&mut app, w, h);
                    if (w, h) == (80, 24) && app.modal.is_none() {
                        assert!(screen.contains("1 Jobs"), "{tab:?} at {w}x{h}:\n{screen}");
                    }
                }
            }
        }
    }
}

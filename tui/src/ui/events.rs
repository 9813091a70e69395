//! The Events view: the live engine event stream, pausable, with level colours.

use kiln_shared::model::EventLevel;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clock, dim, section, title_style};
use crate::app::App;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    let mut title = vec![Span::styled(
        format!(" Events {} ", app.events.len()),
        title_style(),
    )];
    if app.events_paused {
        title.push(Span::styled(
            format!(" PAUSED, {} new (space resumes) ", app.events_pending.len()),
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ));
    } else if app.events_scroll > 0 {
        title.push(Span::styled(
            format!(" scrolled back {} (End follows) ", app.events_scroll),
            Style::new().fg(Color::Yellow),
        ));
    } else {
        title.push(Span::styled(" live ", Style::new().fg(Color::Green)));
    }
    let inner = section(f, area, Line::from(title));
    let height = inner.height as usize;
    let len = app.events.len();
    app.events_scroll = app.events_scroll.min(len.saturating_sub(height));
    let end = len - app.events_scroll;
    let start = end.saturating_sub(height);
    // Only the visible events become lines.
    let lines: Vec<Line> = app
        .events
        .range(start..end)
        .map(|e| {
            let (word, color) = match e.level {
                EventLevel::Info => ("INFO ", Color::Green),
                EventLevel::Warn => ("WARN ", Color::Yellow),
                EventLevel::Error => ("ERROR", Color::Red),
            };
            let message_style = match e.level {
                EventLevel::Error => Style::new().fg(Color::Red),
                EventLevel::Warn => Style::new().fg(Color::Yellow),
                EventLevel::Info => Style::new(),
            };
            Line::from(vec![
                Span::styled(clock(e.at), dim()),
                Span::raw(" "),
                Span::styled(word, Style::new().fg(color).add_modifier(Modifier::BOLD)),
                Span::raw(" "),
                Span::styled(format!("{:<7}", e.topic), Style::new().fg(Color::Cyan)),
                Span::raw(" "),
                Span::styled(e.message.clone(), message_style),
            ])
        })
        .collect();
    if lines.is_empty() {
        f.render_widget(Paragraph::new(Span::styled("no events yet", dim())), inner);
    } else {
        f.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    use crate::app::fixture::app;
    use crate::app::Tab;
    use crate::ui::testing::render;

    #[test]
    fn events_live_and_paused() {
        let mut app = app();
        app.tab = Tab::Events;
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains(" live "));
        insta::assert_snapshot!(screen);
        app.events_paused = true;
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("PAUSED, 0 new"), "{screen}");
    }

    #[test]
    fn event_levels_have_colours() {
        use ratatui::backend::TestBackend;
        use ratatui::style::Color;
        use ratatui::Terminal;
        let mut app = app();
        app.tab = Tab::Events;
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| crate::ui::draw(f, &mut app)).unwrap();
        let buf = t.backend().buffer();
        let find = |word: &str| {
            (0..24u16)
                .find_map(|y| {
                    let line: String = (0..80u16).map(|x| buf[(x, y)].symbol()).collect();
                    line.find(word).map(|x| buf[(x as u16, y)].fg)
                })
                .unwrap()
        };
        assert_eq!(find("WARN"), Color::Yellow);
        assert_eq!(find("ERROR"), Color::Red);
        assert_eq!(find("INFO"), Color::Green);
    }
}

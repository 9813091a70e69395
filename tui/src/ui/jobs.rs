//! The Jobs view: a virtualised live list with filters, and the detail pane.

use kiln_shared::model::{JobDetail, JobState, JobView, StepStatus};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

use super::{
    age, bytes, date, dim, header_style, job_state_color, loading, note_at, or_dash, progress_bar,
    row_style, scrolled, section, short_id, table, title,
};
use crate::app::{App, StateFilter};
use crate::text::refunded_note;

const ACCOUNT_W: u16 = 10;
const KIND_W: u16 = 6;
const STATE_W: u16 = 19;
const PROGRESS_W: u16 = 10;
const AGE_W: u16 = 4;

pub fn draw(f: &mut Frame, area: Rect, app: &mut App) {
    if app.detail.is_some() {
        draw_detail(f, area, app);
        return;
    }
    let inner = section(f, area, list_title(app));
    let fixed = ACCOUNT_W + KIND_W + STATE_W + PROGRESS_W + AGE_W + 5;
    let id_w = inner.width.saturating_sub(fixed).clamp(8, 30);
    let height = inner.height.saturating_sub(1) as usize;
    let len = app.jobs_shown.len();
    let range = app.jobs_pos.visible(len, height);
    let selected = app.jobs_pos.selected;
    // Only the visible rows are built: 10,000 jobs cost no more than 20.
    let rows: Vec<Row> = range
        .map(|row| {
            let j = &app.jobs[app.jobs_shown[row]];
            job_row(app, j, id_w as usize).style(row_style(row == selected))
        })
        .collect();
    f.render_widget(
        table(
            rows,
            &[id_w, ACCOUNT_W, KIND_W, STATE_W, PROGRESS_W, AGE_W],
            &["ID", "ACCOUNT", "KIND", "STATE", "PROGRESS", "AGE"],
        ),
        inner,
    );
    if len == 0 {
        let msg = if app.jobs.is_empty() {
            "no jobs yet"
        } else {
            "no jobs match the filter (Esc clears it)"
        };
        note_at(f, inner, 2, msg);
    }
}

/// `Jobs 2 of 6`, then the filters in force.
fn list_title(app: &App) -> Line<'static> {
    let mut spans = vec![title(format!(
        " Jobs {} of {} ",
        app.jobs_shown.len(),
        app.jobs.len()
    ))];
    if app.state_filter != StateFilter::All {
        spans.push(Span::styled(
            format!("state:{} ", app.state_filter.word()),
            Style::new().fg(Color::Yellow),
        ));
    }
    if !app.filter_text.is_empty() {
        spans.push(Span::styled(
            format!("/{} ", app.filter_text),
            Style::new().fg(Color::Yellow),
        ));
    }
    Line::from(spans)
}

fn job_row<'a>(app: &App, j: &JobView, id_w: usize) -> Row<'a> {
    let color = job_state_color(j.state);
    let progress = if matches!(j.state, JobState::Failed | JobState::Canceled) {
        Span::styled(if j.refunded { "refunded" } else { "" }.to_string(), dim())
    } else {
        Span::styled(
            progress_bar(j.progress, PROGRESS_W as usize),
            Style::new().fg(color),
        )
    };
    Row::new(vec![
        Cell::from(short_id(&j.id, id_w)),
        Cell::from(app.account_name(&j.account_id).to_string()),
        Cell::from(j.kind.clone()),
        Cell::from(Line::from(vec![
            Span::styled(j.state.as_str(), Style::new().fg(color)),
            Span::styled(format!("/{}", j.render_status), dim()),
        ])),
        Cell::from(progress),
        Cell::from(age(app.now_ms, j.created_at)),
    ])
}

fn draw_detail(f: &mut Frame, area: Rect, app: &App) {
    let Some(pane) = &app.detail else { return };
    let inner = section(f, area, title(format!(" Job {} ", pane.id)));
    let Some(d) = &pane.detail else {
        loading(f, inner);
        return;
    };
    // Live state from the list if it is newer than the fetched detail.
    let j = app.jobs.iter().find(|j| j.id == d.job.id).unwrap_or(&d.job);
    let mut lines = job_lines(app, j, d);
    lines.extend(plan_lines(d));
    lines.extend(render_lines(d));
    lines.extend(output_lines(d));
    lines.extend(ledger_lines(d));
    scrolled(f, inner, lines, pane.scroll);
}

fn label(s: &str) -> Span<'static> {
    Span::styled(format!("{s:<10}"), header_style())
}

/// The job itself: state, account, kind, progress, times, charge, error,
/// request and spec.
fn job_lines(app: &App, j: &JobView, d: &JobDetail) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(vec![
            label("state"),
            Span::styled(j.state.as_str(), Style::new().fg(job_state_color(j.state))),
            Span::raw(format!("  render: {}", j.render_status)),
            Span::raw(
                d.files_status
                    .as_ref()
                    .map(|s| format!("  files: {s}"))
                    .unwrap_or_default(),
            ),
        ]),
        Line::from(vec![
            label("account"),
            Span::raw(format!(
                "{} ({})",
                app.account_name(&j.account_id),
                j.account_id
            )),
        ]),
        Line::from(vec![
            label("kind"),
            Span::raw(format!("{}  {}", j.kind, j.summary)),
        ]),
        Line::from(vec![
            label("progress"),
            Span::raw(progress_bar(j.progress, 22)),
            Span::raw(format!("  attempts {}", j.attempts)),
            Span::raw(
                j.node
                    .as_ref()
                    .map(|n| format!("  on node {n}"))
                    .unwrap_or_default(),
            ),
        ]),
        Line::from(vec![
            label("times"),
            Span::raw(format!(
                "created {}  started {}  finished {}",
                date(j.created_at),
                or_dash(j.started_at.map(date)),
                or_dash(j.finished_at.map(date))
            )),
        ]),
        Line::from(vec![
            label("charge"),
            Span::raw(format!(
                "free {} + paid {} xeconds{}",
                j.charge.free,
                j.charge.paid,
                refunded_note(j.refunded)
            )),
        ]),
    ];
    if let Some(e) = &j.error {
        lines.push(Line::from(vec![
            label("error"),
            Span::styled(e.clone(), Style::new().fg(Color::Red)),
        ]));
    }
    lines.push(Line::from(vec![
        label("request"),
        Span::raw(d.request.clone()),
    ]));
    lines.push(Line::from(vec![
        label("spec"),
        Span::styled(d.spec_json.clone(), dim()),
    ]));
    lines
}

/// A heading, or nothing when the part is empty.
fn heading(text: &'static str, empty: bool) -> Option<Line<'static>> {
    (!empty).then(|| Line::from(Span::styled(text, header_style())))
}

/// A finished render: time per stage, as a bar of its share, and what it kept.
fn render_lines(d: &JobDetail) -> Vec<Line<'static>> {
    let Some(r) = &d.render else {
        return Vec::new();
    };
    let mut lines: Vec<Line> = heading("render", false).into_iter().collect();
    let most = r.stages().iter().map(|s| s.1).max().unwrap_or(0).max(1);
    for (name, ms) in r.stages() {
        let bar = "█".repeat((ms * 20).div_ceil(most) as usize);
        lines.push(Line::from(vec![
            label(name),
            Span::raw(format!("{:>8.2} s  ", ms as f64 / 1000.0)),
            Span::styled(bar, dim()),
        ]));
    }
    lines.push(Line::from(vec![
        label("total"),
        Span::raw(format!(
            "{:>8.2} s  {} frames from {}",
            r.total_ms as f64 / 1000.0,
            r.frames_out,
            r.frames_in
        )),
    ]));
    lines.push(Line::from(vec![label("kept"), Span::raw(r.kept.clone())]));
    lines
}

fn plan_lines(d: &JobDetail) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = heading("plan", d.steps.is_empty()).into_iter().collect();
    for (i, s) in d.steps.iter().enumerate() {
        let color = match s.status {
            StepStatus::Completed => Color::Green,
            StepStatus::Failed => Color::Red,
            StepStatus::Running => Color::Cyan,
            StepStatus::Pending => Color::Gray,
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {}. ", i + 1)),
            Span::styled(format!("[{}] ", s.status), Style::new().fg(color)),
            Span::raw(s.description.clone()),
        ]));
        lines.push(Line::from(Span::styled(
            format!("     $ {}", s.command),
            dim(),
        )));
    }
    lines
}

fn output_lines(d: &JobDetail) -> Vec<Line<'static>> {
    let heading = heading("outputs", d.outputs.is_empty());
    heading
        .into_iter()
        .chain(d.outputs.iter().map(|o| {
            Line::from(format!(
                "  {}  {}  {}{}",
                o.file_id,
                o.filename,
                bytes(o.size),
                if o.expired { "  (expired)" } else { "" }
            ))
        }))
        .collect()
}

fn ledger_lines(d: &JobDetail) -> Vec<Line<'static>> {
    let heading = heading("ledger", d.ledger.is_empty());
    heading
        .into_iter()
        .chain(d.ledger.iter().map(|l| {
            Line::from(format!(
                "  {}  {:<7} free {:+}  paid {:+}",
                date(l.at),
                l.reason,
                l.free,
                l.paid
            ))
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::app::fixture::{self, app};
    use crate::app::{DetailPane, Msg};
    use crate::ui::testing::render;

    #[test]
    fn jobs_list_at_80x24() {
        let mut app = app();
        insta::assert_snapshot!(render(&mut app, 80, 24));
    }

    #[test]
    fn jobs_list_filtered() {
        let mut app = app();
        app.filter_text = "state:queued".into();
        app.jobs_changed();
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("Jobs 2 of 6 /state:queued"), "{screen}");
        assert!(screen.contains("queued/no_workers"), "{screen}");
        assert!(!screen.contains("succeeded/done"), "{screen}");
    }

    #[test]
    fn job_detail_pane() {
        let mut app = app();
        let d = fixture::job_detail();
        app.detail = Some(DetailPane {
            id: d.job.id.clone(),
            detail: None,
            scroll: 0,
        });
        assert!(render(&mut app, 80, 24).contains("loading…"));
        app.on_msg(Msg::JobDetail(Box::new(d)));
        insta::assert_snapshot!(render(&mut app, 80, 24));
    }

    #[test]
    fn job_detail_shows_where_a_render_spent_its_time() {
        let mut app = app();
        let mut d = fixture::job_detail();
        d.render = Some(kiln_shared::model::RenderReport {
            decode_ms: 120,
            motion_ms: 900,
            synthesis_ms: 1800,
            encode_ms: 1500,
            mux_ms: 10,
            total_ms: 2600,
            frames_in: 66,
            frames_out: 132,
            repeated: 0,
            kept: "video and 1 audio track".into(),
        });
        app.detail = Some(DetailPane {
            id: d.job.id.clone(),
            detail: None,
            scroll: 0,
        });
        app.on_msg(Msg::JobDetail(Box::new(d)));
        let screen = render(&mut app, 100, 40);
        for want in [
            "synthesis     1.80 s  ████████████████████",
            "decode        0.12 s  ██",
            "total         2.60 s  132 frames from 66",
            "kept      video and 1 audio track",
        ] {
            assert!(screen.contains(want), "{want:?} missing:\n{screen}");
        }
    }

    /// Live updates (the 200 newest jobs refreshed, one of them changed)
    /// with 10,000 jobs listed change those jobs in place and keep the rest.
    #[test]
    fn updates_with_10000_jobs_change_only_what_changed() {
        use kiln_shared::model::JobState;
        let mut app = app();
        let jobs: Vec<_> = (0..10_000)
            .map(|n| fixture::job(n, JobState::Succeeded, "done", 1.0))
            .collect();
        app.on_msg(Msg::Jobs(jobs.clone()));
        let mut recent: Vec<_> = jobs[..200].to_vec();
        let mut screen = String::new();
        for i in 0..10 {
            recent[i].state = JobState::Running;
            app.on_msg(Msg::JobsChanged(recent.clone()));
            screen = render(&mut app, 80, 24);
        }
        assert!(screen.contains("Jobs 10000 of 10000"), "{screen}");
        let running = app.jobs.iter().filter(|j| j.state == JobState::Running);
        assert_eq!(running.count(), 10);
    }

    #[test]
    fn only_visible_rows_render_and_the_selection_stays_visible() {
        let mut app = app();
        let jobs = (0..10_000)
            .map(|n| fixture::job(n, kiln_shared::model::JobState::Succeeded, "done", 1.0))
            .collect();
        app.on_msg(Msg::Jobs(jobs));
        app.jobs_pos.selected = 5_000;
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("Jobs 10000 of 10000"));
        let id = &app.jobs[app.jobs_shown[5_000]].id;
        assert!(screen.contains(&id[id.len() - 8..]), "{screen}");
    }
}

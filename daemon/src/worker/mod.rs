//! `kilnd worker`: the process that decodes untrusted media. It reads one
//! request per line on stdin, answers on stdout, and exits when stdin closes.
//! The daemon starts it with resource limits, so a crash or a bomb costs one
//! job, never the daemon.

mod confine;
mod pipeline;
pub mod protocol;

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use kiln_shared::model::RenderReport;
use protocol::{Reply, Request};

use crate::media;

/// Progress replies are sent at most this often.
pub(crate) const PROGRESS_EVERY: Duration = Duration::from_millis(200);

pub fn main() -> std::io::Result<()> {
    serve(media::init, handle)
}

/// The still-picture worker (`kilnd-stills`): pipelines of still pictures
/// only, with no FFmpeg linked (see `media::ops::stills`).
pub fn stills_main() -> std::io::Result<()> {
    serve(
        || {},
        |request, out| {
            Ok(match request {
                Request::Pipeline {
                    inputs,
                    steps,
                    work_dir,
                    limits,
                } => match pipeline::run(
                    &pipeline::STILLS,
                    &inputs,
                    &steps,
                    &work_dir,
                    &limits,
                    out,
                )? {
                    Ok(outputs) => Reply::PipelineDone { outputs },
                    Err(message) => Reply::Failed { message },
                },
                Request::Identify { path, limits } => {
                    match media::ops::stills::identify(&path, &limits) {
                        Ok(facts) => Reply::Identified { facts },
                        Err(e) => Reply::Failed {
                            message: e.to_string(),
                        },
                    }
                }
                Request::Probe { .. } | Request::Render { .. } => Reply::Failed {
                    message: "this worker runs still pictures only".into(),
                },
            })
        },
    )
}

/// The request loop: confine the process, `init` its libraries, say it is
/// ready, then answer each request line with `handle` until stdin closes.
fn serve(
    init: impl FnOnce(),
    mut handle: impl FnMut(Request, &mut std::io::StdoutLock<'static>) -> std::io::Result<Reply>,
) -> std::io::Result<()> {
    // First, while the process has one thread.
    let sandbox = match std::env::current_dir().map(|dir| confine::apply(&dir)) {
        Ok(Ok(status)) => confine::describe(status),
        Ok(Err(e)) => {
            eprintln!("kilnd worker: filesystem confinement failed: {e}");
            "none"
        }
        Err(e) => {
            eprintln!("kilnd worker: no working directory: {e}");
            "none"
        }
    };
    init();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    send(
        &mut out,
        &Reply::Ready {
            pid: std::process::id(),
            sandbox: sandbox.to_string(),
        },
    )?;
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Request>(&line) {
            Ok(request) => handle(request, &mut out)?,
            Err(e) => Reply::Failed {
                message: format!("worker could not read the request: {e}"),
            },
        };
        send(&mut out, &reply)?;
    }
    Ok(())
}

pub(crate) fn send(out: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(reply).map_err(std::io::Error::other)?;
    line.push(b'\n');
    out.write_all(&line)?;
    out.flush()
}

fn handle(request: Request, out: &mut impl Write) -> std::io::Result<Reply> {
    Ok(match request {
        Request::Probe {
            path,
            max_width,
            max_height,
            max_duration_secs,
        } => {
            let limits = media::probe::ProbeLimits {
                max_width,
                max_height,
                max_duration_secs,
            };
            match media::probe::probe(&path, &limits) {
                Ok(info) => Reply::Probed { info },
                Err(e) => Reply::Failed {
                    message: e.to_string(),
                },
            }
        }
        Request::Identify { path, limits } => match media::ops::probe_any(&path, &limits) {
            Ok(facts) => Reply::Identified { facts },
            Err(e) => Reply::Failed {
                message: e.to_string(),
            },
        },
        Request::Pipeline {
            inputs,
            steps,
            work_dir,
            limits,
        } => match pipeline::run(&pipeline::FULL, &inputs, &steps, &work_dir, &limits, out) {
            Ok(Ok(outputs)) => Reply::PipelineDone { outputs },
            Ok(Err(message)) => Reply::Failed { message },
            Err(e) => return Err(e),
        },
        Request::Render {
            input,
            output,
            target_fps,
            watermark,
        } => {
            let req = media::render::RenderRequest {
                input,
                output,
                target_fps,
                watermark,
            };
            let mut last = Instant::now() - PROGRESS_EVERY;
            let mut write_error = None;
            let result = media::render::render(&req, &mut |done, total| {
                if last.elapsed() >= PROGRESS_EVERY || done == total {
                    last = Instant::now();
                    if let Err(e) = send(out, &Reply::Progress { done, total }) {
                        // The daemon is gone: stop working.
                        write_error = Some(e);
                        return false;
                    }
                }
                true
            });
            if let Some(e) = write_error {
                return Err(e);
            }
            match result {
                Ok(stats) => Reply::Rendered {
                    frames_out: stats.frames_out,
                    duration_secs: stats.duration_secs,
                    report: Some(report(&stats)),
                    // What the API shows of the output (duration, fps, size).
                    media: media::probe::probe(&req.output, &Default::default())
                        .ok()
                        .map(Box::new),
                },
                Err(e) => Reply::Failed {
                    message: e.to_string(),
                },
            }
        }
    })
}

/// A finished render as the job records it.
fn report(stats: &media::render::RenderStats) -> RenderReport {
    let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let t = &stats.timings;
    RenderReport {
        decode_ms: ms(t.decode),
        motion_ms: ms(t.motion),
        synthesis_ms: ms(t.synthesis),
        encode_ms: ms(t.encode),
        mux_ms: ms(t.mux),
        total_ms: ms(t.total),
        frames_in: stats.frames_in,
        frames_out: stats.frames_out,
        repeated: stats.repeated,
        kept: stats.kept.describe(),
    }
}

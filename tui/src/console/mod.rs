//! The live console: a loop that draws the [`App`], fed by keys and by a
//! background task that follows kilnd over the control channel.
//!
//! Liveness: the poller long-polls `events(since, 1s)`; each page says which
//! jobs and accounts changed, and only those are refetched. Workers, the
//! overview and the newest jobs refresh about once a second (progress has no
//! events); everything refreshes every 15 s. When the connection drops the
//! poller reconnects, backing off while kilnd stays away; a new `boot_id`
//! means kilnd restarted and everything is reloaded.
//!
//! - `poller`: following kilnd; `link`: the connection state and backoff;
//!   `fetch`: the calls the poller makes; `trace`: its optional step log;
//! - `requests`: what the app asks for, run on their own tasks.

mod fetch;
mod link;
mod poller;
mod requests;
mod trace;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::Event;
use kiln_shared::ControlClient;
use tokio::sync::{mpsc, watch, Notify};

use crate::app::{App, Msg, Request};
use crate::{term, ui};

/// The clock tick of the console loop (status expiry, ages, countdowns).
const TICK: Duration = Duration::from_millis(500);

pub fn run(socket: PathBuf) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(console(socket))?;
    // The key reader thread may be blocked in read(); do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Terminal events, read on a thread of their own (crossterm's read blocks).
fn read_keys() -> mpsc::UnboundedReceiver<Event> {
    let (key_tx, key_rx) = mpsc::unbounded_channel::<Event>();
    std::thread::spawn(move || {
        while let Ok(ev) = crossterm::event::read() {
            if key_tx.send(ev).is_err() {
                break;
            }
        }
    });
    key_rx
}

async fn console(socket: PathBuf) -> anyhow::Result<()> {
    let (mut terminal, _guard) = term::enter()?;
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<Msg>();
    let (req_tx, req_rx) = mpsc::unbounded_channel::<Request>();
    let (client_tx, client_rx) = watch::channel::<Option<ControlClient>>(None);
    let refresh = Arc::new(Notify::new());

    let mut key_rx = read_keys();
    let poller = poller::Poller::new(socket, msg_tx.clone(), client_tx, refresh.clone());
    tokio::spawn(poller.run());
    tokio::spawn(requests::serve(req_rx, client_rx, msg_tx, refresh));

    let mut app = App::new(now_ms());
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    terminal.draw(|f| ui::draw(f, &mut app))?;
    loop {
        tokio::select! {
            Some(msg) = msg_rx.recv() => {
                // Apply everything that is waiting, then draw once.
                let mut next = Some(msg);
                while let Some(msg) = next {
                    for r in app.on_msg(msg) {
                        let _ = req_tx.send(r);
                    }
                    next = msg_rx.try_recv().ok();
                }
            }
            Some(ev) = key_rx.recv() => {
                // Resize needs nothing: draw() fits the new size.
                if let Event::Key(key) = ev {
                    if !forward(app.on_key(key), &req_tx) {
                        break;
                    }
                }
            }
            _ = tick.tick() => app.tick(now_ms()),
        }
        terminal.draw(|f| ui::draw(f, &mut app))?;
    }
    drop(terminal);
    Ok(())
}

/// Hand requests to the background; `false` at [`Request::Quit`] (what
/// follows it is dropped).
fn forward(requests: Vec<Request>, req_tx: &mpsc::UnboundedSender<Request>) -> bool {
    for r in requests {
        if r == Request::Quit {
            return false;
        }
        let _ = req_tx.send(r);
    }
    true
}

//! The live console (`kiln` with no arguments) in a real pseudo-terminal
//! (tmux) against a real kilnd with jobs in flight: we read the screen the way
//! an operator would and press keys the way they would.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kiln_tests::client::paid_xeconds;
use kiln_tests::receiver::Receiver;
use kiln_tests::render::{self, settled, wait_for};
use kiln_tests::{http, kiln_bin, make_clip, Daemon};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);
const RENDER_WAIT: Duration = Duration::from_secs(90);

/// A console running in its own tmux server, killed on drop.
struct Console {
    server: String,
    /// The console's own trace of its control calls (KILN_CONSOLE_TRACE).
    trace: std::path::PathBuf,
    /// Where the pane's shell writes kiln's exit status (tmux's own
    /// `pane_dead_status` depends on it reaping the pane in time).
    exit_file: std::path::PathBuf,
}

impl Console {
    /// Start `kiln --socket SOCKET` in an 80×24 tmux pane; `None` when tmux
    /// is not installed.
    fn start(socket: &Path) -> Option<Console> {
        let found = Command::new("tmux")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return None;
        }
        let console = Console {
            server: format!("kiln-console-test-{}", std::process::id()),
            trace: socket.with_file_name("console.trace"),
            exit_file: socket.with_file_name("console.exit"),
        };
        let cmd = format!(
            "env -u KILN_SOCKET KILN_CONSOLE_TRACE={} {} --socket {}; echo $? > {}",
            console.trace.display(),
            kiln_bin().display(),
            socket.display(),
            console.exit_file.display()
        );
        console.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "console",
            "-x",
            "80",
            "-y",
            "24",
            &cmd,
        ]);
        console.tmux(&["set-option", "-t", "console", "remain-on-exit", "on"]);
        Some(console)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.server)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("running tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "console"])
    }

    /// Press keys (tmux key names: `Enter`, `Down`, `Home`, or characters).
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "console", k]);
        }
    }

    /// Wait until the screen satisfies `ok`; returns that screen.
    fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                let trace = std::fs::read_to_string(&self.trace).unwrap_or_default();
                let lines: Vec<&str> = trace.lines().collect();
                panic!(
                    "the console never showed {what}; last screen:\n{screen}\nlast polls:\n{}",
                    lines[lines.len().saturating_sub(30)..].join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait(&format!("{text:?}"), |s| s.contains(text))
    }

    /// The screen line that mentions `needle`.
    fn line_with(screen: &str, needle: &str) -> Option<String> {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .map(str::to_string)
    }

    fn pane(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "console", format])
            .trim()
            .to_string()
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.server, "kill-server"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The last characters of an id: what the console shows when it shortens it.
fn tail(id: &str) -> &str {
    &id[id.len() - 10..]
}

/// Webhooks to our local receiver, retried after a second.
const CONFIG: &str = "[webhooks]\nallow_private = true\nbackoff_secs = [1, 2, 2]\n";

// Multi-threaded: the webhook receiver must answer while the test thread
// sleeps between screen reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_follows_jobs_workers_webhooks_and_grants_credits() {
    let mut d = Daemon::start_with_config(CONFIG, &[("KILN_WORKERS__MAX", "1")]);
    // (Timed from here: the first Daemon start may build the binaries.)
    let started = Instant::now();
    let Some(console) = Console::start(&d.socket()) else {
        eprintln!("NOTE: tmux is not installed; skipping the console end-to-end test (apt-get install tmux)");
        return;
    };
    let key = d.account_with("ops", 0, 40);
    console.wait_text("● connected");
    console.wait_text("Jobs 0 of 0");

    // A submitted job appears and reaches done, without touching the console.
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 24, (96, 64), false);
    let upload = render::upload(&d, &key, &clip).await;
    // Its webhook fails once (500), then is delivered on the retry.
    let receiver = Receiver::start("127.0.0.1:0", vec![500]).await;
    let r = http()
        .post(d.url("/jobs"))
        .bearer_auth(&key)
        .json(
            &serde_json::json!({"r2_key": upload["key"], "project_id": upload["project_id"],
            "target_fps": 60, "webhook_url": receiver.url}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let job: Value = r.json().await.unwrap();
    let first = job["job_id"].as_str().unwrap().to_string();
    console.wait(&format!("{first} listed"), |s| s.contains(tail(&first)));
    // (Generous: a loaded machine renders slowly; the screen waits are short.)
    let done = wait_for(&d, &key, &first, RENDER_WAIT, settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
    let screen = console.wait(&format!("{first} done"), |s| {
        Console::line_with(s, tail(&first)).is_some_and(|l| l.contains("succeeded/done"))
    });
    assert!(
        screen.contains("ops"),
        "the account name is shown:\n{screen}"
    );

    // A worker held busy (SIGSTOP) shows busy, with its pid and job.
    let second = render::start_id(&d, &key, &upload, 30).await;
    let pid = d.stop_busy_worker(&second);
    console.keys(&["2"]);
    // (A warm worker keeps its pid from job to job: wait for this job on it.)
    // (The header's count and the pool's rows come from separate updates:
    // both are waited for.)
    let screen = console.wait("a busy worker", |s| {
        Console::line_with(s, &pid.to_string())
            .is_some_and(|l| l.contains("busy") && l.contains(&second[second.len() - 6..]))
            && s.contains("workers 1/1 busy")
    });
    assert!(screen.contains("workers 1/1 busy"), "{screen}");

    // Cancel it from the console: confirmation, then refunded.
    let before_cancel = paid_xeconds(&d, &key).await;
    console.keys(&["1", "Home"]);
    console.wait("the held job selected", |s| s.contains(tail(&second)));
    console.keys(&["c"]);
    console.wait_text("│Cancel job");
    console.keys(&["y"]);
    console.wait(&format!("{second} canceled"), |s| {
        Console::line_with(s, tail(&second)).is_some_and(|l| l.contains("canceled/failed"))
    });
    assert!(
        paid_xeconds(&d, &key).await > before_cancel,
        "the cancel refunded"
    );

    // A credit grant made from the console changes the balance /me reports.
    let before = paid_xeconds(&d, &key).await;
    console.keys(&["3"]);
    console.wait_text("Accounts 2");
    // Accounts are sorted by name: admin, then ops.
    console.keys(&["Down"]);
    console.wait_text("ops · plan");
    console.keys(&["g", "2", "5", "Enter"]);
    console.wait_text("Grant 25 paid xeconds to ops?");
    console.keys(&["y"]);
    let deadline = Instant::now() + WAIT;
    while paid_xeconds(&d, &key).await != before + 25 {
        assert!(Instant::now() < deadline, "the grant never reached /me");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    console.wait_text(&format!("paid {} =", before + 25));

    // Webhook deliveries: state, attempts, last status; redeliver from the console.
    console.keys(&["4"]);
    let screen = console.wait("the delivery delivered on its second try", |s| {
        s.lines()
            .any(|l| l.contains("delivered") && l.contains(" 2 ") && l.contains("200"))
    });
    assert!(
        screen.contains("/hook"),
        "the selected delivery's url:\n{screen}"
    );
    assert_eq!(receiver.wait_for(2, 10).await.len(), 2);
    console.keys(&["d"]);
    console.wait_text("Send webhook delivery");
    console.keys(&["y"]);
    assert_eq!(receiver.wait_for(3, 10).await.len(), 3, "redelivered");
    console.wait("the third attempt", |s| {
        s.lines()
            .any(|l| l.contains("delivered") && l.contains(" 3 ") && l.contains("200"))
    });

    // kilnd restarts: the console reconnects by itself and says so.
    d.restart();
    console.keys(&["5"]);
    console.wait_text("kilnd restarted");
    console.wait_text("● connected");

    // `q` quits and leaves the terminal as it found it.
    console.keys(&["q"]);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        // (The shell creates the file before it writes the status in it.)
        if let Ok(status) = std::fs::read_to_string(&console.exit_file) {
            if !status.trim().is_empty() {
                break status;
            }
        }
        assert!(
            Instant::now() < deadline,
            "q did not quit:\n{}",
            console.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.trim(), "0", "kiln's exit status");
    assert_eq!(
        console.pane("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    eprintln!("console e2e took {:?}", started.elapsed());
}

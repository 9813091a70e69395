//! Running kilnd as a service: the systemd unit's verification and
//! security score, readiness and watchdog notifications, draining on SIGTERM.

use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

use kiln_tests::client::me;
use kiln_tests::render::{self, settled, wait_for};
use kiln_tests::{assert_success, kilnd_bin, make_clip, signal, Daemon};

fn unit_for_tests(dir: &std::path::Path) -> std::path::PathBuf {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../systemd/kilnd.service"
    ))
    .unwrap();
    let unit = unit.replace("/usr/local/bin/kilnd", kilnd_bin().to_str().unwrap());
    let path = dir.join("kilnd.service");
    std::fs::write(&path, unit).unwrap();
    path
}

#[test]
fn the_unit_verifies_and_rates_ok() {
    if std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: systemd-analyze is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_for_tests(dir.path());
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .output()
        .unwrap();
    assert_success("systemd-analyze verify", &out);
    let out = std::process::Command::new("systemd-analyze")
        .args(["security", "--offline=yes"])
        .arg(&unit)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let score: f64 = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no score in: {text}"));
    assert!(score <= 2.0, "exposure {score} > 2.0:\n{text}");
}

#[test]
fn readiness_and_watchdog_reach_systemd() {
    let dir = tempfile::tempdir().unwrap();
    let sock_path = dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let sock_str = sock_path.to_string_lossy().into_owned();
    let _d = Daemon::start_with_env(&[])
        .with_restart_env(&[("NOTIFY_SOCKET", &sock_str), ("WATCHDOG_USEC", "400000")]);
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut buf = [0u8; 4096];
    while !(seen.contains("READY=1") && seen.contains("WATCHDOG=1")) {
        assert!(Instant::now() < deadline, "got only: {seen}");
        let n = sock.recv(&mut buf).expect("a notification");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        seen.push('\n');
    }
}

#[tokio::test]
async fn sigterm_drains_then_requeues_and_the_job_finishes_after_restart() {
    let mut d = Daemon::start_with_env(&[
        ("KILN_WORKERS__MAX", "1"),
        ("KILN_WORKERS__DRAIN_SECS", "1"),
    ]);
    let key = d.account_with("drain", 0, 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "d.mp4", 2.0, 30, (320, 240), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 120).await;
    d.stop_busy_worker(&id);
    let started = Instant::now();
    assert_eq!(d.stop(), Some(0), "a clean exit:\n{}", d.log());
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(d.log().contains("queued for the next start"), "{}", d.log());
    d.spawn();
    let done = wait_for(&d, &key, &id, Duration::from_secs(120), settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
    assert_eq!(done["attempts"], 1, "the drained run is not counted");
    assert_eq!(
        me(&d, &key).await["balance"]["paid_xeconds"],
        6,
        "charged once"
    );
    d.assert_audit_clean();
}

#[tokio::test]
async fn metrics_pass_promtool_and_can_be_protected() {
    let d = Daemon::start_with_env(&[("KILN_METRICS__TOKEN", "scrape-me")]);
    let key = d.account_with("metered", 10, 0);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "m.mp4", 1.0, 24, (96, 64), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 30).await;
    wait_for(&d, &key, &id, Duration::from_secs(120), settled).await;
    let client = kiln_tests::http();
    let r = client.get(d.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = client
        .get(d.url("/metrics"))
        .bearer_auth("scrape-me")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    for series in [
        "kiln_http_requests_total{route=\"/jobs\",method=\"POST\",status=\"200\"} 1",
        "kiln_http_request_duration_seconds_bucket{route=\"/upload/presign\"",
        "kiln_jobs{state=\"succeeded\"} 1",
        "kiln_job_queue_wait_seconds_count 1",
        "kiln_job_run_seconds_count{outcome=\"succeeded\"} 1",
        "kiln_worker_slots{state=\"idle\"}",
        "kiln_ledger_xeconds_total{reason=\"debit\",bucket=\"free\"} 1",
    ] {
        assert!(text.contains(series), "missing {series}:\n{text}");
    }
    if std::process::Command::new("promtool")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED promtool check: promtool is not installed (make test installs it)");
        return;
    }
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_success("promtool", &out);
}

#[tokio::test]
async fn sighup_changes_a_rate_limit_without_a_restart() {
    let plan = |burst: u32| {
        format!("[plans.free]\nmax_file_mb = 50\nmax_files_per_job = 5\nmax_pipeline_steps = 5\nmonthly_jobs = 0\nrate_per_sec = 1\nburst = {burst}\n")
    };
    let d = Daemon::start_with_config(&plan(2), &[]);
    let key = d.account("hup");
    let burst = |n: usize| {
        let url = d.url("/api/v1/usage");
        let key = key.clone();
        async move {
            let client = kiln_tests::http();
            let all = futures::future::join_all(
                (0..n).map(|_| client.get(&url).bearer_auth(&key).send()),
            )
            .await;
            all.into_iter()
                .filter(|r| r.as_ref().unwrap().status() == 200)
                .count()
        }
    };
    assert!(burst(10).await <= 3, "burst 2 in force");
    std::fs::write(d.config_path.as_ref().unwrap(), plan(50)).unwrap();
    let pid = d.pid();
    signal(pid, libc::SIGHUP);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !d.log().contains("configuration reloaded") {
        assert!(Instant::now() < deadline, "no reload:\n{}", d.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        burst(10).await,
        10,
        "the new burst applies without a restart"
    );
    assert_eq!(d.pid(), pid);
}

#[tokio::test]
async fn backup_while_running_then_restore_elsewhere() {
    let mut d = Daemon::start();
    let key = d.account_with("keeper", 10, 0);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "b.mp4", 1.0, 24, (96, 64), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 30).await;
    wait_for(&d, &key, &id, Duration::from_secs(120), settled).await;

    let backup = dir.path().join("backup");
    let out = kiln_tests::command(&kilnd_bin())
        .args(["backup"])
        .arg(&backup)
        .args(["--data"])
        .arg(&d.data)
        .output()
        .unwrap();
    assert_success("kilnd backup", &out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("records"));
    d.stop();

    let restored = dir.path().join("restored");
    let out = kiln_tests::command(&kilnd_bin())
        .args(["restore"])
        .arg(&backup)
        .args(["--data"])
        .arg(&restored)
        .output()
        .unwrap();
    assert_success("kilnd restore", &out);
    let mut d2 = Daemon::start();
    d2.stop();
    d2.data = restored;
    d2.spawn();
    let j = render::job(&d2, &key, &id).await;
    assert_eq!(j["live_status"], "done", "{j}");
    let bytes = kiln_tests::http()
        .get(j["output_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(bytes.status(), 200, "the output blob came along");
    d2.assert_audit_clean();

    // Restoring over a live store is refused.
    let out = kiln_tests::command(&kilnd_bin())
        .args(["restore"])
        .arg(&backup)
        .args(["--data"])
        .arg(&d2.data)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[tokio::test]
async fn workers_run_confined() {
    let d = Daemon::start_with_env(&[
        ("KILN_WORKERS__MAX", "1"),
        ("KILN_WORKERS__MEMORY_MB", "2048"),
    ]);
    let key = d.account_with("boxed", 10, 0);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "w.mp4", 2.0, 30, (320, 240), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 120).await;
    let pid = d.stop_busy_worker(&id);
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = |name: &str| {
        limits
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .to_string()
    };
    assert!(
        line("Max address space").contains(&(2048u64 * 1024 * 1024).to_string()),
        "{limits}"
    );
    assert!(line("Max open files").contains("256"), "{limits}");
    assert!(
        line("Max core file size").split_whitespace().nth(4) == Some("0"),
        "{limits}"
    );
    let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).unwrap();
    assert!(
        cwd.starts_with(&d.data),
        "private working directory: {cwd:?}"
    );
    let worker_net = std::fs::read_link(format!("/proc/{pid}/ns/net")).unwrap();
    let daemon_net = std::fs::read_link(format!("/proc/{}/ns/net", d.pid())).unwrap();
    if worker_net == daemon_net {
        eprintln!("NOTE: this kernel refused a network namespace; the worker shares the daemon's");
    } else {
        let dev = std::fs::read_to_string(format!("/proc/{pid}/net/dev")).unwrap();
        let ifaces: Vec<&str> = dev
            .lines()
            .skip(2)
            .filter_map(|l| l.split(':').next())
            .map(str::trim)
            .collect();
        assert_eq!(ifaces, vec!["lo"], "no network but loopback");
    }
    signal(pid, libc::SIGCONT);
    let done = wait_for(&d, &key, &id, Duration::from_secs(120), settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
}

//! Worker nodes on other machines: tokens created, listed and revoked with
//! the real `kiln` CLI; a real `kilnd worker --join` process registering over
//! loopback HTTP and sending heartbeats; wrong, revoked and removed tokens
//! refused with 401; drain shown in the list.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use kiln_tests::daemon::{command, kilnd_bin};
use kiln_tests::{http, Daemon};
use serde_json::{json, Value};

fn nodes(d: &Daemon) -> Vec<Value> {
    serde_json::from_str::<Value>(&d.kiln_ok(&["--json", "node", "list"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn node(d: &Daemon, name: &str) -> Value {
    nodes(d)
        .into_iter()
        .find(|n| n["name"] == name)
        .unwrap_or_else(|| panic!("node {name} listed"))
}

fn hello() -> Value {
    json!({"address": "test-box", "version": "0.0.0", "cpus": 2, "max_jobs": 1})
}

async fn register(d: &Daemon, token: Option<&str>) -> u16 {
    let mut req = http()
        .post(d.url("/internal/nodes/register"))
        .json(&hello());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

/// A joined node process, killed when the test ends.
struct Joined(Child);

impl Drop for Joined {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `kilnd worker --join` with its own working directory.
fn join(d: &Daemon, token: &str, dir: &std::path::Path) -> Joined {
    let child = command(&kilnd_bin())
        .args(["worker", "--join", &d.base_url, "--token", token])
        .args([
            "--heartbeat-secs",
            "1",
            "--max-jobs",
            "2",
            "--address",
            "far-box",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting kilnd worker --join");
    Joined(child)
}

fn wait_until(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn nodes_join_with_a_token_and_are_refused_without_one() {
    let d = Daemon::start();

    // A token is printed once; only its hash is kept.
    let token = d
        .kiln_ok(&["node", "token", "create", "--name", "far"])
        .trim()
        .to_string();
    assert!(token.starts_with("kiln_node_"), "{token}");
    let listed = node(&d, "far");
    assert!(!listed.to_string().contains(&token[10..]), "{listed}");
    assert_eq!(listed["last_seen_at"], Value::Null);
    assert!(
        !d.kiln(&["node", "token", "create", "--name", "far"])
            .status
            .success(),
        "names are unique"
    );

    // A real node process registers and heartbeats.
    let work = tempfile::tempdir().unwrap();
    let mut child = join(&d, &token, work.path());
    wait_until("the node to register", Duration::from_secs(20), || {
        node(&d, "far")["last_seen_at"].is_u64()
    });
    let seen = node(&d, "far");
    assert_eq!(seen["address"], "far-box");
    assert_eq!(seen["max_jobs"], 2);
    assert!(seen["cpus"].as_u64().unwrap() >= 1);
    assert_eq!(seen["version"], kilnd::VERSION);
    let first = seen["last_seen_at"].as_u64().unwrap();
    wait_until("a heartbeat", Duration::from_secs(20), || {
        node(&d, "far")["last_seen_at"].as_u64().unwrap() > first
    });
    let table = d.kiln_ok(&["node", "list"]);
    assert!(
        table.contains("far-box") && table.contains("active"),
        "{table}"
    );

    // Drain shows in the list and in what the node is told.
    d.kiln_ok(&["node", "drain", "far"]);
    assert_eq!(node(&d, "far")["draining"], true);
    let answer: Value = http()
        .post(d.url("/internal/nodes/heartbeat"))
        .bearer_auth(&token)
        .json(&hello())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["draining"], true, "{answer}");
    assert_eq!(answer["name"], "far");
    d.kiln_ok(&["node", "drain", "far", "--undo"]);
    assert_eq!(node(&d, "far")["draining"], false);

    // No token, a wrong token, a malformed one: 401.
    assert_eq!(register(&d, None).await, 401);
    assert_eq!(register(&d, Some("kiln_node_wrong")).await, 401);
    let other = d.kiln_ok(&["node", "token", "create"]).trim().to_string();
    let mut wrong = other.clone();
    wrong.pop();
    wrong.push(if other.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(register(&d, Some(&wrong)).await, 401);
    assert_eq!(register(&d, Some(&other)).await, 200);
    assert_eq!(node(&d, "node-1")["address"], "test-box");

    // Revoked: 401, and the joined process stops on its next heartbeat.
    let revoked: Value =
        serde_json::from_str(&d.kiln_ok(&["--json", "node", "token", "revoke", "far"])).unwrap();
    assert!(revoked["revoked_at"].is_u64());
    assert_eq!(register(&d, Some(&token)).await, 401);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the node with a revoked token exits"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(!status.success());
    assert!(nodes(&d).iter().any(|n| n["name"] == "far"));
    assert!(d.kiln_ok(&["node", "list"]).contains("revoked"));

    // Removed: gone from the list, its token refused.
    d.kiln_ok(&["node", "remove", "node-1"]);
    assert!(nodes(&d).iter().all(|n| n["name"] != "node-1"));
    assert_eq!(register(&d, Some(&other)).await, 401);
    assert!(!d.kiln(&["node", "remove", "node-1"]).status.success());
}

#[test]
fn join_refuses_a_wrong_token_at_once() {
    let d = Daemon::start();
    let work = tempfile::tempdir().unwrap();
    let out = command(&kilnd_bin())
        .args(["worker", "--join", &d.base_url, "--token", "kiln_node_nope"])
        .current_dir(work.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused the node token"), "{err}");
}

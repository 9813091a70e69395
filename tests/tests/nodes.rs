//! Worker nodes on other machines: tokens created, listed and revoked with
//! the real `kiln` CLI; a real `kilnd worker --join` process registering over
//! loopback HTTP and sending heartbeats; wrong, revoked and removed tokens
//! refused with 401; drain shown in the list. Then jobs under leases: render
//! and file jobs spread over the daemon's slot and a joined node (each node
//! with its own directory), a node killed mid-render whose job is leased
//! again and finishes once, charged once, and a stale lease whose late
//! calls get 409 and change nothing.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use kiln_tests::client::paid_xeconds;
use kiln_tests::daemon::{command, kilnd_bin};
use kiln_tests::render::{self, settled};
use kiln_tests::{files, http, make_clip, make_png, Daemon};
use serde_json::{json, Value};

const LONG: Duration = Duration::from_secs(240);

/// A JSON list the operator CLI prints for `args`.
fn listed(d: &Daemon, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str::<Value>(&d.kiln_ok(&all))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The entry of `args`'s list whose `key` is `value`.
fn listed_one(d: &Daemon, args: &[&str], key: &str, value: &str) -> Value {
    listed(d, args)
        .into_iter()
        .find(|n| n[key] == value)
        .unwrap_or_else(|| panic!("{key} {value} listed by {args:?}"))
}

fn nodes(d: &Daemon) -> Vec<Value> {
    listed(d, &["node", "list"])
}

fn node(d: &Daemon, name: &str) -> Value {
    listed_one(d, &["node", "list"], "name", name)
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
fn join(d: &Daemon, token: &str, dir: &Path) -> Joined {
    join_with(d, token, dir, 2)
}

/// `kilnd worker --join` running up to `max_jobs` jobs, with its own
/// working directory (its log in `node.log` there).
fn join_with(d: &Daemon, token: &str, dir: &Path, max_jobs: u32) -> Joined {
    let log = std::fs::File::create(dir.join("node.log")).unwrap();
    let child = command(&kilnd_bin())
        .args(["worker", "--join", &d.base_url, "--token", token])
        .args(["--heartbeat-secs", "1", "--address", "far-box"])
        .args(["--max-jobs", &max_jobs.to_string()])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
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

/// A daemon with one local slot and short leases.
fn coordinator() -> Daemon {
    Daemon::start_with_env(&[
        ("KILN_WORKERS__MAX", "1"),
        ("KILN_NODES__LEASE_TTL_SECS", "2"),
    ])
}

/// A token for a node named `name`.
fn token(d: &Daemon, name: &str) -> String {
    d.kiln_ok(&["node", "token", "create", "--name", name])
        .trim()
        .to_string()
}

/// A job as the operator sees it.
fn job_view(d: &Daemon, id: &str) -> Value {
    listed_one(d, &["jobs"], "id", id)
}

/// A node named "far", joined with its own directory and running up to
/// `max_jobs` at once, waiting for work.
fn far_node(d: &Daemon, max_jobs: u32) -> (Joined, tempfile::TempDir) {
    let far = token(d, "far");
    let dir = tempfile::tempdir().unwrap();
    let node = join_with(d, &far, dir.path(), max_jobs);
    wait_live(d, "far");
    (node, dir)
}

/// A joined node that has asked for work (it counts as live).
fn wait_live(d: &Daemon, name: &str) {
    wait_until("the node to ask for work", Duration::from_secs(30), || {
        node(d, name)["live"] == true
    });
}

/// Download a finished render and check it is a real video at `fps`.
async fn check_render(job: &Value, fps: f64, dir: &Path) {
    let url = job["output_url"].as_str().expect("output_url when done");
    let r = http().get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let path = dir.join(format!("{}.mp4", job["job_id"].as_str().unwrap()));
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    let info = kilnd::media::probe::probe(&path, &Default::default()).unwrap();
    let video = info.video.as_ref().expect("a video stream");
    assert!((video.fps - fps).abs() < 0.01, "fps {}", video.fps);
}

#[tokio::test]
async fn jobs_spread_over_the_daemon_and_a_joined_node() {
    let d = coordinator();
    let key = d.account_with("spread", 0, 1000);
    let (joined, node_dir) = far_node(&d, 1);

    // A file job while the node waits for work: the node takes it.
    let dir = tempfile::tempdir().unwrap();
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;
    let job = files::run(&d, &key, "convert to jpg", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let jpg = files::download(&job["outputs"][0], dir.path()).await;
    assert_eq!(
        image::ImageFormat::from_path(&jpg).unwrap(),
        image::ImageFormat::Jpeg
    );
    assert_eq!(kiln_tests::media::rgb(&jpg).dimensions(), (64, 48));
    let id = job["id"].as_str().unwrap();
    assert_eq!(job_view(&d, id)["node"], "far", "the waiting node ran it");
    assert_eq!(
        kiln_tests::process::child_programs(joined.0.id()),
        ["kilnd-stills"],
        "a job on pictures ran in the node's still-picture worker"
    );

    // Renders: the node and the local slot both take some. The first is
    // long enough to hold whichever takes it while the other takes the
    // short ones (short ones alone can all finish locally before the node
    // asks again).
    let long = make_clip(dir.path(), "long.mp4", 4.0, 15, (320, 240), false);
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 15, (160, 120), false);
    let mut ids = Vec::new();
    for source in [&long, &clip, &clip, &clip] {
        let upload = render::upload(&d, &key, source).await;
        ids.push(render::start_id(&d, &key, &upload, 30).await);
    }
    for id in &ids {
        let j = render::wait_for(&d, &key, id, LONG, settled).await;
        assert_eq!(j["live_status"], "done", "{j}");
        assert_eq!(j["attempts"], 1, "{j}");
        check_render(&j, 30.0, dir.path()).await;
    }
    let places: Vec<Value> = ids
        .iter()
        .map(|id| job_view(&d, id)["node"].clone())
        .collect();
    assert!(
        places.contains(&json!("far")),
        "the node rendered: {places:?}"
    );
    assert!(
        places.contains(&Value::Null),
        "the daemon rendered: {places:?}"
    );
    d.assert_audit_clean();
    // The node kept nothing of the jobs it ran.
    let left: Vec<_> = std::fs::read_dir(node_dir.path().join("kiln-node/tmp"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn a_node_killed_mid_render_loses_its_lease_and_the_job_finishes_once() {
    let d = coordinator();
    let key = d.account_with("killed", 0, 1000);
    let (mut node, _node_dir) = far_node(&d, 1);

    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "hold.mp4", 2.0, 30, (320, 240), true);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 120).await;
    wait_until("the node to run the render", LONG, || {
        let j = job_view(&d, &id);
        j["node"] == "far" && j["state"] == "running"
    });
    let before = paid_xeconds(&d, &key).await;
    std::thread::sleep(Duration::from_millis(500));
    node.0.kill().unwrap();
    node.0.wait().unwrap();

    let j = render::wait_for(&d, &key, &id, LONG, settled).await;
    assert_eq!(j["live_status"], "done", "{j}\n{}", d.log());
    assert_eq!(j["attempts"], 2, "{j}");
    assert_eq!(
        job_view(&d, &id)["node"],
        Value::Null,
        "the daemon finished it"
    );
    check_render(&j, 120.0, dir.path()).await;
    assert_eq!(paid_xeconds(&d, &key).await, before, "charged once");
    assert_eq!(
        1000 - before,
        j["charged_xeconds"].as_u64().unwrap(),
        "the one charge is the job's"
    );
    assert!(d.log().contains("the lease expired"), "{}", d.log());
    d.assert_audit_clean();
}

/// `POST /internal/nodes/{path}` with a bearer token; the status.
async fn call(d: &Daemon, token: &str, path: &str, body: Value) -> u16 {
    http()
        .post(d.url(&format!("/internal/nodes/{path}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A node driven by hand ("slow") waits for work, and the render of `clip`
/// an account submits meanwhile is leased to it: the account's key, the node's token,
/// the job id and the grant.
async fn hand_leased_render(
    d: &Daemon,
    account: &str,
    clip: &Path,
) -> (String, String, String, Value) {
    let key = d.account_with(account, 0, 1000);
    let slow = token(d, "slow");
    assert_eq!(register(d, Some(&slow)).await, 200);
    let upload = render::upload(d, &key, clip).await;
    let asked = {
        let (url, slow) = (d.url("/internal/nodes/lease"), slow.clone());
        tokio::spawn(async move {
            http()
                .post(url)
                .bearer_auth(slow)
                .json(&json!({"wait_ms": 20000}))
                .send()
                .await
                .unwrap()
        })
    };
    wait_until("the node to wait for work", Duration::from_secs(20), || {
        node(d, "slow")["live"] == true
    });
    let id = render::start_id(d, &key, &upload, 30).await;
    let answer = asked.await.unwrap();
    assert_eq!(answer.status(), 200);
    let grant: Value = answer.json().await.unwrap();
    assert_eq!(grant["job_id"], id.as_str(), "{grant}");
    (key, slow, id, grant)
}

// Multi-threaded: the node's request waits on its own while the test goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_lease_is_refused_with_409_and_changes_nothing() {
    let d = coordinator();
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 15, (160, 120), false);
    let (key, slow, id, grant) = hand_leased_render(&d, "stale", &clip).await;
    let lease = grant["lease_id"].as_str().unwrap().to_string();
    assert_eq!(grant["request"]["type"], "render", "{grant}");
    assert_eq!(grant["request"]["input"], "input-0", "no daemon paths");

    // While held: the input is served, a heartbeat is taken; another
    // token's calls on it are refused.
    let input = http()
        .get(d.url(&format!("/internal/nodes/leases/{lease}/inputs/0")))
        .bearer_auth(&slow)
        .send()
        .await
        .unwrap();
    assert_eq!(input.status(), 200);
    assert_eq!(input.bytes().await.unwrap(), std::fs::read(&clip).unwrap());
    let beat = format!("leases/{lease}/heartbeat");
    assert_eq!(call(&d, &slow, &beat, json!({"replies": []})).await, 204);
    let other = token(&d, "other");
    assert_eq!(call(&d, &other, &beat, json!({})).await, 409);
    assert_eq!(call(&d, "kiln_node_wrong", &beat, json!({})).await, 401);
    assert_eq!(job_view(&d, &id)["node"], "slow");

    // No more heartbeats: the lease expires, the job runs again here.
    let done = render::wait_for(&d, &key, &id, LONG, settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
    assert_eq!(done["attempts"], 2, "{done}");
    let paid = paid_xeconds(&d, &key).await;
    assert_eq!(1000 - paid, done["charged_xeconds"].as_u64().unwrap());

    // The late node: every call on its lease gets 409, and nothing changes.
    assert_eq!(call(&d, &slow, &beat, json!({"replies": []})).await, 409);
    let late = format!("leases/{lease}/result");
    let failed = json!({"type": "failed", "message": "late"});
    assert_eq!(call(&d, &slow, &late, failed).await, 409);
    let put = http()
        .put(d.url(&format!(
            "/internal/nodes/leases/{lease}/outputs/output.mp4"
        )))
        .bearer_auth(&slow)
        .body(b"not a video".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 409);
    let input = http()
        .get(d.url(&format!("/internal/nodes/leases/{lease}/inputs/0")))
        .bearer_auth(&slow)
        .send()
        .await
        .unwrap();
    assert_eq!(input.status(), 409);
    let after = render::job(&d, &key, &id).await;
    assert_eq!(after["live_status"], "done");
    assert!(after["output_url"].is_string(), "{after}");
    check_render(&after, 30.0, dir.path()).await;
    assert_eq!(paid_xeconds(&d, &key).await, paid, "no second settlement");
    d.assert_audit_clean();

    // Revoked, the node's token is refused before anything else.
    d.kiln_ok(&["node", "token", "revoke", "slow"]);
    assert_eq!(call(&d, &slow, "lease", json!({"wait_ms": 10})).await, 401);
    assert_eq!(call(&d, &slow, &late, json!({})).await, 401);
}

#[tokio::test]
async fn a_drained_node_gets_no_work() {
    let d = coordinator();
    let far = token(&d, "far");
    assert_eq!(register(&d, Some(&far)).await, 200);
    d.kiln_ok(&["node", "drain", "far"]);
    let start = Instant::now();
    assert_eq!(call(&d, &far, "lease", json!({"wait_ms": 5000})).await, 204);
    assert!(start.elapsed() < Duration::from_secs(2), "answered at once");
}

#[tokio::test]
async fn a_node_runs_jobs_whose_blobs_are_in_a_bucket() {
    let server = kiln_tests::s3::S3Server::start();
    let mut env = kiln_tests::s3::S3Server::env().to_vec();
    env.extend([
        ("KILN_WORKERS__MAX", "1"),
        ("KILN_NODES__LEASE_TTL_SECS", "2"),
    ]);
    let d = Daemon::start_with_config(&server.storage_toml("kiln/"), &env);
    let key = d.account_with("bucket", 0, 1000);
    let (_node, _node_dir) = far_node(&d, 1);

    // A render: uploaded straight to the bucket, rendered on the node
    // (inputs and outputs pass through the daemon), the output in the bucket.
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 15, (160, 120), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 30).await;
    let done = render::wait_for(&d, &key, &id, LONG, settled).await;
    assert_eq!(done["live_status"], "done", "{done}\n{}", d.log());
    assert_eq!(job_view(&d, &id)["node"], "far");
    let url = done["output_url"].as_str().unwrap();
    assert!(
        url.starts_with(&server.endpoint()),
        "a presigned GET: {url}"
    );
    check_render(&done, 30.0, dir.path()).await;
    let stored = server.objects("kiln/blobs/");
    assert_eq!(stored.len(), 2, "input and output: {stored:?}");

    // A file job on the node, the node asking again meanwhile.
    std::thread::sleep(Duration::from_secs(1));
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;
    let job = files::run(&d, &key, "make it black and white", &storage, "photo.png").await;
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job_view(&d, job["id"].as_str().unwrap())["node"], "far");
    let gray = files::download(&job["outputs"][0], dir.path()).await;
    assert!(kiln_tests::media::is_gray(&gray, 0));
    assert_eq!(server.objects("kiln/blobs/").len(), 4);
    d.assert_audit_clean();
}

#[test]
fn a_daemon_stops_at_once_while_a_node_waits_for_work() {
    let mut d = coordinator();
    let (_node, _node_dir) = far_node(&d, 2);
    let start = Instant::now();
    assert_eq!(d.stop(), Some(0));
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "the node's open requests are answered, not waited out: {:?}",
        start.elapsed()
    );
}

// Multi-threaded: the node's request waits on its own while the test goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canceled_job_ends_its_lease_and_is_refunded() {
    let d = coordinator();
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 15, (160, 120), false);
    let (key, slow, id, grant) = hand_leased_render(&d, "cancel", &clip).await;
    let lease = grant["lease_id"].as_str().unwrap().to_string();
    assert_eq!(node(&d, "slow")["jobs"], json!([id]));

    d.kiln_ok(&["job", "cancel", &id]);
    let beat = format!("leases/{lease}/heartbeat");
    wait_until("the lease to end", Duration::from_secs(10), || {
        node(&d, "slow")["jobs"] == json!([])
    });
    assert_eq!(call(&d, &slow, &beat, json!({})).await, 409);
    let done = json!({"type": "rendered", "frames_out": 30, "duration_secs": 1.0});
    assert_eq!(
        call(&d, &slow, &format!("leases/{lease}/result"), done).await,
        409
    );
    let j = render::job(&d, &key, &id).await;
    assert_eq!(j["live_status"], "failed", "{j}");
    assert_eq!(j["refunded"], true, "{j}");
    assert_eq!(paid_xeconds(&d, &key).await, 1000);
    d.assert_audit_clean();
}

/// A node's request for work, waiting on its own; its answer.
fn ask_for_work(
    d: &Daemon,
    token: &str,
    wait_ms: u64,
) -> tokio::task::JoinHandle<reqwest::Response> {
    let (url, token) = (d.url("/internal/nodes/lease"), token.to_string());
    tokio::spawn(async move {
        http()
            .post(url)
            .bearer_auth(token)
            .json(&json!({ "wait_ms": wait_ms }))
            .send()
            .await
            .unwrap()
    })
}

// Multi-threaded: the node's request waits on its own while the test goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_gets_only_the_kinds_of_job_it_runs() {
    let d = coordinator();
    let key = d.account_with("kinds", 0, 1000);
    let files_only = token(&d, "files-only");
    let body =
        json!({"address": "f", "version": "0.0.0", "cpus": 2, "max_jobs": 1, "runs": ["file"]});
    assert_eq!(call(&d, &files_only, "register", body).await, 200);
    assert_eq!(node(&d, "files-only")["runs"], json!(["file"]));
    let bad =
        json!({"address": "f", "version": "0.0.0", "cpus": 2, "max_jobs": 1, "runs": ["mining"]});
    assert_eq!(call(&d, &files_only, "heartbeat", bad).await, 422);
    let dir = tempfile::tempdir().unwrap();

    // A render while it waits: the daemon's slot runs it, the node gets nothing.
    let asked = ask_for_work(&d, &files_only, 3000);
    wait_until("the node to wait for work", Duration::from_secs(20), || {
        node(&d, "files-only")["live"] == true
    });
    let clip = make_clip(dir.path(), "clip.mp4", 1.0, 15, (160, 120), false);
    let upload = render::upload(&d, &key, &clip).await;
    let id = render::start_id(&d, &key, &upload, 30).await;
    let done = render::wait_for(&d, &key, &id, LONG, settled).await;
    assert_eq!(done["live_status"], "done", "{done}");
    assert_eq!(job_view(&d, &id)["node"], Value::Null);
    assert_eq!(asked.await.unwrap().status(), 204);

    // A file job while it waits: leased to it. Left to expire, it runs
    // again on the daemon's slot.
    let asked = ask_for_work(&d, &files_only, 20000);
    std::thread::sleep(Duration::from_millis(300));
    let photo = make_png(dir.path(), "photo.png", 64, 48);
    let storage = files::upload(&d, &key, &photo).await;
    let body = json!({"prompt": "convert to jpg", "files": [{"storageId": storage, "filename": "photo.png"}]});
    let (status, job) = files::job(&d, &key, body, false).await;
    assert!((200..300).contains(&status), "{status} {job}");
    let grant: Value = asked.await.unwrap().json().await.unwrap();
    let id = job["id"].as_str().unwrap();
    assert_eq!(grant["job_id"], id, "{grant}");
    assert_eq!(grant["request"]["type"], "pipeline", "{grant}");
    assert_eq!(grant["request"]["inputs"][0]["path"], "input-0");
    assert_eq!(grant["request"]["inputs"][0]["filename"], "photo.png");
    let start = Instant::now();
    let finished = loop {
        let j = files::get_job(&d, &key, id).await;
        if files::settled(&j) {
            break j;
        }
        assert!(start.elapsed() < LONG, "{j}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(finished["status"], "succeeded", "{finished}");
    assert_eq!(job_view(&d, id)["attempts"], 2);
    d.assert_audit_clean();
}

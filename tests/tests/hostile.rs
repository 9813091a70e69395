//! Hostile files and hostile requests through both APIs: every one gets a
//! clear answer in the API's own dialect, nothing is charged without a job,
//! and kilnd stays up.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use kiln_tests::client::me;
use kiln_tests::render::{self, error_detail, settled, wait_for};
use kiln_tests::{files, http, make_clip, make_png, Daemon};
use serde_json::{json, Value};

/// A PNG whose header claims `w`×`h` pixels, with a tiny (valid-looking) body.
fn png_header_claiming(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

/// A GIF whose logical screen and one frame claim 65535×65535.
fn gif_bomb() -> Vec<u8> {
    let mut g = b"GIF89a".to_vec();
    g.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00]);
    g.extend_from_slice(&[0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x00]);
    g.extend_from_slice(&[0x02, 0x02, 0x44, 0x01, 0x00, 0x3b]);
    g
}

fn flip_bits(mut bytes: Vec<u8>, every: usize) -> Vec<u8> {
    let start = bytes.len() / 4;
    let mut i = start;
    while i < bytes.len() {
        bytes[i] ^= 0x5a;
        i += every;
    }
    bytes
}

#[tokio::test]
async fn hostile_files_fail_clearly_and_kilnd_stays_up() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MEMORY_MB", "1024")]);
    let key = d.account_with("mallory", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = std::fs::read(make_clip(dir.path(), "c.mp4", 1.0, 24, (160, 120), true)).unwrap();
    let png = std::fs::read(make_png(dir.path(), "p.png", 64, 48)).unwrap();
    // The PNG again in another format, chosen by the name's extension.
    let png_as = |name: &str| {
        let path = dir.path().join(name);
        image::open(dir.path().join("p.png"))
            .unwrap()
            .save(&path)
            .unwrap();
        std::fs::read(path).unwrap()
    };
    let jpeg = png_as("p.jpg");
    let webp = png_as("p.webp");
    let mut polyglot = png.clone();
    polyglot.extend_from_slice(b"PK\x03\x04<html><script>alert(1)</script>");
    let corpus: Vec<(&str, Vec<u8>)> = vec![
        ("truncated mp4", clip[..clip.len() / 2].to_vec()),
        ("bit-flipped mp4", flip_bits(clip.clone(), 97)),
        ("header-only mp4", clip[..clip.len().min(600)].to_vec()),
        ("truncated png", png[..png.len() / 2].to_vec()),
        ("bit-flipped jpeg", flip_bits(jpeg.clone(), 13)),
        ("truncated webp", webp[..webp.len() / 2].to_vec()),
        ("png bomb header", png_header_claiming(100_000, 100_000)),
        ("gif bomb", gif_bomb()),
        ("zero-length", Vec::new()),
        ("text as mp4", b"definitely not a video".to_vec()),
        ("polyglot", polyglot),
    ];
    for (name, bytes) in &corpus {
        // Render API: refused at upload (400) or, if it probes, the render settles.
        let (status, body, presign) =
            render::upload_bytes(&d, &key, "clip.mp4", bytes.clone()).await;
        match status {
            400 | 413 => assert!(body["detail"].is_string(), "{name}: {body}"),
            200 => {
                let (s, job) = render::start(&d, &key, &presign, 48).await;
                if s == 200 {
                    let j = wait_for(
                        &d,
                        &key,
                        job["job_id"].as_str().unwrap(),
                        Duration::from_secs(120),
                        settled,
                    )
                    .await;
                    if j["live_status"] == "failed" {
                        assert!(
                            j["error"].as_str().is_some_and(|e| !e.is_empty()),
                            "{name}: {j}"
                        );
                        assert_eq!(j["refunded"], true, "{name}: {j}");
                    }
                }
            }
            other => panic!("{name}: render upload answered {other}: {body}"),
        }
        // File API: refused at upload, or the job settles with a clear error.
        let (status, body) = files::upload_bytes(&d, &key, bytes.clone()).await;
        match status {
            400 | 402 => assert!(body["error"]["code"].is_string(), "{name}: {body}"),
            200 => {
                let storage = body["storageId"].as_str().unwrap();
                let job = files::run(&d, &key, "make this black and white", storage, "x.png").await;
                assert!(
                    job["status"] == "succeeded" || job["error"]["code"].is_string(),
                    "{name}: {job}"
                );
            }
            other => panic!("{name}: file upload answered {other}: {body}"),
        }
    }
    assert_eq!(
        http().get(d.url("/healthz")).send().await.unwrap().status(),
        200
    );
    // No charge without a job, every failure refunded.
    d.assert_audit_clean();
    assert!(!d.log().contains("panicked"), "{}", d.log());
}

#[tokio::test]
async fn hostile_requests_get_the_right_code_and_write_nothing() {
    let d = Daemon::start_with_env(&[("KILN_RENDER__UPLOAD_URL_TTL_SECS", "1")]);
    let key = d.account_with("trudy", 5, 0);
    let client = http();

    // Oversized JSON: 413 in each dialect, nothing charged.
    let big = json!({"prompt": "x", "pad": "y".repeat(2 * 1024 * 1024)});
    let r = client
        .post(d.url("/api/v1/jobs"))
        .bearer_auth(&key)
        .json(&big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_request"
    );
    let r = client
        .post(d.url("/jobs"))
        .bearer_auth(&key)
        .json(&big)
        .send()
        .await
        .unwrap();
    error_detail(r, 413).await;

    // Header injection through a filename never reaches a header.
    let injected = json!({"filename": "a\r\nSet-Cookie: pwned=1\r\n.mp4"});
    let presign = render::presign(&d, &key, &injected).await;
    let k = presign["key"].as_str().unwrap();
    assert!(!k.contains('\r') && !k.contains('\n'), "{k}");

    // An expired signed URL.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let r = client
        .put(presign["upload_url"].as_str().unwrap())
        .body("x")
        .send()
        .await
        .unwrap();
    assert!(error_detail(r, 403).await.contains("expired"));

    // Traversal in ids and keys.
    for path in [
        "/jobs/..%2F..%2Fetc%2Fpasswd",
        "/projects/../../etc/passwd",
        "/files/..%2Fdb/content",
    ] {
        let r = client
            .get(d.url(path))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 403 | 404),
            "{path}: {}",
            r.status()
        );
    }
    let r = client
        .post(d.url("/pricing/estimate-video"))
        .bearer_auth(&key)
        .json(&json!({"r2_key": "uploads/../../db/conf", "target_fps_options": [60]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = client
        .post(d.url("/api/v1/jobs"))
        .bearer_auth(&key)
        .json(&json!({"prompt": "grayscale", "files": [{"storageId": "../../etc/passwd", "filename": "../../x"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // A key in the wrong place or with the wrong scheme.
    let r = client
        .get(d.url("/me"))
        .header("Authorization", format!("Basic {key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = client
        .get(d.url(&format!("/me?api_key={key}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // Output names from hostile filenames stay inside the data dir.
    let dir = tempfile::tempdir().unwrap();
    let png = make_png(dir.path(), "p.png", 32, 24);
    let storage = files::upload(&d, &key, &png).await;
    let job = files::run(
        &d,
        &key,
        "make this black and white",
        &storage,
        "../../../../tmp/evil.png",
    )
    .await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let name = job["outputs"][0]["filename"].as_str().unwrap();
    assert!(!name.contains('/') && !name.contains(".."), "{name}");
    assert!(!std::path::Path::new("/tmp/evil_bw.png").exists());

    assert_eq!(
        me(&d, &key).await["balance"]["total_xeconds"],
        5,
        "nothing was charged"
    );
}

/// Reads until the server closes the connection and returns what it sent;
/// panics if it is still open after `limit`.
fn read_to_close(s: &mut TcpStream, limit: Duration) -> Vec<u8> {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    if let Err(e) = s.read_to_end(&mut got) {
        assert!(
            !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "still open after {limit:?}, having sent {:?}",
            String::from_utf8_lossy(&got)
        );
    }
    got
}

fn healthz(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: kiln\r\nConnection: close\r\n\r\n")
        .unwrap();
    String::from_utf8_lossy(&read_to_close(&mut s, Duration::from_secs(30))).into_owned()
}

#[test]
fn slow_clients_and_connection_floods_are_cut_off() {
    let d = Daemon::start_with_env(&[
        ("KILN_HTTP__HEADER_TIMEOUT_SECS", "2"),
        ("KILN_HTTP__MAX_CONNECTIONS_PER_IP", "4"),
    ]);
    let addr = d.base_url.trim_start_matches("http://").to_string();

    // A slow-loris: a request head trickled one header line at a time. The
    // server hangs up once the head deadline passes, without answering.
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: kiln\r\n")
        .unwrap();
    let mut closed_after = None;
    for line in 0..100 {
        std::thread::sleep(Duration::from_millis(300));
        if slow
            .write_all(format!("X-Pad-{line}: a\r\n").as_bytes())
            .is_err()
        {
            closed_after = Some(line);
            break;
        }
        slow.set_read_timeout(Some(Duration::from_millis(1)))
            .unwrap();
        let mut buf = [0u8; 64];
        match slow.read(&mut buf) {
            Ok(0) => {
                closed_after = Some(line);
                break;
            }
            Ok(n) => panic!("a trickled head was answered: {:?}", &buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                closed_after = Some(line);
                break;
            }
        }
        if line == 3 {
            // Meanwhile everyone else is served.
            assert!(healthz(&addr).starts_with("HTTP/1.1 200"));
        }
    }
    let lines = closed_after.expect("a slow-loris kept its connection for 30 s");
    assert!(lines < 60, "closed only after {lines} lines");

    // An idle keep-alive connection is closed after the same deadline
    // (read_to_close fails if it is not).
    let mut idle = TcpStream::connect(&addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: kiln\r\n\r\n")
        .unwrap();
    let answered = read_to_close(&mut idle, Duration::from_secs(30));
    assert!(answered.starts_with(b"HTTP/1.1 200"), "{answered:?}");

    // A flood from one address: past the per-address cap, connections get a
    // 503 in both error dialects and are closed; the held ones still work.
    let mut held: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut extra = TcpStream::connect(&addr).unwrap();
    let busy =
        String::from_utf8_lossy(&read_to_close(&mut extra, Duration::from_secs(10))).into_owned();
    assert!(busy.starts_with("HTTP/1.1 503"), "{busy}");
    let body: Value = serde_json::from_str(busy.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "too_many_connections", "{body}");
    assert!(body["detail"].is_string(), "{body}");
    held[0]
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: kiln\r\nConnection: close\r\n\r\n")
        .unwrap();
    let ok = read_to_close(&mut held[0], Duration::from_secs(30));
    assert!(ok.starts_with(b"HTTP/1.1 200"), "{ok:?}");
    held.clear();

    // Once they are gone the address is served again.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let answer = healthz(&addr);
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{answer}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn a_trickled_upload_times_out_and_leaves_nothing() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let d = Daemon::start_with_env(&[("KILN_RENDER__UPLOAD_TIMEOUT_SECS", "2")]);
    let key = d.account("mallory");
    let slow = json!({"filename": "slow.mp4", "content_type": "video/mp4"});
    let presign = render::presign(&d, &key, &slow).await;
    let url = presign["upload_url"].as_str().unwrap();
    let target = &url[url.find("/upload/").unwrap()..];
    let addr = d.base_url.trim_start_matches("http://");

    // A body promised at 1 MB and sent 100 bytes at a time.
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!(
            "PUT {target} HTTP/1.1\r\nHost: kiln\r\nContent-Type: video/mp4\r\n\
             Content-Length: 1000000\r\n\r\n"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    for _ in 0..100 {
        if s.write_all(&[0u8; 100]).await.is_err() {
            break;
        }
        let mut buf = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buf[..n]);
                break;
            }
            Err(_) => {}
        }
    }
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(answer.contains("\"detail\""), "{answer}");

    // Nothing was kept: the upload is not there, no partial blob remains.
    let r = http()
        .post(d.url("/pricing/estimate-video"))
        .bearer_auth(&key)
        .json(&json!({"r2_key": presign["key"], "target_fps_options": [60]}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    assert!((400..500).contains(&status), "{status} {body}");
    let tmp = d.data.join("blobs").join("tmp");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(&tmp).is_ok_and(|mut e| e.next().is_some()) {
        assert!(
            std::time::Instant::now() < deadline,
            "a partial upload stayed in {}",
            tmp.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether this kernel has Landlock (ABI version 1 or later).
fn kernel_has_landlock() -> bool {
    const LANDLOCK_CREATE_RULESET: libc::c_long = 444;
    const VERSION: libc::c_long = 1;
    // SAFETY: asks for the ABI version only; no memory is passed.
    unsafe { libc::syscall(LANDLOCK_CREATE_RULESET, 0usize, 0usize, VERSION) >= 1 }
}

#[test]
fn a_worker_reads_only_the_blob_store_and_system_files() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let blobs = dir.path().join("blobs");
    let work = blobs.join("tmp");
    let shard = blobs.join("ab");
    let secret = dir.path().join("db");
    for d in [&work, &shard, &secret] {
        std::fs::create_dir_all(d).unwrap();
    }
    let inside = make_clip(&shard, "in.mp4", 1.0, 12, (64, 48), false);
    let outside = make_clip(&secret, "out.mp4", 1.0, 12, (64, 48), false);

    let mut worker = kiln_tests::command(&kiln_tests::kilnd_bin())
        .arg("worker")
        .current_dir(&work)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = worker.stdin.take().unwrap();
    let mut output = std::io::BufReader::new(worker.stdout.take().unwrap()).lines();
    let mut next = || -> Value { serde_json::from_str(&output.next().unwrap().unwrap()).unwrap() };
    let ready = next();
    assert_eq!(ready["type"], "ready", "{ready}");
    if !kernel_has_landlock() {
        eprintln!("this kernel has no Landlock; the worker says {ready}");
        drop(input);
        assert!(worker.wait().unwrap().success());
        return;
    }
    assert_eq!(ready["sandbox"], "full", "{ready}");

    let mut probe = |path: &std::path::Path| {
        let request = json!({"type": "probe", "path": path, "max_width": 4096,
            "max_height": 4096, "max_duration_secs": 60.0});
        writeln!(input, "{request}").unwrap();
        next()
    };
    let allowed = probe(&inside);
    assert_eq!(allowed["type"], "probed", "{allowed}");
    let denied = probe(&outside);
    assert_eq!(denied["type"], "failed", "{denied}");
    let message = denied["message"].as_str().unwrap().to_lowercase();
    assert!(message.contains("permission denied"), "{message}");
    drop(input);
    assert!(worker.wait().unwrap().success());
}

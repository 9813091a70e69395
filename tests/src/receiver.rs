//! A real HTTP receiver for webhook tests: records every request and
//! answers with scripted status codes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub at: Instant,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// Listen on `addr` (e.g. "127.0.0.1:0"); the n-th request gets
    /// `statuses[n]`, later ones 200.
    pub async fn start(addr: &str, statuses: Vec<u16>) -> Receiver {
        let listener = TcpListener::bind(addr).await.expect("receiver bind");
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut conn, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                let statuses = statuses.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 8192];
                    let (head_end, headers) = loop {
                        let n = conn.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let text = String::from_utf8_lossy(&buf[..pos]).to_string();
                            let headers: HashMap<String, String> = text
                                .lines()
                                .skip(1)
                                .filter_map(|l| l.split_once(':'))
                                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                                .collect();
                            break (pos + 4, headers);
                        }
                    };
                    let len: usize = headers
                        .get("content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        let n = conn.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            break;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let index = {
                        let mut log = log.lock().unwrap();
                        log.push(Received {
                            at: Instant::now(),
                            headers,
                            body: buf[head_end..(head_end + len).min(buf.len())].to_vec(),
                        });
                        log.len() - 1
                    };
                    let status = statuses.get(index).copied().unwrap_or(200);
                    let reply = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                    );
                    let _ = conn.write_all(reply.as_bytes()).await;
                    let _ = conn.shutdown().await;
                });
            }
        });
        Receiver { url, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Wait until `n` requests have arrived (or panic after `secs`).
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        let deadline = Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let got = self.requests();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "receiver got {} of {n} requests",
                got.len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

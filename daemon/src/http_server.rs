//! The HTTP accept loop. HTTP/1.1 connections are served by hyper with a
//! deadline on every request head (a client that trickles its headers — a
//! slow-loris — is cut off, and so is a keep-alive connection that stays
//! idle that long), caps on open connections overall and per client address,
//! and a graceful drain when the daemon stops. Request bodies are bounded by
//! the router's per-request timeouts.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    /// Time a client gets to send a complete request head.
    pub header_timeout: Duration,
    /// Open connections at once, over all clients.
    pub max_connections: usize,
    /// Open connections at once from one IP address.
    pub max_per_ip: usize,
}

/// What an over-limit client reads before its connection is closed. The
/// connection has no route yet, so the body speaks both error dialects.
static BUSY: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let message = "too many open connections; retry shortly";
    let body = serde_json::json!({
        "detail": message,
        "error": {"code": "too_many_connections", "message": message},
    })
    .to_string();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
});

/// Serves `router` on `listener` until `stop` resolves, then lets in-flight
/// requests finish (idle connections close at once) and returns.
/// `refused` hears of every connection turned away, with the reason.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnLimits,
    refused: impl Fn(&'static str),
    stop: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_ip = PerIp::new(limits.max_per_ip.max(1));
    let service = TowerToHyperService::new(router);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors or the like: back off rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Some(slot) = per_ip.enter(peer.ip()) else {
            refused("per_ip");
            turn_away(stream);
            continue;
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            refused("total");
            turn_away(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service.clone());
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(peer = %peer, error = %e, "connection ended with an error");
            }
            drop(permit);
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

fn turn_away(stream: TcpStream) {
    // Best effort and never blocking: the answer fits in an empty send buffer.
    let _ = stream.try_write(&BUSY);
}

/// Counts open connections per client address.
#[derive(Clone)]
struct PerIp {
    max: usize,
    counts: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

struct PerIpSlot {
    ip: IpAddr,
    counts: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerIp {
    fn new(max: usize) -> PerIp {
        PerIp {
            max,
            counts: Arc::default(),
        }
    }

    fn enter(&self, ip: IpAddr) -> Option<PerIpSlot> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let n = counts.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(PerIpSlot {
            ip,
            counts: self.counts.clone(),
        })
    }
}

impl Drop for PerIpSlot {
    fn drop(&mut self) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = counts.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// Raises the soft open-files limit to the hard one, so the connection caps,
/// not the default soft limit of 1024, decide how many clients are served.
pub fn raise_nofile_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_ip_slots_are_counted_and_released() {
        let per_ip = PerIp::new(2);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let a = per_ip.enter(ip).unwrap();
        let _b = per_ip.enter(ip).unwrap();
        assert!(per_ip.enter(ip).is_none());
        assert!(per_ip.enter(other).is_some());
        drop(a);
        assert!(per_ip.enter(ip).is_some());
    }

    #[test]
    fn busy_answer_declares_its_length() {
        let text = std::str::from_utf8(&BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
        serde_json::from_str::<serde_json::Value>(body).unwrap();
    }
}

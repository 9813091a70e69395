//! Prometheus metrics: counters and histograms updated as things happen,
//! gauges read from the store and the pool at scrape time, rendered in the
//! Prometheus text format at `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use kiln_shared::model::WorkerState;

/// Upper bounds (seconds) of the latency buckets.
const HTTP_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
const JOB_BUCKETS: &[f64] = &[
    0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 1800.0,
];

#[derive(Debug, Clone)]
struct Histogram {
    bounds: &'static [f64],
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            counts: vec![0; bounds.len()],
            sum: 0.0,
            count: 0,
        }
    }

    fn observe(&mut self, v: f64) {
        for (i, b) in self.bounds.iter().enumerate() {
            if v <= *b {
                self.counts[i] += 1;
            }
        }
        self.sum += v;
        self.count += 1;
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (b, c) in self.bounds.iter().zip(&self.counts) {
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{b}\"}} {c}");
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    queue_wait: Option<Histogram>,
    run_time: BTreeMap<String, Histogram>,
    webhook_attempts: BTreeMap<String, u64>,
    connections_refused: BTreeMap<&'static str, u64>,
}

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("metrics lock")
    }

    pub fn http_request(&self, route: &str, method: &str, status: u16, secs: f64) {
        let mut m = self.lock();
        *m.requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        m.latency
            .entry(route.to_string())
            .or_insert_with(|| Histogram::new(HTTP_BUCKETS))
            .observe(secs);
    }

    /// A job left the queue after `secs`.
    pub fn queue_wait(&self, secs: f64) {
        self.lock()
            .queue_wait
            .get_or_insert_with(|| Histogram::new(JOB_BUCKETS))
            .observe(secs);
    }

    /// A job ran for `secs` and ended as `outcome`.
    pub fn run_time(&self, outcome: &str, secs: f64) {
        self.lock()
            .run_time
            .entry(outcome.to_string())
            .or_insert_with(|| Histogram::new(JOB_BUCKETS))
            .observe(secs);
    }

    /// `delivered`, `retry` or `failed`.
    pub fn webhook_attempt(&self, outcome: &str) {
        *self
            .lock()
            .webhook_attempts
            .entry(outcome.to_string())
            .or_default() += 1;
    }

    /// A connection was turned away at accept (`total` or `per_ip` cap).
    pub fn connection_refused(&self, reason: &'static str) {
        *self.lock().connections_refused.entry(reason).or_default() += 1;
    }

    /// The whole exposition, with the scrape-time gauges passed in.
    pub fn render(&self, gauges: &Gauges) -> String {
        let m = self.lock();
        let mut out = String::with_capacity(8192);
        out.push_str(
            "# HELP kiln_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE kiln_http_requests_total counter\n");
        for ((route, method, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "kiln_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP kiln_http_request_duration_seconds HTTP request latency by route.\n");
        out.push_str("# TYPE kiln_http_request_duration_seconds histogram\n");
        for (route, h) in &m.latency {
            h.render(
                &mut out,
                "kiln_http_request_duration_seconds",
                &format!("route=\"{}\"", escape(route)),
            );
        }
        out.push_str("# HELP kiln_job_queue_wait_seconds Time jobs waited for a worker slot.\n");
        out.push_str("# TYPE kiln_job_queue_wait_seconds histogram\n");
        m.queue_wait
            .clone()
            .unwrap_or_else(|| Histogram::new(JOB_BUCKETS))
            .render(&mut out, "kiln_job_queue_wait_seconds", "");
        out.push_str("# HELP kiln_job_run_seconds Time jobs ran on a worker, by outcome.\n");
        out.push_str("# TYPE kiln_job_run_seconds histogram\n");
        for (outcome, h) in &m.run_time {
            h.render(
                &mut out,
                "kiln_job_run_seconds",
                &format!("outcome=\"{outcome}\""),
            );
        }
        out.push_str("# HELP kiln_webhook_attempts_total Webhook delivery attempts by outcome.\n");
        out.push_str("# TYPE kiln_webhook_attempts_total counter\n");
        for (outcome, n) in &m.webhook_attempts {
            let _ = writeln!(
                out,
                "kiln_webhook_attempts_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        out.push_str("# HELP kiln_http_connections_refused_total Connections turned away by a connection cap.\n");
        out.push_str("# TYPE kiln_http_connections_refused_total counter\n");
        for reason in ["total", "per_ip"] {
            let n = m.connections_refused.get(reason).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "kiln_http_connections_refused_total{{cap=\"{reason}\"}} {n}"
            );
        }
        drop(m);
        out.push_str("# HELP kiln_jobs Jobs by state.\n# TYPE kiln_jobs gauge\n");
        for (state, n) in &gauges.jobs_by_state {
            let _ = writeln!(out, "kiln_jobs{{state=\"{state}\"}} {n}");
        }
        out.push_str("# HELP kiln_queue_depth Jobs waiting for a worker slot.\n# TYPE kiln_queue_depth gauge\n");
        let _ = writeln!(out, "kiln_queue_depth {}", gauges.queue_depth);
        out.push_str("# HELP kiln_disk_free_bytes Free bytes on the data filesystem (the tightest one).\n# TYPE kiln_disk_free_bytes gauge\n");
        let _ = writeln!(out, "kiln_disk_free_bytes {}", gauges.disk_free_bytes);
        out.push_str(
            "# HELP kiln_store_bytes The database's size on disk.\n# TYPE kiln_store_bytes gauge\n",
        );
        let _ = writeln!(out, "kiln_store_bytes {}", gauges.store_bytes);
        out.push_str("# HELP kiln_rate_limited_keys API keys the rate limiters remember.\n# TYPE kiln_rate_limited_keys gauge\n");
        let _ = writeln!(out, "kiln_rate_limited_keys {}", gauges.rate_limited_keys);
        out.push_str("# HELP kiln_disk_low 1 while free space is below the reserve and new work is refused.\n# TYPE kiln_disk_low gauge\n");
        let _ = writeln!(out, "kiln_disk_low {}", u8::from(gauges.disk_low));
        out.push_str("# HELP kiln_store_failed 1 after a store write failed, until the store is reopened.\n# TYPE kiln_store_failed gauge\n");
        let _ = writeln!(out, "kiln_store_failed {}", u8::from(gauges.store_failed));
        out.push_str(
            "# HELP kiln_worker_slots Worker slots by state.\n# TYPE kiln_worker_slots gauge\n",
        );
        for state in [
            WorkerState::Stopped,
            WorkerState::Starting,
            WorkerState::Idle,
            WorkerState::Busy,
        ] {
            let n = gauges.workers.iter().filter(|s| **s == state).count();
            let _ = writeln!(out, "kiln_worker_slots{{state=\"{}\"}} {n}", state.as_str());
        }
        out.push_str("# HELP kiln_ledger_xeconds_total Xeconds moved through the ledger, by reason and bucket.\n");
        out.push_str("# TYPE kiln_ledger_xeconds_total counter\n");
        for ((reason, bucket), n) in &gauges.ledger {
            let _ = writeln!(
                out,
                "kiln_ledger_xeconds_total{{reason=\"{reason}\",bucket=\"{bucket}\"}} {n}"
            );
        }
        out
    }
}

/// Values read at scrape time.
#[derive(Debug, Default)]
pub struct Gauges {
    pub jobs_by_state: BTreeMap<&'static str, u64>,
    pub queue_depth: u64,
    pub disk_free_bytes: u64,
    pub disk_low: bool,
    pub store_failed: bool,
    pub workers: Vec<WorkerState>,
    /// (reason, bucket) → absolute xeconds.
    pub ledger: BTreeMap<(&'static str, &'static str), u64>,
    pub store_bytes: u64,
    /// Keys the rate limiters remember.
    pub rate_limited_keys: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_has_types_and_cumulative_buckets() {
        let m = Metrics::default();
        m.http_request("/me", "GET", 200, 0.003);
        m.http_request("/me", "GET", 200, 0.2);
        m.webhook_attempt("delivered");
        let text = m.render(&Gauges::default());
        assert!(text
            .contains("kiln_http_requests_total{route=\"/me\",method=\"GET\",status=\"200\"} 2"));
        assert!(text
            .contains("kiln_http_request_duration_seconds_bucket{route=\"/me\",le=\"0.005\"} 1"));
        assert!(
            text.contains("kiln_http_request_duration_seconds_bucket{route=\"/me\",le=\"+Inf\"} 2")
        );
        assert!(text.contains("# TYPE kiln_jobs gauge"));
    }
}

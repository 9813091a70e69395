//! CPU, memory and uptime of worker processes, read from `/proc` (the
//! console runs on the same box as kilnd).

use std::collections::HashMap;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProcStats {
    /// Share of one CPU since the previous sample; `None` on the first one.
    pub cpu_percent: Option<f64>,
    /// Resident set size (VmRSS).
    pub rss_bytes: u64,
    pub uptime_secs: u64,
}

/// Remembers the previous CPU times so it can report a rate.
#[derive(Default)]
pub struct Sampler {
    previous: HashMap<u32, (u64, Instant)>,
}

impl Sampler {
    pub fn sample(&mut self, pids: impl IntoIterator<Item = u32>) -> HashMap<u32, ProcStats> {
        let ticks_per_sec = clock_ticks();
        let boot_uptime = system_uptime_secs();
        let now = Instant::now();
        let mut out = HashMap::new();
        let mut seen = HashMap::new();
        for pid in pids {
            let Some(stat) = read_stat(pid) else { continue };
            let cpu_percent = self.previous.get(&pid).and_then(|(ticks, at)| {
                let dt = now.duration_since(*at).as_secs_f64();
                (dt > 0.05 && stat.cpu_ticks >= *ticks)
                    .then(|| (stat.cpu_ticks - ticks) as f64 / ticks_per_sec as f64 / dt * 100.0)
            });
            seen.insert(pid, (stat.cpu_ticks, now));
            let started = stat.start_ticks as f64 / ticks_per_sec as f64;
            out.insert(
                pid,
                ProcStats {
                    cpu_percent,
                    rss_bytes: read_rss(pid).unwrap_or(0),
                    uptime_secs: (boot_uptime - started).max(0.0) as u64,
                },
            );
        }
        self.previous = seen;
        out
    }
}

struct Stat {
    cpu_ticks: u64,
    start_ticks: u64,
}

fn read_stat(pid: u32) -> Option<Stat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&text)
}

/// Fields after the `(comm)`: state is field 3; utime 14, stime 15, starttime 22.
fn parse_stat(text: &str) -> Option<Stat> {
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
    Some(Stat {
        cpu_ticks: field(14)? + field(15)?,
        start_ticks: field(22)?,
    })
}

fn read_rss(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_rss(&text)
}

fn parse_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn system_uptime_secs() -> f64 {
    std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

fn clock_ticks() -> u64 {
    // SAFETY: sysconf reads a configuration value; no memory is involved.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as u64
    } else {
        100
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_and_status() {
        let stat = "1234 (kilnd worker) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0 3 0 9000 1000 300";
        let s = parse_stat(stat).unwrap();
        assert_eq!(s.cpu_ticks, 200);
        assert_eq!(s.start_ticks, 9000);
        assert_eq!(
            parse_rss("Name:\tkilnd\nVmRSS:\t  153600 kB\n"),
            Some(150 * 1024 * 1024)
        );
    }

    #[test]
    fn samples_this_process() {
        let mut s = Sampler::default();
        let me = std::process::id();
        let first = s.sample([me]);
        assert!(first[&me].rss_bytes > 0);
        assert_eq!(first[&me].cpu_percent, None);
        std::thread::sleep(std::time::Duration::from_millis(60));
        let second = s.sample([me]);
        assert!(second[&me].cpu_percent.is_some());
    }
}

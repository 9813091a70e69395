//! With `KILN_CONSOLE_TRACE=FILE`, the poller notes what it does and how long
//! each step took (for diagnosing a console that lags).

use std::fs::File;
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

pub fn trace(step: &str, started: Instant) {
    static FILE: OnceLock<Option<Mutex<File>>> = OnceLock::new();
    let file = FILE.get_or_init(|| {
        let path = std::env::var_os("KILN_CONSOLE_TRACE")?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(Mutex::new)
    });
    if let Some(f) = file {
        if let Ok(mut f) = f.lock() {
            let _ = writeln!(f, "{} {step} {:?}", super::now_ms(), started.elapsed());
        }
    }
}

//! What the daemon and a worker process say to each other: one JSON object
//! per line, requests on the worker's stdin, replies on its stdout.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::media::probe::MediaInfo;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Probe an untrusted file.
    Probe {
        path: PathBuf,
        max_width: u32,
        max_height: u32,
        max_duration_secs: f64,
    },
    /// Render `input` to `output` at `target_fps`.
    Render {
        input: PathBuf,
        output: PathBuf,
        target_fps: u32,
        watermark: bool,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// Sent once when the worker has started.
    Ready {
        pid: u32,
    },
    Progress {
        done: u64,
        total: u64,
    },
    Probed {
        info: MediaInfo,
    },
    Rendered {
        frames_out: u64,
        duration_secs: f64,
    },
    /// The request failed; the worker is still usable.
    Failed {
        message: String,
    },
}

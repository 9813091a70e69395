//! What the daemon and a worker process say to each other: one JSON object
//! per line, requests on the worker's stdin, replies on its stdout.

use std::path::PathBuf;

use kiln_shared::model::RenderReport;
use serde::{Deserialize, Serialize};

use crate::media::ops::{FileFacts, OpLimits, Operation};
use crate::media::probe::MediaInfo;

/// An input of a pipeline: where its bytes are and the name the user gave it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NamedInput {
    pub path: PathBuf,
    pub filename: String,
}

/// A file a pipeline produced, with its probed facts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Produced {
    pub path: PathBuf,
    pub facts: FileFacts,
}

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
    /// Find out what a file is (image, video, audio), for planning.
    Identify { path: PathBuf, limits: OpLimits },
    /// Run `steps` in order, each on the previous step's outputs, in `work_dir`.
    Pipeline {
        inputs: Vec<NamedInput>,
        steps: Vec<Operation>,
        work_dir: PathBuf,
        limits: OpLimits,
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
        /// How far filesystem confinement went: `full`, `partial` or `none`.
        #[serde(default)]
        sandbox: String,
    },
    Progress {
        done: u64,
        total: u64,
    },
    Probed {
        info: MediaInfo,
    },
    Identified {
        facts: FileFacts,
    },
    /// A pipeline step (0-based) has started.
    Step {
        index: u32,
    },
    PipelineDone {
        outputs: Vec<Produced>,
    },
    Rendered {
        frames_out: u64,
        duration_secs: f64,
        /// Where the time went, and what was kept.
        #[serde(default)]
        report: Option<RenderReport>,
        /// The output as probed where it was made.
        #[serde(default)]
        media: Option<Box<crate::media::probe::MediaInfo>>,
    },
    /// The request failed; the worker is still usable.
    Failed {
        message: String,
    },
}

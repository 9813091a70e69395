//! The work a job asks of its worker: the request, and where its output
//! lands before it is stored.

use std::path::{Path, PathBuf};

use crate::engine::Engine;
use crate::planner::Plan;
use crate::store::blobs::BlobError;
use crate::store::{FileSpec, Job, JobSpec, RenderSpec, Store, StoreError};
use crate::worker::protocol::{NamedInput, Request};

/// Why a job's work could not be put together; the message becomes the
/// job's error.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error("input file: {0}")]
    InputRecord(StoreError),
    #[error("the input file is no longer available")]
    InputGone,
    #[error("the input file has a corrupt blob id")]
    CorruptBlobId,
    #[error("the input {0} is no longer available")]
    NamedInputGone(String),
    #[error("this job has nothing to run")]
    NothingToRun,
    #[error("cannot make a work directory: {0}")]
    WorkDir(std::io::Error),
    /// The blob store did not give the input back (an object-storage
    /// outage); the cause is logged, not shown to the client.
    #[error("fetching the input file from storage failed; try again later")]
    Fetch,
}

/// Where a job's output lands before it is stored.
pub(super) enum Landing {
    /// One file at `path`, stored as `name` with `content_type`.
    File {
        path: PathBuf,
        name: String,
        content_type: String,
    },
    /// A pipeline's work directory; the worker names the outputs.
    Dir(PathBuf),
}

impl Landing {
    /// Remove whatever is left at the landing place.
    pub(super) fn clean_up(&self) {
        match self {
            Landing::File { path, .. } => {
                let _ = std::fs::remove_file(path);
            }
            Landing::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
}

/// What the worker is asked to do, and where its output goes.
pub(super) struct Work {
    pub request: Request,
    pub landing: Landing,
    pub steps: u32,
}

/// Build the worker request for a job.
pub(super) async fn prepare(engine: &Engine, job: &Job) -> Result<Work, PrepareError> {
    match &job.spec {
        JobSpec::Render(spec) => prepare_render(engine.store(), spec).await,
        JobSpec::File(spec) => prepare_pipeline(engine, spec).await,
    }
}

/// A local path with the blob's bytes (fetched from the bucket with S3).
async fn fetch(store: &Store, blob: &str) -> Result<PathBuf, PrepareError> {
    match store.blobs().fetch(blob).await {
        Ok(path) => Ok(path),
        Err(BlobError::BadId(_)) => Err(PrepareError::CorruptBlobId),
        Err(e) => {
            tracing::error!(blob, error = %e, "fetching a job input failed");
            Err(PrepareError::Fetch)
        }
    }
}

async fn prepare_render(store: &Store, spec: &RenderSpec) -> Result<Work, PrepareError> {
    let input = store
        .file(&spec.input_file_id)
        .map_err(PrepareError::InputRecord)?;
    let blob = input
        .blob_id
        .as_deref()
        .filter(|_| !input.expired)
        .ok_or(PrepareError::InputGone)?;
    let input_path = fetch(store, blob).await?;
    let output = store.blobs().temp_path().with_extension("mp4");
    let stem = Path::new(&input.filename)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("render");
    Ok(Work {
        request: Request::Render {
            input: input_path,
            output: output.clone(),
            target_fps: spec.target_fps,
            watermark: spec.watermark,
        },
        landing: Landing::File {
            path: output,
            name: format!("{stem}_{}fps.mp4", spec.target_fps),
            content_type: "video/mp4".into(),
        },
        steps: 1,
    })
}

async fn prepare_pipeline(engine: &Engine, spec: &FileSpec) -> Result<Work, PrepareError> {
    let store = engine.store();
    let Plan::Command { steps } = &spec.plan else {
        return Err(PrepareError::NothingToRun);
    };
    let mut inputs = Vec::with_capacity(spec.inputs.len());
    for input in &spec.inputs {
        let file = store
            .file(&input.file_id)
            .map_err(PrepareError::InputRecord)?;
        let blob = file
            .blob_id
            .as_deref()
            .filter(|_| !file.expired)
            .ok_or_else(|| PrepareError::NamedInputGone(input.filename.clone()))?;
        let path = match fetch(store, blob).await {
            Err(PrepareError::CorruptBlobId) => {
                return Err(PrepareError::NamedInputGone(input.filename.clone()))
            }
            other => other?,
        };
        inputs.push(NamedInput {
            path,
            filename: input.filename.clone(),
        });
    }
    let work_dir = store.blobs().temp_path();
    std::fs::create_dir_all(&work_dir).map_err(PrepareError::WorkDir)?;
    Ok(Work {
        request: Request::Pipeline {
            inputs,
            steps: steps.iter().map(|s| s.op.clone()).collect(),
            work_dir: work_dir.clone(),
            limits: engine.config().op_limits.clone(),
        },
        landing: Landing::Dir(work_dir),
        steps: steps.len() as u32,
    })
}

//! Landing a finished job's outputs: each produced file moves into the blob
//! store and gets its file record (written when the job settles).

use std::path::Path;

use kiln_shared::model::JobErrorCode;

use super::prepare::Landing;
use super::settle::fail;
use crate::clock::now_ms;
use crate::engine::Engine;
use crate::ids::{new_id, IdKind};
use crate::media::ops::FileFacts;
use crate::media::probe::MediaInfo;
use crate::store::blobs::{BlobError, BlobMeta};
use crate::store::{FileRecord, FileRole, Job, Outcome};
use crate::worker::protocol::Produced;

/// Why a produced file could not be stored; the message becomes the job's error.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the worker reported success but its output is missing: {0}")]
    Missing(std::io::Error),
    /// The cause is logged, not shown to the client.
    #[error("storing the output failed; try again later")]
    Store,
}

/// The outcome of a render the worker reports done.
pub(super) async fn land_rendered(
    engine: &Engine,
    job: &Job,
    landing: &Landing,
    media: Option<MediaInfo>,
) -> Outcome {
    match landing {
        Landing::File {
            path,
            name,
            content_type,
        } => {
            match store_output(engine, job, path, name.clone(), content_type.clone(), None).await {
                Ok(file) => Outcome::Succeeded {
                    outputs: vec![FileRecord { media, ..file }],
                },
                Err(e) => fail(JobErrorCode::InternalError, e.to_string()),
            }
        }
        Landing::Dir(_) => fail(
            JobErrorCode::InternalError,
            "the worker rendered where a pipeline was expected",
        ),
    }
}

/// The outcome of a pipeline the worker reports done: all its outputs
/// stored, or none (what was stored is removed again).
pub(super) async fn land_produced(engine: &Engine, job: &Job, produced: Vec<Produced>) -> Outcome {
    let mut stored = Vec::with_capacity(produced.len());
    for out in produced {
        let name = out
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let content_type = content_type_of(&name);
        match store_output(engine, job, &out.path, name, content_type, Some(out.facts)).await {
            Ok(file) => stored.push(file),
            Err(e) => {
                for f in &stored {
                    if let Some(b) = &f.blob_id {
                        let _ = engine.store().blobs().remove(b).await;
                    }
                }
                return fail(JobErrorCode::InternalError, e.to_string());
            }
        }
    }
    if stored.is_empty() {
        return fail(
            JobErrorCode::NoOutput,
            "the job ran but produced no output file",
        );
    }
    Outcome::Succeeded { outputs: stored }
}

/// Move one produced file into the blob store and describe it.
async fn store_output(
    engine: &Engine,
    job: &Job,
    path: &Path,
    filename: String,
    content_type: String,
    facts: Option<FileFacts>,
) -> Result<FileRecord, OutputError> {
    let size = std::fs::metadata(path).map_err(OutputError::Missing)?.len();
    let meta = BlobMeta {
        filename: &filename,
        content_type: &content_type,
    };
    let blob_id = engine
        .store()
        .blobs()
        .commit(path, Some(meta))
        .await
        .map_err(|e: BlobError| {
            tracing::error!(job = %job.id, error = %e, "storing a job output failed");
            OutputError::Store
        })?;
    let now = now_ms();
    Ok(FileRecord {
        id: new_id(IdKind::File),
        account_id: job.account_id.clone(),
        project_id: job.spec.project_id().map(str::to_string),
        role: FileRole::Output,
        filename,
        content_type,
        blob_id: Some(blob_id),
        size,
        media: None,
        facts,
        job_id: Some(job.id.clone()),
        created_at: now,
        upload_expires_at: None,
        expires_at: Some(now + engine.config().retention.as_millis() as u64),
        expired: false,
    })
}

/// The content type for an output file name.
fn content_type_of(name: &str) -> String {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "ico" => "image/x-icon",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "avi" => "video/x-msvideo",
        "mpg" | "mpeg" => "video/mpeg",
        "wmv" => "video/x-ms-wmv",
        "3gp" => "video/3gpp",
        "flv" => "video/x-flv",
        "mp3" => "audio/mpeg",
        "m4a" | "m4b" => "audio/mp4",
        "wav" => "audio/wav",
        "aiff" => "audio/aiff",
        "flac" => "audio/flac",
        "ogg" | "opus" => "audio/ogg",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::content_type_of;
    use crate::media::ops::Format;

    #[test]
    fn every_written_format_has_its_content_type() {
        for f in [
            Format::Mp4,
            Format::Webm,
            Format::Mov,
            Format::Mkv,
            Format::Avi,
            Format::Mpeg,
            Format::Wmv,
            Format::ThreeGp,
            Format::Flv,
            Format::Gif,
            Format::Mp3,
            Format::M4a,
            Format::M4b,
            Format::Wav,
            Format::Aiff,
            Format::Flac,
            Format::Ogg,
            Format::Opus,
            Format::Png,
            Format::Jpeg,
            Format::Webp,
            Format::Bmp,
            Format::Tiff,
            Format::Ico,
            Format::Avif,
            Format::Pdf,
        ] {
            let name = format!("out.{}", f.extension());
            assert_ne!(content_type_of(&name), "application/octet-stream", "{name}");
        }
        assert_eq!(content_type_of("report.pdf"), "application/pdf");
        assert_eq!(content_type_of("voice.opus"), "audio/ogg");
    }
}

//! Jobs and files as the APIs show them, shared by both HTTP faces and the
//! webhook sender (a delivery's body is the job object of the job's API).

pub mod files;
pub mod live;
pub mod render;

use crate::context::AppState;
use crate::store::FileRecord;

/// A signed download link for a stored file: a presigned GET of its object
/// with S3 storage, otherwise kilnd's own signed URL.
pub fn download_url(state: &AppState, file: &FileRecord) -> Option<String> {
    if !file.is_uploaded() {
        return None;
    }
    let ttl = state.config().render.download_url_ttl_secs;
    Some(download_link(state, file, ttl).0)
}

/// A download link for `file` valid for `ttl_secs`, and when it expires
/// (Unix seconds).
pub fn download_link(state: &AppState, file: &FileRecord, ttl_secs: u64) -> (String, u64) {
    let blob = file.blob_id.as_deref().unwrap_or_default();
    let ttl = std::time::Duration::from_secs(ttl_secs);
    match state.store().blobs().presigned_get(blob, ttl) {
        Some(Ok(url)) => (url, crate::clock::now_ms() / 1000 + ttl_secs),
        Some(Err(e)) => {
            // kilnd's own URL redirects to a fresh presigned one.
            tracing::warn!(file = %file.id, error = %e, "presigning a download failed");
            state.signed_url("GET", &format!("/files/{}/content", file.id), ttl_secs)
        }
        None => state.signed_url("GET", &format!("/files/{}/content", file.id), ttl_secs),
    }
}

//! Jobs and files as the APIs show them, shared by both HTTP faces and the
//! webhook sender (a delivery's body is the job object of the job's API).

pub mod files;
pub mod live;
pub mod render;

use crate::context::AppState;
use crate::store::FileRecord;

/// A signed download link for a stored file.
pub fn download_url(state: &AppState, file: &FileRecord) -> Option<String> {
    if !file.is_uploaded() {
        return None;
    }
    let ttl = state.config().render.download_url_ttl_secs;
    Some(
        state
            .signed_url("GET", &format!("/files/{}/content", file.id), ttl)
            .0,
    )
}

//! Project history, download links and public share links (render API).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::openapi::DetailError;
use super::uploads::file_gone;
use super::AppState;
use crate::clock::rfc3339;
use crate::ids::{is_valid, IdKind};
use crate::store::{FileRecord, FileRole, Project};
use crate::views::download_url;
use crate::views::render::{render_job, RenderJob};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(download))
        .routes(routes!(share, unshare))
        .routes(routes!(shared))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileView {
    pub file_id: String,
    pub filename: String,
    /// `input` or `output`.
    pub role: &'static str,
    pub content_type: String,
    pub size_bytes: u64,
    /// False until an input's bytes are uploaded.
    pub uploaded: bool,
    /// True once the retention window has passed and the bytes are deleted.
    pub expired: bool,
    pub duration_sec: Option<f64>,
    pub fps: Option<f64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub has_audio: Option<bool>,
    pub created_at: String,
    pub expires_at: Option<String>,
}

/// What is known of a file's picture and sound: the probe of a render file,
/// else the facts a file-automation file was planned with.
struct Shown {
    duration_sec: Option<f64>,
    fps: Option<f64>,
    width: Option<u32>,
    height: Option<u32>,
    has_audio: Option<bool>,
}

impl Shown {
    fn of(f: &FileRecord) -> Shown {
        if let Some(m) = &f.media {
            let video = m.video.as_ref();
            return Shown {
                duration_sec: Some(m.duration_secs),
                fps: video.map(|v| v.fps),
                width: video.map(|v| v.width),
                height: video.map(|v| v.height),
                has_audio: Some(m.audio.is_some()),
            };
        }
        let facts = f.facts.as_ref();
        Shown {
            duration_sec: facts.and_then(|x| x.duration_secs),
            fps: facts.and_then(|x| x.fps),
            width: facts.and_then(|x| x.width),
            height: facts.and_then(|x| x.height),
            has_audio: facts.map(|x| x.has_audio),
        }
    }
}

impl FileView {
    pub fn of(f: &FileRecord) -> FileView {
        let shown = Shown::of(f);
        FileView {
            file_id: f.id.clone(),
            filename: f.filename.clone(),
            role: match f.role {
                FileRole::Input => "input",
                FileRole::Output => "output",
            },
            content_type: f.content_type.clone(),
            size_bytes: f.size,
            uploaded: f.blob_id.is_some(),
            expired: f.expired,
            duration_sec: shown.duration_sec,
            fps: shown.fps,
            width: shown.width,
            height: shown.height,
            has_audio: shown.has_audio,
            created_at: rfc3339(f.created_at),
            expires_at: f.expires_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectView {
    pub project_id: String,
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub inputs: Vec<FileView>,
    pub outputs: Vec<FileView>,
    pub jobs: Vec<RenderJob>,
    /// The public review link while the project is shared.
    pub share_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectList {
    pub projects: Vec<ProjectView>,
}

fn files(state: &AppState, ids: &[String]) -> Vec<FileRecord> {
    ids.iter()
        .filter_map(|id| state.store().file(id).ok())
        .collect()
}

fn share_url(state: &AppState, p: &Project) -> Option<String> {
    p.share_token
        .as_ref()
        .map(|t| format!("{}/share/{t}", state.public_url()))
}

fn project_view(state: &AppState, p: &Project) -> ProjectView {
    ProjectView {
        project_id: p.id.clone(),
        id: p.id.clone(),
        name: p.name.clone(),
        created_at: rfc3339(p.created_at),
        inputs: files(state, &p.input_file_ids)
            .iter()
            .map(FileView::of)
            .collect(),
        outputs: files(state, &p.output_file_ids)
            .iter()
            .map(FileView::of)
            .collect(),
        jobs: p
            .job_ids
            .iter()
            .filter_map(|id| state.store().job(id).ok())
            .map(|j| render_job(state, &j))
            .collect(),
        share_url: share_url(state, p),
    }
}

/// A project of the caller's: 404 unknown, 403 another account's.
fn owned_project(state: &AppState, account_id: &str, id: &str) -> Result<Project, ApiError> {
    let not_found = || ApiError::not_found(format!("Project {id:?} was not found."));
    if !is_valid(IdKind::Project, id) {
        return Err(not_found());
    }
    let project = state.store().project(id).map_err(|_| not_found())?;
    if project.account_id != account_id {
        return Err(ApiError::new(
            ErrorKind::Forbidden,
            "This project belongs to another account.",
        ));
    }
    Ok(project)
}

/// Project history with inputs, outputs and jobs, newest first.
#[utoipa::path(get, path = "/projects", operation_id = "list_projects", tag = "projects", security(("api_key" = [])),
    responses((status = 200, body = ProjectList), (status = 401, body = DetailError)))]
async fn list(
    State(state): State<AppState>,
    caller: Authed<Render>,
) -> Result<Json<ProjectList>, RenderError> {
    let projects = state.store().projects_of(&caller.account.id)?;
    Ok(Json(ProjectList {
        projects: projects.iter().map(|p| project_view(&state, p)).collect(),
    }))
}

/// One project with its inputs, outputs and jobs.
#[utoipa::path(get, path = "/projects/{id}", operation_id = "get_project", tag = "projects", security(("api_key" = [])),
    params(("id" = String, Path)), responses(
    (status = 200, body = ProjectView),
    (status = 401, body = DetailError),
    (status = 403, description = "Another account's project", body = DetailError),
    (status = 404, body = DetailError)))]
async fn show(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Path(id): Path<String>,
) -> Result<Json<ProjectView>, RenderError> {
    let project = owned_project(&state, &caller.account.id, &id)?;
    Ok(Json(project_view(&state, &project)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DownloadLink {
    /// A short-lived signed URL; fetch it without an API key.
    pub url: String,
    pub expires_at: String,
    pub expires_in: u64,
    pub file_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: u64,
}

/// Create a fresh download URL for an input or output of the project.
#[utoipa::path(get, path = "/projects/{id}/files/{file_id}/download", operation_id = "project_file_download_url", tag = "projects",
    security(("api_key" = [])),
    params(("id" = String, Path), ("file_id" = String, Path)), responses(
    (status = 200, body = DownloadLink),
    (status = 400, description = "The input was never uploaded", body = DetailError),
    (status = 401, body = DetailError),
    (status = 403, body = DetailError),
    (status = 404, body = DetailError),
    (status = 410, description = "Past the retention window", body = DetailError)))]
async fn download(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Json<DownloadLink>, RenderError> {
    let project = owned_project(&state, &caller.account.id, &id)?;
    let in_project =
        project.input_file_ids.contains(&file_id) || project.output_file_ids.contains(&file_id);
    if !in_project {
        return Err(ApiError::not_found(format!(
            "File {file_id:?} is not part of project {id:?}."
        ))
        .into());
    }
    let file = state.store().file(&file_id)?;
    if file.expired {
        return Err(file_gone().into());
    }
    if file.blob_id.is_none() {
        return Err(ApiError::invalid("This file has not been uploaded.").into());
    }
    let ttl = state.config().render.download_url_ttl_secs;
    let (url, expires) = crate::views::download_link(&state, &file, ttl);
    Ok(Json(DownloadLink {
        url,
        expires_at: rfc3339(expires * 1000),
        expires_in: ttl,
        file_id: file.id,
        filename: file.filename,
        content_type: file.content_type,
        size_bytes: file.size,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShareLink {
    pub project_id: String,
    pub token: String,
    /// Public: anyone with it can view the project, no API key needed.
    pub url: String,
    pub shared_at: String,
}

/// Create (or return the existing) public review link for a project.
#[utoipa::path(post, path = "/projects/{id}/share", operation_id = "share_project", tag = "projects", security(("api_key" = [])),
    params(("id" = String, Path)), responses(
    (status = 200, body = ShareLink),
    (status = 401, body = DetailError),
    (status = 403, body = DetailError),
    (status = 404, body = DetailError)))]
async fn share(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Path(id): Path<String>,
) -> Result<Json<ShareLink>, RenderError> {
    owned_project(&state, &caller.account.id, &id)?;
    let key = id.clone();
    let project = state.store().run(move |s| s.share_project(&key)).await?;
    let token = project.share_token.clone().unwrap_or_default();
    Ok(Json(ShareLink {
        url: share_url(&state, &project).unwrap_or_default(),
        project_id: project.id,
        token,
        shared_at: rfc3339(project.shared_at.unwrap_or(0)),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Unshared {
    pub project_id: String,
    pub revoked: bool,
}

/// Revoke the project's public link; it stops working at once.
#[utoipa::path(delete, path = "/projects/{id}/share", operation_id = "unshare_project", tag = "projects", security(("api_key" = [])),
    params(("id" = String, Path)), responses(
    (status = 200, body = Unshared),
    (status = 401, body = DetailError),
    (status = 403, body = DetailError),
    (status = 404, body = DetailError)))]
async fn unshare(
    State(state): State<AppState>,
    caller: Authed<Render>,
    Path(id): Path<String>,
) -> Result<Json<Unshared>, RenderError> {
    let before = owned_project(&state, &caller.account.id, &id)?;
    let key = id.clone();
    state.store().run(move |s| s.unshare_project(&key)).await?;
    Ok(Json(Unshared {
        project_id: id,
        revoked: before.share_token.is_some(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharedFile {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub duration_sec: Option<f64>,
    pub fps: Option<f64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// A short-lived signed URL, or null once the file has expired.
    pub url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharedProject {
    pub name: String,
    pub created_at: String,
    pub inputs: Vec<SharedFile>,
    pub outputs: Vec<SharedFile>,
}

fn shared_file(state: &AppState, f: &FileRecord) -> SharedFile {
    let v = FileView::of(f);
    SharedFile {
        filename: v.filename,
        content_type: v.content_type,
        size_bytes: v.size_bytes,
        duration_sec: v.duration_sec,
        fps: v.fps,
        width: v.width,
        height: v.height,
        url: download_url(state, f),
    }
}

/// Read a shared project without an API key: JSON, or a review page for
/// clients that ask for `text/html`.
#[utoipa::path(get, path = "/share/{token}", operation_id = "get_shared_project", tag = "projects",
    params(("token" = String, Path)), responses(
    (status = 200, description = "The shared project as JSON, or its review page when `Accept` asks for text/html",
        content((SharedProject = "application/json"), (String = "text/html"))),
    (status = 404, description = "Unknown or revoked link", body = DetailError)))]
async fn shared(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, RenderError> {
    let project = state
        .store()
        .shared_project(&token)
        .map_err(|_| ApiError::not_found("This share link does not exist or was revoked."))?;
    // Only the uploaded inputs and produced outputs are shown; never account data.
    let view = SharedProject {
        name: project.name.clone(),
        created_at: rfc3339(project.created_at),
        inputs: files(&state, &project.input_file_ids)
            .iter()
            .filter(|f| f.blob_id.is_some())
            .map(|f| shared_file(&state, f))
            .collect(),
        outputs: files(&state, &project.output_file_ids)
            .iter()
            .map(|f| shared_file(&state, f))
            .collect(),
    };
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if wants_html {
        Ok(Html(review_page(&view)).into_response())
    } else {
        Ok(Json(view).into_response())
    }
}

fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn player(title: &str, file: Option<&SharedFile>) -> String {
    let body = match file {
        Some(SharedFile {
            url: Some(url),
            filename,
            fps,
            width,
            height,
            ..
        }) => format!(
            "<video controls preload=\"metadata\" playsinline src=\"{}\"></video>\
             <p class=\"meta\">{} · {}×{} · {} fps</p>",
            escape(url),
            escape(filename),
            width.unwrap_or(0),
            height.unwrap_or(0),
            fps.map(|f| format!("{f:.2}")).unwrap_or_else(|| "?".into())
        ),
        Some(f) => format!("<p class=\"meta\">{} has expired.</p>", escape(&f.filename)),
        None => "<p class=\"meta\">Not rendered yet.</p>".to_string(),
    };
    format!("<section><h2>{title}</h2>{body}</section>")
}

fn review_page(p: &SharedProject) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{name} · kiln review</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;background:#111;color:#eee}}\
         main{{display:flex;gap:1.5rem;flex-wrap:wrap}}section{{flex:1 1 420px}}\
         video{{width:100%;background:#000;border-radius:6px}}.meta{{color:#aaa;font-size:.9rem}}</style>\
         </head><body><h1>{name}</h1><p class=\"meta\">Shared review · created {created}</p>\
         <main>{input}{output}</main></body></html>\n",
        name = escape(&p.name),
        created = escape(&p.created_at),
        input = player("Original", p.inputs.first()),
        output = player("Smoothed", p.outputs.last()),
    )
}

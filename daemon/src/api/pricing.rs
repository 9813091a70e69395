//! Render pricing estimates: from known metadata (public) or from an
//! uploaded file (authenticated).

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use kiln_shared::pricing::{self, Band, PricingError};
use serde::{Deserialize, Serialize};

use super::auth::{Authed, Caller};
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::extract::JsonBody;
use super::uploads::{duration_limit, file_id_from_key};
use super::AppState;
use crate::store::FileRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pricing/estimate", post(estimate))
        .route("/pricing/estimate-video", post(estimate_video))
}

/// The bands renders are charged by.
pub fn bands(_state: &AppState) -> Vec<Band> {
    pricing::default_bands()
}

#[derive(Debug, Serialize)]
pub struct FpsEstimate {
    pub target_fps: u32,
    /// `smooth`, `slomo` or `ultra`; null when the target is not allowed.
    pub band: Option<String>,
    pub multiplier: Option<u64>,
    pub charged_xeconds: Option<u64>,
    pub allowed: bool,
    /// Why a target is not allowed.
    pub detail: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Estimate {
    pub duration_sec: f64,
    pub billable_seconds: u64,
    pub source_fps: Option<f64>,
    pub estimates: Vec<FpsEstimate>,
    /// When exactly one target was asked for: its charge.
    pub charged_xeconds: Option<u64>,
}

/// Price each target, or say why it is not allowed.
pub fn price(
    state: &AppState,
    duration: f64,
    source_fps: Option<f64>,
    targets: &[u32],
) -> Result<Estimate, ApiError> {
    let max = state.config().render.max_duration_secs;
    let billable =
        pricing::billable_seconds(duration).map_err(|e| ApiError::invalid(e.to_string()))?;
    if duration > max as f64 + 1e-3 {
        return Err(duration_limit(max));
    }
    if targets.is_empty() {
        return Err(ApiError::invalid(
            "give target_fps or target_fps_options (24-240)",
        ));
    }
    if targets.len() > 32 {
        return Err(ApiError::invalid("at most 32 target_fps_options"));
    }
    let bands = bands(state);
    let estimates: Vec<FpsEstimate> = targets
        .iter()
        .map(
            |&t| match pricing::charged_xeconds(&bands, duration, source_fps, t) {
                Ok((charged, band)) => FpsEstimate {
                    target_fps: t,
                    band: Some(band.name.clone()),
                    multiplier: Some(band.multiplier),
                    charged_xeconds: Some(charged),
                    allowed: true,
                    detail: None,
                },
                Err(e) => FpsEstimate {
                    target_fps: t,
                    band: None,
                    multiplier: None,
                    charged_xeconds: None,
                    allowed: false,
                    detail: Some(e.to_string()),
                },
            },
        )
        .collect();
    let charged_xeconds = match estimates.as_slice() {
        [one] => one.charged_xeconds,
        _ => None,
    };
    Ok(Estimate {
        duration_sec: duration,
        billable_seconds: billable,
        source_fps,
        estimates,
        charged_xeconds,
    })
}

#[derive(Debug, Deserialize)]
pub struct EstimateRequest {
    #[serde(alias = "duration", alias = "duration_seconds")]
    pub duration_sec: f64,
    #[serde(default, alias = "fps")]
    pub source_fps: Option<f64>,
    #[serde(default)]
    pub target_fps: Option<u32>,
    #[serde(default)]
    pub target_fps_options: Vec<u32>,
}

fn targets(single: Option<u32>, options: Vec<u32>) -> Vec<u32> {
    let mut all: Vec<u32> = single.into_iter().chain(options).collect();
    all.dedup();
    all
}

async fn estimate(
    State(state): State<AppState>,
    JsonBody(req, ..): JsonBody<EstimateRequest, Render>,
) -> Result<Json<Estimate>, RenderError> {
    if let Some(fps) = req.source_fps {
        if !(fps.is_finite() && fps > 0.0) {
            return Err(ApiError::invalid("source_fps must be a positive number").into());
        }
    }
    let targets = targets(req.target_fps, req.target_fps_options);
    Ok(Json(price(
        &state,
        req.duration_sec,
        req.source_fps,
        &targets,
    )?))
}

#[derive(Debug, Deserialize)]
pub struct EstimateVideoRequest {
    #[serde(alias = "key")]
    pub r2_key: String,
    #[serde(default)]
    pub target_fps: Option<u32>,
    #[serde(default)]
    pub target_fps_options: Vec<u32>,
}

#[derive(Debug, Serialize)]
pub struct VideoEstimate {
    pub r2_key: String,
    pub file_id: String,
    pub width: u32,
    pub height: u32,
    pub has_audio: bool,
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// The caller's uploaded input named by an upload key: 404 unknown,
/// 403 another account's, 400 not uploaded yet or expired.
pub fn owned_upload(state: &AppState, caller: &Caller, key: &str) -> Result<FileRecord, ApiError> {
    let id = file_id_from_key(key)
        .ok_or_else(|| ApiError::not_found(format!("No uploaded file has the key {key:?}.")))?;
    let file = state
        .store()
        .file(id)
        .map_err(|_| ApiError::not_found(format!("No uploaded file has the key {key:?}.")))?;
    if file.account_id != caller.account.id {
        return Err(ApiError::new(
            ErrorKind::Forbidden,
            "This file belongs to another account.",
        ));
    }
    if file.expired {
        return Err(ApiError::new(
            ErrorKind::Gone,
            "This file has passed its retention window and was deleted.",
        ));
    }
    if file.blob_id.is_none() || file.media.is_none() {
        return Err(ApiError::invalid(
            "This file has not been uploaded yet: PUT it to its upload_url first.",
        ));
    }
    Ok(file)
}

async fn estimate_video(
    State(state): State<AppState>,
    caller: Authed<Render>,
    JsonBody(req, ..): JsonBody<EstimateVideoRequest, Render>,
) -> Result<Json<VideoEstimate>, RenderError> {
    let file = owned_upload(&state, &caller, &req.r2_key)?;
    let media = file.media.as_ref().expect("owned_upload checks media");
    let video = media
        .video
        .as_ref()
        .ok_or_else(|| ApiError::invalid("the file has no video stream"))?;
    let targets = targets(req.target_fps, req.target_fps_options);
    let estimate = price(&state, media.duration_secs, Some(video.fps), &targets)?;
    Ok(Json(VideoEstimate {
        r2_key: req.r2_key,
        file_id: file.id.clone(),
        width: video.width,
        height: video.height,
        has_audio: media.audio.is_some(),
        estimate,
    }))
}

/// Map a pricing rule to the API error a client sees.
pub fn pricing_error(e: PricingError) -> ApiError {
    ApiError::invalid(e.to_string())
}

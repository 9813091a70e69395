//! Render pricing estimates: from known metadata (public) or from an
//! uploaded file (authenticated).

use axum::extract::State;
use axum::Json;
use kiln_shared::pricing::{self, Band, PricingError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::extract::JsonBody;
use super::uploads::{duration_limit, file_gone};
use super::AppState;
use crate::intake::render_job::{owned_upload_claimed, UploadRefError};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(config))
        .routes(routes!(estimate))
        .routes(routes!(estimate_video))
}

/// The bands renders are charged by.
pub fn bands(state: &AppState) -> Vec<Band> {
    state.config().pricing.bands.clone()
}

#[derive(Debug, Serialize, ToSchema)]
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

#[derive(Debug, Serialize, ToSchema)]
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

#[derive(Debug, Deserialize, ToSchema)]
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

/// Estimate charged xeconds from known duration and fps (public).
#[utoipa::path(post, path = "/pricing/estimate", operation_id = "estimate", tag = "pricing", request_body = EstimateRequest,
    responses(
    (status = 200, body = Estimate),
    (status = 400, body = super::openapi::DetailError),
    (status = 413, description = "Longer than the clip-length limit", body = super::openapi::DetailError)))]
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

#[derive(Debug, Deserialize, ToSchema)]
pub struct EstimateVideoRequest {
    #[serde(alias = "key")]
    pub r2_key: String,
    #[serde(default)]
    pub target_fps: Option<u32>,
    #[serde(default)]
    pub target_fps_options: Vec<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VideoEstimate {
    pub r2_key: String,
    pub file_id: String,
    pub width: u32,
    pub height: u32,
    pub has_audio: bool,
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// This API's words for an upload key the caller cannot use.
pub fn upload_ref_error(e: UploadRefError) -> ApiError {
    match e {
        UploadRefError::Unknown(key) => {
            ApiError::not_found(format!("No uploaded file has the key {key:?}."))
        }
        UploadRefError::NotYours => ApiError::new(
            ErrorKind::Forbidden,
            "This file belongs to another account.",
        ),
        UploadRefError::Expired => file_gone(),
        UploadRefError::NotUploaded => ApiError::invalid(
            "This file has not been uploaded yet: PUT it to its upload_url first.",
        ),
        UploadRefError::Direct(e) => super::uploads::upload_error(*e),
    }
}

/// Probe an uploaded file and estimate one or more output fps choices.
#[utoipa::path(post, path = "/pricing/estimate-video", operation_id = "estimate_video", tag = "pricing", security(("api_key" = [])),
    request_body = EstimateVideoRequest, responses(
    (status = 200, body = VideoEstimate),
    (status = 400, body = super::openapi::DetailError),
    (status = 401, body = super::openapi::DetailError),
    (status = 403, description = "Another account's file", body = super::openapi::DetailError),
    (status = 404, body = super::openapi::DetailError),
    (status = 410, description = "Past the retention window", body = super::openapi::DetailError),
    (status = 413, body = super::openapi::DetailError)))]
async fn estimate_video(
    State(state): State<AppState>,
    caller: Authed<Render>,
    JsonBody(req, ..): JsonBody<EstimateVideoRequest, Render>,
) -> Result<Json<VideoEstimate>, RenderError> {
    let file = owned_upload_claimed(&state, &caller.account.id, &req.r2_key)
        .await
        .map_err(upload_ref_error)?;
    let media = file
        .media
        .as_ref()
        .ok_or_else(|| upload_ref_error(UploadRefError::NotUploaded))?;
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

#[derive(Debug, Serialize, ToSchema)]
pub struct BandView {
    pub name: String,
    pub min_fps: u32,
    pub max_fps: u32,
    pub multiplier: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PackView {
    pub name: String,
    pub xeconds: u64,
    pub price_cents: u64,
    pub currency: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadLimits {
    pub max_upload_bytes: u64,
    pub max_upload_mb: u64,
    pub max_duration_secs: u64,
    pub min_target_fps: u32,
    pub max_target_fps: u32,
    pub max_dimension: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PricingConfigView {
    pub bands: Vec<BandView>,
    pub packs: Vec<PackView>,
    pub limits: UploadLimits,
    /// charged_xeconds = ceil(duration_sec) × band multiplier.
    pub formula: &'static str,
    /// Renders paid (even partly) with free xeconds carry a watermark.
    pub free_renders_watermarked: bool,
}

/// Public pricing bands, packs and upload limits.
#[utoipa::path(get, path = "/pricing/config", operation_id = "pricing_config", tag = "pricing",
    responses((status = 200, body = PricingConfigView)))]
async fn config(State(state): State<AppState>) -> Json<PricingConfigView> {
    let cfg = state.config();
    let mut min_fps = pricing::MIN_TARGET_FPS;
    let bands = cfg
        .pricing
        .bands
        .iter()
        .map(|b| {
            let view = BandView {
                name: b.name.clone(),
                min_fps,
                max_fps: b.max_fps,
                multiplier: b.multiplier,
            };
            min_fps = b.max_fps + 1;
            view
        })
        .collect();
    Json(PricingConfigView {
        bands,
        packs: cfg
            .pricing
            .packs
            .iter()
            .map(|p| PackView {
                name: p.name.clone(),
                xeconds: p.xeconds,
                price_cents: p.price_cents,
                currency: p.currency.clone(),
            })
            .collect(),
        limits: UploadLimits {
            max_upload_bytes: cfg.render.max_upload_mb * 1024 * 1024,
            max_upload_mb: cfg.render.max_upload_mb,
            max_duration_secs: cfg.render.max_duration_secs,
            min_target_fps: pricing::MIN_TARGET_FPS,
            max_target_fps: pricing::MAX_TARGET_FPS,
            max_dimension: cfg.render.max_dimension,
        },
        formula: "charged_xeconds = ceil(duration_sec) x band multiplier",
        free_renders_watermarked: true,
    })
}

/// Map a pricing rule to the API error a client sees.
pub fn pricing_error(e: PricingError) -> ApiError {
    ApiError::invalid(e.to_string())
}

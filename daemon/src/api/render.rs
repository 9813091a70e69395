//! The render API (root paths, `{"detail"}` errors).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Authed;
use super::errors::{ApiError, ErrorKind, Render, RenderError};
use super::AppState;
use crate::clock::rfc3339;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeBalance {
    pub free_xeconds: u64,
    pub paid_xeconds: u64,
    pub total_xeconds: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeApiKey {
    /// `active`: the key used for this request is valid.
    pub state: &'static str,
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub plan: String,
    pub created_at: String,
    pub balance: MeBalance,
    /// Same as `balance.total_xeconds`, for clients that read a flat field.
    pub xeconds_balance: u64,
    pub api_key: MeApiKey,
}

/// Your profile, balance and API key state.
#[utoipa::path(get, path = "/me", operation_id = "get_me", tag = "account", security(("api_key" = [])), responses(
    (status = 200, body = Me),
    (status = 401, description = "Missing or invalid API key", body = super::openapi::DetailError)))]
async fn me(
    State(state): State<AppState>,
    caller: Authed<Render>,
) -> Result<Json<Me>, RenderError> {
    // Read fresh: the extractor's copy may predate a grant made a moment ago.
    let account = state.store().account(&caller.account.id)?;
    let key = &caller.key;
    let b = account.balance;
    Ok(Json(Me {
        id: account.id,
        name: account.name,
        plan: account.plan,
        created_at: rfc3339(account.created_at),
        balance: MeBalance {
            free_xeconds: b.free,
            paid_xeconds: b.paid,
            total_xeconds: b.total(),
        },
        xeconds_balance: b.total(),
        api_key: MeApiKey {
            state: "active",
            prefix: key.prefix.clone(),
            created_at: rfc3339(key.created_at),
            last_used_at: key.last_used_at.map(rfc3339),
        },
    }))
}

pub async fn not_found() -> RenderError {
    RenderError(ApiError::not_found("Not Found"))
}

pub async fn method_not_allowed() -> RenderError {
    RenderError(ApiError::new(
        ErrorKind::MethodNotAllowed,
        "Method Not Allowed",
    ))
}

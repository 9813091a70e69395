//! Bearer-key authentication, rejecting in the dialect of the API asked.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::errors::{ApiError, Dialect};
use super::AppState;
use crate::store::{Account, ApiKey};

/// The account and key behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: Account,
    pub key: ApiKey,
}

/// Extractor: a request authenticated with `Authorization: Bearer <key>`.
pub struct Authed<D: Dialect> {
    pub caller: Caller,
    _dialect: PhantomData<D>,
}

impl<D: Dialect> std::ops::Deref for Authed<D> {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl<D: Dialect> FromRequestParts<AppState> for Authed<D> {
    type Rejection = D::Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(parts) else {
            return Err(ApiError::unauthorized(
                "Missing API key: send it as Authorization: Bearer <your_api_key>.",
            )
            .into());
        };
        let store = state.store().clone();
        let token = token.to_string();
        let found = tokio::task::spawn_blocking(move || store.authenticate(&token))
            .await
            .map_err(|e| ApiError::internal(format!("authentication task failed: {e}")))?
            .map_err(ApiError::from)?;
        match found {
            Some((key, account)) => Ok(Authed {
                caller: Caller { account, key },
                _dialect: PhantomData,
            }),
            None => Err(ApiError::unauthorized("Invalid or revoked API key.").into()),
        }
    }
}

//! A JSON body extractor that rejects in the dialect of the API called.

use std::marker::PhantomData;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use super::errors::{ApiError, Dialect, ErrorKind};

/// The largest JSON body accepted, set on the router as a request extension.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// Bytes of an oversized body still read (and dropped) before answering 413,
/// so the client reads our answer instead of a reset connection.
pub const DRAIN_BYTES: usize = 16 * 1024 * 1024;

/// `Json<T>` whose errors (bad JSON, wrong fields, too large, wrong content
/// type) come back as 400/413 in the API's own error shape.
pub struct JsonBody<T, D: Dialect>(pub T, pub PhantomData<D>);

impl<S, T, D> FromRequest<S> for JsonBody<T, D>
where
    S: Send + Sync,
    T: DeserializeOwned,
    D: Dialect,
{
    type Rejection = D::Error;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let limit = req
            .extensions()
            .get::<BodyLimit>()
            .map_or(1024 * 1024, |l| l.0);
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                (m.type_() == "application" && m.subtype() == "json")
                    || m.suffix().is_some_and(|s| s == "json")
            });
        let too_large = || -> D::Error {
            ApiError::new(ErrorKind::TooLarge, "Request body is too large.").into()
        };
        let bytes = axum::body::to_bytes(req.into_body(), limit.saturating_add(DRAIN_BYTES))
            .await
            .map_err(|_| too_large())?;
        if bytes.len() > limit {
            return Err(too_large());
        }
        if !is_json {
            return Err(ApiError::invalid(
                "Expected a JSON body with Content-Type: application/json.",
            )
            .into());
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(JsonBody(value, PhantomData)),
            Err(rejection) => Err(reject(rejection).into()),
        }
    }
}

fn reject(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(ErrorKind::TooLarge, "Request body is too large.");
    }
    ApiError::invalid(rejection.body_text())
}

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

pub use crate::intake::upload::DRAIN_BYTES;

/// `Json<T>` whose errors (bad JSON, wrong fields, too large, wrong content
/// type) come back as 400/413 in the API's own error shape. It carries the
/// body's fingerprint, which idempotency keys compare.
pub struct JsonBody<T, D: Dialect>(pub T, pub PhantomData<D>, pub Fingerprint);

/// SHA-256 of a request: its JSON with object keys in order, so retries
/// that only reorder or re-space the same body match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    pub fn of_json(value: &serde_json::Value) -> Fingerprint {
        let mut text = String::new();
        canonical(value, &mut text);
        Fingerprint::of_bytes(text.as_bytes())
    }

    pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        Fingerprint(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

fn canonical(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

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
            Ok(axum::Json(value)) => {
                let fingerprint = serde_json::from_slice::<serde_json::Value>(&bytes)
                    .map(|v| Fingerprint::of_json(&v))
                    .unwrap_or_else(|_| Fingerprint::of_bytes(&bytes));
                Ok(JsonBody(value, PhantomData, fingerprint))
            }
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

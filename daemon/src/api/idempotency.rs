//! The `Idempotency-Key` header on creating requests, and the
//! `Idempotent-Replayed` header on an answer that repeats a first result.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::response::{IntoResponseParts, ResponseParts};

use super::errors::{ApiError, Dialect};
use super::extract::Fingerprint;
use crate::intake::idempotency::Idempotency;

pub const HEADER: &str = "idempotency-key";
pub const REPLAYED: &str = "idempotent-replayed";

/// The header as the OpenAPI document declares it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct IdemHeader {
    /// Any unique string (1 to 255 visible ASCII characters, e.g. a UUID). A
    /// retry with the same key and body within 24 hours gets the first result
    /// (marked `Idempotent-Replayed: true`) and is never charged twice; the
    /// same key with another body gets 422.
    #[into_params(rename = "Idempotency-Key")]
    idempotency_key: Option<String>,
}

/// Extractor: the request's `Idempotency-Key`, if it sent one (1 to 255
/// visible ASCII characters; anything else is a 400 in the API's dialect).
pub struct IdemKey<D: Dialect>(pub Option<String>, PhantomData<D>);

impl<D: Dialect> IdemKey<D> {
    /// The key with the fingerprint of the request it came with.
    pub fn with(&self, fingerprint: &Fingerprint) -> Option<Idempotency> {
        self.0.as_ref().map(|key| Idempotency {
            key: key.clone(),
            fingerprint: fingerprint.0.clone(),
        })
    }
}

impl<S: Send + Sync, D: Dialect> FromRequestParts<S> for IdemKey<D> {
    type Rejection = D::Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(HEADER) else {
            return Ok(IdemKey(None, PhantomData));
        };
        let key = value
            .to_str()
            .ok()
            .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| {
                ApiError::invalid("Idempotency-Key must be 1 to 255 visible ASCII characters.")
            })?;
        Ok(IdemKey(Some(key.to_string()), PhantomData))
    }
}

/// Response part: `Idempotent-Replayed: true` on an answer that repeats
/// the first result of the key.
pub struct Replayed(pub bool);

impl IntoResponseParts for Replayed {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        if self.0 {
            res.headers_mut()
                .insert(REPLAYED, HeaderValue::from_static("true"));
        }
        Ok(res)
    }
}

//! A JSON body extractor that rejects in the dialect of the API called.

use std::marker::PhantomData;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::errors::{ApiError, Dialect, ErrorKind};

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

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value, PhantomData)),
            Err(rejection) => Err(reject(rejection).into()),
        }
    }
}

fn reject(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(ErrorKind::TooLarge, "Request body is too large.");
    }
    let text = match &rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "Expected a JSON body with Content-Type: application/json.".to_string()
        }
        _ => rejection.body_text(),
    };
    ApiError::invalid(text)
}

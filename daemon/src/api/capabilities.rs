//! `GET /api/v1/capabilities`: what a prompt can ask for (operations with
//! the file kinds they take and example prompts, formats and their aliases,
//! the units numbers can carry, example prompts), for clients to show.
//!
//! Public: it describes the planner, not an account, so it needs no API
//! key and is not rate limited per key (the answer is static and cheap).

use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::planner::capabilities::{capabilities, Capabilities};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// What prompts can ask for: operations, formats, units and example prompts. No API key needed.
#[utoipa::path(get, path = "/capabilities", operation_id = "files_capabilities", tag = "files",
    responses((status = 200, description = "The planner's operations, formats and examples", body = Capabilities)))]
async fn show() -> Json<Capabilities> {
    Json(capabilities())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_the_planner_capabilities_and_is_documented() {
        let Json(caps) = show().await;
        assert!(caps.operations.len() >= 25);
        let value = serde_json::to_value(&caps).unwrap();
        assert!(value["formats"]["image"]
            .as_array()
            .unwrap()
            .contains(&"webp".into()));
        let (_, spec) = routes().split_for_parts();
        let spec = serde_json::to_value(&spec).unwrap();
        assert_eq!(
            spec["paths"]["/capabilities"]["get"]["operationId"],
            "files_capabilities"
        );
    }
}

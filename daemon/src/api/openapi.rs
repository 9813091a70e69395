//! The OpenAPI 3.1 description of both APIs, generated from the handlers'
//! own annotations and types (utoipa), served at `GET /openapi.json`.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi, ToSchema};

use super::AppState;

/// The render API's error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct DetailError {
    /// A readable explanation.
    #[schema(example = "Launch limit is 120s per video. Longer video chunking is coming.")]
    pub detail: String,
}

/// The file-automation API's error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodedError {
    pub error: CodedErrorInner,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodedErrorInner {
    /// `unauthorized`, `invalid_request`, `not_found`, `quota_exceeded`, `rate_limited`, `internal_error`.
    #[schema(example = "invalid_request")]
    pub code: String,
    pub message: String,
}

/// Raw file bytes, as upload bodies and downloads carry them.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Binary(pub Vec<u8>);

struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("kiln_live_…")
                    .description(Some(
                        "An API key from the operator: `Authorization: Bearer kiln_live_…`",
                    ))
                    .build(),
            ),
        );
    }
}

/// What the document needs once every route is in it.
pub fn complete(spec: &mut utoipa::openapi::OpenApi) {
    ServerErrors.modify(spec);
    AlwaysSent.modify(spec);
}

/// The operations that create something, refused with 507 while the disk
/// is nearly full.
const STORING: &[&str] = &[
    "create_job",
    "presign_upload",
    "upload_file",
    "files_create_job",
    "files_create_upload",
    "files_store_upload",
];

/// Every operation declares the 500 its API answers, in that API's dialect,
/// and the creating ones their 507.
pub struct ServerErrors;

impl Modify for ServerErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let body = if path.starts_with("/api/v1") {
                "CodedError"
            } else {
                "DetailError"
            };
            let response = |description: &str| {
                let content = ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name(body)))
                    .build();
                ResponseBuilder::new()
                    .description(description)
                    .content("application/json", content)
                    .build()
            };
            for op in operations(item) {
                let responses = &mut op.responses.responses;
                responses.entry("500".into()).or_insert_with(|| {
                    response("Unexpected server error; safe to retry reads").into()
                });
                let storing = op
                    .operation_id
                    .as_deref()
                    .is_some_and(|id| STORING.contains(&id));
                if storing {
                    responses.entry("507".into()).or_insert_with(|| {
                        response("The disk is nearly full: new uploads and jobs are refused").into()
                    });
                }
            }
        }
    }
}

/// Every field of a response is always sent (null when it has no value),
/// so response schemas list every property as required. Schemas reachable
/// from a request body keep their optional fields optional.
pub struct AlwaysSent;

impl Modify for AlwaysSent {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut requests = BTreeSet::new();
        for item in openapi.paths.paths.values_mut() {
            for op in operations(item) {
                if let Some(body) = &op.request_body {
                    request_refs(body, &mut requests);
                }
            }
        }
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        // Follow references from request schemas to the schemas they use.
        let mut pending: Vec<String> = requests.iter().cloned().collect();
        while let Some(name) = pending.pop() {
            if let Some(schema) = components.schemas.get(&name) {
                let mut found = BTreeSet::new();
                schema_refs(schema, &mut found);
                for r in found {
                    if requests.insert(r.clone()) {
                        pending.push(r);
                    }
                }
            }
        }
        for (name, schema) in components.schemas.iter_mut() {
            if requests.contains(name) {
                continue;
            }
            if let RefOr::T(Schema::Object(object)) = schema {
                object.required = object.properties.keys().cloned().collect();
            }
        }
    }
}

fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.patch.as_mut(),
        item.head.as_mut(),
        item.options.as_mut(),
        item.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

fn request_refs(body: &RequestBody, into: &mut BTreeSet<String>) {
    for content in body.content.values() {
        if let Some(schema) = &content.schema {
            schema_refs(schema, into);
        }
    }
}

/// The component names a schema refers to, found through its JSON form.
fn schema_refs(schema: &RefOr<Schema>, into: &mut BTreeSet<String>) {
    fn walk(v: &serde_json::Value, into: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    if let Some(name) = r.strip_prefix("#/components/schemas/") {
                        into.insert(name.to_string());
                    }
                }
                map.values().for_each(|v| walk(v, into));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, into)),
            _ => {}
        }
    }
    if let Ok(v) = serde_json::to_value(schema) {
        walk(&v, into);
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kiln",
        description = "Self-hosted media jobs: the render API (frame interpolation, root paths, \
                       `{\"detail\"}` errors) and the file-automation API (`/api/v1`, \
                       `{\"error\":{\"code\",\"message\"}}` errors).",
    ),
    modifiers(&BearerKey),
    components(schemas(DetailError, CodedError, CodedErrorInner, Binary)),
    tags(
        (name = "account", description = "Your profile and balance"),
        (name = "pricing", description = "Bands, packs, limits and estimates"),
        (name = "uploads", description = "Presigned uploads and signed downloads"),
        (name = "renders", description = "Render jobs"),
        (name = "projects", description = "Project history and share links"),
        (name = "system", description = "Health and this document"),
        (name = "files", description = "File automation (/api/v1): uploads, prompt jobs, usage"),
    )
)]
pub struct ApiDoc;

/// `GET /openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json", operation_id = "openapi_json",
    tag = "system",
    responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.openapi().clone())
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::OpenApi as Doc;
    use utoipa_axum::router::OpenApiRouter;

    use super::super::*;
    use super::{complete, RefOr, Schema};

    fn doc_of(router: OpenApiRouter<AppState>) -> Doc {
        router.split_for_parts().1
    }

    fn merged() -> Doc {
        let mut doc = doc_of(routes(&crate::config::Config::default()));
        complete(&mut doc);
        doc
    }

    /// Two types of one name would leave one of them undocumented: every
    /// route group's schemas must be the ones the whole document holds.
    #[test]
    fn every_schema_name_is_one_type() {
        let whole = merged();
        let schemas = &whole.components.as_ref().unwrap().schemas;
        let groups = [
            health::routes(),
            render::routes(),
            pricing::routes(),
            render_jobs::routes(),
            events::render_routes(),
            uploads::presign_routes(),
            uploads::transfer_routes(),
            projects::routes(),
            metrics::routes(),
            files::routes(),
            files::transfer_routes(),
        ];
        for group in groups {
            let doc = doc_of(group);
            for (name, schema) in doc.components.into_iter().flat_map(|c| c.schemas) {
                let mut ours = schema.clone();
                let mut theirs = schemas[&name].clone();
                // Compare the types, not what `complete` adds to responses.
                for s in [&mut ours, &mut theirs] {
                    if let RefOr::T(Schema::Object(o)) = s {
                        o.required.clear();
                    }
                }
                assert_eq!(
                    serde_json::to_value(&ours).unwrap(),
                    serde_json::to_value(&theirs).unwrap(),
                    "two types are both named {name}"
                );
            }
        }
    }

    #[test]
    fn request_bodies_are_their_own_types_and_bytes_are_binary() {
        let doc = serde_json::to_value(merged()).unwrap();
        let body_ref = |path: &str, method: &str| {
            doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
                ["$ref"]
                .as_str()
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        };
        let files_job = body_ref("/api/v1/jobs", "post");
        let render_job = body_ref("/jobs", "post");
        assert_ne!(files_job, render_job);
        let props = |name: &str| doc["components"]["schemas"][name]["properties"].clone();
        assert!(props(&files_job).get("prompt").is_some());
        assert!(props(&render_job).get("r2_key").is_some());
        for (path, method) in [
            ("/upload/{file_id}", "put"),
            ("/api/v1/storage/{file_id}", "post"),
        ] {
            let content = &doc["paths"][path][method]["requestBody"]["content"];
            let binary = &content["application/octet-stream"]["schema"]["$ref"];
            assert_eq!(binary, "#/components/schemas/Binary", "{path}");
        }
        assert_eq!(doc["components"]["schemas"]["Binary"]["format"], "binary");
        let download = &doc["paths"]["/files/{file_id}/content"]["get"]["responses"]["200"];
        assert!(download["content"]["application/octet-stream"].is_object());
    }

    #[test]
    fn every_operation_declares_its_server_error_and_responses_are_complete() {
        let doc = serde_json::to_value(merged()).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let error =
                    &op["responses"]["500"]["content"]["application/json"]["schema"]["$ref"];
                let dialect = if path.starts_with("/api/v1") {
                    "CodedError"
                } else {
                    "DetailError"
                };
                assert_eq!(
                    error.as_str(),
                    Some(format!("#/components/schemas/{dialect}").as_str()),
                    "{method} {path}"
                );
            }
        }
        let schemas = &doc["components"]["schemas"];
        let required = |name: &str| schemas[name]["required"].as_array().unwrap().clone();
        assert!(required("JobObject").contains(&"error".into()));
        assert!(required("JobObject").contains(&"chat_id".into()));
        assert!(required("RenderJob").contains(&"output_url".into()));
        // Request bodies keep their optional fields optional.
        assert!(!required("CreateFileJob").contains(&"chat_id".into()));
        let share = &doc["paths"]["/share/{token}"]["get"]["responses"]["200"]["content"];
        assert!(share["application/json"].is_object() && share["text/html"].is_object());
        let signed = &doc["paths"]["/upload/{file_id}"]["put"]["parameters"];
        for p in signed.as_array().unwrap() {
            assert_eq!(p["required"], true, "{p}");
        }
    }
}

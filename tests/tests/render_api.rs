//! The rest of the render API: pricing config, projects, download links with
//! Range, share links and their review page, watermarks, limits, OpenAPI.

use std::time::Duration;

use kiln_tests::client::{get, json};
use kiln_tests::render::{self, error_detail, rendered};
use kiln_tests::{http, make_clip, Daemon};
use serde_json::json;

const LONG: Duration = Duration::from_secs(120);

#[tokio::test]
async fn pricing_config_is_public() {
    let d = Daemon::start();
    let (status, cfg) = get(&d, None, "/pricing/config").await;
    assert_eq!(status, 200);
    let bands: Vec<(u64, u64, u64)> = cfg["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["min_fps"].as_u64().unwrap(),
                b["max_fps"].as_u64().unwrap(),
                b["multiplier"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(bands, vec![(24, 60, 1), (61, 120, 2), (121, 240, 4)]);
    assert!(!cfg["packs"].as_array().unwrap().is_empty());
    assert_eq!(cfg["limits"]["max_upload_mb"], 250);
    assert_eq!(cfg["limits"]["max_duration_secs"], 120);
}

#[tokio::test]
async fn projects_downloads_and_share_links() {
    let d = Daemon::start();
    let key = d.account_with("maker", 0, 100);
    let other = d.account_with("peer", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "beach.mp4", 1.0, 24, (160, 120), true);
    let (upload, job) = rendered(&d, &key, &clip, 48, LONG).await;
    let project_id = upload["project_id"].as_str().unwrap();

    // History.
    let (status, list) = get(&d, Some(&key), "/projects").await;
    assert_eq!(status, 200);
    assert_eq!(list["projects"][0]["project_id"], project_id);
    let (status, project) = get(&d, Some(&key), &format!("/projects/{project_id}")).await;
    assert_eq!(status, 200, "{project}");
    assert_eq!(project["inputs"][0]["filename"], "beach.mp4");
    assert_eq!(project["inputs"][0]["uploaded"], true);
    assert!((project["inputs"][0]["fps"].as_f64().unwrap() - 24.0).abs() < 0.01);
    assert_eq!(project["outputs"][0]["file_id"], job["output_file_id"]);
    assert_eq!(project["outputs"][0]["filename"], "beach_48fps.mp4");
    // The output as probed where it was made.
    let out = &project["outputs"][0];
    assert!((out["fps"].as_f64().unwrap() - 48.0).abs() < 0.01, "{out}");
    assert!(
        (out["duration_sec"].as_f64().unwrap() - 1.0).abs() < 0.1,
        "{out}"
    );
    assert_eq!(
        (out["width"].as_u64(), out["height"].as_u64()),
        (Some(160), Some(120))
    );
    assert_eq!(out["has_audio"], true, "{out}");
    assert_eq!(project["jobs"][0]["job_id"], job["job_id"]);
    assert!(project["share_url"].is_null());

    // Another account sees 403 everywhere, an unknown id 404.
    let (status, body) = get(&d, Some(&other), &format!("/projects/{project_id}")).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["detail"].is_string());
    let output_id = job["output_file_id"].as_str().unwrap();
    let link_path = format!("/projects/{project_id}/files/{output_id}/download");
    assert_eq!(get(&d, Some(&other), &link_path).await.0, 403);
    let (status, _) = get(&d, Some(&key), "/projects/prj_01aaaaaaaaaaaaaaaaaaaaaaaa").await;
    assert_eq!(status, 404);
    let (status, list) = get(&d, Some(&other), "/projects").await;
    assert_eq!(status, 200);
    assert!(list["projects"].as_array().unwrap().is_empty());

    // A fresh signed download URL; Range gives 206 with the right bytes.
    let (status, link) = get(&d, Some(&key), &link_path).await;
    assert_eq!(status, 200, "{link}");
    let url = link["url"].as_str().unwrap();
    let full = http().get(url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "video/mp4");
    let disposition = full.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("beach_48fps.mp4"), "{disposition}");
    assert_eq!(full.headers()["accept-ranges"], "bytes");
    let full = full.bytes().await.unwrap();
    assert_eq!(full.len() as u64, link["size_bytes"].as_u64().unwrap());
    let part = http()
        .get(url)
        .header("Range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 100-199/{}", full.len())
    );
    assert_eq!(part.bytes().await.unwrap(), full.slice(100..200));
    let input_id = project["inputs"][0]["file_id"].as_str().unwrap();
    let (status, input_link) = get(
        &d,
        Some(&key),
        &format!("/projects/{project_id}/files/{input_id}/download"),
    )
    .await;
    assert_eq!(status, 200);
    let original = http()
        .get(input_link["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        original.bytes().await.unwrap(),
        std::fs::read(&clip).unwrap()
    );
    let (status, _) = get(
        &d,
        Some(&key),
        &format!("/projects/{project_id}/files/fil_01aaaaaaaaaaaaaaaaaaaaaaaa/download"),
    )
    .await;
    assert_eq!(status, 404);

    // Share: a public token, JSON without a key, HTML on request, revocable.
    let share_path = format!("/projects/{project_id}/share");
    let share = json(http().post(d.url(&share_path)).bearer_auth(&key)).await;
    let share_url = share["url"].as_str().unwrap().to_string();
    assert!(share_url.contains(share["token"].as_str().unwrap()));
    let r = http()
        .post(d.url(&share_path))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let public = json(http().get(&share_url)).await;
    assert_eq!(public["name"], "beach.mp4");
    assert_eq!(public["outputs"][0]["filename"], "beach_48fps.mp4");
    assert!(public.get("account_id").is_none() && !public.to_string().contains("acc_"));
    let shared_output = http()
        .get(public["outputs"][0]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(shared_output.bytes().await.unwrap(), full);
    let page = http()
        .get(&share_url)
        .header("Accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert_eq!(
        html.matches("<video").count(),
        2,
        "input beside output: {html}"
    );
    assert!(html.contains("beach_48fps.mp4"));
    let (status, project) = get(&d, Some(&key), &format!("/projects/{project_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(project["share_url"], share_url.as_str());

    let r = http()
        .delete(d.url(&share_path))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    error_detail(http().get(&share_url).send().await.unwrap(), 404).await;
}

/// Mean absolute luma difference of a region of two pictures.
fn region_diff(
    a: &kilnd::media::render::Plane3,
    b: &kilnd::media::render::Plane3,
    x0: u32,
    y0: u32,
    w: u32,
    h: u32,
) -> f64 {
    let mut sum = 0u64;
    let mut n = 0u64;
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            let i = (y * a.width + x) as usize;
            sum += u64::from(a.y[i].abs_diff(b.y[i]));
            n += 1;
        }
    }
    sum as f64 / n as f64
}

#[tokio::test]
async fn free_renders_carry_a_watermark_and_paid_ones_do_not() {
    let d = Daemon::start();
    let free = d.account_with("freebie", 10, 0);
    let paid = d.account_with("payer", 0, 10);
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "wm.mp4", 1.0, 24, (320, 240), false);
    let (_, free_job) = rendered(&d, &free, &clip, 48, LONG).await;
    let (_, paid_job) = rendered(&d, &paid, &clip, 48, LONG).await;
    assert_eq!(free_job["watermarked"], true);
    assert_eq!(paid_job["watermarked"], false);

    let mut pictures = Vec::new();
    for (name, job) in [("free.mp4", &free_job), ("paid.mp4", &paid_job)] {
        let bytes = http()
            .get(job["output_url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        pictures.push(
            kilnd::media::render::decode_pictures(&path, 1)
                .unwrap()
                .remove(0),
        );
    }
    let source = kilnd::media::render::decode_pictures(&clip, 1)
        .unwrap()
        .remove(0);
    let (w, h) = (source.width, source.height);
    // Bottom-right quarter (where the mark sits) vs the top-left quarter.
    let corner_free = region_diff(&pictures[0], &source, w / 2, h / 2, w / 2, h / 2);
    let corner_paid = region_diff(&pictures[1], &source, w / 2, h / 2, w / 2, h / 2);
    let elsewhere_free = region_diff(&pictures[0], &source, 0, 0, w / 2, h / 2);
    assert!(corner_paid < 3.0, "a paid render is clean: {corner_paid}");
    assert!(
        elsewhere_free < 3.0,
        "the mark stays in its corner: {elsewhere_free}"
    );
    assert!(
        corner_free > corner_paid + 3.0,
        "free render is marked: {corner_free} vs {corner_paid}"
    );
}

#[tokio::test]
async fn upload_and_job_limits_use_the_published_codes() {
    let d = Daemon::start_with_env(&[
        ("KILN_RENDER__MAX_UPLOAD_MB", "1"),
        ("KILN_RENDER__MAX_DURATION_SECS", "1"),
    ]);
    let key = d.account_with("limited", 0, 100);
    let dir = tempfile::tempdir().unwrap();
    let client = http();

    let big = json!({"filename": "big.mp4", "content_type": "video/mp4"});
    let presign = render::presign(&d, &key, &big).await;
    let r = client
        .put(presign["upload_url"].as_str().unwrap())
        .body(vec![0u8; 1024 * 1024 + 1])
        .send()
        .await
        .unwrap();
    assert!(error_detail(r, 413).await.contains("1 MB"));

    let long = make_clip(dir.path(), "long.mp4", 2.0, 24, (96, 64), false);
    let presign = render::presign(&d, &key, &json!({"filename": "long.mp4"})).await;
    let r = client
        .put(presign["upload_url"].as_str().unwrap())
        .body(std::fs::read(&long).unwrap())
        .send()
        .await
        .unwrap();
    let detail = error_detail(r, 413).await;
    assert_eq!(
        detail,
        "Launch limit is 1s per video. Longer video chunking is coming."
    );
    let r = client
        .post(d.url("/upload/presign"))
        .bearer_auth(&key)
        .json(&json!({"filename": "x.txt", "content_type": "text/plain"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn openapi_document_is_valid_and_covers_every_route() {
    let d = Daemon::start();
    let (status, spec) = get(&d, None, "/openapi.json").await;
    assert_eq!(status, 200);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(spec["components"]["securitySchemes"]["api_key"].is_object());
    assert!(spec["components"]["schemas"]["DetailError"].is_object());
    assert!(spec["components"]["schemas"]["CodedError"].is_object());

    // Every endpoint of the published render API is described.
    let published = [
        ("get", "/me"),
        ("get", "/pricing/config"),
        ("post", "/pricing/estimate"),
        ("post", "/upload/presign"),
        ("post", "/pricing/estimate-video"),
        ("post", "/jobs"),
        ("get", "/jobs/{id}"),
        ("get", "/jobs"),
        ("get", "/projects"),
        ("get", "/projects/{id}/files/{file_id}/download"),
        ("post", "/projects/{id}/share"),
        ("get", "/share/{token}"),
    ];
    for (method, path) in published {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} missing from the spec"
        );
    }

    // Every described operation is really mounted: a request reaches its
    // handler (auth, validation, not-found of the id) rather than the router's
    // unknown-route or wrong-method answers.
    let client = http();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let concrete = path
                .replace("{id}", "prj_01aaaaaaaaaaaaaaaaaaaaaaaa")
                .replace("{file_id}", "fil_01aaaaaaaaaaaaaaaaaaaaaaaa")
                .replace("{token}", "nosuchtoken");
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = client
                .request(method.clone(), d.url(&concrete))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body = r.text().await.unwrap();
            assert_ne!(status, 405, "{method} {path} is not mounted: {body}");
            assert!(
                !(status == 404 && body.contains("\"Not Found\"")),
                "{method} {path} is not mounted: {body}"
            );
        }
    }

    // A standard validator accepts it (installed by `make test`).
    let spec_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(spec_file.path(), serde_json::to_vec(&spec).unwrap()).unwrap();
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(spec_file.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named") {
        panic!("openapi-spec-validator is not installed (make test installs it): {stderr}");
    }
    assert!(
        out.status.success() && stdout.contains("OK"),
        "{stdout}{stderr}"
    );
}

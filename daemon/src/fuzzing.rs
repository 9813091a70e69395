//! Fuzzing entry points, shared by the coverage-guided targets in `fuzz/`
//! (`make fuzz`, cargo-fuzz) and the property tests that `make test` runs
//! (`tests/fuzz.rs` in this crate). Each takes arbitrary bytes and panics
//! only when an invariant breaks: a decoder that accepts garbage it cannot
//! write back, a signature that verifies without the key, a plan that does
//! not type-check, a request answered with a 5xx.
//!
//! Part of the test kit: compiled only for tests and with the `testkit`
//! feature, never into the shipped daemon.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

use crate::config::Config;
use crate::context::AppState;
use crate::engine::{Engine, EngineConfig};
use crate::media::ops::{check_pipeline, FileFacts, Format};
use crate::planner::{self, Plan};
use crate::signing::UrlSigner;
use crate::store::deliveries::{Delivery, WebhookSecret};
use crate::store::usage::Usage;
use crate::store::{codec, Account, ApiKey, FileRecord, Job, LedgerEntry, Project, Record, Store};

/// The file sets a prompt is planned against; the first byte picks one.
fn input_sets() -> Vec<Vec<FileFacts>> {
    let video = |name: &str, secs: f64, audio: bool| {
        let mut f = FileFacts::named(name, Format::Mp4);
        f.width = Some(1280);
        f.height = Some(720);
        f.duration_secs = Some(secs);
        f.fps = Some(30.0);
        f.has_audio = audio;
        f
    };
    let still = |name: &str, format: Format| {
        let mut f = FileFacts::named(name, format);
        f.width = Some(4032);
        f.height = Some(3024);
        f
    };
    let mut song = FileFacts::named("song.mp3", Format::Mp3);
    song.duration_secs = Some(200.0);
    vec![
        vec![],
        vec![still("photo.jpg", Format::Jpeg)],
        vec![still("shot.png", Format::Png)],
        vec![video("clip.mp4", 60.0, true)],
        vec![video("screen.mp4", 8.0, false)],
        vec![song],
        vec![video("a.mp4", 10.0, true), video("b.mp4", 12.0, true)],
        vec![
            still("1.png", Format::Png),
            still("2.png", Format::Png),
            still("3.jpg", Format::Jpeg),
        ],
    ]
}

/// Plans an arbitrary prompt: never panics, and a planned pipeline always
/// type-checks against its inputs with every step's parameters in range.
pub fn planner(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let sets = input_sets();
    let inputs = &sets[pick as usize % sets.len()];
    let prompt = String::from_utf8_lossy(rest);
    match planner::plan(&prompt, inputs) {
        Plan::Command { steps } => {
            assert!(!steps.is_empty(), "an empty pipeline for {prompt:?}");
            let ops: Vec<_> = steps.iter().map(|s| s.op.clone()).collect();
            for op in &ops {
                if let Err(e) = op.validate() {
                    panic!("{prompt:?} planned {op:?}: {e}");
                }
            }
            if let Err(e) = check_pipeline(inputs, &ops) {
                panic!("{prompt:?} planned a pipeline that does not check: {e}");
            }
        }
        Plan::Chat { message } | Plan::Refuse { message } => {
            assert!(!message.is_empty(), "a silent answer to {prompt:?}");
        }
    }
}

fn round_trip<R: Record>(data: &[u8]) {
    if let Ok(record) = codec::decode::<R>(data) {
        let written = codec::encode(&record);
        let again = codec::decode::<R>(&written)
            .unwrap_or_else(|e| panic!("a decoded {} does not read back: {e}", R::KIND));
        assert_eq!(
            codec::encode(&again),
            written,
            "a {} changes when written twice",
            R::KIND
        );
    }
}

/// Decodes arbitrary bytes as every stored record type: errors are fine,
/// panics are not, and whatever decodes is written back unchanged.
pub fn store_record(data: &[u8]) {
    round_trip::<Account>(data);
    round_trip::<ApiKey>(data);
    round_trip::<Job>(data);
    round_trip::<LedgerEntry>(data);
    round_trip::<FileRecord>(data);
    round_trip::<Project>(data);
    round_trip::<Usage>(data);
    round_trip::<Delivery>(data);
    round_trip::<WebhookSecret>(data);
}

/// The first `n` newline-separated fields of `data`, lossily as text.
fn fields(data: &[u8], n: usize) -> Vec<String> {
    let mut out: Vec<String> = data
        .splitn(n, |b| *b == b'\n')
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    out.resize(n, String::new());
    out
}

/// Verifies an arbitrary signed-URL query: a link made by the signer works
/// for exactly its method, path and lifetime; anything else is refused.
pub fn signed_url(data: &[u8]) {
    const NOW: u64 = 1_800_000_000;
    let signer = UrlSigner::new([7; 32]);
    let f = fields(data, 4);
    let (method, path, expires, sig) = (&f[0], &f[1], &f[2], &f[3]);
    let expires: Option<u64> = expires.parse().ok();
    let genuine = expires.map(|e| signer.query(method, path, e));
    let verdict = signer.verify(method, path, expires, Some(sig), NOW);
    let matches = genuine
        .as_deref()
        .and_then(|q| q.split("sig=").nth(1))
        .is_some_and(|real| real.eq_ignore_ascii_case(sig));
    if verdict.is_ok() {
        assert!(matches, "{sig:?} verified for {method} {path}");
        assert!(expires.unwrap_or(0) >= NOW, "an expired link verified");
    }
    // The genuine link: valid until it expires, for this method and path only.
    if let (Some(e), Some(q)) = (expires, genuine) {
        let real = q.split("sig=").nth(1).unwrap_or_default().to_string();
        assert_eq!(
            signer
                .verify(method, path, Some(e), Some(&real), NOW)
                .is_ok(),
            e >= NOW
        );
        let other = format!("{path}x");
        assert!(signer
            .verify(method, &other, Some(e), Some(&real), 0)
            .is_err());
        assert!(UrlSigner::new([8; 32])
            .verify(method, path, Some(e), Some(&real), 0)
            .is_err());
    }
}

/// The whole HTTP API in-process, on a store in a temporary directory, with
/// one funded account, for fuzzing request bodies through the real router
/// (extractors, validation, handlers, storage). Its engine is never started:
/// accepted jobs stay queued.
pub struct ApiHarness {
    runtime: tokio::runtime::Runtime,
    router: Router,
    key: String,
}

/// Endpoints that take a body; the first byte of an input picks one.
const BODY_ROUTES: &[(&str, &str)] = &[
    ("POST", "/jobs"),
    ("POST", "/upload/presign"),
    ("POST", "/pricing/estimate"),
    ("POST", "/pricing/estimate-video"),
    ("POST", "/projects/prj_00000000000000000000000000/share"),
    ("PUT", "/upload/fil_00000000000000000000000000"),
    ("POST", "/api/v1/jobs"),
    ("POST", "/api/v1/uploads"),
    ("POST", "/api/v1/webhook-secret"),
    ("POST", "/api/v1/storage/fil_00000000000000000000000000"),
];

impl ApiHarness {
    /// `dir` is an empty directory for the store, kept by the caller.
    pub fn new(dir: &Path) -> ApiHarness {
        let mut config = Config {
            data_dir: dir.to_path_buf(),
            ..Config::default()
        };
        for plan in config.plans.values_mut() {
            plan.rate_per_sec = 1_000_000;
            plan.burst = 1_000_000;
            plan.monthly_jobs = 0;
        }
        // The machine's disk is shared; a full one is not what is fuzzed here.
        config.disk.reserve_mb = 1;
        let store = Store::open(dir).expect("opening the store");
        let account = store
            .create_account("fuzz", &config.accounts.default_plan, 1_000_000)
            .expect("an account");
        let (_, key) = store.create_key(&account.id).expect("a key");
        let signer = UrlSigner::new(store.url_signing_key().expect("the signing key"));
        let engine = Engine::new(
            store,
            EngineConfig::from_config(&config, PathBuf::from("/nonexistent/kilnd")),
        );
        let addr: SocketAddr = "127.0.0.1:9".parse().expect("an address");
        let state = AppState::new(engine, signer, config, addr);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let router = runtime.block_on(async { crate::api::router(state) });
        ApiHarness {
            runtime,
            router,
            key,
        }
    }

    /// Sends the rest of `data` as the body of the request its first byte
    /// picks (the second picks the content type); answers the status.
    pub fn request(&self, data: &[u8]) -> StatusCode {
        let (pick, body) = match data {
            [a, b, rest @ ..] => ((*a, *b), rest),
            _ => ((0, 0), data),
        };
        let (method, path) = BODY_ROUTES[pick.0 as usize % BODY_ROUTES.len()];
        let content_type =
            ["application/json", "text/plain", "application/octet-stream"][pick.1 as usize % 3];
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", self.key))
            .header("content-type", content_type)
            .body(Body::from(body.to_vec()))
            .expect("a request");
        let status = self.runtime.block_on(async {
            self.router
                .clone()
                .oneshot(request)
                .await
                .expect("the router is infallible")
                .status()
        });
        assert!(
            !status.is_server_error(),
            "{method} {path} answered {status} to {:?}",
            String::from_utf8_lossy(body)
        );
        status
    }
}

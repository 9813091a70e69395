//! Property tests over the fuzzing entry points (`kilnd::fuzzing`): random
//! and structured inputs for the planner, the stored-record decoders,
//! signed-URL verification and request bodies through the real router.
//! `make test` runs a few hundred cases each; `make fuzz` sets
//! `PROPTEST_CASES` high and also runs the coverage-guided targets in `fuzz/`.

use std::sync::LazyLock;

use kilnd::fuzzing::{self, ApiHarness};
use proptest::prelude::*;
use proptest::string::string_regex;

/// Words the planner knows, so generated prompts reach deep into it.
const WORDS: &[&str] = &[
    "convert",
    "to",
    "mp4",
    "webm",
    "gif",
    "png",
    "jpg",
    "make",
    "it",
    "black",
    "and",
    "white",
    "trim",
    "first",
    "last",
    "10",
    "seconds",
    "s",
    "from",
    "1:00",
    "2:30",
    "resize",
    "800px",
    "wide",
    "720p",
    "50%",
    "crop",
    "square",
    "9:16",
    "rotate",
    "90",
    "degrees",
    "flip",
    "speed",
    "up",
    "2x",
    "slow",
    "motion",
    "reverse",
    "fps",
    "extract",
    "audio",
    "remove",
    "mute",
    "volume",
    "louder",
    "normalize",
    "compress",
    "under",
    "8",
    "mb",
    "thumbnail",
    "frames",
    "every",
    "join",
    "slideshow",
    "watermark",
    "text",
    "\"hello\"",
    "logo",
    "blur",
    "sharpen",
    "brightness",
    "+20%",
    "contrast",
    "saturation",
    "quality",
    "optimize",
    "strip",
    "metadata",
    "then",
    ",",
    "?",
    "what",
    "can",
    "you",
    "do",
    "please",
    "0",
    "-5",
    "99999999999",
    "1e308",
    "NaN",
    "½",
    "🦀",
    "x",
    "by",
    "at",
    "of",
    "the",
    "in",
    "into",
];

fn prompt() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        (
            any::<u8>(),
            prop::collection::vec(prop::sample::select(WORDS), 0..24)
        )
            .prop_map(|(pick, words)| {
                let mut out = vec![pick];
                out.extend_from_slice(words.join(" ").as_bytes());
                out
            }),
    ]
}

/// JSON values shaped like request bodies: known field names, odd values.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "",
            "mp4",
            "../../etc/passwd",
            "fil_00000000000000000000000000",
            "uploads/x.mp4",
            "https://127.0.0.1/hook",
            "make it black and white",
            "\u{0}",
            "🦀",
        ])
        .prop_map(Value::from),
        string_regex(".{0,40}").unwrap().prop_map(Value::from),
    ];
    let keys = prop::sample::select(vec![
        "prompt",
        "file_ids",
        "files",
        "r2_key",
        "target_fps",
        "target_fps_options",
        "project_id",
        "duration_sec",
        "source_fps",
        "filename",
        "content_type",
        "size",
        "webhook_url",
        "thread_id",
        "expires_in",
        "name",
        "wait",
        "pipeline",
    ]);
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

static API: LazyLock<(ApiHarness, tempfile::TempDir)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    (ApiHarness::new(dir.path()), dir)
});

proptest! {
    #[test]
    fn planner_plans_anything_into_a_checked_pipeline_or_words(data in prompt()) {
        fuzzing::planner(&data);
    }

    #[test]
    fn stored_records_decode_or_fail_cleanly(
        version in prop::sample::select(vec![0u8, 1, 2, 3, 255]),
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            json_value().prop_map(|v| v.to_string().into_bytes()),
        ],
    ) {
        let mut data = vec![version];
        data.extend(body);
        fuzzing::store_record(&data);
    }

    #[test]
    fn signed_urls_verify_only_when_genuine(
        method in prop::sample::select(vec!["GET", "PUT", "POST", "get", ""]),
        path in string_regex("/(upload|download|files)/[a-z0-9_%./]{0,30}").unwrap(),
        expires in prop_oneof![
            (1_700_000_000u64..1_900_000_000).prop_map(|e| e.to_string()),
            string_regex("[0-9+-]{0,22}").unwrap(),
        ],
        sig in string_regex("[0-9a-fA-F]{0,70}|.{0,20}").unwrap(),
    ) {
        fuzzing::signed_url(format!("{method}\n{path}\n{expires}\n{sig}").as_bytes());
    }

    #[test]
    fn request_bodies_never_get_a_server_error(
        route in any::<u8>(),
        content_type in 0u8..3,
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            json_value().prop_map(|v| v.to_string().into_bytes()),
        ],
    ) {
        let mut data = vec![route, content_type];
        data.extend(body);
        API.0.request(&data);
    }
}

/// The harness reaches the handlers: a valid body is accepted and the key
/// works, so the generated cases are not all stopped at the door.
#[test]
fn harness_reaches_the_handlers() {
    let estimate = br#"{"duration_sec": 12.5, "source_fps": 30, "target_fps_options": [60]}"#;
    let mut data = vec![2u8, 0];
    data.extend_from_slice(estimate);
    assert_eq!(API.0.request(&data).as_u16(), 200);
    let mut data = vec![6u8, 0];
    data.extend_from_slice(br#"{"prompt": "what can you do?"}"#);
    let status = API.0.request(&data).as_u16();
    assert!(status == 200 || status == 201, "{status}");
    let mut data = vec![1u8, 0];
    data.extend_from_slice(br#"{"filename": "a.mp4", "content_type": "video/mp4"}"#);
    assert_eq!(API.0.request(&data).as_u16(), 200);
}

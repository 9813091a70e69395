#![no_main]

use std::sync::LazyLock;

use kilnd::fuzzing::ApiHarness;

static API: LazyLock<(ApiHarness, tempfile::TempDir)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    (ApiHarness::new(dir.path()), dir)
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    API.0.request(data);
});

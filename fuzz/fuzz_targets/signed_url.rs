#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kilnd::fuzzing::signed_url(data));

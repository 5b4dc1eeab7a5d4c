#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| swimwire_fuzz::auth_payload::check(data));

//! Replays every fuzz target's committed corpus (`fuzz/corpus/<target>/`)
//! through the target's body on stable Rust, so a regression shows in a
//! plain `cargo test` without nightly or cargo-fuzz.

#[path = "../fuzz/src/lib.rs"]
mod swimwire_fuzz;

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

/// Runs `check` on every file of the target's corpus; fails naming each input
/// that fails, and if the corpus is empty.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no corpus in {}", dir.display());

    let failed: Vec<_> = inputs
        .iter()
        .filter(|path| {
            let data = fs::read(path).unwrap();
            panic::catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs fail: {failed:#?}",
        failed.len(),
        inputs.len()
    );
}

#[test]
fn decode_corpus() {
    replay("decode", swimwire_fuzz::decode::check);
}

#[test]
fn roundtrip_corpus() {
    replay("roundtrip", swimwire_fuzz::roundtrip::check);
}

#[test]
fn builder_corpus() {
    replay("builder", swimwire_fuzz::builder::check);
}

#[test]
fn differential_corpus() {
    replay("differential", swimwire_fuzz::differential::check);
}

#[test]
fn auth_forged_corpus() {
    replay("auth_forged", swimwire_fuzz::auth_forged::check);
}

#[test]
fn auth_payload_corpus() {
    replay("auth_payload", swimwire_fuzz::auth_payload::check);
}

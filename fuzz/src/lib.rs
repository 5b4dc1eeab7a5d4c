//! The bodies of swimwire's fuzz targets, one module a target.
//!
//! Each `check` takes the raw fuzz input and panics when a property fails.
//! The `cargo fuzz` targets in `fuzz_targets/` call them, and the root
//! package's `tests/fuzz_replay.rs` includes this file to replay every
//! committed corpus on stable Rust, so the two always run the same code.
//! Modules refer to each other through `super::`, which names this module in
//! both places.

pub mod auth_forged;
pub mod auth_frame;
pub mod auth_payload;
pub mod builder;
pub mod decode;
pub mod differential;
pub mod reference;
pub mod roundtrip;
pub mod spec;

use std::num::NonZeroU16;

use swimwire::{Decoder, Encoder};

/// An encoder and a decoder with the collection limit `limit`, or with the
/// default one for 0.
pub fn codecs(limit: u16) -> (Encoder, Decoder) {
    match NonZeroU16::new(limit) {
        Some(limit) => (
            Encoder::new().with_max_collection(limit),
            Decoder::new().with_max_collection(limit),
        ),
        None => (Encoder::new(), Decoder::new()),
    }
}

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

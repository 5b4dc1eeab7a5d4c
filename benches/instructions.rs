//! Instructions executed (under valgrind's callgrind) to decode, walk and
//! encode each message of the bench corpus: exact and repeatable, so changes
//! can be compared without timing noise.
//!
//! Needs valgrind and the runner of the same version as the `gungraun`
//! dev-dependency: `cargo install --locked gungraun-runner --version 0.20.0`,
//! then `cargo bench --bench instructions`.

mod common;

use std::hint::black_box;

use gungraun::{library_benchmark, library_benchmark_group, main};
use swimwire::{Message, MessageBuf};

// Inputs are made outside the measurement and leaked, so that freeing them
// is not counted either.

/// The bytes of a message.
fn bytes(name: &str) -> &'static [u8] {
    common::message(name).leak()
}

/// An output buffer.
fn out() -> &'static mut [u8] {
    vec![0; 32 * 1024].leak()
}

/// A decoded message and an output buffer.
fn decoded(name: &str) -> (Message<'static>, &'static mut [u8]) {
    (swimwire::decode(bytes(name)).unwrap(), out())
}

/// The message as slices of values, and an output buffer.
fn values(name: &str) -> (common::Values<'static>, &'static mut [u8]) {
    let owned = MessageBuf::from(&swimwire::decode(bytes(name)).unwrap());
    (common::Values::new(Box::leak(Box::new(owned))), out())
}

#[library_benchmark(setup = bytes)]
#[bench::join_v4("join_v4")]
#[bench::ping_empty("ping_empty")]
#[bench::ack_piggyback_11("ack_piggyback_11")]
#[bench::ping_mtu_alive_v4("ping_mtu_alive_v4")]
#[bench::welcome_64_members("welcome_64_members")]
#[bench::slots_announce_1024("slots_announce_1024")]
#[bench::ping_1024_left("ping_1024_left")]
fn validate(bytes: &[u8]) -> bool {
    swimwire::decode(black_box(bytes)).is_ok()
}

#[library_benchmark(setup = bytes)]
#[bench::join_v4("join_v4")]
#[bench::ping_empty("ping_empty")]
#[bench::ack_piggyback_11("ack_piggyback_11")]
#[bench::ping_mtu_alive_v4("ping_mtu_alive_v4")]
#[bench::welcome_64_members("welcome_64_members")]
#[bench::slots_announce_1024("slots_announce_1024")]
#[bench::ping_1024_left("ping_1024_left")]
fn walk(bytes: &[u8]) -> u64 {
    common::walk(&swimwire::decode(black_box(bytes)).unwrap())
}

#[library_benchmark(setup = values)]
#[bench::join_v4("join_v4")]
#[bench::ping_empty("ping_empty")]
#[bench::ack_piggyback_11("ack_piggyback_11")]
#[bench::ping_mtu_alive_v4("ping_mtu_alive_v4")]
#[bench::welcome_64_members("welcome_64_members")]
#[bench::slots_announce_1024("slots_announce_1024")]
#[bench::ping_1024_left("ping_1024_left")]
fn encode((values, out): (common::Values<'static>, &mut [u8])) -> usize {
    black_box(&values).message().encode_into(out).unwrap()
}

#[library_benchmark(setup = decoded)]
#[bench::join_v4("join_v4")]
#[bench::ping_empty("ping_empty")]
#[bench::ack_piggyback_11("ack_piggyback_11")]
#[bench::ping_mtu_alive_v4("ping_mtu_alive_v4")]
#[bench::welcome_64_members("welcome_64_members")]
#[bench::slots_announce_1024("slots_announce_1024")]
#[bench::ping_1024_left("ping_1024_left")]
fn reencode((message, out): (Message<'static>, &mut [u8])) -> usize {
    black_box(&message).encode_into(out).unwrap()
}

library_benchmark_group!(name = codec; benchmarks = validate, walk, encode, reencode);

main!(library_benchmark_groups = codec);

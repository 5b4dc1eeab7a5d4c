//! Decodes and re-encodes a message, plain and with an authentication tag,
//! with nothing but `core`: no `std`, no global allocator. Built and run by
//! `.ci/nostd-check`.

#![no_std]
#![no_main]

use core::panic::PanicInfo;

/// A Join from node 00..00 at 192.168.0.1:6942.
const JOIN: [u8; 24] = [
    4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 192, 168, 0, 1, 0x1e, 0x1b,
];

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    loop {}
}

/// The prebuilt `core` refers to it; with `panic = "abort"` it is never called.
#[unsafe(no_mangle)]
pub extern "C" fn rust_eh_personality() {}

/// Called by the C runtime's start files: decode, re-encode, compare.
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    check(core::hint::black_box(&JOIN))
}

fn check(input: &[u8]) -> i32 {
    let Ok(message) = swimwire::decode(input) else {
        return 1;
    };
    let mut out = [0u8; 64];
    match message.encode_into(&mut out) {
        Ok(len) if out.get(..len) == Some(input) => {}
        _ => return 2,
    }
    match lists() {
        0 => authenticated(&message, input),
        failed => failed,
    }
}

/// Builds a Ping with the piggyback builder, walks its updates, and
/// re-encodes it into a fixed-capacity vector: the list code links too.
fn lists() -> i32 {
    let node = swimwire::Uuid::from_u128(core::hint::black_box(7));
    let mut datagram = [0u8; 128];
    let Ok(mut ping) = swimwire::Piggyback::ping(&mut datagram, 128, 1, &node) else {
        return 5;
    };
    let updates = [
        swimwire::Update::Left { node: &node },
        swimwire::Update::Suspect {
            node: &node,
            incarnation: 2,
        },
    ];
    if ping.push_all(updates.iter().copied()) != updates.len() {
        return 6;
    }
    let len = ping.finish();
    let Some(Ok(swimwire::Message::Ping { updates: sent, .. })) =
        datagram.get(..len).map(swimwire::decode)
    else {
        return 7;
    };
    if !sent.iter().eq(updates.iter().copied()) {
        return 8;
    }
    let again = swimwire::Message::Ping {
        seq: 1,
        sender: &node,
        updates: sent,
    };
    let mut bytes = heapless::Vec::<u8, 128>::new();
    match again.encode(&mut bytes) {
        Ok(_) if datagram.get(..len) == Some(&bytes[..]) => 0,
        _ => 9,
    }
}

#[cfg(not(feature = "auth"))]
fn authenticated(_: &swimwire::Message<'_>, _: &[u8]) -> i32 {
    0
}

#[cfg(feature = "auth")]
fn authenticated(message: &swimwire::Message<'_>, input: &[u8]) -> i32 {
    let mut out = [0u8; 64];
    let key = swimwire::AuthKey::new(b"cluster secret");
    let Ok(len) = message.encode_authenticated_into(&key, &mut out) else {
        return 3;
    };
    match out
        .get(..len)
        .map(|frame| swimwire::decode_authenticated(frame, &key))
    {
        Some(Ok(again)) if again == *message && out.get(..input.len()) == Some(input) => 0,
        _ => 4,
    }
}

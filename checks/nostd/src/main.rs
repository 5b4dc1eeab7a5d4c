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
    let key = swimwire::AuthKey::new(b"cluster secret");
    let Ok(len) = message.encode_authenticated_into(&key, &mut out) else {
        return 3;
    };
    match out.get(..len).map(|frame| swimwire::decode_authenticated(frame, &key)) {
        Some(Ok(again)) if again == message => 0,
        _ => 4,
    }
}

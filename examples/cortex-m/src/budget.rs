//! The operations the budget images measure (`src/bin/budget_*.rs`), each
//! on every bench message it applies to, reported as `stack <what> <bytes>`
//! lines for budgets.py. Each image links only the parts it calls, so the
//! growth of its flash over `budget_empty` is what those parts cost.

use core::hint::black_box;

use swimwire::Message;

use crate::data::BENCH;
use crate::{rebuild, report, stack, walk};

/// The capacity of the vector `encode` fills: a 1,500-byte MTU less IP and
/// UDP.
pub const DATAGRAM: usize = 1472;

/// Room for the largest bench message (or frame) encoded into a buffer.
pub const OUT: usize = 17_536;

/// The message is looked at where `decode` returned it: moving it out of
/// the `Result` would copy it, in this frame and not in swimwire's.
fn decode(input: &[u8]) -> u32 {
    u32::from(black_box(&swimwire::decode(input)).is_ok())
}

fn decode_walk(input: &[u8]) -> u32 {
    swimwire::decode(input).map_or(0, |message| walk::walk(&message))
}

fn encode_into((message, out): (&Message<'_>, &mut [u8])) -> u32 {
    message.encode_into(out).map_or(0, |len| len as u32)
}

/// `encode` into a vector of this frame: the vector counts.
fn encode(message: &Message<'_>) -> u32 {
    let mut out = heapless::Vec::<u8, DATAGRAM>::new();
    let len = message.encode(&mut out);
    black_box(&out);
    len.map_or(0, |len| len as u32)
}

fn piggyback((message, out): (&Message<'_>, &mut [u8])) -> u32 {
    match rebuild::piggyback(message, out) {
        Some(Ok(len)) => len as u32,
        _ => 0,
    }
}

/// Decoding, and decoding then walking every field. `false` if a bench
/// message did not decode.
pub fn decoding() -> bool {
    let inputs = || BENCH.iter().map(|bench| bench.bytes);
    report::stack("decode", stack::most(decode, inputs()));
    report::stack("decode+walk", stack::most(decode_walk, inputs()));
    inputs().all(|input| swimwire::decode(input).is_ok())
}

/// `encode_into`, `encode` into a `Vec<u8, DATAGRAM>` and `Piggyback`
/// on the decoded bench messages (each where it applies). `false` if one
/// failed.
pub fn encoding(out: &mut [u8]) -> bool {
    let (mut into, mut vec, mut builder) = (0, 0, 0);
    let mut passed = true;
    for bench in &BENCH {
        let Ok(message) = swimwire::decode(bench.bytes) else {
            return false;
        };
        into = into.max(stack::used(encode_into, (&message, &mut *out)));
        passed &= out.get(..bench.bytes.len()) == Some(bench.bytes);
        if bench.bytes.len() <= DATAGRAM {
            vec = vec.max(stack::used(encode, &message));
        }
        if matches!(message, Message::Ping { .. } | Message::Ack { .. }) {
            builder = builder.max(stack::used(piggyback, (&message, &mut *out)));
        }
    }
    report::stack("encode_into", into);
    report::stack("encode", vec);
    report::stack("piggyback", builder);
    passed
}

#[cfg(feature = "auth")]
mod auth {
    use core::hint::black_box;

    use swimwire::{AuthKey, Message};

    use crate::data::FRAMES;
    use crate::{report, stack};

    /// As the plain `decode` above, the message is looked at in place.
    fn decode((frame, key): (&[u8], &AuthKey)) -> u32 {
        u32::from(black_box(&swimwire::decode_authenticated(frame, key)).is_ok())
    }

    fn encode((message, key, out): (&Message<'_>, &AuthKey, &mut [u8])) -> u32 {
        message
            .encode_authenticated_into(key, out)
            .map_or(0, |len| len as u32)
    }

    /// Authenticated decoding and encoding of the bench corpus's frames.
    /// `false` if one failed.
    pub fn authenticating(out: &mut [u8]) -> bool {
        let (mut decoded, mut encoded) = (0, 0);
        let mut passed = true;
        for frame in FRAMES
            .iter()
            .filter(|frame| frame.name.starts_with(b"bench/"))
        {
            let key = AuthKey::new(frame.key);
            decoded = decoded.max(stack::used(decode, (frame.frame, &key)));
            let Ok(message) = swimwire::decode_authenticated(frame.frame, &key) else {
                return false;
            };
            encoded = encoded.max(stack::used(encode, (&message, &key, &mut *out)));
            passed &= out.get(..frame.frame.len()) == Some(frame.frame);
        }
        report::stack("decode_authenticated", decoded);
        report::stack("encode_authenticated_into", encoded);
        passed
    }
}

#[cfg(feature = "auth")]
pub use auth::authenticating;

//! Firmware that checks swimwire on the device: every message of the bench
//! corpus decodes, walks to the same fields as on the build machine (also
//! with its lists made slices of values), re-encodes to its own bytes (as
//! it is and rebuilt from the values walked), and is refused untouched by a
//! buffer one byte short; with the `auth` feature, every authenticated frame
//! of `tests/data/auth_frames.jsonl` gets its verdict, and valid ones
//! re-encode with their tag. Prints one line a check and `N passed, N
//! failed` over semihosting, and exits with status 0 only if all passed.
//!
//! ```sh
//! cargo run --release                                  # Cortex-M3 under QEMU
//! cargo run --release --target thumbv6m-none-eabi --features auth   # Cortex-M0
//! ```

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use cortex_m_semihosting::hprintln;
use swimwire::{EncodeError, Member, Message, SlotRange};
use swimwire_cortex_m::budget::{DATAGRAM, OUT};
use swimwire_cortex_m::data::{BENCH, Bench};
use swimwire_cortex_m::{rebuild, report, walk};

/// What a buffer holds before a write that must not happen.
const UNTOUCHED: u8 = 0xA5;

/// Why a check failed.
type Outcome = Result<(), &'static str>;

#[entry]
fn main() -> ! {
    let mut out = [0u8; OUT];
    let (mut passed, mut failed) = (0, 0);
    let mut tally = |kind: &str, name: &[u8], outcome: Outcome| {
        let name = core::str::from_utf8(name).unwrap_or("?");
        match outcome {
            Ok(()) => {
                passed += 1;
                hprintln!("ok   {} {}", kind, name);
            }
            Err(why) => {
                failed += 1;
                hprintln!("FAIL {} {}: {}", kind, name, why);
            }
        }
    };
    for bench in &BENCH {
        tally("message", bench.name, message(bench, &mut out));
    }
    #[cfg(feature = "auth")]
    for frame in &swimwire_cortex_m::data::FRAMES {
        tally("frame", frame.name, auth::frame(frame, &mut out));
    }
    hprintln!("{} passed, {} failed", passed, failed);
    report::exit(failed == 0)
}

/// Decodes a bench message, walks it, and encodes it back every way there
/// is.
fn message(bench: &Bench, out: &mut [u8]) -> Outcome {
    let bytes = bench.bytes;
    let message = swimwire::decode(bytes).map_err(|_| "does not decode")?;
    if message.encoded_len() != bytes.len() {
        return Err("encoded_len is not the input's length");
    }
    let len = message.encode_into(out).map_err(|_| "encode_into failed")?;
    if out.get(..len) != Some(bytes) {
        return Err("encode_into wrote other bytes");
    }
    if walk::walk(&message) != bench.walk {
        return Err("its fields differ from what the build machine read");
    }
    walks_as_values(&message, bench.walk)?;
    let len = rebuild(&message, out)?;
    if out.get(..len) != Some(bytes) {
        return Err("rebuilt from its values, it encodes to other bytes");
    }
    refuses_short(out, bytes.len(), |short| message.encode_into(short))?;
    let mut datagram = heapless::Vec::<u8, DATAGRAM>::new();
    match message.encode(&mut datagram) {
        Ok(_) if datagram.as_slice() == bytes => Ok(()),
        Ok(_) => Err("encode into a Vec<u8, 1472> made other bytes"),
        Err(EncodeError::OutputTooSmall { needed, .. })
            if bytes.len() > DATAGRAM && needed == bytes.len() =>
        {
            Ok(())
        }
        Err(_) => Err("encode into a Vec<u8, 1472> failed"),
    }
}

/// The most items of a list that `walks_as_values` makes a slice of.
const VALUES: usize = 64;

/// Walks `message` again with each of its lists (of up to 64 items) made a
/// slice of the values its view yields, as a sender builds one: the
/// iterator then hands out copies of those values, which must read as the
/// same fields.
fn walks_as_values(message: &Message<'_>, expected: u32) -> Outcome {
    let walked = match *message {
        Message::Ping {
            seq,
            sender,
            updates,
        }
        | Message::Ack {
            seq,
            sender,
            updates,
        } if updates.len() <= VALUES => {
            let updates = values::<_, VALUES>(updates)?;
            walk::walk(&Message::Ping {
                seq,
                sender,
                updates: updates[..].into(),
            })
        }
        Message::Welcome { sender, members } if members.len() <= VALUES => {
            let members = values::<_, VALUES>(members)?;
            walk::walk(&Message::Welcome {
                sender,
                members: members[..].into(),
            })
        }
        _ => return Ok(()),
    };
    if walked == expected {
        Ok(())
    } else {
        Err("with its lists as slices of values, its fields differ")
    }
}

/// The items of a list, collected into a vector of up to `N`.
fn values<T, const N: usize>(
    items: impl IntoIterator<Item = T>,
) -> Result<heapless::Vec<T, N>, &'static str> {
    let mut values = heapless::Vec::new();
    for item in items {
        values
            .push(item)
            .map_err(|_| "a list has more items than the firmware holds")?;
    }
    Ok(values)
}

/// Encodes `message` again from the values its views yield: updates pushed
/// one by one through `Piggyback`, members and slot ranges collected into
/// slices. Returns the length written to `out`.
fn rebuild(message: &Message<'_>, out: &mut [u8]) -> Result<usize, &'static str> {
    let encoded = match *message {
        Message::Ping { .. } | Message::Ack { .. } => {
            rebuild::piggyback(message, out).ok_or("not a probe")?
        }
        Message::Welcome { sender, members } => {
            let members = values::<Member<'_>, 64>(members)?;
            Message::Welcome {
                sender,
                members: members[..].into(),
            }
            .encode_into(out)
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots,
        } => {
            let slots = values::<SlotRange, 1024>(slots)?;
            Message::SlotsAnnounce {
                sender,
                incarnation,
                slots: slots[..].into(),
            }
            .encode_into(out)
        }
        // Their fields are plain values already.
        Message::PingReq { .. } | Message::Join { .. } => message.encode_into(out),
    };
    encoded.map_err(|_| "encoding the values failed")
}

/// Checks that `encode`, given one byte less than the `len` it needs, fails
/// with `OutputTooSmall` and writes nothing.
fn refuses_short(
    out: &mut [u8],
    len: usize,
    encode: impl FnOnce(&mut [u8]) -> Result<usize, EncodeError>,
) -> Outcome {
    let short = out
        .get_mut(..len.saturating_sub(1))
        .ok_or("no room for the check")?;
    short.fill(UNTOUCHED);
    let refused = matches!(
        encode(short),
        Err(EncodeError::OutputTooSmall { needed, available })
            if needed == len && available == len - 1
    );
    if !refused {
        return Err("one byte short, it was not refused as too small");
    }
    if short.iter().any(|&byte| byte != UNTOUCHED) {
        return Err("refused, yet it wrote to the buffer");
    }
    Ok(())
}

#[cfg(feature = "auth")]
mod auth {
    use swimwire::{AuthKey, Decoder, ErrorKind, Profile};
    use swimwire_cortex_m::data::{Expected, Frame};

    use super::{Outcome, refuses_short};

    /// Checks one fixture frame's verdict; a valid one must also re-encode
    /// to itself, be refused one byte short, and be refused under another
    /// key.
    pub fn frame(fixture: &Frame, out: &mut [u8]) -> Outcome {
        let key = AuthKey::new(fixture.key);
        let frame = fixture.frame;
        let decoded = swimwire::decode_authenticated(frame, &key);
        let Some(expected) = &fixture.error else {
            let message = decoded.map_err(|_| "a valid frame is refused")?;
            let len = message
                .encode_authenticated_into(&key, out)
                .map_err(|_| "encode_authenticated_into failed")?;
            if out.get(..len) != Some(frame) {
                return Err("re-encoded with its tag, it is another frame");
            }
            refuses_short(out, len, |short| {
                message.encode_authenticated_into(&key, short)
            })?;
            let other = AuthKey::new(b"another secret");
            return match swimwire::decode_authenticated(frame, &other) {
                Err(e) if e.kind() == ErrorKind::BadAuthTag && e.offset() == 0 => Ok(()),
                _ => Err("accepted under another key"),
            };
        };
        refused(expected, &key, frame, decoded.err())
    }

    /// Checks the error kind and offset, and what the lenient profile does.
    fn refused(
        expected: &Expected,
        key: &AuthKey,
        frame: &[u8],
        error: Option<swimwire::DecodeError>,
    ) -> Outcome {
        let error = error.ok_or("an invalid frame is accepted")?;
        if error.kind().as_str().as_bytes() != expected.kind {
            return Err("refused with another error kind");
        }
        if expected
            .offset
            .is_some_and(|offset| offset != error.offset())
        {
            return Err("refused at another offset");
        }
        let lenient = Decoder::new().with_profile(Profile::Lenient);
        if lenient.decode_authenticated(frame, key).is_ok() != expected.lenient_ok {
            return Err("the lenient profile disagrees");
        }
        if let Some(trailing) = expected.lenient_trailing {
            let payload = key.verify(frame).map_err(|_| "its tag is wrong")?;
            match lenient.decode_with_trailing(payload) {
                Ok((_, ignored)) if ignored == trailing => {}
                _ => return Err("the lenient profile ignores other trailing bytes"),
            }
        }
        Ok(())
    }
}

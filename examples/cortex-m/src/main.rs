//! Firmware that checks swimwire on the device: every message of the bench
//! corpus decodes, walks to the same fields as on the build machine,
//! re-encodes to its own bytes (as it is and rebuilt from the values
//! walked), and is refused untouched by a buffer one byte short; with the
//! `auth` feature, every authenticated frame of
//! `tests/data/auth_frames.jsonl` gets its verdict, and valid ones re-encode
//! with their tag. Prints one line a check and `N passed, N failed` over
//! semihosting, and exits with status 0 only if all passed.
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

/// Encodes `message` again from the values its views yield: updates pushed
/// one by one through `Piggyback`, members and slot ranges collected into
/// slices. Returns the length written to `out`.
fn rebuild(message: &Message<'_>, out: &mut [u8]) -> Result<usize, &'static str> {
    let encoded = match *message {
        Message::Ping { .. } | Message::Ack { .. } => {
            rebuild::piggyback(message, out).ok_or("not a probe")?
        }
        Message::Welcome { sender, members } => {
            let mut values = heapless::Vec::<Member<'_>, 64>::new();
            for member in members {
                values.push(member).map_err(|_| "over 64 members")?;
            }
            let members = values[..].into();
            Message::Welcome { sender, members }.encode_into(out)
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots,
        } => {
            let mut values = heapless::Vec::<SlotRange, 1024>::new();
            for range in slots {
                values.push(range).map_err(|_| "over 1024 slot ranges")?;
            }
            let slots = values[..].into();
            Message::SlotsAnnounce {
                sender,
                incarnation,
                slots,
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

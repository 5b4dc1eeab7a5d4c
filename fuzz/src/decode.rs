//! `decode`: raw bytes through both profiles. Decoding never panics; what is
//! accepted can be read in full and re-encodes to what was read; the two
//! profiles and the two collection limits agree with each other.

use std::hint::black_box;
use std::net::SocketAddr;
use std::num::NonZeroU16;

use swimwire::{DecodeError, Decoder, Encoder, ErrorKind, Member, Message, Profile, Slots, Update};

/// Decodes `data` every way and checks what comes back.
pub fn check(data: &[u8]) {
    let strict = swimwire::decode(data);
    let lenient = Decoder::new()
        .with_profile(Profile::Lenient)
        .decode_with_trailing(data);
    if let Err(error) = &strict {
        check_error(data, error);
    }
    if let Err(error) = &lenient {
        check_error(data, error);
    }

    match (&strict, &lenient) {
        (Ok(message), Ok((same, trailing))) => {
            assert_eq!(message, same);
            assert_eq!(*trailing, 0);
            walk(message);
            assert_eq!(encode(message), data, "strict decoding is canonical");
        }
        (Err(error), Ok((message, trailing))) => {
            // Only what the lenient profile forgives can be what failed.
            assert!(
                matches!(
                    error.kind(),
                    ErrorKind::InvalidBool | ErrorKind::TrailingBytes
                ),
                "{error}"
            );
            walk(message);
            let bytes = encode(message);
            assert_eq!(bytes.len(), data.len() - trailing);
            assert_ne!(bytes, data, "a canonical encoding was rejected: {error}");
            let again = swimwire::decode(&bytes).expect("an encoding decodes strictly");
            assert_eq!(again, *message);
            let lenient_again = Decoder::new().with_profile(Profile::Lenient).decode(&bytes);
            assert_eq!(lenient_again, Ok(*message));
        }
        (Err(error), Err(lenient_error)) => {
            // Strict may fail earlier, on a bool byte the lenient one takes.
            assert!(
                error == lenient_error
                    || (error.kind() == ErrorKind::InvalidBool
                        && error.offset() < lenient_error.offset()),
                "strict {error}, lenient {lenient_error}"
            );
        }
        (Ok(_), Err(error)) => panic!("strict accepts what lenient rejects: {error}"),
    }

    check_widest_limit(data, strict.as_ref().ok());
}

/// With the widest collection limit, counts over 1024 are allowed: such a
/// message re-encodes with an encoder of the same limit, and the default
/// encoder refuses it exactly when the default decoder did.
fn check_widest_limit(data: &[u8], strict: Option<&Message<'_>>) {
    let widest = Decoder::new().with_max_collection(NonZeroU16::MAX);
    match widest.decode(data) {
        Ok(message) => {
            if let Some(strict) = strict {
                assert_eq!(message, *strict);
            }
            let encoder = Encoder::new().with_max_collection(NonZeroU16::MAX);
            let mut out = vec![0; message.encoded_len()];
            assert_eq!(encoder.encode_into(&message, &mut out), Ok(data.len()));
            assert_eq!(out, data);
            assert_eq!(Encoder::new().check(&message).is_ok(), strict.is_some());
        }
        Err(error) => {
            assert!(strict.is_none(), "the wider limit rejects: {error}");
            check_error(data, &error);
        }
    }
}

/// An error points into the input: at a byte that is there, except that a
/// truncation may point at the end.
fn check_error(data: &[u8], error: &DecodeError) {
    assert!(error.offset() <= data.len(), "{error} past the end");
    if error.kind() != ErrorKind::Truncated {
        assert!(error.offset() < data.len(), "{error} at the end");
    }
    assert_ne!(error.kind(), ErrorKind::BadAuthTag);

    // Its names: `Debug` CamelCase, `as_str` and `Display` the SPEC's
    // snake_case, and a sentence for people.
    let kind = error.kind();
    let camel = format!("{kind:?}");
    assert_eq!(kind.as_str().replace('_', ""), camel.to_ascii_lowercase());
    assert_eq!(kind.to_string(), kind.as_str());
    assert!(!kind.description().is_empty());
    let text = error.to_string();
    assert!(text.starts_with(kind.as_str()) && text.ends_with(&error.offset().to_string()));
}

/// Encodes `message` into a buffer of exactly its announced length.
fn encode(message: &Message<'_>) -> Vec<u8> {
    let mut out = vec![0; message.encoded_len()];
    assert_eq!(message.encode_into(&mut out), Ok(out.len()));
    out
}

/// Reads every field of every view, and checks that lists yield as many
/// items as they announce and that the parts' lengths add up to the whole.
fn walk(message: &Message<'_>) {
    let body = match *message {
        Message::Ping {
            seq,
            sender,
            updates,
        }
        | Message::Ack {
            seq,
            sender,
            updates,
        } => {
            black_box((seq, sender.as_bytes()));
            let iter = updates.iter();
            assert_eq!(iter.len(), updates.len());
            let mut seen = 0;
            let mut len = 0;
            for update in iter {
                walk_update(&update);
                seen += 1;
                len += update.encoded_len();
            }
            assert_eq!(seen, updates.len());
            8 + 16 + 2 + len
        }
        Message::PingReq {
            seq,
            sender,
            target,
            target_addr,
        } => {
            black_box((seq, sender.as_bytes(), target.as_bytes()));
            8 + 16 + 16 + walk_addr(&target_addr)
        }
        Message::Join {
            sender,
            sender_addr,
        } => {
            black_box(sender.as_bytes());
            16 + walk_addr(&sender_addr)
        }
        Message::Welcome { sender, members } => {
            black_box(sender.as_bytes());
            let iter = members.iter();
            assert_eq!(iter.len(), members.len());
            let mut seen = 0;
            let mut len = 0;
            for member in iter {
                len += walk_member(&member);
                seen += 1;
            }
            assert_eq!(seen, members.len());
            16 + 2 + len
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots,
        } => {
            black_box((sender.as_bytes(), incarnation));
            16 + 8 + walk_slots(&slots)
        }
    };
    assert_eq!(1 + body, message.encoded_len());
}

fn walk_update(update: &Update<'_>) {
    let body = match *update {
        Update::Alive {
            node,
            addr,
            incarnation,
        } => {
            black_box((node.as_bytes(), incarnation));
            16 + walk_addr(&addr) + 8
        }
        Update::Suspect { node, incarnation } | Update::Dead { node, incarnation } => {
            black_box((node.as_bytes(), incarnation));
            16 + 8
        }
        Update::Left { node } => {
            black_box(node.as_bytes());
            16
        }
        Update::SlotsChanged {
            node,
            incarnation,
            slots,
        } => {
            black_box((node.as_bytes(), incarnation));
            16 + 8 + walk_slots(&slots)
        }
        Update::RoleChanged {
            node,
            incarnation,
            is_primary,
            replicates,
        } => {
            black_box((node.as_bytes(), incarnation, is_primary));
            16 + 8 + 2 + replicates.map_or(0, |primary| black_box(primary.as_bytes()).len())
        }
        Update::VoteRequest {
            candidate,
            epoch,
            offset,
        } => {
            black_box((candidate.as_bytes(), epoch, offset));
            16 + 8 + 8
        }
        Update::VoteGranted {
            from,
            candidate,
            epoch,
        } => {
            black_box((from.as_bytes(), candidate.as_bytes(), epoch));
            16 + 16 + 8
        }
    };
    assert_eq!(1 + body, update.encoded_len());
}

/// Returns the member's length on the wire.
fn walk_member(member: &Member<'_>) -> usize {
    black_box((member.id.as_bytes(), member.incarnation, member.is_primary));
    let len = 16 + walk_addr(&member.addr) + 8 + 1 + walk_slots(&member.slots);
    assert_eq!(len, member.encoded_len());
    len
}

/// Returns the address's length on the wire.
fn walk_addr(addr: &SocketAddr) -> usize {
    match addr {
        SocketAddr::V4(v4) => {
            black_box((v4.ip().octets(), v4.port()));
            1 + 4 + 2
        }
        SocketAddr::V6(v6) => {
            // The wire has no flow label or scope id; decoding sets neither.
            assert_eq!((v6.flowinfo(), v6.scope_id()), (0, 0));
            black_box((v6.ip().octets(), v6.port()));
            1 + 16 + 2
        }
    }
}

/// Returns the list's length on the wire; every decoded range is valid.
fn walk_slots(slots: &Slots<'_>) -> usize {
    let iter = slots.iter();
    assert_eq!(iter.len(), slots.len());
    let mut seen = 0;
    for range in iter {
        assert!(range.is_valid(), "{range:?}");
        assert!(range.start <= range.end && range.end < swimwire::SLOT_COUNT);
        black_box(range);
        seen += 1;
    }
    assert_eq!(seen, slots.len());
    2 + 4 * slots.len()
}

//! `roundtrip`: an arbitrary owned message encoded into an output of
//! arbitrary size. Success means it fit and decodes back to the same
//! message; failure means the output really was too small or the value
//! really was invalid, as [`super::spec`] works out on its own. A failed
//! encode writes nothing.

use std::net::{SocketAddr, SocketAddrV6};

use arbitrary::{Arbitrary, Unstructured};
use swimwire::{EncodeError, Encoder, Member, MemberBuf, Message, MessageBuf, Update, UpdateBuf};

use super::spec;

/// A byte no encoder writes past the message, to see that nothing was.
const UNTOUCHED: u8 = 0xa5;

/// How big the output is.
#[derive(Arbitrary, Debug)]
enum OutputSize {
    /// This many bytes more (or fewer) than the message needs, to hit the
    /// boundary often.
    Relative(i8),
    /// Exactly this many bytes.
    Absolute(u16),
}

#[derive(Arbitrary, Debug)]
struct Case {
    message: MessageBuf,
    output: OutputSize,
    /// The encoder's and decoder's collection limit; 0 for the default.
    limit: u16,
    /// A flow label and scope id to give every IPv6 address, which the wire
    /// cannot carry.
    ipv6_extras: Option<(u32, u32)>,
}

/// Builds a case from `data` and checks it.
pub fn check(data: &[u8]) {
    if let Ok(mut case) = Case::arbitrary_take_rest(Unstructured::new(data)) {
        if let Some((flowinfo, scope_id)) = case.ipv6_extras {
            for addr in ipv6_addrs(&mut case.message) {
                addr.set_flowinfo(flowinfo);
                addr.set_scope_id(scope_id);
            }
        }
        check_case(&case);
    }
}

fn check_case(case: &Case) {
    let (encoder, decoder) = super::codecs(case.limit);
    let limit = encoder.max_collection();
    let message = case.message.as_message();
    let needed = spec::message_len(&case.message);
    let problems = spec::problems(&case.message, limit);
    let size = match case.output {
        OutputSize::Relative(delta) => needed.saturating_add_signed(delta.into()),
        OutputSize::Absolute(size) => size.into(),
    };

    assert_eq!(message.encoded_len(), needed);
    assert_eq!(encoder.check(&message).is_ok(), problems.is_empty());

    let mut out = vec![UNTOUCHED; size];
    let result = encoder.encode_into(&message, &mut out);
    check_values_view(&encoder, &case.message, &result, &out);
    match result {
        Ok(len) => {
            assert!(problems.is_empty(), "encoded despite {problems:?}");
            assert_eq!(len, needed);
            assert!(
                out[len..].iter().all(|&b| b == UNTOUCHED),
                "wrote past the end"
            );
            let decoded = decoder.decode(&out[..len]).expect("an encoding decodes");
            assert_eq!(MessageBuf::from(&decoded), case.message);
            assert!(decoded == message);
            // A decoded message re-encodes to the same bytes.
            let mut again = vec![0; decoded.encoded_len()];
            assert_eq!(encoder.encode_into(&decoded, &mut again), Ok(len));
            assert_eq!(again, out[..len]);
            check_fixed_capacity(&encoder, &case.message, &out[..len]);
        }
        Err(EncodeError::OutputTooSmall {
            needed: said,
            available,
        }) => {
            assert!(size < needed, "{size} bytes were enough for {needed}");
            assert_eq!((said, available), (needed, size));
            assert!(out.iter().all(|&b| b == UNTOUCHED), "a failed encode wrote");
        }
        Err(error) => {
            assert!(
                spec::explains(&error, &problems, limit),
                "{error} not among {problems:?}"
            );
            assert!(out.iter().all(|&b| b == UNTOUCHED), "a failed encode wrote");
        }
    }
}

/// `encode` into a `heapless::Vec<u8, N>` writes the same bytes when they
/// fit in `N`, and refuses when they do not.
fn check_fixed_capacity(encoder: &Encoder, message: &MessageBuf, bytes: &[u8]) {
    const N: usize = 256;
    let mut vec = heapless::Vec::<u8, N>::new();
    match encoder.encode(&message.as_message(), &mut vec) {
        Ok(len) => {
            assert_eq!(len, bytes.len());
            assert_eq!(vec.as_slice(), bytes);
        }
        Err(error) => {
            assert!(bytes.len() > N, "{error}");
            assert_eq!(
                error,
                EncodeError::OutputTooSmall {
                    needed: bytes.len(),
                    available: N
                }
            );
        }
    }
}

/// The same message built as a caller builds one, from slices of values,
/// compares equal to the owned one and encodes the same way: the same result
/// and the same bytes.
fn check_values_view(
    encoder: &Encoder,
    message: &MessageBuf,
    result: &Result<usize, EncodeError>,
    out: &[u8],
) {
    let updates: Vec<Update<'_>>;
    let members: Vec<Member<'_>>;
    let view = match message {
        MessageBuf::Ping {
            seq,
            sender,
            updates: owned,
        } => {
            updates = owned.iter().map(UpdateBuf::as_update).collect();
            Message::Ping {
                seq: *seq,
                sender,
                updates: updates[..].into(),
            }
        }
        MessageBuf::Ack {
            seq,
            sender,
            updates: owned,
        } => {
            updates = owned.iter().map(UpdateBuf::as_update).collect();
            Message::Ack {
                seq: *seq,
                sender,
                updates: updates[..].into(),
            }
        }
        MessageBuf::Welcome {
            sender,
            members: owned,
        } => {
            members = owned.iter().map(MemberBuf::as_member).collect();
            Message::Welcome {
                sender,
                members: members[..].into(),
            }
        }
        other => other.as_message(),
    };
    assert!(view == message.as_message());
    let mut again = vec![UNTOUCHED; out.len()];
    assert_eq!(encoder.encode_into(&view, &mut again), *result);
    assert_eq!(again, out);
}

/// Every IPv6 address in `message`.
fn ipv6_addrs(message: &mut MessageBuf) -> Vec<&mut SocketAddrV6> {
    let addrs: Vec<&mut SocketAddr> = match message {
        MessageBuf::Ping { updates, .. } | MessageBuf::Ack { updates, .. } => updates
            .iter_mut()
            .filter_map(|update| match update {
                UpdateBuf::Alive { addr, .. } => Some(addr),
                _ => None,
            })
            .collect(),
        MessageBuf::PingReq { target_addr, .. } => vec![target_addr],
        MessageBuf::Join { sender_addr, .. } => vec![sender_addr],
        MessageBuf::Welcome { members, .. } => {
            members.iter_mut().map(|member| &mut member.addr).collect()
        }
        MessageBuf::SlotsAnnounce { .. } => Vec::new(),
    };
    addrs
        .into_iter()
        .filter_map(|addr| match addr {
            SocketAddr::V6(v6) => Some(v6),
            SocketAddr::V4(_) => None,
        })
        .collect()
}

//! Generated messages and bytes: values roundtrip through the codec, valid
//! bytes re-encode to themselves, and no input makes the decoder panic.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use proptest::collection::vec;
use proptest::prelude::*;
use swimwire::{Decoder, EncodeError, MemberBuf, MessageBuf, Profile, SlotRange, UpdateBuf, Uuid};

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn addr() -> impl Strategy<Value = SocketAddr> {
    prop_oneof![
        (any::<u32>(), any::<u16>()).prop_map(|(ip, port)| SocketAddrV4::new(
            Ipv4Addr::from(ip),
            port
        )
        .into()),
        (any::<u128>(), any::<u16>()).prop_map(|(ip, port)| SocketAddrV6::new(
            Ipv6Addr::from(ip),
            port,
            0,
            0
        )
        .into()),
    ]
}

fn slots() -> impl Strategy<Value = Vec<SlotRange>> {
    vec(
        (0u16..16384, 0u16..16384).prop_map(|(a, b)| SlotRange::new(a.min(b), a.max(b))),
        0..6,
    )
}

fn update() -> impl Strategy<Value = UpdateBuf> {
    prop_oneof![
        (uuid(), addr(), any::<u64>()).prop_map(|(node, addr, incarnation)| UpdateBuf::Alive {
            node,
            addr,
            incarnation
        }),
        (uuid(), any::<u64>())
            .prop_map(|(node, incarnation)| UpdateBuf::Suspect { node, incarnation }),
        (uuid(), any::<u64>())
            .prop_map(|(node, incarnation)| UpdateBuf::Dead { node, incarnation }),
        uuid().prop_map(|node| UpdateBuf::Left { node }),
        (uuid(), any::<u64>(), slots()).prop_map(|(node, incarnation, slots)| {
            UpdateBuf::SlotsChanged {
                node,
                incarnation,
                slots,
            }
        }),
        (
            uuid(),
            any::<u64>(),
            any::<bool>(),
            proptest::option::of(uuid())
        )
            .prop_map(|(node, incarnation, is_primary, replicates)| {
                UpdateBuf::RoleChanged {
                    node,
                    incarnation,
                    is_primary,
                    replicates,
                }
            }),
        (uuid(), any::<u64>(), any::<u64>()).prop_map(|(candidate, epoch, offset)| {
            UpdateBuf::VoteRequest {
                candidate,
                epoch,
                offset,
            }
        }),
        (uuid(), uuid(), any::<u64>()).prop_map(|(from, candidate, epoch)| {
            UpdateBuf::VoteGranted {
                from,
                candidate,
                epoch,
            }
        }),
    ]
}

fn member() -> impl Strategy<Value = MemberBuf> {
    (uuid(), addr(), any::<u64>(), any::<bool>(), slots()).prop_map(
        |(id, addr, incarnation, is_primary, slots)| MemberBuf {
            id,
            addr,
            incarnation,
            is_primary,
            slots,
        },
    )
}

fn message() -> impl Strategy<Value = MessageBuf> {
    prop_oneof![
        (any::<u64>(), uuid(), vec(update(), 0..12)).prop_map(|(seq, sender, updates)| {
            MessageBuf::Ping {
                seq,
                sender,
                updates,
            }
        }),
        (any::<u64>(), uuid(), uuid(), addr()).prop_map(|(seq, sender, target, target_addr)| {
            MessageBuf::PingReq {
                seq,
                sender,
                target,
                target_addr,
            }
        }),
        (any::<u64>(), uuid(), vec(update(), 0..12)).prop_map(|(seq, sender, updates)| {
            MessageBuf::Ack {
                seq,
                sender,
                updates,
            }
        }),
        (uuid(), addr()).prop_map(|(sender, sender_addr)| MessageBuf::Join {
            sender,
            sender_addr
        }),
        (uuid(), vec(member(), 0..6))
            .prop_map(|(sender, members)| MessageBuf::Welcome { sender, members }),
        (uuid(), any::<u64>(), slots()).prop_map(|(sender, incarnation, slots)| {
            MessageBuf::SlotsAnnounce {
                sender,
                incarnation,
                slots,
            }
        }),
    ]
}

fn encode(message: &MessageBuf) -> Vec<u8> {
    let view = message.as_message();
    let mut out = vec![0; view.encoded_len()];
    assert_eq!(view.encode_into(&mut out), Ok(out.len()));
    out
}

/// Whatever strict decoding accepts re-encodes to exactly the input.
fn assert_canonical(input: &[u8]) {
    if let Ok(message) = swimwire::decode(input) {
        let mut out = vec![0; message.encoded_len()];
        assert_eq!(message.encode_into(&mut out), Ok(input.len()));
        assert_eq!(out, input);
    }
    let lenient = Decoder::new().with_profile(Profile::Lenient);
    if let Ok((message, trailing)) = lenient.decode_with_trailing(input) {
        assert_eq!(message.encoded_len() + trailing, input.len());
        let bytes = encode(&MessageBuf::from(&message));
        assert_eq!(swimwire::decode(&bytes), Ok(message));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn values_roundtrip(message in message()) {
        let bytes = encode(&message);
        let decoded = swimwire::decode(&bytes).unwrap();
        prop_assert_eq!(decoded, message.as_message());
        prop_assert_eq!(MessageBuf::from(&decoded), message);
    }

    #[test]
    fn valid_bytes_reencode_to_themselves(message in message()) {
        assert_canonical(&encode(&message));
    }

    #[test]
    fn random_bytes_never_panic(input in vec(any::<u8>(), 0..200)) {
        assert_canonical(&input);
    }

    #[test]
    fn mutated_bytes_never_panic(
        message in message(),
        edits in vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
    ) {
        let mut input = encode(&message);
        for (at, byte, how) in edits {
            let at = at.index(input.len() + 1);
            match how {
                0 if at < input.len() => input[at] = byte,
                1 => input.insert(at, byte),
                _ if at < input.len() => { input.remove(at); }
                _ => input.push(byte),
            }
        }
        assert_canonical(&input);
    }

    #[test]
    fn arbitrary_slot_ranges_encode_only_when_valid(ranges in vec((any::<u16>(), any::<u16>()), 0..5)) {
        let ranges: Vec<SlotRange> = ranges.into_iter().map(|(s, e)| SlotRange::new(s, e)).collect();
        let message = MessageBuf::SlotsAnnounce { sender: Uuid::nil(), incarnation: 0, slots: ranges.clone() };
        let mut out = vec![0; 64];
        let result = message.as_message().encode_into(&mut out);
        match ranges.iter().find(|r| !r.is_valid()) {
            Some(bad) => prop_assert_eq!(result, Err(EncodeError::InvalidSlotRange { start: bad.start, end: bad.end })),
            None => prop_assert_eq!(swimwire::decode(&out[..result.unwrap()]).map(MessageBuf::from), Ok(message)),
        }
    }
}

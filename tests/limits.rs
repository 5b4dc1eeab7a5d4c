//! Collection limits across decoders and encoders: whatever a decoder with
//! one limit accepted, an encoder with another either refuses, or writes
//! bytes that a decoder with the encoder's limit accepts back.

use std::net::SocketAddr;
use std::num::NonZeroU16;

use proptest::collection::vec;
use proptest::prelude::*;
use swimwire::{
    Decoder, EncodeError, Encoder, MemberBuf, MessageBuf, Profile, SlotRange, UpdateBuf, Uuid,
};

/// Limits small enough that generated lists cross them often.
const MAX_LIMIT: u16 = 6;

fn limit(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn addr() -> impl Strategy<Value = SocketAddr> {
    prop_oneof![Just("10.0.0.1:7946"), Just("[2001:db8::1]:7946")]
        .prop_map(|text| text.parse().unwrap())
}

/// Lists of up to two more items than the largest limit.
fn slots() -> impl Strategy<Value = Vec<SlotRange>> {
    vec((0..SLOT_END, 0..SLOT_END), 0..=usize::from(MAX_LIMIT) + 2).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(a, b)| SlotRange::new(a.min(b), a.max(b)))
            .collect()
    })
}
const SLOT_END: u16 = swimwire::SLOT_COUNT;

fn update() -> impl Strategy<Value = UpdateBuf> {
    prop_oneof![
        uuid().prop_map(|node| UpdateBuf::Left { node }),
        (uuid(), any::<u64>(), slots()).prop_map(|(node, incarnation, slots)| {
            UpdateBuf::SlotsChanged {
                node,
                incarnation,
                slots,
            }
        }),
        (uuid(), addr(), any::<u64>()).prop_map(|(node, addr, incarnation)| {
            UpdateBuf::Alive {
                node,
                addr,
                incarnation,
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

/// The messages that carry lists, nested ones included.
fn message() -> impl Strategy<Value = MessageBuf> {
    let items = 0..=usize::from(MAX_LIMIT) + 2;
    prop_oneof![
        (any::<u64>(), uuid(), vec(update(), items.clone())).prop_map(|(seq, sender, updates)| {
            MessageBuf::Ping {
                seq,
                sender,
                updates,
            }
        }),
        (uuid(), vec(member(), items))
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

/// The length of the longest list in `message`, nested lists included,
/// worked out from the values alone.
fn longest_list(message: &MessageBuf) -> usize {
    let update_slots = |update: &UpdateBuf| match update {
        UpdateBuf::SlotsChanged { slots, .. } => slots.len(),
        _ => 0,
    };
    match message {
        MessageBuf::Ping { updates, .. } | MessageBuf::Ack { updates, .. } => updates
            .iter()
            .map(update_slots)
            .fold(updates.len(), usize::max),
        MessageBuf::Welcome { members, .. } => members
            .iter()
            .map(|member| member.slots.len())
            .fold(members.len(), usize::max),
        MessageBuf::SlotsAnnounce { slots, .. } => slots.len(),
        MessageBuf::PingReq { .. } | MessageBuf::Join { .. } => 0,
    }
}

/// Bytes of `message` from an encoder that allows any list the wire can
/// count.
fn widest_encoding(message: &MessageBuf) -> Vec<u8> {
    let widest = Encoder::new().with_max_collection(limit(u16::MAX));
    let mut bytes = vec![0; message.as_message().encoded_len()];
    widest
        .encode_into(&message.as_message(), &mut bytes)
        .unwrap();
    bytes
}

proptest! {
    #[test]
    fn an_encoder_refuses_or_writes_what_its_own_decoder_accepts(
        message in message(),
        decoder_limit in 1..=MAX_LIMIT,
        encoder_limit in 1..=MAX_LIMIT,
        lenient in any::<bool>(),
    ) {
        let profile = if lenient { Profile::Lenient } else { Profile::Strict };
        let bytes = widest_encoding(&message);
        let decoder = Decoder::new().with_profile(profile).with_max_collection(limit(decoder_limit));
        let longest = longest_list(&message);
        let decoded = match decoder.decode(&bytes) {
            Ok(decoded) => decoded,
            Err(error) => {
                prop_assert!(longest > usize::from(decoder_limit), "{error} for {message:?}");
                return Ok(());
            }
        };
        prop_assert!(longest <= usize::from(decoder_limit));

        let encoder = Encoder::new().with_max_collection(limit(encoder_limit));
        let own_decoder = Decoder::new().with_max_collection(limit(encoder_limit));
        let mut out = vec![0x5a; bytes.len()];
        let verdict = encoder.encode_into(&decoded, &mut out);
        // The verdict on the decoded message is the verdict on its values.
        prop_assert_eq!(verdict, encoder.encode_into(&message.as_message(), &mut vec![0; bytes.len()]));
        prop_assert_eq!(encoder.check(&decoded), verdict.map(drop));
        match verdict {
            Ok(len) => {
                prop_assert!(longest <= usize::from(encoder_limit));
                prop_assert_eq!(own_decoder.decode(&out[..len]), Ok(decoded));
                prop_assert_eq!(&out[..], &bytes[..]);
            }
            Err(EncodeError::TooManyItems { count, limit }) => {
                prop_assert!(longest > usize::from(encoder_limit));
                prop_assert!(count > usize::from(encoder_limit) && count <= longest);
                prop_assert_eq!(limit, encoder_limit);
                prop_assert!(out.iter().all(|&byte| byte == 0x5a), "written on refusal");
            }
            Err(other) => prop_assert!(false, "unexpected {other}"),
        }
    }
}

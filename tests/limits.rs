//! Collection limits across decoders and encoders: whatever a decoder with
//! one limit accepted, an encoder with another either refuses, or writes
//! bytes that a decoder with the encoder's limit accepts back.

mod strategies;

use std::num::NonZeroU16;

use proptest::prelude::*;
use strategies::message;
use swimwire::{Decoder, EncodeError, Encoder, MessageBuf, Profile, UpdateBuf};

/// Limits that the generated lists, nested ones included, cross often.
const MAX_LIMIT: u16 = 6;

fn limit(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
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
    #![proptest_config(ProptestConfig::with_cases(1000))]

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

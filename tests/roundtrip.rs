//! Generated messages and bytes: values roundtrip through the codec, valid
//! bytes re-encode to themselves, and no input makes the decoder panic.

mod strategies;

use proptest::collection::vec;
use proptest::prelude::*;
use strategies::{message, update};
use swimwire::{
    Decoder, EncodeError, Encoder, Message, MessageBuf, Profile, SlotRange, Update, UpdateBuf, Uuid,
};

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

    /// Updates given as values, in runs of one kind as long lists hold
    /// them, encode as the same updates owned, which are written one by
    /// one; with one that cannot be encoded, the list is refused at that
    /// update and the output left as it was.
    #[test]
    fn runs_of_updates_encode_as_one_by_one(
        runs in vec((update(), 1usize..5), 1..6),
        bad in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let scoped: std::net::SocketAddr = "[fe80::1%2]:7946".parse().unwrap();
        let mut owned: Vec<UpdateBuf> = runs
            .into_iter()
            .flat_map(|(update, len)| std::iter::repeat_n(update, len))
            .collect();
        let bad = bad.map(|at| at.index(owned.len()));
        if let Some(at) = bad {
            owned[at] = UpdateBuf::Alive { node: Uuid::nil(), addr: scoped, incarnation: 1 };
        }
        let updates: Vec<Update<'_>> = owned.iter().map(UpdateBuf::as_update).collect();
        let ping = Message::Ping { seq: 1, sender: &Uuid::nil(), updates: updates[..].into() };
        let mut out = vec![0xa5; ping.encoded_len()];
        let result = ping.encode_into(&mut out);
        match bad {
            Some(at) => {
                let located = Encoder::new().check_located(&ping).unwrap_err();
                prop_assert_eq!(located.location().to_string(), format!(".updates[{at}].addr"));
                prop_assert_eq!(result, Err(located.error()));
                prop_assert!(out.iter().all(|&byte| byte == 0xa5));
            }
            None => {
                prop_assert_eq!(result, Ok(out.len()));
                let one_by_one = MessageBuf::Ping { seq: 1, sender: Uuid::nil(), updates: owned.clone() };
                prop_assert_eq!(out, encode(&one_by_one));
            }
        }
    }
}

//! Authenticated framing (SPEC §5): HMAC-SHA256 as RFC 4231 specifies it,
//! frames made by another HMAC implementation (`tests/data/auth_frames.jsonl`,
//! from `make_auth_frames.py`), and every way a frame can be wrong.

use std::num::NonZeroU16;
use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;
use swimwire::{
    AUTH_TAG_LEN, AuthKey, AuthenticatedPiggyback, DecodeError, Decoder, EncodeError, Encoder,
    ErrorKind, Message, Profile, SlotRange, Update, Uuid,
};
use zeroize::{Zeroize, ZeroizeOnDrop};

fn bad_tag() -> DecodeError {
    DecodeError::new(ErrorKind::BadAuthTag, 0)
}

fn hex(text: &str) -> Vec<u8> {
    hex::decode(text).unwrap()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The frames Python's `hmac` made.
fn fixtures() -> Vec<Value> {
    lines(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/auth_frames.jsonl"))
}

fn lenient() -> Decoder {
    Decoder::new().with_profile(Profile::Lenient)
}

/// `payload || tag` with this crate's own tag.
fn sealed(key: &AuthKey, payload: &[u8]) -> Vec<u8> {
    [payload, &key.tag(payload)].concat()
}

#[test]
fn rfc_4231_test_cases() {
    let long_key = [0xaa; 131];
    let cases: [(&[u8], &[u8], &str); 7] = [
        (
            &[0x0b; 20],
            b"Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            b"Jefe",
            b"what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            &[0xaa; 20],
            &[0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            &hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
            &[0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        // Test case 5 gives only the first 128 bits.
        (
            &[0x0c; 20],
            b"Test With Truncation",
            "a3b6167473100ee06e0c796c2955552b",
        ),
        (
            &long_key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            &long_key,
            b"This is a test using a larger than block-size key and a larger than \
              block-size data. The key needs to be hashed before being used by the \
              HMAC algorithm.",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ];
    for (number, (key, data, expected)) in (1..).zip(cases) {
        let tag = AuthKey::new(key).tag(data);
        let expected = hex(expected);
        assert_eq!(tag[..expected.len()], expected[..], "test case {number}");
        // The tag also verifies as the end of a frame.
        let frame = [data, &tag].concat();
        assert_eq!(
            AuthKey::new(key).verify(&frame),
            Ok(data),
            "test case {number}"
        );
    }
}

#[test]
fn keys_longer_than_a_block_are_their_hash() {
    use sha2::{Digest, Sha256};
    for len in [65, 131, 1000] {
        let secret: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
        let hashed = Sha256::digest(&secret);
        assert_eq!(
            AuthKey::new(&secret).tag(b"payload"),
            AuthKey::new(&hashed).tag(b"payload"),
            "{len}-byte key"
        );
    }
    // A block-sized key is used as it is, not hashed.
    let block = [0x5a; 64];
    assert_ne!(
        AuthKey::new(&block).tag(b"payload"),
        AuthKey::new(&Sha256::digest(block)).tag(b"payload")
    );
}

#[test]
fn frames_made_by_python_hmac_decode_and_reencode_byte_for_byte() {
    let fixtures = fixtures();
    let mut good = 0;
    for fixture in fixtures.iter().filter(|f| f.get("kind").is_none()) {
        let name = fixture["name"].as_str().unwrap();
        let key = AuthKey::new(&hex(fixture["key"].as_str().unwrap()));
        let frame = hex(fixture["frame"].as_str().unwrap());
        let (payload, tag) = frame.split_at(frame.len() - AUTH_TAG_LEN);

        assert_eq!(key.tag(payload), tag, "{name}");
        assert_eq!(key.verify(&frame), Ok(payload), "{name}");
        let message = swimwire::decode_authenticated(&frame, &key)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(message, swimwire::decode(payload).unwrap(), "{name}");
        assert_eq!(lenient().decode_authenticated(&frame, &key), Ok(message));

        let mut out = vec![0u8; frame.len()];
        assert_eq!(
            message.encode_authenticated_into(&key, &mut out),
            Ok(frame.len()),
            "{name}"
        );
        assert_eq!(out, frame, "{name}: re-encoded frame differs");
        good += 1;
    }
    // The seven bench messages and twenty shared vectors.
    assert_eq!(good, 27);
}

#[test]
fn bad_payloads_behind_python_tags_fail_as_the_payload_does() {
    let mut bad = 0;
    for fixture in fixtures().iter().filter(|f| f.get("kind").is_some()) {
        let name = fixture["name"].as_str().unwrap();
        let key = AuthKey::new(&hex(fixture["key"].as_str().unwrap()));
        let frame = hex(fixture["frame"].as_str().unwrap());
        let kind = fixture["kind"].as_str().unwrap();

        // Authentic, so the payload is decoded and its error reported.
        let payload = key.verify(&frame).unwrap();
        let err = swimwire::decode_authenticated(&frame, &key).unwrap_err();
        assert_eq!(err.kind().as_str(), kind, "{name}");
        if let Some(offset) = fixture["offset"].as_u64() {
            assert_eq!(err.offset() as u64, offset, "{name}");
        }
        assert_eq!(Err(err), swimwire::decode(payload), "{name}");

        let lenient_ok = fixture["lenient_ok"].as_bool().unwrap();
        assert_eq!(
            lenient().decode_authenticated(&frame, &key).is_ok(),
            lenient_ok,
            "{name}"
        );
        if let Some(trailing) = fixture.get("lenient_trailing") {
            let (_, ignored) = lenient().decode_with_trailing(payload).unwrap();
            assert_eq!(ignored as u64, trailing.as_u64().unwrap(), "{name}");
        }
        bad += 1;
    }
    // Fifteen shared invalid vectors, two empty payloads, two with trailing bytes.
    assert_eq!(bad, 19);
}

#[test]
fn an_empty_payload_with_a_valid_tag_is_authentic_but_truncated() {
    let key = AuthKey::new(b"secret");
    let frame = key.tag(b"");
    assert_eq!(key.verify(&frame), Ok(&[][..]));
    assert_eq!(
        swimwire::decode_authenticated(&frame, &key),
        Err(DecodeError::new(ErrorKind::Truncated, 0))
    );
    // With another key the same 32 bytes are a forged tag.
    assert_eq!(
        swimwire::decode_authenticated(&frame, &AuthKey::new(b"other")),
        Err(bad_tag())
    );
}

#[test]
fn frames_shorter_than_a_tag_are_bad_auth_tags() {
    let key = AuthKey::new(b"secret");
    // A Join is 24 bytes: a whole message, but no room for a tag.
    let join = hex("040000000000000000000000000000000004c0a800011e1b");
    assert!(swimwire::decode(&join).is_ok());
    let full_tag = key.tag(b"");
    for len in 0..AUTH_TAG_LEN {
        for short in [
            &vec![0u8; len][..],
            &join[..len.min(join.len())],
            &full_tag[..len],
        ] {
            assert_eq!(key.verify(short), Err(bad_tag()), "{short:02x?}");
            assert_eq!(
                swimwire::decode_authenticated(short, &key),
                Err(bad_tag()),
                "{short:02x?}"
            );
            assert_eq!(
                lenient().decode_authenticated(short, &key),
                Err(bad_tag()),
                "{short:02x?}"
            );
        }
    }
}

#[test]
fn a_wrong_key_is_a_bad_auth_tag() {
    let fixtures = fixtures();
    for fixture in &fixtures {
        let name = fixture["name"].as_str().unwrap();
        let secret = hex(fixture["key"].as_str().unwrap());
        let frame = hex(fixture["frame"].as_str().unwrap());
        let mut flipped = secret.clone();
        flipped[0] ^= 0x01;
        let wrong = [
            flipped,
            secret[..secret.len() - 1].to_vec(),
            [&secret[..], b"x"].concat(),
            b"another secret".to_vec(),
        ];
        for wrong in wrong {
            let key = AuthKey::new(&wrong);
            assert_eq!(key.verify(&frame), Err(bad_tag()), "{name}");
            assert_eq!(
                swimwire::decode_authenticated(&frame, &key),
                Err(bad_tag()),
                "{name}"
            );
        }
    }
}

#[test]
fn a_flipped_bit_in_payload_or_tag_is_a_bad_auth_tag() {
    for fixture in fixtures() {
        let name = fixture["name"].as_str().unwrap();
        let key = AuthKey::new(&hex(fixture["key"].as_str().unwrap()));
        let frame = hex(fixture["frame"].as_str().unwrap());
        // Every bit of small frames; of large ones the first and last bytes
        // of the payload and every byte of the tag.
        let bytes: Vec<usize> = if frame.len() <= 256 {
            (0..frame.len()).collect()
        } else {
            let payload = frame.len() - AUTH_TAG_LEN;
            [0, 1, payload / 2, payload - 1]
                .into_iter()
                .chain(payload..frame.len())
                .collect()
        };
        for byte in bytes {
            for bit in 0..8 {
                let mut forged = frame.clone();
                forged[byte] ^= 1 << bit;
                assert_eq!(
                    swimwire::decode_authenticated(&forged, &key),
                    Err(bad_tag()),
                    "{name}: byte {byte} bit {bit}"
                );
                assert_eq!(
                    lenient().decode_authenticated(&forged, &key),
                    Err(bad_tag()),
                    "{name}: byte {byte} bit {bit}"
                );
            }
        }
    }
}

#[test]
fn a_bad_tag_says_nothing_about_the_payload() {
    let key = AuthKey::new(b"secret");
    // Unknown message type, truncated, trailing bytes: all behind forged tags.
    for payload in [
        &[0x09][..],
        &[0x01, 0x02],
        &hex("040000000000000000000000000000000004c0a800011e1bff"),
    ] {
        assert!(swimwire::decode(payload).is_err());
        let mut frame = sealed(&key, payload);
        *frame.last_mut().unwrap() ^= 0x80;
        assert_eq!(swimwire::decode_authenticated(&frame, &key), Err(bad_tag()));
        // An untagged message followed by 32 bytes that are no tag.
        let untagged = [payload, &[0u8; AUTH_TAG_LEN]].concat();
        assert_eq!(
            swimwire::decode_authenticated(&untagged, &key),
            Err(bad_tag())
        );
    }
}

#[test]
fn payload_errors_are_at_their_offsets_in_the_frame() {
    let key = AuthKey::new(b"secret");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vectors/invalid.jsonl");
    let vectors = lines(&path);
    assert_eq!(vectors.len(), 300);
    for vector in vectors {
        let payload = hex(vector["hex"].as_str().unwrap());
        let frame = sealed(&key, &payload);
        let err = swimwire::decode_authenticated(&frame, &key).unwrap_err();
        assert_eq!(Err(err), swimwire::decode(&payload), "{}", vector["hex"]);
        assert_eq!(err.kind().as_str(), vector["kind"].as_str().unwrap());
    }
}

#[test]
fn lenient_decoding_ignores_bytes_between_message_and_tag() {
    let key = AuthKey::new(b"secret");
    let join = hex("040000000000000000000000000000000004c0a800011e1b");
    let frame = sealed(&key, &[&join[..], &[0xde, 0xad]].concat());

    assert_eq!(
        swimwire::decode_authenticated(&frame, &key),
        Err(DecodeError::new(ErrorKind::TrailingBytes, join.len()))
    );
    let message = lenient().decode_authenticated(&frame, &key).unwrap();
    assert_eq!(message, swimwire::decode(&join).unwrap());
    // The tag is not mistaken for trailing bytes.
    let (_, trailing) = lenient()
        .decode_with_trailing(key.verify(&frame).unwrap())
        .unwrap();
    assert_eq!(trailing, 2);
}

#[test]
fn the_decoders_limit_applies_to_authenticated_payloads() {
    let key = AuthKey::new(b"secret");
    let me = Uuid::from_u128(1);
    let ranges = [SlotRange::new(0, 9); 3];
    let announce = Message::SlotsAnnounce {
        sender: &me,
        incarnation: 2,
        slots: ranges[..].into(),
    };
    let mut frame = vec![0u8; announce.encoded_len() + AUTH_TAG_LEN];
    announce
        .encode_authenticated_into(&key, &mut frame)
        .unwrap();
    let two = Decoder::new().with_max_collection(NonZeroU16::new(2).unwrap());
    assert_eq!(
        two.decode_authenticated(&frame, &key),
        Err(DecodeError::new(ErrorKind::CountOverLimit, 25))
    );
    assert_eq!(swimwire::decode_authenticated(&frame, &key), Ok(announce));
}

#[test]
fn encoding_fails_without_writing_anything() {
    let key = AuthKey::new(b"secret");
    let me = Uuid::from_u128(1);
    let join = Message::Join {
        sender: &me,
        sender_addr: "10.0.0.1:7946".parse().unwrap(),
    };
    let needed = join.encoded_len() + AUTH_TAG_LEN;
    assert_eq!(needed, 24 + 32);

    // One byte short: the message alone would fit, the tag would not.
    let mut out = vec![0x55; needed - 1];
    assert_eq!(
        join.encode_authenticated_into(&key, &mut out),
        Err(EncodeError::OutputTooSmall {
            needed,
            available: needed - 1
        })
    );
    assert!(out.iter().all(|&b| b == 0x55), "wrote on error");

    // Exactly enough, inside a larger buffer: nothing written past the frame.
    let mut out = vec![0x55; needed + 8];
    assert_eq!(join.encode_authenticated_into(&key, &mut out), Ok(needed));
    assert!(out[needed..].iter().all(|&b| b == 0x55));
    assert_eq!(
        swimwire::decode_authenticated(&out[..needed], &key),
        Ok(join)
    );

    // What the encoder refuses comes before the size check.
    let ranges = [SlotRange::new(0, 1); 3];
    let announce = Message::SlotsAnnounce {
        sender: &me,
        incarnation: 1,
        slots: ranges[..].into(),
    };
    let small = Encoder::new().with_max_collection(NonZeroU16::new(2).unwrap());
    let mut tiny = [0x55u8; 4];
    assert_eq!(
        small.encode_authenticated_into(&announce, &key, &mut tiny),
        Err(EncodeError::TooManyItems { count: 3, limit: 2 })
    );
    assert_eq!(tiny, [0x55; 4]);
}

#[test]
fn the_tag_is_over_exactly_the_message() {
    let key = AuthKey::new(b"secret");
    let me = Uuid::from_u128(7);
    let gone = Uuid::from_u128(8);
    let updates = [Update::Dead {
        node: &gone,
        incarnation: 3,
    }];
    let ack = Message::Ack {
        seq: 5,
        sender: &me,
        updates: updates[..].into(),
    };
    let mut plain = [0u8; 128];
    let len = ack.encode_into(&mut plain).unwrap();
    let mut frame = [0u8; 128];
    let framed = ack.encode_authenticated_into(&key, &mut frame).unwrap();
    assert_eq!(framed, len + AUTH_TAG_LEN);
    assert_eq!(frame[..len], plain[..len]);
    assert_eq!(frame[len..framed], key.tag(&plain[..len]));
}

fn left_updates(nodes: &[Uuid]) -> Vec<Update<'_>> {
    nodes.iter().map(|node| Update::Left { node }).collect()
}

#[test]
fn the_piggyback_builder_keeps_room_for_the_tag() {
    let key = AuthKey::new(b"secret");
    let me = Uuid::from_u128(1);
    let nodes: Vec<Uuid> = (0..10).map(Uuid::from_u128).collect();
    let updates = left_updates(&nodes);

    // Header, three Left updates and the tag fill the budget exactly.
    let budget = 27 + 3 * 17 + AUTH_TAG_LEN;
    let mut out = vec![0x55; budget + 16];
    let mut ping = AuthenticatedPiggyback::ping(&mut out, budget, 9, &me, &key).unwrap();
    assert_eq!(
        (ping.len(), ping.remaining(), ping.is_empty()),
        (27 + 32, 51, true)
    );
    assert_eq!(ping.push_all(updates.iter().copied()), 3);
    assert_eq!((ping.count(), ping.remaining(), ping.len()), (3, 0, budget));
    assert_eq!(
        ping.push(&updates[3]),
        Err(EncodeError::OutputTooSmall {
            needed: 17,
            available: 0
        })
    );
    let len = ping.finish();
    assert_eq!(len, budget);
    assert!(
        out[budget..].iter().all(|&b| b == 0x55),
        "wrote past the budget"
    );

    let expected = Message::Ping {
        seq: 9,
        sender: &me,
        updates: updates[..3].into(),
    };
    assert_eq!(
        swimwire::decode_authenticated(&out[..len], &key),
        Ok(expected)
    );
    // Byte for byte what encoding the whole message gives.
    let mut encoded = vec![0u8; len];
    expected
        .encode_authenticated_into(&key, &mut encoded)
        .unwrap();
    assert_eq!(out[..len], encoded[..]);
}

#[test]
fn the_piggyback_builder_never_exceeds_any_budget() {
    let key = AuthKey::new(b"secret");
    let me = Uuid::from_u128(1);
    let nodes: Vec<Uuid> = (0..40).map(Uuid::from_u128).collect();
    let updates = left_updates(&nodes);
    for budget in 0..=700 {
        let mut out = vec![0x55; 800];
        match AuthenticatedPiggyback::ack(&mut out, budget, 1, &me, &key) {
            Err(err) => {
                assert!(budget < 27 + AUTH_TAG_LEN, "budget {budget}");
                assert_eq!(
                    err,
                    EncodeError::OutputTooSmall {
                        needed: 27 + AUTH_TAG_LEN,
                        available: budget
                    }
                );
                assert!(out.iter().all(|&b| b == 0x55), "wrote on error");
            }
            Ok(mut ack) => {
                let taken = ack.push_all(updates.iter().copied());
                assert_eq!(taken, ((budget - 27 - AUTH_TAG_LEN) / 17).min(40));
                let len = ack.finish();
                assert!(len <= budget, "budget {budget}: {len} bytes");
                assert!(out[len..].iter().all(|&b| b == 0x55));
                let Message::Ack { updates: sent, .. } =
                    swimwire::decode_authenticated(&out[..len], &key).unwrap()
                else {
                    panic!("not an ack")
                };
                assert!(sent.iter().eq(updates[..taken].iter().copied()));
            }
        }
    }
}

#[test]
fn the_piggyback_builder_enforces_its_encoders_limit() {
    let key = AuthKey::new(b"secret");
    let me = Uuid::from_u128(1);
    let nodes: Vec<Uuid> = (0..5).map(Uuid::from_u128).collect();
    let updates = left_updates(&nodes);
    let mut out = [0u8; 512];
    let mut ping = AuthenticatedPiggyback::ping(&mut out, 512, 1, &me, &key)
        .unwrap()
        .with_encoder(Encoder::new().with_max_collection(NonZeroU16::new(2).unwrap()));
    assert_eq!(ping.push_all(updates), 2);
    let len = ping.finish();
    assert_eq!(len, 27 + 2 * 17 + AUTH_TAG_LEN);
    assert!(swimwire::decode_authenticated(&out[..len], &key).is_ok());
}

#[test]
fn debug_does_not_show_the_secret() {
    let shown: Vec<String> = [&b"hunter2"[..], &[0xab; 32], &[0x41; 100]]
        .into_iter()
        .map(|secret| {
            let key = AuthKey::new(secret);
            format!("{key:?} {key:#?}")
        })
        .collect();
    assert!(
        shown[0].starts_with("AuthKey { .. } AuthKey {"),
        "{}",
        shown[0]
    );
    assert!(shown.iter().all(|s| *s == shown[0]), "{shown:?}");
}

#[test]
fn a_zeroized_key_holds_nothing_of_the_secret() {
    fn wiped_on_drop<T: ZeroizeOnDrop>(_: &T) {}
    let mut key = AuthKey::new(b"secret");
    wiped_on_drop(&key);
    let copy = key.clone();
    assert_eq!(copy.tag(b"m"), key.tag(b"m"));
    key.zeroize();
    // All that is left is HMAC's all-zero key block: the empty secret's key.
    assert_eq!(key.tag(b"m"), AuthKey::new(b"").tag(b"m"));
    assert_ne!(key.tag(b"m"), copy.tag(b"m"));
}

proptest! {
    /// Across block boundaries of the message, and keys shorter and longer
    /// than a block.
    #[test]
    fn tags_are_those_of_the_hmac_crate(
        secret in prop::collection::vec(any::<u8>(), 0..150),
        message in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        use hmac::{Hmac, KeyInit, Mac};
        let mut reference = Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
        reference.update(&message);
        let expected: [u8; AUTH_TAG_LEN] = reference.finalize().into_bytes().into();
        prop_assert_eq!(AuthKey::new(&secret).tag(&message), expected);
    }

    #[test]
    fn sealed_payloads_decode_as_plain_ones_and_any_flip_is_caught(
        secret in prop::collection::vec(any::<u8>(), 1..100),
        payload in prop::collection::vec(any::<u8>(), 0..80),
        flip in any::<prop::sample::Index>(),
        bit in 0..8u8,
    ) {
        let key = AuthKey::new(&secret);
        let frame = sealed(&key, &payload);
        prop_assert_eq!(swimwire::decode_authenticated(&frame, &key), swimwire::decode(&payload));
        prop_assert_eq!(
            lenient().decode_authenticated(&frame, &key),
            lenient().decode(&payload)
        );
        let mut forged = frame.clone();
        forged[flip.index(frame.len())] ^= 1 << bit;
        prop_assert_eq!(swimwire::decode_authenticated(&forged, &key), Err(bad_tag()));
    }
}

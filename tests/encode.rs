//! The encoder never truncates, wraps or drops: what it cannot write is an
//! error, and the output is left as it was.

use std::num::NonZeroU16;

use swimwire::{Decoder, EncodeError, Encoder, Member, Message, Profile, SlotRange, Update, Uuid};

const ME: Uuid = Uuid::from_u128(1);

fn untouched_on_error(message: &Message<'_>, expected: EncodeError) {
    let mut out = vec![0x5a; message.encoded_len() + 16];
    assert_eq!(message.encode_into(&mut out), Err(expected));
    assert!(out.iter().all(|&b| b == 0x5a), "output was written to");
}

#[test]
fn lists_over_the_limit_are_refused() {
    let nodes: Vec<Uuid> = (0..1025).map(Uuid::from_u128).collect();
    let updates: Vec<Update> = nodes.iter().map(|node| Update::Left { node }).collect();
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    untouched_on_error(
        &ping,
        EncodeError::TooManyItems {
            count: 1025,
            limit: 1024,
        },
    );

    let at_limit = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..1024].into(),
    };
    let mut out = vec![0; at_limit.encoded_len()];
    assert_eq!(at_limit.encode_into(&mut out), Ok(27 + 1024 * 17));
    assert_eq!(swimwire::decode(&out), Ok(at_limit));

    let wide = Encoder::new().with_max_collection(NonZeroU16::new(1025).unwrap());
    let mut out = vec![0; ping.encoded_len()];
    assert_eq!(wide.encode_into(&ping, &mut out), Ok(out.len()));
}

#[test]
fn counts_above_65535_are_refused_not_wrapped() {
    let ranges = vec![SlotRange::new(1, 1); 65536];
    let announce = Message::SlotsAnnounce {
        sender: &ME,
        incarnation: 1,
        slots: ranges[..].into(),
    };
    let widest = Encoder::new().with_max_collection(NonZeroU16::MAX);
    let mut out = vec![0; announce.encoded_len()];
    assert_eq!(
        widest.encode_into(&announce, &mut out),
        Err(EncodeError::TooManyItems {
            count: 65536,
            limit: 65535
        })
    );
    assert!(out.iter().all(|&b| b == 0));
}

#[test]
fn nested_lists_are_checked() {
    let ranges = vec![SlotRange::new(1, 1); 1025];
    let member = Member {
        id: &ME,
        addr: "10.0.0.1:1".parse().unwrap(),
        incarnation: 1,
        is_primary: true,
        slots: ranges[..].into(),
    };
    let members = [member];
    let welcome = Message::Welcome {
        sender: &ME,
        members: members[..].into(),
    };
    untouched_on_error(
        &welcome,
        EncodeError::TooManyItems {
            count: 1025,
            limit: 1024,
        },
    );

    let updates = [Update::SlotsChanged {
        node: &ME,
        incarnation: 1,
        slots: ranges[..].into(),
    }];
    let ack = Message::Ack {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    untouched_on_error(
        &ack,
        EncodeError::TooManyItems {
            count: 1025,
            limit: 1024,
        },
    );
}

#[test]
fn invalid_slot_ranges_are_refused() {
    for (start, end) in [(5, 4), (0, 16384), (16384, 16384), (u16::MAX, u16::MAX)] {
        let ranges = [SlotRange::new(0, 1), SlotRange::new(start, end)];
        let announce = Message::SlotsAnnounce {
            sender: &ME,
            incarnation: 1,
            slots: ranges[..].into(),
        };
        untouched_on_error(&announce, EncodeError::InvalidSlotRange { start, end });
    }
}

#[test]
fn ipv6_scope_and_flow_label_are_refused() {
    let scoped = "[fe80::1%3]:7946".parse().unwrap();
    let join = Message::Join {
        sender: &ME,
        sender_addr: scoped,
    };
    untouched_on_error(&join, EncodeError::UnrepresentableAddress);
    let updates = [Update::Alive {
        node: &ME,
        addr: scoped,
        incarnation: 1,
    }];
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    untouched_on_error(&ping, EncodeError::UnrepresentableAddress);
}

#[test]
fn short_output_is_refused_and_exact_output_is_enough() {
    let join = Message::Join {
        sender: &ME,
        sender_addr: "[::1]:7946".parse().unwrap(),
    };
    let len = join.encoded_len();
    assert_eq!(len, 36);
    for short in [0, 1, len - 1] {
        let mut out = vec![0x5a; short];
        assert_eq!(
            join.encode_into(&mut out),
            Err(EncodeError::OutputTooSmall {
                needed: len,
                available: short
            })
        );
        assert!(out.iter().all(|&b| b == 0x5a));
    }
    let mut out = vec![0; len];
    assert_eq!(join.encode_into(&mut out), Ok(len));
    assert_eq!(
        join.encode::<35>(),
        Err(EncodeError::OutputTooSmall {
            needed: 36,
            available: 35
        })
    );
    assert_eq!(join.encode::<36>().unwrap().as_slice(), out.as_slice());
}

#[test]
fn a_message_decoded_with_a_higher_limit_is_checked_against_the_encoders() {
    // A Ping carrying one SlotsChanged with 1500 ranges.
    let ranges = vec![SlotRange::new(0, 0); 1500];
    let updates = [Update::SlotsChanged {
        node: &ME,
        incarnation: 1,
        slots: ranges[..].into(),
    }];
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    let wide = Encoder::new().with_max_collection(NonZeroU16::new(2048).unwrap());
    let mut bytes = vec![0; ping.encoded_len()];
    wide.encode_into(&ping, &mut bytes).unwrap();

    let decoded = Decoder::new()
        .with_max_collection(NonZeroU16::new(2048).unwrap())
        .decode(&bytes)
        .unwrap();
    let mut out = vec![0; bytes.len()];
    assert_eq!(
        decoded.encode_into(&mut out),
        Err(EncodeError::TooManyItems {
            count: 1500,
            limit: 1024
        })
    );
    assert_eq!(wide.encode_into(&decoded, &mut out), Ok(bytes.len()));
    assert_eq!(out, bytes);
}

#[test]
fn lenient_input_reencodes_canonically() {
    // A Ping with a RoleChanged whose bools are 7 and 9, then two trailing bytes.
    let id = "00112233445566778899aabbccddeeff";
    let seq = "0100000000000000";
    let input =
        hex::decode(format!("01{seq}{id}0100") + &format!("06{id}{seq}0709{id}beef")).unwrap();
    let lenient = Decoder::new().with_profile(Profile::Lenient);
    let (message, trailing) = lenient.decode_with_trailing(&input).unwrap();
    assert_eq!(trailing, 2);
    let mut out = vec![0; message.encoded_len()];
    assert_eq!(message.encode_into(&mut out), Ok(input.len() - 2));
    assert_eq!(out[27 + 1 + 16 + 8..27 + 1 + 16 + 8 + 2], [1, 1]);
    assert_eq!(swimwire::decode(&out), Ok(message));
}

#[test]
fn strict_reencoding_is_the_input() {
    for name in [
        "ack_piggyback_11",
        "welcome_64_members",
        "slots_announce_1024",
        "ping_1024_left",
    ] {
        let path = format!(
            "{}/tests/data/corpus/bench/{name}.hex",
            env!("CARGO_MANIFEST_DIR")
        );
        let input = hex::decode(std::fs::read_to_string(path).unwrap().trim()).unwrap();
        let message = swimwire::decode(&input).unwrap();
        assert_eq!(message.encoded_len(), input.len());
        let mut out = vec![0; input.len()];
        assert_eq!(message.encode_into(&mut out), Ok(input.len()));
        assert_eq!(out, input, "{name}");
    }
}

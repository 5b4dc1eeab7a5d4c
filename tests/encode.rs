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
    let mut vec = heapless::Vec::<u8, 35>::new();
    assert_eq!(
        join.encode(&mut vec),
        Err(EncodeError::OutputTooSmall {
            needed: 36,
            available: 35
        })
    );
    let mut vec = heapless::Vec::<u8, 36>::new();
    assert_eq!(join.encode(&mut vec), Ok(36));
    assert_eq!(vec.as_slice(), out.as_slice());
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

/// Where each refusal is, as `check_located` names it: the field of the
/// message, the item of the list and the field of the item.
#[test]
fn refusals_say_which_field_and_item() {
    let scoped: std::net::SocketAddr = "[fe80::1%2]:7946".parse().unwrap();
    let good: std::net::SocketAddr = "10.0.0.1:7946".parse().unwrap();
    static BAD_RANGE: [SlotRange; 2] = [SlotRange::new(0, 9), SlotRange::new(7, 3)];
    let many: &'static [SlotRange] = vec![SlotRange::new(0, 0); 1025].leak();
    let node = Uuid::from_u128(2);
    let located = |message: &Message<'_>| {
        let error = Encoder::new().check_located(message).unwrap_err();
        assert_eq!(Encoder::new().check(message), Err(error.error()));
        assert_eq!(message.encode_into(&mut [0; 64]), Err(error.error()));
        (error.location().to_string(), error.to_string())
    };

    let updates = [
        Update::Left { node: &node },
        Update::Alive {
            node: &node,
            addr: good,
            incarnation: 1,
        },
        Update::Alive {
            node: &node,
            addr: scoped,
            incarnation: 1,
        },
    ];
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    assert_eq!(
        located(&ping),
        (
            ".updates[2].addr".to_owned(),
            ".updates[2].addr: IPv6 flow label and scope id cannot be encoded".to_owned()
        )
    );

    let member = |slots: &'static [SlotRange]| Member {
        id: &node,
        addr: good,
        incarnation: 1,
        is_primary: false,
        slots: slots.into(),
    };
    let members = [member(&BAD_RANGE[..1]), member(&BAD_RANGE)];
    let welcome = Message::Welcome {
        sender: &ME,
        members: members[..].into(),
    };
    assert_eq!(located(&welcome).0, ".members[1].slots[1]");

    let crowded = [member(many)];
    let welcome = Message::Welcome {
        sender: &ME,
        members: crowded[..].into(),
    };
    assert_eq!(
        located(&welcome),
        (
            ".members[0].slots".to_owned(),
            ".members[0].slots: list of 1025 items is over the limit of 1024".to_owned()
        )
    );

    let join = Message::Join {
        sender: &ME,
        sender_addr: scoped,
    };
    assert_eq!(located(&join).0, ".sender_addr");
    let announce = Message::SlotsAnnounce {
        sender: &ME,
        incarnation: 1,
        slots: many[..].into(),
    };
    assert_eq!(located(&announce).0, ".slots");
    let location = Encoder::new().check_located(&announce).unwrap_err();
    assert_eq!(
        location.location().segments(),
        [swimwire::Segment::Field("slots")]
    );
}

/// `encode` fills the caller's vector, or leaves it as it was.
#[test]
fn encode_replaces_the_contents_or_leaves_them() {
    let node = Uuid::from_u128(2);
    let updates = [Update::Left { node: &node }];
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    let mut vec = heapless::Vec::<u8, 64>::new();
    vec.extend_from_slice(&[0x5a; 3]).unwrap();
    assert_eq!(Encoder::new().encode(&ping, &mut vec), Ok(44));
    let mut out = [0u8; 44];
    assert_eq!(ping.encode_into(&mut out), Ok(44));
    assert_eq!(vec[..], out[..]);

    let mut small = heapless::Vec::<u8, 43>::new();
    small.extend_from_slice(&[0x5a; 3]).unwrap();
    assert_eq!(
        ping.encode(&mut small),
        Err(EncodeError::OutputTooSmall {
            needed: 44,
            available: 43
        })
    );
    assert_eq!(small[..], [0x5a; 3]);
}

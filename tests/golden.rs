//! Every message and update, IPv4 and IPv6, written by hand from the SPEC's
//! tables, checked in both directions: the bytes decode to the value, and
//! the value encodes to the bytes.

use std::net::SocketAddr;

use swimwire::{Member, Message, SlotRange, Update, Uuid};

const A: Uuid = Uuid::from_u128(0x0011_2233_4455_6677_8899_aabb_ccdd_eeff);
const B: Uuid = Uuid::from_u128(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10);
const C: Uuid = Uuid::from_u128(0xf0e0_d0c0_b0a0_9080_7060_5040_3020_1000);
const A_HEX: &str = "00112233445566778899aabbccddeeff";
const B_HEX: &str = "0102030405060708090a0b0c0d0e0f10";
const C_HEX: &str = "f0e0d0c0b0a090807060504030201000";
/// 10.0.0.1:7946: family 4, octets, port 7946 = 0x1f0a little-endian.
const V4_HEX: &str = "040a0000010a1f";
/// [2001:db8::1]:7946.
const V6_HEX: &str = "0620010db80000000000000000000000010a1f";
/// seq or incarnation 5.
const FIVE: &str = "0500000000000000";

fn v4() -> SocketAddr {
    "10.0.0.1:7946".parse().unwrap()
}

fn v6() -> SocketAddr {
    "[2001:db8::1]:7946".parse().unwrap()
}

/// Checks both directions and the encoded length.
fn check(parts: &[&str], expected: Message<'_>) {
    let bytes = hex::decode(parts.concat()).unwrap();
    assert_eq!(
        swimwire::decode(&bytes),
        Ok(expected),
        "decoding {}",
        parts.concat()
    );
    assert_eq!(expected.encoded_len(), bytes.len());
    let mut out = vec![0xaa; bytes.len()];
    assert_eq!(expected.encode_into(&mut out), Ok(bytes.len()));
    assert_eq!(hex::encode(&out), parts.concat(), "encoding {expected:?}");
}

/// Every update with its hand-written bytes and its size from SPEC §3.
fn updates() -> Vec<(Vec<&'static str>, Update<'static>, usize)> {
    static RANGES: [SlotRange; 2] = [SlotRange::new(0, 4095), SlotRange::new(4096, 16383)];
    vec![
        (
            vec!["01", A_HEX, V4_HEX, FIVE],
            Update::Alive {
                node: &A,
                addr: v4(),
                incarnation: 5,
            },
            32,
        ),
        (
            vec!["01", A_HEX, V6_HEX, FIVE],
            Update::Alive {
                node: &A,
                addr: v6(),
                incarnation: 5,
            },
            44,
        ),
        (
            vec!["02", A_HEX, FIVE],
            Update::Suspect {
                node: &A,
                incarnation: 5,
            },
            25,
        ),
        (
            vec!["03", A_HEX, FIVE],
            Update::Dead {
                node: &A,
                incarnation: 5,
            },
            25,
        ),
        (vec!["04", A_HEX], Update::Left { node: &A }, 17),
        (
            vec!["05", A_HEX, FIVE, "0200", "0000ff0f", "0010ff3f"],
            Update::SlotsChanged {
                node: &A,
                incarnation: 5,
                slots: RANGES[..].into(),
            },
            27 + 8,
        ),
        (
            vec!["06", A_HEX, FIVE, "01", "00"],
            Update::RoleChanged {
                node: &A,
                incarnation: 5,
                is_primary: true,
                replicates: None,
            },
            27,
        ),
        (
            vec!["06", A_HEX, FIVE, "00", "01", B_HEX],
            Update::RoleChanged {
                node: &A,
                incarnation: 5,
                is_primary: false,
                replicates: Some(&B),
            },
            43,
        ),
        (
            vec!["07", A_HEX, FIVE, "0807060504030201"],
            Update::VoteRequest {
                candidate: &A,
                epoch: 5,
                offset: 0x0102_0304_0506_0708,
            },
            33,
        ),
        (
            vec!["08", A_HEX, B_HEX, FIVE],
            Update::VoteGranted {
                from: &A,
                candidate: &B,
                epoch: 5,
            },
            41,
        ),
    ]
}

#[test]
fn every_update_in_a_ping_and_an_ack() {
    for (parts, update, size) in updates() {
        assert_eq!(update.encoded_len(), size, "{update:?}");
        assert_eq!(parts.concat().len() / 2, size, "{update:?}");
        let list = [update];
        let mut ping = vec!["01", FIVE, A_HEX, "0100"];
        ping.extend(&parts);
        check(
            &ping,
            Message::Ping {
                seq: 5,
                sender: &A,
                updates: list[..].into(),
            },
        );
        let mut ack = vec!["03", FIVE, A_HEX, "0100"];
        ack.extend(&parts);
        check(
            &ack,
            Message::Ack {
                seq: 5,
                sender: &A,
                updates: list[..].into(),
            },
        );
    }
}

#[test]
fn all_updates_in_one_ack() {
    let cases = updates();
    let list: Vec<Update> = cases.iter().map(|(_, update, _)| *update).collect();
    let mut parts = vec!["03", "ffffffffffffffff", C_HEX, "0a00"];
    parts.extend(cases.iter().flat_map(|(hex, _, _)| hex.iter().copied()));
    check(
        &parts,
        Message::Ack {
            seq: u64::MAX,
            sender: &C,
            updates: list[..].into(),
        },
    );
}

#[test]
fn empty_ping_is_27_bytes() {
    check(
        &["01", FIVE, A_HEX, "0000"],
        Message::Ping {
            seq: 5,
            sender: &A,
            updates: Default::default(),
        },
    );
}

#[test]
fn ping_req_v4_and_v6() {
    check(
        &["02", FIVE, A_HEX, B_HEX, V4_HEX],
        Message::PingReq {
            seq: 5,
            sender: &A,
            target: &B,
            target_addr: v4(),
        },
    );
    check(
        &["02", FIVE, A_HEX, B_HEX, V6_HEX],
        Message::PingReq {
            seq: 5,
            sender: &A,
            target: &B,
            target_addr: v6(),
        },
    );
}

#[test]
fn join_v4_and_v6() {
    check(
        &["04", A_HEX, V4_HEX],
        Message::Join {
            sender: &A,
            sender_addr: v4(),
        },
    );
    check(
        &["04", A_HEX, V6_HEX],
        Message::Join {
            sender: &A,
            sender_addr: v6(),
        },
    );
}

#[test]
fn welcome_with_v4_and_v6_members() {
    let ranges = [SlotRange::new(0, 5460)];
    let members = [
        Member {
            id: &B,
            addr: v4(),
            incarnation: 5,
            is_primary: true,
            slots: ranges[..].into(),
        },
        Member {
            id: &C,
            addr: v6(),
            incarnation: 5,
            is_primary: false,
            slots: Default::default(),
        },
    ];
    check(
        &[
            "05", A_HEX, "0200", B_HEX, V4_HEX, FIVE, "01", "0100", "00005415", C_HEX, V6_HEX,
            FIVE, "00", "0000",
        ],
        Message::Welcome {
            sender: &A,
            members: members[..].into(),
        },
    );
    check(
        &["05", A_HEX, "0000"],
        Message::Welcome {
            sender: &A,
            members: Default::default(),
        },
    );
}

#[test]
fn slots_announce() {
    let ranges = [SlotRange::new(0, 16383), SlotRange::new(7, 7)];
    check(
        &["06", A_HEX, FIVE, "0200", "0000ff3f", "07000700"],
        Message::SlotsAnnounce {
            sender: &A,
            incarnation: 5,
            slots: ranges[..].into(),
        },
    );
}

#[test]
fn node_ids_are_the_uuid_bytes_in_order() {
    let bytes = hex::decode(["04", A_HEX, V4_HEX].concat()).unwrap();
    let Ok(Message::Join { sender, .. }) = swimwire::decode(&bytes) else {
        panic!("not a join")
    };
    assert_eq!(sender.to_string(), "00112233-4455-6677-8899-aabbccddeeff");
    // Borrowed from the input, not copied.
    assert!(std::ptr::eq(
        sender.as_bytes().as_ptr(),
        bytes[1..].as_ptr()
    ));
}

#[test]
fn mtu_sized_ping_holds_45_ipv4_alive_updates() {
    let alive = Update::Alive {
        node: &A,
        addr: v4(),
        incarnation: 5,
    };
    let list = vec![alive; 45];
    let ping = Message::Ping {
        seq: 1,
        sender: &A,
        updates: list[..].into(),
    };
    assert_eq!(ping.encoded_len(), 27 + 45 * 32);
    assert!(ping.encoded_len() <= 1472 && ping.encoded_len() + 32 > 1472);
}

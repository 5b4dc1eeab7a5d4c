//! Proptest strategies for messages of every kind, shared by the property
//! tests: lists of up to 11 updates, 5 members and 5 slot ranges.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use proptest::collection::vec;
use proptest::prelude::*;
use swimwire::{MemberBuf, MessageBuf, SlotRange, UpdateBuf, Uuid};

pub fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

pub fn addr() -> impl Strategy<Value = SocketAddr> {
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

pub fn slots() -> impl Strategy<Value = Vec<SlotRange>> {
    vec(
        (0u16..16384, 0u16..16384).prop_map(|(a, b)| SlotRange::new(a.min(b), a.max(b))),
        0..6,
    )
}

pub fn update() -> impl Strategy<Value = UpdateBuf> {
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

pub fn member() -> impl Strategy<Value = MemberBuf> {
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

pub fn message() -> impl Strategy<Value = MessageBuf> {
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

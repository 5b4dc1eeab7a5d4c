//! Reads every field of every view of a message, as an application would.

use core::net::SocketAddr;

use swimwire::{Member, Message, Slots, Update, Uuid};

/// Folds every integer, id, address and slot range of `message` into one
/// number, so that none of them can be skipped.
pub fn walk(message: &Message<'_>) -> u32 {
    match message {
        Message::Ping {
            seq,
            sender,
            updates,
        }
        | Message::Ack {
            seq,
            sender,
            updates,
        } => {
            let mut sum = u64_(*seq) ^ id(sender);
            for update in *updates {
                sum = mix(sum, self::update(&update));
            }
            sum
        }
        Message::PingReq {
            seq,
            sender,
            target,
            target_addr,
        } => u64_(*seq) ^ id(sender) ^ id(target) ^ addr(target_addr),
        Message::Join {
            sender,
            sender_addr,
        } => id(sender) ^ addr(sender_addr),
        Message::Welcome { sender, members } => {
            let mut sum = id(sender);
            for member in *members {
                sum = mix(sum, self::member(&member));
            }
            sum
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots: ranges,
        } => id(sender) ^ u64_(*incarnation) ^ slots(ranges),
    }
}

fn mix(sum: u32, value: u32) -> u32 {
    sum.rotate_left(5).wrapping_add(value)
}

fn u64_(value: u64) -> u32 {
    (value >> 32) as u32 ^ value as u32
}

fn id(id: &Uuid) -> u32 {
    let (high, low) = id.as_u64_pair();
    u64_(high) ^ u64_(low).rotate_left(1)
}

fn addr(addr: &SocketAddr) -> u32 {
    let ip = match addr {
        SocketAddr::V4(v4) => v4.ip().to_bits(),
        SocketAddr::V6(v6) => {
            let bits = v6.ip().to_bits();
            u64_((bits >> 64) as u64) ^ u64_(bits as u64)
        }
    };
    ip ^ u32::from(addr.port())
}

fn slots(slots: &Slots<'_>) -> u32 {
    let mut sum = 0;
    for range in slots {
        sum = mix(sum, u32::from(range.start) << 16 | u32::from(range.end));
    }
    sum
}

fn update(update: &Update<'_>) -> u32 {
    match update {
        Update::Alive {
            node,
            addr: at,
            incarnation,
        } => id(node) ^ addr(at) ^ u64_(*incarnation),
        Update::Suspect { node, incarnation } | Update::Dead { node, incarnation } => {
            id(node) ^ u64_(*incarnation)
        }
        Update::Left { node } => id(node),
        Update::SlotsChanged {
            node,
            incarnation,
            slots: ranges,
        } => id(node) ^ u64_(*incarnation) ^ slots(ranges),
        Update::RoleChanged {
            node,
            incarnation,
            is_primary,
            replicates,
        } => id(node) ^ u64_(*incarnation) ^ u32::from(*is_primary) ^ replicates.map_or(0, id),
        Update::VoteRequest {
            candidate,
            epoch,
            offset,
        } => id(candidate) ^ u64_(*epoch) ^ u64_(*offset),
        Update::VoteGranted {
            from,
            candidate,
            epoch,
        } => id(from) ^ id(candidate) ^ u64_(*epoch),
    }
}

fn member(member: &Member<'_>) -> u32 {
    id(member.id)
        ^ addr(&member.addr)
        ^ u64_(member.incarnation)
        ^ u32::from(member.is_primary)
        ^ slots(&member.slots)
}

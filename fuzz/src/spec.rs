//! Sizes and validity of owned messages, computed from the tables of
//! SPEC §1–§4 and nothing else, to check the encoder's answers against.

use std::net::SocketAddr;

use swimwire::{MemberBuf, MessageBuf, SlotRange, UpdateBuf};

/// Bytes of a tag, a count, a node id, a `u64`, a `bool`, a slot range.
const TAG: usize = 1;
const COUNT: usize = 2;
const NODE: usize = 16;
const U64: usize = 8;
const BOOL: usize = 1;
const RANGE: usize = 4;

/// `Addr`: family, 4 or 16 octets, port.
pub fn addr_len(addr: &SocketAddr) -> usize {
    match addr {
        SocketAddr::V4(_) => 1 + 4 + 2,
        SocketAddr::V6(_) => 1 + 16 + 2,
    }
}

/// `Slots`: a count and its ranges.
pub fn slots_len(slots: &[SlotRange]) -> usize {
    COUNT + RANGE * slots.len()
}

/// An update with its tag (SPEC §3, "size" column).
pub fn update_len(update: &UpdateBuf) -> usize {
    TAG + match update {
        UpdateBuf::Alive { addr, .. } => NODE + addr_len(addr) + U64,
        UpdateBuf::Suspect { .. } | UpdateBuf::Dead { .. } => NODE + U64,
        UpdateBuf::Left { .. } => NODE,
        UpdateBuf::SlotsChanged { slots, .. } => NODE + U64 + slots_len(slots),
        UpdateBuf::RoleChanged { replicates, .. } => {
            NODE + U64 + BOOL + BOOL + if replicates.is_some() { NODE } else { 0 }
        }
        UpdateBuf::VoteRequest { .. } => NODE + U64 + U64,
        UpdateBuf::VoteGranted { .. } => NODE + NODE + U64,
    }
}

/// A member of a Welcome.
pub fn member_len(member: &MemberBuf) -> usize {
    NODE + addr_len(&member.addr) + U64 + BOOL + slots_len(&member.slots)
}

/// A whole message (SPEC §2).
pub fn message_len(message: &MessageBuf) -> usize {
    TAG + match message {
        MessageBuf::Ping { updates, .. } | MessageBuf::Ack { updates, .. } => {
            U64 + NODE + COUNT + updates.iter().map(update_len).sum::<usize>()
        }
        MessageBuf::PingReq { target_addr, .. } => U64 + NODE + NODE + addr_len(target_addr),
        MessageBuf::Join { sender_addr, .. } => NODE + addr_len(sender_addr),
        MessageBuf::Welcome { members, .. } => {
            NODE + COUNT + members.iter().map(member_len).sum::<usize>()
        }
        MessageBuf::SlotsAnnounce { slots, .. } => NODE + U64 + slots_len(slots),
    }
}

/// Something in a value that the wire cannot carry, or that a decoder with
/// collection limit `limit` would reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A list of this many items, over the limit.
    TooManyItems(usize),
    /// A slot range with `start > end` or `end >= 16384`.
    InvalidSlotRange(SlotRange),
    /// An IPv6 address with a flow label or scope id.
    UnrepresentableAddress,
}

/// Every problem in `message`, front to back.
pub fn problems(message: &MessageBuf, limit: u16) -> Vec<Problem> {
    let mut found = Vec::new();
    match message {
        MessageBuf::Ping { updates, .. } | MessageBuf::Ack { updates, .. } => {
            list(&mut found, updates.len(), limit);
            for update in updates {
                found.extend(update_problems(update, limit));
            }
        }
        MessageBuf::PingReq { target_addr, .. } => addr(&mut found, target_addr),
        MessageBuf::Join { sender_addr, .. } => addr(&mut found, sender_addr),
        MessageBuf::Welcome { members, .. } => {
            list(&mut found, members.len(), limit);
            for member in members {
                addr(&mut found, &member.addr);
                slots(&mut found, &member.slots, limit);
            }
        }
        MessageBuf::SlotsAnnounce { slots: ranges, .. } => slots(&mut found, ranges, limit),
    }
    found
}

/// Every problem in one update.
pub fn update_problems(update: &UpdateBuf, limit: u16) -> Vec<Problem> {
    let mut found = Vec::new();
    match update {
        UpdateBuf::Alive { addr: a, .. } => addr(&mut found, a),
        UpdateBuf::SlotsChanged { slots: ranges, .. } => slots(&mut found, ranges, limit),
        _ => {}
    }
    found
}

fn list(found: &mut Vec<Problem>, len: usize, limit: u16) {
    if len > usize::from(limit) {
        found.push(Problem::TooManyItems(len));
    }
}

fn slots(found: &mut Vec<Problem>, ranges: &[SlotRange], limit: u16) {
    list(found, ranges.len(), limit);
    for range in ranges {
        if range.start > range.end || range.end >= 16384 {
            found.push(Problem::InvalidSlotRange(*range));
        }
    }
}

fn addr(found: &mut Vec<Problem>, addr: &SocketAddr) {
    if let SocketAddr::V6(v6) = addr
        && (v6.flowinfo() != 0 || v6.scope_id() != 0)
    {
        found.push(Problem::UnrepresentableAddress);
    }
}

/// Whether an encoder error is one of the `problems` found in the value.
pub fn explains(error: &swimwire::EncodeError, problems: &[Problem], limit: u16) -> bool {
    use swimwire::EncodeError as E;
    match *error {
        E::TooManyItems { count, limit: l } => {
            l == limit && problems.contains(&Problem::TooManyItems(count))
        }
        E::InvalidSlotRange { start, end } => {
            problems.contains(&Problem::InvalidSlotRange(SlotRange::new(start, end)))
        }
        E::UnrepresentableAddress => problems.contains(&Problem::UnrepresentableAddress),
        // Too small an output is no problem of the value; a kind added to
        // the encoder later explains nothing until this learns of it.
        _ => false,
    }
}

//! What a message says about nodes: who sent it, which nodes it names, and
//! what it claims about each. The text view, the filters and the members
//! table read messages through this one place.

use std::net::SocketAddr;

use swimwire::{MessageBuf, SlotRange, UpdateBuf, Uuid};

/// Something a message says about one node.
#[derive(Debug, Default)]
pub struct Claim<'a> {
    /// The node.
    pub node: Uuid,
    /// Where it is.
    pub addr: Option<SocketAddr>,
    /// Its state: `alive`, `suspect`, `dead` or `left`.
    pub state: Option<&'static str>,
    /// Its incarnation (or, for votes, nothing).
    pub incarnation: Option<u64>,
    /// The slots it serves.
    pub slots: Option<&'a [SlotRange]>,
}

impl Claim<'_> {
    fn about(node: Uuid) -> Self {
        Self {
            node,
            ..Self::default()
        }
    }
}

/// The message's type, as SPEC §8 names it.
pub fn type_name(message: &MessageBuf) -> &'static str {
    match message {
        MessageBuf::Ping { .. } => "ping",
        MessageBuf::PingReq { .. } => "ping_req",
        MessageBuf::Ack { .. } => "ack",
        MessageBuf::Join { .. } => "join",
        MessageBuf::Welcome { .. } => "welcome",
        MessageBuf::SlotsAnnounce { .. } => "slots_announce",
    }
}

/// The type names `type_name` gives, for `--type`.
pub const TYPE_NAMES: [&str; 6] = [
    "ping",
    "ping_req",
    "ack",
    "join",
    "welcome",
    "slots_announce",
];

/// The update's type, as SPEC §8 names it.
pub fn update_name(update: &UpdateBuf) -> &'static str {
    match update {
        UpdateBuf::Alive { .. } => "alive",
        UpdateBuf::Suspect { .. } => "suspect",
        UpdateBuf::Dead { .. } => "dead",
        UpdateBuf::Left { .. } => "left",
        UpdateBuf::SlotsChanged { .. } => "slots_changed",
        UpdateBuf::RoleChanged { .. } => "role_changed",
        UpdateBuf::VoteRequest { .. } => "vote_request",
        UpdateBuf::VoteGranted { .. } => "vote_granted",
    }
}

/// Who sent the message.
pub fn sender(message: &MessageBuf) -> Uuid {
    match message {
        MessageBuf::Ping { sender, .. }
        | MessageBuf::PingReq { sender, .. }
        | MessageBuf::Ack { sender, .. }
        | MessageBuf::Join { sender, .. }
        | MessageBuf::Welcome { sender, .. }
        | MessageBuf::SlotsAnnounce { sender, .. } => *sender,
    }
}

/// Everything the message says about nodes, in its order: first about its
/// sender, then about the target, the updates' subjects (voters and
/// candidates too) or the members.
pub fn claims(message: &MessageBuf) -> Vec<Claim<'_>> {
    let mut claims = vec![Claim::about(sender(message))];
    match message {
        MessageBuf::Ping { updates, .. } | MessageBuf::Ack { updates, .. } => {
            for update in updates {
                update_claims(update, &mut claims);
            }
        }
        MessageBuf::PingReq {
            target,
            target_addr,
            ..
        } => claims.push(Claim {
            addr: Some(*target_addr),
            ..Claim::about(*target)
        }),
        MessageBuf::Join { sender_addr, .. } => {
            claims[0].addr = Some(*sender_addr);
            claims[0].state = Some("alive");
        }
        MessageBuf::Welcome { members, .. } => {
            for member in members {
                claims.push(Claim {
                    node: member.id,
                    addr: Some(member.addr),
                    state: Some("alive"),
                    incarnation: Some(member.incarnation),
                    slots: Some(&member.slots),
                });
            }
        }
        MessageBuf::SlotsAnnounce {
            incarnation, slots, ..
        } => {
            claims[0].incarnation = Some(*incarnation);
            claims[0].slots = Some(slots);
        }
    }
    claims
}

fn update_claims<'a>(update: &'a UpdateBuf, claims: &mut Vec<Claim<'a>>) {
    let claim = match update {
        UpdateBuf::Alive {
            node,
            addr,
            incarnation,
        } => Claim {
            addr: Some(*addr),
            state: Some("alive"),
            incarnation: Some(*incarnation),
            ..Claim::about(*node)
        },
        UpdateBuf::Suspect { node, incarnation } => Claim {
            state: Some("suspect"),
            incarnation: Some(*incarnation),
            ..Claim::about(*node)
        },
        UpdateBuf::Dead { node, incarnation } => Claim {
            state: Some("dead"),
            incarnation: Some(*incarnation),
            ..Claim::about(*node)
        },
        UpdateBuf::Left { node } => Claim {
            state: Some("left"),
            ..Claim::about(*node)
        },
        UpdateBuf::SlotsChanged {
            node,
            incarnation,
            slots,
        } => Claim {
            incarnation: Some(*incarnation),
            slots: Some(slots),
            ..Claim::about(*node)
        },
        UpdateBuf::RoleChanged {
            node,
            incarnation,
            replicates,
            ..
        } => {
            if let Some(primary) = replicates {
                claims.push(Claim::about(*primary));
            }
            Claim {
                incarnation: Some(*incarnation),
                ..Claim::about(*node)
            }
        }
        UpdateBuf::VoteRequest { candidate, .. } => Claim::about(*candidate),
        UpdateBuf::VoteGranted {
            from, candidate, ..
        } => {
            claims.push(Claim::about(*from));
            Claim::about(*candidate)
        }
    };
    claims.push(claim);
}

/// The first 8 hex digits of a node id: short, and enough to tell the
/// nodes of one cluster apart.
pub fn short_id(node: &Uuid) -> String {
    let mut text = node.simple().to_string();
    text.truncate(8);
    text
}

/// Slot ranges as `0-5,256-261`, or their count and slots when many.
pub fn slots_text(slots: &[SlotRange]) -> String {
    if slots.is_empty() {
        return "none".to_owned();
    }
    if slots.len() > 4 {
        let total: u32 = slots
            .iter()
            .map(|range| u32::from(range.end) - u32::from(range.start) + 1)
            .sum();
        return format!("{} ranges, {total} slots", slots.len());
    }
    let ranges: Vec<String> = slots
        .iter()
        .map(|range| {
            if range.start == range.end {
                range.start.to_string()
            } else {
                format!("{}-{}", range.start, range.end)
            }
        })
        .collect();
    ranges.join(",")
}

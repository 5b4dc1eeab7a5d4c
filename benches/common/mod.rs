//! What the benches (and the allocation test, `tests/no_alloc.rs`) share:
//! the corpus, a walk over every field of a decoded message, the same
//! message built from values, and criterion's settings.

#![allow(dead_code)] // each user takes part of it

use std::net::SocketAddr;
use std::time::Duration;

use criterion::Criterion;

use swimwire::{Member, Message, MessageBuf, Update, Updates, Uuid};

/// Criterion's settings for the wall-clock benches: short runs, so that the
/// codec bench (7 messages × 6 benches) takes about a minute and a half.
/// Raise these (or pass `--measurement-time`) for quieter numbers.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .sample_size(50)
}

/// The bench corpus (`tests/data/corpus/bench/*.hex`), smallest first.
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    corpus_in(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/bench"
    ))
}

/// The bench corpus in `dir`, for a crate that is not at the root.
pub fn corpus_in(dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut messages: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the bench corpus in tests/data")
        .map(|entry| {
            let path = entry.expect("a corpus entry").path();
            let name = path.file_stem().expect("a file name");
            let text = std::fs::read_to_string(&path).expect("a readable corpus file");
            let bytes = hex::decode(text.trim()).expect("one hex line");
            (name.to_string_lossy().into_owned(), bytes)
        })
        .collect();
    messages.sort_by_key(|(_, bytes)| bytes.len());
    messages
}

/// One message of the corpus, by name.
pub fn message(name: &str) -> Vec<u8> {
    corpus()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, bytes)| bytes)
        .expect("a message of the bench corpus")
}

fn id(id: &Uuid) -> u64 {
    let (high, low) = id.as_u64_pair();
    high ^ low
}

fn addr(addr: &SocketAddr) -> u64 {
    let ip = match addr {
        SocketAddr::V4(v4) => u64::from(v4.ip().to_bits()),
        SocketAddr::V6(v6) => {
            let bits = v6.ip().to_bits();
            (bits >> 64) as u64 ^ bits as u64
        }
    };
    ip ^ u64::from(addr.port())
}

fn slots(slots: &swimwire::Slots<'_>) -> u64 {
    let mut sum = 0;
    for range in slots {
        sum += u64::from(range.start) + u64::from(range.end);
    }
    sum
}

fn update(update: &Update<'_>) -> u64 {
    match *update {
        Update::Alive {
            node,
            addr: a,
            incarnation,
        } => id(node) ^ addr(&a) ^ incarnation,
        Update::Suspect { node, incarnation } | Update::Dead { node, incarnation } => {
            id(node) ^ incarnation
        }
        Update::Left { node } => id(node),
        Update::SlotsChanged {
            node,
            incarnation,
            slots: s,
        } => id(node) ^ incarnation ^ slots(&s),
        Update::RoleChanged {
            node,
            incarnation,
            is_primary,
            replicates,
        } => id(node) ^ incarnation ^ u64::from(is_primary) ^ replicates.map_or(0, id),
        Update::VoteRequest {
            candidate,
            epoch,
            offset,
        } => id(candidate) ^ epoch ^ offset,
        Update::VoteGranted {
            from,
            candidate,
            epoch,
        } => id(from) ^ id(candidate) ^ epoch,
    }
}

fn member(member: &Member<'_>) -> u64 {
    id(member.id)
        ^ addr(&member.addr)
        ^ member.incarnation
        ^ u64::from(member.is_primary)
        ^ slots(&member.slots)
}

/// Reads every field of every view, the way an application would (`for`
/// loops): sums the integers and folds in every id, address and slot range,
/// so that nothing can be skipped.
pub fn walk(message: &Message<'_>) -> u64 {
    match *message {
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
            let mut sum = seq ^ id(sender);
            for u in updates {
                sum = sum.wrapping_add(update(&u));
            }
            sum
        }
        Message::PingReq {
            seq,
            sender,
            target,
            target_addr,
        } => seq ^ id(sender) ^ id(target) ^ addr(&target_addr),
        Message::Join {
            sender,
            sender_addr,
        } => id(sender) ^ addr(&sender_addr),
        Message::Welcome { sender, members } => {
            let mut sum = id(sender);
            for m in members {
                sum = sum.wrapping_add(member(&m));
            }
            sum
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots: s,
        } => id(sender) ^ incarnation ^ slots(&s),
    }
}

/// The lists of a message as slices of values (`Update`, `Member`,
/// `SlotRange`), borrowing ids and ranges from an owned copy: what a sender
/// has at hand before it encodes.
pub struct Values<'a> {
    owned: &'a MessageBuf,
    updates: Vec<Update<'a>>,
    members: Vec<Member<'a>>,
}

impl<'a> Values<'a> {
    /// Prepares the value lists of `owned`.
    pub fn new(owned: &'a MessageBuf) -> Self {
        let (updates, members) = match owned {
            MessageBuf::Ping { updates, .. } | MessageBuf::Ack { updates, .. } => {
                (updates.iter().map(|u| u.as_update()).collect(), Vec::new())
            }
            MessageBuf::Welcome { members, .. } => {
                (Vec::new(), members.iter().map(|m| m.as_member()).collect())
            }
            _ => (Vec::new(), Vec::new()),
        };
        Self {
            owned,
            updates,
            members,
        }
    }

    /// The message, with every list a slice of values.
    pub fn message(&self) -> Message<'_> {
        let updates = Updates::from(&self.updates[..]);
        match self.owned {
            MessageBuf::Ping { seq, sender, .. } => Message::Ping {
                seq: *seq,
                sender,
                updates,
            },
            MessageBuf::Ack { seq, sender, .. } => Message::Ack {
                seq: *seq,
                sender,
                updates,
            },
            MessageBuf::Welcome { sender, .. } => Message::Welcome {
                sender,
                members: self.members[..].into(),
            },
            MessageBuf::SlotsAnnounce {
                sender,
                incarnation,
                slots,
            } => Message::SlotsAnnounce {
                sender,
                incarnation: *incarnation,
                slots: slots[..].into(),
            },
            other => other.as_message(),
        }
    }
}

//! The messages of the wire format (SPEC §2).

use core::net::SocketAddr;

use uuid::Uuid;

use crate::member::Members;
use crate::slots::Slots;
use crate::update::Updates;

/// One gossip message.
///
/// [`decode`](crate::decode) returns one that borrows its node ids and lists
/// from the input; one built from values borrows them from the caller. Both
/// encode the same way, and compare equal when their contents are.
///
/// ```
/// use swimwire::{Message, Update, Uuid};
///
/// let me = Uuid::from_u128(1);
/// let gone = Uuid::from_u128(2);
/// let updates = [Update::Left { node: &gone }];
/// let ping = Message::Ping { seq: 42, sender: &me, updates: updates[..].into() };
///
/// let bytes = ping.encode::<64>()?;
/// assert_eq!(bytes.len(), ping.encoded_len());
/// assert_eq!(swimwire::decode(&bytes)?, ping);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    /// Tag 1: a direct probe.
    Ping {
        /// Sequence number, echoed by the Ack.
        seq: u64,
        /// The prober.
        sender: &'a Uuid,
        /// Piggybacked membership updates.
        updates: Updates<'a>,
    },
    /// Tag 2: asks the receiver to probe `target` on the sender's behalf.
    PingReq {
        /// Sequence number, echoed by the Ack.
        seq: u64,
        /// The prober.
        sender: &'a Uuid,
        /// The node to probe.
        target: &'a Uuid,
        /// Where to probe it.
        target_addr: SocketAddr,
    },
    /// Tag 3: answers a Ping or PingReq.
    Ack {
        /// Sequence number of the probe answered.
        seq: u64,
        /// The node answering.
        sender: &'a Uuid,
        /// Piggybacked membership updates.
        updates: Updates<'a>,
    },
    /// Tag 4: a node asks to join.
    Join {
        /// The joining node.
        sender: &'a Uuid,
        /// Where it listens for gossip.
        sender_addr: SocketAddr,
    },
    /// Tag 5: answers a Join with the cluster's members.
    Welcome {
        /// The node answering.
        sender: &'a Uuid,
        /// Every member it knows.
        members: Members<'a>,
    },
    /// Tag 6: a node announces the slots it owns.
    SlotsAnnounce {
        /// The announcing node.
        sender: &'a Uuid,
        /// Its incarnation.
        incarnation: u64,
        /// The slots it owns.
        slots: Slots<'a>,
    },
}

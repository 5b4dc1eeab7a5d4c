//! Encoding messages: check everything, then measure, then write.
//!
//! Nothing is written until the whole message is known to be representable
//! and to fit, so a failed encode leaves the output as it was.

use core::convert::Infallible;
use core::net::SocketAddr;
use core::num::NonZeroU16;

use crate::decoder::{Decoder, Profile};
use crate::error::EncodeError;
use crate::member::{Member, Members};
use crate::message::Message;
use crate::slots::Slots;
use crate::update::{Update, Updates};
use crate::wire::{self, message_tag, update_tag};
use crate::writer::Writer;

/// Bytes of a tag.
const TAG: usize = 1;
/// Bytes of a list count.
const COUNT: usize = 2;
/// Bytes of a node id.
const NODE: usize = 16;
/// Bytes of a `u64`.
const U64: usize = 8;
/// Bytes of a slot range.
const RANGE: usize = size_of::<wire::SlotRange>();

/// A configured encoder: the collection limit it enforces.
///
/// [`Message::encode_into`] is `Encoder::new().encode_into`. An encoder with
/// a limit above the default writes messages that only a decoder with at
/// least that limit accepts back.
///
/// ```
/// use core::num::NonZeroU16;
/// use swimwire::{EncodeError, Encoder, Message, SlotRange, Uuid};
///
/// let me = Uuid::from_u128(1);
/// let ranges = [SlotRange::new(0, 1); 3];
/// let announce = Message::SlotsAnnounce { sender: &me, incarnation: 1, slots: ranges[..].into() };
///
/// let small = Encoder::new().with_max_collection(NonZeroU16::new(2).unwrap());
/// let mut out = [0u8; 64];
/// assert_eq!(
///     small.encode_into(&announce, &mut out),
///     Err(EncodeError::TooManyItems { count: 3, limit: 2 })
/// );
/// assert_eq!(out, [0u8; 64], "nothing written");
/// assert_eq!(Encoder::new().encode_into(&announce, &mut out), Ok(announce.encoded_len()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Encoder {
    max_collection: u16,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Encoder {
    /// An encoder with the default limit of 1024 items a list, the same as
    /// [`Decoder::new`], so that whatever it writes `decode` accepts.
    pub const fn new() -> Self {
        Self {
            max_collection: Decoder::DEFAULT_MAX_COLLECTION,
        }
    }

    /// The same encoder with another collection limit.
    #[must_use]
    pub const fn with_max_collection(self, max_collection: NonZeroU16) -> Self {
        Self {
            max_collection: max_collection.get(),
        }
    }

    /// The collection limit.
    pub const fn max_collection(&self) -> u16 {
        self.max_collection
    }

    /// Checks that `message` can be encoded: every list within the limit,
    /// every slot range valid, every address representable.
    ///
    /// # Errors
    /// The first problem found.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn check(&self, message: &Message<'_>) -> Result<(), EncodeError> {
        match message {
            Message::Ping { updates, .. } | Message::Ack { updates, .. } => {
                self.check_updates(updates)
            }
            Message::PingReq { target_addr, .. } => check_addr(target_addr),
            Message::Join { sender_addr, .. } => check_addr(sender_addr),
            Message::Welcome { members, .. } => self.check_members(members),
            Message::SlotsAnnounce { slots, .. } => self.check_slots(slots),
        }
    }

    /// Encodes `message` at the start of `out` and returns its length.
    ///
    /// # Errors
    /// What [`check`](Self::check) finds, or [`EncodeError::OutputTooSmall`].
    /// Either way `out` is left as it was.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn encode_into(&self, message: &Message<'_>, out: &mut [u8]) -> Result<usize, EncodeError> {
        self.check(message)?;
        let len = message.encoded_len();
        let available = out.len();
        let out = out.get_mut(..len).ok_or(EncodeError::OutputTooSmall {
            needed: len,
            available,
        })?;
        write_message(&mut Writer::new(out), message)?;
        Ok(len)
    }

    /// Encodes `message` into a new fixed-capacity vector.
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into), with `N` as the output size.
    pub fn encode<const N: usize>(
        &self,
        message: &Message<'_>,
    ) -> Result<heapless::Vec<u8, N>, EncodeError> {
        self.check(message)?;
        let len = message.encoded_len();
        let mut out = heapless::Vec::new();
        out.resize_default(len)
            .map_err(|_| EncodeError::OutputTooSmall {
                needed: len,
                available: N,
            })?;
        write_message(&mut Writer::new(&mut out), message)?;
        Ok(out)
    }

    /// Checks one update, as a piggyback builder needs before pushing it.
    pub(crate) fn check_update(&self, update: &Update<'_>) -> Result<(), EncodeError> {
        match update {
            Update::Alive { addr, .. } => check_addr(addr),
            Update::SlotsChanged { slots, .. } => self.check_slots(slots),
            _ => Ok(()),
        }
    }

    fn check_count(&self, count: usize) -> Result<(), EncodeError> {
        if count > usize::from(self.max_collection) {
            return Err(EncodeError::TooManyItems {
                count,
                limit: self.max_collection,
            });
        }
        Ok(())
    }

    /// Whether a decoded list needs no item checks: its decoder allowed no
    /// more items in any nested list than this encoder does.
    fn trusts(&self, decoder: Decoder) -> bool {
        decoder.max_collection() <= self.max_collection
    }

    fn check_updates(&self, updates: &Updates<'_>) -> Result<(), EncodeError> {
        self.check_count(updates.len())?;
        match updates.as_wire() {
            Some((_, decoder)) if self.trusts(decoder) => Ok(()),
            _ => updates.try_each(|update| self.check_update(update)),
        }
    }

    fn check_members(&self, members: &Members<'_>) -> Result<(), EncodeError> {
        self.check_count(members.len())?;
        match members.as_wire() {
            Some((_, decoder)) if self.trusts(decoder) => Ok(()),
            _ => members.try_each(|member| {
                check_addr(&member.addr)?;
                self.check_slots(&member.slots)
            }),
        }
    }

    fn check_slots(&self, slots: &Slots<'_>) -> Result<(), EncodeError> {
        self.check_count(slots.len())?;
        if slots.as_wire().is_some() {
            return Ok(()); // validated by the decoder
        }
        match slots.iter().find(|range| !range.is_valid()) {
            Some(range) => Err(EncodeError::InvalidSlotRange {
                start: range.start,
                end: range.end,
            }),
            None => Ok(()),
        }
    }
}

fn check_addr(addr: &SocketAddr) -> Result<(), EncodeError> {
    match addr {
        SocketAddr::V6(v6) if v6.flowinfo() != 0 || v6.scope_id() != 0 => {
            Err(EncodeError::UnrepresentableAddress)
        }
        _ => Ok(()),
    }
}

impl Message<'_> {
    /// The number of bytes [`encode_into`](Self::encode_into) writes.
    ///
    /// For a decoded message this is the length of what was decoded (less
    /// any trailing bytes the lenient profile ignored).
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn encoded_len(&self) -> usize {
        let body = match self {
            Message::Ping { updates, .. } | Message::Ack { updates, .. } => {
                (U64 + NODE + COUNT).saturating_add(updates_len(updates))
            }
            Message::PingReq { target_addr, .. } => {
                const { U64 + NODE + NODE }.saturating_add(wire::addr_len(target_addr))
            }
            Message::Join { sender_addr, .. } => NODE.saturating_add(wire::addr_len(sender_addr)),
            Message::Welcome { members, .. } => (NODE + COUNT).saturating_add(members_len(members)),
            Message::SlotsAnnounce { slots, .. } => (NODE + U64).saturating_add(slots_len(slots)),
        };
        body.saturating_add(TAG)
    }

    /// Encodes this message with the default limit (see [`Encoder`]) at the
    /// start of `out`, and returns its length.
    ///
    /// # Errors
    /// A list over 1024 items, an invalid slot range, an IPv6 address with a
    /// flow label or scope id, or an `out` shorter than
    /// [`encoded_len`](Self::encoded_len). Either way `out` is left as it was.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        Encoder::new().encode_into(self, out)
    }

    /// Encodes this message with the default limit into a fixed-capacity
    /// vector of at most `N` bytes.
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into).
    pub fn encode<const N: usize>(&self) -> Result<heapless::Vec<u8, N>, EncodeError> {
        Encoder::new().encode(self)
    }
}

impl Update<'_> {
    /// The number of bytes this update takes on the wire, tag included.
    ///
    /// ```
    /// use swimwire::{Update, Uuid};
    /// let node = Uuid::nil();
    /// assert_eq!(Update::Left { node: &node }.encoded_len(), 17);
    /// ```
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn encoded_len(&self) -> usize {
        let body = match self {
            Update::Alive { addr, .. } => const { NODE + U64 }.saturating_add(wire::addr_len(addr)),
            Update::Suspect { .. } | Update::Dead { .. } => NODE + U64,
            Update::Left { .. } => NODE,
            Update::SlotsChanged { slots, .. } => (NODE + U64).saturating_add(slots_len(slots)),
            Update::RoleChanged {
                replicates: None, ..
            } => NODE + U64 + 2,
            Update::RoleChanged {
                replicates: Some(_),
                ..
            } => NODE + U64 + 2 + NODE,
            Update::VoteRequest { .. } => NODE + U64 + U64,
            Update::VoteGranted { .. } => NODE + NODE + U64,
        };
        body.saturating_add(TAG)
    }
}

impl Member<'_> {
    /// The number of bytes this member takes on the wire.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn encoded_len(&self) -> usize {
        const { NODE + U64 + 1 }
            .saturating_add(wire::addr_len(&self.addr))
            .saturating_add(slots_len(&self.slots))
    }
}

fn updates_len(updates: &Updates<'_>) -> usize {
    match updates.as_wire() {
        Some((bytes, _)) => bytes.len(),
        None => {
            let mut len = 0usize;
            let Ok(()) = updates.try_each(|update| {
                len = len.saturating_add(update.encoded_len());
                Ok::<_, Infallible>(())
            });
            len
        }
    }
}

fn members_len(members: &Members<'_>) -> usize {
    match members.as_wire() {
        Some((bytes, _)) => bytes.len(),
        None => {
            let mut len = 0usize;
            let Ok(()) = members.try_each(|member| {
                len = len.saturating_add(member.encoded_len());
                Ok::<_, Infallible>(())
            });
            len
        }
    }
}

fn slots_len(slots: &Slots<'_>) -> usize {
    slots.len().saturating_mul(RANGE).saturating_add(COUNT)
}

/// A list length as a wire count; lengths were checked against the limit.
fn count(len: usize) -> Result<u16, EncodeError> {
    u16::try_from(len).map_err(|_| EncodeError::TooManyItems {
        count: len,
        limit: u16::MAX,
    })
}

pub(crate) fn write_message(w: &mut Writer<'_>, message: &Message<'_>) -> Result<(), EncodeError> {
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
            let tag = if matches!(message, Message::Ping { .. }) {
                message_tag::PING
            } else {
                message_tag::ACK
            };
            w.u8(tag)?;
            w.u64(*seq)?;
            w.node_id(sender)?;
            write_updates(w, updates)
        }
        Message::PingReq {
            seq,
            sender,
            target,
            target_addr,
        } => {
            w.u8(message_tag::PING_REQ)?;
            w.u64(*seq)?;
            w.node_id(sender)?;
            w.node_id(target)?;
            w.addr(target_addr)
        }
        Message::Join {
            sender,
            sender_addr,
        } => {
            w.u8(message_tag::JOIN)?;
            w.node_id(sender)?;
            w.addr(sender_addr)
        }
        Message::Welcome { sender, members } => {
            w.u8(message_tag::WELCOME)?;
            w.node_id(sender)?;
            write_members(w, members)
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots,
        } => {
            w.u8(message_tag::SLOTS_ANNOUNCE)?;
            w.node_id(sender)?;
            w.u64(*incarnation)?;
            write_slots(w, slots)
        }
    }
}

/// Strictly decoded bytes are canonical: they are their own encoding.
fn canonical(wire: Option<(&[u8], Decoder)>) -> Option<&[u8]> {
    wire.and_then(|(bytes, decoder)| (decoder.profile() == Profile::Strict).then_some(bytes))
}

fn write_updates(w: &mut Writer<'_>, updates: &Updates<'_>) -> Result<(), EncodeError> {
    w.u16(count(updates.len())?)?;
    match canonical(updates.as_wire()) {
        Some(bytes) => w.put(bytes),
        None => updates.try_each(|update| write_update(w, update)),
    }
}

#[inline]
pub(crate) fn write_update(w: &mut Writer<'_>, update: &Update<'_>) -> Result<(), EncodeError> {
    match update {
        Update::Alive {
            node,
            addr,
            incarnation,
        } => {
            w.u8(update_tag::ALIVE)?;
            w.node_id(node)?;
            w.addr(addr)?;
            w.u64(*incarnation)
        }
        Update::Suspect { node, incarnation } => {
            w.u8(update_tag::SUSPECT)?;
            w.node_id(node)?;
            w.u64(*incarnation)
        }
        Update::Dead { node, incarnation } => {
            w.u8(update_tag::DEAD)?;
            w.node_id(node)?;
            w.u64(*incarnation)
        }
        Update::Left { node } => {
            w.u8(update_tag::LEFT)?;
            w.node_id(node)
        }
        Update::SlotsChanged {
            node,
            incarnation,
            slots,
        } => {
            w.u8(update_tag::SLOTS_CHANGED)?;
            w.node_id(node)?;
            w.u64(*incarnation)?;
            write_slots(w, slots)
        }
        Update::RoleChanged {
            node,
            incarnation,
            is_primary,
            replicates,
        } => {
            w.u8(update_tag::ROLE_CHANGED)?;
            w.node_id(node)?;
            w.u64(*incarnation)?;
            w.bool(*is_primary)?;
            w.bool(replicates.is_some())?;
            match replicates {
                Some(primary) => w.node_id(primary),
                None => Ok(()),
            }
        }
        Update::VoteRequest {
            candidate,
            epoch,
            offset,
        } => {
            w.u8(update_tag::VOTE_REQUEST)?;
            w.node_id(candidate)?;
            w.u64(*epoch)?;
            w.u64(*offset)
        }
        Update::VoteGranted {
            from,
            candidate,
            epoch,
        } => {
            w.u8(update_tag::VOTE_GRANTED)?;
            w.node_id(from)?;
            w.node_id(candidate)?;
            w.u64(*epoch)
        }
    }
}

fn write_members(w: &mut Writer<'_>, members: &Members<'_>) -> Result<(), EncodeError> {
    w.u16(count(members.len())?)?;
    match canonical(members.as_wire()) {
        Some(bytes) => w.put(bytes),
        None => members.try_each(|member| {
            w.node_id(member.id)?;
            w.addr(&member.addr)?;
            w.u64(member.incarnation)?;
            w.bool(member.is_primary)?;
            write_slots(w, &member.slots)
        }),
    }
}

fn write_slots(w: &mut Writer<'_>, slots: &Slots<'_>) -> Result<(), EncodeError> {
    w.u16(count(slots.len())?)?;
    match slots.as_wire() {
        Some(ranges) => w.put(zerocopy::IntoBytes::as_bytes(ranges)),
        None => slots.iter().try_for_each(|range| {
            let [start, end] = [range.start.to_le_bytes(), range.end.to_le_bytes()];
            w.put(&[start[0], start[1], end[0], end[1]])
        }),
    }
}

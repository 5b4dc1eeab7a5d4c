//! Validation of whole messages: the only place that decides what is accepted.
//!
//! [`Decoder::decode`] reads the input front to back once, checking every
//! length before reading and every tag, family, bool, count and slot range
//! as it meets them, and stops at the first problem. What it returns holds
//! only validated bytes, so reading it later (the lists' iterators) cannot
//! fail: the smoltcp `check_len`-then-accessors contract.

use core::num::NonZeroU16;

use zerocopy::little_endian::U64;

use crate::error::{DecodeError, ErrorKind};
use crate::member::Members;
use crate::message::Message;
use crate::reader::Reader;
use crate::slots::{SlotRange, Slots};
use crate::update::Updates;
use crate::wire::{self, AddrV4, AddrV6, message_tag, update_tag};

/// Which encodings the decoder accepts (SPEC §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Only canonical encodings: `bool` bytes are 0 or 1 and nothing follows
    /// the message, so `encode(decode(b)) == b` for every accepted `b`.
    #[default]
    Strict,
    /// What ember nodes accept: any non-zero `bool` byte is true, and bytes
    /// after the message are ignored (and counted, see
    /// [`Decoder::decode_with_trailing`]).
    Lenient,
}

/// A configured decoder: profile and collection limit.
///
/// [`decode`](crate::decode) is `Decoder::new().decode`.
///
/// ```
/// use core::num::NonZeroU16;
/// use swimwire::{Decoder, ErrorKind, Profile};
///
/// let decoder = Decoder::new()
///     .with_profile(Profile::Lenient)
///     .with_max_collection(NonZeroU16::new(16).unwrap());
///
/// // A Join followed by two stray bytes.
/// let mut bytes = hex::decode("040000000000000000000000000000000004c0a800011e1b").unwrap();
/// bytes.extend_from_slice(&[0xde, 0xad]);
/// let (message, trailing) = decoder.decode_with_trailing(&bytes)?;
/// assert_eq!(trailing, 2);
/// assert!(matches!(message, swimwire::Message::Join { .. }));
///
/// // The strict default rejects them.
/// assert_eq!(swimwire::decode(&bytes).unwrap_err().kind(), ErrorKind::TrailingBytes);
/// # Ok::<(), swimwire::DecodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decoder {
    profile: Profile,
    max_collection: u16,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// The collection limit ember nodes enforce, and the default.
    pub const DEFAULT_MAX_COLLECTION: u16 = 1024;

    /// The strict profile with the default limit of 1024.
    pub const fn new() -> Self {
        Self {
            profile: Profile::Strict,
            max_collection: Self::DEFAULT_MAX_COLLECTION,
        }
    }

    /// The same decoder with another profile.
    #[must_use]
    pub const fn with_profile(self, profile: Profile) -> Self {
        Self { profile, ..self }
    }

    /// The same decoder with another limit on the number of updates, members
    /// and slot ranges in one list (1 to 65535).
    #[must_use]
    pub const fn with_max_collection(self, max_collection: NonZeroU16) -> Self {
        Self {
            max_collection: max_collection.get(),
            ..self
        }
    }

    /// The profile.
    pub const fn profile(&self) -> Profile {
        self.profile
    }

    /// The collection limit.
    pub const fn max_collection(&self) -> u16 {
        self.max_collection
    }

    /// Validates one whole message and returns a view of it.
    ///
    /// # Errors
    /// The first problem met reading front to back (SPEC §4). In the lenient
    /// profile, bytes after the message are not an error.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    pub fn decode<'a>(&self, input: &'a [u8]) -> Result<Message<'a>, DecodeError> {
        let mut reader = Reader::new(input);
        let message = self.message(&mut reader)?;
        if !reader.rest().is_empty() && self.profile == Profile::Strict {
            return Err(reader.error_here(ErrorKind::TrailingBytes));
        }
        Ok(message)
    }

    /// Like [`decode`](Self::decode), and also says how many bytes after the
    /// message were ignored (always 0 in the strict profile).
    ///
    /// # Errors
    /// As [`decode`](Self::decode).
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn decode_with_trailing<'a>(
        &self,
        input: &'a [u8],
    ) -> Result<(Message<'a>, usize), DecodeError> {
        let message = self.decode(input)?;
        // A decoded message encodes to exactly the bytes it was read from.
        let trailing = input.len().saturating_sub(message.encoded_len());
        Ok((message, trailing))
    }

    /// Reads one whole message. Inlined into `decode`, its one caller, so
    /// that the reader stays in registers through the loops.
    #[inline(always)]
    fn message<'a>(&self, r: &mut Reader<'a>) -> Result<Message<'a>, DecodeError> {
        match r.u8()? {
            tag @ (message_tag::PING | message_tag::ACK) => {
                let header = r.record::<wire::ProbeHeader>()?;
                let seq = header.seq.get();
                let sender = uuid::Uuid::from_bytes_ref(&header.sender);
                let updates = self.updates(r)?;
                Ok(if tag == message_tag::PING {
                    Message::Ping {
                        seq,
                        sender,
                        updates,
                    }
                } else {
                    Message::Ack {
                        seq,
                        sender,
                        updates,
                    }
                })
            }
            message_tag::PING_REQ => {
                let header = r.record::<wire::PingReqHeader>()?;
                Ok(Message::PingReq {
                    seq: header.seq.get(),
                    sender: uuid::Uuid::from_bytes_ref(&header.sender),
                    target: uuid::Uuid::from_bytes_ref(&header.target),
                    target_addr: r.addr()?,
                })
            }
            message_tag::JOIN => Ok(Message::Join {
                sender: r.node_id()?,
                sender_addr: r.addr()?,
            }),
            message_tag::WELCOME => Ok(Message::Welcome {
                sender: r.node_id()?,
                members: self.members(r)?,
            }),
            message_tag::SLOTS_ANNOUNCE => {
                let header = r.record::<wire::NodeIncarnation>()?;
                Ok(Message::SlotsAnnounce {
                    sender: uuid::Uuid::from_bytes_ref(&header.node),
                    incarnation: header.incarnation.get(),
                    slots: self.slots(r)?,
                })
            }
            _ => Err(DecodeError::new(ErrorKind::UnknownMessageType, 0)),
        }
    }

    fn updates<'a>(&self, r: &mut Reader<'a>) -> Result<Updates<'a>, DecodeError> {
        let count = r.count(self.max_collection)?;
        let start = *r;
        for _ in 0..count {
            self.update(r)?;
        }
        Ok(Updates::wire(r.since(&start), count, *self))
    }

    /// Checks one update and steps over it. Nothing is built: the view reads
    /// it again when it is iterated (`Update::read`).
    #[inline]
    fn update(&self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let at = *r;
        match r.u8()? {
            update_tag::ALIVE => {
                if whole_alive::<AddrV4>(r) || whole_alive::<AddrV6>(r) {
                    return Ok(());
                }
                // Cut short or of no known family: field by field, to say
                // what is wrong and where.
                r.record::<wire::NodeIdBytes>()?;
                r.addr()?;
                r.record::<U64>().map(drop)
            }
            update_tag::SUSPECT | update_tag::DEAD => r.record::<wire::NodeIncarnation>().map(drop),
            update_tag::LEFT => r.record::<wire::NodeIdBytes>().map(drop),
            update_tag::SLOTS_CHANGED => {
                r.record::<wire::NodeIncarnation>()?;
                self.slots(r).map(drop)
            }
            update_tag::ROLE_CHANGED => {
                r.record::<wire::NodeIncarnation>()?;
                r.bool(self.profile)?;
                if r.bool(self.profile)? {
                    r.record::<wire::NodeIdBytes>()?;
                }
                Ok(())
            }
            update_tag::VOTE_REQUEST => r.record::<wire::VoteRequest>().map(drop),
            update_tag::VOTE_GRANTED => r.record::<wire::VoteGranted>().map(drop),
            _ => Err(at.error_here(ErrorKind::UnknownUpdateType)),
        }
    }

    fn members<'a>(&self, r: &mut Reader<'a>) -> Result<Members<'a>, DecodeError> {
        let count = r.count(self.max_collection)?;
        let start = *r;
        for _ in 0..count {
            self.member(r)?;
        }
        Ok(Members::wire(r.since(&start), count, *self))
    }

    /// Checks one member and steps over it, like [`update`](Self::update).
    #[inline]
    fn member(&self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let slot_count = match self
            .whole_member::<AddrV4>(r)
            .or_else(|| self.whole_member::<AddrV6>(r))
        {
            Some(count) => count,
            // Cut short or wrong somewhere: field by field, to say what is
            // wrong and where.
            None => {
                r.record::<wire::NodeIdBytes>()?;
                r.addr()?;
                r.record::<U64>()?;
                r.bool(self.profile)?;
                r.count(self.max_collection)?
            }
        };
        self.ranges(r, slot_count).map(drop)
    }

    /// Steps over a member up to its slot ranges if it is whole, has an
    /// address of family `A` and a valid `bool` and count: the one length
    /// check most members need. Returns the count of slot ranges.
    #[inline]
    fn whole_member<A: wire::Addr>(&self, r: &mut Reader<'_>) -> Option<u16> {
        let valid = |member: &wire::Member<A>| {
            member.family == A::FAMILY
                && (member.is_primary <= 1 || self.profile == Profile::Lenient)
                && member.slot_count.get() <= self.max_collection
        };
        r.whole(valid).map(|member| member.slot_count.get())
    }

    /// Reads a count and that many slot ranges.
    #[inline(always)]
    fn slots<'a>(&self, r: &mut Reader<'a>) -> Result<Slots<'a>, DecodeError> {
        let count = r.count(self.max_collection)?;
        self.ranges(r, count)
    }

    /// Reads `count` slot ranges. An invalid range is reported before a
    /// truncation that follows it. (This and `slots` are always inlined, so
    /// that the reader stays in registers in the loops that call them.)
    #[inline(always)]
    fn ranges<'a>(&self, r: &mut Reader<'a>, count: u16) -> Result<Slots<'a>, DecodeError> {
        let start = *r;
        let Ok(ranges) = r.records::<wire::SlotRange>(usize::from(count)) else {
            return Err(cut_ranges(r));
        };
        if !all_valid(ranges) {
            return Err(first_invalid(ranges, &start));
        }
        Ok(Slots::wire(ranges))
    }
}

/// Steps over an Alive update (after its tag) if it is whole and has an
/// address of family `A`: the one length check most Alive updates need.
#[inline]
fn whole_alive<A: wire::Addr>(r: &mut Reader<'_>) -> bool {
    r.whole(|alive: &wire::Alive<A>| alive.family == A::FAMILY)
        .is_some()
}

/// Whether every range is valid. Blocks of eight are checked without an
/// exit in between, so that they run on vectors; the rest one by one.
#[inline]
fn all_valid(ranges: &[wire::SlotRange]) -> bool {
    let valid = |raw: &wire::SlotRange| SlotRange::from(raw).is_valid();
    let (blocks, rest) = ranges.as_chunks::<8>();
    blocks
        .iter()
        .all(|block| block.iter().fold(true, |all, raw| all & valid(raw)))
        && rest.iter().all(valid)
}

/// The error for the first invalid range of `ranges`, read from `start`.
#[cold]
fn first_invalid(ranges: &[wire::SlotRange], start: &Reader<'_>) -> DecodeError {
    let bad = ranges
        .iter()
        .position(|raw| !SlotRange::from(raw).is_valid())
        .unwrap_or_default();
    let at = bad
        .saturating_mul(size_of::<wire::SlotRange>())
        .saturating_add(start.offset());
    DecodeError::new(ErrorKind::InvalidSlotRange, at)
}

/// The error for slot ranges that the input cuts short, read from `r`: the
/// first invalid one of those that are there, or else where they stop.
#[cold]
fn cut_ranges(r: &Reader<'_>) -> DecodeError {
    let mut r = *r;
    let present = r
        .rest()
        .len()
        .checked_div(size_of::<wire::SlotRange>())
        .unwrap_or(0);
    let start = r;
    match r.records::<wire::SlotRange>(present) {
        Ok(ranges) if !all_valid(ranges) => first_invalid(ranges, &start),
        _ => r.error_here(ErrorKind::Truncated),
    }
}

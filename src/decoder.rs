//! Validation of whole messages: the only place that decides what is accepted.
//!
//! [`Decoder::decode`] reads the input front to back once, checking every
//! length before reading and every tag, family, bool, count and slot range
//! as it meets them, and stops at the first problem. What it returns holds
//! only validated bytes, so reading it later (the lists' iterators) cannot
//! fail: the smoltcp `check_len`-then-accessors contract.

use core::num::NonZeroU16;

use crate::error::{DecodeError, ErrorKind};
use crate::member::{Member, Members};
use crate::message::Message;
use crate::reader::Reader;
use crate::slots::{SlotRange, Slots};
use crate::update::{Update, Updates};
use crate::wire::{self, message_tag, update_tag};

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

    /// For re-reading bytes that were validated already: it accepts
    /// everything any configuration accepts and reads bools as ember does.
    pub(crate) const REREAD: Self = Self {
        profile: Profile::Lenient,
        max_collection: u16::MAX,
    };

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
    #[cfg_attr(feature = "no-panic", no_panic::no_panic)]
    pub fn decode<'a>(&self, input: &'a [u8]) -> Result<Message<'a>, DecodeError> {
        self.decode_with_trailing(input).map(|(message, _)| message)
    }

    /// Like [`decode`](Self::decode), and also says how many bytes after the
    /// message were ignored (always 0 in the strict profile).
    ///
    /// # Errors
    /// As [`decode`](Self::decode).
    #[cfg_attr(feature = "no-panic", no_panic::no_panic)]
    pub fn decode_with_trailing<'a>(
        &self,
        input: &'a [u8],
    ) -> Result<(Message<'a>, usize), DecodeError> {
        let mut reader = Reader::new(input);
        let message = self.message(&mut reader)?;
        let trailing = reader.rest().len();
        if trailing > 0 && self.profile == Profile::Strict {
            return Err(reader.error_here(ErrorKind::TrailingBytes));
        }
        Ok((message, trailing))
    }

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

    /// Reads one update; also used to re-read validated ones.
    #[inline]
    pub(crate) fn update<'a>(&self, r: &mut Reader<'a>) -> Result<Update<'a>, DecodeError> {
        let at = r.offset();
        match r.u8()? {
            update_tag::ALIVE => Ok(Update::Alive {
                node: r.node_id()?,
                addr: r.addr()?,
                incarnation: r.u64()?,
            }),
            update_tag::SUSPECT => {
                let raw = r.record::<wire::NodeIncarnation>()?;
                Ok(Update::Suspect {
                    node: uuid::Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                })
            }
            update_tag::DEAD => {
                let raw = r.record::<wire::NodeIncarnation>()?;
                Ok(Update::Dead {
                    node: uuid::Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                })
            }
            update_tag::LEFT => Ok(Update::Left { node: r.node_id()? }),
            update_tag::SLOTS_CHANGED => {
                let raw = r.record::<wire::NodeIncarnation>()?;
                Ok(Update::SlotsChanged {
                    node: uuid::Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                    slots: self.slots(r)?,
                })
            }
            update_tag::ROLE_CHANGED => {
                let raw = r.record::<wire::NodeIncarnation>()?;
                let is_primary = r.bool(self.profile)?;
                let replicates = if r.bool(self.profile)? {
                    Some(r.node_id()?)
                } else {
                    None
                };
                Ok(Update::RoleChanged {
                    node: uuid::Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                    is_primary,
                    replicates,
                })
            }
            update_tag::VOTE_REQUEST => {
                let raw = r.record::<wire::VoteRequest>()?;
                Ok(Update::VoteRequest {
                    candidate: uuid::Uuid::from_bytes_ref(&raw.candidate),
                    epoch: raw.epoch.get(),
                    offset: raw.offset.get(),
                })
            }
            update_tag::VOTE_GRANTED => {
                let raw = r.record::<wire::VoteGranted>()?;
                Ok(Update::VoteGranted {
                    from: uuid::Uuid::from_bytes_ref(&raw.from),
                    candidate: uuid::Uuid::from_bytes_ref(&raw.candidate),
                    epoch: raw.epoch.get(),
                })
            }
            _ => Err(DecodeError::new(ErrorKind::UnknownUpdateType, at)),
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

    /// Reads one member; also used to re-read validated ones.
    #[inline]
    pub(crate) fn member<'a>(&self, r: &mut Reader<'a>) -> Result<Member<'a>, DecodeError> {
        Ok(Member {
            id: r.node_id()?,
            addr: r.addr()?,
            incarnation: r.u64()?,
            is_primary: r.bool(self.profile)?,
            slots: self.slots(r)?,
        })
    }

    /// Reads a count and that many slot ranges, checking each range before
    /// looking for the next, so that an invalid range is reported before a
    /// truncation that follows it.
    fn slots<'a>(&self, r: &mut Reader<'a>) -> Result<Slots<'a>, DecodeError> {
        let count = usize::from(r.count(self.max_collection)?);
        let start = r.offset();
        let present = count.min(
            r.rest()
                .len()
                .checked_div(size_of::<wire::SlotRange>())
                .unwrap_or(0),
        );
        let ranges = r.records::<wire::SlotRange>(present)?;
        if let Some(bad) = ranges
            .iter()
            .position(|raw| !SlotRange::from(raw).is_valid())
        {
            let at = bad
                .saturating_mul(size_of::<wire::SlotRange>())
                .saturating_add(start);
            return Err(DecodeError::new(ErrorKind::InvalidSlotRange, at));
        }
        if present < count {
            return Err(r.error_here(ErrorKind::Truncated));
        }
        Ok(Slots::wire(ranges))
    }
}

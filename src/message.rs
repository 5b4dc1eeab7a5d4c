//! The messages of the wire format (SPEC §2): each message's tag and
//! layout, its read (validation), its length, check and write.

use core::convert::Infallible;
use core::marker::PhantomData;
use core::net::SocketAddr;

use uuid::Uuid;
use zerocopy::little_endian::U64;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::encoder::{Encoder, Problem};
use crate::error::{DecodeError, EncodeError, ErrorKind};
use crate::list::{Item, List, View};
use crate::member::Members;
use crate::reader::{Reader, Source};
use crate::slots::Slots;
use crate::update::Updates;
use crate::wire::{self, Addr, AddrV4, AddrV6, ByFamily, Layout, NodeIdBytes, layout};
use crate::writer::{Writer, fill};

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
/// let mut bytes = heapless::Vec::<u8, 64>::new();
/// assert_eq!(ping.encode(&mut bytes)?, ping.encoded_len());
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

/// Message tags.
pub(crate) mod tag {
    pub const PING: u8 = 1;
    pub const PING_REQ: u8 = 2;
    pub const ACK: u8 = 3;
    pub const JOIN: u8 = 4;
    pub const WELCOME: u8 = 5;
    pub const SLOTS_ANNOUNCE: u8 = 6;
}

/// Ping and Ack, up to the updates' count.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub(crate) struct ProbeHeader {
    tag: u8,
    seq: U64,
    sender: NodeIdBytes,
}
layout!(ProbeHeader: tag, seq, sender);

impl ProbeHeader {
    /// Fills in the header of a Ping or Ack (`kind`).
    #[inline(always)]
    pub(crate) fn fill(&mut self, kind: u8, seq: u64, sender: &Uuid) {
        fill!(
            self,
            ProbeHeader {
                tag: kind,
                seq: seq.into(),
                sender: *sender.as_bytes(),
            }
        );
    }
}

/// PingReq, for a target address of one family.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct PingReq<A> {
    tag: u8,
    seq: U64,
    sender: NodeIdBytes,
    target: NodeIdBytes,
    family: u8,
    target_addr: A,
}
layout!(PingReq<AddrV4>: tag, seq, sender, target, family, target_addr.ip, target_addr.port);
layout!(PingReq<AddrV6>: tag, seq, sender, target, family, target_addr.ip, target_addr.port);

/// Join, for an address of one family.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct Join<A> {
    tag: u8,
    sender: NodeIdBytes,
    family: u8,
    sender_addr: A,
}
layout!(Join<AddrV4>: tag, sender, family, sender_addr.ip, sender_addr.port);
layout!(Join<AddrV6>: tag, sender, family, sender_addr.ip, sender_addr.port);

/// Welcome, up to the members' count.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct WelcomeHeader {
    tag: u8,
    sender: NodeIdBytes,
}
layout!(WelcomeHeader: tag, sender);

/// SlotsAnnounce, up to the slots' count.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct SlotsAnnounceHeader {
    tag: u8,
    sender: NodeIdBytes,
    incarnation: U64,
}
layout!(SlotsAnnounceHeader: tag, sender, incarnation);

impl<A: Addr> PingReq<A> {
    #[inline]
    fn view(&self) -> Message<'_> {
        Message::PingReq {
            seq: self.seq.get(),
            sender: Uuid::from_bytes_ref(&self.sender),
            target: Uuid::from_bytes_ref(&self.target),
            target_addr: self.target_addr.get(),
        }
    }

    #[inline(always)]
    fn fill(&mut self, seq: u64, sender: &Uuid, target: &Uuid, address: A) {
        fill!(
            self,
            PingReq::<A> {
                tag: tag::PING_REQ,
                seq: seq.into(),
                sender: *sender.as_bytes(),
                target: *target.as_bytes(),
                family: A::FAMILY,
                target_addr: address,
            }
        );
    }
}

impl<A: Addr> Join<A> {
    #[inline]
    fn view(&self) -> Message<'_> {
        Message::Join {
            sender: Uuid::from_bytes_ref(&self.sender),
            sender_addr: self.sender_addr.get(),
        }
    }

    #[inline(always)]
    fn fill(&mut self, sender: &Uuid, address: A) {
        fill!(
            self,
            Join::<A> {
                tag: tag::JOIN,
                sender: *sender.as_bytes(),
                family: A::FAMILY,
                sender_addr: address,
            }
        );
    }
}

/// Where the family byte of PingReq's target address is.
const PING_REQ_FAMILY_AT: usize = core::mem::offset_of!(PingReq<AddrV4>, family);
/// Where the family byte of Join's address is.
const JOIN_FAMILY_AT: usize = core::mem::offset_of!(Join<AddrV4>, family);

impl<'a> Message<'a> {
    /// Reads and validates one whole message. Inlined into the decoder's
    /// entry points, so that the reader stays in registers through the
    /// loops.
    #[inline(always)]
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        match r.peek(0) {
            Some(tag @ (tag::PING | tag::ACK)) => {
                let header = r.record::<ProbeHeader>()?;
                let (seq, sender) = (header.seq.get(), Uuid::from_bytes_ref(&header.sender));
                let updates = Updates::decode(r)?;
                Ok(match tag {
                    tag::PING => Message::Ping {
                        seq,
                        sender,
                        updates,
                    },
                    _ => Message::Ack {
                        seq,
                        sender,
                        updates,
                    },
                })
            }
            Some(tag::PING_REQ) => {
                match r.by_family::<PingReq<AddrV4>, PingReq<AddrV6>>(PING_REQ_FAMILY_AT)? {
                    ByFamily::V4(raw) => Ok(raw.view()),
                    ByFamily::V6(raw) => Ok(raw.view()),
                }
            }
            Some(tag::JOIN) => match r.by_family::<Join<AddrV4>, Join<AddrV6>>(JOIN_FAMILY_AT)? {
                ByFamily::V4(raw) => Ok(raw.view()),
                ByFamily::V6(raw) => Ok(raw.view()),
            },
            Some(tag::WELCOME) => {
                let header = r.record::<WelcomeHeader>()?;
                Ok(Message::Welcome {
                    sender: Uuid::from_bytes_ref(&header.sender),
                    members: Members::decode(r)?,
                })
            }
            Some(tag::SLOTS_ANNOUNCE) => {
                let header = r.record::<SlotsAnnounceHeader>()?;
                Ok(Message::SlotsAnnounce {
                    sender: Uuid::from_bytes_ref(&header.sender),
                    incarnation: header.incarnation.get(),
                    slots: Slots::read(r)?,
                })
            }
            Some(_) => Err(r.error(ErrorKind::UnknownMessageType, 0)),
            None => Err(r.error(ErrorKind::Truncated, 0)),
        }
    }

    /// The tag, seq, sender and updates of a Ping or Ack.
    #[inline]
    fn probe(&self) -> Option<(u8, u64, &'a Uuid, &Updates<'a>)> {
        match self {
            Message::Ping {
                seq,
                sender,
                updates,
            } => Some((tag::PING, *seq, sender, updates)),
            Message::Ack {
                seq,
                sender,
                updates,
            } => Some((tag::ACK, *seq, sender, updates)),
            _ => None,
        }
    }

    /// The number of bytes [`encode_into`](Self::encode_into) writes.
    ///
    /// For a decoded message this is the length of what was decoded (less
    /// any trailing bytes the lenient profile ignored).
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn encoded_len(&self) -> usize {
        let Ok(len) = self.encode_with(&mut Lengths, |_| Ok(None));
        len
    }

    /// Checks that `encoder` can write this message, and measures it.
    #[inline]
    pub(crate) fn measure<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P> {
        self.encode_with(&mut Checked::new(encoder), |_| Ok(None))
    }

    /// Checks that `encoder` can write this message, measures it, and
    /// writes it into the bytes `out` gives for its length, if it gives any.
    /// Every check comes before `out` is asked, so a failed encode writes
    /// nothing. Each message is measured and written in one arm, so the
    /// encoder looks at its kind and its list once (`join_v4` re-encodes in a
    /// quarter fewer instructions than as a measure followed by a write).
    #[inline(always)]
    pub(crate) fn encode_with<'o, M: Measure>(
        &self,
        fields: &mut M,
        out: impl FnOnce(usize) -> Result<Option<&'o mut [u8]>, M::Error>,
    ) -> Result<usize, M::Error> {
        if let Some((tag, seq, sender, updates)) = self.probe() {
            return with_list(
                |header| ProbeHeader::fill(header, tag, seq, sender),
                fields.list(updates, "updates")?,
                out,
                |w| updates.write(w),
            );
        }
        match *self {
            Message::PingReq {
                seq,
                sender,
                target,
                target_addr,
            } => match fields.addr(target_addr, "target_addr")? {
                SocketAddr::V4(addr) => record(
                    |r| PingReq::fill(r, seq, sender, target, AddrV4::from(&addr)),
                    out,
                ),
                SocketAddr::V6(addr) => record(
                    |r| PingReq::fill(r, seq, sender, target, AddrV6::from(&addr)),
                    out,
                ),
            },
            Message::Join {
                sender,
                sender_addr,
            } => match fields.addr(sender_addr, "sender_addr")? {
                SocketAddr::V4(addr) => record(|r| Join::fill(r, sender, AddrV4::from(&addr)), out),
                SocketAddr::V6(addr) => record(|r| Join::fill(r, sender, AddrV6::from(&addr)), out),
            },
            Message::Welcome { sender, members } => with_list(
                |header| {
                    fill!(
                        header,
                        WelcomeHeader {
                            tag: tag::WELCOME,
                            sender: *sender.as_bytes(),
                        }
                    )
                },
                fields.list(&members, "members")?,
                out,
                |w| members.write(w),
            ),
            Message::SlotsAnnounce {
                sender,
                incarnation,
                slots,
            } => with_list(
                |header| {
                    fill!(
                        header,
                        SlotsAnnounceHeader {
                            tag: tag::SLOTS_ANNOUNCE,
                            sender: *sender.as_bytes(),
                            incarnation: incarnation.into(),
                        }
                    )
                },
                fields.list(&slots, "slots")?,
                out,
                |w| slots.write(w),
            ),
            // Encoded above.
            Message::Ping { .. } | Message::Ack { .. } => Ok(0),
        }
    }
}

/// A message that is one record (of layout `T`): its length, and the record
/// filled in (`fill`) in the bytes `out` gives for it.
#[inline(always)]
fn record<'o, T: Layout, E>(
    fill: impl FnOnce(&mut T),
    out: impl FnOnce(usize) -> Result<Option<&'o mut [u8]>, E>,
) -> Result<usize, E> {
    let len = size_of::<T>();
    if let Some(out) = out(len)? {
        Writer::new(out).put(fill);
    }
    Ok(len)
}

/// A message that is a header (of layout `H`) and a list of `list_len`
/// bytes: its length, and the header filled in (`header`) and the list
/// written (`list`) in the bytes `out` gives for it.
#[inline(always)]
fn with_list<'o, H: Layout, E>(
    header: impl FnOnce(&mut H),
    list_len: usize,
    out: impl FnOnce(usize) -> Result<Option<&'o mut [u8]>, E>,
    list: impl FnOnce(&mut Writer<'o>),
) -> Result<usize, E> {
    let len = size_of::<H>().saturating_add(list_len);
    if let Some(out) = out(len)? {
        let mut w = Writer::new(out);
        w.put(header);
        list(&mut w);
    }
    Ok(len)
}

/// How a message's fields are measured: the encoded length of a list,
/// count included, and whether an address can be written.
pub(crate) trait Measure {
    type Error;
    /// The length of `list`, the message's field `name`.
    fn list<'a, T: Item<'a>, O: View<'a, T>>(
        &mut self,
        list: &List<'a, T, O>,
        name: &'static str,
    ) -> Result<usize, Self::Error>;
    /// `addr`, the message's field `name`, if it can be written.
    fn addr(&mut self, addr: SocketAddr, name: &'static str) -> Result<SocketAddr, Self::Error>;
}

/// Lengths, unchecked.
struct Lengths;

impl Measure for Lengths {
    type Error = Infallible;
    #[inline(always)]
    fn list<'a, T: Item<'a>, O: View<'a, T>>(
        &mut self,
        list: &List<'a, T, O>,
        _: &'static str,
    ) -> Result<usize, Infallible> {
        Ok(list.encoded_len())
    }
    #[inline(always)]
    fn addr(&mut self, addr: SocketAddr, _: &'static str) -> Result<SocketAddr, Infallible> {
        Ok(addr)
    }
}

/// Lengths of fields the encoder can write, or the problem `P` that it
/// cannot.
pub(crate) struct Checked<'e, P>(&'e Encoder, PhantomData<P>);

impl<'e, P> Checked<'e, P> {
    /// Fields that `encoder` can write.
    pub(crate) fn new(encoder: &'e Encoder) -> Self {
        Self(encoder, PhantomData)
    }
}

impl<P: Problem> Measure for Checked<'_, P> {
    type Error = P;
    #[inline(always)]
    fn list<'a, T: Item<'a>, O: View<'a, T>>(
        &mut self,
        list: &List<'a, T, O>,
        name: &'static str,
    ) -> Result<usize, P> {
        list.measure(self.0)
            .map_err(|error: P| error.in_field(name))
    }
    #[inline(always)]
    fn addr(&mut self, addr: SocketAddr, name: &'static str) -> Result<SocketAddr, P> {
        match wire::representable(&addr) {
            true => Ok(addr),
            false => Err(P::new(EncodeError::UnrepresentableAddress).in_field(name)),
        }
    }
}

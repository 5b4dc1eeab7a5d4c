//! Membership updates piggybacked on Ping and Ack (SPEC §3), and lists of
//! them: each update's tag and layout, its read (validation and view), its
//! length, check and write.

use core::net::SocketAddr;
use core::slice;

use uuid::Uuid;
use zerocopy::little_endian::U64;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::encoder::{Encoder, Problem};
use crate::error::{EncodeError, ErrorKind};
use crate::list::{self, Each, Item, List, ListIter};
use crate::reader::Source;
use crate::slots::Slots;
use crate::wire::{self, Addr, AddrV4, AddrV6, ByFamily, NodeIdBytes, layout};
use crate::writer::{Writer, fill, put};

/// One membership update. Decoded updates borrow their node ids and slot
/// ranges from the input; built ones borrow them from the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Update<'a> {
    /// Tag 1: a node is alive at `addr`.
    Alive {
        /// The node.
        node: &'a Uuid,
        /// Where it listens for gossip.
        addr: SocketAddr,
        /// Its incarnation.
        incarnation: u64,
    },
    /// Tag 2: a node is suspected to have failed.
    Suspect {
        /// The node.
        node: &'a Uuid,
        /// The incarnation suspected.
        incarnation: u64,
    },
    /// Tag 3: a node is declared dead.
    Dead {
        /// The node.
        node: &'a Uuid,
        /// The incarnation declared dead.
        incarnation: u64,
    },
    /// Tag 4: a node left the cluster.
    Left {
        /// The node.
        node: &'a Uuid,
    },
    /// Tag 5: a node now owns these slots.
    SlotsChanged {
        /// The node.
        node: &'a Uuid,
        /// Its incarnation.
        incarnation: u64,
        /// The slots it owns.
        slots: Slots<'a>,
    },
    /// Tag 6: a node became primary or replica.
    RoleChanged {
        /// The node.
        node: &'a Uuid,
        /// Its incarnation.
        incarnation: u64,
        /// Whether it is a primary.
        is_primary: bool,
        /// The primary it replicates, if any.
        replicates: Option<&'a Uuid>,
    },
    /// Tag 7: a replica asks for votes to take over.
    VoteRequest {
        /// The replica asking.
        candidate: &'a Uuid,
        /// The election epoch.
        epoch: u64,
        /// The candidate's replication offset.
        offset: u64,
    },
    /// Tag 8: a vote for a candidate.
    VoteGranted {
        /// The voter.
        from: &'a Uuid,
        /// The candidate voted for.
        candidate: &'a Uuid,
        /// The election epoch.
        epoch: u64,
    },
}

/// Update tags.
mod tag {
    pub const ALIVE: u8 = 1;
    pub const SUSPECT: u8 = 2;
    pub const DEAD: u8 = 3;
    pub const LEFT: u8 = 4;
    pub const SLOTS_CHANGED: u8 = 5;
    pub const ROLE_CHANGED: u8 = 6;
    pub const VOTE_REQUEST: u8 = 7;
    pub const VOTE_GRANTED: u8 = 8;
}

/// Alive, for an address of one family.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct Alive<A> {
    tag: u8,
    node: NodeIdBytes,
    family: u8,
    addr: A,
    incarnation: U64,
}
layout!(Alive<AddrV4>: tag, node, family, addr.ip, addr.port, incarnation);
layout!(Alive<AddrV6>: tag, node, family, addr.ip, addr.port, incarnation);

/// Where Alive's family byte is.
const ALIVE_FAMILY_AT: usize = core::mem::offset_of!(Alive<AddrV4>, family);

/// Suspect and Dead, and the start of SlotsChanged.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct NodeIncarnation {
    tag: u8,
    node: NodeIdBytes,
    incarnation: U64,
}
layout!(NodeIncarnation: tag, node, incarnation);

/// Left.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct Left {
    tag: u8,
    node: NodeIdBytes,
}
layout!(Left: tag, node);

/// RoleChanged, with the id that `has_replicates` announces (`R` is
/// [`NodeIdBytes`]) or without (`()`).
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct RoleChanged<R> {
    tag: u8,
    node: NodeIdBytes,
    incarnation: U64,
    is_primary: u8,
    has_replicates: u8,
    replicates: R,
}
layout!(RoleChanged<()>: tag, node, incarnation, is_primary, has_replicates;
    bools: is_primary, has_replicates);
layout!(RoleChanged<NodeIdBytes>: tag, node, incarnation, is_primary, has_replicates, replicates;
    bools: is_primary, has_replicates);

/// Where RoleChanged's `has_replicates` byte is.
const HAS_REPLICATES_AT: usize = core::mem::offset_of!(RoleChanged<()>, has_replicates);

/// VoteRequest.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct VoteRequest {
    tag: u8,
    candidate: NodeIdBytes,
    epoch: U64,
    offset: U64,
}
layout!(VoteRequest: tag, candidate, epoch, offset);

/// VoteGranted.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct VoteGranted {
    tag: u8,
    from: NodeIdBytes,
    candidate: NodeIdBytes,
    epoch: U64,
}
layout!(VoteGranted: tag, from, candidate, epoch);

impl<A: Addr> Alive<A> {
    #[inline]
    fn view(&self) -> Update<'_> {
        // Read before the address: x86-64 walks ping_mtu_alive_v4 in 4%
        // fewer instructions so.
        let incarnation = self.incarnation.get();
        Update::Alive {
            node: Uuid::from_bytes_ref(&self.node),
            addr: self.addr.get(),
            incarnation,
        }
    }

    /// Fills in an Alive update of `node` at `address`.
    #[inline(always)]
    fn fill(&mut self, node: &Uuid, address: A, incarnation: u64) {
        fill!(
            self,
            Alive::<A> {
                tag: tag::ALIVE,
                node: *node.as_bytes(),
                family: A::FAMILY,
                addr: address,
                incarnation: incarnation.into(),
            }
        );
    }
}

impl<R: Copy> RoleChanged<R> {
    /// The update, once its `bool`s are checked; `replicates` is the id
    /// that `R` holds, if any.
    #[inline]
    fn view<'a, S: Source<'a>>(
        &'a self,
        s: &S,
        replicates: Option<&'a Uuid>,
    ) -> Result<Update<'a>, S::Error> {
        let is_primary = s.bool_in::<Self>(
            self.is_primary,
            core::mem::offset_of!(RoleChanged<()>, is_primary),
        )?;
        s.bool_in::<Self>(self.has_replicates, HAS_REPLICATES_AT)?;
        Ok(Update::RoleChanged {
            node: Uuid::from_bytes_ref(&self.node),
            incarnation: self.incarnation.get(),
            is_primary,
            replicates,
        })
    }

    /// Fills in a RoleChanged update of `node`, with `primary` the id of
    /// the primary it replicates, or `()`.
    #[inline(always)]
    fn fill(&mut self, node: &Uuid, incarnation: u64, is_primary: bool, primary: R) {
        fill!(
            self,
            RoleChanged::<R> {
                tag: tag::ROLE_CHANGED,
                node: *node.as_bytes(),
                incarnation: incarnation.into(),
                is_primary: u8::from(is_primary),
                // `()` holds no id.
                has_replicates: u8::from(size_of::<R>() != 0),
                replicates: primary,
            }
        );
    }
}

impl NodeIncarnation {
    /// Fills in one with `tag` (Suspect, Dead, or the start of SlotsChanged).
    #[inline(always)]
    fn fill(&mut self, kind: u8, node: &Uuid, incarnation: u64) {
        fill!(
            self,
            NodeIncarnation {
                tag: kind,
                node: *node.as_bytes(),
                incarnation: incarnation.into(),
            }
        );
    }
}

/// The length of a SlotsChanged update whose slot list, count included,
/// takes `slots` bytes.
#[inline(always)]
fn slots_changed_len(slots: usize) -> usize {
    size_of::<NodeIncarnation>().saturating_add(slots)
}

impl<'a> Item<'a> for Update<'a> {
    #[inline(always)]
    fn copy(&self) -> Self {
        match *self {
            Update::Alive {
                node,
                ref addr,
                incarnation,
            } => Update::Alive {
                node,
                addr: wire::copy_addr(addr),
                incarnation,
            },
            other => other,
        }
    }

    #[inline]
    fn read<S: Source<'a>>(s: &mut S) -> Result<Self, S::Error> {
        Ok(match s.peek(0) {
            Some(tag::ALIVE) => {
                match s.by_family::<Alive<AddrV4>, Alive<AddrV6>>(ALIVE_FAMILY_AT)? {
                    ByFamily::V4(raw) => raw.view(),
                    ByFamily::V6(raw) => raw.view(),
                }
            }
            Some(tag::SUSPECT) => {
                let raw = s.record::<NodeIncarnation>()?;
                Update::Suspect {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                }
            }
            Some(tag::DEAD) => {
                let raw = s.record::<NodeIncarnation>()?;
                Update::Dead {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                }
            }
            Some(tag::LEFT) => Update::Left {
                node: Uuid::from_bytes_ref(&s.record::<Left>()?.node),
            },
            Some(tag::SLOTS_CHANGED) => {
                let raw = s.record::<NodeIncarnation>()?;
                Update::SlotsChanged {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                    slots: Slots::read(s)?,
                }
            }
            // One length check: `has_replicates` says which layout it is.
            Some(tag::ROLE_CHANGED) => match s.peek(HAS_REPLICATES_AT) {
                Some(0) | None => s.record::<RoleChanged<()>>()?.view(s, None)?,
                Some(_) => {
                    let raw = s.record::<RoleChanged<NodeIdBytes>>()?;
                    raw.view(s, Some(Uuid::from_bytes_ref(&raw.replicates)))?
                }
            },
            Some(tag::VOTE_REQUEST) => {
                let raw = s.record::<VoteRequest>()?;
                Update::VoteRequest {
                    candidate: Uuid::from_bytes_ref(&raw.candidate),
                    epoch: raw.epoch.get(),
                    offset: raw.offset.get(),
                }
            }
            Some(tag::VOTE_GRANTED) => {
                let raw = s.record::<VoteGranted>()?;
                Update::VoteGranted {
                    from: Uuid::from_bytes_ref(&raw.from),
                    candidate: Uuid::from_bytes_ref(&raw.candidate),
                    epoch: raw.epoch.get(),
                }
            }
            Some(_) => return Err(s.error(ErrorKind::UnknownUpdateType, 0)),
            None => return Err(s.error(ErrorKind::Truncated, 0)),
        })
    }

    #[inline(always)]
    fn encoded_len(&self) -> usize {
        match self {
            Update::Alive { addr, .. } => wire::size_for::<Alive<AddrV4>, Alive<AddrV6>>(addr),
            Update::Suspect { .. } | Update::Dead { .. } => size_of::<NodeIncarnation>(),
            Update::Left { .. } => size_of::<Left>(),
            Update::SlotsChanged { slots, .. } => slots_changed_len(slots.encoded_len()),
            Update::RoleChanged {
                replicates: None, ..
            } => size_of::<RoleChanged<()>>(),
            Update::RoleChanged {
                replicates: Some(_),
                ..
            } => size_of::<RoleChanged<NodeIdBytes>>(),
            Update::VoteRequest { .. } => size_of::<VoteRequest>(),
            Update::VoteGranted { .. } => size_of::<VoteGranted>(),
        }
    }

    #[inline(always)]
    fn measure<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P> {
        match self {
            Update::Alive { addr, .. } if !wire::representable(addr) => {
                Err(P::new(EncodeError::UnrepresentableAddress).in_field("addr"))
            }
            Update::SlotsChanged { slots, .. } => match slots.measure::<P>(encoder) {
                Ok(slots) => Ok(slots_changed_len(slots)),
                Err(error) => Err(error.in_field("slots")),
            },
            _ => Ok(self.encoded_len()),
        }
    }

    #[inline(always)]
    fn write(&self, w: &mut Writer<'_>) {
        match *self {
            Update::Alive {
                node,
                addr: SocketAddr::V4(addr),
                incarnation,
            } => w.put(|alive| Alive::fill(alive, node, AddrV4::from(&addr), incarnation)),
            Update::Alive {
                node,
                addr: SocketAddr::V6(addr),
                incarnation,
            } => w.put(|alive| Alive::fill(alive, node, AddrV6::from(&addr), incarnation)),
            Update::Suspect { node, incarnation } => {
                w.put(|record| NodeIncarnation::fill(record, tag::SUSPECT, node, incarnation))
            }
            Update::Dead { node, incarnation } => {
                w.put(|record| NodeIncarnation::fill(record, tag::DEAD, node, incarnation))
            }
            Update::Left { node } => put!(
                w,
                Left {
                    tag: tag::LEFT,
                    node: *node.as_bytes(),
                }
            ),
            Update::SlotsChanged {
                node,
                incarnation,
                slots,
            } => {
                w.put(|record| {
                    NodeIncarnation::fill(record, tag::SLOTS_CHANGED, node, incarnation)
                });
                slots.write(w);
            }
            Update::RoleChanged {
                node,
                incarnation,
                is_primary,
                replicates: None,
            } => w.put(|record| RoleChanged::fill(record, node, incarnation, is_primary, ())),
            Update::RoleChanged {
                node,
                incarnation,
                is_primary,
                replicates: Some(primary),
            } => w.put(|record| {
                RoleChanged::fill(record, node, incarnation, is_primary, *primary.as_bytes())
            }),
            Update::VoteRequest {
                candidate,
                epoch,
                offset,
            } => put!(
                w,
                VoteRequest {
                    tag: tag::VOTE_REQUEST,
                    candidate: *candidate.as_bytes(),
                    epoch: epoch.into(),
                    offset: offset.into(),
                }
            ),
            Update::VoteGranted {
                from,
                candidate,
                epoch,
            } => put!(
                w,
                VoteGranted {
                    tag: tag::VOTE_GRANTED,
                    from: *from.as_bytes(),
                    candidate: *candidate.as_bytes(),
                    epoch: epoch.into(),
                }
            ),
        }
    }

    /// Checked and measured inline in the encoder, which saves a call and
    /// the saving of its registers: `ack_piggyback_11` encodes in 5% fewer
    /// instructions so.
    #[inline(always)]
    fn measure_values<P: Problem>(items: &[Self], encoder: &Encoder) -> Result<usize, P> {
        list::measure_all(items, encoder)
    }

    /// Runs of Alive and of Left updates, which long lists hold (SPEC §9
    /// saw Pings of 1,024 Alive updates), are dispatched on once a run
    /// rather than once an update (`ping_1024_left` encodes in 40% fewer
    /// instructions so, `ping_mtu_alive_v4` in 20%).
    #[inline(always)]
    fn each_run<'i, E: Each<'i, Self>>(
        first: &'i Self,
        rest: &mut slice::Iter<'i, Self>,
        each: &mut E,
    ) -> Result<(), E::Error>
    where
        Self: 'i,
    {
        match first {
            Update::Alive { .. } => run(first, rest, |u| matches!(u, Update::Alive { .. }), each),
            Update::Left { .. } => run(first, rest, |u| matches!(u, Update::Left { .. }), each),
            // Each kind an arm of its own, so that the dispatch is one.
            Update::Suspect { .. } => each.each(first),
            Update::Dead { .. } => each.each(first),
            Update::SlotsChanged { .. } => each.each(first),
            Update::RoleChanged { .. } => each.each(first),
            Update::VoteRequest { .. } => each.each(first),
            Update::VoteGranted { .. } => each.each(first),
        }
    }
}

/// Does `each` to `first` and to the updates after it in `rest` that are
/// `same` as it, and leaves `rest` past them.
#[inline(always)]
fn run<'i, 'a: 'i, E: Each<'i, Update<'a>>>(
    first: &'i Update<'a>,
    rest: &mut slice::Iter<'i, Update<'a>>,
    same: impl Fn(&Update<'a>) -> bool,
    each: &mut E,
) -> Result<(), E::Error> {
    each.each(first)?;
    while let Some(update) = rest.as_slice().first() {
        // Tested right before the call, so that it is specialised to the
        // kind.
        if !same(update) {
            break;
        }
        rest.next();
        each.each(update)?;
    }
    Ok(())
}

impl Update<'_> {
    /// The number of bytes this update takes on the wire, tag included.
    ///
    /// ```
    /// use swimwire::{Update, Uuid};
    /// let node = Uuid::nil();
    /// assert_eq!(Update::Left { node: &node }.encoded_len(), 17);
    /// ```
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn encoded_len(&self) -> usize {
        Item::encoded_len(self)
    }
}

#[cfg(feature = "alloc")]
type Owned = crate::owned::UpdateBuf;
#[cfg(not(feature = "alloc"))]
type Owned = core::convert::Infallible;

/// The updates of a Ping or Ack: either validated bytes of the input, read
/// lazily, or a slice of values to encode.
///
/// Iterating a decoded list cannot fail: [`decode`](crate::decode) validated
/// every update before returning it.
///
/// ```
/// use swimwire::{Update, Updates, Uuid};
///
/// let node = Uuid::from_u128(7);
/// let updates = [Update::Left { node: &node }];
/// let list = Updates::from(&updates[..]);
/// assert_eq!(list.len(), 1);
/// assert_eq!(list.iter().next(), Some(updates[0]));
/// ```
pub type Updates<'a> = List<'a, Update<'a>, Owned>;

/// Iterator over [`Updates`].
pub type UpdatesIter<'a> = ListIter<'a, Update<'a>, Owned>;

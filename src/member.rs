//! Members listed in a Welcome, and lists of them: a member's layout, its
//! read (validation and view), its length, check and write.

use core::net::SocketAddr;

use uuid::Uuid;
use zerocopy::little_endian::{U16, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::encoder::{Encoder, Problem};
use crate::error::EncodeError;
use crate::list::{Item, List, ListIter};
use crate::reader::Source;
use crate::slots::Slots;
use crate::wire::{self, Addr, AddrV4, AddrV6, ByFamily, NodeIdBytes, layout};
use crate::writer::{Writer, fill};

/// One member of the cluster, as a Welcome lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// The node.
    pub id: &'a Uuid,
    /// Where it listens for gossip.
    pub addr: SocketAddr,
    /// Its incarnation.
    pub incarnation: u64,
    /// Whether it is a primary.
    pub is_primary: bool,
    /// The slots it owns.
    pub slots: Slots<'a>,
}

/// A member up to its slot ranges, for an address of one family.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
struct Head<A> {
    id: NodeIdBytes,
    family: u8,
    addr: A,
    incarnation: U64,
    is_primary: u8,
    slot_count: U16,
}
layout!(Head<AddrV4>: id, family, addr.ip, addr.port, incarnation, is_primary, slot_count;
    bools: is_primary);
layout!(Head<AddrV6>: id, family, addr.ip, addr.port, incarnation, is_primary, slot_count;
    bools: is_primary);

/// Where a member's family byte is.
const FAMILY_AT: usize = core::mem::offset_of!(Head<AddrV4>, family);

impl<A: Addr> Head<A> {
    /// Reads the member that starts with this head, just read from `s`, up
    /// to its slot ranges.
    #[inline]
    fn read<'a, S: Source<'a>>(&'a self, s: &mut S) -> Result<Member<'a>, S::Error> {
        let is_primary =
            s.bool_in::<Self>(self.is_primary, core::mem::offset_of!(Self, is_primary))?;
        // The count ends the head.
        let count = s.limit(self.slot_count.get())?;
        Ok(Member {
            id: Uuid::from_bytes_ref(&self.id),
            addr: self.addr.get(),
            incarnation: self.incarnation.get(),
            is_primary,
            slots: Slots::read_ranges(s, count)?,
        })
    }

    /// Fills in the head of `member`, whose address is `address` and which
    /// has `slot_count` slot ranges.
    #[inline(always)]
    fn fill(&mut self, member: &Member<'_>, address: A, slot_count: u16) {
        fill!(
            self,
            Head::<A> {
                id: *member.id.as_bytes(),
                family: A::FAMILY,
                addr: address,
                incarnation: member.incarnation.into(),
                is_primary: u8::from(member.is_primary),
                slot_count: slot_count.into(),
            }
        );
    }
}

impl<'a> Item<'a> for Member<'a> {
    #[inline(always)]
    fn copy(&self) -> Self {
        Member {
            id: self.id,
            addr: wire::copy_addr(&self.addr),
            incarnation: self.incarnation,
            is_primary: self.is_primary,
            slots: self.slots,
        }
    }

    #[inline]
    fn read<S: Source<'a>>(s: &mut S) -> Result<Self, S::Error> {
        match s.by_family::<Head<AddrV4>, Head<AddrV6>>(FAMILY_AT)? {
            ByFamily::V4(head) => head.read(s),
            ByFamily::V6(head) => head.read(s),
        }
    }

    #[inline(always)]
    fn encoded_len(&self) -> usize {
        self.with_ranges(self.slots.items_len())
    }

    #[inline(always)]
    fn measure<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P> {
        if !wire::representable(&self.addr) {
            return Err(P::new(EncodeError::UnrepresentableAddress).in_field("addr"));
        }
        match self.slots.measure_items::<P>(encoder) {
            Ok(ranges) => Ok(self.with_ranges(ranges)),
            Err(error) => Err(error.in_field("slots")),
        }
    }

    #[inline(always)]
    fn write(&self, w: &mut Writer<'_>) {
        // Checked against the limit when measured.
        let count = u16::try_from(self.slots.len()).unwrap_or(u16::MAX);
        match self.addr {
            SocketAddr::V4(addr) => {
                w.put(|head| Head::fill(head, self, AddrV4::from(&addr), count))
            }
            SocketAddr::V6(addr) => {
                w.put(|head| Head::fill(head, self, AddrV6::from(&addr), count))
            }
        }
        self.slots.write_ranges(w);
    }
}

impl Member<'_> {
    /// Its length on the wire, whose slot ranges take `ranges` bytes: the
    /// head, which holds their count, and the ranges.
    #[inline(always)]
    fn with_ranges(&self, ranges: usize) -> usize {
        wire::size_for::<Head<AddrV4>, Head<AddrV6>>(&self.addr).saturating_add(ranges)
    }

    /// The number of bytes this member takes on the wire.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn encoded_len(&self) -> usize {
        Item::encoded_len(self)
    }
}

#[cfg(feature = "alloc")]
type Owned = crate::owned::MemberBuf;
#[cfg(not(feature = "alloc"))]
type Owned = core::convert::Infallible;

/// The members of a Welcome: either validated bytes of the input, read
/// lazily, or a slice of values to encode.
///
/// Iterating a decoded list cannot fail: [`decode`](crate::decode) validated
/// every member before returning it.
///
/// ```
/// use swimwire::{Member, Members, Slots, Uuid};
///
/// let id = Uuid::from_u128(7);
/// let members = [Member {
///     id: &id,
///     addr: "10.0.0.7:7946".parse().unwrap(),
///     incarnation: 3,
///     is_primary: true,
///     slots: Slots::empty(),
/// }];
/// let list = Members::from(&members[..]);
/// assert_eq!(list.iter().next(), Some(members[0]));
/// ```
pub type Members<'a> = List<'a, Member<'a>, Owned>;

/// Iterator over [`Members`].
pub type MembersIter<'a> = ListIter<'a, Member<'a>, Owned>;

//! Members listed in a Welcome, and lists of them.

use core::fmt;
use core::net::SocketAddr;

use uuid::Uuid;

use crate::decoder::Decoder;
use crate::list::list_traits;
use crate::reader::{take_if, take_slice};
use crate::slots::Slots;
use crate::wire::{self, AddrV4, AddrV6};

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

impl<'a> Member<'a> {
    /// Reads one member from the front of `bytes`, which the decoder
    /// validated; `None` only if it did not.
    #[inline]
    fn read(bytes: &mut &'a [u8]) -> Option<Self> {
        Self::read_with::<AddrV4>(bytes).or_else(|| Self::read_with::<AddrV6>(bytes))
    }

    /// Reads one member if its address has family `A`.
    #[inline]
    fn read_with<A: wire::Addr>(bytes: &mut &'a [u8]) -> Option<Self> {
        let raw = take_if(bytes, |raw: &wire::Member<A>| raw.family == A::FAMILY)?;
        let ranges = take_slice(bytes, usize::from(raw.slot_count.get()))?;
        Some(Member {
            id: Uuid::from_bytes_ref(&raw.id),
            addr: raw.addr.get(),
            incarnation: raw.incarnation.get(),
            is_primary: raw.is_primary != 0,
            slots: Slots::wire(ranges),
        })
    }
}

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
#[derive(Clone, Copy)]
pub struct Members<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    /// `count` members in `bytes`, validated by `decoder`.
    Wire {
        bytes: &'a [u8],
        count: u16,
        decoder: Decoder,
    },
    Values(&'a [Member<'a>]),
    #[cfg(feature = "alloc")]
    Owned(&'a [crate::owned::MemberBuf]),
}

impl<'a> Members<'a> {
    pub(crate) const fn wire(bytes: &'a [u8], count: u16, decoder: Decoder) -> Self {
        Self(Repr::Wire {
            bytes,
            count,
            decoder,
        })
    }

    /// The validated input bytes and the decoder that validated them, if this
    /// list was decoded.
    pub(crate) const fn as_wire(&self) -> Option<(&'a [u8], Decoder)> {
        match self.0 {
            Repr::Wire { bytes, decoder, .. } => Some((bytes, decoder)),
            _ => None,
        }
    }

    #[cfg(feature = "alloc")]
    pub(crate) const fn owned(members: &'a [crate::owned::MemberBuf]) -> Self {
        Self(Repr::Owned(members))
    }

    /// An empty list.
    pub const fn empty() -> Self {
        Self(Repr::Values(&[]))
    }

    /// The number of members.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn len(&self) -> usize {
        match self.0 {
            Repr::Wire { count, .. } => count as usize,
            Repr::Values(members) => members.len(),
            #[cfg(feature = "alloc")]
            Repr::Owned(members) => members.len(),
        }
    }

    /// Whether there are no members.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` on each member in wire order until it fails. The encoder's
    /// loop: it walks a slice of values in place, and looks at the
    /// representation once rather than once an item.
    #[inline]
    pub(crate) fn try_each<E>(
        &self,
        mut f: impl FnMut(&Member<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        match self.0 {
            Repr::Wire { .. } => self.iter().try_for_each(|member| f(&member)),
            Repr::Values(members) => members.iter().try_for_each(f),
            #[cfg(feature = "alloc")]
            Repr::Owned(members) => members.iter().try_for_each(|member| f(&member.as_member())),
        }
    }

    /// The members, in wire order.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn iter(&self) -> MembersIter<'a> {
        MembersIter(match self.0 {
            Repr::Wire { bytes, count, .. } => IterRepr::Wire {
                bytes,
                remaining: count,
            },
            Repr::Values(members) => IterRepr::Values(members.iter()),
            #[cfg(feature = "alloc")]
            Repr::Owned(members) => IterRepr::Owned(members.iter()),
        })
    }
}

list_traits!(Members, MembersIter, Member<'a>);

/// Iterator over [`Members`].
#[derive(Clone)]
pub struct MembersIter<'a>(IterRepr<'a>);

#[derive(Clone)]
enum IterRepr<'a> {
    Wire {
        bytes: &'a [u8],
        remaining: u16,
    },
    Values(core::slice::Iter<'a, Member<'a>>),
    #[cfg(feature = "alloc")]
    Owned(core::slice::Iter<'a, crate::owned::MemberBuf>),
}

impl fmt::Debug for MembersIter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MembersIter")
            .field("remaining", &self.len())
            .finish()
    }
}

impl<'a> Iterator for MembersIter<'a> {
    type Item = Member<'a>;

    #[inline]
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    fn next(&mut self) -> Option<Member<'a>> {
        match &mut self.0 {
            IterRepr::Wire { bytes, remaining } => {
                // `bytes` hold exactly `remaining` members: the end of the bytes
                // is the end of the list, and needs no count of its own.
                let member = Member::read(bytes);
                if member.is_some() {
                    *remaining = remaining.saturating_sub(1);
                } else {
                    // The end, or (unreachable for validated bytes) bytes
                    // that do not read: end rather than panic.
                    (*bytes, *remaining) = (&[], 0);
                }
                member
            }
            IterRepr::Values(members) => members.next().copied(),
            #[cfg(feature = "alloc")]
            IterRepr::Owned(members) => members.next().map(crate::owned::MemberBuf::as_member),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match &self.0 {
            IterRepr::Wire { remaining, .. } => usize::from(*remaining),
            IterRepr::Values(members) => members.len(),
            #[cfg(feature = "alloc")]
            IterRepr::Owned(members) => members.len(),
        };
        (len, Some(len))
    }
}

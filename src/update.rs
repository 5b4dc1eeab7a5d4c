//! Membership updates piggybacked on Ping and Ack (SPEC §3), and lists of them.

use core::fmt;
use core::net::SocketAddr;

use uuid::Uuid;

use crate::decoder::Decoder;
use crate::list::list_traits;
use crate::reader::{take, take_if};
use crate::slots::Slots;
use crate::wire::{self, AddrV4, AddrV6, update_tag};

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

impl<'a> Update<'a> {
    /// Reads one update from the front of `bytes`, which the decoder
    /// validated; `None` only if it did not.
    #[inline]
    fn read(bytes: &mut &'a [u8]) -> Option<Self> {
        Some(match *take::<u8>(bytes)? {
            update_tag::ALIVE => {
                Self::alive::<AddrV4>(bytes).or_else(|| Self::alive::<AddrV6>(bytes))?
            }
            update_tag::SUSPECT => {
                let raw = take::<wire::NodeIncarnation>(bytes)?;
                Update::Suspect {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                }
            }
            update_tag::DEAD => {
                let raw = take::<wire::NodeIncarnation>(bytes)?;
                Update::Dead {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                }
            }
            update_tag::LEFT => Update::Left {
                node: Uuid::from_bytes_ref(take(bytes)?),
            },
            update_tag::SLOTS_CHANGED => {
                let raw = take::<wire::NodeIncarnation>(bytes)?;
                Update::SlotsChanged {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                    slots: Slots::read(bytes)?,
                }
            }
            update_tag::ROLE_CHANGED => {
                let raw = take::<wire::RoleChanged>(bytes)?;
                let replicates = match raw.has_replicates {
                    0 => None,
                    _ => Some(Uuid::from_bytes_ref(take(bytes)?)),
                };
                Update::RoleChanged {
                    node: Uuid::from_bytes_ref(&raw.node),
                    incarnation: raw.incarnation.get(),
                    is_primary: raw.is_primary != 0,
                    replicates,
                }
            }
            update_tag::VOTE_REQUEST => {
                let raw = take::<wire::VoteRequest>(bytes)?;
                Update::VoteRequest {
                    candidate: Uuid::from_bytes_ref(&raw.candidate),
                    epoch: raw.epoch.get(),
                    offset: raw.offset.get(),
                }
            }
            update_tag::VOTE_GRANTED => {
                let raw = take::<wire::VoteGranted>(bytes)?;
                Update::VoteGranted {
                    from: Uuid::from_bytes_ref(&raw.from),
                    candidate: Uuid::from_bytes_ref(&raw.candidate),
                    epoch: raw.epoch.get(),
                }
            }
            _ => return None,
        })
    }

    /// Reads an Alive update after its tag if its address has family `A`.
    #[inline]
    fn alive<A: wire::Addr>(bytes: &mut &'a [u8]) -> Option<Self> {
        let raw = take_if(bytes, |raw: &wire::Alive<A>| raw.family == A::FAMILY)?;
        Some(Update::Alive {
            node: Uuid::from_bytes_ref(&raw.node),
            addr: raw.addr.get(),
            incarnation: raw.incarnation.get(),
        })
    }
}

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
#[derive(Clone, Copy)]
pub struct Updates<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    /// `count` updates in `bytes`, validated by `decoder`.
    Wire {
        bytes: &'a [u8],
        count: u16,
        decoder: Decoder,
    },
    Values(&'a [Update<'a>]),
    #[cfg(feature = "alloc")]
    Owned(&'a [crate::owned::UpdateBuf]),
}

impl<'a> Updates<'a> {
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
    pub(crate) const fn owned(updates: &'a [crate::owned::UpdateBuf]) -> Self {
        Self(Repr::Owned(updates))
    }

    /// An empty list.
    pub const fn empty() -> Self {
        Self(Repr::Values(&[]))
    }

    /// The number of updates.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn len(&self) -> usize {
        match self.0 {
            Repr::Wire { count, .. } => count as usize,
            Repr::Values(updates) => updates.len(),
            #[cfg(feature = "alloc")]
            Repr::Owned(updates) => updates.len(),
        }
    }

    /// Whether there are no updates.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` on each update in wire order until it fails. The encoder's
    /// loop: it walks a slice of values in place, and looks at the
    /// representation once rather than once an item.
    #[inline]
    pub(crate) fn try_each<E>(
        &self,
        mut f: impl FnMut(&Update<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        match self.0 {
            Repr::Wire { .. } => self.iter().try_for_each(|update| f(&update)),
            Repr::Values(updates) => updates.iter().try_for_each(f),
            #[cfg(feature = "alloc")]
            Repr::Owned(updates) => updates.iter().try_for_each(|update| f(&update.as_update())),
        }
    }

    /// The updates, in wire order.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn iter(&self) -> UpdatesIter<'a> {
        UpdatesIter(match self.0 {
            Repr::Wire { bytes, count, .. } => IterRepr::Wire {
                bytes,
                remaining: count,
            },
            Repr::Values(updates) => IterRepr::Values(updates.iter()),
            #[cfg(feature = "alloc")]
            Repr::Owned(updates) => IterRepr::Owned(updates.iter()),
        })
    }
}

list_traits!(Updates, UpdatesIter, Update<'a>);

/// Iterator over [`Updates`].
#[derive(Clone)]
pub struct UpdatesIter<'a>(IterRepr<'a>);

#[derive(Clone)]
enum IterRepr<'a> {
    Wire {
        bytes: &'a [u8],
        remaining: u16,
    },
    Values(core::slice::Iter<'a, Update<'a>>),
    #[cfg(feature = "alloc")]
    Owned(core::slice::Iter<'a, crate::owned::UpdateBuf>),
}

impl fmt::Debug for UpdatesIter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdatesIter")
            .field("remaining", &self.len())
            .finish()
    }
}

impl<'a> Iterator for UpdatesIter<'a> {
    type Item = Update<'a>;

    #[inline]
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    fn next(&mut self) -> Option<Update<'a>> {
        match &mut self.0 {
            IterRepr::Wire { bytes, remaining } => {
                // `bytes` hold exactly `remaining` updates: the end of the bytes
                // is the end of the list, and needs no count of its own.
                let update = Update::read(bytes);
                if update.is_some() {
                    *remaining = remaining.saturating_sub(1);
                } else {
                    // The end, or (unreachable for validated bytes) bytes
                    // that do not read: end rather than panic.
                    (*bytes, *remaining) = (&[], 0);
                }
                update
            }
            IterRepr::Values(updates) => updates.next().copied(),
            #[cfg(feature = "alloc")]
            IterRepr::Owned(updates) => updates.next().map(crate::owned::UpdateBuf::as_update),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match &self.0 {
            IterRepr::Wire { remaining, .. } => usize::from(*remaining),
            IterRepr::Values(updates) => updates.len(),
            #[cfg(feature = "alloc")]
            IterRepr::Owned(updates) => updates.len(),
        };
        (len, Some(len))
    }
}

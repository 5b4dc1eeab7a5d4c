//! Membership updates piggybacked on Ping and Ack (SPEC §3), and lists of them.

use core::fmt;
use core::net::SocketAddr;

use uuid::Uuid;

use crate::decoder::Decoder;
use crate::reader::Reader;
use crate::slots::Slots;

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
    #[cfg_attr(feature = "no-panic", no_panic::no_panic)]
    pub fn len(&self) -> usize {
        match self.0 {
            Repr::Wire { count, .. } => count as usize,
            Repr::Values(updates) => updates.len(),
            #[cfg(feature = "alloc")]
            Repr::Owned(updates) => updates.len(),
        }
    }

    /// Whether there are no updates.
    #[cfg_attr(feature = "no-panic", no_panic::no_panic)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The updates, in wire order.
    #[cfg_attr(feature = "no-panic", no_panic::no_panic)]
    pub fn iter(&self) -> UpdatesIter<'a> {
        UpdatesIter(match self.0 {
            Repr::Wire { bytes, count, .. } => IterRepr::Wire {
                reader: Reader::new(bytes),
                remaining: count,
            },
            Repr::Values(updates) => IterRepr::Values(updates.iter()),
            #[cfg(feature = "alloc")]
            Repr::Owned(updates) => IterRepr::Owned(updates.iter()),
        })
    }
}

impl<'a> From<&'a [Update<'a>]> for Updates<'a> {
    fn from(updates: &'a [Update<'a>]) -> Self {
        Self(Repr::Values(updates))
    }
}

impl Default for Updates<'_> {
    fn default() -> Self {
        Self::empty()
    }
}

impl PartialEq for Updates<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Updates<'_> {}

impl fmt::Debug for Updates<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for Updates<'a> {
    type Item = Update<'a>;
    type IntoIter = UpdatesIter<'a>;
    fn into_iter(self) -> UpdatesIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Updates<'a> {
    type Item = Update<'a>;
    type IntoIter = UpdatesIter<'a>;
    fn into_iter(self) -> UpdatesIter<'a> {
        self.iter()
    }
}

/// Iterator over [`Updates`].
#[derive(Clone)]
pub struct UpdatesIter<'a>(IterRepr<'a>);

#[derive(Clone)]
enum IterRepr<'a> {
    Wire {
        reader: Reader<'a>,
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
    #[cfg_attr(feature = "no-panic", no_panic::no_panic)]
    fn next(&mut self) -> Option<Update<'a>> {
        match &mut self.0 {
            IterRepr::Wire { reader, remaining } => {
                *remaining = remaining.checked_sub(1)?;
                let update = Decoder::REREAD.update(reader).ok();
                if update.is_none() {
                    // Unreachable for validated bytes; end rather than panic.
                    *remaining = 0;
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

impl ExactSizeIterator for UpdatesIter<'_> {}
impl core::iter::FusedIterator for UpdatesIter<'_> {}

//! Encoding messages: check and measure in one pass, then write.
//!
//! Nothing is written until the whole message is known to be representable
//! and to fit, so a failed encode leaves the output as it was. Each record's
//! check, length and write are in the file of its family.

use core::num::NonZeroU16;

use crate::decoder::Decoder;
use crate::error::{EncodeError, LocatedEncodeError};
use crate::message::{Checked, Message};

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
    /// The first problem found, in wire order.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn check(&self, message: &Message<'_>) -> Result<(), EncodeError> {
        message.measure::<EncodeError>(self).map(drop)
    }

    /// Like [`check`](Self::check), and also says where the problem is:
    /// which field, list item and field of the item (see
    /// [`LocatedEncodeError`]).
    ///
    /// # Errors
    /// The first problem found, in wire order, and its location.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn check_located(&self, message: &Message<'_>) -> Result<(), LocatedEncodeError> {
        message.measure::<LocatedEncodeError>(self).map(drop)
    }

    /// Encodes `message` at the start of `out` and returns its length.
    ///
    /// # Errors
    /// What [`check`](Self::check) finds, or [`EncodeError::OutputTooSmall`].
    /// Either way `out` is left as it was.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn encode_into(&self, message: &Message<'_>, out: &mut [u8]) -> Result<usize, EncodeError> {
        let available = out.len();
        message.encode_with(&mut Checked::new(self), |len| match out.get_mut(..len) {
            Some(out) => Ok(Some(out)),
            None => Err(EncodeError::OutputTooSmall {
                needed: len,
                available,
            }),
        })
    }

    /// Encodes `message` into `out`, a fixed-capacity vector, replacing what
    /// it held, and returns its length.
    ///
    /// The vector is the caller's, not returned: a returned vector would be
    /// filled in this function's frame and then moved to the caller's (Rust
    /// does not build a returned value in place), which takes twice `N`
    /// bytes of stack. So it takes `N` plus about 225 (1,696 bytes for `N` =
    /// 1472 on thumbv7m at opt-level `s`, the vector included; see the
    /// README's embedded budgets).
    ///
    /// ```
    /// use swimwire::{EncodeError, Encoder, Message, Uuid};
    ///
    /// let me = Uuid::from_u128(1);
    /// let join = Message::Join { sender: &me, sender_addr: "10.0.0.1:7946".parse()? };
    ///
    /// let mut datagram = heapless::Vec::<u8, 1472>::new();
    /// assert_eq!(Encoder::new().encode(&join, &mut datagram)?, 24);
    /// assert_eq!(swimwire::decode(&datagram)?, join);
    ///
    /// let mut small = heapless::Vec::<u8, 16>::new();
    /// assert_eq!(
    ///     Encoder::new().encode(&join, &mut small),
    ///     Err(EncodeError::OutputTooSmall { needed: 24, available: 16 })
    /// );
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into), with `N` as the output size.
    /// Either way `out` is left as it was.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn encode<const N: usize>(
        &self,
        message: &Message<'_>,
        out: &mut heapless::Vec<u8, N>,
    ) -> Result<usize, EncodeError> {
        // Checked and measured first, so that the vector is only touched
        // when the message fits; then measured again by `encode_into`,
        // which costs little beside the writing and keeps one copy of it.
        let len = self.measured(message)?;
        let too_small = EncodeError::OutputTooSmall {
            needed: len,
            available: N,
        };
        if len > N {
            return Err(too_small);
        }
        out.clear();
        if out.resize_default(len).is_err() {
            return Err(too_small);
        }
        self.encode_into(message, out)
    }

    /// Checks and measures `message`, out of line, so that `encode` does not
    /// hold this frame while `encode_into` runs.
    #[inline(never)]
    fn measured(&self, message: &Message<'_>) -> Result<usize, EncodeError> {
        message.measure(self)
    }

    /// Checks a list's length against the limit.
    #[inline]
    pub(crate) fn check_count<P: Problem>(&self, count: usize) -> Result<(), P> {
        if count > usize::from(self.max_collection) {
            return Err(P::new(EncodeError::TooManyItems {
                count,
                limit: self.max_collection,
            }));
        }
        Ok(())
    }

    /// Whether a decoded list needs no item checks: its decoder allowed no
    /// more items in any nested list than this encoder does.
    #[inline]
    pub(crate) fn trusts(&self, decoder: Decoder) -> bool {
        decoder.max_collection() <= self.max_collection
    }
}

/// A problem found when checking a message, as the caller wants it: where
/// it is ([`LocatedEncodeError`]), or only what it is ([`EncodeError`]),
/// which encoding needs and which costs nothing to carry up.
pub trait Problem: Sized {
    /// The problem, at the root.
    fn new(error: EncodeError) -> Self;
    /// The problem, within the field `name`.
    #[must_use]
    fn in_field(self, name: &'static str) -> Self;
    /// The problem, within the list item `index`.
    #[must_use]
    fn at_index(self, index: usize) -> Self;
}

impl Problem for EncodeError {
    #[inline(always)]
    fn new(error: EncodeError) -> Self {
        error
    }
    #[inline(always)]
    fn in_field(self, _: &'static str) -> Self {
        self
    }
    #[inline(always)]
    fn at_index(self, _: usize) -> Self {
        self
    }
}

impl Problem for LocatedEncodeError {
    fn new(error: EncodeError) -> Self {
        error.into()
    }
    fn in_field(self, name: &'static str) -> Self {
        LocatedEncodeError::in_field(self, name)
    }
    fn at_index(self, index: usize) -> Self {
        LocatedEncodeError::at_index(self, index)
    }
}

impl Message<'_> {
    /// Encodes this message with the default limit (see [`Encoder`]) at the
    /// start of `out`, and returns its length.
    ///
    /// # Errors
    /// A list over 1024 items, an invalid slot range, an IPv6 address with a
    /// flow label or scope id, or an `out` shorter than
    /// [`encoded_len`](Self::encoded_len). Either way `out` is left as it was.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        Encoder::new().encode_into(self, out)
    }

    /// Encodes this message with the default limit into `out`, replacing
    /// what it held, and returns its length (see [`Encoder::encode`]).
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into), with `N` as the output size.
    /// Either way `out` is left as it was.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn encode<const N: usize>(
        &self,
        out: &mut heapless::Vec<u8, N>,
    ) -> Result<usize, EncodeError> {
        Encoder::new().encode(self, out)
    }
}

//! Filling a Ping or Ack with as many updates as fit in a datagram.

use core::fmt;

use uuid::Uuid;
use zerocopy::little_endian::U16;

use crate::encoder::Encoder;
use crate::error::EncodeError;
use crate::list::Item;
use crate::message::{ProbeHeader, tag};
use crate::update::Update;
use crate::writer::Writer;

/// Where the update count sits in a Ping or Ack: after the header.
const COUNT_AT: usize = size_of::<ProbeHeader>();
/// Where the updates start.
const UPDATES_AT: usize = COUNT_AT + size_of::<U16>();

/// Builds a Ping or Ack in place, within a byte budget, one update at a time.
///
/// The header is written when the builder starts and the update count is
/// kept right after every push, so the buffer holds a valid message at every
/// step: no more bytes than the budget, and a count that agrees with the
/// body. An update that does not fit is refused and nothing is written.
///
/// ```
/// use swimwire::{Message, Piggyback, Update, Uuid};
///
/// let me = Uuid::from_u128(1);
/// let nodes: Vec<Uuid> = (0..100).map(Uuid::from_u128).collect();
/// let updates: Vec<Update> = nodes.iter().map(|node| Update::Left { node }).collect();
///
/// let mut datagram = [0u8; 1472];
/// let mut ping = Piggyback::ping(&mut datagram, 1472, 7, &me)?;
/// let taken = ping.push_all(updates.iter().copied());
/// let len = ping.finish();
///
/// assert_eq!(taken, (1472 - 27) / 17); // 85 Left updates of 17 bytes
/// let Message::Ping { updates: sent, .. } = swimwire::decode(&datagram[..len])? else { panic!() };
/// assert!(sent.iter().eq(updates[..taken].iter().copied()));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub struct Piggyback<'o> {
    /// The output, cut to the budget.
    out: &'o mut [u8],
    /// Bytes kept free at the end of `out`, for an authentication tag.
    reserved: usize,
    /// Bytes written so far.
    len: usize,
    /// Updates written so far.
    count: u16,
    encoder: Encoder,
}

impl<'o> Piggyback<'o> {
    /// Starts a Ping in `out`, using at most `budget` bytes of it.
    ///
    /// # Errors
    /// [`EncodeError::OutputTooSmall`] if the 27-byte header does not fit.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn ping(
        out: &'o mut [u8],
        budget: usize,
        seq: u64,
        sender: &Uuid,
    ) -> Result<Self, EncodeError> {
        Self::start(tag::PING, out, budget, seq, sender, 0)
    }

    /// Starts an Ack in `out`, using at most `budget` bytes of it.
    ///
    /// # Errors
    /// [`EncodeError::OutputTooSmall`] if the 27-byte header does not fit.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn ack(
        out: &'o mut [u8],
        budget: usize,
        seq: u64,
        sender: &Uuid,
    ) -> Result<Self, EncodeError> {
        Self::start(tag::ACK, out, budget, seq, sender, 0)
    }

    /// Starts a message with tag `tag`, keeping the last `reserved` bytes of
    /// the budget free for what follows the message.
    pub(crate) fn start(
        tag: u8,
        out: &'o mut [u8],
        budget: usize,
        seq: u64,
        sender: &Uuid,
        reserved: usize,
    ) -> Result<Self, EncodeError> {
        let available = budget.min(out.len());
        let out = out.get_mut(..available).unwrap_or_default();
        let needed = UPDATES_AT.saturating_add(reserved);
        if available < needed {
            return Err(EncodeError::OutputTooSmall { needed, available });
        }
        let mut w = Writer::new(out);
        w.put(|header| ProbeHeader::fill(header, tag, seq, sender));
        w.count(0);
        Ok(Self {
            out,
            reserved,
            len: UPDATES_AT,
            count: 0,
            encoder: Encoder::new(),
        })
    }

    /// The same builder enforcing another encoder's collection limit.
    #[must_use]
    pub fn with_encoder(self, encoder: Encoder) -> Self {
        Self { encoder, ..self }
    }

    /// Adds `update` if it fits in the budget and under the limit.
    ///
    /// # Errors
    /// [`EncodeError::OutputTooSmall`] when it does not fit,
    /// [`EncodeError::TooManyItems`] when the list is full, or what
    /// [`Encoder::check`] finds in the update. Nothing is written then.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn push(&mut self, update: &Update<'_>) -> Result<(), EncodeError> {
        let needed = update.measure::<EncodeError>(&self.encoder)?;
        if self.count >= self.encoder.max_collection() {
            let count = usize::from(self.count).saturating_add(1);
            return Err(EncodeError::TooManyItems {
                count,
                limit: self.encoder.max_collection(),
            });
        }
        let end = self.out.len().saturating_sub(self.reserved);
        let free = self.out.get_mut(self.len..end).unwrap_or_default();
        let available = free.len();
        let slot = free
            .get_mut(..needed)
            .ok_or(EncodeError::OutputTooSmall { needed, available })?;
        update.write(&mut Writer::new(slot));
        self.len = self.len.saturating_add(needed);
        self.count = self.count.saturating_add(1);
        if let Some(count) = self.out.get_mut(COUNT_AT..) {
            Writer::new(count).count(usize::from(self.count));
        }
        Ok(())
    }

    /// Pushes updates in order until one is refused, and returns how many
    /// went in: the first `n` of `updates`.
    pub fn push_all<'u>(&mut self, updates: impl IntoIterator<Item = Update<'u>>) -> usize {
        let before = self.count;
        for update in updates {
            if self.push(&update).is_err() {
                break;
            }
        }
        usize::from(self.count.saturating_sub(before))
    }

    /// Bytes of the message so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no update was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Updates pushed so far.
    pub fn count(&self) -> usize {
        usize::from(self.count)
    }

    /// Bytes of budget left.
    pub fn remaining(&self) -> usize {
        self.out
            .len()
            .saturating_sub(self.reserved)
            .saturating_sub(self.len)
    }

    /// Ends the message and returns its length in the output.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn finish(self) -> usize {
        self.len
    }

    /// Ends the message and hands back the output (cut to the budget, the
    /// reserved bytes included) and the message's length in it.
    #[cfg(feature = "auth")]
    pub(crate) fn finish_in(self) -> (&'o mut [u8], usize) {
        (self.out, self.len)
    }
}

/// Says what was built so far, not the buffer's bytes.
impl fmt::Debug for Piggyback<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Piggyback")
            .field("len", &self.len)
            .field("count", &self.count)
            .field("remaining", &self.remaining())
            .field("encoder", &self.encoder)
            .finish()
    }
}

//! The decoder's configuration, and decoding whole messages.
//!
//! [`Decoder::decode`] reads the input front to back once, checking every
//! length before reading and every tag, family, bool, count and slot range
//! as it meets them (each record's read is in the file of its family), and
//! stops at the first problem. What it returns holds only validated bytes,
//! so reading it later (the lists' iterators) cannot fail: the smoltcp
//! `check_len`-then-accessors contract.

use core::num::NonZeroU16;

use crate::error::{DecodeError, ErrorKind};
use crate::message::Message;
use crate::reader::{self, Reader, Source};

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
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn decode<'a>(&self, input: &'a [u8]) -> Result<Message<'a>, DecodeError> {
        decode_with(*self, input)
    }

    /// Like [`decode`](Self::decode), and also says how many bytes after the
    /// message were ignored (always 0 in the strict profile).
    ///
    /// # Errors
    /// As [`decode`](Self::decode).
    #[cfg_attr(proven, no_panic::no_panic)]
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
}

/// [`decode`](crate::decode): the default decoder, whose limit and profile
/// the optimiser folds into the code as constants. Out of line, so that
/// `decode` and `decode_authenticated` share it.
#[cfg_attr(proven, no_panic::no_panic)]
#[inline(never)]
pub(crate) fn decode_default(input: &[u8]) -> Result<Message<'_>, DecodeError> {
    decode_with(Decoder::new(), input)
}

/// Validates one whole message with `decoder`.
#[inline(always)]
fn decode_with(decoder: Decoder, input: &[u8]) -> Result<Message<'_>, DecodeError> {
    let mut reader = Reader::new(input, decoder);
    // Returned as read, not unwrapped and wrapped again: the message is then
    // stored once, in place (`cargo bench --bench instructions`: ping_empty
    // validates in 75 instructions rather than 106, join_v4 in 57, not 86).
    let message = Message::read(&mut reader);
    match message {
        Ok(_) if !reader.rest().is_empty() && decoder.profile == Profile::Strict => Err(
            reader::locate(reader.error(ErrorKind::TrailingBytes, 0), input),
        ),
        Ok(_) => message,
        Err(error) => Err(reader::locate(error, input)),
    }
}

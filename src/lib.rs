//! A hardened, zero-copy, `no_std` codec for the SWIM gossip wire format of
//! ember cache clusters: Ping, PingReq and Ack probes with piggybacked
//! membership updates, Join and Welcome, and SlotsAnnounce.
//!
//! The bytes on a gossip port come from strangers. The decoder checks every
//! length before reading, never panics and never allocates; it validates a
//! whole message once and hands back a [`Message`] that borrows node ids,
//! updates, members and slot ranges from the input. The encoder writes into a
//! caller's buffer or a [`heapless::Vec`], and fails rather than truncate,
//! wrap a count or drop an item.
//!
//! # Decoding
//!
//! ```
//! use swimwire::{Message, Update};
//!
//! // An Ack (tag 3), seq 7, from node 00..01, carrying one Left update.
//! let bytes = hex::decode(concat!(
//!     "03", "0700000000000000", "00000000000000000000000000000001", "0100",
//!     "04", "00000000000000000000000000000002",
//! )).unwrap();
//!
//! let Message::Ack { seq, sender, updates } = swimwire::decode(&bytes)? else { unreachable!() };
//! assert_eq!((seq, sender.as_u128()), (7, 1));
//! for update in updates {
//!     // Iterating a decoded list cannot fail: it was validated already.
//!     assert!(matches!(update, Update::Left { node } if node.as_u128() == 2));
//! }
//! # Ok::<(), swimwire::DecodeError>(())
//! ```
//!
//! Errors say what is wrong and where:
//!
//! ```
//! use swimwire::ErrorKind;
//!
//! let err = swimwire::decode(&[0x09]).unwrap_err();
//! assert_eq!((err.kind(), err.offset()), (ErrorKind::UnknownMessageType, 0));
//! ```
//!
//! [`Decoder`] configures the profile (strict by default, or ember's lenient
//! one) and the collection limit.
//!
//! ## Validate once, then read
//!
//! As with smoltcp's `check_len` and accessors, the work is split in two.
//! `decode` reads the whole message front to back, checks every length
//! before reading, every tag, address family, `bool`, count and slot range,
//! and stops at the first problem. Only then does it return. The
//! [`Message`] it returns holds nothing but validated bytes, so reading it
//! is infallible: fields are plain values, and the lists ([`Updates`],
//! [`Members`], [`Slots`]) iterate items, not `Result`s, parsing each
//! item lazily from bytes already known to be well formed.
//!
//! # Encoding
//!
//! Build a [`Message`] from values (lists from slices) and call
//! [`Message::encode_into`] or [`Message::encode`]; a decoded message
//! re-encodes the same way. [`Piggyback`] fills a Ping or Ack with as many
//! updates as fit in a datagram.
//!
//! # Features
//!
//! - `alloc`: owned messages (`MessageBuf`) to keep or build messages.
//! - `serde`: the JSON shape of the SPEC for the owned messages.
//! - `arbitrary`: `Arbitrary` for the owned messages (needs `std`).
//! - `auth`: authenticated framing (SPEC §5): `AuthKey`,
//!   `decode_authenticated`, `Message::encode_authenticated_into` and
//!   `AuthenticatedPiggyback`, for clusters that tag every datagram with
//!   HMAC-SHA256.
//!
//! Without features the crate uses neither an allocator nor `std`. On
//! docs.rs every item that needs a feature is marked with it.

#![no_std]
// docs.rs marks each item with the features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )
)]

#[cfg(feature = "alloc")]
extern crate alloc;
// `arbitrary`'s derives name `std` items.
#[cfg(feature = "arbitrary")]
extern crate std;

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod addr_text;
#[cfg(feature = "auth")]
mod auth;
mod decoder;
mod encoder;
mod error;
mod list;
mod member;
mod message;
#[cfg(feature = "alloc")]
mod owned;
mod piggyback;
mod reader;
mod slots;
mod update;
mod wire;
mod writer;

#[cfg(feature = "auth")]
pub use auth::{AUTH_TAG_LEN, AuthKey, AuthenticatedPiggyback, decode_authenticated};
pub use decoder::{Decoder, Profile};
pub use encoder::Encoder;
pub use error::{DecodeError, EncodeError, ErrorKind, LocatedEncodeError, Location, Segment};
pub use list::{List, ListIter};
pub use member::{Member, Members, MembersIter};
pub use message::Message;
#[cfg(feature = "alloc")]
pub use owned::{MemberBuf, MessageBuf, UpdateBuf};
pub use piggyback::Piggyback;
pub use slots::{SLOT_COUNT, SlotRange, Slots, SlotsIter};
pub use update::{Update, Updates, UpdatesIter};
pub use uuid::Uuid;

/// Validates one whole message in the strict profile with the default
/// collection limit (1024), and returns a view borrowing from `input`.
///
/// # Errors
/// The first problem met reading front to back, with its byte offset
/// (SPEC §4).
///
/// ```
/// let join = hex::decode("040000000000000000000000000000000004c0a800011e1b").unwrap();
/// let message = swimwire::decode(&join)?;
/// assert!(matches!(message, swimwire::Message::Join { sender_addr, .. }
///     if sender_addr.to_string() == "192.168.0.1:6942"));
/// # Ok::<(), swimwire::DecodeError>(())
/// ```
#[cfg_attr(proven, no_panic::no_panic)]
#[inline]
pub fn decode(input: &[u8]) -> Result<Message<'_>, DecodeError> {
    decoder::decode_default(input)
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! Authenticated framing (SPEC §5): `payload || tag`, where the tag is
//! HMAC-SHA256 over the payload keyed with the cluster's shared secret.
//!
//! The tag is checked in constant time before a single payload byte is
//! parsed, and a frame that fails the check is [`ErrorKind::BadAuthTag`] at
//! offset 0, whatever its payload holds.

use core::fmt;

use hmac::block_api::HmacCore;
use hmac::digest::KeyInit;
use hmac::digest::block_api::{Buffer, FixedOutputCore, UpdateCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::decoder::{self, Decoder};
use crate::encoder::Encoder;
use crate::error::{DecodeError, EncodeError, ErrorKind};
use crate::message::{Message, tag as message_tag};
use crate::piggyback::Piggyback;
use crate::update::Update;

/// Bytes of the HMAC-SHA256 tag that ends an authenticated frame.
pub const AUTH_TAG_LEN: usize = 32;

/// SHA-256's block size: HMAC pads shorter keys to it and hashes longer ones.
const BLOCK_LEN: usize = 64;

/// A cluster's shared secret, ready to tag and verify frames.
///
/// Built from the raw secret bytes, of any length: ember nodes key HMAC with
/// the password's bytes directly. The key is kept as HMAC's keyed state (the
/// inner and outer hash after the padded key), so that a tag costs only the
/// compressions of the message and two more; the state, and every copy of it
/// made to compute a tag, is zeroized on drop, and `Debug` does not print it.
///
/// ```
/// use swimwire::AuthKey;
///
/// let key = AuthKey::new(b"correct horse battery staple");
/// assert_eq!(format!("{key:?}"), "AuthKey { .. }");
///
/// // RFC 4231, test case 2.
/// let jefe = AuthKey::new(b"Jefe");
/// assert_eq!(
///     hex::encode(jefe.tag(b"what do ya want for nothing?")),
///     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
/// );
/// ```
#[derive(Clone)]
pub struct AuthKey {
    /// HMAC's block-level state: what `Hmac` wraps, without the block
    /// buffer that `Hmac` would copy and wipe with it for every tag.
    core: HmacCore<Sha256>,
}

impl AuthKey {
    /// The key for the secret `secret`, used as raw bytes.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn new(secret: &[u8]) -> Self {
        let mut block = [0u8; BLOCK_LEN];
        if secret.len() > BLOCK_LEN {
            let mut digest: [u8; 32] = Sha256::digest(secret).into();
            copy_prefix(&mut block, &digest);
            digest.zeroize();
        } else {
            copy_prefix(&mut block, secret);
        }
        // A block-sized key is used as it is: no second hashing or padding.
        let core = <HmacCore<Sha256> as KeyInit>::new(&block.into());
        block.zeroize();
        Self { core }
    }

    /// HMAC-SHA256 of `message` under this key.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn tag(&self, message: &[u8]) -> [u8; AUTH_TAG_LEN] {
        let mut core = self.core.clone();
        // Whole blocks are hashed where they are; the buffer takes the rest.
        let mut buffer = Buffer::<HmacCore<Sha256>>::default();
        buffer.digest_blocks(message, |blocks| core.update_blocks(blocks));
        let mut tag = Default::default();
        core.finalize_fixed_core(&mut buffer, &mut tag);
        tag.into()
    }

    /// Checks the tag that ends `frame` and returns the payload before it.
    ///
    /// The tag is compared in constant time, and nothing of the payload is
    /// looked at. Decode the payload with any [`Decoder`] afterwards, e.g.
    /// [`Decoder::decode_with_trailing`]; its error offsets are offsets in
    /// `frame` too, as the payload starts the frame.
    ///
    /// # Errors
    /// [`ErrorKind::BadAuthTag`] at offset 0 if `frame` is shorter than
    /// [`AUTH_TAG_LEN`] or its tag is wrong.
    #[cfg_attr(proven, no_panic::no_panic)]
    // Always inlined: out of line, LLVM does not find out in time that it
    // cannot unwind, and no-panic objects in its callers.
    #[inline(always)]
    pub fn verify<'a>(&self, frame: &'a [u8]) -> Result<&'a [u8], DecodeError> {
        let bad = DecodeError::new(ErrorKind::BadAuthTag, 0);
        let (payload, tag) = frame.split_last_chunk::<AUTH_TAG_LEN>().ok_or(bad)?;
        let mut expected = self.tag(payload);
        let good = bool::from(expected.as_slice().ct_eq(tag.as_slice()));
        // The right tag for a forged payload is what a forger wants.
        expected.zeroize();
        if good { Ok(payload) } else { Err(bad) }
    }
}

/// Copies `source` to the start of `block`; `source` is never longer.
fn copy_prefix(block: &mut [u8; BLOCK_LEN], source: &[u8]) {
    for (to, from) in block.iter_mut().zip(source) {
        *to = *from;
    }
}

impl fmt::Debug for AuthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthKey").finish_non_exhaustive()
    }
}

/// Wipes the key. A wiped key is the key of the empty secret.
impl Zeroize for AuthKey {
    fn zeroize(&mut self) {
        // The state replaced is wiped as it drops.
        *self = Self::new(&[]);
    }
}

/// The keyed state is wiped on drop: its two SHA-256 states wipe themselves
/// (`sha2`'s `zeroize` feature), as does the block buffer of each tag
/// (`hmac`'s).
impl ZeroizeOnDrop for AuthKey {}

/// Checks the tag of one authenticated frame, then validates its payload in
/// the strict profile with the default collection limit.
///
/// # Errors
/// [`ErrorKind::BadAuthTag`] at offset 0 if the frame is shorter than
/// [`AUTH_TAG_LEN`] or its tag is wrong; otherwise the payload's first
/// problem, at its offset in the frame (SPEC §4).
///
/// ```
/// use swimwire::{AuthKey, ErrorKind, Message, Uuid};
///
/// let key = AuthKey::new(b"cluster secret");
/// let me = Uuid::from_u128(1);
/// let join = Message::Join { sender: &me, sender_addr: "10.0.0.1:7946".parse()? };
///
/// let mut frame = [0u8; 256];
/// let len = join.encode_authenticated_into(&key, &mut frame)?;
/// assert_eq!(len, join.encoded_len() + swimwire::AUTH_TAG_LEN);
/// assert_eq!(swimwire::decode_authenticated(&frame[..len], &key)?, join);
///
/// let other = AuthKey::new(b"another secret");
/// let err = swimwire::decode_authenticated(&frame[..len], &other).unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (ErrorKind::BadAuthTag, 0));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[cfg_attr(proven, no_panic::no_panic)]
#[inline]
pub fn decode_authenticated<'a>(
    frame: &'a [u8],
    key: &AuthKey,
) -> Result<Message<'a>, DecodeError> {
    // The payload is decoded by the function `decode` calls, out of line, so
    // that its frame and the tag's are not on the stack together (684 B of
    // stack on thumbv7m at opt-level `s` rather than 820 B; `budgets.py`).
    decoder::decode_default(key.verify(frame)?)
}

impl Decoder {
    /// Checks the tag of one authenticated frame (see [`AuthKey::verify`]),
    /// then validates its payload with this decoder's profile and limit.
    ///
    /// # Errors
    /// As [`decode_authenticated`]. In the lenient profile, bytes between
    /// the message and the tag are not an error.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn decode_authenticated<'a>(
        &self,
        frame: &'a [u8],
        key: &AuthKey,
    ) -> Result<Message<'a>, DecodeError> {
        self.decode(key.verify(frame)?)
    }
}

impl Encoder {
    /// Encodes `message` at the start of `out` followed by its tag under
    /// `key`, and returns the frame's length: the message's
    /// [`encoded_len`](Message::encoded_len) plus [`AUTH_TAG_LEN`].
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into), with the tag counted in the
    /// size needed. Either way `out` is left as it was.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn encode_authenticated_into(
        &self,
        message: &Message<'_>,
        key: &AuthKey,
        out: &mut [u8],
    ) -> Result<usize, EncodeError> {
        let available = out.len();
        let room = available.saturating_sub(AUTH_TAG_LEN);
        let len = self
            .encode_into(message, out.get_mut(..room).unwrap_or_default())
            .map_err(|error| match error {
                // Too small for the payload is too small for the frame.
                EncodeError::OutputTooSmall { needed, .. } => EncodeError::OutputTooSmall {
                    needed: needed.saturating_add(AUTH_TAG_LEN),
                    available,
                },
                error => error,
            })?;
        let needed = len.saturating_add(AUTH_TAG_LEN);
        // The payload is written, and the tag fits after it.
        match out
            .get_mut(..needed)
            .and_then(<[u8]>::split_last_chunk_mut::<AUTH_TAG_LEN>)
        {
            Some((payload, tag)) => {
                *tag = key.tag(payload);
                Ok(needed)
            }
            None => Err(EncodeError::OutputTooSmall { needed, available }),
        }
    }
}

impl Message<'_> {
    /// Encodes this message with the default limit (see [`Encoder`]) at the
    /// start of `out`, followed by its tag under `key`, and returns the
    /// frame's length.
    ///
    /// # Errors
    /// As [`encode_into`](Self::encode_into), with [`AUTH_TAG_LEN`] more
    /// bytes needed. Either way `out` is left as it was.
    #[cfg_attr(proven, no_panic::no_panic)]
    // Kept out of line: inlined into a caller, LLVM does not find out in
    // time that the encoder it calls cannot unwind, and no-panic objects.
    #[inline(never)]
    pub fn encode_authenticated_into(
        &self,
        key: &AuthKey,
        out: &mut [u8],
    ) -> Result<usize, EncodeError> {
        Encoder::new().encode_authenticated_into(self, key, out)
    }
}

/// Builds an authenticated Ping or Ack in place: a [`Piggyback`] that keeps
/// [`AUTH_TAG_LEN`] bytes of its budget for the tag, which
/// [`finish`](Self::finish) appends over exactly the message's bytes.
///
/// ```
/// use swimwire::{AuthKey, AuthenticatedPiggyback, Message, Update, Uuid};
///
/// let key = AuthKey::new(b"cluster secret");
/// let me = Uuid::from_u128(1);
/// let nodes: Vec<Uuid> = (0..100).map(Uuid::from_u128).collect();
/// let updates = nodes.iter().map(|node| Update::Left { node });
///
/// let mut datagram = [0u8; 1472];
/// let mut ping = AuthenticatedPiggyback::ping(&mut datagram, 1472, 7, &me, &key)?;
/// let taken = ping.push_all(updates);
/// let len = ping.finish();
///
/// assert_eq!(taken, (1472 - 27 - 32) / 17); // 83 Left updates of 17 bytes
/// let Message::Ping { updates: sent, .. } =
///     swimwire::decode_authenticated(&datagram[..len], &key)? else { panic!() };
/// assert_eq!(sent.len(), taken);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct AuthenticatedPiggyback<'o, 'k> {
    builder: Piggyback<'o>,
    key: &'k AuthKey,
}

impl<'o, 'k> AuthenticatedPiggyback<'o, 'k> {
    /// Starts a Ping in `out`, using at most `budget` bytes of it, tag
    /// included.
    ///
    /// # Errors
    /// [`EncodeError::OutputTooSmall`] if the 27-byte header and the tag do
    /// not fit.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn ping(
        out: &'o mut [u8],
        budget: usize,
        seq: u64,
        sender: &Uuid,
        key: &'k AuthKey,
    ) -> Result<Self, EncodeError> {
        Self::start(message_tag::PING, out, budget, seq, sender, key)
    }

    /// Starts an Ack in `out`, using at most `budget` bytes of it, tag
    /// included.
    ///
    /// # Errors
    /// [`EncodeError::OutputTooSmall`] if the 27-byte header and the tag do
    /// not fit.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn ack(
        out: &'o mut [u8],
        budget: usize,
        seq: u64,
        sender: &Uuid,
        key: &'k AuthKey,
    ) -> Result<Self, EncodeError> {
        Self::start(message_tag::ACK, out, budget, seq, sender, key)
    }

    fn start(
        tag: u8,
        out: &'o mut [u8],
        budget: usize,
        seq: u64,
        sender: &Uuid,
        key: &'k AuthKey,
    ) -> Result<Self, EncodeError> {
        let builder = Piggyback::start(tag, out, budget, seq, sender, AUTH_TAG_LEN)?;
        Ok(Self { builder, key })
    }

    /// The same builder enforcing another encoder's collection limit.
    #[must_use]
    pub fn with_encoder(self, encoder: Encoder) -> Self {
        Self {
            builder: self.builder.with_encoder(encoder),
            ..self
        }
    }

    /// Adds `update` if it fits in the budget, next to the tag, and under
    /// the limit.
    ///
    /// # Errors
    /// As [`Piggyback::push`]. Nothing is written then.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn push(&mut self, update: &Update<'_>) -> Result<(), EncodeError> {
        self.builder.push(update)
    }

    /// Pushes updates in order until one is refused, and returns how many
    /// went in: the first `n` of `updates`.
    pub fn push_all<'u>(&mut self, updates: impl IntoIterator<Item = Update<'u>>) -> usize {
        self.builder.push_all(updates)
    }

    /// Bytes of the frame so far: the message and the tag to come.
    pub fn len(&self) -> usize {
        self.builder.len().saturating_add(AUTH_TAG_LEN)
    }

    /// Whether no update was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.builder.is_empty()
    }

    /// Updates pushed so far.
    pub fn count(&self) -> usize {
        self.builder.count()
    }

    /// Bytes of budget left for updates.
    pub fn remaining(&self) -> usize {
        self.builder.remaining()
    }

    /// Appends the tag over the message and returns the frame's length in
    /// the output.
    #[cfg_attr(proven, no_panic::no_panic)]
    pub fn finish(self) -> usize {
        let (out, len) = self.builder.finish_in();
        let end = len.saturating_add(AUTH_TAG_LEN);
        // Always there: the builder kept the tag's bytes free. Were they
        // not, an empty frame is safer than an untagged one.
        let Some((message, tag)) = out
            .get_mut(..end)
            .and_then(<[u8]>::split_last_chunk_mut::<AUTH_TAG_LEN>)
        else {
            return 0;
        };
        *tag = self.key.tag(message);
        end
    }
}

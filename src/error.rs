//! What can go wrong when decoding or encoding.

use core::fmt;

/// The kind of problem that made [`decode`](crate::decode) reject its input
/// (SPEC §4).
///
/// `Debug` prints the variant name (`Truncated`); `Display` and
/// [`ErrorKind::as_str`] print the SPEC's snake_case name (`truncated`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A field or record does not fit in what is left of the input.
    Truncated,
    /// The message tag is not one of 1–6.
    UnknownMessageType,
    /// An update tag is not one of 1–8.
    UnknownUpdateType,
    /// An address family byte is neither 4 nor 6.
    UnknownAddressFamily,
    /// A list count is above the decoder's collection limit.
    CountOverLimit,
    /// A slot range has `start > end` or `end >= 16384`.
    InvalidSlotRange,
    /// A `bool` byte is neither 0 nor 1 (strict profile).
    InvalidBool,
    /// Bytes are left over after the message (strict profile).
    TrailingBytes,
    /// The authentication tag is missing or wrong.
    BadAuthTag,
}

impl ErrorKind {
    /// The SPEC's snake_case name of this kind, as used in JSON.
    ///
    /// ```
    /// assert_eq!(swimwire::ErrorKind::CountOverLimit.as_str(), "count_over_limit");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Truncated => "truncated",
            Self::UnknownMessageType => "unknown_message_type",
            Self::UnknownUpdateType => "unknown_update_type",
            Self::UnknownAddressFamily => "unknown_address_family",
            Self::CountOverLimit => "count_over_limit",
            Self::InvalidSlotRange => "invalid_slot_range",
            Self::InvalidBool => "invalid_bool",
            Self::TrailingBytes => "trailing_bytes",
            Self::BadAuthTag => "bad_auth_tag",
        }
    }

    /// A sentence for people saying what this kind means.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Truncated => "input ends inside a field or record",
            Self::UnknownMessageType => "unknown message type tag",
            Self::UnknownUpdateType => "unknown update type tag",
            Self::UnknownAddressFamily => "address family is neither 4 nor 6",
            Self::CountOverLimit => "list count is above the collection limit",
            Self::InvalidSlotRange => "slot range has start > end or end >= 16384",
            Self::InvalidBool => "bool byte is neither 0 nor 1",
            Self::TrailingBytes => "bytes left over after the message",
            Self::BadAuthTag => "authentication tag is missing or wrong",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why input was rejected: the first problem met reading front to back, and
/// the byte offset where it is (SPEC §4).
///
/// ```
/// use swimwire::ErrorKind;
///
/// let err = swimwire::decode(&[0x01]).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Truncated);
/// assert_eq!(err.offset(), 1);
/// assert_eq!(err.to_string(), "truncated at byte 1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeError {
    kind: ErrorKind,
    offset: usize,
}

impl DecodeError {
    /// An error of `kind` at byte `offset` of the input.
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What went wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Where in the input it went wrong (see the table in SPEC §4).
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for DecodeError {}

/// Why a message could not be encoded. The output is left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeError {
    /// The output (or the piggyback budget) has fewer bytes than needed.
    OutputTooSmall {
        /// Bytes the message, or the next update, needs.
        needed: usize,
        /// Bytes that were available.
        available: usize,
    },
    /// A list has more items than the encoder's collection limit allows.
    TooManyItems {
        /// Items in the list.
        count: usize,
        /// The collection limit.
        limit: u16,
    },
    /// A slot range the decoder would reject (`start > end` or `end >= 16384`).
    InvalidSlotRange {
        /// First slot.
        start: u16,
        /// Last slot.
        end: u16,
    },
    /// An IPv6 address with a flow label or scope id, which the wire cannot carry.
    UnrepresentableAddress,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::OutputTooSmall { needed, available } => {
                write!(
                    f,
                    "output too small: {needed} bytes needed, {available} available"
                )
            }
            Self::TooManyItems { count, limit } => {
                write!(f, "list of {count} items is over the limit of {limit}")
            }
            Self::InvalidSlotRange { start, end } => {
                write!(f, "invalid slot range {start}..={end}")
            }
            Self::UnrepresentableAddress => {
                f.write_str("IPv6 flow label and scope id cannot be encoded")
            }
        }
    }
}

impl core::error::Error for EncodeError {}

/// One step of a [`Location`]: a field of a message, update or member, by
/// its name in the JSON of SPEC §8, or an item of a list, by its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A field, e.g. `updates` or `addr`.
    Field(&'static str),
    /// An item of a list, from 0.
    Index(usize),
}

/// Where in a message an encoder found a problem: a path of fields and list
/// indices from the message down, printed as in `jq` (`.updates[2].addr`).
/// The empty path is the message itself (e.g. the output is too small).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The path, innermost step last, in `segments[..len]`.
    segments: [Segment; Location::DEPTH as usize],
    len: u8,
}

impl Location {
    /// The deepest path a message has: `.members[i].slots[j]`.
    const DEPTH: u8 = 4;

    /// The message itself.
    pub const fn root() -> Self {
        Self {
            segments: [Segment::Index(0); Self::DEPTH as usize],
            len: 0,
        }
    }

    /// The steps of the path, outermost first.
    pub fn segments(&self) -> &[Segment] {
        self.segments
            .get(..usize::from(self.len))
            .unwrap_or_default()
    }

    /// Whether this is the message itself.
    pub const fn is_root(&self) -> bool {
        self.len == 0
    }

    /// This path, one step further out: `step` goes in front.
    #[must_use]
    fn within(self, step: Segment) -> Self {
        let mut segments = [step; Self::DEPTH as usize];
        for (to, from) in segments.iter_mut().skip(1).zip(self.segments()) {
            *to = *from;
        }
        Self {
            segments,
            len: self.len.saturating_add(1).min(Self::DEPTH),
        }
    }
}

impl Default for Location {
    fn default() -> Self {
        Self::root()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in self.segments() {
            match segment {
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// An [`EncodeError`] and the [`Location`] in the message of what caused it.
///
/// [`Encoder::check_located`](crate::Encoder::check_located) returns it;
/// the encoding functions return only its [`error`](Self::error).
///
/// ```
/// use swimwire::{Encoder, Message, SlotRange, Update, Uuid};
///
/// let node = Uuid::from_u128(1);
/// let bad = [SlotRange::new(9, 1)];
/// let updates = [
///     Update::Left { node: &node },
///     Update::SlotsChanged { node: &node, incarnation: 1, slots: bad[..].into() },
/// ];
/// let ping = Message::Ping { seq: 1, sender: &node, updates: updates[..].into() };
///
/// let err = Encoder::new().check_located(&ping).unwrap_err();
/// assert_eq!(err.location().to_string(), ".updates[1].slots[0]");
/// assert_eq!(err.to_string(), ".updates[1].slots[0]: invalid slot range 9..=1");
/// assert_eq!(ping.encode_into(&mut [0; 64]), Err(err.error()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LocatedEncodeError {
    error: EncodeError,
    location: Location,
}

impl LocatedEncodeError {
    /// `error`, found at `location`.
    pub const fn new(error: EncodeError, location: Location) -> Self {
        Self { error, location }
    }

    /// What is wrong.
    pub const fn error(&self) -> EncodeError {
        self.error
    }

    /// Where it is.
    pub const fn location(&self) -> &Location {
        &self.location
    }

    /// The same error, in field `name` of what contains it.
    #[must_use]
    pub(crate) fn in_field(self, name: &'static str) -> Self {
        self.within(Segment::Field(name))
    }

    /// The same error, in item `index` of the list that contains it.
    #[must_use]
    pub(crate) fn at_index(self, index: usize) -> Self {
        self.within(Segment::Index(index))
    }

    fn within(self, step: Segment) -> Self {
        Self {
            location: self.location.within(step),
            ..self
        }
    }
}

/// An error of the message as a whole, or of what is being checked.
impl From<EncodeError> for LocatedEncodeError {
    fn from(error: EncodeError) -> Self {
        Self::new(error, Location::root())
    }
}

impl From<LocatedEncodeError> for EncodeError {
    fn from(located: LocatedEncodeError) -> Self {
        located.error
    }
}

impl fmt::Display for LocatedEncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_root() {
            write!(f, "{}", self.error)
        } else {
            write!(f, "{}: {}", self.location, self.error)
        }
    }
}

impl core::error::Error for LocatedEncodeError {}

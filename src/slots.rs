//! Slot ranges (SPEC §1) and lists of them: the range's layout, its
//! validation, read and write.

use core::convert::Infallible;

use zerocopy::little_endian::U16;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::encoder::{Encoder, Problem};
use crate::error::{DecodeError, EncodeError, ErrorKind};
use crate::list::{Item, List, ListIter};
use crate::reader::Source;
use crate::wire::layout;
use crate::writer::Writer;

/// The number of hash slots in a cluster; valid slots are `0..SLOT_COUNT`.
pub const SLOT_COUNT: u16 = 16384;

/// An inclusive range of hash slots, `start..=end`.
///
/// Any two `u16`s can be put in one, so that values can be built freely; the
/// encoder rejects a range that is not [valid](SlotRange::is_valid), and the
/// decoder never yields one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SlotRange {
    /// First slot of the range.
    pub start: u16,
    /// Last slot of the range (inclusive).
    pub end: u16,
}

impl SlotRange {
    /// The range `start..=end`, whether valid or not.
    pub const fn new(start: u16, end: u16) -> Self {
        Self { start, end }
    }

    /// Whether the wire format allows this range: `start <= end < 16384`.
    ///
    /// ```
    /// use swimwire::SlotRange;
    /// assert!(SlotRange::new(0, 16383).is_valid());
    /// assert!(!SlotRange::new(5, 4).is_valid());
    /// assert!(!SlotRange::new(0, 16384).is_valid());
    /// ```
    pub const fn is_valid(&self) -> bool {
        self.start <= self.end && self.end < SLOT_COUNT
    }
}

/// One slot range on the wire: `start`, `end`.
#[derive(FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct WireRange {
    start: U16,
    end: U16,
}
layout!(WireRange: start, end);

impl From<&WireRange> for SlotRange {
    #[inline]
    fn from(raw: &WireRange) -> Self {
        Self::new(raw.start.get(), raw.end.get())
    }
}

impl<'a> Item<'a> for SlotRange {
    // Ranges hold no `bool`: validated bytes are canonical in any profile.
    const CANONICAL_WHEN_LENIENT: bool = true;

    #[inline]
    fn read<S: Source<'a>>(s: &mut S) -> Result<Self, S::Error> {
        s.record::<WireRange>().map(Self::from)
    }

    #[inline(always)]
    fn encoded_len(&self) -> usize {
        size_of::<WireRange>()
    }

    #[inline(always)]
    fn measure<P: Problem>(&self, _: &Encoder) -> Result<usize, P> {
        if self.is_valid() {
            return Ok(self.encoded_len());
        }
        Err(P::new(EncodeError::InvalidSlotRange {
            start: self.start,
            end: self.end,
        }))
    }

    #[inline(always)]
    fn write(&self, w: &mut Writer<'_>) {
        w.record(WireRange::from(self));
    }

    /// Their size, without looking at them.
    #[inline(always)]
    fn values_len(items: &[Self]) -> usize {
        items.len().saturating_mul(size_of::<WireRange>())
    }

    /// All ranges checked, and their size. Short lists, as members and
    /// SlotsChanged updates hold, are checked one by one: setting up the
    /// blocks of eight would cost more (`welcome_64_members` encodes in 5%
    /// fewer instructions so). The split is here rather than in [`all`],
    /// which the decoder shares: there it makes `ping_1024_left` validate
    /// in 17% more instructions.
    #[inline(always)]
    fn measure_values<P: Problem>(items: &[Self], encoder: &Encoder) -> Result<usize, P> {
        let valid = match items.len() {
            ..BLOCK => items.iter().all(SlotRange::is_valid),
            _ => all(items, SlotRange::is_valid),
        };
        if valid {
            return Ok(Self::values_len(items));
        }
        let at = items.iter().position(|range| !range.is_valid());
        let range = at.and_then(|at| items.get(at)).copied().unwrap_or_default();
        match range.measure::<P>(encoder) {
            Err(error) => Err(error.at_index(at.unwrap_or_default())),
            Ok(_) => Ok(0),
        }
    }

    /// Long lists written after one length check; short ones, as members
    /// and SlotsChanged updates hold, range by range, as setting up the
    /// copy of many would cost more (`welcome_64_members` encodes in 5%
    /// fewer instructions so).
    #[inline(always)]
    fn write_values(items: &[Self], w: &mut Writer<'_>) {
        if items.len() < BLOCK {
            for range in items {
                range.write(w);
            }
            return;
        }
        let out = w.reserve(items.len().saturating_mul(size_of::<WireRange>()));
        let (chunks, _) = out.as_chunks_mut::<4>();
        for (chunk, range) in chunks.iter_mut().zip(items) {
            let [start, end] = [range.start.to_le_bytes(), range.end.to_le_bytes()];
            *chunk = [start[0], start[1], end[0], end[1]];
        }
    }
}

impl From<&SlotRange> for WireRange {
    #[inline]
    fn from(range: &SlotRange) -> Self {
        Self {
            start: range.start.into(),
            end: range.end.into(),
        }
    }
}

/// A list of slot ranges: either borrowed from decoded bytes or from a slice
/// of values.
///
/// ```
/// use swimwire::{SlotRange, Slots};
///
/// let ranges = [SlotRange::new(0, 99), SlotRange::new(200, 299)];
/// let slots = Slots::from(&ranges[..]);
/// assert_eq!(slots.len(), 2);
/// assert_eq!(slots.iter().map(|r| r.end - r.start + 1).sum::<u16>(), 200);
/// ```
pub type Slots<'a> = List<'a, SlotRange, Infallible>;

/// Iterator over the ranges of [`Slots`].
pub type SlotsIter<'a> = ListIter<'a, SlotRange, Infallible>;

impl<'a> Slots<'a> {
    /// Reads a count and that many ranges.
    #[inline(always)]
    pub(crate) fn read<S: Source<'a>>(s: &mut S) -> Result<Self, S::Error> {
        let count = s.count()?;
        Self::read_ranges(s, count)
    }

    /// Reads `count` ranges, whose count was read already.
    #[inline(always)]
    pub(crate) fn read_ranges<S: Source<'a>>(s: &mut S, count: u16) -> Result<Self, S::Error> {
        Ok(Self::wire(s.ranges(count)?, count, s.decoder()))
    }

    /// Writes the ranges without their count.
    #[inline]
    pub(crate) fn write_ranges(&self, w: &mut Writer<'_>) {
        self.write_items(w);
    }
}

/// The bytes of one slot range on the wire, as the decoder checks them.
pub(crate) type RangeBytes = [u8; size_of::<WireRange>()];

/// Whether every range is valid.
#[inline]
pub(crate) fn all_valid(ranges: &[RangeBytes]) -> bool {
    all(ranges, |raw| SlotRange::from(raw).is_valid())
}

/// How many ranges [`all`] checks at once: lists of fewer are checked, and
/// written, one range at a time.
const BLOCK: usize = 8;

/// Whether `valid` holds for every item. Blocks of eight are checked without
/// an exit in between, so that they run on vectors; the rest one by one.
/// Bare-metal targets have no vectors and little flash, so there a plain
/// loop, which takes less flash than the blocks in each list of ranges;
/// inlined everywhere, as a call would add its frame to the deepest point
/// of decoding's stack.
#[inline(always)]
fn all<T>(items: &[T], valid: impl Fn(&T) -> bool) -> bool {
    if cfg!(target_os = "none") {
        return items.iter().all(valid);
    }
    let (blocks, rest) = items.as_chunks::<BLOCK>();
    blocks
        .iter()
        .all(|block| block.iter().fold(true, |all, item| all & valid(item)))
        && rest.iter().all(valid)
}

impl From<&RangeBytes> for SlotRange {
    #[inline]
    fn from(&[start_lo, start_hi, end_lo, end_hi]: &RangeBytes) -> Self {
        Self::new(
            u16::from_le_bytes([start_lo, start_hi]),
            u16::from_le_bytes([end_lo, end_hi]),
        )
    }
}

/// The error for the first invalid range of `ranges`, which start `left`
/// bytes before the end of the input (a [`Reader`](crate::reader::Reader)
/// error).
#[cold]
#[inline(never)]
pub(crate) fn first_invalid(ranges: &[RangeBytes], left: usize) -> DecodeError {
    let bad = ranges
        .iter()
        .position(|raw| !SlotRange::from(raw).is_valid())
        .unwrap_or_default();
    let at = left.saturating_sub(bad.saturating_mul(size_of::<WireRange>()));
    DecodeError::new(ErrorKind::InvalidSlotRange, at)
}

/// The error for slot ranges that the input, of which `rest` is left, cuts
/// short: the first invalid one of those that are there, or else where
/// they stop (a [`Reader`](crate::reader::Reader) error).
#[cold]
#[inline(never)]
pub(crate) fn cut_ranges(rest: &[u8]) -> DecodeError {
    let (present, partial) = rest.as_chunks();
    if !all_valid(present) {
        return first_invalid(present, rest.len());
    }
    DecodeError::new(ErrorKind::Truncated, partial.len())
}

/// JSON and other self-describing formats: a `[start, end]` pair, and only a
/// valid one is accepted.
#[cfg(feature = "serde")]
mod serde_impls {
    use super::SlotRange;

    impl serde::Serialize for SlotRange {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serde::Serialize::serialize(&(self.start, self.end), serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for SlotRange {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let (start, end) = <(u16, u16) as serde::Deserialize>::deserialize(deserializer)?;
            let range = Self::new(start, end);
            if !range.is_valid() {
                return Err(serde::de::Error::custom(format_args!(
                    "invalid slot range [{start}, {end}]: need start <= end < 16384"
                )));
            }
            Ok(range)
        }
    }
}

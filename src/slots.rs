//! Slot ranges and lists of them.

use core::fmt;

use zerocopy::little_endian::U16;

use crate::list::list_traits;
use crate::reader::{take, take_slice};
use crate::wire;

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

impl From<&wire::SlotRange> for SlotRange {
    #[inline]
    fn from(raw: &wire::SlotRange) -> Self {
        Self::new(raw.start.get(), raw.end.get())
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
#[derive(Clone, Copy)]
pub struct Slots<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    /// Validated ranges in place in the input.
    Wire(&'a [wire::SlotRange]),
    Values(&'a [SlotRange]),
}

impl<'a> Slots<'a> {
    /// Validated ranges in the decoded input.
    pub(crate) const fn wire(ranges: &'a [wire::SlotRange]) -> Self {
        Self(Repr::Wire(ranges))
    }

    /// Reads a count and that many ranges from the front of `bytes`, which
    /// the decoder validated; `None` only if it did not.
    #[inline]
    pub(crate) fn read(bytes: &mut &'a [u8]) -> Option<Self> {
        let count = take::<U16>(bytes)?.get();
        take_slice(bytes, usize::from(count)).map(Self::wire)
    }

    /// The ranges in place in the input, if this list was decoded.
    pub(crate) const fn as_wire(&self) -> Option<&'a [wire::SlotRange]> {
        match self.0 {
            Repr::Wire(ranges) => Some(ranges),
            Repr::Values(_) => None,
        }
    }

    /// An empty list.
    pub const fn empty() -> Self {
        Self(Repr::Values(&[]))
    }

    /// The number of ranges.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn len(&self) -> usize {
        match self.0 {
            Repr::Wire(ranges) => ranges.len(),
            Repr::Values(ranges) => ranges.len(),
        }
    }

    /// Whether there are no ranges.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ranges, in wire order.
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    #[inline]
    pub fn iter(&self) -> SlotsIter<'a> {
        SlotsIter(match self.0 {
            Repr::Wire(ranges) => IterRepr::Wire(ranges.iter()),
            Repr::Values(ranges) => IterRepr::Values(ranges.iter()),
        })
    }
}

list_traits!(Slots, SlotsIter, SlotRange);

/// Iterator over the ranges of [`Slots`].
#[derive(Clone, Debug)]
pub struct SlotsIter<'a>(IterRepr<'a>);

#[derive(Clone)]
enum IterRepr<'a> {
    Wire(core::slice::Iter<'a, wire::SlotRange>),
    Values(core::slice::Iter<'a, SlotRange>),
}

impl fmt::Debug for IterRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SlotsIter")
    }
}

impl Iterator for SlotsIter<'_> {
    type Item = SlotRange;

    #[inline]
    #[cfg_attr(all(feature = "no-panic", not(debug_assertions)), no_panic::no_panic)]
    fn next(&mut self) -> Option<SlotRange> {
        match &mut self.0 {
            IterRepr::Wire(ranges) => ranges.next().map(SlotRange::from),
            IterRepr::Values(ranges) => ranges.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Wire(ranges) => ranges.size_hint(),
            IterRepr::Values(ranges) => ranges.size_hint(),
        }
    }
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

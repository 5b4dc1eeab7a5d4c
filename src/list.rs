//! The one list implementation behind [`Updates`](crate::Updates),
//! [`Members`](crate::Members) and [`Slots`](crate::Slots): validated input
//! bytes read lazily, a slice of values, or a slice of owned items; its
//! iterator; and the list's part of decoding and encoding (the count, then
//! the items).

use core::convert::Infallible;
use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::slice;

use crate::decoder::{Decoder, Profile};
use crate::encoder::{Encoder, Problem};
use crate::reader::{Reader, Source, Validated};
use crate::writer::Writer;

/// What the codec knows about one kind of list item: how it is read,
/// checked, measured and written. Implemented beside each item's layout;
/// not implementable outside the crate (the trait cannot be named there).
pub trait Item<'a>: Copy {
    /// Whether validated bytes of this item are canonical (their own
    /// encoding) also when the lenient profile accepted them.
    const CANONICAL_WHEN_LENIENT: bool = false;

    /// Reads one item from the front of `s`.
    #[doc(hidden)]
    fn read<S: Source<'a>>(s: &mut S) -> Result<Self, S::Error>;

    /// Bytes of its encoding.
    #[doc(hidden)]
    fn encoded_len(&self) -> usize;

    /// Checks that `encoder` can write it, and gives its
    /// [`encoded_len`](Self::encoded_len); the location is within the item.
    #[doc(hidden)]
    fn measure<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P>;

    /// Writes it into the bytes it was measured to need.
    #[doc(hidden)]
    fn write(&self, w: &mut Writer<'_>);

    /// Checks and measures a slice of values: a loop over `measure`, out of
    /// line, which slot ranges replace with a faster one and updates with
    /// the same loop inlined.
    #[doc(hidden)]
    #[inline(always)]
    fn measure_values<P: Problem>(items: &[Self], encoder: &Encoder) -> Result<usize, P> {
        measure_each(items, encoder)
    }

    /// Bytes of a slice of values: a loop over `encoded_len`, which
    /// fixed-size items replace with a product.
    #[doc(hidden)]
    #[inline(always)]
    fn values_len(items: &[Self]) -> usize {
        items
            .iter()
            .fold(0usize, |len, item| len.saturating_add(item.encoded_len()))
    }

    /// A copy of a value of a slice, as the list's iterator hands it out:
    /// items that hold an address rebuild it (`wire::copy_addr`).
    #[doc(hidden)]
    #[inline(always)]
    fn copy(&self) -> Self {
        *self
    }

    /// Does `each` to `first`, the next value of a slice, and to any of
    /// the values after it in `rest` that it takes from there: the step of
    /// the encoder's passes over a slice of values. One value; updates take
    /// the run of updates of `first`'s kind, to look at the kind once a run.
    #[doc(hidden)]
    #[inline(always)]
    fn each_run<'i, E: Each<'i, Self>>(
        first: &'i Self,
        _rest: &mut slice::Iter<'i, Self>,
        each: &mut E,
    ) -> Result<(), E::Error>
    where
        Self: 'i,
    {
        each.each(first)
    }

    /// Writes a slice of values: a loop over `write`, out of line, which
    /// fixed-size items replace with a faster one.
    #[doc(hidden)]
    #[inline(always)]
    fn write_values(items: &[Self], w: &mut Writer<'_>) {
        // An empty list: no call.
        if !items.is_empty() {
            *w = write_each(items, w.take());
        }
    }
}

/// What an encoder's pass does to each value of a slice: checks and
/// measures it, or writes it ([`Writer`]). A trait rather than a closure,
/// so that each call is inlined where the pass loops, and specialised there
/// to what the loop knows of the value.
pub trait Each<'i, T> {
    /// Why it can fail.
    type Error;
    /// Does it to `item`.
    fn each(&mut self, item: &'i T) -> Result<(), Self::Error>;
}

/// Does `each` to every value of `items`, in order, run by run (see
/// [`Item::each_run`]), and stops at the first it fails on, with that
/// value's index.
#[inline(always)]
fn each_value<'i, 'a, T: Item<'a>, E: Each<'i, T>>(
    items: &'i [T],
    each: &mut E,
) -> Result<(), (E::Error, usize)> {
    let mut rest = items.iter();
    while let Some(first) = rest.next() {
        if let Err(error) = T::each_run(first, &mut rest, each) {
            // `rest` is past the value that failed.
            let at = items.len().saturating_sub(rest.len()).saturating_sub(1);
            return Err((error, at));
        }
    }
    Ok(())
}

/// Checks and measures values, and sums their lengths.
///
/// The sum needs no overflow check: it is of at most 65,535 items (the
/// count was checked against the limit) of at most 46 + 4 × 65,535 bytes
/// each once checked (a member with as many slot ranges as the limit
/// allows), under 2^36, which a `u64` holds on any target.
struct Measure<'e, P> {
    encoder: &'e Encoder,
    len: u64,
    problem: PhantomData<P>,
}

impl<'i, 'a, T: Item<'a>, P: Problem> Each<'i, T> for Measure<'_, P> {
    type Error = P;
    #[inline(always)]
    fn each(&mut self, item: &'i T) -> Result<(), P> {
        let len = item.measure::<P>(self.encoder)?;
        self.len = self
            .len
            .wrapping_add(u64::try_from(len).unwrap_or(u64::MAX));
        Ok(())
    }
}

impl<'i, 'a, T: Item<'a>> Each<'i, T> for Writer<'_> {
    type Error = Infallible;
    #[inline(always)]
    fn each(&mut self, item: &'i T) -> Result<(), Infallible> {
        item.write(self);
        Ok(())
    }
}

/// An owned item that lends out a view of itself.
pub trait View<'a, T> {
    /// The view.
    #[doc(hidden)]
    fn view(&'a self) -> T;
}

/// Lists without owned items.
impl<T> View<'_, T> for Infallible {
    fn view(&self) -> T {
        match *self {}
    }
}

/// A list view: validated input bytes read lazily, or a slice of values to
/// encode (`T`), or of owned items (`O`, feature `alloc`).
///
/// Use it through its names [`Updates`](crate::Updates),
/// [`Members`](crate::Members) and [`Slots`](crate::Slots). Iterating a
/// decoded list cannot fail: [`decode`](crate::decode) validated every item
/// before returning it.
pub struct List<'a, T, O> {
    repr: Repr<'a, T, O>,
}

enum Repr<'a, T, O> {
    /// `count` items in `bytes`, validated by `decoder`.
    Wire {
        bytes: &'a [u8],
        count: u16,
        decoder: Decoder,
    },
    Values(&'a [T]),
    // Only built with feature `alloc`; without it, `O` has no values.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    Owned(&'a [O]),
}

impl<T, O> Clone for Repr<'_, T, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, O> Copy for Repr<'_, T, O> {}

impl<T, O> Clone for List<'_, T, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, O> Copy for List<'_, T, O> {}

impl<'a, T, O> List<'a, T, O> {
    /// `count` items in `bytes`, validated by `decoder`.
    pub(crate) const fn wire(bytes: &'a [u8], count: u16, decoder: Decoder) -> Self {
        Self {
            repr: Repr::Wire {
                bytes,
                count,
                decoder,
            },
        }
    }

    /// Owned items.
    #[cfg(feature = "alloc")]
    pub(crate) const fn owned(items: &'a [O]) -> Self {
        Self {
            repr: Repr::Owned(items),
        }
    }

    /// The validated input bytes and the decoder that validated them, if this
    /// list was decoded.
    #[inline]
    pub(crate) const fn as_wire(&self) -> Option<(&'a [u8], Decoder)> {
        match self.repr {
            Repr::Wire { bytes, decoder, .. } => Some((bytes, decoder)),
            _ => None,
        }
    }

    /// An empty list.
    pub const fn empty() -> Self {
        Self {
            repr: Repr::Values(&[]),
        }
    }

    /// The number of items.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn len(&self) -> usize {
        match self.repr {
            Repr::Wire { count, .. } => usize::from(count),
            Repr::Values(items) => items.len(),
            Repr::Owned(items) => items.len(),
        }
    }

    /// Whether there are no items.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items, in wire order.
    #[cfg_attr(proven, no_panic::no_panic)]
    #[inline]
    pub fn iter(&self) -> ListIter<'a, T, O> {
        ListIter {
            repr: match self.repr {
                Repr::Wire {
                    bytes,
                    count,
                    decoder,
                } => IterRepr::Wire {
                    bytes: Validated::new(bytes, decoder),
                    remaining: count,
                },
                Repr::Values(items) => IterRepr::Values(items.iter()),
                Repr::Owned(items) => IterRepr::Owned(items.iter()),
            },
        }
    }
}

impl<'a, T: Item<'a>, O: View<'a, T>> List<'a, T, O> {
    /// Reads a count and validates that many items after it.
    #[inline(always)]
    pub(crate) fn decode(r: &mut Reader<'a>) -> Result<Self, crate::DecodeError> {
        let count = r.count()?;
        let start = *r;
        // Counted down: one test an item, where `0..count` takes two.
        let mut left = count;
        while left != 0 {
            T::read(r)?;
            left = left.wrapping_sub(1);
        }
        Ok(Self::wire(r.since(&start), count, r.decoder()))
    }

    /// Calls `f` on each item and its index, in wire order, until it fails.
    /// The encoder's loop: it walks a slice of values in place, and looks at
    /// the representation once rather than once an item.
    #[inline(always)]
    fn try_each<E>(&self, mut f: impl FnMut(usize, &T) -> Result<(), E>) -> Result<(), E> {
        // Counted by hand: `enumerate` would bring an overflow check.
        let mut index = 0usize;
        let mut each = |item: &T| {
            let at = index;
            index = index.saturating_add(1);
            f(at, item)
        };
        match self.repr {
            Repr::Wire { .. } => self.iter().try_for_each(|item| each(&item)),
            Repr::Values(items) => items.iter().try_for_each(each),
            Repr::Owned(items) => items.iter().try_for_each(|item| each(&item.view())),
        }
    }

    /// Bytes of the list's encoding, count included.
    #[inline(always)]
    pub(crate) fn encoded_len(&self) -> usize {
        size_of::<u16>().saturating_add(self.items_len())
    }

    /// Bytes of the items' encoding, count excluded.
    #[inline(always)]
    pub(crate) fn items_len(&self) -> usize {
        match self.repr {
            Repr::Wire { bytes, .. } => bytes.len(),
            Repr::Values(items) => T::values_len(items),
            Repr::Owned(_) => {
                let mut len = 0usize;
                let Ok(()) = self.try_each(|_, item| {
                    len = len.saturating_add(item.encoded_len());
                    Ok::<_, Infallible>(())
                });
                len
            }
        }
    }

    /// Checks that `encoder` can write the list, and measures it, count
    /// included.
    #[inline(always)]
    pub(crate) fn measure<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P> {
        Ok(size_of::<u16>().saturating_add(self.measure_items(encoder)?))
    }

    /// Checks that `encoder` can write the list, and measures its items,
    /// count excluded. A decoded list needs no item checks if its decoder
    /// allowed no more items in any nested list than `encoder` does; its
    /// length is that of its bytes.
    #[inline(always)]
    pub(crate) fn measure_items<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P> {
        match self.repr {
            // Its decoder allowed at most as many items as `encoder` does.
            Repr::Wire { bytes, decoder, .. } if encoder.trusts(decoder) => Ok(bytes.len()),
            Repr::Values(items) => {
                encoder.check_count::<P>(items.len())?;
                match items {
                    [] => Ok(0),
                    items => T::measure_values::<P>(items, encoder),
                }
            }
            _ => {
                encoder.check_count::<P>(self.len())?;
                self.measure_by_item(encoder)
            }
        }
    }

    /// Checks and measures the items one by one, out of line, so that the
    /// encoder's common paths do not carry this loop's registers.
    #[inline(never)]
    fn measure_by_item<P: Problem>(&self, encoder: &Encoder) -> Result<usize, P> {
        let mut len = 0usize;
        self.try_each(|i, item| {
            let item_len = item.measure::<P>(encoder).map_err(|e| e.at_index(i))?;
            len = len.saturating_add(item_len);
            Ok::<_, P>(())
        })?;
        Ok(len)
    }

    /// Writes the count and the items.
    #[inline(always)]
    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.count(self.len());
        self.write_items(w);
    }

    /// Writes the items. Strictly decoded bytes are canonical: they are their
    /// own encoding.
    #[inline(always)]
    pub(crate) fn write_items(&self, w: &mut Writer<'_>) {
        match self.as_wire() {
            Some((bytes, decoder))
                if decoder.profile() == Profile::Strict || T::CANONICAL_WHEN_LENIENT =>
            {
                w.bytes(bytes);
            }
            _ => match self.repr {
                Repr::Values(items) => T::write_values(items, w),
                _ => *w = self.write_by_item(w.take()),
            },
        }
    }

    /// Writes the items one by one into `out`, out of line, so that the
    /// encoder's common paths do not carry this loop's registers, and
    /// returns a writer after them.
    #[inline(never)]
    fn write_by_item<'o>(&self, out: &'o mut [u8]) -> Writer<'o> {
        let mut w = Writer::new(out);
        let Ok(()) = self.try_each(|_, item| {
            item.write(&mut w);
            Ok::<_, Infallible>(())
        });
        w
    }
}

/// Checks and measures a slice of values, out of line, so that the loop
/// has the registers to itself.
#[inline(never)]
fn measure_each<'a, T: Item<'a>, P: Problem>(items: &[T], encoder: &Encoder) -> Result<usize, P> {
    measure_all(items, encoder)
}

/// Checks and measures a slice of values, inlined where it is called:
/// [`measure_each`] is the same, out of line.
#[inline(always)]
pub(crate) fn measure_all<'a, T: Item<'a>, P: Problem>(
    items: &[T],
    encoder: &Encoder,
) -> Result<usize, P> {
    let mut measure = Measure {
        encoder,
        len: 0,
        problem: PhantomData::<P>,
    };
    each_value(items, &mut measure).map_err(|(error, at)| error.at_index(at))?;
    Ok(usize::try_from(measure.len).unwrap_or(usize::MAX))
}

/// Writes a slice of values into `out`, and returns a writer after them.
/// Out of line, so that the encoder's common paths do not carry this loop's
/// registers.
#[inline(never)]
fn write_each<'a, 'o, T: Item<'a>>(items: &[T], out: &'o mut [u8]) -> Writer<'o> {
    let mut w = Writer::new(out);
    let Ok(()) = each_value(items, &mut w);
    w
}

impl<'a, T, O> From<&'a [T]> for List<'a, T, O> {
    #[inline]
    fn from(items: &'a [T]) -> Self {
        Self {
            repr: Repr::Values(items),
        }
    }
}

impl<T, O> Default for List<'_, T, O> {
    fn default() -> Self {
        Self::empty()
    }
}

/// Compared by content: a decoded list equals the same items given as
/// values.
impl<'a, T: Item<'a> + PartialEq, O: View<'a, T>> PartialEq for List<'a, T, O> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a, T: Item<'a> + Eq, O: View<'a, T>> Eq for List<'a, T, O> {}

/// Printed as a list of its items.
impl<'a, T: Item<'a> + fmt::Debug, O: View<'a, T>> fmt::Debug for List<'a, T, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, T: Item<'a>, O: View<'a, T>> IntoIterator for List<'a, T, O> {
    type Item = T;
    type IntoIter = ListIter<'a, T, O>;
    #[inline]
    fn into_iter(self) -> ListIter<'a, T, O> {
        self.iter()
    }
}

impl<'a, T: Item<'a>, O: View<'a, T>> IntoIterator for &List<'a, T, O> {
    type Item = T;
    type IntoIter = ListIter<'a, T, O>;
    #[inline]
    fn into_iter(self) -> ListIter<'a, T, O> {
        self.iter()
    }
}

/// Iterator over a [`List`], by value.
pub struct ListIter<'a, T, O> {
    repr: IterRepr<'a, T, O>,
}

enum IterRepr<'a, T, O> {
    Wire {
        bytes: Validated<'a>,
        remaining: u16,
    },
    Values(slice::Iter<'a, T>),
    Owned(slice::Iter<'a, O>),
}

impl<T, O> Clone for ListIter<'_, T, O> {
    fn clone(&self) -> Self {
        Self {
            repr: match &self.repr {
                IterRepr::Wire { bytes, remaining } => IterRepr::Wire {
                    bytes: *bytes,
                    remaining: *remaining,
                },
                IterRepr::Values(items) => IterRepr::Values(items.clone()),
                IterRepr::Owned(items) => IterRepr::Owned(items.clone()),
            },
        }
    }
}

/// Says how many items are left, not what they are.
impl<'a, T: Item<'a>, O: View<'a, T>> fmt::Debug for ListIter<'a, T, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListIter")
            .field("remaining", &self.len())
            .finish()
    }
}

impl<'a, T: Item<'a>, O: View<'a, T>> Iterator for ListIter<'a, T, O> {
    type Item = T;

    #[inline]
    #[cfg_attr(proven, no_panic::no_panic)]
    fn next(&mut self) -> Option<T> {
        match &mut self.repr {
            IterRepr::Wire { bytes, remaining } => {
                // `bytes` hold exactly `remaining` items: the end of the
                // bytes is the end of the list.
                let item = T::read(bytes).ok()?;
                *remaining = remaining.saturating_sub(1);
                Some(item)
            }
            IterRepr::Values(items) => items.next().map(Item::copy),
            IterRepr::Owned(items) => items.next().map(View::view),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match &self.repr {
            IterRepr::Wire { remaining, .. } => usize::from(*remaining),
            IterRepr::Values(items) => items.len(),
            IterRepr::Owned(items) => items.len(),
        };
        (len, Some(len))
    }
}

impl<'a, T: Item<'a>, O: View<'a, T>> ExactSizeIterator for ListIter<'a, T, O> {}

impl<'a, T: Item<'a>, O: View<'a, T>> FusedIterator for ListIter<'a, T, O> {}

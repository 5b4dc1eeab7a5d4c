//! Reading records from the front of the input, in one of two ways.
//!
//! Each record is read by one function, generic over a [`Source`]: the
//! decoder runs it over a [`Reader`], which checks everything and says
//! where a problem is; a list view runs the same function over
//! [`Validated`] bytes, which that reader accepted already, so it only
//! keeps the reads in bounds.

use zerocopy::little_endian::U16;

use crate::decoder::{Decoder, Profile};
use crate::error::{DecodeError, ErrorKind};
use crate::slots;
use crate::wire::{self, ByFamily, Fields, Layout};

/// Where records are read from.
pub trait Source<'a>: Copy {
    /// What a read that fails says: where and why for the decoder, nothing
    /// for validated bytes.
    type Error;

    /// The byte `at` bytes ahead, if there is one.
    fn peek(&self, at: usize) -> Option<u8>;

    /// Whether a whole `T` is ahead.
    fn holds<T: Layout>(&self) -> bool;

    /// Reads a fixed-size record in place.
    fn record<T: Layout>(&mut self) -> Result<&'a T, Self::Error>;

    /// The error of a `T` that is not all there.
    fn short<T: Layout>(&self) -> Self::Error;

    /// Reads a list count, at most the collection limit.
    fn count(&mut self) -> Result<u16, Self::Error>;

    /// Reads `count` slot ranges, each valid, and returns their bytes.
    fn ranges(&mut self, count: u16) -> Result<&'a [u8], Self::Error>;

    /// The error of `kind` at `at` bytes ahead.
    fn error(&self, kind: ErrorKind, at: usize) -> Self::Error;

    /// The `bool` byte `byte`, found `back` bytes before the next byte to
    /// read: 0 or 1, or in the lenient profile any byte (non-zero is true).
    /// Errors about what was just read are located back from where the
    /// reading is, so no copy of the source from before is kept.
    fn bool(&self, byte: u8, back: usize) -> Result<bool, Self::Error>;

    /// The `bool` byte `byte`, at `at` in the `T` just read.
    #[inline(always)]
    fn bool_in<T>(&self, byte: u8, at: usize) -> Result<bool, Self::Error> {
        self.bool(byte, size_of::<T>().saturating_sub(at))
    }

    /// Checks that `count`, the two bytes just read, is within the limit.
    fn limit(&self, count: u16) -> Result<u16, Self::Error>;

    /// The decoder that checks (or checked) these bytes.
    fn decoder(&self) -> Decoder;

    /// The bytes read since `mark`, an earlier copy of this source.
    fn since(&self, mark: &Self) -> &'a [u8];

    /// Reads a record that holds an address, whose family byte is `at`
    /// bytes in: the layout of that family, with one length check. An
    /// unknown family is reported before a record cut short after it.
    #[inline]
    fn by_family<V4: Layout, V6: Layout>(
        &mut self,
        at: usize,
    ) -> Result<ByFamily<&'a V4, &'a V6>, Self::Error> {
        // Most records are whole and IPv4: one length check, then the family.
        if self.holds::<V4>() && self.peek(at) == Some(wire::family::V4) {
            return self.record().map(ByFamily::V4);
        }
        match self.peek(at) {
            Some(wire::family::V6) => self.record().map(ByFamily::V6),
            // Cut short, before the family byte or after: the IPv4 layout
            // reports where as well as any.
            Some(wire::family::V4) | None => Err(self.short::<V4>()),
            Some(_) => Err(self.error(ErrorKind::UnknownAddressFamily, at)),
        }
    }
}

/// Reads the input front to back for the decoder. Every read checks the
/// length first and fails with [`ErrorKind::Truncated`] at the start of the
/// first field that does not fit.
///
/// Its errors are placed by the bytes left from them to the end of the
/// input, which [`locate`] turns into offsets once the reading stops: the
/// reader needs to know only what is left, not where the input began.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    decoder: Decoder,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `input`, checking it as `decoder` does.
    pub(crate) const fn new(input: &'a [u8], decoder: Decoder) -> Self {
        Self {
            rest: input,
            decoder,
        }
    }

    /// The unread bytes.
    pub(crate) const fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The error of `kind` at `back` bytes before the next byte to read.
    #[inline]
    fn error_back(&self, kind: ErrorKind, back: usize) -> DecodeError {
        DecodeError::new(kind, self.rest.len().saturating_add(back))
    }
}

/// An error of a [`Reader`] over `input`, placed at its offset in `input`.
#[inline]
pub(crate) fn locate(error: DecodeError, input: &[u8]) -> DecodeError {
    DecodeError::new(error.kind(), input.len().saturating_sub(error.offset()))
}

impl<'a> Source<'a> for Reader<'a> {
    type Error = DecodeError;

    #[inline]
    fn peek(&self, at: usize) -> Option<u8> {
        self.rest.get(at).copied()
    }

    #[inline]
    fn holds<T: Layout>(&self) -> bool {
        self.rest.len() >= size_of::<T>()
    }

    #[inline]
    fn record<T: Layout>(&mut self) -> Result<&'a T, DecodeError> {
        match T::ref_from_prefix(self.rest) {
            Ok((record, rest)) => {
                self.rest = rest;
                Ok(record)
            }
            Err(_) => Err(self.short::<T>()),
        }
    }

    #[inline]
    fn short<T: Layout>(&self) -> DecodeError {
        let (kind, at) = cut_short(self.rest, self.decoder.profile(), T::FIELDS);
        self.error(kind, at)
    }

    #[inline]
    fn count(&mut self) -> Result<u16, DecodeError> {
        let count = self.record::<U16>()?.get();
        self.limit(count)
    }

    /// An invalid range is reported before a truncation that follows it.
    #[inline(always)]
    fn ranges(&mut self, count: u16) -> Result<&'a [u8], DecodeError> {
        match self.rest.split_at_checked(ranges_len(count)) {
            Some((bytes, rest)) => {
                let (ranges, _) = bytes.as_chunks();
                if !slots::all_valid(ranges) {
                    return Err(slots::first_invalid(ranges, self.rest.len()));
                }
                self.rest = rest;
                Ok(bytes)
            }
            None => Err(slots::cut_ranges(self.rest)),
        }
    }

    #[inline]
    fn error(&self, kind: ErrorKind, at: usize) -> DecodeError {
        DecodeError::new(kind, self.rest.len().saturating_sub(at))
    }

    #[inline]
    fn bool(&self, byte: u8, back: usize) -> Result<bool, DecodeError> {
        match (byte, self.decoder.profile()) {
            (0, _) => Ok(false),
            (1, _) | (_, Profile::Lenient) => Ok(true),
            (_, Profile::Strict) => Err(self.error_back(ErrorKind::InvalidBool, back)),
        }
    }

    #[inline]
    fn limit(&self, count: u16) -> Result<u16, DecodeError> {
        if count > self.decoder.max_collection() {
            return Err(self.error_back(ErrorKind::CountOverLimit, size_of::<U16>()));
        }
        Ok(count)
    }

    #[inline]
    fn decoder(&self) -> Decoder {
        self.decoder
    }

    #[inline]
    fn since(&self, mark: &Self) -> &'a [u8] {
        since(mark.rest, self.rest)
    }
}

/// The error for a record of `fields` that the input, `rest`, cuts short,
/// and where in `rest` it is: a wrong `bool` among the bytes that are there,
/// or else `truncated` at the first field that does not fit. One function
/// for every layout, out of line, as it runs only for input that is refused.
#[cold]
#[inline(never)]
fn cut_short(rest: &[u8], profile: Profile, fields: &Fields) -> (ErrorKind, usize) {
    let available = u32::try_from(rest.len()).unwrap_or(u32::MAX);
    // Bytes 0 to `available`, the first that is missing included.
    let upto = u64::MAX
        .checked_shr(63u32.saturating_sub(available))
        .unwrap_or_default();
    if profile == Profile::Strict {
        // The `bool`s, first to last; those the input cuts off are not
        // there to get.
        let mut bools = fields.bools;
        while bools != 0 {
            let at = usize::try_from(bools.trailing_zeros()).unwrap_or_default();
            if rest.get(at).is_some_and(|&byte| byte > 1) {
                return (ErrorKind::InvalidBool, at);
            }
            bools &= bools.wrapping_sub(1);
        }
    }
    let field = 63u32.saturating_sub((fields.starts & upto).leading_zeros());
    (
        ErrorKind::Truncated,
        usize::try_from(field).unwrap_or_default(),
    )
}

/// Bytes that a [`Reader`] accepted, read again by a view.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Validated<'a> {
    rest: &'a [u8],
    decoder: Decoder,
}

impl<'a> Validated<'a> {
    /// Bytes that `decoder` validated.
    pub(crate) const fn new(bytes: &'a [u8], decoder: Decoder) -> Self {
        Self {
            rest: bytes,
            decoder,
        }
    }
}

impl<'a> Source<'a> for Validated<'a> {
    /// Validated bytes always read, unless they have all been read.
    type Error = ();

    #[inline]
    fn peek(&self, at: usize) -> Option<u8> {
        self.rest.get(at).copied()
    }

    #[inline]
    fn holds<T: Layout>(&self) -> bool {
        self.rest.len() >= size_of::<T>()
    }

    #[inline]
    fn record<T: Layout>(&mut self) -> Result<&'a T, ()> {
        let (record, rest) = T::ref_from_prefix(self.rest).map_err(drop)?;
        self.rest = rest;
        Ok(record)
    }

    #[inline]
    fn short<T: Layout>(&self) {}

    #[inline]
    fn count(&mut self) -> Result<u16, ()> {
        self.record::<U16>().map(|count| count.get())
    }

    #[inline]
    fn ranges(&mut self, count: u16) -> Result<&'a [u8], ()> {
        let (bytes, rest) = self.rest.split_at_checked(ranges_len(count)).ok_or(())?;
        self.rest = rest;
        Ok(bytes)
    }

    #[inline]
    fn error(&self, _: ErrorKind, _: usize) {}

    #[inline]
    fn bool(&self, byte: u8, _: usize) -> Result<bool, ()> {
        Ok(byte != 0)
    }

    #[inline]
    fn limit(&self, count: u16) -> Result<u16, ()> {
        Ok(count)
    }

    #[inline]
    fn decoder(&self) -> Decoder {
        self.decoder
    }

    #[inline]
    fn since(&self, mark: &Self) -> &'a [u8] {
        since(mark.rest, self.rest)
    }
}

/// Bytes of `count` slot ranges.
#[inline]
fn ranges_len(count: u16) -> usize {
    usize::from(count).saturating_mul(size_of::<slots::WireRange>())
}

/// The bytes of `before` that `after`, a suffix of it, no longer holds.
#[inline]
fn since<'a>(before: &'a [u8], after: &[u8]) -> &'a [u8] {
    let read = before.len().saturating_sub(after.len());
    before.get(..read).unwrap_or_default()
}

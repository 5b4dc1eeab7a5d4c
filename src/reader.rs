//! Bounds-checked reads from the front of the input.
//!
//! Validation uses a [`Reader`], which knows its byte offset and says where
//! a problem is. Views re-read bytes that were validated already with the
//! plain functions below, which only keep the reads in bounds.

use core::net::SocketAddr;

use uuid::Uuid;
use zerocopy::{FromBytes, Immutable, KnownLayout, Unaligned};

use crate::decoder::Profile;
use crate::error::{DecodeError, ErrorKind};
use crate::wire::{self, Addr, Fields};

/// Reads a fixed-size record in place from the front of `bytes`.
#[inline]
pub(crate) fn take<'a, T>(bytes: &mut &'a [u8]) -> Option<&'a T>
where
    T: FromBytes + KnownLayout + Immutable + Unaligned,
{
    let (head, rest) = bytes.split_at_checked(size_of::<T>())?;
    // `head` has the size of `T`, and `T` has alignment 1: this cannot fail.
    let record = T::ref_from_bytes(head).ok()?;
    *bytes = rest;
    Some(record)
}

/// Reads a fixed-size record in place from the front of `bytes` if it is all
/// there and `accept` takes it; leaves `bytes` as they were if not.
#[inline]
pub(crate) fn take_if<'a, T>(bytes: &mut &'a [u8], accept: impl FnOnce(&T) -> bool) -> Option<&'a T>
where
    T: FromBytes + KnownLayout + Immutable + Unaligned,
{
    let mut rest = *bytes;
    let record = take::<T>(&mut rest).filter(|record| accept(record))?;
    *bytes = rest;
    Some(record)
}

/// Reads `count` fixed-size records in place from the front of `bytes`.
#[inline]
pub(crate) fn take_slice<'a, T>(bytes: &mut &'a [u8], count: usize) -> Option<&'a [T]>
where
    T: FromBytes + Immutable + Unaligned,
{
    let (records, rest) = <[T]>::ref_from_prefix_with_elems(bytes, count).ok()?;
    *bytes = rest;
    Some(records)
}

/// Reads the input front to back. Every read checks the length first and
/// fails with [`ErrorKind::Truncated`] at the start of the first field that
/// does not fit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    /// Where the input that `rest` is a suffix of ends, so that the offset of
    /// `rest` is `end - rest.len()`.
    end: usize,
}

impl<'a> Reader<'a> {
    /// A reader at offset 0 of `input`.
    pub(crate) const fn new(input: &'a [u8]) -> Self {
        Self {
            rest: input,
            end: input.len(),
        }
    }

    /// The offset of the next byte to read.
    pub(crate) const fn offset(&self) -> usize {
        self.end.saturating_sub(self.rest.len())
    }

    /// The unread bytes.
    pub(crate) const fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The bytes read since `mark`, an earlier copy of this reader.
    pub(crate) fn since(&self, mark: &Reader<'a>) -> &'a [u8] {
        let read = mark.rest.len().saturating_sub(self.rest.len());
        mark.rest.get(..read).unwrap_or_default()
    }

    /// An error of `kind` at the next byte to read. Callers keep a copy of
    /// the reader from before a read, rather than its offset, so that the
    /// offset is only worked out for an error.
    pub(crate) const fn error_here(&self, kind: ErrorKind) -> DecodeError {
        DecodeError::new(kind, self.offset())
    }

    /// Reads a fixed-size record in place.
    #[inline]
    pub(crate) fn record<T>(&mut self) -> Result<&'a T, DecodeError>
    where
        T: FromBytes + KnownLayout + Immutable + Unaligned + Fields,
    {
        take(&mut self.rest).ok_or_else(|| self.cut_short::<T>())
    }

    /// The error for a `T` that the input cuts short: `truncated` at the
    /// first of its fields that does not fit.
    #[cold]
    fn cut_short<T: Fields>(&self) -> DecodeError {
        let available = self.rest.len();
        let field = T::STARTS
            .iter()
            .copied()
            .filter(|&start| start <= available)
            .max()
            .unwrap_or_default();
        DecodeError::new(ErrorKind::Truncated, self.offset().saturating_add(field))
    }

    /// Reads a fixed-size record in place if it is all there and `accept`
    /// takes it, and otherwise reads nothing: a fast path for records that
    /// are usually whole and well formed. When it fails, the caller reads
    /// the same bytes field by field, which finds what is wrong and where.
    #[inline]
    pub(crate) fn whole<T>(&mut self, accept: impl FnOnce(&T) -> bool) -> Option<&'a T>
    where
        T: FromBytes + KnownLayout + Immutable + Unaligned,
    {
        take_if(&mut self.rest, accept)
    }

    /// Reads `count` fixed-size records in place.
    #[inline]
    pub(crate) fn records<T>(&mut self, count: usize) -> Result<&'a [T], DecodeError>
    where
        T: FromBytes + Immutable + Unaligned,
    {
        take_slice(&mut self.rest, count).ok_or_else(|| self.error_here(ErrorKind::Truncated))
    }

    /// Reads one byte.
    #[inline]
    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        self.record::<u8>().copied()
    }

    /// Reads a node id in place.
    #[inline]
    pub(crate) fn node_id(&mut self) -> Result<&'a Uuid, DecodeError> {
        self.record::<wire::NodeIdBytes>().map(Uuid::from_bytes_ref)
    }

    /// Reads a `bool`: 0 or 1, or in the lenient profile any byte (non-zero
    /// is true).
    #[inline]
    pub(crate) fn bool(&mut self, profile: Profile) -> Result<bool, DecodeError> {
        let at = *self;
        match (self.u8()?, profile) {
            (0, _) => Ok(false),
            (1, _) | (_, Profile::Lenient) => Ok(true),
            (_, Profile::Strict) => Err(at.error_here(ErrorKind::InvalidBool)),
        }
    }

    /// Reads an address: family byte, octets, port.
    #[inline]
    pub(crate) fn addr(&mut self) -> Result<SocketAddr, DecodeError> {
        let at = *self;
        match self.u8()? {
            wire::family::V4 => self.record::<wire::AddrV4>().map(Addr::get),
            wire::family::V6 => self.record::<wire::AddrV6>().map(Addr::get),
            _ => Err(at.error_here(ErrorKind::UnknownAddressFamily)),
        }
    }

    /// Reads a list count and checks it against `limit`.
    #[inline]
    pub(crate) fn count(&mut self, limit: u16) -> Result<u16, DecodeError> {
        let at = *self;
        let count = self.record::<zerocopy::little_endian::U16>()?.get();
        if count > limit {
            return Err(at.error_here(ErrorKind::CountOverLimit));
        }
        Ok(count)
    }
}

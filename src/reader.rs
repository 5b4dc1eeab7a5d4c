//! A bounds-checked cursor over the input that knows its byte offset.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use uuid::Uuid;
use zerocopy::{FromBytes, Immutable, KnownLayout, Unaligned};

use crate::decoder::Profile;
use crate::error::{DecodeError, ErrorKind};
use crate::wire::{self, NodeIdBytes};

/// Reads the input front to back. Every read checks the length first and
/// fails with [`ErrorKind::Truncated`] at the offset where the read started.
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

    /// An error of `kind` at the next byte to read.
    pub(crate) const fn error_here(&self, kind: ErrorKind) -> DecodeError {
        DecodeError::new(kind, self.offset())
    }

    /// Reads a fixed-size record in place.
    #[inline]
    pub(crate) fn record<T>(&mut self) -> Result<&'a T, DecodeError>
    where
        T: FromBytes + KnownLayout + Immutable + Unaligned,
    {
        match T::ref_from_prefix(self.rest) {
            Ok((record, rest)) => {
                self.rest = rest;
                Ok(record)
            }
            Err(_) => Err(self.error_here(ErrorKind::Truncated)),
        }
    }

    /// Reads `count` fixed-size records in place.
    #[inline]
    pub(crate) fn records<T>(&mut self, count: usize) -> Result<&'a [T], DecodeError>
    where
        T: FromBytes + Immutable + Unaligned,
    {
        match <[T]>::ref_from_prefix_with_elems(self.rest, count) {
            Ok((records, rest)) => {
                self.rest = rest;
                Ok(records)
            }
            Err(_) => Err(self.error_here(ErrorKind::Truncated)),
        }
    }

    /// Reads one byte.
    #[inline]
    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        match self.rest.split_first() {
            Some((&byte, rest)) => {
                self.rest = rest;
                Ok(byte)
            }
            None => Err(self.error_here(ErrorKind::Truncated)),
        }
    }

    /// Reads a little-endian `u64`.
    #[inline]
    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        self.record::<zerocopy::little_endian::U64>()
            .map(|value| value.get())
    }

    /// Reads a node id in place.
    #[inline]
    pub(crate) fn node_id(&mut self) -> Result<&'a Uuid, DecodeError> {
        self.record::<NodeIdBytes>().map(Uuid::from_bytes_ref)
    }

    /// Reads a `bool`: 0 or 1, or in the lenient profile any byte (non-zero
    /// is true).
    #[inline]
    pub(crate) fn bool(&mut self, profile: Profile) -> Result<bool, DecodeError> {
        let at = self.offset();
        match (self.u8()?, profile) {
            (0, _) => Ok(false),
            (1, _) | (_, Profile::Lenient) => Ok(true),
            (_, Profile::Strict) => Err(DecodeError::new(ErrorKind::InvalidBool, at)),
        }
    }

    /// Reads an address: family byte, octets, port.
    #[inline]
    pub(crate) fn addr(&mut self) -> Result<SocketAddr, DecodeError> {
        let at = self.offset();
        match self.u8()? {
            wire::family::V4 => {
                let raw = self.record::<wire::AddrV4>()?;
                Ok(SocketAddrV4::new(Ipv4Addr::from(raw.ip), raw.port.get()).into())
            }
            wire::family::V6 => {
                let raw = self.record::<wire::AddrV6>()?;
                Ok(SocketAddrV6::new(Ipv6Addr::from(raw.ip), raw.port.get(), 0, 0).into())
            }
            _ => Err(DecodeError::new(ErrorKind::UnknownAddressFamily, at)),
        }
    }

    /// Reads a list count and checks it against `limit`.
    #[inline]
    pub(crate) fn count(&mut self, limit: u16) -> Result<u16, DecodeError> {
        let at = self.offset();
        let count = self.record::<zerocopy::little_endian::U16>()?.get();
        if count > limit {
            return Err(DecodeError::new(ErrorKind::CountOverLimit, at));
        }
        Ok(count)
    }
}

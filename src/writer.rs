//! A bounds-checked cursor over an output buffer.

use core::net::SocketAddr;

use uuid::Uuid;

use crate::error::EncodeError;
use crate::wire;

/// Writes front to back into a buffer, failing rather than writing past its
/// end.
pub(crate) struct Writer<'o> {
    rest: &'o mut [u8],
}

impl<'o> Writer<'o> {
    pub(crate) fn new(out: &'o mut [u8]) -> Self {
        Self { rest: out }
    }

    #[inline]
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let available = self.rest.len();
        let too_small = EncodeError::OutputTooSmall {
            needed: bytes.len(),
            available,
        };
        let (head, tail) = core::mem::take(&mut self.rest)
            .split_at_mut_checked(bytes.len())
            .ok_or(too_small)?;
        head.copy_from_slice(bytes);
        self.rest = tail;
        Ok(())
    }

    #[inline]
    pub(crate) fn u8(&mut self, value: u8) -> Result<(), EncodeError> {
        self.put(&[value])
    }

    #[inline]
    pub(crate) fn u16(&mut self, value: u16) -> Result<(), EncodeError> {
        self.put(&value.to_le_bytes())
    }

    #[inline]
    pub(crate) fn u64(&mut self, value: u64) -> Result<(), EncodeError> {
        self.put(&value.to_le_bytes())
    }

    #[inline]
    pub(crate) fn bool(&mut self, value: bool) -> Result<(), EncodeError> {
        self.u8(u8::from(value))
    }

    #[inline]
    pub(crate) fn node_id(&mut self, id: &Uuid) -> Result<(), EncodeError> {
        self.put(id.as_bytes())
    }

    /// Writes family, octets and port. Flow label and scope id are checked to
    /// be zero by the encoder before anything is written.
    #[inline]
    pub(crate) fn addr(&mut self, addr: &SocketAddr) -> Result<(), EncodeError> {
        match addr {
            SocketAddr::V4(v4) => {
                self.u8(wire::family::V4)?;
                self.put(&v4.ip().octets())?;
                self.u16(v4.port())
            }
            SocketAddr::V6(v6) => {
                self.u8(wire::family::V6)?;
                self.put(&v6.ip().octets())?;
                self.u16(v6.port())
            }
        }
    }
}

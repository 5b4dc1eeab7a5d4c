//! A bounds-checked cursor over an output buffer.
//!
//! Records are written with one store each, and bytes with a loop rather
//! than `copy_from_slice`: neither has a length check the optimiser could
//! keep, so no build of the encoder links a panic.

use zerocopy::little_endian::U16;

use crate::error::EncodeError;
use crate::wire::Layout;

/// Writes front to back into a buffer, failing rather than writing past its
/// end.
pub struct Writer<'o> {
    rest: &'o mut [u8],
}

impl<'o> Writer<'o> {
    pub(crate) fn new(out: &'o mut [u8]) -> Self {
        Self { rest: out }
    }

    /// Writes a record.
    #[inline]
    pub(crate) fn record<T: Layout>(&mut self, record: T) -> Result<(), EncodeError> {
        let available = self.rest.len();
        let Ok((slot, rest)) = T::mut_from_prefix(core::mem::take(&mut self.rest)) else {
            return Err(too_small(size_of::<T>(), available));
        };
        *slot = record;
        self.rest = rest;
        Ok(())
    }

    /// Writes bytes.
    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let available = self.rest.len();
        let Some((head, rest)) = core::mem::take(&mut self.rest).split_at_mut_checked(bytes.len())
        else {
            return Err(too_small(bytes.len(), available));
        };
        for (to, from) in head.iter_mut().zip(bytes) {
            *to = *from;
        }
        self.rest = rest;
        Ok(())
    }

    /// Writes a list count; lengths were checked against the limit.
    #[inline]
    pub(crate) fn count(&mut self, len: usize) -> Result<(), EncodeError> {
        let count = self.checked_count(len)?;
        self.record(U16::new(count))
    }

    /// A list length as a wire count.
    #[inline]
    pub(crate) fn checked_count(&self, len: usize) -> Result<u16, EncodeError> {
        u16::try_from(len).map_err(|_| EncodeError::TooManyItems {
            count: len,
            limit: u16::MAX,
        })
    }
}

/// The error for `needed` bytes where `available` are left.
#[cold]
fn too_small(needed: usize, available: usize) -> EncodeError {
    EncodeError::OutputTooSmall { needed, available }
}

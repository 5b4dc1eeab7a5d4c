//! A bounds-checked cursor over an output buffer.
//!
//! Records are written with one store each, and bytes with a loop rather
//! than `copy_from_slice`: neither has a length check the optimiser could
//! keep, so no build of the encoder links a panic. (`copy_from_slice` into a
//! slice cut to the same length right before still links one at opt-level
//! `s`; `.ci/nostd-check` looks at `s`, `z` and `3`.)

use zerocopy::little_endian::U16;

use crate::error::EncodeError;
use crate::wire::Layout;

/// Writes front to back into a buffer, failing rather than writing past its
/// end.
pub struct Writer<'o> {
    out: &'o mut [u8],
    /// Bytes written so far.
    at: usize,
}

impl<'o> Writer<'o> {
    pub(crate) fn new(out: &'o mut [u8]) -> Self {
        Self { out, at: 0 }
    }

    /// Writes a record.
    #[inline(always)]
    pub(crate) fn record<T: Layout>(&mut self, record: T) -> Result<(), EncodeError> {
        let rest = self.out.get_mut(self.at..).unwrap_or_default();
        let available = rest.len();
        let Ok((slot, _)) = T::mut_from_prefix(rest) else {
            return Err(too_small(size_of::<T>(), available));
        };
        *slot = record;
        self.at = self.at.saturating_add(size_of::<T>());
        Ok(())
    }

    /// Writes bytes.
    #[inline(always)]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let rest = self.out.get_mut(self.at..).unwrap_or_default();
        let available = rest.len();
        let Some(head) = rest.get_mut(..bytes.len()) else {
            return Err(too_small(bytes.len(), available));
        };
        for (to, from) in head.iter_mut().zip(bytes) {
            *to = *from;
        }
        self.at = self.at.saturating_add(bytes.len());
        Ok(())
    }

    /// The next `len` bytes, to be written by the caller.
    #[inline(always)]
    pub(crate) fn reserve(&mut self, len: usize) -> Result<&mut [u8], EncodeError> {
        let rest = self.out.get_mut(self.at..).unwrap_or_default();
        let available = rest.len();
        let Some(head) = rest.get_mut(..len) else {
            return Err(too_small(len, available));
        };
        self.at = self.at.saturating_add(len);
        Ok(head)
    }

    /// Writes a list count; lengths were checked against the limit.
    #[inline(always)]
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

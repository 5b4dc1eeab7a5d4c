//! A cursor over an output buffer that was measured for what goes in it.
//!
//! The encoder measures a message, checks once that the output holds it,
//! and only then writes: the writes themselves cannot run out of room, so
//! they return nothing, and no `Result` is carried through the records'
//! loops. Should a write ever not fit, it writes nothing, and neither does
//! any after it.
//!
//! Records are written with one store each, and bytes with one memcpy
//! (zerocopy's `write_to_prefix`) rather than `copy_from_slice`: neither has
//! a length check the optimiser could keep, so no build of the encoder links
//! a panic. (`copy_from_slice` into a slice cut to the same length right
//! before still links one at opt-level `s`; `.ci/nostd-check` looks at `s`,
//! `z` and `3`.)

use core::mem;

use zerocopy::IntoBytes;
use zerocopy::little_endian::U16;

use crate::wire::Layout;

/// Fills in the room for a record (`&mut` its layout), given as a struct
/// literal of that layout, field by field. A record built aside and then
/// copied keeps its node ids on the stack on the way (`ping_1024_left`
/// encodes in two instructions an update more so).
macro_rules! fill {
    ($slot:expr, $layout:ident $(::<$arg:ty>)? { $($field:ident: $value:expr),+ $(,)? }) => {{
        // Never called: the literal names every field, so that a field left
        // out does not compile.
        let _every_field = || $layout $(::<$arg>)? { $($field: $value),+ };
        let slot: &mut $layout $(<$arg>)? = $slot;
        $(slot.$field = $value;)+
    }};
}
pub(crate) use fill;

/// Writes a record, given as a struct literal of its layout, field by field
/// into the room a [`Writer`] has for it (see [`fill!`]).
macro_rules! put {
    ($w:expr, $layout:ident $(::<$arg:ty>)? $fields:tt) => {
        $w.put(|slot| $crate::writer::fill!(slot, $layout $(::<$arg>)? $fields))
    };
}
pub(crate) use put;

/// Writes front to back into the bytes a message was measured to need.
pub struct Writer<'o> {
    /// What is left to write.
    rest: &'o mut [u8],
}

impl<'o> Writer<'o> {
    pub(crate) fn new(out: &'o mut [u8]) -> Self {
        Self { rest: out }
    }

    /// Writes a record.
    #[inline(always)]
    pub(crate) fn record<T: Layout>(&mut self, record: T) {
        self.put(|slot| *slot = record);
    }

    /// Writes a record of layout `T`, filled in by `fill` in its room.
    #[inline(always)]
    pub(crate) fn put<T: Layout>(&mut self, fill: impl FnOnce(&mut T)) {
        if let Ok((slot, rest)) = T::mut_from_prefix(mem::take(&mut self.rest)) {
            self.rest = rest;
            fill(slot);
        }
    }

    /// Writes bytes.
    #[inline(always)]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        // An empty list's bytes: no call to memcpy.
        if bytes.is_empty() {
            return;
        }
        let head = self.reserve(bytes.len());
        // A memcpy, through zerocopy's copy of a length it checked: a plain
        // `copy_from_slice` keeps its own check (and panic) at opt-level `s`.
        if bytes.write_to_prefix(head).is_err() {
            self.rest = &mut [];
        }
    }

    /// The next `len` bytes, to be written by the caller.
    #[inline(always)]
    pub(crate) fn reserve(&mut self, len: usize) -> &'o mut [u8] {
        match mem::take(&mut self.rest).split_at_mut_checked(len) {
            Some((head, rest)) => {
                self.rest = rest;
                head
            }
            None => &mut [],
        }
    }

    /// What is left to write, taken out of this writer.
    #[inline(always)]
    pub(crate) fn take(&mut self) -> &'o mut [u8] {
        mem::take(&mut self.rest)
    }

    /// Writes a list count, which was checked against the limit.
    #[inline(always)]
    pub(crate) fn count(&mut self, len: usize) {
        self.record(U16::new(u16::try_from(len).unwrap_or(u16::MAX)));
    }
}

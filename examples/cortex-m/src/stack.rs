//! Stack use of one call, measured by painting: fill the free stack with a
//! pattern, make the call, and find the lowest word it overwrote.

use core::hint::black_box;
use core::ptr;

/// What free stack is filled with.
const PAINT: u32 = 0x5AA5_C33C;

unsafe extern "C" {
    /// The lowest address the stack may grow to (cortex-m-rt's `link.x`).
    static _stack_end: u32;
}

/// Bytes of stack that `op(arg)` used, its own frame and those of everything
/// it called included.
///
/// `op` is called through an opaque function pointer, so that it cannot be
/// inlined into this frame and hide its use in it. Interrupts must not run
/// meanwhile (nothing here enables any).
#[inline(never)]
pub fn used<A>(op: fn(A) -> u32, arg: A) -> usize {
    let top = cortex_m::register::msp::read() as usize & !3;
    let bottom = ptr::addr_of!(_stack_end) as usize;
    // Everything below the stack pointer is free: nothing runs but this.
    let mut word = bottom;
    while word < top {
        // SAFETY: `bottom..top` is RAM between the end of the static data
        // and the stack pointer, which nothing uses until `op` is called.
        unsafe { ptr::write_volatile(word as *mut u32, PAINT) };
        word += 4;
    }
    black_box(black_box(op)(arg));
    let mut lowest = bottom;
    // SAFETY: as above; the words are read after `op` has returned.
    while lowest < top && unsafe { ptr::read_volatile(lowest as *const u32) } == PAINT {
        lowest += 4;
    }
    top - lowest
}

/// The most stack `op` used on any of `args`.
pub fn most<A: Copy>(op: fn(A) -> u32, args: impl IntoIterator<Item = A>) -> usize {
    args.into_iter().map(|arg| used(op, arg)).max().unwrap_or(0)
}

//! The baseline: start-up, stack painting and semihosting output, and no
//! swimwire. The other budget images are measured against it.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use swimwire_cortex_m::data::BENCH;
use swimwire_cortex_m::{report, stack};

fn nothing(input: &[u8]) -> u32 {
    input.len() as u32
}

#[entry]
fn main() -> ! {
    let inputs = BENCH.iter().map(|bench| bench.bytes);
    report::stack("nothing", stack::most(nothing, inputs));
    report::exit(true)
}

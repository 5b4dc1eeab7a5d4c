//! Decoding and walking every field: the smallest useful receiver.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use swimwire_cortex_m::{budget, report};

#[entry]
fn main() -> ! {
    report::exit(budget::decoding())
}

//! Decoding and walking, and encoding with `encode_into`, `encode` into a
//! `heapless::Vec` and `Piggyback`.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use swimwire_cortex_m::{budget, report};

#[entry]
fn main() -> ! {
    let mut out = [0u8; budget::OUT];
    let decoded = budget::decoding();
    report::exit(decoded & budget::encoding(&mut out))
}

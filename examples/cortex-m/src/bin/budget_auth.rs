//! Everything of `budget_encode`, and authenticated decoding and encoding.

#![no_std]
#![no_main]

use cortex_m_rt::entry;
use swimwire_cortex_m::{budget, report};

#[entry]
fn main() -> ! {
    let mut out = [0u8; budget::OUT];
    let decoded = budget::decoding();
    let encoded = budget::encoding(&mut out);
    report::exit(decoded & encoded & budget::authenticating(&mut out))
}
